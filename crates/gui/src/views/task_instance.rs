//! OCP task instances: the ones started from here are followed until they end, with their
//! subtasks' progress; any other can be opened by ID.

use crate::app::{Action, App};
use crate::model::Job;
use crate::views::widgets::status_badge;

pub fn show(ui: &mut egui::Ui, app: &mut App, actions: &mut Vec<Action>) {
    let tr = app.tr();
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
            actions.push(Action::FollowTask(id));
        }
    });
    ui.data_mut(|d| d.insert_temp(open_id, typed));
    ui.separator();
    if app.view.followed.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(tr.followed_tasks);
        for id in app.view.followed.clone() {
            let status = app
                .data
                .instances
                .get(&id)
                .and_then(|l| l.value.as_ref())
                .map(|t| t.status.to_string());
            let text = format!("#{id} {}", status.unwrap_or_default());
            if ui
                .selectable_label(app.view.open_instance == Some(id), text)
                .clicked()
            {
                app.view.open_instance = Some(id);
            }
        }
    });
    let Some(id) = app.view.open_instance else {
        return;
    };
    let Some(task) = app.data.instances.get(&id).and_then(|l| l.value.as_ref()) else {
        if app.worker.is_busy(&Job::TaskInstance(id)) {
            ui.spinner();
        }
        return;
    };
    ui.separator();
    if let Some(e) = app.data.instances.get(&id).and_then(|l| l.error.as_ref()) {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("{} {}", tr.poll_failed_following, e.summary()),
        );
    }
    ui.horizontal(|ui| {
        ui.heading(format!("{} #{} {}", tr.task_instance, task.id, task.name));
        status_badge(ui, task.status.as_str());
        if app.worker.is_busy(&Job::TaskInstance(id)) {
            ui.spinner();
        }
    });
    let total = task.subtasks.len().max(1);
    let done = task
        .subtasks
        .iter()
        .filter(|s| s.status.as_str() == "SUCCESSFUL")
        .count();
    ui.add(
        egui::ProgressBar::new(done as f32 / total as f32).text(format!(
            "{done} / {} {}",
            task.subtasks.len(),
            tr.subtasks
        )),
    );
    egui::Grid::new("subtasks")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for h in [tr.task_id, tr.name, tr.status, tr.start_time, tr.run_time] {
                ui.strong(h);
            }
            ui.end_row();
            for s in &task.subtasks {
                ui.label(s.id.to_string());
                ui.label(&s.name);
                status_badge(ui, s.status.as_str());
                ui.label(
                    s.start_time
                        .as_ref()
                        .map(|t| t.format_local())
                        .unwrap_or_default(),
                );
                ui.label(s.run_time.map(|r| r.to_string()).unwrap_or_default());
                ui.end_row();
            }
        });
}
