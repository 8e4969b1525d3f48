//! The IDs and names of the seeded world, the same for every seed (the seed only draws
//! durations, outcomes and jitter). Tests refer to the world through these instead of bare
//! numbers, and `world::seed` builds the world from them, so the two cannot drift apart.
//!
//! ```
//! use ocp_sim::seeded::{PROD_HZ, TRADE};
//! assert_eq!(TRADE.cluster_id, PROD_HZ.id);
//! let path = format!("/api/v2/ob/clusters/{}/tenants/{}/backup/strategy", PROD_HZ.id, TRADE.id);
//! # let _ = path;
//! ```

use ocp_api::enums::TenantMode;

/// A seeded cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// OCP's ID of the cluster (`clusterId` in paths).
    pub id: i64,
    pub name: &'static str,
    /// OceanBase's own cluster ID (`obClusterId`).
    pub ob_cluster_id: i64,
    /// The OBServer version (`obVersion`).
    pub ob_version: &'static str,
    /// The primary's OCP ID for a standby cluster.
    pub standby_of: Option<i64>,
    /// Zone names, in order.
    pub zones: &'static [&'static str],
}

/// A seeded tenant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tenant {
    /// OCP's ID of the tenant (`tenantId` in paths).
    pub id: i64,
    pub name: &'static str,
    /// OCP's ID of the tenant's cluster.
    pub cluster_id: i64,
    /// OceanBase's own tenant ID (`obTenantId`).
    pub ob_tenant_id: i64,
    pub oracle: bool,
}

impl Tenant {
    pub fn mode(&self) -> TenantMode {
        if self.oracle {
            TenantMode::Oracle
        } else {
            TenantMode::Mysql
        }
    }
}

/// A backup storage configuration of a seeded strategy (`obBackupServiceStorageConfig`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Storage {
    /// `configName`
    pub name: &'static str,
    /// `storageUrl` (a `BACKUP_STORAGE_FILE` path)
    pub url: &'static str,
}

const ZONES_3: &[&str] = &["zone1", "zone2", "zone3"];
const ZONES_1: &[&str] = &["zone1"];

/// OceanBase 4.2 production cluster with tenant-level strategies.
pub const PROD_HZ: Cluster = Cluster {
    id: 1_000_001,
    name: "ob_prod_hz",
    ob_cluster_id: 1_718_190_201,
    ob_version: "4.2.1.8",
    standby_of: None,
    zones: ZONES_3,
};
/// OceanBase 3.2 primary cluster with a cluster-level strategy and secondary backup.
pub const CORE_BJ: Cluster = Cluster {
    id: 1_000_002,
    name: "ob_core_bj",
    ob_cluster_id: 5,
    ob_version: "3.2.4.5",
    standby_of: None,
    zones: ZONES_3,
};
/// Standby of [`CORE_BJ`]: backups are refused (`BAK40002`).
pub const CORE_BJ_DR: Cluster = Cluster {
    id: 1_000_003,
    name: "ob_core_bj_dr",
    ob_cluster_id: 6,
    ob_version: "3.2.4.5",
    standby_of: Some(CORE_BJ.id),
    zones: ZONES_3,
};
/// OceanBase 4.2 cluster whose cluster-level strategy was paused two days ago.
pub const ARCH_SZ: Cluster = Cluster {
    id: 1_000_004,
    name: "ob_arch_sz",
    ob_cluster_id: 1_718_190_204,
    ob_version: "4.2.1.8",
    standby_of: None,
    zones: ZONES_1,
};
/// OceanBase 4.3 single-zone test cluster without strategy or backups; restore target.
pub const TEST_431: Cluster = Cluster {
    id: 1_000_005,
    name: "ob_test_431",
    ob_cluster_id: 199,
    ob_version: "4.3.1.0",
    standby_of: None,
    zones: ZONES_1,
};

/// Every seeded cluster, in ID order.
pub const CLUSTERS: [Cluster; 5] = [PROD_HZ, CORE_BJ, CORE_BJ_DR, ARCH_SZ, TEST_431];

const fn tenant(cluster: Cluster, id: i64, name: &'static str, ob_id: i64, oracle: bool) -> Tenant {
    Tenant {
        id,
        name,
        cluster_id: cluster.id,
        ob_tenant_id: ob_id,
        oracle,
    }
}

pub const PROD_HZ_SYS: Tenant = tenant(PROD_HZ, 1_000_011, "sys", 1, false);
/// Tenant strategy, paused six days ago for most of a day: two recoverable windows with a gap.
pub const TRADE: Tenant = tenant(PROD_HZ, 1_000_012, "trade", 1002, false);
/// Oracle mode; tenant strategy paused three days ago.
pub const BILLING: Tenant = tenant(PROD_HZ, 1_000_013, "billing", 1004, true);
/// Tenant strategy with hourly incrementals (at least 2,500 data backups).
pub const IOT_METRICS: Tenant = tenant(PROD_HZ, 1_000_014, "iot_metrics", 1006, false);
/// No backup strategy.
pub const CRM: Tenant = tenant(PROD_HZ, 1_000_015, "crm", 1008, false);

pub const CORE_BJ_SYS: Tenant = tenant(CORE_BJ, 1_000_021, "sys", 1, false);
pub const ERP: Tenant = tenant(CORE_BJ, 1_000_022, "erp", 1001, false);
/// Oracle mode.
pub const HR: Tenant = tenant(CORE_BJ, 1_000_023, "hr", 1002, true);

pub const CORE_BJ_DR_SYS: Tenant = tenant(CORE_BJ_DR, 1_000_031, "sys", 1, false);
/// Read-only standby of [`ERP`].
pub const ERP_DR: Tenant = tenant(CORE_BJ_DR, 1_000_032, "erp", 1001, false);
/// Read-only standby of [`HR`].
pub const HR_DR: Tenant = tenant(CORE_BJ_DR, 1_000_033, "hr", 1002, true);

pub const ARCH_SZ_SYS: Tenant = tenant(ARCH_SZ, 1_000_041, "sys", 1, false);
pub const ARCHIVE: Tenant = tenant(ARCH_SZ, 1_000_042, "archive", 1002, false);
pub const AUDIT_LOG: Tenant = tenant(ARCH_SZ, 1_000_043, "audit_log", 1004, false);

pub const TEST_431_SYS: Tenant = tenant(TEST_431, 1_000_051, "sys", 1, false);
/// Never backed up: an incremental backup is refused (`BAK31001`).
pub const DEV_APP: Tenant = tenant(TEST_431, 1_000_052, "dev_app", 1002, false);
/// Oracle mode.
pub const QA_ORACLE: Tenant = tenant(TEST_431, 1_000_053, "qa_oracle", 1004, true);

/// Every tenant the seeded world starts with, except those created by its restores.
pub const TENANTS: [Tenant; 17] = [
    PROD_HZ_SYS,
    TRADE,
    BILLING,
    IOT_METRICS,
    CRM,
    CORE_BJ_SYS,
    ERP,
    HR,
    CORE_BJ_DR_SYS,
    ERP_DR,
    HR_DR,
    ARCH_SZ_SYS,
    ARCHIVE,
    AUDIT_LOG,
    TEST_431_SYS,
    DEV_APP,
    QA_ORACLE,
];

/// OCP tenant IDs of tenants created later (by restores) start after this one.
pub(crate) const LAST_TENANT_ID_BEFORE_RESTORES: i64 = 1_000_100;

/// Name of the tenant of the seeded restore of [`ERP`] to [`CORE_BJ`], which failed: the tenant
/// does not exist (its ID, 1000101, answers `COM10002`).
pub const ERP_AUDIT_NAME: &str = "erp_audit";
/// Created on [`TEST_431`] by the seeded, successful restore of [`TRADE`].
pub const TRADE_VERIFY: Tenant = tenant(TEST_431, 1_000_102, "trade_verify", 1006, false);
/// Created on [`CORE_BJ`] by the seeded, successful restore of [`HR`].
pub const HR_SNAPSHOT: Tenant = tenant(CORE_BJ, 1_000_103, "hr_snapshot", 1006, true);

/// Storage of [`TRADE`]'s and [`BILLING`]'s strategies.
pub const NFS_PROD_HZ: Storage = Storage {
    name: "nfs_prod_hz",
    url: "/obbackup/",
};
/// Storage of [`IOT_METRICS`]'s strategy.
pub const NFS_IOT: Storage = Storage {
    name: "nfs_iot",
    url: "/obbackup/iot/",
};
/// Storage of [`CORE_BJ`]'s cluster strategy.
pub const NFS_CORE_BJ: Storage = Storage {
    name: "nfs_core_bj",
    url: "/obbackup/",
};
/// Secondary backup storage of [`CORE_BJ`]'s cluster strategy.
pub const NFS_CORE_BJ_COPY: Storage = Storage {
    name: "nfs_core_bj_copy",
    url: "/obbackup/backup_backup",
};
/// Storage of [`ARCH_SZ`]'s cluster strategy.
pub const OSS_LIKE_NFS_SZ: Storage = Storage {
    name: "oss_like_nfs_sz",
    url: "/obbackup/sz/",
};

/// The backup root (with protocol) of the seeded manual backups and restores.
pub const BACKUP_ROOT: &str = "file:///obbackup";

/// ID of the oldest OCP task instance (`GET /api/v2/tasks/instances/{id}`).
pub const FIRST_TASK_INSTANCE_ID: i64 = 3_000_001;

/// The OCP user that runs scheduled tasks, as `(user ID, name)` of a task's creator.
pub const SYSTEM_USER: (i64, &str) = (200, "system");

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::SimClock;
    use crate::world::{ObjectKey, World};

    #[test]
    fn the_world_is_built_from_these_names() {
        for seed in [1, 42] {
            let clock = Arc::new(SimClock::new(crate::test_start(), 0.0));
            let w = World::seeded(clock, seed, &["admin".to_owned()]);
            let clusters: Vec<_> = w
                .clusters
                .iter()
                .map(|c| {
                    let zones: Vec<&str> = c.zones.iter().map(|z| z.name.as_str()).collect();
                    (
                        c.id,
                        c.name.as_str(),
                        c.ob_cluster_id,
                        c.ob_version.as_str(),
                        c.primary_id,
                        zones,
                    )
                })
                .collect();
            let expected: Vec<_> = CLUSTERS
                .iter()
                .map(|c| {
                    (
                        c.id,
                        c.name,
                        c.ob_cluster_id,
                        c.ob_version,
                        c.standby_of,
                        c.zones.to_vec(),
                    )
                })
                .collect();
            assert_eq!(clusters, expected);

            let restored = [TRADE_VERIFY, HR_SNAPSHOT];
            for t in TENANTS.iter().chain(&restored) {
                let rec = w.tenant_rec(t.id).unwrap_or_else(|| panic!("{t:?}"));
                assert_eq!(
                    (
                        rec.name.as_str(),
                        rec.cluster_id,
                        rec.ob_tenant_id,
                        rec.mode.clone()
                    ),
                    (t.name, t.cluster_id, t.ob_tenant_id, t.mode()),
                    "{t:?}"
                );
            }
            assert_eq!(w.tenants.len(), TENANTS.len() + restored.len() + 1);
            let failed = w.tenants.iter().find(|t| t.name == ERP_AUDIT_NAME).unwrap();
            assert_eq!(failed.cluster_id, CORE_BJ.id);

            let storages: Vec<(ObjectKey, &str, &str)> = w
                .strategies
                .iter()
                .map(|s| {
                    let c = &s.param.ob_backup_service_storage_config;
                    (
                        s.object,
                        c.config_name.as_str(),
                        c.ob_backup_storage_base_info.storage_url.as_str(),
                    )
                })
                .collect();
            let tenant = |t: Tenant| ObjectKey::Tenant(t.cluster_id, t.id);
            for (object, store) in [
                (tenant(TRADE), NFS_PROD_HZ),
                (tenant(BILLING), NFS_PROD_HZ),
                (tenant(IOT_METRICS), NFS_IOT),
                (ObjectKey::Cluster(CORE_BJ.id), NFS_CORE_BJ),
                (ObjectKey::Cluster(ARCH_SZ.id), OSS_LIKE_NFS_SZ),
            ] {
                assert!(
                    storages.contains(&(object, store.name, store.url)),
                    "{object:?} {store:?}"
                );
            }
            let bj = w.strategy_index(ObjectKey::Cluster(CORE_BJ.id)).unwrap();
            let copy = &w.strategies[bj]
                .param
                .ob_secondary_backup_config
                .as_ref()
                .unwrap()
                .storage_config;
            assert_eq!(
                (
                    copy.config_name.as_str(),
                    copy.ob_backup_storage_base_info.storage_url.as_str()
                ),
                (NFS_CORE_BJ_COPY.name, NFS_CORE_BJ_COPY.url)
            );
            assert_eq!(w.tasks[0].id, FIRST_TASK_INSTANCE_ID);
        }
    }
}
