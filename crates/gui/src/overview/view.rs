//! Overview of a cluster or tenant: ability and its hint, strategy, schedule, last backup, log
//! delay, size; and the "back up now" entry point.

use ocp_api::Operation;

use super::Action;
use crate::app;
use crate::model::{Job, Target};
use crate::restore;
use crate::ui::Shared;
use crate::ui::format::Value;
use crate::ui::widgets::{kv, status_badge};

/// Bytes in one `StorageVolumeUnit` (binary, as OCP counts storage).
fn unit_bytes(unit: Option<&ocp_api::enums::StorageVolumeUnit>) -> f64 {
    use ocp_api::enums::StorageVolumeUnit as U;
    let power = match unit {
        None | Some(U::B | U::Other(_)) => 0,
        Some(U::Kb) => 1,
        Some(U::Mb) => 2,
        Some(U::Gb) => 3,
        Some(U::Tb) => 4,
        Some(U::Pb) => 5,
    };
    1024f64.powi(power)
}

fn with_tip(r: egui::Response, tip: Option<String>) {
    if let Some(tip) = tip {
        r.on_hover_text(tip);
    }
}

/// Name of the target and "back up now": shown above every tab of a selected target.
#[must_use]
pub fn header(ui: &mut egui::Ui, s: Shared<'_>, target: Target) -> Vec<app::Action> {
    let tr = s.tr;
    let mut actions = Vec::new();
    let cluster_name = s
        .data
        .cluster(target.cluster())
        .map(|c| c.name.clone())
        .unwrap_or_else(|| target.cluster().to_string());
    let title = match target.tenant() {
        None => tr.cluster_title(&cluster_name),
        Some(t) => {
            let name = s
                .data
                .tenant(target.cluster(), t)
                .map(|t| t.name.clone())
                .unwrap_or_else(|| t.to_string());
            tr.tenant_title(&name, &cluster_name)
        }
    };
    // "Back up now" of a tenant, on an OCP that backs up whole clusters only.
    let missing = target
        .tenant()
        .and(s.lacks(Operation::BackupTenantNow))
        .map(|v| tr.versions.no_tenant_backup_now(v));
    ui.horizontal(|ui| {
        ui.heading(title);
        let busy = s.worker.is_busy(&Job::Strategy(target))
            || s.worker.is_busy(&Job::ClusterOverview(target.cluster()));
        if busy {
            ui.spinner();
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let in_flight = s.worker.is_busy(&Job::BackupNow(target));
            let button = ui.add_enabled(
                !in_flight && missing.is_none(),
                egui::Button::new(tr.backup_now),
            );
            if let Some(reason) = &missing {
                button.on_disabled_hover_text(reason);
            } else if button.clicked() {
                actions.push(Action::OpenBackupNow(target).into());
            }
            // On a cluster the wizard restores from backup files of a tenant OCP no longer lists.
            let restoring = s.worker.is_busy(&Job::Restore(target));
            if ui
                .add_enabled(!restoring, egui::Button::new(tr.restore))
                .clicked()
            {
                actions.push(restore::Action::Open(target).into());
            }
        });
    });
    if let Some(reason) = missing {
        ui.horizontal_wrapped(|ui| {
            ui.weak(reason);
            if ui.link(tr.versions.open_cluster).clicked() {
                actions.push(app::Action::Select(Target::Cluster(target.cluster())));
            }
        });
    }
    actions
}

/// Backup days of a schedule, e.g. `Tue Full · Sat Incremental`.
fn schedule_days(s: Shared<'_>, sc: &ocp_api::types::ObBackupScheduleConfig) -> String {
    let tr = s.tr;
    let week = sc.backup_schedule_mode.as_str() == "WEEK";
    let mut days: Vec<(u32, String)> = sc
        .day_and_data_backup_model_map
        .iter()
        .map(|(day, mode)| {
            let n: u32 = day.parse().unwrap_or(0);
            let name = match (week, n) {
                (true, 1..=7) => tr.weekdays[n as usize - 1].to_owned(),
                _ => tr.month_day(day),
            };
            let kind = s.fmt.word(mode);
            (n, format!("{name} {kind}"))
        })
        .collect();
    days.sort();
    days.into_iter()
        .map(|(_, day)| day)
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn show(ui: &mut egui::Ui, s: Shared<'_>, target: Target) {
    let (tr, lang) = (s.tr, s.fmt.lang);
    let cluster = s.data.cluster(target.cluster());
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("overview")
                .num_columns(2)
                .striped(true)
                .spacing([24.0, 6.0])
                .show(ui, |ui| {
                    if let Some(c) = cluster {
                        kv(
                            ui,
                            lang,
                            tr.ob_version,
                            c.ob_version.clone().unwrap_or_default(),
                            Some(("Cluster", "obVersion")),
                        );
                        kv(
                            ui,
                            lang,
                            tr.cluster_type,
                            c.type_.as_ref().map(|t| s.fmt.word(t)).unwrap_or_default(),
                            Some(("Cluster", "type")),
                        );
                    }
                    let overview = s
                        .data
                        .overviews
                        .get(&target.cluster())
                        .and_then(|l| l.value.as_ref());
                    if let (None, Some(o)) = (target.tenant(), overview) {
                        ui.label(egui::RichText::new(tr.schedule_status).strong());
                        match &o.backup_schedule_status {
                            Some(status) => status_badge(ui, &s.fmt, status),
                            None => ui.label("-"),
                        };
                        ui.end_row();
                        let value = |v: Value| (s.fmt.show(&v), s.fmt.tip(&v));
                        let (last, tip) = match &o.last_data_backup_time {
                            Some(t) => value(Value::Time(t.clone())),
                            None => (tr.never.to_owned(), None),
                        };
                        with_tip(
                            kv(
                                ui,
                                lang,
                                tr.last_data_backup,
                                last,
                                Some(("ClusterBackupInfoDetail", "lastDataBackupTime")),
                            ),
                            tip,
                        );
                        let (ckpt, tip) = value(Value::time(&o.latest_log_backup_checkpoint));
                        with_tip(
                            kv(
                                ui,
                                lang,
                                tr.latest_log_checkpoint,
                                ckpt,
                                Some(("ClusterBackupInfoDetail", "latestLogBackupCheckpoint")),
                            ),
                            tip,
                        );
                        let (delay, tip) =
                            value(Value::seconds(o.log_backup_delay_seconds.map(|d| d as f64)));
                        with_tip(
                            kv(
                                ui,
                                lang,
                                tr.log_backup_delay,
                                delay,
                                Some(("ClusterBackupInfoDetail", "logBackupDelaySeconds")),
                            ),
                            tip,
                        );
                        let bytes = o
                            .backup_size
                            .map(|n| n * unit_bytes(o.ob_storage_volume_unit.as_ref()));
                        let raw = o.backup_size.map(|n| match &o.ob_storage_volume_unit {
                            Some(u) => format!("{n} {u}"),
                            None => n.to_string(),
                        });
                        // A unit this app does not know shows as sent.
                        let known = o
                            .ob_storage_volume_unit
                            .as_ref()
                            .is_none_or(|u| u.is_known());
                        let size = match (bytes, known) {
                            (Some(b), true) => s.fmt.size(b),
                            _ => raw.clone().unwrap_or_default(),
                        };
                        with_tip(
                            kv(
                                ui,
                                lang,
                                tr.backup_size,
                                size,
                                Some(("ClusterBackupInfoDetail", "backupSize")),
                            ),
                            raw,
                        );
                    }
                    if let Some(b) = s.data.badges.get(&target) {
                        let last = b.last_data_backup.as_ref().map(|t| {
                            format!(
                                "{} {}",
                                t.start_time
                                    .as_ref()
                                    .map(|t| s.fmt.time(t))
                                    .unwrap_or_default(),
                                s.fmt.word(&t.status)
                            )
                        });
                        kv(
                            ui,
                            lang,
                            tr.last_data_backup,
                            last.unwrap_or_else(|| tr.never.into()),
                            None,
                        );
                        if let Some(d) = b.log_delay_seconds {
                            kv(
                                ui,
                                lang,
                                tr.log_backup_delay,
                                s.fmt.duration(d),
                                Some(("LogBackupTask", "delay")),
                            );
                        }
                    }
                    if let Some(a) = s
                        .data
                        .abilities
                        .get(&target.cluster())
                        .and_then(|l| l.value.as_ref())
                    {
                        kv(
                            ui,
                            lang,
                            tr.backup_ability,
                            s.fmt.word(&a.backup_ability),
                            Some(("ObBackupAbility", "backupAbility")),
                        );
                        if let Some(d) = &a.ob_data_backup_support_ability {
                            let yes_no = |v: Option<bool>| {
                                if v == Some(true) {
                                    tr.enabled
                                } else {
                                    tr.disabled
                                }
                            };
                            kv(
                                ui,
                                lang,
                                tr.full_backup,
                                yes_no(d.full_backup_enabled),
                                Some(("ObDataBackupSupportAbility", "fullBackupEnabled")),
                            );
                            kv(
                                ui,
                                lang,
                                tr.incremental_backup,
                                yes_no(d.can_do_incremental_backup),
                                Some(("ObDataBackupSupportAbility", "canDoIncrementalBackup")),
                            );
                            if let Some(h) = &d.hint {
                                kv(
                                    ui,
                                    lang,
                                    tr.hint,
                                    h.clone(),
                                    Some(("ObDataBackupSupportAbility", "hint")),
                                );
                            }
                        }
                    }
                });
            ui.add_space(12.0);
            ui.heading(tr.strategy);
            match s.data.strategy(target) {
                None => {
                    ui.spinner();
                }
                Some(None) => {
                    ui.label(tr.no_strategy);
                }
                Some(Some(st)) => {
                    egui::Grid::new("strategy")
                        .num_columns(2)
                        .striped(true)
                        .spacing([24.0, 6.0])
                        .show(ui, |ui| {
                            kv(
                                ui,
                                lang,
                                tr.backup_mode,
                                st.backup_mode
                                    .as_ref()
                                    .map(|m| s.fmt.word(m))
                                    .unwrap_or_default(),
                                Some(("OcpBackupStrategy", "backupMode")),
                            );
                            if let Some(sc) = &st.ob_backup_schedule_config {
                                kv(
                                    ui,
                                    lang,
                                    tr.schedule,
                                    s.fmt.word(&sc.backup_schedule_mode),
                                    Some(("ObBackupScheduleConfig", "backupScheduleMode")),
                                );
                                kv(
                                    ui,
                                    lang,
                                    tr.schedule_days,
                                    schedule_days(s, sc),
                                    Some(("ObBackupScheduleConfig", "dayAndDataBackupModelMap")),
                                );
                                kv(
                                    ui,
                                    lang,
                                    tr.schedule_time,
                                    sc.backup_schedule_time.to_string(),
                                    Some(("ObBackupScheduleConfig", "backupScheduleTime")),
                                );
                                let enabled = if sc.backup_schedule_enabled == Some(false) {
                                    tr.badge_paused
                                } else {
                                    tr.badge_scheduled
                                };
                                kv(
                                    ui,
                                    lang,
                                    tr.schedule_status,
                                    enabled,
                                    Some(("ObBackupScheduleConfig", "backupScheduleEnabled")),
                                );
                                kv(
                                    ui,
                                    lang,
                                    tr.log_backup,
                                    if sc.start_log_backup {
                                        tr.enabled
                                    } else {
                                        tr.disabled
                                    },
                                    Some(("ObBackupScheduleConfig", "startLogBackup")),
                                );
                            }
                            if let Some(st) = &st.ob_backup_service_storage_config {
                                let base = &st.ob_backup_storage_base_info;
                                kv(
                                    ui,
                                    lang,
                                    tr.storage,
                                    format!(
                                        "{} {}",
                                        s.fmt.word(&base.backup_storage_type),
                                        base.storage_url
                                    ),
                                    Some(("ObBackupStorageBaseInfo", "storageUrl")),
                                );
                            }
                        });
                }
            }
        });
}
