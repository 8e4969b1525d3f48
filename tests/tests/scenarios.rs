//! Whole DBA flows against the simulator, OCP's refusals, fault injection, and paging/filters.

use std::time::Duration;

use ocp_api::enums::{
    DataBackupMode, DataBackupTaskStatus, RecoverableSectionItemType, RestoreTaskStatus,
    TaskStatus, TenantStatus,
};
use ocp_api::time::OcpDateTime;
use ocp_api::{
    Client, ClientConfig, Credentials, OcpError, ResultExt, RetryPolicy, signing, types,
};
use ocp_sim::{
    DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER,
    DEFAULT_VIEWER_PASSWORD, DEFAULT_VIEWER_USER, Faults, SimConfig, SimHandle, Throttle,
};
use serde_json::{Value, json};

const HZ: i64 = 1_000_001;
const BJ: i64 = 1_000_002;
const BJ_DR: i64 = 1_000_003;
const TEST: i64 = 1_000_005;
const TRADE: i64 = 1_000_012;
const IOT: i64 = 1_000_014;
const CRM: i64 = 1_000_015;
const DEV_APP: i64 = 1_000_052;

async fn sim() -> SimHandle {
    ocp_sim::spawn(SimConfig::for_tests())
        .await
        .expect("simulator starts")
}

fn client_for(sim: &SimHandle, credentials: Credentials) -> Client {
    ClientConfig::new(sim.base_url())
        .credentials(credentials)
        .build()
        .unwrap()
}

fn admin(sim: &SimHandle) -> Client {
    client_for(
        sim,
        Credentials::basic(DEFAULT_ADMIN_USER, DEFAULT_ADMIN_PASSWORD),
    )
}

fn storage() -> Value {
    json!({"configName": "nfs_dba", "alarmStoragePercentageThreshold": 80,
           "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"}})
}

fn strategy_json() -> Value {
    json!({
        "backupMode": "PHYSICAL_BACKUP",
        "obBackupScheduleConfig": {"backupScheduleMode": "WEEK", "backupScheduleTime": "02:00:00.000+08:00",
            "dayAndDataBackupModelMap": {"1": "FULL_BACKUP", "4": "INCREMENTAL_BACKUP"}, "startLogBackup": true},
        "obBackupThresholdConfig": {"dataBackupTimeoutMinutes": 60, "logBackupDelaySeconds": 300, "noSuccessfulDataBackupAlarmDays": 2},
        "obBackupServiceStorageConfig": storage()
    })
}

fn strategy() -> types::BackupStrategyParam {
    serde_json::from_value(strategy_json()).unwrap()
}

fn backup_now(mode: &str) -> types::BackupNowParam {
    serde_json::from_value(json!({"backupMode": "PHYSICAL_BACKUP", "dataBackupMode": mode, "obBackupServiceStorageConfig": storage()}))
        .unwrap()
}

fn restore_json(tenant: i64, target: i64, name: &str, at: &str) -> Value {
    json!({
        "backupTenantStatus": "ONLINE",
        "restoreOnlineTenantRequiredParam": {
            "backupClusterId": HZ, "backupTenantId": tenant, "restoreClusterId": target, "restoreEndTime": at,
            "restoreTenantInfoParam": {"name": name, "primaryZone": "zone1",
                "zones": [{"name": "zone1", "replicaType": "FULL", "resourcePool": {"unitSpecName": "S2", "unitCount": 1}}]}
        }
    })
}

fn restore(tenant: i64, target: i64, name: &str, at: &str) -> types::RestoreTenantParam {
    serde_json::from_value(restore_json(tenant, target, name, at)).unwrap()
}

fn code(e: &OcpError) -> (Option<u16>, String) {
    (e.status(), e.code().unwrap_or("").to_owned())
}

fn recoverable_windows(info: &types::ObTenantBackupInfo) -> Vec<types::RecoverableTimeInterval> {
    info.ob_recoverable_info_aggregation
        .clone()
        .unwrap()
        .latest_seven_days_aggregation
        .unwrap()
        .ob_recoverable_section_items
        .into_iter()
        .filter(|i| i.ob_recoverable_section_item_type == RecoverableSectionItemType::Recoverable)
        .filter_map(|i| i.real_recoverable_time_interval)
        .collect()
}

/// Backs up `tenant` now until one backup succeeds (failures are drawn from the seed), advancing
/// simulated time; returns the successful row and the statuses seen on the way.
async fn backup_until_done(
    sim: &SimHandle,
    client: &Client,
    tenant: i64,
) -> (types::DataBackupTask, Vec<DataBackupTaskStatus>) {
    let mut seen = Vec::new();
    for _attempt in 0..10 {
        let answer = client
            .backup_tenant_now()
            .id(HZ)
            .tenant_id(tenant)
            .body(backup_now("FULL_BACKUP"))
            .send()
            .await
            .ocp()
            .unwrap();
        let task_id = answer.data.backup_object_ops_result_list[0].task_id_list[0];
        let row = loop {
            let rows = client
                .list_tenant_data_backup_tasks()
                .id(HZ)
                .tenant_id(tenant)
                .page(1)
                .size(1)
                .send()
                .await
                .ocp()
                .unwrap();
            let row = rows.data.contents[0].clone();
            if seen.last() != Some(&row.status) {
                seen.push(row.status.clone());
            }
            if matches!(
                row.status,
                DataBackupTaskStatus::Done | DataBackupTaskStatus::Failed
            ) {
                break row;
            }
            sim.advance(Duration::from_secs(10));
        };
        let task = client
            .get_task_instance()
            .task_instance_id(task_id)
            .send()
            .await
            .ocp()
            .unwrap()
            .data;
        if row.status == DataBackupTaskStatus::Done {
            assert_eq!(task.status, TaskStatus::Successful);
            assert!(
                task.subtasks
                    .iter()
                    .all(|s| s.status == ocp_api::enums::SubtaskStatus::Successful)
            );
            return (row, seen);
        }
        assert_eq!(task.status, TaskStatus::Failed);
        assert!(
            !row.error_msg.clone().unwrap_or_default().is_empty(),
            "a failed backup says why"
        );
    }
    panic!("no backup succeeded in ten attempts");
}

#[tokio::test]
async fn dba_backs_up_and_restores_a_tenant() {
    let sim = sim().await;
    let client = admin(&sim);

    // A tenant without strategy gets one; log backup starts with it.
    let created = client
        .create_tenant_backup_strategy()
        .id(HZ)
        .tenant_id(CRM)
        .body(strategy())
        .send()
        .await
        .ocp()
        .unwrap();
    assert!(created.data.backup_object_ops_result_list[0].be_successful);

    let (row, seen) = backup_until_done(&sim, &client, CRM).await;
    for state in [
        DataBackupTaskStatus::Beginning,
        DataBackupTaskStatus::Initializing,
        DataBackupTaskStatus::Doing,
        DataBackupTaskStatus::Done,
    ] {
        assert!(seen.contains(&state), "{state:?} not seen in {seen:?}");
    }
    let snapshot = row
        .snapshot_version_time
        .clone()
        .expect("OceanBase 4 rows carry the snapshot");

    // The log checkpoint has to pass the snapshot before it becomes recoverable.
    sim.advance(Duration::from_secs(30 * 60));
    let info = client
        .get_tenant_backup_info()
        .id(HZ)
        .tenant_id(CRM)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let windows = recoverable_windows(&info);
    assert_eq!(windows.len(), 1, "{windows:?}");
    let window = &windows[0];
    assert!(
        window.start_time <= snapshot && snapshot < window.end_time,
        "{window:?} vs {snapshot}"
    );
    let point = OcpDateTime::from(*snapshot.as_datetime() + chrono::TimeDelta::minutes(5));
    assert!(point < window.end_time);

    // The preview names the full backup set and the log piece.
    let preview = client
        .preview_restore()
        .id(HZ)
        .body(restore(CRM, TEST, "crm_restored", point.original()))
        .send()
        .await
        .ocp()
        .unwrap();
    let kinds: Vec<_> = preview
        .data
        .contents
        .iter()
        .map(|i| i.backup_type.as_str().to_owned())
        .collect();
    assert_eq!(kinds, ["BACKUP_SET", "BACKUP_PIECE"]);
    let set_id = match preview.data.contents[0].backup_id.clone().unwrap() {
        types::LongOrString::String(s) => s,
        types::LongOrString::Int64(i) => i.to_string(),
    };
    assert_eq!(set_id, row.backup_set_id.unwrap().to_string());

    let answer = client
        .restore_tenant()
        .id(HZ)
        .body(restore(CRM, TEST, "crm_restored", point.original()))
        .send()
        .await
        .ocp()
        .unwrap();
    let task_id = answer.data.backup_object_ops_result_list[0].task_id_list[0];
    let creating = client
        .list_tenants()
        .cluster_id(TEST)
        .name("crm_restored")
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(creating.contents[0].status, Some(TenantStatus::Creating));

    let mut states = Vec::new();
    let restore_row = loop {
        let rows = client
            .list_tenant_restore_tasks()
            .id(HZ)
            .tenant_id(CRM)
            .send()
            .await
            .ocp()
            .unwrap()
            .data;
        let r = rows.contents[0].clone();
        if states.last() != Some(&r.status) {
            states.push(r.status.clone());
        }
        if r.finished == Some(true) {
            break r;
        }
        sim.advance(Duration::from_secs(20));
    };
    assert_eq!(
        restore_row.status,
        RestoreTaskStatus::RestoreSuccess,
        "{states:?}"
    );
    assert!(
        states.contains(&RestoreTaskStatus::RestoreWaitLs),
        "OceanBase 4 restore states: {states:?}"
    );
    assert_eq!(restore_row.restore_end_time.as_ref(), Some(&point));
    sim.advance(Duration::from_secs(5));
    let task = client
        .get_task_instance()
        .task_instance_id(task_id)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(task.status, TaskStatus::Successful);

    let tenants = client
        .list_tenants()
        .cluster_id(TEST)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let restored = tenants
        .contents
        .iter()
        .find(|t| t.name == "crm_restored")
        .expect("the restored tenant is listed");
    assert_eq!(restored.status, Some(TenantStatus::Normal));
    let detail = client
        .get_tenant()
        .cluster_id(TEST)
        .tenant_id(restored.id)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        detail.zones[0].resource_pool.as_ref().unwrap().unit_count,
        Some(1)
    );
}

#[tokio::test]
async fn log_backup_checkpoint_advances_and_windows_grow() {
    let sim = sim().await;
    let client = admin(&sim);
    let before = client
        .get_tenant_backup_info()
        .id(HZ)
        .tenant_id(TRADE)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let end_before = recoverable_windows(&before)
        .last()
        .unwrap()
        .end_time
        .clone();
    let logs = client
        .list_tenant_log_backup_tasks()
        .id(HZ)
        .tenant_id(TRADE)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let cp_before = logs.contents[0].checkpoint.clone().unwrap();
    sim.advance(Duration::from_secs(3600));
    let logs = client
        .list_tenant_log_backup_tasks()
        .id(HZ)
        .tenant_id(TRADE)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let cp_after = logs.contents[0].checkpoint.clone().unwrap();
    assert!(*cp_after.as_datetime() - *cp_before.as_datetime() >= chrono::TimeDelta::minutes(58));
    let delay = logs.contents[0].delay.unwrap();
    assert!((30.0..130.0).contains(&delay), "{delay}");
    let after = client
        .get_tenant_backup_info()
        .id(HZ)
        .tenant_id(TRADE)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert!(recoverable_windows(&after).last().unwrap().end_time > end_before);
}

#[tokio::test]
async fn strategy_refusals_use_ocp_codes() {
    let sim = sim().await;
    let client = admin(&sim);

    let e = client
        .create_cluster_backup_strategy()
        .id(BJ)
        .body(strategy())
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e), (Some(409), "BAK21001".into()));
    assert!(e.to_string().contains("ob_core_bj"), "{e}");
    let e = client
        .create_tenant_backup_strategy()
        .id(HZ)
        .tenant_id(TRADE)
        .body(strategy())
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e), (Some(409), "BAK21002".into()));
    assert!(e.to_string().contains("trade"), "{e}");

    let e = client
        .get_tenant_backup_strategy()
        .id(HZ)
        .tenant_id(CRM)
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e), (Some(404), "BAK21006".into()));
    let e = client
        .delete_cluster_backup_strategy()
        .id(TEST)
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e), (Some(404), "BAK21006".into()));
    let e = client
        .stop_tenant_backup_schedule()
        .id(HZ)
        .tenant_id(CRM)
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e), (Some(404), "BAK21006".into()));

    // PATCH with what GET returns is no change.
    let current = client
        .get_tenant_backup_strategy()
        .id(HZ)
        .tenant_id(TRADE)
        .send()
        .await
        .ocp()
        .unwrap()
        .data
        .unwrap();
    let same = types::BackupStrategyParam {
        backup_mode: current.backup_mode.clone().unwrap(),
        ob_backup_object_list: vec![],
        ob_backup_schedule_config: current.ob_backup_schedule_config.clone().unwrap(),
        ob_backup_service_storage_config: current.ob_backup_service_storage_config.clone().unwrap(),
        ob_backup_threshold_config: current.ob_backup_threshold_config.clone().unwrap(),
        ob_secondary_backup_config: None,
        secondary_backup_enabled: false,
    };
    let e = client
        .update_tenant_backup_strategy()
        .id(HZ)
        .tenant_id(TRADE)
        .body(same)
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e), (Some(400), "BAK21016".into()));

    // Version and role refusals.
    let e = client
        .create_tenant_backup_strategy()
        .id(BJ)
        .tenant_id(1_000_022)
        .body(strategy())
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e).1, "BAK30002", "OceanBase 3.x has no tenant backup");
    let e = client
        .backup_cluster_now()
        .id(BJ_DR)
        .body(backup_now("FULL_BACKUP"))
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e).1, "BAK40002", "no backup of a standby cluster");
}

#[tokio::test]
async fn backup_refusals_use_ocp_codes() {
    let sim = sim().await;
    let client = admin(&sim);

    // Incremental before any full: refused with the ability's hint.
    let ability = client
        .get_cluster_backup_ability()
        .id(TEST)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let hint = ability
        .ob_data_backup_support_ability
        .unwrap()
        .hint
        .unwrap();
    let e = client
        .backup_tenant_now()
        .id(TEST)
        .tenant_id(DEV_APP)
        .body(backup_now("INCREMENTAL_BACKUP"))
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e), (Some(400), "BAK31001".into()));
    assert!(e.to_string().contains(hint.trim_end_matches('.')), "{e}");
    assert_eq!(
        sim.world(|w| w
            .data_backup_tasks()
            .iter()
            .filter(|t| t.tenant_id == Some(DEV_APP))
            .count()),
        0
    );

    // A second baseline backup while one runs.
    client
        .backup_tenant_now()
        .id(TEST)
        .tenant_id(DEV_APP)
        .body(backup_now("FULL_BACKUP"))
        .send()
        .await
        .ocp()
        .unwrap();
    let e = client
        .backup_tenant_now()
        .id(TEST)
        .tenant_id(DEV_APP)
        .body(backup_now("FULL_BACKUP"))
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e), (Some(409), "BAK31005".into()));
    let e = client
        .backup_cluster_now()
        .id(TEST)
        .body(backup_now("FULL_BACKUP"))
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(
        code(&e).1,
        "BAK31005",
        "a cluster backup overlaps the running tenant backup"
    );
    assert_eq!(
        sim.world(|w| w
            .data_backup_tasks()
            .iter()
            .filter(|t| t.tenant_id == Some(DEV_APP))
            .count()),
        1
    );
}

#[tokio::test]
async fn restore_refusals_use_ocp_codes() {
    let sim = sim().await;
    let client = admin(&sim);
    let info = client
        .get_tenant_backup_info()
        .id(HZ)
        .tenant_id(TRADE)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let window = recoverable_windows(&info).last().unwrap().clone();
    let inside = OcpDateTime::from(*window.end_time.as_datetime() - chrono::TimeDelta::minutes(2));

    let e = client
        .restore_tenant()
        .id(HZ)
        .body(restore(TRADE, TEST, "dev_app", inside.original()))
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e), (Some(409), "BAK42005".into()));
    assert!(
        e.to_string().contains("dev_app") && e.to_string().contains("ob_test_431"),
        "{e}"
    );

    let future = OcpDateTime::from(sim.now() + chrono::TimeDelta::hours(1));
    let e = client
        .restore_tenant()
        .id(HZ)
        .body(restore(TRADE, TEST, "new_one", future.original()))
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e), (Some(400), "BAK10002".into()));
    assert!(e.to_string().contains("restoreEndTime"), "{e}");
    // The seed pauses trade's log backup for most of a day: the gap between its two windows
    // is not recoverable either.
    let windows = recoverable_windows(&info);
    assert!(windows.len() >= 2, "{windows:?}");
    let (before, after) = (&windows[windows.len() - 2], &windows[windows.len() - 1]);
    assert!(before.end_time.as_datetime() < after.start_time.as_datetime());
    let gap = OcpDateTime::from(*before.end_time.as_datetime() + chrono::TimeDelta::minutes(30));
    assert!(gap.as_datetime() < after.start_time.as_datetime());
    let e = client
        .preview_restore()
        .id(HZ)
        .body(restore(TRADE, TEST, "in_the_gap", gap.original()))
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e).1, "BAK10002", "{e}");
    let ancient = "2020-01-01T00:00:00+08:00";
    let e = client
        .preview_restore()
        .id(HZ)
        .body(restore(TRADE, TEST, "new_one", ancient))
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e).1, "BAK10002");

    client
        .restore_tenant()
        .id(HZ)
        .body(restore(TRADE, TEST, "twice", inside.original()))
        .send()
        .await
        .ocp()
        .unwrap();
    let e = client
        .restore_tenant()
        .id(HZ)
        .body(restore(TRADE, TEST, "twice", inside.original()))
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e), (Some(409), "BAK42004".into()));

    let e = client
        .restore_tenant()
        .id(HZ)
        .body(restore(TRADE, BJ_DR, "to_standby", inside.original()))
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e).1, "OBE11003");
    let e = client
        .restore_tenant()
        .id(HZ)
        .body(restore(TRADE, TEST, "9bad-name", inside.original()))
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e).1, "OBE21000");
    assert_eq!(
        sim.world(|w| w.restore_tasks().len()),
        4,
        "three seeded, one accepted"
    );
}

fn offline_json(storage_url: &str, tenant: &str, name: &str, at: &str) -> Value {
    json!({
        "backupTenantStatus": "OFFLINE",
        "restoreOfflineTenantRequiredParam": {
            "backupMode": "PHYSICAL_BACKUP", "backupClusterName": "ob_prod_hz", "backupTenantName": tenant,
            "restoreClusterId": TEST, "restoreEndTime": at,
            "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": storage_url},
            "restoreTenantInfoParam": {"name": name, "primaryZone": "zone1",
                "zones": [{"name": "zone1", "replicaType": "FULL", "resourcePool": {"unitSpecName": "S2", "unitCount": 1}}]}
        }
    })
}

/// An offline source names a storage location instead of OCP IDs: the simulator restores from it
/// only when that tenant's backup files lie there, and then plans exactly as for the online
/// source.
#[tokio::test]
async fn offline_restores_need_the_storage_holding_the_backups() {
    let sim = sim().await;
    let client = admin(&sim);
    let info = client
        .get_tenant_backup_info()
        .id(HZ)
        .tenant_id(TRADE)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let window = recoverable_windows(&info).last().unwrap().clone();
    let inside = OcpDateTime::from(*window.end_time.as_datetime() - chrono::TimeDelta::minutes(2));
    let at = inside.original();
    let offline = |url: &str, tenant: &str, name: &str| -> types::RestoreTenantParam {
        serde_json::from_value(offline_json(url, tenant, name, at)).unwrap()
    };
    let preview = |body: types::RestoreTenantParam| {
        let client = client.clone();
        async move {
            client
                .preview_restore()
                .id(HZ)
                .body(body)
                .send()
                .await
                .ocp()
        }
    };

    let online = preview(restore(TRADE, TEST, "trade_copy", at))
        .await
        .unwrap()
        .data
        .contents;
    for url in ["/obbackup/", "/obbackup", "/obbackup/ob_prod_hz"] {
        let got = preview(offline(url, "trade", "trade_copy"))
            .await
            .unwrap_or_else(|e| panic!("{url}: {e}"))
            .data
            .contents;
        assert_eq!(got, online, "{url}");
    }

    let e = preview(offline("/nfs/elsewhere", "trade", "trade_copy"))
        .await
        .unwrap_err();
    assert_eq!(code(&e), (Some(404), "COM10002".into()));
    assert!(e.to_string().contains("storageUrl=/nfs/elsewhere"), "{e}");
    let e = preview(offline("/obbackup/", "no_such_tenant", "trade_copy"))
        .await
        .unwrap_err();
    assert_eq!(code(&e), (Some(404), "COM10002".into()));
    assert!(e.to_string().contains("backupTenantName"), "{e}");

    let before = sim.world(|w| w.restore_tasks().len());
    client
        .restore_tenant()
        .id(HZ)
        .body(offline("/obbackup/", "trade", "trade_offline"))
        .send()
        .await
        .ocp()
        .unwrap();
    let task = sim.world(|w| w.restore_tasks()[0].clone());
    assert_eq!(sim.world(|w| w.restore_tasks().len()), before + 1);
    assert_eq!(task.restore_tenant_name.as_deref(), Some("trade_offline"));
    assert_eq!(task.backup_tenant_name.as_deref(), Some("trade"));
}

async fn raw(
    sim: &SimHandle,
    method: &str,
    path: &str,
    body: Option<&str>,
    user: (&str, &str),
) -> (u16, reqwest::header::HeaderMap, Value) {
    let http = ocp_api::tls::client();
    let mut req = http
        .request(method.parse().unwrap(), format!("{}{path}", sim.base_url()))
        .basic_auth(user.0, Some(user.1));
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_owned());
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (status, headers, value)
}

const ADMIN: (&str, &str) = (DEFAULT_ADMIN_USER, DEFAULT_ADMIN_PASSWORD);

fn assert_envelope(
    status: u16,
    headers: &reqwest::header::HeaderMap,
    body: &Value,
    want_status: u16,
    want_code: &str,
    field: &str,
) {
    assert_eq!(status, want_status, "{body}");
    assert_eq!(headers.get("content-type").unwrap(), "application/json");
    let parsed: types::ErrorResponse =
        serde_json::from_value(body.clone()).expect("OCP's error envelope");
    assert!(!parsed.successful);
    assert_eq!(parsed.status, i32::from(want_status));
    assert_eq!(body["error"]["code"], want_code, "{body}");
    let trace = parsed.trace_id.unwrap();
    assert!(
        trace.len() == 16 && trace.chars().all(|c| c.is_ascii_hexdigit()),
        "{trace}"
    );
    assert!(parsed.server.is_some() && parsed.timestamp.is_some());
    let message = parsed.error.message.unwrap();
    assert!(
        message.contains(field),
        "message {message:?} should name {field}"
    );
}

#[tokio::test]
async fn bad_input_gets_the_envelope_and_changes_nothing() {
    let sim = sim().await;
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
        assert_envelope(status, &headers, &value, 400, "COM10001", field);
    }
    let bad_mode = json!({"backupMode": "PHYSICAL_BACKUP", "dataBackupMode": "HALF_BACKUP", "obBackupServiceStorageConfig": storage()});
    let (s, h, v) = raw(
        &sim,
        "POST",
        &format!("/api/v2/ob/clusters/{TEST}/backup/backupNow"),
        Some(&bad_mode.to_string()),
        ADMIN,
    )
    .await;
    assert_envelope(s, &h, &v, 400, "COM10001", "dataBackupMode");
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
    assert_envelope(s, &h, &v, 400, "COM10001", "zones[0].replicaType");

    let lists = format!("/api/v2/ob/clusters/{HZ}/backup/task/dataBackupTasks");
    for (query, field) in [
        ("page=1&size=2001", "size"),
        ("page=0&size=10", "page"),
        ("page=1", "size"),
        ("page=1&size=ten", "size"),
    ] {
        let (s, h, v) = raw(&sim, "GET", &format!("{lists}?{query}"), None, ADMIN).await;
        assert_envelope(s, &h, &v, 400, "COM10001", field);
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
    assert_envelope(s, &h, &v, 400, "COM10001", "status");
    let (s, h, v) = raw(
        &sim,
        "GET",
        "/api/v2/ob/clusters/abc/backup/ability",
        None,
        ADMIN,
    )
    .await;
    assert_envelope(s, &h, &v, 400, "COM10001", "id");
    let (s, h, v) = raw(
        &sim,
        "GET",
        "/api/v2/ob/clusters/99/backup/ability",
        None,
        ADMIN,
    )
    .await;
    assert_envelope(s, &h, &v, 404, "COM10002", "id=99");
    let (s, h, v) = raw(
        &sim,
        "GET",
        &format!("/api/v2/ob/clusters/{HZ}/tenants/77"),
        None,
        ADMIN,
    )
    .await;
    assert_envelope(s, &h, &v, 404, "COM10002", "tenantId=77");
    let (s, h, v) = raw(&sim, "GET", "/api/v2/tasks/instances/12", None, ADMIN).await;
    assert_envelope(s, &h, &v, 404, "COM10002", "taskInstanceId=12");
    let (s, h, v) = raw(&sim, "GET", "/api/v2/no/such/thing", None, ADMIN).await;
    assert_envelope(s, &h, &v, 404, "COM10003", "/api/v2/no/such/thing");
    let (s, h, v) = raw(&sim, "PUT", &strategy_path, Some("{}"), ADMIN).await;
    assert_envelope(s, &h, &v, 405, "COM10008", "");
    let (s, h, v) = raw(&sim, "GET", &format!("/api/v2/ob/clusters/{HZ}/backup/info?startTime=2024-08-09T00:00:00Z&endTime=2024-08-01T00:00:00Z"), None, ADMIN).await;
    assert_envelope(s, &h, &v, 400, "COM10010", "");

    assert_eq!(state(&sim), before, "bad input changed the world");
}

#[tokio::test]
async fn authentication_and_permissions() {
    let sim = sim().await;
    let before = sim.world(|w| w.data_backup_task_count());

    // The read-only user reads but cannot write.
    let viewer = client_for(
        &sim,
        Credentials::basic(DEFAULT_VIEWER_USER, DEFAULT_VIEWER_PASSWORD),
    );
    viewer
        .get_cluster_backup_overview()
        .id(HZ)
        .send()
        .await
        .ocp()
        .unwrap();
    let e = viewer
        .backup_tenant_now()
        .id(HZ)
        .tenant_id(TRADE)
        .body(backup_now("FULL_BACKUP"))
        .send()
        .await
        .ocp()
        .unwrap_err();
    assert_eq!(code(&e), (Some(403), "IAM11000".into()));
    assert_eq!(sim.world(|w| w.data_backup_task_count()), before);

    let wrong = client_for(
        &sim,
        Credentials::basic(DEFAULT_ADMIN_USER, "not-the-password"),
    );
    let e = wrong.list_clusters().send().await.ocp().unwrap_err();
    assert_eq!(code(&e), (Some(401), "IAM10004".into()));
    let anonymous = ClientConfig::new(sim.base_url()).build().unwrap();
    let e = anonymous.list_clusters().send().await.ocp().unwrap_err();
    assert_eq!(code(&e), (Some(401), "IAM10000".into()));

    // AK/SK: a signed client reads and writes; wrong secrets, tampering and old dates are refused.
    let signed = client_for(
        &sim,
        Credentials::access_key(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET),
    );
    let page = signed
        .list_tenant_data_backup_tasks()
        .id(HZ)
        .tenant_id(TRADE)
        .page(1)
        .size(5)
        .send()
        .await
        .ocp()
        .unwrap();
    assert_eq!(page.data.contents.len(), 5);
    signed
        .backup_tenant_now()
        .id(HZ)
        .tenant_id(CRM)
        .body(backup_now("FULL_BACKUP"))
        .send()
        .await
        .ocp()
        .unwrap();
    let forged = client_for(
        &sim,
        Credentials::access_key(DEFAULT_ACCESS_KEY_ID, "wrong-secret"),
    );
    let e = forged.list_clusters().send().await.ocp().unwrap_err();
    assert_eq!(code(&e), (Some(401), "IAM10000".into()));

    let key = ocp_api::AccessKey::new(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET);
    let http = ocp_api::tls::client();
    let url = format!(
        "{}/api/v2/ob/clusters/{HZ}/tenants/{CRM}/backup/backupNow",
        sim.base_url()
    );
    let body = serde_json::to_vec(&backup_now("FULL_BACKUP")).unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(20 * 60);
    let mut req = http
        .post(&url)
        .header("content-type", "application/json")
        .body(body.clone())
        .build()
        .unwrap();
    signing::sign_request_at(&mut req, &key, old).unwrap();
    let resp = http.execute(req).await.unwrap();
    assert_eq!(
        resp.status().as_u16(),
        401,
        "a Date 20 minutes old is outside the window"
    );
    let v: Value = resp.json().await.unwrap();
    assert_eq!(v["error"]["code"], "IAM10000");

    let mut req = http
        .post(&url)
        .header("content-type", "application/json")
        .body(body)
        .build()
        .unwrap();
    signing::sign_request(&mut req, &key).unwrap();
    *req.body_mut() = Some(br#"{"tampered":true}"#.to_vec().into());
    let resp = http.execute(req).await.unwrap();
    assert_eq!(resp.status().as_u16(), 401, "the signature covers the body");
    let log = sim.world(|w| w.request_log());
    assert!(log.iter().any(|r| r.status == 401 && r.user.is_none()));
    assert!(
        log.iter()
            .any(|r| r.user.as_deref() == Some(DEFAULT_ACCESS_KEY_ID)
                && r.method == "POST"
                && r.status == 200)
    );
}

#[tokio::test]
async fn throttling_headers_and_client_retries() {
    let sim = sim().await;
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
    let sim = sim().await;
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

#[tokio::test]
async fn paging_and_filters_return_exactly_the_matching_rows() {
    let sim = sim().await;
    let client = admin(&sim);
    let all: Vec<types::DataBackupTask> = sim
        .world(|w| w.data_backup_tasks())
        .into_iter()
        .filter(|t| t.tenant_id == Some(IOT))
        .collect();
    assert!(all.len() >= 2500, "{}", all.len());

    let first = client
        .list_tenant_data_backup_tasks()
        .id(HZ)
        .tenant_id(IOT)
        .page(1)
        .size(2000)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(first.contents.len(), 2000);
    assert_eq!(first.page.total_elements, all.len() as i64);
    assert_eq!(first.page.total_pages, all.len().div_ceil(2000) as i32);
    let second = client
        .list_tenant_data_backup_tasks()
        .id(HZ)
        .tenant_id(IOT)
        .page(2)
        .size(2000)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(second.contents.len(), all.len() - 2000);
    let mut ids: Vec<i64> = first
        .contents
        .iter()
        .chain(&second.contents)
        .map(|t| t.task_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "pages neither overlap nor skip");
    let beyond = client
        .list_tenant_data_backup_tasks()
        .id(HZ)
        .tenant_id(IOT)
        .page(9)
        .size(2000)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert!(beyond.contents.is_empty());

    // status
    let failed = client
        .list_tenant_data_backup_tasks()
        .id(HZ)
        .tenant_id(IOT)
        .status(vec![DataBackupTaskStatus::Failed])
        .size(2000)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let expected = all
        .iter()
        .filter(|t| t.status == DataBackupTaskStatus::Failed)
        .count();
    assert!(expected > 0);
    assert_eq!(failed.page.total_elements, expected as i64);
    assert!(
        failed
            .contents
            .iter()
            .all(|t| t.status == DataBackupTaskStatus::Failed
                && !t.error_msg.clone().unwrap().is_empty())
    );

    // time range (UTC on tenant lists)
    let (from, to) = (
        sim.now() - chrono::TimeDelta::days(3),
        sim.now() - chrono::TimeDelta::days(1),
    );
    let ranged = client
        .list_tenant_data_backup_tasks()
        .id(HZ)
        .tenant_id(IOT)
        .start_time(OcpDateTime::from(from.with_timezone(&chrono::Utc)))
        .end_time(OcpDateTime::from(to.with_timezone(&chrono::Utc)))
        .size(2000)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let expected = all.iter().filter(|t| {
        let start = *t.start_time.as_ref().unwrap().as_datetime();
        from <= start && start <= to
    });
    assert_eq!(ranged.page.total_elements, expected.count() as i64);
    assert!(
        (40..60).contains(&ranged.contents.len()),
        "two days of hourly backups: {}",
        ranged.contents.len()
    );

    // backupSetId
    let one = client
        .list_tenant_data_backup_tasks()
        .id(HZ)
        .tenant_id(IOT)
        .backup_set_id(1234)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(one.contents.len(), 1);
    assert_eq!(one.contents[0].backup_set_id, Some(1234));
    let cluster_level = client
        .list_cluster_data_backup_tasks()
        .id(BJ)
        .backup_set_id(3)
        .page(1)
        .size(10)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(cluster_level.contents.len(), 1);

    // restore cluster name
    let into_test = client
        .list_tenant_restore_tasks()
        .id(HZ)
        .tenant_id(TRADE)
        .restore_cluster_name(vec!["ob_test_431".to_owned()])
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(into_test.contents.len(), 1);
    let into_hz = client
        .list_tenant_restore_tasks()
        .id(HZ)
        .tenant_id(TRADE)
        .restore_cluster_name(vec!["ob_prod_hz".to_owned()])
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert!(into_hz.contents.is_empty());
    let failed_restores = client
        .list_cluster_restore_tasks()
        .id(BJ)
        .page(1)
        .size(10)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(failed_restores.contents.len(), 2);

    // cluster name on the task list
    let bj_tasks = client
        .list_task_instances()
        .cluster_name("core_bj")
        .size(2000)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let expected = sim.world(|w| {
        w.task_instances()
            .iter()
            .filter(|t| {
                t.cluster
                    .as_ref()
                    .and_then(|c| c.name.clone())
                    .is_some_and(|n| n.contains("core_bj"))
            })
            .count()
    });
    assert_eq!(bj_tasks.page.total_elements, expected as i64);
    assert!(
        bj_tasks
            .contents
            .iter()
            .all(|t| t.cluster.as_ref().unwrap().name.as_deref() == Some("ob_core_bj"))
    );

    // tenant flags
    let readonly = client
        .list_tenants()
        .cluster_id(BJ_DR)
        .readonly(true)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        readonly.page.total_elements, 3,
        "standby tenants are read-only"
    );
    let _ = DataBackupMode::FullBackup;
}

#[tokio::test]
async fn the_same_seed_builds_the_same_world() {
    let a = sim().await;
    let b = sim().await;
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
