//! The restore wizard's preview, the restore itself, and the restore sources added by hand.

use ocp_api::{Client, ResultExt, types};

use super::Done;
use crate::error::UiError;
use crate::model::{Job, Target};
use crate::worker::Request;

/// What a restore from `source` would read, without restoring anything.
pub fn preview(client: Client, source: Target, body: types::RestoreTenantParam) -> Request {
    Request::new(
        Job::RestorePreview(source),
        fetch_preview(client, source.cluster(), body),
        move |r| Done::Preview(source, r),
    )
}

/// Restores a tenant from `source` into a new one: exactly one request, never retried.
pub fn restore(client: Client, source: Target, body: types::RestoreTenantParam) -> Request {
    Request::new(
        Job::Restore(source),
        send_restore(client, source.cluster(), body),
        move |r| Done::Started(source, r),
    )
}

/// Adds restore source paths for restores into `cluster`.
pub fn add_sources(client: Client, cluster: i64, paths: Vec<String>) -> Request {
    Request::new(
        Job::RestoreSources(cluster),
        send_add_sources(client, cluster, paths),
        move |r| Done::SourcesAdded(cluster, r),
    )
}

/// Removes every restore source added for `cluster`.
pub fn clear_sources(client: Client, cluster: i64) -> Request {
    Request::new(
        Job::RestoreSources(cluster),
        send_clear_sources(client, cluster),
        move |r| Done::SourcesCleared(cluster, r),
    )
}

/// What a restore would read, without restoring anything.
async fn fetch_preview(
    client: Client,
    source_cluster: i64,
    body: types::RestoreTenantParam,
) -> Result<Vec<types::RestorePreviewItem>, UiError> {
    let got = client
        .preview_restore()
        .id(source_cluster)
        .body(body)
        .send()
        .await
        .ocp()?;
    Ok(got.data.contents)
}

/// Restores a tenant into a new one: exactly one request, never retried (a retried restore
/// would be a second tenant, or a BAK42005).
async fn send_restore(
    client: Client,
    source_cluster: i64,
    body: types::RestoreTenantParam,
) -> Result<Vec<i64>, UiError> {
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
    Ok(task_ids)
}

/// Adds restore source paths for restores into `cluster`: one request, never retried.
async fn send_add_sources(
    client: Client,
    cluster: i64,
    paths: Vec<String>,
) -> Result<Vec<String>, UiError> {
    client
        .add_restore_source()
        .restore_cluster_id(cluster)
        .restore_sources(paths.clone())
        .send()
        .await
        .ocp()?;
    Ok(paths)
}

/// Removes every restore source added for `cluster`: one request, never retried.
async fn send_clear_sources(client: Client, cluster: i64) -> Result<(), UiError> {
    client
        .clear_restore_source()
        .restore_cluster_id(cluster)
        .send()
        .await
        .ocp()?;
    Ok(())
}
