//! Tag `cluster-backup`: backup capability, strategy, overview, tasks and info of a cluster.

use ocp_api::enums::{
    BackupDimension, BackupScheduleStatus, ClusterStatus, ObClusterBackupStatus, StorageVolumeUnit,
};
use ocp_api::types;

use super::{Reply, cluster_object, strategy};
use crate::envelope::{Ctx, ok};
use crate::extract::{JsonBody, PathIds, Query};
use crate::world::{ObjectKey, TimeStyle};

pub(crate) async fn ability(ctx: Ctx, ids: PathIds) -> Reply {
    let id = ids.int("id", "id")?;
    let now = ctx.sim.clock.now();
    let ability = {
        let w = ctx.sim.read_world();
        let c = w.cluster_or_404(id, "id")?;
        w.ability_view(c, now, ctx.lang)
    };
    ok!(ctx, ObBackupAbilityResult, ability)
}

pub(crate) async fn create_strategy(
    ctx: Ctx,
    ids: PathIds,
    JsonBody(body): JsonBody<types::BackupStrategyParam>,
) -> Reply {
    strategy::create(ctx, cluster_object(&ids)?, body)
}

pub(crate) async fn update_strategy(
    ctx: Ctx,
    ids: PathIds,
    JsonBody(body): JsonBody<types::BackupStrategyParam>,
) -> Reply {
    strategy::update(ctx, cluster_object(&ids)?, body)
}

pub(crate) async fn delete_strategy(ctx: Ctx, ids: PathIds) -> Reply {
    strategy::delete(ctx, cluster_object(&ids)?)
}

pub(crate) async fn get_strategy(ctx: Ctx, ids: PathIds) -> Reply {
    strategy::get(ctx, cluster_object(&ids)?)
}

pub(crate) async fn start_schedule(ctx: Ctx, ids: PathIds) -> Reply {
    strategy::schedule(ctx, cluster_object(&ids)?, true)
}

pub(crate) async fn stop_schedule(ctx: Ctx, ids: PathIds) -> Reply {
    strategy::schedule(ctx, cluster_object(&ids)?, false)
}

pub(crate) async fn backup_now(
    ctx: Ctx,
    ids: PathIds,
    JsonBody(body): JsonBody<types::BackupNowParam>,
) -> Reply {
    strategy::backup_now(ctx, cluster_object(&ids)?, body)
}

pub(crate) async fn data_backup_tasks(ctx: Ctx, ids: PathIds, q: Query) -> Reply {
    strategy::data_tasks(ctx, cluster_object(&ids)?, q, true, TimeStyle::Local)
}

pub(crate) async fn log_backup_tasks(ctx: Ctx, ids: PathIds, q: Query) -> Reply {
    strategy::log_tasks(ctx, cluster_object(&ids)?, q, true, TimeStyle::Local)
}

pub(crate) async fn restore_tasks(ctx: Ctx, ids: PathIds, q: Query) -> Reply {
    strategy::restore_tasks(ctx, cluster_object(&ids)?, q, true, TimeStyle::Local)
}

pub(crate) async fn backup_info(ctx: Ctx, ids: PathIds, q: Query) -> Reply {
    let id = ids.int("id", "id")?;
    let now = ctx.sim.clock.now();
    let scope = strategy::info_scope(&q, now)?;
    let info = {
        let w = ctx.sim.read_world();
        let c = w.cluster_or_404(id, "id")?;
        w.cluster_backup_info(c, now, scope)
    };
    ok!(ctx, ObClusterBackupInfoResult, info)
}

pub(crate) async fn overview(ctx: Ctx, ids: PathIds) -> Reply {
    let id = ids.int("id", "id")?;
    let now = ctx.sim.clock.now();
    let detail = {
        let w = ctx.sim.read_world();
        let c = w.cluster_or_404(id, "id")?;
        let cluster_strategy = w
            .strategy_index(ObjectKey::Cluster(id))
            .map(|i| &w.strategies[i]);
        let tenant_strategies: Vec<_> = w
            .strategies
            .iter()
            .filter(|s| matches!(s.object, ObjectKey::Tenant(cid, _) if cid == id))
            .collect();
        let status = match cluster_strategy {
            Some(s) => w.schedule_status(s, now),
            None => {
                let statuses: Vec<_> = tenant_strategies
                    .iter()
                    .map(|s| w.schedule_status(s, now))
                    .collect();
                [
                    BackupScheduleStatus::Abnormal,
                    BackupScheduleStatus::Normal,
                    BackupScheduleStatus::Waiting,
                    BackupScheduleStatus::Paused,
                ]
                .into_iter()
                .find(|s| statuses.contains(s))
                .unwrap_or(BackupScheduleStatus::None)
            }
        };
        let has_strategy = cluster_strategy.is_some() || !tenant_strategies.is_empty();
        let logs: Vec<_> = w
            .logs
            .iter()
            .filter(|l| l.object.cluster_id() == id && l.started <= now)
            .collect();
        let checkpoint = logs.iter().filter_map(|l| l.checkpoint(now)).max();
        let active_delay = logs
            .iter()
            .filter(|l| l.active_at(now))
            .filter_map(|l| l.checkpoint(now))
            .max()
            .map(|cp| (now - cp).num_seconds());
        let size_gb: f64 = w
            .backups_of_cluster(id)
            .filter(|b| b.succeeded_by(now))
            .map(|b| b.size_gb)
            .sum();
        types::ClusterBackupInfoDetail {
            backup_dimension: Some(if cluster_strategy.is_none() && has_strategy {
                BackupDimension::Tenant
            } else {
                BackupDimension::Cluster
            }),
            backup_schedule_status: Some(status),
            backup_size: Some((size_gb * 100.0).round() / 100.0),
            cluster_id: c.id,
            cluster_name: Some(c.name.clone()),
            compaction_status: Some("IDLE".into()),
            last_data_backup_time: w
                .backups_of_cluster(id)
                .rev()
                .find(|b| b.start <= now)
                .map(|b| crate::world::ts(b.start, TimeStyle::Local)),
            latest_log_backup_checkpoint: checkpoint.map(|t| crate::world::ts(t, TimeStyle::Local)),
            log_backup_delay_seconds: active_delay,
            ob_backup_ability: Some(w.ability_view(c, now, ctx.lang)),
            ob_cluster_backup_status: Some(if has_strategy {
                ObClusterBackupStatus::HasBackupStrategy
            } else {
                ObClusterBackupStatus::NoBackupStrategy
            }),
            ob_cluster_id: Some(c.ob_cluster_id),
            ob_cluster_status: Some(ClusterStatus::Running),
            ob_cluster_type: Some(c.cluster_type.clone()),
            ob_storage_volume_unit: Some(StorageVolumeUnit::Gb),
            ob_tenant_id: None,
            ob_version: Some(c.ob_version.clone()),
            primary_and_standby_mode: Some(
                c.primary_id.is_some() || w.clusters.iter().any(|s| s.primary_id == Some(id)),
            ),
            tenant_id: None,
            tenant_name: None,
        }
    };
    ok!(ctx, ClusterBackupInfoDetailResult, detail)
}
