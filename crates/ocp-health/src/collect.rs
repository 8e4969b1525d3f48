//! The calls: one `listClusters` for the OCP, then per cluster its overview, its recoverable
//! times (which list every tenant), its data backup tasks of the task window and its log
//! backup tasks, all at once, and its strategy when the overview says it has a cluster-level
//! one. Every one of them exists since OCP 4.0; none is per tenant.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ocp_api::enums::{
    BackupDimension, BackupScheduleStatus, ClusterType, DataBackupMode, DataBackupTaskStatus,
    LogBackupTaskStatus, ObClusterBackupStatus, RecoverableSectionItemType, RestoreTaskStatus,
};
use ocp_api::{Client, OcpError, ResponseValue, ResultExt, types};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::model::{
    ClusterHealth, Drill, ErrorInfo, Failure, LogState, ObjectHealth, OcpHealth, StrategyLevel,
    StrategyState, TaskCounts, TenantRef, Thresholds, Time,
};
use crate::{Options, Progress, schedule, verdict};

/// Largest page OCP serves.
const PAGE_SIZE: i64 = 2000;
/// Pages of one list read at most; more would mean a list no health page needs whole.
const MAX_PAGES: i64 = 50;

/// Sends requests with at most `concurrency` in flight across the whole collection.
#[derive(Clone)]
struct Reader {
    client: Client,
    permits: Arc<Semaphore>,
    sent: Arc<AtomicU64>,
}

impl Reader {
    async fn read<T>(
        &self,
        send: impl Future<Output = Result<ResponseValue<T>, ocp_api::Error<types::ErrorResponse>>>,
    ) -> Result<T, OcpError> {
        let _permit = self.permits.acquire().await.expect("never closed");
        self.sent.fetch_add(1, Ordering::Relaxed);
        send.await.ocp()
    }
}

fn at(t: &ocp_api::time::OcpDateTime) -> Time {
    *t.as_datetime()
}

pub(crate) async fn collect(
    client: &Client,
    options: &Options,
    mut progress: impl FnMut(Progress<'_>),
) -> OcpHealth {
    let started = Instant::now();
    let reader = Reader {
        client: client.clone(),
        permits: Arc::new(Semaphore::new(options.concurrency.max(1))),
        sent: Arc::new(AtomicU64::new(0)),
    };
    let mut health = OcpHealth {
        now: None,
        error: None,
        clusters: Vec::new(),
        elapsed: Duration::ZERO,
        requests: 0,
    };
    match list_clusters(&reader).await {
        Err(e) => health.error = Some(ErrorInfo::from(&e)),
        Ok((now, clusters)) => {
            health.now = Some(now);
            let total = clusters.len();
            progress(Progress::Listed { total });
            let mut slots: Vec<Option<ClusterHealth>> = vec![None; total];
            let mut pending = clusters.into_iter().enumerate();
            let mut running = JoinSet::new();
            let spawn = |running: &mut JoinSet<_>, (i, c): (usize, types::Cluster)| {
                let (reader, options) = (reader.clone(), options.clone());
                running.spawn(async move { (i, cluster(&reader, c, now, &options).await) });
            };
            // As many clusters in flight as requests may be: each has several calls at once,
            // so the request slots stay full, while the first clusters finish early enough
            // for progress to mean something.
            for next in pending.by_ref().take(options.concurrency.max(1)) {
                spawn(&mut running, next);
            }
            let mut done = 0;
            while let Some(joined) = running.join_next().await {
                let Ok((i, c)) = joined else { continue };
                done += 1;
                progress(Progress::Cluster {
                    done,
                    total,
                    cluster: &c,
                });
                slots[i] = Some(c);
                if let Some(next) = pending.next() {
                    spawn(&mut running, next);
                }
            }
            health.clusters = slots.into_iter().flatten().collect();
        }
    }
    health.elapsed = started.elapsed();
    health.requests = reader.sent.load(Ordering::Relaxed);
    health
}

async fn list_clusters(r: &Reader) -> Result<(Time, Vec<types::Cluster>), OcpError> {
    let mut clusters = Vec::new();
    let mut now = None;
    for page in 1..=MAX_PAGES {
        let answer = r
            .read(
                r.client
                    .list_clusters()
                    .page(page as i32)
                    .size(PAGE_SIZE as i32)
                    .send(),
            )
            .await?;
        now.get_or_insert(at(&answer.timestamp));
        let last = i64::from(answer.data.page.total_pages) <= page;
        clusters.extend(answer.data.contents);
        if last {
            break;
        }
    }
    Ok((now.expect("one page read"), clusters))
}

/// The rows of a paged list, each page's rows with the traceId of the answer that had them.
async fn pages<T, F, Fut>(read: F) -> Result<Vec<(T, String)>, OcpError>
where
    F: Fn(i64) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, i32, String), OcpError>>,
{
    let mut rows = Vec::new();
    for page in 1..=MAX_PAGES {
        let (contents, total_pages, trace) = read(page).await?;
        rows.extend(contents.into_iter().map(|row| (row, trace.clone())));
        if i64::from(total_pages) <= page {
            break;
        }
    }
    Ok(rows)
}

/// What one cluster's calls answered.
struct Answers {
    overview: types::ClusterBackupInfoDetailResult,
    data: Vec<(types::DataBackupTask, String)>,
    logs: Vec<types::LogBackupTask>,
    restores: Vec<types::RestoreTask>,
    strategy: Option<types::OcpBackupStrategy>,
}

async fn read_cluster(
    r: &Reader,
    id: i64,
    ocp_now: Time,
    options: &Options,
) -> (
    Result<types::ObClusterBackupInfo, OcpError>,
    Result<Answers, OcpError>,
) {
    let window_start =
        ocp_now - chrono::TimeDelta::from_std(options.task_window).unwrap_or_default();
    let lookback_start =
        ocp_now - chrono::TimeDelta::from_std(options.lookback).unwrap_or_default();
    let overview = r.read(r.client.get_cluster_backup_overview().id(id).send());
    let info = r.read(
        r.client
            .get_cluster_backup_info()
            .id(id)
            .start_time(lookback_start)
            .send(),
    );
    let data = pages(|page| async move {
        let a = r
            .read(
                r.client
                    .list_cluster_data_backup_tasks()
                    .id(id)
                    .start_time(window_start)
                    .page(page)
                    .size(PAGE_SIZE)
                    .send(),
            )
            .await?;
        Ok((a.data.contents, a.data.page.total_pages, a.trace_id))
    });
    // The newest log backup rounds are enough: one row per round, newest first.
    let logs = r.read(
        r.client
            .list_cluster_log_backup_tasks()
            .id(id)
            .page(1)
            .size(100)
            .send(),
    );
    let restores = async {
        match &options.drill_prefix {
            None => Ok(None),
            Some(_) => r
                .read(
                    r.client
                        .list_cluster_restore_tasks()
                        .id(id)
                        .page(1)
                        .size(200)
                        .send(),
                )
                .await
                .map(Some),
        }
    };
    let (overview, info, data, logs, restores) = tokio::join!(overview, info, data, logs, restores);
    let info = info.map(|i| i.data);
    let answers = async {
        let overview = overview?;
        let cluster_level = overview.data.ob_cluster_backup_status
            == Some(ObClusterBackupStatus::HasBackupStrategy)
            && overview.data.backup_dimension != Some(BackupDimension::Tenant);
        let strategy = if cluster_level {
            r.read(r.client.get_cluster_backup_strategy().id(id).send())
                .await?
                .data
        } else {
            None
        };
        Ok(Answers {
            overview,
            data: data?,
            logs: logs?.data.contents,
            restores: restores?.map(|a| a.data.contents).unwrap_or_default(),
            strategy,
        })
    }
    .await;
    (info, answers)
}

async fn cluster(r: &Reader, c: types::Cluster, ocp_now: Time, options: &Options) -> ClusterHealth {
    let mut health = ClusterHealth {
        id: c.id,
        name: c.name.clone(),
        ob_version: c.ob_version.clone(),
        standby: c.type_ == Some(ClusterType::Standby),
        now: None,
        error: None,
        objects: Vec::new(),
    };
    let (info, answers) = read_cluster(r, c.id, ocp_now, options).await;
    let error = match (&info, answers) {
        (Ok(info), Ok(a)) => return assemble(health, info, a, options),
        (Err(e), _) => ErrorInfo::from(e),
        (_, Err(e)) => ErrorInfo::from(&e),
    };
    // What is known of the cluster's tenants is listed, each unknown with the error.
    health.objects = match &info {
        Ok(info) => tenants_of(info)
            .map(|(t, _)| ObjectHealth::new(Some(t)))
            .collect(),
        Err(_) => vec![ObjectHealth::new(None)],
    };
    for o in &mut health.objects {
        verdict::unknown(o, &error);
    }
    health.error = Some(error);
    health
}

fn tenants_of(
    info: &types::ObClusterBackupInfo,
) -> impl Iterator<Item = (TenantRef, &types::ObTenantBackupInfo)> {
    info.tenant_backup_infos.iter().filter_map(|t| {
        let name = t.tenant_name.clone()?;
        // sys is not a user tenant: OCP backs it up with the cluster, never on its own.
        (name != "sys").then(|| {
            (
                TenantRef {
                    id: t.tenant_id.unwrap_or(0),
                    name,
                },
                t,
            )
        })
    })
}

fn assemble(
    mut health: ClusterHealth,
    info: &types::ObClusterBackupInfo,
    a: Answers,
    options: &Options,
) -> ClusterHealth {
    let now = at(&a.overview.timestamp);
    health.now = Some(now);
    let overview = &a.overview.data;
    if overview.ob_cluster_type == Some(ClusterType::Standby) {
        health.standby = true;
    }
    let tenant_level = overview.ob_cluster_backup_status
        == Some(ObClusterBackupStatus::HasBackupStrategy)
        && overview.backup_dimension == Some(BackupDimension::Tenant);

    // The cluster as a whole, when its strategy is cluster-level.
    let cluster_object = a.strategy.as_ref().map(|s| {
        let mut o = ObjectHealth::new(None);
        let schedule = s.ob_backup_schedule_config.as_ref();
        o.strategy = StrategyState {
            level: Some(StrategyLevel::Cluster),
            enabled: schedule
                .and_then(|s| s.backup_schedule_enabled)
                .or_else(|| {
                    overview
                        .backup_schedule_status
                        .as_ref()
                        .map(|s| *s != BackupScheduleStatus::Paused)
                }),
        };
        if let Some(t) = &s.ob_backup_threshold_config {
            o.thresholds = Thresholds::from_config(t);
        }
        if o.strategy.enabled != Some(false) {
            o.next_scheduled = schedule.and_then(|s| schedule::next_run(s, now));
        }
        points(&mut o, info.ob_recoverable_info_aggregation.as_ref());
        o.log = latest_log(a.logs.iter().filter(|l| l.tenant_id.unwrap_or(0) == 0)).or_else(|| {
            overview
                .latest_log_backup_checkpoint
                .as_ref()
                .map(|cp| LogState {
                    checkpoint: Some(at(cp)),
                    delay_seconds: overview.log_backup_delay_seconds.map(|d| d as f64),
                    running: overview.log_backup_delay_seconds.is_some(),
                })
        });
        tasks(
            &mut o,
            a.data.iter().filter(|(t, _)| t.tenant_id.unwrap_or(0) == 0),
        );
        o
    });

    let mut objects = Vec::new();
    for (tenant, tenant_info) in tenants_of(info) {
        let mut o = ObjectHealth::new(Some(tenant.clone()));
        let own_logs = || a.logs.iter().filter(|l| l.tenant_id == Some(tenant.id));
        let own_tasks = || {
            a.data
                .iter()
                .filter(|(t, _)| t.tenant_id == Some(tenant.id))
        };
        o.log = latest_log(own_logs());
        match &cluster_object {
            Some(c) => {
                o.strategy = c.strategy.clone();
                o.thresholds = c.thresholds;
                o.next_scheduled = c.next_scheduled.clone();
                if o.log.is_none() {
                    o.log = c.log.clone();
                }
            }
            None if tenant_level && (o.log.is_some() || own_tasks().next().is_some()) => {
                o.strategy = StrategyState {
                    level: Some(StrategyLevel::Tenant),
                    enabled: o.log.as_ref().map(|l| l.running),
                };
            }
            None => {}
        }
        points(&mut o, tenant_info.ob_recoverable_info_aggregation.as_ref());
        tasks(&mut o, own_tasks());
        if let Some(prefix) = &options.drill_prefix {
            o.last_drill = drill(&a.restores, tenant.id, prefix);
        }
        objects.push(o);
    }
    objects.sort_by(|x, y| {
        x.tenant
            .as_ref()
            .map(|t| &t.name)
            .cmp(&y.tenant.as_ref().map(|t| &t.name))
    });
    health.objects = cluster_object.into_iter().chain(objects).collect();
    for o in &mut health.objects {
        o.rpo = o.recoverable_until.map(|r| now - r);
        verdict::judge(o, now, health.standby, options.lookback);
    }
    health
}

/// Last successful data backups and the end of the newest recoverable interval.
fn points(o: &mut ObjectHealth, aggregation: Option<&types::ObRecoverableInfoAggregation>) {
    let items = aggregation
        .and_then(|a| a.latest_seven_days_aggregation.as_ref())
        .map(|a| a.ob_recoverable_section_items.as_slice())
        .unwrap_or_default();
    for item in items {
        use RecoverableSectionItemType as K;
        let point = item
            .data_backup_recoverable_info
            .as_ref()
            .and_then(|d| d.recoverable_time.as_ref())
            .map(at);
        let (slot, until) = match item.ob_recoverable_section_item_type {
            K::FullDataBackup => (Some(&mut o.last_full), point),
            K::IncrementalDataBackup => (Some(&mut o.last_incremental), point),
            K::Recoverable => (
                None,
                item.real_recoverable_time_interval
                    .as_ref()
                    .map(|i| at(&i.end_time)),
            ),
            _ => (None, None),
        };
        if let Some(slot) = slot {
            *slot = (*slot).max(point);
        }
        o.recoverable_until = o.recoverable_until.max(until);
    }
}

fn latest_log<'a>(rows: impl Iterator<Item = &'a types::LogBackupTask>) -> Option<LogState> {
    let newest = rows.max_by_key(|l| l.create_time.as_ref().map(at))?;
    use LogBackupTaskStatus as S;
    Some(LogState {
        checkpoint: newest.checkpoint.as_ref().map(at),
        delay_seconds: newest.delay,
        running: matches!(
            newest.status,
            S::Beginning | S::Running | S::Starting | S::Inprogress
        ),
    })
}

/// Counts, the oldest running task, the newest failure and whether it is the newest outcome.
fn tasks<'a>(
    o: &mut ObjectHealth,
    rows: impl Iterator<Item = &'a (types::DataBackupTask, String)>,
) {
    use DataBackupTaskStatus as S;
    let mut counts = TaskCounts::default();
    let mut newest_outcome: Option<(Time, bool)> = None;
    for (row, trace) in rows {
        let ended = row.finish_time.as_ref().or(row.start_time.as_ref()).map(at);
        match row.status {
            S::Beginning | S::Initializing | S::Doing | S::Canceling => {
                counts.running += 1;
                let start = row.start_time.as_ref().map(at);
                o.oldest_running_start = match (o.oldest_running_start, start) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            S::Done => {
                counts.succeeded += 1;
                let slot = match row.data_backup_task_type {
                    Some(DataBackupMode::IncrementalBackup) => &mut o.last_incremental,
                    _ => &mut o.last_full,
                };
                *slot = (*slot).max(row.finish_time.as_ref().map(at));
            }
            S::Failed => {
                counts.failed += 1;
                if o.last_failure
                    .as_ref()
                    .is_none_or(|f| f.finished_at < ended)
                {
                    o.last_failure = Some(failure(row, trace, ended));
                }
            }
            _ => {}
        }
        if matches!(row.status, S::Done | S::Failed)
            && let Some(end) = ended
            && newest_outcome.is_none_or(|(t, _)| t < end)
        {
            newest_outcome = Some((end, row.status == S::Failed));
        }
    }
    o.tasks = counts;
    // A success OCP lists among the recoverable points after the failure also clears it.
    o.last_finished_failed = newest_outcome
        .is_some_and(|(end, failed)| failed && o.last_success().is_none_or(|s| s < end));
}

fn failure(row: &types::DataBackupTask, trace: &str, finished_at: Option<Time>) -> Failure {
    let message = row.error_msg.clone().unwrap_or_default();
    Failure {
        task_id: row.task_id,
        backup_set_id: row.backup_set_id,
        kind: row.data_backup_task_type.clone(),
        finished_at,
        code: error_code(&message),
        message,
        trace_id: Some(trace.to_owned()).filter(|t| !t.is_empty()),
    }
}

/// `OB_TIMEOUT(-4012)` from `OB_TIMEOUT(-4012): …`: OceanBase's error name and number.
fn error_code(message: &str) -> Option<String> {
    let end = message.find(')')?;
    let head = &message[..=end];
    let (name, number) = head.strip_suffix(')')?.split_once('(')?;
    let valid = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && number
            .trim_start_matches('-')
            .bytes()
            .all(|b| b.is_ascii_digit())
        && !number.is_empty();
    valid.then(|| head.to_owned())
}

fn drill(restores: &[types::RestoreTask], tenant_id: i64, prefix: &str) -> Option<Drill> {
    restores
        .iter()
        .filter(|r| {
            r.backup_tenant_id == Some(tenant_id)
                && matches!(
                    r.status,
                    RestoreTaskStatus::RestoreSuccess | RestoreTaskStatus::RestoreFail
                )
                && r.restore_tenant_name
                    .as_deref()
                    .is_some_and(|n| n.starts_with(prefix))
        })
        .max_by_key(|r| r.finish_time.as_ref().map(at))
        .map(|r| Drill {
            restore_id: r.id,
            verified: r.status == RestoreTaskStatus::RestoreSuccess,
            restored_tenant: r.restore_tenant_name.clone().unwrap_or_default(),
            finished_at: r.finish_time.as_ref().map(at),
            restored_to: r.restore_end_time.as_ref().map(at),
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn oceanbase_error_codes_are_read_from_the_message_head() {
        assert_eq!(
            super::error_code("OB_TIMEOUT(-4012): the data backup did not finish").as_deref(),
            Some("OB_TIMEOUT(-4012)")
        );
        assert_eq!(super::error_code("disk full (really)"), None);
        assert_eq!(super::error_code(""), None);
    }
}
