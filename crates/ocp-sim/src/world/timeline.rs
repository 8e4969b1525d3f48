//! Statuses derived from stored timestamps and the simulated clock.

use chrono::TimeDelta;
use ocp_api::enums::{
    DataBackupTaskStatus, LogBackupTaskStatus, RestoreTaskStatus, SubtaskStatus, TaskStatus,
};

use super::{DataBackupRec, LogBackupRec, RestoreRec, TaskRec, Time};
use crate::rng;

/// How long a log backup reports `BEGINNING` / `STOPPING` before `RUNNING` / `STOPPED`.
const LOG_TRANSITION_SECS: i64 = 30;
/// Log archive pieces are flushed this often; the checkpoint moves in these steps.
const LOG_FLUSH_SECS: i64 = 60;

impl DataBackupRec {
    pub(crate) fn status(&self, now: Time) -> DataBackupTaskStatus {
        if now < self.init_at {
            DataBackupTaskStatus::Beginning
        } else if now < self.doing_at {
            DataBackupTaskStatus::Initializing
        } else if now < self.end_at {
            DataBackupTaskStatus::Doing
        } else if self.failure.is_some() {
            DataBackupTaskStatus::Failed
        } else {
            DataBackupTaskStatus::Done
        }
    }

    pub(crate) fn running(&self, now: Time) -> bool {
        self.start <= now && now < self.end_at
    }

    pub(crate) fn succeeded_by(&self, now: Time) -> bool {
        self.failure.is_none() && self.end_at <= now
    }

    /// The consistent point of the backup set: near the end for OceanBase 4.x, where the
    /// snapshot is taken when the data is frozen; for 3.x the recoverable time is the start.
    pub(crate) fn snapshot(&self, major: u32) -> Time {
        if major >= 4 {
            self.end_at - TimeDelta::milliseconds(68)
        } else {
            self.start + TimeDelta::microseconds(613)
        }
    }
}

impl LogBackupRec {
    pub(crate) fn status(&self, now: Time) -> LogBackupTaskStatus {
        match self.stopped {
            Some(stop) if now >= stop => {
                if now < stop + TimeDelta::seconds(LOG_TRANSITION_SECS) {
                    LogBackupTaskStatus::Stopping
                } else {
                    LogBackupTaskStatus::Stopped
                }
            }
            _ if now < self.started + TimeDelta::seconds(LOG_TRANSITION_SECS) => {
                LogBackupTaskStatus::Beginning
            }
            _ => LogBackupTaskStatus::Running,
        }
    }

    pub(crate) fn active_at(&self, now: Time) -> bool {
        self.started <= now && self.stopped.is_none_or(|s| now < s)
    }

    /// Logs up to the checkpoint are archived. It moves forward in flush steps and lags the
    /// clock by `lag_secs` plus up to one step, so `delay` varies the way OCP shows it.
    pub(crate) fn checkpoint(&self, now: Time) -> Option<Time> {
        let effective = match self.stopped {
            Some(stop) if stop < now => stop,
            _ => now,
        };
        if effective <= self.started {
            return None;
        }
        let elapsed = (effective - self.started).num_milliseconds() as f64 / 1000.0 - self.lag_secs;
        if elapsed < 0.0 {
            return Some(self.started);
        }
        let step = (elapsed / LOG_FLUSH_SECS as f64).floor() as i64;
        let jitter_us =
            (rng::unit(&[self.started.timestamp() as u64, step as u64]) * 900_000.0) as i64;
        Some(
            self.started
                + TimeDelta::seconds(step * LOG_FLUSH_SECS)
                + TimeDelta::microseconds(jitter_us),
        )
    }

    /// Seconds between the clock and the checkpoint, with OCP's four decimals.
    pub(crate) fn delay(&self, now: Time) -> Option<f64> {
        let checkpoint = self.checkpoint(now)?;
        let effective = self.stopped.filter(|s| *s < now).unwrap_or(now);
        let secs = (effective - checkpoint).num_microseconds().unwrap_or(0) as f64 / 1e6;
        Some((secs * 10_000.0).round() / 10_000.0)
    }
}

impl RestoreRec {
    pub(crate) fn status(&self, now: Time) -> RestoreTaskStatus {
        if now >= self.end_at {
            return if self.failure.is_some() {
                RestoreTaskStatus::RestoreFail
            } else {
                RestoreTaskStatus::RestoreSuccess
            };
        }
        let mut current = self.phases[0].0.clone();
        for (status, begins) in &self.phases {
            if *begins <= now {
                current = status.clone();
            }
        }
        current
    }

    pub(crate) fn finished(&self, now: Time) -> bool {
        now >= self.end_at
    }

    pub(crate) fn succeeded_by(&self, now: Time) -> bool {
        self.failure.is_none() && now >= self.end_at
    }

    /// Share of the restore elapsed, as OCP's `progress` text.
    pub(crate) fn progress(&self, now: Time) -> String {
        if self.finished(now) {
            return if self.failure.is_some() {
                String::new()
            } else {
                "100%".to_owned()
            };
        }
        let total = (self.end_at - self.created).num_milliseconds().max(1) as f64;
        let done = (now - self.created).num_milliseconds().max(0) as f64;
        format!("{}%", ((done / total) * 100.0).floor().min(99.0) as i64)
    }
}

impl TaskRec {
    pub(crate) fn status(&self, now: Time) -> TaskStatus {
        if now < self.end_at() {
            TaskStatus::Running
        } else if self.failed_step.is_some() {
            TaskStatus::Failed
        } else {
            TaskStatus::Successful
        }
    }

    pub(crate) fn subtask_status(&self, index: usize, now: Time) -> SubtaskStatus {
        let step = &self.steps[index];
        if let Some(failed) = self.failed_step {
            if index > failed {
                return SubtaskStatus::Pending;
            }
            if index == failed && now >= step.end {
                return SubtaskStatus::Failed;
            }
        }
        if now >= step.end {
            SubtaskStatus::Successful
        } else if now >= step.start {
            SubtaskStatus::Running
        } else if index == 0 || now >= self.steps[index - 1].end {
            SubtaskStatus::Ready
        } else {
            SubtaskStatus::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ObjectKey, Step};
    use super::*;
    use chrono::TimeZone;
    use ocp_api::enums::{BackupMode, DataBackupMode, TaskType};

    fn t0() -> Time {
        crate::clock::cst()
            .with_ymd_and_hms(2024, 8, 9, 16, 0, 0)
            .unwrap()
    }

    fn backup(failure: Option<&str>) -> DataBackupRec {
        DataBackupRec {
            task_id: 1,
            object: ObjectKey::Tenant(1, 2),
            backup_set_id: 1,
            full_set_id: 1,
            kind: DataBackupMode::FullBackup,
            mode: BackupMode::PhysicalBackup,
            start: t0(),
            init_at: t0() + TimeDelta::seconds(30),
            doing_at: t0() + TimeDelta::seconds(90),
            end_at: t0() + TimeDelta::seconds(600),
            failure: failure.map(str::to_owned),
            root: "file:///obbackup".into(),
            data_version: None,
            size_gb: 1.0,
            task_instance_id: TASK_ID,
            secondary_task_ids: vec![],
        }
    }
    const TASK_ID: i64 = 3_000_001;

    #[test]
    fn data_backup_moves_through_its_states() {
        let b = backup(None);
        let at = |s| t0() + TimeDelta::seconds(s);
        assert_eq!(b.status(at(0)), DataBackupTaskStatus::Beginning);
        assert_eq!(b.status(at(30)), DataBackupTaskStatus::Initializing);
        assert_eq!(b.status(at(100)), DataBackupTaskStatus::Doing);
        assert_eq!(b.status(at(600)), DataBackupTaskStatus::Done);
        assert_eq!(
            backup(Some("boom")).status(at(601)),
            DataBackupTaskStatus::Failed
        );
        assert!(b.running(at(599)) && !b.running(at(600)));
    }

    #[test]
    fn log_checkpoint_advances_monotonically_with_bounded_delay() {
        let log = LogBackupRec {
            object: ObjectKey::Tenant(1, 2),
            round: 1,
            started: t0(),
            stopped: None,
            root: "file:///obbackup".into(),
            lag_secs: 45.0,
            mode: BackupMode::PhysicalBackup,
        };
        assert_eq!(
            log.status(t0() + TimeDelta::seconds(5)),
            LogBackupTaskStatus::Beginning
        );
        assert_eq!(
            log.status(t0() + TimeDelta::seconds(50)),
            LogBackupTaskStatus::Running
        );
        let mut last = t0();
        for s in (0..7200).step_by(7) {
            let now = t0() + TimeDelta::seconds(s);
            let cp = log.checkpoint(now);
            if let Some(cp) = cp {
                assert!(cp >= last, "checkpoint went back at {s}s");
                last = cp;
                if s > 200 {
                    let delay = log.delay(now).unwrap();
                    assert!((44.0..=106.0).contains(&delay), "delay {delay} at {s}s");
                }
            }
        }
        let stopped = LogBackupRec {
            stopped: Some(t0() + TimeDelta::seconds(600)),
            ..log
        };
        let frozen = stopped.checkpoint(t0() + TimeDelta::seconds(700));
        assert_eq!(frozen, stopped.checkpoint(t0() + TimeDelta::days(3)));
        assert_eq!(
            stopped.status(t0() + TimeDelta::seconds(610)),
            LogBackupTaskStatus::Stopping
        );
        assert_eq!(
            stopped.status(t0() + TimeDelta::seconds(700)),
            LogBackupTaskStatus::Stopped
        );
    }

    #[test]
    fn task_and_subtasks_follow_their_steps() {
        let s = |a, b| (t0() + TimeDelta::seconds(a), t0() + TimeDelta::seconds(b));
        let steps: Vec<Step> = [("a", s(0, 10)), ("b", s(10, 20)), ("c", s(20, 30))]
            .into_iter()
            .map(|(name, (start, end))| Step {
                name,
                start,
                end,
                context: None,
            })
            .collect();
        let task = TaskRec {
            id: TASK_ID,
            name: "t".into(),
            definition_id: 1,
            cluster_id: 1,
            tenant_id: None,
            creator: (100, "admin".into()),
            task_type: TaskType::Manual,
            created: t0(),
            steps,
            failed_step: Some(1),
            executor: "x".into(),
            context: None,
        };
        let at = |s| t0() + TimeDelta::seconds(s);
        assert_eq!(task.status(at(5)), TaskStatus::Running);
        assert_eq!(task.subtask_status(1, at(5)), SubtaskStatus::Pending);
        assert_eq!(task.subtask_status(1, at(15)), SubtaskStatus::Running);
        assert_eq!(task.status(at(20)), TaskStatus::Failed);
        assert_eq!(task.subtask_status(0, at(20)), SubtaskStatus::Successful);
        assert_eq!(task.subtask_status(1, at(20)), SubtaskStatus::Failed);
        assert_eq!(task.subtask_status(2, at(99)), SubtaskStatus::Pending);
    }
}
