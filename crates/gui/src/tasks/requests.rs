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
    loop {
        let (total_elements, total_pages) =
            fetch_task_page(&client, &query, page, size, &mut rows).await?;
        progress
            .total
            .store(total_pages.max(1) as u32, Ordering::Relaxed);
        progress.done.store(page as u32, Ordering::Relaxed);
        if !query.all_pages || page >= total_pages || rows.len() >= MAX_ROWS {
            return Ok(Box::new(TaskPage {
                query,
                rows,
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
    let mut page = 1;
    loop {
        let (_, total_pages) =
            fetch_task_page(client, &cluster_query, page, MAX_PAGE_SIZE, &mut rows).await?;
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
    match &mut rows {
        TaskRows::Data(r) => {
            r.retain(|t| t.tenant_id == Some(tenant) && status_ok(t.status.as_str()))
        }
        TaskRows::Log(r) => {
            r.retain(|t| t.tenant_id == Some(tenant) && status_ok(t.status.as_str()))
        }
        TaskRows::Restore(r) => {
            r.retain(|t| t.backup_tenant_id == Some(tenant) && status_ok(t.status.as_str()))
        }
    }
    let total_elements = rows.len() as i64;
    let size = query.size.clamp(1, MAX_PAGE_SIZE);
    let total_pages = (total_elements + size - 1) / size;
    if !query.all_pages {
        let skip = ((query.page.max(1) - 1) * size) as usize;
        let keep = |n: usize| skip.min(n)..(skip + size as usize).min(n);
        match &mut rows {
            TaskRows::Data(r) => *r = r.drain(keep(r.len())).collect(),
            TaskRows::Log(r) => *r = r.drain(keep(r.len())).collect(),
            TaskRows::Restore(r) => *r = r.drain(keep(r.len())).collect(),
        }
    }
    Ok(Box::new(TaskPage {
        query,
        rows,
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

async fn fetch_instance(client: Client, id: i64) -> Result<Box<types::TaskInstance>, UiError> {
    let got = client
        .get_task_instance()
        .task_instance_id(id)
        .send()
        .await
        .ocp()?;
    Ok(Box::new(got.data))
}
