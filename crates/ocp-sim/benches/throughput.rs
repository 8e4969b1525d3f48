//! Requests per second and latency of the simulator under concurrent keep-alive clients:
//! (a) a small GET (`getClusterBackupAbility`), (b) a 2000-row data backup task page.
//!
//! `cargo bench -p ocp-sim` (release). Loopback only; every loop is bounded in count and time.

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use ocp_sim::seeded::{IOT_METRICS, PROD_HZ};
use ocp_sim::{DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, SimConfig};
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue};

struct Run {
    name: &'static str,
    path: String,
    requests: usize,
    clients: usize,
}

struct Outcome {
    done: usize,
    errors: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
    bytes: usize,
}

/// A hard stop so a regression cannot make the benchmark run for ever.
const TIME_LIMIT: Duration = Duration::from_secs(60);

async fn drive(base: &str, http: &reqwest::Client, run: &Run) -> Outcome {
    let url = Arc::new(format!("{base}{}", run.path));
    let per_client = run.requests / run.clients;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..run.clients {
        let (http, url) = (http.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(per_client);
            let (mut errors, mut bytes) = (0, 0);
            for _ in 0..per_client {
                if started.elapsed() > TIME_LIMIT {
                    break;
                }
                let t = Instant::now();
                match http.get(url.as_str()).send().await {
                    Ok(resp) if resp.status().is_success() => match resp.bytes().await {
                        Ok(b) => bytes += b.len(),
                        Err(_) => errors += 1,
                    },
                    _ => errors += 1,
                }
                latencies.push(t.elapsed());
            }
            (latencies, errors, bytes)
        }));
    }
    let mut outcome = Outcome {
        done: 0,
        errors: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
        bytes: 0,
    };
    for task in tasks {
        let (latencies, errors, bytes) = task.await.expect("client task");
        outcome.done += latencies.len();
        outcome.errors += errors;
        outcome.bytes += bytes;
        outcome.latencies.extend(latencies);
    }
    outcome.elapsed = started.elapsed();
    outcome
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn report(run: &Run, mut o: Outcome) {
    o.latencies.sort_unstable();
    let rps = o.done as f64 / o.elapsed.as_secs_f64();
    println!(
        "{:<34} {:>7} req in {:>6.2}s  {:>9.0} req/s  p50 {:>8.2} ms  p99 {:>8.2} ms  {:>6.1} KiB/answer  errors {}",
        run.name,
        o.done,
        o.elapsed.as_secs_f64(),
        rps,
        percentile(&o.latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&o.latencies, 0.99).as_secs_f64() * 1e3,
        o.bytes as f64 / o.done.max(1) as f64 / 1024.0,
        o.errors,
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let sim = ocp_sim::spawn(SimConfig::for_tests()).await.expect("simulator starts");
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{DEFAULT_ADMIN_USER}:{DEFAULT_ADMIN_PASSWORD}"));
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_str(&format!("Basic {token}")).expect("header"));
        let http = ocp_api::tls::client_builder()
            .default_headers(headers)
            .pool_max_idle_per_host(256)
            .tcp_nodelay(true)
            .build()
            .expect("http client");
        let runs = [
            Run {
                name: "getClusterBackupAbility (small GET)",
                path: format!("/api/v2/ob/clusters/{}/backup/ability", PROD_HZ.id),
                requests: 100_000,
                clients: 32,
            },
            Run {
                name: "dataBackupTasks page, 2000 rows",
                path: format!(
                    "/api/v2/ob/clusters/{}/tenants/{}/backup/task/dataBackupTasks?page=1&size=2000",
                    PROD_HZ.id, IOT_METRICS.id
                ),
                requests: 400,
                clients: 4,
            },
        ];
        println!("ocp-sim throughput on {} ({} CPUs), client and server sharing them", sim.base_url(), std::thread::available_parallelism().map_or(0, |n| n.get()));
        for run in &runs {
            // Warm up connections and caches.
            let warm = Run { name: run.name, path: run.path.clone(), requests: run.clients * 20, clients: run.clients };
            drive(sim.base_url(), &http, &warm).await;
            let outcome = drive(sim.base_url(), &http, run).await;
            report(run, outcome);
        }
        sim.stop().await;
    });
}
