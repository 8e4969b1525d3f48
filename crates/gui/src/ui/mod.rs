//! The frame's layout: top bar, banners, error panel, navigator, the selected target's tabs and
//! the dialogs. Each feature's view reads [`Shared`], edits only its own form state, and returns
//! what it wants done as [`Action`]s; none talks HTTP.

pub mod errors;
pub mod format;
pub mod top_bar;
pub mod widgets;

use crate::app::{Action, App, Connection};
use crate::i18n::Tr;
use crate::model::{TableId, TaskKind};
use crate::settings::Settings;
use crate::state::{Data, Tab, ViewState};
use crate::worker::Worker;
use crate::{connections, health, navigator, overview, restore, strategy, tasks, timeline};

/// What every view may read.
#[derive(Clone, Copy)]
pub struct Shared<'a> {
    pub tr: &'static Tr,
    pub settings: &'a Settings,
    pub data: &'a Data,
    pub worker: &'a Worker,
    pub view: &'a ViewState,
    pub conn: Option<&'a Connection>,
    /// The OCP version the embedded simulator was asked to behave as.
    pub demo_version: Option<ocp_sim::Version>,
    /// How values are written (language, display zone).
    pub fmt: format::Format,
}

impl Shared<'_> {
    pub fn is_demo(&self) -> bool {
        self.conn.is_some_and(|c| c.demo)
    }
}

impl<'a> Shared<'a> {
    /// The connected OCP's version when it lacks the operation (see [`Connection::lacks`]).
    pub fn lacks(&self, operation: ocp_api::Operation) -> Option<&'a ocp_api::OcpVersion> {
        self.conn.and_then(|c| c.lacks(operation))
    }
}

/// Draws the frame; returns what the views asked for.
#[must_use]
pub fn show(ui: &mut egui::Ui, app: &mut App) -> Vec<Action> {
    let fmt = app.fmt();
    let App {
        settings,
        secrets,
        worker,
        conn,
        data,
        view,
        connections,
        navigator,
        overview,
        tasks,
        strategy,
        timeline,
        restore,
        demo_version,
        health,
        ..
    } = app;
    let s = Shared {
        tr: settings.lang.tr(),
        settings,
        data,
        worker,
        view,
        conn: conn.as_ref(),
        demo_version: *demo_version,
        fmt,
    };
    let mut actions = Vec::new();
    egui::Panel::top("top_bar").show(ui, |ui| actions.extend(top_bar::show(ui, s, health.shown)));
    if s.conn.is_some_and(|c| c.clear_text_warning) {
        egui::Panel::top("clear_text_warning").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(ui.visuals().warn_fg_color, s.tr.plain_http_warning);
                if ui.small_button(s.tr.close).clicked() {
                    actions.push(Action::DismissClearTextWarning);
                }
            });
        });
    }
    if let Some(e) = &s.view.error_panel {
        egui::Panel::bottom("errors").show(ui, |ui| actions.extend(errors::panel(ui, s.tr, e)));
    }
    egui::Panel::left("navigator")
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| {
            actions.extend(navigator::view::show(ui, s, navigator))
        });
    egui::CentralPanel::default().show(ui, |ui| {
        if health.shown {
            actions.extend(health::view::show(ui, s, health));
        } else {
            actions.extend(central(ui, s, tasks, strategy, timeline));
        }
    });
    actions.extend(overview::backup_now::dialog(ui.ctx(), s, overview));
    actions.extend(tasks::restore_details::dialog(
        ui.ctx(),
        s,
        &mut tasks.restore_details,
    ));
    actions.extend(restore::view::wizard(ui.ctx(), s, restore));
    let persistent = secrets.persistent();
    actions.extend(connections::view::window(
        ui.ctx(),
        s,
        connections,
        persistent,
    ));
    actions.extend(connections::view::secret_prompt(ui.ctx(), s, connections));
    actions
}

fn central(
    ui: &mut egui::Ui,
    s: Shared<'_>,
    tasks: &mut tasks::State,
    strategy: &mut strategy::State,
    timeline: &mut timeline::State,
) -> Vec<Action> {
    let tr = s.tr;
    let mut actions = Vec::new();
    if let Some(target) = s.view.selected {
        actions.extend(overview::view::header(ui, s, target));
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
            if ui.input_mut(|inp| inp.consume_shortcut(&shortcut)) && s.view.tab != tab {
                actions.push(Action::SetTab(tab));
            }
            let text = format!("{label}  ({})", ui.ctx().format_shortcut(&shortcut));
            if ui
                .selectable_label(s.view.tab == tab, label)
                .on_hover_text(text)
                .clicked()
                && s.view.tab != tab
            {
                actions.push(Action::SetTab(tab));
            }
        }
    });
    ui.separator();
    let more = match (s.view.tab, s.view.selected) {
        (Tab::TaskInstances, _) => tasks::instance::show(ui, s, tasks),
        (_, None) => {
            ui.label(tr.select_something);
            Vec::new()
        }
        (Tab::Overview, Some(target)) => {
            overview::view::show(ui, s, target);
            Vec::new()
        }
        (Tab::Tasks(kind), Some(target)) => {
            let id = TableId { target, kind };
            match tasks.tables.get_mut(&id) {
                Some(table) => tasks::view::show(ui, s, table),
                // Made before the frame is drawn (App::ui).
                None => Vec::new(),
            }
        }
        (Tab::Strategy, Some(target)) => strategy::view::show(ui, s, strategy, target),
        (Tab::Timeline, Some(target)) => timeline::view::show(ui, s, timeline, target),
    };
    actions.extend(more);
    actions
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
