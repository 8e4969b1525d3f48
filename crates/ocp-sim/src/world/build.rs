//! Adding clusters and their tenants to a world from a description: the seeded world uses it,
//! and so can a generated one.

use chrono::TimeDelta;
use ocp_api::enums::{ClusterType, ReplicaType, TenantMode};

use super::{ClusterRec, ServerRec, TenantRec, TenantZoneRec, Time, World, ZoneRec};
use crate::rng::Rng;

/// First OCP ID of an OBServer, minus one.
pub(super) const SERVER_ID_BASE: i64 = 1_100_000;

/// A tenant to add with its cluster.
pub(crate) struct TenantSpec {
    pub id: i64,
    pub name: String,
    pub ob_tenant_id: i64,
    pub mode: TenantMode,
    /// Size of the tenant's data, which sets how long a full backup takes.
    pub size_gb: f64,
    pub description: String,
}

/// A cluster to add, with its tenants.
pub(crate) struct ClusterSpec {
    pub id: i64,
    pub name: String,
    pub ob_cluster_id: i64,
    pub ob_version: String,
    /// The primary's ID, for a standby cluster (whose tenants are read-only).
    pub standby_of: Option<i64>,
    pub zones: Vec<String>,
    pub region: String,
    /// Prefix of the zones' IDC names.
    pub idc: String,
    pub servers_per_zone: usize,
    /// The third number of the servers' `192.168.x.y` addresses.
    pub subnet: u8,
    pub tenants: Vec<TenantSpec>,
}

impl World {
    /// Adds a cluster with its zones, servers and tenants; creation times are drawn from `rng`.
    pub(crate) fn add_cluster(&mut self, spec: ClusterSpec, now: Time, rng: &mut Rng) {
        let zones: Vec<ZoneRec> = (1..)
            .zip(&spec.zones)
            .map(|(z, name)| ZoneRec {
                name: name.clone(),
                idc: format!("{}{z}", spec.idc),
                idc_id: spec.id % 100 * 10 + z as i64,
                servers: (1..=spec.servers_per_zone)
                    .map(|s| {
                        self.ids.server += 1;
                        ServerRec {
                            id: SERVER_ID_BASE + self.ids.server,
                            ip: format!("192.168.{}.{}", spec.subnet, 10 + z * 10 + s),
                        }
                    })
                    .collect(),
            })
            .collect();
        let created = now - TimeDelta::days(300 + rng.range(0, 200))
            + TimeDelta::seconds(rng.range(0, 86_399));
        self.clusters.push(ClusterRec {
            id: spec.id,
            name: spec.name,
            ob_cluster_id: spec.ob_cluster_id,
            ob_version: spec.ob_version,
            cluster_type: if spec.standby_of.is_some() {
                ClusterType::Standby
            } else {
                ClusterType::Primary
            },
            primary_id: spec.standby_of,
            region: spec.region,
            zones: zones.clone(),
            created,
            creator: "admin".into(),
            partition_count: rng.range(800, 12_000) as i32,
        });
        // The first zone leads; with three or more, the next two share the second rank.
        let primary_zone = match spec.zones.as_slice() {
            [first, second, third, ..] => format!("{first};{second},{third}"),
            zones => zones.first().cloned().unwrap_or_default(),
        };
        // Tenants created later (restores) get the next even OceanBase IDs.
        let mut max_ob = 1002;
        for tenant in spec.tenants {
            max_ob = max_ob.max(tenant.ob_tenant_id);
            let sys = tenant.ob_tenant_id == 1;
            let tenant_zones = zones
                .iter()
                .map(|z| {
                    self.ids.pool += 1;
                    self.ids.unit += 1;
                    TenantZoneRec {
                        zone: z.name.clone(),
                        replica: ReplicaType::Full,
                        unit_count: 1,
                        cpu: if sys { 2.0 } else { 8.0 },
                        memory_gb: if sys { 4 } else { 32 },
                        pool_id: self.ids.pool,
                        pool_name: format!("pool_{}_{}", tenant.name, z.name),
                        unit_ids: vec![self.ids.unit],
                    }
                })
                .collect();
            self.tenants.push(TenantRec {
                id: tenant.id,
                cluster_id: spec.id,
                name: tenant.name,
                ob_tenant_id: tenant.ob_tenant_id,
                mode: tenant.mode,
                created: created + TimeDelta::days(rng.range(1, 30)),
                primary_zone: primary_zone.clone(),
                zones: tenant_zones,
                locked: false,
                readonly: spec.standby_of.is_some(),
                description: tenant.description,
                size_gb: tenant.size_gb,
                restored_by: None,
            });
        }
        self.ids.ob_tenant.insert(spec.id, max_ob);
    }
}
