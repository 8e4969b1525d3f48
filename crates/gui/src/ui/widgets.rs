//! Small shared pieces: labelled fields, badges, field help from the spec.

use egui::{Color32, RichText};

use crate::i18n::Lang;
use crate::ui::format::{Format, Worded, word_tip};

/// A single-line text field whose accessible name is its label.
pub fn text_field(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    error: Option<&str>,
) -> egui::Response {
    let response = ui
        .horizontal(|ui| {
            let l = ui.label(label);
            // A stable id: error lines above come and go, and auto ids would shift with them.
            let field = egui::TextEdit::singleline(value).id(egui::Id::unique(("field", label)));
            ui.add(field.desired_width(260.0)).labelled_by(l.id)
        })
        .inner;
    if let Some(error) = error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    response
}

/// A masked field with a reveal toggle; the accessible name is the label.
pub fn secret_field(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    show: &mut bool,
    show_label: &str,
) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(
            egui::TextEdit::singleline(value)
                .id(egui::Id::unique(("secret", label)))
                .password(!*show)
                .desired_width(220.0),
        )
        .labelled_by(l.id);
        ui.checkbox(show, show_label);
    });
}

/// A row of the overview: label, value, and the spec's description of the field on hover.
/// Returns the value's label (for a tooltip with the exact value).
pub fn kv(
    ui: &mut egui::Ui,
    lang: Lang,
    label: &str,
    value: impl Into<String>,
    help: Option<(&str, &str)>,
) -> egui::Response {
    let l = ui.label(RichText::new(label).strong());
    if let Some((schema, property)) = help
        && let Some(text) = ocp_api::docs::property(schema, property)
    {
        l.on_hover_text(lang.pick(text));
    }
    let value = ui.label(value.into());
    ui.end_row();
    value
}

/// A row of a two-column summary grid: the name in bold, then the value.
pub fn summary_row(ui: &mut egui::Ui, name: &str, value: String) {
    ui.label(RichText::new(name).strong());
    ui.label(value);
    ui.end_row();
}

/// A coloured status in words; the enum name and the value as sent on hover.
pub fn status_badge<E: Worded>(ui: &mut egui::Ui, fmt: &Format, status: &E) -> egui::Response {
    let color = status_color(status.wire());
    ui.label(RichText::new(fmt.word(status)).color(color).strong())
        .on_hover_text(word_tip(status))
}

pub fn status_color(status: &str) -> Color32 {
    match status {
        "DONE" | "SUCCESSFUL" | "RESTORE_SUCCESS" | "RUNNING" | "NORMAL" | "scheduled" => {
            Color32::from_rgb(40, 160, 80)
        }
        "FAILED" | "RESTORE_FAIL" | "ABNORMAL" | "INTERRUPTED" => Color32::from_rgb(210, 60, 60),
        "PAUSED" | "NONE" | "STOPPED" | "CANCELED" => Color32::from_rgb(200, 140, 30),
        _ => Color32::from_rgb(60, 130, 210),
    }
}
