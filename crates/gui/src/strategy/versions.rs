//! The strategy fields of the connected OCP's version. Which version has which field is the
//! spec's (`x-ocp-since` / `x-ocp-until`, in the generated table `ocp_api::field_supported`
//! reads); here is only how the editor drops each optional field of a strategy body, so that a
//! field the OCP lacks is neither shown nor sent.

use ocp_api::{OcpVersion, types};

/// An optional property of a strategy body: its schema and JSON name, and how to leave it out.
pub struct OptionalField {
    pub schema: &'static str,
    pub property: &'static str,
    drop: fn(&mut types::BackupStrategyParam),
}

/// The optional properties of `BackupStrategyParam` and of the objects inside it. Required ones
/// cannot be left out, whatever the version.
pub const OPTIONAL_FIELDS: &[OptionalField] = &[
    OptionalField {
        schema: "BackupStrategyParam",
        property: "obSecondaryBackupConfig",
        drop: |p| p.ob_secondary_backup_config = None,
    },
    OptionalField {
        schema: "ObBackupScheduleConfig",
        property: "backupDataRetentionDays",
        drop: |p| p.ob_backup_schedule_config.backup_data_retention_days = None,
    },
    OptionalField {
        schema: "ObBackupScheduleConfig",
        property: "backupScheduleEnabled",
        drop: |p| p.ob_backup_schedule_config.backup_schedule_enabled = None,
    },
    OptionalField {
        schema: "ObBackupScheduleConfig",
        property: "cleanEnabled",
        drop: |p| p.ob_backup_schedule_config.clean_enabled = None,
    },
    OptionalField {
        schema: "ObBackupScheduleConfig",
        property: "cleanScheduleTime",
        drop: |p| p.ob_backup_schedule_config.clean_schedule_time = None,
    },
    OptionalField {
        schema: "ObBackupThresholdConfig",
        property: "libObLogExpireDays",
        drop: |p| p.ob_backup_threshold_config.lib_ob_log_expire_days = None,
    },
    OptionalField {
        schema: "SecondaryBackupScheduleConfig",
        property: "backupDataRetentionDays",
        drop: |p| {
            if let Some(s) = p.ob_secondary_backup_config.as_mut() {
                s.schedule_config.backup_data_retention_days = None;
            }
        },
    },
];

/// What the editor may show and send for an OCP of this version (`None`: not known, all).
#[derive(Clone, Copy)]
pub struct StrategyFields<'a>(pub Option<&'a OcpVersion>);

impl StrategyFields<'_> {
    pub fn has(&self, schema: &str, property: &str) -> bool {
        self.0
            .is_none_or(|v| ocp_api::field_supported(schema, property, v))
    }

    /// Whether the editor hides some field for this version.
    pub fn hides_any(&self) -> bool {
        OPTIONAL_FIELDS
            .iter()
            .any(|f| !self.has(f.schema, f.property))
    }

    /// The body without the fields this version lacks.
    pub fn restrict(&self, param: &mut types::BackupStrategyParam) {
        restrict_by(param, |schema, property| self.has(schema, property));
    }
}

fn restrict_by(param: &mut types::BackupStrategyParam, has: impl Fn(&str, &str) -> bool) {
    for f in OPTIONAL_FIELDS {
        if !has(f.schema, f.property) {
            (f.drop)(param);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_optional_field_is_a_property_of_the_spec() {
        for f in OPTIONAL_FIELDS {
            assert!(
                ocp_api::docs::property(f.schema, f.property).is_some(),
                "{}.{} is not in the spec",
                f.schema,
                f.property
            );
        }
    }

    #[test]
    fn a_field_the_version_lacks_is_left_out_and_the_others_stay() {
        let body = |p: &types::BackupStrategyParam| serde_json::to_value(p).unwrap();
        let mut param: types::BackupStrategyParam = serde_json::from_value(serde_json::json!({
            "backupMode": "PHYSICAL_BACKUP",
            "obBackupObjectList": [],
            "obBackupScheduleConfig": {
                "backupScheduleMode": "WEEK",
                "backupScheduleTime": "01:00:00+08:00",
                "dayAndDataBackupModelMap": {"1": "FULL_BACKUP"},
                "startLogBackup": true,
                "backupDataRetentionDays": 7,
                "cleanEnabled": true,
                "backupScheduleEnabled": true
            },
            "obBackupServiceStorageConfig": {
                "configName": "primary",
                "alarmStoragePercentageThreshold": 80,
                "obBackupStorageBaseInfo": {
                    "backupStorageType": "BACKUP_STORAGE_FILE",
                    "storageUrl": "/obbackup"
                }
            },
            "obBackupThresholdConfig": {
                "dataBackupTimeoutMinutes": 60,
                "logBackupDelaySeconds": 60,
                "noSuccessfulDataBackupAlarmDays": 2,
                "libObLogExpireDays": 3
            },
            "secondaryBackupEnabled": false
        }))
        .unwrap();
        let before = body(&param);
        restrict_by(&mut param, |schema, property| {
            (schema, property) != ("ObBackupScheduleConfig", "cleanEnabled")
        });
        let after = body(&param);
        assert!(
            after["obBackupScheduleConfig"]
                .get("cleanEnabled")
                .is_none()
        );
        let mut expected = before;
        expected["obBackupScheduleConfig"]
            .as_object_mut()
            .unwrap()
            .remove("cleanEnabled");
        assert_eq!(after, expected);
        // Every version the table knows keeps what it has.
        let newest = OcpVersion::known(ocp_api::Version::newest_documented());
        let mut all = param.clone();
        StrategyFields(Some(&newest)).restrict(&mut all);
        assert_eq!(body(&all), body(&param));
    }
}
