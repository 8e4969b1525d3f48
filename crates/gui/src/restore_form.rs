//! The restore wizard's form: what the user typed, checked as they type, and the
//! `RestoreTenantParam` it becomes. Errors keep everything as typed.

use ocp_api::enums::{BackupTenantStatus, ReplicaType};
use ocp_api::time::OcpDateTime;
use ocp_api::types;

use crate::error::UiError;
use crate::i18n::Tr;
use crate::model::{Target, Timeline};

/// The wizard's steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestoreStep {
    Source,
    Time,
    Target,
    Preview,
    Confirm,
}

impl RestoreStep {
    pub const ALL: [RestoreStep; 5] = [
        RestoreStep::Source,
        RestoreStep::Time,
        RestoreStep::Target,
        RestoreStep::Preview,
        RestoreStep::Confirm,
    ];

    pub fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn name(self, tr: &Tr) -> &'static str {
        match self {
            RestoreStep::Source => tr.restore_step_names_0,
            RestoreStep::Time => tr.restore_step_names_1,
            RestoreStep::Target => tr.restore_step_names_2,
            RestoreStep::Preview => tr.restore_step_names_3,
            RestoreStep::Confirm => tr.restore_step_names_4,
        }
    }

    pub fn next(self) -> Self {
        Self::ALL[(self.index() + 1).min(Self::ALL.len() - 1)]
    }

    pub fn back(self) -> Self {
        Self::ALL[self.index().saturating_sub(1)]
    }
}

/// One zone of the new tenant.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneRow {
    pub name: String,
    pub replica: ReplicaType,
    pub unit_spec: String,
    pub unit_count: String,
}

impl ZoneRow {
    pub fn new(name: impl Into<String>) -> Self {
        ZoneRow {
            name: name.into(),
            replica: ReplicaType::Full,
            unit_spec: "S1".into(),
            unit_count: "1".into(),
        }
    }
}

/// The wizard: a tenant to restore and the new tenant to create from it.
#[derive(Clone, Debug)]
pub struct RestoreWizard {
    /// The source tenant.
    pub source: Target,
    pub step: RestoreStep,
    /// The point in time as typed (filled with a default once the intervals are known).
    pub time: String,
    pub target_cluster: Option<i64>,
    pub name: String,
    pub zones: Vec<ZoneRow>,
    /// The cluster the zone rows were made for.
    pub zones_of: Option<i64>,
    pub primary_zone: String,
    pub preview: Option<Vec<types::RestorePreviewItem>>,
    pub error: Option<UiError>,
}

impl RestoreWizard {
    pub fn new(source: Target, time: Option<&OcpDateTime>) -> Self {
        RestoreWizard {
            source,
            step: RestoreStep::Source,
            time: time.map(|t| t.to_string()).unwrap_or_default(),
            target_cluster: None,
            name: String::new(),
            zones: Vec::new(),
            zones_of: None,
            primary_zone: String::new(),
            preview: None,
            error: None,
        }
    }

    /// The typed time, or why it cannot be used.
    pub fn time_checked(
        &self,
        tr: &Tr,
        timeline: Option<&Timeline>,
    ) -> Result<OcpDateTime, &'static str> {
        let t = OcpDateTime::parse(self.time.trim()).map_err(|_| tr.restore_time_invalid)?;
        let inside =
            timeline.is_some_and(|tl| tl.recoverable_at(t.to_utc().timestamp_millis()).is_some());
        if inside {
            Ok(t)
        } else {
            Err(tr.restore_time_outside)
        }
    }

    /// Why the new name cannot be used in the target cluster, if it cannot.
    pub fn name_error(&self, tr: &Tr, existing: &[types::Tenant]) -> Option<&'static str> {
        let n = self.name.trim();
        let valid = (2..=64).contains(&n.len())
            && n.starts_with(|c: char| c.is_ascii_alphabetic())
            && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Some(tr.restore_name_invalid);
        }
        existing
            .iter()
            .any(|t| t.name == n)
            .then_some(tr.restore_name_exists)
    }

    /// Problems of the zone rows and primary zone, if any.
    pub fn zones_error(&self, tr: &Tr) -> Option<&'static str> {
        if self.zones.is_empty() {
            return Some(tr.restore_no_zones);
        }
        for z in &self.zones {
            if z.unit_spec.trim().is_empty() {
                return Some(tr.unit_spec_empty);
            }
            if !z
                .unit_count
                .trim()
                .parse::<i64>()
                .is_ok_and(|n| (1..=100).contains(&n))
            {
                return Some(tr.unit_count_invalid);
            }
        }
        let known = self
            .primary_zone
            .split([',', ';'])
            .map(str::trim)
            .filter(|z| !z.is_empty())
            .all(|p| self.zones.iter().any(|z| z.name == p));
        (!known).then_some(tr.primary_zone_invalid)
    }

    /// Resets the zone rows to the zones of `cluster`.
    pub fn set_zones(&mut self, cluster: i64, zones: Vec<String>) {
        self.primary_zone = zones.first().cloned().unwrap_or_default();
        self.zones = zones.into_iter().map(ZoneRow::new).collect();
        self.zones_of = Some(cluster);
    }

    /// The body of `previewRestore` and `restoreTenant`.
    pub fn to_param(
        &self,
        tr: &Tr,
        timeline: Option<&Timeline>,
        existing: &[types::Tenant],
    ) -> Result<types::RestoreTenantParam, &'static str> {
        let time = self.time_checked(tr, timeline)?;
        if let Some(e) = self.name_error(tr, existing) {
            return Err(e);
        }
        if let Some(e) = self.zones_error(tr) {
            return Err(e);
        }
        let (Target::Tenant { cluster, tenant }, Some(target)) = (self.source, self.target_cluster)
        else {
            return Err(tr.restore_choose_cluster);
        };
        let zones = self
            .zones
            .iter()
            .map(|z| types::RestoreZoneParam {
                checked: None,
                key: None,
                name: z.name.clone(),
                replica_type: z.replica.clone(),
                resource_pool: types::RestoreResourcePoolParam {
                    unit_count: z.unit_count.trim().parse().unwrap_or(1),
                    unit_spec_name: z.unit_spec.trim().to_owned(),
                },
            })
            .collect();
        let primary = self.primary_zone.trim();
        Ok(types::RestoreTenantParam {
            backup_tenant_status: BackupTenantStatus::Online,
            restore_offline_tenant_required_param: None,
            restore_online_tenant_required_param: Some(types::RestoreOnlineTenantParam {
                backup_cluster_id: cluster,
                backup_tenant_id: tenant,
                restore_cluster_id: target,
                restore_end_time: time,
                restore_tenant_info_param: types::RestoreTenantInfoParam {
                    name: self.name.trim().to_owned(),
                    primary_zone: (!primary.is_empty()).then(|| primary.to_owned()),
                    restore_method: None,
                    restore_obj: None,
                    table_restore_objects: Vec::new(),
                    zones,
                },
            }),
        })
    }
}

/// The zones of a cluster, from its tenants' zone lists (in order of first appearance).
pub fn cluster_zones(tenants: &[types::Tenant]) -> Vec<String> {
    let mut zones: Vec<String> = Vec::new();
    for t in tenants {
        let listed = t
            .zone_list
            .iter()
            .flat_map(|l| l.split([';', ',']))
            .map(str::trim)
            .chain(t.zones.iter().map(|z| z.name.as_str()));
        for z in listed {
            if !z.is_empty() && !zones.iter().any(|k| k == z) {
                zones.push(z.to_owned());
            }
        }
    }
    zones.sort();
    zones
}

/// The latest recoverable instant, in the server's offset.
pub fn latest_recoverable(timeline: &Timeline) -> Option<OcpDateTime> {
    timeline
        .recoverable
        .iter()
        .max_by_key(|r| r.end_ms)
        .map(|r| r.end.clone())
}
