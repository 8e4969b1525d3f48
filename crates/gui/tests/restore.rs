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
use ocp_backup_gui::restore::RestoreStep;
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

fn click_next(h: &mut Harness<'_, App>, to: RestoreStep) {
    step_until(h, "Next enabled", |h| idle(h) && enabled(h, "Next"));
    h.get_by_label("Next").click();
    step_until(h, "the next step", |h| step(h) == Some(to));
}

/// Opens the wizard on ob_prod_hz / trade and goes to the point-in-time step, which shows the
/// latest recoverable time.
fn open_wizard(h: &mut Harness<'_, App>) {
    step_until(h, "clusters", |h| has_label(h, SOURCE_CLUSTER));
    common::click_in_navigator(h, SOURCE_CLUSTER);
    step_until(h, "tenants", |h| has_label(h, SOURCE_TENANT));
    h.get_by_label(SOURCE_TENANT).click();
    let header = format!("Tenant {SOURCE_TENANT} (Cluster {SOURCE_CLUSTER})");
    step_until(h, "the tenant's header", |h| has_label(h, &header));
    step_until(h, "idle", |h| idle(h));
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
        "Not a valid time (expected e.g. 2024-04-06T10:00:00+08:00)"
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
    assert_eq!(p["restoreEndTime"], time.as_str());
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
    for to in [RestoreStep::Target, RestoreStep::Time, RestoreStep::Source] {
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
