//! The operations of the spec, by tag, plus the answers for unknown routes and methods.

mod cluster;
mod clusters;
mod restore;
mod strategy;
pub(crate) mod system;
mod tasks;
mod tenant;

use std::sync::Arc;

use axum::Router;
use axum::http::{Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use ocp_api::enums::{BackupTaskType, OcpErrorCode};
use ocp_api::types;

use crate::envelope::{Ctx, ok};
use crate::errors::ApiFailure;
use crate::extract::PathIds;
use crate::server::Sim;
use crate::world::{ObjectKey, Time, World, backup_object};

pub(crate) type Reply = Result<Response, ApiFailure>;

pub(crate) fn router(_sim: Arc<Sim>) -> Router {
    const C: &str = "/api/v2/ob/clusters/{id}";
    const T: &str = "/api/v2/ob/clusters/{id}/tenants/{tenantId}";
    let r = |base: &str, tail: &str| format!("{base}{tail}");
    Router::new()
        .route(&r(C, "/backup/ability"), get(cluster::ability))
        .route(
            &r(C, "/backup/config/backupStrategy"),
            post(cluster::create_strategy)
                .patch(cluster::update_strategy)
                .delete(cluster::delete_strategy)
                .get(cluster::get_strategy),
        )
        .route(
            &r(C, "/backup/config/backupStrategy/startSchedule"),
            post(cluster::start_schedule),
        )
        .route(
            &r(C, "/backup/config/backupStrategy/stopSchedule"),
            post(cluster::stop_schedule),
        )
        .route(&r(C, "/backup/overview"), get(cluster::overview))
        .route(
            &r(C, "/backup/task/dataBackupTasks"),
            get(cluster::data_backup_tasks),
        )
        .route(
            &r(C, "/backup/task/logBackupTasks"),
            get(cluster::log_backup_tasks),
        )
        .route(
            &r(C, "/backup/task/restoreTasks"),
            get(cluster::restore_tasks),
        )
        .route(&r(C, "/backup/backupNow"), post(cluster::backup_now))
        .route(&r(C, "/backup/info"), get(cluster::backup_info))
        .route(&r(C, "/backup/restore"), post(restore::restore))
        .route(&r(C, "/backup/restore/preview"), post(restore::preview))
        .route(
            "/api/v2/ob/backup/restore/addRestoreSource",
            post(restore::add_source),
        )
        .route(
            "/api/v2/ob/backup/restore/clearRestoreSource",
            post(restore::clear_source),
        )
        .route(&r(T, "/backup/backupNow"), post(tenant::backup_now))
        .route(
            &r(T, "/backup/config/backupStrategy"),
            post(tenant::create_strategy)
                .patch(tenant::update_strategy)
                .delete(tenant::delete_strategy)
                .get(tenant::get_strategy),
        )
        .route(
            &r(T, "/backup/config/backupStrategy/startSchedule"),
            post(tenant::start_schedule),
        )
        .route(
            &r(T, "/backup/config/backupStrategy/stopSchedule"),
            post(tenant::stop_schedule),
        )
        .route(
            &r(T, "/backup/task/dataBackupTasks"),
            get(tenant::data_backup_tasks),
        )
        .route(
            &r(T, "/backup/task/logBackupTasks"),
            get(tenant::log_backup_tasks),
        )
        .route(
            &r(T, "/backup/task/restoreTasks"),
            get(tenant::restore_tasks),
        )
        .route(&r(T, "/backup/info"), get(tenant::backup_info))
        .route("/api/v2/ob/clusters", get(clusters::list_clusters))
        .route(&r(C, "/tenants"), get(clusters::list_tenants))
        .route(T, get(clusters::get_tenant))
        .route("/api/v2/tasks/instances", get(tasks::list))
        .route("/api/v2/tasks/instances/{taskInstanceId}", get(tasks::get))
        .route("/api/v2/info", get(system::info))
        .route("/api/status", get(system::status))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn not_found(method: Method, uri: Uri) -> ApiFailure {
    ApiFailure::new(
        StatusCode::NOT_FOUND,
        OcpErrorCode::Com10003,
        vec![format!("no API at {method} {}", uri.path()).into()],
    )
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiFailure {
    ApiFailure::new(
        StatusCode::METHOD_NOT_ALLOWED,
        OcpErrorCode::Com10008,
        vec![],
    )
    .with_debug(format!("{method} is not allowed on {}", uri.path()))
}

pub(crate) fn cluster_object(ids: &PathIds) -> Result<ObjectKey, ApiFailure> {
    Ok(ObjectKey::Cluster(ids.int("id", "id")?))
}

pub(crate) fn tenant_object(ids: &PathIds) -> Result<ObjectKey, ApiFailure> {
    Ok(ObjectKey::Tenant(
        ids.int("id", "id")?,
        ids.int("tenantId", "tenantId")?,
    ))
}

/// The cluster (and tenant) of `object` exist now.
pub(crate) fn check_object(w: &World, object: ObjectKey, now: Time) -> Result<(), ApiFailure> {
    w.cluster_or_404(object.cluster_id(), "id")?;
    if let Some(t) = object.tenant_id() {
        w.tenant_or_404(object.cluster_id(), t, "tenantId", now)?;
    }
    Ok(())
}

/// The `BackupCommonResponse` of a successful write.
pub(crate) fn common(
    ctx: &Ctx,
    kind: BackupTaskType,
    object: ObjectKey,
    task_ids: Vec<i64>,
) -> Reply {
    ok!(
        ctx,
        BackupCommonResult,
        types::BackupCommonResponse {
            backup_object_ops_result_list: vec![types::BackupObjectOpsResult {
                be_successful: true,
                error_code: None,
                hint: None,
                ob_backup_object_list: vec![backup_object(object)],
                task_id_list: task_ids,
            }],
            ob_backup_task_type: kind,
        }
    )
}
