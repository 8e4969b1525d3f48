//! The simulated OCP: clusters, tenants, strategies, backups, restores and OCP tasks.
//!
//! Records store only what was decided when something happened (start time, phase times,
//! outcome); every status a client sees is derived from them and the simulated clock at read
//! time, so reads never need the write lock.

mod access;
mod backup;
mod build;
mod fleet;
mod guards;
mod log_backup;
mod recover;
mod request_log;
mod restore;
mod schedule;
mod seed;
mod strategy;
mod tasks;
mod timeline;
mod views;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use ocp_api::enums::{
    BackupMode, ClusterType, DataBackupMode, ReplicaType, RestoreTaskStatus, TaskType, TenantMode,
};
use ocp_api::types;
use parking_lot::Mutex;

use crate::clock::SimClock;

pub use access::RequestRecord;
pub(crate) use backup::{BackupNowRequest, backup_object};
pub use fleet::{Fleet, FleetState, fleet_cluster_id, fleet_cluster_name, fleet_tenant_name};
pub(crate) use request_log::RequestLog;
pub(crate) use restore::RestoreRequest;
pub(crate) use views::{TimeStyle, storage_root, ts};

pub(crate) type Time = DateTime<FixedOffset>;

/// First OCP task instance ID; the docs' samples show IDs around 3000041.
pub(crate) const TASK_ID_BASE: i64 = crate::seeded::FIRST_TASK_INSTANCE_ID;

/// Paths added with `addRestoreSource` for one target cluster: in the order added, each once.
/// The set makes a duplicate check O(1), so an addition costs time linear in what it adds.
#[derive(Clone, Debug, Default)]
pub(crate) struct RestoreSources {
    order: Vec<String>,
    seen: HashSet<String>,
}

impl RestoreSources {
    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    pub(crate) fn contains(&self, path: &str) -> bool {
        self.seen.contains(path)
    }

    /// Adds `path` unless it is there already.
    pub(crate) fn insert(&mut self, path: String) {
        if self.seen.insert(path.clone()) {
            self.order.push(path);
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &String> {
        self.order.iter()
    }
}

/// What a strategy, backup or log backup belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum ObjectKey {
    Cluster(i64),
    /// (cluster ID, tenant ID)
    Tenant(i64, i64),
}

impl ObjectKey {
    pub(crate) fn cluster_id(self) -> i64 {
        match self {
            ObjectKey::Cluster(c) | ObjectKey::Tenant(c, _) => c,
        }
    }

    pub(crate) fn tenant_id(self) -> Option<i64> {
        match self {
            ObjectKey::Cluster(_) => None,
            ObjectKey::Tenant(_, t) => Some(t),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct ClusterRec {
    pub id: i64,
    pub name: String,
    pub ob_cluster_id: i64,
    pub ob_version: String,
    pub cluster_type: ClusterType,
    pub primary_id: Option<i64>,
    pub region: String,
    pub zones: Vec<ZoneRec>,
    pub created: Time,
    pub creator: String,
    pub partition_count: i32,
}

impl ClusterRec {
    pub(crate) fn major(&self) -> u32 {
        self.ob_version
            .split('.')
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or(4)
    }

    pub(crate) fn is_standby(&self) -> bool {
        self.cluster_type == ClusterType::Standby
    }
}

#[derive(Clone, Debug)]
pub(crate) struct ZoneRec {
    pub name: String,
    pub idc: String,
    pub idc_id: i64,
    pub servers: Vec<ServerRec>,
}

#[derive(Clone, Debug)]
pub(crate) struct ServerRec {
    pub id: i64,
    pub ip: String,
}

#[derive(Clone, Debug)]
pub(crate) struct TenantRec {
    pub id: i64,
    pub cluster_id: i64,
    pub name: String,
    pub ob_tenant_id: i64,
    pub mode: TenantMode,
    pub created: Time,
    pub primary_zone: String,
    pub zones: Vec<TenantZoneRec>,
    pub locked: bool,
    pub readonly: bool,
    pub description: String,
    /// Size of the tenant's data, which sets how long a full backup takes.
    pub size_gb: f64,
    /// Set for tenants created by a restore: they exist only once it succeeds.
    pub restored_by: Option<i64>,
}

#[derive(Clone, Debug)]
pub(crate) struct TenantZoneRec {
    pub zone: String,
    pub replica: ReplicaType,
    pub unit_count: i32,
    pub cpu: f64,
    pub memory_gb: i32,
    pub pool_id: i64,
    pub pool_name: String,
    pub unit_ids: Vec<i64>,
}

#[derive(Clone, Debug)]
pub(crate) struct StrategyRec {
    pub id: i64,
    pub object: ObjectKey,
    pub created: Time,
    pub updated: Time,
    /// As sent, with `storageId`s assigned and the object list filled from the path.
    pub param: types::BackupStrategyParam,
    pub schedule_enabled: bool,
    /// Scheduled runs up to this time have been materialised.
    pub cursor: Time,
}

#[derive(Clone, Debug)]
pub(crate) struct DataBackupRec {
    pub task_id: i64,
    pub object: ObjectKey,
    pub backup_set_id: i64,
    pub full_set_id: i64,
    pub kind: DataBackupMode,
    pub mode: BackupMode,
    pub start: Time,
    pub init_at: Time,
    pub doing_at: Time,
    pub end_at: Time,
    pub failure: Option<String>,
    /// Storage root with protocol, e.g. `file:///obbackup`.
    pub root: String,
    pub data_version: Option<i64>,
    pub size_gb: f64,
    pub task_instance_id: i64,
    pub secondary_task_ids: Vec<i64>,
}

#[derive(Clone, Debug)]
pub(crate) struct LogBackupRec {
    pub object: ObjectKey,
    /// 1 for the first log archive round of the object, 2 after a restart, …
    pub round: i64,
    pub started: Time,
    pub stopped: Option<Time>,
    pub root: String,
    pub lag_secs: f64,
    pub mode: BackupMode,
}

#[derive(Clone, Debug)]
pub(crate) struct RestoreRec {
    pub id: i64,
    pub source: ObjectKey,
    pub target_cluster_id: i64,
    pub tenant_name: String,
    pub new_tenant_id: i64,
    pub restore_end_time: Time,
    pub created: Time,
    /// Each state and when it begins; the restore ends at `end_at`.
    pub phases: Vec<(RestoreTaskStatus, Time)>,
    pub end_at: Time,
    pub failure: Option<String>,
    pub pool_list: String,
    pub uri: String,
    pub task_instance_id: i64,
}

#[derive(Clone, Debug)]
pub(crate) struct Step {
    pub name: &'static str,
    pub start: Time,
    pub end: Time,
}

#[derive(Clone, Debug)]
pub(crate) struct TaskRec {
    pub id: i64,
    pub name: String,
    pub definition_id: i64,
    pub cluster_id: i64,
    pub tenant_id: Option<i64>,
    pub creator: (i64, String),
    pub task_type: TaskType,
    pub created: Time,
    pub steps: Vec<Step>,
    pub failed_step: Option<usize>,
    pub executor: String,
}

impl TaskRec {
    pub(crate) fn end_at(&self) -> Time {
        let last = self.failed_step.unwrap_or(self.steps.len() - 1);
        self.steps[last].end
    }
}

#[derive(Debug, Default)]
pub(crate) struct NextIds {
    /// OBServers added so far.
    pub server: i64,
    pub tenant: i64,
    pub ob_tenant: BTreeMap<i64, i64>,
    pub strategy: i64,
    pub storage: i64,
    pub data_task: i64,
    pub restore: i64,
    pub pool: i64,
    pub unit: i64,
}

/// The whole simulated OCP. Tests inspect it through [`crate::SimHandle::world`].
pub struct World {
    pub(crate) clock: Arc<SimClock>,
    pub(crate) seed: u64,
    pub(crate) clusters: Vec<ClusterRec>,
    pub(crate) tenants: Vec<TenantRec>,
    pub(crate) strategies: Vec<StrategyRec>,
    pub(crate) data_backups: Vec<DataBackupRec>,
    /// Indexes into `data_backups`, oldest first.
    pub(crate) by_object: HashMap<ObjectKey, Vec<usize>>,
    pub(crate) by_cluster: HashMap<i64, Vec<usize>>,
    pub(crate) logs: Vec<LogBackupRec>,
    pub(crate) restores: Vec<RestoreRec>,
    /// `tasks[i].id == TASK_ID_BASE + i`.
    pub(crate) tasks: Vec<TaskRec>,
    pub(crate) restore_sources: BTreeMap<i64, RestoreSources>,
    pub(crate) ids: NextIds,
    /// Earliest time a scheduled backup becomes due; `None` when nothing is scheduled.
    pub(crate) next_due: Option<Time>,
    pub(crate) request_log: Mutex<RequestLog>,
    /// OCP user IDs by name, for task creators.
    pub(crate) user_ids: Vec<(String, i64)>,
}

impl World {
    /// The seeded world of `crate::seeded`, with its history up to the clock's time.
    pub(crate) fn seeded(clock: Arc<SimClock>, seed: u64, user_names: &[String]) -> World {
        let now = clock.now();
        let mut world = World::empty(clock, seed, user_names);
        seed::populate(&mut world, now);
        world
    }

    /// A world without clusters; [`World::add_cluster`] and the operations fill it.
    pub(crate) fn empty(clock: Arc<SimClock>, seed: u64, user_names: &[String]) -> World {
        World {
            clock,
            seed,
            clusters: Vec::new(),
            tenants: Vec::new(),
            strategies: Vec::new(),
            data_backups: Vec::new(),
            by_object: HashMap::new(),
            by_cluster: HashMap::new(),
            logs: Vec::new(),
            restores: Vec::new(),
            tasks: Vec::new(),
            restore_sources: BTreeMap::new(),
            ids: NextIds::default(),
            next_due: None,
            request_log: Mutex::new(RequestLog::new(
                crate::Limits::default().request_log_entries,
                crate::Limits::default().request_log_bytes,
            )),
            user_ids: user_names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), 100 + i as i64))
                .collect(),
        }
    }

    pub(crate) fn cluster_rec(&self, id: i64) -> Option<&ClusterRec> {
        self.clusters.iter().find(|c| c.id == id)
    }

    pub(crate) fn tenant_rec(&self, id: i64) -> Option<&TenantRec> {
        self.tenants.iter().find(|t| t.id == id)
    }

    pub(crate) fn strategy_index(&self, object: ObjectKey) -> Option<usize> {
        self.strategies.iter().position(|s| s.object == object)
    }

    pub(crate) fn task_rec(&self, id: i64) -> Option<&TaskRec> {
        let idx = usize::try_from(id.checked_sub(TASK_ID_BASE)?).ok()?;
        self.tasks.get(idx)
    }

    pub(crate) fn restore_rec(&self, id: i64) -> Option<&RestoreRec> {
        self.restores.iter().find(|r| r.id == id)
    }

    pub(crate) fn creator_for(&self, user: &str) -> (i64, String) {
        let id = self
            .user_ids
            .iter()
            .find(|(n, _)| n == user)
            .map_or(100, |(_, id)| *id);
        (id, user.to_owned())
    }

    /// Data backups of `object`, oldest first.
    pub(crate) fn backups_of(
        &self,
        object: ObjectKey,
    ) -> impl DoubleEndedIterator<Item = &DataBackupRec> {
        self.by_object
            .get(&object)
            .into_iter()
            .flatten()
            .map(|&i| &self.data_backups[i])
    }

    /// Every data backup of a cluster, cluster- and tenant-level, oldest first.
    pub(crate) fn backups_of_cluster(
        &self,
        cluster_id: i64,
    ) -> impl DoubleEndedIterator<Item = &DataBackupRec> {
        self.by_cluster
            .get(&cluster_id)
            .into_iter()
            .flatten()
            .map(|&i| &self.data_backups[i])
    }

    pub(crate) fn push_data_backup(&mut self, rec: DataBackupRec) {
        let idx = self.data_backups.len();
        let start = rec.start;
        let (object, cluster) = (rec.object, rec.object.cluster_id());
        self.data_backups.push(rec);
        let backups = &self.data_backups;
        for list in [
            self.by_object.entry(object).or_default(),
            self.by_cluster.entry(cluster).or_default(),
        ] {
            let at = list.partition_point(|&i| backups[i].start <= start);
            list.insert(at, idx);
        }
    }

    pub(crate) fn rebuild_indexes(&mut self) {
        self.by_object.clear();
        self.by_cluster.clear();
        let mut order: Vec<usize> = (0..self.data_backups.len()).collect();
        order.sort_by_key(|&i| (self.data_backups[i].start, i));
        for i in order {
            let object = self.data_backups[i].object;
            self.by_object.entry(object).or_default().push(i);
            self.by_cluster
                .entry(object.cluster_id())
                .or_default()
                .push(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;
    use ocp_api::enums::{DataBackupMode, DataBackupTaskStatus, RestoreTaskStatus};

    use super::*;
    use crate::seeded::{self, CRM, DEV_APP, IOT_METRICS, TRADE};

    fn key(t: seeded::Tenant) -> ObjectKey {
        ObjectKey::Tenant(t.cluster_id, t.id)
    }

    fn world() -> World {
        let clock = Arc::new(SimClock::new(crate::test_start(), 0.0));
        World::seeded(clock, 42, &["admin".to_owned()])
    }

    fn strategy_param() -> types::BackupStrategyParam {
        serde_json::from_value(serde_json::json!({
            "backupMode": "PHYSICAL_BACKUP",
            "obBackupScheduleConfig": {"backupScheduleMode": "WEEK", "backupScheduleTime": "02:00:00.000+08:00",
                "dayAndDataBackupModelMap": {"1": "FULL_BACKUP"}, "startLogBackup": true},
            "obBackupThresholdConfig": {"dataBackupTimeoutMinutes": 60, "logBackupDelaySeconds": 300, "noSuccessfulDataBackupAlarmDays": 2},
            "obBackupServiceStorageConfig": {"configName": "nfs1", "alarmStoragePercentageThreshold": 80,
                "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"}}
        }))
        .unwrap()
    }

    #[test]
    fn seeded_world_has_history() {
        let w = world();
        let now = w.now();
        assert_eq!(w.clusters.len(), seeded::CLUSTERS.len());
        assert_eq!(w.strategies.len(), 5);
        let busy = key(IOT_METRICS);
        assert!(w.backups_of(busy).count() >= 2500);
        let trade = key(TRADE);
        let oldest = w.backups_of(trade).next().unwrap().start;
        assert!(now - oldest >= TimeDelta::days(7));
        let failed: Vec<_> = w
            .data_backups
            .iter()
            .filter(|b| b.status(now) == DataBackupTaskStatus::Failed)
            .collect();
        assert!(failed.len() >= 3 && failed.iter().all(|b| b.failure.is_some()));
        let states: Vec<_> = w.restores.iter().map(|r| r.status(now)).collect();
        assert_eq!(
            states
                .iter()
                .filter(|s| **s == RestoreTaskStatus::RestoreSuccess)
                .count(),
            2
        );
        assert_eq!(
            states
                .iter()
                .filter(|s| **s == RestoreTaskStatus::RestoreFail)
                .count(),
            1
        );
        // IDs grow with time.
        assert!(w.tasks.windows(2).all(|p| p[0].created <= p[1].created));
        assert!(
            w.data_backups
                .iter()
                .all(|b| w.task_rec(b.task_instance_id).is_some())
        );
    }

    #[test]
    fn strategy_lifecycle_and_refusals() {
        let mut w = world();
        let now = w.now();
        let crm = key(CRM);
        assert!(
            w.create_strategy(crm, strategy_param(), "admin", now)
                .unwrap()
                .is_empty()
        );
        let e = w
            .create_strategy(crm, strategy_param(), "admin", now)
            .unwrap_err();
        assert_eq!(e.code_text(), "BAK21002");
        let e = w.update_strategy(crm, strategy_param(), now).unwrap_err();
        assert_eq!(e.code_text(), "BAK21016");
        assert!(
            w.logs.iter().any(|l| l.object == crm && l.active_at(now)),
            "log backup started"
        );
        w.set_schedule(crm, false, now).unwrap();
        assert!(
            !w.logs.iter().any(|l| l.object == crm && l.active_at(now)),
            "log backup stopped"
        );
        w.delete_strategy(crm, now).unwrap();
        assert_eq!(
            w.delete_strategy(crm, now).unwrap_err().code_text(),
            "BAK21006"
        );
    }

    #[test]
    fn scheduled_backups_appear_as_time_passes() {
        let mut w = world();
        let before = w.data_backups.len();
        let later = w.now() + TimeDelta::days(2);
        w.tick(later);
        let new: Vec<_> = w.data_backups[before..].iter().collect();
        assert!(new.len() >= 4, "daily schedules ran: {}", new.len());
        assert!(new.iter().all(|b| b.start <= later));
        let first_new = w.backups_of(key(TRADE)).last().unwrap();
        assert!(first_new.start > w.now());
        assert!(w.next_due.unwrap() > later);
    }

    #[test]
    fn backup_now_rules() {
        let mut w = world();
        let now = w.now();
        let dev = key(DEV_APP);
        let param = |mode: &str| -> types::BackupNowParam {
            serde_json::from_value(serde_json::json!({"backupMode": "PHYSICAL_BACKUP", "dataBackupMode": mode,
                "obBackupServiceStorageConfig": {"configName": "nfs1", "alarmStoragePercentageThreshold": 80,
                "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"}}}))
            .unwrap()
        };
        let req = |mode| BackupNowRequest {
            object: dev,
            param: param(mode),
            user: "admin".into(),
        };
        assert_eq!(
            w.backup_now(req("INCREMENTAL_BACKUP"), now)
                .unwrap_err()
                .code_text(),
            "BAK31001"
        );
        w.backup_now(req("FULL_BACKUP"), now).unwrap();
        assert_eq!(
            w.backup_now(req("FULL_BACKUP"), now)
                .unwrap_err()
                .code_text(),
            "BAK31005"
        );
        let b = w.backups_of(dev).last().unwrap().clone();
        assert_eq!(b.kind, DataBackupMode::FullBackup);
        assert_eq!(b.status(now), DataBackupTaskStatus::Beginning);
        let task = w.task_rec(b.task_instance_id).unwrap();
        assert_eq!(task.end_at(), b.end_at);
    }
}
