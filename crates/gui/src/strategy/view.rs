//! The backup strategy editor of the selected cluster or tenant: the server's strategy loaded
//! into a form, checked before sending; modify shows old → new first; delete, pause and resume
//! ask and say what stops. Writes go one at a time, buttons disabled while in flight.

use egui::{Color32, RichText};
use ocp_api::enums::{BackupMode, BackupScheduleMode, BackupStorageType, LogSecondaryBackupPeriod};

use super::form::{DayKind, Field, FieldErrors, SecondaryForm, Slot, StorageForm};
use super::versions::StrategyFields;
use super::{Action, State, StrategyConfirm, StrategyEditor};
use crate::app;
use crate::i18n::{Lang, Tr};
use crate::model::{Job, Target};
use crate::storage_form::{STORAGE_TYPES, StorageField, storage_type_name};
use crate::ui::Shared;
use crate::ui::errors;

const FULL_FILL: Color32 = Color32::from_rgb(40, 140, 70);
const INCREMENTAL_FILL: Color32 = Color32::from_rgb(50, 110, 190);

/// The editor edits its own form; checks, confirmations and writes are actions.
#[must_use]
pub fn show(
    ui: &mut egui::Ui,
    s: Shared<'_>,
    state: &mut State,
    target: Target,
) -> Vec<app::Action> {
    let (tr, lang) = (s.tr, s.fmt.lang);
    let mut actions = Vec::new();
    let in_flight = s.worker.is_busy(&Job::StrategyWrite(target));
    let name = s.data.target_name(target);
    if let Some(v) = super::tenant_strategy_missing(s.conn, target) {
        ui.label(tr.versions.no_tenant_strategy(v));
        if ui.link(tr.versions.open_cluster_strategy).clicked() {
            actions.push(app::Action::Select(Target::Cluster(target.cluster())));
            actions.push(app::Action::SetTab(crate::state::Tab::Strategy));
        }
        return actions;
    }
    let no_pause = super::schedule_ops(target)
        .into_iter()
        .find_map(|op| s.lacks(op))
        .map(|v| tr.versions.no_schedule_pause(v));
    let Some(ed) = state.editor.as_mut().filter(|e| e.target == target) else {
        if let Some(e) = s
            .data
            .strategies
            .get(&target)
            .and_then(|l| l.error.as_ref())
        {
            errors::inline(ui, tr, e);
        } else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(tr.loading);
            });
        }
        return actions;
    };

    egui::ScrollArea::vertical().show(ui, |ui| {
        match ed.schedule_enabled() {
            None => {
                ui.colored_label(ui.visuals().warn_fg_color, tr.no_strategy_yet);
            }
            Some(enabled) => {
                ui.horizontal(|ui| {
                    ui.label(RichText::new(tr.schedule_status).strong());
                    let (word, status) = if enabled {
                        (tr.enabled, "scheduled")
                    } else {
                        (tr.badge_paused, "PAUSED")
                    };
                    ui.colored_label(crate::ui::widgets::status_color(status), word);
                });
            }
        }
        ui.add_space(6.0);
        let fields = StrategyFields(s.conn.and_then(|c| c.version.as_ref()));
        if let Some(v) = fields.0.filter(|_| fields.hides_any()) {
            ui.weak(tr.versions.strategy_fields_hidden(v));
        }
        form(ui, tr, lang, ed, target, fields);
        ui.add_space(8.0);
        buttons(ui, tr, ed, in_flight, no_pause.as_deref(), &mut actions);
        if let Some(note) = &ed.note {
            ui.label(note);
        }
        if let Some(e) = &ed.error {
            errors::inline(ui, tr, e);
        }
    });
    confirm_modal(ui.ctx(), tr, ed, &name, in_flight, &mut actions);
    actions
}

/// A labelled text field with a stable id, its error below it and the spec's help on hover.
fn field(
    ui: &mut egui::Ui,
    lang: Lang,
    label: &str,
    value: &mut String,
    errors: &FieldErrors,
    field: Field,
    help: (&str, &str),
) {
    ui.horizontal(|ui| {
        let l = ui.add_sized([240.0, 18.0], egui::Label::new(label));
        if let Some(text) = ocp_api::docs::property(help.0, help.1) {
            l.clone().on_hover_text(lang.pick(text));
        }
        ui.add(
            egui::TextEdit::singleline(value)
                .id(egui::Id::unique(("strategy_field", field)))
                .desired_width(260.0),
        )
        .labelled_by(l.id);
    });
    error_line(ui, errors, field);
}

fn error_line(ui: &mut egui::Ui, errors: &FieldErrors, field: Field) {
    if let Some(e) = errors.get(&field) {
        ui.horizontal(|ui| {
            ui.add_space(244.0);
            ui.colored_label(ui.visuals().error_fg_color, *e);
        });
    }
}

fn form(
    ui: &mut egui::Ui,
    tr: &Tr,
    lang: Lang,
    ed: &mut StrategyEditor,
    target: Target,
    fields: StrategyFields<'_>,
) {
    let errs = ed.errors.clone();
    let show_secret = &mut ed.show_secret;
    let f = &mut ed.form;

    ui.heading(tr.backup_mode);
    ui.horizontal(|ui| {
        ui.radio_value(
            &mut f.backup_mode,
            BackupMode::PhysicalBackup,
            tr.physical_backup,
        );
        ui.radio_value(
            &mut f.backup_mode,
            BackupMode::LogicalBackup,
            tr.logical_backup,
        );
    });
    error_line(ui, &errs, Field::BackupMode);

    ui.add_space(6.0);
    ui.heading(tr.storage);
    storage(
        ui,
        tr,
        lang,
        &mut f.storage,
        Slot::Primary,
        &errs,
        show_secret,
    );

    ui.add_space(6.0);
    ui.heading(tr.schedule);
    ui.horizontal(|ui| {
        ui.add_sized([240.0, 18.0], egui::Label::new(tr.schedule_cycle));
        ui.radio_value(&mut f.schedule_mode, BackupScheduleMode::Week, tr.weekly);
        ui.radio_value(&mut f.schedule_mode, BackupScheduleMode::Month, tr.monthly);
    });
    error_line(ui, &errs, Field::ScheduleMode);
    ui.label(RichText::new(tr.calendar_hint).weak());
    calendar(
        ui,
        tr,
        f.schedule_mode == BackupScheduleMode::Month,
        f.days_mut(),
    );
    if let Some(e) = errs.get(&Field::Days) {
        ui.colored_label(ui.visuals().error_fg_color, *e);
    }
    field(
        ui,
        lang,
        tr.time_of_day,
        &mut f.time,
        &errs,
        Field::Time,
        ("ObBackupScheduleConfig", "backupScheduleTime"),
    );
    field(
        ui,
        lang,
        tr.utc_offset,
        &mut f.utc_offset,
        &errs,
        Field::UtcOffset,
        ("ObBackupScheduleConfig", "backupScheduleTime"),
    );
    ui.checkbox(&mut f.start_log_backup, tr.start_log_backup);
    if fields.has("ObBackupScheduleConfig", "cleanEnabled") {
        ui.checkbox(&mut f.clean_enabled, tr.clean_enabled);
    }
    if fields.has("ObBackupScheduleConfig", "backupDataRetentionDays") {
        field(
            ui,
            lang,
            tr.retention_days,
            &mut f.retention_days,
            &errs,
            Field::RetentionDays,
            ("ObBackupScheduleConfig", "backupDataRetentionDays"),
        );
    }

    ui.add_space(6.0);
    ui.heading(tr.thresholds);
    field(
        ui,
        lang,
        tr.timeout_minutes,
        &mut f.timeout_minutes,
        &errs,
        Field::TimeoutMinutes,
        ("ObBackupThresholdConfig", "dataBackupTimeoutMinutes"),
    );
    field(
        ui,
        lang,
        tr.no_success_days,
        &mut f.no_success_days,
        &errs,
        Field::NoSuccessDays,
        ("ObBackupThresholdConfig", "noSuccessfulDataBackupAlarmDays"),
    );
    field(
        ui,
        lang,
        tr.log_delay_seconds,
        &mut f.log_delay_seconds,
        &errs,
        Field::LogDelaySeconds,
        ("ObBackupThresholdConfig", "logBackupDelaySeconds"),
    );

    // Secondary backup is a cluster setting; a tenant form only shows it when an imported
    // file turned it on, so the error has somewhere to stand.
    let secondary_shown = fields.has("BackupStrategyParam", "obSecondaryBackupConfig");
    if secondary_shown && (matches!(target, Target::Cluster(_)) || f.secondary_enabled) {
        ui.add_space(6.0);
        ui.heading(tr.secondary_backup);
        let l = ui.checkbox(&mut f.secondary_enabled, tr.secondary_enable);
        if let Some(text) = ocp_api::docs::property("BackupStrategyParam", "secondaryBackupEnabled")
        {
            l.on_hover_text(lang.pick(text));
        }
        error_line(ui, &errs, Field::Secondary);
    }
    if secondary_shown && matches!(target, Target::Cluster(_)) && f.secondary_enabled {
        secondary(ui, tr, lang, &mut f.secondary, &errs, show_secret, fields);
    }
}

fn secondary(
    ui: &mut egui::Ui,
    tr: &Tr,
    lang: Lang,
    sec: &mut SecondaryForm,
    errs: &FieldErrors,
    show_secret: &mut bool,
    fields: StrategyFields<'_>,
) {
    ui.checkbox(&mut sec.data_enabled, tr.secondary_data);
    ui.checkbox(&mut sec.log_enabled, tr.secondary_log);
    ui.horizontal(|ui| {
        ui.add_sized([240.0, 18.0], egui::Label::new(tr.secondary_period));
        ui.radio_value(
            &mut sec.log_period,
            LogSecondaryBackupPeriod::OnceADay,
            tr.once_a_day,
        );
        ui.radio_value(
            &mut sec.log_period,
            LogSecondaryBackupPeriod::OnceAnHour,
            tr.once_an_hour,
        );
    });
    error_line(ui, errs, Field::SecondaryPeriod);
    if fields.has("SecondaryBackupScheduleConfig", "backupDataRetentionDays") {
        field(
            ui,
            lang,
            tr.retention_days,
            &mut sec.retention_days,
            errs,
            Field::SecondaryRetentionDays,
            ("SecondaryBackupScheduleConfig", "backupDataRetentionDays"),
        );
    }
    ui.label(RichText::new(tr.secondary_storage).strong());
    storage(
        ui,
        tr,
        lang,
        &mut sec.storage,
        Slot::Secondary,
        errs,
        show_secret,
    );
}

/// A storage configuration: its fields follow the storage type.
fn storage(
    ui: &mut egui::Ui,
    tr: &Tr,
    lang: Lang,
    st: &mut StorageForm,
    slot: Slot,
    errs: &FieldErrors,
    show_secret: &mut bool,
) {
    let id = |field| Field::Storage(slot, field);
    field(
        ui,
        lang,
        tr.config_name,
        &mut st.config_name,
        errs,
        id(StorageField::ConfigName),
        ("ObBackupServiceStorageConfig", "configName"),
    );
    ui.horizontal(|ui| {
        ui.add_sized([240.0, 18.0], egui::Label::new(tr.storage_type));
        for kind in STORAGE_TYPES {
            let label = storage_type_name(tr, &kind);
            ui.radio_value(&mut st.location.storage_type, kind, label);
        }
    });
    error_line(ui, errs, id(StorageField::StorageType));
    field(
        ui,
        lang,
        tr.storage_url,
        &mut st.location.storage_url,
        errs,
        id(StorageField::StorageUrl),
        ("ObBackupStorageBaseInfo", "storageUrl"),
    );
    if st.location.needs_keys() {
        let schema = match st.location.storage_type {
            BackupStorageType::BackupStorageCos => "CosAccessKey",
            BackupStorageType::BackupStorageS3 => "S3AccessKey",
            _ => "OssAccessKey",
        };
        field(
            ui,
            lang,
            tr.endpoint,
            &mut st.location.endpoint,
            errs,
            id(StorageField::Endpoint),
            (schema, "endpoint"),
        );
        field(
            ui,
            lang,
            tr.access_key_id,
            &mut st.location.access_key_id,
            errs,
            id(StorageField::AccessKeyId),
            (schema, "accessKeyId"),
        );
        ui.horizontal(|ui| {
            let l = ui.add_sized([240.0, 18.0], egui::Label::new(tr.access_key_secret));
            ui.add(
                egui::TextEdit::singleline(&mut st.location.access_key_secret)
                    .id(egui::Id::unique((
                        "strategy_field",
                        id(StorageField::AccessKeySecret),
                    )))
                    .password(!*show_secret)
                    .desired_width(260.0),
            )
            .labelled_by(l.id);
            ui.checkbox(show_secret, tr.show_secret);
        });
        error_line(ui, errs, id(StorageField::AccessKeySecret));
        if st.location.storage_type == BackupStorageType::BackupStorageCos {
            field(
                ui,
                lang,
                tr.app_id,
                &mut st.location.app_id,
                errs,
                id(StorageField::AppId),
                (schema, "appId"),
            );
        }
        if st.location.storage_type == BackupStorageType::BackupStorageS3 {
            field(
                ui,
                lang,
                tr.region,
                &mut st.location.region,
                errs,
                id(StorageField::Region),
                (schema, "region"),
            );
        }
    }
    field(
        ui,
        lang,
        tr.alarm_threshold,
        &mut st.alarm_threshold,
        errs,
        id(StorageField::AlarmThreshold),
        (
            "ObBackupServiceStorageConfig",
            "alarmStoragePercentageThreshold",
        ),
    );
}

/// Days as buttons; a click cycles none → full → incremental. Each button's name says its
/// day and state (e.g. "Mon: Full"), for screen readers as for tests.
fn calendar(ui: &mut egui::Ui, tr: &Tr, month: bool, days: &mut [DayKind]) {
    egui::Grid::new("strategy_calendar")
        .spacing([4.0, 4.0])
        .show(ui, |ui| {
            for (i, day) in days.iter_mut().enumerate() {
                let name = if month {
                    (i + 1).to_string()
                } else {
                    tr.weekdays[i].to_owned()
                };
                let text = format!("{name}: {}", day.label(tr));
                let (fill, color) = match day {
                    DayKind::None => (ui.visuals().widgets.inactive.weak_bg_fill, None),
                    DayKind::Full => (FULL_FILL, Some(Color32::WHITE)),
                    DayKind::Incremental => (INCREMENTAL_FILL, Some(Color32::WHITE)),
                };
                let mut rich = RichText::new(text);
                if let Some(c) = color {
                    rich = rich.color(c);
                }
                if ui
                    .add(
                        egui::Button::new(rich)
                            .fill(fill)
                            .min_size(egui::vec2(120.0, 26.0)),
                    )
                    .clicked()
                {
                    *day = day.next();
                }
                if (i + 1) % 7 == 0 {
                    ui.end_row();
                }
            }
        });
}

fn buttons(
    ui: &mut egui::Ui,
    tr: &Tr,
    ed: &mut StrategyEditor,
    in_flight: bool,
    no_pause: Option<&str>,
    actions: &mut Vec<app::Action>,
) {
    let idle = !in_flight && ed.confirm.is_none();
    ui.horizontal(|ui| {
        let submit = if ed.base.is_none() {
            tr.create_strategy
        } else {
            tr.review_changes
        };
        if ui.add_enabled(idle, egui::Button::new(submit)).clicked() {
            actions.push(Action::Submit.into());
        }
        if ui
            .add_enabled(
                idle && ed.form != ed.original,
                egui::Button::new(tr.discard_edits),
            )
            .clicked()
        {
            actions.push(Action::Discard.into());
        }
        let schedule = match ed.schedule_enabled() {
            Some(true) => Some((tr.pause_schedule, StrategyConfirm::Pause)),
            Some(false) => Some((tr.resume_schedule, StrategyConfirm::Resume)),
            None => None,
        };
        if let Some((label, confirm)) = schedule {
            let button = ui.add_enabled(idle && no_pause.is_none(), egui::Button::new(label));
            if let Some(reason) = no_pause {
                button.on_disabled_hover_text(reason);
            } else if button.clicked() {
                actions.push(Action::Ask(confirm).into());
            }
        }
        if ed.base.is_some()
            && ui
                .add_enabled(idle, egui::Button::new(tr.delete_strategy))
                .clicked()
        {
            actions.push(Action::Ask(StrategyConfirm::Delete).into());
        }
        if in_flight {
            ui.spinner();
            ui.label(tr.in_flight);
        }
    });
    if let Some(reason) = no_pause.filter(|_| ed.schedule_enabled().is_some()) {
        ui.weak(reason);
    }
    ui.horizontal(|ui| {
        if ui
            .add_enabled(idle, egui::Button::new(tr.import_json))
            .clicked()
        {
            actions.push(Action::Import.into());
        }
        if ui
            .add_enabled(idle, egui::Button::new(tr.export_json))
            .clicked()
        {
            actions.push(Action::Export.into());
        }
        ui.checkbox(&mut ed.include_secrets, tr.include_secrets)
            .on_hover_text(tr.include_secrets_hint);
        if ed.include_secrets {
            ui.weak(tr.secrets_file_private);
        }
    });
}

fn confirm_modal(
    ctx: &egui::Context,
    tr: &Tr,
    ed: &StrategyEditor,
    name: &str,
    in_flight: bool,
    actions: &mut Vec<app::Action>,
) {
    let Some(confirm) = &ed.confirm else { return };
    let modal = egui::Modal::new(egui::Id::unique("strategy_confirm")).show(ctx, |ui| {
        ui.set_width(520.0);
        let ok = match confirm {
            StrategyConfirm::Create { rows, .. } => {
                ui.heading(tr.review_create_title);
                egui::ScrollArea::vertical()
                    .min_scrolled_height(420.0)
                    .max_height(420.0)
                    .show(ui, |ui| {
                        egui::Grid::new("strategy_summary")
                            .striped(true)
                            .num_columns(2)
                            .show(ui, |ui| {
                                for row in rows {
                                    ui.label(&row.label);
                                    ui.label(RichText::new(&row.new).strong());
                                    ui.end_row();
                                }
                            });
                    });
                tr.send_create
            }
            StrategyConfirm::Modify { rows, .. } => {
                ui.heading(tr.review_title);
                egui::Grid::new("strategy_diff")
                    .striped(true)
                    .num_columns(4)
                    .show(ui, |ui| {
                        ui.label(RichText::new(tr.field).strong());
                        ui.label(RichText::new(tr.old_value).strong());
                        ui.label("");
                        ui.label(RichText::new(tr.new_value).strong());
                        ui.end_row();
                        for row in rows {
                            ui.label(&row.label);
                            ui.label(&row.old);
                            ui.label("→");
                            ui.label(RichText::new(&row.new).strong());
                            ui.end_row();
                        }
                    });
                tr.send_changes
            }
            StrategyConfirm::Delete => {
                ui.heading(tr.confirm_delete_title);
                ui.label(tr.delete_stops(name));
                tr.confirm_delete
            }
            StrategyConfirm::Pause => {
                ui.heading(tr.confirm_pause_title);
                ui.label(tr.pause_stops(name));
                tr.confirm_pause
            }
            StrategyConfirm::Resume => {
                ui.heading(tr.confirm_resume_title);
                ui.label(tr.resume_explain(name));
                tr.confirm_resume
            }
        };
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.add_enabled(!in_flight, egui::Button::new(ok)).clicked() {
                actions.push(Action::Confirmed.into());
            }
            if ui.button(tr.cancel).clicked() {
                actions.push(Action::CancelConfirm.into());
            }
        });
    });
    if modal.should_close() {
        actions.push(Action::CancelConfirm.into());
    }
}
