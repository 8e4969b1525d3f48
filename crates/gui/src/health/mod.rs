//! The "Backup health" home: the screen the app opens on. It shows the health of every cluster
//! and tenant of the current connection, or of every saved connection at once (a fleet across
//! several OCPs), as `ocp_health` judges it: headline numbers, counts by verdict, and a table
//! with one row per tenant (and per cluster backed up as a whole), sortable, filterable,
//! exportable as CSV, with row actions that open the existing dialogs for that object.
//!
//! Each OCP is collected by the worker (`ocp_health::collect`, never on the UI thread); every
//! cluster it answers arrives through the OCP's [`Feed`] and updates its rows at once, so the
//! table fills in while the progress reads "37 / 120 clusters".

mod logic;
pub mod requests;
pub mod table;
pub mod texts;
pub mod view;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use ocp_health::{ClusterHealth, ErrorInfo, OcpHealth};
use serde::{Deserialize, Serialize};

use crate::model::Target;
use crate::settings::Startup;
use table::HealthTable;

/// Which OCP a row comes from: the demo connection or a saved profile.
pub type Source = Startup;

/// Which connections the home covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// The connection in use.
    #[default]
    Current,
    /// Every saved connection (and the demo while it runs).
    All,
}

/// The home's saved preferences (part of the settings).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub scope: Scope,
    /// Minutes between automatic refreshes while the home is on screen; 0: off.
    pub auto_refresh_minutes: u32,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            scope: Scope::Current,
            auto_refresh_minutes: 5,
        }
    }
}

/// Progress of one running collection, written by the worker and read by the frame.
#[derive(Debug, Default)]
pub struct Feed {
    /// Clusters listed (0 until the listing answers).
    pub total: AtomicUsize,
    pub done: AtomicUsize,
    /// Clusters answered since the frame last took them.
    arrived: Mutex<Vec<ClusterHealth>>,
}

impl Feed {
    pub(crate) fn push(&self, cluster: ClusterHealth) {
        self.done.fetch_add(1, Ordering::Relaxed);
        self.arrived.lock().expect("never poisoned").push(cluster);
    }

    pub(crate) fn take(&self) -> Vec<ClusterHealth> {
        std::mem::take(&mut *self.arrived.lock().expect("never poisoned"))
    }
}

/// What is known of one OCP's health.
#[derive(Debug)]
pub struct OcpEntry {
    pub source: Source,
    /// The connection's name as the user knows it.
    pub label: String,
    /// The clusters answered so far (the last collection's, updated as the new one answers).
    pub clusters: Vec<ClusterHealth>,
    /// Why the OCP could not be read at all (its clusters could not be listed, or there is no
    /// secret to sign in with).
    pub error: Option<ErrorInfo>,
    /// The running (or last) collection's progress.
    pub feed: Arc<Feed>,
}

impl OcpEntry {
    fn new(source: Source, label: String) -> Self {
        OcpEntry {
            source,
            label,
            clusters: Vec::new(),
            error: None,
            feed: Arc::default(),
        }
    }

    /// Takes the clusters that answered since the last frame; whether any did.
    fn take_arrived(&mut self) -> bool {
        let arrived = self.feed.take();
        let any = !arrived.is_empty();
        for c in arrived {
            match self.clusters.iter_mut().find(|old| old.id == c.id) {
                Some(old) => *old = c,
                None => self.clusters.push(c),
            }
        }
        any
    }

    /// The finished collection replaces what the OCP showed before.
    fn finish(&mut self, health: OcpHealth) {
        self.feed.take();
        self.error = health.error;
        if self.error.is_none() {
            self.clusters = health.clusters;
        } else {
            self.clusters.clear();
        }
    }
}

#[derive(Default)]
pub struct State {
    /// The home is on screen (instead of the selected target's tabs); the app opens on it.
    pub shown: bool,
    /// Every OCP collected so far, in the order of the connection list.
    pub entries: Vec<OcpEntry>,
    pub table: HealthTable,
    /// When the last refresh started (auto-refresh counts from it).
    pub last_refresh: Option<Instant>,
    /// The language and OCPs the table's rows were built for; other ones rebuild them.
    built_for: Option<(crate::ui::format::Format, Vec<(Source, String)>)>,
}

impl State {
    pub fn new() -> Self {
        State {
            shown: true,
            ..State::default()
        }
    }

    pub fn entry(&self, source: Source) -> Option<&OcpEntry> {
        self.entries.iter().find(|e| e.source == source)
    }
}

/// What a row action is about: an object of one OCP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowRef {
    pub source: Source,
    pub target: Target,
}

/// What a row's buttons do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowAction {
    /// Select the object in the navigator.
    Open,
    BackupNow,
    Restore,
    /// Open the strategy editor of an object without a strategy.
    CreateStrategy,
}

#[must_use]
#[derive(Clone, Debug)]
pub enum Action {
    /// Show the home.
    Show,
    SetScope(Scope),
    /// Collect again every OCP in scope.
    Refresh,
    SetAutoRefresh(u32),
    ExportCsv,
    Row(RowAction, RowRef),
}

pub enum Done {
    /// One OCP's collection ended.
    Collected(Source, Box<OcpHealth>),
}
