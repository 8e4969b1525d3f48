//! The calls the task-level commands make, traced, and turning names into OCP IDs.

use ocp_api::Operation;
use ocp_api::enums::{ClusterType, DataBackupTaskStatus};
use ocp_api::time::OcpDateTime;
use ocp_api::types;

use crate::context::{Call, Ctx};
use crate::exit::CliError;

/// Page size for lists read whole.
const PAGE: i32 = 100;
/// Upper bound on pages read of one list.
const MAX_PAGES: i32 = 50;

fn id(name: &'static str, v: i64) -> (&'static str, String) {
    (name, v.to_string())
}

pub async fn list_clusters(ctx: &Ctx) -> Result<Vec<types::Cluster>, CliError> {
    let mut out = Vec::new();
    for page in 1..=MAX_PAGES {
        let query = [("page", page.to_string()), ("size", PAGE.to_string())];
        let answer = ctx
            .call(
                Call {
                    operation_id: "listClusters",
                    path: &[],
                    query: &query,
                    body: None,
                },
                ctx.client.list_clusters().page(page).size(PAGE).send(),
            )
            .await?;
        let total = answer.data.page.total_pages;
        out.extend(answer.data.contents);
        if page >= total {
            break;
        }
    }
    Ok(out)
}

/// Tenants of a cluster; `name` narrows the list (OCP matches it as a substring).
pub async fn list_tenants(
    ctx: &Ctx,
    cluster_id: i64,
    name: Option<&str>,
) -> Result<Vec<types::Tenant>, CliError> {
    let mut out = Vec::new();
    for page in 1..=MAX_PAGES {
        let mut query = vec![("page", page.to_string()), ("size", PAGE.to_string())];
        let mut request = ctx
            .client
            .list_tenants()
            .cluster_id(cluster_id)
            .page(page)
            .size(PAGE);
        if let Some(n) = name {
            query.push(("name", n.to_owned()));
            request = request.name(n);
        }
        let answer = ctx
            .call(
                Call {
                    operation_id: "listTenants",
                    path: &[id("clusterId", cluster_id)],
                    query: &query,
                    body: None,
                },
                request.send(),
            )
            .await?;
        let total = answer.data.page.total_pages;
        out.extend(answer.data.contents);
        if page >= total {
            break;
        }
    }
    Ok(out)
}

pub async fn get_tenant(
    ctx: &Ctx,
    cluster_id: i64,
    tenant_id: i64,
) -> Result<types::Tenant, CliError> {
    Ok(get_tenant_at(ctx, cluster_id, tenant_id).await?.0)
}

/// A tenant, and OCP's clock when it answered.
pub async fn get_tenant_at(
    ctx: &Ctx,
    cluster_id: i64,
    tenant_id: i64,
) -> Result<(types::Tenant, OcpDateTime), CliError> {
    let answer = ctx
        .call(
            Call {
                operation_id: "getTenant",
                path: &[id("clusterId", cluster_id), id("tenantId", tenant_id)],
                query: &[],
                body: None,
            },
            ctx.client
                .get_tenant()
                .cluster_id(cluster_id)
                .tenant_id(tenant_id)
                .send(),
        )
        .await?;
    Ok((answer.data, answer.timestamp))
}

/// OCP's clock: the timestamp of the smallest enveloped answer (one cluster of the list).
pub async fn server_time(ctx: &Ctx) -> Result<OcpDateTime, CliError> {
    let query = [("page", "1".to_owned()), ("size", "1".to_owned())];
    let answer = ctx
        .call(
            Call {
                operation_id: "listClusters",
                path: &[],
                query: &query,
                body: None,
            },
            ctx.client.list_clusters().page(1).size(1).send(),
        )
        .await?;
    Ok(answer.timestamp)
}

/// The cluster called `name` exactly.
pub async fn find_cluster(ctx: &Ctx, name: &str) -> Result<types::Cluster, CliError> {
    let clusters = list_clusters(ctx).await?;
    let names: Vec<String> = clusters.iter().map(|c| c.name.clone()).collect();
    clusters
        .into_iter()
        .find(|c| c.name == name)
        .ok_or_else(|| {
            CliError::usage(format!(
                "no cluster named {name:?} (clusters: {})",
                names.join(", ")
            ))
        })
}

/// The tenant called `name` exactly, in `cluster` or, without one, in whichever cluster has it.
pub async fn find_tenant(
    ctx: &Ctx,
    name: &str,
    cluster: Option<&str>,
) -> Result<(types::Cluster, types::Tenant), CliError> {
    let clusters = match cluster {
        Some(c) => vec![find_cluster(ctx, c).await?],
        None => list_clusters(ctx).await?,
    };
    let mut found = Vec::new();
    for c in clusters {
        let tenants = list_tenants(ctx, c.id, Some(name)).await?;
        if let Some(t) = tenants.into_iter().find(|t| t.name == name) {
            found.push((c, t));
        }
    }
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(CliError::usage(match cluster {
            Some(c) => format!("no tenant named {name:?} in cluster {c}"),
            None => format!("no tenant named {name:?} in any cluster"),
        })),
        _ => {
            let names: Vec<String> = found
                .iter()
                .map(|(c, _)| {
                    let standby = c.type_ == Some(ClusterType::Standby);
                    format!("{}{}", c.name, if standby { " (standby)" } else { "" })
                })
                .collect();
            Err(CliError::usage(format!(
                "tenant {name:?} exists in clusters {}: say which with --cluster",
                names.join(", ")
            )))
        }
    }
}

/// Whether an error is OCP saying there is no backup strategy (`BAK21006`, HTTP 404).
pub fn is_no_strategy(e: &CliError) -> bool {
    e.ocp_code() == Some("BAK21006")
}

pub async fn tenant_strategy(
    ctx: &Ctx,
    cluster_id: i64,
    tenant_id: i64,
) -> Result<types::OcpBackupStrategy, CliError> {
    let answer = ctx
        .call(
            Call {
                operation_id: "getTenantBackupStrategy",
                path: &[id("id", cluster_id), id("tenantId", tenant_id)],
                query: &[],
                body: None,
            },
            ctx.client
                .get_tenant_backup_strategy()
                .id(cluster_id)
                .tenant_id(tenant_id)
                .send(),
        )
        .await?;
    answer
        .data
        .ok_or_else(|| CliError::failed("OCP answered without the strategy"))
}

pub async fn cluster_strategy(
    ctx: &Ctx,
    cluster_id: i64,
) -> Result<types::OcpBackupStrategy, CliError> {
    let answer = ctx
        .call(
            Call {
                operation_id: "getClusterBackupStrategy",
                path: &[id("id", cluster_id)],
                query: &[],
                body: None,
            },
            ctx.client
                .get_cluster_backup_strategy()
                .id(cluster_id)
                .send(),
        )
        .await?;
    answer
        .data
        .ok_or_else(|| CliError::failed("OCP answered without the strategy"))
}

/// Data backup rows of a tenant, newest first.
pub async fn tenant_data_backups(
    ctx: &Ctx,
    cluster_id: i64,
    tenant_id: i64,
    status: Option<DataBackupTaskStatus>,
    size: i32,
) -> Result<types::DataBackupTaskPageResult, CliError> {
    let mut query = vec![("page", "1".to_owned()), ("size", size.to_string())];
    let mut request = ctx
        .client
        .list_tenant_data_backup_tasks()
        .id(cluster_id)
        .tenant_id(tenant_id)
        .page(1)
        .size(size);
    if let Some(s) = status {
        query.push(("status", s.to_string()));
        request = request.status(vec![s]);
    }
    ctx.call(
        Call {
            operation_id: "listTenantDataBackupTasks",
            path: &[id("id", cluster_id), id("tenantId", tenant_id)],
            query: &query,
            body: None,
        },
        request.send(),
    )
    .await
}

/// One page of a cluster's data backup rows (its own and its tenants'), newest first.
pub async fn cluster_data_backups(
    ctx: &Ctx,
    cluster_id: i64,
    page: i32,
    size: i32,
) -> Result<types::DataBackupTaskPageResult, CliError> {
    let query = [("page", page.to_string()), ("size", size.to_string())];
    ctx.call(
        Call {
            operation_id: "listClusterDataBackupTasks",
            path: &[id("id", cluster_id)],
            query: &query,
            body: None,
        },
        ctx.client
            .list_cluster_data_backup_tasks()
            .id(cluster_id)
            .page(page)
            .size(size)
            .send(),
    )
    .await
}

pub async fn task_instance(ctx: &Ctx, task_id: i64) -> Result<types::TaskInstance, CliError> {
    let answer = ctx
        .call(
            Call {
                operation_id: "getTaskInstance",
                path: &[id("taskInstanceId", task_id)],
                query: &[],
                body: None,
            },
            ctx.client
                .get_task_instance()
                .task_instance_id(task_id)
                .send(),
        )
        .await?;
    Ok(answer.data)
}

/// A tenant's backup info (its recoverable windows) and OCP's clock when it answered: the
/// tenant's own call where the OCP has it (4.3), else the tenant's entry in its cluster's
/// backup info, which every version answers and which lists every tenant of the cluster.
pub async fn tenant_backup_info(
    ctx: &Ctx,
    cluster_id: i64,
    tenant_id: i64,
    scope: Option<(OcpDateTime, OcpDateTime)>,
) -> Result<(types::ObTenantBackupInfo, OcpDateTime), CliError> {
    let mut query = Vec::new();
    if let Some((start, end)) = &scope {
        query.push(("startTime", start.to_string()));
        query.push(("endTime", end.to_string()));
    }
    if ctx.supports(Operation::GetTenantBackupInfo) {
        let mut request = ctx
            .client
            .get_tenant_backup_info()
            .id(cluster_id)
            .tenant_id(tenant_id);
        if let Some((start, end)) = scope {
            request = request.start_time(start).end_time(end);
        }
        let answer = ctx
            .call(
                Call {
                    operation_id: Operation::GetTenantBackupInfo.id(),
                    path: &[id("id", cluster_id), id("tenantId", tenant_id)],
                    query: &query,
                    body: None,
                },
                request.send(),
            )
            .await?;
        return Ok((answer.data, answer.timestamp));
    }
    let mut request = ctx.client.get_cluster_backup_info().id(cluster_id);
    if let Some((start, end)) = scope {
        request = request.start_time(start).end_time(end);
    }
    let answer = ctx
        .call(
            Call {
                operation_id: Operation::GetClusterBackupInfo.id(),
                path: &[id("id", cluster_id)],
                query: &query,
                body: None,
            },
            request.send(),
        )
        .await?;
    let info = answer
        .data
        .tenant_backup_infos
        .into_iter()
        .find(|t| t.tenant_id == Some(tenant_id))
        // Not listed: nothing of the tenant is recoverable in the period.
        .unwrap_or(types::ObTenantBackupInfo {
            cluster_id,
            cluster_name: None,
            ob_cluster_id: None,
            ob_recoverable_info_aggregation: None,
            ob_tenant_id: None,
            online: None,
            tenant_id: Some(tenant_id),
            tenant_name: None,
        });
    Ok((info, answer.timestamp))
}

/// Restore rows that involve a tenant (as source or as the restored tenant), newest first: the
/// tenant's own list where the OCP has it (4.3), else its cluster's (every version), which
/// holds the restores from and into the cluster.
pub async fn restore_tasks(
    ctx: &Ctx,
    cluster_id: i64,
    tenant_id: i64,
) -> Result<types::RestoreTaskPageResult, CliError> {
    let query = [("page", "1".to_owned()), ("size", "20".to_owned())];
    if ctx.supports(Operation::ListTenantRestoreTasks) {
        return ctx
            .call(
                Call {
                    operation_id: Operation::ListTenantRestoreTasks.id(),
                    path: &[id("id", cluster_id), id("tenantId", tenant_id)],
                    query: &query,
                    body: None,
                },
                ctx.client
                    .list_tenant_restore_tasks()
                    .id(cluster_id)
                    .tenant_id(tenant_id)
                    .page(1)
                    .size(20)
                    .send(),
            )
            .await;
    }
    ctx.call(
        Call {
            operation_id: Operation::ListClusterRestoreTasks.id(),
            path: &[id("id", cluster_id)],
            query: &query,
            body: None,
        },
        ctx.client
            .list_cluster_restore_tasks()
            .id(cluster_id)
            .page(1)
            .size(20)
            .send(),
    )
    .await
}

/// The backup sets and log pieces a restore would read (`previewRestore`, OCP 4.3); `None` on
/// an OCP without the preview.
pub async fn preview_restore(
    ctx: &Ctx,
    source_cluster_id: i64,
    body: &types::RestoreTenantParam,
) -> Result<Option<Vec<types::RestorePreviewItem>>, CliError> {
    if !ctx.supports(Operation::PreviewRestore) {
        return Ok(None);
    }
    let answer = ctx
        .call(
            Call {
                operation_id: Operation::PreviewRestore.id(),
                path: &[id("id", source_cluster_id)],
                query: &[],
                body: serde_json::to_value(body).ok(),
            },
            ctx.client
                .preview_restore()
                .id(source_cluster_id)
                .body(body.clone())
                .send(),
        )
        .await?;
    Ok(Some(answer.data.contents))
}

/// The OCP task instance a write started: the first ID of `taskIdList`. A write OCP refused
/// inside a 200 answer (`beSuccessful: false`) is a failure with OCP's hint.
pub fn started_task(answer: &types::BackupCommonResult) -> Result<Option<i64>, CliError> {
    let Some(result) = answer.data.backup_object_ops_result_list.first() else {
        return Ok(None);
    };
    if !result.be_successful {
        return Err(CliError::failed(format!(
            "OCP did not start it{}{} (traceId {})",
            result
                .hint
                .as_deref()
                .map(|h| format!(": {h}"))
                .unwrap_or_default(),
            result
                .error_code
                .as_ref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default(),
            answer.trace_id
        )));
    }
    Ok(result.task_id_list.first().copied())
}
