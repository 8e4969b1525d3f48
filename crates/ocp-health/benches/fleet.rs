//! Collecting the health of the simulator's 200 × 20 fleet with 50 ms added to every answer,
//! at concurrency 8 and 16: wall time, requests, and the ratio to the floor
//! ⌈requests / concurrency⌉ × 50 ms (target ≤ 2×), beside the same collection without latency.
//!
//! `cargo bench -p ocp-health --bench fleet` (release).

use std::time::{Duration, Instant};

use ocp_health::{Options, collect};
use ocp_sim::{DEFAULT_VIEWER_PASSWORD, DEFAULT_VIEWER_USER, Faults, Fleet, SimConfig};

const LATENCY: Duration = Duration::from_millis(50);

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let fleet = Fleet {
        clusters: 200,
        tenants: 20,
    };
    let built = Instant::now();
    let sim = ocp_sim::spawn(SimConfig {
        fleet: Some(fleet),
        ..SimConfig::for_tests()
    })
    .await
    .expect("the simulator starts");
    println!(
        "fleet {}x{}: world built in {:.2} s",
        fleet.clusters,
        fleet.tenants,
        built.elapsed().as_secs_f64()
    );
    let client = ocp_api::ClientConfig::new(sim.base_url())
        .credentials(ocp_api::Credentials::basic(
            DEFAULT_VIEWER_USER,
            DEFAULT_VIEWER_PASSWORD,
        ))
        .build()
        .expect("a client");

    println!(
        "{:<26} {:>8} {:>9} {:>9} {:>10} {:>7} {:>12}",
        "run", "wall s", "requests", "per clus", "floor s", "ratio", "ok/w/c/u"
    );
    for (latency, concurrency) in [(Duration::ZERO, 8), (LATENCY, 8), (LATENCY, 16)] {
        sim.set_faults(Faults {
            latency,
            ..Faults::default()
        });
        sim.world(|w| w.clear_request_log());
        let options = Options {
            concurrency,
            ..Options::default()
        };
        let started = Instant::now();
        let health = collect(&client, &options, |_| {}).await;
        let wall = started.elapsed();
        let served = sim.world(|w| w.request_log().len()) as u64;
        assert_eq!(served, health.requests, "every request counted once");
        assert!(health.error.is_none(), "{:?}", health.error);
        assert_eq!(health.clusters.len(), fleet.clusters);
        let floor = LATENCY.as_secs_f64() * health.requests.div_ceil(concurrency as u64) as f64;
        let [ok, warning, critical, unknown] = health.counts();
        let name = format!("{} ms latency, conc {concurrency}", latency.as_millis());
        // Without latency the run is the reference: no floor to compare with.
        let (floor, ratio) = if latency.is_zero() {
            ("-".to_owned(), "-".to_owned())
        } else {
            (
                format!("{floor:.2}"),
                format!("{:.2}", wall.as_secs_f64() / floor),
            )
        };
        println!(
            "{name:<26} {:>8.2} {:>9} {:>9.2} {floor:>10} {ratio:>7} {:>12}",
            wall.as_secs_f64(),
            health.requests,
            health.requests as f64 / fleet.clusters as f64,
            format!("{ok}/{warning}/{critical}/{unknown}")
        );
    }
    sim.stop().await;
}
