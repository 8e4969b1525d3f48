//! `ocpctl restore drill`: proves a backup restores. One restore of the source tenant, at the
//! point asked for, into a new tenant `<prefix><source>_<yyyymmddhhmm>` (OCP's clock) on a test
//! cluster, followed to its end; then the new tenant is read back from the target cluster and
//! must be `NORMAL`. A JSON report (stdout, and `--report FILE`) and a one-line summary on
//! stderr say what was restored, from which backup set and log pieces (OCP 4.3's preview), and
//! how long it took: the measured RTO, by OCP's clock.
//!
//! Each step is `ocpctl restore`'s own ([`crate::restore`]). The drill never deletes anything:
//! the tenant it made stays on the target cluster, and the report names it.
//!
//! | exit | `result` | meaning |
//! |---|---|---|
//! | 0 | `verified` | restored, and the new tenant is `NORMAL` on the target |
//! | 4 | `failed` | the restore failed (OCP's error in `error`), or the tenant is not `NORMAL` |
//! | 5 | `timed_out` | `--timeout` ran out; the restore goes on in OCP |
//! | 2 | `refused` | refused before sending: a time outside the recoverable windows, an unknown name… |
//! | 1, 3 | `error` | OCP refused the restore, or did not answer |

use std::path::PathBuf;

use ocp_api::enums::{RestorePreviewBackupType, TenantStatus};
use ocp_api::time::OcpDateTime;
use ocp_api::types;
use serde::Serialize;

use crate::context::Ctx;
use crate::exit::{CliError, Exit};
use crate::resolve;
use crate::restore::{self, Ended, Plan, SourceArgs, Started, TargetArgs};
use crate::wait::{WaitArgs, task_failure_cause};

/// `ocpctl restore drill`.
#[derive(Debug, clap::Args)]
pub struct DrillArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    #[command(flatten)]
    pub target: TargetArgs,
    /// Start of the new tenant's name: PREFIX<source>_<yyyymmddhhmm>, by OCP's clock; the fleet
    /// health model finds drills by it
    #[arg(long, value_name = "PREFIX", default_value = ocp_health::DEFAULT_DRILL_PREFIX)]
    pub name_prefix: String,
    /// Also write the JSON report to this file
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// (`--wait` is required: a drill follows the restore to a verified tenant)
    #[command(flatten)]
    pub wait: WaitArgs,
}

/// What a drill did; the report's fields (README: "Restore drills").
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// `verified`, `failed`, `timed_out`, `refused` or `error`.
    pub result: &'static str,
    pub exit_code: u8,
    /// `cluster/tenant` of the source.
    pub source: String,
    pub source_cluster_id: Option<i64>,
    pub source_tenant_id: Option<i64>,
    pub target_cluster: String,
    pub target_cluster_id: Option<i64>,
    /// `--at` as given: `latest`, `-1h`, or a time.
    pub requested_at: String,
    /// The point in time sent to OCP (`restoreEndTime`).
    pub requested_point: Option<OcpDateTime>,
    /// The point OCP's restore task records it restored to.
    pub actual_point: Option<OcpDateTime>,
    /// Backup sets the restore reads (OCP 4.3's restore preview), else `null`.
    pub backup_sets: Option<Vec<String>>,
    /// Log pieces the restore reads (the preview), else `null`.
    pub log_pieces: Option<Vec<String>>,
    /// Why `backupSets`/`logPieces` are `null`: an OCP without the preview.
    pub preview_note: Option<String>,
    /// The new tenant's name, once chosen.
    pub new_tenant: Option<String>,
    pub new_tenant_id: Option<i64>,
    pub new_tenant_status: Option<String>,
    /// `cluster/tenant` the drill created and left in place (it deletes nothing); `null` when no
    /// restore was sent.
    pub tenant_left_behind: Option<String>,
    /// OCP's clock when it accepted the restore.
    pub start_time: Option<OcpDateTime>,
    /// OCP's clock when the new tenant was seen `NORMAL` (or the drill ended otherwise).
    pub end_time: Option<OcpDateTime>,
    /// `endTime − startTime`: the measured recovery time.
    pub duration_seconds: Option<i64>,
    pub restore_task_id: Option<i64>,
    pub task_instance_id: Option<i64>,
    pub ocp_version: Option<String>,
    /// What went wrong, with OCP's code and traceId when it gave them.
    pub error: Option<ReportError>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportError {
    pub message: String,
    pub code: Option<String>,
    pub trace_id: Option<String>,
}

impl ReportError {
    fn of(e: &CliError) -> ReportError {
        let (code, trace_id) = match e {
            CliError::Ocp(o) => (o.code().map(str::to_owned), o.trace_id().map(str::to_owned)),
            _ => (None, None),
        };
        ReportError {
            message: e.to_string().lines().next().unwrap_or_default().to_owned(),
            code,
            trace_id,
        }
    }
}

/// `<prefix><source>_<yyyymmddhhmm>`, the time in OCP's own offset.
pub fn tenant_name(prefix: &str, source: &str, now: &OcpDateTime) -> String {
    format!(
        "{prefix}{source}_{}",
        now.as_datetime().format("%Y%m%d%H%M")
    )
}

pub async fn drill(ctx: &Ctx, args: DrillArgs) -> Result<(), CliError> {
    if !args.wait.wait {
        return Err(CliError::usage(
            "restore drill needs --wait: a drill follows the restore to a verified tenant",
        ));
    }
    let mut report = Report {
        source: match &args.source.from_cluster {
            Some(c) => format!("{c}/{}", args.source.from),
            None => args.source.from.clone(),
        },
        target_cluster: args.target.to_cluster.clone(),
        requested_at: args.source.at.describe(),
        ocp_version: ctx.ocp_version().map(ToString::to_string),
        ..Report::default()
    };
    let outcome = run(ctx, &args, &mut report).await;
    let exit = outcome.as_ref().err().map_or(Exit::Ok, CliError::exit);
    report.exit_code = exit.code();
    report.result = match exit {
        Exit::Ok => "verified",
        Exit::Failed => "failed",
        Exit::TimedOut => "timed_out",
        Exit::Usage => "refused",
        Exit::Ocp | Exit::Connection => "error",
    };
    if let Err(e) = &outcome
        && report.error.is_none()
    {
        report.error = Some(ReportError::of(e));
    }
    ctx.console.message(&summary(&report));
    let value = serde_json::to_value(&report).unwrap_or_default();
    if let Some(path) = &args.report {
        let text = serde_json::to_string_pretty(&value).unwrap_or_default() + "\n";
        std::fs::write(path, text).map_err(|e| {
            CliError::usage(format!(
                "cannot write the report to {}: {e}",
                path.display()
            ))
        })?;
    }
    ctx.console.print(&value);
    outcome
}

async fn run(ctx: &Ctx, args: &DrillArgs, report: &mut Report) -> Result<(), CliError> {
    let plan = restore::plan(ctx, &args.source, &args.target).await?;
    report.source = plan.label.clone();
    report.source_cluster_id = Some(plan.source_cluster.id);
    report.source_tenant_id = Some(plan.source.id);
    report.target_cluster_id = Some(plan.target.id);
    report.requested_point = Some(plan.point.clone());
    let name = tenant_name(&args.name_prefix, &plan.source.name, &plan.server_now);
    if !ocp_api::rules::tenant_name_ok(&name) {
        return Err(CliError::usage(format!(
            "the drill's tenant name {name:?} is not a tenant name OCP takes (2-64 letters, digits \
             and underscores, starting with a letter): change --name-prefix"
        )));
    }
    report.new_tenant = Some(name.clone());
    preview(ctx, &plan, &name, report).await?;

    ctx.console.message(&format!(
        "drill: restoring {} at {} into {}/{name}: {}",
        plan.label,
        plan.point,
        plan.target.name,
        plan.layout()
    ));
    let started = restore::start(ctx, &plan, &name).await?;
    report.tenant_left_behind = Some(format!("{}/{name}", plan.target.name));
    report.start_time = Some(started.posted_at.clone());
    report.task_instance_id = started.task_id;

    let followed = restore::follow(ctx, &plan, &name, &started, &args.wait).await;
    if let Ok(ended) = &followed {
        record(report, ended);
    }
    let ended = match followed {
        Ok(ended) => ended,
        Err(e) => {
            // Timed out (or a poll ended the wait): how far it got, by OCP's clock.
            stamp_end(ctx, report, &started).await;
            return Err(e);
        }
    };
    if let Some(why) = &ended.failure {
        stamp_end(ctx, report, &started).await;
        let (code, trace_id) = ended
            .task
            .as_ref()
            .map(task_failure_cause)
            .unwrap_or_default();
        report.error = Some(ReportError {
            message: why.clone(),
            code,
            trace_id,
        });
        return Err(CliError::failed(format!(
            "{} failed: {why}",
            plan.what(&name)
        )));
    }
    verify(ctx, &plan, &name, &started, ended.tenant.as_ref(), report).await
}

/// The backup set and log pieces the restore will read, where the OCP can tell (4.3).
async fn preview(ctx: &Ctx, plan: &Plan, name: &str, report: &mut Report) -> Result<(), CliError> {
    match resolve::preview_restore(ctx, plan.source_cluster.id, &plan.body(name)).await? {
        Some(items) => {
            let ids = |kind: RestorePreviewBackupType| {
                items
                    .iter()
                    .filter(|i| i.backup_type == kind)
                    .map(|i| {
                        i.backup_id
                            .as_ref()
                            .map_or_else(|| i.backup_dest.clone(), ToString::to_string)
                    })
                    .collect::<Vec<_>>()
            };
            report.backup_sets = Some(ids(RestorePreviewBackupType::BackupSet));
            report.log_pieces = Some(ids(RestorePreviewBackupType::BackupPiece));
        }
        None => {
            report.preview_note = Some(format!(
                "OCP {} has no restore preview: the backup set and log pieces are not known",
                report.ocp_version.as_deref().unwrap_or("(version unknown)")
            ));
        }
    }
    Ok(())
}

/// What the restore task and the task instance say.
fn record(report: &mut Report, ended: &Ended) {
    if let Some(row) = &ended.row {
        report.restore_task_id = Some(row.id);
        report.actual_point = row.restore_end_time.clone();
    }
    if let Some(t) = &ended.tenant {
        report.new_tenant_id = Some(t.id);
        report.new_tenant_status = t.status.as_ref().map(|s| s.as_str().to_owned());
    }
}

/// Reads the new tenant back from the target cluster: it must be there and `NORMAL`. Its
/// answer's timestamp ends the measured recovery time.
async fn verify(
    ctx: &Ctx,
    plan: &Plan,
    name: &str,
    started: &Started,
    seen: Option<&types::Tenant>,
    report: &mut Report,
) -> Result<(), CliError> {
    let label = format!("{}/{name}", plan.target.name);
    let Some(seen) = seen else {
        stamp_end(ctx, report, started).await;
        return Err(CliError::failed(format!(
            "{label} is not on the target cluster"
        )));
    };
    let (tenant, at) = resolve::get_tenant_at(ctx, plan.target.id, seen.id).await?;
    report.new_tenant_id = Some(tenant.id);
    report.new_tenant_status = tenant.status.as_ref().map(|s| s.as_str().to_owned());
    set_end(report, started, at);
    if tenant.status != Some(TenantStatus::Normal) || tenant.name != name {
        return Err(CliError::failed(format!(
            "{label} was restored but reads back as {} {}",
            tenant.name,
            tenant
                .status
                .as_ref()
                .map_or("(no status)".to_owned(), |s| s.to_string())
        )));
    }
    Ok(())
}

/// The end of a drill that did not verify: OCP's clock now, when it answers.
async fn stamp_end(ctx: &Ctx, report: &mut Report, started: &Started) {
    if let Ok(now) = resolve::server_time(ctx).await {
        set_end(report, started, now);
    }
}

fn set_end(report: &mut Report, started: &Started, end: OcpDateTime) {
    report.duration_seconds = Some((end.to_utc() - started.posted_at.to_utc()).num_seconds());
    report.end_time = Some(end);
}

/// `drill ob_prod_hz/trade -> ob_test_431/drill_trade_202408091600: verified, point …`.
pub fn summary(r: &Report) -> String {
    let mut line = format!(
        "drill {} -> {}/{}: {}",
        r.source,
        r.target_cluster,
        r.new_tenant.as_deref().unwrap_or("-"),
        r.result
    );
    let opt = |v: &Option<OcpDateTime>| v.as_ref().map_or("-".to_owned(), ToString::to_string);
    line.push_str(&format!(
        "; requested {} ({}), restored to {}",
        r.requested_at,
        opt(&r.requested_point),
        opt(&r.actual_point)
    ));
    if let Some(sets) = &r.backup_sets {
        line.push_str(&format!(
            "; backup set {}, {} log piece(s)",
            if sets.is_empty() {
                "-".to_owned()
            } else {
                sets.join(",")
            },
            r.log_pieces.as_ref().map_or(0, Vec::len)
        ));
    }
    line.push_str(&format!("; {} .. {}", opt(&r.start_time), opt(&r.end_time)));
    if let Some(d) = r.duration_seconds {
        let d = std::time::Duration::from_secs(d.max(0) as u64);
        line.push_str(&format!(" (RTO {})", ocp_api::duration::compact(d)));
    }
    if let Some(t) = &r.tenant_left_behind {
        line.push_str(&format!("; left {t} in place"));
    }
    if let Some(e) = &r.error {
        line.push_str(&format!("; error: {}", e.message));
        if let Some(c) = &e.code {
            line.push_str(&format!(" [{c}]"));
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tenant_name_carries_prefix_source_and_ocps_minute() {
        let now = OcpDateTime::parse("2024-08-09T16:05:59.999+08:00").unwrap();
        assert_eq!(
            tenant_name("drill_", "trade", &now),
            "drill_trade_202408091605"
        );
    }
}
