//! The home: scope, refresh with progress, headline numbers, the verdict filter with counts,
//! the search, and the virtualised table (4,000 rows draw in well under a frame).

use std::sync::atomic::Ordering;

use egui::{Color32, RichText};
use egui_extras::{Column as TableColumn, TableBuilder};
use ocp_health::Verdict;

use super::table::{Column, HealthTable};
use super::{Action, RowAction, Scope, State};
use crate::app;
use crate::model::Job;
use crate::ui::Shared;

pub fn verdict_color(v: Verdict) -> Color32 {
    match v {
        Verdict::Ok => Color32::from_rgb(40, 160, 80),
        Verdict::Warning => Color32::from_rgb(200, 140, 30),
        Verdict::Critical => Color32::from_rgb(210, 60, 60),
        Verdict::Unknown => Color32::from_rgb(130, 130, 140),
    }
}

#[must_use]
pub fn show(ui: &mut egui::Ui, s: Shared<'_>, state: &mut State) -> Vec<app::Action> {
    let (tr, h) = (s.tr, s.tr.health);
    let mut actions: Vec<app::Action> = Vec::new();
    let prefs = &s.settings.health;
    ui.horizontal_wrapped(|ui| {
        ui.heading(h.title);
        ui.separator();
        for (scope, label) in [(Scope::Current, h.scope_current), (Scope::All, h.scope_all)] {
            if ui.radio(prefs.scope == scope, label).clicked() && prefs.scope != scope {
                actions.push(Action::SetScope(scope).into());
            }
        }
        ui.separator();
        let busy = s.worker.any_busy(|j| matches!(j, Job::Health(_)));
        if ui
            .add_enabled(!busy, egui::Button::new(h.refresh))
            .clicked()
        {
            actions.push(Action::Refresh.into());
        }
        if busy {
            let (done, total) = state
                .entries
                .iter()
                .filter(|e| s.worker.is_busy(&Job::Health(e.source)))
                .fold((0, 0), |(d, t), e| {
                    (
                        d + e.feed.done.load(Ordering::Relaxed),
                        t + e.feed.total.load(Ordering::Relaxed),
                    )
                });
            ui.spinner();
            ui.label(h.clusters_progress(done, total));
        }
        ui.separator();
        let l = ui.label(h.auto_refresh);
        let mut minutes = prefs.auto_refresh_minutes;
        if ui
            .add(egui::DragValue::new(&mut minutes).range(0..=1440))
            .labelled_by(l.id)
            .changed()
        {
            actions.push(Action::SetAutoRefresh(minutes).into());
        }
        if ui
            .add_enabled(
                !state.table.order.is_empty(),
                egui::Button::new(tr.export_csv),
            )
            .clicked()
        {
            actions.push(Action::ExportCsv.into());
        }
    });
    ui.separator();
    headline(ui, s, &state.table);
    ui.horizontal_wrapped(|ui| {
        let counts = state.table.summary.counts;
        for v in [
            Verdict::Critical,
            Verdict::Unknown,
            Verdict::Warning,
            Verdict::Ok,
        ] {
            let on = &mut state.table.view.verdicts[v as usize];
            let text =
                RichText::new(h.verdict_count(v, counts[v as usize])).color(verdict_color(v));
            ui.checkbox(on, text);
        }
        ui.separator();
        let l = ui.label(h.search);
        ui.add(
            egui::TextEdit::singleline(&mut state.table.view.search)
                .id(egui::Id::unique("health_search"))
                .hint_text(h.search_hint)
                .desired_width(220.0),
        )
        .labelled_by(l.id);
        ui.label(tr.rows_shown(state.table.order.len(), state.table.rows.len() as i64));
    });
    ui.separator();
    state.table.apply_view();
    if state.table.rows.is_empty() {
        ui.label(h.nothing_yet);
        return actions;
    }
    if state.table.order.is_empty() {
        ui.label(h.no_rows);
        return actions;
    }
    actions.extend(rows(ui, s, &mut state.table));
    actions
}

/// OCP's headline numbers of its backup overview, over every row in scope.
fn headline(ui: &mut egui::Ui, s: Shared<'_>, table: &HealthTable) {
    let h = s.tr.health;
    let sum = &table.summary;
    ui.horizontal(|ui| {
        for (label, value) in [
            (h.with_strategy, h.of_total(sum.with_strategy, sum.objects)),
            (
                h.weekly_success,
                h.success_rate(sum.succeeded, sum.succeeded + sum.failed),
            ),
            (h.with_log_delay, sum.log_delayed.to_string()),
        ] {
            ui.group(|ui| {
                ui.vertical(|ui| {
                    ui.weak(label);
                    ui.label(RichText::new(value).heading());
                });
            });
        }
    });
}

#[must_use]
fn rows(ui: &mut egui::Ui, s: Shared<'_>, table: &mut HealthTable) -> Vec<app::Action> {
    let (tr, h) = (s.tr, s.tr.health);
    let mut actions = Vec::new();
    let mut clicked = None;
    egui::ScrollArea::horizontal().show(ui, |ui| {
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        // Cells are read, not selected: a selectable label senses drags, and hundreds of them
        // cost a good part of the frame (the row's failure still shows on hover).
        ui.style_mut().interaction.selectable_labels = false;
        let mut builder = TableBuilder::new(ui)
            .striped(true)
            .resizable(true)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .auto_shrink([false, false]);
        builder = builder.column(TableColumn::initial(130.0).at_least(100.0).clip(true));
        for c in Column::ALL {
            builder = builder.column(TableColumn::initial(c.width()).at_least(40.0).clip(true));
        }
        builder
            .header(22.0, |mut header| {
                header.col(|ui| {
                    ui.strong(h.col_actions);
                });
                for c in Column::ALL {
                    header.col(|ui| {
                        let arrow = match table.view.sort {
                            Some((col, false)) if col == c => " ^",
                            Some((col, true)) if col == c => " v",
                            _ => "",
                        };
                        if ui.button(format!("{}{arrow}", c.header(tr))).clicked() {
                            clicked = Some(c);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(22.0, table.order.len(), |mut row| {
                    let r = &table.rows[table.order[row.index()]];
                    row.col(|ui| {
                        let Some(at) = r.row_ref() else { return };
                        if ui.small_button(h.open).clicked() {
                            actions.push(super::Action::Row(RowAction::Open, at).into());
                        }
                        // The dialogs, in a menu: the row's numbers keep the width.
                        ui.menu_button(h.more, |ui| {
                            let mut item = |label: &str, action: RowAction| {
                                if ui.button(label).clicked() {
                                    actions.push(super::Action::Row(action, at).into());
                                }
                            };
                            if r.has_strategy {
                                item(tr.backup_now, RowAction::BackupNow);
                            } else {
                                item(h.create_strategy, RowAction::CreateStrategy);
                            }
                            if at.target.tenant().is_some() {
                                item(tr.restore, RowAction::Restore);
                            }
                        });
                    });
                    for c in Column::ALL {
                        row.col(|ui| {
                            let text = r.cell(c);
                            match c {
                                Column::Verdict => {
                                    let chip = RichText::new(text)
                                        .strong()
                                        .color(Color32::WHITE)
                                        .background_color(verdict_color(r.verdict));
                                    let l = ui.label(chip);
                                    if !r.reasons.is_empty() {
                                        l.on_hover_text(&r.reasons);
                                    }
                                }
                                Column::LastFailure => {
                                    let l = ui.label(text);
                                    if let Some(f) = &r.failure {
                                        l.on_hover_text(f);
                                    }
                                }
                                _ => {
                                    ui.label(text);
                                }
                            }
                        });
                    }
                });
            });
    });
    if let Some(c) = clicked {
        table.sort_by(c);
    }
    actions
}
