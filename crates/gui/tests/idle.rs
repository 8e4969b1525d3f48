//! An idle app asks for no frame: once a screen has loaded, egui is asked for no immediate
//! repaint, and the only timer allowed is auto-refresh while a shown task runs. A frame loop
//! that never settles costs a DBA's laptop a core (and the GL rasteriser another) all day.

mod common;

use std::time::Duration;

use common::{Env, env, has_label, idle, step_until};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use ocp_backup_gui::App;

fn harness(env: &Env) -> Harness<'static, App> {
    common::app(env, Harness::builder().with_size([1280.0, 800.0]), None)
}

/// Lets every request finish, then runs frames until egui asks for none; fails naming the
/// causes when the app keeps asking (kittest reports them). Returns the timer left, if any.
fn settle(h: &mut Harness<'_, App>, screen: &str) -> Option<Duration> {
    step_until(h, &format!("{screen}: requests finished"), |h| idle(h));
    if let Err(e) = h.try_run() {
        panic!("{screen}: the app keeps repainting while idle: {e}");
    }
    let delay = h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay;
    (delay != Duration::MAX).then_some(delay)
}

/// The auto-refresh timer of the app, the one documented timer of an idle screen.
fn assert_no_timer_or_auto_refresh(screen: &str, timer: Option<Duration>) {
    assert_timer_at_most(screen, timer, ocp_backup_gui::AUTO_REFRESH);
}

fn assert_timer_at_most(screen: &str, timer: Option<Duration>, most: Duration) {
    if let Some(delay) = timer {
        assert!(
            delay <= most,
            "{screen}: an idle timer of {delay:?} that is not auto-refresh"
        );
    }
}

fn first_tenant(env: &Env) -> (String, String) {
    let (cluster, tenant, _) = common::tenant_with_strategy(&env.sim);
    (cluster, tenant)
}

#[test]
fn every_main_screen_settles_without_repainting() {
    let env = env();
    let mut h = harness(&env);
    let (cluster, tenant) = first_tenant(&env);

    step_until(&mut h, "clusters", |h| has_label(h, &cluster));
    // The backup health home: its own auto-refresh (settings, minutes) is its one timer.
    let timer = settle(&mut h, "start screen");
    let every = h.state().health_refresh_interval().expect("on by default");
    assert!(
        timer.is_some_and(|t| t > ocp_backup_gui::AUTO_REFRESH),
        "{timer:?}"
    );
    assert_timer_at_most("start screen", timer, every);

    common::click_in_navigator(&mut h, &cluster);
    step_until(&mut h, "tenants", |h| has_label(h, &tenant));
    let timer = settle(&mut h, "cluster overview");
    assert_no_timer_or_auto_refresh("cluster overview", timer);

    h.get_by_label(&tenant).click();
    let header = format!("Tenant {tenant} (Cluster {cluster})");
    step_until(&mut h, "tenant overview", |h| has_label(h, &header));
    let timer = settle(&mut h, "tenant overview");
    assert_no_timer_or_auto_refresh("tenant overview", timer);

    for tab in [
        "Data backups",
        "Log backups",
        "Restores",
        "OCP tasks",
        "Strategy editor",
        "Recoverable times",
        "Overview",
    ] {
        h.get_by_label(tab).click();
        h.run_steps(2);
        let timer = settle(&mut h, tab);
        assert_no_timer_or_auto_refresh(tab, timer);
    }
}

#[test]
fn the_window_title_is_sent_once_not_every_frame() {
    let env = env();
    let mut h = harness(&env);
    let (cluster, _) = first_tenant(&env);
    step_until(&mut h, "clusters", |h| has_label(h, &cluster));
    settle(&mut h, "start screen");
    // A hover moves nothing that needs a new title: one frame, then quiet again.
    h.hover_at(egui::pos2(600.0, 400.0));
    h.step();
    let commands = &h.output().viewport_output[&egui::ViewportId::ROOT].commands;
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, egui::ViewportCommand::Title(_))),
        "the title was sent again: {commands:?}"
    );
    settle(&mut h, "after a hover");
}
