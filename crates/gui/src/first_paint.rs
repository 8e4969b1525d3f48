//! For `cargo xtask startup`: with `OCP_BACKUP_REPORT_FIRST_PAINT` set, the first frame carries
//! a paint callback that prints `first-paint` on stdout when the GL painter runs it, so start-up
//! is measured to a painted window, not to the end of the app's code. Unset (always, outside
//! that benchmark), it adds nothing.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// The line the benchmark waits for.
pub const LINE: &str = "first-paint";
pub const ENV: &str = "OCP_BACKUP_REPORT_FIRST_PAINT";

static QUEUED: AtomicBool = AtomicBool::new(false);

pub fn mark(ui: &egui::Ui) {
    static ON: OnceLock<bool> = OnceLock::new();
    if !*ON.get_or_init(|| std::env::var_os(ENV).is_some()) || QUEUED.swap(true, Ordering::Relaxed)
    {
        return;
    }
    let callback = eframe::egui_glow::CallbackFn::new(|_info, _painter| {
        static PRINTED: AtomicBool = AtomicBool::new(false);
        if !PRINTED.swap(true, Ordering::Relaxed) {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{LINE}");
            let _ = out.flush();
        }
    });
    let rect = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1.0, 1.0));
    ui.painter().add(egui::PaintCallback {
        rect,
        callback: std::sync::Arc::new(callback),
    });
}
