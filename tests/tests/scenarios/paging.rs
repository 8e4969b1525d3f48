//! Paging and filters return exactly the matching rows.

use ocp_api::enums::{DataBackupMode, DataBackupTaskStatus};
use ocp_api::time::OcpDateTime;
use ocp_api::{ResultExt, types};
use ocp_backup_tests::sim::{admin, frozen_sim};
use ocp_backup_tests::world::*;

#[tokio::test]
async fn paging_and_filters_return_exactly_the_matching_rows() {
    let sim = frozen_sim().await;
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
