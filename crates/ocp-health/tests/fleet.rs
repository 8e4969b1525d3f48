//! The simulator's generated fleet: every tenant is judged as its designed state says.

use ocp_health::{Finding, Options, Verdict, collect};
use ocp_sim::{DEFAULT_VIEWER_PASSWORD, DEFAULT_VIEWER_USER, Fleet, SimConfig};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_generated_tenant_gets_the_verdict_of_its_design() {
    let fleet = Fleet {
        clusters: 12,
        tenants: 10,
    };
    let sim = ocp_sim::spawn(SimConfig {
        fleet: Some(fleet),
        ..SimConfig::for_tests()
    })
    .await
    .unwrap();
    let client = ocp_api::ClientConfig::new(sim.base_url())
        .credentials(ocp_api::Credentials::basic(
            DEFAULT_VIEWER_USER,
            DEFAULT_VIEWER_PASSWORD,
        ))
        .build()
        .unwrap();
    let h = collect(&client, &Options::default(), |_| {}).await;
    assert_eq!(h.clusters.len(), 12);
    let mut seen = std::collections::BTreeMap::<&str, usize>::new();
    for (c, o) in h.objects() {
        let Some(t) = &o.tenant else {
            // Every tenth cluster is backed up as a whole, and healthily.
            assert_eq!(o.verdict, Verdict::Ok, "{} {:?}", c.name, o.findings);
            continue;
        };
        let state = t.name.split_once('_').unwrap().1;
        *seen.entry(state).or_default() += 1;
        let first = o.findings.first();
        let expected = match state {
            "ok" => o.verdict == Verdict::Ok && first.is_none(),
            "failed" => {
                o.verdict == Verdict::Critical
                    && matches!(first, Some(Finding::LastBackupFailed(_)))
            }
            "paused" => o.verdict == Verdict::Warning && first == Some(&Finding::Paused),
            "nostrategy" => o.verdict == Verdict::Warning && first == Some(&Finding::NoStrategy),
            "lagging" => {
                o.verdict == Verdict::Critical && matches!(first, Some(Finding::LogDelay { .. }))
            }
            other => panic!("unexpected tenant {other}"),
        };
        assert!(
            expected,
            "{}/{}: {} {:?}",
            c.name, t.name, o.verdict, o.findings
        );
    }
    assert_eq!(seen.len(), 5, "{seen:?}");
    // Whole-cluster calls: the listing, four per cluster, one strategy per cluster-level one.
    assert_eq!(h.requests, 1 + 4 * 12 + 1);
}
