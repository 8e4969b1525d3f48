//! Restores: the checks of a restore against the world, its plan (the backup sets and pieces it
//! reads), and the restore itself with its phases, OCP task and new tenant.

use axum::http::StatusCode;
use chrono::TimeDelta;
use ocp_api::enums::{OcpErrorCode, RestoreObjectKind, RestoreTaskStatus, TaskType, TenantMode};
use ocp_api::types;

use super::{
    ClusterRec, ObjectKey, RestoreRec, TASK_ID_BASE, TenantRec, TenantZoneRec, Time, World,
};
use crate::errors::ApiFailure;
use crate::rng::{self, Rng};

pub(crate) struct RestoreRequest {
    pub source: ObjectKey,
    pub target_cluster_id: i64,
    pub end_time: Time,
    pub tenant: types::RestoreTenantInfoParam,
    pub user: String,
    /// Field prefix for messages: `restoreOnlineTenantRequiredParam` or the offline one.
    pub field: &'static str,
}

impl World {
    /// Checks a restore against the world and returns what it would read.
    pub(crate) fn plan_restore(
        &self,
        req: &RestoreRequest,
        now: Time,
    ) -> Result<Vec<types::RestorePreviewItem>, ApiFailure> {
        let f = req.field;
        let source_cluster =
            self.cluster_or_404(req.source.cluster_id(), &format!("{f}.backupClusterId"))?;
        let source_tenant = self.tenant_or_404(
            source_cluster.id,
            req.source.tenant_id().unwrap_or(0),
            &format!("{f}.backupTenantId"),
            now,
        )?;
        let target =
            self.cluster_or_404(req.target_cluster_id, &format!("{f}.restoreClusterId"))?;
        if target.is_standby() {
            return Err(ApiFailure::new(
                StatusCode::BAD_REQUEST,
                OcpErrorCode::Obe11003,
                vec![target.id.into(), "STANDBY".into()],
            ));
        }
        let info = &req.tenant;
        let name_ok = info.name.len() >= 2
            && info.name.len() <= 64
            && info.name.starts_with(|c: char| c.is_ascii_alphabetic())
            && info
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !name_ok {
            return Err(
                ApiFailure::new(StatusCode::BAD_REQUEST, OcpErrorCode::Obe21000, vec![])
                    .with_debug(format!("{f}.restoreTenantInfoParam.name: {:?}", info.name)),
            );
        }
        for t in self
            .tenants
            .iter()
            .filter(|t| t.cluster_id == target.id && t.name == info.name)
        {
            match self.tenant_visible_status(t, now) {
                Some(ocp_api::enums::TenantStatus::Normal) => {
                    return Err(ApiFailure::new(
                        StatusCode::CONFLICT,
                        OcpErrorCode::Bak42005,
                        vec![info.name.as_str().into(), target.name.as_str().into()],
                    ));
                }
                Some(_) => {
                    return Err(ApiFailure::new(
                        StatusCode::CONFLICT,
                        OcpErrorCode::Bak42004,
                        vec![info.name.as_str().into()],
                    ));
                }
                None => {}
            }
        }
        let zones_field = format!("{f}.restoreTenantInfoParam.zones");
        if info.zones.is_empty() {
            return Err(ApiFailure::invalid(
                zones_field,
                "at least one zone is required",
            ));
        }
        for (i, z) in info.zones.iter().enumerate() {
            if !target.zones.iter().any(|cz| cz.name == z.name) {
                let names: Vec<_> = target.zones.iter().map(|z| z.name.as_str()).collect();
                return Err(ApiFailure::invalid_value(
                    format!("{zones_field}[{i}].name"),
                    format!(
                        "cluster {} has no zone {:?} (zones: {})",
                        target.name,
                        z.name,
                        names.join(", ")
                    ),
                    Some(z.name.clone().into()),
                ));
            }
            if info.zones[..i].iter().any(|o| o.name == z.name) {
                return Err(ApiFailure::invalid(
                    format!("{zones_field}[{i}].name"),
                    format!("zone {} is listed twice", z.name),
                ));
            }
            if !(1..=100).contains(&z.resource_pool.unit_count) {
                return Err(ApiFailure::invalid_value(
                    format!("{zones_field}[{i}].resourcePool.unitCount"),
                    "must be between 1 and 100",
                    Some(z.resource_pool.unit_count.into()),
                ));
            }
            if z.resource_pool.unit_spec_name.trim().is_empty() {
                return Err(ApiFailure::invalid(
                    format!("{zones_field}[{i}].resourcePool.unitSpecName"),
                    "must not be empty",
                ));
            }
        }
        if let Some(primary) = info
            .primary_zone
            .as_deref()
            .filter(|p| !p.trim().is_empty())
        {
            for zone in primary
                .split([',', ';'])
                .map(str::trim)
                .filter(|z| !z.is_empty())
            {
                if !info.zones.iter().any(|z| z.name == zone) {
                    return Err(ApiFailure::invalid(
                        format!("{f}.restoreTenantInfoParam.primaryZone"),
                        format!("zone {zone} is not one of the tenant's zones"),
                    ));
                }
            }
        }
        if matches!(
            info.restore_obj,
            Some(RestoreObjectKind::Database | RestoreObjectKind::Table)
        ) && info.table_restore_objects.is_empty()
        {
            return Err(ApiFailure::invalid(
                format!("{f}.restoreTenantInfoParam.tableRestoreObjects"),
                "required when restoreObj is database or table",
            ));
        }
        let plan = self.restore_plan(source_cluster, source_tenant.id, req.end_time, now);
        let Some(mut plan) = plan else {
            let rec = self.recovery(source_cluster, source_tenant.id, now);
            let windows: Vec<String> = rec
                .windows
                .iter()
                .map(|(a, b)| format!("[{}, {}]", a.to_rfc3339(), b.to_rfc3339()))
                .collect();
            return Err(ApiFailure::new(
                StatusCode::BAD_REQUEST,
                OcpErrorCode::Bak10002,
                vec![format!("{f}.restoreEndTime").into()],
            )
            .with_debug(format!(
                "{} is not in a RECOVERABLE interval of tenant {}; recoverable: {}",
                req.end_time.to_rfc3339(),
                source_tenant.name,
                if windows.is_empty() {
                    "none".to_owned()
                } else {
                    windows.join(", ")
                }
            )));
        };
        for source in self
            .restore_sources
            .get(&target.id)
            .into_iter()
            .flat_map(|s| s.iter())
        {
            let is_set = source.contains("/data/") || source.contains("backup_set");
            let id = source
                .rsplit('/')
                .next()
                .and_then(|last| last.split('_').find_map(|p| p.parse::<i64>().ok()));
            plan.push(types::RestorePreviewItem {
                backup_dest: source.clone(),
                backup_id: id.map(|i| types::LongOrString::String(i.to_string())),
                backup_type: if is_set {
                    ocp_api::enums::RestorePreviewBackupType::BackupSet
                } else {
                    ocp_api::enums::RestorePreviewBackupType::BackupPiece
                },
                copy_id: Some(types::LongOrString::String("0".into())),
            });
        }
        Ok(plan)
    }

    pub(crate) fn restore(&mut self, req: RestoreRequest, now: Time) -> Result<i64, ApiFailure> {
        let plan = self.plan_restore(&req, now)?;
        let uri = {
            // A set: a restore may use thousands of added sources.
            let mut dirs = std::collections::BTreeSet::new();
            for item in &plan {
                let dir = match item
                    .backup_dest
                    .find("/clog/")
                    .or_else(|| item.backup_dest.find("/data/"))
                {
                    Some(i) => item.backup_dest[..i + 5].to_owned(),
                    None => item.backup_dest.clone(),
                };
                dirs.insert(dir);
            }
            dirs.into_iter().collect::<Vec<_>>().join(",")
        };
        let creator = self.creator_for(&req.user);
        Ok(self.spawn_restore(
            req.source,
            req.target_cluster_id,
            &req.tenant,
            req.end_time,
            now,
            creator,
            uri,
            None,
        ))
    }

    /// Creates a restore, its OCP task and the tenant it will produce.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn spawn_restore(
        &mut self,
        source: ObjectKey,
        target_cluster_id: i64,
        info: &types::RestoreTenantInfoParam,
        end_time: Time,
        now: Time,
        creator: (i64, String),
        uri: String,
        failure: Option<String>,
    ) -> i64 {
        self.ids.restore += 1;
        let id = self.ids.restore;
        let mut rng = Rng::new(rng::hash(&[self.seed, 0x007e_570e, id as u64]));
        let major = self
            .cluster_rec(target_cluster_id)
            .map_or(4, ClusterRec::major);
        use RestoreTaskStatus as S;
        let states: &[S] = if major >= 4 {
            &[
                S::RestorePre,
                S::RestoreCreateInitLs,
                S::RestoreWaitLs,
                S::PostCheck,
                S::Upgrade,
                S::WaitTenantRestoreFinish,
            ]
        } else {
            &[
                S::RestoreCreateTenant,
                S::RestoreSysReplica,
                S::RestoreUpgradePre,
                S::RestoreUpgradePost,
                S::RestoreModifySchema,
                S::RestoreCreateUserPartitions,
                S::RestoreUserReplica,
                S::RestoreRebuildIndex,
                S::RestorePostCheck,
            ]
        };
        let mut at = now + TimeDelta::seconds(20);
        let mut phases = Vec::new();
        for (i, s) in states.iter().enumerate() {
            phases.push((s.clone(), at));
            let long = matches!(s, S::RestoreWaitLs | S::RestoreUserReplica);
            at += TimeDelta::seconds(if long {
                rng.range(120, 600)
            } else {
                rng.range(15, 90)
            });
            if failure.is_some() && long && i > 0 {
                break;
            }
        }
        let end_at = at;
        // The new tenant: OceanBase IDs of user tenants are even and grow per cluster.
        self.ids.tenant += 1;
        let tenant_id = self.ids.tenant;
        let ob_tenant_id = {
            let next = self.ids.ob_tenant.entry(target_cluster_id).or_insert(1100);
            *next += 2;
            *next
        };
        let suffix: String = (0..3)
            .map(|_| (b'a' + rng.range(0, 25) as u8) as char)
            .collect();
        let zones: Vec<TenantZoneRec> = info
            .zones
            .iter()
            .map(|z| {
                self.ids.pool += 1;
                let pool_id = self.ids.pool;
                let unit_count = z.resource_pool.unit_count.clamp(1, 100) as i32;
                let unit_ids = (0..unit_count)
                    .map(|_| {
                        self.ids.unit += 1;
                        self.ids.unit
                    })
                    .collect();
                let (cpu, memory_gb) = unit_spec(&z.resource_pool.unit_spec_name);
                TenantZoneRec {
                    zone: z.name.clone(),
                    replica: z.replica_type.clone(),
                    unit_count,
                    cpu,
                    memory_gb,
                    pool_id,
                    pool_name: format!("pool_{}_{}_{suffix}", info.name, z.name),
                    unit_ids,
                }
            })
            .collect();
        let pool_list = zones
            .iter()
            .map(|z| z.pool_name.clone())
            .collect::<Vec<_>>()
            .join(",");
        let source_tenant = source.tenant_id().and_then(|t| self.tenant_rec(t)).cloned();
        let primary_zone = info
            .primary_zone
            .clone()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| zones.first().map(|z| z.zone.clone()).unwrap_or_default());
        self.tenants.push(TenantRec {
            id: tenant_id,
            cluster_id: target_cluster_id,
            name: info.name.clone(),
            ob_tenant_id,
            mode: source_tenant
                .as_ref()
                .map_or(TenantMode::Mysql, |t| t.mode.clone()),
            created: now,
            primary_zone,
            zones,
            locked: false,
            readonly: false,
            description: format!(
                "restored from {} at {}",
                self.object_label(source),
                end_time
                    .with_timezone(&crate::clock::cst())
                    .format("%Y-%m-%d %H:%M:%S")
            ),
            size_gb: source_tenant.as_ref().map_or(20.0, |t| t.size_gb),
            restored_by: Some(id),
        });
        let object = ObjectKey::Tenant(target_cluster_id, tenant_id);
        let first_phase = phases[0].1;
        let failed_step = failure.is_some().then_some(3);
        let task = self.push_task(
            "Restore tenant".into(),
            2002,
            object,
            creator,
            TaskType::Manual,
            now,
            vec![
                (
                    "Check restore prerequisites",
                    (now, now + TimeDelta::seconds(5)),
                ),
                (
                    "Create resource pools",
                    (now + TimeDelta::seconds(5), now + TimeDelta::seconds(15)),
                ),
                (
                    "Start physical restore",
                    (now + TimeDelta::seconds(15), first_phase),
                ),
                (
                    "Wait for restore to finish",
                    (first_phase, end_at - TimeDelta::seconds(3)),
                ),
                (
                    "Register restored tenant",
                    (end_at - TimeDelta::seconds(3), end_at),
                ),
            ],
            failed_step,
        );
        if failure.is_some() {
            // A failed restore ends when its wait step fails.
            let idx = (task - TASK_ID_BASE) as usize;
            self.tasks[idx].steps[3].end = end_at;
        }
        self.restores.push(RestoreRec {
            id,
            source,
            target_cluster_id,
            tenant_name: info.name.clone(),
            new_tenant_id: tenant_id,
            restore_end_time: end_time,
            created: now,
            phases,
            end_at,
            failure,
            pool_list,
            uri,
            task_instance_id: task,
        });
        task
    }
}

/// CPU cores and memory of a unit specification such as `S1`, `S4` or `LOWER`.
fn unit_spec(name: &str) -> (f64, i32) {
    let n = name
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .parse::<i32>()
        .unwrap_or(2)
        .clamp(1, 64);
    (f64::from(n) * 2.0, n * 8)
}
