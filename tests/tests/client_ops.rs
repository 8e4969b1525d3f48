//! The generated client drives every one of the spec's 33 operations against the simulator.

use std::sync::Arc;
use std::time::Duration;

use ocp_api::enums::{
    BackupDimension, BackupScheduleStatus, BackupTaskType, ClusterType, DataBackupTaskStatus,
    LogBackupTaskStatus, ObClusterBackupStatus, RecoverableSectionItemType,
    RestorePreviewBackupType, RestoreTaskStatus, TaskStatus, TenantMode,
};
use ocp_api::{Client, ClientConfig, Credentials, ResultExt};
use ocp_sim::{DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, SimHandle};

use ocp_backup_tests::body::{backup_now, restore, strategy};
use ocp_backup_tests::sim::{frozen_sim, recoverable_windows};
use ocp_backup_tests::world::*;

/// A simulator and a client for it. With `OCP_E2E_PRISM` (the prism binary) and `OCP_E2E_SPEC`
/// set, as `cargo xtask prism-e2e` does, the client talks through `prism proxy --errors` in front
/// of the simulator, so any request or answer that breaks the spec fails the test.
async fn setup() -> (Arc<SimHandle>, Client, Option<PrismProxy>) {
    let sim = frozen_sim().await;
    let proxy = match (
        std::env::var("OCP_E2E_PRISM"),
        std::env::var("OCP_E2E_SPEC"),
    ) {
        (Ok(prism), Ok(spec)) => Some(PrismProxy::start(&prism, &spec, sim.base_url()).await),
        _ => None,
    };
    let url = proxy
        .as_ref()
        .map_or_else(|| sim.base_url().to_owned(), |p| p.url.clone());
    let client = ClientConfig::new(url)
        .credentials(Credentials::basic(
            DEFAULT_ADMIN_USER,
            DEFAULT_ADMIN_PASSWORD,
        ))
        .build()
        .expect("client");
    (sim, client, proxy)
}

/// A `prism proxy --errors` child process, killed when dropped.
struct PrismProxy {
    child: std::process::Child,
    url: String,
}

impl PrismProxy {
    async fn start(prism: &str, spec: &str, upstream: &str) -> PrismProxy {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = std::process::Command::new(prism)
            .args([
                "proxy",
                "--errors",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                spec,
                upstream,
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("prism starts");
        let proxy = PrismProxy {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        for _ in 0..300 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return proxy;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("prism proxy did not start on port {port}");
    }
}

impl Drop for PrismProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The end of the latest RECOVERABLE interval of a tenant, less a minute.
async fn recoverable_point(
    client: &Client,
    cluster: i64,
    tenant: i64,
) -> ocp_api::time::OcpDateTime {
    let info = client
        .get_tenant_backup_info()
        .id(cluster)
        .tenant_id(tenant)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let window = recoverable_windows(&info)
        .pop()
        .expect("a recoverable window");
    let end = *window.end_time.as_datetime() - chrono::TimeDelta::minutes(1);
    ocp_api::time::OcpDateTime::from(end)
}

#[tokio::test]
async fn cluster_reads() {
    let (sim, client, _proxy) = setup().await;

    // getClusterBackupAbility
    let ability = client
        .get_cluster_backup_ability()
        .id(HZ)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let support = ability.ob_data_backup_support_ability.unwrap();
    assert_eq!(support.can_do_incremental_backup, Some(true));
    let none = client
        .get_cluster_backup_ability()
        .id(TEST)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let support = none.ob_data_backup_support_ability.unwrap();
    assert_eq!(support.can_do_incremental_backup, Some(false));
    assert!(support.hint.unwrap().contains("full backup"));
    let zh = ClientConfig::new(sim.base_url())
        .credentials(Credentials::basic(
            DEFAULT_ADMIN_USER,
            DEFAULT_ADMIN_PASSWORD,
        ))
        .language("zh-CN")
        .build()
        .unwrap();
    let hint = zh
        .get_cluster_backup_ability()
        .id(TEST)
        .send()
        .await
        .ocp()
        .unwrap()
        .data
        .ob_data_backup_support_ability
        .unwrap()
        .hint;
    assert_eq!(
        hint.as_deref(),
        Some("物理备份下，增量备份之前必须有一次全量的数据备份")
    );

    // getClusterBackupStrategy
    let s = client
        .get_cluster_backup_strategy()
        .id(BJ)
        .send()
        .await
        .ocp()
        .unwrap()
        .data
        .expect("bj has a strategy");
    assert_eq!(s.backup_dimension, Some(BackupDimension::Cluster));
    assert_eq!(s.cluster_name.as_deref(), Some("ob_core_bj"));
    assert_eq!(s.secondary_backup_enabled, Some(true));
    assert!(
        s.ob_backup_service_storage_config
            .unwrap()
            .storage_id
            .is_some()
    );

    // getClusterBackupOverview
    let o = client
        .get_cluster_backup_overview()
        .id(BJ)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        o.ob_cluster_backup_status,
        Some(ObClusterBackupStatus::HasBackupStrategy)
    );
    assert_eq!(o.ob_version.as_deref(), Some("3.2.4.5"));
    assert_eq!(o.primary_and_standby_mode, Some(true));
    assert!(o.last_data_backup_time.is_some() && o.latest_log_backup_checkpoint.is_some());
    let delay = o.log_backup_delay_seconds.expect("log backup runs");
    assert!((30..200).contains(&delay), "{delay}");
    let sz = client
        .get_cluster_backup_overview()
        .id(SZ)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        sz.backup_schedule_status,
        Some(BackupScheduleStatus::Paused)
    );
    let test = client
        .get_cluster_backup_overview()
        .id(TEST)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        test.ob_cluster_backup_status,
        Some(ObClusterBackupStatus::NoBackupStrategy)
    );
    assert_eq!(
        test.backup_schedule_status,
        Some(BackupScheduleStatus::None)
    );

    // listClusterDataBackupTasks: a 3.x cluster-level history of at least a week
    let page = client
        .list_cluster_data_backup_tasks()
        .id(BJ)
        .page(1)
        .size(100)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert!(page.page.total_elements >= 8, "{:?}", page.page);
    let first = &page.contents[0];
    assert_eq!(
        (first.tenant_id, first.backup_dimension.clone()),
        (Some(0), Some(BackupDimension::Cluster))
    );
    assert!(first.data_version.is_some());
    assert!(
        page.contents
            .windows(2)
            .all(|w| w[0].start_time >= w[1].start_time),
        "newest first"
    );

    // listClusterLogBackupTasks
    let logs = client
        .list_cluster_log_backup_tasks()
        .id(HZ)
        .page(1)
        .size(10)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let statuses: Vec<_> = logs.contents.iter().map(|l| l.status.clone()).collect();
    assert!(
        statuses.contains(&LogBackupTaskStatus::Running)
            && statuses.contains(&LogBackupTaskStatus::Stopped),
        "{statuses:?}"
    );

    // listClusterRestoreTasks
    let restores = client
        .list_cluster_restore_tasks()
        .id(BJ)
        .page(1)
        .size(10)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let states: Vec<_> = restores
        .contents
        .iter()
        .map(|r| (r.restore_tenant_name.clone().unwrap(), r.status.clone()))
        .collect();
    assert!(
        states.contains(&("erp_audit".into(), RestoreTaskStatus::RestoreFail)),
        "{states:?}"
    );
    assert!(
        states.contains(&("hr_snapshot".into(), RestoreTaskStatus::RestoreSuccess)),
        "{states:?}"
    );
    let failed = restores
        .contents
        .iter()
        .find(|r| r.status == RestoreTaskStatus::RestoreFail)
        .unwrap();
    assert!(
        failed
            .error_msg
            .as_deref()
            .unwrap()
            .contains("OB_ENTRY_NOT_EXIST")
    );
    assert_eq!(failed.status_desc.as_deref(), Some("Failed"));

    // getClusterBackupInfo
    let info = client
        .get_cluster_backup_info()
        .id(HZ)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let names: Vec<_> = info
        .tenant_backup_infos
        .iter()
        .map(|t| t.tenant_name.clone().unwrap())
        .collect();
    assert_eq!(names, ["trade", "billing", "iot_metrics", "crm"]);
    let kinds: Vec<_> = info
        .ob_recoverable_info_aggregation
        .unwrap()
        .latest_seven_days_aggregation
        .unwrap()
        .ob_recoverable_section_items
        .into_iter()
        .map(|i| i.ob_recoverable_section_item_type)
        .collect();
    for kind in [
        RecoverableSectionItemType::FullDataBackup,
        RecoverableSectionItemType::IncrementalDataBackup,
        RecoverableSectionItemType::LogBackup,
        RecoverableSectionItemType::Recoverable,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} missing");
    }
}

#[tokio::test]
async fn cluster_writes() {
    let (sim, client, _proxy) = setup().await;

    // createClusterBackupStrategy on the cluster without any strategy
    let created = client
        .create_cluster_backup_strategy()
        .id(TEST)
        .body(strategy())
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        created.ob_backup_task_type,
        BackupTaskType::CreateBackupStrategy
    );
    let result = &created.backup_object_ops_result_list[0];
    assert!(result.be_successful);
    assert_eq!(result.ob_backup_object_list[0].cluster_id, TEST);
    let task = client
        .get_task_instance()
        .task_instance_id(result.task_id_list[0])
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(task.name, "Create backup strategy");
    assert_eq!(
        task.creator.unwrap().name.as_deref(),
        Some(DEFAULT_ADMIN_USER)
    );

    // updateClusterBackupStrategy
    let mut changed = strategy();
    changed.ob_backup_schedule_config.backup_schedule_time = "03:30:00.000+08:00".parse().unwrap();
    let updated = client
        .update_cluster_backup_strategy()
        .id(TEST)
        .body(changed)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        updated.ob_backup_task_type,
        BackupTaskType::UpdateBackupStrategy
    );
    let stored = sim.world(|w| w.strategy(TEST, None)).unwrap();
    assert_eq!(
        stored
            .ob_backup_schedule_config
            .unwrap()
            .backup_schedule_time
            .as_str(),
        "03:30:00.000+08:00"
    );

    // stopClusterBackupSchedule / startClusterBackupSchedule
    let stopped = client
        .stop_cluster_backup_schedule()
        .id(BJ)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        stopped.ob_backup_task_type,
        BackupTaskType::StopBackupSchedule
    );
    let o = client
        .get_cluster_backup_overview()
        .id(BJ)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(o.backup_schedule_status, Some(BackupScheduleStatus::Paused));
    let started = client
        .start_cluster_backup_schedule()
        .id(SZ)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        started.ob_backup_task_type,
        BackupTaskType::StartBackupSchedule
    );
    let o = client
        .get_cluster_backup_overview()
        .id(SZ)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_ne!(o.backup_schedule_status, Some(BackupScheduleStatus::Paused));

    // backupClusterNow
    let now = client
        .backup_cluster_now()
        .id(SZ)
        .body(backup_now("FULL_BACKUP"))
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(now.ob_backup_task_type, BackupTaskType::DataBackupNow);
    let task_id = now.backup_object_ops_result_list[0].task_id_list[0];
    let task = client
        .get_task_instance()
        .task_instance_id(task_id)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(task.status, TaskStatus::Running);
    let rows = client
        .list_cluster_data_backup_tasks()
        .id(SZ)
        .page(1)
        .size(1)
        .send()
        .await
        .ocp()
        .unwrap()
        .data
        .contents;
    assert_eq!(rows[0].status, DataBackupTaskStatus::Beginning);

    // deleteClusterBackupStrategy
    let deleted = client
        .delete_cluster_backup_strategy()
        .id(SZ)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        deleted.ob_backup_task_type,
        BackupTaskType::DeleteBackupStrategy
    );
    let o = client
        .get_cluster_backup_overview()
        .id(SZ)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        o.ob_cluster_backup_status,
        Some(ObClusterBackupStatus::NoBackupStrategy)
    );
}

#[tokio::test]
async fn restore_operations() {
    let (sim, client, _proxy) = setup().await;
    let point = recoverable_point(&client, HZ, TRADE).await;

    // previewRestore
    let preview = client
        .preview_restore()
        .id(HZ)
        .body(restore(TRADE, TEST, "trade_copy", &point.to_string()))
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let kinds: Vec<_> = preview
        .contents
        .iter()
        .map(|i| i.backup_type.clone())
        .collect();
    assert_eq!(kinds.first(), Some(&RestorePreviewBackupType::BackupSet));
    assert_eq!(kinds.last(), Some(&RestorePreviewBackupType::BackupPiece));
    assert!(
        preview.contents[0]
            .backup_dest
            .contains("/data/backup_set_"),
        "{}",
        preview.contents[0].backup_dest
    );
    assert!(
        preview
            .contents
            .last()
            .unwrap()
            .backup_dest
            .contains("/clog/")
    );

    // addRestoreSource: the added path shows up in the preview of restores into that cluster
    let source = "file:///obbackup/extra/tenant_incarnation_1/1002/data/backup_set_7_full_20240801";
    client
        .add_restore_source()
        .restore_cluster_id(TEST)
        .restore_sources(vec![source.to_owned()])
        .send()
        .await
        .ocp()
        .unwrap();
    assert_eq!(sim.world(|w| w.restore_sources(TEST)), [source]);
    let preview = client
        .preview_restore()
        .id(HZ)
        .body(restore(TRADE, TEST, "trade_copy", &point.to_string()))
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert!(preview.contents.iter().any(|i| i.backup_dest == source));

    // clearRestoreSource
    client
        .clear_restore_source()
        .restore_cluster_id(TEST)
        .send()
        .await
        .ocp()
        .unwrap();
    assert!(sim.world(|w| w.restore_sources(TEST)).is_empty());

    // restoreTenant
    let done = client
        .restore_tenant()
        .id(HZ)
        .body(restore(TRADE, TEST, "trade_copy", &point.to_string()))
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(done.ob_backup_task_type, BackupTaskType::Restore);
    let task = done.backup_object_ops_result_list[0].task_id_list[0];
    assert_eq!(
        client
            .get_task_instance()
            .task_instance_id(task)
            .send()
            .await
            .ocp()
            .unwrap()
            .data
            .name,
        "Restore tenant"
    );
}

#[tokio::test]
async fn tenant_operations() {
    let (sim, client, _proxy) = setup().await;

    // createTenantBackupStrategy (tenant strategies answer an empty task list, as in the samples)
    let created = client
        .create_tenant_backup_strategy()
        .id(HZ)
        .tenant_id(CRM)
        .body(strategy())
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        created.ob_backup_task_type,
        BackupTaskType::CreateBackupStrategy
    );
    assert_eq!(
        created.backup_object_ops_result_list[0].ob_backup_object_list[0].tenant_id,
        Some(CRM)
    );

    // getTenantBackupStrategy
    let s = client
        .get_tenant_backup_strategy()
        .id(HZ)
        .tenant_id(CRM)
        .send()
        .await
        .ocp()
        .unwrap()
        .data
        .unwrap();
    assert_eq!(
        (s.tenant_name.as_deref(), s.backup_dimension.clone()),
        (Some("crm"), Some(BackupDimension::Tenant))
    );
    let storage_id = s
        .ob_backup_service_storage_config
        .as_ref()
        .unwrap()
        .storage_id;

    // updateTenantBackupStrategy
    let mut changed = strategy();
    changed.ob_backup_threshold_config.log_backup_delay_seconds = 600;
    changed.ob_backup_service_storage_config.storage_id = storage_id;
    let updated = client
        .update_tenant_backup_strategy()
        .id(HZ)
        .tenant_id(CRM)
        .body(changed)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        updated.ob_backup_task_type,
        BackupTaskType::UpdateBackupStrategy
    );

    // stopTenantBackupSchedule / startTenantBackupSchedule
    client
        .stop_tenant_backup_schedule()
        .id(HZ)
        .tenant_id(CRM)
        .send()
        .await
        .ocp()
        .unwrap();
    let s = sim.world(|w| w.strategy(HZ, Some(CRM))).unwrap();
    assert_eq!(
        s.ob_backup_schedule_config.unwrap().backup_schedule_enabled,
        Some(false)
    );
    let started = client
        .start_tenant_backup_schedule()
        .id(HZ)
        .tenant_id(CRM)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        started.ob_backup_task_type,
        BackupTaskType::StartBackupSchedule
    );
    let s = sim.world(|w| w.strategy(HZ, Some(CRM))).unwrap();
    assert_eq!(
        s.ob_backup_schedule_config.unwrap().backup_schedule_enabled,
        Some(true)
    );

    // backupTenantNow
    let now = client
        .backup_tenant_now()
        .id(HZ)
        .tenant_id(CRM)
        .body(backup_now("FULL_BACKUP"))
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(now.ob_backup_task_type, BackupTaskType::DataBackupNow);

    // listTenantDataBackupTasks
    let rows = client
        .list_tenant_data_backup_tasks()
        .id(HZ)
        .tenant_id(CRM)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(rows.page.total_elements, 1);
    assert_eq!(rows.contents[0].tenant_name.as_deref(), Some("crm"));
    assert!(
        rows.contents[0]
            .start_time
            .as_ref()
            .unwrap()
            .original()
            .ends_with('Z'),
        "tenant lists answer in UTC"
    );

    // listTenantLogBackupTasks: the strategy started log backup; the pause stopped it and the
    // resume started a second round
    let logs = client
        .list_tenant_log_backup_tasks()
        .id(HZ)
        .tenant_id(CRM)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(logs.contents.len(), 2);
    sim.advance(Duration::from_secs(600));
    let logs = client
        .list_tenant_log_backup_tasks()
        .id(HZ)
        .tenant_id(CRM)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(logs.contents[0].status, LogBackupTaskStatus::Running);
    assert_eq!(logs.contents[1].status, LogBackupTaskStatus::Stopped);
    assert!(logs.contents[0].checkpoint.is_some() && logs.contents[0].delay.is_some());

    // listTenantRestoreTasks: the seeded restore of trade into ob_test_431
    let restores = client
        .list_tenant_restore_tasks()
        .id(HZ)
        .tenant_id(TRADE)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(restores.contents.len(), 1);
    assert_eq!(
        restores.contents[0].restore_tenant_name.as_deref(),
        Some("trade_verify")
    );

    // getTenantBackupInfo
    let info = client
        .get_tenant_backup_info()
        .id(HZ)
        .tenant_id(IOT)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    let items = info
        .ob_recoverable_info_aggregation
        .unwrap()
        .latest_seven_days_aggregation
        .unwrap()
        .ob_recoverable_section_items;
    let incrementals = items
        .iter()
        .filter(|i| {
            i.ob_recoverable_section_item_type == RecoverableSectionItemType::IncrementalDataBackup
        })
        .count();
    assert!(
        incrementals > 100,
        "hourly incrementals over a week: {incrementals}"
    );

    // deleteTenantBackupStrategy
    let deleted = client
        .delete_tenant_backup_strategy()
        .id(HZ)
        .tenant_id(CRM)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        deleted.ob_backup_task_type,
        BackupTaskType::DeleteBackupStrategy
    );
    assert!(sim.world(|w| w.strategy(HZ, Some(CRM))).is_none());
    let _ = BILLING;
}

#[tokio::test]
async fn clusters_tenants_and_tasks() {
    let (_sim, client, _proxy) = setup().await;

    // listClusters
    let clusters = client
        .list_clusters()
        .size(100)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(clusters.page.total_elements, 5);
    let names: Vec<_> = clusters.contents.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ob_prod_hz",
            "ob_core_bj",
            "ob_core_bj_dr",
            "ob_arch_sz",
            "ob_test_431"
        ]
    );
    let bj = &clusters.contents[1];
    assert_eq!(bj.standby_clusters[0].id, BJ_DR);
    assert_eq!(clusters.contents[2].type_, Some(ClusterType::Standby));
    let filtered = client
        .list_clusters()
        .name("CORE")
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(filtered.contents.len(), 2);

    // listTenants
    let tenants = client
        .list_tenants()
        .cluster_id(HZ)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(tenants.page.total_elements, 5);
    let oracle = client
        .list_tenants()
        .cluster_id(HZ)
        .mode(TenantMode::Oracle)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        oracle
            .contents
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>(),
        ["billing"]
    );
    let restored = client
        .list_tenants()
        .cluster_id(TEST)
        .name("verify")
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        restored.contents[0].name, "trade_verify",
        "the seeded restore produced a tenant"
    );

    // getTenant
    let trade = client
        .get_tenant()
        .cluster_id(HZ)
        .tenant_id(TRADE)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert_eq!(
        (trade.name.as_str(), trade.ob_tenant_id),
        ("trade", Some(1002))
    );
    assert_eq!(trade.zones.len(), 3);
    assert!(!trade.zones[0].units.is_empty());

    // listTaskInstances
    let tasks = client
        .list_task_instances()
        .cluster_id(HZ)
        .tenant_id(IOT)
        .size(2000)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert!(tasks.page.total_elements >= 2500, "{:?}", tasks.page);
    assert!(
        tasks.contents.windows(2).all(|w| w[0].id > w[1].id),
        "newest first"
    );
    let failed = client
        .list_task_instances()
        .status(vec![TaskStatus::Failed])
        .size(50)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert!(
        failed.page.total_elements > 0
            && failed
                .contents
                .iter()
                .all(|t| t.status == TaskStatus::Failed)
    );

    // getTaskInstance
    let task = client
        .get_task_instance()
        .task_instance_id(tasks.contents[0].id)
        .send()
        .await
        .ocp()
        .unwrap()
        .data;
    assert!(!task.subtasks.is_empty());
    assert_eq!(task.tenant.unwrap().name.as_deref(), Some("iot_metrics"));
}
