//! A restore task's details, opened from its row on the Restores tab: its status, the phases of
//! the OCP task that carries it out with their progress, and for a failed one the cause the
//! failed subtask gives ("View cause": OCP's message, code and trace ID). From here a finished
//! or failed restore can be restored again.

use egui::RichText;
use ocp_api::time::OcpDateTime;
use ocp_api::types;

use super::Action;
use crate::app;
use crate::error::UiError;
use crate::model::Job;
use crate::restore;
use crate::ui::Shared;
use crate::ui::errors;
use crate::ui::format::Format;
use crate::ui::widgets::{status_badge, summary_row};

pub struct RestoreDetails {
    pub task: Box<types::RestoreTask>,
    /// The OCP task's instance ID: `None` while looking it up, `Some(None)` when OCP lists none.
    pub instance: Option<Option<i64>>,
    pub error: Option<UiError>,
    /// "View cause" is open.
    pub show_cause: bool,
}

impl RestoreDetails {
    pub fn new(task: types::RestoreTask) -> Self {
        RestoreDetails {
            task: Box::new(task),
            instance: None,
            error: None,
            show_cause: false,
        }
    }

    /// Ended, well or not: it can be restored again.
    pub fn ended(&self) -> bool {
        self.task.finished == Some(true)
            || matches!(
                self.task.status.as_str(),
                "RESTORE_SUCCESS" | "RESTORE_FAIL"
            )
    }
}

/// Why a restore failed, as the failed subtask of its OCP task says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cause {
    pub subtask: String,
    pub message: String,
    pub code: Option<String>,
    pub phase: Option<String>,
    pub trace_id: Option<String>,
}

/// The cause of a failed OCP task: its failed subtask and what that subtask's `context` holds
/// (`errorCode`, `errorMessage`, `failedPhase`, `traceId`), or the context as text.
pub fn cause(task: &types::TaskInstance) -> Option<Cause> {
    let failed = task
        .subtasks
        .iter()
        .find(|s| s.status.as_str() == "FAILED")?;
    let context = failed.context.as_deref().unwrap_or_default();
    let json: Option<serde_json::Value> = serde_json::from_str(context).ok();
    let field = |k: &str| {
        json.as_ref()
            .and_then(|j| j.get(k))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    Some(Cause {
        subtask: failed.name.clone(),
        message: field("errorMessage").unwrap_or_else(|| context.to_owned()),
        code: field("errorCode"),
        phase: field("failedPhase"),
        trace_id: field("traceId"),
    })
}

/// A time in the display zone.
fn time(fmt: &Format, t: &Option<OcpDateTime>) -> String {
    t.as_ref().map(|t| fmt.time(t)).unwrap_or_default()
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// The details dialog; "View cause" is its own state, the rest are actions.
#[must_use]
pub fn dialog(
    ctx: &egui::Context,
    s: Shared<'_>,
    details: &mut Option<RestoreDetails>,
) -> Vec<app::Action> {
    let mut actions: Vec<app::Action> = Vec::new();
    let Some(d) = details else {
        return actions;
    };
    let tr = s.tr;
    let t = tr.restore_texts;
    let task = d.task.clone();
    let ended = d.ended();
    let mut show_cause = d.show_cause;
    let busy = s.worker.is_busy(&Job::RestoreInstance(task.id));
    let instance = d
        .instance
        .flatten()
        .and_then(|id| s.data.instances.get(&id))
        .and_then(|l| l.value.as_deref());
    let cause = instance.and_then(cause);
    let modal = egui::Modal::new(egui::Id::unique("restore_details")).show(ctx, |ui| {
        ui.set_width(680.0);
        ui.horizontal(|ui| {
            ui.heading(t.details_title(task.id));
            status_badge(ui, &s.fmt, &task.status);
            if let Some(desc) = &task.status_desc {
                ui.label(desc);
            }
        });
        egui::Grid::new("restore_details_grid")
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                let mut row = |k: &str, v: String| summary_row(ui, k, v);
                row(
                    tr.source_tenant,
                    format!(
                        "{} ({} {})",
                        opt(&task.backup_tenant_name),
                        tr.cluster,
                        opt(&task.backup_cluster_name)
                    ),
                );
                row(tr.restore_cluster, opt(&task.restore_cluster_name));
                row(tr.restore_tenant, opt(&task.restore_tenant_name));
                row(tr.restore_point, time(&s.fmt, &task.restore_end_time));
                row(t.objects_restored, opt(&task.restore_object_type));
                row(tr.progress, opt(&task.progress));
                row(tr.created, time(&s.fmt, &task.create_time));
                row(tr.finish_time, time(&s.fmt, &task.finish_time));
                if let Some(e) = task.error_msg.as_ref().filter(|e| !e.is_empty()) {
                    row(tr.error, e.clone());
                }
            });
        ui.separator();
        ui.label(RichText::new(t.phases).strong());
        match (d.instance, instance) {
            (Some(None), _) => {
                ui.weak(t.no_task);
            }
            (Some(Some(_)), Some(i)) => phases(ui, tr, &s.fmt, i),
            _ if busy => {
                ui.spinner();
            }
            _ => {}
        }
        if let Some(e) = &d.error {
            errors::inline(ui, tr, e);
        }
        if let Some(c) = &cause {
            ui.toggle_value(&mut show_cause, t.view_cause);
            if show_cause {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.label(RichText::new(&c.subtask).strong());
                    ui.colored_label(ui.visuals().error_fg_color, &c.message);
                    egui::Grid::new("restore_cause")
                        .num_columns(2)
                        .show(ui, |ui| {
                            for (k, v) in [
                                (tr.cause_code, &c.code),
                                (t.cause_phase, &c.phase),
                                (tr.cause_trace_id, &c.trace_id),
                            ] {
                                if let Some(v) = v {
                                    ui.label(k);
                                    ui.monospace(v);
                                    ui.end_row();
                                }
                            }
                        });
                });
            }
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.add_enabled(ended, egui::Button::new(t.again)).clicked() {
                actions.push(Action::CloseRestore.into());
                actions.push(restore::Action::Again(task.clone()).into());
            }
            if ui
                .add_enabled(!busy, egui::Button::new(tr.refresh))
                .clicked()
            {
                actions.push(Action::RefreshRestore.into());
            }
            if ui.button(tr.close).clicked() {
                actions.push(Action::CloseRestore.into());
            }
        });
    });
    d.show_cause = show_cause;
    if modal.should_close() {
        actions.push(Action::CloseRestore.into());
    }
    actions
}

/// The OCP task's subtasks in order, with the share done.
fn phases(ui: &mut egui::Ui, tr: &crate::i18n::Tr, fmt: &Format, task: &types::TaskInstance) {
    ui.horizontal(|ui| {
        ui.label(tr.restore_texts.ocp_task(task.id, &task.name));
        status_badge(ui, fmt, &task.status);
    });
    super::instance::subtask_progress(ui, tr, task);
    egui::Grid::new("restore_phases")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for h in [tr.name, tr.status, tr.start_time, tr.finish_time] {
                ui.strong(h);
            }
            ui.end_row();
            for s in &task.subtasks {
                ui.label(&s.name);
                status_badge(ui, fmt, &s.status);
                ui.label(time(fmt, &s.start_time));
                ui.label(time(fmt, &s.finish_time));
                ui.end_row();
            }
        });
}
