//! The views. Each reads the app's state, edits only form state, and returns what it wants
//! done as [`Action`]s; none talks HTTP.

pub mod backup_now;
pub mod connections;
pub mod errors;
pub mod navigator;
pub mod overview;
pub mod restore;
pub mod strategy;
pub mod task_instance;
pub mod tasks;
pub mod timeline;
pub mod top_bar;
pub mod widgets;

use crate::app::{Action, App};
use crate::model::{TableId, TaskKind};
use crate::state::Tab;

pub fn show(ui: &mut egui::Ui, app: &mut App, actions: &mut Vec<Action>) {
    egui::Panel::top("top_bar").show(ui, |ui| top_bar::show(ui, app, actions));
    if app.conn.as_ref().is_some_and(|c| c.clear_text_warning) {
        egui::Panel::top("clear_text_warning").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(ui.visuals().warn_fg_color, app.tr().plain_http_warning);
                if ui.small_button(app.tr().close).clicked() {
                    actions.push(Action::DismissClearTextWarning);
                }
            });
        });
    }
    if app.view.error_panel.is_some() {
        egui::Panel::bottom("errors").show(ui, |ui| errors::panel(ui, app, actions));
    }
    egui::Panel::left("navigator")
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| {
            navigator::show(ui, app, actions);
        });
    egui::CentralPanel::default().show(ui, |ui| central(ui, app, actions));
    backup_now::dialog(ui.ctx(), app, actions);
    restore::wizard(ui.ctx(), app, actions);
    connections::window(ui.ctx(), app, actions);
    connections::secret_prompt(ui.ctx(), app, actions);
}

fn central(ui: &mut egui::Ui, app: &mut App, actions: &mut Vec<Action>) {
    let tr = app.tr();
    if let Some(target) = app.view.selected {
        overview::header(ui, app, target, actions);
    }
    ui.horizontal(|ui| {
        let tabs = [
            (Tab::Overview, tr.tab_overview),
            (Tab::Tasks(TaskKind::Data), tr.tab_data_tasks),
            (Tab::Tasks(TaskKind::Log), tr.tab_log_tasks),
            (Tab::Tasks(TaskKind::Restore), tr.tab_restore_tasks),
            (Tab::TaskInstances, tr.tab_task_instance),
            (Tab::Strategy, tr.tab_strategy),
            (Tab::Timeline, tr.tab_timeline),
        ];
        for (i, (tab, label)) in tabs.into_iter().enumerate() {
            let shortcut = egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, NUMBER_KEYS[i]);
            if ui.input_mut(|inp| inp.consume_shortcut(&shortcut)) && app.view.tab != tab {
                actions.push(Action::SetTab(tab));
            }
            let text = format!("{label}  ({})", ui.ctx().format_shortcut(&shortcut));
            if ui
                .selectable_label(app.view.tab == tab, label)
                .on_hover_text(text)
                .clicked()
                && app.view.tab != tab
            {
                actions.push(Action::SetTab(tab));
            }
        }
    });
    ui.separator();
    match (app.view.tab, app.view.selected) {
        (Tab::TaskInstances, _) => task_instance::show(ui, app, actions),
        (_, None) => {
            ui.label(tr.select_something);
        }
        (Tab::Overview, Some(target)) => overview::show(ui, app, target),
        (Tab::Tasks(kind), Some(target)) => tasks::show(ui, app, TableId { target, kind }, actions),
        (Tab::Strategy, Some(target)) => strategy::show(ui, app, target, actions),
        (Tab::Timeline, Some(target)) => timeline::show(ui, app, target, actions),
    }
}

const NUMBER_KEYS: [egui::Key; 7] = [
    egui::Key::Num1,
    egui::Key::Num2,
    egui::Key::Num3,
    egui::Key::Num4,
    egui::Key::Num5,
    egui::Key::Num6,
    egui::Key::Num7,
];
