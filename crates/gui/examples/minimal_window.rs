//! The reference of the idle-CPU benchmark (`cargo xtask idle-cpu`): the smallest eframe app,
//! with the same window options as `ocp-backup`, showing one label and asking for nothing; and
//! of `cargo xtask startup` (it reports its first painted frame the same way).

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_app_id("ocp-backup-minimal")
            .with_inner_size([1280.0, 800.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_ui_native("minimal", options, |ui, _frame| {
        ui.label("An idle eframe window.");
        ocp_backup_gui::first_paint::mark(ui);
    })
}
