//! Runtime state: what was fetched and what the user is doing. Nothing here is persisted.

use std::collections::{BTreeSet, HashMap};

use ocp_api::enums::DataBackupMode;
use ocp_api::types;

use crate::error::UiError;
use crate::model::{SharedProgress, TableId, Target, TaskKind, TaskPage, TenantBadge};
use crate::settings::Profile;
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
}

/// The "back up now" dialog. It stays open with the user's choice when the server refuses.
#[derive(Clone, Debug)]
pub struct BackupNowDialog {
    pub target: Target,
    pub mode: DataBackupMode,
    pub error: Option<UiError>,
}

/// The connection editor: the profile being edited and its secret as typed.
#[derive(Clone, Debug)]
pub struct ProfileEditor {
    pub profile: Profile,
    pub secret: String,
    pub show_secret: bool,
    pub test_result: Option<Result<usize, UiError>>,
    pub is_new: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Success,
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
