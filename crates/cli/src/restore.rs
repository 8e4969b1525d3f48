//! `ocpctl restore`: a tenant's backup, at a point in time, into a new tenant; and the steps
//! of it that `ocpctl restore drill` ([`crate::drill`]) reuses: resolving source and target,
//! checking the time against the recoverable windows, the zones, the body, sending it once and
//! following it to a running tenant.
//!
//! Every OCP version the spec documents restores this way. Where a read has a tenant-level
//! call that only OCP 4.3 has (backup info, restore task list), the cluster-level one answers
//! on older versions (see [`resolve`]).

use std::time::Duration;

use ocp_api::duration::{self, compact};
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

/// `ocpctl restore …` restores; `ocpctl restore drill …` runs a restore drill.
///
/// Written by hand rather than derived: clap's derive cannot make the restore's own (required)
/// flags optional when the `drill` subcommand is given (an `Option` of flattened flags is never
/// filled when those flags hold flattened groups themselves).
#[derive(Debug)]
pub enum RestoreCommand {
    Restore(RestoreArgs),
    Drill(crate::drill::DrillArgs),
}

#[derive(Debug, clap::Subcommand)]
enum RestoreSubcommand {
    /// Restore a tenant's backup into a new tenant on a test cluster, check that it runs, and
    /// report (JSON) what was restored and how long it took; deletes nothing
    Drill(crate::drill::DrillArgs),
}

impl clap::FromArgMatches for RestoreCommand {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        Ok(match m.subcommand_name() {
            Some(_) => match RestoreSubcommand::from_arg_matches(m)? {
                RestoreSubcommand::Drill(args) => RestoreCommand::Drill(args),
            },
            None => RestoreCommand::Restore(RestoreArgs::from_arg_matches(m)?),
        })
    }

    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl clap::Args for RestoreCommand {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        use clap::Subcommand;
        RestoreSubcommand::augment_subcommands(RestoreArgs::augment_args(cmd))
            .args_conflicts_with_subcommands(true)
            .subcommand_negates_reqs(true)
            .arg_required_else_help(true)
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// Which backup is restored, and to when: shared by `restore` and `restore drill`.
#[derive(Debug, clap::Args)]
pub struct SourceArgs {
    /// Tenant whose backup to restore
    #[arg(long, value_name = "TENANT")]
    pub from: String,
    /// Cluster of that tenant, when several have one of that name
    #[arg(long, value_name = "NAME")]
    pub from_cluster: Option<String>,
    /// Point in time: `latest`, a time before OCP's now (`-1h`, `-30m`), or a time with its
    /// offset (2024-08-09T15:30:00+08:00); checked against the recoverable windows first
    #[arg(long, value_name = "latest|-DURATION|TIME", value_parser = At::parse, allow_hyphen_values = true)]
    pub at: At,
}

/// Where the new tenant goes and its layout: shared by `restore` and `restore drill`.
#[derive(Debug, clap::Args)]
pub struct TargetArgs {
    /// Cluster to create the new tenant in
    #[arg(long, value_name = "NAME")]
    pub to_cluster: String,
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
}

/// `ocpctl restore`.
#[derive(Debug, clap::Args)]
#[command(mut_arg("timeout", |a| a.default_value("24h")))]
pub struct RestoreArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub target: TargetArgs,
    /// Name of the new tenant
    #[arg(long, value_name = "NEW")]
    pub tenant_name: String,
    #[command(flatten)]
    pub wait: WaitArgs,
}

/// The point in time asked for.
#[derive(Clone, Debug)]
pub enum At {
    /// The end of the newest recoverable window.
    Latest,
    /// This long before OCP's clock, and the text it was given as (`-1h`).
    Ago(Duration, String),
    Time(OcpDateTime),
}

impl At {
    pub fn parse(text: &str) -> Result<At, String> {
        if text.eq_ignore_ascii_case("latest") {
            return Ok(At::Latest);
        }
        if let Some(ago) = text.strip_prefix('-') {
            return duration::parse(ago)
                .map(|d| At::Ago(d, text.to_owned()))
                .map_err(|e| format!("{e}; e.g. -1h or -30m (before OCP's clock)"));
        }
        OcpDateTime::parse(text).map(At::Time).map_err(|e| {
            format!(
                "{e}; give `latest`, a time before now such as -1h, or a time with its offset, e.g. 2024-08-09T15:30:00+08:00"
            )
        })
    }

    /// As given on the command line, for reports.
    pub fn describe(&self) -> String {
        match self {
            At::Latest => "latest".into(),
            At::Ago(_, text) => text.clone(),
            At::Time(t) => t.to_string(),
        }
    }
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

/// The point to restore to, checked against the recoverable windows before anything is sent,
/// and OCP's clock when it answered.
async fn restore_point(
    ctx: &Ctx,
    cluster_id: i64,
    tenant_id: i64,
    label: &str,
    at: &At,
) -> Result<(OcpDateTime, OcpDateTime), CliError> {
    let (info, now) = resolve::tenant_backup_info(ctx, cluster_id, tenant_id, None).await?;
    let mut known = windows(&info);
    let t = match at {
        At::Latest => {
            return known
                .iter()
                .map(|(_, end)| end.clone())
                .max()
                .map(|t| (t, now))
                .ok_or_else(|| {
                    CliError::failed(format!(
                        "{label} has no recoverable time: no successful data backup with log backup after it"
                    ))
                });
        }
        At::Ago(d, _) => {
            let ago = chrono::TimeDelta::from_std(*d).unwrap_or(chrono::TimeDelta::MAX);
            OcpDateTime::from(*now.as_datetime() - ago)
        }
        At::Time(t) => t.clone(),
    };
    let inside = |ws: &[(OcpDateTime, OcpDateTime)]| ws.iter().any(|(a, b)| *a <= t && t <= *b);
    if inside(&known) {
        return Ok((t, now));
    }
    // Older than the default scope (the latest seven days): ask around the time itself.
    let day = chrono::TimeDelta::days(1);
    let utc = t.to_utc();
    let scope = (OcpDateTime::from(utc - day), OcpDateTime::from(utc + day));
    let (around, _) = resolve::tenant_backup_info(ctx, cluster_id, tenant_id, Some(scope)).await?;
    let around = windows(&around);
    if inside(&around) {
        return Ok((t, now));
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

/// `zone1:FULL:S2:1`; missing parts default to FULL, `--unit-spec` and 1.
pub fn parse_zone(text: &str, unit_spec: &str) -> Result<types::RestoreZoneParam, CliError> {
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

/// A restore checked and ready to send: source, target, point and layout.
pub struct Plan {
    pub source_cluster: types::Cluster,
    pub source: types::Tenant,
    pub target: types::Cluster,
    /// `cluster/tenant` of the source.
    pub label: String,
    pub point: OcpDateTime,
    /// OCP's clock when it answered the recoverable windows.
    pub server_now: OcpDateTime,
    pub zones: Vec<types::RestoreZoneParam>,
    pub primary_zone: Option<String>,
}

/// Resolves names, checks the point in time and works out the zones; sends nothing.
pub async fn plan(ctx: &Ctx, source: &SourceArgs, into: &TargetArgs) -> Result<Plan, CliError> {
    let mut zones = Vec::new();
    for z in &into.zones {
        zones.push(parse_zone(z, &into.unit_spec)?);
    }
    let (source_cluster, tenant) =
        resolve::find_tenant(ctx, &source.from, source.from_cluster.as_deref()).await?;
    let target = resolve::find_cluster(ctx, &into.to_cluster).await?;
    let label = format!("{}/{}", source_cluster.name, tenant.name);
    let (point, server_now) =
        restore_point(ctx, source_cluster.id, tenant.id, &label, &source.at).await?;
    if zones.is_empty() {
        let detail = resolve::get_tenant(ctx, source_cluster.id, tenant.id).await?;
        zones = default_zones(&target, &detail, &into.unit_spec)?;
    }
    let primary_zone = into.primary_zone.clone().or_else(|| {
        // The source's zone priority, when every zone it names is one of the new tenant's.
        tenant.primary_zone.clone().filter(|p| {
            ocp_api::rules::primary_zone_names(p).all(|z| zones.iter().any(|nz| nz.name == z))
        })
    });
    Ok(Plan {
        source_cluster,
        source: tenant,
        target,
        label,
        point,
        server_now,
        zones,
        primary_zone,
    })
}

impl Plan {
    /// `zone1 FULL S1x1, …; primary zone zone1`.
    pub fn layout(&self) -> String {
        let zones = self
            .zones
            .iter()
            .map(|z| {
                format!(
                    "{} {} {}x{}",
                    z.name,
                    z.replica_type,
                    z.resource_pool.unit_spec_name,
                    z.resource_pool.unit_count
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        match &self.primary_zone {
            Some(p) => format!("{zones}; primary zone {p}"),
            None => zones,
        }
    }

    /// The body of `restoreTenant` (and of `previewRestore`) for a new tenant of this name.
    pub fn body(&self, tenant_name: &str) -> types::RestoreTenantParam {
        types::RestoreTenantParam {
            backup_tenant_status: BackupTenantStatus::Online,
            restore_offline_tenant_required_param: None,
            restore_online_tenant_required_param: Some(types::RestoreOnlineTenantParam {
                backup_cluster_id: self.source_cluster.id,
                backup_tenant_id: self.source.id,
                restore_cluster_id: self.target.id,
                restore_end_time: self.point.clone(),
                restore_tenant_info_param: types::RestoreTenantInfoParam {
                    name: tenant_name.to_owned(),
                    primary_zone: self.primary_zone.clone(),
                    restore_method: None,
                    restore_obj: None,
                    table_restore_objects: Vec::new(),
                    zones: self.zones.clone(),
                },
            }),
        }
    }

    /// `the restore of SRC into TARGET/NEW`.
    pub fn what(&self, tenant_name: &str) -> String {
        format!(
            "the restore of {} into {}/{tenant_name}",
            self.label, self.target.name
        )
    }
}

/// A restore OCP accepted.
pub struct Started {
    pub task_id: Option<i64>,
    /// OCP's clock when it accepted the restore.
    pub posted_at: OcpDateTime,
    pub trace_id: String,
}

/// Sends the restore, exactly once (a retried restore would be a second one).
pub async fn start(ctx: &Ctx, plan: &Plan, tenant_name: &str) -> Result<Started, CliError> {
    let body = plan.body(tenant_name);
    let id = plan.source_cluster.id;
    let answer = ctx
        .call(
            Call {
                operation_id: "restoreTenant",
                path: &[("id", id.to_string())],
                query: &[],
                body: serde_json::to_value(&body).ok(),
            },
            ctx.client.restore_tenant().id(id).body(body).send(),
        )
        .await?;
    Ok(Started {
        task_id: resolve::started_task(&answer)?,
        posted_at: answer.timestamp.clone(),
        trace_id: answer.trace_id,
    })
}

/// Where a followed restore ended.
pub struct Ended {
    pub row: Option<types::RestoreTask>,
    pub task: Option<types::TaskInstance>,
    /// The new tenant on the target cluster, as last seen.
    pub tenant: Option<types::Tenant>,
    /// Why it failed; `None`: restored, and the new tenant is `NORMAL`.
    pub failure: Option<String>,
}

/// Follows a started restore, with a progress line on stderr, until it fails or the new tenant
/// runs; `--timeout` ends it with [`CliError::TimedOut`] (the restore goes on in OCP).
pub async fn follow(
    ctx: &Ctx,
    plan: &Plan,
    tenant_name: &str,
    started: &Started,
    wait: &WaitArgs,
) -> Result<Ended, CliError> {
    let mut waiter = Waiter::new(wait);
    let what = plan.what(tenant_name);
    let (source, target) = (&plan.source, &plan.target);
    loop {
        let (task, row, tenant) = waiter
            .poll(ctx, &what, async |c: &Ctx| {
                let task = match started.task_id {
                    Some(id) => Some(resolve::task_instance(c, id).await?),
                    None => None,
                };
                let row = resolve::restore_tasks(c, plan.source_cluster.id, source.id)
                    .await?
                    .data
                    .contents
                    .into_iter()
                    .find(|r| {
                        r.restore_tenant_name.as_deref() == Some(tenant_name)
                            && r.restore_cluster_id.is_none_or(|id| id == target.id)
                            && r.backup_tenant_id.is_none_or(|id| id == source.id)
                            && r.create_time.as_ref().is_none_or(|t| {
                                t.to_utc()
                                    >= started.posted_at.to_utc() - chrono::TimeDelta::seconds(60)
                            })
                    });
                let tenant = resolve::list_tenants(c, target.id, Some(tenant_name))
                    .await?
                    .into_iter()
                    .find(|t| t.name == tenant_name);
                Ok((task, row, tenant))
            })
            .await?;

        let mut line = format!("restore {} -> {}/{tenant_name}:", plan.label, target.name);
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
            let failure = failed.then(|| {
                row.as_ref()
                    .and_then(|r| r.error_msg.clone())
                    .filter(|m| !m.is_empty())
                    .or_else(|| task.as_ref().and_then(task_failure))
                    .unwrap_or_else(|| "no reason given".into())
            });
            return Ok(Ended {
                row,
                task,
                tenant,
                failure,
            });
        }
        waiter.next(&ctx.env, &what).await?;
    }
}

pub async fn restore(ctx: &Ctx, args: RestoreArgs) -> Result<(), CliError> {
    let plan = plan(ctx, &args.source, &args.target).await?;
    ctx.console.message(&format!(
        "restoring {} at {} into {}/{}: {}",
        plan.label,
        plan.point,
        plan.target.name,
        args.tenant_name,
        plan.layout()
    ));
    let started = start(ctx, &plan, &args.tenant_name).await?;
    let mut result = json!({
        "source": plan.label,
        "sourceClusterId": plan.source_cluster.id,
        "sourceTenantId": plan.source.id,
        "targetCluster": plan.target.name,
        "targetClusterId": plan.target.id,
        "tenantName": args.tenant_name,
        "restoreEndTime": plan.point,
        "taskInstanceId": started.task_id,
        "traceId": started.trace_id,
    });
    if !args.wait.wait {
        result["status"] = json!("STARTED");
        ctx.console.print(&result);
        return Ok(());
    }
    let ended = follow(ctx, &plan, &args.tenant_name, &started, &args.wait).await?;
    fill(
        &mut result,
        ended.row.as_ref(),
        ended.task.as_ref(),
        ended.tenant.as_ref(),
    );
    ctx.console.print(&result);
    match ended.failure {
        Some(why) => Err(CliError::failed(format!(
            "{} failed: {why}",
            plan.what(&args.tenant_name)
        ))),
        None => Ok(()),
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
    fn at_takes_latest_a_time_ago_or_a_time_with_offset() {
        assert!(matches!(At::parse("latest"), Ok(At::Latest)));
        assert!(matches!(At::parse("-1h"), Ok(At::Ago(d, _)) if d == Duration::from_secs(3600)));
        assert_eq!(At::parse("-90m").unwrap().describe(), "-90m");
        assert!(matches!(
            At::parse("2024-08-09T15:30:00+08:00"),
            Ok(At::Time(_))
        ));
        assert!(At::parse("yesterday").is_err());
        assert!(At::parse("-soon").is_err());
        assert!(
            At::parse("2024-08-09T15:30:00").is_err(),
            "a time needs its offset"
        );
    }
}
