//! The overview of a cluster or tenant (ability, strategy, schedule, last backup, log delay,
//! size), the header above every tab, and "back up now".

pub mod backup_now;
mod logic;
pub mod requests;
pub mod view;

use ocp_api::enums::DataBackupMode;
use ocp_api::types;

use crate::error::UiError;
use crate::model::Target;

#[derive(Default)]
pub struct State {
    pub backup_now: Option<BackupNowDialog>,
}

/// The "back up now" dialog. It stays open with the user's choice when the server refuses.
#[derive(Clone, Debug)]
pub struct BackupNowDialog {
    pub target: Target,
    pub mode: DataBackupMode,
    pub error: Option<UiError>,
}

#[must_use]
#[derive(Clone, Debug)]
pub enum Action {
    OpenBackupNow(Target),
    SubmitBackupNow,
    CloseBackupNow,
}

pub enum Done {
    ClusterOverview(i64, Result<Box<types::ClusterBackupInfoDetail>, UiError>),
    Ability(i64, Result<Box<types::ObBackupAbility>, UiError>),
    /// Whether a successful full data backup exists (incremental backups build on one).
    FullBackupExists(Target, Result<bool, UiError>),
    /// The backup was accepted: its OCP task instances.
    BackupNow(Target, Result<Vec<i64>, UiError>),
}
