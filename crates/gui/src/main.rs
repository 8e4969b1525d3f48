//! `ocp-backup`: the desktop app. Starts on the embedded simulator unless a saved connection
//! is chosen; `--demo` forces the simulator, `--lang zh|en` picks the language.

use std::sync::Arc;

use ocp_backup_gui::i18n::Lang;
use ocp_backup_gui::{App, AppOptions, DemoChoice, files, secrets, window};

const USAGE: &str = "usage: ocp-backup [--demo] [--lang en|zh]";

fn main() -> eframe::Result {
    let mut demo = false;
    let mut lang = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--demo" => demo = true,
            "--lang" => {
                lang = match args.next().as_deref() {
                    Some("zh") | Some("zh-CN") => Some(Lang::Zh),
                    Some("en") | Some("en-US") => Some(Lang::En),
                    _ => {
                        eprintln!("{USAGE}");
                        std::process::exit(2);
                    }
                }
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => {
                eprintln!("unknown argument {other}\n{USAGE}");
                std::process::exit(2);
            }
        }
    }
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let handle = runtime.handle().clone();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_app_id("ocp-backup")
            .with_inner_size(window::DEFAULT_SIZE)
            .with_min_inner_size(window::MIN_SIZE),
        // Size and position are remembered across runs (eframe's window persistence); the
        // first run fits the screen (window::fit_first_run).
        persist_window: true,
        centered: true,
        // Glow (OpenGL) works on the most desktops and VMs. Named explicitly because eframe picks
        // wgpu when both features are compiled in, and the tests' kittest renderer brings wgpu
        // into the one shared build (crates/workspace-hack).
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    let result = eframe::run_native(
        "OCP Backup",
        options,
        Box::new(move |cc| {
            Ok(Box::new(App::new(
                cc,
                AppOptions {
                    runtime: handle,
                    demo: if demo {
                        DemoChoice::Start
                    } else {
                        DemoChoice::Off
                    },
                    secrets: secrets::default_store(),
                    files: Arc::new(files::NativeDialogs),
                    lang,
                    load_settings: true,
                },
            )))
        }),
    );
    // Hung requests must not delay exit.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    result
}
