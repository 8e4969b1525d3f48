//! What every GUI test needs: a simulator, the app connected to it, and the few ways the tests
//! wait for, look at and type into the app. Each test file uses part of it.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::{Harness, HarnessBuilder};
use ocp_api::{ClientConfig, Credentials, OcpVersion, Operation, Version};
use ocp_backup_gui::files::FixedPaths;
use ocp_backup_gui::model::Target;
use ocp_backup_gui::secrets::{MemoryStore, SecretStore};
use ocp_backup_gui::{App, AppOptions, DemoChoice};
use ocp_sim::{SimConfig, SimHandle};

pub struct Env {
    pub rt: tokio::runtime::Runtime,
    pub sim: SimHandle,
    /// The OCP version the simulator behaves as.
    pub version: OcpVersion,
}

impl Env {
    /// The version, when the simulator's OCP lacks the operation.
    pub fn lacks(&self, operation: Operation) -> Option<&OcpVersion> {
        (!ocp_api::supports(operation, &self.version)).then_some(&self.version)
    }
}

/// The OCP versions every flow runs against: the newest, and 4.2.2 (no tenant-level
/// strategies, task lists, backup info or backup now; no schedule pause, restore preview or
/// restore sources).
pub const VERSIONS: [Version; 2] = [Version::new(4, 3, 0), Version::new(4, 2, 2)];

/// A simulator with a frozen clock (tests advance it) and the runtime the app uses.
pub fn env() -> Env {
    env_as(ocp_sim::DEFAULT_OCP_VERSION)
}

/// [`env`] with the simulator behaving as OCP `version`.
pub fn env_as(version: Version) -> Env {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let config = SimConfig {
        ocp_version: version,
        ..SimConfig::for_tests()
    };
    let sim = rt.block_on(ocp_sim::spawn(config)).unwrap();
    Env {
        rt,
        sim,
        version: OcpVersion::known(version),
    }
}

/// Runs a test body against a simulator of each of [`VERSIONS`]; after each, no request for an
/// operation that version lacks has reached the simulator.
pub fn each_version(body: impl Fn(&Env)) {
    for version in VERSIONS {
        let env = env_as(version);
        eprintln!("against OCP {version}");
        body(&env);
        only_supported_requests(&env);
    }
}

/// Every request in the simulator's log is for an operation its version has.
pub fn only_supported_requests(env: &Env) {
    let lacking: Vec<String> = env.sim.world(|w| {
        w.request_log()
            .iter()
            .filter_map(|r| {
                let op = operation_of(&r.method, &r.path)?;
                env.lacks(op)
                    .map(|_| format!("{op} ({} {})", r.method, r.path))
            })
            .collect()
    });
    assert!(
        lacking.is_empty(),
        "OCP {} lacks these, yet they reached it: {lacking:#?}",
        env.version
    );
}

/// The spec's operation of a request, by its method and path template.
fn operation_of(method: &str, path: &str) -> Option<Operation> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    Operation::ALL.iter().copied().find(|op| {
        let template: Vec<&str> = op.path().split('/').collect();
        op.method() == method
            && template.len() == segments.len()
            && template
                .iter()
                .zip(&segments)
                .all(|(t, s)| t == s || (t.starts_with('{') && !s.is_empty()))
    })
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
    let demo = DemoChoice::Use {
        base_url: env.sim.base_url().to_owned(),
        username: ocp_sim::DEFAULT_ADMIN_USER.into(),
        password: ocp_sim::DEFAULT_ADMIN_PASSWORD.into(),
    };
    app_on(env, builder, demo, save_to, secrets)
}

/// The app starting its own embedded simulator, as `--demo` does (on `env`'s runtime).
pub fn embedded_demo_app(env: &Env, builder: HarnessBuilder<App>) -> Harness<'static, App> {
    let secrets = Box::new(MemoryStore::default());
    app_on(env, builder, DemoChoice::Start, None, secrets)
}

fn app_on(
    env: &Env,
    builder: HarnessBuilder<App>,
    demo: DemoChoice,
    save_to: Option<PathBuf>,
    secrets: Box<dyn SecretStore>,
) -> Harness<'static, App> {
    let runtime = env.rt.handle().clone();
    builder.build_eframe(move |cc| {
        App::new(
            cc,
            AppOptions {
                runtime,
                demo,
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

/// On an OCP without tenant-level "back up now" (the selected tenant's view is open): the
/// button is disabled, the reason and a link to the cluster show, and the link opens the
/// cluster. Nothing is posted.
pub fn tenant_backup_now_not_offered(h: &mut Harness<'_, App>, env: &Env, target: Target) {
    use egui_kittest::kittest::NodeT as _;
    let v = env
        .lacks(Operation::BackupTenantNow)
        .expect("an OCP without tenant-level backup now");
    let reason = format!(
        "OCP {v} has no tenant-level backup now; back up the cluster, which covers this tenant"
    );
    step_until(h, "the reason", |h| has_label(h, &reason));
    assert!(
        h.get_by_label("Back up now…")
            .accesskit_node()
            .is_disabled()
    );
    h.get_by_label("Back up now…").click();
    h.run_steps(2);
    assert!(h.state().overview.backup_now.is_none(), "no dialog opens");
    h.get_by_label("Open the cluster").click();
    step_until(h, "the cluster selected", |h| {
        h.state().view.selected == Some(Target::Cluster(target.cluster()))
    });
    assert_eq!(posts_to(&env.sim, "/backup/backupNow"), 0);
}

/// A tenant's recoverable times as the API answers them: `getTenantBackupInfo`, or on an OCP
/// without it, the tenant's part of `getClusterBackupInfo`.
pub fn tenant_backup_info(
    env: &Env,
    cluster: i64,
    tenant: i64,
) -> Option<ocp_api::types::ObRecoverableInfoAggregation> {
    let c = client(env);
    env.rt.block_on(async {
        if env.lacks(Operation::GetTenantBackupInfo).is_some() {
            let info = c.get_cluster_backup_info().id(cluster).send().await;
            info.unwrap()
                .into_inner()
                .data
                .tenant_backup_infos
                .into_iter()
                .find(|t| t.tenant_id == Some(tenant))
                .and_then(|t| t.ob_recoverable_info_aggregation)
        } else {
            let info = c.get_tenant_backup_info().id(cluster).tenant_id(tenant);
            let info = info.send().await.unwrap().into_inner().data;
            info.ob_recoverable_info_aggregation
        }
    })
}

/// A press and release at `pos` (a click), for widgets drawn by hand (the timeline's strip).
pub fn click_at(h: &mut Harness<'_, App>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        h.step();
    }
    h.run_steps(2);
}

/// A simulator of a generated fleet (`clusters` × `tenants`, each tenant in the health its
/// name says), clock frozen, on `env`'s runtime.
pub fn fleet_sim(env: &Env, clusters: usize, tenants: usize) -> SimHandle {
    env.rt
        .block_on(ocp_sim::spawn(SimConfig {
            fleet: Some(ocp_sim::Fleet { clusters, tenants }),
            ..SimConfig::for_tests()
        }))
        .unwrap()
}

/// A saved connection to `base_url` as the admin, and the store holding its password.
pub fn profile(id: u64, name: &str, base_url: &str) -> ocp_backup_gui::settings::Profile {
    ocp_backup_gui::settings::Profile {
        id,
        name: name.into(),
        base_url: base_url.into(),
        auth: ocp_backup_gui::settings::AuthKind::Basic {
            username: ocp_sim::DEFAULT_ADMIN_USER.into(),
        },
        timeout_secs: 5,
        ..Default::default()
    }
}

/// The app on `env`'s simulator (the demo connection) with the saved connections given, each
/// one's password in the app's secret store.
pub fn app_with_profiles(
    env: &Env,
    builder: HarnessBuilder<App>,
    save_to: Option<PathBuf>,
    profiles: Vec<ocp_backup_gui::settings::Profile>,
) -> Harness<'static, App> {
    let store = MemoryStore::default();
    for p in &profiles {
        store
            .set(
                &p.keyring_account(),
                &ocp_api::SecretString::new(ocp_sim::DEFAULT_ADMIN_PASSWORD),
            )
            .unwrap();
    }
    let mut h = app_with_secrets(env, builder, save_to, Box::new(store));
    h.state_mut().settings.profiles = profiles;
    h
}

/// Clicks a cluster or tenant in the navigator, and waits until the backup health home (the
/// first screen, whose table names the same clusters and tenants) has made way for it.
pub fn click_in_navigator(h: &mut Harness<'_, App>, name: &str) {
    step_until(h, &format!("{name} in the navigator"), |h| {
        h.query_by_role_and_label(Role::Button, name).is_some()
    });
    h.get_by_role_and_label(Role::Button, name).click();
    step_until(h, "the home makes way", |h| !h.state().health.shown);
}

/// Selects a tenant in the navigator and waits for its header.
pub fn open_tenant(h: &mut Harness<'_, App>, cluster: &str, tenant: &str) {
    step_until(h, "clusters", |h| has_label(h, cluster));
    click_in_navigator(h, cluster);
    step_until(h, "tenants", |h| has_label(h, tenant));
    h.get_by_label(tenant).click();
    let header = format!("Tenant {tenant} (Cluster {cluster})");
    step_until(h, "the tenant's header", |h| {
        h.query_all_by_label(&header).next().is_some()
    });
}
