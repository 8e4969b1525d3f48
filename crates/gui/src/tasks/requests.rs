//! The task tables' pages and the followed task instances.

use std::sync::atomic::Ordering;

use ocp_api::{Client, OcpError, Operation, ResultExt, types};

use super::Done;
use crate::error::UiError;
use crate::model::{Job, SharedProgress, Target, TaskKind, TaskPage, TaskQuery, TaskRows};
use crate::requests::{MAX_PAGE_SIZE, MAX_ROWS};
use crate::worker::Request;

/// One page of a task table, or every page with `query.all_pages` (progress reported).
pub fn tasks(client: Client, query: TaskQuery, progress: SharedProgress) -> Request {
    let table = query.table;
    Request::new(
        Job::Tasks(table),
        fetch_tasks(client, query, progress),
        move |r| Done::Page(table, r),
    )
}

pub fn task_instance(client: Client, id: i64) -> Request {
    Request::new(
        Job::TaskInstance(id),
        fetch_instance(client, id),
        move |r| Done::Instance(id, r),
    )
}

/// The operation listing a tenant's tasks of this kind.
pub fn tenant_list(kind: TaskKind) -> Operation {
    match kind {
        TaskKind::Data => Operation::ListTenantDataBackupTasks,
        TaskKind::Log => Operation::ListTenantLogBackupTasks,
        TaskKind::Restore => Operation::ListTenantRestoreTasks,
    }
}

async fn fetch_tasks(
    client: Client,
    query: TaskQuery,
    progress: SharedProgress,
) -> Result<Box<TaskPage>, UiError> {
    if let Target::Tenant { cluster, tenant } = query.table.target
        && !client.supports(tenant_list(query.table.kind))
    {
        return from_cluster(&client, query, cluster, tenant, progress).await;
    }
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
    let mut rows = empty_rows(query.table.kind);
    let mut trace_ids = Vec::new();
    loop {
        let (total_elements, total_pages, trace_id) =
            fetch_task_page(&client, &query, page, size, &mut rows).await?;
        let trace_id: std::sync::Arc<str> = trace_id.into();
        trace_ids.resize(rows.len(), trace_id);
        progress
            .total
            .store(total_pages.max(1) as u32, Ordering::Relaxed);
        progress.done.store(page as u32, Ordering::Relaxed);
        if !query.all_pages || page >= total_pages || rows.len() >= MAX_ROWS {
            return Ok(Box::new(TaskPage {
                query,
                rows,
                trace_ids,
                total_elements,
                total_pages,
            }));
        }
        page += 1;
    }
}

/// A tenant's tasks on an OCP without tenant-level task lists: the cluster's list, every page
/// (up to `MAX_ROWS`), filtered to the tenant and the status filter here, then paged here.
async fn from_cluster(
    client: &Client,
    query: TaskQuery,
    cluster: i64,
    tenant: i64,
    progress: SharedProgress,
) -> Result<Box<TaskPage>, UiError> {
    let cluster_query = TaskQuery {
        table: crate::model::TableId {
            target: Target::Cluster(cluster),
            kind: query.table.kind,
        },
        statuses: Vec::new(),
        ..query.clone()
    };
    let mut rows = empty_rows(query.table.kind);
    let mut trace_ids: Vec<std::sync::Arc<str>> = Vec::new();
    let mut page = 1;
    loop {
        let (_, total_pages, trace_id) =
            fetch_task_page(client, &cluster_query, page, MAX_PAGE_SIZE, &mut rows).await?;
        trace_ids.resize(rows.len(), trace_id.into());
        progress
            .total
            .store(total_pages.max(1) as u32, Ordering::Relaxed);
        progress.done.store(page as u32, Ordering::Relaxed);
        if page >= total_pages || rows.len() >= MAX_ROWS {
            break;
        }
        page += 1;
    }
    let status_ok = |s: &str| query.statuses.is_empty() || query.statuses.iter().any(|q| q == s);
    // Which rows are the tenant's (and pass the status filter), row by row, so that the rows
    // and the traceIds they came with stay paired.
    let keep: Vec<bool> = match &rows {
        TaskRows::Data(r) => r
            .iter()
            .map(|t| t.tenant_id == Some(tenant) && status_ok(t.status.as_str()))
            .collect(),
        TaskRows::Log(r) => r
            .iter()
            .map(|t| t.tenant_id == Some(tenant) && status_ok(t.status.as_str()))
            .collect(),
        TaskRows::Restore(r) => r
            .iter()
            .map(|t| t.backup_tenant_id == Some(tenant) && status_ok(t.status.as_str()))
            .collect(),
    };
    let total_elements = keep.iter().filter(|k| **k).count() as i64;
    let size = query.size.clamp(1, MAX_PAGE_SIZE);
    let total_pages = (total_elements + size - 1) / size;
    // The page asked for, counted among the kept rows (all of them with `all_pages`).
    let skip = if query.all_pages {
        0
    } else {
        ((query.page.max(1) - 1) * size) as usize
    };
    let take = if query.all_pages {
        usize::MAX
    } else {
        size as usize
    };
    let mut nth = 0usize;
    let chosen: Vec<bool> = keep
        .iter()
        .map(|k| {
            if !*k {
                return false;
            }
            nth += 1;
            (skip..skip.saturating_add(take)).contains(&(nth - 1))
        })
        .collect();
    fn pick<T>(v: &mut Vec<T>, chosen: &[bool]) {
        let mut i = 0;
        v.retain(|_| {
            i += 1;
            chosen[i - 1]
        });
    }
    match &mut rows {
        TaskRows::Data(r) => pick(r, &chosen),
        TaskRows::Log(r) => pick(r, &chosen),
        TaskRows::Restore(r) => pick(r, &chosen),
    }
    pick(&mut trace_ids, &chosen);
    Ok(Box::new(TaskPage {
        query,
        rows,
        trace_ids,
        total_elements,
        total_pages,
    }))
}

fn empty_rows(kind: TaskKind) -> TaskRows {
    match kind {
        TaskKind::Data => TaskRows::Data(Vec::new()),
        TaskKind::Log => TaskRows::Log(Vec::new()),
        TaskKind::Restore => TaskRows::Restore(Vec::new()),
    }
}

/// Appends one page to `rows`; returns (total elements, total pages, the answer's traceId).
async fn fetch_task_page(
    client: &Client,
    q: &TaskQuery,
    page: i64,
    size: i64,
    rows: &mut TaskRows,
) -> Result<(i64, i64, String), OcpError> {
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
    let (info, trace_id) = match (q.table.kind, q.table.target, rows) {
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
            let got = b.send().await.ocp()?;
            out.extend(got.data.contents);
            (got.data.page, got.trace_id)
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
            let got = b.send().await.ocp()?;
            out.extend(got.data.contents);
            (got.data.page, got.trace_id)
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
            .ocp()?;
            out.extend(got.data.contents);
            (got.data.page, got.trace_id)
        }
        (TaskKind::Log, Target::Tenant { cluster, tenant }, TaskRows::Log(out)) => {
            let b = client
                .list_tenant_log_backup_tasks()
                .id(cluster)
                .tenant_id(tenant);
            let got = statuses!(common!(b.page(page as i32).size(size as i32)))
                .send()
                .await
                .ocp()?;
            out.extend(got.data.contents);
            (got.data.page, got.trace_id)
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
            .ocp()?;
            out.extend(got.data.contents);
            (got.data.page, got.trace_id)
        }
        (TaskKind::Restore, Target::Tenant { cluster, tenant }, TaskRows::Restore(out)) => {
            let b = client
                .list_tenant_restore_tasks()
                .id(cluster)
                .tenant_id(tenant);
            let got = statuses!(common!(b.page(page as i32).size(size as i32)))
                .send()
                .await
                .ocp()?;
            out.extend(got.data.contents);
            (got.data.page, got.trace_id)
        }
        _ => {
            return Err(OcpError::InvalidRequest(
                "task rows do not match the table kind".into(),
            ));
        }
    };
    Ok((info.total_elements, i64::from(info.total_pages), trace_id))
}

/// The OCP task that carries out a restore: the newest restore task of the new tenant on the
/// target cluster (the restore task row names no task instance), read in full for its
/// subtasks and their context.
pub fn restore_instance(client: Client, task: types::RestoreTask) -> Request {
    let id = task.id;
    Request::new(
        Job::RestoreInstance(id),
        fetch_restore_instance(client, task),
        move |r| Done::RestoreInstance(id, r),
    )
}

async fn fetch_restore_instance(
    client: Client,
    task: types::RestoreTask,
) -> Result<Option<Box<types::TaskInstance>>, UiError> {
    let (Some(cluster), Some(tenant)) = (task.restore_cluster_id, task.restore_tenant_name) else {
        return Ok(None);
    };
    let found = client
        .list_task_instances()
        .cluster_id(cluster)
        .tenant_name(tenant)
        .sort("id,desc")
        .size(20)
        .send()
        .await
        .ocp()?
        .data
        .contents;
    let restore = found
        .iter()
        .find(|t| {
            let name = t.name.to_lowercase();
            name.contains("restore") || name.contains("恢复")
        })
        .or(found.first());
    match restore {
        Some(t) => Ok(Some(fetch_instance(client, t.id).await?)),
        None => Ok(None),
    }
}

async fn fetch_instance(client: Client, id: i64) -> Result<Box<types::TaskInstance>, UiError> {
    let got = client
        .get_task_instance()
        .task_instance_id(id)
        .send()
        .await
        .ocp()?;
    Ok(Box::new(got.data))
}
