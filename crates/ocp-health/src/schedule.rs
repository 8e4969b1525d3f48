//! The next scheduled data backup of a strategy, from its calendar (`WEEK`: days 1–7 from
//! Monday; `MONTH`: days 1–31) and its time of day with offset (`02:00:00.000+08:00`).

use chrono::{DateTime, Datelike, FixedOffset, NaiveTime, TimeDelta, TimeZone};
use ocp_api::enums::{BackupScheduleMode, DataBackupMode};
use ocp_api::types::ObBackupScheduleConfig;

/// A run of the schedule: when, and which kind of data backup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduledRun {
    pub at: DateTime<FixedOffset>,
    pub kind: DataBackupMode,
}

/// The first run strictly after `after`, or `None` when the calendar names no day that
/// exists within the next two months (an empty calendar, or only days 30–31 of short months
/// is impossible: every month in a 62-day span has a day 1–29).
pub fn next_run(
    schedule: &ObBackupScheduleConfig,
    after: DateTime<FixedOffset>,
) -> Option<ScheduledRun> {
    let (time, zone) = time_of_day(&schedule.backup_schedule_time)?;
    let start = after.with_timezone(&zone).date_naive();
    // 62 days hold every day number of a MONTH calendar at least once.
    (0..=62).find_map(|offset| {
        let date = start + TimeDelta::days(offset);
        let day = match schedule.backup_schedule_mode {
            BackupScheduleMode::Month => date.day(),
            _ => date.weekday().number_from_monday(),
        };
        let kind = schedule
            .day_and_data_backup_model_map
            .get(&day.to_string())?;
        let at = zone.from_local_datetime(&date.and_time(time)).single()?;
        (at > after).then(|| ScheduledRun {
            at,
            kind: kind.clone(),
        })
    })
}

/// `HH:MM[:SS[.fraction]]` followed by `Z` or `±HH[:MM]`, as the spec's `OcpOffsetTime`.
fn time_of_day(text: &str) -> Option<(NaiveTime, FixedOffset)> {
    let zone_at = text.find(['Z', 'z', '+', '-'])?;
    let (clock, zone) = text.split_at(zone_at);
    let clock = clock.split('.').next()?;
    let time = NaiveTime::parse_from_str(clock, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(clock, "%H:%M"))
        .ok()?;
    let offset = if zone.eq_ignore_ascii_case("z") {
        0
    } else {
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
        let hours: i32 = digits.get(..2)?.parse().ok()?;
        let minutes: i32 = digits.get(2..4).map_or(Some(0), |m| m.parse().ok())?;
        sign * (hours * 3600 + minutes * 60)
    };
    Some((time, FixedOffset::east_opt(offset)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use DataBackupMode::{FullBackup as F, IncrementalBackup as I};

    fn calendar(
        mode: BackupScheduleMode,
        days: &[(u32, DataBackupMode)],
        time: &str,
    ) -> ObBackupScheduleConfig {
        ObBackupScheduleConfig {
            backup_data_retention_days: None,
            backup_schedule_enabled: Some(true),
            backup_schedule_mode: mode,
            backup_schedule_time: time.parse().unwrap(),
            clean_enabled: None,
            clean_schedule_time: None,
            day_and_data_backup_model_map: days
                .iter()
                .map(|(d, k)| (d.to_string(), k.clone()))
                .collect(),
            start_log_backup: true,
        }
    }

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn weekly_calendar_skips_to_the_next_listed_weekday() {
        // 2024-08-09 is a Friday (day 5).
        let week = calendar(
            BackupScheduleMode::Week,
            &[(1, F), (3, I)],
            "02:00:00.000+08:00",
        );
        let next = next_run(&week, at("2024-08-09T16:00:00+08:00")).unwrap();
        assert_eq!(next.at, at("2024-08-12T02:00:00+08:00"));
        assert_eq!(next.kind, F);
        let after = next_run(&week, next.at).unwrap();
        assert_eq!((after.at, after.kind), (at("2024-08-14T02:00:00+08:00"), I));
        // Later the same day, before the time of day: today.
        let friday = calendar(BackupScheduleMode::Week, &[(5, I)], "23:30+08:00");
        assert_eq!(
            next_run(&friday, at("2024-08-09T16:00:00+08:00"))
                .unwrap()
                .at,
            at("2024-08-09T23:30:00+08:00")
        );
    }

    #[test]
    fn monthly_calendar_and_the_strategys_own_offset() {
        let month = calendar(BackupScheduleMode::Month, &[(1, F), (15, I)], "01:30:00Z");
        let next = next_run(&month, at("2024-08-09T16:00:00+08:00")).unwrap();
        assert_eq!((next.at, next.kind), (at("2024-08-15T01:30:00Z"), I));
        let next = next_run(&month, next.at).unwrap();
        assert_eq!(next.at, at("2024-09-01T01:30:00Z"));
        // Day 31 waits for a month that has one.
        let last = calendar(BackupScheduleMode::Month, &[(31, F)], "03:00-0530");
        assert_eq!(
            next_run(&last, at("2024-09-01T00:00:00+08:00")).unwrap().at,
            at("2024-10-31T03:00:00-05:30")
        );
    }

    #[test]
    fn an_empty_calendar_has_no_next_run() {
        let none = calendar(BackupScheduleMode::Week, &[], "02:00:00.000+08:00");
        assert!(next_run(&none, at("2024-08-09T16:00:00+08:00")).is_none());
    }
}
