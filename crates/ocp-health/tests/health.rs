//! Verdicts, ages and next scheduled runs on fixed simulated worlds.

use std::time::Duration;

use ocp_api::enums::DataBackupMode;
use ocp_api::{ResultExt, types};
use ocp_health::{
    ClusterHealth, Finding, ObjectHealth, OcpHealth, Options, Progress, StrategyLevel, Verdict,
    collect,
};
use ocp_sim::{DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, Faults, SimConfig, SimHandle};
use serde_json::json;

fn client(sim: &SimHandle) -> ocp_api::Client {
    ocp_api::ClientConfig::new(sim.base_url())
        .credentials(ocp_api::Credentials::basic(
            DEFAULT_ADMIN_USER,
            DEFAULT_ADMIN_PASSWORD,
        ))
        .build()
        .unwrap()
}

fn object<'a>(h: &'a OcpHealth, cluster: &str, tenant: Option<&str>) -> &'a ObjectHealth {
    h.objects()
        .find(|(c, o)| c.name == cluster && o.tenant.as_ref().map(|t| t.name.as_str()) == tenant)
        .map(|(_, o)| o)
        .unwrap_or_else(|| panic!("no object {cluster}/{tenant:?}"))
}

fn cluster<'a>(h: &'a OcpHealth, name: &str) -> &'a ClusterHealth {
    h.clusters.iter().find(|c| c.name == name).unwrap()
}

fn at(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(text).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seeded_world_is_judged_object_by_object() {
    let sim = ocp_sim::spawn(SimConfig::for_tests()).await.unwrap();
    let options = Options {
        drill_prefix: Some("trade_".into()),
        ..Options::default()
    };
    let mut seen = Vec::new();
    let h = collect(&client(&sim), &options, |p| match p {
        Progress::Listed { total } => seen.push((0, total)),
        Progress::Cluster { done, total, .. } => seen.push((done, total)),
    })
    .await;
    assert_eq!(h.error, None);
    assert_eq!(h.now, Some(at("2024-08-09T16:00:00+08:00")));
    assert_eq!(seen, [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]);

    // The hourly tenant whose newest backup failed: critical, with OceanBase's error.
    let iot = object(&h, "ob_prod_hz", Some("iot_metrics"));
    assert_eq!(iot.verdict, Verdict::Critical);
    let Some(Finding::LastBackupFailed(fail)) = iot.findings.first() else {
        panic!("{:?}", iot.findings)
    };
    assert_eq!(fail.code.as_deref(), Some("OB_BACKUP_IO_PROHIBITED(-9032)"));
    assert!(
        fail.trace_id.as_deref().is_some_and(|t| t.len() == 16),
        "{fail:?}"
    );
    assert!(iot.last_finished_failed && iot.tasks.failed >= 1 && iot.tasks.succeeded >= 20);
    assert_eq!(iot.strategy.level, Some(StrategyLevel::Tenant));

    // Backed up, logs flowing, a drill restored into trade_verify three days ago.
    let trade = object(&h, "ob_prod_hz", Some("trade"));
    assert_eq!(
        (trade.verdict, trade.findings.len()),
        (Verdict::Ok, 0),
        "{:?}",
        trade.findings
    );
    assert!(trade.rpo.unwrap().num_seconds() < 300, "{:?}", trade.rpo);
    let age = h.now.unwrap() - trade.last_success().unwrap();
    assert!(age.num_hours() < 24, "{age:?}");
    let drill = trade.last_drill.as_ref().expect("the trade_verify restore");
    assert_eq!(drill.restored_tenant, "trade_verify");
    assert!(drill.verified, "trade_verify was restored");
    assert!(
        object(&h, "ob_prod_hz", Some("iot_metrics"))
            .last_drill
            .is_none()
    );

    // Paused three days ago: paused, and by now stale.
    let billing = object(&h, "ob_prod_hz", Some("billing"));
    assert!(billing.strategy.paused());
    assert_eq!(billing.verdict, Verdict::Critical);
    assert!(billing.findings.contains(&Finding::Paused));
    assert!(matches!(
        billing.findings[0],
        Finding::NoSuccessfulBackup { last: Some(_), .. }
    ));
    assert!(billing.rpo.unwrap().num_hours() > 72);

    let crm = object(&h, "ob_prod_hz", Some("crm"));
    assert_eq!(crm.findings, [Finding::NoStrategy]);
    assert_eq!(crm.verdict, Verdict::Warning);

    // A cluster-level WEEK strategy: the cluster row and its tenants carry its thresholds and
    // its calendar (Saturday 2024-08-10 is an incremental day).
    let bj = object(&h, "ob_core_bj", None);
    assert_eq!(bj.strategy.level, Some(StrategyLevel::Cluster));
    assert_eq!(bj.verdict, Verdict::Ok, "{:?}", bj.findings);
    assert!(bj.thresholds.from_strategy);
    assert_eq!(
        bj.thresholds.data_backup_timeout,
        Duration::from_secs(240 * 60)
    );
    let next = bj.next_scheduled.as_ref().unwrap();
    assert_eq!(
        (next.at, &next.kind),
        (
            at("2024-08-10T02:00:00+08:00"),
            &DataBackupMode::IncrementalBackup
        )
    );
    let erp = object(&h, "ob_core_bj", Some("erp"));
    assert_eq!(erp.next_scheduled, bj.next_scheduled);
    assert_eq!(erp.verdict, Verdict::Ok);

    // A paused cluster-level strategy: no next run.
    let sz = object(&h, "ob_arch_sz", None);
    assert!(sz.strategy.paused() && sz.next_scheduled.is_none());

    assert!(cluster(&h, "ob_core_bj_dr").standby);
    assert!(object(&h, "ob_core_bj_dr", Some("erp")).findings == [Finding::Standby]);

    // Cluster-level calls only: listClusters, four per cluster, the two cluster strategies
    // and the five restore lists; never a tenant-level operation.
    assert_eq!(h.requests, 1 + 4 * 5 + 2 + 5);
    let paths: Vec<String> =
        sim.world(|w| w.request_log().iter().map(|r| r.path.clone()).collect());
    assert_eq!(paths.len() as u64, h.requests);
    assert!(paths.iter().all(|p| !p.contains("/tenants/")), "{paths:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_month_calendar_a_long_backup_and_a_lagging_log() {
    let sim = ocp_sim::spawn(SimConfig::for_tests()).await.unwrap();
    let c = client(&sim);
    let storage = json!({"configName": "nfs_test", "alarmStoragePercentageThreshold": 80,
        "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"}});
    let strategy: types::BackupStrategyParam = serde_json::from_value(json!({
        "backupMode": "PHYSICAL_BACKUP",
        "obBackupScheduleConfig": {"backupScheduleMode": "MONTH", "backupScheduleTime": "02:00:00.000+08:00",
            "dayAndDataBackupModelMap": {"1": "FULL_BACKUP", "15": "INCREMENTAL_BACKUP"}, "startLogBackup": true},
        "obBackupThresholdConfig": {"dataBackupTimeoutMinutes": 1, "logBackupDelaySeconds": 30,
            "noSuccessfulDataBackupAlarmDays": 3},
        "obBackupServiceStorageConfig": storage,
    }))
    .unwrap();
    let test_cluster = 1_000_005;
    c.create_cluster_backup_strategy()
        .id(test_cluster)
        .body(strategy)
        .send()
        .await
        .ocp()
        .unwrap();
    let now: types::BackupNowParam = serde_json::from_value(json!({
        "backupMode": "PHYSICAL_BACKUP", "dataBackupMode": "FULL_BACKUP", "obBackupServiceStorageConfig": storage,
    }))
    .unwrap();
    c.backup_cluster_now()
        .id(test_cluster)
        .body(now)
        .send()
        .await
        .ocp()
        .unwrap();
    sim.advance(Duration::from_secs(180));

    let h = collect(&c, &Options::default(), |_| {}).await;
    let o = object(&h, "ob_test_431", None);
    assert_eq!(o.thresholds.log_delay, Duration::from_secs(30));
    let next = o.next_scheduled.as_ref().unwrap();
    assert_eq!(
        (next.at, &next.kind),
        (
            at("2024-08-15T02:00:00+08:00"),
            &DataBackupMode::IncrementalBackup
        )
    );
    assert_eq!(o.tasks.running, 1);
    assert!(o.findings.iter().any(|f| matches!(f, Finding::RunningTooLong { timeout, .. } if *timeout == Duration::from_secs(60))), "{:?}", o.findings);
    assert!(
        o.findings.iter().any(
            |f| matches!(f, Finding::LogDelay { delay, .. } if *delay > Duration::from_secs(30))
        ),
        "{:?}",
        o.findings
    );
    // No backup finished yet: critical for that, whatever else is found.
    assert_eq!(o.verdict, Verdict::Critical);
    assert!(matches!(
        o.findings[0],
        Finding::NoSuccessfulBackup { last: None, .. }
    ));
    // Its tenants are now covered by the cluster strategy.
    let dev = object(&h, "ob_test_431", Some("dev_app"));
    assert_eq!(dev.strategy.level, Some(StrategyLevel::Cluster));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_failing_cluster_is_unknown_and_the_others_are_judged() {
    let sim = ocp_sim::spawn(SimConfig::for_tests()).await.unwrap();
    let c = client(&sim);
    let healthy = collect(&c, &Options::default(), |_| {}).await;
    sim.set_faults(Faults {
        server_error_rate: 1.0,
        server_error_status: Some(500),
        path_prefix: Some("/api/v2/ob/clusters/1000004/".into()),
        ..Faults::default()
    });
    let h = collect(
        &c,
        &Options {
            concurrency: 3,
            ..Options::default()
        },
        |_| {},
    )
    .await;
    assert_eq!(h.error, None);
    let sz = cluster(&h, "ob_arch_sz");
    let error = sz.error.as_ref().expect("the cluster's calls failed");
    assert_eq!(error.http_status, Some(500));
    assert!(
        error.trace_id.is_some() && error.code.is_some(),
        "{error:?}"
    );
    assert!(!sz.objects.is_empty());
    for o in &sz.objects {
        assert_eq!(o.verdict, Verdict::Unknown);
        assert_eq!(o.findings, [Finding::CollectFailed(error.clone())]);
    }
    for (c, o) in h.objects().filter(|(c, _)| c.name != "ob_arch_sz") {
        let before = object(
            &healthy,
            &c.name,
            o.tenant.as_ref().map(|t| t.name.as_str()),
        );
        // Same verdict and reasons (traceIds differ from one answer to the next).
        let text = |o: &ObjectHealth| {
            o.findings
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            (o.verdict, text(o)),
            (before.verdict, text(before)),
            "{}",
            c.name
        );
    }
    let [ok, warning, critical, unknown] = h.counts();
    assert_eq!(unknown, sz.objects.len());
    assert_eq!(ok + warning + critical + unknown, h.objects().count());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_ocp_is_one_error_and_no_clusters() {
    let sim = ocp_sim::spawn(SimConfig::for_tests()).await.unwrap();
    let c = client(&sim);
    sim.stop().await;
    let h = collect(&c, &Options::default(), |_| {}).await;
    assert!(h.clusters.is_empty());
    let e = h.error.expect("no OCP to answer");
    assert_eq!(e.http_status, None);
    assert!(!e.message.contains(DEFAULT_ADMIN_PASSWORD));
}
