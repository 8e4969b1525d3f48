//! The restore wizard (source, point in time, target, preview, confirmation), the restore
//! sources added by hand, and the restores followed until their new tenant shows up.

pub mod form;
mod logic;
pub mod objects;
pub mod point;
pub mod requests;
mod steps;
pub mod texts;
pub mod view;

use ocp_api::types;

use crate::error::UiError;
use crate::model::Target;
pub use form::{RestoreStep, RestoreWizard, SourceKind};

#[derive(Default)]
pub struct State {
    /// The restore wizard, while open.
    pub wizard: Option<RestoreWizard>,
    /// Restores being followed: task instance → target cluster, whose tenants reload when the
    /// task ends.
    pub following: Vec<(i64, i64)>,
}

#[must_use]
#[derive(Clone, Debug)]
pub enum Action {
    /// Open the wizard for this source tenant (on a cluster: backup files OCP no longer lists).
    Open(Target),
    /// Open the wizard filled from a finished or failed restore task.
    Again(Box<types::RestoreTask>),
    /// Go to a step (the preview step asks OCP for its preview).
    Goto(RestoreStep),
    /// The target cluster (its tenants load for the name check and zones).
    TargetCluster(i64),
    /// Send `restoreTenant`, once.
    Submit,
    Close,
    /// Send the typed restore source paths for the target cluster (`addRestoreSource`).
    AddSources,
    /// Clear the target cluster's added restore sources, after the user confirmed.
    ClearSources,
}

pub enum Done {
    /// Backup sets and log pieces a restore would read.
    Preview(Target, Result<Vec<types::RestorePreviewItem>, UiError>),
    /// A restore was accepted: its OCP task instances.
    Started(Target, Result<Vec<i64>, UiError>),
    /// OCP accepted these restore source paths for the cluster.
    SourcesAdded(i64, Result<Vec<String>, UiError>),
    SourcesCleared(i64, Result<(), UiError>),
}
