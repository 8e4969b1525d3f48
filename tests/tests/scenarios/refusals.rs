//! OCP's refusals of strategy, backup and restore requests, each with its OCP code.

use ocp_api::time::OcpDateTime;
use ocp_api::{ResultExt, types};
use ocp_backup_tests::body::{backup_now, restore, strategy};
use ocp_backup_tests::sim::{admin, code, frozen_sim, recoverable_windows};
use ocp_backup_tests::world::*;

#[tokio::test]
async fn strategy_refusals_use_ocp_codes() {
    let sim = frozen_sim().await;
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
        .tenant_id(ERP)
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
    let sim = frozen_sim().await;
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
