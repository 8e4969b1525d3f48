//! The backup strategy editor of the selected cluster or tenant: the server's strategy loaded
//! into a form, checked before sending; modify shows old → new first; delete, pause and resume
//! ask first. Writes go one at a time; export and import go through JSON files.

pub mod form;
mod logic;
pub mod requests;
pub mod versions;
pub mod view;

use std::path::PathBuf;

use ocp_api::{OcpVersion, Operation, types};

use crate::app::Connection;
use crate::error::UiError;
use crate::i18n::Tr;
use crate::model::{StrategyBody, StrategyOpKind, Target};
use form::{DiffRow, FieldErrors, StrategyForm};

/// The OCP's version when the target is a tenant and that OCP has no tenant-level strategy
/// (its cluster's covers it); the editor is not offered then.
pub fn tenant_strategy_missing<'a>(
    conn: impl Into<Option<&'a Connection>>,
    target: Target,
) -> Option<&'a OcpVersion> {
    target.tenant()?;
    conn.into()?.lacks(Operation::GetTenantBackupStrategy)
}

/// Pausing and resuming the target's schedule.
pub fn schedule_ops(target: Target) -> [Operation; 2] {
    match target {
        Target::Cluster(_) => [
            Operation::StopClusterBackupSchedule,
            Operation::StartClusterBackupSchedule,
        ],
        Target::Tenant { .. } => [
            Operation::StopTenantBackupSchedule,
            Operation::StartTenantBackupSchedule,
        ],
    }
}

#[derive(Default)]
pub struct State {
    pub editor: Option<StrategyEditor>,
}

impl State {
    /// Field errors follow the language.
    pub fn language_changed(&mut self, tr: &'static Tr) {
        if let Some(ed) = &mut self.editor
            && !ed.errors.is_empty()
        {
            ed.errors = ed.check(tr).err().unwrap_or_default();
        }
    }
}

/// The strategy editor of one target: the form, the strategy it was loaded from, and what
/// waits for the user's confirmation. Errors keep the form as typed.
#[derive(Clone, Debug)]
pub struct StrategyEditor {
    pub target: Target,
    /// The strategy on the server when the form was loaded; `None`: there is none (create).
    pub base: Option<Box<types::OcpBackupStrategy>>,
    pub original: StrategyForm,
    pub form: StrategyForm,
    pub errors: FieldErrors,
    pub show_secret: bool,
    /// Export the storage secrets too (off by default: files get shared).
    pub include_secrets: bool,
    pub confirm: Option<StrategyConfirm>,
    /// A short note beside the buttons (e.g. "nothing changed").
    pub note: Option<String>,
    pub error: Option<UiError>,
}

impl StrategyEditor {
    pub fn new(target: Target, base: Option<Box<types::OcpBackupStrategy>>) -> Self {
        let form = base
            .as_deref()
            .map(StrategyForm::from_strategy)
            .unwrap_or_default();
        StrategyEditor {
            target,
            base,
            original: form.clone(),
            form,
            errors: FieldErrors::new(),
            show_secret: false,
            include_secrets: false,
            confirm: None,
            note: None,
            error: None,
        }
    }

    /// The form checked as a send would check it, and the body it becomes.
    pub fn check(&self, tr: &'static Tr) -> Result<types::BackupStrategyParam, FieldErrors> {
        let cluster = matches!(self.target, Target::Cluster(_));
        self.form.to_param(tr, self.base.as_deref(), cluster)
    }

    /// Whether scheduled backups run (`None`: no strategy).
    pub fn schedule_enabled(&self) -> Option<bool> {
        let b = self.base.as_ref()?;
        Some(
            b.ob_backup_schedule_config
                .as_ref()
                .and_then(|c| c.backup_schedule_enabled)
                .unwrap_or(true),
        )
    }
}

/// What the strategy editor asks the user to confirm.
#[derive(Clone, Debug, PartialEq)]
pub enum StrategyConfirm {
    /// Every field of a new strategy, reviewed before the create is sent.
    Create {
        rows: Vec<DiffRow>,
        param: StrategyBody,
    },
    Modify {
        rows: Vec<DiffRow>,
        param: StrategyBody,
    },
    Delete,
    Pause,
    Resume,
}

#[must_use]
#[derive(Clone, Debug)]
pub enum Action {
    /// Validate the form; create, or show the changes of a modify.
    Submit,
    /// Ask before deleting, pausing or resuming.
    Ask(StrategyConfirm),
    Confirmed,
    CancelConfirm,
    Discard,
    /// Write the form to a JSON file (after checking it).
    Export,
    /// Fill the form from a JSON file; nothing is sent.
    Import,
}

pub enum Done {
    /// The target's strategy (`None`: it has none).
    Loaded(
        Target,
        Result<Option<Box<types::OcpBackupStrategy>>, UiError>,
    ),
    /// A write was accepted; which one (without its body).
    Written(Target, Result<StrategyOpKind, UiError>),
    /// A strategy file was picked (`None`: cancelled) and read, for this target's editor.
    Imported(Target, Option<(PathBuf, Result<String, String>)>),
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_strategy_under_review_keeps_its_secret_out_of_debug() {
        use super::form::StrategyForm;
        let mut form = StrategyForm::default();
        form.storage.location.storage_type = ocp_api::enums::BackupStorageType::BackupStorageOss;
        form.storage.location.storage_url = "bucket/backup".into();
        form.storage.location.endpoint = "oss.example.com".into();
        form.storage.location.access_key_id = "AK".into();
        form.storage.location.access_key_secret = "hunter2-secret".into();
        form.utc_offset = "+08:00".into();
        let tr = crate::i18n::Lang::En.tr();
        let param = form.to_param(tr, None, false).unwrap();
        let mut editor = super::StrategyEditor::new(super::Target::Cluster(1), None);
        editor.form = form;
        editor.confirm = Some(super::StrategyConfirm::Create {
            rows: editor.form.summary(tr),
            param: super::StrategyBody(Box::new(param)),
        });
        let text = format!("{editor:?}");
        assert!(text.contains("oss.example.com"));
        assert!(!text.contains("hunter2"), "{text}");
    }
}
