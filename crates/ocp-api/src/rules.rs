//! Rules that requests must follow, stated once for everyone who checks them: the simulator
//! refuses a request that breaks one, and the desktop app and ocpctl say so before sending.
//!
//! Ranges are those of the spec (`minimum` / `maximum` of the named schema property; a unit
//! test holds them to `spec/ocp-backup.yaml`). Where the spec states no `minimum`, the lower
//! bound is the smallest value that makes sense (a retention of at least one day). Name rules
//! come from the zh-CN docs, as the spec's descriptions say.

use std::collections::BTreeMap;

use crate::enums::{BackupScheduleMode, BackupStorageType, DataBackupMode};

/// An inclusive range of an integer field, and where the spec states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    pub min: i64,
    pub max: i64,
    /// `Schema.property` in the spec's components, or `parameter:NAME` for a query parameter.
    pub spec: &'static str,
}

impl Range {
    pub fn contains(&self, value: i64) -> bool {
        (self.min..=self.max).contains(&value)
    }
}

/// `backupDataRetentionDays` of a strategy's schedule (and of its secondary backup).
pub const RETENTION_DAYS: Range = Range {
    min: 1,
    max: 3650,
    spec: "ObBackupScheduleConfig.backupDataRetentionDays",
};
/// `backupDataRetentionDays` of the secondary backup's schedule.
pub const SECONDARY_RETENTION_DAYS: Range = Range {
    spec: "SecondaryBackupScheduleConfig.backupDataRetentionDays",
    ..RETENTION_DAYS
};
pub const DATA_BACKUP_TIMEOUT_MINUTES: Range = Range {
    min: 1,
    max: 43_200,
    spec: "ObBackupThresholdConfig.dataBackupTimeoutMinutes",
};
pub const NO_SUCCESSFUL_BACKUP_ALARM_DAYS: Range = Range {
    min: 1,
    max: 365,
    spec: "ObBackupThresholdConfig.noSuccessfulDataBackupAlarmDays",
};
pub const LIBOBLOG_EXPIRE_DAYS: Range = Range {
    min: 1,
    max: 365,
    spec: "ObBackupThresholdConfig.libObLogExpireDays",
};
pub const LOG_BACKUP_DELAY_SECONDS: Range = Range {
    min: 0,
    max: 604_800,
    spec: "ObBackupThresholdConfig.logBackupDelaySeconds",
};
pub const ALARM_STORAGE_PERCENT: Range = Range {
    min: 0,
    max: 100,
    spec: "ObBackupServiceStorageConfig.alarmStoragePercentageThreshold",
};
/// Units per zone of a restored tenant's resource pool.
pub const UNIT_COUNT: Range = Range {
    min: 1,
    max: 100,
    spec: "RestoreResourcePoolParam.unitCount",
};
/// `size` of the paged lists.
pub const PAGE_SIZE: Range = Range {
    min: 1,
    max: 2000,
    spec: "parameter:size",
};

/// Every range above, for tests that hold them to the spec.
pub const RANGES: [Range; 9] = [
    RETENTION_DAYS,
    SECONDARY_RETENTION_DAYS,
    DATA_BACKUP_TIMEOUT_MINUTES,
    NO_SUCCESSFUL_BACKUP_ALARM_DAYS,
    LIBOBLOG_EXPIRE_DAYS,
    LOG_BACKUP_DELAY_SECONDS,
    ALARM_STORAGE_PERCENT,
    UNIT_COUNT,
    PAGE_SIZE,
];

/// A storage configuration's `configName`: 2–32 letters, digits and underscores, starting with
/// a letter and ending with a letter or digit (zh-CN docs).
pub fn config_name_ok(name: &str) -> bool {
    let b = name.as_bytes();
    (2..=32).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// The name of a tenant a restore creates: 2–64 letters, digits and underscores, starting
/// with a letter (OceanBase's tenant names; OCP answers `OBE21000` otherwise).
pub fn tenant_name_ok(name: &str) -> bool {
    (2..=64).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// How many day keys a schedule has: `"1"`–`"7"` (Monday–Sunday) for `WEEK`, `"1"`–`"31"` for
/// `MONTH`.
pub fn schedule_days(mode: &BackupScheduleMode) -> u32 {
    if *mode == BackupScheduleMode::Month {
        31
    } else {
        7
    }
}

/// A key of `dayAndDataBackupModelMap`: a day number of the mode, written without leading
/// zeros.
pub fn schedule_day_key_ok(mode: &BackupScheduleMode, key: &str) -> bool {
    key.parse::<u32>()
        .is_ok_and(|d| (1..=schedule_days(mode)).contains(&d) && key == d.to_string())
}

/// A schedule needs at least one full backup day (an incremental needs a full one to build on).
pub fn schedule_has_full_day(days: &BTreeMap<String, DataBackupMode>) -> bool {
    days.values().any(|m| *m == DataBackupMode::FullBackup)
}

/// The zones named by a primary zone such as `zone1;zone2,zone3` (`;` separates priorities,
/// `,` zones of equal priority), each of which must be one of the tenant's zones.
pub fn primary_zone_names(primary_zone: &str) -> impl Iterator<Item = &str> {
    primary_zone
        .split([',', ';'])
        .map(str::trim)
        .filter(|z| !z.is_empty())
}

/// A backup path added as a restore source: `<protocol>://path`, e.g.
/// `file:///obbackup/…/data/backup_set_24_full_20240406`.
pub fn backup_path_ok(path: &str) -> bool {
    path.split_once("://").is_some_and(|(scheme, rest)| {
        !scheme.is_empty()
            && scheme.chars().all(|c| c.is_ascii_alphanumeric())
            && rest.trim_matches('/').len() > 1
    })
}

/// Object storages need an endpoint and an AccessKey pair (`BAK29019`–`BAK29021` otherwise).
pub fn storage_needs_access_key(kind: &BackupStorageType) -> bool {
    matches!(
        kind,
        BackupStorageType::BackupStorageOss
            | BackupStorageType::BackupStorageCos
            | BackupStorageType::BackupStorageS3
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> serde_yaml::Value {
        serde_yaml::from_str(include_str!("../../../spec/ocp-backup.yaml")).expect("the spec")
    }

    #[test]
    fn ranges_are_the_specs() {
        let spec = spec();
        for range in RANGES {
            let bounds = |schema: &serde_yaml::Value| {
                (
                    schema.get("minimum").and_then(serde_yaml::Value::as_i64),
                    schema.get("maximum").and_then(serde_yaml::Value::as_i64),
                )
            };
            let stated: Vec<(Option<i64>, Option<i64>)> =
                match range.spec.strip_prefix("parameter:") {
                    // Every operation's parameter of that name.
                    Some(name) => spec["paths"]
                        .as_mapping()
                        .unwrap()
                        .values()
                        .flat_map(|ops| ops.as_mapping().unwrap().values())
                        .flat_map(|op| op.get("parameters").and_then(|p| p.as_sequence()))
                        .flatten()
                        .filter(|p| p["name"].as_str() == Some(name))
                        .map(|p| bounds(&p["schema"]))
                        .collect(),
                    None => {
                        let (schema, property) = range.spec.split_once('.').unwrap();
                        vec![bounds(
                            &spec["components"]["schemas"][schema]["properties"][property],
                        )]
                    }
                };
            assert!(!stated.is_empty(), "{} is not in the spec", range.spec);
            for (min, max) in stated {
                assert_eq!(max, Some(range.max), "maximum of {}", range.spec);
                if let Some(min) = min {
                    assert_eq!(min, range.min, "minimum of {}", range.spec);
                }
            }
        }
    }

    #[test]
    fn config_names() {
        for ok in ["nfs0907_1452", "ab", "Nfs_1", &"a".repeat(32)] {
            assert!(config_name_ok(ok), "{ok}");
        }
        for bad in ["a", "1abc", "abc_", "a-b", "", "名字ab", &"a".repeat(33)] {
            assert!(!config_name_ok(bad), "{bad}");
        }
    }

    #[test]
    fn tenant_names() {
        for ok in ["trade_verify", "t1", &"a".repeat(64)] {
            assert!(tenant_name_ok(ok), "{ok}");
        }
        for bad in [
            "t",
            "1trade",
            "trade-copy",
            "trade copy",
            "",
            &"a".repeat(65),
        ] {
            assert!(!tenant_name_ok(bad), "{bad}");
        }
    }

    #[test]
    fn schedule_keys() {
        let (week, month) = (BackupScheduleMode::Week, BackupScheduleMode::Month);
        assert!(schedule_day_key_ok(&week, "7") && !schedule_day_key_ok(&week, "8"));
        assert!(schedule_day_key_ok(&month, "31") && !schedule_day_key_ok(&month, "32"));
        for bad in ["0", "01", "+1", " 1", "x"] {
            assert!(!schedule_day_key_ok(&week, bad), "{bad}");
        }
        let mut days = BTreeMap::from([("1".to_owned(), DataBackupMode::IncrementalBackup)]);
        assert!(!schedule_has_full_day(&days));
        days.insert("2".into(), DataBackupMode::FullBackup);
        assert!(schedule_has_full_day(&days));
    }

    #[test]
    fn zones_paths_and_storages() {
        assert_eq!(
            primary_zone_names(" zone1;zone2, zone3;;").collect::<Vec<_>>(),
            ["zone1", "zone2", "zone3"]
        );
        assert!(backup_path_ok(
            "file:///obbackup/t/1002/data/backup_set_1_full_20240806"
        ));
        for bad in ["/obbackup/x", "://x/y", "file:///", "fi le://x/y"] {
            assert!(!backup_path_ok(bad), "{bad}");
        }
        assert!(storage_needs_access_key(
            &BackupStorageType::BackupStorageOss
        ));
        assert!(!storage_needs_access_key(
            &BackupStorageType::BackupStorageFile
        ));
    }
}
