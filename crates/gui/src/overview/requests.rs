//! The overview's reads (backup overview, ability) and "back up now" with what it checks first.

use ocp_api::enums::{BackupDimension, DataBackupMode};
use ocp_api::{Client, Operation, ResultExt, types};

use super::Done;
use crate::error::UiError;
use crate::model::{Job, Target};
use crate::requests::{MAX_PAGE_SIZE, MAX_ROWS};
use crate::worker::Request;

pub fn cluster_overview(client: Client, cluster: i64) -> Request {
    Request::new(
        Job::ClusterOverview(cluster),
        fetch_overview(client, cluster),
        move |r| Done::ClusterOverview(cluster, r),
    )
}

pub fn ability(client: Client, cluster: i64) -> Request {
    Request::new(
        Job::Ability(cluster),
        fetch_ability(client, cluster),
        move |r| Done::Ability(cluster, r),
    )
}

pub fn full_backup_exists(client: Client, target: Target) -> Request {
    Request::new(
        Job::FullBackupExists(target),
        fetch_full_backup_exists(client, target),
        move |r| Done::FullBackupExists(target, r),
    )
}

/// Starts a data backup: exactly one request, never retried.
pub fn backup_now(
    client: Client,
    target: Target,
    mode: DataBackupMode,
    strategy: types::OcpBackupStrategy,
) -> Request {
    Request::new(
        Job::BackupNow(target),
        send_backup_now(client, target, mode, strategy),
        move |r| Done::BackupNow(target, r),
    )
}

async fn fetch_overview(
    client: Client,
    cluster: i64,
) -> Result<Box<types::ClusterBackupInfoDetail>, UiError> {
    let got = client
        .get_cluster_backup_overview()
        .id(cluster)
        .send()
        .await
        .ocp()?;
    Ok(Box::new(got.data))
}

async fn fetch_ability(
    client: Client,
    cluster: i64,
) -> Result<Box<types::ObBackupAbility>, UiError> {
    let got = client
        .get_cluster_backup_ability()
        .id(cluster)
        .send()
        .await
        .ocp()?;
    Ok(Box::new(got.data))
}

/// Whether the target has a successful full data backup in its recent history.
async fn fetch_full_backup_exists(client: Client, target: Target) -> Result<bool, UiError> {
    let done = |t: &types::DataBackupTask| {
        t.status.as_str() == "DONE"
            && t.data_backup_task_type
                .as_ref()
                .is_some_and(|m| m.as_str() == "FULL_BACKUP")
    };
    // Without tenant-level lists, the cluster's rows of the tenant.
    let (target, of_tenant) = match target {
        Target::Tenant { cluster, tenant }
            if !client.supports(Operation::ListTenantDataBackupTasks) =>
        {
            (Target::Cluster(cluster), Some(tenant))
        }
        other => (other, None),
    };
    let done =
        |t: &types::DataBackupTask| done(t) && of_tenant.is_none_or(|id| t.tenant_id == Some(id));
    let mut page = 1;
    loop {
        let (rows, pages) = match target {
            Target::Cluster(c) => {
                let got = client
                    .list_cluster_data_backup_tasks()
                    .id(c)
                    .page(page)
                    .size(MAX_PAGE_SIZE)
                    .send()
                    .await
                    .ocp()?;
                (got.data.contents, i64::from(got.data.page.total_pages))
            }
            Target::Tenant { cluster, tenant } => {
                let got = client
                    .list_tenant_data_backup_tasks()
                    .id(cluster)
                    .tenant_id(tenant)
                    .status(vec!["DONE".into()])
                    .page(page as i32)
                    .size(MAX_PAGE_SIZE as i32)
                    .send()
                    .await
                    .ocp()?;
                (got.data.contents, i64::from(got.data.page.total_pages))
            }
        };
        if rows.iter().any(done) {
            return Ok(true);
        }
        if page >= pages || rows.len() >= MAX_ROWS {
            return Ok(false);
        }
        page += 1;
    }
}

/// Starts a data backup with the storage of the strategy the user is looking at. Exactly one
/// request, never retried: a retried backupNow would be a second backup.
async fn send_backup_now(
    client: Client,
    target: Target,
    mode: DataBackupMode,
    strategy: types::OcpBackupStrategy,
) -> Result<Vec<i64>, UiError> {
    let (Some(backup_mode), Some(storage)) = (
        strategy.backup_mode,
        strategy.ob_backup_service_storage_config,
    ) else {
        return Err(UiError::invalid(
            "the current strategy has no backup mode or storage",
        ));
    };
    let object = types::BackupObject {
        backup_dimension: if target.tenant().is_some() {
            BackupDimension::Tenant
        } else {
            BackupDimension::Cluster
        },
        cluster_id: target.cluster(),
        tenant_id: target.tenant(),
    };
    let body = types::BackupNowParam {
        backup_mode,
        data_backup_mode: mode,
        ob_backup_object: Some(object),
        ob_backup_service_storage_config: storage,
    };
    let done = match target {
        Target::Cluster(c) => client
            .backup_cluster_now()
            .id(c)
            .body(body)
            .send()
            .await
            .ocp()?,
        Target::Tenant { cluster, tenant } => client
            .backup_tenant_now()
            .id(cluster)
            .tenant_id(tenant)
            .body(body)
            .send()
            .await
            .ocp()?,
    };
    let mut task_ids = Vec::new();
    for result in &done.data.backup_object_ops_result_list {
        if !result.be_successful {
            let hint = result
                .hint
                .clone()
                .unwrap_or_else(|| "OCP refused the backup".into());
            return Err(UiError {
                code: None,
                message: hint,
                trace_id: Some(done.trace_id.clone()),
                status: None,
                kind: crate::error::ErrorKind::Ocp,
            });
        }
        task_ids.extend(result.task_id_list.iter().copied());
    }
    Ok(task_ids)
}
