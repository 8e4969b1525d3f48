//! Operations shared by cluster and tenant level: strategies, schedules, backup now, task lists
//! and backup info.

use chrono::TimeDelta;
use ocp_api::enums::{
    BackupTaskType, DataBackupTaskStatus, LogBackupTaskStatus, RestoreTaskStatus,
};
use ocp_api::types;

use super::{Reply, check_object, common};
use crate::envelope::{Ctx, ok};
use crate::errors::ApiFailure;
use crate::extract::Query;
use crate::validate;
use crate::world::{
    BackupNowRequest, DataBackupRec, LogBackupRec, ObjectKey, RestoreRec, TimeStyle,
};

pub(crate) fn create(ctx: Ctx, object: ObjectKey, param: types::BackupStrategyParam) -> Reply {
    validate::strategy_param(&param, object.tenant_id().is_some())?;
    let now = ctx.sim.clock.now();
    let ids = {
        let mut w = ctx.sim.write_world();
        check_object(&w, object, now)?;
        w.create_strategy(object, param, &ctx.user, now)?
    };
    common(&ctx, BackupTaskType::CreateBackupStrategy, object, ids)
}

pub(crate) fn update(ctx: Ctx, object: ObjectKey, param: types::BackupStrategyParam) -> Reply {
    validate::strategy_param(&param, object.tenant_id().is_some())?;
    let now = ctx.sim.clock.now();
    {
        let mut w = ctx.sim.write_world();
        check_object(&w, object, now)?;
        w.update_strategy(object, param, now)?;
    }
    common(&ctx, BackupTaskType::UpdateBackupStrategy, object, vec![])
}

pub(crate) fn delete(ctx: Ctx, object: ObjectKey) -> Reply {
    let now = ctx.sim.clock.now();
    {
        let mut w = ctx.sim.write_world();
        check_object(&w, object, now)?;
        w.delete_strategy(object, now)?;
    }
    common(&ctx, BackupTaskType::DeleteBackupStrategy, object, vec![])
}

pub(crate) fn get(ctx: Ctx, object: ObjectKey) -> Reply {
    let now = ctx.sim.clock.now();
    let strategy = {
        let w = ctx.sim.read_world();
        check_object(&w, object, now)?;
        let idx = w.strategy_index(object).ok_or_else(|| {
            ApiFailure::new(
                axum::http::StatusCode::NOT_FOUND,
                ocp_api::enums::OcpErrorCode::Bak21006,
                vec![w.object_label(object).into()],
            )
        })?;
        w.strategy_view(&w.strategies[idx])
    };
    ok!(ctx, OcpBackupStrategyResult, Some(strategy))
}

pub(crate) fn schedule(ctx: Ctx, object: ObjectKey, enabled: bool) -> Reply {
    let now = ctx.sim.clock.now();
    {
        let mut w = ctx.sim.write_world();
        check_object(&w, object, now)?;
        w.set_schedule(object, enabled, now)?;
    }
    let kind = if enabled {
        BackupTaskType::StartBackupSchedule
    } else {
        BackupTaskType::StopBackupSchedule
    };
    common(&ctx, kind, object, vec![])
}

pub(crate) fn backup_now(ctx: Ctx, object: ObjectKey, param: types::BackupNowParam) -> Reply {
    validate::backup_now(&param)?;
    let now = ctx.sim.clock.now();
    let task = {
        let mut w = ctx.sim.write_world();
        check_object(&w, object, now)?;
        w.backup_now(
            BackupNowRequest {
                object,
                param,
                user: ctx.user.clone(),
            },
            now,
        )?
    };
    common(&ctx, BackupTaskType::DataBackupNow, object, vec![task])
}

/// Data backup rows of `object` (a cluster lists its tenants' rows too), newest first.
pub(crate) fn data_tasks(
    ctx: Ctx,
    object: ObjectKey,
    q: Query,
    paging_required: bool,
    style: TimeStyle,
) -> Reply {
    let paging = q.paging(paging_required)?;
    let (start, end) = q.time_range()?;
    let backup_set = q.opt_i64("backupSetId")?;
    let statuses: Vec<DataBackupTaskStatus> = q.enums("status")?;
    let now = ctx.sim.clock.now();
    let page = {
        let w = ctx.sim.read_world();
        check_object(&w, object, now)?;
        let source: Box<dyn Iterator<Item = &DataBackupRec>> = match object {
            ObjectKey::Cluster(c) => Box::new(w.backups_of_cluster(c).rev()),
            ObjectKey::Tenant(..) => Box::new(w.backups_of(object).rev()),
        };
        let rows: Vec<&DataBackupRec> = source
            .filter(|b| b.start <= now)
            .filter(|b| start.is_none_or(|s| b.start >= s) && end.is_none_or(|e| b.start <= e))
            .filter(|b| backup_set.is_none_or(|id| b.backup_set_id == id))
            .filter(|b| statuses.is_empty() || statuses.contains(&b.status(now)))
            .collect();
        let (contents, page) = paging.apply(&rows, |b| w.data_backup_view(b, now, style));
        types::DataBackupTaskPage { contents, page }
    };
    ok!(ctx, DataBackupTaskPageResult, page)
}

/// The tenant page documents `STARTING`/`INPROGRESS` as filter values for what rows call
/// `BEGINNING`/`RUNNING`; accept both spellings.
fn log_status_matches(filter: &LogBackupTaskStatus, row: &LogBackupTaskStatus) -> bool {
    use LogBackupTaskStatus as S;
    filter == row
        || matches!(
            (filter, row),
            (S::Starting, S::Beginning) | (S::Inprogress, S::Running)
        )
}

pub(crate) fn log_tasks(
    ctx: Ctx,
    object: ObjectKey,
    q: Query,
    paging_required: bool,
    style: TimeStyle,
) -> Reply {
    let paging = q.paging(paging_required)?;
    let (start, end) = q.time_range()?;
    let statuses: Vec<LogBackupTaskStatus> = q.enums("status")?;
    let now = ctx.sim.clock.now();
    let page = {
        let w = ctx.sim.read_world();
        check_object(&w, object, now)?;
        let rows: Vec<&LogBackupRec> = w
            .logs
            .iter()
            .rev()
            .filter(|l| match object {
                ObjectKey::Cluster(c) => l.object.cluster_id() == c,
                ObjectKey::Tenant(..) => l.object == object,
            })
            .filter(|l| l.started <= now)
            .filter(|l| {
                end.is_none_or(|e| l.started <= e)
                    && start.is_none_or(|s| l.stopped.is_none_or(|stop| stop >= s))
            })
            .filter(|l| {
                statuses.is_empty()
                    || statuses
                        .iter()
                        .any(|f| log_status_matches(f, &l.status(now)))
            })
            .collect();
        let (contents, page) = paging.apply(&rows, |l| w.log_view(l, now, style));
        types::LogBackupTaskPage { contents, page }
    };
    ok!(ctx, LogBackupTaskPageResult, page)
}

pub(crate) fn restore_tasks(
    ctx: Ctx,
    object: ObjectKey,
    q: Query,
    paging_required: bool,
    style: TimeStyle,
) -> Reply {
    let paging = q.paging(paging_required)?;
    let (start, end) = q.time_range()?;
    let statuses: Vec<RestoreTaskStatus> = q.enums("status")?;
    let names: Vec<String> = q
        .list("restoreClusterName")
        .into_iter()
        .map(str::to_owned)
        .collect();
    let now = ctx.sim.clock.now();
    let page = {
        let w = ctx.sim.read_world();
        check_object(&w, object, now)?;
        let rows: Vec<&RestoreRec> = w
            .restores
            .iter()
            .rev()
            .filter(|r| match object {
                ObjectKey::Cluster(c) => r.source.cluster_id() == c || r.target_cluster_id == c,
                ObjectKey::Tenant(_, t) => r.source.tenant_id() == Some(t) || r.new_tenant_id == t,
            })
            .filter(|r| r.created <= now)
            .filter(|r| start.is_none_or(|s| r.created >= s) && end.is_none_or(|e| r.created <= e))
            .filter(|r| statuses.is_empty() || statuses.contains(&r.status(now)))
            .filter(|r| {
                names.is_empty()
                    || w.cluster_rec(r.target_cluster_id)
                        .is_some_and(|c| names.contains(&c.name))
            })
            .collect();
        let (contents, page) = paging.apply(&rows, |r| w.restore_view(r, now, style, ctx.lang));
        types::RestoreTaskPage { contents, page }
    };
    ok!(ctx, RestoreTaskPageResult, page)
}

/// The period a backup-info request covers: the given one, or the latest seven days.
pub(crate) fn info_scope(
    q: &Query,
    now: crate::world::Time,
) -> Result<(crate::world::Time, crate::world::Time), ApiFailure> {
    let (start, end) = q.time_range()?;
    let end = end.unwrap_or(now);
    let start = start.unwrap_or(end - TimeDelta::days(7));
    if start > end {
        return Err(ApiFailure::new(
            axum::http::StatusCode::BAD_REQUEST,
            ocp_api::enums::OcpErrorCode::Com10010,
            vec![],
        ));
    }
    Ok((start, end))
}
