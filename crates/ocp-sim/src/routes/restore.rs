//! Tag `restore`: restore, restore preview and manually added restore sources.

use std::collections::HashSet;

use axum::extract::Request;
use axum::http::{StatusCode, header};
use ocp_api::enums::{BackupMode, BackupTaskType, BackupTenantStatus, OcpErrorCode};
use ocp_api::types;

use super::{Reply, common};
use crate::envelope::{Ctx, ok};
use crate::errors::{ApiFailure, BACKUP, CLUSTER, TENANT};
use crate::extract::{JsonBody, PathIds, Query};
use crate::validate;
use crate::world::{ObjectKey, RestoreRequest, Time, World, storage_root};

/// Turns the body into a restore of a known source tenant, checking what needs no world state
/// first and then resolving names (offline restores name the source instead of giving IDs).
fn request(
    ctx: &Ctx,
    w: &World,
    path_cluster: i64,
    body: types::RestoreTenantParam,
    now: Time,
) -> Result<RestoreRequest, ApiFailure> {
    validate::known("backupTenantStatus", &body.backup_tenant_status)?;
    let cluster = w.cluster_or_404(path_cluster, "id")?;
    match body.backup_tenant_status {
        BackupTenantStatus::Online => {
            const F: &str = "restoreOnlineTenantRequiredParam";
            let p = body.restore_online_tenant_required_param.ok_or_else(|| {
                ApiFailure::invalid(F, "required when backupTenantStatus is ONLINE")
            })?;
            validate::restore_tenant_info(
                &format!("{F}.restoreTenantInfoParam"),
                &p.restore_tenant_info_param,
            )?;
            if p.backup_cluster_id != path_cluster {
                return Err(ApiFailure::invalid_value(
                    format!("{F}.backupClusterId"),
                    format!("must be the backed-up cluster of the path ({path_cluster})"),
                    Some(p.backup_cluster_id.into()),
                ));
            }
            Ok(RestoreRequest {
                source: ObjectKey::Tenant(p.backup_cluster_id, p.backup_tenant_id),
                target_cluster_id: p.restore_cluster_id,
                end_time: *p.restore_end_time.as_datetime(),
                tenant: p.restore_tenant_info_param,
                user: ctx.user.clone(),
                field: F,
            })
        }
        _ => {
            const F: &str = "restoreOfflineTenantRequiredParam";
            let p = body.restore_offline_tenant_required_param.ok_or_else(|| {
                ApiFailure::invalid(F, "required when backupTenantStatus is OFFLINE")
            })?;
            validate::known(&format!("{F}.backupMode"), &p.backup_mode)?;
            if p.backup_mode != BackupMode::PhysicalBackup {
                return Err(ApiFailure::invalid_value(
                    format!("{F}.backupMode"),
                    "the simulated clusters back up physically",
                    Some(p.backup_mode.as_str().into()),
                ));
            }
            validate::storage_info(
                &format!("{F}.obBackupStorageBaseInfo"),
                &p.ob_backup_storage_base_info,
                "restore",
            )?;
            validate::restore_tenant_info(
                &format!("{F}.restoreTenantInfoParam"),
                &p.restore_tenant_info_param,
            )?;
            if p.backup_cluster_name != cluster.name {
                return Err(ApiFailure::not_found(
                    CLUSTER,
                    format!("{F}.backupClusterName={}", p.backup_cluster_name),
                ));
            }
            let tenant = w
                .tenants
                .iter()
                .filter(|t| t.cluster_id == cluster.id && t.name == p.backup_tenant_name)
                .find(|t| w.tenant_visible_status(t, now).is_some())
                .filter(|t| p.backup_ob_tenant_id.is_none_or(|ob| ob == t.ob_tenant_id))
                .ok_or_else(|| {
                    ApiFailure::not_found(
                        TENANT,
                        format!("{F}.backupTenantName={}", p.backup_tenant_name),
                    )
                })?;
            let root = storage_root(&p.ob_backup_storage_base_info);
            if !w.has_backups_under(cluster, tenant.id, &root) {
                return Err(ApiFailure::not_found(
                    BACKUP,
                    format!(
                        "{F}.obBackupStorageBaseInfo.storageUrl={}",
                        p.ob_backup_storage_base_info.storage_url
                    ),
                )
                .with_debug(format!(
                    "no backup of tenant {} under {root}",
                    p.backup_tenant_name
                )));
            }
            Ok(RestoreRequest {
                source: ObjectKey::Tenant(cluster.id, tenant.id),
                target_cluster_id: p.restore_cluster_id,
                end_time: *p.restore_end_time.as_datetime(),
                tenant: p.restore_tenant_info_param,
                user: ctx.user.clone(),
                field: F,
            })
        }
    }
}

pub(crate) async fn restore(
    ctx: Ctx,
    ids: PathIds,
    JsonBody(body): JsonBody<types::RestoreTenantParam>,
) -> Reply {
    let path_cluster = ids.int("id", "id")?;
    let now = ctx.sim.clock.now();
    let (task, target) = {
        let mut w = ctx.sim.write_world();
        let req = request(&ctx, &w, path_cluster, body, now)?;
        let target = ObjectKey::Cluster(req.target_cluster_id);
        (w.restore(req, now)?, target)
    };
    common(&ctx, BackupTaskType::Restore, target, vec![task])
}

pub(crate) async fn preview(
    ctx: Ctx,
    ids: PathIds,
    JsonBody(body): JsonBody<types::RestoreTenantParam>,
) -> Reply {
    let path_cluster = ids.int("id", "id")?;
    let now = ctx.sim.clock.now();
    let contents = {
        let w = ctx.sim.read_world();
        let req = request(&ctx, &w, path_cluster, body, now)?;
        w.plan_restore(&req, now)?
    };
    ok!(
        ctx,
        RestorePreviewResult,
        types::RestorePreviewList { contents }
    )
}

/// The spec models these parameters in the query; a form body is accepted too.
async fn params(q: Query, req: Request) -> Result<Query, ApiFailure> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bytes = axum::body::to_bytes(req.into_body(), usize::MAX)
        .await
        .map_err(|e| ApiFailure::invalid("body", e.to_string()))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(q);
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(ApiFailure::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            OcpErrorCode::Com10003,
            vec!["send restoreClusterId and restoreSources as query parameters or an application/x-www-form-urlencoded body".into()],
        ));
    }
    let mut pairs = ocp_api::signing::parse_query(&String::from_utf8_lossy(&bytes));
    pairs.extend(q.into_pairs());
    Ok(Query::from_pairs(pairs))
}

fn target_cluster(q: &Query, w: &World) -> Result<i64, ApiFailure> {
    let id = q
        .opt_i64("restoreClusterId")?
        .ok_or_else(|| ApiFailure::invalid("restoreClusterId", "required"))?;
    w.cluster_or_404(id, "restoreClusterId")?;
    Ok(id)
}

/// Checks every path outside the world lock; under it only the per-cluster cap is checked and
/// the new paths inserted, each in O(1).
pub(crate) async fn add_source(ctx: Ctx, q: Query, req: Request) -> Reply {
    let limits = &ctx.sim.limits;
    let q = params(q, req).await?;
    let raw = q.raw_list("restoreSources");
    if raw.len() > limits.restore_sources_per_request {
        return Err(ApiFailure::invalid_value(
            "restoreSources",
            format!(
                "at most {} paths per request",
                limits.restore_sources_per_request
            ),
            Some((raw.len() as i64).into()),
        ));
    }
    if raw.iter().all(|s| s.trim().is_empty()) {
        return Err(ApiFailure::invalid(
            "restoreSources",
            "at least one backup path is required",
        ));
    }
    let mut seen = HashSet::with_capacity(raw.len());
    let mut sources = Vec::with_capacity(raw.len());
    for (i, s) in raw.iter().map(|s| s.trim()).enumerate() {
        if s.len() > limits.restore_source_path_bytes {
            return Err(ApiFailure::invalid_value(
                format!("restoreSources[{i}]"),
                format!(
                    "a backup path has at most {} bytes",
                    limits.restore_source_path_bytes
                ),
                Some((s.len() as i64).into()),
            ));
        }
        if !ocp_api::rules::backup_path_ok(s) {
            return Err(ApiFailure::invalid_value(
                format!("restoreSources[{i}]"),
                "expected a backup path with protocol, e.g. file:///obbackup/…/data/backup_set_24_full_20240406",
                Some(s.to_owned().into()),
            ));
        }
        if seen.insert(s) {
            sources.push(s.to_owned());
        }
    }
    {
        let mut w = ctx.sim.write_world();
        let id = target_cluster(&q, &w)?;
        let (held, new) = match w.restore_sources.get(&id) {
            Some(list) => (
                list.len(),
                sources.iter().filter(|s| !list.contains(s)).count(),
            ),
            None => (0, sources.len()),
        };
        let max = limits.restore_sources_per_cluster;
        if held + new > max {
            return Err(ApiFailure::invalid_value(
                "restoreSources",
                format!("at most {max} restore sources per target cluster"),
                Some((new as i64).into()),
            )
            .with_debug(format!(
                "cluster {id} holds {held} restore sources and this request adds {new}; at most {max} are kept, clearRestoreSource removes them"
            )));
        }
        let list = w.restore_sources.entry(id).or_default();
        for s in sources {
            list.insert(s);
        }
    }
    ok!(ctx, NoDataResult, None)
}

pub(crate) async fn clear_source(ctx: Ctx, q: Query, req: Request) -> Reply {
    let q = params(q, req).await?;
    {
        let mut w = ctx.sim.write_world();
        let id = target_cluster(&q, &w)?;
        w.restore_sources.remove(&id);
    }
    ok!(ctx, NoDataResult, None)
}
