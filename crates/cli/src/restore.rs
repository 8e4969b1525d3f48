//! `ocpctl restore`: a tenant's backup, at a point in time, into a new tenant.

use ocp_api::duration::compact;
use ocp_api::enums::{
    BackupTenantStatus, RecoverableSectionItemType, ReplicaType, RestoreTaskStatus, TaskStatus,
    TenantStatus,
};
use ocp_api::time::OcpDateTime;
use ocp_api::types;
use serde_json::{Value, json};

use crate::context::{Call, Ctx};
use crate::exit::CliError;
use crate::resolve;
use crate::wait::{WaitArgs, Waiter, task_failure, task_summary};

/// `ocpctl restore`.
#[derive(Debug, clap::Args)]
#[command(mut_arg("timeout", |a| a.default_value("24h")))]
pub struct RestoreArgs {
    /// Tenant whose backup to restore
    #[arg(long, value_name = "TENANT")]
    pub from: String,
    /// Cluster of that tenant, when several have one of that name
    #[arg(long, value_name = "NAME")]
    pub from_cluster: Option<String>,
    /// Cluster to create the new tenant in
    #[arg(long, value_name = "NAME")]
    pub to_cluster: String,
    /// Name of the new tenant
    #[arg(long, value_name = "NEW")]
    pub tenant_name: String,
    /// Point in time, with its offset (2024-08-09T15:30:00+08:00), or `latest`; checked against
    /// the recoverable windows first
    #[arg(long, value_name = "TIME|latest")]
    pub at: String,
    /// A zone of the new tenant (repeatable); default: every zone of the target cluster, with the
    /// source's replica types and unit counts
    #[arg(long = "zone", value_name = "NAME:REPLICA:UNIT_SPEC:COUNT")]
    pub zones: Vec<String>,
    /// Zone priority, e.g. zone1 or zone1,zone2;zone3; default: the source's when its zones fit
    #[arg(long, value_name = "ZONES")]
    pub primary_zone: Option<String>,
    /// Unit specification for zones that do not name one
    #[arg(long, value_name = "NAME", default_value = "S1")]
    pub unit_spec: String,
    #[command(flatten)]
    pub wait: WaitArgs,
}

/// The point in time asked for.
enum At {
    Latest,
    Time(OcpDateTime),
}

fn parse_at(text: &str) -> Result<At, CliError> {
    if text.eq_ignore_ascii_case("latest") {
        return Ok(At::Latest);
    }
    OcpDateTime::parse(text).map(At::Time).map_err(|e| {
        CliError::usage(format!(
            "--at {text:?}: {e}; give `latest` or a time with its offset, e.g. 2024-08-09T15:30:00+08:00"
        ))
    })
}

/// The RECOVERABLE intervals of a tenant's backup info.
fn windows(info: &types::ObTenantBackupInfo) -> Vec<(OcpDateTime, OcpDateTime)> {
    let mut out: Vec<(OcpDateTime, OcpDateTime)> = info
        .ob_recoverable_info_aggregation
        .as_ref()
        .and_then(|a| a.latest_seven_days_aggregation.as_ref())
        .map(|l| l.ob_recoverable_section_items.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|i| i.ob_recoverable_section_item_type == RecoverableSectionItemType::Recoverable)
        .filter_map(|i| i.real_recoverable_time_interval.as_ref())
        .map(|w| (w.start_time.clone(), w.end_time.clone()))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn list_windows(windows: &[(OcpDateTime, OcpDateTime)]) -> String {
    if windows.is_empty() {
        return "none".into();
    }
    windows
        .iter()
        .map(|(a, b)| format!("[{a} .. {b}]"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks `--at` against the recoverable windows (before anything is sent) and returns the
/// point to restore to.
async fn restore_point(
    ctx: &Ctx,
    cluster_id: i64,
    tenant_id: i64,
    label: &str,
    at: At,
) -> Result<OcpDateTime, CliError> {
    let info = resolve::tenant_backup_info(ctx, cluster_id, tenant_id, None).await?;
    let mut known = windows(&info);
    match at {
        At::Latest => known.iter().map(|(_, end)| end.clone()).max().ok_or_else(|| {
            CliError::failed(format!(
                "{label} has no recoverable time: no successful data backup with log backup after it"
            ))
        }),
        At::Time(t) => {
            let inside = |ws: &[(OcpDateTime, OcpDateTime)]| ws.iter().any(|(a, b)| *a <= t && t <= *b);
            if inside(&known) {
                return Ok(t);
            }
            // Older than the default scope (the latest seven days): ask around the time itself.
            let day = chrono::TimeDelta::days(1);
            let utc = t.to_utc();
            let scope = (OcpDateTime::from(utc - day), OcpDateTime::from(utc + day));
            let around = windows(&resolve::tenant_backup_info(ctx, cluster_id, tenant_id, Some(scope)).await?);
            if inside(&around) {
                return Ok(t);
            }
            for w in around {
                if !known.contains(&w) {
                    known.push(w);
                }
            }
            known.sort_by(|a, b| a.0.cmp(&b.0));
            Err(CliError::usage(format!(
                "--at {t} is outside the recoverable windows of {label}: {}",
                list_windows(&known)
            )))
        }
    }
}

/// `zone1:FULL:S2:1`; missing parts default to FULL, `--unit-spec` and 1.
fn parse_zone(text: &str, unit_spec: &str) -> Result<types::RestoreZoneParam, CliError> {
    let parts: Vec<&str> = text.split(':').collect();
    let bad = || {
        CliError::usage(format!(
            "--zone {text:?}: expected NAME[:REPLICA[:UNIT_SPEC[:COUNT]]], e.g. zone1:FULL:S2:1"
        ))
    };
    if parts.len() > 4 || parts[0].trim().is_empty() {
        return Err(bad());
    }
    let replica = parts
        .get(1)
        .filter(|r| !r.is_empty())
        .map_or(ReplicaType::Full, |r| {
            ReplicaType::from(r.to_ascii_uppercase().as_str())
        });
    if !replica.is_known() {
        return Err(CliError::usage(format!(
            "--zone {text:?}: replica type must be FULL, LOGONLY or READONLY"
        )));
    }
    let spec = parts
        .get(2)
        .filter(|s| !s.is_empty())
        .copied()
        .unwrap_or(unit_spec);
    let count = match parts.get(3) {
        Some(c) => c.parse::<i64>().map_err(|_| bad())?,
        None => 1,
    };
    Ok(zone(parts[0], replica, spec, count))
}

fn zone(name: &str, replica: ReplicaType, spec: &str, count: i64) -> types::RestoreZoneParam {
    types::RestoreZoneParam {
        checked: None,
        key: None,
        name: name.to_owned(),
        replica_type: replica,
        resource_pool: types::RestoreResourcePoolParam {
            unit_count: count,
            unit_spec_name: spec.to_owned(),
        },
    }
}

/// Zones of the new tenant when none are given: every zone of the target cluster, with the
/// source tenant's replica type and unit count where it has a zone of that name.
fn default_zones(
    target: &types::Cluster,
    source: &types::Tenant,
    unit_spec: &str,
) -> Result<Vec<types::RestoreZoneParam>, CliError> {
    if target.zones.is_empty() {
        return Err(CliError::usage(format!(
            "OCP lists no zones for cluster {}: give them with --zone NAME:REPLICA:UNIT_SPEC:COUNT",
            target.name
        )));
    }
    let fallback_count = source
        .zones
        .iter()
        .find_map(|z| z.resource_pool.as_ref()?.unit_count)
        .unwrap_or(1);
    Ok(target
        .zones
        .iter()
        .map(|tz| {
            let same = source.zones.iter().find(|sz| sz.name == tz.name);
            let replica = same
                .and_then(|s| s.replica_type.clone())
                .unwrap_or(ReplicaType::Full);
            let count = same
                .and_then(|s| s.resource_pool.as_ref()?.unit_count)
                .unwrap_or(fallback_count);
            zone(&tz.name, replica, unit_spec, i64::from(count.max(1)))
        })
        .collect())
}

pub async fn restore(ctx: &Ctx, args: RestoreArgs) -> Result<(), CliError> {
    let at = parse_at(&args.at)?;
    let mut zones = Vec::new();
    for z in &args.zones {
        zones.push(parse_zone(z, &args.unit_spec)?);
    }
    let (source_cluster, source) =
        resolve::find_tenant(ctx, &args.from, args.from_cluster.as_deref()).await?;
    let target = resolve::find_cluster(ctx, &args.to_cluster).await?;
    let label = format!("{}/{}", source_cluster.name, source.name);
    let point = restore_point(ctx, source_cluster.id, source.id, &label, at).await?;

    if zones.is_empty() {
        let detail = resolve::get_tenant(ctx, source_cluster.id, source.id).await?;
        zones = default_zones(&target, &detail, &args.unit_spec)?;
    }
    let primary_zone = args.primary_zone.clone().or_else(|| {
        // The source's zone priority, when every zone it names is one of the new tenant's.
        source.primary_zone.clone().filter(|p| {
            p.split([',', ';'])
                .map(str::trim)
                .filter(|z| !z.is_empty())
                .all(|z| zones.iter().any(|nz| nz.name == z))
        })
    });
    let layout = zones
        .iter()
        .map(|z| {
            format!(
                "{} {} {}x{}",
                z.name, z.replica_type, z.resource_pool.unit_spec_name, z.resource_pool.unit_count
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    ctx.console.message(&format!(
        "restoring {label} at {point} into {}/{}: {layout}{}",
        target.name,
        args.tenant_name,
        primary_zone
            .as_deref()
            .map(|p| format!("; primary zone {p}"))
            .unwrap_or_default()
    ));

    let body = types::RestoreTenantParam {
        backup_tenant_status: BackupTenantStatus::Online,
        restore_offline_tenant_required_param: None,
        restore_online_tenant_required_param: Some(types::RestoreOnlineTenantParam {
            backup_cluster_id: source_cluster.id,
            backup_tenant_id: source.id,
            restore_cluster_id: target.id,
            restore_end_time: point.clone(),
            restore_tenant_info_param: types::RestoreTenantInfoParam {
                name: args.tenant_name.clone(),
                primary_zone,
                restore_method: None,
                restore_obj: None,
                table_restore_objects: Vec::new(),
                zones,
            },
        }),
    };
    // Sent exactly once.
    let answer = ctx
        .call(
            Call {
                operation_id: "restoreTenant",
                path: &[("id", source_cluster.id.to_string())],
                query: &[],
                body: serde_json::to_value(&body).ok(),
            },
            ctx.client
                .restore_tenant()
                .id(source_cluster.id)
                .body(body)
                .send(),
        )
        .await?;
    let task_id = resolve::started_task(&answer)?;
    let posted_at = answer.timestamp.clone();
    let mut result = json!({
        "source": label,
        "sourceClusterId": source_cluster.id,
        "sourceTenantId": source.id,
        "targetCluster": target.name,
        "targetClusterId": target.id,
        "tenantName": args.tenant_name,
        "restoreEndTime": point,
        "taskInstanceId": task_id,
        "traceId": answer.trace_id,
    });
    if !args.wait.wait {
        result["status"] = json!("STARTED");
        ctx.console.print(&result);
        return Ok(());
    }

    let mut waiter = Waiter::new(&args.wait);
    let what = format!(
        "the restore of {label} into {}/{}",
        target.name, args.tenant_name
    );
    loop {
        let (task, row, tenant) = waiter
            .poll(ctx, &what, async |c: &Ctx| {
                let task = match task_id {
                    Some(id) => Some(resolve::task_instance(c, id).await?),
                    None => None,
                };
                let row = resolve::tenant_restore_tasks(c, source_cluster.id, source.id)
                    .await?
                    .data
                    .contents
                    .into_iter()
                    .find(|r| {
                        r.restore_tenant_name.as_deref() == Some(args.tenant_name.as_str())
                            && r.restore_cluster_id.is_none_or(|id| id == target.id)
                            && r.create_time.as_ref().is_none_or(|t| {
                                t.to_utc() >= posted_at.to_utc() - chrono::TimeDelta::seconds(60)
                            })
                    });
                let tenant = resolve::list_tenants(c, target.id, Some(&args.tenant_name))
                    .await?
                    .into_iter()
                    .find(|t| t.name == args.tenant_name);
                Ok((task, row, tenant))
            })
            .await?;

        let mut line = format!("restore {label} -> {}/{}:", target.name, args.tenant_name);
        match &row {
            Some(r) => {
                line.push_str(&format!(" {}", r.status));
                if let Some(p) = r.progress.as_ref().filter(|p| !p.is_empty()) {
                    line.push_str(&format!(" ({p})"));
                }
            }
            None => line.push_str(" not listed yet"),
        }
        if let Some(t) = &task {
            line.push_str(&format!("; {}", task_summary(t)));
        }
        if let Some(t) = &tenant {
            line.push_str(&format!(
                "; tenant {}",
                t.status.as_ref().map_or("?".into(), |s| s.to_string())
            ));
        }
        ctx.console.progress(&line, &compact(waiter.waited()));

        let failed = row
            .as_ref()
            .is_some_and(|r| r.status == RestoreTaskStatus::RestoreFail)
            || task
                .as_ref()
                .is_some_and(|t| t.status == TaskStatus::Failed);
        let restored = row
            .as_ref()
            .is_some_and(|r| r.status == RestoreTaskStatus::RestoreSuccess)
            && task
                .as_ref()
                .is_none_or(|t| t.status == TaskStatus::Successful)
            && tenant
                .as_ref()
                .is_some_and(|t| t.status == Some(TenantStatus::Normal));
        if failed || restored {
            ctx.console.end_progress();
            fill(&mut result, row.as_ref(), task.as_ref(), tenant.as_ref());
            ctx.console.print(&result);
        }
        if failed {
            let why = row
                .as_ref()
                .and_then(|r| r.error_msg.clone())
                .filter(|m| !m.is_empty())
                .or_else(|| task.as_ref().and_then(task_failure))
                .unwrap_or_else(|| "no reason given".into());
            return Err(CliError::failed(format!("{what} failed: {why}")));
        }
        if restored {
            return Ok(());
        }
        waiter.next(&ctx.env, &what).await?;
    }
}

fn fill(
    result: &mut Value,
    row: Option<&types::RestoreTask>,
    task: Option<&types::TaskInstance>,
    tenant: Option<&types::Tenant>,
) {
    if let Some(r) = row {
        result["status"] = json!(r.status.as_str());
        result["restoreTaskId"] = json!(r.id);
        if let Some(m) = r.error_msg.as_ref().filter(|m| !m.is_empty()) {
            result["errorMsg"] = json!(m);
        }
    }
    if let Some(t) = task {
        result["taskStatus"] = json!(t.status.as_str());
    }
    if let Some(t) = tenant {
        result["tenantId"] = json!(t.id);
        result["tenantStatus"] = json!(t.status.as_ref().map(|s| s.as_str().to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_flags() {
        let z = parse_zone("zone1:READONLY:S4:2", "S1").unwrap();
        assert_eq!(
            (
                z.name.as_str(),
                z.replica_type,
                z.resource_pool.unit_spec_name.as_str(),
                z.resource_pool.unit_count
            ),
            ("zone1", ReplicaType::Readonly, "S4", 2)
        );
        let z = parse_zone("zone2", "S1").unwrap();
        assert_eq!(z.replica_type, ReplicaType::Full);
        assert_eq!(z.resource_pool.unit_spec_name, "S1");
        assert!(parse_zone("zone1:SPARE", "S1").is_err());
        assert!(parse_zone("zone1:FULL:S1:many", "S1").is_err());
        assert!(parse_zone(":FULL", "S1").is_err());
    }

    #[test]
    fn at_takes_latest_or_a_time_with_offset() {
        assert!(matches!(parse_at("latest"), Ok(At::Latest)));
        assert!(matches!(
            parse_at("2024-08-09T15:30:00+08:00"),
            Ok(At::Time(_))
        ));
        assert!(parse_at("yesterday").is_err());
    }
}
