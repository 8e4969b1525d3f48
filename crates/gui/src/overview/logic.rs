//! Loading what the overview shows, and "back up now" from the dialog to the followed tasks.

use ocp_api::enums::DataBackupMode;

use super::{Action, BackupNowDialog, Done, requests};
use crate::app::{App, Level};
use crate::error::UiError;
use crate::model::{Job, Target};
use crate::state::Tab;
use crate::{navigator, strategy};

impl App {
    pub(crate) fn apply_overview(&mut self, action: Action) {
        match action {
            Action::OpenBackupNow(target) => {
                self.overview.backup_now = Some(BackupNowDialog {
                    target,
                    mode: DataBackupMode::FullBackup,
                    error: None,
                });
                self.run(|c| strategy::requests::strategy(c, target));
                self.run(|c| requests::ability(c, target.cluster()));
                self.run(|c| requests::full_backup_exists(c, target));
            }
            Action::SubmitBackupNow => {
                let Some(d) = &mut self.overview.backup_now else {
                    return;
                };
                d.error = None;
                let (target, mode) = (d.target, d.mode.clone());
                let strategy = self.data.strategy(target).cloned().flatten();
                match (self.client(), strategy) {
                    (Some(c), Some(s)) => {
                        self.worker.run(requests::backup_now(c, target, mode, *s));
                    }
                    (_, None) => {
                        let e = UiError::invalid(self.tr().needs_strategy);
                        if let Some(d) = &mut self.overview.backup_now {
                            d.error = Some(e);
                        }
                    }
                    (None, _) => {}
                }
            }
            Action::CloseBackupNow => {
                if !self.worker.any_busy(|j| matches!(j, Job::BackupNow(_))) {
                    self.overview.backup_now = None;
                }
            }
        }
    }

    pub(crate) fn on_overview_done(&mut self, done: Done) {
        match done {
            Done::ClusterOverview(id, r) => match r {
                Ok(o) => self.data.overviews.entry(id).or_default().set(Ok(o)),
                Err(e) => self.report(e),
            },
            Done::Ability(id, Ok(a)) => self.data.abilities.entry(id).or_default().set(Ok(a)),
            Done::Ability(_, Err(e)) => self.report(e),
            Done::FullBackupExists(target, Ok(exists)) => {
                self.data.full_backup.insert(target, exists);
            }
            Done::FullBackupExists(_, Err(e)) => self.report(e),
            Done::BackupNow(target, Ok(task_ids)) => {
                self.overview.backup_now = None;
                let text = self.tr().backup_started(&task_ids);
                self.notify(Level::Success, text, None);
                for id in task_ids {
                    self.tasks.follow(id);
                    self.load_instance(id);
                }
                self.view.tab = Tab::TaskInstances;
                self.after_write(target);
            }
            Done::BackupNow(_, Err(e)) => {
                // The dialog stays open with the user's choice, showing why.
                if let Some(d) = &mut self.overview.backup_now {
                    d.error = Some(e.clone());
                }
                self.report(e);
            }
        }
    }

    /// After a write the app made (or a task it followed ended): what shows the target's
    /// state, its overview and its cluster's navigator badge, loads again.
    pub(crate) fn after_write(&mut self, target: Target) {
        self.load_target(target);
        if target.tenant().is_some() {
            let cluster = target.cluster();
            self.run(|c| requests::cluster_overview(c, cluster));
        }
    }

    /// What the header and overview of a target show: its cluster's overview or its tenant
    /// badge, the cluster's ability, the strategy.
    pub(crate) fn load_target(&mut self, target: Target) {
        let cluster = target.cluster();
        if target.tenant().is_none() {
            self.run(|c| requests::cluster_overview(c, cluster));
        } else {
            self.run(|c| navigator::requests::tenant_badge(c, target));
        }
        self.run(|c| requests::ability(c, cluster));
        self.run(|c| strategy::requests::strategy(c, target));
    }
}
