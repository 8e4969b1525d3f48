//! What every GUI test needs: a simulator and the app connected to it.

use std::path::PathBuf;
use std::sync::Arc;

use egui_kittest::{Harness, HarnessBuilder};
use ocp_backup_gui::files::FixedPaths;
use ocp_backup_gui::secrets::MemoryStore;
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
                secrets: Box::new(MemoryStore::default()),
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
