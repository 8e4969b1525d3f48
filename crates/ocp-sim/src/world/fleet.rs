//! A generated fleet (`--fleet 200x20`): many clusters of many tenants, each tenant in a health
//! state chosen by its position and named after it, so a test knows what to expect without
//! reading the world: `t03_ok`, `t06_failed` (its newest data backup failed), `t07_paused`,
//! `t08_nostrategy`, `t09_lagging` (log backup 15 minutes behind). Every tenth cluster is
//! backed up as a whole (a cluster-level strategy; its tenants are all `ok`).
//!
//! History covers the last three days: a daily calendar (full on Mondays, incremental on the
//! other days) at the time of day four hours before the start, so no scheduled run is under
//! way when the world starts, and one manual backup an hour before the start whose outcome
//! sets the state. Strategies are added directly rather than through `create_strategy`, which
//! recomputes the next due run on each call and would make building a large fleet quadratic.

use chrono::TimeDelta;
use ocp_api::enums::{
    BackupMode, BackupScheduleMode, BackupStorageType, DataBackupMode, TaskType, TenantMode,
};
use ocp_api::types;

use super::backup::{Trigger, backup_object};
use super::build::{ClusterSpec, TenantSpec};
use super::views::storage_root;
use super::{ObjectKey, StrategyRec, Time, World};
use crate::rng::{self, Rng};

/// Size of a generated fleet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fleet {
    pub clusters: usize,
    pub tenants: usize,
}

impl std::str::FromStr for Fleet {
    type Err = String;

    /// `CLUSTERSxTENANTS`, e.g. `200x20`.
    fn from_str(text: &str) -> Result<Fleet, String> {
        let bad =
            || format!("--fleet {text:?}: expected CLUSTERSxTENANTS, e.g. 200x20, each 1–1000");
        let (c, t) = text.split_once(['x', 'X']).ok_or_else(bad)?;
        let n = |s: &str| {
            s.trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=1000).contains(n))
        };
        Ok(Fleet {
            clusters: n(c).ok_or_else(bad)?,
            tenants: n(t).ok_or_else(bad)?,
        })
    }
}

/// The designed state of a generated tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FleetState {
    Ok,
    Failed,
    Paused,
    NoStrategy,
    Lagging,
}

impl FleetState {
    /// Tenant `tenant` of cluster `cluster` (both from 0). Six in ten are healthy.
    pub fn of(cluster: usize, tenant: usize) -> FleetState {
        if cluster % 10 == 9 {
            return FleetState::Ok;
        }
        match (cluster * 7 + tenant) % 10 {
            6 => FleetState::Failed,
            7 => FleetState::Paused,
            8 => FleetState::NoStrategy,
            9 => FleetState::Lagging,
            _ => FleetState::Ok,
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            FleetState::Ok => "ok",
            FleetState::Failed => "failed",
            FleetState::Paused => "paused",
            FleetState::NoStrategy => "nostrategy",
            FleetState::Lagging => "lagging",
        }
    }
}

/// OCP ID of generated cluster `i` (from 0).
pub fn fleet_cluster_id(i: usize) -> i64 {
    3_000_001 + i as i64
}

/// Name of generated cluster `i`: `fleet_c000`, …
pub fn fleet_cluster_name(i: usize) -> String {
    format!("fleet_c{i:03}")
}

/// Name of tenant `j` of generated cluster `i`, e.g. `t06_failed`.
pub fn fleet_tenant_name(i: usize, j: usize) -> String {
    format!("t{j:02}_{}", FleetState::of(i, j).suffix())
}

fn strategy_param(time_of_day: &str) -> types::BackupStrategyParam {
    use DataBackupMode::{FullBackup as F, IncrementalBackup as I};
    types::BackupStrategyParam {
        backup_mode: BackupMode::PhysicalBackup,
        ob_backup_object_list: vec![],
        ob_backup_schedule_config: types::ObBackupScheduleConfig {
            backup_data_retention_days: Some(7),
            backup_schedule_enabled: Some(true),
            backup_schedule_mode: BackupScheduleMode::Week,
            backup_schedule_time: time_of_day.parse().expect("a valid time of day"),
            clean_enabled: Some(true),
            clean_schedule_time: None,
            day_and_data_backup_model_map: (1..=7)
                .map(|d| (d.to_string(), if d == 1 { F } else { I }))
                .collect(),
            start_log_backup: true,
        },
        ob_backup_service_storage_config: types::ObBackupServiceStorageConfig {
            alarm_storage_percentage_threshold: 80,
            config_name: "nfs_fleet".into(),
            host_id_list: vec![],
            ob_backup_storage_base_info: types::ObBackupStorageBaseInfo {
                backup_storage_type: BackupStorageType::BackupStorageFile,
                cos_access_key: None,
                custom_backup_range_list: vec![],
                oss_access_key: None,
                s3_access_key: None,
                storage_url: "/obbackup/fleet/".into(),
            },
            service_id: None,
            service_name: None,
            service_type: None,
            storage_id: None,
        },
        ob_backup_threshold_config: types::ObBackupThresholdConfig {
            data_backup_timeout_minutes: 240,
            lib_ob_log_expire_days: None,
            log_backup_delay_seconds: 300,
            no_successful_data_backup_alarm_days: 2,
        },
        ob_secondary_backup_config: None,
        secondary_backup_enabled: false,
    }
}

impl World {
    /// A world of a generated fleet instead of the seeded clusters.
    pub(crate) fn fleet(
        clock: std::sync::Arc<crate::clock::SimClock>,
        seed: u64,
        user_names: &[String],
        fleet: Fleet,
    ) -> World {
        let now = clock.now();
        let mut world = World::empty(clock, seed, user_names);
        world.populate_fleet(fleet, now);
        world
    }

    /// The fleet world: `fleet.clusters` clusters of `fleet.tenants` user tenants (plus sys).
    fn populate_fleet(&mut self, fleet: Fleet, now: Time) {
        let mut rng = Rng::new(rng::hash(&[self.seed, 0xf1ee7]));
        let created = now - TimeDelta::days(3);
        let time_of_day = (now - TimeDelta::hours(4))
            .with_timezone(&crate::clock::cst())
            .format("%H:%M:%S%.3f+08:00")
            .to_string();
        let param = strategy_param(&time_of_day);
        let root = storage_root(
            &param
                .ob_backup_service_storage_config
                .ob_backup_storage_base_info,
        );
        self.ids.storage += 1;
        let storage_id = self.ids.storage;
        let mut objects = Vec::new();
        for i in 0..fleet.clusters {
            let id = fleet_cluster_id(i);
            let tenants = (0..=fleet.tenants)
                .map(|j| TenantSpec {
                    id: 30_000_000 + i as i64 * 1000 + j as i64,
                    name: if j == 0 {
                        "sys".into()
                    } else {
                        fleet_tenant_name(i, j - 1)
                    },
                    ob_tenant_id: if j == 0 { 1 } else { 1000 + 2 * j as i64 },
                    mode: TenantMode::Mysql,
                    size_gb: 5.0 + (j % 7) as f64 * 10.0,
                    description: "generated fleet tenant".into(),
                })
                .collect();
            self.add_cluster(
                ClusterSpec {
                    id,
                    name: fleet_cluster_name(i),
                    ob_cluster_id: 1_800_000_000 + i as i64,
                    ob_version: "4.2.1.8".into(),
                    standby_of: None,
                    zones: vec!["zone1".into(), "zone2".into(), "zone3".into()],
                    region: "fleet".into(),
                    idc: format!("f{i}"),
                    servers_per_zone: 1,
                    subnet: (i % 250) as u8,
                    tenants,
                },
                created - TimeDelta::days(30),
                &mut rng,
            );
            if i % 10 == 9 {
                objects.push((ObjectKey::Cluster(id), FleetState::Ok));
                continue;
            }
            for j in 0..fleet.tenants {
                let state = FleetState::of(i, j);
                if state != FleetState::NoStrategy {
                    let tenant = 30_000_000 + i as i64 * 1000 + j as i64 + 1;
                    objects.push((ObjectKey::Tenant(id, tenant), state));
                }
            }
        }
        self.ids.tenant = 30_000_000 + fleet.clusters as i64 * 1000;
        for (object, _) in &objects {
            let mut param = param.clone();
            param.ob_backup_object_list = vec![backup_object(*object)];
            param.ob_backup_service_storage_config.storage_id = Some(storage_id);
            self.ids.strategy += 1;
            self.strategies.push(StrategyRec {
                id: self.ids.strategy,
                object: *object,
                created,
                updated: created,
                param,
                schedule_enabled: true,
                cursor: created,
            });
            self.start_log(*object, root.clone(), created);
        }
        self.tick(now - TimeDelta::hours(2));
        let manual = |failure_rate| Trigger {
            creator: self.creator_for("admin"),
            task_type: TaskType::Manual,
            failure_rate,
        };
        let (ok, failing) = (manual(0.0), manual(1.0));
        let hour_ago = now - TimeDelta::hours(1);
        for (object, state) in objects {
            let trigger = if state == FleetState::Failed {
                &failing
            } else {
                &ok
            };
            let kind = DataBackupMode::IncrementalBackup;
            self.spawn_data_backup(object, kind, root.clone(), hour_ago, trigger);
            match state {
                FleetState::Paused => {
                    let _ = self.set_schedule(object, false, now - TimeDelta::minutes(30));
                }
                FleetState::Lagging => {
                    if let Some(log) = self.logs.iter_mut().rev().find(|l| l.object == object) {
                        log.lag_secs = 900.0;
                    }
                }
                _ => {}
            }
        }
        self.tick(now);
    }
}
