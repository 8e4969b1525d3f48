//! Tag `tenant-backup`: strategy, schedules, backup now, tasks and info of one tenant. Tenant-level
//! lists answer times in UTC, as the OCP 4.3 samples do.

use ocp_api::types;

use super::{Reply, strategy, tenant_object};
use crate::envelope::{Ctx, ok};
use crate::extract::{JsonBody, PathIds, Query};
use crate::world::TimeStyle;

pub(crate) async fn create_strategy(
    ctx: Ctx,
    ids: PathIds,
    JsonBody(body): JsonBody<types::BackupStrategyParam>,
) -> Reply {
    strategy::create(ctx, tenant_object(&ids)?, body)
}

pub(crate) async fn update_strategy(
    ctx: Ctx,
    ids: PathIds,
    JsonBody(body): JsonBody<types::BackupStrategyParam>,
) -> Reply {
    strategy::update(ctx, tenant_object(&ids)?, body)
}

pub(crate) async fn delete_strategy(ctx: Ctx, ids: PathIds) -> Reply {
    strategy::delete(ctx, tenant_object(&ids)?)
}

pub(crate) async fn get_strategy(ctx: Ctx, ids: PathIds) -> Reply {
    strategy::get(ctx, tenant_object(&ids)?)
}

pub(crate) async fn start_schedule(ctx: Ctx, ids: PathIds) -> Reply {
    strategy::schedule(ctx, tenant_object(&ids)?, true)
}

pub(crate) async fn stop_schedule(ctx: Ctx, ids: PathIds) -> Reply {
    strategy::schedule(ctx, tenant_object(&ids)?, false)
}

pub(crate) async fn backup_now(
    ctx: Ctx,
    ids: PathIds,
    JsonBody(body): JsonBody<types::BackupNowParam>,
) -> Reply {
    strategy::backup_now(ctx, tenant_object(&ids)?, body)
}

pub(crate) async fn data_backup_tasks(ctx: Ctx, ids: PathIds, q: Query) -> Reply {
    strategy::data_tasks(ctx, tenant_object(&ids)?, q, false, TimeStyle::Utc)
}

pub(crate) async fn log_backup_tasks(ctx: Ctx, ids: PathIds, q: Query) -> Reply {
    strategy::log_tasks(ctx, tenant_object(&ids)?, q, false, TimeStyle::Utc)
}

pub(crate) async fn restore_tasks(ctx: Ctx, ids: PathIds, q: Query) -> Reply {
    strategy::restore_tasks(ctx, tenant_object(&ids)?, q, false, TimeStyle::Utc)
}

pub(crate) async fn backup_info(ctx: Ctx, ids: PathIds, q: Query) -> Reply {
    let object = tenant_object(&ids)?;
    let now = ctx.sim.clock.now();
    let scope = strategy::info_scope(&q, now)?;
    let info = {
        let w = ctx.sim.read_world();
        let c = w.cluster_or_404(object.cluster_id(), "id")?;
        let t = w.tenant_or_404(c.id, object.tenant_id().unwrap_or(0), "tenantId", now)?;
        w.tenant_backup_info(c, t, now, scope)
    };
    ok!(ctx, ObTenantBackupInfoResult, info)
}
