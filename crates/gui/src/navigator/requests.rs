//! The navigator's reads: clusters, their tenants, and each tenant's badge.

use ocp_api::{Client, Operation, ResultExt, types};

use super::Done;
use crate::error::UiError;
use crate::model::{Job, Target, TenantBadge};
use crate::requests::{MAX_PAGE_SIZE, all_pages};
use crate::strategy::requests::fetch_strategy;
use crate::worker::Request;

pub fn clusters(client: Client) -> Request {
    Request::new(Job::Clusters, fetch_clusters(client), Done::Clusters)
}

pub fn tenants(client: Client, cluster: i64) -> Request {
    Request::new(
        Job::Tenants(cluster),
        fetch_tenants(client, cluster),
        move |r| Done::Tenants(cluster, r),
    )
}

pub fn tenant_badge(client: Client, target: Target) -> Request {
    Request::new(
        Job::TenantBadge(target),
        fetch_badge(client, target),
        move |r| Done::TenantBadge(target, r),
    )
}

async fn fetch_clusters(client: Client) -> Result<Vec<types::Cluster>, UiError> {
    let all = all_pages(|page| {
        let request = client.list_clusters().page(page).size(MAX_PAGE_SIZE as i32);
        async move {
            let got = request.send().await.ocp()?;
            Ok((got.data.contents, got.data.page.total_pages))
        }
    })
    .await?;
    Ok(all)
}

async fn fetch_tenants(client: Client, cluster: i64) -> Result<Vec<types::Tenant>, UiError> {
    let all = all_pages(|page| {
        let request = client
            .list_tenants()
            .cluster_id(cluster)
            .page(page)
            .size(MAX_PAGE_SIZE as i32);
        async move {
            let got = request.send().await.ocp()?;
            Ok((got.data.contents, got.data.page.total_pages))
        }
    })
    .await?;
    Ok(all)
}

/// Strategy, newest data backup and log delay of a tenant, for the navigator.
async fn fetch_badge(client: Client, target: Target) -> Result<Box<TenantBadge>, UiError> {
    let Target::Tenant { cluster, tenant } = target else {
        return Err(UiError::invalid("a tenant badge needs a tenant"));
    };
    let strategy = fetch_strategy(&client, target).await?;
    // No time filter: the server's clock need not agree with ours. OCP lists newest first;
    // the newest of the first page is the last backup either way. Without tenant-level lists,
    // the tenant's rows of the cluster's first (largest) page.
    let (data, logs) = if client.supports(Operation::ListTenantDataBackupTasks)
        && client.supports(Operation::ListTenantLogBackupTasks)
    {
        let data = client
            .list_tenant_data_backup_tasks()
            .id(cluster)
            .tenant_id(tenant)
            .page(1)
            .size(20)
            .send()
            .await
            .ocp()?;
        let logs = client
            .list_tenant_log_backup_tasks()
            .id(cluster)
            .tenant_id(tenant)
            .page(1)
            .size(20)
            .send()
            .await
            .ocp()?;
        (data.data.contents, logs.data.contents)
    } else {
        let data = client
            .list_cluster_data_backup_tasks()
            .id(cluster)
            .page(1)
            .size(MAX_PAGE_SIZE)
            .send()
            .await
            .ocp()?;
        let logs = client
            .list_cluster_log_backup_tasks()
            .id(cluster)
            .page(1)
            .size(MAX_PAGE_SIZE)
            .send()
            .await
            .ocp()?;
        let mut data = data.data.contents;
        let mut logs = logs.data.contents;
        data.retain(|t| t.tenant_id == Some(tenant));
        logs.retain(|t| t.tenant_id == Some(tenant));
        (data, logs)
    };
    let last_data_backup = data
        .into_iter()
        .max_by(|a, b| a.start_time.cmp(&b.start_time));
    let log_delay_seconds = logs
        .iter()
        .filter(|l| l.status.as_str() == "RUNNING")
        .filter_map(|l| l.delay)
        .reduce(f64::max);
    let schedule_enabled = strategy
        .as_ref()
        .and_then(|s| s.ob_backup_schedule_config.as_ref())
        .and_then(|c| c.backup_schedule_enabled);
    Ok(Box::new(TenantBadge {
        has_strategy: strategy.is_some(),
        schedule_enabled,
        last_data_backup,
        log_delay_seconds,
    }))
}
