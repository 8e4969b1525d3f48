//! Schedules: pausing and resuming a strategy, and the scheduled data backups that the clock
//! makes due.

use ocp_api::enums::{DataBackupMode, TaskType};
use ocp_api::types;

use super::backup::Trigger;
use super::views::storage_root;
use super::{ObjectKey, Time, World};
use crate::errors::ApiFailure;
use crate::seeded;

/// Chance that a scheduled backup fails, drawn from the seed.
const SCHEDULED_FAILURE_RATE: f64 = 0.06;

impl World {
    pub(crate) fn set_schedule(
        &mut self,
        object: ObjectKey,
        enabled: bool,
        now: Time,
    ) -> Result<(), ApiFailure> {
        self.cluster_or_404(object.cluster_id(), "id")?;
        let idx = self
            .strategy_index(object)
            .ok_or_else(|| self.no_strategy(object))?;
        let s = &mut self.strategies[idx];
        let was = s.schedule_enabled;
        s.schedule_enabled = enabled;
        s.updated = now;
        if enabled && !was {
            // Runs missed while paused are skipped, as OCP does.
            s.cursor = now;
        }
        let start_log = s.param.ob_backup_schedule_config.start_log_backup;
        let root = storage_root(
            &s.param
                .ob_backup_service_storage_config
                .ob_backup_storage_base_info,
        );
        if !enabled {
            self.stop_log(object, now);
        } else if start_log
            && !self
                .logs
                .iter()
                .any(|l| l.object == object && l.active_at(now))
        {
            self.start_log(object, root, now);
        }
        self.refresh_next_due();
        Ok(())
    }

    /// Materialises scheduled backups that became due by `now`.
    pub(crate) fn tick(&mut self, now: Time) {
        for i in 0..self.strategies.len() {
            // Bounds the work after a huge `advance`; later runs are skipped, not queued.
            for _ in 0..400 {
                let s = &self.strategies[i];
                if !s.schedule_enabled {
                    break;
                }
                let Some((at, kind)) = next_run(&s.param.ob_backup_schedule_config, s.cursor)
                else {
                    break;
                };
                if at > now {
                    break;
                }
                let object = s.object;
                let root = storage_root(
                    &s.param
                        .ob_backup_service_storage_config
                        .ob_backup_storage_base_info,
                );
                self.strategies[i].cursor = at;
                if self.running_backup_conflict(object, at) {
                    continue;
                }
                let kind = if kind == DataBackupMode::IncrementalBackup
                    && !self.has_full_backup(object, at)
                {
                    DataBackupMode::FullBackup
                } else {
                    kind
                };
                let trigger = Trigger {
                    creator: (seeded::SYSTEM_USER.0, seeded::SYSTEM_USER.1.into()),
                    task_type: TaskType::Scheduled,
                    failure_rate: SCHEDULED_FAILURE_RATE,
                };
                self.spawn_data_backup(object, kind, root, at, &trigger);
            }
        }
        self.refresh_next_due();
    }

    pub(crate) fn refresh_next_due(&mut self) {
        self.next_due = self
            .strategies
            .iter()
            .filter(|s| s.schedule_enabled)
            .filter_map(|s| next_run(&s.param.ob_backup_schedule_config, s.cursor).map(|(t, _)| t))
            .min();
    }
}

/// The first scheduled run strictly after `after`, with its kind of data backup (the calendar
/// is read as the health model reads it: `ocp_api::schedule`).
pub(crate) fn next_run(
    schedule: &types::ObBackupScheduleConfig,
    after: Time,
) -> Option<(Time, DataBackupMode)> {
    ocp_api::schedule::next_run(schedule, after).map(|run| (run.at, run.kind))
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use ocp_api::enums::BackupScheduleMode;

    use super::*;

    /// The simulator runs a weekly calendar's days in order, each with its own kind.
    #[test]
    fn weekly_schedule_runs_each_listed_day_with_its_kind() {
        // 2024-08-09 is a Friday (5).
        let after = crate::clock::cst()
            .with_ymd_and_hms(2024, 8, 9, 16, 0, 0)
            .unwrap();
        let s = types::ObBackupScheduleConfig {
            backup_data_retention_days: None,
            backup_schedule_enabled: None,
            backup_schedule_mode: BackupScheduleMode::Week,
            backup_schedule_time: "02:00:00.000+08:00".parse().unwrap(),
            clean_enabled: None,
            clean_schedule_time: None,
            day_and_data_backup_model_map: [
                ("2".to_owned(), DataBackupMode::FullBackup),
                ("6".to_owned(), DataBackupMode::IncrementalBackup),
            ]
            .into_iter()
            .collect(),
            start_log_backup: true,
        };
        let (at, kind) = next_run(&s, after).unwrap();
        assert_eq!(at.to_rfc3339(), "2024-08-10T02:00:00+08:00");
        assert_eq!(kind, DataBackupMode::IncrementalBackup);
        let (at, kind) = next_run(&s, at).unwrap();
        assert_eq!(at.to_rfc3339(), "2024-08-13T02:00:00+08:00");
        assert_eq!(kind, DataBackupMode::FullBackup);
    }
}
