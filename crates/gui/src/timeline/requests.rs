//! The recoverable times of a cluster or tenant.

use ocp_api::{Client, Operation, ResultExt};

use super::Done;
use crate::error::UiError;
use crate::model::{Job, Target, Timeline};
use crate::worker::Request;

pub fn backup_info(client: Client, target: Target) -> Request {
    Request::new(Job::BackupInfo(target), fetch(client, target), move |r| {
        Done::Loaded(target, r)
    })
}

/// Recoverable times of the last seven days: the cluster's (all tenants aggregated) or a
/// tenant's.
async fn fetch(client: Client, target: Target) -> Result<Box<Timeline>, UiError> {
    let (aggregation, read_at) = match target {
        Target::Cluster(c) => {
            let got = client.get_cluster_backup_info().id(c).send().await.ocp()?;
            (got.data.ob_recoverable_info_aggregation, got.timestamp)
        }
        // Without tenant-level backup info, the tenant's part of the cluster's.
        Target::Tenant { cluster, tenant } if !client.supports(Operation::GetTenantBackupInfo) => {
            let got = client
                .get_cluster_backup_info()
                .id(cluster)
                .send()
                .await
                .ocp()?;
            let aggregation = got
                .data
                .tenant_backup_infos
                .into_iter()
                .find(|t| t.tenant_id == Some(tenant))
                .and_then(|t| t.ob_recoverable_info_aggregation);
            (aggregation, got.timestamp)
        }
        Target::Tenant { cluster, tenant } => {
            let got = client
                .get_tenant_backup_info()
                .id(cluster)
                .tenant_id(tenant)
                .send()
                .await
                .ocp()?;
            (got.data.ob_recoverable_info_aggregation, got.timestamp)
        }
    };
    let items = aggregation
        .and_then(|a| a.latest_seven_days_aggregation)
        .map(|a| a.ob_recoverable_section_items)
        .unwrap_or_default();
    let mut timeline = Timeline::from_items(&items);
    timeline.read_at = Some(read_at);
    Ok(Box::new(timeline))
}
