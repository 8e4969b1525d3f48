//! The recoverable-time timeline of the selected cluster or tenant, and the restore point picked
//! on it.

mod logic;
pub mod requests;
pub mod view;

use ocp_api::time::OcpDateTime;

use crate::error::UiError;
use crate::model::{Target, Timeline};

#[derive(Default)]
pub struct State {
    /// Zoom and plot geometry (the view's own).
    pub view: TimelineView,
    /// The restore point picked on the timeline (inside a recoverable interval).
    pub restore_point: Option<OcpDateTime>,
    /// The last pick on the timeline fell outside every recoverable interval.
    pub restore_point_missed: bool,
}

impl State {
    /// Another target is selected: its timeline has no pick yet.
    pub fn clear_pick(&mut self) {
        self.restore_point = None;
        self.restore_point_missed = false;
    }
}

/// Zoom and geometry of the recoverable-time timeline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineView {
    /// The target the zoom belongs to.
    pub target: Option<Target>,
    /// The zoomed range (ms since the epoch); `None`: the data's seven days.
    pub zoom: Option<(i64, i64)>,
    /// Where the plot was drawn in the last frame, and the range it showed (ms).
    pub plot_rect: Option<egui::Rect>,
    pub shown: (i64, i64),
}

impl TimelineView {
    /// The x of an instant in the last frame's plot.
    pub fn x_of(&self, ms: i64) -> Option<f32> {
        let rect = self.plot_rect?;
        let (a, b) = self.shown;
        (b > a).then(|| rect.left() + ((ms - a) as f64 / (b - a) as f64) as f32 * rect.width())
    }

    /// The instant at x in the last frame's plot.
    pub fn ms_at(&self, x: f32) -> Option<i64> {
        let rect = self.plot_rect?;
        let (a, b) = self.shown;
        (b > a && rect.width() > 0.0).then(|| {
            a + (((x - rect.left()) / rect.width()) as f64 * (b - a) as f64).round() as i64
        })
    }
}

#[must_use]
#[derive(Clone, Debug)]
pub enum Action {
    /// A click on the timeline at this instant (ms since the epoch): the restore point when it
    /// falls inside a recoverable interval, otherwise none.
    PickRestorePoint(i64),
}

pub enum Done {
    /// Recoverable times of the last seven days (`getClusterBackupInfo` / `getTenantBackupInfo`).
    Loaded(Target, Result<Box<Timeline>, UiError>),
}
