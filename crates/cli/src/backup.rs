//! `ocpctl backup now` and `ocpctl backup status`.

use std::collections::BTreeMap;
use std::time::Duration;

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

/// The newest successful data backup of one tenant, and how old it is by OCP's clock.
struct Freshness {
    cluster: types::Cluster,
    tenant: types::Tenant,
    newest: Option<types::DataBackupTask>,
    /// From the envelope of the answer: OCP's clock, not ours.
    server_now: OcpDateTime,
}

impl Freshness {
    fn backup_time(&self) -> Option<&OcpDateTime> {
        self.newest
            .as_ref()
            .and_then(|r| r.finish_time.as_ref().or(r.start_time.as_ref()))
    }

    fn age(&self) -> Option<Duration> {
        let at = self.backup_time()?;
        let secs = (self.server_now.to_utc() - at.to_utc())
            .num_seconds()
            .max(0);
        Some(Duration::from_secs(secs as u64))
    }
}

pub async fn status(ctx: &Ctx, args: StatusArgs) -> Result<(), CliError> {
    // Who is checked: named tenants always; otherwise every tenant (but sys) of the cluster or
    // of every cluster that a tenant or cluster backup strategy covers.
    let mut selected: Vec<(types::Cluster, types::Tenant)> = Vec::new();
    let mut skipped: Vec<Value> = Vec::new();
    let mut cluster_strategy: BTreeMap<i64, bool> = BTreeMap::new();
    if !args.tenants.is_empty() {
        for name in &args.tenants {
            selected.push(resolve::find_tenant(ctx, name, args.cluster.as_deref()).await?);
        }
    } else {
        let clusters = match &args.cluster {
            Some(c) => vec![resolve::find_cluster(ctx, c).await?],
            None => resolve::list_clusters(ctx).await?,
        };
        for cluster in clusters {
            let has_cluster_strategy = covered(resolve::cluster_strategy(ctx, cluster.id).await)?;
            cluster_strategy.insert(cluster.id, has_cluster_strategy);
            for tenant in resolve::list_tenants(ctx, cluster.id, None).await? {
                if tenant.name == "sys" {
                    continue;
                }
                let has_own = has_cluster_strategy
                    || covered(resolve::tenant_strategy(ctx, cluster.id, tenant.id).await)?;
                if has_own {
                    selected.push((cluster.clone(), tenant));
                } else {
                    skipped.push(json!({
                        "cluster": cluster.name, "tenant": tenant.name,
                        "reason": "no backup strategy",
                    }));
                }
            }
        }
    }
    if selected.is_empty() {
        return Err(CliError::usage(
            "no tenant to check: none has a backup strategy; name them with --tenant",
        ));
    }

    // Cluster-level backups count for every tenant of the cluster.
    let mut cluster_newest: BTreeMap<i64, Option<types::DataBackupTask>> = BTreeMap::new();
    let mut rows = Vec::new();
    for (cluster, tenant) in selected {
        let has_cluster_strategy = match cluster_strategy.get(&cluster.id) {
            Some(v) => *v,
            None => {
                let v = covered(resolve::cluster_strategy(ctx, cluster.id).await)?;
                cluster_strategy.insert(cluster.id, v);
                v
            }
        };
        if has_cluster_strategy && !cluster_newest.contains_key(&cluster.id) {
            let newest = newest_cluster_backup(ctx, cluster.id).await?;
            cluster_newest.insert(cluster.id, newest);
        }
        let answer = resolve::tenant_data_backups(
            ctx,
            cluster.id,
            tenant.id,
            Some(DataBackupTaskStatus::Done),
            1,
        )
        .await?;
        let own = answer
            .data
            .contents
            .into_iter()
            .find(|r| r.status == DataBackupTaskStatus::Done);
        let from_cluster = cluster_newest.get(&cluster.id).cloned().flatten();
        let newest = [own, from_cluster].into_iter().flatten().max_by_key(|r| {
            r.finish_time
                .clone()
                .or(r.start_time.clone())
                .map(|t| t.to_utc())
        });
        rows.push(Freshness {
            cluster,
            tenant,
            newest,
            server_now: answer.timestamp,
        });
    }

    let mut stale = Vec::new();
    let mut tenants = Vec::new();
    for f in &rows {
        let age = f.age();
        let is_stale = age.is_none_or(|a| a > args.max_age.value);
        let label = format!("{}/{}", f.cluster.name, f.tenant.name);
        if is_stale {
            stale.push(match age {
                Some(a) => format!("{label} (last successful backup {} ago)", compact(a)),
                None => format!("{label} (no successful backup)"),
            });
        }
        tenants.push(json!({
            "cluster": f.cluster.name,
            "clusterId": f.cluster.id,
            "tenant": f.tenant.name,
            "tenantId": f.tenant.id,
            "lastSuccessfulBackup": f.backup_time(),
            "backupSetId": f.newest.as_ref().and_then(|r| r.backup_set_id),
            "level": f.newest.as_ref().map(|r| if r.tenant_id.unwrap_or(0) == 0 { "CLUSTER" } else { "TENANT" }),
            "age": age.map(compact),
            "ageSeconds": age.map(|a| a.as_secs()),
            "serverTime": f.server_now,
            "stale": is_stale,
        }));
    }
    let report = json!({
        "maxAge": args.max_age.text,
        "maxAgeSeconds": args.max_age.value.as_secs(),
        "ok": stale.is_empty(),
        "tenants": tenants,
        "skipped": skipped,
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

/// A strategy lookup as "covered or not"; other errors stop the check.
fn covered<T>(lookup: Result<T, CliError>) -> Result<bool, CliError> {
    match lookup {
        Ok(_) => Ok(true),
        Err(e) if is_no_strategy(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The newest successful cluster-level data backup of a cluster (a few pages back at most).
async fn newest_cluster_backup(
    ctx: &Ctx,
    cluster_id: i64,
) -> Result<Option<types::DataBackupTask>, CliError> {
    for page in 1..=5 {
        let answer = resolve::cluster_data_backups(ctx, cluster_id, page, 100).await?;
        if let Some(r) = answer
            .data
            .contents
            .iter()
            .find(|r| r.tenant_id.unwrap_or(0) == 0 && r.status == DataBackupTaskStatus::Done)
        {
            return Ok(Some(r.clone()));
        }
        if page >= answer.data.page.total_pages {
            break;
        }
    }
    Ok(None)
}
