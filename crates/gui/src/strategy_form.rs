//! The backup strategy editor's form: what the user types, checked before anything is sent, and
//! turned into OCP's `BackupStrategyParam`. Fields the form does not edit (storage ID, hosts,
//! custom ranges, secondary backup, clean time…) are carried over from the loaded strategy.

use std::collections::BTreeMap;

use ocp_api::enums::{BackupMode, BackupScheduleMode, BackupStorageType, DataBackupMode};
use ocp_api::types;

use crate::i18n::Tr;

/// What a day of the schedule runs. Clicking a day cycles none → full → incremental.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DayKind {
    #[default]
    None,
    Full,
    Incremental,
}

impl DayKind {
    pub fn next(self) -> Self {
        match self {
            DayKind::None => DayKind::Full,
            DayKind::Full => DayKind::Incremental,
            DayKind::Incremental => DayKind::None,
        }
    }

    pub fn label(self, tr: &Tr) -> &'static str {
        match self {
            DayKind::None => tr.day_none,
            DayKind::Full => tr.full_backup,
            DayKind::Incremental => tr.incremental_backup,
        }
    }

    fn mode(self) -> Option<DataBackupMode> {
        match self {
            DayKind::None => None,
            DayKind::Full => Some(DataBackupMode::FullBackup),
            DayKind::Incremental => Some(DataBackupMode::IncrementalBackup),
        }
    }
}

/// The form fields that can carry an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    ConfigName,
    StorageUrl,
    Endpoint,
    AccessKeyId,
    AccessKeySecret,
    AppId,
    Region,
    AlarmThreshold,
    Days,
    Time,
    UtcOffset,
    RetentionDays,
    TimeoutMinutes,
    NoSuccessDays,
    LogDelaySeconds,
}

/// Errors by field, in the current language.
pub type FieldErrors = BTreeMap<Field, &'static str>;

/// The editable strategy, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct StrategyForm {
    pub backup_mode: BackupMode,
    pub config_name: String,
    pub storage_type: BackupStorageType,
    pub storage_url: String,
    pub endpoint: String,
    pub access_key_id: String,
    pub access_key_secret: String,
    pub app_id: String,
    pub region: String,
    pub alarm_threshold: String,
    pub schedule_mode: BackupScheduleMode,
    /// Monday..Sunday.
    pub week: [DayKind; 7],
    /// Day 1..31.
    pub month: [DayKind; 31],
    /// `HH:MM` or `HH:MM:SS`.
    pub time: String,
    /// `+08:00`, `-05:30` or `Z`.
    pub utc_offset: String,
    pub start_log_backup: bool,
    pub clean_enabled: bool,
    pub retention_days: String,
    pub timeout_minutes: String,
    pub no_success_days: String,
    pub log_delay_seconds: String,
}

impl Default for StrategyForm {
    /// A new strategy: physical, weekly full backup on Monday at 02:00 local time of the
    /// machine, log backup on, cleanup after 7 days, OCP's sample thresholds.
    fn default() -> Self {
        let mut week = [DayKind::None; 7];
        week[0] = DayKind::Full;
        StrategyForm {
            backup_mode: BackupMode::PhysicalBackup,
            config_name: "backup_storage".into(),
            storage_type: BackupStorageType::BackupStorageFile,
            storage_url: String::new(),
            endpoint: String::new(),
            access_key_id: String::new(),
            access_key_secret: String::new(),
            app_id: String::new(),
            region: String::new(),
            alarm_threshold: "80".into(),
            schedule_mode: BackupScheduleMode::Week,
            week,
            month: [DayKind::None; 31],
            time: "02:00".into(),
            utc_offset: local_offset(),
            start_log_backup: true,
            clean_enabled: true,
            retention_days: "7".into(),
            timeout_minutes: "120".into(),
            no_success_days: "2".into(),
            log_delay_seconds: "300".into(),
        }
    }
}

fn local_offset() -> String {
    chrono::Local::now().format("%:z").to_string()
}

/// Splits `02:00:00.000+08:00` into (`02:00`, `+08:00`); seconds are kept when not zero.
fn split_time(value: &str) -> (String, String) {
    let cut = value.find(['+', '-', 'Z']).unwrap_or(value.len());
    let (time, offset) = value.split_at(cut);
    let time = time.split('.').next().unwrap_or("");
    let time = match time.strip_suffix(":00") {
        Some(hm) if hm.len() == 5 => hm,
        _ => time,
    };
    (time.to_owned(), offset.to_owned())
}

fn days_of(map: &BTreeMap<String, DataBackupMode>, max: usize) -> Vec<DayKind> {
    let mut days = vec![DayKind::None; max];
    for (day, mode) in map {
        if let Ok(d) = day.parse::<usize>()
            && (1..=max).contains(&d)
        {
            days[d - 1] = match mode {
                DataBackupMode::FullBackup => DayKind::Full,
                DataBackupMode::IncrementalBackup => DayKind::Incremental,
                DataBackupMode::Other(_) => DayKind::None,
            };
        }
    }
    days
}

impl StrategyForm {
    /// The form showing a strategy read from OCP (secrets arrive masked and stay masked: OCP
    /// reads a masked secret in a modify as "unchanged").
    pub fn from_strategy(s: &types::OcpBackupStrategy) -> Self {
        let mut f = StrategyForm::default();
        if let Some(mode) = &s.backup_mode {
            f.backup_mode = mode.clone();
        }
        if let Some(st) = &s.ob_backup_service_storage_config {
            f.config_name = st.config_name.clone();
            f.alarm_threshold = st.alarm_storage_percentage_threshold.to_string();
            let base = &st.ob_backup_storage_base_info;
            f.storage_type = base.backup_storage_type.clone();
            f.storage_url = base.storage_url.clone();
            let keys = match (
                &base.oss_access_key,
                &base.cos_access_key,
                &base.s3_access_key,
            ) {
                (Some(k), _, _) => Some((&k.endpoint, &k.access_key_id, &k.access_key_secret)),
                (_, Some(k), _) => {
                    f.app_id = k.app_id.clone();
                    Some((&k.endpoint, &k.access_key_id, &k.access_key_secret))
                }
                (_, _, Some(k)) => {
                    f.region = k.region.clone();
                    Some((&k.endpoint, &k.access_key_id, &k.access_key_secret))
                }
                _ => None,
            };
            if let Some((endpoint, id, secret)) = keys {
                f.endpoint = endpoint.clone();
                f.access_key_id = id.clone();
                f.access_key_secret = secret.clone();
            }
        }
        if let Some(sc) = &s.ob_backup_schedule_config {
            f.schedule_mode = sc.backup_schedule_mode.clone();
            f.week = [DayKind::None; 7];
            f.month = [DayKind::None; 31];
            let map = &sc.day_and_data_backup_model_map;
            if f.schedule_mode == BackupScheduleMode::Month {
                f.month.copy_from_slice(&days_of(map, 31));
            } else {
                f.week.copy_from_slice(&days_of(map, 7));
            }
            (f.time, f.utc_offset) = split_time(&sc.backup_schedule_time);
            f.start_log_backup = sc.start_log_backup;
            f.clean_enabled = sc.clean_enabled.unwrap_or(false);
            f.retention_days = sc
                .backup_data_retention_days
                .map(|d| d.to_string())
                .unwrap_or_default();
        }
        if let Some(t) = &s.ob_backup_threshold_config {
            f.timeout_minutes = t.data_backup_timeout_minutes.to_string();
            f.no_success_days = t.no_successful_data_backup_alarm_days.to_string();
            f.log_delay_seconds = t.log_backup_delay_seconds.to_string();
        }
        f
    }

    pub fn days(&self) -> &[DayKind] {
        if self.schedule_mode == BackupScheduleMode::Month {
            &self.month
        } else {
            &self.week
        }
    }

    pub fn days_mut(&mut self) -> &mut [DayKind] {
        if self.schedule_mode == BackupScheduleMode::Month {
            &mut self.month
        } else {
            &mut self.week
        }
    }

    pub fn needs_keys(&self) -> bool {
        matches!(
            self.storage_type,
            BackupStorageType::BackupStorageOss
                | BackupStorageType::BackupStorageCos
                | BackupStorageType::BackupStorageS3
        )
    }

    /// Checks every field (OCP's rules, as the spec states them) and builds the request body.
    /// `base` is the strategy being modified, whose unedited parts are kept.
    pub fn to_param(
        &self,
        tr: &'static Tr,
        base: Option<&types::OcpBackupStrategy>,
    ) -> Result<types::BackupStrategyParam, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut required = |field: Field, value: &str| {
            if value.trim().is_empty() {
                errors.insert(field, tr.required);
            }
        };
        required(Field::StorageUrl, &self.storage_url);
        if self.needs_keys() {
            required(Field::Endpoint, &self.endpoint);
            required(Field::AccessKeyId, &self.access_key_id);
            required(Field::AccessKeySecret, &self.access_key_secret);
            if self.storage_type == BackupStorageType::BackupStorageCos {
                required(Field::AppId, &self.app_id);
            }
            if self.storage_type == BackupStorageType::BackupStorageS3 {
                required(Field::Region, &self.region);
            }
        }
        if !config_name_ok(self.config_name.trim()) {
            errors.insert(Field::ConfigName, tr.err_config_name);
        }
        let alarm = match self.alarm_threshold.trim().parse::<i64>() {
            Ok(v) if (0..=100).contains(&v) => v,
            _ => {
                errors.insert(Field::AlarmThreshold, tr.err_percent);
                0
            }
        };
        if !self.days().contains(&DayKind::Full) {
            errors.insert(Field::Days, tr.err_need_full_day);
        }
        if !time_ok(self.time.trim()) {
            errors.insert(Field::Time, tr.err_time_of_day);
        }
        if !offset_ok(self.utc_offset.trim()) {
            errors.insert(Field::UtcOffset, tr.err_utc_offset);
        }
        let mut positive = |field: Field, value: &str| match value.trim().parse::<i64>() {
            Ok(v) if v >= 1 => v,
            _ => {
                errors.insert(field, tr.err_positive);
                0
            }
        };
        let retention = if self.clean_enabled || !self.retention_days.trim().is_empty() {
            Some(positive(Field::RetentionDays, &self.retention_days))
        } else {
            None
        };
        let timeout = positive(Field::TimeoutMinutes, &self.timeout_minutes);
        let no_success = positive(Field::NoSuccessDays, &self.no_success_days);
        let log_delay = positive(Field::LogDelaySeconds, &self.log_delay_seconds);
        if !errors.is_empty() {
            return Err(errors);
        }

        let old_storage = base.and_then(|b| b.ob_backup_service_storage_config.as_ref());
        let old_schedule = base.and_then(|b| b.ob_backup_schedule_config.as_ref());
        let old_thresholds = base.and_then(|b| b.ob_backup_threshold_config.as_ref());
        let t = |s: &String| s.trim().to_owned();
        let base_info = types::ObBackupStorageBaseInfo {
            backup_storage_type: self.storage_type.clone(),
            storage_url: t(&self.storage_url),
            oss_access_key: (self.storage_type == BackupStorageType::BackupStorageOss).then(|| {
                types::OssAccessKey {
                    endpoint: t(&self.endpoint),
                    access_key_id: t(&self.access_key_id),
                    access_key_secret: self.access_key_secret.clone(),
                }
            }),
            cos_access_key: (self.storage_type == BackupStorageType::BackupStorageCos).then(|| {
                types::CosAccessKey {
                    endpoint: t(&self.endpoint),
                    access_key_id: t(&self.access_key_id),
                    access_key_secret: self.access_key_secret.clone(),
                    app_id: t(&self.app_id),
                }
            }),
            s3_access_key: (self.storage_type == BackupStorageType::BackupStorageS3).then(|| {
                types::S3AccessKey {
                    endpoint: t(&self.endpoint),
                    access_key_id: t(&self.access_key_id),
                    access_key_secret: self.access_key_secret.clone(),
                    region: t(&self.region),
                }
            }),
            custom_backup_range_list: old_storage
                .map(|s| {
                    s.ob_backup_storage_base_info
                        .custom_backup_range_list
                        .clone()
                })
                .unwrap_or_default(),
        };
        let storage = types::ObBackupServiceStorageConfig {
            alarm_storage_percentage_threshold: alarm,
            config_name: t(&self.config_name),
            host_id_list: old_storage
                .map(|s| s.host_id_list.clone())
                .unwrap_or_default(),
            ob_backup_storage_base_info: base_info,
            service_id: old_storage.and_then(|s| s.service_id),
            service_name: old_storage.and_then(|s| s.service_name.clone()),
            service_type: old_storage.and_then(|s| s.service_type.clone()),
            storage_id: old_storage.and_then(|s| s.storage_id),
        };
        let time = self.time.trim();
        let time = if time.len() == 5 {
            format!("{time}:00.000")
        } else {
            format!("{time}.000")
        };
        let day_map = self
            .days()
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.mode().map(|m| ((i + 1).to_string(), m)))
            .collect();
        let schedule = types::ObBackupScheduleConfig {
            backup_data_retention_days: retention,
            // Pausing and resuming have their own operations; a modify keeps the state.
            backup_schedule_enabled: None,
            backup_schedule_mode: self.schedule_mode.clone(),
            backup_schedule_time: format!("{time}{}", self.utc_offset.trim())
                .parse()
                .expect("validated time of day"),
            clean_enabled: Some(self.clean_enabled),
            clean_schedule_time: old_schedule.and_then(|s| s.clean_schedule_time.clone()),
            day_and_data_backup_model_map: day_map,
            start_log_backup: self.start_log_backup,
        };
        let thresholds = types::ObBackupThresholdConfig {
            data_backup_timeout_minutes: timeout,
            lib_ob_log_expire_days: old_thresholds.and_then(|t| t.lib_ob_log_expire_days),
            log_backup_delay_seconds: log_delay,
            no_successful_data_backup_alarm_days: no_success,
        };
        let secondary = base.and_then(|b| b.ob_secondary_backup_config.clone());
        Ok(types::BackupStrategyParam {
            backup_mode: self.backup_mode.clone(),
            ob_backup_object_list: Vec::new(),
            ob_backup_schedule_config: schedule,
            ob_backup_service_storage_config: storage,
            ob_backup_threshold_config: thresholds,
            secondary_backup_enabled: base.and_then(|b| b.secondary_backup_enabled) == Some(true)
                && secondary.is_some(),
            ob_secondary_backup_config: secondary,
        })
    }

    /// What a modify would change: one row per field, old → new, as the user reads them.
    pub fn diff(&self, old: &StrategyForm, tr: &Tr) -> Vec<DiffRow> {
        let mut rows = Vec::new();
        let mut cmp = |label: &'static str, old: String, new: String| {
            if old.trim() != new.trim() {
                rows.push(DiffRow { label, old, new });
            }
        };
        cmp(
            tr.backup_mode,
            old.backup_mode.as_str().into(),
            self.backup_mode.as_str().into(),
        );
        cmp(
            tr.config_name,
            old.config_name.clone(),
            self.config_name.clone(),
        );
        cmp(
            tr.storage_type,
            old.storage_type.as_str().into(),
            self.storage_type.as_str().into(),
        );
        cmp(
            tr.storage_url,
            old.storage_url.clone(),
            self.storage_url.clone(),
        );
        if self.needs_keys() || old.needs_keys() {
            cmp(tr.endpoint, old.endpoint.clone(), self.endpoint.clone());
            cmp(
                tr.access_key_id,
                old.access_key_id.clone(),
                self.access_key_id.clone(),
            );
            // Secrets are never shown, only that they change.
            let changed = old.access_key_secret != self.access_key_secret;
            cmp(
                tr.access_key_secret,
                "••••••".into(),
                if changed {
                    tr.secret_changed
                } else {
                    "••••••"
                }
                .into(),
            );
        }
        if self.storage_type == BackupStorageType::BackupStorageCos {
            cmp(tr.app_id, old.app_id.clone(), self.app_id.clone());
        }
        if self.storage_type == BackupStorageType::BackupStorageS3 {
            cmp(tr.region, old.region.clone(), self.region.clone());
        }
        cmp(
            tr.alarm_threshold,
            old.alarm_threshold.clone(),
            self.alarm_threshold.clone(),
        );
        cmp(
            tr.schedule_cycle,
            old.schedule_mode.as_str().into(),
            self.schedule_mode.as_str().into(),
        );
        cmp(tr.schedule_days, old.days_text(tr), self.days_text(tr));
        cmp(
            tr.time_of_day,
            format!("{} {}", old.time.trim(), old.utc_offset.trim()),
            format!("{} {}", self.time.trim(), self.utc_offset.trim()),
        );
        let on_off = |b: bool| if b { tr.enabled } else { tr.disabled }.to_owned();
        cmp(
            tr.start_log_backup,
            on_off(old.start_log_backup),
            on_off(self.start_log_backup),
        );
        cmp(
            tr.clean_enabled,
            on_off(old.clean_enabled),
            on_off(self.clean_enabled),
        );
        cmp(
            tr.retention_days,
            old.retention_days.clone(),
            self.retention_days.clone(),
        );
        cmp(
            tr.timeout_minutes,
            old.timeout_minutes.clone(),
            self.timeout_minutes.clone(),
        );
        cmp(
            tr.no_success_days,
            old.no_success_days.clone(),
            self.no_success_days.clone(),
        );
        cmp(
            tr.log_delay_seconds,
            old.log_delay_seconds.clone(),
            self.log_delay_seconds.clone(),
        );
        rows
    }

    /// `Mon Full, Wed Incremental`, or `1 Full, 15 Full` for a month.
    pub fn days_text(&self, tr: &Tr) -> String {
        let week = self.schedule_mode != BackupScheduleMode::Month;
        let parts: Vec<String> = self
            .days()
            .iter()
            .enumerate()
            .filter(|(_, d)| **d != DayKind::None)
            .map(|(i, d)| {
                let day = if week {
                    tr.weekdays[i].to_owned()
                } else {
                    (i + 1).to_string()
                };
                format!("{day} {}", d.label(tr))
            })
            .collect();
        if parts.is_empty() {
            tr.day_none.to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// One changed field of a modify.
#[derive(Clone, Debug, PartialEq)]
pub struct DiffRow {
    pub label: &'static str,
    pub old: String,
    pub new: String,
}

/// The zh-CN docs: 2–32 letters, digits and underscores, starting with a letter and ending with
/// a letter or digit.
fn config_name_ok(name: &str) -> bool {
    let b = name.as_bytes();
    (2..=32).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// `HH:MM` or `HH:MM:SS`, 24-hour.
fn time_ok(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    let num = |p: &str, max: u32| p.len() == 2 && p.parse::<u32>().is_ok_and(|v| v <= max);
    match parts.as_slice() {
        [h, m] => num(h, 23) && num(m, 59),
        [h, m, sec] => num(h, 23) && num(m, 59) && num(sec, 59),
        _ => false,
    }
}

/// `Z` or `±HH:MM` between -12:00 and +14:00.
fn offset_ok(s: &str) -> bool {
    if s == "Z" {
        return true;
    }
    let (sign, rest) = s.split_at(s.len().min(1));
    let Some((h, m)) = rest.split_once(':') else {
        return false;
    };
    let (Ok(h), Ok(m)) = (h.parse::<u32>(), m.parse::<u32>()) else {
        return false;
    };
    let in_range = match sign {
        "+" => h < 14 || (h == 14 && m == 0),
        "-" => h < 12 || (h == 12 && m == 0),
        _ => false,
    };
    rest.len() == 5 && in_range && matches!(m, 0 | 15 | 30 | 45)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn tr() -> &'static Tr {
        Lang::En.tr()
    }

    fn valid() -> StrategyForm {
        StrategyForm {
            storage_url: "/backup/crm".into(),
            utc_offset: "+08:00".into(),
            ..StrategyForm::default()
        }
    }

    #[test]
    fn day_cycles_none_full_incremental() {
        assert_eq!(DayKind::None.next(), DayKind::Full);
        assert_eq!(DayKind::Full.next(), DayKind::Incremental);
        assert_eq!(DayKind::Incremental.next(), DayKind::None);
    }

    #[test]
    fn builds_the_body_ocp_expects() {
        let mut f = valid();
        f.week[2] = DayKind::Incremental;
        let p = f.to_param(tr(), None).unwrap();
        let s = &p.ob_backup_schedule_config;
        assert_eq!(&*s.backup_schedule_time, "02:00:00.000+08:00");
        assert_eq!(s.day_and_data_backup_model_map.len(), 2);
        assert_eq!(
            s.day_and_data_backup_model_map["1"],
            DataBackupMode::FullBackup
        );
        assert_eq!(
            s.day_and_data_backup_model_map["3"],
            DataBackupMode::IncrementalBackup
        );
        assert_eq!(s.backup_schedule_enabled, None);
        let st = &p
            .ob_backup_service_storage_config
            .ob_backup_storage_base_info;
        assert!(st.oss_access_key.is_none() && st.s3_access_key.is_none());
        assert!(!p.secondary_backup_enabled);
    }

    #[test]
    fn required_fields_follow_the_storage_type() {
        let mut f = valid();
        f.storage_type = BackupStorageType::BackupStorageCos;
        let e = f.to_param(tr(), None).unwrap_err();
        for field in [
            Field::Endpoint,
            Field::AccessKeyId,
            Field::AccessKeySecret,
            Field::AppId,
        ] {
            assert_eq!(e.get(&field), Some(&tr().required), "{field:?}");
        }
        assert!(!e.contains_key(&Field::Region));
        f.storage_type = BackupStorageType::BackupStorageS3;
        let e = f.to_param(tr(), None).unwrap_err();
        assert!(e.contains_key(&Field::Region) && !e.contains_key(&Field::AppId));
        f.storage_type = BackupStorageType::BackupStorageFile;
        f.storage_url.clear();
        let e = f.to_param(tr(), None).unwrap_err();
        assert_eq!(
            e.keys().copied().collect::<Vec<_>>(),
            vec![Field::StorageUrl]
        );
    }

    #[test]
    fn ranges_durations_and_a_full_day_are_checked() {
        let mut f = valid();
        f.alarm_threshold = "101".into();
        f.week = [DayKind::Incremental; 7];
        f.timeout_minutes = "0".into();
        f.log_delay_seconds = "-5".into();
        f.no_success_days = "x".into();
        f.retention_days = String::new();
        f.time = "24:00".into();
        f.utc_offset = "8".into();
        f.config_name = "9bad".into();
        let e = f.to_param(tr(), None).unwrap_err();
        assert_eq!(e[&Field::AlarmThreshold], tr().err_percent);
        assert_eq!(e[&Field::Days], tr().err_need_full_day);
        for field in [
            Field::TimeoutMinutes,
            Field::LogDelaySeconds,
            Field::NoSuccessDays,
            Field::RetentionDays,
        ] {
            assert_eq!(e[&field], tr().err_positive, "{field:?}");
        }
        assert!(e.contains_key(&Field::Time) && e.contains_key(&Field::UtcOffset));
        assert!(e.contains_key(&Field::ConfigName));
        // Errors are in the current language.
        let zh = f.to_param(Lang::Zh.tr(), None).unwrap_err();
        assert_eq!(zh[&Field::Days], Lang::Zh.tr().err_need_full_day);
    }

    #[test]
    fn a_read_strategy_round_trips_and_diffs_per_field() {
        let mut f = valid();
        f.storage_type = BackupStorageType::BackupStorageOss;
        f.endpoint = "oss-cn-hangzhou.aliyuncs.com".into();
        f.access_key_id = "AK".into();
        f.access_key_secret = "******".into();
        f.schedule_mode = BackupScheduleMode::Month;
        // Only the active cycle is stored.
        f.week = [DayKind::None; 7];
        f.month[14] = DayKind::Full;
        let p = f.to_param(tr(), None).unwrap();
        let read = types::OcpBackupStrategy {
            id: Some(1),
            backup_mode: Some(p.backup_mode.clone()),
            ob_backup_schedule_config: Some(p.ob_backup_schedule_config.clone()),
            ob_backup_service_storage_config: Some(p.ob_backup_service_storage_config.clone()),
            ob_backup_threshold_config: Some(p.ob_backup_threshold_config.clone()),
            ..Default::default()
        };
        let back = StrategyForm::from_strategy(&read);
        assert_eq!(back, f);
        assert!(back.diff(&f, tr()).is_empty());
        let mut changed = back.clone();
        changed.timeout_minutes = "90".into();
        let rows = changed.diff(&f, tr());
        assert_eq!(
            rows,
            vec![DiffRow {
                label: tr().timeout_minutes,
                old: "120".into(),
                new: "90".into()
            }]
        );
    }

    #[test]
    fn times_and_offsets() {
        assert_eq!(
            split_time("02:30:00.000+08:00"),
            ("02:30".into(), "+08:00".into())
        );
        assert_eq!(split_time("23:15:10Z"), ("23:15:10".into(), "Z".into()));
        assert!(time_ok("00:00") && time_ok("23:59:59") && !time_ok("7:00"));
        assert!(offset_ok("+08:00") && offset_ok("-05:30") && offset_ok("Z"));
        assert!(!offset_ok("+15:00") && !offset_ok("08:00") && !offset_ok("+8:00"));
    }
}
