//! Restores as DBAs use them (issue 17): databases and tables, quick restore, durations that
//! follow the data, and restores made to fail so that their cause can be shown.

use std::time::Duration;

use ocp_api::enums::{OcpErrorCode, RestoreTaskStatus};
use ocp_sim::seeded::{BILLING, IOT_METRICS, PROD_HZ, TEST_431, TRADE};
use ocp_sim::{DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, RestoreFailure, SimConfig, SimHandle};
use serde_json::{Value, json};

async fn sim_with(config: SimConfig) -> SimHandle {
    ocp_sim::spawn(config).await.expect("simulator starts")
}

async fn sim() -> SimHandle {
    sim_with(SimConfig::for_tests()).await
}

/// Half an hour before the tenant's log checkpoint: recoverable.
fn recoverable(sim: &SimHandle, tenant: &str) -> String {
    sim.world(|w| {
        let log = w
            .log_backup_tasks()
            .into_iter()
            .find(|l| l.tenant_name.as_deref() == Some(tenant) && l.checkpoint.is_some())
            .unwrap();
        let cp = *log.checkpoint.unwrap().as_datetime();
        (cp - chrono::TimeDelta::minutes(30)).to_rfc3339()
    })
}

fn body(source: i64, name: &str, at: &str, extra: Value) -> Value {
    let mut info = json!({"name": name, "primaryZone": "zone1",
        "zones": [{"name": "zone1", "replicaType": "FULL", "resourcePool": {"unitSpecName": "S2", "unitCount": 1}}]});
    info.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    json!({"backupTenantStatus": "ONLINE", "restoreOnlineTenantRequiredParam": {
        "backupClusterId": PROD_HZ.id, "backupTenantId": source, "restoreClusterId": TEST_431.id,
        "restoreEndTime": at, "restoreTenantInfoParam": info}})
}

async fn post(sim: &SimHandle, path: &str, body: &Value) -> (u16, Value) {
    let resp = ocp_api::tls::client_builder()
        .build()
        .unwrap()
        .post(format!("{}{path}", sim.base_url()))
        .basic_auth(DEFAULT_ADMIN_USER, Some(DEFAULT_ADMIN_PASSWORD))
        .json(body)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.json().await.unwrap())
}

async fn restore(sim: &SimHandle, body: &Value) -> (u16, Value) {
    post(
        sim,
        &format!("/api/v2/ob/clusters/{}/backup/restore", PROD_HZ.id),
        body,
    )
    .await
}

/// The task instance ID of an accepted restore.
fn task_id(answer: &Value) -> i64 {
    answer["data"]["backupObjectOpsResultList"][0]["taskIdList"][0]
        .as_i64()
        .unwrap_or_else(|| panic!("{answer}"))
}

fn restore_task(sim: &SimHandle, name: &str) -> ocp_api::types::RestoreTask {
    sim.world(|w| w.restore_tasks())
        .into_iter()
        .find(|r| r.restore_tenant_name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no restore to {name}"))
}

/// Advances a minute at a time until the restore ends (at most two days).
fn run_to_end(sim: &SimHandle, name: &str) -> ocp_api::types::RestoreTask {
    for _ in 0..2880 {
        let r = restore_task(sim, name);
        if r.finished == Some(true) {
            return r;
        }
        sim.advance(Duration::from_secs(60));
    }
    panic!("the restore to {name} did not end");
}

fn seconds(r: &ocp_api::types::RestoreTask) -> i64 {
    let (a, b) = (
        r.create_time.as_ref().unwrap(),
        r.finish_time.as_ref().unwrap(),
    );
    (*b.as_datetime() - *a.as_datetime()).num_seconds()
}

fn tenant_databases(sim: &SimHandle, name: &str) -> Vec<(String, Vec<String>)> {
    sim.world(|w| {
        let t = w
            .tenant_by_name(TEST_431.id, name)
            .expect("restored tenant");
        w.tenant_databases(t.id)
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_table_restore_with_a_rename_holds_only_that_table() {
    let sim = sim().await;
    let at = recoverable(&sim, TRADE.name);
    let objects = json!([{"sourceDatabase": "trade", "sourceTable": "orders", "targetTable": "orders_0809"},
        {"sourceDatabase": "trade_report", "sourceTable": "daily_sales"}]);
    let req = body(
        TRADE.id,
        "trade_tables",
        &at,
        json!({"restoreObj": "table", "tableRestoreObjects": objects}),
    );
    let (status, answer) = restore(&sim, &req).await;
    assert_eq!(status, 200, "{answer}");
    let task = task_id(&answer);
    let r = run_to_end(&sim, "trade_tables");
    assert_eq!(r.status, RestoreTaskStatus::RestoreSuccess);
    assert_eq!(r.restore_object_type.as_deref(), Some("TABLE"));
    assert_eq!(
        tenant_databases(&sim, "trade_tables"),
        [
            ("trade".to_owned(), vec!["orders_0809".to_owned()]),
            ("trade_report".to_owned(), vec!["daily_sales".to_owned()]),
        ]
    );
    // The OCP task records what it restored.
    let instance = sim.world(|w| w.task_instance(task)).unwrap();
    assert_eq!(instance.name, "Restore tables");
    let context: Value = serde_json::from_str(instance.context.as_deref().unwrap()).unwrap();
    assert_eq!(context["restoreObj"], "table");
    assert_eq!(context["tableRestoreObjects"], objects);
    // The source keeps all it had.
    let source = sim.world(|w| w.tenant_databases(TRADE.id));
    assert_eq!(source.len(), 2);
    assert_eq!(source[0].1.len(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_database_restore_renames_the_database_and_keeps_its_tables() {
    let sim = sim().await;
    let at = recoverable(&sim, TRADE.name);
    let req = body(
        TRADE.id,
        "trade_dbs",
        &at,
        json!({"restoreObj": "database", "tableRestoreObjects": [
            {"sourceDatabase": "trade_report", "targetDatabase": "report_0809"}]}),
    );
    let (status, answer) = restore(&sim, &req).await;
    assert_eq!(status, 200, "{answer}");
    let r = run_to_end(&sim, "trade_dbs");
    assert_eq!(r.restore_object_type.as_deref(), Some("DATABASE"));
    assert_eq!(
        tenant_databases(&sim, "trade_dbs"),
        [("report_0809".to_owned(), vec!["daily_sales".to_owned()])]
    );
    // A whole-tenant restore takes everything.
    let whole = body(TRADE.id, "trade_whole", &at, json!({}));
    assert_eq!(restore(&sim, &whole).await.0, 200);
    let r = run_to_end(&sim, "trade_whole");
    assert_eq!(r.restore_object_type.as_deref(), Some("TENANT"));
    assert_eq!(
        tenant_databases(&sim, "trade_whole"),
        sim.world(|w| w.tenant_databases(TRADE.id))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_object_lists_are_refused_and_change_nothing() {
    let sim = sim().await;
    let at = recoverable(&sim, TRADE.name);
    let table = |t: &str| json!({"sourceDatabase": "trade", "sourceTable": t});
    let f = "restoreOnlineTenantRequiredParam.restoreTenantInfoParam.tableRestoreObjects";
    let many: Vec<Value> = (0..201).map(|i| table(&format!("t{i}"))).collect();
    let cases = [
        (
            json!({"restoreObj": "table", "tableRestoreObjects": many}),
            f.to_owned(),
        ),
        (
            json!({"restoreObj": "table", "tableRestoreObjects": [table("orders"), table("orders")]}),
            format!("{f}[1]"),
        ),
        (
            json!({"restoreObj": "table", "tableRestoreObjects": []}),
            f.to_owned(),
        ),
        (
            json!({"restoreObj": "table", "tableRestoreObjects": [table("no_such_table")]}),
            format!("{f}[0].sourceTable"),
        ),
        (
            json!({"restoreObj": "database", "tableRestoreObjects": [{"sourceDatabase": "nope"}]}),
            format!("{f}[0].sourceDatabase"),
        ),
        (
            json!({"restoreObj": "database", "tableRestoreObjects": [table("orders")]}),
            format!("{f}[0].sourceTable"),
        ),
        (
            json!({"tableRestoreObjects": [table("orders")]}),
            f.to_owned(),
        ),
    ];
    let before = sim.world(|w| w.restore_tasks().len());
    for (extra, field) in cases {
        for path in ["/backup/restore", "/backup/restore/preview"] {
            let req = body(TRADE.id, "trade_bad", &at, extra.clone());
            let (status, answer) = post(
                &sim,
                &format!("/api/v2/ob/clusters/{}{path}", PROD_HZ.id),
                &req,
            )
            .await;
            assert_eq!(status, 400, "{extra} {answer}");
            assert_eq!(answer["error"]["code"], "COM10001");
            let message = answer["error"]["message"].as_str().unwrap();
            assert!(message.contains(&field), "{field}: {message}");
        }
    }
    assert_eq!(sim.world(|w| w.restore_tasks().len()), before);
    // 200 pass the count (and are then judged one by one: the seeded trade has 5 tables).
    let most: Vec<Value> = (0..200).map(|i| table(&format!("t{i}"))).collect();
    let req = body(
        TRADE.id,
        "trade_most",
        &at,
        json!({"restoreObj": "table", "tableRestoreObjects": most}),
    );
    let (status, answer) = restore(&sim, &req).await;
    assert_eq!(status, 400);
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!("{f}[0].sourceTable")),
        "{message}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn quick_restore_needs_observer_4_3_3_and_restores_logs_only() {
    let quick = json!({"restoreMethod": "quick"});
    // ob_prod_hz runs 4.2.1.8.
    let sim = sim().await;
    let at = recoverable(&sim, TRADE.name);
    let (status, answer) = restore(&sim, &body(TRADE.id, "trade_quick", &at, quick.clone())).await;
    assert_eq!(status, 400, "{answer}");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("restoreTenantInfoParam.restoreMethod"),
        "{message}"
    );
    assert!(
        answer["error"]["debugMessage"]
            .as_str()
            .unwrap_or(message)
            .contains("4.2.1.8")
            || message.contains("4.2.1.8"),
        "{answer}"
    );

    let upgraded = sim_with(SimConfig {
        observer_versions: vec![(PROD_HZ.name.into(), "4.3.3.0".into())],
        ..SimConfig::for_tests()
    })
    .await;
    let (status, answer) = restore(&upgraded, &body(TRADE.id, "trade_quick", &at, quick)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        restore(&upgraded, &body(TRADE.id, "trade_full", &at, json!({})))
            .await
            .0,
        200
    );
    let (q, full) = (
        run_to_end(&upgraded, "trade_quick"),
        run_to_end(&upgraded, "trade_full"),
    );
    // trade holds about 120 GB: a full restore reads it (about 100 MB/s), a quick one does not.
    assert!(seconds(&full) >= 1_080, "{}", seconds(&full));
    assert!(seconds(&q) < 1_080, "{}", seconds(&q));
    let tenant = upgraded
        .world(|w| w.tenant_by_name(TEST_431.id, "trade_quick"))
        .unwrap();
    assert_eq!(
        tenant.readonly,
        Some(true),
        "a quick restore's tenant serves reads only"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn restore_time_follows_the_backup_size() {
    let sim = sim().await;
    for (tenant, gb) in [(TRADE, 120.0), (IOT_METRICS, 40.0)] {
        let at = recoverable(&sim, tenant.name);
        let name = format!("{}_copy", tenant.name);
        assert_eq!(
            restore(&sim, &body(tenant.id, &name, &at, json!({})))
                .await
                .0,
            200
        );
        let secs = seconds(&run_to_end(&sim, &name)) as f64;
        // The full backup is 90–110 % of the tenant; 10 s a GB, plus 2–10 min for the logs
        // and under 8 min for the other phases.
        let (low, high) = (0.9 * gb * 10.0 + 120.0, 1.1 * gb * 10.0 + 600.0 + 480.0);
        assert!(
            (low..=high).contains(&secs),
            "{name}: {secs} s not in {low}–{high}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_injected_failure_shows_its_cause_in_the_task_instance() {
    let sim = sim_with(SimConfig {
        restore_failures: vec![RestoreFailure {
            tenant: format!("{}:{}", PROD_HZ.name, TRADE.name),
            phase: RestoreTaskStatus::RestoreWaitLs,
            code: OcpErrorCode::Bak42002,
        }],
        ..SimConfig::for_tests()
    })
    .await;
    let at = recoverable(&sim, TRADE.name);
    let (status, answer) = restore(&sim, &body(TRADE.id, "trade_fails", &at, json!({}))).await;
    assert_eq!(status, 200, "{answer}");
    let task = task_id(&answer);
    let mut seen = Vec::new();
    let r = loop {
        let r = restore_task(&sim, "trade_fails");
        if !seen.contains(&r.status) {
            seen.push(r.status.clone());
        }
        if r.finished == Some(true) {
            break r;
        }
        sim.advance(Duration::from_secs(10));
    };
    use RestoreTaskStatus as S;
    assert_eq!(
        seen,
        [
            S::RestorePre,
            S::RestoreCreateInitLs,
            S::RestoreWaitLs,
            S::RestoreFail
        ]
    );
    let message = r.error_msg.unwrap();
    assert!(
        message.starts_with("Failed to create the resource unit pool_trade_fails_zone1_"),
        "{message}"
    );
    // No tenant is left behind.
    assert!(
        sim.world(|w| w.tenant_by_name(TEST_431.id, "trade_fails"))
            .is_none()
    );
    let instance = sim.world(|w| w.task_instance(task)).unwrap();
    assert_eq!(instance.status, ocp_api::enums::TaskStatus::Failed);
    let failed: Vec<_> = instance
        .subtasks
        .iter()
        .filter(|s| s.status == ocp_api::enums::SubtaskStatus::Failed)
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0].name, "Wait for restore to finish");
    let cause: Value = serde_json::from_str(failed[0].context.as_deref().unwrap()).unwrap();
    assert_eq!(cause["errorCode"], "BAK42002");
    assert_eq!(cause["errorMessage"], message.as_str());
    assert_eq!(cause["failedPhase"], "RESTORE_WAIT_LS");
    assert_eq!(cause["traceId"].as_str().unwrap().len(), 16);

    // Other tenants restore as usual; failures can be changed while running.
    let at = recoverable(&sim, BILLING.name);
    assert_eq!(
        restore(&sim, &body(BILLING.id, "billing_ok", &at, json!({})))
            .await
            .0,
        200
    );
    assert_eq!(run_to_end(&sim, "billing_ok").status, S::RestoreSuccess);
    sim.set_restore_failures(vec![RestoreFailure {
        tenant: BILLING.name.into(),
        phase: S::PostCheck,
        code: OcpErrorCode::Bak42001,
    }])
    .unwrap();
    assert_eq!(
        restore(&sim, &body(BILLING.id, "billing_fails", &at, json!({})))
            .await
            .0,
        200
    );
    let r = run_to_end(&sim, "billing_fails");
    assert_eq!(r.status, S::RestoreFail);
    assert_eq!(r.error_msg.as_deref(), Some("Restore task failed."));
    let at = recoverable(&sim, TRADE.name);
    assert_eq!(
        restore(&sim, &body(TRADE.id, "trade_ok", &at, json!({})))
            .await
            .0,
        200
    );
    assert_eq!(run_to_end(&sim, "trade_ok").status, S::RestoreSuccess);
}

#[tokio::test(flavor = "multi_thread")]
async fn failures_the_simulator_cannot_inject_are_refused() {
    let bad = |phase, code| SimConfig {
        restore_failures: vec![RestoreFailure {
            tenant: TRADE.name.into(),
            phase,
            code,
        }],
        ..SimConfig::for_tests()
    };
    for config in [
        bad(RestoreTaskStatus::RestoreWaitLs, OcpErrorCode::Bak31001),
        bad(RestoreTaskStatus::RestoreSuccess, OcpErrorCode::Bak42001),
    ] {
        let e = ocp_sim::spawn(config).await.err().expect("refused");
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{e}");
    }
    let e = ocp_sim::spawn(SimConfig {
        observer_versions: vec![("no_such_cluster".into(), "4.3.3.0".into())],
        ..SimConfig::for_tests()
    })
    .await
    .err()
    .expect("refused");
    assert!(e.to_string().contains("no_such_cluster"), "{e}");
}
