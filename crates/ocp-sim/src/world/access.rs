//! Read-only inspection of the world for tests and embedders, in the spec's types, as of the
//! current simulated time.

use chrono::{DateTime, FixedOffset};
use ocp_api::types;

use super::views::TimeStyle;
use super::{ObjectKey, World};
use crate::errors::Lang;

/// One request as the server received it.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestRecord {
    pub method: String,
    /// URL path, e.g. `/api/v2/ob/clusters/1000001/backup/overview`.
    pub path: String,
    /// Raw query string, without `?`.
    pub query: Option<String>,
    /// Request body, when it was JSON and small enough to keep whole
    /// ([`Limits::request_log_body_bytes`](crate::Limits::request_log_body_bytes)).
    pub body: Option<serde_json::Value>,
    /// Request body as text, when it was not empty and not JSON, or too large to keep whole (then
    /// its first `request_log_body_bytes`). Bodies of unauthenticated requests are never kept.
    pub body_text: Option<String>,
    /// Size of the request body in bytes, as received (0 when it was not read).
    pub body_len: usize,
    /// The authenticated user or access key ID; `None` when authentication failed.
    pub user: Option<String>,
    /// HTTP status answered; 0 when the connection was dropped by fault injection.
    pub status: u16,
    /// Simulated time of arrival.
    pub at: DateTime<FixedOffset>,
}

impl World {
    /// Current simulated time.
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now()
    }

    pub fn clusters(&self) -> Vec<types::Cluster> {
        let now = self.now();
        self.clusters
            .iter()
            .map(|c| self.cluster_view(c, now, true))
            .collect()
    }

    pub fn cluster(&self, id: i64) -> Option<types::Cluster> {
        Some(self.cluster_view(self.cluster_rec(id)?, self.now(), true))
    }

    pub fn cluster_by_name(&self, name: &str) -> Option<types::Cluster> {
        let c = self.clusters.iter().find(|c| c.name == name)?;
        Some(self.cluster_view(c, self.now(), true))
    }

    /// Tenants that exist now (a restored tenant appears once its restore succeeds).
    pub fn tenants(&self, cluster_id: i64) -> Vec<types::Tenant> {
        let now = self.now();
        self.tenants
            .iter()
            .filter(|t| t.cluster_id == cluster_id)
            .filter_map(|t| self.tenant_view(t, now, true))
            .collect()
    }

    pub fn tenant(&self, tenant_id: i64) -> Option<types::Tenant> {
        self.tenant_view(self.tenant_rec(tenant_id)?, self.now(), true)
    }

    pub fn tenant_by_name(&self, cluster_id: i64, name: &str) -> Option<types::Tenant> {
        let now = self.now();
        self.tenants
            .iter()
            .filter(|t| t.cluster_id == cluster_id && t.name == name)
            .find_map(|t| self.tenant_view(t, now, true))
    }

    pub fn strategies(&self) -> Vec<types::OcpBackupStrategy> {
        self.strategies
            .iter()
            .map(|s| self.strategy_view(s))
            .collect()
    }

    /// The strategy of a cluster (`tenant_id: None`) or of a tenant.
    pub fn strategy(
        &self,
        cluster_id: i64,
        tenant_id: Option<i64>,
    ) -> Option<types::OcpBackupStrategy> {
        let object = match tenant_id {
            Some(t) => ObjectKey::Tenant(cluster_id, t),
            None => ObjectKey::Cluster(cluster_id),
        };
        Some(self.strategy_view(&self.strategies[self.strategy_index(object)?]))
    }

    /// Every data backup task, newest first.
    pub fn data_backup_tasks(&self) -> Vec<types::DataBackupTask> {
        let now = self.now();
        let mut rows: Vec<_> = self.data_backups.iter().collect();
        rows.sort_by_key(|b| std::cmp::Reverse((b.start, b.task_id)));
        rows.into_iter()
            .map(|b| self.data_backup_view(b, now, TimeStyle::Local))
            .collect()
    }

    pub fn data_backup_task_count(&self) -> usize {
        self.data_backups.len()
    }

    pub fn log_backup_tasks(&self) -> Vec<types::LogBackupTask> {
        let now = self.now();
        self.logs
            .iter()
            .rev()
            .map(|l| self.log_view(l, now, TimeStyle::Local))
            .collect()
    }

    pub fn restore_tasks(&self) -> Vec<types::RestoreTask> {
        let now = self.now();
        self.restores
            .iter()
            .rev()
            .map(|r| self.restore_view(r, now, TimeStyle::Local, Lang::En))
            .collect()
    }

    /// Every OCP task instance, newest first.
    pub fn task_instances(&self) -> Vec<types::TaskInstance> {
        let now = self.now();
        self.tasks
            .iter()
            .rev()
            .map(|t| self.task_view(t, now))
            .collect()
    }

    pub fn task_instance(&self, id: i64) -> Option<types::TaskInstance> {
        Some(self.task_view(self.task_rec(id)?, self.now()))
    }

    /// Paths added with `addRestoreSource` for restores into `cluster_id`.
    pub fn restore_sources(&self, cluster_id: i64) -> Vec<String> {
        self.restore_sources
            .get(&cluster_id)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The latest requests, oldest first; as many as
    /// [`Limits::request_log_entries`](crate::Limits::request_log_entries) and
    /// [`Limits::request_log_bytes`](crate::Limits::request_log_bytes) allow.
    pub fn request_log(&self) -> Vec<RequestRecord> {
        self.request_log.lock().iter().cloned().collect()
    }

    pub fn clear_request_log(&self) {
        self.request_log.lock().clear();
    }

    pub(crate) fn record_request(&self, record: RequestRecord) {
        self.request_log.lock().push(record);
    }
}
