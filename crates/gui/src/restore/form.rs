//! The restore wizard's form: what the user typed, checked as they type, and the
//! `RestoreTenantParam` it becomes. Errors keep everything as typed.

use std::collections::BTreeMap;

use ocp_api::enums::{BackupMode, BackupTenantStatus, ReplicaType, RestoreMethod};
use ocp_api::time::OcpDateTime;
use ocp_api::{rules, types};

use super::objects::ObjectsForm;
use super::point::{self, PointFields};
use crate::error::UiError;
use crate::i18n::Tr;
use crate::model::{Target, Timeline};
use crate::state::Data;
use crate::storage_form::{StorageField, StorageLocation};
use crate::timeline::TimelineView;
use crate::ui::format::{Format, TimeZone};

/// The wizard's steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestoreStep {
    Source,
    Time,
    /// What to restore (tenant, databases or tables) and how (full or quick).
    Objects,
    Target,
    Preview,
    Confirm,
}

impl RestoreStep {
    pub const ALL: [RestoreStep; 6] = [
        RestoreStep::Source,
        RestoreStep::Time,
        RestoreStep::Objects,
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
            RestoreStep::Objects => tr.restore_texts.step_objects,
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
    /// The time was filled in (by the user or the default): emptying it must not refill it.
    pub time_filled: bool,
    /// A point given when the wizard opened (picked on the timeline, or the copied restore's),
    /// shown in the display zone once that is known; until then `time` holds it with its offset.
    pub pending_time: Option<OcpDateTime>,
    /// How times are shown and typed (the app's language and display zone, from the view).
    pub fmt: Format,
    /// The date picker and hour/minute/second fields (they follow `time` and set it).
    pub point: PointFields,
    /// Zoom of the wizard's recoverable-time strip.
    pub strip: TimelineView,
    pub objects: ObjectsForm,
    /// Full or quick restore (quick only where the source's OBServer has it).
    pub method: RestoreMethod,
    /// "Restore again": the restore task the wizard was filled from, and the tenant it made
    /// (whose zones the new one copies).
    pub again_of: Option<(i64, String)>,
    pub target_cluster: Option<i64>,
    pub name: String,
    pub zones: Vec<ZoneRow>,
    /// The cluster the zone rows were made for.
    pub zones_of: Option<i64>,
    pub primary_zone: String,
    pub preview: Option<Vec<types::RestorePreviewItem>>,
    pub error: Option<UiError>,
    /// Online (the navigator's tenant) or offline (backup files only).
    pub source_kind: SourceKind,
    pub offline: OfflineSource,
    /// The user tried to leave the source step: the offline fields' errors show from then on.
    pub offline_checked: bool,
    /// Restore source paths as typed, one per line.
    pub sources_text: String,
    /// Paths OCP accepted for the target cluster while the wizard was open (OCP cannot list them).
    pub sources_added: Vec<String>,
    /// "Clear the added sources?" is on screen.
    pub confirm_clear: bool,
    pub sources_error: Option<UiError>,
}

impl RestoreWizard {
    pub fn new(source: Target, time: Option<&OcpDateTime>) -> Self {
        RestoreWizard {
            source,
            step: RestoreStep::Source,
            time: time.map(|t| t.to_string()).unwrap_or_default(),
            time_filled: time.is_some(),
            pending_time: time.cloned(),
            fmt: Format {
                lang: crate::i18n::Lang::En,
                zone: TimeZone::Ocp,
                ocp_offset: None,
            },
            point: PointFields::default(),
            strip: TimelineView::default(),
            objects: ObjectsForm::default(),
            method: RestoreMethod::Full,
            again_of: None,
            target_cluster: None,
            name: String::new(),
            zones: Vec::new(),
            zones_of: None,
            primary_zone: String::new(),
            preview: None,
            error: None,
            // A cluster has no tenant to name by ID: only its backup files can be the source.
            source_kind: if source.tenant().is_some() {
                SourceKind::Online
            } else {
                SourceKind::Offline
            },
            offline: OfflineSource::default(),
            offline_checked: false,
            sources_text: String::new(),
            sources_added: Vec::new(),
            confirm_clear: false,
            sources_error: None,
        }
    }

    /// Puts `t` in the text and the date/time fields, in the display zone.
    pub fn set_time(&mut self, t: chrono::DateTime<chrono::Utc>) {
        self.time = self.fmt.time_field(t);
        self.point = PointFields::of(&t.with_timezone(&point::zone(&self.fmt)));
        self.time_filled = true;
        self.pending_time = None;
    }

    /// The restore `task` again: the same source, point, target cluster and zones; the new
    /// tenant's name is left for the user (the old one exists).
    pub fn from_task(task: &types::RestoreTask) -> Self {
        let online = match (task.backup_cluster_id, task.backup_tenant_id) {
            (Some(cluster), Some(tenant)) => Some(Target::Tenant { cluster, tenant }),
            _ => None,
        };
        let source = online.unwrap_or(Target::Cluster(task.backup_cluster_id.unwrap_or(0)));
        let mut w = RestoreWizard::new(source, task.restore_end_time.as_ref());
        if online.is_none() {
            w.source_kind = SourceKind::Offline;
            w.offline.cluster_name = task.backup_cluster_name.clone().unwrap_or_default();
            w.offline.tenant_name = task.backup_tenant_name.clone().unwrap_or_default();
            w.offline.ob_cluster_id = task
                .backup_ob_cluster_id
                .map(|i| i.to_string())
                .unwrap_or_default();
            w.offline.ob_tenant_id = task
                .backup_ob_tenant_id
                .map(|i| i.to_string())
                .unwrap_or_default();
            if let Some(mode) = &task.backup_mode {
                w.offline.backup_mode = mode.clone();
            }
        }
        w.target_cluster = task.restore_cluster_id;
        w.again_of = Some((
            task.id,
            task.restore_tenant_name.clone().unwrap_or_default(),
        ));
        w
    }

    /// The typed time, or why it cannot be used.
    pub fn time_checked(
        &self,
        tr: &Tr,
        timeline: Option<&Timeline>,
    ) -> Result<OcpDateTime, &'static str> {
        // An exact OCP time is sent as typed; one as shown, in the display zone.
        let t = self
            .fmt
            .parse_time(&self.time)
            .ok_or(tr.restore_time_invalid)?;
        // Backup files outside OCP have no timeline here; OCP checks the time when previewing.
        if self.source_kind == SourceKind::Offline {
            return Ok(t);
        }
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
        if !ocp_api::rules::tenant_name_ok(n) {
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
                .is_ok_and(|n| ocp_api::rules::UNIT_COUNT.contains(n))
            {
                return Some(tr.unit_count_invalid);
            }
        }
        let known = ocp_api::rules::primary_zone_names(&self.primary_zone)
            .all(|p| self.zones.iter().any(|z| z.name == p));
        (!known).then_some(tr.primary_zone_invalid)
    }

    /// Resets the zone rows to the zones of `cluster` (its `tenants`), or, restoring again, to
    /// those of the tenant the copied restore made, when it is there.
    pub fn set_zones(&mut self, cluster: i64, tenants: &[types::Tenant]) {
        let restored = self
            .again_of
            .as_ref()
            .and_then(|(_, name)| tenants.iter().find(|t| t.name == *name))
            .filter(|t| !t.zones.is_empty());
        match restored {
            Some(t) => {
                self.zones = t
                    .zones
                    .iter()
                    .map(|z| {
                        let pool = z.resource_pool.as_ref();
                        ZoneRow {
                            name: z.name.clone(),
                            replica: z.replica_type.clone().unwrap_or(ReplicaType::Full),
                            // The tenant list names no unit specification: the default.
                            unit_spec: ZoneRow::new("").unit_spec,
                            unit_count: pool.and_then(|p| p.unit_count).unwrap_or(1).to_string(),
                        }
                    })
                    .collect();
                self.primary_zone = t.primary_zone.clone().unwrap_or_default();
            }
            None => {
                let zones = cluster_zones(tenants);
                self.primary_zone = zones.first().cloned().unwrap_or_default();
                self.zones = zones.into_iter().map(ZoneRow::new).collect();
            }
        }
        self.zones_of = Some(cluster);
    }

    /// Whether quick restore can be offered: the source's OBServer version has it.
    pub fn quick_restore(&self, data: &Data) -> QuickRestore {
        if self.source_kind == SourceKind::Offline {
            return QuickRestore::Unknown;
        }
        match data
            .cluster(self.source.cluster())
            .and_then(|c| c.ob_version.clone())
        {
            Some(v) if rules::quick_restore_supported(&v) => QuickRestore::Offered,
            Some(v) => QuickRestore::TooOld(v),
            None => QuickRestore::Unknown,
        }
    }

    /// The body of `previewRestore` and `restoreTenant`.
    pub fn to_param(
        &self,
        tr: &Tr,
        timeline: Option<&Timeline>,
        existing: &[types::Tenant],
        quick: &QuickRestore,
    ) -> Result<types::RestoreTenantParam, &'static str> {
        let time = self.time_checked(tr, timeline)?;
        if self.objects.problem().is_some() {
            return Err(tr.restore_texts.objects_invalid);
        }
        if let Some(e) = self.name_error(tr, existing) {
            return Err(e);
        }
        if let Some(e) = self.zones_error(tr) {
            return Err(e);
        }
        let Some(target) = self.target_cluster else {
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
        let (restore_obj, table_restore_objects) = self.objects.to_body();
        let tenant_info = types::RestoreTenantInfoParam {
            name: self.name.trim().to_owned(),
            primary_zone: (!primary.is_empty()).then(|| primary.to_owned()),
            // Only an OBServer with quick restore is told the method; others know one.
            restore_method: (*quick == QuickRestore::Offered).then(|| self.method.clone()),
            restore_obj,
            table_restore_objects,
            zones,
        };
        match (self.source_kind, self.source) {
            (SourceKind::Online, Target::Tenant { cluster, tenant }) => {
                Ok(types::RestoreTenantParam {
                    backup_tenant_status: BackupTenantStatus::Online,
                    restore_offline_tenant_required_param: None,
                    restore_online_tenant_required_param: Some(types::RestoreOnlineTenantParam {
                        backup_cluster_id: cluster,
                        backup_tenant_id: tenant,
                        restore_cluster_id: target,
                        restore_end_time: time,
                        restore_tenant_info_param: tenant_info,
                    }),
                })
            }
            (SourceKind::Online, Target::Cluster(_)) => Err(tr.restore_offline_incomplete),
            (SourceKind::Offline, _) => {
                let o = &self.offline;
                if !o.errors(tr).is_empty() {
                    return Err(tr.restore_offline_incomplete);
                }
                let id = |s: &str| s.trim().parse::<i64>().ok();
                Ok(types::RestoreTenantParam {
                    backup_tenant_status: BackupTenantStatus::Offline,
                    restore_online_tenant_required_param: None,
                    restore_offline_tenant_required_param: Some(types::RestoreOfflineTenantParam {
                        backup_cluster_name: o.cluster_name.trim().to_owned(),
                        backup_mode: o.backup_mode.clone(),
                        backup_ob_cluster_id: id(&o.ob_cluster_id),
                        backup_ob_tenant_id: id(&o.ob_tenant_id),
                        backup_tenant_name: o.tenant_name.trim().to_owned(),
                        ob_backup_storage_base_info: o.storage(),
                        restore_cluster_id: target,
                        restore_end_time: time,
                        restore_tenant_info_param: tenant_info,
                    }),
                })
            }
        }
    }
}

/// Whether the wizard offers quick restore, and why not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuickRestore {
    Offered,
    /// The source runs this older OBServer.
    TooOld(String),
    /// The source's OBServer version is not known (an offline source, or none listed).
    Unknown,
}

/// Where the source tenant's backups come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    /// The tenant selected in the navigator, named by its OCP IDs.
    Online,
    /// Backup files of a tenant OCP no longer manages, named by names and a storage location.
    Offline,
}

/// The offline source's fields that can carry an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OfflineField {
    ClusterName,
    TenantName,
    ObClusterId,
    ObTenantId,
    Storage(StorageField),
}

/// An offline source as typed: the backed-up tenant's names and the storage of its backup
/// files. Debug hides the secret (the location's Debug does).
#[derive(Clone, Debug, PartialEq)]
pub struct OfflineSource {
    pub backup_mode: BackupMode,
    pub cluster_name: String,
    pub tenant_name: String,
    /// Optional OceanBase-side IDs, as typed.
    pub ob_cluster_id: String,
    pub ob_tenant_id: String,
    pub location: StorageLocation,
    pub show_secret: bool,
}

impl Default for OfflineSource {
    fn default() -> Self {
        OfflineSource {
            backup_mode: BackupMode::PhysicalBackup,
            cluster_name: String::new(),
            tenant_name: String::new(),
            ob_cluster_id: String::new(),
            ob_tenant_id: String::new(),
            location: StorageLocation::default(),
            show_secret: false,
        }
    }
}

impl OfflineSource {
    /// What OCP requires of `RestoreOfflineTenantParam`, per field, in the current language.
    pub fn errors(&self, tr: &Tr) -> BTreeMap<OfflineField, &'static str> {
        use OfflineField as F;
        let mut errors = BTreeMap::new();
        for (field, value) in [
            (F::ClusterName, &self.cluster_name),
            (F::TenantName, &self.tenant_name),
        ] {
            if value.trim().is_empty() {
                errors.insert(field, tr.required);
            }
        }
        for (field, value) in [
            (F::ObClusterId, &self.ob_cluster_id),
            (F::ObTenantId, &self.ob_tenant_id),
        ] {
            let v = value.trim();
            if !v.is_empty() && !v.parse::<i64>().is_ok_and(|n| n > 0) {
                errors.insert(field, tr.restore_not_an_id);
            }
        }
        for (field, message) in self.location.check(tr) {
            errors.entry(F::Storage(field)).or_insert(message);
        }
        errors
    }

    /// `obBackupStorageBaseInfo`: only the key object of the chosen storage type is sent.
    pub fn storage(&self) -> types::ObBackupStorageBaseInfo {
        self.location.to_info(Vec::new())
    }
}

/// The typed restore source paths, one per line, or the first line that is not
/// `<protocol>://path`.
pub fn restore_source_paths(text: &str) -> Result<Vec<String>, String> {
    let mut paths = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !ocp_api::rules::backup_path_ok(line) {
            return Err(line.to_owned());
        }
        if !paths.iter().any(|p| p == line) {
            paths.push(line.to_owned());
        }
    }
    Ok(paths)
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

#[cfg(test)]
mod tests {
    use super::*;
    use ocp_api::enums::BackupStorageType;

    #[test]
    fn the_offline_source_debug_hides_the_secret() {
        let mut o = OfflineSource::default();
        o.location.access_key_secret = "hunter2-secret".into();
        assert!(!format!("{o:?}").contains("hunter2"));
    }

    #[test]
    fn offline_fields_required_per_storage_type() {
        let tr = crate::i18n::Lang::En.tr();
        let mut o = OfflineSource::default();
        let keys: Vec<_> = o.errors(tr).into_keys().collect();
        assert_eq!(
            keys,
            [
                OfflineField::ClusterName,
                OfflineField::TenantName,
                OfflineField::Storage(StorageField::StorageUrl)
            ]
        );
        o.cluster_name = "c".into();
        o.tenant_name = "t".into();
        o.location.storage_url = "bucket/backup".into();
        o.location.storage_type = BackupStorageType::BackupStorageCos;
        let keys: Vec<_> = o.errors(tr).into_keys().collect();
        assert_eq!(
            keys,
            [
                OfflineField::Storage(StorageField::Endpoint),
                OfflineField::Storage(StorageField::AccessKeyId),
                OfflineField::Storage(StorageField::AccessKeySecret),
                OfflineField::Storage(StorageField::AppId)
            ]
        );
        o.location.storage_type = BackupStorageType::BackupStorageFile;
        o.location.storage_url = "file:///obbackup".into();
        o.ob_tenant_id = "x".into();
        assert_eq!(
            o.errors(tr).into_keys().collect::<Vec<_>>(),
            [
                OfflineField::ObTenantId,
                OfflineField::Storage(StorageField::StorageUrl)
            ]
        );
    }

    #[test]
    fn restore_source_paths_need_a_protocol() {
        assert_eq!(
            restore_source_paths("file:///a/b\n\n oss://bucket/x \nfile:///a/b"),
            Ok(vec!["file:///a/b".to_owned(), "oss://bucket/x".to_owned()])
        );
        assert_eq!(
            restore_source_paths("file:///a/b\n/obbackup/x"),
            Err("/obbackup/x".to_owned())
        );
        assert_eq!(restore_source_paths("file:///"), Err("file:///".to_owned()));
    }
}
