//! The strategy editor, driven through its widgets against an in-process simulator; each test
//! checks exactly what reached the simulator.

mod common;

use std::time::Duration;

use common::{Env, env};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use ocp_backup_gui::App;
use ocp_sim::RequestRecord;
use serde_json::json;

const HZ: i64 = 1_000_001;
const TRADE: i64 = 1_000_012;
const CRM: i64 = 1_000_015;

fn harness(env: &Env) -> Harness<'static, App> {
    common::app(env, Harness::builder().with_size([1280.0, 1000.0]), None)
}

fn step_until(
    h: &mut Harness<'_, App>,
    what: &str,
    mut done: impl FnMut(&mut Harness<'_, App>) -> bool,
) {
    for _ in 0..400 {
        h.step();
        if done(h) {
            h.step();
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let notices: Vec<String> = h.state().notices.iter().map(|n| n.text.clone()).collect();
    panic!("timed out waiting for {what}; the app said: {notices:#?}");
}

fn has_label(h: &Harness<'_, App>, text: &str) -> bool {
    h.query_all_by_label(text).next().is_some()
}

/// Opens `ob_prod_hz/<tenant>` in the strategy editor and waits for its form.
fn open_editor(h: &mut Harness<'_, App>, tenant: &str, submit: &str) {
    step_until(h, "clusters", |h| has_label(h, "ob_prod_hz"));
    h.get_by_label("ob_prod_hz").click();
    step_until(h, "tenants", |h| has_label(h, tenant));
    h.get_by_label(tenant).click();
    step_until(h, "the tenant's header", |h| {
        has_label(h, &format!("Tenant {tenant} (Cluster ob_prod_hz)"))
    });
    h.get_by_label("Strategy editor").click();
    step_until(h, "the strategy form", |h| has_label(h, submit));
}

/// Replaces the text of a field (select all, then type).
fn set_field(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.step();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run_steps(2);
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

fn idle(h: &Harness<'_, App>) -> bool {
    !h.state().worker.any_busy(|_| true)
}

#[test]
fn a_weekly_strategy_created_through_the_calendar_reaches_the_server_exactly() {
    let env = env();
    assert!(env.sim.world(|w| w.strategy(HZ, Some(CRM)).is_none()));
    let mut h = harness(&env);
    open_editor(&mut h, "crm", "Create strategy");
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
    set_field(&mut h, "Storage config name", "nfs_crm");
    set_field(&mut h, "Storage path", "/obbackup/crm/");
    set_field(&mut h, "Start time (HH:MM)", "01:30");
    set_field(&mut h, "UTC offset", "+08:00");
    set_field(&mut h, "Keep backups (days)", "14");

    click(&mut h, "Create strategy");
    step_until(&mut h, "the strategy created", |h| {
        idle(h)
            && h.state()
                .view
                .strategy
                .as_ref()
                .is_some_and(|e| e.base.is_some())
    });
    let posts = strategy_requests(&env, CRM, "POST");
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
}

#[test]
fn modify_shows_old_and_new_then_patches_the_new_value() {
    let env = env();
    let mut h = harness(&env);
    open_editor(&mut h, "trade", "Review changes…");

    // Unchanged: nothing is sent.
    click(&mut h, "Review changes…");
    step_until(&mut h, "the note", |h| {
        has_label(h, "Nothing changed; nothing was sent.")
    });
    assert!(h.state().view.strategy.as_ref().unwrap().confirm.is_none());

    let before = env.sim.world(|w| w.strategy(HZ, Some(TRADE))).unwrap();
    let old = before
        .ob_backup_threshold_config
        .as_ref()
        .unwrap()
        .data_backup_timeout_minutes;
    assert_ne!(old, 90);
    set_field(&mut h, "Backup timeout (minutes)", "90");
    click(&mut h, "Review changes…");
    step_until(&mut h, "the diff", |h| has_label(h, "Changes to send"));
    // One row: the field, old → new.
    let rows = match &h.state().view.strategy.as_ref().unwrap().confirm {
        Some(ocp_backup_gui::state::StrategyConfirm::Modify { rows, .. }) => rows.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(has_label(&h, &old.to_string()) && has_label(&h, "90"));
    assert!(
        strategy_requests(&env, TRADE, "PATCH").is_empty(),
        "nothing before confirming"
    );

    click(&mut h, "Send changes");
    step_until(&mut h, "the modify answered", |h| {
        idle(h)
            && h.state()
                .view
                .strategy
                .as_ref()
                .is_some_and(|e| e.form.timeout_minutes == "90")
    });
    let patches = strategy_requests(&env, TRADE, "PATCH");
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
}

#[test]
fn invalid_input_shows_field_errors_in_the_current_language_and_sends_nothing() {
    let env = env();
    let mut h = harness(&env);
    open_editor(&mut h, "crm", "Create strategy");
    set_field(&mut h, "Storage alarm threshold (%)", "150");
    set_field(&mut h, "Backup timeout (minutes)", "0");
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
    assert!(strategy_requests(&env, CRM, "POST").is_empty());

    click(&mut h, "简体中文");
    step_until(&mut h, "errors in Chinese", |h| {
        has_label(h, "周期中至少需要一个全量备份日")
    });
    assert_eq!(h.query_all_by_label("必填").count(), 5);
    assert!(strategy_requests(&env, CRM, "POST").is_empty());
    assert!(env.sim.world(|w| w.strategy(HZ, Some(CRM)).is_none()));
}

#[test]
fn delete_asks_first_and_says_what_stops() {
    let env = env();
    let mut h = harness(&env);
    open_editor(&mut h, "trade", "Review changes…");
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
    assert!(strategy_requests(&env, TRADE, "DELETE").is_empty());
    assert!(env.sim.world(|w| w.strategy(HZ, Some(TRADE)).is_some()));

    click(&mut h, "Delete strategy…");
    step_until(&mut h, "the question", |h| has_label(h, "Delete"));
    click(&mut h, "Delete");
    step_until(&mut h, "the form in create mode", |h| {
        idle(h) && has_label(h, "Create strategy")
    });
    assert_eq!(strategy_requests(&env, TRADE, "DELETE").len(), 1);
    assert!(env.sim.world(|w| w.strategy(HZ, Some(TRADE)).is_none()));
}

#[test]
fn pause_asks_then_stops_the_schedule_and_offers_resume() {
    let env = env();
    let mut h = harness(&env);
    open_editor(&mut h, "trade", "Review changes…");
    click(&mut h, "Pause schedule…");
    step_until(&mut h, "the question", |h| {
        has_label(h, "Pause the backup schedule?")
    });
    assert!(
        h.query_by_label_contains("stop until the schedule is resumed")
            .is_some()
    );
    assert!(strategy_requests(&env, TRADE, "POST").is_empty());
    click(&mut h, "Pause");
    step_until(&mut h, "resume offered", |h| {
        idle(h) && has_label(h, "Resume schedule…")
    });
    let posts = strategy_requests(&env, TRADE, "POST");
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
}
