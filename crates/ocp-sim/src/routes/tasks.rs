//! Tag `tasks`: the OCP tasks that carry out backups and restores.

use ocp_api::enums::{TaskStatus, TaskType};
use ocp_api::types;

use super::Reply;
use crate::envelope::{Ctx, ok};
use crate::errors::{ApiFailure, TASK};
use crate::extract::{PathIds, Query};
use crate::world::TaskRec;

pub(crate) async fn list(ctx: Ctx, q: Query) -> Reply {
    let paging = q.paging(false)?;
    let sort = q.sort(&["id", "name", "createTime", "startTime", "status"])?;
    let statuses: Vec<TaskStatus> = q.enums("status")?;
    let task_type: Option<TaskType> = q.enums::<TaskType>("type")?.into_iter().next();
    let name = q.first("name").map(str::to_lowercase);
    let cluster_name = q
        .first("clusterName")
        .or_else(|| q.first("cluterName"))
        .map(str::to_lowercase);
    let cluster_id = q.opt_i64("clusterId")?;
    let tenant_id = q.opt_i64("tenantId")?;
    let tenant_name = q.first("tenantName");
    let host_id = q.opt_i64("hostId")?;
    let now = ctx.sim.clock.now();
    let page = {
        let w = ctx.sim.read_world();
        let mut rows: Vec<&TaskRec> = w
            .tasks
            .iter()
            .rev()
            .filter(|t| t.created <= now)
            // Backup and restore tasks work on clusters and tenants, not on hosts.
            .filter(|_| host_id.is_none())
            .filter(|t| {
                name.as_deref()
                    .is_none_or(|n| t.name.to_lowercase().contains(n))
            })
            .filter(|t| task_type.as_ref().is_none_or(|ty| *ty == t.task_type))
            .filter(|t| cluster_id.is_none_or(|c| t.cluster_id == c))
            .filter(|t| tenant_id.is_none_or(|id| t.tenant_id == Some(id)))
            .filter(|t| {
                cluster_name.as_deref().is_none_or(|n| {
                    w.cluster_rec(t.cluster_id)
                        .is_some_and(|c| c.name.to_lowercase().contains(n))
                })
            })
            .filter(|t| {
                tenant_name.is_none_or(|n| {
                    t.tenant_id
                        .and_then(|id| w.tenant_rec(id))
                        .is_some_and(|tr| tr.name == n)
                })
            })
            .filter(|t| statuses.is_empty() || statuses.contains(&t.status(now)))
            .collect();
        if let Some((field, desc)) = sort {
            rows.sort_by(|a, b| {
                let o = match field {
                    "name" => a.name.cmp(&b.name),
                    "createTime" | "startTime" => a.created.cmp(&b.created),
                    "status" => a.status(now).as_str().cmp(b.status(now).as_str()),
                    _ => a.id.cmp(&b.id),
                }
                .then(a.id.cmp(&b.id));
                if desc { o.reverse() } else { o }
            });
        }
        let (contents, page) = paging.apply(&rows, |t| w.task_view(t, now));
        types::TaskInstancePage { contents, page }
    };
    ok!(ctx, TaskInstancePageResult, page)
}

pub(crate) async fn get(ctx: Ctx, ids: PathIds) -> Reply {
    let id = ids.int("taskInstanceId", "taskInstanceId")?;
    let now = ctx.sim.clock.now();
    let task = {
        let w = ctx.sim.read_world();
        let t = w
            .task_rec(id)
            .filter(|t| t.created <= now)
            .ok_or_else(|| ApiFailure::not_found(TASK, format!("taskInstanceId={id}")))?;
        w.task_view(t, now)
    };
    ok!(ctx, TaskInstanceResult, task)
}
