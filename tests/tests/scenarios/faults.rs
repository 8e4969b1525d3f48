//! Throttling, server errors, dropped connections and broken bodies, and what the client
//! retries.

use std::time::Duration;

use ocp_api::{ClientConfig, Credentials, OcpError, ResultExt, RetryPolicy};
use ocp_backup_tests::http::{ADMIN, raw};
use ocp_backup_tests::sim::frozen_sim;
use ocp_backup_tests::world::*;
use ocp_sim::{DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, Faults, Throttle};

#[tokio::test]
async fn throttling_headers_and_client_retries() {
    let sim = frozen_sim().await;
    sim.set_faults(Faults {
        throttle: Some(Throttle {
            limit: 2,
            window: Duration::from_millis(300),
        }),
        ..Faults::default()
    });
    let (s, headers, _) = raw(&sim, "GET", "/api/v2/ob/clusters", None, ADMIN).await;
    assert_eq!(s, 200);
    assert_eq!(headers.get("ratelimit-limit").unwrap(), "2");
    assert_eq!(headers.get("ratelimit-remaining").unwrap(), "1");
    assert!(headers.get("ratelimit-reset").is_some());

    let client = ClientConfig::new(sim.base_url())
        .credentials(Credentials::basic(
            DEFAULT_ADMIN_USER,
            DEFAULT_ADMIN_PASSWORD,
        ))
        .read_retry(RetryPolicy {
            max_retries: 8,
            initial_backoff: Duration::from_millis(50),
            max_backoff: Duration::from_millis(100),
        })
        .build()
        .unwrap();
    for _ in 0..5 {
        client
            .get_cluster_backup_ability()
            .id(HZ)
            .send()
            .await
            .ocp()
            .unwrap();
    }
    let log = sim.world(|w| w.request_log());
    assert!(
        log.iter().any(|r| r.status == 429),
        "some reads were throttled and retried"
    );
    let (s, _, body) = raw(
        &sim,
        "POST",
        &format!("/api/v2/ob/clusters/{HZ}/backup/config/backupStrategy/startSchedule"),
        None,
        ADMIN,
    )
    .await;
    if s == 429 {
        assert_eq!(body["error"]["code"], 0);
        assert_eq!(body["traceId"], "");
    }
}

#[tokio::test]
async fn server_errors_drops_and_broken_bodies() {
    let sim = frozen_sim().await;
    let no_retry = ClientConfig::new(sim.base_url())
        .credentials(Credentials::basic(
            DEFAULT_ADMIN_USER,
            DEFAULT_ADMIN_PASSWORD,
        ))
        .read_retry(RetryPolicy::NONE)
        .build()
        .unwrap();

    sim.set_faults(Faults {
        server_error_rate: 1.0,
        ..Faults::default()
    });
    let e = no_retry.list_clusters().send().await.ocp().unwrap_err();
    assert!(matches!(e.status(), Some(500 | 503)), "{e}");
    assert_eq!(e.code(), Some("COM10999"));

    sim.set_faults(Faults {
        server_error_rate: 0.5,
        ..Faults::default()
    });
    let mut failures = 0;
    for _ in 0..200 {
        if no_retry
            .get_cluster_backup_ability()
            .id(HZ)
            .send()
            .await
            .is_err()
        {
            failures += 1;
        }
    }
    assert!(
        (60..140).contains(&failures),
        "{failures} of 200 failed at rate 0.5"
    );

    sim.set_faults(Faults {
        drop_rate: 1.0,
        ..Faults::default()
    });
    let e = no_retry.list_clusters().send().await.ocp().unwrap_err();
    assert!(
        e.transport_kind().is_some(),
        "a dropped connection is a transport error: {e}"
    );

    sim.set_faults(Faults {
        truncate_rate: 1.0,
        ..Faults::default()
    });
    let e = no_retry.list_clusters().send().await.ocp().unwrap_err();
    assert!(matches!(e, OcpError::InvalidResponse { .. }), "{e}");

    sim.set_faults(Faults {
        malformed_rate: 1.0,
        ..Faults::default()
    });
    let e = no_retry
        .get_cluster_backup_overview()
        .id(HZ)
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert!(matches!(e, OcpError::InvalidResponse { .. }), "{e}");

    sim.set_faults(Faults {
        latency: Duration::from_millis(60),
        ..Faults::default()
    });
    let started = std::time::Instant::now();
    no_retry.list_clusters().send().await.ocp().unwrap();
    assert!(started.elapsed() >= Duration::from_millis(60));

    sim.set_faults(Faults::default());
    no_retry.list_clusters().send().await.ocp().unwrap();
}
