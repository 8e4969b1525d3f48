//! `ocpctl` against the simulator: the task-level commands, the generated operations, exit
//! codes, JSON output, and that no secret is printed, even with `--verbose`.
//!
//! Commands run in-process through `ocp_backup_cli::run` with their own environment and
//! streams, so tests run side by side. `--wait` never sleeps here: either the simulator's clock
//! is frozen and the command's pause between polls advances it (deterministic), or the
//! simulator runs fast (`speed`) and the poll interval is a few milliseconds.

use std::sync::Arc;
use std::time::Duration;

use ocp_backup_tests::body::{backup_now_json, storage_config, storage_json, strategy_json_with};
use ocp_backup_tests::ocpctl::{Out, admin_env, ocpctl, ocpctl_io, temp_dir, temp_file};
use ocp_backup_tests::sim::{frozen_sim, requests_to};
use ocp_backup_tests::world::*;

use ocp_api::enums::TenantStatus;
use ocp_api::{ClientConfig, Credentials, ResultExt};
use ocp_backup_cli::{Env, Exit};
use ocp_sim::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER,
    Faults, SimConfig, SimHandle, Throttle,
};
use serde_json::json;

/// The admin's environment where `--wait` pauses move the frozen simulator's clock.
fn frozen_env(sim: &Arc<SimHandle>) -> Env {
    let clock = sim.clone();
    admin_env(sim).with_pause(move |d| clock.advance(d))
}

fn posts_to(sim: &SimHandle, suffix: &str) -> usize {
    requests_to(sim, "POST", suffix)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_now_waits_for_the_backup_without_sleeping() {
    let sim = frozen_sim().await;
    let out = ocpctl(
        frozen_env(&sim),
        &[
            "backup",
            "now",
            "--tenant",
            "trade",
            "--wait",
            "--poll-interval",
            "30s",
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    let result = out.json();
    assert_eq!(result["status"], "DONE", "{out:?}");
    assert_eq!(result["taskStatus"], "SUCCESSFUL");
    assert_eq!(result["cluster"], "ob_prod_hz");
    assert_eq!(result["tenantId"], 1_000_012);
    assert_eq!(result["dataBackupMode"], "FULL_BACKUP");
    assert!(result["backupSetId"].as_i64().is_some(), "{out:?}");
    // A progress line per state on stderr (not a terminal: one line per change).
    for state in ["BEGINNING", "DOING", "DONE"] {
        assert!(
            out.stderr
                .lines()
                .any(|l| l.starts_with("backup ob_prod_hz/trade:")
                    && l.contains("backup set")
                    && l.contains(state)),
            "{state} not in the progress: {out:?}"
        );
    }
    // Simulated time moved by the polls only; the backup was started once.
    assert!(sim.now() > ocp_sim::test_start() + chrono::TimeDelta::minutes(4));
    assert_eq!(
        posts_to(&sim, &format!("/tenants/{TRADE}/backup/backupNow")),
        1
    );
    // Storage and method come from the tenant's strategy.
    let body = sim.world(|w| {
        w.request_log()
            .into_iter()
            .find(|r| r.method == "POST")
            .and_then(|r| r.body)
            .unwrap()
    });
    assert_eq!(body["backupMode"], "PHYSICAL_BACKUP");
    assert!(
        body["obBackupServiceStorageConfig"]["storageId"]
            .as_i64()
            .is_some(),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_now_against_a_fast_simulator() {
    // Real time and real sleeps, but a simulated minute takes 25 ms.
    let sim = ocp_sim::spawn(SimConfig {
        speed: 2400.0,
        ..SimConfig::for_tests()
    })
    .await
    .unwrap();
    let out = ocpctl(
        admin_env(&sim),
        &[
            "backup",
            "now",
            "--tenant",
            "iot_metrics",
            "--cluster",
            "ob_prod_hz",
            "--incremental",
            "--wait",
            "--poll-interval",
            "20ms",
            "--timeout",
            "1m",
        ],
    )
    .await;
    assert!(matches!(out.exit, Exit::Ok | Exit::Failed), "{out:?}");
    let result = out.json();
    assert_eq!(result["dataBackupMode"], "INCREMENTAL_BACKUP");
    assert!(
        matches!(result["status"].as_str(), Some("DONE" | "FAILED")),
        "{out:?}"
    );
    assert_eq!(
        posts_to(&sim, &format!("/tenants/{IOT}/backup/backupNow")),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_backup_exits_4_with_ocps_reason() {
    let sim = frozen_sim().await;
    // Manual backups fail now and then (drawn from the seed): run until one does.
    let mut failed = None;
    for _ in 0..60 {
        let out = ocpctl(
            frozen_env(&sim),
            &[
                "backup",
                "now",
                "--tenant",
                "trade",
                "--wait",
                "--poll-interval",
                "1m",
            ],
        )
        .await;
        match out.exit {
            Exit::Ok => continue,
            Exit::Failed => {
                failed = Some(out);
                break;
            }
            _ => panic!("{out:?}"),
        }
    }
    let out = failed.expect("one of 60 manual backups fails (10% each)");
    assert_eq!(out.json()["status"], "FAILED", "{out:?}");
    assert_eq!(out.json()["taskStatus"], "FAILED", "{out:?}");
    let msg = out.json()["errorMsg"].as_str().unwrap().to_owned();
    assert!(
        out.stderr.contains("the backup of ob_prod_hz/trade failed") && out.stderr.contains(&msg),
        "{out:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_now_without_wait_and_its_timeout() {
    let sim = frozen_sim().await;
    let out = ocpctl(admin_env(&sim), &["backup", "now", "--tenant", "trade"]).await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    assert_eq!(out.json()["status"], "STARTED");
    let task = out.json()["taskInstanceId"].as_i64().expect("a task ID");
    assert!(sim.world(|w| w.task_instance(task)).is_some());

    // A full backup takes minutes: a 2-minute --timeout gives up with 5, the backup goes on.
    let out = ocpctl(
        frozen_env(&sim),
        &[
            "backup",
            "now",
            "--cluster",
            "ob_core_bj",
            "--wait",
            "--poll-interval",
            "30s",
            "--timeout",
            "2m",
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::TimedOut, "{out:?}");
    assert!(out.stderr.contains("gave up waiting after 2m"), "{out:?}");
    assert_eq!(
        posts_to(&sim, &format!("/clusters/{BJ}/backup/backupNow")),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_now_reports_ocps_errors_with_code_and_trace_id() {
    let sim = frozen_sim().await;
    // crm has no strategy, and neither has its cluster: OCP's BAK21006, exit 1.
    let out = ocpctl(
        admin_env(&sim),
        &[
            "backup",
            "now",
            "--tenant",
            "crm",
            "--cluster",
            "ob_prod_hz",
            "--wait",
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Ocp, "{out:?}");
    assert!(out.stderr.contains("code: BAK21006"), "{out:?}");
    let trace = out
        .stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("traceId: "))
        .expect("a traceId line");
    assert_eq!(trace.len(), 16, "{out:?}");
    assert_eq!(posts_to(&sim, "backupNow"), 0);

    // A standby cluster refuses backups (BAK40002).
    let out = ocpctl(
        admin_env(&sim),
        &["backup", "now", "--cluster", "ob_core_bj_dr"],
    )
    .await;
    assert_eq!(out.exit, Exit::Ocp, "{out:?}");

    // A name in two clusters needs --cluster: a usage error, nothing sent.
    let out = ocpctl(admin_env(&sim), &["backup", "now", "--tenant", "erp"]).await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
    assert!(out.stderr.contains("--cluster"), "{out:?}");
    let out = ocpctl(admin_env(&sim), &["backup", "now", "--tenant", "nope"]).await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_status_judges_age_by_ocps_clock() {
    // The simulator's clock says 2024-08-09, far behind this machine's: only OCP's clock can
    // make yesterday's backup recent.
    let sim = frozen_sim().await;
    let out = ocpctl(
        admin_env(&sim),
        &[
            "backup",
            "status",
            "--max-age",
            "26h",
            "--tenant",
            "trade",
            "--tenant",
            "iot_metrics",
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    let report = out.json();
    assert_eq!(report["ok"], true);
    let tenants = report["tenants"].as_array().unwrap();
    assert_eq!(tenants.len(), 2);
    for t in tenants {
        assert_eq!(t["stale"], false, "{t}");
        assert!(t["ageSeconds"].as_u64().unwrap() < 26 * 3600, "{t}");
        assert!(
            t["serverTime"].as_str().unwrap().starts_with("2024-08-09T"),
            "{t}"
        );
    }

    // Every covered tenant: billing's schedule is paused, ob_arch_sz's cluster strategy too.
    let out = ocpctl(admin_env(&sim), &["backup", "status", "--max-age", "26h"]).await;
    assert_eq!(out.exit, Exit::Failed, "{out:?}");
    let report = out.json();
    assert_eq!(report["ok"], false);
    let stale: Vec<String> = report["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["stale"] == true)
        .map(|t| {
            format!(
                "{}/{}",
                t["cluster"].as_str().unwrap(),
                t["tenant"].as_str().unwrap()
            )
        })
        .collect();
    for name in [
        "ob_prod_hz/billing",
        "ob_arch_sz/archive",
        "ob_arch_sz/audit_log",
    ] {
        assert!(
            stale.contains(&name.to_owned()),
            "{name} not stale: {stale:?}"
        );
        assert!(out.stderr.contains(name), "{out:?}");
    }
    assert!(!stale.contains(&"ob_prod_hz/trade".to_owned()), "{stale:?}");
    // crm and the test cluster have no strategy: skipped, not stale.
    let skipped = report["skipped"].to_string();
    assert!(
        skipped.contains("crm") && skipped.contains("dev_app"),
        "{skipped}"
    );
    // OceanBase 3.x tenants are judged by their cluster's backups.
    let erp = report["tenants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["tenant"] == "erp")
        .unwrap()
        .clone();
    assert_eq!(erp["level"], "CLUSTER", "{erp}");

    // A week later, with no check in between, the daily backups still ran; a tighter limit
    // catches one.
    sim.advance(Duration::from_secs(7 * 86_400));
    let out = ocpctl(
        admin_env(&sim),
        &[
            "backup",
            "status",
            "--max-age",
            "26h",
            "--cluster",
            "ob_prod_hz",
            "--tenant",
            "trade",
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    let out = ocpctl(
        admin_env(&sim),
        &[
            "backup",
            "status",
            "--max-age",
            "1m",
            "--tenant",
            "trade",
            "-o",
            "table",
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Failed, "{out:?}");
    assert!(
        out.stdout.contains("STALE") && out.stdout.starts_with("CLUSTER"),
        "{out:?}"
    );
    assert!(
        out.stderr
            .contains("ob_prod_hz/trade (last successful backup"),
        "{out:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_drill_to_a_new_tenant() {
    let sim = frozen_sim().await;
    let out = ocpctl(
        frozen_env(&sim),
        &[
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
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    let result = out.json();
    assert_eq!(result["status"], "RESTORE_SUCCESS");
    assert_eq!(result["taskStatus"], "SUCCESSFUL");
    assert_eq!(result["tenantStatus"], "NORMAL");
    assert_eq!(result["targetClusterId"], TEST);
    assert!(out.stderr.contains("RESTORE_WAIT_LS"), "{out:?}");
    assert_eq!(posts_to(&sim, "/backup/restore"), 1);

    // The zones came from the target cluster.
    let body = sim.world(|w| {
        w.request_log()
            .into_iter()
            .find(|r| r.method == "POST")
            .and_then(|r| r.body)
            .unwrap()
    });
    let info = &body["restoreOnlineTenantRequiredParam"]["restoreTenantInfoParam"];
    assert_eq!(info["zones"][0]["name"], "zone1", "{body}");
    assert_eq!(info["zones"][0]["resourcePool"]["unitSpecName"], "S1");

    // The new tenant is there, running.
    let client = ClientConfig::new(sim.base_url())
        .credentials(Credentials::basic(
            DEFAULT_ADMIN_USER,
            DEFAULT_ADMIN_PASSWORD,
        ))
        .build()
        .unwrap();
    let tenants = client
        .list_tenants()
        .cluster_id(TEST)
        .name("trade_drill")
        .send()
        .await
        .ocp()
        .unwrap()
        .data
        .contents;
    assert_eq!(tenants[0].status, Some(TenantStatus::Normal));
    assert_eq!(result["tenantId"], tenants[0].id);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_checks_the_time_before_sending_and_reports_ocps_refusal() {
    let sim = frozen_sim().await;
    // Outside the recoverable windows: refused locally with the windows, nothing sent.
    let out = ocpctl(
        admin_env(&sim),
        &[
            "restore",
            "--from",
            "trade",
            "--from-cluster",
            "ob_prod_hz",
            "--to-cluster",
            "ob_test_431",
            "--tenant-name",
            "trade_old",
            "--at",
            "2024-01-01T00:00:00+08:00",
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
    assert!(
        out.stderr
            .contains("outside the recoverable windows of ob_prod_hz/trade: ["),
        "{out:?}"
    );
    let out = ocpctl(
        admin_env(&sim),
        &[
            "restore",
            "--from",
            "trade",
            "--to-cluster",
            "ob_test_431",
            "--tenant-name",
            "x1",
            "--at",
            "last tuesday",
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
    assert_eq!(posts_to(&sim, "/backup/restore"), 0);

    // The latest time, with explicit zones, into a name that exists: OCP's BAK42005.
    let out = ocpctl(
        admin_env(&sim),
        &[
            "restore",
            "--from",
            "trade",
            "--to-cluster",
            "ob_test_431",
            "--tenant-name",
            "dev_app",
            "--at",
            "latest",
            "--zone",
            "zone1:FULL:S2:1",
            "--primary-zone",
            "zone1",
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Ocp, "{out:?}");
    assert!(out.stderr.contains("code: BAK42005"), "{out:?}");
    assert!(out.stderr.contains("traceId: "), "{out:?}");
    assert_eq!(posts_to(&sim, "/backup/restore"), 1);
    let body = sim.world(|w| {
        w.request_log()
            .into_iter()
            .rfind(|r| r.method == "POST")
            .and_then(|r| r.body)
            .unwrap()
    });
    let info = &body["restoreOnlineTenantRequiredParam"]["restoreTenantInfoParam"];
    assert_eq!(
        info["zones"],
        json!([{"name": "zone1", "replicaType": "FULL",
        "resourcePool": {"unitSpecName": "S2", "unitCount": 1}}])
    );
    assert_eq!(info["primaryZone"], "zone1");

    // A bad --zone is a usage error.
    let out = ocpctl(
        admin_env(&sim),
        &[
            "restore",
            "--from",
            "trade",
            "--to-cluster",
            "ob_test_431",
            "--tenant-name",
            "x2",
            "--at",
            "latest",
            "--zone",
            "zone1:SPARE",
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_codes_usage_connection_and_tls() {
    let sim = frozen_sim().await;
    // 2: usage (clap), missing required flag, missing credentials.
    let out = ocpctl(admin_env(&sim), &["backup", "status"]).await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
    assert!(out.stderr.contains("--max-age"), "{out:?}");
    let out = ocpctl(
        admin_env(&sim),
        &["backup", "now", "--tenant", "trade", "--bogus"],
    )
    .await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
    let out = ocpctl(admin_env(&sim), &["backup", "status", "--max-age", "soon"]).await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
    let out = ocpctl(
        Env::isolated()
            .with_var("OCP_URL", sim.base_url())
            .with_var("OCP_USER", "admin"),
        &["api", "list-clusters"],
    )
    .await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
    assert!(out.stderr.contains("OCP_PASSWORD"), "{out:?}");
    let out = ocpctl(Env::isolated(), &["api", "list-clusters"]).await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
    // --help is not an error.
    let out = ocpctl(admin_env(&sim), &["--help"]).await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    assert!(
        out.stdout.contains("backup") && out.stdout.contains("Exit codes"),
        "{out:?}"
    );

    // 3: connection refused (a port that was just free).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = admin_env(&sim).with_var("OCP_URL", format!("http://127.0.0.1:{port}"));
    let out = ocpctl(refused.clone(), &["api", "list-clusters"]).await;
    assert_eq!(out.exit, Exit::Connection, "{out:?}");
    assert!(out.stderr.contains("no answer from OCP"), "{out:?}");
    let out = ocpctl(refused, &["backup", "status", "--max-age", "26h"]).await;
    assert_eq!(out.exit, Exit::Connection, "{out:?}");

    // 3: TLS, speaking https to a plain HTTP server.
    let tls = admin_env(&sim).with_var("OCP_URL", sim.base_url().replace("http://", "https://"));
    let out = ocpctl(tls, &["api", "list-clusters"]).await;
    assert_eq!(out.exit, Exit::Connection, "{out:?}");

    // 1: an OCP error from a generated operation (unknown tenant: COM10002, HTTP 404).
    let out = ocpctl(
        admin_env(&sim),
        &[
            "api",
            "get-tenant",
            "--cluster-id",
            &HZ.to_string(),
            "--tenant-id",
            "42",
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Ocp, "{out:?}");
    assert!(out.stderr.contains("code: COM10002"), "{out:?}");
    // 1: a wrong password is OCP refusing too.
    let out = ocpctl(
        admin_env(&sim).with_var("OCP_PASSWORD", "wrong"),
        &["api", "list-clusters"],
    )
    .await;
    assert_eq!(out.exit, Exit::Ocp, "{out:?}");
    assert!(!out.all().contains("wrong"), "{out:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_operations_print_parseable_json() {
    let sim = frozen_sim().await;
    let out = ocpctl(admin_env(&sim), &["api", "list-clusters"]).await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    let page = out.json();
    assert_eq!(page["successful"], true);
    assert_eq!(page["data"]["contents"].as_array().unwrap().len(), 5);
    assert_eq!(page["traceId"].as_str().unwrap().len(), 16);

    // Repeatable array flags go out repeated.
    let out = ocpctl(
        admin_env(&sim),
        &[
            "api",
            "list-tenant-data-backup-tasks",
            "--id",
            &HZ.to_string(),
            "--tenant-id",
            &TRADE.to_string(),
            "--status",
            "DONE",
            "--status",
            "FAILED",
            "--size",
            "50",
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    let rows = out.json()["data"]["contents"].as_array().unwrap().clone();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r["status"] == "DONE" || r["status"] == "FAILED")
    );
    let query = sim.world(|w| w.request_log().last().unwrap().query.clone().unwrap());
    assert!(query.contains("status=DONE&status=FAILED"), "{query}");

    // A table on request.
    let out = ocpctl(admin_env(&sim), &["api", "list-clusters", "-o", "table"]).await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    assert!(out.stdout.starts_with("id "), "{out:?}");
    assert!(out.stdout.contains("ob_core_bj_dr"), "{out:?}");

    // A body from --json-body, a body field flag overriding it, a template to start from.
    let template = ocpctl(
        admin_env(&sim),
        &["api", "backup-tenant-now", "--json-body-template"],
    )
    .await;
    assert_eq!(template.exit, Exit::Ok, "{template:?}");
    let mut body = template.json();
    body["obBackupServiceStorageConfig"] = storage_json();
    body.as_object_mut().unwrap().remove("obBackupObject");
    let file = temp_file("backup-now.json", &body.to_string());
    let out = ocpctl(
        admin_env(&sim),
        &[
            "api",
            "backup-tenant-now",
            "--id",
            &HZ.to_string(),
            "--tenant-id",
            &IOT.to_string(),
            "--json-body",
            &file.path,
            "--data-backup-mode",
            "INCREMENTAL_BACKUP",
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    assert_eq!(out.json()["data"]["obBackupTaskType"], "DATA_BACKUP_NOW");
    let sent = sim.world(|w| w.request_log().last().unwrap().body.clone().unwrap());
    assert_eq!(sent["dataBackupMode"], "INCREMENTAL_BACKUP", "{sent}");

    // A body file that is not JSON is a usage error.
    let bad = temp_file("bad.json", "{not json");
    let out = ocpctl(
        admin_env(&sim),
        &[
            "api",
            "backup-tenant-now",
            "--id",
            &HZ.to_string(),
            "--tenant-id",
            &IOT.to_string(),
            "--json-body",
            &bad.path,
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_are_never_retried() {
    let sim = frozen_sim().await;
    let body = backup_now_json("FULL_BACKUP");
    let file = temp_file("retry.json", &body.to_string());
    // Every request over a limit of zero is answered 429.
    sim.set_faults(Faults {
        throttle: Some(Throttle {
            limit: 0,
            window: Duration::from_secs(3600),
        }),
        ..Faults::default()
    });
    let out = ocpctl(
        admin_env(&sim),
        &[
            "api",
            "backup-tenant-now",
            "--id",
            &HZ.to_string(),
            "--tenant-id",
            &TRADE.to_string(),
            "--json-body",
            &file.path,
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Ocp, "{out:?}");
    assert!(out.stderr.contains("HTTP 429"), "{out:?}");
    assert_eq!(
        posts_to(&sim, "/backupNow"),
        1,
        "a 429 on a write is not retried"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_is_printed_even_with_verbose() {
    let sim = frozen_sim().await;
    let storage_secret = "oss-SK-do-not-print-4711";
    let strategy = strategy_json_with(storage_config(
        "oss_dba",
        json!({"backupStorageType": "BACKUP_STORAGE_OSS", "storageUrl": "dba-bucket/backup",
            "ossAccessKey": {"endpoint": "oss-cn-hangzhou.aliyuncs.com", "accessKeyId": "LTAIoss",
                "accessKeySecret": storage_secret}}),
    ));
    let file = temp_file("oss-strategy.json", &strategy.to_string());
    let basic_token = "YWRtaW46QWRtaW5Ab2NwLXNpbTE="; // base64("admin:Admin@ocp-sim1")
    let secrets = [
        DEFAULT_ADMIN_PASSWORD,
        DEFAULT_ACCESS_KEY_SECRET,
        storage_secret,
        basic_token,
    ];
    let check = |out: &Out| {
        for s in secrets {
            assert!(!out.all().contains(s), "{s} printed: {out:?}");
        }
        assert!(
            !out.all().to_lowercase().contains("authorization"),
            "{out:?}"
        );
    };

    // A strategy with an OSS secret key, sent with --verbose: the body shown is masked.
    let out = ocpctl(
        admin_env(&sim),
        &[
            "--verbose",
            "api",
            "create-tenant-backup-strategy",
            "--id",
            &HZ.to_string(),
            "--tenant-id",
            &CRM.to_string(),
            "--json-body",
            &file.path,
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    check(&out);
    assert!(
        out.stderr.contains("> POST http://127.0.0.1:")
            && out.stderr.contains(&format!(
                "/api/v2/ob/clusters/{HZ}/tenants/{CRM}/backup/config/backupStrategy"
            )),
        "{out:?}"
    );
    assert!(
        out.stderr.contains("\"accessKeySecret\":\"******\""),
        "{out:?}"
    );
    let trace = out.json()["traceId"].as_str().unwrap().to_owned();
    assert!(
        out.stderr.contains(&format!("< HTTP 200, traceId {trace}")),
        "{out:?}"
    );
    // The secret did reach OCP.
    let sent = sim.world(|w| w.request_log().last().unwrap().body.clone().unwrap());
    assert_eq!(
        sent["obBackupServiceStorageConfig"]["obBackupStorageBaseInfo"]["ossAccessKey"]["accessKeySecret"],
        storage_secret
    );

    // Reading it back, backing up with it (the strategy's storage is copied), waiting.
    for args in [
        vec![
            "-v",
            "api",
            "get-tenant-backup-strategy",
            "--id",
            &HZ.to_string(),
            "--tenant-id",
            &CRM.to_string(),
        ],
        vec![
            "-v",
            "api",
            "get-tenant-backup-strategy",
            "--id",
            &HZ.to_string(),
            "--tenant-id",
            &CRM.to_string(),
            "-o",
            "table",
        ],
        vec![
            "-v",
            "backup",
            "now",
            "--tenant",
            "crm",
            "--cluster",
            "ob_prod_hz",
            "--wait",
            "--poll-interval",
            "1m",
        ],
        vec![
            "-v",
            "backup",
            "status",
            "--max-age",
            "26h",
            "--tenant",
            "crm",
        ],
        vec![
            "-v",
            "restore",
            "--from",
            "trade",
            "--to-cluster",
            "ob_test_431",
            "--tenant-name",
            "t_v",
            "--at",
            "latest",
        ],
    ] {
        let out = ocpctl(frozen_env(&sim), &args).await;
        assert!(
            matches!(out.exit, Exit::Ok | Exit::Failed),
            "{args:?}: {out:?}"
        );
        check(&out);
        assert!(out.stderr.contains("< HTTP 200, traceId "), "{out:?}");
    }

    // AK/SK: the signature is computed, the secret key never shown.
    let ak_env = Env::isolated()
        .with_var("OCP_URL", sim.base_url())
        .with_var("OCP_ACCESS_KEY_ID", DEFAULT_ACCESS_KEY_ID)
        .with_var("OCP_ACCESS_KEY_SECRET", DEFAULT_ACCESS_KEY_SECRET);
    let out = ocpctl(ak_env.clone(), &["-v", "api", "list-clusters"]).await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    assert!(
        out.stderr
            .contains(&format!("AccessKey {DEFAULT_ACCESS_KEY_ID}")),
        "{out:?}"
    );
    check(&out);
    // And a wrong one: OCP's refusal, still no secret.
    let out = ocpctl(
        ak_env.with_var("OCP_ACCESS_KEY_SECRET", "wrong-sk-0000"),
        &["-v", "api", "list-clusters"],
    )
    .await;
    assert_eq!(out.exit, Exit::Ocp, "{out:?}");
    assert!(!out.all().contains("wrong-sk-0000"), "{out:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn profiles_and_the_keyring_hold_what_env_vars_would() {
    let sim = frozen_sim().await;
    let dir = temp_dir("profiles");
    let config = dir.path().join("config.toml");
    let env = || Env::isolated().with_config_path(&config);
    let shared_secrets: Arc<dyn ocp_backup_cli::credentials::SecretStore> =
        Arc::new(ocp_backup_cli::credentials::MemoryStore::default());

    // A profile: URL and user, nothing secret.
    let out = ocpctl(
        env(),
        &[
            "config",
            "set",
            "sim",
            "--url",
            sim.base_url(),
            "--user",
            DEFAULT_ADMIN_USER,
            "--request-timeout",
            "20s",
        ],
    )
    .await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        text.contains("default = \"sim\"") && text.contains("user = \"admin\""),
        "{text}"
    );
    assert!(!text.contains(DEFAULT_ADMIN_PASSWORD));

    // Without a secret: told where to put one.
    let out = ocpctl(
        env().with_secrets(shared_secrets.clone()),
        &["api", "list-clusters"],
    )
    .await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
    assert!(out.stderr.contains("ocpctl login"), "{out:?}");

    // A wrong secret is not kept; the right one is, and then used.
    let out = ocpctl_stdin(
        env().with_secrets(shared_secrets.clone()),
        &["login"],
        "nope\n",
    )
    .await;
    assert_eq!(out.exit, Exit::Ocp, "{out:?}");
    let out = ocpctl_stdin(
        env().with_secrets(shared_secrets.clone()),
        &["login"],
        &format!("{DEFAULT_ADMIN_PASSWORD}\n"),
    )
    .await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    assert!(!out.all().contains(DEFAULT_ADMIN_PASSWORD), "{out:?}");
    let out = ocpctl(
        env().with_secrets(shared_secrets.clone()),
        &["api", "list-clusters"],
    )
    .await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");

    // The environment wins over the profile and the keyring.
    let out = ocpctl(
        env()
            .with_secrets(shared_secrets.clone())
            .with_var("OCP_PASSWORD", "from-env-wrong"),
        &["api", "list-clusters"],
    )
    .await;
    assert_eq!(out.exit, Exit::Ocp, "{out:?}");

    // A secret written into the file by hand is refused, not used.
    std::fs::write(
        &config,
        format!("{text}password = \"{DEFAULT_ADMIN_PASSWORD}\"\n"),
    )
    .unwrap();
    let out = ocpctl(
        env().with_secrets(shared_secrets.clone()),
        &["api", "list-clusters"],
    )
    .await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
    assert!(out.stderr.contains("must not hold secrets"), "{out:?}");
    assert!(!out.all().contains(DEFAULT_ADMIN_PASSWORD), "{out:?}");
    std::fs::write(&config, &text).unwrap();

    let out = ocpctl(env().with_secrets(shared_secrets.clone()), &["logout"]).await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    let out = ocpctl(
        env().with_secrets(shared_secrets),
        &["api", "list-clusters"],
    )
    .await;
    assert_eq!(out.exit, Exit::Usage, "{out:?}");
    let out = ocpctl(env(), &["config", "show"]).await;
    assert_eq!(out.exit, Exit::Ok, "{out:?}");
    assert_eq!(out.json()["profiles"]["sim"]["timeout"], "20s");
}

async fn ocpctl_stdin(env: Env, args: &[&str], stdin: &str) -> Out {
    ocpctl_io(env, args, stdin, false).await
}
