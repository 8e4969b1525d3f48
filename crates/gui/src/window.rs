//! The window's size: at the first run it fits the screen the window opened on; after that
//! eframe restores the size and position it had (its window persistence), clamped to the
//! monitors there are then.

use egui::{Vec2, vec2};

use crate::settings::Settings;

/// The size the app asks for (a 1280×800 screen holds it whole).
pub const DEFAULT_SIZE: Vec2 = vec2(1280.0, 800.0);
/// Below this the task tables' filters wrap badly; small enough for a 1024×640 screen.
pub const MIN_SIZE: Vec2 = vec2(860.0, 560.0);

/// The default size, shrunk to leave room for the desktop's panels on a smaller screen.
pub fn fitted(monitor: Vec2) -> Vec2 {
    const SHARE: f32 = 0.9;
    DEFAULT_SIZE.min(monitor * SHARE).max(MIN_SIZE.min(monitor))
}

/// On the first run, once the monitor is known, resizes the window to fit it (one command,
/// once: [`Settings::window_fitted`] persists).
pub fn fit_first_run(ctx: &egui::Context, settings: &mut Settings) {
    if settings.window_fitted {
        return;
    }
    let Some(monitor) = ctx.input(|i| i.viewport().monitor_size) else {
        return;
    };
    settings.window_fitted = true;
    let inner = ctx.input(|i| i.viewport().inner_rect.map(|r| r.size()));
    let size = fitted(monitor);
    if inner.is_none_or(|s| s.x > size.x + 0.5 || s.y > size.y + 0.5) {
        ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(size));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_fits_small_screens_and_keeps_its_size_on_large_ones() {
        assert_eq!(fitted(vec2(2560.0, 1440.0)), DEFAULT_SIZE);
        assert_eq!(fitted(vec2(1366.0, 768.0)), vec2(1366.0, 768.0) * 0.9);
        // Smaller than the minimum: the monitor's share, never more than the monitor.
        assert_eq!(fitted(vec2(800.0, 480.0)), vec2(800.0, 480.0));
    }
}
