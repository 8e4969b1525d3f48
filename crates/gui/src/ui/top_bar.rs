//! Title, connection, refresh, language and theme.

use super::Shared;
use crate::app::{Action, REFRESH};
use crate::connections;
use crate::i18n::{Lang, Tr};
use crate::model::Job;
use crate::settings::Startup;
use crate::ui::format::TimeZone;

/// The older OCP the demo menu can start the embedded simulator as.
pub const OLDER_DEMO: ocp_sim::Version = ocp_sim::Version::new(4, 2, 2);

#[must_use]
pub fn show(ui: &mut egui::Ui, s: Shared<'_>, home_shown: bool) -> Vec<Action> {
    let tr = s.tr;
    let mut actions = Vec::new();
    let mut settings_below = false;
    ui.horizontal(|ui| {
        ui.heading(tr.app_title);
        ui.separator();
        let current = match s.conn {
            Some(c) => c.label.clone(),
            None => tr.not_connected.to_owned(),
        };
        let label = ui.label(tr.connection);
        egui::ComboBox::from_id_salt("connection")
            .selected_text(current)
            .show_ui(ui, |ui| {
                let older = s.is_demo() && s.demo_version == Some(OLDER_DEMO);
                if ui
                    .selectable_label(s.is_demo() && !older, tr.demo_connection)
                    .clicked()
                {
                    actions.push(connections::Action::Connect(Startup::Demo).into());
                }
                let older_text = tr.versions.demo_as(&OLDER_DEMO.to_string());
                if ui.selectable_label(older, older_text).clicked() {
                    actions.push(connections::Action::ConnectDemoAs(OLDER_DEMO).into());
                }
                for p in &s.settings.profiles {
                    let active = !s.is_demo() && s.settings.startup == Startup::Profile(p.id);
                    if ui.selectable_label(active, &p.name).clicked() {
                        actions.push(connections::Action::Connect(Startup::Profile(p.id)).into());
                    }
                }
            })
            .response
            .labelled_by(label.id);
        if ui.button(tr.connections).clicked() {
            actions.push(connections::Action::Open.into());
        }
        if let Some(conn) = s.conn {
            ocp_version(ui, tr, conn.version.as_ref());
        }
        ui.separator();
        if ui
            .selectable_label(home_shown, tr.health.top_button)
            .clicked()
        {
            actions.push(crate::health::Action::Show.into());
        }
        ui.separator();
        let busy = s
            .worker
            .any_busy(|j| !matches!(j, Job::TestConnection(_)) && !j.is_dialog());
        let refresh = ui
            .button(tr.refresh)
            .on_hover_text(ui.ctx().format_shortcut(&REFRESH));
        if refresh.clicked() {
            actions.push(Action::Refresh);
        }
        if busy {
            ui.spinner();
        }
        // The settings sit at the right end of the bar; when the bar is too narrow for them
        // (a wide language, a long connection name) they take a row of their own instead of
        // drawing over the buttons.
        if ui.available_width() >= SETTINGS_WIDTH {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                actions.extend(settings(ui, s));
            });
        } else {
            settings_below = true;
        }
    });
    if settings_below {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            actions.extend(settings(ui, s));
        });
    }
    actions
}

/// Room the settings group (display zone, language, theme) needs at the bar's right end.
const SETTINGS_WIDTH: f32 = 640.0;

/// Display zone, language and theme, laid out right to left.
#[must_use]
fn settings(ui: &mut egui::Ui, s: Shared<'_>) -> Vec<Action> {
    let tr = s.tr;
    let mut actions = Vec::new();
    theme_switch(ui, tr);
    ui.separator();
    for (lang, name) in [(Lang::Zh, "简体中文"), (Lang::En, "English")] {
        if ui.selectable_label(s.settings.lang == lang, name).clicked() && s.settings.lang != lang {
            actions.push(Action::SetLang(lang));
        }
    }
    ui.label(tr.language);
    ui.separator();
    // A drop-down: the bar has no room for three more buttons at 1280 px. Right to
    // left: the box, then its label.
    let mut zone = s.settings.time_zone;
    let combo = egui::ComboBox::from_id_salt("time_zone")
        .selected_text(tr.time_zone_name(zone))
        .show_ui(ui, |ui| {
            for z in TimeZone::ALL {
                ui.selectable_value(&mut zone, z, tr.time_zone_name(z));
            }
        })
        .response;
    let label = ui.label(tr.time_zone);
    combo.labelled_by(label.id);
    if zone != s.settings.time_zone {
        actions.push(Action::SetTimeZone(zone));
    }
    actions
}

/// `OCP 4.2.2`; a version that is not a version number shows as sent, and says so on hover.
fn ocp_version(ui: &mut egui::Ui, tr: &Tr, version: Option<&ocp_api::OcpVersion>) {
    match version {
        Some(v) if v.is_recognised() => {
            ui.label(tr.versions.top_bar(v));
        }
        Some(v) => {
            ui.label(tr.versions.top_bar(v))
                .on_hover_text(tr.versions.unrecognised(v.raw()));
        }
        None => {
            ui.weak(tr.versions.unread);
        }
    }
}

/// The theme is egui's own setting (it persists it), not the app's.
fn theme_switch(ui: &mut egui::Ui, tr: &Tr) {
    let current = ui.ctx().options(|o| o.theme_preference);
    for (pref, name) in [
        (egui::ThemePreference::Dark, tr.theme_dark),
        (egui::ThemePreference::Light, tr.theme_light),
        (egui::ThemePreference::System, tr.theme_system),
    ] {
        if ui.selectable_label(current == pref, name).clicked() {
            ui.ctx().set_theme(pref);
        }
    }
    ui.label(tr.theme);
}
