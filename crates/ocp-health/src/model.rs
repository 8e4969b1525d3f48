//! What the collector finds out about one OCP: its clusters, and per cluster the objects that
//! are backed up (the cluster itself when its strategy is cluster-level, and each user tenant).

use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeDelta};
use ocp_api::OcpError;
use ocp_api::enums::DataBackupMode;

use crate::schedule::ScheduledRun;
use crate::verdict::{Finding, Verdict};

pub type Time = DateTime<FixedOffset>;

/// One collection over one OCP connection.
#[derive(Clone, Debug)]
pub struct OcpHealth {
    /// OCP's clock when the collection began (the `timestamp` of its first answer).
    pub now: Option<Time>,
    /// Why the clusters could not even be listed; then `clusters` is empty.
    pub error: Option<ErrorInfo>,
    pub clusters: Vec<ClusterHealth>,
    pub elapsed: Duration,
    /// HTTP requests the collection sent, retries by the client not counted.
    pub requests: u64,
}

impl OcpHealth {
    /// Every object of every cluster, in cluster order.
    pub fn objects(&self) -> impl Iterator<Item = (&ClusterHealth, &ObjectHealth)> {
        self.clusters
            .iter()
            .flat_map(|c| c.objects.iter().map(move |o| (c, o)))
    }

    /// Objects per verdict: `[ok, warning, critical, unknown]`.
    pub fn counts(&self) -> [usize; 4] {
        let mut counts = [0; 4];
        for (_, o) in self.objects() {
            counts[o.verdict as usize] += 1;
        }
        counts
    }
}

/// An error from OCP or on the way to it, as a person reads it: OCP's code, its message and the
/// traceId to quote to OCP support. Never carries a credential (see [`OcpError`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    pub code: Option<String>,
    pub message: String,
    pub trace_id: Option<String>,
    pub http_status: Option<u16>,
}

impl From<&OcpError> for ErrorInfo {
    fn from(e: &OcpError) -> Self {
        ErrorInfo {
            code: e.code().map(str::to_owned),
            message: e.to_string(),
            trace_id: e.trace_id().map(str::to_owned),
            http_status: e.status(),
        }
    }
}

impl std::fmt::Display for ErrorInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

#[derive(Clone, Debug)]
pub struct ClusterHealth {
    pub id: i64,
    pub name: String,
    pub ob_version: Option<String>,
    pub standby: bool,
    /// OCP's clock when it answered the cluster's overview; ages are measured from it.
    pub now: Option<Time>,
    /// The first call of this cluster that failed; its objects are then `unknown`.
    pub error: Option<ErrorInfo>,
    pub objects: Vec<ObjectHealth>,
}

/// A tenant, or the cluster as a whole (`tenant: None`) when its backups are cluster-level.
#[derive(Clone, Debug)]
pub struct ObjectHealth {
    pub tenant: Option<TenantRef>,
    pub strategy: StrategyState,
    pub thresholds: Thresholds,
    pub last_full: Option<Time>,
    pub last_incremental: Option<Time>,
    pub log: Option<LogState>,
    /// Data backup tasks that started inside the task window (24 h by default).
    pub tasks: TaskCounts,
    /// Start of the oldest data backup still running.
    pub oldest_running_start: Option<Time>,
    pub last_failure: Option<Failure>,
    /// Whether the newest finished data backup of the window failed (none succeeded since).
    pub last_finished_failed: bool,
    /// End of the newest interval OCP can restore the object to.
    pub recoverable_until: Option<Time>,
    /// `now − recoverable_until`: the data a restore right now would lose.
    pub rpo: Option<TimeDelta>,
    pub next_scheduled: Option<ScheduledRun>,
    /// The newest finished restore drill of this tenant, verified or failed (with
    /// [`crate::Options::drill_prefix`]).
    pub last_drill: Option<Drill>,
    pub verdict: Verdict,
    /// Why the verdict is what it is, worst first; empty when all is well.
    pub findings: Vec<Finding>,
}

impl ObjectHealth {
    /// The newest successful data backup of either kind.
    pub fn last_success(&self) -> Option<Time> {
        self.last_full.max(self.last_incremental)
    }

    pub(crate) fn new(tenant: Option<TenantRef>) -> ObjectHealth {
        ObjectHealth {
            tenant,
            strategy: StrategyState::default(),
            thresholds: Thresholds::DEFAULT,
            last_full: None,
            last_incremental: None,
            log: None,
            tasks: TaskCounts::default(),
            oldest_running_start: None,
            last_failure: None,
            last_finished_failed: false,
            recoverable_until: None,
            rpo: None,
            next_scheduled: None,
            last_drill: None,
            verdict: Verdict::Unknown,
            findings: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantRef {
    pub id: i64,
    pub name: String,
}

/// Where an object's backup strategy lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StrategyLevel {
    /// The cluster's strategy, read with `getClusterBackupStrategy`.
    Cluster,
    /// A tenant's own strategy (OCP 4.3). Its settings are only readable with the 4.3
    /// tenant-level call, which the collector does not make: its presence and scheduling state
    /// are inferred from the tenant's log and data backups in the cluster-level lists.
    Tenant,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StrategyState {
    /// `None`: no backup strategy covers the object.
    pub level: Option<StrategyLevel>,
    /// Scheduled backups running (`Some(false)`: paused); `None` when not known.
    pub enabled: Option<bool>,
}

impl StrategyState {
    pub fn present(&self) -> bool {
        self.level.is_some()
    }

    pub fn paused(&self) -> bool {
        self.enabled == Some(false)
    }
}

/// The three alert thresholds of a strategy (`obBackupThresholdConfig`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    /// A data backup running longer than this is overdue (`dataBackupTimeoutMinutes`).
    pub data_backup_timeout: Duration,
    /// No successful data backup for longer than this is critical
    /// (`noSuccessfulDataBackupAlarmDays`).
    pub no_successful_backup: Duration,
    /// Log backup lagging more than this is critical (`logBackupDelaySeconds`).
    pub log_delay: Duration,
    /// Read from the object's strategy (else the defaults below).
    pub from_strategy: bool,
}

impl Thresholds {
    /// Used where the strategy's own thresholds cannot be read (no strategy, or a tenant-level
    /// strategy): 4 hours of backup run time, 2 days without a successful data backup and
    /// 5 minutes of log delay. The last two are the values of OCP's documented strategy
    /// samples; the sample timeout (7 minutes) is far below a real full backup's run time, so
    /// the default is the simulator's 240 minutes.
    pub const DEFAULT: Thresholds = Thresholds {
        data_backup_timeout: Duration::from_secs(240 * 60),
        no_successful_backup: Duration::from_secs(2 * 86_400),
        log_delay: Duration::from_secs(300),
        from_strategy: false,
    };

    pub(crate) fn from_config(c: &ocp_api::types::ObBackupThresholdConfig) -> Thresholds {
        let secs = |v: i64, unit: u64| Duration::from_secs(u64::try_from(v).unwrap_or(0) * unit);
        Thresholds {
            data_backup_timeout: secs(c.data_backup_timeout_minutes, 60),
            no_successful_backup: secs(c.no_successful_data_backup_alarm_days, 86_400),
            log_delay: secs(c.log_backup_delay_seconds, 1),
            from_strategy: true,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LogState {
    /// Logs up to this time are backed up.
    pub checkpoint: Option<Time>,
    /// OCP's log backup delay, in seconds.
    pub delay_seconds: Option<f64>,
    /// Whether the log backup is running (not stopped).
    pub running: bool,
}

impl LogState {
    /// How far the log backup lags at `now`: OCP's own delay, else the checkpoint's age.
    pub fn delay(&self, now: Time) -> Option<Duration> {
        self.delay_seconds
            .map(|s| Duration::from_secs_f64(s.max(0.0)))
            .or_else(|| {
                self.checkpoint
                    .map(|c| (now - c).to_std().unwrap_or_default())
            })
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TaskCounts {
    pub running: u32,
    pub failed: u32,
    pub succeeded: u32,
}

/// A failed data backup and the error OCP recorded for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub task_id: i64,
    pub backup_set_id: Option<i64>,
    pub kind: Option<DataBackupMode>,
    pub finished_at: Option<Time>,
    /// OceanBase's error name and number when the message starts with one
    /// (`OB_BACKUP_IO_PROHIBITED(-9032)`).
    pub code: Option<String>,
    pub message: String,
    /// traceId of the OCP answer that reported the failure.
    pub trace_id: Option<String>,
}

/// The newest finished restore of the tenant into a tenant named with the drill prefix
/// (`ocpctl restore drill` names them so).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drill {
    pub restore_id: i64,
    /// The restore succeeded (`RESTORE_SUCCESS`); `false`: it failed (`RESTORE_FAIL`).
    pub verified: bool,
    pub restored_tenant: String,
    pub finished_at: Option<Time>,
    /// The point in time the drill restored to.
    pub restored_to: Option<Time>,
}
