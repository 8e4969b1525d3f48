//! The health verdict of one object and the findings behind it.
//!
//! | finding | verdict |
//! |---|---|
//! | the cluster could not be read | unknown |
//! | no strategy covers the object | warning |
//! | scheduling paused | warning |
//! | log backup stopped although the strategy runs | warning |
//! | a data backup running longer than the timeout threshold | warning |
//! | the newest finished data backup failed | critical |
//! | no successful data backup for longer than the no-success threshold | critical |
//! | log backup delay over the log delay threshold | critical |
//!
//! Thresholds are the object's strategy's own, else [`Thresholds::DEFAULT`]. Standby clusters
//! are not judged on backups (OCP backs up the primary; a standby refuses backups).

use std::fmt;
use std::time::Duration;

use chrono::TimeDelta;

use crate::model::{ErrorInfo, Failure, ObjectHealth, Thresholds, Time};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    Ok = 0,
    Warning = 1,
    Critical = 2,
    Unknown = 3,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Ok,
        Verdict::Warning,
        Verdict::Critical,
        Verdict::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::Warning => "warning",
            Verdict::Critical => "critical",
            Verdict::Unknown => "unknown",
        }
    }

    /// For sorting the worst first: critical, unknown, warning, ok.
    pub fn badness(self) -> u8 {
        match self {
            Verdict::Critical => 3,
            Verdict::Unknown => 2,
            Verdict::Warning => 1,
            Verdict::Ok => 0,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reason for a verdict. The GUI translates by variant; `Display` is the English text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    CollectFailed(ErrorInfo),
    Standby,
    NoStrategy,
    Paused,
    LogStopped,
    RunningTooLong {
        since: Time,
        running_for: Duration,
        timeout: Duration,
    },
    LastBackupFailed(Failure),
    /// `last: None`: none inside the lookback period.
    NoSuccessfulBackup {
        last: Option<Time>,
        lookback: Duration,
        threshold: Duration,
    },
    LogDelay {
        delay: Duration,
        threshold: Duration,
    },
}

impl Finding {
    pub fn verdict(&self) -> Verdict {
        match self {
            Finding::CollectFailed(_) => Verdict::Unknown,
            Finding::Standby => Verdict::Ok,
            Finding::NoStrategy
            | Finding::Paused
            | Finding::LogStopped
            | Finding::RunningTooLong { .. } => Verdict::Warning,
            Finding::LastBackupFailed(_)
            | Finding::NoSuccessfulBackup { .. }
            | Finding::LogDelay { .. } => Verdict::Critical,
        }
    }
}

/// `3d 4h`, `2h 5m`, `42s`: the two largest units.
pub fn short_duration(d: Duration) -> String {
    let s = d.as_secs();
    let (days, hours, minutes, seconds) = (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{seconds}s"),
        (0, 0, m) => format!("{m}m {seconds}s"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = |d: &Duration| short_duration(*d);
        match self {
            Finding::CollectFailed(e) => write!(f, "could not read the cluster: {e}"),
            Finding::Standby => f.write_str("standby cluster: backups run on its primary"),
            Finding::NoStrategy => f.write_str("no backup strategy: not backed up"),
            Finding::Paused => f.write_str("scheduled backups are paused"),
            Finding::LogStopped => f.write_str("log backup is stopped"),
            Finding::RunningTooLong {
                since,
                running_for,
                timeout,
            } => write!(
                f,
                "a data backup has been running for {} (since {since}), longer than its timeout of {}",
                d(running_for),
                d(timeout)
            ),
            Finding::LastBackupFailed(fail) => write!(
                f,
                "the last data backup (task {}) failed: {}",
                fail.task_id, fail.message
            ),
            Finding::NoSuccessfulBackup {
                last: Some(at),
                threshold,
                ..
            } => write!(
                f,
                "no successful data backup for more than {} (last {at})",
                d(threshold)
            ),
            Finding::NoSuccessfulBackup {
                last: None,
                lookback,
                ..
            } => write!(f, "no successful data backup in the last {}", d(lookback)),
            Finding::LogDelay { delay, threshold } => write!(
                f,
                "log backup is {} behind, more than its threshold of {}",
                d(delay),
                d(threshold)
            ),
        }
    }
}

fn positive(delta: TimeDelta) -> Duration {
    delta.to_std().unwrap_or(Duration::ZERO)
}

/// Sets `verdict` and `findings` of an object read without error, as of OCP's `now`.
pub(crate) fn judge(o: &mut ObjectHealth, now: Time, standby: bool, lookback: Duration) {
    let mut findings = Vec::new();
    let t: Thresholds = o.thresholds;
    if standby {
        findings.push(Finding::Standby);
    } else if !o.strategy.present() {
        findings.push(Finding::NoStrategy);
    } else {
        if o.strategy.paused() {
            findings.push(Finding::Paused);
        } else if o.log.as_ref().is_some_and(|l| !l.running) {
            findings.push(Finding::LogStopped);
        }
        if let Some(since) = o.oldest_running_start {
            let running_for = positive(now - since);
            if running_for > t.data_backup_timeout {
                findings.push(Finding::RunningTooLong {
                    since,
                    running_for,
                    timeout: t.data_backup_timeout,
                });
            }
        }
        if o.last_finished_failed
            && let Some(fail) = &o.last_failure
        {
            findings.push(Finding::LastBackupFailed(fail.clone()));
        }
        let last = o.last_success();
        let stale = last.is_none_or(|at| positive(now - at) > t.no_successful_backup);
        if stale {
            findings.push(Finding::NoSuccessfulBackup {
                last,
                lookback,
                threshold: t.no_successful_backup,
            });
        }
        if let Some(log) = o.log.as_ref().filter(|l| l.running)
            && let Some(delay) = log.delay(now).filter(|d| *d > t.log_delay)
        {
            findings.push(Finding::LogDelay {
                delay,
                threshold: t.log_delay,
            });
        }
    }
    findings.sort_by_key(|f| std::cmp::Reverse(f.verdict().badness()));
    o.verdict = findings
        .iter()
        .map(Finding::verdict)
        .max_by_key(|v| v.badness())
        .unwrap_or(Verdict::Ok);
    o.findings = findings;
}

/// Marks an object of a cluster that could not be read.
pub(crate) fn unknown(o: &mut ObjectHealth, error: &ErrorInfo) {
    o.verdict = Verdict::Unknown;
    o.findings = vec![Finding::CollectFailed(error.clone())];
}
