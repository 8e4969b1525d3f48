//! The task tables' pages and the followed task instances.

use std::sync::atomic::Ordering;

use ocp_api::{Client, OcpError, ResultExt, types};

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

async fn fetch_tasks(
    client: Client,
    query: TaskQuery,
    progress: SharedProgress,
) -> Result<Box<TaskPage>, UiError> {
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
