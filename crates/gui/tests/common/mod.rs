//! What every GUI test needs: a simulator, the app connected to it, and the few ways the tests
//! wait for, look at and type into the app. Each test file uses part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::{Harness, HarnessBuilder};
use ocp_api::{ClientConfig, Credentials};
use ocp_backup_gui::files::FixedPaths;
use ocp_backup_gui::model::Target;
use ocp_backup_gui::secrets::{MemoryStore, SecretStore};
use ocp_backup_gui::{App, AppOptions, DemoChoice};
use ocp_sim::{SimConfig, SimHandle};

pub struct Env {
    pub rt: tokio::runtime::Runtime,
    pub sim: SimHandle,
}

/// A simulator with a frozen clock (tests advance it) and the runtime the app uses.
pub fn env() -> Env {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sim = rt.block_on(ocp_sim::spawn(SimConfig::for_tests())).unwrap();
    Env { rt, sim }
}

/// The app on `env`'s simulator; file dialogs (save and open) answer `save_to`.
pub fn app(
    env: &Env,
    builder: HarnessBuilder<App>,
    save_to: Option<PathBuf>,
) -> Harness<'static, App> {
    app_with_secrets(env, builder, save_to, Box::new(MemoryStore::default()))
}

/// [`app`] with the secret store the test gives (to watch or break the keyring).
pub fn app_with_secrets(
    env: &Env,
    builder: HarnessBuilder<App>,
    save_to: Option<PathBuf>,
    secrets: Box<dyn SecretStore>,
) -> Harness<'static, App> {
    let runtime = env.rt.handle().clone();
    let base_url = env.sim.base_url().to_owned();
    builder.build_eframe(move |cc| {
        App::new(
            cc,
            AppOptions {
                runtime,
                demo: DemoChoice::Use {
                    base_url,
                    username: ocp_sim::DEFAULT_ADMIN_USER.into(),
                    password: ocp_sim::DEFAULT_ADMIN_PASSWORD.into(),
                },
                secrets,
                files: Arc::new(FixedPaths {
                    save: save_to.clone(),
                    open: save_to,
                }),
                lang: None,
                load_settings: false,
            },
        )
    })
}

/// How long a test waits for the app: generous, because a loaded 2-core machine (a parallel
/// build, the other tests) can hold a simulator answer for seconds; a healthy run needs far less.
const WAIT: Duration = Duration::from_secs(30);

/// Steps the app until `done`, then one frame more (actions apply after a frame is drawn); on
/// time-out the panic names what the app said.
pub fn step_until(
    h: &mut Harness<'_, App>,
    what: &str,
    mut done: impl FnMut(&mut Harness<'_, App>) -> bool,
) {
    let deadline = std::time::Instant::now() + WAIT;
    while std::time::Instant::now() < deadline {
        h.step();
        if done(h) {
            h.step();
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let error = h.state().view.error_panel.clone();
    let connection_test = h
        .state()
        .connections
        .editor
        .as_ref()
        .map(|e| e.test_result.clone());
    panic!(
        "timed out waiting for {what}; the error panel: {error:#?}; connection test: {connection_test:?}"
    );
}

pub fn has_label(h: &Harness<'_, App>, text: &str) -> bool {
    h.query_all_by_label(text).next().is_some()
}

/// No request of the app is in flight.
pub fn idle(h: &Harness<'_, App>) -> bool {
    !h.state().worker.any_busy(|_| true)
}

/// The text field (single-line, multi-line or masked) labelled `label`.
pub fn text_input<'a>(h: &'a Harness<'_, App>, label: &'a str) -> egui_kittest::Node<'a> {
    h.get_by(move |n| {
        n.label().as_deref() == Some(label)
            && matches!(
                n.role(),
                Role::TextInput | Role::MultilineTextInput | Role::PasswordInput
            )
    })
}

/// Replaces the whole text of a field, as a user selecting all and typing would.
pub fn replace_text(h: &mut Harness<'_, App>, label: &str, text: &str) {
    text_input(h, label).focus();
    h.step();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.step();
    h.key_press(egui::Key::Backspace);
    h.step();
    text_input(h, label).type_text(text);
    // Validation lines under the field update a frame later, moving what is below them.
    h.run_steps(2);
}

/// A client of the simulator, to compare the app with what the API answers.
pub fn client(env: &Env) -> ocp_api::Client {
    ClientConfig::new(env.sim.base_url())
        .credentials(Credentials::basic(
            ocp_sim::DEFAULT_ADMIN_USER,
            ocp_sim::DEFAULT_ADMIN_PASSWORD,
        ))
        .build()
        .unwrap()
}

/// How many POSTs to a path ending in `suffix` reached the simulator.
pub fn posts_to(sim: &SimHandle, suffix: &str) -> usize {
    sim.world(|w| {
        w.request_log()
            .iter()
            .filter(|r| r.method == "POST" && r.path.ends_with(suffix))
            .count()
    })
}

/// The world's first tenant with a strategy: its cluster's name, its name and its target.
pub fn tenant_with_strategy(sim: &SimHandle) -> (String, String, Target) {
    sim.world(|w| {
        let s = w
            .strategies()
            .into_iter()
            .find(|s| s.tenant_id.is_some())
            .expect("a tenant strategy in the world");
        let cluster = w.cluster(s.cluster_id.unwrap()).unwrap();
        let tenant = w.tenant(s.tenant_id.unwrap()).unwrap();
        (
            cluster.name,
            tenant.name,
            Target::Tenant {
                cluster: cluster.id,
                tenant: tenant.id,
            },
        )
    })
}

/// Selects a tenant in the navigator and waits for its header.
pub fn open_tenant(h: &mut Harness<'_, App>, cluster: &str, tenant: &str) {
    step_until(h, "clusters", |h| has_label(h, cluster));
    h.get_by_label(cluster).click();
    step_until(h, "tenants", |h| has_label(h, tenant));
    h.get_by_label(tenant).click();
    let header = format!("Tenant {tenant} (Cluster {cluster})");
    step_until(h, "the tenant's header", |h| has_label(h, &header));
}
