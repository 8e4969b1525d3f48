//! The app's shared vocabulary: targets, task tables, the [`Job`] keys the worker runs, and the
//! values requests bring back.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use ocp_api::types;
use serde::{Deserialize, Serialize};

/// A cluster, or one tenant of it (OCP IDs, not OB IDs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    Cluster(i64),
    Tenant { cluster: i64, tenant: i64 },
}

impl Target {
    pub fn cluster(self) -> i64 {
        match self {
            Target::Cluster(c) | Target::Tenant { cluster: c, .. } => c,
        }
    }

    pub fn tenant(self) -> Option<i64> {
        match self {
            Target::Cluster(_) => None,
            Target::Tenant { tenant, .. } => Some(tenant),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TaskKind {
    Data,
    Log,
    Restore,
}

impl TaskKind {
    pub const ALL: [TaskKind; 3] = [TaskKind::Data, TaskKind::Log, TaskKind::Restore];
}

/// One task table: which kind of task, for which cluster or tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TableId {
    pub target: Target,
    pub kind: TaskKind,
}

/// What the task table asks the server for.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskQuery {
    pub table: TableId,
    /// Wire values of the status filter (tenant tables only: OCP's cluster lists have none).
    pub statuses: Vec<String>,
    pub start: Option<ocp_api::time::OcpDateTime>,
    pub end: Option<ocp_api::time::OcpDateTime>,
    pub backup_set_id: Option<i64>,
    /// 1-based.
    pub page: i64,
    pub size: i64,
    /// Fetch every page (progress shown) instead of one.
    pub all_pages: bool,
}

/// Pages fetched so far / pages in all, for a long fetch.
#[derive(Debug, Default)]
pub struct Progress {
    pub done: AtomicU32,
    pub total: AtomicU32,
}

impl Progress {
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total.load(Ordering::Relaxed);
        (total > 1).then(|| self.done.load(Ordering::Relaxed) as f32 / total as f32)
    }
}

/// A request the worker runs. Equal jobs supersede each other (reads) or exclude each other
/// (writes).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Job {
    TestConnection(u64),
    /// `GET /api/v2/info` of a new connection: which OCP version answers.
    ServerVersion,
    Clusters,
    Tenants(i64),
    ClusterOverview(i64),
    Ability(i64),
    Strategy(Target),
    TenantBadge(Target),
    Tasks(TableId),
    TaskInstance(i64),
    /// The OCP task of a restore task (by the restore task's ID): a search, then a read.
    RestoreInstance(i64),
    FullBackupExists(Target),
    BackupNow(Target),
    /// Create, modify, delete, pause or resume of a target's strategy: one at a time.
    StrategyWrite(Target),
    /// Recoverable times of the last seven days (`getClusterBackupInfo` / `getTenantBackupInfo`).
    BackupInfo(Target),
    /// `previewRestore` of the restore wizard's source tenant (a read: nothing is restored).
    RestorePreview(Target),
    /// `restoreTenant` from this source tenant: one request, never retried.
    Restore(Target),
    /// `addRestoreSource` or `clearRestoreSource` for this target cluster: one at a time.
    RestoreSources(i64),
    /// A file dialog and what follows it (reading or writing the file), numbered: each is its
    /// own, never superseded nor refused, as the user may open one after another.
    FileDialog(u64),
    /// The health collection of one OCP, with its own client: it outlives a change of the
    /// live connection.
    Health(crate::settings::Startup),
}

impl Job {
    /// Writes are never superseded or retried; the same write is refused while in flight.
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            Job::BackupNow(_) | Job::StrategyWrite(_) | Job::Restore(_) | Job::RestoreSources(_)
        )
    }

    /// A file dialog waits for the user, not for OCP: it survives a change of connection, and
    /// the busy spinner does not count it.
    pub fn is_dialog(&self) -> bool {
        matches!(self, Job::FileDialog(_))
    }
}

/// A strategy request body. Its storage secrets stay out of Debug output (the generated
/// types print every field).
#[derive(Clone, PartialEq)]
pub struct StrategyBody(pub Box<types::BackupStrategyParam>);

impl std::fmt::Debug for StrategyBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StrategyBody(<request body, secrets hidden>)")
    }
}

/// A write to a backup strategy.
#[derive(Clone, Debug, PartialEq)]
pub enum StrategyOp {
    Create(StrategyBody),
    Modify(StrategyBody),
    Delete,
    Pause,
    Resume,
}

/// The rows of one task table, as the server sent them.
#[derive(Clone, Debug)]
pub enum TaskRows {
    Data(Vec<types::DataBackupTask>),
    Log(Vec<types::LogBackupTask>),
    Restore(Vec<types::RestoreTask>),
}

impl TaskRows {
    pub fn len(&self) -> usize {
        match self {
            TaskRows::Data(r) => r.len(),
            TaskRows::Log(r) => r.len(),
            TaskRows::Restore(r) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Clone, Debug)]
pub struct TaskPage {
    pub query: TaskQuery,
    pub rows: TaskRows,
    /// The traceId of the answer each row came in (a failed task's cause names it).
    pub trace_ids: Vec<std::sync::Arc<str>>,
    pub total_elements: i64,
    pub total_pages: i64,
}

/// A data backup in one of these states is still moving.
pub fn data_backup_running(status: &ocp_api::enums::DataBackupTaskStatus) -> bool {
    use ocp_api::enums::DataBackupTaskStatus as S;
    matches!(
        status,
        S::Beginning | S::Initializing | S::Doing | S::Canceling
    )
}

/// The navigator's status of a tenant.
#[derive(Clone, Debug, PartialEq)]
pub struct TenantBadge {
    pub has_strategy: bool,
    pub schedule_enabled: Option<bool>,
    pub last_data_backup: Option<types::DataBackupTask>,
    pub log_delay_seconds: Option<f64>,
}

impl TenantBadge {
    /// The last data backup it shows is still running: it refreshes itself (auto-refresh).
    pub fn running(&self) -> bool {
        self.last_data_backup
            .as_ref()
            .is_some_and(|t| data_backup_running(&t.status))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrategyOpKind {
    Create,
    Modify,
    Delete,
    Pause,
    Resume,
}

impl StrategyOp {
    pub fn kind(&self) -> StrategyOpKind {
        match self {
            StrategyOp::Create(_) => StrategyOpKind::Create,
            StrategyOp::Modify(_) => StrategyOpKind::Modify,
            StrategyOp::Delete => StrategyOpKind::Delete,
            StrategyOp::Pause => StrategyOpKind::Pause,
            StrategyOp::Resume => StrategyOpKind::Resume,
        }
    }
}

/// A data backup point on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelinePoint {
    pub at: ocp_api::time::OcpDateTime,
    /// Milliseconds since the epoch (precomputed for drawing).
    pub ms: i64,
    pub full: bool,
}

/// A range on the timeline (log backup or recoverable interval).
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineRange {
    pub start: ocp_api::time::OcpDateTime,
    pub end: ocp_api::time::OcpDateTime,
    pub start_ms: i64,
    pub end_ms: i64,
}

impl TimelineRange {
    pub fn new(start: ocp_api::time::OcpDateTime, end: ocp_api::time::OcpDateTime) -> Self {
        TimelineRange {
            start_ms: start.to_utc().timestamp_millis(),
            end_ms: end.to_utc().timestamp_millis(),
            start,
            end,
        }
    }

    pub fn contains(&self, ms: i64) -> bool {
        self.start_ms <= ms && ms <= self.end_ms
    }
}

/// The recoverable times of a cluster (all tenants aggregated) or tenant, sorted by time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    pub points: Vec<TimelinePoint>,
    pub logs: Vec<TimelineRange>,
    /// The RECOVERABLE intervals, as drawn.
    pub recoverable: Vec<TimelineRange>,
    /// The span shown when not zoomed (ms): the last seven days of the data.
    pub span: (i64, i64),
    /// OCP's time when it answered (the answer's `timestamp`): "an hour ago" is by its clock.
    pub read_at: Option<ocp_api::time::OcpDateTime>,
}

impl Timeline {
    pub const SEVEN_DAYS_MS: i64 = 7 * 24 * 3600 * 1000;

    pub fn from_items(items: &[types::ObRecoverableSectionItem]) -> Self {
        use ocp_api::enums::RecoverableSectionItemType as K;
        let mut t = Timeline::default();
        for item in items {
            match &item.ob_recoverable_section_item_type {
                kind @ (K::FullDataBackup | K::IncrementalDataBackup) => {
                    if let Some(at) = item
                        .data_backup_recoverable_info
                        .as_ref()
                        .and_then(|d| d.recoverable_time.clone())
                    {
                        t.points.push(TimelinePoint {
                            ms: at.to_utc().timestamp_millis(),
                            at,
                            full: matches!(kind, K::FullDataBackup),
                        });
                    }
                }
                K::LogBackup => {
                    if let Some(i) = &item.log_recoverable_time_interval {
                        t.logs
                            .push(TimelineRange::new(i.start_time.clone(), i.end_time.clone()));
                    }
                }
                K::Recoverable => {
                    // OCP 4.0–4.2 name this interval like the log one.
                    if let Some(i) = item
                        .real_recoverable_time_interval
                        .as_ref()
                        .or(item.log_recoverable_time_interval.as_ref())
                    {
                        t.recoverable
                            .push(TimelineRange::new(i.start_time.clone(), i.end_time.clone()));
                    }
                }
                K::Other(_) => {}
            }
        }
        t.points.sort_by_key(|p| p.ms);
        t.logs.sort_by_key(|r| r.start_ms);
        t.recoverable.sort_by_key(|r| r.start_ms);
        let times = t.points.iter().map(|p| (p.ms, p.ms)).chain(
            t.logs
                .iter()
                .chain(&t.recoverable)
                .map(|r| (r.start_ms, r.end_ms)),
        );
        let (lo, hi) = times.fold((i64::MAX, i64::MIN), |(lo, hi), (a, b)| {
            (lo.min(a), hi.max(b))
        });
        if hi >= lo {
            let start = lo.min(hi - Self::SEVEN_DAYS_MS);
            t.span = (start, hi.max(start + 1));
        }
        t
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty() && self.logs.is_empty() && self.recoverable.is_empty()
    }

    /// The recoverable interval holding `ms`, if any.
    pub fn recoverable_at(&self, ms: i64) -> Option<&TimelineRange> {
        self.recoverable.iter().find(|r| r.contains(ms))
    }
}

/// Shared progress handle of a running fetch.
pub type SharedProgress = Arc<Progress>;
