//! The app's flows, driven through its widgets (accessibility labels) against an in-process
//! simulator; each test checks what reached the simulator as well as what the screen shows.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::{
    Env, each_version, has_label, open_tenant, posts_to, step_until, tenant_backup_now_not_offered,
    tenant_with_strategy,
};

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use ocp_api::Operation;
use ocp_backup_gui::App;
use ocp_backup_gui::i18n::Lang;
use ocp_backup_gui::model::{Target, TaskKind};
use ocp_backup_gui::state::Tab;
use ocp_backup_gui::ui::format::Value;
use ocp_sim::Faults;

fn harness(env: &Env, save_to: Option<PathBuf>) -> Harness<'static, App> {
    common::app(env, Harness::builder().with_size([1280.0, 800.0]), save_to)
}

#[test]
fn demo_mode_connects_and_lists_clusters() {
    each_version(|env| {
        let mut h = harness(env, None);
        let names: Vec<String> = env
            .sim
            .world(|w| w.clusters().into_iter().map(|c| c.name).collect());
        assert!(names.len() >= 3);
        step_until(&mut h, "every cluster listed", |h| {
            names.iter().all(|n| has_label(h, n))
        });
        assert!(h.state().is_demo());
        let shown = format!("OCP {}", env.version);
        assert!(has_label(&h, &shown), "the top bar shows {shown}");
        let listed = env.sim.world(|w| {
            w.request_log()
                .iter()
                .any(|r| r.path == "/api/v2/ob/clusters")
        });
        assert!(listed, "the navigator asked the simulator for clusters");
    });
}

/// The demo menu restarts the embedded simulator as OCP 4.2.2, and back: the top bar says which,
/// and the tenant view offers what that version has.
#[test]
fn the_demo_menu_starts_the_simulator_as_an_older_ocp() {
    let env = common::env();
    let mut h = common::embedded_demo_app(&env, Harness::builder().with_size([1280.0, 800.0]));
    step_until(&mut h, "OCP 4.3.0", |h| has_label(h, "OCP 4.3.0"));
    for (item, shown) in [
        ("Demo as OCP 4.2.2", "OCP 4.2.2"),
        ("Demo (embedded simulator)", "OCP 4.3.0"),
    ] {
        h.query_all_by_role(egui::accesskit::Role::ComboBox)
            .next()
            .expect("the connection menu, first in the top bar")
            .click();
        h.run_steps(2);
        h.get_by_role(egui::accesskit::Role::ListBox)
            .get_by_label(item)
            .click();
        step_until(&mut h, shown, |h| has_label(h, shown));
        let versions = h.state().conn.as_ref().and_then(|c| c.version.clone());
        assert_eq!(versions.map(|v| format!("OCP {v}")).as_deref(), Some(shown));
        step_until(&mut h, "clusters", |h| has_label(h, "ob_prod_hz"));
        common::click_in_navigator(&mut h, "ob_prod_hz");
        step_until(&mut h, "tenants", |h| has_label(h, "trade"));
        h.get_by_label("trade").click();
        let reason = "has no tenant-level backup now";
        let older = shown == "OCP 4.2.2";
        step_until(&mut h, "the tenant's header", |h| {
            has_label(h, "Tenant trade (Cluster ob_prod_hz)")
                && h.query_by_label_contains(reason).is_some() == older
        });
    }
}

#[test]
fn backup_now_creates_exactly_one_task_and_follows_it_to_done() {
    each_version(|env| {
        let mut h = harness(env, None);
        let (cluster, tenant, target) = tenant_with_strategy(&env.sim);
        open_tenant(&mut h, &cluster, &tenant);
        if env.lacks(Operation::BackupTenantNow).is_some() {
            return tenant_backup_now_not_offered(&mut h, env, target);
        }
        h.get_by_label("Back up now…").click();
        step_until(&mut h, "dialog with strategy loaded", |h| {
            h.query_by_label("Start backup")
                .is_some_and(|b| !b.accesskit_node().is_disabled())
        });
        let before = env.sim.world(|w| w.data_backup_task_count());
        // Two clicks in a row: the second lands on a disabled button.
        h.get_by_label("Start backup").click();
        h.step();
        if let Some(b) = h.query_by_label("Start backup") {
            b.click();
        }
        step_until(&mut h, "backup started", |h| {
            !h.state().tasks.followed.is_empty()
        });
        assert_eq!(
            posts_to(&env.sim, "/backup/backupNow"),
            1,
            "one click, one backup"
        );
        assert_eq!(env.sim.world(|w| w.data_backup_task_count()), before + 1);
        assert_eq!(h.state().view.tab, Tab::TaskInstances);
        let task = h.state().tasks.followed[0];

        env.sim.advance(Duration::from_secs(3 * 3600));
        h.key_press(egui::Key::F5);
        step_until(&mut h, "task instance finished", |h| {
            h.state()
                .data
                .instances
                .get(&task)
                .and_then(|l| l.value.as_ref())
                .is_some_and(|t| t.status.as_str() != "RUNNING")
        });
        let status = env.sim.world(|w| w.task_instance(task).unwrap().status);
        let words = ocp_backup_gui::ui::format::word(Lang::En, &status);
        assert!(
            has_label(&h, &words),
            "the screen shows the task's final status {status} as {words}"
        );

        h.state_mut().view.selected = Some(target);
        h.get_by_label("Data backups").click();
        step_until(&mut h, "data tasks listed", |h| {
            h.state().tasks.tables.iter().any(|(id, t)| {
                id.target == target && id.kind == TaskKind::Data && !t.rows.is_empty()
            })
        });
        let newest = env.sim.world(|w| {
            w.data_backup_tasks()
                .into_iter()
                .filter(|t| t.tenant_id == target.tenant())
                .max_by_key(|t| t.task_id)
                .unwrap()
        });
        assert!(
            matches!(newest.status.as_str(), "DONE" | "FAILED"),
            "{}",
            newest.status
        );
        let shown = &h
            .state()
            .tasks
            .tables
            .values()
            .find(|t| t.id.target == target)
            .unwrap()
            .rows;
        assert!(
            shown
                .iter()
                .any(|r| r.cells[0] == Value::text(newest.task_id.to_string())
                    && r.status == newest.status.as_str())
        );
    });
}

#[test]
fn incremental_is_refused_with_the_hint_before_any_full_backup() {
    each_version(|env| {
        // A tenant that gets its first strategy now has no backup yet.
        let (cluster, tenant, target, model) = env.sim.world(|w| {
            let model = w
                .strategies()
                .into_iter()
                .find(|s| s.tenant_id.is_some())
                .unwrap();
            for c in w.clusters() {
                for t in w.tenants(c.id) {
                    if t.name != "sys"
                        && w.strategy(c.id, Some(t.id)).is_none()
                        && c.ob_version.as_deref().is_some_and(|v| v.starts_with('4'))
                    {
                        return (
                            c.name.clone(),
                            t.name.clone(),
                            Target::Tenant {
                                cluster: c.id,
                                tenant: t.id,
                            },
                            model,
                        );
                    }
                }
            }
            panic!("the world has a 4.x tenant without a strategy");
        });
        if env.lacks(Operation::BackupTenantNow).is_some() {
            let mut h = harness(env, None);
            open_tenant(&mut h, &cluster, &tenant);
            return tenant_backup_now_not_offered(&mut h, env, target);
        }
        let client = ocp_api::ClientConfig::new(env.sim.base_url())
            .credentials(ocp_api::Credentials::basic(
                ocp_sim::DEFAULT_ADMIN_USER,
                ocp_sim::DEFAULT_ADMIN_PASSWORD,
            ))
            .build()
            .unwrap();
        let body = ocp_api::types::BackupStrategyParam {
            backup_mode: model.backup_mode.clone().unwrap(),
            ob_backup_object_list: Vec::new(),
            ob_backup_schedule_config: model.ob_backup_schedule_config.clone().unwrap(),
            ob_backup_service_storage_config: model
                .ob_backup_service_storage_config
                .clone()
                .unwrap(),
            ob_backup_threshold_config: model.ob_backup_threshold_config.clone().unwrap(),
            ob_secondary_backup_config: None,
            secondary_backup_enabled: false,
        };
        use ocp_api::ResultExt as _;
        env.rt
            .block_on(
                client
                    .create_tenant_backup_strategy()
                    .id(target.cluster())
                    .tenant_id(target.tenant().unwrap())
                    .body(body)
                    .send(),
            )
            .ocp()
            .unwrap();
        let mut h = harness(env, None);
        open_tenant(&mut h, &cluster, &tenant);
        h.get_by_label("Back up now…").click();
        step_until(&mut h, "full-backup check", |h| {
            h.state().data.full_backup.contains_key(&target)
        });
        assert!(
            h.get_by_role_and_label(egui::accesskit::Role::RadioButton, "Incremental")
                .accesskit_node()
                .is_disabled()
        );
        assert!(
            h.query_by_label_contains("Incremental backup is not possible yet")
                .is_some()
        );
        assert_eq!(posts_to(&env.sim, "/backup/backupNow"), 0);
    });
}

#[test]
fn a_server_error_is_shown_with_code_and_trace_and_the_dialog_keeps_its_choice() {
    each_version(|env| {
        let mut h = harness(env, None);
        let (cluster, tenant, target) = tenant_with_strategy(&env.sim);
        open_tenant(&mut h, &cluster, &tenant);
        if env.lacks(Operation::BackupTenantNow).is_some() {
            return tenant_backup_now_not_offered(&mut h, env, target);
        }
        h.get_by_label("Back up now…").click();
        step_until(&mut h, "dialog ready", |h| {
            h.query_by_label("Start backup")
                .is_some_and(|b| !b.accesskit_node().is_disabled())
        });
        env.sim.set_faults(Faults {
            server_error_rate: 1.0,
            ..Faults::default()
        });
        h.get_by_label("Start backup").click();
        step_until(&mut h, "error shown", |h| {
            h.state().view.error_panel.is_some()
        });
        let e = h.state().view.error_panel.clone().unwrap();
        assert!(matches!(e.status, Some(500 | 503)), "{e:?}");
        assert!(e.trace_id.is_some() && e.code.is_some(), "{e:?}");
        assert!(
            h.query_all_by_label_contains(e.trace_id.as_deref().unwrap())
                .next()
                .is_some(),
            "traceId on screen"
        );
        let dialog = h
            .state()
            .overview
            .backup_now
            .clone()
            .expect("the dialog stays open");
        assert_eq!(dialog.mode.as_str(), "FULL_BACKUP");
        assert!(dialog.error.is_some());
        assert_eq!(
            posts_to(&env.sim, "/backup/backupNow"),
            1,
            "no automatic retry of a write"
        );
    });
}

#[test]
fn filters_and_paging_send_the_right_query() {
    each_version(|env| {
        let mut h = harness(env, None);
        let (cluster, tenant, target) = tenant_with_strategy(&env.sim);
        open_tenant(&mut h, &cluster, &tenant);
        h.get_by_label("Data backups").click();
        step_until(&mut h, "first page", |h| {
            h.state()
                .tasks
                .tables
                .values()
                .any(|t| t.id.target == target && t.query.is_some())
        });
        env.sim.world(|w| w.clear_request_log());
        h.get_by_label("Backup set ID").focus();
        h.step();
        h.get_by_label("Backup set ID").type_text("7");
        // The status filter offers OCP's values in words ("Done" is DONE).
        h.get_by_role_and_label(egui::accesskit::Role::CheckBox, "Done")
            .click();
        h.step();
        h.get_by_label("Apply").click();
        // Without tenant-level lists, the cluster's list is read and filtered here.
        let from_cluster = env.lacks(Operation::ListTenantDataBackupTasks).is_some();
        let path = if from_cluster {
            format!(
                "/api/v2/ob/clusters/{}/backup/task/dataBackupTasks",
                target.cluster()
            )
        } else {
            format!(
                "/api/v2/ob/clusters/{}/tenants/{}/backup/task/dataBackupTasks",
                target.cluster(),
                target.tenant().unwrap()
            )
        };
        step_until(&mut h, "filtered query sent", |_| {
            env.sim
                .world(|w| w.request_log().iter().any(|r| r.path == path))
        });
        let query = env.sim.world(|w| {
            w.request_log()
                .into_iter()
                .rfind(|r| r.path == path)
                .unwrap()
                .query
                .unwrap_or_default()
        });
        let parts: &[&str] = if from_cluster {
            &["backupSetId=7", "page=1"]
        } else {
            &["backupSetId=7", "status=DONE", "page=1"]
        };
        for part in parts {
            assert!(query.split('&').any(|q| q == *part), "{part} in {query}");
        }
        if from_cluster {
            let reason = format!(
                "OCP {} has no tenant-level task lists; shown: this tenant's tasks from the cluster's list",
                env.version
            );
            assert!(has_label(&h, &reason), "{reason}");
            step_until(&mut h, "the filtered rows", |h| {
                h.state().tasks.tables.values().any(|t| {
                    t.id.target == target
                        && t.query.as_ref().is_some_and(|q| q.backup_set_id == Some(7))
                })
            });
            let rows = env.sim.world(|w| {
                w.data_backup_tasks()
                    .into_iter()
                    .filter(|t| {
                        t.tenant_id == target.tenant()
                            && t.backup_set_id == Some(7)
                            && t.status.as_str() == "DONE"
                    })
                    .count()
            });
            let table = h
                .state()
                .tasks
                .tables
                .values()
                .find(|t| t.id.target == target)
                .unwrap();
            assert_eq!(
                table.total_elements, rows as i64,
                "the tenant's DONE rows of set 7"
            );
        }
    });
}

#[test]
fn csv_export_writes_the_rows_shown() {
    each_version(|env| {
        let file = std::env::temp_dir().join(format!("ocp-gui-export-{}.csv", std::process::id()));
        let mut h = harness(env, Some(file.clone()));
        let (cluster, tenant, target) = tenant_with_strategy(&env.sim);
        open_tenant(&mut h, &cluster, &tenant);
        h.get_by_label("Log backups").click();
        step_until(&mut h, "log rows", |h| {
            h.state().tasks.tables.iter().any(|(id, t)| {
                id.target == target && id.kind == TaskKind::Log && !t.rows.is_empty()
            })
        });
        h.get_by_label("Export CSV…").click();
        // The file is written whole (renamed into place), so once it is there it is complete.
        step_until(&mut h, "exported file", |_| file.exists());
        let csv = std::fs::read_to_string(&file).unwrap();
        std::fs::remove_file(&file).ok();
        let table = h
            .state()
            .tasks
            .tables
            .iter()
            .find(|(id, _)| id.target == target && id.kind == TaskKind::Log)
            .unwrap()
            .1;
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        assert_eq!(
            lines.len(),
            table.rows.len() + 1,
            "header plus every row shown"
        );
        assert!(lines[0].starts_with("Tenant,Status,Checkpoint"));
        // Statuses go out as OCP sent them.
        let Value::Word(status) = &table.rows[table.order[0]].cells[1] else {
            panic!("the status column holds the status")
        };
        assert!(lines[1].contains(&status.wire));
    });
}

#[test]
fn switching_to_chinese_renders_chinese_labels() {
    each_version(|env| {
        let mut h = harness(env, None);
        // Click once nothing is loading, so the layout under the pointer is the final one.
        step_until(&mut h, "loading finished", |h| {
            h.state().data.clusters.value.is_some() && !h.state().worker.any_busy(|_| true)
        });
        // Past the health home, to the tabs of a cluster.
        let first = h.state().data.clusters.value.as_ref().unwrap()[0]
            .name
            .clone();
        common::click_in_navigator(&mut h, &first);
        step_until(&mut h, "loading finished", |h| {
            !h.state().worker.any_busy(|_| true)
        });
        h.get_by_label("简体中文").click();
        step_until(&mut h, "Chinese on screen", |h| has_label(h, "刷新"));
        for zh in ["集群", "概览", "数据备份", "刷新", "语言"] {
            assert!(has_label(&h, zh), "{zh} on screen");
        }
        assert!(!has_label(&h, "Refresh"));
    });
}

fn type_into(h: &mut Harness<'_, App>, role: egui::accesskit::Role, label: &str, text: &str) {
    h.get_by_role_and_label(role, label).focus();
    h.step();
    h.get_by_role_and_label(role, label).type_text(text);
    // Validation lines under the field update a frame later, moving what is below them.
    h.run_steps(2);
}

/// Opens the connection editor on a new profile and types the simulator's address and `password`.
fn new_profile(h: &mut Harness<'_, App>, env: &Env, password: &str) -> String {
    use egui::accesskit::Role;
    step_until(h, "clusters", |h| h.state().data.clusters.value.is_some());
    h.get_by_label("Connections").click();
    step_until(h, "connections dialog", |h| has_label(h, "New profile"));
    h.get_by_label("New profile").click();
    step_until(h, "profile editor", |h| {
        h.state().connections.editor.is_some()
    });
    let address = env.sim.base_url().trim_start_matches("http://").to_owned();
    type_into(h, Role::TextInput, "Base URL", &address);
    type_into(h, Role::TextInput, "User", "admin");
    type_into(h, Role::PasswordInput, "Password", password);
    address
}

fn connection_test_error(h: &mut Harness<'_, App>) -> ocp_backup_gui::error::UiError {
    h.get_by_label("Test connection").click();
    step_until(h, "connection test result", |h| {
        h.state()
            .connections
            .editor
            .as_ref()
            .is_some_and(|e| matches!(e.test_result, Some(Err(_))))
    });
    match &h.state().connections.editor.as_ref().unwrap().test_result {
        Some(Err(e)) => e.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_wrong_password_is_reported_as_401_and_the_form_keeps_what_was_typed() {
    each_version(|env| {
        let mut h = harness(env, None);
        let address = new_profile(&mut h, env, "not-the-password");
        let e = connection_test_error(&mut h);
        assert_eq!(e.status, Some(401), "{e:?}");
        assert!(has_label(&h, "OCP refused the credentials (401)."));
        let ed = h.state().connections.editor.clone().unwrap();
        assert_eq!(
            ed.profile.base_url,
            format!("http://{address}"),
            "the form keeps what was typed"
        );
        assert_eq!(ed.secret, "not-the-password");
        let seen = env.sim.world(|w| {
            w.request_log()
                .into_iter()
                .rev()
                .find(|r| r.path == "/api/v2/ob/clusters")
                .unwrap()
        });
        assert_eq!(
            (seen.status, seen.user),
            (401, None),
            "the simulator refused the wrong password"
        );
    });
}

#[test]
fn a_hanging_server_is_reported_as_a_timeout() {
    each_version(|env| {
        let mut h = harness(env, None);
        new_profile(&mut h, env, ocp_sim::DEFAULT_ADMIN_PASSWORD);
        env.sim.set_faults(Faults {
            latency: Duration::from_secs(3),
            ..Faults::default()
        });
        // The timeout is a DragValue; set directly.
        h.state_mut()
            .connections
            .editor
            .as_mut()
            .unwrap()
            .profile
            .timeout_secs = 1;
        h.run_steps(2);
        let e = connection_test_error(&mut h);
        assert_eq!(e.kind, ocp_backup_gui::error::ErrorKind::Timeout, "{e:?}");
        assert!(has_label(&h, "The server did not answer in time."));
        assert_eq!(
            h.state().connections.editor.as_ref().unwrap().secret,
            ocp_sim::DEFAULT_ADMIN_PASSWORD
        );
    });
}
