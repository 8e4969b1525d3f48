//! Loading a timeline, and picking a restore point on it.

use super::{Action, Done, requests};
use crate::app::App;
use crate::model::Target;

impl App {
    pub(crate) fn apply_timeline(&mut self, action: Action) {
        match action {
            Action::PickRestorePoint(ms) => {
                let picked = self.view.selected.and_then(|target| {
                    let timeline = self.data.timelines.get(&target)?.value.as_ref()?;
                    let range = timeline.recoverable_at(ms)?;
                    let utc = chrono::DateTime::from_timestamp_millis(ms)?;
                    Some(ocp_api::time::OcpDateTime::from(
                        utc.with_timezone(&range.start.offset()),
                    ))
                });
                self.timeline.restore_point_missed = picked.is_none();
                self.timeline.restore_point = picked;
            }
        }
    }

    pub(crate) fn on_timeline_done(&mut self, done: Done) {
        match done {
            Done::Loaded(target, r) => {
                let failed = r.as_ref().err().cloned();
                self.data
                    .timelines
                    .entry(target)
                    .or_default()
                    .set(r.map(|t| *t));
                if let Some(e) = failed {
                    self.report(e);
                }
            }
        }
    }

    pub(crate) fn load_timeline(&mut self, target: Target) {
        self.run(|c| requests::backup_info(c, target));
    }
}
