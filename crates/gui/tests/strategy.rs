//! The strategy editor, driven through its widgets against an in-process simulator; each test
//! checks exactly what reached the simulator.

mod common;

use common::{Env, each_version, has_label, idle, replace_text, step_until};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use ocp_api::Operation;
use ocp_backup_gui::App;
use ocp_backup_gui::model::Target;
use ocp_sim::RequestRecord;
use serde_json::json;

const HZ: i64 = 1_000_001;
const TRADE: i64 = 1_000_012;
const CRM: i64 = 1_000_015;

fn harness(env: &Env) -> Harness<'static, App> {
    common::app(env, Harness::builder().with_size([1280.0, 1000.0]), None)
}

/// The app whose file dialogs (save and open) answer `file`.
fn harness_with_file(env: &Env, file: &std::path::Path) -> Harness<'static, App> {
    common::app(
        env,
        Harness::builder().with_size([1280.0, 1400.0]),
        Some(file.to_owned()),
    )
}

/// A fresh path under the temp directory for this test's exported file.
fn temp_file(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ocp-backup-gui-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

fn writes(env: &Env) -> Vec<RequestRecord> {
    env.sim.world(|w| {
        w.request_log()
            .into_iter()
            .filter(|r| r.method != "GET")
            .collect()
    })
}

/// The strategy editor, which the test has opened.
fn editor<'a>(h: &'a Harness<'_, App>) -> &'a ocp_backup_gui::strategy::StrategyEditor {
    h.state()
        .strategy
        .editor
        .as_ref()
        .expect("the editor is open")
}

fn note(h: &Harness<'_, App>) -> Option<String> {
    h.state().strategy.editor.as_ref()?.note.clone()
}

/// Opens `ob_prod_hz/<tenant>` in the strategy editor and waits for its form. On an OCP without
/// tenant-level strategies, checks that the editor says so and links to the cluster's (which
/// then opens), and returns false.
fn open_editor(h: &mut Harness<'_, App>, env: &Env, tenant: &str, submit: &str) -> bool {
    step_until(h, "clusters", |h| has_label(h, "ob_prod_hz"));
    common::click_in_navigator(h, "ob_prod_hz");
    step_until(h, "tenants", |h| has_label(h, tenant));
    h.get_by_label(tenant).click();
    step_until(h, "the tenant's header", |h| {
        has_label(h, &format!("Tenant {tenant} (Cluster ob_prod_hz)"))
    });
    h.get_by_label("Strategy editor").click();
    if let Some(v) = env.lacks(Operation::GetTenantBackupStrategy) {
        let reason = format!(
            "OCP {v} has no tenant-level backup strategy; the cluster's strategy covers this tenant"
        );
        step_until(h, "the reason", |h| has_label(h, &reason));
        assert!(!has_label(h, submit), "no tenant form");
        h.get_by_label("Open the cluster's strategy").click();
        step_until(h, "the cluster's strategy form", |h| {
            h.state()
                .strategy
                .editor
                .as_ref()
                .is_some_and(|e| e.target == Target::Cluster(HZ))
        });
        assert!(has_label(h, "Cluster ob_prod_hz"));
        return false;
    }
    step_until(h, "the strategy form", |h| has_label(h, submit));
    true
}

/// On an OCP that cannot pause or resume a schedule (the strategy tab is open): the button of
/// `ob_core_bj`'s running schedule is disabled and the reason shows; nothing is posted.
fn schedule_pause_not_offered(h: &mut Harness<'_, App>, env: &Env) {
    use egui_kittest::kittest::NodeT as _;
    const BJ: i64 = 1_000_002;
    let v = env.lacks(Operation::StopClusterBackupSchedule).unwrap();
    h.get_by_label("ob_core_bj").click();
    step_until(h, "the cluster's strategy form", |h| {
        h.state()
            .strategy
            .editor
            .as_ref()
            .is_some_and(|e| e.target == Target::Cluster(BJ) && e.base.is_some())
    });
    let reason = format!(
        "OCP {v} cannot pause or resume a backup schedule; switch the schedule off or on in the strategy instead"
    );
    step_until(h, "the reason", |h| has_label(h, &reason));
    assert!(
        h.get_by_label("Pause schedule…")
            .accesskit_node()
            .is_disabled()
    );
    h.get_by_label("Pause schedule…").click();
    h.run_steps(2);
    assert!(editor(h).confirm.is_none(), "nothing to confirm");
    let posts = env.sim.world(|w| {
        w.request_log()
            .iter()
            .filter(|r| r.path.ends_with("Schedule"))
            .count()
    });
    assert_eq!(posts, 0);
}

fn click(h: &mut Harness<'_, App>, label: &str) {
    h.get_by_label(label).click();
    h.run_steps(2);
}

fn strategy_requests(env: &Env, tenant: i64, method: &str) -> Vec<RequestRecord> {
    let path = format!("/api/v2/ob/clusters/{HZ}/tenants/{tenant}/backup/config/backupStrategy");
    env.sim.world(|w| {
        w.request_log()
            .into_iter()
            .filter(|r| r.method == method && r.path.starts_with(&path))
            .collect()
    })
}

#[test]
fn a_weekly_strategy_created_through_the_calendar_reaches_the_server_exactly() {
    each_version(|env| {
        assert!(env.sim.world(|w| w.strategy(HZ, Some(CRM)).is_none()));
        let mut h = harness(env);
        if !open_editor(&mut h, env, "crm", "Create strategy") {
            return;
        }
        assert!(has_label(
            &h,
            "No strategy yet: fill in the form and create one."
        ));

        // Monday starts as the new strategy's full day: make it incremental; Wednesday full;
        // Saturday full then incremental.
        click(&mut h, "Mon: Full");
        click(&mut h, "Wed: none");
        click(&mut h, "Sat: none");
        click(&mut h, "Sat: Full");
        assert!(has_label(&h, "Mon: Incremental") && has_label(&h, "Sat: Incremental"));
        replace_text(&mut h, "Storage config name", "nfs_crm");
        replace_text(&mut h, "Storage path", "/obbackup/crm/");
        replace_text(&mut h, "Start time (HH:MM)", "01:30");
        replace_text(&mut h, "UTC offset", "+08:00");
        replace_text(&mut h, "Keep backups (days)", "14");

        // A create is reviewed too: every field with its value, nothing sent yet.
        click(&mut h, "Create strategy");
        step_until(&mut h, "the review", |h| has_label(h, "Strategy to create"));
        assert!(has_label(&h, "Mon Incremental, Wed Full, Sat Incremental"));
        assert!(has_label(&h, "/obbackup/crm/") && has_label(&h, "01:30 +08:00"));
        assert!(strategy_requests(env, CRM, "POST").is_empty());
        click(&mut h, "Create");
        step_until(&mut h, "the strategy created", |h| {
            idle(h)
                && h.state()
                    .strategy
                    .editor
                    .as_ref()
                    .is_some_and(|e| e.base.is_some())
        });
        let posts = strategy_requests(env, CRM, "POST");
        assert_eq!(posts.len(), 1, "one click, one create");
        assert_eq!(
            posts[0].body.clone().unwrap(),
            json!({
                "backupMode": "PHYSICAL_BACKUP",
                "obBackupScheduleConfig": {
                    "backupDataRetentionDays": 14,
                    "backupScheduleMode": "WEEK",
                    "backupScheduleTime": "01:30:00.000+08:00",
                    "cleanEnabled": true,
                    "dayAndDataBackupModelMap": {
                        "1": "INCREMENTAL_BACKUP",
                        "3": "FULL_BACKUP",
                        "6": "INCREMENTAL_BACKUP"
                    },
                    "startLogBackup": true
                },
                "obBackupServiceStorageConfig": {
                    "alarmStoragePercentageThreshold": 80,
                    "configName": "nfs_crm",
                    "obBackupStorageBaseInfo": {
                        "backupStorageType": "BACKUP_STORAGE_FILE",
                        "storageUrl": "/obbackup/crm/"
                    }
                },
                "obBackupThresholdConfig": {
                    "dataBackupTimeoutMinutes": 120,
                    "logBackupDelaySeconds": 300,
                    "noSuccessfulDataBackupAlarmDays": 2
                },
                "secondaryBackupEnabled": false
            })
        );
        let stored = env
            .sim
            .world(|w| w.strategy(HZ, Some(CRM)))
            .expect("stored");
        let schedule = stored.ob_backup_schedule_config.unwrap();
        assert_eq!(schedule.day_and_data_backup_model_map.len(), 3);
        // The form now shows the server's strategy, ready to modify.
        assert!(has_label(&h, "Review changes…") && has_label(&h, "Wed: Full"));
    });
}

#[test]
fn modify_shows_old_and_new_then_patches_the_new_value() {
    each_version(|env| {
        let mut h = harness(env);
        if !open_editor(&mut h, env, "trade", "Review changes…") {
            return;
        }

        // Unchanged: nothing is sent.
        click(&mut h, "Review changes…");
        step_until(&mut h, "the note", |h| {
            has_label(h, "Nothing changed; nothing was sent.")
        });
        assert!(editor(&h).confirm.is_none());

        let before = env.sim.world(|w| w.strategy(HZ, Some(TRADE))).unwrap();
        let old = before
            .ob_backup_threshold_config
            .as_ref()
            .unwrap()
            .data_backup_timeout_minutes;
        assert_ne!(old, 90);
        replace_text(&mut h, "Backup timeout (minutes)", "90");
        click(&mut h, "Review changes…");
        step_until(&mut h, "the diff", |h| has_label(h, "Changes to send"));
        // One row: the field, old → new.
        let rows = match &editor(&h).confirm {
            Some(ocp_backup_gui::strategy::StrategyConfirm::Modify { rows, .. }) => rows.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert!(has_label(&h, &old.to_string()) && has_label(&h, "90"));
        assert!(
            strategy_requests(env, TRADE, "PATCH").is_empty(),
            "nothing before confirming"
        );

        click(&mut h, "Send changes");
        step_until(&mut h, "the modify answered", |h| {
            idle(h)
                && h.state()
                    .strategy
                    .editor
                    .as_ref()
                    .is_some_and(|e| e.form.timeout_minutes == "90")
        });
        let patches = strategy_requests(env, TRADE, "PATCH");
        assert_eq!(patches.len(), 1);
        let body = patches[0].body.clone().unwrap();
        assert_eq!(
            body["obBackupThresholdConfig"]["dataBackupTimeoutMinutes"],
            90
        );
        // Everything else is what the server had.
        let old_schedule = serde_json::to_value(before.ob_backup_schedule_config.unwrap()).unwrap();
        assert_eq!(
            body["obBackupScheduleConfig"]["dayAndDataBackupModelMap"],
            old_schedule["dayAndDataBackupModelMap"]
        );
        assert!(
            body["obBackupScheduleConfig"]
                .get("backupScheduleEnabled")
                .is_none()
        );
        let after = env.sim.world(|w| w.strategy(HZ, Some(TRADE))).unwrap();
        assert_eq!(
            after
                .ob_backup_threshold_config
                .unwrap()
                .data_backup_timeout_minutes,
            90
        );
    });
}

#[test]
fn invalid_input_shows_field_errors_in_the_current_language_and_sends_nothing() {
    each_version(|env| {
        let mut h = harness(env);
        if !open_editor(&mut h, env, "crm", "Create strategy") {
            return;
        }
        replace_text(&mut h, "Storage alarm threshold (%)", "150");
        replace_text(&mut h, "Backup timeout (minutes)", "0");
        click(&mut h, "Mon: Full");
        click(&mut h, "Amazon S3");
        click(&mut h, "Create strategy");
        step_until(&mut h, "field errors", |h| {
            has_label(h, "the cycle needs at least one full backup day")
        });
        assert!(has_label(&h, "a whole number from 0 to 100"));
        assert!(has_label(&h, "a whole number of at least 1"));
        // Storage path, endpoint, AccessKey ID, secret and region are required for S3.
        assert_eq!(h.query_all_by_label("Required").count(), 5);
        assert!(strategy_requests(env, CRM, "POST").is_empty());

        click(&mut h, "简体中文");
        step_until(&mut h, "errors in Chinese", |h| {
            has_label(h, "周期中至少需要一个全量备份日")
        });
        assert_eq!(h.query_all_by_label("必填").count(), 5);
        assert!(strategy_requests(env, CRM, "POST").is_empty());
        assert!(env.sim.world(|w| w.strategy(HZ, Some(CRM)).is_none()));
    });
}

#[test]
fn delete_asks_first_and_says_what_stops() {
    each_version(|env| {
        let mut h = harness(env);
        if !open_editor(&mut h, env, "trade", "Review changes…") {
            return;
        }
        click(&mut h, "Delete strategy…");
        step_until(&mut h, "the question", |h| {
            has_label(h, "Delete the backup strategy?")
        });
        assert!(
            h.query_by_label_contains("Scheduled data backups and log backup of trade stop")
                .is_some()
        );
        click(&mut h, "Cancel");
        step_until(&mut h, "the question gone", |h| {
            !has_label(h, "Delete the backup strategy?")
        });
        assert!(strategy_requests(env, TRADE, "DELETE").is_empty());
        assert!(env.sim.world(|w| w.strategy(HZ, Some(TRADE)).is_some()));

        click(&mut h, "Delete strategy…");
        step_until(&mut h, "the question", |h| has_label(h, "Delete"));
        click(&mut h, "Delete");
        step_until(&mut h, "the form in create mode", |h| {
            idle(h) && has_label(h, "Create strategy")
        });
        assert_eq!(strategy_requests(env, TRADE, "DELETE").len(), 1);
        assert!(env.sim.world(|w| w.strategy(HZ, Some(TRADE)).is_none()));
    });
}

#[test]
fn pause_asks_then_stops_the_schedule_and_offers_resume() {
    each_version(|env| {
        let mut h = harness(env);
        if !open_editor(&mut h, env, "trade", "Review changes…") {
            return schedule_pause_not_offered(&mut h, env);
        }
        click(&mut h, "Pause schedule…");
        step_until(&mut h, "the question", |h| {
            has_label(h, "Pause the backup schedule?")
        });
        assert!(
            h.query_by_label_contains("stop until the schedule is resumed")
                .is_some()
        );
        assert!(strategy_requests(env, TRADE, "POST").is_empty());
        click(&mut h, "Pause");
        step_until(&mut h, "resume offered", |h| {
            idle(h) && has_label(h, "Resume schedule…")
        });
        let posts = strategy_requests(env, TRADE, "POST");
        assert_eq!(posts.len(), 1);
        assert!(posts[0].path.ends_with("/stopSchedule"));
        let enabled = env.sim.world(|w| {
            w.strategy(HZ, Some(TRADE))
                .unwrap()
                .ob_backup_schedule_config
                .unwrap()
                .backup_schedule_enabled
        });
        assert_eq!(enabled, Some(false));
    });
}

#[test]
fn export_then_import_round_trips_without_secrets_unless_ticked() {
    each_version(|env| {
        let file = temp_file("trade-strategy.json");
        let mut h = harness_with_file(env, &file);
        if !open_editor(&mut h, env, "trade", "Review changes…") {
            return;
        }

        // Point the strategy at OSS with a new secret, then export (secrets off by default).
        click(&mut h, "Alibaba Cloud OSS");
        replace_text(&mut h, "Endpoint", "oss-cn-hangzhou.aliyuncs.com");
        replace_text(&mut h, "AccessKey ID", "LTAI5tExampleId");
        replace_text(&mut h, "AccessKey secret", "Sup3r-Secret-Value");
        replace_text(&mut h, "Storage path", "bucket-trade/backup");
        replace_text(&mut h, "Backup timeout (minutes)", "75");
        click(&mut h, "Export JSON…");
        step_until(&mut h, "the file written", |_| file.exists());
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(!text.contains("Sup3r-Secret-Value"), "{text}");
        let exported: serde_json::Value = serde_json::from_str(&text).unwrap();
        let storage = &exported["obBackupServiceStorageConfig"];
        let key = &storage["obBackupStorageBaseInfo"]["ossAccessKey"];
        assert_eq!(key["accessKeySecret"], "");
        assert_eq!(key["accessKeyId"], "LTAI5tExampleId");
        assert_eq!(
            storage["obBackupStorageBaseInfo"]["storageUrl"],
            "bucket-trade/backup"
        );
        // Nothing tied to this OCP travels.
        assert!(storage.get("storageId").is_none() && storage.get("hostIdList").is_none());
        assert_eq!(
            exported["obBackupThresholdConfig"]["dataBackupTimeoutMinutes"],
            75
        );
        assert!(writes(env).is_empty(), "an export sends nothing");

        // Back to the server's strategy, then import the file: the form takes it, the missing
        // secret is asked for, and nothing is sent.
        click(&mut h, "Discard edits");
        assert!(has_label(&h, "File (NFS)"));
        click(&mut h, "Import JSON…");
        step_until(&mut h, "the import", |h| {
            note(h).is_some_and(|n| n.starts_with("Imported trade-strategy.json"))
        });
        {
            let ed = editor(&h);
            assert_eq!(
                ed.form.storage.location.endpoint,
                "oss-cn-hangzhou.aliyuncs.com"
            );
            assert_eq!(ed.form.timeout_minutes, "75");
            assert!(ed.form.storage.location.access_key_secret.is_empty());
            assert!(ed.confirm.is_none());
        }
        assert_eq!(h.query_all_by_label("Required").count(), 1);
        assert!(writes(env).is_empty(), "an import sends nothing");

        // With the secret typed again, the review shows the change and the modify carries it.
        replace_text(&mut h, "AccessKey secret", "Sup3r-Secret-Value");
        click(&mut h, "Review changes…");
        step_until(&mut h, "the diff", |h| has_label(h, "Changes to send"));
        assert!(has_label(&h, "bucket-trade/backup"));
        assert!(
            !has_label(&h, "Sup3r-Secret-Value"),
            "secrets are never shown"
        );
        click(&mut h, "Send changes");
        step_until(&mut h, "the modify answered", |h| {
            idle(h) && !strategy_requests(env, TRADE, "PATCH").is_empty()
        });
        let patches = strategy_requests(env, TRADE, "PATCH");
        assert_eq!(patches.len(), 1);
        let body = patches[0].body.clone().unwrap();
        assert_eq!(
            body["obBackupServiceStorageConfig"]["obBackupStorageBaseInfo"]["ossAccessKey"]["accessKeySecret"],
            "Sup3r-Secret-Value"
        );
        assert_eq!(
            body["obBackupThresholdConfig"]["dataBackupTimeoutMinutes"],
            75
        );

        // Ticked, the export carries the secret as typed.
        step_until(&mut h, "the form reloaded", |h| {
            h.state()
                .strategy
                .editor
                .as_ref()
                .is_some_and(|e| e.form.timeout_minutes == "75")
        });
        replace_text(&mut h, "AccessKey secret", "Another-Secret-2");
        std::fs::remove_file(&file).unwrap();
        click(&mut h, "Include storage secrets in the export");
        click(&mut h, "Export JSON…");
        step_until(&mut h, "the file written", |_| file.exists());
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("Another-Secret-2"), "{text}");
    });
}

#[test]
fn a_broken_or_invalid_file_is_refused_and_keeps_the_form() {
    each_version(|env| {
        let file = temp_file("broken.json");
        let mut h = harness_with_file(env, &file);
        if !open_editor(&mut h, env, "trade", "Review changes…") {
            return;
        }
        replace_text(&mut h, "Backup timeout (minutes)", "95");

        std::fs::write(&file, "{ \"backupMode\": ").unwrap();
        click(&mut h, "Import JSON…");
        step_until(&mut h, "the refusal", |h| {
            h.query_by_label_contains("The file is not a backup strategy")
                .is_some()
        });
        assert_eq!(
            editor(&h).form.timeout_minutes,
            "95",
            "what the user typed stays"
        );

        // Well-formed but wrong: the same field errors as typed input, nothing sent.
        let mut bad: serde_json::Value = serde_json::from_str(
            &editor(&h)
                .form
                .export_json(ocp_backup_gui::i18n::Lang::En.tr(), false, false)
                .unwrap(),
        )
        .unwrap();
        bad["obBackupServiceStorageConfig"]["alarmStoragePercentageThreshold"] = json!(140);
        bad["obBackupScheduleConfig"]["dayAndDataBackupModelMap"] =
            json!({"2": "INCREMENTAL_BACKUP"});
        bad["secondaryBackupEnabled"] = json!(true);
        std::fs::write(&file, bad.to_string()).unwrap();
        click(&mut h, "Import JSON…");
        step_until(&mut h, "field errors", |h| {
            has_label(h, "the cycle needs at least one full backup day")
        });
        assert!(has_label(&h, "a whole number from 0 to 100"));
        assert!(has_label(
            &h,
            "secondary backup exists for cluster strategies only"
        ));
        click(&mut h, "Review changes…");
        h.run_steps(3);
        assert!(editor(&h).confirm.is_none());
        assert!(writes(env).is_empty());
    });
}

#[test]
fn a_cluster_strategy_edits_its_secondary_backup() {
    const BJ: i64 = 1_000_002;
    each_version(|env| {
        let mut h = common::app(env, Harness::builder().with_size([1280.0, 1600.0]), None);
        step_until(&mut h, "clusters", |h| has_label(h, "ob_core_bj"));
        common::click_in_navigator(&mut h, "ob_core_bj");
        step_until(&mut h, "the cluster's header", |h| {
            h.query_by_label_contains("Cluster ob_core_bj").is_some()
        });
        h.get_by_label("Strategy editor").click();
        if !ocp_api::version::field_supported(
            "OcpBackupStrategy",
            "obSecondaryBackupConfig",
            &env.version,
        ) {
            // An OCP without secondary backups (4.2.2): the editor offers none, and what it
            // sends carries none.
            step_until(&mut h, "the editor", |h| has_label(h, "Review changes…"));
            assert!(!has_label(&h, "Secondary storage"));
            assert!(!has_label(&h, "Once an hour"));
            return;
        }
        step_until(&mut h, "the secondary section", |h| {
            has_label(h, "Secondary storage")
        });
        let before = env.sim.world(|w| w.strategy(BJ, None)).unwrap();
        assert_eq!(before.secondary_backup_enabled, Some(true));

        click(&mut h, "Once an hour");
        // The second "Storage path" is the secondary storage's.
        let paths: Vec<_> = h
            .query_all_by_role_and_label(Role::TextInput, "Storage path")
            .collect();
        assert_eq!(paths.len(), 2);
        paths[1].focus();
        h.step();
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        h.step();
        h.query_all_by_role_and_label(Role::TextInput, "Storage path")
            .nth(1)
            .unwrap()
            .type_text("/obbackup/copy_v2");
        h.run_steps(2);

        click(&mut h, "Review changes…");
        step_until(&mut h, "the diff", |h| has_label(h, "Changes to send"));
        let rows = match &editor(&h).confirm {
            Some(ocp_backup_gui::strategy::StrategyConfirm::Modify { rows, .. }) => rows.clone(),
            other => panic!("{other:?}"),
        };
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Secondary backup · Log copy period",
                "Secondary backup · Storage path"
            ]
        );
        click(&mut h, "Send changes");
        let path = format!("/api/v2/ob/clusters/{BJ}/backup/config/backupStrategy");
        step_until(&mut h, "the modify answered", |h| {
            idle(h)
                && env.sim.world(|w| {
                    w.request_log()
                        .iter()
                        .any(|r| r.method == "PATCH" && r.path.starts_with(&path))
                })
        });
        let patch = env.sim.world(|w| {
            w.request_log()
                .into_iter()
                .filter(|r| r.method == "PATCH")
                .collect::<Vec<_>>()
        });
        assert_eq!(patch.len(), 1);
        let body = patch[0].body.clone().unwrap();
        assert_eq!(body["secondaryBackupEnabled"], true);
        let sec = &body["obSecondaryBackupConfig"];
        assert_eq!(
            sec["scheduleConfig"]["logSecondaryBackupPeriod"],
            "ONCE_AN_HOUR"
        );
        assert_eq!(sec["scheduleConfig"]["backupDataRetentionDays"], 14);
        assert_eq!(
            sec["storageConfig"]["obBackupStorageBaseInfo"]["storageUrl"],
            "/obbackup/copy_v2"
        );
        assert_eq!(sec["storageConfig"]["configName"], "nfs_core_bj_copy");
        let after = env.sim.world(|w| w.strategy(BJ, None)).unwrap();
        let stored = after.ob_secondary_backup_config.unwrap();
        assert_eq!(
            stored.schedule_config.log_secondary_backup_period,
            ocp_api::enums::LogSecondaryBackupPeriod::OnceAnHour
        );
    });
}
