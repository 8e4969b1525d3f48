//! The backup strategy editor's form: what the user types, checked before anything is sent, and
//! turned into OCP's `BackupStrategyParam`, or into a JSON file and back. Fields the form does
//! not edit (storage IDs, hosts, custom ranges, clean time…) are carried over from the loaded
//! strategy.

use std::collections::BTreeMap;

use ocp_api::enums::{
    BackupMode, BackupScheduleMode, BackupStorageType, DataBackupMode, LogSecondaryBackupPeriod,
};
use ocp_api::{rules, types};

use crate::i18n::Tr;
use crate::storage_form::{StorageField, StorageLocation, storage_type_name};
use crate::ui::format::word;

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

/// Which storage of the strategy a field belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    Primary,
    /// The cluster's secondary backup storage.
    Secondary,
}

/// The form fields that can carry an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    BackupMode,
    Storage(Slot, StorageField),
    ScheduleMode,
    Days,
    Time,
    UtcOffset,
    RetentionDays,
    TimeoutMinutes,
    NoSuccessDays,
    LogDelaySeconds,
    Secondary,
    SecondaryPeriod,
    SecondaryRetentionDays,
}

/// Errors by field, in the current language.
pub type FieldErrors = BTreeMap<Field, &'static str>;

/// A storage configuration as typed: the primary one, or the cluster's secondary one.
#[derive(Clone, Debug, PartialEq)]
pub struct StorageForm {
    pub config_name: String,
    pub location: StorageLocation,
    pub alarm_threshold: String,
}

impl StorageForm {
    fn named(config_name: &str) -> Self {
        StorageForm {
            config_name: config_name.into(),
            location: StorageLocation::default(),
            alarm_threshold: "80".into(),
        }
    }

    fn from_config(st: &types::ObBackupServiceStorageConfig) -> Self {
        StorageForm {
            config_name: st.config_name.clone(),
            location: StorageLocation::from_info(&st.ob_backup_storage_base_info),
            alarm_threshold: st.alarm_storage_percentage_threshold.to_string(),
        }
    }

    fn check(&self, tr: &'static Tr, slot: Slot, errors: &mut FieldErrors) {
        for (field, message) in self.location.check(tr) {
            errors.entry(Field::Storage(slot, field)).or_insert(message);
        }
        let mut put = |field: StorageField, message: &'static str| {
            errors.insert(Field::Storage(slot, field), message);
        };
        if !rules::config_name_ok(self.config_name.trim()) {
            put(StorageField::ConfigName, tr.err_config_name);
        }
        let alarm = self.alarm_threshold.trim().parse::<i64>();
        if !alarm.is_ok_and(|v| rules::ALARM_STORAGE_PERCENT.contains(v)) {
            put(StorageField::AlarmThreshold, tr.err_percent);
        }
    }

    /// The request's storage configuration (call after `check`). Parts the form does not
    /// edit (storage and service IDs, hosts, custom ranges) come from `old`.
    fn to_config(
        &self,
        old: Option<&types::ObBackupServiceStorageConfig>,
    ) -> types::ObBackupServiceStorageConfig {
        let ranges = old
            .map(|s| {
                s.ob_backup_storage_base_info
                    .custom_backup_range_list
                    .clone()
            })
            .unwrap_or_default();
        types::ObBackupServiceStorageConfig {
            alarm_storage_percentage_threshold: self.alarm_threshold.trim().parse().unwrap_or(0),
            config_name: self.config_name.trim().to_owned(),
            host_id_list: old.map(|s| s.host_id_list.clone()).unwrap_or_default(),
            ob_backup_storage_base_info: self.location.to_info(ranges),
            service_id: old.and_then(|s| s.service_id),
            service_name: old.and_then(|s| s.service_name.clone()),
            service_type: old.and_then(|s| s.service_type.clone()),
            storage_id: old.and_then(|s| s.storage_id),
        }
    }

    fn diff(&self, old: &StorageForm, tr: &Tr, prefix: &str, r: &mut Rows) {
        let (new_l, old_l) = (&self.location, &old.location);
        changed(
            r,
            prefix,
            tr.config_name,
            &old.config_name,
            &self.config_name,
        );
        let kind = |k| storage_type_name(tr, k);
        changed(
            r,
            prefix,
            tr.storage_type,
            &kind(&old_l.storage_type),
            &kind(&new_l.storage_type),
        );
        changed(
            r,
            prefix,
            tr.storage_url,
            &old_l.storage_url,
            &new_l.storage_url,
        );
        if new_l.needs_keys() || old_l.needs_keys() {
            changed(r, prefix, tr.endpoint, &old_l.endpoint, &new_l.endpoint);
            changed(
                r,
                prefix,
                tr.access_key_id,
                &old_l.access_key_id,
                &new_l.access_key_id,
            );
            // Secrets are never shown, only that they change.
            let secret = if old_l.access_key_secret != new_l.access_key_secret {
                tr.secret_changed
            } else {
                "••••••"
            };
            changed(r, prefix, tr.access_key_secret, "••••••", secret);
        }
        if new_l.storage_type == BackupStorageType::BackupStorageCos {
            changed(r, prefix, tr.app_id, &old_l.app_id, &new_l.app_id);
        }
        if new_l.storage_type == BackupStorageType::BackupStorageS3 {
            changed(r, prefix, tr.region, &old_l.region, &new_l.region);
        }
        changed(
            r,
            prefix,
            tr.alarm_threshold,
            &old.alarm_threshold,
            &self.alarm_threshold,
        );
    }
}

/// Review rows being collected: only changed fields, or every field (a summary).
struct Rows {
    rows: Vec<DiffRow>,
    all: bool,
}

/// Adds a review row when the value changed (surrounding blanks do not count).
fn changed(r: &mut Rows, prefix: &str, label: &str, old: &str, new: &str) {
    if r.all || old.trim() != new.trim() {
        r.rows.push(DiffRow {
            label: format!("{prefix}{label}"),
            old: old.to_owned(),
            new: new.to_owned(),
        });
    }
}

/// A cluster strategy's secondary backup: a schedule and a second storage the backups are
/// copied to.
#[derive(Clone, Debug, PartialEq)]
pub struct SecondaryForm {
    pub data_enabled: bool,
    pub log_enabled: bool,
    pub log_period: LogSecondaryBackupPeriod,
    pub retention_days: String,
    pub storage: StorageForm,
}

impl Default for SecondaryForm {
    fn default() -> Self {
        SecondaryForm {
            data_enabled: true,
            log_enabled: true,
            log_period: LogSecondaryBackupPeriod::OnceADay,
            retention_days: "7".into(),
            storage: StorageForm::named("secondary_storage"),
        }
    }
}

impl SecondaryForm {
    fn from_config(c: &types::ObSecondaryBackupConfig) -> Self {
        let s = &c.schedule_config;
        SecondaryForm {
            data_enabled: s.data_backup_schedule_enabled,
            log_enabled: s.log_backup_schedule_enabled,
            log_period: s.log_secondary_backup_period.clone(),
            retention_days: s
                .backup_data_retention_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            storage: StorageForm::from_config(&c.storage_config),
        }
    }
}

/// The editable strategy, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct StrategyForm {
    pub backup_mode: BackupMode,
    pub storage: StorageForm,
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
    /// Cluster strategies only.
    pub secondary_enabled: bool,
    pub secondary: SecondaryForm,
}

impl Default for StrategyForm {
    /// A new strategy: physical, weekly full backup on Monday at 02:00 local time of the
    /// machine, log backup on, cleanup after 7 days, OCP's sample thresholds.
    fn default() -> Self {
        let mut week = [DayKind::None; 7];
        week[0] = DayKind::Full;
        StrategyForm {
            backup_mode: BackupMode::PhysicalBackup,
            storage: StorageForm::named("backup_storage"),
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
            secondary_enabled: false,
            secondary: SecondaryForm::default(),
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

/// The calendar of a schedule; keys that are not day numbers of the mode are left out.
fn days_of(map: &BTreeMap<String, DataBackupMode>, mode: &BackupScheduleMode) -> Vec<DayKind> {
    let mut days = vec![DayKind::None; rules::schedule_days(mode) as usize];
    for (day, mode_of_day) in map {
        if rules::schedule_day_key_ok(mode, day)
            && let Ok(d) = day.parse::<usize>()
        {
            days[d - 1] = match mode_of_day {
                DataBackupMode::FullBackup => DayKind::Full,
                DataBackupMode::IncrementalBackup => DayKind::Incremental,
                DataBackupMode::Other(_) => DayKind::None,
            };
        }
    }
    days
}

/// Why a strategy file could not be read.
#[derive(Debug, PartialEq)]
pub struct ImportError(pub String);

impl StrategyForm {
    /// The form showing a strategy read from OCP (secrets arrive masked and stay masked: OCP
    /// reads a masked secret in a modify as "unchanged").
    pub fn from_strategy(s: &types::OcpBackupStrategy) -> Self {
        let mut f = StrategyForm::default();
        if let Some(mode) = &s.backup_mode {
            f.backup_mode = mode.clone();
        }
        if let Some(st) = &s.ob_backup_service_storage_config {
            f.storage = StorageForm::from_config(st);
        }
        if let Some(sc) = &s.ob_backup_schedule_config {
            f.schedule_mode = sc.backup_schedule_mode.clone();
            f.week = [DayKind::None; 7];
            f.month = [DayKind::None; 31];
            let map = &sc.day_and_data_backup_model_map;
            if f.schedule_mode == BackupScheduleMode::Month {
                f.month.copy_from_slice(&days_of(map, &f.schedule_mode));
            } else {
                f.week
                    .copy_from_slice(&days_of(map, &BackupScheduleMode::Week));
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
        if let Some(c) = &s.ob_secondary_backup_config {
            f.secondary = SecondaryForm::from_config(c);
        }
        f.secondary_enabled = s.secondary_backup_enabled == Some(true);
        f
    }

    /// Reads an exported strategy: the body of create/modify (what `export_json` writes) or a
    /// strategy as `get…BackupStrategy` returns it. The result is only a form: it is checked
    /// like typed input and sent only after the user reviews it.
    pub fn import_json(text: &str) -> Result<Self, ImportError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ImportError(e.to_string()))?;
        match serde_json::from_value::<types::BackupStrategyParam>(value.clone()) {
            Ok(p) => Ok(StrategyForm::from_strategy(&types::OcpBackupStrategy {
                backup_mode: Some(p.backup_mode),
                ob_backup_schedule_config: Some(p.ob_backup_schedule_config),
                ob_backup_service_storage_config: Some(p.ob_backup_service_storage_config),
                ob_backup_threshold_config: Some(p.ob_backup_threshold_config),
                ob_secondary_backup_config: p.ob_secondary_backup_config,
                secondary_backup_enabled: Some(p.secondary_backup_enabled),
                ..Default::default()
            })),
            Err(e) if value.get("obBackupScheduleConfig").is_none() => {
                Err(ImportError(e.to_string()))
            }
            Err(e) => serde_json::from_value::<types::OcpBackupStrategy>(value)
                .map(|s| StrategyForm::from_strategy(&s))
                .map_err(|_| ImportError(e.to_string())),
        }
    }

    /// Takes the imported form's settings; where the file carries no secret for the same
    /// key as the current form, the current (masked) secret stays, so re-importing an export
    /// into the strategy it came from changes nothing.
    pub fn imported_over(mut self, current: &StrategyForm) -> Self {
        for (new, old) in [
            (&mut self.storage, &current.storage),
            (&mut self.secondary.storage, &current.secondary.storage),
        ] {
            let (new, old) = (&mut new.location, &old.location);
            if new.access_key_secret.is_empty() && new.same_keys(old) {
                new.access_key_secret = old.access_key_secret.clone();
            }
        }
        self
    }

    /// The strategy as a JSON file: the create/modify body without anything tied to one
    /// OCP (storage and service IDs, hosts). Secrets are left empty unless asked for.
    pub fn export_json(
        &self,
        tr: &'static Tr,
        cluster: bool,
        include_secrets: bool,
    ) -> Result<String, FieldErrors> {
        let mut param = self.to_param(tr, None, cluster)?;
        if !include_secrets {
            let mut storages = vec![&mut param.ob_backup_service_storage_config];
            if let Some(s) = param.ob_secondary_backup_config.as_mut() {
                storages.push(&mut s.storage_config);
            }
            for st in storages {
                let info = &mut st.ob_backup_storage_base_info;
                let secrets = [
                    info.oss_access_key
                        .as_mut()
                        .map(|k| &mut k.access_key_secret),
                    info.cos_access_key
                        .as_mut()
                        .map(|k| &mut k.access_key_secret),
                    info.s3_access_key
                        .as_mut()
                        .map(|k| &mut k.access_key_secret),
                ];
                for secret in secrets.into_iter().flatten() {
                    secret.clear();
                }
            }
        }
        Ok(serde_json::to_string_pretty(&param).expect("a strategy serialises"))
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

    /// Checks every field (OCP's rules, as the spec states them) and builds the request body.
    /// `base` is the strategy being modified, whose unedited parts are kept; secondary backup
    /// exists for clusters only.
    pub fn to_param(
        &self,
        tr: &'static Tr,
        base: Option<&types::OcpBackupStrategy>,
        cluster: bool,
    ) -> Result<types::BackupStrategyParam, FieldErrors> {
        let mut errors = FieldErrors::new();
        if let BackupMode::Other(_) = self.backup_mode {
            errors.insert(Field::BackupMode, tr.err_unknown_choice);
        }
        self.storage.check(tr, Slot::Primary, &mut errors);
        if let BackupScheduleMode::Other(_) = self.schedule_mode {
            errors.insert(Field::ScheduleMode, tr.err_unknown_choice);
        } else if !self.days().contains(&DayKind::Full) {
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
        let sec = &self.secondary;
        let secondary_retention = if self.secondary_enabled && cluster {
            let days = (!sec.retention_days.trim().is_empty())
                .then(|| positive(Field::SecondaryRetentionDays, &sec.retention_days));
            if let LogSecondaryBackupPeriod::Other(_) = sec.log_period {
                errors.insert(Field::SecondaryPeriod, tr.err_unknown_choice);
            }
            sec.storage.check(tr, Slot::Secondary, &mut errors);
            days
        } else {
            None
        };
        if self.secondary_enabled && !cluster {
            errors.insert(Field::Secondary, tr.err_secondary_cluster_only);
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let old_schedule = base.and_then(|b| b.ob_backup_schedule_config.as_ref());
        let old_thresholds = base.and_then(|b| b.ob_backup_threshold_config.as_ref());
        let old_secondary = base.and_then(|b| b.ob_secondary_backup_config.as_ref());
        let storage = self
            .storage
            .to_config(base.and_then(|b| b.ob_backup_service_storage_config.as_ref()));
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
        // Turned off, the stored secondary settings travel unchanged so turning it on again
        // finds them.
        let secondary = if self.secondary_enabled && cluster {
            Some(types::ObSecondaryBackupConfig {
                schedule_config: types::SecondaryBackupScheduleConfig {
                    data_backup_schedule_enabled: sec.data_enabled,
                    log_backup_schedule_enabled: sec.log_enabled,
                    log_secondary_backup_period: sec.log_period.clone(),
                    backup_data_retention_days: secondary_retention,
                },
                storage_config: sec
                    .storage
                    .to_config(old_secondary.map(|s| &s.storage_config)),
            })
        } else if cluster {
            old_secondary.cloned()
        } else {
            None
        };
        Ok(types::BackupStrategyParam {
            backup_mode: self.backup_mode.clone(),
            ob_backup_object_list: Vec::new(),
            ob_backup_schedule_config: schedule,
            ob_backup_service_storage_config: storage,
            ob_backup_threshold_config: thresholds,
            secondary_backup_enabled: self.secondary_enabled && cluster,
            ob_secondary_backup_config: secondary,
        })
    }

    /// What a modify would change: one row per field, old → new, as the user reads them.
    pub fn diff(&self, old: &StrategyForm, tr: &Tr) -> Vec<DiffRow> {
        self.review_rows(old, tr, false)
    }

    /// Every field with its value, for reviewing a strategy before it is created.
    pub fn summary(&self, tr: &Tr) -> Vec<DiffRow> {
        self.review_rows(self, tr, true)
    }

    fn review_rows(&self, old: &StrategyForm, tr: &Tr, all: bool) -> Vec<DiffRow> {
        let r = &mut Rows {
            rows: Vec::new(),
            all,
        };
        let on_off = |b: bool| if b { tr.enabled } else { tr.disabled }.to_owned();
        // Choices read as the form shows them; values this app does not know, as OCP sent them.
        let mode = |m: &BackupMode| word(tr.lang, m);
        let cycle = |m: &BackupScheduleMode| word(tr.lang, m);
        let period = |p: &LogSecondaryBackupPeriod| word(tr.lang, p);
        changed(
            r,
            "",
            tr.backup_mode,
            &mode(&old.backup_mode),
            &mode(&self.backup_mode),
        );
        self.storage.diff(&old.storage, tr, "", r);
        changed(
            r,
            "",
            tr.schedule_cycle,
            &cycle(&old.schedule_mode),
            &cycle(&self.schedule_mode),
        );
        changed(
            r,
            "",
            tr.schedule_days,
            &old.days_text(tr),
            &self.days_text(tr),
        );
        changed(
            r,
            "",
            tr.time_of_day,
            &format!("{} {}", old.time.trim(), old.utc_offset.trim()),
            &format!("{} {}", self.time.trim(), self.utc_offset.trim()),
        );
        changed(
            r,
            "",
            tr.start_log_backup,
            &on_off(old.start_log_backup),
            &on_off(self.start_log_backup),
        );
        changed(
            r,
            "",
            tr.clean_enabled,
            &on_off(old.clean_enabled),
            &on_off(self.clean_enabled),
        );
        changed(
            r,
            "",
            tr.retention_days,
            &old.retention_days,
            &self.retention_days,
        );
        changed(
            r,
            "",
            tr.timeout_minutes,
            &old.timeout_minutes,
            &self.timeout_minutes,
        );
        changed(
            r,
            "",
            tr.no_success_days,
            &old.no_success_days,
            &self.no_success_days,
        );
        changed(
            r,
            "",
            tr.log_delay_seconds,
            &old.log_delay_seconds,
            &self.log_delay_seconds,
        );
        // Tenants have no secondary backup: no row while it is off on both sides.
        if self.secondary_enabled || old.secondary_enabled {
            changed(
                r,
                "",
                tr.secondary_backup,
                &on_off(old.secondary_enabled),
                &on_off(self.secondary_enabled),
            );
        }
        if self.secondary_enabled {
            let (sec, was) = (&self.secondary, &old.secondary);
            let p = &format!("{} · ", tr.secondary_backup);
            changed(
                r,
                p,
                tr.secondary_data,
                &on_off(was.data_enabled),
                &on_off(sec.data_enabled),
            );
            changed(
                r,
                p,
                tr.secondary_log,
                &on_off(was.log_enabled),
                &on_off(sec.log_enabled),
            );
            changed(
                r,
                p,
                tr.secondary_period,
                &period(&was.log_period),
                &period(&sec.log_period),
            );
            changed(
                r,
                p,
                tr.retention_days,
                &was.retention_days,
                &sec.retention_days,
            );
            sec.storage.diff(&was.storage, tr, p, r);
        }
        std::mem::take(&mut r.rows)
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
    pub label: String,
    pub old: String,
    pub new: String,
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
        let mut f = StrategyForm {
            utc_offset: "+08:00".into(),
            ..StrategyForm::default()
        };
        f.storage.location.storage_url = "/backup/crm".into();
        f
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
        let p = f.to_param(tr(), None, false).unwrap();
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
        f.storage.location.storage_type = BackupStorageType::BackupStorageCos;
        let e = f.to_param(tr(), None, false).unwrap_err();
        for field in [
            Field::Storage(Slot::Primary, StorageField::Endpoint),
            Field::Storage(Slot::Primary, StorageField::AccessKeyId),
            Field::Storage(Slot::Primary, StorageField::AccessKeySecret),
            Field::Storage(Slot::Primary, StorageField::AppId),
        ] {
            assert_eq!(e.get(&field), Some(&tr().required), "{field:?}");
        }
        assert!(!e.contains_key(&Field::Storage(Slot::Primary, StorageField::Region)));
        f.storage.location.storage_type = BackupStorageType::BackupStorageS3;
        let e = f.to_param(tr(), None, false).unwrap_err();
        assert!(
            e.contains_key(&Field::Storage(Slot::Primary, StorageField::Region))
                && !e.contains_key(&Field::Storage(Slot::Primary, StorageField::AppId))
        );
        f.storage.location.storage_type = BackupStorageType::BackupStorageFile;
        f.storage.location.storage_url.clear();
        let e = f.to_param(tr(), None, false).unwrap_err();
        assert_eq!(
            e.keys().copied().collect::<Vec<_>>(),
            vec![Field::Storage(Slot::Primary, StorageField::StorageUrl)]
        );
    }

    #[test]
    fn ranges_durations_and_a_full_day_are_checked() {
        let mut f = valid();
        f.storage.alarm_threshold = "101".into();
        f.week = [DayKind::Incremental; 7];
        f.timeout_minutes = "0".into();
        f.log_delay_seconds = "-5".into();
        f.no_success_days = "x".into();
        f.retention_days = String::new();
        f.time = "24:00".into();
        f.utc_offset = "8".into();
        f.storage.config_name = "9bad".into();
        let e = f.to_param(tr(), None, false).unwrap_err();
        assert_eq!(
            e[&Field::Storage(Slot::Primary, StorageField::AlarmThreshold)],
            tr().err_percent
        );
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
        assert!(e.contains_key(&Field::Storage(Slot::Primary, StorageField::ConfigName)));
        // Errors are in the current language.
        let zh = f.to_param(Lang::Zh.tr(), None, false).unwrap_err();
        assert_eq!(zh[&Field::Days], Lang::Zh.tr().err_need_full_day);
    }

    #[test]
    fn a_read_strategy_round_trips_and_diffs_per_field() {
        let mut f = valid();
        f.storage.location.storage_type = BackupStorageType::BackupStorageOss;
        f.storage.location.endpoint = "oss-cn-hangzhou.aliyuncs.com".into();
        f.storage.location.access_key_id = "AK".into();
        f.storage.location.access_key_secret = "******".into();
        f.schedule_mode = BackupScheduleMode::Month;
        // Only the active cycle is stored.
        f.week = [DayKind::None; 7];
        f.month[14] = DayKind::Full;
        let p = f.to_param(tr(), None, false).unwrap();
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
                label: tr().timeout_minutes.to_owned(),
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

    #[test]
    fn debug_output_hides_secrets() {
        let mut f = valid();
        f.storage.location.access_key_secret = "s3cr3t-value".into();
        f.secondary.storage.location.access_key_secret = "other-s3cr3t".into();
        let text = format!("{f:?}");
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("<redacted>"));
    }

    #[test]
    fn an_export_reimported_over_its_strategy_changes_nothing() {
        let mut f = valid();
        f.storage.location.storage_type = BackupStorageType::BackupStorageS3;
        f.storage.location.endpoint = "s3.amazonaws.com".into();
        f.storage.location.access_key_id = "AKIA".into();
        f.storage.location.access_key_secret = "******".into();
        f.storage.location.region = "us-east-1".into();
        let json = f.export_json(tr(), false, false).unwrap();
        assert!(!json.contains("******"));
        let back = StrategyForm::import_json(&json).unwrap().imported_over(&f);
        assert_eq!(back, f);
        assert!(back.diff(&f, tr()).is_empty());
        // Another key does not inherit the masked secret.
        let mut other = f.clone();
        other.storage.location.access_key_id = "AKIB".into();
        let back = StrategyForm::import_json(&json)
            .unwrap()
            .imported_over(&other);
        assert!(back.storage.location.access_key_secret.is_empty());
        assert!(StrategyForm::import_json("[1, 2]").is_err());
    }
}
