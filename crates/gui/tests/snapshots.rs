//! Pictures of the main screens, rendered by wgpu (a software Vulkan driver on CI) and kept in
//! `tests/snapshots/` so reviewers can see the app. `UPDATE_SNAPSHOTS=1` rewrites them.

mod common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use ocp_backup_gui::App;

/// Steps until every request has answered, so the picture shows data, not spinners.
fn settle(h: &mut Harness<'_, App>) {
    common::step_until(h, "every request answered", |h| common::idle(h));
    h.run_steps(2);
}

/// Replaces a text field's content, then lets the app settle.
fn type_into(h: &mut Harness<'_, App>, label: &str, text: &str) {
    common::replace_text(h, label, text);
    settle(h);
}

#[test]
fn main_screens() {
    let env = common::env();
    let (cluster, tenant) = env.sim.world(|w| {
        let s = w
            .strategies()
            .into_iter()
            .find(|s| s.tenant_id.is_some())
            .unwrap();
        (
            w.cluster(s.cluster_id.unwrap()).unwrap().name,
            w.tenant(s.tenant_id.unwrap()).unwrap().name,
        )
    });
    let mut h = common::app(
        &env,
        Harness::builder().with_size([1280.0, 760.0]).wgpu(),
        None,
    );
    settle(&mut h);
    common::click_in_navigator(&mut h, &cluster);
    settle(&mut h);
    h.snapshot("cluster_overview");

    h.get_by_label(&tenant).click();
    settle(&mut h);
    h.snapshot("tenant_overview");

    h.get_by_label("Data backups").click();
    settle(&mut h);
    h.snapshot("data_backup_tasks");

    h.get_by_label("Back up now…").click();
    settle(&mut h);
    h.snapshot("backup_now_dialog");
    h.key_press(egui::Key::Escape);
    settle(&mut h);

    // One picture per step of the restore wizard.
    h.get_by_label("Restore…").click();
    settle(&mut h);
    h.remove_cursor();
    settle(&mut h);
    h.snapshot("restore_wizard_source");
    h.get_by_label("Backup files of a tenant OCP no longer manages")
        .click();
    settle(&mut h);
    // OSS, with a secret typed (masked) and the errors of a first try beside their fields.
    h.get_by_label("Alibaba Cloud OSS").click();
    settle(&mut h);
    h.get_by_role_and_label(Role::PasswordInput, "AccessKey secret")
        .focus();
    h.step();
    h.get_by_role_and_label(Role::PasswordInput, "AccessKey secret")
        .type_text("not-shown");
    settle(&mut h);
    h.get_by_label("Next").click();
    settle(&mut h);
    h.remove_cursor();
    settle(&mut h);
    h.snapshot("restore_wizard_source_offline");
    h.get_by_label_contains("The tenant selected in the navigator")
        .click();
    settle(&mut h);
    h.get_by_label("Next").click();
    settle(&mut h);
    h.remove_cursor();
    settle(&mut h);
    h.snapshot("restore_wizard_time");
    h.get_by_label("Next").click();
    settle(&mut h);
    // What to restore: the whole tenant (its own pictures are in restore.rs).
    h.get_by_label("Next").click();
    settle(&mut h);
    h.get_by_role_and_label(Role::ComboBox, "Target cluster")
        .click();
    settle(&mut h);
    h.get_by_role(Role::ListBox)
        .get_by_label("ob_test_431")
        .click();
    settle(&mut h);
    h.get_by_role_and_label(Role::TextInput, "New tenant name")
        .focus();
    h.step();
    h.get_by_role_and_label(Role::TextInput, "New tenant name")
        .type_text(&format!("{tenant}_drill"));
    settle(&mut h);
    h.remove_cursor();
    settle(&mut h);
    h.snapshot("restore_wizard_target");
    h.get_by_label("Next").click();
    settle(&mut h);
    h.remove_cursor();
    settle(&mut h);
    h.snapshot("restore_wizard_preview");
    h.get_by_label("Next").click();
    settle(&mut h);
    h.remove_cursor();
    settle(&mut h);
    h.snapshot("restore_wizard_confirm");
    h.get_by_label("Cancel").click();
    settle(&mut h);

    h.get_by_label("Strategy editor").click();
    settle(&mut h);
    h.snapshot("strategy_editor");

    h.get_by_label("Delete strategy…").click();
    settle(&mut h);
    h.snapshot("strategy_delete_confirm");
    h.key_press(egui::Key::Escape);
    settle(&mut h);

    h.get_by_label("Recoverable times").click();
    settle(&mut h);
    h.remove_cursor();
    settle(&mut h);
    h.snapshot("timeline");

    h.get_by_label("简体中文").click();
    settle(&mut h);
    h.get_by_label("概览").click();
    settle(&mut h);
    h.snapshot("tenant_overview_zh");
    // Statuses and types in words, times in the display zone.
    h.get_by_label("数据备份").click();
    settle(&mut h);
    h.snapshot("data_backup_tasks_zh");
}

#[test]
fn strategy_screens() {
    let env = common::env();
    let mut h = common::app(
        &env,
        Harness::builder().with_size([1280.0, 1500.0]).wgpu(),
        None,
    );
    settle(&mut h);
    // A cluster strategy with secondary backup, its storage switched to OSS.
    common::click_in_navigator(&mut h, "ob_core_bj");
    settle(&mut h);
    h.get_by_label("Strategy editor").click();
    settle(&mut h);
    h.snapshot("strategy_editor_cluster");
    h.get_by_label("Once an hour").click();
    type_into(&mut h, "Backup timeout (minutes)", "180");
    h.get_by_label("Review changes…").click();
    settle(&mut h);
    h.snapshot("strategy_review_changes");
    h.key_press(egui::Key::Escape);
    settle(&mut h);
    // OSS needs its endpoint and keys: the errors stand next to the fields.
    h.get_all_by_label("Alibaba Cloud OSS")
        .next()
        .unwrap()
        .click();
    settle(&mut h);
    h.get_by_label("Review changes…").click();
    settle(&mut h);
    h.snapshot("strategy_field_errors");
    h.get_by_label("Discard edits").click();
    settle(&mut h);

    // A tenant without a strategy: a create is reviewed field by field.
    common::click_in_navigator(&mut h, "ob_prod_hz");
    settle(&mut h);
    h.get_by_label("crm").click();
    settle(&mut h);
    h.get_by_label("Strategy editor").click();
    settle(&mut h);
    type_into(&mut h, "Storage path", "/obbackup/crm");
    h.get_by_label("Create strategy").click();
    settle(&mut h);
    h.snapshot("strategy_review_create");
    h.key_press(egui::Key::Escape);
    settle(&mut h);

    // The same form in Chinese, with a field error.
    h.get_by_label("简体中文").click();
    settle(&mut h);
    type_into(&mut h, "存储告警阈值（%）", "120");
    h.get_by_label("创建策略").click();
    settle(&mut h);
    h.snapshot("strategy_editor_zh");
}

/// A monthly schedule, set through the editor, on the Chinese overview: its day reads "15日"
/// (the day, then 日), as Chinese writes a day of the month.
#[test]
fn monthly_schedule_overview_zh() {
    let env = common::env();
    let mut h = common::app(
        &env,
        Harness::builder().with_size([1280.0, 900.0]).wgpu(),
        None,
    );
    settle(&mut h);
    common::click_in_navigator(&mut h, "ob_prod_hz");
    settle(&mut h);
    h.get_by_label("trade").click();
    settle(&mut h);
    h.get_by_label("Strategy editor").click();
    settle(&mut h);
    h.get_by_label("Monthly").click();
    settle(&mut h);
    h.get_by_label("15: none").click();
    settle(&mut h);
    h.get_by_label("Review changes…").click();
    settle(&mut h);
    h.get_by_label("Send changes").click();
    settle(&mut h);
    let sent = env.sim.world(|w| {
        w.strategies()
            .into_iter()
            .filter_map(|s| s.ob_backup_schedule_config)
            .any(|c| {
                c.backup_schedule_mode.as_str() == "MONTH"
                    && c.day_and_data_backup_model_map.contains_key("15")
            })
    });
    assert!(sent, "the simulator holds the monthly schedule");
    h.get_by_label("简体中文").click();
    settle(&mut h);
    h.get_by_label("概览").click();
    settle(&mut h);
    assert!(common::has_label(&h, "15日 全量"));
    h.remove_cursor();
    settle(&mut h);
    h.snapshot("tenant_overview_monthly_zh");
}

/// The tenant view and the restore wizard on OCP 4.2.2, in both languages: what the older OCP
/// lacks is not offered, and each place says why.
#[test]
fn older_ocp_screens() {
    use ocp_backup_gui::app::Action;
    use ocp_backup_gui::restore::{self, RestoreStep};
    use ocp_backup_gui::state::Tab;
    let env = common::env_as(ocp_sim::Version::new(4, 2, 2));
    let (cluster, tenant, target) = common::tenant_with_strategy(&env.sim);
    let restore_to = env.sim.world(|w| {
        w.clusters()
            .into_iter()
            .find(|c| c.name == "ob_test_431")
            .unwrap()
            .id
    });
    let mut h = common::app(
        &env,
        Harness::builder().with_size([1280.0, 760.0]).wgpu(),
        None,
    );
    settle(&mut h);
    common::click_in_navigator(&mut h, &cluster);
    settle(&mut h);
    h.get_by_label(&tenant).click();
    settle(&mut h);
    for (language, suffix) in [("English", ""), ("简体中文", "_zh")] {
        h.get_by_label(language).click();
        settle(&mut h);
        h.state_mut().push(Action::SetTab(Tab::Overview));
        settle(&mut h);
        h.remove_cursor();
        settle(&mut h);
        h.snapshot(format!("ocp422_tenant_overview{suffix}"));
        h.state_mut().push(Action::SetTab(Tab::Strategy));
        settle(&mut h);
        h.snapshot(format!("ocp422_tenant_strategy{suffix}"));
        h.state_mut().push(Action::SetTab(Tab::Tasks(
            ocp_backup_gui::model::TaskKind::Data,
        )));
        settle(&mut h);
        h.snapshot(format!("ocp422_tenant_data_tasks{suffix}"));

        // The wizard from the target step on: "Next" passes over the preview.
        h.state_mut().push(restore::Action::Open(target));
        settle(&mut h);
        h.state_mut()
            .push(restore::Action::Goto(RestoreStep::Target));
        h.state_mut()
            .push(restore::Action::TargetCluster(restore_to));
        settle(&mut h);
        h.state_mut().restore.wizard.as_mut().unwrap().name = format!("{tenant}_drill");
        h.state_mut()
            .push(restore::Action::Goto(RestoreStep::Preview));
        settle(&mut h);
        assert_eq!(
            h.state().restore.wizard.as_ref().map(|w| w.step),
            Some(RestoreStep::Confirm)
        );
        h.remove_cursor();
        settle(&mut h);
        h.snapshot(format!("ocp422_restore_wizard_confirm{suffix}"));
        h.state_mut().push(restore::Action::Close);
        settle(&mut h);
    }
    common::only_supported_requests(&env);
}

/// The backup health home over two connections (the seeded demo and a saved connection to a
/// generated fleet), in English and in Chinese.
#[test]
fn health_home_over_two_connections() {
    let env = common::env();
    let other = common::fleet_sim(&env, 10, 2);
    let mut h = common::app_with_profiles(
        &env,
        Harness::builder().with_size([1800.0, 760.0]).wgpu(),
        None,
        vec![common::profile(7, "prod-b", other.base_url())],
    );
    settle(&mut h);
    h.get_by_label("All saved connections").click();
    settle(&mut h);
    h.remove_cursor();
    settle(&mut h);
    h.snapshot("health_home");
    h.get_by_label("简体中文").click();
    settle(&mut h);
    h.remove_cursor();
    settle(&mut h);
    h.snapshot("health_home_zh");
}
