//! The restore wizard against an in-process simulator: it refuses what OCP would refuse before
//! sending anything, previews what the simulator plans, and a restore sends exactly one
//! `restoreTenant` whose tenant shows up in the simulator and in the navigator.

mod common;

use std::time::Duration;

use common::{Env, env};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use ocp_api::{ClientConfig, Credentials};
use ocp_backup_gui::App;
use ocp_backup_gui::restore_form::RestoreStep;
use ocp_sim::SimHandle;

const SOURCE_CLUSTER: &str = "ob_prod_hz";
const SOURCE_TENANT: &str = "trade";
const TARGET_CLUSTER: &str = "ob_test_431";
const NEW_NAME: &str = "trade_restored";

fn harness(env: &Env) -> Harness<'static, App> {
    common::app(env, Harness::builder().with_size([1280.0, 800.0]), None)
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

fn idle(h: &Harness<'_, App>) -> bool {
    !h.state().worker.any_busy(|_| true)
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

fn posts_to(sim: &SimHandle, suffix: &str) -> usize {
    sim.world(|w| {
        w.request_log()
            .iter()
            .filter(|r| r.method == "POST" && r.path.ends_with(suffix))
            .count()
    })
}

fn step(h: &Harness<'_, App>) -> Option<RestoreStep> {
    h.state().view.restore.as_ref().map(|w| w.step)
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
    h.get_by_label(SOURCE_CLUSTER).click();
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
            .view
            .restore
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
            .view
            .restore
            .as_ref()
            .is_some_and(|w| !w.zones.is_empty())
    });
}

fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.step();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run_steps(2);
}

/// Replaces the whole text of a field, as a user selecting all and typing would.
fn replace_text(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.step();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run_steps(2);
}

fn wizard(h: &Harness<'_, App>) -> ocp_backup_gui::restore_form::RestoreWizard {
    h.state().view.restore.clone().expect("the wizard is open")
}

fn client(env: &Env) -> ocp_api::Client {
    ClientConfig::new(env.sim.base_url())
        .credentials(Credentials::basic(
            ocp_sim::DEFAULT_ADMIN_USER,
            ocp_sim::DEFAULT_ADMIN_PASSWORD,
        ))
        .build()
        .unwrap()
}

#[test]
fn the_wizard_refuses_a_time_outside_the_windows_and_an_existing_name() {
    let env = env();
    let mut h = harness(&env);
    open_wizard(&mut h);
    assert!(enabled(&h, "Next"), "the latest recoverable time is valid");
    let default = h.state().view.restore.as_ref().unwrap().time.clone();

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
            .view
            .restore
            .as_ref()
            .is_some_and(|w| w.preview.is_some())
    });
    let shown = h
        .state()
        .view
        .restore
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
    let time = h.state().view.restore.as_ref().unwrap().time.clone();
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
        h.state().view.restore.is_none() && !h.state().view.followed.is_empty()
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
    let task = h.state().view.followed[0];
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
