//! The fault matrix: every injected fault (latency past the request timeout, 500, 503, 429 with
//! `Retry-After` in seconds and as an HTTP date, a dropped connection, a malformed body) against
//! `ocpctl backup now --wait`, `backup status` and `restore --wait`.
//!
//! What must hold: the exit code is the README's (a wait ends only by the task's end or its
//! deadline, never by one failed poll, whose failure is a warning line on stderr), and each
//! write reached the simulator exactly once.
//!
//! For the waits the faults are switched on by the first pause between polls, i.e. after the
//! write, and hit the next [`FAILED_POLLS`] requests; `--wait` pauses move the frozen simulator's
//! clock instead of sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ocp_backup_cli::{Env, Exit};
use ocp_backup_tests::ocpctl::{Out, admin_env, ocpctl};
use ocp_backup_tests::sim::{frozen_sim, requests_to};
use ocp_sim::{Faults, RetryAfterForm, SimHandle, Throttle};

/// Requests the faults hit once armed.
const FAILED_POLLS: u32 = 2;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    /// Slower than `--request-timeout`: the request times out.
    Latency,
    E500,
    E503,
    Throttled(RetryAfterForm),
    Dropped,
    Malformed,
}

const MATRIX: [Fault; 7] = [
    Fault::Latency,
    Fault::E500,
    Fault::E503,
    Fault::Throttled(RetryAfterForm::Seconds),
    Fault::Throttled(RetryAfterForm::HttpDate),
    Fault::Dropped,
    Fault::Malformed,
];

impl Fault {
    fn faults(self, requests: Option<u32>) -> Faults {
        let base = Faults {
            requests,
            ..Faults::default()
        };
        match self {
            Fault::Latency => Faults {
                latency: Duration::from_millis(1500),
                ..base
            },
            Fault::E500 | Fault::E503 => Faults {
                server_error_rate: 1.0,
                server_error_status: Some(if self == Fault::E500 { 500 } else { 503 }),
                ..base
            },
            Fault::Throttled(form) => Faults {
                throttle: Some(Throttle {
                    limit: 0,
                    window: Duration::from_secs(1),
                }),
                retry_after: Some(form),
                ..base
            },
            Fault::Dropped => Faults {
                drop_rate: 1.0,
                ..base
            },
            Fault::Malformed => Faults {
                malformed_rate: 1.0,
                ..base
            },
        }
    }

    /// Whether the client absorbs it by itself (reads answered 429/503 are retried inside the
    /// client), so `ocpctl` sees no failed poll.
    fn absorbed_by_the_client(self) -> bool {
        matches!(self, Fault::E503 | Fault::Throttled(_))
    }

    /// The exit of a command whose first read meets this fault once.
    fn single_read_exit(self) -> Exit {
        match self {
            Fault::Latency | Fault::Dropped => Exit::Connection,
            Fault::E500 | Fault::Malformed => Exit::Ocp,
            Fault::E503 | Fault::Throttled(_) => Exit::Ok,
        }
    }
}

/// The admin's environment whose first pause arms `faults` (hitting the next requests).
fn arming_env(sim: &Arc<SimHandle>, faults: Faults) -> Env {
    let (clock, armed) = (sim.clone(), Arc::new(AtomicBool::new(false)));
    admin_env(sim).with_pause(move |d| {
        clock.advance(d);
        if !armed.swap(true, Ordering::SeqCst) {
            clock.set_faults(faults.clone());
        }
    })
}

const BACKUP: [&str; 11] = [
    "--request-timeout",
    "1s",
    "backup",
    "now",
    "--tenant",
    "trade",
    "--wait",
    "--poll-interval",
    "30s",
    "--timeout",
    "2h",
];

const RESTORE: [&str; 16] = [
    "--request-timeout",
    "1s",
    "restore",
    "--from",
    "trade",
    "--to-cluster",
    "ob_test_431",
    "--tenant-name",
    "trade_drill",
    "--at",
    "latest",
    "--wait",
    "--poll-interval",
    "20s",
    "--timeout",
    "6h",
];

fn assert_survived(fault: Fault, out: &Out) {
    assert_eq!(out.exit, Exit::Ok, "{fault:?}: {out:?}");
    if !fault.absorbed_by_the_client() {
        let warnings = out
            .stderr
            .lines()
            .filter(|l| l.starts_with("warning: poll"))
            .count();
        assert!(
            warnings >= 1,
            "{fault:?}: a warning line per failed poll: {out:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_now_wait_survives_every_fault_and_backs_up_once() {
    for fault in MATRIX {
        let sim = frozen_sim().await;
        let env = arming_env(&sim, fault.faults(Some(FAILED_POLLS)));
        let out = ocpctl(env, &BACKUP).await;
        assert_survived(fault, &out);
        assert_eq!(out.json()["status"], "DONE", "{fault:?}: {out:?}");
        assert_eq!(
            requests_to(&sim, "POST", "/backup/backupNow"),
            1,
            "{fault:?}: the write exactly once"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_wait_survives_every_fault_and_restores_once() {
    for fault in MATRIX {
        let sim = frozen_sim().await;
        let env = arming_env(&sim, fault.faults(Some(FAILED_POLLS)));
        let out = ocpctl(env, &RESTORE).await;
        assert_survived(fault, &out);
        assert_eq!(
            out.json()["status"],
            "RESTORE_SUCCESS",
            "{fault:?}: {out:?}"
        );
        assert_eq!(
            requests_to(&sim, "POST", "/backup/restore"),
            1,
            "{fault:?}: the write exactly once"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wait_that_never_gets_an_answer_ends_at_its_deadline() {
    for fault in [Fault::E500, Fault::Dropped, Fault::Malformed] {
        let sim = frozen_sim().await;
        let env = arming_env(&sim, fault.faults(None));
        let mut args = BACKUP;
        args[10] = "10m";
        let out = ocpctl(env, &args).await;
        assert_eq!(out.exit, Exit::TimedOut, "{fault:?}: {out:?}");
        assert!(out.stderr.contains("goes on in OCP"), "{out:?}");
        assert!(
            out.stderr.contains("the last poll failed"),
            "{fault:?}: {out:?}"
        );
        assert_eq!(requests_to(&sim, "POST", "/backup/backupNow"), 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_status_exits_as_the_readme_says() {
    for fault in MATRIX {
        let sim = frozen_sim().await;
        sim.set_faults(fault.faults(Some(1)));
        let out = ocpctl(
            admin_env(&sim),
            &[
                "--request-timeout",
                "1s",
                "backup",
                "status",
                "--max-age",
                "26h",
                "--tenant",
                "trade",
            ],
        )
        .await;
        assert_eq!(out.exit, fault.single_read_exit(), "{fault:?}: {out:?}");
        if out.exit == Exit::Ok {
            assert_eq!(out.json()["ok"], true, "{fault:?}: {out:?}");
        }
    }
    // 503 on every try: the client's retries run out, OCP's answer is the error.
    let sim = frozen_sim().await;
    sim.set_faults(Fault::E503.faults(None));
    let out = ocpctl(
        admin_env(&sim),
        &["backup", "status", "--max-age", "26h", "--tenant", "trade"],
    )
    .await;
    assert_eq!(out.exit, Exit::Ocp, "{out:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_longer_than_the_deadline_fails_at_once_with_its_reset_time() {
    for form in [RetryAfterForm::Seconds, RetryAfterForm::HttpDate] {
        let sim = frozen_sim().await;
        sim.set_faults(Faults {
            throttle: Some(Throttle {
                limit: 0,
                window: Duration::from_secs(3600),
            }),
            retry_after: Some(form),
            ..Faults::default()
        });
        let started = std::time::Instant::now();
        let out = ocpctl(
            admin_env(&sim),
            &["backup", "status", "--max-age", "26h", "--tenant", "trade"],
        )
        .await;
        assert_eq!(out.exit, Exit::Ocp, "{form:?}: {out:?}");
        assert!(
            out.stderr.contains("HTTP 429") && out.stderr.contains("retry after"),
            "{form:?}: the reset time in the message: {out:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(5), "no waiting");
        let throttled = sim.world(|w| w.request_log().iter().filter(|r| r.status == 429).count());
        assert_eq!(throttled, 1, "{form:?}: no request spent inside the window");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_longer_than_max_backoff_is_waited_out_within_the_deadline() {
    use ocp_api::{ClientConfig, Credentials, ResultExt, RetryPolicy};
    // The server's window (2 s) is past the client's max backoff (100 ms): one wait of the
    // whole window, then success, instead of retries inside it that spend quota.
    let sim = frozen_sim().await;
    let client = ClientConfig::new(sim.base_url())
        .credentials(Credentials::basic(
            ocp_sim::DEFAULT_ADMIN_USER,
            ocp_sim::DEFAULT_ADMIN_PASSWORD,
        ))
        .read_retry(RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(50),
            max_backoff: Duration::from_millis(100),
        })
        .build()
        .unwrap();
    let throttled =
        |sim: &SimHandle| sim.world(|w| w.request_log().iter().filter(|r| r.status == 429).count());
    for form in [RetryAfterForm::Seconds, RetryAfterForm::HttpDate] {
        sim.set_faults(Faults {
            throttle: Some(Throttle {
                limit: 0,
                window: Duration::from_secs(2),
            }),
            retry_after: Some(form),
            requests: Some(1),
            ..Faults::default()
        });
        let before = throttled(&sim);
        let started = std::time::Instant::now();
        client
            .list_clusters()
            .send()
            .await
            .ocp()
            .expect("answered after the window");
        assert!(
            started.elapsed() >= Duration::from_millis(1500),
            "{form:?}: waited it out"
        );
        assert_eq!(
            throttled(&sim) - before,
            1,
            "{form:?}: no retry inside the window"
        );
    }

    // Past the caller's deadline: the answer comes back at once, naming the reset time.
    sim.set_faults(Faults {
        throttle: Some(Throttle {
            limit: 0,
            window: Duration::from_secs(5),
        }),
        retry_after: Some(RetryAfterForm::HttpDate),
        ..Faults::default()
    });
    let started = std::time::Instant::now();
    let err = client
        .with_deadline(std::time::Instant::now() + Duration::from_secs(1))
        .list_clusters()
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1), "no waiting");
    assert_eq!(err.status(), Some(429));
    assert!(err.to_string().contains("retry after"), "{err}");
}
