//! The restore wizard against an in-process simulator: it refuses what OCP would refuse before
//! sending anything, previews what the simulator plans, and a restore sends exactly one
//! `restoreTenant` whose tenant shows up in the simulator and in the navigator.

mod common;

use std::time::Duration;

use common::{Env, client, env, has_label, idle, posts_to, replace_text, step_until, text_input};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use ocp_backup_gui::App;
use ocp_backup_gui::restore::{RestoreStep, point};
use ocp_backup_gui::ui::format::Format;
use ocp_sim::SimHandle;

const SOURCE_CLUSTER: &str = "ob_prod_hz";
const SOURCE_TENANT: &str = "trade";
const TARGET_CLUSTER: &str = "ob_test_431";
const NEW_NAME: &str = "trade_restored";

fn harness(env: &Env) -> Harness<'static, App> {
    common::app(env, Harness::builder().with_size([1280.0, 800.0]), None)
}

fn enabled(h: &Harness<'_, App>, label: &str) -> bool {
    h.query_by_label(label)
        .is_some_and(|b| !b.accesskit_node().is_disabled())
}

fn cluster_id(sim: &SimHandle, name: &str) -> i64 {
    sim.world(|w| {
        w.clusters()
            .into_iter()
            .find(|c| c.name == name)
            .unwrap()
            .id
    })
}

fn step(h: &Harness<'_, App>) -> Option<RestoreStep> {
    h.state().restore.wizard.as_ref().map(|w| w.step)
}

/// Clicks Next until the wizard is on step `to` (through the steps between).
fn click_next(h: &mut Harness<'_, App>, to: RestoreStep) {
    while let Some(at) = step(h).filter(|s| *s != to) {
        step_until(h, "Next enabled", |h| idle(h) && enabled(h, "Next"));
        // The modal re-centres while a new step's size settles.
        h.run_steps(3);
        h.get_by_label("Next").click();
        step_until(h, "the next step", |h| step(h) == Some(at.next()));
    }
}

/// Opens the wizard on ob_prod_hz / trade and goes to the point-in-time step, which shows the
/// latest recoverable time.
fn open_wizard(h: &mut Harness<'_, App>) {
    select_source(h);
    h.get_by_label("Restore…").click();
    step_until(h, "the wizard", |h| step(h) == Some(RestoreStep::Source));
    click_next(h, RestoreStep::Time);
    step_until(h, "the default time", |h| {
        h.state()
            .restore
            .wizard
            .as_ref()
            .is_some_and(|w| !w.time.is_empty())
    });
}

/// Selects ob_prod_hz / trade in the navigator.
fn select_source(h: &mut Harness<'_, App>) {
    step_until(h, "clusters", |h| has_label(h, SOURCE_CLUSTER));
    common::click_in_navigator(h, SOURCE_CLUSTER);
    step_until(h, "tenants", |h| has_label(h, SOURCE_TENANT));
    h.get_by_label(SOURCE_TENANT).click();
    let header = format!("Tenant {SOURCE_TENANT} (Cluster {SOURCE_CLUSTER})");
    step_until(h, "the tenant's header", |h| has_label(h, &header));
    step_until(h, "idle", |h| idle(h));
}

/// On the target step: picks ob_test_431 in the combo box and waits for its zones.
fn pick_target(h: &mut Harness<'_, App>) {
    click_next(h, RestoreStep::Target);
    // The modal re-centres while the new step's size settles.
    h.run_steps(3);
    h.get_by_role_and_label(Role::ComboBox, "Target cluster")
        .click();
    h.run_steps(2);
    // The navigator lists the same cluster name: click the one in the combo box's list.
    h.get_by_role(Role::ListBox)
        .get_by_label(TARGET_CLUSTER)
        .click();
    step_until(h, "the target's zones", |h| {
        h.state()
            .restore
            .wizard
            .as_ref()
            .is_some_and(|w| !w.zones.is_empty())
    });
}

fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    text_input(h, label).focus();
    h.step();
    text_input(h, label).type_text(text);
    h.run_steps(2);
}

/// Clicks a widget once the modal has settled (it re-centres when a step changes size).
fn click(h: &mut Harness<'_, App>, label: &str) {
    h.run_steps(3);
    h.get_by_label(label).click();
    h.run_steps(2);
}

fn wizard(h: &Harness<'_, App>) -> ocp_backup_gui::restore::RestoreWizard {
    h.state()
        .restore
        .wizard
        .clone()
        .expect("the wizard is open")
}

#[test]
fn the_wizard_refuses_a_time_outside_the_windows_and_an_existing_name() {
    let env = env();
    let mut h = harness(&env);
    open_wizard(&mut h);
    assert!(enabled(&h, "Next"), "the latest recoverable time is valid");
    let default = h.state().restore.wizard.as_ref().unwrap().time.clone();

    replace_text(&mut h, "Restore to", "2000-01-01T00:00:00+08:00");
    assert_eq!(wizard(&h).time, "2000-01-01T00:00:00+08:00");
    assert!(has_label(&h, "Outside every recoverable interval"));
    assert!(!enabled(&h, "Next"));
    h.get_by_label("Next").click();
    h.run_steps(2);
    assert_eq!(step(&h), Some(RestoreStep::Time));

    replace_text(&mut h, "Restore to", "not a time");
    assert!(has_label(
        &h,
        "Not a valid time (expected e.g. 2024-04-06 10:00:00 or 2024-04-06T10:00:00+08:00)"
    ));
    assert!(!enabled(&h, "Next"));
    replace_text(&mut h, "Restore to", &default);
    assert!(enabled(&h, "Next"));
    pick_target(&mut h);
    let existing = env.sim.world(|w| {
        w.tenants(cluster_id(&env.sim, TARGET_CLUSTER))
            .into_iter()
            .map(|t| t.name)
            .find(|n| n != "sys")
            .unwrap()
    });
    type_into(&mut h, "New tenant name", &existing);
    assert!(has_label(
        &h,
        "A tenant with this name exists in the target cluster"
    ));
    assert!(!enabled(&h, "Next"));
    h.get_by_label("Next").click();
    h.run_steps(2);
    assert_eq!(step(&h), Some(RestoreStep::Target));

    assert_eq!(posts_to(&env.sim, "/backup/restore"), 0, "nothing restored");
    assert_eq!(
        posts_to(&env.sim, "/backup/restore/preview"),
        0,
        "nothing previewed"
    );
}

#[test]
fn preview_lists_what_the_simulator_returns() {
    let env = env();
    let mut h = harness(&env);
    open_wizard(&mut h);
    pick_target(&mut h);
    type_into(&mut h, "New tenant name", NEW_NAME);
    click_next(&mut h, RestoreStep::Preview);
    step_until(&mut h, "the preview", |h| {
        h.state()
            .restore
            .wizard
            .as_ref()
            .is_some_and(|w| w.preview.is_some())
    });
    let shown = h
        .state()
        .restore
        .wizard
        .as_ref()
        .unwrap()
        .preview
        .clone()
        .unwrap();
    let body = env.sim.world(|w| {
        w.request_log()
            .iter()
            .rfind(|r| r.method == "POST" && r.path.ends_with("/backup/restore/preview"))
            .and_then(|r| r.body.clone())
            .unwrap()
    });
    let param: ocp_api::types::RestoreTenantParam = serde_json::from_value(body).unwrap();
    let source = cluster_id(&env.sim, SOURCE_CLUSTER);
    let server = env.rt.block_on(async {
        client(&env)
            .preview_restore()
            .id(source)
            .body(param)
            .send()
            .await
            .unwrap()
            .into_inner()
            .data
            .contents
    });
    assert!(!server.is_empty());
    assert_eq!(shown, server);
    for item in &server {
        assert!(has_label(&h, &item.backup_dest), "{}", item.backup_dest);
    }
    assert_eq!(
        posts_to(&env.sim, "/backup/restore"),
        0,
        "a preview restores nothing"
    );
}

#[test]
fn a_restore_sends_one_request_and_the_new_tenant_appears() {
    let env = env();
    let mut h = harness(&env);
    open_wizard(&mut h);
    let time = h.state().restore.wizard.as_ref().unwrap().time.clone();
    let fmt = wizard(&h).fmt;
    pick_target(&mut h);
    type_into(&mut h, "New tenant name", NEW_NAME);
    click_next(&mut h, RestoreStep::Preview);
    click_next(&mut h, RestoreStep::Confirm);
    assert!(has_label(&h, NEW_NAME), "the summary names the new tenant");

    h.get_by_label("Restore").click();
    h.step();
    if let Some(b) = h.query_by_label("Restore") {
        b.click();
    }
    step_until(&mut h, "restore started", |h| {
        h.state().restore.wizard.is_none() && !h.state().tasks.followed.is_empty()
    });
    assert_eq!(
        posts_to(&env.sim, "/backup/restore"),
        1,
        "one click, one restore"
    );
    let target = cluster_id(&env.sim, TARGET_CLUSTER);
    let (source_cluster, source_tenant) = env.sim.world(|w| {
        let c = w
            .clusters()
            .into_iter()
            .find(|c| c.name == SOURCE_CLUSTER)
            .unwrap();
        let t = w
            .tenants(c.id)
            .into_iter()
            .find(|t| t.name == SOURCE_TENANT)
            .unwrap();
        (c.id, t.id)
    });
    let body = env.sim.world(|w| {
        w.request_log()
            .iter()
            .find(|r| r.method == "POST" && r.path.ends_with("/backup/restore"))
            .map(|r| (r.path.clone(), r.body.clone().unwrap()))
            .unwrap()
    });
    assert_eq!(
        body.0,
        format!("/api/v2/ob/clusters/{source_cluster}/backup/restore")
    );
    let p = &body.1["restoreOnlineTenantRequiredParam"];
    assert_eq!(body.1["backupTenantStatus"], "ONLINE");
    assert_eq!(p["backupClusterId"], source_cluster);
    assert_eq!(p["backupTenantId"], source_tenant);
    assert_eq!(p["restoreClusterId"], target);
    // The point shown (whole seconds, in the display zone) is the instant sent.
    let sent = ocp_api::time::OcpDateTime::parse(p["restoreEndTime"].as_str().unwrap()).unwrap();
    assert_eq!(fmt.parse_time(&time), Some(sent));
    let info = &p["restoreTenantInfoParam"];
    assert_eq!(info["name"], NEW_NAME);
    let zone = &info["zones"][0];
    assert_eq!(zone["replicaType"], "FULL");
    assert_eq!(zone["resourcePool"]["unitSpecName"], "S1");
    assert_eq!(zone["resourcePool"]["unitCount"], 1);
    assert_eq!(info["primaryZone"], zone["name"]);

    env.sim.advance(Duration::from_secs(3 * 3600));
    h.key_press(egui::Key::F5);
    let task = h.state().tasks.followed[0];
    step_until(&mut h, "the restore task ended", |h| {
        h.state()
            .data
            .instances
            .get(&task)
            .and_then(|l| l.value.as_ref())
            .is_some_and(|t| t.status.as_str() != "RUNNING")
    });
    let created = env
        .sim
        .world(|w| w.tenants(target).into_iter().any(|t| t.name == NEW_NAME));
    assert!(created, "the simulator has the new tenant");
    step_until(&mut h, "idle", |h| idle(h));
    if !has_label(&h, NEW_NAME) {
        h.get_by_label(TARGET_CLUSTER).click();
    }
    step_until(&mut h, "the new tenant in the navigator", |h| {
        has_label(h, NEW_NAME)
    });
    assert!(
        h.state()
            .data
            .tenants
            .get(&target)
            .and_then(|l| l.value.as_ref())
            .is_some_and(|l| l.iter().any(|t| t.name == NEW_NAME))
    );
}

fn posts(sim: &SimHandle, suffix: &str) -> Vec<ocp_sim::RequestRecord> {
    sim.world(|w| {
        w.request_log()
            .into_iter()
            .filter(|r| r.method == "POST" && r.path.ends_with(suffix))
            .collect()
    })
}

/// A time two minutes before the end of trade's latest recoverable interval.
fn time_inside(env: &Env) -> String {
    let source = cluster_id(&env.sim, SOURCE_CLUSTER);
    let tenant = env.sim.world(|w| {
        w.tenants(source)
            .into_iter()
            .find(|t| t.name == SOURCE_TENANT)
            .unwrap()
            .id
    });
    let info = env.rt.block_on(async {
        client(env)
            .get_tenant_backup_info()
            .id(source)
            .tenant_id(tenant)
            .send()
            .await
            .unwrap()
            .into_inner()
            .data
    });
    let end = info
        .ob_recoverable_info_aggregation
        .and_then(|a| a.latest_seven_days_aggregation)
        .unwrap()
        .ob_recoverable_section_items
        .into_iter()
        .filter_map(|i| i.real_recoverable_time_interval)
        .map(|i| *i.end_time.as_datetime())
        .max()
        .unwrap();
    (end - chrono::TimeDelta::minutes(2)).to_rfc3339()
}

#[test]
fn a_restore_refused_by_ocp_keeps_the_form_and_shows_ocps_error() {
    let env = env();
    let mut h = harness(&env);
    open_wizard(&mut h);
    pick_target(&mut h);
    type_into(&mut h, "New tenant name", NEW_NAME);
    replace_text(&mut h, "Primary zone", "");
    click_next(&mut h, RestoreStep::Preview);
    click_next(&mut h, RestoreStep::Confirm);
    let before = wizard(&h);

    // Someone else starts a restore to the same name between the check and the click.
    let mut theirs: ocp_api::types::RestoreTenantParam = serde_json::from_value(
        posts(&env.sim, "/backup/restore/preview")
            .last()
            .unwrap()
            .body
            .clone()
            .unwrap(),
    )
    .unwrap();
    theirs
        .restore_online_tenant_required_param
        .as_mut()
        .unwrap()
        .restore_tenant_info_param
        .primary_zone = None;
    let source = cluster_id(&env.sim, SOURCE_CLUSTER);
    env.rt.block_on(async {
        client(&env)
            .restore_tenant()
            .id(source)
            .body(theirs)
            .send()
            .await
            .unwrap()
    });
    assert_eq!(posts(&env.sim, "/backup/restore").len(), 1);

    // A slow answer keeps the request in flight long enough to see the button disabled.
    env.sim.set_faults(ocp_sim::Faults {
        latency: Duration::from_millis(300),
        ..ocp_sim::Faults::default()
    });
    h.get_by_label("Restore").click();
    h.run_steps(2);
    assert!(!enabled(&h, "Restore"), "disabled while in flight");
    h.get_by_label("Restore").click();
    step_until(&mut h, "OCP's refusal", |h| {
        idle(h)
            && h.state()
                .restore
                .wizard
                .as_ref()
                .is_some_and(|w| w.error.is_some())
    });
    let sent = posts(&env.sim, "/backup/restore");
    assert_eq!(sent.len(), 2, "one click, one request, no retry");
    assert_eq!(sent[1].status, 409);

    let after = wizard(&h);
    let error = after.error.clone().unwrap();
    assert_eq!(error.code.as_deref(), Some("BAK42004"));
    let trace = error.trace_id.clone().expect("OCP's traceId");
    assert!(has_label(&h, "BAK42004"), "the code is shown");
    assert!(has_label(&h, &trace), "the traceId is shown");
    assert!(has_label(&h, &error.message), "OCP's message is shown");
    assert!(error.message.contains(NEW_NAME), "{}", error.message);
    assert_eq!(after.step, RestoreStep::Confirm);
    assert_eq!(after.time, before.time);
    assert_eq!(after.target_cluster, before.target_cluster);
    assert_eq!(after.name, NEW_NAME);
    assert_eq!(after.zones, before.zones);
    assert_eq!(after.primary_zone, "");
    assert!(
        has_label(&h, NEW_NAME),
        "the summary still names the tenant"
    );
    assert!(enabled(&h, "Restore"), "the user may try again");
}

#[test]
fn an_offline_source_is_checked_then_sent_with_names_and_storage() {
    const SECRET: &str = "Sk-very-secret-42";
    let env = env();
    let mut h = harness(&env);
    open_wizard(&mut h);
    h.get_by_label("Back").click();
    step_until(&mut h, "the source step", |h| {
        step(h) == Some(RestoreStep::Source)
    });
    h.run_steps(3);
    h.get_by_label("Backup files of a tenant OCP no longer manages")
        .click();
    h.run_steps(3);
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Source cluster name")
            .value()
            .as_deref(),
        Some(SOURCE_CLUSTER),
        "the cluster the request goes to"
    );
    assert!(!has_label(&h, "Required"), "no errors before a try");

    // Nothing filled in: every missing field says so, and nothing moves on or is sent.
    h.get_by_label("Next").click();
    h.run_steps(3);
    assert_eq!(step(&h), Some(RestoreStep::Source));
    assert_eq!(h.query_all_by_label("Required").count(), 2);
    h.get_by_label("Alibaba Cloud OSS").click();
    h.run_steps(3);
    assert_eq!(
        h.query_all_by_label("Required").count(),
        5,
        "OSS also needs endpoint, AccessKey ID and secret"
    );
    type_into(&mut h, "Source tenant name", SOURCE_TENANT);
    type_into(&mut h, "Storage path", "oss://bucket/backup");
    assert!(has_label(
        &h,
        "the path without a protocol (OCP adds file://, oss://… itself)"
    ));
    replace_text(&mut h, "Storage path", "bucket/backup");
    type_into(&mut h, "Endpoint", "oss-cn-hangzhou.aliyuncs.com");
    type_into(&mut h, "AccessKey ID", "LTAI-id");
    type_into(&mut h, "AccessKey secret", SECRET);
    assert_ne!(
        h.get_by_role_and_label(Role::PasswordInput, "AccessKey secret")
            .value()
            .as_deref(),
        Some(SECRET),
        "the field is masked"
    );
    assert_eq!(h.query_all_by_label("Required").count(), 0);
    assert_eq!(posts(&env.sim, "/backup/restore/preview").len(), 0);

    // The typed time, checked by OCP at the preview.
    let at = time_inside(&env);
    click_next(&mut h, RestoreStep::Time);
    replace_text(&mut h, "Restore to", &at);
    pick_target(&mut h);
    type_into(&mut h, "New tenant name", NEW_NAME);
    click_next(&mut h, RestoreStep::Preview);
    step_until(&mut h, "the preview's refusal", |h| {
        idle(h) && wizard(h).error.is_some()
    });
    // No backup of trade lies in that bucket.
    let error = wizard(&h).error.unwrap();
    assert_eq!(error.code.as_deref(), Some("COM10002"));
    assert!(has_label(&h, "COM10002"));
    let sent = posts(&env.sim, "/backup/restore/preview");
    assert_eq!(sent.len(), 1);
    let body = sent[0].body.clone().unwrap();
    let p = &body["restoreOfflineTenantRequiredParam"];
    assert_eq!(body["backupTenantStatus"], "OFFLINE");
    assert!(body.get("restoreOnlineTenantRequiredParam").is_none());
    let storage = &p["obBackupStorageBaseInfo"];
    assert_eq!(storage["backupStorageType"], "BACKUP_STORAGE_OSS");
    assert_eq!(storage["storageUrl"], "bucket/backup");
    assert_eq!(
        storage["ossAccessKey"]["endpoint"],
        "oss-cn-hangzhou.aliyuncs.com"
    );
    assert_eq!(storage["ossAccessKey"]["accessKeyId"], "LTAI-id");
    assert_eq!(storage["ossAccessKey"]["accessKeySecret"], SECRET);
    // The secret went to OCP and nowhere else: not on screen, not in Debug output.
    let shown = h
        .query_all_by(|n| {
            n.label().is_some_and(|l| l.contains(SECRET))
                || n.value().is_some_and(|v| v.contains(SECRET))
        })
        .count();
    assert_eq!(shown, 0, "the secret is not on screen");
    assert!(!format!("{:?}", wizard(&h)).contains(SECRET));
    assert!(!format!("{:?}", h.state().view.error_panel).contains(SECRET));

    // Back to the source: the files are on the NFS mount.
    for to in [
        RestoreStep::Target,
        RestoreStep::Objects,
        RestoreStep::Time,
        RestoreStep::Source,
    ] {
        h.run_steps(2);
        h.get_by_label("Back").click();
        step_until(&mut h, "the step before", |h| step(h) == Some(to));
    }
    // The modal re-centres around the taller source step first.
    h.run_steps(3);
    h.get_by_label("File (NFS)").click();
    h.run_steps(2);
    replace_text(&mut h, "Storage path", "/obbackup/");
    click_next(&mut h, RestoreStep::Time);
    assert_eq!(wizard(&h).time, at, "the time stays as typed");
    click_next(&mut h, RestoreStep::Target);
    click_next(&mut h, RestoreStep::Preview);
    step_until(&mut h, "the preview", |h| {
        idle(h) && wizard(h).preview.is_some()
    });
    let items = wizard(&h).preview.unwrap();
    assert!(!items.is_empty());
    assert!(has_label(&h, &items[0].backup_dest));
    click_next(&mut h, RestoreStep::Confirm);
    assert!(has_label(&h, "File (NFS) · /obbackup/"));
    h.get_by_label("Restore").click();
    step_until(&mut h, "restore started", |h| {
        h.state().restore.wizard.is_none() && !h.state().tasks.followed.is_empty()
    });

    let sent = posts(&env.sim, "/backup/restore");
    assert_eq!(sent.len(), 1, "one click, one restore");
    let source = cluster_id(&env.sim, SOURCE_CLUSTER);
    let target = cluster_id(&env.sim, TARGET_CLUSTER);
    assert_eq!(
        sent[0].path,
        format!("/api/v2/ob/clusters/{source}/backup/restore")
    );
    let body = sent[0].body.clone().unwrap();
    assert_eq!(body["backupTenantStatus"], "OFFLINE");
    assert!(body.get("restoreOnlineTenantRequiredParam").is_none());
    let p = &body["restoreOfflineTenantRequiredParam"];
    assert_eq!(p["backupMode"], "PHYSICAL_BACKUP");
    assert_eq!(p["backupClusterName"], SOURCE_CLUSTER);
    assert_eq!(p["backupTenantName"], SOURCE_TENANT);
    assert!(p.get("backupObClusterId").is_none());
    assert_eq!(p["restoreClusterId"], target);
    assert_eq!(p["restoreEndTime"], at.as_str());
    assert_eq!(
        p["obBackupStorageBaseInfo"],
        serde_json::json!({"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"}),
        "no key object for NFS"
    );
    assert_eq!(p["restoreTenantInfoParam"]["name"], NEW_NAME);
    let restored = env.sim.world(|w| w.restore_tasks()[0].clone());
    assert_eq!(restored.restore_tenant_name.as_deref(), Some(NEW_NAME));
    assert_eq!(restored.backup_tenant_name.as_deref(), Some(SOURCE_TENANT));
}

#[test]
fn restore_sources_are_added_and_cleared_after_asking() {
    const SET: &str =
        "file:///obbackup/old_prod/1/incarnation_1/1002/data/backup_set_77_full_20240406";
    const PIECE: &str = "file:///obbackup/old_prod/1/incarnation_1/1002/clog/1_3_20240406";
    let env = env();
    let mut h = harness(&env);
    open_wizard(&mut h);
    pick_target(&mut h);
    type_into(&mut h, "New tenant name", NEW_NAME);
    click_next(&mut h, RestoreStep::Preview);
    step_until(&mut h, "the preview", |h| {
        idle(h) && wizard(h).preview.is_some()
    });
    let target = cluster_id(&env.sim, TARGET_CLUSTER);

    type_into(&mut h, "Backup paths", "/obbackup/no_protocol");
    assert!(has_label(
        &h,
        "Not a path with protocol (e.g. file:///obbackup/…): /obbackup/no_protocol"
    ));
    assert!(!enabled(&h, "Add sources"));
    h.get_by_label("Add sources").click();
    h.run_steps(2);
    assert!(posts(&env.sim, "/addRestoreSource").is_empty());

    replace_text(&mut h, "Backup paths", SET);
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    text_input(&h, "Backup paths").type_text(PIECE);
    h.run_steps(2);
    assert!(enabled(&h, "Add sources"));
    env.sim.set_faults(ocp_sim::Faults {
        latency: Duration::from_millis(300),
        ..ocp_sim::Faults::default()
    });
    h.get_by_label("Add sources").click();
    h.run_steps(2);
    assert!(!enabled(&h, "Add sources"), "disabled while in flight");
    h.get_by_label("Add sources").click();
    step_until(&mut h, "the sources added", |h| {
        idle(h) && wizard(h).sources_added.len() == 2
    });
    env.sim.set_faults(ocp_sim::Faults::default());
    let added = posts(&env.sim, "/api/v2/ob/backup/restore/addRestoreSource");
    assert_eq!(added.len(), 1, "one click, one request");
    let query = ocp_api::signing::parse_query(added[0].query.as_deref().unwrap());
    let target_text = target.to_string();
    assert_eq!(
        query,
        vec![
            ("restoreClusterId".to_owned(), target_text.clone()),
            ("restoreSources".to_owned(), SET.to_owned()),
            ("restoreSources".to_owned(), PIECE.to_owned()),
        ]
    );
    assert_eq!(
        env.sim.world(|w| w.restore_sources(target)),
        vec![SET.to_owned(), PIECE.to_owned()]
    );
    // The preview asks again and now reads the added paths too.
    step_until(&mut h, "the new preview", |h| {
        idle(h)
            && wizard(h)
                .preview
                .is_some_and(|p| p.iter().any(|i| i.backup_dest == PIECE))
    });
    assert_eq!(posts(&env.sim, "/backup/restore/preview").len(), 2);
    assert!(
        h.query_all_by_label(PIECE).count() >= 2,
        "listed and previewed"
    );
    assert_eq!(wizard(&h).sources_text, "", "the field is emptied");

    // Clearing asks first; keeping them sends nothing.
    let ask = format!(
        "Remove every restore source added by hand to cluster {TARGET_CLUSTER}? Restores into it will no longer read them."
    );
    click(&mut h, "Clear added sources…");
    assert!(has_label(&h, &ask));
    click(&mut h, "Keep them");
    assert!(!has_label(&h, &ask));
    assert!(posts(&env.sim, "/clearRestoreSource").is_empty());
    click(&mut h, "Clear added sources…");
    click(&mut h, "Clear sources");
    step_until(&mut h, "the sources cleared", |h| {
        idle(h) && wizard(h).sources_added.is_empty()
    });
    let cleared = posts(&env.sim, "/api/v2/ob/backup/restore/clearRestoreSource");
    assert_eq!(cleared.len(), 1);
    assert_eq!(
        cleared[0].query.as_deref(),
        Some(format!("restoreClusterId={target}").as_str())
    );
    assert!(env.sim.world(|w| w.restore_sources(target)).is_empty());
    step_until(&mut h, "the preview without them", |h| {
        idle(h)
            && wizard(h)
                .preview
                .is_some_and(|p| !p.iter().any(|i| i.backup_dest == PIECE))
    });
    assert!(!has_label(&h, PIECE));
    assert_eq!(
        posts(&env.sim, "/backup/restore").len(),
        0,
        "nothing restored"
    );
}

#[test]
fn a_cluster_restores_only_from_backup_files() {
    let env = env();
    let mut h = harness(&env);
    step_until(&mut h, "clusters", |h| has_label(h, SOURCE_CLUSTER));
    common::click_in_navigator(&mut h, SOURCE_CLUSTER);
    let header = format!("Cluster {SOURCE_CLUSTER}");
    step_until(&mut h, "the cluster's header", |h| has_label(h, &header));
    step_until(&mut h, "idle", |h| idle(h));
    h.get_by_label("Restore…").click();
    step_until(&mut h, "the wizard", |h| {
        step(h) == Some(RestoreStep::Source)
    });
    h.run_steps(3);
    assert_eq!(
        wizard(&h).source_kind,
        ocp_backup_gui::restore::SourceKind::Offline
    );
    assert!(
        h.get_by_label("The tenant selected in the navigator")
            .accesskit_node()
            .is_disabled(),
        "a cluster has no tenant to restore from OCP's records"
    );
    assert!(has_label(
        &h,
        "Select a tenant in the navigator to restore it from OCP's records."
    ));
    assert_eq!(
        text_input(&h, "Source cluster name").value().as_deref(),
        Some(SOURCE_CLUSTER)
    );
    click(&mut h, "Next");
    assert_eq!(step(&h), Some(RestoreStep::Source));
    assert_eq!(h.query_all_by_label("Required").count(), 2);
    assert!(posts(&env.sim, "/backup/restore/preview").is_empty());
}

#[test]
fn a_refused_restore_source_shows_ocps_error_and_keeps_the_paths() {
    const SET: &str =
        "file:///obbackup/old_prod/1/incarnation_1/1002/data/backup_set_9_full_20240406";
    let env = env();
    let mut h = harness(&env);
    open_wizard(&mut h);
    pick_target(&mut h);
    type_into(&mut h, "New tenant name", NEW_NAME);
    click_next(&mut h, RestoreStep::Preview);
    step_until(&mut h, "the preview", |h| {
        idle(h) && wizard(h).preview.is_some()
    });
    type_into(&mut h, "Backup paths", SET);
    // Every answer is a server error now; a write must not be retried.
    env.sim.set_faults(ocp_sim::Faults {
        server_error_rate: 1.0,
        ..ocp_sim::Faults::default()
    });
    click(&mut h, "Add sources");
    step_until(&mut h, "the refusal", |h| {
        idle(h) && wizard(h).sources_error.is_some()
    });
    env.sim.set_faults(ocp_sim::Faults::default());
    let sent = posts(&env.sim, "/api/v2/ob/backup/restore/addRestoreSource");
    assert_eq!(sent.len(), 1, "never retried");
    assert!(sent[0].status >= 500);
    let error = wizard(&h).sources_error.unwrap();
    let code = error.code.clone().expect("OCP's code");
    let trace = error.trace_id.clone().expect("OCP's traceId");
    assert!(has_label(&h, &code));
    assert!(has_label(&h, &trace));
    assert!(has_label(&h, &error.message));
    assert_eq!(wizard(&h).sources_text, SET, "the typed path stays");
    assert!(wizard(&h).sources_added.is_empty());
    let target = cluster_id(&env.sim, TARGET_CLUSTER);
    assert!(env.sim.world(|w| w.restore_sources(target)).is_empty());
    assert!(enabled(&h, "Add sources"), "the user may try again");
}

// ---- Point in time: the strip, presets, date picker, typing ----

/// The source's timeline as the wizard has it, and how the wizard writes times.
fn wizard_timeline(h: &Harness<'_, App>) -> (ocp_backup_gui::model::Timeline, Format) {
    let w = wizard(h);
    let tl = h.state().data.timelines[&w.source].value.clone().unwrap();
    (tl, w.fmt)
}

/// Clicks the wizard's strip at instant `ms`; returns the instant under the pointer.
fn click_strip(h: &mut Harness<'_, App>, ms: i64) -> i64 {
    let view = wizard(h).strip;
    let x = view.x_of(ms).expect("the strip is drawn");
    let y = view.plot_rect.unwrap().center().y;
    common::click_at(h, egui::pos2(x, y));
    view.ms_at(x).unwrap()
}

fn next_enabled(h: &Harness<'_, App>) -> bool {
    enabled(h, "Next")
}

#[test]
fn the_point_is_picked_on_the_strip_by_preset_date_picker_and_typing() {
    let env = env();
    let mut h = harness(&env);
    open_wizard(&mut h);
    let (tl, fmt) = wizard_timeline(&h);
    assert!(fmt.ocp_offset.is_some(), "OCP's zone is known");
    assert!(tl.recoverable.len() >= 2, "trade has windows with a gap");
    assert!(has_label(&h, "Recoverable times of the source"));

    // On the strip, inside the widest window: that second is the point, and it is drawn.
    let wide = tl
        .recoverable
        .iter()
        .max_by_key(|r| r.end_ms - r.start_ms)
        .unwrap()
        .clone();
    let at = click_strip(&mut h, (wide.start_ms + wide.end_ms) / 2);
    let expected = point::field_ms(&fmt, point::picked_second(&tl, at));
    assert_eq!(wizard(&h).time, expected);
    assert!(!expected.contains('.'), "whole seconds: {expected}");
    assert!(next_enabled(&h));

    // In the gap: refused, with the nearest recoverable times on both sides.
    let (first, second) = (tl.recoverable[0].clone(), tl.recoverable[1].clone());
    click_strip(&mut h, (first.end_ms + second.start_ms) / 2);
    assert!(has_label(&h, "Outside every recoverable interval"));
    assert!(!next_enabled(&h));
    let gap = fmt
        .parse_time(&wizard(&h).time)
        .unwrap()
        .to_utc()
        .timestamp_millis();
    let (before, after) = point::nearest(&tl, gap);
    let t = ocp_backup_gui::i18n::Lang::En.tr().restore_texts;
    let before = t.nearest_before(&point::shown_ms(&fmt, before.unwrap()));
    let after_ms = after.unwrap();
    let after = t.nearest_after(&point::shown_ms(&fmt, after_ms));
    assert!(has_label(&h, &before), "{before}");
    click(&mut h, &after);
    assert_eq!(wizard(&h).time, point::field_ms(&fmt, after_ms));
    assert!(tl.recoverable_at(after_ms).is_some());
    assert!(next_enabled(&h));

    // Presets: the latest recoverable second, and an hour before OCP's clock.
    click(&mut h, "Latest recoverable");
    assert_eq!(
        wizard(&h).time,
        point::field_ms(&fmt, point::latest(&tl).unwrap())
    );
    click(&mut h, "1 hour ago");
    let hour_ago = env.sim.now() - chrono::TimeDelta::hours(1);
    assert_eq!(wizard(&h).time, fmt.time_field(hour_ago.to_utc()));
    assert!(next_enabled(&h));

    // The date picker: one day back, saved; the time of day stays.
    let date = wizard(&h).point.date;
    h.get_by_label_contains("📆").click();
    h.run_steps(2);
    click(&mut h, "<");
    click(&mut h, "Save");
    let day_before = hour_ago - chrono::TimeDelta::days(1);
    assert_eq!(wizard(&h).point.date, date.yesterday().unwrap());
    assert_eq!(wizard(&h).time, fmt.time_field(day_before.to_utc()));

    // The hour field.
    replace_text(&mut h, "Hour", "03");
    let zone = point::zone(&fmt);
    let three = fmt.parse_time(&wizard(&h).time).unwrap();
    let day_before = day_before.with_timezone(&zone);
    assert_eq!(
        three
            .as_datetime()
            .with_timezone(&zone)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        format!(
            "{} 03:{}",
            day_before.format("%Y-%m-%d"),
            day_before.format("%M:%S")
        )
    );

    // Typing, in the display zone or with an offset, moves the fields too.
    let typed = point::field_ms(&fmt, wide.start_ms + 3_600_000);
    replace_text(&mut h, "Restore to", &typed);
    let w = wizard(&h);
    let at = fmt.parse_time(&typed).unwrap();
    let fields = point::PointFields::of(&at.as_datetime().with_timezone(&zone));
    assert_eq!(w.point, fields);
    assert!(next_enabled(&h));
    assert_eq!(posts_to(&env.sim, "/backup/restore"), 0, "nothing restored");
    assert_eq!(posts_to(&env.sim, "/backup/restore/preview"), 0);
}

// ---- What to restore ----

fn seeded_ids() -> (i64, i64, i64) {
    use ocp_sim::seeded::{PROD_HZ, TEST_431, TRADE};
    (PROD_HZ.id, TRADE.id, TEST_431.id)
}

/// On the objects step: chooses tables (or databases) and pastes `lines`.
fn paste_objects(h: &mut Harness<'_, App>, kind: &str, lines: &str) {
    click_next(h, RestoreStep::Objects);
    click(h, kind);
    type_into(h, "Paste lines", lines);
    click(h, "Add lines");
}

/// Sends the restore from the review step; returns the body the simulator received.
fn send_restore(h: &mut Harness<'_, App>, env: &Env) -> serde_json::Value {
    click_next(h, RestoreStep::Confirm);
    h.run_steps(3);
    h.get_by_label("Restore").click();
    step_until(h, "restore started", |h| {
        h.state().restore.wizard.is_none() && !h.state().tasks.followed.is_empty()
    });
    let sent = posts(&env.sim, "/backup/restore");
    assert_eq!(sent.len(), 1, "one click, one restore");
    sent[0].body.clone().unwrap()
}

#[test]
fn a_table_restore_with_a_rename_sends_the_exact_body_and_the_new_tenant_holds_the_table() {
    let env = env();
    let mut h = harness(&env);
    open_wizard(&mut h);
    paste_objects(&mut h, "Tables", "trade.orders orders_0809");
    assert_eq!(wizard(&h).objects.rows.len(), 1);
    assert!(next_enabled(&h));
    pick_target(&mut h);
    type_into(&mut h, "New tenant name", NEW_NAME);
    click_next(&mut h, RestoreStep::Confirm);
    // The review lists exactly what is restored, under which name, and how.
    assert!(has_label(&h, "trade.orders → trade.orders_0809"));
    assert!(has_label(&h, "Full restore"));
    assert!(!has_label(&h, "The whole tenant"));
    let body = send_restore(&mut h, &env);

    let (source, tenant, target) = seeded_ids();
    let sent_time = body["restoreOnlineTenantRequiredParam"]["restoreEndTime"].clone();
    let zones: Vec<serde_json::Value> = ocp_sim::seeded::TEST_431
        .zones
        .iter()
        .map(|z| {
            serde_json::json!({
                "name": z, "replicaType": "FULL",
                "resourcePool": {"unitCount": 1, "unitSpecName": "S1"}
            })
        })
        .collect();
    assert_eq!(
        body,
        serde_json::json!({
            "backupTenantStatus": "ONLINE",
            "restoreOnlineTenantRequiredParam": {
                "backupClusterId": source,
                "backupTenantId": tenant,
                "restoreClusterId": target,
                "restoreEndTime": sent_time,
                "restoreTenantInfoParam": {
                    "name": NEW_NAME,
                    "primaryZone": ocp_sim::seeded::TEST_431.zones[0],
                    "zones": zones,
                    "restoreObj": "table",
                    "tableRestoreObjects": [
                        {"sourceDatabase": "trade", "sourceTable": "orders",
                         "targetTable": "orders_0809"}
                    ]
                }
            }
        })
    );
    // The point sent is the latest recoverable second the step showed.
    let tl = h.state().data.timelines[&ocp_backup_gui::model::Target::Tenant {
        cluster: source,
        tenant,
    }]
        .value
        .clone()
        .unwrap();
    let sent = ocp_api::time::OcpDateTime::parse(sent_time.as_str().unwrap()).unwrap();
    assert_eq!(
        sent.to_utc().timestamp_millis(),
        point::latest(&tl).unwrap()
    );

    env.sim.advance(Duration::from_secs(24 * 3600));
    let held = env.sim.world(|w| {
        let t = w.tenant_by_name(target, NEW_NAME).expect("the new tenant");
        w.tenant_databases(t.id)
    });
    assert_eq!(
        held,
        vec![("trade".to_owned(), vec!["orders_0809".to_owned()])]
    );
}

#[test]
fn the_201st_object_and_a_duplicate_are_refused_before_sending() {
    let env = env();
    let mut h = harness(&env);
    open_wizard(&mut h);
    // A table listed twice.
    paste_objects(&mut h, "Tables", "trade.orders\ntrade.orders orders_copy");
    assert!(has_label(&h, "Row 2 repeats row 1."));
    assert!(!next_enabled(&h));
    click(&mut h, "Next");
    assert_eq!(step(&h), Some(RestoreStep::Objects));
    // A line that is not `db.table [new]` adds nothing and is named; the text stays.
    type_into(&mut h, "Paste lines", "orders");
    click(&mut h, "Add lines");
    assert!(has_label(
        &h,
        "Not a table line (db.table [new name]): orders"
    ));
    assert_eq!(wizard(&h).objects.rows.len(), 2);
    assert_eq!(wizard(&h).objects.paste, "orders");
    replace_text(&mut h, "Paste lines", "");

    // The duplicate removed, then 200 more: the 201st is refused.
    h.run_steps(3);
    let removes: Vec<_> = h.query_all_by_label("Remove").collect();
    removes[1].click();
    h.run_steps(2);
    assert!(next_enabled(&h));
    let lines: String = (1..=200).map(|i| format!("trade.t{i}\n")).collect();
    type_into(&mut h, "Paste lines", &lines);
    click(&mut h, "Add lines");
    assert_eq!(wizard(&h).objects.rows.len(), 201);
    assert!(has_label(
        &h,
        "At most 200 databases or tables per restore (201 listed)."
    ));
    assert!(!next_enabled(&h));

    // Down to 200 by hand: accepted.
    h.run_steps(3);
    h.query_all_by_label("Remove").next().unwrap().click();
    h.run_steps(2);
    let rows = wizard(&h).objects.rows;
    assert_eq!((rows.len(), rows[0].table.as_str()), (200, "t1"));
    assert!(next_enabled(&h));

    assert_eq!(posts_to(&env.sim, "/backup/restore"), 0, "nothing sent");
    assert_eq!(posts_to(&env.sim, "/backup/restore/preview"), 0);
}

/// The simulator's world with its settings changed by `config`.
fn env_with(config: impl FnOnce(&mut ocp_sim::SimConfig)) -> Env {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut c = ocp_sim::SimConfig::for_tests();
    config(&mut c);
    let version = ocp_api::version::OcpVersion::known(c.ocp_version);
    let sim = rt.block_on(ocp_sim::spawn(c)).unwrap();
    Env { rt, sim, version }
}

#[test]
fn quick_restore_is_hidden_for_an_old_observer_and_offered_for_a_new_one() {
    let env = env();
    let mut h = harness(&env);
    open_wizard(&mut h);
    click_next(&mut h, RestoreStep::Objects);
    assert!(has_label(
        &h,
        "Quick restore needs OBServer 4.3.3 or later; the source cluster runs 4.2.1.8."
    ));
    assert!(h.query_by_label_contains("Quick restore (").is_none());
    drop(h);

    let env = env_with(|c| {
        c.observer_versions = vec![(SOURCE_CLUSTER.into(), "4.3.3.0".into())];
    });
    let mut h = harness(&env);
    open_wizard(&mut h);
    click_next(&mut h, RestoreStep::Objects);
    assert!(!has_label(
        &h,
        "Quick restore needs OBServer 4.3.3 or later; the source cluster runs 4.2.1.8."
    ));
    h.run_steps(3);
    h.get_by_label_contains("Quick restore (").click();
    h.run_steps(2);
    pick_target(&mut h);
    type_into(&mut h, "New tenant name", NEW_NAME);
    click_next(&mut h, RestoreStep::Confirm);
    assert!(h.query_by_label_contains("Quick restore (").is_some());
    let body = send_restore(&mut h, &env);
    let info = &body["restoreOnlineTenantRequiredParam"]["restoreTenantInfoParam"];
    assert_eq!(info["restoreMethod"], "quick");
    assert!(
        info.get("restoreObj").is_none(),
        "a whole tenant: OCP's default"
    );
}

// ---- Restore again, a restore's details ----

/// The source's Restores tab, its rows loaded.
fn restores_tab(h: &mut Harness<'_, App>) -> Vec<ocp_api::types::RestoreTask> {
    use ocp_backup_gui::model::{TableId, TaskKind};
    let (source, tenant, _) = seeded_ids();
    let id = TableId {
        target: ocp_backup_gui::model::Target::Tenant {
            cluster: source,
            tenant,
        },
        kind: TaskKind::Restore,
    };
    h.get_by_label("Restores").click();
    step_until(h, "the restore rows", |h| {
        idle(h)
            && h.state()
                .tasks
                .tables
                .get(&id)
                .is_some_and(|t| !t.restores.is_empty())
    });
    h.state().tasks.tables[&id].restores.clone()
}

/// Clicks the row of the restore that made `tenant` (its cell in the table, right of the
/// navigator) and waits for its OCP task.
fn open_details(h: &mut Harness<'_, App>, tenant: &str) {
    let cell = h
        .get_all_by_label(tenant)
        .max_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
        .unwrap();
    cell.click();
    step_until(h, "the restore's OCP task", |h| {
        idle(h)
            && h.state()
                .tasks
                .restore_details
                .as_ref()
                .is_some_and(|d| d.instance.is_some())
    });
}

#[test]
fn restore_again_prefills_every_field_and_sends_one_restore_after_review() {
    use ocp_sim::seeded::{TEST_431, TRADE_VERIFY};
    let env = env();
    let mut h = harness(&env);
    select_source(&mut h);
    let rows = restores_tab(&mut h);
    let task = rows
        .iter()
        .find(|t| t.restore_tenant_name.as_deref() == Some(TRADE_VERIFY.name))
        .expect("trade's seeded restore")
        .clone();
    open_details(&mut h, TRADE_VERIFY.name);
    assert!(has_label(&h, "Phases"));
    assert!(has_label(&h, "Wait for restore to finish"));
    assert!(h.query_by_label("View cause").is_none(), "it succeeded");
    h.run_steps(2);
    h.get_by_label("Restore again…").click();
    step_until(&mut h, "the wizard's zones", |h| {
        idle(h)
            && h.state()
                .restore
                .wizard
                .as_ref()
                .is_some_and(|w| !w.zones.is_empty() && !w.time.is_empty())
    });
    assert!(h.state().tasks.restore_details.is_none());

    // Every field as the task had it; the name is the user's to give.
    let (source, tenant, target) = seeded_ids();
    let w = wizard(&h);
    assert_eq!(
        w.source,
        ocp_backup_gui::model::Target::Tenant {
            cluster: source,
            tenant
        }
    );
    assert_eq!(w.target_cluster, Some(target));
    assert_eq!(target, TEST_431.id);
    let (_, fmt) = wizard_timeline(&h);
    let point_of_task = task.restore_end_time.clone().unwrap();
    assert_eq!(w.time, fmt.time(&point_of_task));
    assert_eq!(w.name, "");
    let restored = env
        .sim
        .world(|w| w.tenant_by_name(target, TRADE_VERIFY.name).unwrap());
    let zones: Vec<_> = w
        .zones
        .iter()
        .map(|z| (z.name.clone(), z.unit_count.clone()))
        .collect();
    let expected: Vec<_> = restored
        .zones
        .iter()
        .map(|z| {
            let count = z.resource_pool.as_ref().and_then(|p| p.unit_count).unwrap();
            (z.name.clone(), count.to_string())
        })
        .collect();
    assert_eq!(zones, expected);
    assert!(has_label(
        &h,
        &format!(
            "Filled from restore #{} (tenant {}); every field can be changed, and the new tenant needs a new name.",
            task.id, TRADE_VERIFY.name
        )
    ));

    click_next(&mut h, RestoreStep::Target);
    assert!(!next_enabled(&h), "a new tenant name is required");
    type_into(&mut h, "New tenant name", NEW_NAME);
    click_next(&mut h, RestoreStep::Preview);
    let body = send_restore(&mut h, &env);
    let p = &body["restoreOnlineTenantRequiredParam"];
    assert_eq!(p["backupClusterId"], source);
    assert_eq!(p["backupTenantId"], tenant);
    assert_eq!(p["restoreClusterId"], target);
    let sent = ocp_api::time::OcpDateTime::parse(p["restoreEndTime"].as_str().unwrap()).unwrap();
    assert_eq!(
        fmt.time(&sent),
        fmt.time(&point_of_task),
        "the same point, to the second"
    );
    let info = &p["restoreTenantInfoParam"];
    assert_eq!(info["name"], NEW_NAME);
    let sent_zones: Vec<_> = info["zones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|z| {
            (
                z["name"].as_str().unwrap().to_owned(),
                z["resourcePool"]["unitCount"].to_string(),
            )
        })
        .collect();
    assert_eq!(sent_zones, expected);
}

#[test]
fn a_failing_restore_shows_its_cause_with_code_and_trace_id() {
    use ocp_api::enums::{OcpErrorCode, RestoreTaskStatus};
    let env = env_with(|c| {
        c.restore_failures = vec![ocp_sim::RestoreFailure {
            tenant: SOURCE_TENANT.into(),
            phase: RestoreTaskStatus::RestoreWaitLs,
            code: OcpErrorCode::Bak42002,
        }];
    });
    let mut h = common::app(
        &env,
        Harness::builder().with_size([1280.0, 800.0]).wgpu(),
        None,
    );
    open_wizard(&mut h);
    pick_target(&mut h);
    type_into(&mut h, "New tenant name", NEW_NAME);
    send_restore(&mut h, &env);
    // Refreshes by hand only, so that the pictures do not depend on when a poll comes.
    h.state_mut().settings.auto_refresh = false;
    env.sim.advance(Duration::from_secs(24 * 3600));
    let rows = restores_tab(&mut h);
    let failed = rows
        .iter()
        .find(|t| t.restore_tenant_name.as_deref() == Some(NEW_NAME))
        .expect("the new restore's row");
    assert_eq!(failed.status.as_str(), "RESTORE_FAIL");
    open_details(&mut h, NEW_NAME);

    // What the simulator's failed subtask says.
    let context: serde_json::Value = env.sim.world(|w| {
        let text = w
            .task_instances()
            .into_iter()
            .flat_map(|t| t.subtasks)
            .find(|s| s.status.as_str() == "FAILED" && s.context.is_some())
            .and_then(|s| s.context)
            .unwrap();
        serde_json::from_str(&text).unwrap()
    });
    assert_eq!(context["errorCode"], "BAK42002");
    h.run_steps(2);
    click(&mut h, "View cause");
    for key in ["errorMessage", "errorCode", "traceId", "failedPhase"] {
        let text = context[key].as_str().unwrap();
        assert!(has_label(&h, text), "{key}: {text}");
    }
    h.remove_cursor();
    // Whether the navigator has opened the target cluster by now depends on when the app saw
    // the restore end; the picture shows it open, with its tenants loaded.
    let target = cluster_id(&env.sim, TARGET_CLUSTER);
    if !h.state().navigator.expanded.contains(&target) {
        h.state_mut()
            .push(ocp_backup_gui::navigator::Action::ToggleCluster(target));
    }
    step_until(&mut h, "idle", |h| {
        idle(h) && h.state().navigator.expanded.contains(&target)
    });
    h.run_steps(2);
    h.snapshot("restore_details_cause");
    h.state_mut().settings.lang = ocp_backup_gui::i18n::Lang::Zh;
    h.run_steps(3);
    assert!(has_label(&h, "查看原因"));
    h.snapshot("restore_details_cause_zh");
}

/// Snapshots of the point-in-time step, the object step and the review of a table restore,
/// in English and Chinese.
#[test]
fn restore_wizard_screens() {
    use ocp_backup_gui::i18n::Lang;
    let env = env();
    let mut h = common::app(
        &env,
        Harness::builder().with_size([1280.0, 860.0]).wgpu(),
        None,
    );
    let both = |h: &mut Harness<'_, App>, name: &str| {
        h.remove_cursor();
        step_until(h, "idle", |h| idle(h));
        h.run_steps(3);
        h.snapshot(name);
        h.state_mut().settings.lang = Lang::Zh;
        h.run_steps(3);
        h.snapshot(format!("{name}_zh"));
        h.state_mut().settings.lang = Lang::En;
        h.run_steps(3);
    };
    open_wizard(&mut h);
    // A point in the gap: the strip marks it, the nearest recoverable times are offered.
    let (tl, _) = wizard_timeline(&h);
    click_strip(
        &mut h,
        (tl.recoverable[0].end_ms + tl.recoverable[1].start_ms) / 2,
    );
    both(&mut h, "restore_wizard_point");
    click(&mut h, "Latest recoverable");
    paste_objects(
        &mut h,
        "Tables",
        "trade.orders orders_0809\ntrade.payments\ntrade_report.daily_sales report.sales_0809",
    );
    both(&mut h, "restore_wizard_objects");
    pick_target(&mut h);
    type_into(&mut h, "New tenant name", NEW_NAME);
    click_next(&mut h, RestoreStep::Confirm);
    both(&mut h, "restore_wizard_review_tables");
    assert!(has_label(
        &h,
        "trade_report.daily_sales → report.sales_0809"
    ));
}

/// On an OCP without restore preview (4.2.2) the wizard passes over the preview step, says why
/// at the confirmation, still sends exactly one restore, and no request for an operation that
/// version lacks (preview, restore sources, tenant-level calls) reaches the simulator.
#[test]
fn on_an_older_ocp_the_wizard_skips_the_preview_and_sends_one_restore() {
    let env = common::env_as(ocp_sim::Version::new(4, 2, 2));
    let v = env
        .lacks(ocp_api::Operation::PreviewRestore)
        .expect("4.2.2 has no restore preview");
    let mut h = harness(&env);
    open_wizard(&mut h);
    pick_target(&mut h);
    type_into(&mut h, "New tenant name", NEW_NAME);
    for _ in 0..RestoreStep::ALL.len() {
        if step(&h) == Some(RestoreStep::Confirm) {
            break;
        }
        step_until(&mut h, "Next enabled", |h| idle(h) && enabled(h, "Next"));
        h.run_steps(3);
        h.get_by_label("Next").click();
        h.run_steps(3);
        assert_ne!(
            step(&h),
            Some(RestoreStep::Preview),
            "the preview is passed over"
        );
    }
    assert_eq!(step(&h), Some(RestoreStep::Confirm));
    h.run_steps(3);
    assert!(has_label(
        &h,
        &format!(
            "OCP {v} has no restore preview: the step is skipped; the time was checked against the recoverable windows of the cluster's backup info"
        )
    ));
    assert!(!has_label(&h, "Backup paths"), "no restore sources offered");

    h.get_by_label("Restore").click();
    step_until(&mut h, "restore started", |h| {
        h.state().restore.wizard.is_none() && !h.state().tasks.followed.is_empty()
    });
    assert_eq!(posts_to(&env.sim, "/backup/restore"), 1, "one restore");
    assert_eq!(posts(&env.sim, "/backup/restore/preview").len(), 0);
    common::only_supported_requests(&env);
}
