//! The figures of issue 13 (simulator hardening), printed, not asserted:
//!
//! 1. RSS of this process (which runs the simulator) before and after ten unauthenticated 4 MB
//!    POSTs (target: growth ≤ 20 MB);
//! 2. the longest time another request waited while an `addRestoreSource` with the maximum
//!    allowed sources ran (target ≤ 50 ms);
//! 3. seconds until a slow-header connection, and a silent one, are closed.
//!
//! `cargo bench -p ocp-sim --bench hardening` (release, default limits; about 25 s, most of it
//! waiting for the header timeout). Linux for the RSS figure.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ocp_sim::{DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, Limits, SimConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TEST_CLUSTER: i64 = ocp_sim::seeded::TEST_431.id;

fn rss_mib() -> Option<f64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: f64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096.0 / (1024.0 * 1024.0))
}

async fn unauthenticated_posts(base: &str) {
    let http = ocp_api::tls::client();
    let (hz, crm) = (ocp_sim::seeded::PROD_HZ.id, ocp_sim::seeded::CRM.id);
    let url = format!("{base}/api/v2/ob/clusters/{hz}/tenants/{crm}/backup/backupNow");
    let body = format!("{{\"filler\":[{}0]}}", "0,".repeat(2 * 1024 * 1024 - 8));
    let post = || {
        http.post(&url)
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
    };
    let _ = post().await;
    let before = rss_mib();
    let (mut answered, mut closed) = (0, 0);
    for _ in 0..10 {
        match post().await {
            Ok(r) if r.status().as_u16() == 401 => answered += 1,
            Ok(r) => println!("  unexpected status {}", r.status()),
            Err(_) => closed += 1,
        }
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    match (before, rss_mib()) {
        (Some(b), Some(a)) => println!(
            "RSS before/after 10 unauthenticated 4 MB POSTs: {b:.1} MiB -> {a:.1} MiB (growth {:.1} MiB; {answered} answered 401, {closed} closed early)",
            a - b
        ),
        _ => println!("RSS: /proc/self/statm not available"),
    }
}

fn form(paths: std::ops::Range<usize>) -> String {
    let mut form = format!("restoreClusterId={TEST_CLUSTER}");
    for i in paths {
        form.push_str(&format!(
            "&restoreSources=file:///obbackup/t/1002/data/backup_set_{i}_full_20240806"
        ));
    }
    form
}

async fn lock_wait(base: &str) {
    let limits = Limits::default();
    let (per_request, per_cluster) = (
        limits.restore_sources_per_request,
        limits.restore_sources_per_cluster,
    );
    let http = ocp_api::tls::client();
    let probe_url = format!("{base}/api/v2/ob/clusters/{TEST_CLUSTER}/backup/overview");
    let probe = |http: reqwest::Client, url: String, stop: Arc<AtomicBool>| async move {
        let mut worst = Duration::ZERO;
        let mut n = 0;
        while !stop.load(Ordering::Relaxed) {
            let t = Instant::now();
            let ok = http
                .get(&url)
                .basic_auth(DEFAULT_ADMIN_USER, Some(DEFAULT_ADMIN_PASSWORD))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            assert!(ok, "probe failed");
            worst = worst.max(t.elapsed());
            n += 1;
        }
        (worst, n)
    };
    // Baseline: the probes alone for a moment.
    let stop = Arc::new(AtomicBool::new(false));
    let task = tokio::spawn(probe(http.clone(), probe_url.clone(), stop.clone()));
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    let (baseline, _) = task.await.unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let probes: Vec<_> = (0..2)
        .map(|_| tokio::spawn(probe(http.clone(), probe_url.clone(), stop.clone())))
        .collect();
    let mut slowest_add = Duration::ZERO;
    let mut next = 0;
    while next < per_cluster {
        let end = (next + per_request).min(per_cluster);
        let t = Instant::now();
        let resp = http
            .post(format!("{base}/api/v2/ob/backup/restore/addRestoreSource"))
            .basic_auth(DEFAULT_ADMIN_USER, Some(DEFAULT_ADMIN_PASSWORD))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form(next..end))
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success(), "{}", resp.status());
        slowest_add = slowest_add.max(t.elapsed());
        next = end;
    }
    stop.store(true, Ordering::Relaxed);
    let mut worst = Duration::ZERO;
    let mut probes_done = 0;
    for p in probes {
        let (w, n) = p.await.unwrap();
        worst = worst.max(w);
        probes_done += n;
    }
    println!(
        "addRestoreSource with {per_request} sources (up to {per_cluster} per cluster): slowest took {:.1} ms; longest wait of another request {:.1} ms (baseline {:.1} ms, {probes_done} probes)",
        slowest_add.as_secs_f64() * 1e3,
        worst.as_secs_f64() * 1e3,
        baseline.as_secs_f64() * 1e3,
    );
}

async fn until_closed(mut stream: TcpStream, drip: bool, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    if drip {
        stream
            .write_all(b"GET /api/v2/ob/clusters HTTP/1.1\r\nhost: x\r\n")
            .await
            .ok()?;
    }
    let mut buf = [0u8; 256];
    while started.elapsed() < limit {
        match tokio::time::timeout(Duration::from_millis(500), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => {}
            Err(_) => {
                if drip && stream.write_all(b"x").await.is_err() {
                    return Some(started.elapsed());
                }
            }
        }
    }
    None
}

async fn slow_connections(base: &str) {
    let addr = base.trim_start_matches("http://").to_owned();
    let limit = Duration::from_secs(120);
    let slow = until_closed(TcpStream::connect(&addr).await.unwrap(), true, limit);
    let silent = until_closed(TcpStream::connect(&addr).await.unwrap(), false, limit);
    let (slow, silent) = tokio::join!(slow, silent);
    let show = |d: Option<Duration>| {
        d.map_or("not closed within 120 s".to_owned(), |d| {
            format!("{:.1} s", d.as_secs_f64())
        })
    };
    let limits = Limits::default();
    println!(
        "slow-header connection (a byte every 0.5 s) closed after {}; silent connection after {} (header timeout {} s, idle timeout {} s)",
        show(slow),
        show(silent),
        limits.header_read_timeout.as_secs(),
        limits.idle_timeout.as_secs(),
    );
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    rt.block_on(async {
        let sim = ocp_sim::spawn(SimConfig::for_tests())
            .await
            .expect("simulator");
        unauthenticated_posts(sim.base_url()).await;
        lock_wait(sim.base_url()).await;
        slow_connections(sim.base_url()).await;
        sim.stop().await;
    });
}
