//! Shared runtime state: what was fetched (read by several features) and where the user is.
//! Each feature keeps its own state in its folder. Nothing here is persisted.

use std::collections::HashMap;

use ocp_api::types;

use crate::error::UiError;
use crate::model::{Target, TaskKind, TenantBadge, Timeline};

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

/// What OCP answered, by what it is about; views read it, result handling writes it.
#[derive(Default)]
pub struct Data {
    pub clusters: Loadable<Vec<types::Cluster>>,
    pub tenants: HashMap<i64, Loadable<Vec<types::Tenant>>>,
    pub overviews: HashMap<i64, Loadable<Box<types::ClusterBackupInfoDetail>>>,
    pub abilities: HashMap<i64, Loadable<Box<types::ObBackupAbility>>>,
    pub strategies: HashMap<Target, Loadable<Option<Box<types::OcpBackupStrategy>>>>,
    pub badges: HashMap<Target, TenantBadge>,
    pub instances: HashMap<i64, Loadable<Box<types::TaskInstance>>>,
    pub full_backup: HashMap<Target, bool>,
    /// Recoverable times (last seven days) by target, as drawn on the timeline.
    pub timelines: HashMap<Target, Loadable<Timeline>>,
}

impl Data {
    pub fn cluster(&self, id: i64) -> Option<&types::Cluster> {
        self.clusters.value.as_ref()?.iter().find(|c| c.id == id)
    }

    /// OCP's zone: the offset of the cluster-level times it sends (tenant-level ones of
    /// OceanBase 4.x come in UTC, so they do not tell).
    pub fn ocp_offset(&self) -> Option<chrono::FixedOffset> {
        self.clusters
            .value
            .as_ref()?
            .iter()
            .find_map(|c| c.create_time.as_ref())
            .map(|t| t.offset())
    }

    pub fn tenant(&self, cluster: i64, tenant: i64) -> Option<&types::Tenant> {
        self.tenants
            .get(&cluster)?
            .value
            .as_ref()?
            .iter()
            .find(|t| t.id == tenant)
    }

    /// The name of a cluster or tenant, or its ID while the lists are loading.
    pub fn target_name(&self, target: Target) -> String {
        match target {
            Target::Cluster(c) => self
                .cluster(c)
                .map(|c| c.name.clone())
                .unwrap_or_else(|| c.to_string()),
            Target::Tenant { cluster, tenant } => self
                .tenant(cluster, tenant)
                .map(|t| t.name.clone())
                .unwrap_or_else(|| tenant.to_string()),
        }
    }

    /// The strategy of a target as last loaded (`None` inside: it has none).
    pub fn strategy(&self, target: Target) -> Option<&Option<Box<types::OcpBackupStrategy>>> {
        self.strategies.get(&target).and_then(|l| l.value.as_ref())
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

/// Where the user is: the app routes by it.
#[derive(Default)]
pub struct ViewState {
    pub selected: Option<Target>,
    pub tab: Tab,
    /// The error shown in the error panel (copyable code, message, traceId).
    pub error_panel: Option<UiError>,
}
