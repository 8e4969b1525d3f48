//! `ocpctl backup now` and `ocpctl backup status`.

use std::time::Duration;

use ocp_api::Operation;
use ocp_api::duration::{self, compact};
use ocp_api::enums::{BackupMode, DataBackupMode, DataBackupTaskStatus, TaskStatus};
use ocp_api::time::OcpDateTime;
use ocp_api::types;
use serde_json::{Value, json};

use crate::context::{Call, Ctx};
use crate::exit::CliError;
use crate::resolve::{self, is_no_strategy};
use crate::wait::{WaitArgs, Waiter, task_failure, task_summary};

/// `ocpctl backup now`.
#[derive(Debug, clap::Args)]
pub struct NowArgs {
    /// Tenant to back up
    #[arg(long, value_name = "NAME")]
    pub tenant: Option<String>,
    /// Cluster of the tenant (needed when several clusters have a tenant of that name); alone:
    /// back up the whole cluster
    #[arg(long, value_name = "NAME")]
    pub cluster: Option<String>,
    /// Incremental instead of full (needs an earlier full backup)
    #[arg(long)]
    pub incremental: bool,
    #[command(flatten)]
    pub wait: WaitArgs,
}

/// What is backed up: a tenant, or a whole cluster.
struct Object {
    cluster: types::Cluster,
    tenant: Option<types::Tenant>,
}

impl Object {
    fn label(&self) -> String {
        match &self.tenant {
            Some(t) => format!("{}/{}", self.cluster.name, t.name),
            None => self.cluster.name.clone(),
        }
    }
}

/// The strategy that governs the object: the tenant's own, else its cluster's. When neither
/// exists, OCP's answer about the object itself (`BAK21006`) is the error.
async fn governing_strategy(
    ctx: &Ctx,
    object: &Object,
) -> Result<types::OcpBackupStrategy, CliError> {
    let Some(tenant) = &object.tenant else {
        return resolve::cluster_strategy(ctx, object.cluster.id).await;
    };
    match resolve::tenant_strategy(ctx, object.cluster.id, tenant.id).await {
        Ok(s) => Ok(s),
        Err(e) if is_no_strategy(&e) => {
            match resolve::cluster_strategy(ctx, object.cluster.id).await {
                Ok(s) => Ok(s),
                Err(e2) if is_no_strategy(&e2) => Err(e),
                Err(e2) => Err(e2),
            }
        }
        Err(e) => Err(e),
    }
}

/// Rows of the object's data backups, newest first.
async fn recent_rows(ctx: &Ctx, object: &Object) -> Result<Vec<types::DataBackupTask>, CliError> {
    Ok(match &object.tenant {
        Some(t) => {
            resolve::tenant_data_backups(ctx, object.cluster.id, t.id, None, 5)
                .await?
                .data
                .contents
        }
        None => resolve::cluster_data_backups(ctx, object.cluster.id, 1, 20)
            .await?
            .data
            .contents
            .into_iter()
            .filter(|r| r.tenant_id.unwrap_or(0) == 0)
            .collect(),
    })
}

pub async fn now(ctx: &Ctx, args: NowArgs) -> Result<(), CliError> {
    // Before any request: an older OCP backs up whole clusters only, and backing up the cluster
    // instead would back up every other tenant of it too, so that is the user's choice.
    if args.tenant.is_some() && !ctx.supports(Operation::BackupTenantNow) {
        return Err(CliError::usage(format!(
            "OCP {} has no tenant-level backup now; back up the cluster with --cluster {}",
            ctx.ocp_version()
                .map_or_else(|| "this".to_owned(), ToString::to_string),
            args.cluster.as_deref().unwrap_or("NAME"),
        )));
    }
    let object = match (&args.tenant, &args.cluster) {
        (Some(t), c) => {
            let (cluster, tenant) = resolve::find_tenant(ctx, t, c.as_deref()).await?;
            Object {
                cluster,
                tenant: Some(tenant),
            }
        }
        (None, Some(c)) => Object {
            cluster: resolve::find_cluster(ctx, c).await?,
            tenant: None,
        },
        (None, None) => {
            return Err(CliError::usage(
                "backup now needs --tenant NAME (with --cluster when several clusters have it), \
                 or --cluster NAME alone for a cluster-level backup",
            ));
        }
    };
    let strategy = governing_strategy(ctx, &object).await?;
    let storage = strategy.ob_backup_service_storage_config.ok_or_else(|| {
        CliError::failed(format!(
            "the backup strategy of {} names no storage",
            object.label()
        ))
    })?;
    let mode = if args.incremental {
        DataBackupMode::IncrementalBackup
    } else {
        DataBackupMode::FullBackup
    };
    let body = types::BackupNowParam {
        backup_mode: strategy.backup_mode.unwrap_or(BackupMode::PhysicalBackup),
        data_backup_mode: mode.clone(),
        ob_backup_object: None,
        ob_backup_service_storage_config: storage,
    };
    let baseline = recent_rows(ctx, &object).await?.first().map(|r| r.task_id);

    // The write, sent exactly once: a retried backupNow would be a second backup.
    let traced_body = serde_json::to_value(&body).ok();
    let cluster_id = object.cluster.id;
    let answer = match &object.tenant {
        Some(t) => {
            ctx.call(
                Call {
                    operation_id: "backupTenantNow",
                    path: &[("id", cluster_id.to_string()), ("tenantId", t.id.to_string())],
                    query: &[],
                    body: traced_body,
                },
                ctx.client
                    .backup_tenant_now()
                    .id(cluster_id)
                    .tenant_id(t.id)
                    .body(body)
                    .send(),
            )
            .await
        }
        None => {
            ctx.call(
                Call {
                    operation_id: "backupClusterNow",
                    path: &[("id", cluster_id.to_string())],
                    query: &[],
                    body: traced_body,
                },
                ctx.client.backup_cluster_now().id(cluster_id).body(body).send(),
            )
            .await
        }
    }
    .inspect_err(|e| {
        // OceanBase 3.x backs up whole clusters only: say so next to OCP's refusal.
        if e.ocp_code() == Some("BAK30002") && object.tenant.is_some() {
            ctx.console.message(&format!(
                "hint: this OceanBase version backs up whole clusters: ocpctl backup now --cluster {}",
                object.cluster.name
            ));
        }
    })?;
    let task_id = resolve::started_task(&answer)?;
    let posted_at = answer.timestamp.clone();
    ctx.console.message(&format!(
        "started a {} of {}{}",
        if args.incremental {
            "incremental backup"
        } else {
            "full backup"
        },
        object.label(),
        task_id
            .map(|id| format!(" (OCP task {id})"))
            .unwrap_or_default()
    ));

    let mut result = json!({
        "cluster": object.cluster.name,
        "clusterId": object.cluster.id,
        "tenant": object.tenant.as_ref().map(|t| t.name.clone()),
        "tenantId": object.tenant.as_ref().map(|t| t.id),
        "dataBackupMode": mode.as_str(),
        "taskInstanceId": task_id,
        "traceId": answer.trace_id,
    });
    if !args.wait.wait {
        result["status"] = json!("STARTED");
        ctx.console.print(&result);
        return Ok(());
    }

    let mut waiter = Waiter::new(&args.wait);
    let what = format!("the backup of {}", object.label());
    loop {
        let (task, row) = waiter
            .poll(ctx, &what, async |c: &Ctx| {
                let task = match task_id {
                    Some(id) => Some(resolve::task_instance(c, id).await?),
                    None => None,
                };
                let row = recent_rows(c, &object)
                    .await?
                    .into_iter()
                    .find(|r| Some(r.task_id) != baseline && started_after(r, &posted_at));
                Ok((task, row))
            })
            .await?;
        let mut line = format!("backup {}:", object.label());
        if let Some(t) = &task {
            line.push_str(&format!(" {}", task_summary(t)));
        }
        match &row {
            Some(r) => line.push_str(&format!(
                "; backup set {} {}",
                r.backup_set_id.map_or("?".into(), |id| id.to_string()),
                r.status
            )),
            None => line.push_str("; backup not listed yet"),
        }
        ctx.console.progress(&line, &compact(waiter.waited()));

        let row_failed = row.as_ref().is_some_and(|r| {
            matches!(
                r.status,
                DataBackupTaskStatus::Failed | DataBackupTaskStatus::Canceled
            )
        });
        let row_done = row
            .as_ref()
            .is_some_and(|r| r.status == DataBackupTaskStatus::Done);
        let task_failed = task
            .as_ref()
            .is_some_and(|t| t.status == TaskStatus::Failed);
        let task_done = task
            .as_ref()
            .is_none_or(|t| t.status == TaskStatus::Successful);
        if row_failed || task_failed {
            ctx.console.end_progress();
            fill(&mut result, row.as_ref(), task.as_ref());
            ctx.console.print(&result);
            let why = row
                .as_ref()
                .and_then(|r| r.error_msg.clone())
                .filter(|m| !m.is_empty())
                .or_else(|| task.as_ref().and_then(task_failure))
                .unwrap_or_else(|| "no reason given".into());
            return Err(CliError::failed(format!(
                "the backup of {} failed: {why}",
                object.label()
            )));
        }
        if task_done && (row_done || (row.is_none() && task.is_some())) {
            ctx.console.end_progress();
            fill(&mut result, row.as_ref(), task.as_ref());
            ctx.console.print(&result);
            return Ok(());
        }
        waiter.next(&ctx.env, &what).await?;
    }
}

fn started_after(row: &types::DataBackupTask, posted_at: &OcpDateTime) -> bool {
    row.start_time
        .as_ref()
        .is_none_or(|s| s.to_utc() >= posted_at.to_utc() - chrono::TimeDelta::seconds(60))
}

fn fill(
    result: &mut Value,
    row: Option<&types::DataBackupTask>,
    task: Option<&types::TaskInstance>,
) {
    if let Some(r) = row {
        result["status"] = json!(r.status.as_str());
        result["backupSetId"] = json!(r.backup_set_id);
        result["dataBackupTaskId"] = json!(r.task_id);
        result["startTime"] = json!(r.start_time);
        result["finishTime"] = json!(r.finish_time);
        if let Some(m) = r.error_msg.as_ref().filter(|m| !m.is_empty()) {
            result["errorMsg"] = json!(m);
        }
    }
    if let Some(t) = task {
        result["taskStatus"] = json!(t.status.as_str());
        if row.is_none() {
            result["status"] = json!(t.status.as_str());
        }
    }
}

/// `ocpctl backup status`.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Oldest acceptable successful backup, e.g. 26h
    #[arg(long, value_name = "DURATION", value_parser = MaxAge::parse)]
    pub max_age: MaxAge,
    /// Tenant to check (repeatable)
    #[arg(long = "tenant", value_name = "NAME")]
    pub tenants: Vec<String>,
    /// Only this cluster (with --tenant: the cluster of those tenants)
    #[arg(long, value_name = "NAME")]
    pub cluster: Option<String>,
}

/// `--max-age`: the duration, and the text it was given as, for messages and the report.
#[derive(Clone, Debug)]
pub struct MaxAge {
    pub value: Duration,
    pub text: String,
}

impl MaxAge {
    fn parse(text: &str) -> Result<MaxAge, duration::ParseError> {
        Ok(MaxAge {
            value: duration::parse(text)?,
            text: text.to_owned(),
        })
    }
}

/// One tenant as `backup status` judges it: its health as the fleet model collected it.
struct Checked<'a> {
    cluster: &'a ocp_health::ClusterHealth,
    tenant: &'a ocp_health::TenantRef,
    object: &'a ocp_health::ObjectHealth,
}

impl Checked<'_> {
    /// Age of the newest successful data backup, by the OCP's clock for the cluster.
    fn age(&self) -> Option<Duration> {
        let at = self.object.last_success()?;
        let now = self.cluster.now?;
        Some(Duration::from_secs(
            (now - at).num_seconds().max(0).unsigned_abs(),
        ))
    }

    fn label(&self) -> String {
        format!("{}/{}", self.cluster.name, self.tenant.name)
    }
}

/// `ocpctl backup status`: the fleet health model ([`ocp_health::collect`], cluster-level calls
/// only, so every OCP version answers), judged against `--max-age`.
pub async fn status(ctx: &Ctx, args: StatusArgs) -> Result<(), CliError> {
    // Named tenants resolve first, with the same errors as the other commands (unknown name,
    // a name in two clusters without --cluster).
    let mut named: Vec<(i64, i64)> = Vec::new();
    for name in &args.tenants {
        let (cluster, tenant) = resolve::find_tenant(ctx, name, args.cluster.as_deref()).await?;
        named.push((cluster.id, tenant.id));
    }
    let only_cluster = match (&args.cluster, named.is_empty()) {
        (Some(c), true) => Some(resolve::find_cluster(ctx, c).await?.id),
        _ => None,
    };
    let options = ocp_health::Options {
        // Look back at least past the limit, so that "stale" never means "not looked for".
        lookback: ocp_health::Options::default()
            .lookback
            .max(args.max_age.value + Duration::from_secs(86_400)),
        ..ocp_health::Options::default()
    };
    let health = ocp_health::collect(&ctx.client, &options, |_| {}).await;
    if let Some(e) = &health.error {
        return Err(CliError::Unchecked(format!(
            "the clusters could not be listed: {}",
            e
        )));
    }

    // Who is checked: named tenants always; otherwise every tenant (the model leaves out sys) that a tenant or
    // cluster backup strategy covers.
    let mut checked = Vec::new();
    let mut skipped: Vec<Value> = Vec::new();
    let mut unchecked: Vec<String> = Vec::new();
    for cluster in &health.clusters {
        if only_cluster.is_some_and(|id| id != cluster.id) {
            continue;
        }
        if let Some(e) = &cluster.error {
            let wanted = named.is_empty() || named.iter().any(|(c, _)| *c == cluster.id);
            if wanted {
                unchecked.push(format!("{}: {}", cluster.name, e));
            }
            continue;
        }
        for object in &cluster.objects {
            let Some(tenant) = &object.tenant else {
                continue; // the cluster as a whole: its tenants are listed one by one too
            };
            let one = Checked {
                cluster,
                tenant,
                object,
            };
            if !named.is_empty() {
                if named.contains(&(cluster.id, tenant.id)) {
                    checked.push(one);
                }
            } else if object.strategy.present() {
                checked.push(one);
            } else {
                skipped.push(json!({
                    "cluster": cluster.name, "tenant": tenant.name,
                    "reason": "no backup strategy",
                }));
            }
        }
    }
    if checked.is_empty() && unchecked.is_empty() {
        return Err(CliError::usage(
            "no tenant to check: none has a backup strategy; name them with --tenant",
        ));
    }

    let mut stale = Vec::new();
    let mut tenants = Vec::new();
    for c in &checked {
        let age = c.age();
        let is_stale = age.is_none_or(|a| a > args.max_age.value);
        if is_stale {
            stale.push(match age {
                Some(a) => format!("{} (last successful backup {} ago)", c.label(), compact(a)),
                None => format!("{} (no successful backup)", c.label()),
            });
        }
        let level = c.object.strategy.level.map(|l| match l {
            ocp_health::StrategyLevel::Cluster => "CLUSTER",
            ocp_health::StrategyLevel::Tenant => "TENANT",
        });
        tenants.push(json!({
            "cluster": c.cluster.name,
            "clusterId": c.cluster.id,
            "tenant": c.tenant.name,
            "tenantId": c.tenant.id,
            "lastSuccessfulBackup": c.object.last_success().map(|t| t.to_rfc3339()),
            "lastFull": c.object.last_full.map(|t| t.to_rfc3339()),
            "lastIncremental": c.object.last_incremental.map(|t| t.to_rfc3339()),
            "level": level,
            "age": age.map(compact),
            "ageSeconds": age.map(|a| a.as_secs()),
            "serverTime": c.cluster.now.map(|t| t.to_rfc3339()),
            "verdict": c.object.verdict.as_str(),
            "findings": c.object.findings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "stale": is_stale,
        }));
    }
    let report = json!({
        "maxAge": args.max_age.text,
        "maxAgeSeconds": args.max_age.value.as_secs(),
        "ok": stale.is_empty() && unchecked.is_empty(),
        "tenants": tenants,
        "skipped": skipped,
        "unchecked": unchecked,
    });
    let table: Vec<Value> = tenants
        .iter()
        .map(|t| {
            let mut t = t.clone();
            t["state"] = json!(if t["stale"] == json!(true) {
                "STALE"
            } else {
                "OK"
            });
            t
        })
        .collect();
    ctx.console.print_rows(
        &report,
        &[
            ("CLUSTER", "cluster"),
            ("TENANT", "tenant"),
            ("LAST SUCCESSFUL BACKUP", "lastSuccessfulBackup"),
            ("LEVEL", "level"),
            ("AGE", "age"),
            ("STATE", "state"),
        ],
        &table,
    );
    if !unchecked.is_empty() {
        // The check itself is incomplete: that outranks "stale" (exit 1, not 4).
        return Err(CliError::Unchecked(format!(
            "could not check every tenant: {}",
            unchecked.join("; ")
        )));
    }
    if stale.is_empty() {
        return Ok(());
    }
    Err(CliError::failed(format!(
        "{} tenant(s) without a successful data backup in the last {}: {}",
        stale.len(),
        args.max_age.text,
        stale.join(", ")
    )))
}
