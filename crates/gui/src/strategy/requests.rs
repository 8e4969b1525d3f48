//! The strategy of a cluster or tenant, and the writes to it.

use ocp_api::{Client, OcpError, Operation, ResultExt, types};

use super::Done;
use crate::error::UiError;
use crate::model::{Job, StrategyOp, StrategyOpKind, Target};
use crate::worker::Request;

pub fn strategy(client: Client, target: Target) -> Request {
    Request::new(Job::Strategy(target), fetch(client, target), move |r| {
        Done::Loaded(target, r)
    })
}

/// One write to a strategy: exactly one request, never retried.
pub fn strategy_write(client: Client, target: Target, op: StrategyOp) -> Request {
    Request::new(
        Job::StrategyWrite(target),
        write(client, target, op),
        move |r| Done::Written(target, r),
    )
}

/// The strategy, or `None` when OCP says there is none (BAK21006). A tenant's on an OCP
/// without tenant-level strategies is its cluster's, which covers it.
pub(crate) async fn fetch_strategy(
    client: &Client,
    target: Target,
) -> Result<Option<types::OcpBackupStrategy>, OcpError> {
    let target = match target {
        Target::Tenant { cluster, .. } if !client.supports(Operation::GetTenantBackupStrategy) => {
            Target::Cluster(cluster)
        }
        other => other,
    };
    let got = match target {
        Target::Cluster(c) => client
            .get_cluster_backup_strategy()
            .id(c)
            .send()
            .await
            .ocp(),
        Target::Tenant { cluster, tenant } => client
            .get_tenant_backup_strategy()
            .id(cluster)
            .tenant_id(tenant)
            .send()
            .await
            .ocp(),
    };
    match got {
        Ok(result) => Ok(result.data.filter(|s| s.id.is_some())),
        Err(e) if e.code() == Some("BAK21006") => Ok(None),
        Err(e) => Err(e),
    }
}

async fn fetch(
    client: Client,
    target: Target,
) -> Result<Option<Box<types::OcpBackupStrategy>>, UiError> {
    Ok(fetch_strategy(&client, target).await?.map(Box::new))
}

async fn write(client: Client, target: Target, op: StrategyOp) -> Result<StrategyOpKind, UiError> {
    let kind = op.kind();
    macro_rules! send {
        ($cluster_op:ident, $tenant_op:ident $(, $body:expr)?) => {
            match target {
                Target::Cluster(c) => {
                    client.$cluster_op().id(c)$(.body($body))?.send().await.ocp()?;
                }
                Target::Tenant { cluster, tenant } => {
                    client
                        .$tenant_op()
                        .id(cluster)
                        .tenant_id(tenant)
                        $(.body($body))?
                        .send()
                        .await
                        .ocp()?;
                }
            }
        };
    }
    match op {
        StrategyOp::Create(p) => send!(
            create_cluster_backup_strategy,
            create_tenant_backup_strategy,
            (*p.0).clone()
        ),
        StrategyOp::Modify(p) => send!(
            update_cluster_backup_strategy,
            update_tenant_backup_strategy,
            (*p.0).clone()
        ),
        StrategyOp::Delete => send!(
            delete_cluster_backup_strategy,
            delete_tenant_backup_strategy
        ),
        StrategyOp::Pause => send!(stop_cluster_backup_schedule, stop_tenant_backup_schedule),
        StrategyOp::Resume => send!(start_cluster_backup_schedule, start_tenant_backup_schedule),
    }
    Ok(kind)
}
