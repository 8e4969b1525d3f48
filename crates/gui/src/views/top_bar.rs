//! Title, connection, refresh, language and theme.

use crate::app::{Action, App, REFRESH};
use crate::i18n::Lang;
use crate::model::Job;
use crate::settings::Startup;

pub fn show(ui: &mut egui::Ui, app: &mut App, actions: &mut Vec<Action>) {
    let tr = app.tr();
    ui.horizontal(|ui| {
        ui.heading(tr.app_title);
        ui.separator();
        let current = match (&app.conn, app.settings.startup) {
            (Some(c), _) => c.label.clone(),
            (None, _) => tr.not_connected.to_owned(),
        };
        let label = ui.label(tr.connection);
        egui::ComboBox::from_id_salt("connection")
            .selected_text(current)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(app.is_demo(), tr.demo_connection)
                    .clicked()
                {
                    actions.push(Action::Connect(Startup::Demo));
                }
                for p in &app.settings.profiles {
                    let active = !app.is_demo() && app.settings.startup == Startup::Profile(p.id);
                    if ui.selectable_label(active, &p.name).clicked() {
                        actions.push(Action::Connect(Startup::Profile(p.id)));
                    }
                }
            })
            .response
            .labelled_by(label.id);
        if ui.button(tr.connections).clicked() {
            actions.push(Action::OpenConnections);
        }
        ui.separator();
        let busy = app
            .worker
            .any_busy(|j| !matches!(j, Job::TestConnection(_)));
        let refresh = ui
            .button(tr.refresh)
            .on_hover_text(ui.ctx().format_shortcut(&REFRESH));
        if refresh.clicked() {
            actions.push(Action::Refresh);
        }
        if busy {
            ui.spinner();
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            theme_switch(ui, app);
            ui.separator();
            for (lang, name) in [(Lang::Zh, "简体中文"), (Lang::En, "English")] {
                if ui
                    .selectable_label(app.settings.lang == lang, name)
                    .clicked()
                    && app.settings.lang != lang
                {
                    actions.push(Action::SetLang(lang));
                }
            }
            ui.label(tr.language);
        });
    });
}

fn theme_switch(ui: &mut egui::Ui, app: &App) {
    let tr = app.tr();
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
