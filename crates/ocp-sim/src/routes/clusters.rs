//! Tag `clusters`: clusters and tenants, for choosing backup and restore targets.

use std::cmp::Ordering;

use ocp_api::enums::{ClusterStatus, TenantMode, TenantStatus};
use ocp_api::types;

use super::Reply;
use crate::envelope::{Ctx, ok};
use crate::extract::{PathIds, Query};
use crate::world::{ClusterRec, TenantRec};

fn contains_ci(haystack: &str, needle: Option<&str>) -> bool {
    needle.is_none_or(|n| haystack.to_lowercase().contains(&n.to_lowercase()))
}

pub(crate) async fn list_clusters(ctx: Ctx, q: Query) -> Reply {
    let paging = q.paging(false)?;
    let sort = q.sort(&["id", "name", "obVersion", "createTime"])?;
    let statuses: Vec<ClusterStatus> = q.enums("status")?;
    let name = q.first("name");
    let now = ctx.sim.clock.now();
    let page = {
        let w = ctx.sim.read_world();
        let mut rows: Vec<&ClusterRec> = w
            .clusters
            .iter()
            .filter(|c| contains_ci(&c.name, name))
            // Every simulated cluster is running.
            .filter(|_| statuses.is_empty() || statuses.contains(&ClusterStatus::Running))
            .collect();
        if let Some((field, desc)) = sort {
            rows.sort_by(|a, b| {
                let o = match field {
                    "name" => a.name.cmp(&b.name),
                    "obVersion" => a.ob_version.cmp(&b.ob_version),
                    "createTime" => a.created.cmp(&b.created),
                    _ => a.id.cmp(&b.id),
                };
                if desc { o.reverse() } else { o }
            });
        }
        let (contents, page) = paging.apply(&rows, |c| w.cluster_view(c, now, true));
        types::ClusterPage { contents, page }
    };
    ok!(ctx, ClusterPageResult, page)
}

fn same_mode(filter: &TenantMode, mode: &TenantMode) -> bool {
    filter.as_str().eq_ignore_ascii_case(mode.as_str())
}

pub(crate) async fn list_tenants(ctx: Ctx, ids: PathIds, q: Query) -> Reply {
    let cluster_id = ids.int("id", "clusterId")?;
    let paging = q.paging(false)?;
    let sort = q.sort(&["id", "name", "createTime", "obTenantId"])?;
    let statuses: Vec<TenantStatus> = q.enums("status")?;
    let mode: Option<TenantMode> = q.enums::<TenantMode>("mode")?.into_iter().next();
    let locked = q.opt_bool("locked")?;
    let readonly = q.opt_bool("readonly")?;
    let name = q.first("name");
    let now = ctx.sim.clock.now();
    let page = {
        let w = ctx.sim.read_world();
        w.cluster_or_404(cluster_id, "clusterId")?;
        let mut rows: Vec<(&TenantRec, TenantStatus)> = w
            .tenants
            .iter()
            .filter(|t| t.cluster_id == cluster_id)
            .filter_map(|t| Some((t, w.tenant_visible_status(t, now)?)))
            .filter(|(t, _)| contains_ci(&t.name, name))
            .filter(|(t, _)| mode.as_ref().is_none_or(|m| same_mode(m, &t.mode)))
            .filter(|(t, _)| {
                locked.is_none_or(|l| t.locked == l) && readonly.is_none_or(|r| t.readonly == r)
            })
            .filter(|(_, s)| statuses.is_empty() || statuses.contains(s))
            .collect();
        if let Some((field, desc)) = sort {
            rows.sort_by(|(a, _), (b, _)| {
                let o: Ordering = match field {
                    "name" => a.name.cmp(&b.name),
                    "createTime" => a.created.cmp(&b.created),
                    "obTenantId" => a.ob_tenant_id.cmp(&b.ob_tenant_id),
                    _ => a.id.cmp(&b.id),
                };
                if desc { o.reverse() } else { o }
            });
        }
        let (contents, page) = paging.apply(&rows, |(t, _)| {
            let mut view = w
                .tenant_view(t, now, false)
                .expect("visible tenants render");
            view.zones.clear();
            view
        });
        types::TenantPage { contents, page }
    };
    ok!(ctx, TenantPageResult, page)
}

pub(crate) async fn get_tenant(ctx: Ctx, ids: PathIds) -> Reply {
    let cluster_id = ids.int("id", "clusterId")?;
    let tenant_id = ids.int("tenantId", "tenantId")?;
    let now = ctx.sim.clock.now();
    let tenant = {
        let w = ctx.sim.read_world();
        w.cluster_or_404(cluster_id, "clusterId")?;
        let t = w.tenant_or_404(cluster_id, tenant_id, "tenantId", now)?;
        w.tenant_view(t, now, true).expect("visible tenants render")
    };
    ok!(ctx, TenantResult, tenant)
}
