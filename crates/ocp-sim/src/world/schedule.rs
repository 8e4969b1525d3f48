//! Schedules: pausing and resuming a strategy, and the scheduled data backups that the clock
//! makes due.

use chrono::{Datelike, FixedOffset, NaiveTime, TimeDelta, TimeZone};
use ocp_api::enums::{BackupScheduleMode, DataBackupMode, TaskType};
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

/// Parses `HH:MM[:SS[.f]](Z|±HH[:MM])`; the pattern was checked when the body was read.
pub(crate) fn parse_schedule_time(text: &str) -> (NaiveTime, FixedOffset) {
    let split = text.find(['Z', '+', '-']).unwrap_or(text.len());
    let (clock, zone) = text.split_at(split);
    let mut parts = clock.split(':');
    let mut num = |max: u32| {
        parts
            .next()
            .and_then(|p| p.split('.').next()?.parse::<u32>().ok())
            .filter(|v| *v <= max)
            .unwrap_or(0)
    };
    let (h, m, s) = (num(23), num(59), num(59));
    let time = NaiveTime::from_hms_opt(h, m, s).unwrap_or(NaiveTime::MIN);
    let offset = if zone.is_empty() || zone == "Z" {
        FixedOffset::east_opt(0)
    } else {
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
        let hh: i32 = digits.get(0..2).and_then(|d| d.parse().ok()).unwrap_or(0);
        let mm: i32 = digits.get(2..4).and_then(|d| d.parse().ok()).unwrap_or(0);
        FixedOffset::east_opt(sign * (hh.min(23) * 3600 + mm.min(59) * 60))
    };
    (time, offset.unwrap_or_else(crate::clock::cst))
}

/// The first scheduled run strictly after `after`, with its kind of data backup.
pub(crate) fn next_run(
    schedule: &types::ObBackupScheduleConfig,
    after: Time,
) -> Option<(Time, DataBackupMode)> {
    if schedule.day_and_data_backup_model_map.is_empty() {
        return None;
    }
    let (time, offset) = parse_schedule_time(&schedule.backup_schedule_time);
    let local = after.with_timezone(&offset);
    for day in 0..64 {
        let date = local.date_naive() + TimeDelta::days(day);
        let Some(at) = offset.from_local_datetime(&date.and_time(time)).single() else {
            continue;
        };
        let at = at.fixed_offset();
        if at <= after {
            continue;
        }
        let key = match schedule.backup_schedule_mode {
            BackupScheduleMode::Month => date.day().to_string(),
            _ => date.weekday().number_from_monday().to_string(),
        };
        if let Some(kind) = schedule.day_and_data_backup_model_map.get(&key) {
            return Some((at, kind.clone()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(
        mode: BackupScheduleMode,
        days: &[(&str, DataBackupMode)],
        time: &str,
    ) -> types::ObBackupScheduleConfig {
        types::ObBackupScheduleConfig {
            backup_data_retention_days: None,
            backup_schedule_enabled: None,
            backup_schedule_mode: mode,
            backup_schedule_time: time.parse().unwrap(),
            clean_enabled: None,
            clean_schedule_time: None,
            day_and_data_backup_model_map: days
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            start_log_backup: true,
        }
    }

    #[test]
    fn weekly_schedule_finds_the_next_matching_day() {
        // 2024-08-09 is a Friday (5).
        let after = crate::clock::cst()
            .with_ymd_and_hms(2024, 8, 9, 16, 0, 0)
            .unwrap();
        let s = schedule(
            BackupScheduleMode::Week,
            &[
                ("2", DataBackupMode::FullBackup),
                ("6", DataBackupMode::IncrementalBackup),
            ],
            "02:00:00.000+08:00",
        );
        let (at, kind) = next_run(&s, after).unwrap();
        assert_eq!(at.to_rfc3339(), "2024-08-10T02:00:00+08:00");
        assert_eq!(kind, DataBackupMode::IncrementalBackup);
        let (at, kind) = next_run(&s, at).unwrap();
        assert_eq!(at.to_rfc3339(), "2024-08-13T02:00:00+08:00");
        assert_eq!(kind, DataBackupMode::FullBackup);
    }

    #[test]
    fn monthly_schedule_and_offsets() {
        let after = crate::clock::cst()
            .with_ymd_and_hms(2024, 8, 9, 16, 0, 0)
            .unwrap();
        let s = schedule(
            BackupScheduleMode::Month,
            &[("1", DataBackupMode::FullBackup)],
            "01:30Z",
        );
        let (at, _) = next_run(&s, after).unwrap();
        assert_eq!(at.to_rfc3339(), "2024-09-01T01:30:00+00:00");
        let empty = schedule(BackupScheduleMode::Week, &[], "02:00:00.000+08:00");
        assert!(next_run(&empty, after).is_none());
        assert_eq!(
            parse_schedule_time("23:59:59.999-0530").1.local_minus_utc(),
            -(5 * 3600 + 30 * 60)
        );
    }
}
