//! "Back up now": full or incremental, with the ability check. One click sends one request:
//! the button is disabled while it is in flight and nothing is retried.

use ocp_api::enums::DataBackupMode;

use super::{Action, State};
use crate::app;
use crate::model::Job;
use crate::ui::Shared;
use crate::ui::errors;

/// The dialog edits only its choice of mode; starting and closing are actions.
#[must_use]
pub fn dialog(ctx: &egui::Context, s: Shared<'_>, state: &mut State) -> Vec<app::Action> {
    let mut actions = Vec::new();
    let Some(dialog) = &mut state.backup_now else {
        return actions;
    };
    let tr = s.tr;
    let target = dialog.target;
    let in_flight = s.worker.is_busy(&Job::BackupNow(target));
    let strategy = s.data.strategy(target);
    let has_strategy = matches!(strategy, Some(Some(_)));
    let support = s
        .data
        .abilities
        .get(&target.cluster())
        .and_then(|l| l.value.as_ref())
        .and_then(|a| a.ob_data_backup_support_ability.clone());
    // Incremental needs OCP's ability and, for this very target, a successful full backup.
    let full_exists = s.data.full_backup.get(&target).copied();
    let incremental_ok = support
        .as_ref()
        .is_none_or(|s| s.can_do_incremental_backup != Some(false))
        && full_exists == Some(true);
    let hint = support.as_ref().and_then(|s| s.hint.clone());

    let modal = egui::Modal::new(egui::Id::unique("backup_now")).show(ctx, |ui| {
        ui.set_width(460.0);
        ui.heading(tr.backup_now_title);
        ui.label(tr.backup_now_explain);
        ui.add_space(8.0);
        let label = ui.label(tr.backup_type);
        let mut mode = dialog.mode.clone();
        ui.horizontal(|ui| {
            ui.radio_value(&mut mode, DataBackupMode::FullBackup, tr.full_backup)
                .labelled_by(label.id);
            let inc = ui.add_enabled(
                incremental_ok,
                egui::RadioButton::new(
                    mode == DataBackupMode::IncrementalBackup,
                    tr.incremental_backup,
                ),
            );
            if inc.clicked() {
                mode = DataBackupMode::IncrementalBackup;
            }
            if !incremental_ok {
                inc.on_disabled_hover_text(hint.clone().unwrap_or_default());
            }
        });
        if !incremental_ok {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "{}: {}",
                    tr.incremental_needs_full,
                    hint.unwrap_or_default()
                ),
            );
        }
        if let Some(Some(s)) = strategy
            && let Some(st) = &s.ob_backup_service_storage_config
        {
            let base = &st.ob_backup_storage_base_info;
            ui.label(format!(
                "{}: {} {}",
                tr.storage, base.backup_storage_type, base.storage_url
            ));
        }
        if strategy.is_some() && !has_strategy {
            ui.colored_label(ui.visuals().warn_fg_color, tr.needs_strategy);
        }
        if let Some(e) = &dialog.error {
            errors::inline(ui, tr, e);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let can_send = has_strategy && !in_flight;
            if ui
                .add_enabled(can_send, egui::Button::new(tr.start_backup))
                .clicked()
            {
                actions.push(Action::SubmitBackupNow.into());
            }
            if in_flight {
                ui.spinner();
                ui.label(tr.in_flight);
            }
            if ui
                .add_enabled(!in_flight, egui::Button::new(tr.cancel))
                .clicked()
            {
                actions.push(Action::CloseBackupNow.into());
            }
        });
        mode
    });
    if modal.should_close() {
        actions.push(Action::CloseBackupNow.into());
    }
    dialog.mode = modal.inner;
    actions
}
