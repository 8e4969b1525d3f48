//! The restore wizard: source, point in time, target, preview, confirmation. Each step checks
//! what was typed as it is typed; "Restore" sends one `restoreTenant`, disabled while it is in
//! flight and never retried.

use egui::RichText;
use ocp_api::enums::ReplicaType;

use crate::app::{Action, App};
use crate::model::Job;
use crate::restore_form::{RestoreStep, cluster_zones, latest_recoverable};
use crate::views::errors;
use crate::views::widgets::text_field;

pub fn wizard(ctx: &egui::Context, app: &mut App, actions: &mut Vec<Action>) {
    let Some(mut w) = app.view.restore.clone() else {
        return;
    };
    let tr = app.tr();
    let source = w.source;
    let timeline = app
        .data
        .timelines
        .get(&source)
        .and_then(|l| l.value.as_ref());
    // The default point in time: the latest recoverable one, once the intervals are known.
    if w.time.is_empty()
        && let Some(latest) = timeline.and_then(latest_recoverable)
    {
        w.time = latest.to_string();
    }
    let existing = w
        .target_cluster
        .and_then(|c| app.data.tenants.get(&c))
        .and_then(|l| l.value.clone());
    if let (Some(c), Some(tenants)) = (w.target_cluster, &existing)
        && w.zones_of != Some(c)
    {
        w.set_zones(c, cluster_zones(tenants));
    }
    let cluster_name = |id: i64| {
        app.data
            .cluster(id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let source_name = source
        .tenant()
        .and_then(|t| app.data.tenant(source.cluster(), t))
        .map(|t| t.name.clone())
        .unwrap_or_default();
    let source_label = format!(
        "{source_name} ({} {})",
        tr.cluster,
        cluster_name(source.cluster())
    );
    let clusters: Vec<(i64, String)> = app
        .data
        .clusters
        .value
        .iter()
        .flatten()
        .map(|c| (c.id, c.name.clone()))
        .collect();
    let in_flight = app.worker.is_busy(&Job::Restore(source));
    let previewing = app.worker.is_busy(&Job::RestorePreview(source));
    let time_check = w.time_checked(tr, timeline);
    let name_error = existing.as_deref().and_then(|e| w.name_error(tr, e));
    let zones_error = w.zones_error(tr);

    let modal = egui::Modal::new(egui::Id::unique("restore_wizard")).show(ctx, |ui| {
        ui.set_width(640.0);
        ui.heading(tr.restore_title);
        ui.horizontal(|ui| {
            for s in RestoreStep::ALL {
                let text = format!("{}. {}", s.index() + 1, s.name(tr));
                if s == w.step {
                    ui.label(RichText::new(text).strong());
                } else {
                    ui.weak(text);
                }
            }
        });
        ui.separator();
        let can_next = match w.step {
            RestoreStep::Source => {
                egui::Grid::new("restore_source")
                    .num_columns(2)
                    .show(ui, |ui| {
                        ui.label(RichText::new(tr.restore_source).strong());
                        ui.label(&source_label);
                        ui.end_row();
                    });
                true
            }
            RestoreStep::Time => {
                let error = match (&time_check, timeline) {
                    (Ok(_), _) => None,
                    (Err(_), Some(t)) if t.recoverable.is_empty() => Some(tr.restore_no_intervals),
                    (Err(e), _) => Some(*e),
                };
                text_field(ui, tr.restore_time, &mut w.time, error);
                ui.weak(tr.restore_time_hint);
                if let Some(t) = timeline {
                    ui.label(RichText::new(tr.recoverable_intervals).strong());
                    for r in &t.recoverable {
                        ui.label(format!("{} — {}", r.start, r.end));
                    }
                } else {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(tr.loading);
                    });
                }
                time_check.is_ok()
            }
            RestoreStep::Target => {
                ui.horizontal(|ui| {
                    let l = ui.label(tr.restore_target_cluster);
                    let shown = w
                        .target_cluster
                        .map(cluster_name)
                        .unwrap_or_else(|| tr.restore_choose_cluster.to_owned());
                    egui::ComboBox::from_id_salt("restore_target_cluster")
                        .selected_text(shown)
                        .show_ui(ui, |ui| {
                            for (id, name) in &clusters {
                                if ui
                                    .selectable_label(w.target_cluster == Some(*id), name)
                                    .clicked()
                                {
                                    actions.push(Action::RestoreTargetCluster(*id));
                                }
                            }
                        })
                        .response
                        .labelled_by(l.id);
                });
                text_field(ui, tr.restore_tenant_name, &mut w.name, name_error);
                if w.target_cluster.is_some() && existing.is_none() {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(tr.loading);
                    });
                }
                if !w.zones.is_empty() {
                    ui.label(RichText::new(tr.restore_zones).strong());
                    egui::Grid::new("restore_zones")
                        .num_columns(4)
                        .show(ui, |ui| {
                            ui.label(tr.restore_zone);
                            ui.label(tr.replica_type);
                            ui.label(tr.unit_spec);
                            ui.label(tr.unit_count);
                            ui.end_row();
                            for z in &mut w.zones {
                                ui.label(&z.name);
                                egui::ComboBox::from_id_salt(("restore_replica", z.name.clone()))
                                    .selected_text(z.replica.as_str().to_owned())
                                    .show_ui(ui, |ui| {
                                        for r in [
                                            ReplicaType::Full,
                                            ReplicaType::Readonly,
                                            ReplicaType::Logonly,
                                        ] {
                                            let text = r.as_str().to_owned();
                                            ui.selectable_value(&mut z.replica, r, text);
                                        }
                                    });
                                ui.add(
                                    egui::TextEdit::singleline(&mut z.unit_spec)
                                        .id(egui::Id::unique(("restore_unit_spec", z.name.clone())))
                                        .desired_width(80.0),
                                )
                                .on_hover_text(tr.unit_spec);
                                ui.add(
                                    egui::TextEdit::singleline(&mut z.unit_count)
                                        .id(egui::Id::unique((
                                            "restore_unit_count",
                                            z.name.clone(),
                                        )))
                                        .desired_width(50.0),
                                )
                                .on_hover_text(tr.unit_count);
                                ui.end_row();
                            }
                        });
                    text_field(ui, tr.primary_zone, &mut w.primary_zone, None);
                }
                if existing.is_some()
                    && let Some(e) = zones_error
                {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                existing.is_some() && name_error.is_none() && zones_error.is_none()
            }
            RestoreStep::Preview => {
                ui.label(RichText::new(tr.restore_preview_items).strong());
                if previewing {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(tr.loading);
                    });
                }
                if let Some(items) = &w.preview {
                    egui::ScrollArea::vertical()
                        .max_height(260.0)
                        .show(ui, |ui| {
                            egui::Grid::new("restore_preview")
                                .num_columns(3)
                                .striped(true)
                                .show(ui, |ui| {
                                    ui.label(RichText::new(tr.backup_type_col).strong());
                                    ui.label(RichText::new(tr.backup_id_col).strong());
                                    ui.label(RichText::new(tr.backup_path_col).strong());
                                    ui.end_row();
                                    for item in items {
                                        ui.label(item.backup_type.as_str());
                                        ui.label(
                                            item.backup_id
                                                .as_ref()
                                                .map(|i| i.to_string())
                                                .unwrap_or_default(),
                                        );
                                        ui.monospace(&item.backup_dest);
                                        ui.end_row();
                                    }
                                });
                        });
                }
                w.preview.is_some()
            }
            RestoreStep::Confirm => {
                ui.label(RichText::new(tr.restore_summary).strong());
                egui::Grid::new("restore_summary")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        let mut row = |k: &str, v: String| {
                            ui.label(RichText::new(k).strong());
                            ui.label(v);
                            ui.end_row();
                        };
                        row(tr.restore_source, source_label.clone());
                        row(tr.restore_time, w.time.trim().to_owned());
                        row(
                            tr.restore_target_cluster,
                            w.target_cluster.map(cluster_name).unwrap_or_default(),
                        );
                        row(tr.restore_tenant_name, w.name.trim().to_owned());
                        for z in &w.zones {
                            row(
                                tr.restore_zone,
                                format!(
                                    "{}: {} · {} × {}",
                                    z.name,
                                    z.replica.as_str(),
                                    z.unit_spec.trim(),
                                    z.unit_count.trim()
                                ),
                            );
                        }
                        row(tr.primary_zone, w.primary_zone.trim().to_owned());
                        if let Some(items) = &w.preview {
                            row(tr.restore_preview_items, items.len().to_string());
                        }
                    });
                true
            }
        };
        if let Some(e) = &w.error {
            errors::inline(ui, tr, e);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if w.step != RestoreStep::Source
                && ui
                    .add_enabled(!in_flight, egui::Button::new(tr.back))
                    .clicked()
            {
                actions.push(Action::RestoreGoto(w.step.back()));
            }
            if w.step == RestoreStep::Confirm {
                if ui
                    .add_enabled(!in_flight, egui::Button::new(tr.restore_confirm_button))
                    .clicked()
                {
                    actions.push(Action::SubmitRestore);
                }
            } else if ui
                .add_enabled(can_next, egui::Button::new(tr.next_step))
                .clicked()
            {
                actions.push(Action::RestoreGoto(w.step.next()));
            }
            if in_flight {
                ui.spinner();
                ui.label(tr.in_flight);
            }
            if ui
                .add_enabled(!in_flight, egui::Button::new(tr.cancel))
                .clicked()
            {
                actions.push(Action::CloseRestore);
            }
        });
    });
    if modal.should_close() {
        actions.push(Action::CloseRestore);
    }
    // Form state only: the step, target and preview change through actions.
    if let Some(current) = &mut app.view.restore {
        current.time = w.time;
        current.name = w.name;
        current.zones = w.zones;
        current.zones_of = w.zones_of;
        current.primary_zone = w.primary_zone;
    }
}
