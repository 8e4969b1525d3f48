//! A DBA's whole flows: a strategy, a backup until it succeeds, the log checkpoint and the
//! recoverable windows, a preview and a restore (online and from an offline storage).

use std::time::Duration;

use ocp_api::enums::{DataBackupTaskStatus, RestoreTaskStatus, TaskStatus, TenantStatus};
use ocp_api::time::OcpDateTime;
use ocp_api::{Client, ResultExt, types};
use ocp_backup_tests::body::{backup_now, restore, strategy};
use ocp_backup_tests::sim::{admin, code, frozen_sim, recoverable_windows};
use ocp_backup_tests::world::*;
use ocp_sim::SimHandle;
use serde_json::{Value, json};

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
    let sim = frozen_sim().await;
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
    let sim = frozen_sim().await;
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
    let sim = frozen_sim().await;
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
