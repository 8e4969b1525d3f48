//! Every call the app makes to OCP, as async functions the worker runs. Views never talk HTTP;
//! they ask the app, which hands one of these to the worker.

use std::future::Future;
use std::sync::atomic::Ordering;

use ocp_api::enums::{BackupDimension, DataBackupMode};
use ocp_api::{Client, OcpError, ResultExt, types};

use crate::error::UiError;
use crate::model::{
    Payload, SharedProgress, StrategyOp, Target, TaskKind, TaskPage, TaskQuery, TaskRows,
    TenantBadge, Timeline,
};

/// OCP's largest page.
pub const MAX_PAGE_SIZE: i64 = 2000;
/// A "fetch all" stops here so one click cannot pull an unbounded history into memory.
pub const MAX_ROWS: usize = 50_000;

type Res = Result<Payload, UiError>;

pub async fn test_connection(client: Client) -> Res {
    let page = client.list_clusters().page(1).size(1).send().await.ocp()?;
    Ok(Payload::Connected {
        clusters: page.data.page.total_elements.max(0) as usize,
    })
}

/// Every row of a paged list, page by page, up to [`MAX_ROWS`]. `fetch` returns one page's rows
/// and the number of pages.
async fn all_pages<T, F, Fut>(mut fetch: F) -> Result<Vec<T>, OcpError>
where
    F: FnMut(i32) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, i32), OcpError>>,
{
    let mut all = Vec::new();
    for page in 1.. {
        let (rows, total_pages) = fetch(page).await?;
        let last = page >= total_pages || rows.is_empty();
        all.extend(rows);
        if last || all.len() >= MAX_ROWS {
            break;
        }
    }
    Ok(all)
}

pub async fn clusters(client: Client) -> Res {
    let all = all_pages(|page| {
        let request = client.list_clusters().page(page).size(MAX_PAGE_SIZE as i32);
        async move {
            let got = request.send().await.ocp()?;
            Ok((got.data.contents, got.data.page.total_pages))
        }
    })
    .await?;
    Ok(Payload::Clusters(all))
}

pub async fn tenants(client: Client, cluster: i64) -> Res {
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
    Ok(Payload::Tenants(all))
}

pub async fn cluster_overview(client: Client, cluster: i64) -> Res {
    let got = client
        .get_cluster_backup_overview()
        .id(cluster)
        .send()
        .await
        .ocp()?;
    Ok(Payload::ClusterOverview(Box::new(got.data)))
}

/// Recoverable times of the last seven days: the cluster's (all tenants aggregated) or a
/// tenant's.
pub async fn backup_info(client: Client, target: Target) -> Res {
    let aggregation = match target {
        Target::Cluster(c) => {
            client
                .get_cluster_backup_info()
                .id(c)
                .send()
                .await
                .ocp()?
                .data
                .ob_recoverable_info_aggregation
        }
        Target::Tenant { cluster, tenant } => {
            client
                .get_tenant_backup_info()
                .id(cluster)
                .tenant_id(tenant)
                .send()
                .await
                .ocp()?
                .data
                .ob_recoverable_info_aggregation
        }
    };
    let items = aggregation
        .and_then(|a| a.latest_seven_days_aggregation)
        .map(|a| a.ob_recoverable_section_items)
        .unwrap_or_default();
    Ok(Payload::Timeline(Box::new(Timeline::from_items(&items))))
}

pub async fn ability(client: Client, cluster: i64) -> Res {
    let got = client
        .get_cluster_backup_ability()
        .id(cluster)
        .send()
        .await
        .ocp()?;
    Ok(Payload::Ability(Box::new(got.data)))
}

/// The strategy, or `None` when OCP says there is none (BAK21006).
async fn fetch_strategy(
    client: &Client,
    target: Target,
) -> Result<Option<types::OcpBackupStrategy>, OcpError> {
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

pub async fn strategy(client: Client, target: Target) -> Res {
    Ok(Payload::Strategy(
        fetch_strategy(&client, target).await?.map(Box::new),
    ))
}

/// Strategy, newest data backup and log delay of a tenant, for the navigator.
pub async fn tenant_badge(client: Client, target: Target) -> Res {
    let Target::Tenant { cluster, tenant } = target else {
        return Err(UiError::invalid("a tenant badge needs a tenant"));
    };
    let strategy = fetch_strategy(&client, target).await?;
    // No time filter: the server's clock need not agree with ours. OCP lists newest first;
    // the newest of the first page is the last backup either way.
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
    let last_data_backup = data
        .data
        .contents
        .into_iter()
        .max_by(|a, b| a.start_time.cmp(&b.start_time));
    let log_delay_seconds = logs
        .data
        .contents
        .iter()
        .filter(|l| l.status.as_str() == "RUNNING")
        .filter_map(|l| l.delay)
        .reduce(f64::max);
    let schedule_enabled = strategy
        .as_ref()
        .and_then(|s| s.ob_backup_schedule_config.as_ref())
        .and_then(|c| c.backup_schedule_enabled);
    Ok(Payload::TenantBadge(Box::new(TenantBadge {
        has_strategy: strategy.is_some(),
        schedule_enabled,
        last_data_backup,
        log_delay_seconds,
    })))
}

/// One page of a task table, or every page with `query.all_pages` (progress reported).
pub async fn tasks(client: Client, query: TaskQuery, progress: SharedProgress) -> Res {
    let mut page = if query.all_pages {
        1
    } else {
        query.page.max(1)
    };
    let size = if query.all_pages {
        MAX_PAGE_SIZE
    } else {
        query.size.clamp(1, MAX_PAGE_SIZE)
    };
    let mut rows = match query.table.kind {
        TaskKind::Data => TaskRows::Data(Vec::new()),
        TaskKind::Log => TaskRows::Log(Vec::new()),
        TaskKind::Restore => TaskRows::Restore(Vec::new()),
    };
    loop {
        let (total_elements, total_pages) =
            fetch_task_page(&client, &query, page, size, &mut rows).await?;
        progress
            .total
            .store(total_pages.max(1) as u32, Ordering::Relaxed);
        progress.done.store(page as u32, Ordering::Relaxed);
        if !query.all_pages || page >= total_pages || rows.len() >= MAX_ROWS {
            return Ok(Payload::Tasks(Box::new(TaskPage {
                query,
                rows,
                total_elements,
                total_pages,
            })));
        }
        page += 1;
    }
}

/// Appends one page to `rows`; returns (total elements, total pages).
async fn fetch_task_page(
    client: &Client,
    q: &TaskQuery,
    page: i64,
    size: i64,
    rows: &mut TaskRows,
) -> Result<(i64, i64), OcpError> {
    let (start, end) = (q.start.clone(), q.end.clone());
    macro_rules! common {
        ($b:expr) => {{
            let mut b = $b;
            if let Some(s) = start.clone() {
                b = b.start_time(s);
            }
            if let Some(e) = end.clone() {
                b = b.end_time(e);
            }
            b
        }};
    }
    macro_rules! statuses {
        ($b:expr) => {{
            let mut b = $b;
            if !q.statuses.is_empty() {
                b = b.status(
                    q.statuses
                        .iter()
                        .map(|s| s.as_str().into())
                        .collect::<Vec<_>>(),
                );
            }
            b
        }};
    }
    let info = match (q.table.kind, q.table.target, rows) {
        (TaskKind::Data, Target::Cluster(c), TaskRows::Data(out)) => {
            let mut b = common!(
                client
                    .list_cluster_data_backup_tasks()
                    .id(c)
                    .page(page)
                    .size(size)
            );
            if let Some(id) = q.backup_set_id {
                b = b.backup_set_id(id);
            }
            let got = b.send().await.ocp()?.data;
            out.extend(got.contents);
            got.page
        }
        (TaskKind::Data, Target::Tenant { cluster, tenant }, TaskRows::Data(out)) => {
            let b = client
                .list_tenant_data_backup_tasks()
                .id(cluster)
                .tenant_id(tenant);
            let mut b = statuses!(common!(b.page(page as i32).size(size as i32)));
            if let Some(id) = q.backup_set_id {
                b = b.backup_set_id(id);
            }
            let got = b.send().await.ocp()?.data;
            out.extend(got.contents);
            got.page
        }
        (TaskKind::Log, Target::Cluster(c), TaskRows::Log(out)) => {
            let got = common!(
                client
                    .list_cluster_log_backup_tasks()
                    .id(c)
                    .page(page)
                    .size(size)
            )
            .send()
            .await
            .ocp()?
            .data;
            out.extend(got.contents);
            got.page
        }
        (TaskKind::Log, Target::Tenant { cluster, tenant }, TaskRows::Log(out)) => {
            let b = client
                .list_tenant_log_backup_tasks()
                .id(cluster)
                .tenant_id(tenant);
            let got = statuses!(common!(b.page(page as i32).size(size as i32)))
                .send()
                .await
                .ocp()?
                .data;
            out.extend(got.contents);
            got.page
        }
        (TaskKind::Restore, Target::Cluster(c), TaskRows::Restore(out)) => {
            let got = common!(
                client
                    .list_cluster_restore_tasks()
                    .id(c)
                    .page(page)
                    .size(size)
            )
            .send()
            .await
            .ocp()?
            .data;
            out.extend(got.contents);
            got.page
        }
        (TaskKind::Restore, Target::Tenant { cluster, tenant }, TaskRows::Restore(out)) => {
            let b = client
                .list_tenant_restore_tasks()
                .id(cluster)
                .tenant_id(tenant);
            let got = statuses!(common!(b.page(page as i32).size(size as i32)))
                .send()
                .await
                .ocp()?
                .data;
            out.extend(got.contents);
            got.page
        }
        _ => {
            return Err(OcpError::InvalidRequest(
                "task rows do not match the table kind".into(),
            ));
        }
    };
    Ok((info.total_elements, i64::from(info.total_pages)))
}

/// Whether the target has a successful full data backup in its recent history.
pub async fn full_backup_exists(client: Client, target: Target) -> Res {
    let done = |t: &types::DataBackupTask| {
        t.status.as_str() == "DONE"
            && t.data_backup_task_type
                .as_ref()
                .is_some_and(|m| m.as_str() == "FULL_BACKUP")
    };
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
            return Ok(Payload::FullBackupExists(true));
        }
        if page >= pages || rows.len() >= MAX_ROWS {
            return Ok(Payload::FullBackupExists(false));
        }
        page += 1;
    }
}

pub async fn task_instance(client: Client, id: i64) -> Res {
    let got = client
        .get_task_instance()
        .task_instance_id(id)
        .send()
        .await
        .ocp()?;
    Ok(Payload::TaskInstance(Box::new(got.data)))
}

/// Starts a data backup with the storage of the strategy the user is looking at. Exactly one
/// request, never retried: a retried backupNow would be a second backup.
pub async fn backup_now(
    client: Client,
    target: Target,
    mode: DataBackupMode,
    strategy: types::OcpBackupStrategy,
) -> Res {
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
    Ok(Payload::BackupStarted { task_ids })
}

/// One write to a strategy: exactly one request, never retried.
pub async fn strategy_write(client: Client, target: Target, op: StrategyOp) -> Res {
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
    Ok(Payload::StrategyWritten(kind))
}

/// What a restore would read, without restoring anything.
pub async fn preview_restore(
    client: Client,
    source_cluster: i64,
    body: types::RestoreTenantParam,
) -> Res {
    let got = client
        .preview_restore()
        .id(source_cluster)
        .body(body)
        .send()
        .await
        .ocp()?;
    Ok(Payload::RestorePreview(got.data.contents))
}

/// Restores a tenant into a new one: exactly one request, never retried (a retried restore
/// would be a second tenant, or a BAK42005).
pub async fn restore(client: Client, source_cluster: i64, body: types::RestoreTenantParam) -> Res {
    let done = client
        .restore_tenant()
        .id(source_cluster)
        .body(body)
        .send()
        .await
        .ocp()?;
    let mut task_ids = Vec::new();
    for result in &done.data.backup_object_ops_result_list {
        if !result.be_successful {
            return Err(UiError {
                code: None,
                message: result
                    .hint
                    .clone()
                    .unwrap_or_else(|| "OCP refused the restore".into()),
                trace_id: Some(done.trace_id.clone()),
                status: None,
                kind: crate::error::ErrorKind::Ocp,
            });
        }
        task_ids.extend(result.task_id_list.iter().copied());
    }
    Ok(Payload::RestoreStarted { task_ids })
}

/// Adds restore source paths for restores into `cluster`: one request, never retried.
pub async fn add_restore_sources(client: Client, cluster: i64, paths: Vec<String>) -> Res {
    client
        .add_restore_source()
        .restore_cluster_id(cluster)
        .restore_sources(paths.clone())
        .send()
        .await
        .ocp()?;
    Ok(Payload::RestoreSourcesAdded(paths))
}

/// Removes every restore source added for `cluster`: one request, never retried.
pub async fn clear_restore_sources(client: Client, cluster: i64) -> Res {
    client
        .clear_restore_source()
        .restore_cluster_id(cluster)
        .send()
        .await
        .ocp()?;
    Ok(Payload::RestoreSourcesCleared)
}
