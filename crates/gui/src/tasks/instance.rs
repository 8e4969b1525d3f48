//! OCP task instances: the ones started from here are followed until they end, with their
//! subtasks' progress; any other can be opened by ID.

use super::{Action, State};
use crate::app;
use crate::model::Job;
use crate::ui::Shared;
use crate::ui::format::Value;
use crate::ui::widgets::status_badge;

/// The typed task ID is egui's temporary data; following and opening are actions.
#[must_use]
pub fn show(ui: &mut egui::Ui, s: Shared<'_>, state: &State) -> Vec<app::Action> {
    let tr = s.tr;
    let mut actions = Vec::new();
    let open_id = ui.scope_id().with("open_task_id");
    let mut typed: String = ui.data_mut(|d| d.get_temp(open_id).unwrap_or_default());
    ui.horizontal(|ui| {
        let l = ui.label(tr.task_id);
        ui.add(egui::TextEdit::singleline(&mut typed).desired_width(120.0))
            .labelled_by(l.id);
        let id = typed.trim().parse::<i64>().ok();
        if ui
            .add_enabled(id.is_some(), egui::Button::new(tr.open_task_instance))
            .clicked()
            && let Some(id) = id
        {
            actions.push(Action::Follow(id).into());
        }
    });
    ui.data_mut(|d| d.insert_temp(open_id, typed));
    ui.separator();
    if state.followed.is_empty() {
        return actions;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(tr.followed_tasks);
        for &id in &state.followed {
            let status = s
                .data
                .instances
                .get(&id)
                .and_then(|l| l.value.as_ref())
                .map(|t| s.fmt.word(&t.status));
            let text = format!("#{id} {}", status.unwrap_or_default());
            if ui
                .selectable_label(state.open_instance == Some(id), text)
                .clicked()
            {
                actions.push(Action::Open(id).into());
            }
        }
    });
    let Some(id) = state.open_instance else {
        return actions;
    };
    let Some(task) = s.data.instances.get(&id).and_then(|l| l.value.as_ref()) else {
        if s.worker.is_busy(&Job::TaskInstance(id)) {
            ui.spinner();
        }
        return actions;
    };
    ui.separator();
    if let Some(e) = s.data.instances.get(&id).and_then(|l| l.error.as_ref()) {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            tr.poll_failed_following(&e.summary()),
        );
    }
    ui.horizontal(|ui| {
        ui.heading(format!("{} #{} {}", tr.task_instance, task.id, task.name));
        status_badge(ui, &s.fmt, &task.status);
        if s.worker.is_busy(&Job::TaskInstance(id)) {
            ui.spinner();
        }
    });
    subtask_progress(ui, tr, task);
    egui::Grid::new("subtasks")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in [tr.task_id, tr.name, tr.status, tr.start_time, tr.run_time] {
                ui.strong(h);
            }
            ui.end_row();
            let fmt = s.fmt;
            for s in &task.subtasks {
                ui.label(s.id.to_string());
                ui.label(&s.name);
                status_badge(ui, &fmt, &s.status);
                fmt.label(ui, &Value::time(&s.start_time));
                ui.label(s.run_time.map(|r| r.to_string()).unwrap_or_default());
                ui.end_row();
            }
        });
    actions
}

/// The share of a task's subtasks that succeeded, as a bar.
pub fn subtask_progress(
    ui: &mut egui::Ui,
    tr: &crate::i18n::Tr,
    task: &ocp_api::types::TaskInstance,
) {
    let done = task
        .subtasks
        .iter()
        .filter(|s| s.status.as_str() == "SUCCESSFUL")
        .count();
    ui.add(
        egui::ProgressBar::new(done as f32 / task.subtasks.len().max(1) as f32)
            .text(tr.subtasks_done(done, task.subtasks.len())),
    );
}
