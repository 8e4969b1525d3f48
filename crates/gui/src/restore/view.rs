//! The restore wizard: source, point in time, target, preview, confirmation. Each step checks
//! what was typed as it is typed; "Restore" sends one `restoreTenant`, disabled while it is in
//! flight and never retried.

use egui::RichText;
use ocp_api::enums::{BackupMode, BackupStorageType, ReplicaType};

use super::form::{
    OfflineField, OfflineSource, RestoreStep, RestoreWizard, SourceKind, cluster_zones,
    latest_recoverable, restore_source_paths,
};
use super::{Action, State};
use crate::app;
use crate::i18n::Tr;
use crate::model::Job;
use crate::storage_form::{STORAGE_TYPES, StorageField, storage_type_name};
use crate::ui::Shared;
use crate::ui::errors;
use crate::ui::widgets::text_field;

/// Replica types as the OCP console names them.
fn replica_name(tr: &Tr, r: &ReplicaType) -> String {
    crate::ui::format::word(tr.lang, r)
}

/// One labelled row of the offline source grid; the error, if shown, sits under the field.
fn offline_row(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    error: Option<&str>,
    secret: Option<(&mut bool, &str)>,
) {
    offline_row_hint(ui, label, value, error, secret, "");
}

fn offline_row_hint(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    error: Option<&str>,
    secret: Option<(&mut bool, &str)>,
    hint: &str,
) {
    let l = ui.label(label);
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            let mut edit = egui::TextEdit::singleline(value)
                .id(egui::Id::unique(("restore_offline", label)))
                .hint_text(hint)
                .desired_width(300.0);
            if let Some((show, _)) = &secret {
                edit = edit.password(!**show);
            }
            ui.add(edit).labelled_by(l.id);
            if let Some((show, show_label)) = secret {
                ui.checkbox(show, show_label);
            }
        });
        if let Some(e) = error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    });
    ui.end_row();
}

/// The offline source's fields: names of the backed-up tenant and where its files are.
fn offline_form(ui: &mut egui::Ui, tr: &'static Tr, o: &mut OfflineSource, show_errors: bool) {
    let errors = if show_errors {
        o.errors(tr)
    } else {
        Default::default()
    };
    let err = |f: OfflineField| errors.get(&f).copied();
    egui::Grid::new("restore_offline")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            offline_row(
                ui,
                tr.restore_backup_cluster_name,
                &mut o.cluster_name,
                err(OfflineField::ClusterName),
                None,
            );
            offline_row(
                ui,
                tr.restore_backup_tenant_name,
                &mut o.tenant_name,
                err(OfflineField::TenantName),
                None,
            );
            offline_row(
                ui,
                tr.restore_ob_cluster_id,
                &mut o.ob_cluster_id,
                err(OfflineField::ObClusterId),
                None,
            );
            offline_row(
                ui,
                tr.restore_ob_tenant_id,
                &mut o.ob_tenant_id,
                err(OfflineField::ObTenantId),
                None,
            );
            ui.label(tr.backup_mode);
            ui.horizontal(|ui| {
                ui.radio_value(
                    &mut o.backup_mode,
                    BackupMode::PhysicalBackup,
                    tr.physical_backup,
                );
                ui.radio_value(
                    &mut o.backup_mode,
                    BackupMode::LogicalBackup,
                    tr.logical_backup,
                );
            });
            ui.end_row();
            ui.label(RichText::new(tr.restore_offline_storage).strong());
            ui.end_row();
            ui.label(tr.storage_type);
            ui.horizontal(|ui| {
                for kind in STORAGE_TYPES {
                    let text = storage_type_name(tr, &kind);
                    ui.radio_value(&mut o.location.storage_type, kind, text);
                }
            });
            ui.end_row();
            let example = match o.location.storage_type {
                BackupStorageType::BackupStorageFile => "/obbackup",
                _ => "bucket/backup",
            };
            offline_row_hint(
                ui,
                tr.storage_url,
                &mut o.location.storage_url,
                err(OfflineField::Storage(StorageField::StorageUrl)),
                None,
                example,
            );
            if o.location.needs_keys() {
                offline_row(
                    ui,
                    tr.endpoint,
                    &mut o.location.endpoint,
                    err(OfflineField::Storage(StorageField::Endpoint)),
                    None,
                );
                offline_row(
                    ui,
                    tr.access_key_id,
                    &mut o.location.access_key_id,
                    err(OfflineField::Storage(StorageField::AccessKeyId)),
                    None,
                );
                offline_row(
                    ui,
                    tr.access_key_secret,
                    &mut o.location.access_key_secret,
                    err(OfflineField::Storage(StorageField::AccessKeySecret)),
                    Some((&mut o.show_secret, tr.show_secret)),
                );
                if o.location.storage_type == BackupStorageType::BackupStorageCos {
                    offline_row(
                        ui,
                        tr.app_id,
                        &mut o.location.app_id,
                        err(OfflineField::Storage(StorageField::AppId)),
                        None,
                    );
                }
                if o.location.storage_type == BackupStorageType::BackupStorageS3 {
                    offline_row(
                        ui,
                        tr.region,
                        &mut o.location.region,
                        err(OfflineField::Storage(StorageField::Region)),
                        None,
                    );
                }
            }
        });
}

/// The wizard edits its own form fields; moving between steps, choosing the target cluster and
/// sending are actions.
#[must_use]
pub fn wizard(ctx: &egui::Context, s: Shared<'_>, state: &mut State) -> Vec<app::Action> {
    let mut actions: Vec<app::Action> = Vec::new();
    let Some(mut w) = state.wizard.clone() else {
        return actions;
    };
    let tr = s.tr;
    let source = w.source;
    let timeline = s.data.timelines.get(&source).and_then(|l| l.value.as_ref());
    // The default point in time: the latest recoverable one, once the intervals are known.
    if !w.time_filled
        && w.source_kind == SourceKind::Online
        && let Some(latest) = timeline.and_then(latest_recoverable)
    {
        w.time = s.fmt.time_field(latest.to_utc());
        w.time_filled = true;
    }
    w.time_filled |= !w.time.is_empty();
    let existing = w
        .target_cluster
        .and_then(|c| s.data.tenants.get(&c))
        .and_then(|l| l.value.clone());
    if let (Some(c), Some(tenants)) = (w.target_cluster, &existing)
        && w.zones_of != Some(c)
    {
        w.set_zones(c, cluster_zones(tenants));
    }
    let cluster_name = |id: i64| {
        s.data
            .cluster(id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let source_name = source
        .tenant()
        .and_then(|t| s.data.tenant(source.cluster(), t))
        .map(|t| t.name.clone())
        .unwrap_or_default();
    let online_label = format!(
        "{source_name} ({} {})",
        tr.cluster,
        cluster_name(source.cluster())
    );
    let source_label = match w.source_kind {
        SourceKind::Online => online_label.clone(),
        SourceKind::Offline => format!(
            "{} ({} {}) · {}",
            w.offline.tenant_name.trim(),
            tr.cluster,
            w.offline.cluster_name.trim(),
            tr.restore_offline_tag
        ),
    };
    let clusters: Vec<(i64, String)> = s
        .data
        .clusters
        .value
        .iter()
        .flatten()
        .map(|c| (c.id, c.name.clone()))
        .collect();
    let cluster_name_of_target = w.target_cluster.map(cluster_name).unwrap_or_default();
    let in_flight = s.worker.is_busy(&Job::Restore(source));
    let sources_busy = w
        .target_cluster
        .is_some_and(|c| s.worker.is_busy(&Job::RestoreSources(c)));
    let previewing = s.worker.is_busy(&Job::RestorePreview(source));
    let time_check = w.time_checked(tr, &s.fmt, timeline);
    let name_error = existing.as_deref().and_then(|e| w.name_error(tr, e));
    let zones_error = w.zones_error(tr);

    let modal = egui::Modal::new(egui::Id::unique("restore_wizard")).show(ctx, |ui| {
        ui.set_width(720.0);
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
                ui.label(RichText::new(tr.restore_source_kind).strong());
                let has_tenant = source.tenant().is_some();
                let online_text = if has_tenant {
                    format!("{}: {online_label}", tr.restore_source_online)
                } else {
                    tr.restore_source_online.to_owned()
                };
                ui.add_enabled_ui(has_tenant, |ui| {
                    ui.radio_value(&mut w.source_kind, SourceKind::Online, online_text);
                });
                if !has_tenant {
                    ui.weak(tr.restore_source_online_none);
                }
                ui.radio_value(
                    &mut w.source_kind,
                    SourceKind::Offline,
                    tr.restore_source_offline,
                );
                if w.source_kind == SourceKind::Offline {
                    ui.add_space(4.0);
                    offline_form(ui, tr, &mut w.offline, w.offline_checked);
                }
                true
            }
            RestoreStep::Time => {
                let offline = w.source_kind == SourceKind::Offline;
                let error = match (&time_check, timeline) {
                    (Ok(_), _) => None,
                    (Err(_), _) if offline && w.time.trim().is_empty() => None,
                    (Err(_), Some(t)) if !offline && t.recoverable.is_empty() => {
                        Some(tr.restore_no_intervals)
                    }
                    (Err(e), _) => Some(*e),
                };
                text_field(ui, tr.restore_time, &mut w.time, error);
                if offline {
                    ui.weak(tr.restore_offline_time_hint);
                } else if let Some(t) = timeline {
                    ui.weak(tr.restore_time_hint);
                    ui.label(RichText::new(tr.recoverable_intervals).strong());
                    for r in &t.recoverable {
                        ui.label(format!("{} — {}", s.fmt.time(&r.start), s.fmt.time(&r.end)));
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
                                    actions.push(Action::TargetCluster(*id).into());
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
                                    .selected_text(replica_name(tr, &z.replica))
                                    .show_ui(ui, |ui| {
                                        for r in [
                                            ReplicaType::Full,
                                            ReplicaType::Readonly,
                                            ReplicaType::Logonly,
                                        ] {
                                            let text = replica_name(tr, &r);
                                            ui.selectable_value(&mut z.replica, r, text);
                                        }
                                    })
                                    .response
                                    .on_hover_text(tr.replica_type);
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
                        .max_height(200.0)
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
                                        ui.label(s.fmt.word(&item.backup_type));
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
                ui.separator();
                restore_sources(
                    ui,
                    tr,
                    &mut w,
                    &cluster_name_of_target,
                    sources_busy,
                    &mut actions,
                );
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
                        if w.source_kind == SourceKind::Offline {
                            row(
                                tr.restore_storage,
                                format!(
                                    "{} · {}",
                                    storage_type_name(tr, &w.offline.location.storage_type),
                                    w.offline.location.storage_url.trim()
                                ),
                            );
                        }
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
                                    replica_name(tr, &z.replica),
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
                actions.push(Action::Goto(w.step.back()).into());
            }
            if w.step == RestoreStep::Confirm {
                if ui
                    .add_enabled(!in_flight, egui::Button::new(tr.restore_confirm_button))
                    .clicked()
                {
                    actions.push(Action::Submit.into());
                }
            } else if ui
                .add_enabled(can_next, egui::Button::new(tr.next_step))
                .clicked()
            {
                actions.push(Action::Goto(w.step.next()).into());
            }
            if in_flight {
                ui.spinner();
                ui.label(tr.in_flight);
            }
            if ui
                .add_enabled(!in_flight, egui::Button::new(tr.cancel))
                .clicked()
            {
                actions.push(Action::Close.into());
            }
        });
    });
    if modal.should_close() {
        actions.push(Action::Close.into());
    }
    // Form state only: the step, target and preview change through actions.
    if let Some(current) = &mut state.wizard {
        current.time = w.time;
        current.time_filled = w.time_filled;
        current.name = w.name;
        current.zones = w.zones;
        current.zones_of = w.zones_of;
        current.primary_zone = w.primary_zone;
        current.source_kind = w.source_kind;
        current.offline = w.offline;
        current.sources_text = w.sources_text;
        current.confirm_clear = w.confirm_clear;
    }
    actions
}

/// Restore source paths added by hand for the target cluster, where a DBA looks when the preview
/// misses backup sets or log pieces. Adding and clearing are writes: one click, one request.
fn restore_sources(
    ui: &mut egui::Ui,
    tr: &'static Tr,
    w: &mut RestoreWizard,
    cluster: &str,
    busy: bool,
    actions: &mut Vec<app::Action>,
) {
    ui.label(
        RichText::new(format!(
            "{} ({} {cluster})",
            tr.restore_sources_title, tr.cluster
        ))
        .strong(),
    );
    ui.weak(tr.restore_sources_hint);
    let parsed = restore_source_paths(&w.sources_text);
    ui.horizontal(|ui| {
        let l = ui.label(tr.restore_sources_paths);
        ui.add(
            egui::TextEdit::multiline(&mut w.sources_text)
                .id(egui::Id::unique("restore_sources_paths"))
                .hint_text("file:///obbackup/…/data/backup_set_24_full_20240406")
                .desired_rows(2)
                .desired_width(560.0),
        )
        .labelled_by(l.id);
    });
    if let Err(bad) = &parsed {
        ui.colored_label(ui.visuals().error_fg_color, tr.restore_sources_invalid(bad));
    }
    let can_add = parsed.as_ref().is_ok_and(|p| !p.is_empty());
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!busy && can_add, egui::Button::new(tr.restore_sources_add))
            .clicked()
        {
            actions.push(Action::AddSources.into());
        }
        if ui
            .add_enabled(
                !busy && !w.confirm_clear,
                egui::Button::new(tr.restore_sources_clear),
            )
            .clicked()
        {
            w.confirm_clear = true;
        }
        if busy {
            ui.spinner();
            ui.label(tr.in_flight);
        }
    });
    if w.confirm_clear {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(tr.restore_sources_clear_ask(cluster));
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!busy, egui::Button::new(tr.restore_sources_clear_confirm))
                    .clicked()
                {
                    actions.push(Action::ClearSources.into());
                }
                if ui
                    .add_enabled(!busy, egui::Button::new(tr.restore_sources_keep))
                    .clicked()
                {
                    w.confirm_clear = false;
                }
            });
        });
    }
    if !w.sources_added.is_empty() {
        ui.label(tr.restore_sources_added);
        for p in &w.sources_added {
            ui.monospace(p);
        }
    }
    if let Some(e) = &w.sources_error {
        errors::inline(ui, tr, e);
    }
}
