//! Clusters → tenants, each with a status badge; filter by name.

use egui::RichText;

use super::{Action, State};
use crate::app;
use crate::model::{Job, Target};
use crate::ui::Shared;
use crate::ui::format::word_tip;
use crate::ui::widgets::status_color;

#[must_use]
pub fn show(ui: &mut egui::Ui, s: Shared<'_>, state: &mut State) -> Vec<app::Action> {
    let tr = s.tr;
    let mut actions = Vec::new();
    ui.heading(tr.clusters);
    ui.horizontal(|ui| {
        let l = ui.label(tr.filter);
        ui.add(egui::TextEdit::singleline(&mut state.filter).hint_text(tr.filter))
            .labelled_by(l.id);
    });
    ui.separator();
    let Some(clusters) = s.data.clusters.value.as_ref() else {
        if s.worker.is_busy(&Job::Clusters) {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(tr.loading);
            });
        } else {
            ui.label(tr.no_clusters);
        }
        return actions;
    };
    let filter = state.filter.trim().to_lowercase();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for cluster in clusters {
                let tenants = s
                    .data
                    .tenants
                    .get(&cluster.id)
                    .and_then(|l| l.value.as_ref());
                let tenant_match = tenants
                    .is_some_and(|ts| ts.iter().any(|t| t.name.to_lowercase().contains(&filter)));
                if !filter.is_empty()
                    && !cluster.name.to_lowercase().contains(&filter)
                    && !tenant_match
                {
                    continue;
                }
                let target = Target::Cluster(cluster.id);
                let expanded = state.expanded.contains(&cluster.id);
                // A fleet has hundreds of clusters: a collapsed one scrolled out of sight only
                // takes its row's space, so a frame draws what can be seen.
                let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
                if !expanded && !ui.is_rect_visible(egui::Rect::from_min_size(ui.cursor().min, row))
                {
                    ui.allocate_space(row);
                    continue;
                }
                ui.horizontal(|ui| {
                    let arrow = if expanded { "-" } else { "+" };
                    if ui
                        .small_button(arrow)
                        .on_hover_text(tr.tenants_of)
                        .clicked()
                    {
                        actions.push(Action::ToggleCluster(cluster.id).into());
                    }
                    let selected = s.view.selected == Some(target);
                    if ui
                        .selectable_label(selected, RichText::new(&cluster.name).strong())
                        .clicked()
                    {
                        actions.push(app::Action::Select(target));
                    }
                    let kind = cluster
                        .type_
                        .as_ref()
                        .map(|t| s.fmt.word(t))
                        .unwrap_or_default();
                    ui.weak(format!(
                        "{kind} {}",
                        cluster.ob_version.as_deref().unwrap_or("")
                    ));
                    if let Some(o) = s
                        .data
                        .overviews
                        .get(&cluster.id)
                        .and_then(|l| l.value.as_ref())
                        && let Some(status) = &o.backup_schedule_status
                    {
                        ui.label(
                            RichText::new(s.fmt.word(status))
                                .small()
                                .color(status_color(status.as_str())),
                        )
                        .on_hover_text(word_tip(status));
                    }
                });
                if !expanded {
                    continue;
                }
                ui.indent(("tenants", cluster.id), |ui| match tenants {
                    None => {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(tr.loading);
                        });
                    }
                    Some(list) => {
                        for t in list {
                            if !filter.is_empty()
                                && !t.name.to_lowercase().contains(&filter)
                                && !cluster.name.to_lowercase().contains(&filter)
                            {
                                continue;
                            }
                            let target = Target::Tenant {
                                cluster: cluster.id,
                                tenant: t.id,
                            };
                            ui.horizontal(|ui| {
                                let selected = s.view.selected == Some(target);
                                if ui.selectable_label(selected, &t.name).clicked() {
                                    actions.push(app::Action::Select(target));
                                }
                                tenant_badge(ui, s, target);
                            });
                        }
                    }
                });
            }
        });
    actions
}

fn tenant_badge(ui: &mut egui::Ui, s: Shared<'_>, target: Target) {
    let tr = s.tr;
    let Some(b) = s.data.badges.get(&target) else {
        if s.worker.is_busy(&Job::TenantBadge(target)) {
            ui.spinner();
        }
        return;
    };
    let (word, color_key) = match (b.has_strategy, b.schedule_enabled) {
        (false, _) => (tr.badge_no_strategy, "NONE"),
        (true, Some(false)) => (tr.badge_paused, "PAUSED"),
        (true, _) => (tr.badge_scheduled, "NORMAL"),
    };
    ui.label(RichText::new(word).small().color(status_color(color_key)));
    if let Some(last) = &b.last_data_backup {
        let when = last
            .start_time
            .as_ref()
            .map(|t| s.fmt.time(t))
            .unwrap_or_default();
        ui.label(
            RichText::new(s.fmt.word(&last.status))
                .small()
                .color(status_color(last.status.as_str())),
        )
        .on_hover_text(format!(
            "{} {when}\n{}",
            tr.last_backup,
            word_tip(&last.status)
        ));
    }
    if let Some(delay) = b.log_delay_seconds {
        ui.weak(format!("{} {}", tr.log_delay, s.fmt.duration(delay)));
    }
}
