//! Task monitors: data backup, log backup and restore tasks of a cluster or tenant, with
//! server-side filters and paging, client-side sorting, "fetch all" with progress, CSV export.
//! Rows are virtualised, so 10,000 of them scroll smoothly.

use egui_extras::{Column, TableBuilder};

use super::Action;
use super::table::{Cause, FilterForm, FormField, QuickRange, TaskTable};
use crate::app;
use crate::model::{Job, TaskKind};
use crate::ui::Shared;
use crate::ui::format::Value;
use crate::ui::widgets::status_color;

/// The table's filters, paging and sort are its own form state; queries are actions.
#[must_use]
pub fn show(ui: &mut egui::Ui, s: Shared<'_>, table: &mut TaskTable) -> Vec<app::Action> {
    let tr = s.tr;
    let mut actions: Vec<app::Action> = Vec::new();
    let id = table.id;
    let busy = s.worker.is_busy(&Job::Tasks(id));
    let tenant_scope = id.target.tenant().is_some();
    let form_errors = table.query(false, &s.fmt).err().unwrap_or_default();
    let error_of = |f: FormField| form_errors.contains(&f);
    if let Some(v) = id
        .target
        .tenant()
        .and(s.lacks(super::requests::tenant_list(id.kind)))
    {
        ui.weak(tr.versions.tenant_tasks_from_cluster(v));
    }
    let run = |all_pages| -> app::Action {
        Action::Run {
            table: id,
            all_pages,
        }
        .into()
    };

    // Quick ranges, then the filters.
    ui.horizontal_wrapped(|ui| {
        for range in QuickRange::ALL {
            let on = table.form.range == Some(range);
            if ui.selectable_label(on, range.label(tr)).clicked() && !busy {
                table.form.range = Some(range);
                table.form.page = 1;
                actions.push(run(false));
            }
        }
        if ui
            .selectable_label(table.form.range.is_none(), tr.range_custom)
            .clicked()
        {
            table.form.range = None;
        }
    });
    ui.horizontal_wrapped(|ui| {
        let mut typed = false;
        let l = ui.label(tr.time_from);
        typed |= ui
            .add(
                egui::TextEdit::singleline(&mut table.form.start)
                    .id(egui::Id::unique("filter_start"))
                    .hint_text(tr.time_format_hint)
                    .desired_width(210.0),
            )
            .labelled_by(l.id)
            .changed();
        let l = ui.label(tr.time_to);
        typed |= ui
            .add(
                egui::TextEdit::singleline(&mut table.form.end)
                    .id(egui::Id::unique("filter_end"))
                    .hint_text(tr.time_format_hint)
                    .desired_width(210.0),
            )
            .labelled_by(l.id)
            .changed();
        // Typed times are a custom range.
        if typed {
            table.form.range = None;
        }
        if id.kind == TaskKind::Data {
            let l = ui.label(tr.backup_set_id_filter);
            ui.add(
                egui::TextEdit::singleline(&mut table.form.backup_set_id)
                    .id(egui::Id::unique("filter_backup_set"))
                    .desired_width(70.0),
            )
            .labelled_by(l.id);
        }
    });
    for (field, bad) in [
        (FormField::Start, tr.invalid_time),
        (FormField::End, tr.invalid_time),
        (FormField::BackupSetId, tr.invalid_number),
    ] {
        if error_of(field) {
            let name = match field {
                FormField::Start => tr.time_from,
                FormField::End => tr.time_to,
                FormField::BackupSetId => tr.backup_set_id_filter,
            };
            ui.colored_label(ui.visuals().error_fg_color, format!("{name}: {bad}"));
        }
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(tr.status_filter);
        if tenant_scope {
            for value in TaskTable::status_values(id.kind) {
                let mut on = table.form.statuses.contains(value.wire.as_str());
                let changed = ui
                    .checkbox(&mut on, s.fmt.word_text(&value))
                    .on_hover_text(value.tip())
                    .changed();
                let value = value.wire;
                if changed {
                    if on {
                        table.form.statuses.insert(value);
                    } else {
                        table.form.statuses.remove(&value);
                    }
                }
            }
        } else {
            ui.weak(tr.status_filter_cluster_note);
        }
    });
    ui.horizontal(|ui| {
        let valid = form_errors.is_empty();
        if ui
            .add_enabled(valid && !busy, egui::Button::new(tr.apply))
            .clicked()
        {
            table.form.page = 1;
            actions.push(run(false));
        }
        if ui.button(tr.clear).clicked() {
            let size = table.form.size;
            table.form = FilterForm {
                page: 1,
                size,
                ..Default::default()
            };
            actions.push(run(false));
        }
        ui.separator();
        let l = ui.label(tr.page_size);
        let mut size = table.form.size;
        egui::ComboBox::from_id_salt(("page_size", id.kind))
            .selected_text(size.to_string())
            .show_ui(ui, |ui| {
                for s in [20, 50, 100, 500, 1000, 2000] {
                    ui.selectable_value(&mut size, s, s.to_string());
                }
            })
            .response
            .labelled_by(l.id);
        if size != table.form.size {
            table.form.size = size;
            table.form.page = 1;
            actions.push(run(false));
        }
        if ui
            .add_enabled(valid && !busy, egui::Button::new(tr.fetch_all))
            .clicked()
        {
            actions.push(run(true));
        }
        ui.separator();
        let mut auto_refresh = s.settings.auto_refresh;
        if ui.checkbox(&mut auto_refresh, tr.auto_refresh).changed() {
            actions.push(app::Action::SetAutoRefresh(auto_refresh));
        }
        if ui
            .add_enabled(!table.rows.is_empty(), egui::Button::new(tr.export_csv))
            .clicked()
        {
            actions.push(Action::ExportCsv(id).into());
        }
    });
    // Paging and progress.
    ui.horizontal(|ui| {
        let all = table.query.as_ref().is_some_and(|q| q.all_pages);
        let page = table.form.page;
        if ui
            .add_enabled(!busy && !all && page > 1, egui::Button::new(tr.previous))
            .clicked()
        {
            table.form.page = page - 1;
            actions.push(run(false));
        }
        ui.label(tr.page_of(if all { 1 } else { page }, table.total_pages.max(1)));
        if ui
            .add_enabled(
                !busy && !all && page < table.total_pages,
                egui::Button::new(tr.next),
            )
            .clicked()
        {
            table.form.page = page + 1;
            actions.push(run(false));
        }
        ui.label(tr.rows_shown(table.rows.len(), table.total_elements));
        if busy {
            match table.progress.fraction() {
                Some(f) => {
                    ui.add(
                        egui::ProgressBar::new(f)
                            .show_percentage()
                            .desired_width(160.0),
                    );
                }
                None => {
                    ui.spinner();
                }
            }
        }
    });
    ui.separator();
    if table.rows.is_empty() && !busy {
        ui.label(tr.no_rows);
        return actions;
    }
    if let Some(i) = table.open_cause
        && let Some(row) = table.rows.get(i)
        && cause_panel(ui, s, row.cause.as_ref())
    {
        table.open_cause = None;
    }
    if table.id.kind == TaskKind::Restore {
        ui.weak(tr.restore_texts.open_details_hint);
    }
    if let Some(i) = rows(ui, s, table)
        && let Some(task) = table.restores.get(i)
    {
        actions.push(Action::OpenRestore(Box::new(task.clone())).into());
    }
    actions
}

/// The cause of the failed task clicked on, with its code and traceId (selectable, to copy);
/// true when closed.
fn cause_panel(ui: &mut egui::Ui, s: Shared<'_>, cause: Option<&Cause>) -> bool {
    let tr = s.tr;
    let mut close = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.strong(tr.cause_title);
            close = ui.small_button(tr.close).clicked();
        });
        let Some(c) = cause else {
            ui.label(tr.cause_none);
            return;
        };
        egui::Grid::new("failure_cause")
            .num_columns(2)
            .show(ui, |ui| {
                if let Some(code) = &c.code {
                    ui.label(tr.cause_code);
                    ui.add(
                        egui::Label::new(egui::RichText::new(code).monospace()).selectable(true),
                    );
                    ui.end_row();
                }
                ui.label(tr.cause_message);
                ui.add(egui::Label::new(&c.message).selectable(true).wrap());
                ui.end_row();
                ui.label(tr.cause_trace_id);
                ui.add(
                    egui::Label::new(egui::RichText::new(&c.trace_id).monospace()).selectable(true),
                );
                ui.end_row();
            });
    });
    close
}

/// The rows, virtualised; the table scrolls sideways when its columns are wider than the
/// window, and every column can be resized (a cut cell shows in full on hover). Returns the
/// restore row clicked (an index into `rows`): its details open.
fn rows(ui: &mut egui::Ui, s: Shared<'_>, table: &mut TaskTable) -> Option<usize> {
    let tr = s.tr;
    let headers = TaskTable::headers(table.id.kind, tr);
    let status_col = headers.iter().position(|h| *h == tr.status);
    let mut clicked = None;
    let mut cause_of = None;
    let mut restore_clicked = None;
    let restores = table.id.kind == TaskKind::Restore;
    let can_fail = matches!(table.id.kind, TaskKind::Data | TaskKind::Log);
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    // A click on a cell is a click on its row (selectable text would take it).
    ui.style_mut().interaction.selectable_labels = false;
    egui::ScrollArea::horizontal().show(ui, |ui| {
        let mut builder = TableBuilder::new(ui)
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .auto_shrink([false, false]);
        let widths = TaskTable::column_widths(table.id.kind);
        for (i, width) in widths.iter().enumerate() {
            builder = if i + 1 == widths.len() {
                builder.column(Column::remainder().at_least(*width).clip(true))
            } else {
                builder.column(Column::initial(*width).at_least(40.0).clip(true))
            };
        }
        builder
            .header(22.0, |mut header| {
                for (i, h) in headers.iter().enumerate() {
                    header.col(|ui| {
                        let arrow = match table.sort {
                            Some((c, false)) if c == i => " ^",
                            Some((c, true)) if c == i => " v",
                            _ => "",
                        };
                        if ui.button(format!("{h}{arrow}")).clicked() {
                            clicked = Some(i);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(20.0, table.order.len(), |mut row| {
                    let index = table.order[row.index()];
                    let r = &table.rows[index];
                    row.set_selected(table.open_cause == Some(index));
                    for (i, cell) in r.cells.iter().enumerate() {
                        row.col(|ui| {
                            if Some(i) == status_col
                                && let Value::Word(w) = cell
                            {
                                ui.colored_label(status_color(&w.wire), s.fmt.word_text(w))
                                    .on_hover_text(w.tip());
                            } else {
                                // Truncated labels show their full text on hover.
                                s.fmt.label(ui, cell);
                            }
                        });
                    }
                    let failed = matches!(r.status.as_str(), "FAILED" | "INTERRUPTED");
                    let response = row.response();
                    if restores && response.clicked() {
                        restore_clicked = Some(index);
                    }
                    if can_fail && failed && response.on_hover_text(tr.cause_hint).clicked() {
                        cause_of = Some(index);
                    }
                });
            });
    });
    if let Some(c) = clicked {
        table.sort_by(c);
    }
    if let Some(i) = cause_of {
        table.open_cause = (table.open_cause != Some(i)).then_some(i);
    }
    restore_clicked
}
