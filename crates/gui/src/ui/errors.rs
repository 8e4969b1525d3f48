//! How errors look: OCP's code, message and traceId, copyable; or what failed on the way.

use crate::app::Action;
use crate::error::{ErrorKind, UiError};
use crate::i18n::Tr;

/// A sentence for the kind of failure, in the current language.
pub fn explain(tr: &Tr, e: &UiError) -> &'static str {
    match e.kind {
        ErrorKind::Ocp => tr.err_ocp,
        ErrorKind::Unauthorized => tr.err_unauthorized,
        ErrorKind::Forbidden => tr.err_forbidden,
        ErrorKind::Dns => tr.err_dns,
        ErrorKind::Tls => tr.err_tls,
        ErrorKind::Connect => tr.err_connect,
        ErrorKind::Timeout => tr.err_timeout,
        ErrorKind::Protocol => tr.err_protocol,
        ErrorKind::Invalid => tr.err_invalid,
    }
}

/// The error in full, inside a form or dialog.
pub fn inline(ui: &mut egui::Ui, tr: &Tr, e: &UiError) {
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.0, ui.visuals().error_fg_color))
        .show(ui, |ui| {
            ui.colored_label(ui.visuals().error_fg_color, explain(tr, e));
            details(ui, tr, e);
        });
}

fn details(ui: &mut egui::Ui, tr: &Tr, e: &UiError) {
    egui::Grid::new(("error", e.trace_id.clone(), e.code.clone()))
        .num_columns(3)
        .show(ui, |ui| {
            if let Some(code) = &e.code {
                ui.label(tr.error_code);
                ui.monospace(code);
                if ui.small_button(tr.copy).clicked() {
                    ui.ctx().copy_text(code.clone());
                }
                ui.end_row();
            }
            ui.label(tr.error);
            ui.add(egui::Label::new(&e.message).wrap());
            if ui.small_button(tr.copy).clicked() {
                ui.ctx().copy_text(e.summary());
            }
            ui.end_row();
            if let Some(trace) = &e.trace_id {
                ui.label(tr.trace_id);
                ui.monospace(trace);
                if ui.small_button(tr.copy).clicked() {
                    ui.ctx().copy_text(trace.clone());
                }
                ui.end_row();
            }
            if let Some(status) = e.status {
                ui.label("HTTP");
                ui.monospace(status.to_string());
                ui.end_row();
            }
        });
}

/// The bottom panel with the last error, until dismissed.
#[must_use]
pub fn panel(ui: &mut egui::Ui, tr: &Tr, e: &UiError) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("{}: {}", tr.errors, explain(tr, e)),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(tr.dismiss).clicked() {
                actions.push(Action::DismissError);
            }
        });
    });
    details(ui, tr, e);
    actions
}
