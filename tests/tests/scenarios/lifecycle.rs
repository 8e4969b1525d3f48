//! The simulator itself: the same seed builds the same world; stopping it frees the port.

use std::time::Duration;

use ocp_api::ResultExt;
use ocp_backup_tests::sim::{admin, frozen_sim};
use ocp_sim::{SimConfig, SimHandle};

#[tokio::test]
async fn the_same_seed_builds_the_same_world() {
    let a = frozen_sim().await;
    let b = frozen_sim().await;
    let digest = |s: &SimHandle| {
        s.world(|w| {
            serde_json::to_string(&(w.data_backup_tasks(), w.restore_tasks(), w.strategies()))
                .unwrap()
        })
    };
    assert_eq!(digest(&a), digest(&b));
    let other = ocp_sim::spawn(SimConfig {
        seed: 7,
        ..SimConfig::for_tests()
    })
    .await
    .unwrap();
    assert_ne!(digest(&a), digest(&other));
    other.stop().await;
}

#[test]
fn spawn_through_block_on_and_stop_frees_the_port() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // The desktop app calls spawn from a plain thread through the runtime's handle.
    let handle = runtime.handle().clone();
    let sim = std::thread::spawn(move || {
        handle
            .block_on(ocp_sim::spawn(SimConfig::for_tests()))
            .unwrap()
    })
    .join()
    .unwrap();
    let url = sim.base_url().to_owned();
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    let names = runtime.block_on(async {
        let client = admin(&sim);
        client
            .list_clusters()
            .send()
            .await
            .ocp()
            .unwrap()
            .data
            .contents
            .len()
    });
    assert_eq!(names, 5);
    runtime.block_on(sim.stop());
    std::net::TcpListener::bind(("127.0.0.1", port)).expect("stop() frees the port");

    // Dropping the handle (as a panicking test does) stops the server too.
    let sim = runtime
        .block_on(ocp_sim::spawn(SimConfig::for_tests()))
        .unwrap();
    let port: u16 = sim.base_url().rsplit(':').next().unwrap().parse().unwrap();
    drop(sim);
    let freed = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(10));
        std::net::TcpListener::bind(("127.0.0.1", port)).is_ok()
    });
    assert!(freed, "dropping the handle frees the port");
}
