//! Rules that requests must follow, stated once for everyone who checks them: the simulator
//! refuses a request that breaks one, and the desktop app and ocpctl say so before sending.
//!
//! Ranges are those of the spec (`minimum` / `maximum` of the named schema property; a unit
//! test holds them to `spec/ocp-backup.yaml`). Where the spec states no `minimum`, the lower
//! bound is the smallest value that makes sense (a retention of at least one day). Name rules
//! come from the zh-CN docs, as the spec's descriptions say.

use std::collections::BTreeMap;

use crate::enums::{BackupScheduleMode, BackupStorageType, DataBackupMode, RestoreObjectKind};
use crate::types::TableRestoreObject;

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

/// Most databases or tables one restore takes (OCP 4.3's console).
pub const MAX_RESTORE_OBJECTS: usize = 200;

/// The first OBServer version with quick restore (`restoreMethod: quick`), per the spec.
pub const QUICK_RESTORE_SINCE: [u32; 3] = [4, 3, 3];

/// Whether a cluster running OBServer `ob_version` (e.g. `4.3.3.0`) can restore quickly.
pub fn quick_restore_supported(ob_version: &str) -> bool {
    let mut parts = ob_version
        .trim()
        .split('.')
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let version: Vec<u32> = (0..3).map(|_| parts.next().unwrap_or(0)).collect();
    version.as_slice() >= QUICK_RESTORE_SINCE.as_slice()
}

/// A database or table name in a restore: 1–128 characters (OceanBase's limit), none of them
/// a control character, not blank, and without `.` or `` ` `` (a name is one identifier).
pub fn object_name_ok(name: &str) -> bool {
    let n = name.chars().count();
    (1..=128).contains(&n)
        && !name.trim().is_empty()
        && !name.chars().any(|c| c.is_control() || c == '.' || c == '`')
}

/// Why a restore's list of databases or tables cannot be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestoreObjectsError {
    /// `restoreObj` is `database` or `table` and `tableRestoreObjects` is empty.
    Empty,
    /// Objects listed for a whole-tenant restore.
    NotForTenant,
    /// More than [`MAX_RESTORE_OBJECTS`].
    TooMany { count: usize },
    /// The named field of object `index` is required for this kind of restore.
    Missing { index: usize, field: &'static str },
    /// The named field of object `index` belongs to the other kind of restore.
    NotForKind { index: usize, field: &'static str },
    /// The named field of object `index` is not a valid name.
    BadName { index: usize, field: &'static str },
    /// Object `index` is listed before, at `first`.
    Duplicate { index: usize, first: usize },
    /// Object `index` would be restored under the same name as object `first`.
    SameTarget { index: usize, first: usize },
}

impl RestoreObjectsError {
    /// The request field it concerns, under `restoreTenantInfoParam`.
    pub fn field(&self) -> String {
        match self {
            RestoreObjectsError::Empty
            | RestoreObjectsError::NotForTenant
            | RestoreObjectsError::TooMany { .. } => "tableRestoreObjects".to_owned(),
            RestoreObjectsError::Missing { index, field }
            | RestoreObjectsError::NotForKind { index, field }
            | RestoreObjectsError::BadName { index, field } => {
                format!("tableRestoreObjects[{index}].{field}")
            }
            RestoreObjectsError::Duplicate { index, .. }
            | RestoreObjectsError::SameTarget { index, .. } => {
                format!("tableRestoreObjects[{index}]")
            }
        }
    }
}

impl std::fmt::Display for RestoreObjectsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RestoreObjectsError::Empty => {
                f.write_str("required when restoreObj is database or table")
            }
            RestoreObjectsError::NotForTenant => {
                f.write_str("only with restoreObj database or table; a tenant restore takes all")
            }
            RestoreObjectsError::TooMany { count } => write!(
                f,
                "at most {MAX_RESTORE_OBJECTS} databases or tables per restore ({count} given)"
            ),
            RestoreObjectsError::Missing { field, .. } => {
                write!(f, "{field} is required for this kind of restore")
            }
            RestoreObjectsError::NotForKind { field, .. } => {
                write!(
                    f,
                    "{field} belongs to the other kind of restore (database or table)"
                )
            }
            RestoreObjectsError::BadName { .. } => {
                f.write_str("a name of 1-128 characters without '.', '`' or control characters")
            }
            RestoreObjectsError::Duplicate { first, .. } => {
                write!(f, "the same object as tableRestoreObjects[{first}]")
            }
            RestoreObjectsError::SameTarget { first, .. } => write!(
                f,
                "restored under the same name as tableRestoreObjects[{first}]"
            ),
        }
    }
}

impl std::error::Error for RestoreObjectsError {}

/// The databases or tables of a restore, as OCP 4.3's restore page describes them: none for a
/// whole-tenant restore (`restoreObj` absent or `tenant`); for `database`, `sourceDatabase`
/// (and optionally `targetDatabase`, a new name) per object; for `table`, `sourceDatabase` and
/// `sourceTable` (optionally `targetDatabase` / `targetTable`). At most
/// [`MAX_RESTORE_OBJECTS`], none twice, no two under the same name.
pub fn check_restore_objects(
    kind: Option<&RestoreObjectKind>,
    objects: &[TableRestoreObject],
) -> Result<(), RestoreObjectsError> {
    use RestoreObjectsError as E;
    let table = match kind {
        None | Some(RestoreObjectKind::Tenant) => {
            return if objects.is_empty() {
                Ok(())
            } else {
                Err(E::NotForTenant)
            };
        }
        Some(RestoreObjectKind::Table) => true,
        // An unknown kind is refused where enums are checked; judge it as a database list.
        Some(_) => false,
    };
    if objects.is_empty() {
        return Err(E::Empty);
    }
    if objects.len() > MAX_RESTORE_OBJECTS {
        return Err(E::TooMany {
            count: objects.len(),
        });
    }
    let mut seen: Vec<(String, String)> = Vec::with_capacity(objects.len());
    let mut targets: Vec<(String, String)> = Vec::with_capacity(objects.len());
    for (index, o) in objects.iter().enumerate() {
        let field = |value: &Option<String>, name: &'static str, required: bool| match value
            .as_deref()
            .map(str::trim)
        {
            None | Some("") if required => Err(E::Missing { index, field: name }),
            None | Some("") => Ok(None),
            Some(v) if object_name_ok(v) => Ok(Some(v.to_owned())),
            Some(_) => Err(E::BadName { index, field: name }),
        };
        let source_db = field(&o.source_database, "sourceDatabase", true)?.unwrap_or_default();
        let target_db = field(&o.target_database, "targetDatabase", false)?;
        let (source_table, target_table) = if table {
            (
                field(&o.source_table, "sourceTable", true)?.unwrap_or_default(),
                field(&o.target_table, "targetTable", false)?,
            )
        } else {
            for (value, name) in [
                (&o.source_table, "sourceTable"),
                (&o.target_table, "targetTable"),
            ] {
                if value.as_deref().is_some_and(|v| !v.trim().is_empty()) {
                    return Err(E::NotForKind { index, field: name });
                }
            }
            (String::new(), None)
        };
        let source = (source_db.clone(), source_table.clone());
        if let Some(first) = seen.iter().position(|s| *s == source) {
            return Err(E::Duplicate { index, first });
        }
        let target = (
            target_db.unwrap_or(source_db),
            target_table.unwrap_or(source_table),
        );
        if let Some(first) = targets.iter().position(|t| *t == target) {
            return Err(E::SameTarget { index, first });
        }
        seen.push(source);
        targets.push(target);
    }
    Ok(())
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

    fn table(db: &str, t: &str, new: Option<&str>) -> TableRestoreObject {
        TableRestoreObject {
            source_database: Some(db.into()),
            source_table: Some(t.into()),
            target_database: None,
            target_table: new.map(Into::into),
        }
    }

    #[test]
    fn restore_objects() {
        use RestoreObjectsError as E;
        let (tenant, db, tbl) = (
            RestoreObjectKind::Tenant,
            RestoreObjectKind::Database,
            RestoreObjectKind::Table,
        );
        assert_eq!(check_restore_objects(None, &[]), Ok(()));
        assert_eq!(check_restore_objects(Some(&tenant), &[]), Ok(()));
        let orders = table("trade", "orders", Some("orders_0809"));
        assert_eq!(
            check_restore_objects(Some(&tenant), std::slice::from_ref(&orders)),
            Err(E::NotForTenant)
        );
        assert_eq!(check_restore_objects(Some(&tbl), &[]), Err(E::Empty));
        assert_eq!(
            check_restore_objects(Some(&tbl), std::slice::from_ref(&orders)),
            Ok(())
        );
        // A database restore names databases only.
        let e = check_restore_objects(Some(&db), std::slice::from_ref(&orders)).unwrap_err();
        assert_eq!(e.field(), "tableRestoreObjects[0].sourceTable");
        let whole_db = TableRestoreObject {
            source_database: Some("trade".into()),
            source_table: None,
            target_database: Some("trade_copy".into()),
            target_table: None,
        };
        assert_eq!(check_restore_objects(Some(&db), &[whole_db]), Ok(()));
        // A table needs its database.
        let mut lone = orders.clone();
        lone.source_database = None;
        assert_eq!(
            check_restore_objects(Some(&tbl), &[lone])
                .unwrap_err()
                .field(),
            "tableRestoreObjects[0].sourceDatabase"
        );
        // Twice, or two under one name.
        let twice = [
            orders.clone(),
            table("trade", "payments", None),
            orders.clone(),
        ];
        assert_eq!(
            check_restore_objects(Some(&tbl), &twice),
            Err(E::Duplicate { index: 2, first: 0 })
        );
        let clash = [
            table("trade", "a", Some("x")),
            table("trade", "b", Some("x")),
        ];
        assert_eq!(
            check_restore_objects(Some(&tbl), &clash),
            Err(E::SameTarget { index: 1, first: 0 })
        );
        let bad = [table("trade", "a.b", None)];
        assert_eq!(
            check_restore_objects(Some(&tbl), &bad).unwrap_err().field(),
            "tableRestoreObjects[0].sourceTable"
        );
        // 200 is the most.
        let many: Vec<_> = (0..=MAX_RESTORE_OBJECTS)
            .map(|i| table("trade", &format!("t{i}"), None))
            .collect();
        assert_eq!(
            check_restore_objects(Some(&tbl), &many[..MAX_RESTORE_OBJECTS]),
            Ok(())
        );
        assert_eq!(
            check_restore_objects(Some(&tbl), &many),
            Err(E::TooMany { count: 201 })
        );
    }

    #[test]
    fn quick_restore_needs_observer_4_3_3() {
        for (version, ok) in [
            ("4.3.3.0", true),
            ("4.3.3", true),
            ("4.3.10.1", true),
            ("4.4.0.0", true),
            ("5.0", true),
            ("4.3.2.1", false),
            ("4.3.1.0", false),
            ("4.2.1.8", false),
            ("3.2.4.5", false),
            ("", false),
            ("garbage", false),
        ] {
            assert_eq!(quick_restore_supported(version), ok, "{version}");
        }
    }
}
