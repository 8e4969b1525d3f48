//! Issue 13's GUI half: a failed poll of a followed task is a warning, not the end of the
//! following; keyring entries keyed by identity@URL, gone with their profile or URL, a failed
//! delete shown; exports with secrets written 0600; a banner for credentials over plain http;
//! no user-info in a connection's URL; and the GUI's part of the secret canary (settings,
//! exports without the option, Debug of the state).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::{Env, each_version, has_label, idle, posts_to, replace_text, step_until};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use ocp_api::{Operation, SecretString};
use ocp_backup_gui::App;
use ocp_backup_gui::app::Action;
use ocp_backup_gui::secrets::{MemoryStore, SecretStore};
use ocp_backup_gui::settings::{AuthKind, Profile, Startup};
use ocp_backup_gui::{connections, tasks};
use ocp_sim::Faults;

/// A keyring stand-in the test can look into, and make refuse deletes.
#[derive(Default)]
struct Keyring {
    memory: MemoryStore,
    refuse_delete: AtomicBool,
}

struct Shared(Arc<Keyring>);

impl SecretStore for Shared {
    fn get(&self, account: &str) -> Option<SecretString> {
        self.0.memory.get(account)
    }
    fn set(&self, account: &str, secret: &SecretString) -> Result<(), String> {
        self.0.memory.set(account, secret)
    }
    fn delete(&self, account: &str) -> Result<(), String> {
        if self.0.refuse_delete.load(Ordering::SeqCst) {
            return Err("the keyring is locked".into());
        }
        self.0.memory.delete(account)
    }
    fn persistent(&self) -> bool {
        true
    }
}

fn app(
    env: &Env,
    keyring: &Arc<Keyring>,
    save_to: Option<std::path::PathBuf>,
) -> Harness<'static, App> {
    common::app_with_secrets(
        env,
        Harness::builder().with_size([1280.0, 1400.0]),
        save_to,
        Box::new(Shared(keyring.clone())),
    )
}

fn edit_new_profile(h: &mut Harness<'_, App>, url: &str, user: &str, secret: &str) -> u64 {
    h.state_mut().connections.open = true;
    h.state_mut().push(connections::Action::Edit(None));
    h.run_steps(2);
    let ed = editor(h);
    ed.profile.name = format!("p-{user}");
    ed.profile.base_url = url.into();
    ed.profile.auth = AuthKind::Basic {
        username: user.into(),
    };
    ed.secret = secret.into();
    let id = ed.profile.id;
    h.run_steps(2);
    id
}

fn save(h: &mut Harness<'_, App>) {
    h.state_mut().push(connections::Action::Save);
    h.run_steps(2);
}

#[test]
fn keyring_entries_follow_identity_and_url_and_a_failed_delete_is_shown() {
    each_version(|env| {
        let keyring = Arc::new(Keyring::default());
        let mut h = app(env, &keyring, None);
        step_until(&mut h, "clusters", |h| {
            h.state().data.clusters.value.is_some()
        });
        let url = env.sim.base_url().to_owned();

        let id = edit_new_profile(&mut h, &url, "admin", "Canary-gui-first");
        save(&mut h);
        assert_eq!(keyring.memory.accounts(), [format!("admin@{url}")]);

        // The URL changes: the secret filled in for the old OCP is not offered to the new one,
        // and the old entry goes.
        h.state_mut().push(connections::Action::Edit(Some(id)));
        h.run_steps(2);
        assert_eq!(
            h.state().connections.editor.as_ref().unwrap().secret,
            "Canary-gui-first"
        );
        let other = url.replace("127.0.0.1", "localhost");
        editor(&mut h).profile.base_url = other.clone();
        h.run_steps(2);
        assert_eq!(
            h.state().connections.editor.as_ref().unwrap().secret,
            "",
            "the old OCP's secret is cleared"
        );
        editor(&mut h).secret = "Canary-gui-second".into();
        h.run_steps(1);
        save(&mut h);
        assert_eq!(keyring.memory.accounts(), [format!("admin@{other}")]);

        // Removed with its profile; a new profile (which gets the same number) starts empty.
        h.state_mut().push(connections::Action::Delete(id));
        h.run_steps(2);
        assert!(keyring.memory.accounts().is_empty());
        let again = edit_new_profile(&mut h, "http://", "", "");
        assert_eq!(again, id, "the number is reused");
        editor(&mut h).profile.base_url = other.clone();
        editor(&mut h).profile.auth = AuthKind::Basic {
            username: "admin".into(),
        };
        h.run_steps(2);
        assert_eq!(h.state().connections.editor.as_ref().unwrap().secret, "");

        // A delete the keyring refuses is shown, not swallowed.
        let id = edit_new_profile(&mut h, &url, "viewer", "Canary-gui-third");
        save(&mut h);
        keyring.refuse_delete.store(true, Ordering::SeqCst);
        h.state_mut().push(connections::Action::Delete(id));
        h.run_steps(2);
        // The error panel shows it: the message names what failed and why.
        let shown = h
            .query_by_label_contains("Could not remove the secret")
            .and_then(|n| text_of(&n))
            .unwrap_or_default();
        assert!(shown.contains("the keyring is locked"), "{shown:?}");
    });
}

#[test]
fn a_url_with_credentials_is_refused_in_the_connection_form() {
    each_version(|env| {
        let keyring = Arc::new(Keyring::default());
        let mut h = app(env, &keyring, None);
        step_until(&mut h, "clusters", |h| {
            h.state().data.clusters.value.is_some()
        });
        let url = env
            .sim
            .base_url()
            .replace("http://", "http://admin:Canary-gui-url@");
        edit_new_profile(&mut h, &url, "admin", "pw");
        assert!(
            has_label(&h, h.state().tr().url_user_info),
            "the form says why and where credentials go"
        );
        save(&mut h);
        assert!(h.state().settings.profiles.is_empty(), "not saved");
        assert!(keyring.memory.accounts().is_empty());
    });
}

#[test]
fn a_failed_poll_of_a_followed_backup_is_a_warning_and_the_following_goes_on() {
    each_version(|env| {
        let keyring = Arc::new(Keyring::default());
        let mut h = app(env, &keyring, None);
        if env.lacks(Operation::BackupTenantNow).is_some() {
            // An older OCP backs up whole clusters: one with a cluster strategy.
            step_until(&mut h, "clusters", |h| has_label(h, "ob_core_bj"));
            common::click_in_navigator(&mut h, "ob_core_bj");
            step_until(&mut h, "header", |h| has_label(h, "Cluster ob_core_bj"));
        } else {
            step_until(&mut h, "clusters", |h| has_label(h, "ob_prod_hz"));
            common::click_in_navigator(&mut h, "ob_prod_hz");
            step_until(&mut h, "tenants", |h| has_label(h, "trade"));
            h.get_by_label("trade").click();
            step_until(&mut h, "header", |h| {
                has_label(h, "Tenant trade (Cluster ob_prod_hz)")
            });
        }
        h.get_by_label("Back up now…").click();
        step_until(&mut h, "dialog ready", |h| {
            h.query_by_label("Start backup")
                .is_some_and(|b| !b.accesskit_node().is_disabled())
        });
        h.get_by_label("Start backup").click();
        step_until(&mut h, "backup started", |h| {
            !h.state().tasks.followed.is_empty()
        });
        step_until(&mut h, "first poll", |h| idle(h));
        let task = h.state().tasks.followed[0];

        for fault in [
            Faults {
                server_error_rate: 1.0,
                server_error_status: Some(500),
                requests: Some(1),
                ..Faults::default()
            },
            Faults {
                drop_rate: 1.0,
                requests: Some(1),
                ..Faults::default()
            },
        ] {
            // The followed task's page warns above the task with what failed, and keeps it.
            let warning = |h: &Harness<'_, App>| {
                h.query_by_label_contains("A refresh of a followed task failed")
                    .and_then(|n| text_of(&n))
            };
            let before = warning(&h);
            env.sim.set_faults(fault);
            // One poll of the followed task, and nothing else, meets the fault.
            h.state_mut().push(tasks::Action::Follow(task));
            step_until(&mut h, "the failed poll", |h| {
                warning(h).is_some_and(|w| Some(&w) != before.as_ref())
            });
            assert!(
                h.state().view.error_panel.is_none(),
                "a warning, not an error"
            );
            assert_eq!(h.state().tasks.followed, [task], "still followed");
        }

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
        assert_eq!(posts_to(&env.sim, "/backup/backupNow"), 1);
    });
}

#[test]
fn plain_http_to_another_host_shows_a_banner_once_per_connection() {
    each_version(|env| {
        let keyring = Arc::new(Keyring::default());
        let mut h = app(env, &keyring, None);
        step_until(&mut h, "clusters", |h| {
            h.state().data.clusters.value.is_some()
        });
        let banner = h.state().tr().plain_http_warning;
        assert!(!has_label(&h, banner), "the simulator is on this machine");

        let profile = Profile {
            id: 41,
            name: "lab".into(),
            base_url: "http://ocp-lab.example.invalid:8080".into(),
            auth: AuthKind::Basic {
                username: "admin".into(),
            },
            ..Profile::default()
        };
        keyring
            .memory
            .set(
                &profile.keyring_account(),
                &SecretString::new("pw".to_owned()),
            )
            .unwrap();
        h.state_mut().settings.profiles.push(profile);
        h.state_mut()
            .push(connections::Action::Connect(Startup::Profile(41)));
        h.run_steps(3);
        assert!(
            has_label(&h, banner),
            "the banner is shown, nothing blocked"
        );
        h.state_mut().push(Action::DismissClearTextWarning);
        h.run_steps(2);
        assert!(!has_label(&h, banner));
    });
}

#[test]
fn exports_with_secrets_are_private_and_no_canary_leaks_from_the_app() {
    const CANARY: &str = "Canary-gui-oss-5e6f";
    each_version(|env| {
        let keyring = Arc::new(Keyring::default());
        let dir = std::env::temp_dir().join(format!("ocp-gui-hardening-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("trade-strategy.json");
        let _ = std::fs::remove_file(&file);
        let mut h = app(env, &keyring, Some(file.clone()));
        step_until(&mut h, "clusters", |h| has_label(h, "ob_prod_hz"));
        common::click_in_navigator(&mut h, "ob_prod_hz");
        step_until(&mut h, "tenants", |h| has_label(h, "trade"));
        h.get_by_label("trade").click();
        step_until(&mut h, "header", |h| {
            has_label(h, "Tenant trade (Cluster ob_prod_hz)")
        });
        h.get_by_label("Strategy editor").click();
        // An older OCP has the cluster's strategy only: the link opens it (a new one).
        let submit = if env.lacks(Operation::GetTenantBackupStrategy).is_some() {
            step_until(&mut h, "the link", |h| {
                has_label(h, "Open the cluster's strategy")
            });
            h.get_by_label("Open the cluster's strategy").click();
            "Create strategy"
        } else {
            "Review changes…"
        };
        step_until(&mut h, "the strategy form", |h| has_label(h, submit));
        let click = |h: &mut Harness<'_, App>, label: &str| {
            h.get_by_label(label).click();
            h.run_steps(2);
        };
        click(&mut h, "Alibaba Cloud OSS");
        replace_text(&mut h, "Endpoint", "oss-cn-hangzhou.aliyuncs.com");
        replace_text(&mut h, "AccessKey ID", "LTAI5tExampleId");
        replace_text(&mut h, "AccessKey secret", CANARY);
        replace_text(&mut h, "Storage path", "bucket-trade/backup");

        // Without the option: no secret in the file.
        click(&mut h, "Export JSON…");
        step_until(&mut h, "the file written", |_| file.exists());
        let shared = std::fs::read_to_string(&file).unwrap();
        assert!(!shared.contains(CANARY), "{shared}");

        // The state's Debug, the settings as saved: no secret either.
        let state = format!(
            "{:?} {:?} {:?}",
            h.state().strategy.editor,
            h.state().connections.editor,
            h.state().view.error_panel
        );
        assert!(!state.contains(CANARY), "{state}");
        let settings = serde_json::to_string(&h.state().settings).unwrap();
        assert!(!settings.contains(CANARY), "{settings}");

        // With it: the dialog says the file is private, and it is.
        std::fs::remove_file(&file).unwrap();
        click(&mut h, "Include storage secrets in the export");
        assert!(has_label(&h, h.state().tr().secrets_file_private));
        click(&mut h, "Export JSON…");
        step_until(&mut h, "the file written", |_| file.exists());
        assert!(std::fs::read_to_string(&file).unwrap().contains(CANARY));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{mode:o}");
            // Over an existing file that others could read, too.
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
            click(&mut h, "Export JSON…");
            step_until(&mut h, "the file rewritten", |_| {
                std::fs::metadata(&file).unwrap().permissions().mode() & 0o777 == 0o600
            });
        }
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// The text a node shows: a button's label, or a text label's value.
fn text_of(n: &egui_kittest::Node<'_>) -> Option<String> {
    let node = n.accesskit_node();
    node.label().or(node.value())
}

/// The connection editor, which the test has opened.
fn editor<'a>(h: &'a mut Harness<'_, App>) -> &'a mut ocp_backup_gui::connections::ProfileEditor {
    h.state_mut()
        .connections
        .editor
        .as_mut()
        .expect("editor open")
}
