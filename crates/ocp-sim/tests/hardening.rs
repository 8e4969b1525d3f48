//! The simulator's defences against clients that send too much, too slowly or nonsense: each
//! test here failed before the matching fix (issue 13, simulator defects 1–3 and 6).

use std::time::{Duration, Instant};

use ocp_sim::{DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, Limits, SimConfig, SimHandle};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TEST_CLUSTER: i64 = ocp_sim::seeded::TEST_431.id;

async fn sim_with(limits: Limits) -> SimHandle {
    ocp_sim::spawn(SimConfig {
        limits,
        ..SimConfig::for_tests()
    })
    .await
    .expect("simulator starts")
}

fn addr(sim: &SimHandle) -> String {
    sim.base_url().trim_start_matches("http://").to_owned()
}

fn basic() -> String {
    use base64::Engine as _;
    let token = base64::engine::general_purpose::STANDARD
        .encode(format!("{DEFAULT_ADMIN_USER}:{DEFAULT_ADMIN_PASSWORD}"));
    format!("Basic {token}")
}

struct RawAnswer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

/// Reads one HTTP/1.1 answer (with `content-length`) from `stream`, or `None` when the
/// connection ends first or `wait` runs out.
async fn read_answer(stream: &mut TcpStream, wait: Duration) -> Option<RawAnswer> {
    let deadline = Instant::now() + wait;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let length = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                let status = head.get(9..12)?.parse().ok()?;
                return Some(RawAnswer {
                    status,
                    head,
                    body: buf[end + 4..end + 4 + length].to_vec(),
                });
            }
        }
        let left = deadline.checked_duration_since(Instant::now())?;
        match tokio::time::timeout(left, stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return None,
            Ok(Ok(n)) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Waits until the server closes `stream` (EOF or reset); the time it took, or `None`.
async fn closed_within(stream: &mut TcpStream, wait: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut chunk = [0u8; 1024];
    loop {
        let left = wait.checked_sub(started.elapsed())?;
        match tokio::time::timeout(left, stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => {}
            Err(_) => return None,
        }
    }
}

/// OCP's error envelope with `status`; returns `error.code`.
fn envelope(answer: &RawAnswer, status: u16) -> String {
    assert_eq!(answer.status, status, "{}", answer.head);
    assert!(
        answer
            .head
            .to_ascii_lowercase()
            .contains("content-type: application/json"),
        "{}",
        answer.head
    );
    let body: ocp_api::types::ErrorResponse =
        serde_json::from_slice(&answer.body).expect("OCP's error envelope");
    assert!(!body.successful);
    assert_eq!(body.status, i32::from(status));
    assert!(body.trace_id.is_some_and(|t| t.len() == 16));
    let value: Value = serde_json::from_slice(&answer.body).unwrap();
    value["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

async fn alive(sim: &SimHandle) {
    let status = ocp_api::tls::client()
        .get(format!("{}/api/v2/ob/clusters", sim.base_url()))
        .header("authorization", basic())
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("the simulator still answers")
        .status();
    assert_eq!(status.as_u16(), 200);
}

// Defect 1: the body of an unauthenticated request was read (and parsed) before the 401.

#[tokio::test]
async fn an_unauthenticated_request_is_answered_before_its_body_is_sent() {
    let sim = sim_with(Limits::default()).await;
    let mut stream = TcpStream::connect(addr(&sim)).await.unwrap();
    let head = format!(
        "POST /api/v2/ob/clusters/{TEST_CLUSTER}/backup/backupNow HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 4000000\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // Not one byte of the 4 MB body is sent: the answer must not wait for it.
    let answer = read_answer(&mut stream, Duration::from_secs(3))
        .await
        .expect("401 before the body");
    assert_eq!(envelope(&answer, 401), "IAM10000");
    let log = sim.world(|w| w.request_log());
    let entry = log.last().unwrap();
    assert_eq!(
        (entry.status, &entry.body, &entry.body_text, entry.body_len),
        (401, &None, &None, 0)
    );
}

#[tokio::test]
async fn unauthenticated_bodies_are_not_logged_and_the_client_reads_its_answer() {
    let sim = sim_with(Limits::default()).await;
    let http = ocp_api::tls::client();
    let url = format!(
        "{}/api/v2/ob/clusters/{TEST_CLUSTER}/backup/backupNow",
        sim.base_url()
    );
    let body = format!("{{\"filler\":\"{}\"}}", "x".repeat(1_000_000));
    for auth in [None, Some("Basic YWRtaW46bm9wZQ==")] {
        let mut req = http
            .post(&url)
            .header("content-type", "application/json")
            .body(body.clone());
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let resp = req.send().await.expect("an answer, not a reset");
        assert_eq!(resp.status().as_u16(), 401);
        let v: Value = resp.json().await.unwrap();
        assert!(v["error"]["code"].as_str().unwrap().starts_with("IAM1000"));
    }
    for entry in sim.world(|w| w.request_log()) {
        assert_eq!(entry.user, None);
        assert!(
            entry.body.is_none() && entry.body_text.is_none(),
            "{entry:?}"
        );
    }
    alive(&sim).await;
}

#[tokio::test]
async fn the_request_log_is_bounded_in_bytes() {
    let limits = Limits {
        request_log_bytes: 64 * 1024,
        request_log_body_bytes: 1024,
        ..Limits::default()
    };
    let sim = sim_with(limits).await;
    let http = ocp_api::tls::client();
    let url = format!(
        "{}/api/v2/ob/clusters/{TEST_CLUSTER}/backup/config/backupStrategy",
        sim.base_url()
    );
    let body = format!("{{\"filler\":\"{}\"}}", "y".repeat(20_000));
    for _ in 0..20 {
        let resp = http
            .post(&url)
            .header("authorization", basic())
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 400);
    }
    let log = sim.world(|w| w.request_log());
    assert!(!log.is_empty());
    let text: usize = log
        .iter()
        .map(|r| {
            r.path.len()
                + r.body_text.as_ref().map_or(0, String::len)
                + r.body.as_ref().map_or(0, |v| v.to_string().len())
        })
        .sum();
    assert!(text <= 64 * 1024, "{text} bytes kept");
    for r in &log {
        assert_eq!(r.body_len, body.len());
        assert!(r.body.is_none(), "a 20 kB body is not kept whole");
        let kept = r.body_text.as_ref().unwrap();
        assert!(kept.len() <= 1024 && body.starts_with(kept.as_str()));
    }
}

// Defect 2: restore sources were unbounded and deduplicated in quadratic time under the lock.

async fn add_sources(sim: &SimHandle, paths: &[String]) -> (u16, Value) {
    let mut form = format!("restoreClusterId={TEST_CLUSTER}");
    for p in paths {
        form.push_str("&restoreSources=");
        form.push_str(p);
    }
    let resp = ocp_api::tls::client()
        .post(format!(
            "{}/api/v2/ob/backup/restore/addRestoreSource",
            sim.base_url()
        ))
        .header("authorization", basic())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

fn paths(range: std::ops::Range<usize>) -> Vec<String> {
    range
        .map(|i| format!("file:///obbackup/t/1002/data/backup_set_{i}_full_20240806"))
        .collect()
}

#[tokio::test]
async fn restore_sources_are_capped_per_request_and_per_cluster() {
    let limits = Limits::default();
    let (per_request, per_cluster) = (
        limits.restore_sources_per_request,
        limits.restore_sources_per_cluster,
    );
    let sim = sim_with(limits).await;
    let (status, v) = add_sources(&sim, &paths(0..per_request + 1)).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (400, Some("COM10001"))
    );
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("restoreSources")
    );
    assert!(sim.world(|w| w.restore_sources(TEST_CLUSTER)).is_empty());

    // Repeats within a request and across requests count once.
    let mut first = paths(0..per_request - 10);
    first.extend(paths(0..10));
    assert_eq!(add_sources(&sim, &first).await.0, 200);
    assert_eq!(
        sim.world(|w| w.restore_sources(TEST_CLUSTER)).len(),
        per_request - 10
    );
    assert_eq!(add_sources(&sim, &paths(0..per_request)).await.0, 200);
    let held = sim.world(|w| w.restore_sources(TEST_CLUSTER));
    assert_eq!(held.len(), per_request);
    assert_eq!(held[..3], paths(0..3)[..], "in the order added");

    let mut next = per_request;
    while next < per_cluster {
        let end = (next + per_request).min(per_cluster);
        assert_eq!(add_sources(&sim, &paths(next..end)).await.0, 200);
        next = end;
    }
    let (status, v) = add_sources(&sim, &paths(per_cluster..per_cluster + 1)).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (400, Some("COM10001"))
    );
    assert!(
        v["error"]["debugMessage"]
            .as_str()
            .unwrap()
            .contains("clearRestoreSource")
    );
    assert_eq!(
        sim.world(|w| w.restore_sources(TEST_CLUSTER)).len(),
        per_cluster
    );
    let long = vec![format!("file:///{}", "p".repeat(2000))];
    assert_eq!(add_sources(&sim, &long).await.0, 400);
}

// Defect 3: no header-read timeout, no idle timeout, no connection cap.

fn quick_limits() -> Limits {
    Limits {
        header_read_timeout: Duration::from_millis(600),
        idle_timeout: Duration::from_millis(600),
        body_read_timeout: Duration::from_millis(600),
        ..Limits::default()
    }
}

#[tokio::test]
async fn slow_and_silent_connections_are_closed() {
    let sim = sim_with(quick_limits()).await;
    // Headers that never end, one byte every 200 ms.
    let mut slow = TcpStream::connect(addr(&sim)).await.unwrap();
    slow.write_all(b"GET /api/v2/ob/clusters HTTP/1.1\r\nhost: x\r\n")
        .await
        .unwrap();
    let drip = async {
        for _ in 0..50 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if slow.write_all(b"x").await.is_err() {
                break;
            }
        }
    };
    let started = Instant::now();
    drip.await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a slow header is cut off"
    );

    // A connection that never sends a byte.
    let mut silent = TcpStream::connect(addr(&sim)).await.unwrap();
    let took = closed_within(&mut silent, Duration::from_secs(5))
        .await
        .expect("a silent connection is closed");
    assert!(took >= Duration::from_millis(400), "{took:?}");

    // A complete head whose body never comes.
    let mut stalled = TcpStream::connect(addr(&sim)).await.unwrap();
    let head = format!(
        "POST /api/v2/ob/clusters/{TEST_CLUSTER}/backup/backupNow HTTP/1.1\r\nhost: x\r\nauthorization: {}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{{",
        basic()
    );
    stalled.write_all(head.as_bytes()).await.unwrap();
    assert!(
        closed_within(&mut stalled, Duration::from_secs(5))
            .await
            .is_some(),
        "a stalled body ends the connection"
    );
    alive(&sim).await;
}

#[tokio::test]
async fn connections_over_the_cap_wait_for_a_free_slot() {
    let limits = Limits {
        max_connections: 2,
        ..Limits::default()
    };
    let sim = sim_with(limits).await;
    let first = TcpStream::connect(addr(&sim)).await.unwrap();
    let _second = TcpStream::connect(addr(&sim)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let http = ocp_api::tls::client();
    let get = || {
        http.get(format!("{}/api/v2/ob/clusters", sim.base_url()))
            .header("authorization", basic())
            .timeout(Duration::from_millis(800))
            .send()
    };
    assert!(get().await.is_err(), "two idle connections hold both slots");
    drop(first);
    let resp = get().await.expect("a slot is free again");
    assert_eq!(resp.status().as_u16(), 200);
}

// Defect 6: hyper's own answers to broken requests had no envelope, or there was no answer.

async fn exchange(sim: &SimHandle, request: &[u8]) -> RawAnswer {
    let mut stream = TcpStream::connect(addr(sim)).await.unwrap();
    stream.write_all(request).await.unwrap();
    read_answer(&mut stream, Duration::from_secs(5))
        .await
        .expect("an answer")
}

#[tokio::test]
async fn http_layer_rejections_carry_the_envelope() {
    let sim = sim_with(Limits::default()).await;
    let invalid_uri = exchange(
        &sim,
        b"GET /api/v2/ob/clu\x01sters HTTP/1.1\r\nhost: x\r\n\r\n",
    )
    .await;
    assert_eq!(envelope(&invalid_uri, 400), "COM10003");

    let big = format!(
        "GET /api/v2/ob/clusters HTTP/1.1\r\nhost: x\r\nx-filler: {}\r\n\r\n",
        "f".repeat(100 * 1024)
    );
    let oversized = exchange(&sim, big.as_bytes()).await;
    assert_eq!(envelope(&oversized, 431), "COM10003");

    let chunked = format!(
        "POST /api/v2/ob/clusters/{TEST_CLUSTER}/backup/backupNow HTTP/1.1\r\nhost: x\r\nauthorization: {}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n",
        basic()
    );
    let malformed = exchange(&sim, chunked.as_bytes()).await;
    assert_eq!(envelope(&malformed, 400), "COM10003");

    let two_lengths = b"POST /api/v2/ob/clusters HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}";
    let answer = exchange(&sim, two_lengths).await;
    assert_eq!(envelope(&answer, 400), "COM10003");
    alive(&sim).await;
}
