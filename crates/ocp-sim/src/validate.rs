//! Checks of request bodies that serde cannot express: the open enums accept any string, so
//! unknown values are refused here naming the field, and so are out-of-range numbers.

use ocp_api::rules::{self, Range};
use ocp_api::{enums, types};

use crate::errors::ApiFailure;

/// A forward-compatible enum of the generated client.
pub(crate) trait OpenEnum: for<'a> From<&'a str> + Clone {
    fn known(&self) -> bool;
    fn text(&self) -> &str;
    fn known_values() -> Vec<String>;
}

macro_rules! open_enum {
    ($($ty:ident),* $(,)?) => {$(
        impl OpenEnum for enums::$ty {
            fn known(&self) -> bool {
                self.is_known()
            }
            fn text(&self) -> &str {
                self.as_str()
            }
            fn known_values() -> Vec<String> {
                enums::$ty::KNOWN.iter().map(|v| v.as_str().to_owned()).collect()
            }
        }
    )*};
}

open_enum!(
    BackupMode,
    BackupScheduleMode,
    DataBackupMode,
    BackupStorageType,
    BackupServiceType,
    BackupDimension,
    CustomBackupRangeType,
    BackupNodeType,
    LogSecondaryBackupPeriod,
    BackupTenantStatus,
    ReplicaType,
    RestoreObjectKind,
    RestoreMethod,
    DataBackupTaskStatus,
    LogBackupTaskStatus,
    RestoreTaskStatus,
    ClusterStatus,
    TenantMode,
    TenantStatus,
    TaskStatus,
    TaskType,
);

pub(crate) fn known<E: OpenEnum>(field: &str, value: &E) -> Result<(), ApiFailure> {
    if value.known() {
        return Ok(());
    }
    Err(ApiFailure::invalid_value(
        field,
        format!(
            "unknown value {:?}; expected one of {}",
            value.text(),
            E::known_values().join(", ")
        ),
        Some(value.text().into()),
    ))
}

/// OCP's docs give no upper bounds but the percentage; the spec's are generous bounds that no
/// real strategy reaches, so that `i64::MAX` days are refused instead of stored and echoed.
fn in_range(field: &str, value: i64, range: Range) -> Result<(), ApiFailure> {
    if !range.contains(value) {
        return Err(ApiFailure::invalid_value(
            field,
            format!("must be between {} and {}", range.min, range.max),
            Some(value.into()),
        ));
    }
    Ok(())
}

fn non_empty(field: &str, value: &str) -> Result<(), ApiFailure> {
    if value.trim().is_empty() {
        return Err(ApiFailure::invalid(field, "must not be empty"));
    }
    Ok(())
}

pub(crate) fn storage_info(
    field: &str,
    info: &types::ObBackupStorageBaseInfo,
    config_name: &str,
) -> Result<(), ApiFailure> {
    use enums::BackupStorageType as T;
    use ocp_api::enums::OcpErrorCode as C;
    known(
        &format!("{field}.backupStorageType"),
        &info.backup_storage_type,
    )?;
    let bad = |code| {
        Err(ApiFailure::new(
            axum::http::StatusCode::BAD_REQUEST,
            code,
            vec![config_name.into()],
        ))
    };
    if info.storage_url.trim().is_empty() {
        return bad(C::Bak29018);
    }
    let keys: Option<(&str, &str, &str)> = match info.backup_storage_type {
        T::BackupStorageOss => Some(info.oss_access_key.as_ref().map_or(("", "", ""), |k| {
            (&k.endpoint, &k.access_key_id, &k.access_key_secret)
        })),
        T::BackupStorageCos => Some(info.cos_access_key.as_ref().map_or(("", "", ""), |k| {
            (&k.endpoint, &k.access_key_id, &k.access_key_secret)
        })),
        T::BackupStorageS3 => Some(info.s3_access_key.as_ref().map_or(("", "", ""), |k| {
            (&k.endpoint, &k.access_key_id, &k.access_key_secret)
        })),
        _ => None,
    };
    if let Some((endpoint, id, secret)) = keys {
        if endpoint.trim().is_empty() {
            return bad(C::Bak29019);
        }
        if id.trim().is_empty() {
            return bad(C::Bak29020);
        }
        if secret.trim().is_empty() {
            return bad(C::Bak29021);
        }
    }
    for (i, range) in info.custom_backup_range_list.iter().enumerate() {
        known(
            &format!("{field}.customBackupRangeList[{i}].backupType"),
            &range.backup_type,
        )?;
        known(
            &format!("{field}.customBackupRangeList[{i}].nodeType"),
            &range.node_type,
        )?;
    }
    Ok(())
}

pub(crate) fn storage_config(
    field: &str,
    config: &types::ObBackupServiceStorageConfig,
) -> Result<(), ApiFailure> {
    if !rules::config_name_ok(&config.config_name) {
        return Err(ApiFailure::new(
            axum::http::StatusCode::BAD_REQUEST,
            ocp_api::enums::OcpErrorCode::Bak10004,
            vec![],
        )
        .with_debug(format!("{field}.configName: {:?}", config.config_name)));
    }
    let threshold = config.alarm_storage_percentage_threshold;
    if !rules::ALARM_STORAGE_PERCENT.contains(threshold) {
        return Err(ApiFailure::invalid_value(
            format!("{field}.alarmStoragePercentageThreshold"),
            "must be between 0 and 100 (percent)",
            Some(threshold.into()),
        ));
    }
    if let Some(service_type) = &config.service_type {
        known(&format!("{field}.serviceType"), service_type)?;
    }
    storage_info(
        &format!("{field}.obBackupStorageBaseInfo"),
        &config.ob_backup_storage_base_info,
        &config.config_name,
    )
}

fn backup_objects<'a>(
    field: &str,
    objects: impl Iterator<Item = &'a types::BackupObject>,
) -> Result<(), ApiFailure> {
    for (i, o) in objects.enumerate() {
        known(
            &format!("{field}[{i}].backupDimension"),
            &o.backup_dimension,
        )?;
    }
    Ok(())
}

pub(crate) fn strategy_param(
    p: &types::BackupStrategyParam,
    tenant_level: bool,
) -> Result<(), ApiFailure> {
    known("backupMode", &p.backup_mode)?;
    backup_objects("obBackupObjectList", p.ob_backup_object_list.iter())?;
    let s = &p.ob_backup_schedule_config;
    known(
        "obBackupScheduleConfig.backupScheduleMode",
        &s.backup_schedule_mode,
    )?;
    for (day, kind) in &s.day_and_data_backup_model_map {
        let field = format!("obBackupScheduleConfig.dayAndDataBackupModelMap.{day}");
        if !rules::schedule_day_key_ok(&s.backup_schedule_mode, day) {
            return Err(ApiFailure::invalid_value(
                field,
                format!(
                    "day keys are \"1\"–\"{}\" for {}",
                    rules::schedule_days(&s.backup_schedule_mode),
                    s.backup_schedule_mode.as_str()
                ),
                Some(day.clone().into()),
            ));
        }
        known(&field, kind)?;
    }
    if !rules::schedule_has_full_day(&s.day_and_data_backup_model_map) {
        return Err(ApiFailure::invalid(
            "obBackupScheduleConfig.dayAndDataBackupModelMap",
            "the schedule needs at least one FULL_BACKUP day",
        ));
    }
    if let Some(days) = s.backup_data_retention_days {
        in_range(
            "obBackupScheduleConfig.backupDataRetentionDays",
            days,
            rules::RETENTION_DAYS,
        )?;
    }
    let t = &p.ob_backup_threshold_config;
    in_range(
        "obBackupThresholdConfig.dataBackupTimeoutMinutes",
        t.data_backup_timeout_minutes,
        rules::DATA_BACKUP_TIMEOUT_MINUTES,
    )?;
    in_range(
        "obBackupThresholdConfig.noSuccessfulDataBackupAlarmDays",
        t.no_successful_data_backup_alarm_days,
        rules::NO_SUCCESSFUL_BACKUP_ALARM_DAYS,
    )?;
    in_range(
        "obBackupThresholdConfig.logBackupDelaySeconds",
        t.log_backup_delay_seconds,
        rules::LOG_BACKUP_DELAY_SECONDS,
    )?;
    if let Some(days) = t.lib_ob_log_expire_days {
        in_range(
            "obBackupThresholdConfig.libObLogExpireDays",
            days,
            rules::LIBOBLOG_EXPIRE_DAYS,
        )?;
    }
    storage_config(
        "obBackupServiceStorageConfig",
        &p.ob_backup_service_storage_config,
    )?;
    if tenant_level && (p.secondary_backup_enabled || p.ob_secondary_backup_config.is_some()) {
        let field = if p.secondary_backup_enabled {
            "secondaryBackupEnabled"
        } else {
            "obSecondaryBackupConfig"
        };
        return Err(ApiFailure::invalid(
            field,
            "secondary backup exists for cluster strategies only",
        ));
    }
    match (&p.ob_secondary_backup_config, p.secondary_backup_enabled) {
        (None, true) => {
            return Err(ApiFailure::invalid(
                "obSecondaryBackupConfig",
                "required when secondaryBackupEnabled is true",
            ));
        }
        (Some(sec), _) => {
            known(
                "obSecondaryBackupConfig.scheduleConfig.logSecondaryBackupPeriod",
                &sec.schedule_config.log_secondary_backup_period,
            )?;
            if let Some(days) = sec.schedule_config.backup_data_retention_days {
                in_range(
                    "obSecondaryBackupConfig.scheduleConfig.backupDataRetentionDays",
                    days,
                    rules::SECONDARY_RETENTION_DAYS,
                )?;
            }
            storage_config("obSecondaryBackupConfig.storageConfig", &sec.storage_config)?;
        }
        (None, false) => {}
    }
    Ok(())
}

pub(crate) fn backup_now(p: &types::BackupNowParam) -> Result<(), ApiFailure> {
    known("backupMode", &p.backup_mode)?;
    known("dataBackupMode", &p.data_backup_mode)?;
    backup_objects("obBackupObject", p.ob_backup_object.iter())?;
    storage_config(
        "obBackupServiceStorageConfig",
        &p.ob_backup_service_storage_config,
    )
}

pub(crate) fn restore_tenant_info(
    field: &str,
    info: &types::RestoreTenantInfoParam,
) -> Result<(), ApiFailure> {
    non_empty(&format!("{field}.name"), &info.name)?;
    for (i, z) in info.zones.iter().enumerate() {
        non_empty(&format!("{field}.zones[{i}].name"), &z.name)?;
        known(&format!("{field}.zones[{i}].replicaType"), &z.replica_type)?;
    }
    if let Some(obj) = &info.restore_obj {
        known(&format!("{field}.restoreObj"), obj)?;
    }
    if let Some(method) = &info.restore_method {
        known(&format!("{field}.restoreMethod"), method)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn storage() -> types::ObBackupServiceStorageConfig {
        serde_json::from_str(
            r#"{"configName":"nfs0907_1452","alarmStoragePercentageThreshold":80,
                "obBackupStorageBaseInfo":{"backupStorageType":"BACKUP_STORAGE_FILE","storageUrl":"/obbackup/"}}"#,
        )
        .unwrap()
    }

    #[test]
    fn storage_rules() {
        assert!(storage_config("s", &storage()).is_ok());
        let mut bad = storage();
        bad.alarm_storage_percentage_threshold = 101;
        let e = storage_config("s", &bad).unwrap_err();
        assert_eq!(e.code_text(), "COM10001");
        assert!(
            e.message(crate::Lang::En)
                .contains("s.alarmStoragePercentageThreshold")
        );
        let mut bad = storage();
        bad.ob_backup_storage_base_info.backup_storage_type = "BACKUP_STORAGE_TAPE".into();
        let e = storage_config("s", &bad).unwrap_err();
        assert!(
            e.message(crate::Lang::En)
                .contains("s.obBackupStorageBaseInfo.backupStorageType")
        );
        assert!(e.debug.unwrap().contains("BACKUP_STORAGE_OSS"));
        let mut bad = storage();
        bad.config_name = "9-bad".into();
        assert_eq!(
            storage_config("s", &bad).unwrap_err().code_text(),
            "BAK10004"
        );
        let mut bad = storage();
        bad.ob_backup_storage_base_info.storage_url = " ".into();
        assert_eq!(
            storage_config("s", &bad).unwrap_err().code_text(),
            "BAK29018"
        );
        let mut oss = storage();
        oss.ob_backup_storage_base_info.backup_storage_type =
            enums::BackupStorageType::BackupStorageOss;
        assert_eq!(
            storage_config("s", &oss).unwrap_err().code_text(),
            "BAK29019"
        );
    }

    fn strategy(edit: impl FnOnce(&mut serde_json::Value)) -> types::BackupStrategyParam {
        let mut v = serde_json::json!({
            "backupMode": "PHYSICAL_BACKUP",
            "obBackupScheduleConfig": {"backupScheduleMode": "WEEK", "backupScheduleTime": "02:00:00.000+08:00",
                "dayAndDataBackupModelMap": {"1": "FULL_BACKUP"}, "startLogBackup": true,
                "cleanEnabled": true, "backupDataRetentionDays": 7},
            "obBackupThresholdConfig": {"dataBackupTimeoutMinutes": 60, "logBackupDelaySeconds": 300,
                "noSuccessfulDataBackupAlarmDays": 2, "libObLogExpireDays": 3},
            "obBackupServiceStorageConfig": {"configName": "nfs_dba", "alarmStoragePercentageThreshold": 80,
                "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"}}
        });
        edit(&mut v);
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn strategy_numbers_have_upper_bounds() {
        assert!(strategy_param(&strategy(|_| {}), false).is_ok());
        let cases: [(&str, &str, Range); 5] = [
            (
                "obBackupScheduleConfig",
                "backupDataRetentionDays",
                rules::RETENTION_DAYS,
            ),
            (
                "obBackupThresholdConfig",
                "dataBackupTimeoutMinutes",
                rules::DATA_BACKUP_TIMEOUT_MINUTES,
            ),
            (
                "obBackupThresholdConfig",
                "noSuccessfulDataBackupAlarmDays",
                rules::NO_SUCCESSFUL_BACKUP_ALARM_DAYS,
            ),
            (
                "obBackupThresholdConfig",
                "logBackupDelaySeconds",
                rules::LOG_BACKUP_DELAY_SECONDS,
            ),
            (
                "obBackupThresholdConfig",
                "libObLogExpireDays",
                rules::LIBOBLOG_EXPIRE_DAYS,
            ),
        ];
        for (parent, field, Range { max, .. }) in cases {
            let at_max = strategy(|v| v[parent][field] = max.into());
            assert!(strategy_param(&at_max, false).is_ok(), "{field} = {max}");
            for too_big in [max + 1, i64::MAX] {
                let e = strategy_param(&strategy(|v| v[parent][field] = too_big.into()), false)
                    .unwrap_err();
                assert_eq!(e.code_text(), "COM10001", "{field}");
                assert!(
                    e.message(crate::Lang::En)
                        .contains(&format!("{parent}.{field}")),
                    "{field}"
                );
                assert_eq!(
                    e.sub_errors[0].rejected_value,
                    Some(serde_json::Value::from(too_big))
                );
            }
        }
    }
}
