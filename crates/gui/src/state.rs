//! Runtime state: what was fetched and what the user is doing. Nothing here is persisted.

use std::collections::{BTreeSet, HashMap};

use ocp_api::enums::DataBackupMode;
use ocp_api::types;

use crate::error::UiError;
use crate::i18n::Tr;
use crate::model::{
    SharedProgress, StrategyBody, TableId, Target, TaskKind, TaskPage, TenantBadge, Timeline,
};
use crate::settings::Profile;
use crate::strategy_form::{DiffRow, FieldErrors, StrategyForm};
use crate::table::TaskTable;

/// A fetched value and the error of its last fetch (its loading state is the worker's).
#[derive(Debug)]
pub struct Loadable<T> {
    pub value: Option<T>,
    pub error: Option<UiError>,
}

impl<T> Default for Loadable<T> {
    fn default() -> Self {
        Loadable {
            value: None,
            error: None,
        }
    }
}

impl<T> Loadable<T> {
    pub fn set(&mut self, result: Result<T, UiError>) {
        match result {
            Ok(v) => {
                self.value = Some(v);
                self.error = None;
            }
            // Keep the last good value on screen; the error shows beside it.
            Err(e) => self.error = Some(e),
        }
    }
}

#[derive(Default)]
pub struct Data {
    pub clusters: Loadable<Vec<types::Cluster>>,
    pub tenants: HashMap<i64, Loadable<Vec<types::Tenant>>>,
    pub overviews: HashMap<i64, Loadable<Box<types::ClusterBackupInfoDetail>>>,
    pub abilities: HashMap<i64, Loadable<Box<types::ObBackupAbility>>>,
    pub strategies: HashMap<Target, Loadable<Option<Box<types::OcpBackupStrategy>>>>,
    pub badges: HashMap<Target, TenantBadge>,
    pub tables: HashMap<TableId, TaskTable>,
    pub instances: HashMap<i64, Loadable<Box<types::TaskInstance>>>,
    pub full_backup: HashMap<Target, bool>,
    /// Recoverable times (last seven days) by target, as drawn on the timeline.
    pub timelines: HashMap<Target, Loadable<Timeline>>,
}

impl Data {
    pub fn table(&mut self, id: TableId, page_size: i64) -> &mut TaskTable {
        self.tables
            .entry(id)
            .or_insert_with(|| TaskTable::new(id, page_size))
    }

    pub fn cluster(&self, id: i64) -> Option<&types::Cluster> {
        self.clusters.value.as_ref()?.iter().find(|c| c.id == id)
    }

    pub fn tenant(&self, cluster: i64, tenant: i64) -> Option<&types::Tenant> {
        self.tenants
            .get(&cluster)?
            .value
            .as_ref()?
            .iter()
            .find(|t| t.id == tenant)
    }

    pub fn apply_tasks(&mut self, page: TaskPage, page_size: i64) {
        let id = page.query.table;
        self.table(id, page_size).set_page(page);
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Overview,
    Tasks(TaskKind),
    TaskInstances,
    Strategy,
    Timeline,
}

/// The "back up now" dialog. It stays open with the user's choice when the server refuses.
#[derive(Clone, Debug)]
pub struct BackupNowDialog {
    pub target: Target,
    pub mode: DataBackupMode,
    pub error: Option<UiError>,
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

/// The connection editor: the profile being edited and its secret as typed.
#[derive(Clone)]
pub struct ProfileEditor {
    pub profile: Profile,
    pub secret: String,
    /// The keyring account `secret` was filled in from; when the URL or identity is edited away
    /// from it, the secret is cleared (it belongs to that OCP, not to the new one).
    pub secret_account: Option<String>,
    pub show_secret: bool,
    pub test_result: Option<Result<usize, UiError>>,
    pub is_new: bool,
}

/// Never shows the secret.
impl std::fmt::Debug for ProfileEditor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileEditor")
            .field("profile", &self.profile)
            .field("secret", &"***")
            .field("secret_account", &self.secret_account)
            .field("test_result", &self.test_result)
            .field("is_new", &self.is_new)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_editor_debug_hides_the_secret() {
        let editor = super::ProfileEditor {
            profile: crate::settings::Profile::default(),
            secret: "hunter2-secret".into(),
            secret_account: None,
            show_secret: true,
            test_result: None,
            is_new: true,
        };
        assert!(!format!("{editor:?}").contains("hunter2"));
    }

    #[test]
    fn a_strategy_under_review_keeps_its_secret_out_of_debug() {
        use crate::strategy_form::StrategyForm;
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Success,
    /// Something went wrong that the app works around (a failed refresh of a followed task).
    Warning,
    Error,
}

/// A message the app showed; kept so it can be reviewed (and asserted on in tests).
#[derive(Clone, Debug)]
pub struct Notice {
    pub level: Level,
    pub text: String,
    pub error: Option<UiError>,
}

#[derive(Default)]
pub struct ViewState {
    pub selected: Option<Target>,
    pub tab: Tab,
    pub expanded: BTreeSet<i64>,
    pub filter: String,
    pub backup_now: Option<BackupNowDialog>,
    pub connections_open: bool,
    pub editor: Option<ProfileEditor>,
    /// OCP task instances being followed, newest first.
    pub followed: Vec<i64>,
    pub open_instance: Option<i64>,
    /// The error shown in the error panel (copyable code, message, traceId).
    pub error_panel: Option<UiError>,
    /// A profile whose secret must be typed before connecting.
    pub secret_prompt: Option<(u64, String)>,
    pub strategy: Option<StrategyEditor>,
    pub timeline: TimelineView,
    /// The restore point picked on the timeline (inside a recoverable interval).
    pub restore_point: Option<ocp_api::time::OcpDateTime>,
    /// The last pick on the timeline fell outside every recoverable interval.
    pub restore_point_missed: bool,
    /// The restore wizard, while open.
    pub restore: Option<crate::restore_form::RestoreWizard>,
    /// Restores being followed: task instance → target cluster, whose tenants reload when the
    /// task ends.
    pub restores: Vec<(i64, i64)>,
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

impl ViewState {
    pub fn follow(&mut self, task: i64) {
        self.followed.retain(|t| *t != task);
        self.followed.insert(0, task);
        self.open_instance = Some(task);
    }
}

/// Progress of long fetches, by table.
pub type ProgressMap = HashMap<TableId, SharedProgress>;
