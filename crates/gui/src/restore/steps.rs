//! The wizard's point-in-time and what-to-restore steps, and what the review lists of them.
//! Everything here is form state: picks, presets and rows change the wizard's fields only.

use egui::RichText;
use ocp_api::enums::{RestoreMethod, RestoreObjectKind};

use super::form::{QuickRestore, RestoreWizard, SourceKind};
use super::objects::ObjectRow;
use super::point::{self, PointFields};
use crate::i18n::Tr;
use crate::model::Timeline;
use crate::timeline::view::strip;
use crate::ui::widgets::text_field;

/// The point in time: the strip, presets, date and time fields and the typed text, which all
/// set the same point. Returns whether the point can be used.
pub fn time(
    ui: &mut egui::Ui,
    tr: &'static Tr,
    w: &mut RestoreWizard,
    timeline: Option<&Timeline>,
    checked: Result<(), &'static str>,
) -> bool {
    let t = tr.restore_texts;
    let offline = w.source_kind == SourceKind::Offline;
    let fmt = w.fmt;
    let zone = point::zone(&fmt);
    let typed_ms = fmt
        .parse_time(&w.time)
        .map(|d| d.to_utc().timestamp_millis());
    if !offline {
        match timeline {
            Some(tl) => {
                ui.label(RichText::new(t.strip_label).strong());
                ui.weak(t.strip_hint);
                if let Some(ms) = strip(ui, tr, &fmt, tl, &mut w.strip, typed_ms) {
                    set_ms(w, point::picked_second(tl, ms));
                }
                ui.horizontal(|ui| {
                    let latest = point::latest(tl);
                    if ui
                        .add_enabled(latest.is_some(), egui::Button::new(t.latest))
                        .clicked()
                        && let Some(ms) = latest
                    {
                        set_ms(w, ms);
                    }
                    let hour_ago = point::hour_ago(tl);
                    if ui
                        .add_enabled(hour_ago.is_some(), egui::Button::new(t.hour_ago))
                        .on_hover_text(t.hour_ago_hint)
                        .clicked()
                        && let Some(ms) = hour_ago
                    {
                        set_ms(w, ms);
                    }
                });
            }
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(tr.loading);
                });
            }
        }
    }
    ui.horizontal(|ui| {
        ui.label(t.date);
        let before = w.point.clone();
        ui.add(egui_extras::DatePickerButton::new(&mut w.point.date).id_salt("restore_date"));
        for (label, value) in [
            (t.hour, &mut w.point.hour),
            (t.minute, &mut w.point.minute),
            (t.second, &mut w.point.second),
        ] {
            let l = ui.label(label);
            ui.add(
                egui::TextEdit::singleline(value)
                    .id(egui::Id::unique(("restore_point", label)))
                    .desired_width(28.0),
            )
            .labelled_by(l.id);
        }
        if w.point != before
            && let Some(at) = w.point.instant(zone)
        {
            w.time = fmt.time_field(at.to_utc());
            w.time_filled = true;
            w.pending_time = None;
        }
    });
    let blank_offline = offline && w.time.trim().is_empty();
    let error = match (&checked, timeline) {
        (Ok(()), _) => None,
        _ if blank_offline => None,
        (Err(_), Some(tl)) if !offline && tl.recoverable.is_empty() => {
            Some(tr.restore_no_intervals)
        }
        (Err(e), _) => Some(*e),
    };
    let before = w.time.clone();
    text_field(ui, tr.restore_time, &mut w.time, error);
    if w.time != before {
        w.time_filled = true;
        w.pending_time = None;
        if let Some(at) = fmt.parse_time(&w.time) {
            w.point = PointFields::of(&at.as_datetime().with_timezone(&zone));
        }
    }
    if offline {
        ui.weak(tr.restore_offline_time_hint);
        return checked.is_ok();
    }
    ui.weak(tr.restore_time_hint);
    if let (Err(_), Some(tl), Some(ms)) = (&checked, timeline, typed_ms) {
        let (before, after) = point::nearest(tl, ms);
        if before.is_some() || after.is_some() {
            ui.horizontal(|ui| {
                ui.label(t.nearest);
                if let Some(b) = before
                    && ui
                        .button(t.nearest_before(&point::shown_ms(&fmt, b)))
                        .clicked()
                {
                    set_ms(w, b);
                }
                if let Some(a) = after
                    && ui
                        .button(t.nearest_after(&point::shown_ms(&fmt, a)))
                        .clicked()
                {
                    set_ms(w, a);
                }
            });
        }
    }
    if let Some(tl) = timeline {
        ui.label(RichText::new(tr.recoverable_intervals).strong());
        for r in &tl.recoverable {
            ui.label(format!("{} — {}", fmt.time(&r.start), fmt.time(&r.end)));
        }
    }
    checked.is_ok()
}

fn set_ms(w: &mut RestoreWizard, ms: i64) {
    if let Some(at) = chrono::DateTime::from_timestamp_millis(ms) {
        w.set_time(at);
    }
}

/// What to restore and how. Returns whether the list can be sent.
pub fn objects(
    ui: &mut egui::Ui,
    tr: &'static Tr,
    w: &mut RestoreWizard,
    objects_supported: bool,
    quick: &QuickRestore,
) -> bool {
    let t = tr.restore_texts;
    let f = &mut w.objects;
    ui.horizontal(|ui| {
        ui.radio_value(&mut f.kind, RestoreObjectKind::Tenant, t.kind_tenant);
        ui.add_enabled_ui(objects_supported, |ui| {
            ui.radio_value(&mut f.kind, RestoreObjectKind::Database, t.kind_databases);
            ui.radio_value(&mut f.kind, RestoreObjectKind::Table, t.kind_tables);
        });
    });
    if !objects_supported {
        ui.weak(t.objects_unsupported);
        f.kind = RestoreObjectKind::Tenant;
    }
    if f.kind != RestoreObjectKind::Tenant {
        let tables = f.tables();
        if tables {
            ui.weak(t.tables_note);
        }
        let mut remove = None;
        egui::ScrollArea::vertical()
            .max_height(200.0)
            .show(ui, |ui| {
                egui::Grid::new("restore_objects")
                    .num_columns(if tables { 5 } else { 4 })
                    .striped(true)
                    .show(ui, |ui| {
                        ui.strong("#");
                        ui.strong(t.database);
                        if tables {
                            ui.strong(t.table);
                        }
                        ui.strong(t.new_name);
                        ui.end_row();
                        for (i, row) in f.rows.iter_mut().enumerate() {
                            ui.label((i + 1).to_string());
                            cell(ui, ("db", i), &mut row.database, t.database, 130.0);
                            if tables {
                                cell(ui, ("table", i), &mut row.table, t.table, 130.0);
                            }
                            cell(ui, ("new", i), &mut row.new_name, t.new_name, 160.0);
                            if ui.small_button(t.remove_row).clicked() {
                                remove = Some(i);
                            }
                            ui.end_row();
                        }
                    });
            });
        if let Some(i) = remove {
            f.rows.remove(i);
        }
        ui.horizontal(|ui| {
            if ui.button(t.add_row).clicked() {
                f.rows.push(ObjectRow::default());
            }
            ui.weak(t.object_count(f.rows.len()));
        });
        ui.horizontal(|ui| {
            let l = ui.label(t.paste);
            let hint = if tables {
                t.paste_hint_tables
            } else {
                t.paste_hint_databases
            };
            ui.add(
                egui::TextEdit::multiline(&mut f.paste)
                    .id(egui::Id::unique("restore_objects_paste"))
                    .hint_text(hint)
                    .desired_rows(2)
                    .desired_width(360.0),
            )
            .labelled_by(l.id);
            if ui
                .add_enabled(!f.paste.trim().is_empty(), egui::Button::new(t.paste_add))
                .clicked()
            {
                f.paste_lines();
            }
        });
        if let Some(line) = &f.paste_error {
            ui.colored_label(ui.visuals().error_fg_color, t.paste_bad(line, tables));
        }
    }
    let problem = f.problem();
    if let Some(p) = &problem {
        ui.colored_label(ui.visuals().error_fg_color, t.problem(p));
    }
    ui.separator();
    ui.label(RichText::new(t.method).strong());
    match quick {
        QuickRestore::Offered => {
            ui.radio_value(&mut w.method, RestoreMethod::Full, t.method_full);
            ui.radio_value(&mut w.method, RestoreMethod::Quick, t.method_quick);
        }
        QuickRestore::TooOld(version) => {
            ui.label(t.method_full);
            ui.weak(t.quick_too_old(version));
        }
        QuickRestore::Unknown => {
            ui.label(t.method_full);
            ui.weak(t.quick_unknown);
        }
    }
    problem.is_none()
}

fn cell(ui: &mut egui::Ui, id: (&str, usize), value: &mut String, label: &str, width: f32) {
    ui.add(
        egui::TextEdit::singleline(value)
            .id(egui::Id::unique(("restore_object", id)))
            // A grid cell would otherwise shrink it to its column's last width.
            .min_size(egui::vec2(width, 0.0))
            .desired_width(width),
    )
    .on_hover_text(label);
}

/// What the review lists: the whole tenant, or each object and the name it is restored as.
pub fn review_lines(tr: &Tr, w: &RestoreWizard) -> Vec<String> {
    let t = tr.restore_texts;
    let (kind, objects) = w.objects.to_body();
    if kind.is_none() {
        return vec![t.whole_tenant.to_owned()];
    }
    objects
        .iter()
        .map(|o| {
            let name = |db: &Option<String>, table: &Option<String>| match table {
                Some(table) => format!("{}.{table}", db.as_deref().unwrap_or_default()),
                None => db.clone().unwrap_or_default(),
            };
            let from = name(&o.source_database, &o.source_table);
            let to_db = o.target_database.clone().or(o.source_database.clone());
            let to_table = o.target_table.clone().or(o.source_table.clone());
            let to = name(&to_db, &to_table);
            if to == from {
                from
            } else {
                format!("{from} → {to}")
            }
        })
        .collect()
}

/// The method the review names.
pub fn review_method(tr: &Tr, w: &RestoreWizard, quick: &QuickRestore) -> &'static str {
    let t = tr.restore_texts;
    match (quick, &w.method) {
        (QuickRestore::Offered, RestoreMethod::Quick) => t.method_quick,
        _ => t.method_full,
    }
}
