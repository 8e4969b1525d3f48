//! Malformed input is answered with OCP's error envelope and changes nothing.

use ocp_backup_tests::body::{restore_json, storage_json, strategy_json};
use ocp_backup_tests::http::{ADMIN, assert_refusal, raw};
use ocp_backup_tests::sim::frozen_sim;
use ocp_backup_tests::world::*;
use ocp_sim::SimHandle;
use serde_json::json;

#[tokio::test]
async fn bad_input_gets_the_envelope_and_changes_nothing() {
    let sim = frozen_sim().await;
    let state = |sim: &SimHandle| {
        sim.world(|w| {
            (
                w.strategies().len(),
                w.data_backup_task_count(),
                w.restore_tasks().len(),
            )
        })
    };
    let before = state(&sim);
    let strategy_path = format!("/api/v2/ob/clusters/{TEST}/backup/config/backupStrategy");

    let mut bad_threshold = strategy_json();
    bad_threshold["obBackupServiceStorageConfig"]["alarmStoragePercentageThreshold"] = json!(101);
    let mut wrong_type = strategy_json();
    wrong_type["obBackupThresholdConfig"]["dataBackupTimeoutMinutes"] = json!("sixty");
    let mut missing = strategy_json();
    missing
        .as_object_mut()
        .unwrap()
        .remove("obBackupThresholdConfig");
    let mut unknown_enum = strategy_json();
    unknown_enum["obBackupScheduleConfig"]["backupScheduleMode"] = json!("FORTNIGHT");
    let mut bad_day = strategy_json();
    bad_day["obBackupScheduleConfig"]["dayAndDataBackupModelMap"]["8"] = json!("FULL_BACKUP");
    let cases: Vec<(String, &str)> = vec![
        ("{\"backupMode\": ".into(), "backupMode"),
        ("[1, 2, 3]".into(), "body"),
        (
            bad_threshold.to_string(),
            "obBackupServiceStorageConfig.alarmStoragePercentageThreshold",
        ),
        (
            wrong_type.to_string(),
            "obBackupThresholdConfig.dataBackupTimeoutMinutes",
        ),
        (missing.to_string(), "obBackupThresholdConfig"),
        (
            unknown_enum.to_string(),
            "obBackupScheduleConfig.backupScheduleMode",
        ),
        (bad_day.to_string(), "dayAndDataBackupModelMap.8"),
    ];
    for (body, field) in cases {
        let (status, headers, value) = raw(&sim, "POST", &strategy_path, Some(&body), ADMIN).await;
        assert_refusal(status, &headers, &value, 400, "COM10001", field);
    }
    let bad_mode = json!({"backupMode": "PHYSICAL_BACKUP", "dataBackupMode": "HALF_BACKUP", "obBackupServiceStorageConfig": storage_json()});
    let (s, h, v) = raw(
        &sim,
        "POST",
        &format!("/api/v2/ob/clusters/{TEST}/backup/backupNow"),
        Some(&bad_mode.to_string()),
        ADMIN,
    )
    .await;
    assert_refusal(s, &h, &v, 400, "COM10001", "dataBackupMode");
    let mut bad_zone = restore_json(TRADE, TEST, "x_restore", "2024-08-09T15:00:00+08:00");
    bad_zone["restoreOnlineTenantRequiredParam"]["restoreTenantInfoParam"]["zones"][0]["replicaType"] =
        json!("HALF");
    let (s, h, v) = raw(
        &sim,
        "POST",
        &format!("/api/v2/ob/clusters/{HZ}/backup/restore"),
        Some(&bad_zone.to_string()),
        ADMIN,
    )
    .await;
    assert_refusal(s, &h, &v, 400, "COM10001", "zones[0].replicaType");

    let lists = format!("/api/v2/ob/clusters/{HZ}/backup/task/dataBackupTasks");
    for (query, field) in [
        ("page=1&size=2001", "size"),
        ("page=0&size=10", "page"),
        ("page=1", "size"),
        ("page=1&size=ten", "size"),
    ] {
        let (s, h, v) = raw(&sim, "GET", &format!("{lists}?{query}"), None, ADMIN).await;
        assert_refusal(s, &h, &v, 400, "COM10001", field);
    }
    let (s, h, v) = raw(
        &sim,
        "GET",
        &format!(
            "/api/v2/ob/clusters/{HZ}/tenants/{TRADE}/backup/task/dataBackupTasks?status=EXPLODED"
        ),
        None,
        ADMIN,
    )
    .await;
    assert_refusal(s, &h, &v, 400, "COM10001", "status");
    let (s, h, v) = raw(
        &sim,
        "GET",
        "/api/v2/ob/clusters/abc/backup/ability",
        None,
        ADMIN,
    )
    .await;
    assert_refusal(s, &h, &v, 400, "COM10001", "id");
    let (s, h, v) = raw(
        &sim,
        "GET",
        "/api/v2/ob/clusters/99/backup/ability",
        None,
        ADMIN,
    )
    .await;
    assert_refusal(s, &h, &v, 404, "COM10002", "id=99");
    let (s, h, v) = raw(
        &sim,
        "GET",
        &format!("/api/v2/ob/clusters/{HZ}/tenants/77"),
        None,
        ADMIN,
    )
    .await;
    assert_refusal(s, &h, &v, 404, "COM10002", "tenantId=77");
    let (s, h, v) = raw(&sim, "GET", "/api/v2/tasks/instances/12", None, ADMIN).await;
    assert_refusal(s, &h, &v, 404, "COM10002", "taskInstanceId=12");
    let (s, h, v) = raw(&sim, "GET", "/api/v2/no/such/thing", None, ADMIN).await;
    assert_refusal(s, &h, &v, 404, "COM10003", "/api/v2/no/such/thing");
    let (s, h, v) = raw(&sim, "PUT", &strategy_path, Some("{}"), ADMIN).await;
    assert_refusal(s, &h, &v, 405, "COM10008", "");
    let (s, h, v) = raw(&sim, "GET", &format!("/api/v2/ob/clusters/{HZ}/backup/info?startTime=2024-08-09T00:00:00Z&endTime=2024-08-01T00:00:00Z"), None, ADMIN).await;
    assert_refusal(s, &h, &v, 400, "COM10010", "");

    assert_eq!(state(&sim), before, "bad input changed the world");
}
