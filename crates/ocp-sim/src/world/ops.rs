//! What write operations do to the world, with OCP's refusals. Bodies arrive already checked
//! for shape, enum values and ranges (`crate::validate`); these checks need the world's state.

use axum::http::StatusCode;
use chrono::{Datelike, FixedOffset, NaiveTime, TimeDelta, TimeZone};
use ocp_api::enums::{
    BackupMode, BackupScheduleMode, DataBackupMode, OcpErrorCode, RestoreObjectKind,
    RestoreTaskStatus, TaskType, TenantMode,
};
use ocp_api::types;

use super::views::{INCREMENTAL_HINT_EN, MASKED_SECRET, storage_root};
use super::{
    ClusterRec, DataBackupRec, LogBackupRec, ObjectKey, RestoreRec, Step, StrategyRec,
    TASK_ID_BASE, TaskRec, TenantRec, TenantZoneRec, Time, World,
};
use crate::errors::{ApiFailure, Arg, CLUSTER, TENANT};
use crate::rng::{self, Rng};

/// Chance that a backup fails, drawn from the seed.
const SCHEDULED_FAILURE_RATE: f64 = 0.06;
const MANUAL_FAILURE_RATE: f64 = 0.1;

const BACKUP_ERRORS: &[&str] = &[
    "OB_BACKUP_IO_PROHIBITED(-9032): the backup destination is not writable",
    "OB_TIMEOUT(-4012): the data backup did not finish in time on \"192.168.1.11:2882\"",
    "OB_BACKUP_DEVICE_OUT_OF_SPACE(-9034): no space left on the backup device",
    "OB_LS_NOT_EXIST(-4719): log stream 1001 disappeared during the backup",
];

pub(crate) struct BackupNowRequest {
    pub object: ObjectKey,
    pub param: types::BackupNowParam,
    pub user: String,
}

pub(crate) struct RestoreRequest {
    pub source: ObjectKey,
    pub target_cluster_id: i64,
    pub end_time: Time,
    pub tenant: types::RestoreTenantInfoParam,
    pub user: String,
    /// Field prefix for messages: `restoreOnlineTenantRequiredParam` or the offline one.
    pub field: &'static str,
}

/// Trigger of a data backup.
pub(crate) struct Trigger {
    pub creator: (i64, String),
    pub task_type: TaskType,
    pub failure_rate: f64,
}

impl World {
    pub(crate) fn cluster_or_404(&self, id: i64, param: &str) -> Result<&ClusterRec, ApiFailure> {
        self.cluster_rec(id)
            .ok_or_else(|| ApiFailure::not_found(CLUSTER, format!("{param}={id}")))
    }

    /// A tenant that exists (now) in the given cluster.
    pub(crate) fn tenant_or_404(
        &self,
        cluster_id: i64,
        tenant_id: i64,
        param: &str,
        now: Time,
    ) -> Result<&TenantRec, ApiFailure> {
        self.tenant_rec(tenant_id)
            .filter(|t| t.cluster_id == cluster_id && self.tenant_visible_status(t, now).is_some())
            .ok_or_else(|| ApiFailure::not_found(TENANT, format!("{param}={tenant_id}")))
    }

    pub(crate) fn object_label(&self, object: ObjectKey) -> String {
        let cluster = self
            .cluster_rec(object.cluster_id())
            .map_or("?", |c| c.name.as_str());
        match object.tenant_id().and_then(|t| self.tenant_rec(t)) {
            Some(t) => format!("{cluster}:{}", t.name),
            None => cluster.to_owned(),
        }
    }

    /// Refusals shared by strategy creation and backup now: standby clusters, OceanBase 3.x
    /// tenants and logical backup.
    fn check_backup_target(&self, object: ObjectKey, mode: &BackupMode) -> Result<(), ApiFailure> {
        let c = self.cluster_or_404(object.cluster_id(), "id")?;
        if c.is_standby() {
            let primary = c
                .primary_id
                .and_then(|p| self.cluster_rec(p))
                .map_or("?", |p| p.name.as_str());
            return Err(ApiFailure::new(
                StatusCode::BAD_REQUEST,
                OcpErrorCode::Bak40002,
                vec![primary.into(), c.name.as_str().into(), primary.into()],
            ));
        }
        if object.tenant_id().is_some() && c.major() < 4 {
            return Err(ApiFailure::new(
                StatusCode::BAD_REQUEST,
                OcpErrorCode::Bak30002,
                vec![c.ob_version.as_str().into()],
            ));
        }
        if *mode != BackupMode::PhysicalBackup {
            return Err(if object.tenant_id().is_some() {
                ApiFailure::new(StatusCode::BAD_REQUEST, OcpErrorCode::Bak30004, vec![])
            } else {
                ApiFailure::new(
                    StatusCode::BAD_REQUEST,
                    OcpErrorCode::Bak21008,
                    vec![self.object_label(object).into(), mode.as_str().into()],
                )
            });
        }
        Ok(())
    }

    fn no_strategy(&self, object: ObjectKey) -> ApiFailure {
        ApiFailure::new(
            StatusCode::NOT_FOUND,
            OcpErrorCode::Bak21006,
            vec![self.object_label(object).into()],
        )
    }

    pub(crate) fn create_strategy(
        &mut self,
        object: ObjectKey,
        mut param: types::BackupStrategyParam,
        user: &str,
        now: Time,
    ) -> Result<Vec<i64>, ApiFailure> {
        self.check_backup_target(object, &param.backup_mode)?;
        if self.strategy_index(object).is_some() {
            let c = self.cluster_or_404(object.cluster_id(), "id")?;
            let args: Vec<Arg> = match object.tenant_id().and_then(|t| self.tenant_rec(t)) {
                Some(t) => vec![
                    c.name.as_str().into(),
                    c.id.into(),
                    t.name.as_str().into(),
                    t.id.into(),
                ],
                None => vec![c.name.as_str().into(), c.id.into()],
            };
            let code = if object.tenant_id().is_some() {
                OcpErrorCode::Bak21002
            } else {
                OcpErrorCode::Bak21001
            };
            return Err(ApiFailure::new(StatusCode::CONFLICT, code, args));
        }
        let enabled = param
            .ob_backup_schedule_config
            .backup_schedule_enabled
            .take()
            .unwrap_or(true);
        param.ob_backup_object_list = vec![backup_object(object)];
        assign_storage_ids(&mut param, None, &mut self.ids.storage);
        let root = storage_root(
            &param
                .ob_backup_service_storage_config
                .ob_backup_storage_base_info,
        );
        let start_log = param.ob_backup_schedule_config.start_log_backup;
        self.ids.strategy += 1;
        let id = self.ids.strategy;
        self.strategies.push(StrategyRec {
            id,
            object,
            created: now,
            updated: now,
            param,
            schedule_enabled: enabled,
            cursor: now,
        });
        if start_log && enabled {
            self.start_log(object, root, now);
        }
        self.refresh_next_due();
        // The samples show a task for cluster strategies and an empty list for tenant ones.
        if object.tenant_id().is_some() {
            return Ok(vec![]);
        }
        let creator = self.creator_for(user);
        let s = |a: i64, b: i64| (now + TimeDelta::seconds(a), now + TimeDelta::seconds(b));
        let task = self.push_task(
            "Create backup strategy".into(),
            2003,
            object,
            creator,
            TaskType::Manual,
            now,
            vec![
                ("Set backup destination", s(0, 8)),
                ("Start log backup", s(8, 30)),
                ("Save backup strategy", s(30, 35)),
            ],
            None,
        );
        Ok(vec![task])
    }

    pub(crate) fn update_strategy(
        &mut self,
        object: ObjectKey,
        mut param: types::BackupStrategyParam,
        now: Time,
    ) -> Result<(), ApiFailure> {
        self.check_backup_target(object, &param.backup_mode)?;
        let idx = self
            .strategy_index(object)
            .ok_or_else(|| self.no_strategy(object))?;
        let stored = self.strategies[idx].clone();
        let enabled = param
            .ob_backup_schedule_config
            .backup_schedule_enabled
            .take()
            .unwrap_or(stored.schedule_enabled);
        param.ob_backup_object_list = stored.param.ob_backup_object_list.clone();
        assign_storage_ids(&mut param, Some(&stored.param), &mut self.ids.storage);
        unmask_secrets(
            &mut param.ob_backup_service_storage_config,
            &stored.param.ob_backup_service_storage_config,
        );
        if let (Some(new), Some(old)) = (
            param.ob_secondary_backup_config.as_mut(),
            stored.param.ob_secondary_backup_config.as_ref(),
        ) {
            unmask_secrets(&mut new.storage_config, &old.storage_config);
        }
        if param == stored.param && enabled == stored.schedule_enabled {
            return Err(ApiFailure::new(
                StatusCode::BAD_REQUEST,
                OcpErrorCode::Bak21016,
                vec![],
            ));
        }
        let old_root = storage_root(
            &stored
                .param
                .ob_backup_service_storage_config
                .ob_backup_storage_base_info,
        );
        let new_root = storage_root(
            &param
                .ob_backup_service_storage_config
                .ob_backup_storage_base_info,
        );
        let wants_log = param.ob_backup_schedule_config.start_log_backup && enabled;
        let s = &mut self.strategies[idx];
        s.param = param;
        s.updated = now;
        if enabled && !s.schedule_enabled {
            s.cursor = now;
        }
        s.schedule_enabled = enabled;
        let log_active = self
            .logs
            .iter()
            .any(|l| l.object == object && l.active_at(now));
        if log_active && (!wants_log || old_root != new_root) {
            self.stop_log(object, now);
        }
        if wants_log && (!log_active || old_root != new_root) {
            self.start_log(object, new_root, now);
        }
        self.refresh_next_due();
        Ok(())
    }

    pub(crate) fn delete_strategy(
        &mut self,
        object: ObjectKey,
        now: Time,
    ) -> Result<(), ApiFailure> {
        self.cluster_or_404(object.cluster_id(), "id")?;
        let idx = self
            .strategy_index(object)
            .ok_or_else(|| self.no_strategy(object))?;
        self.strategies.remove(idx);
        self.stop_log(object, now);
        self.refresh_next_due();
        Ok(())
    }

    pub(crate) fn set_schedule(
        &mut self,
        object: ObjectKey,
        enabled: bool,
        now: Time,
    ) -> Result<(), ApiFailure> {
        self.cluster_or_404(object.cluster_id(), "id")?;
        let idx = self
            .strategy_index(object)
            .ok_or_else(|| self.no_strategy(object))?;
        let s = &mut self.strategies[idx];
        let was = s.schedule_enabled;
        s.schedule_enabled = enabled;
        s.updated = now;
        if enabled && !was {
            // Runs missed while paused are skipped, as OCP does.
            s.cursor = now;
        }
        let start_log = s.param.ob_backup_schedule_config.start_log_backup;
        let root = storage_root(
            &s.param
                .ob_backup_service_storage_config
                .ob_backup_storage_base_info,
        );
        if !enabled {
            self.stop_log(object, now);
        } else if start_log
            && !self
                .logs
                .iter()
                .any(|l| l.object == object && l.active_at(now))
        {
            self.start_log(object, root, now);
        }
        self.refresh_next_due();
        Ok(())
    }

    fn running_backup_conflict(&self, object: ObjectKey, now: Time) -> bool {
        let overlaps = |b: &DataBackupRec| match (object, b.object) {
            (ObjectKey::Cluster(_), _) | (_, ObjectKey::Cluster(_)) => true,
            (a, b) => a == b,
        };
        // Rows are sorted by start and no backup runs for more than a few hours.
        let horizon = now - TimeDelta::hours(6);
        self.backups_of_cluster(object.cluster_id())
            .rev()
            .take_while(|b| b.start >= horizon)
            .any(|b| b.running(now) && overlaps(b))
    }

    pub(crate) fn backup_now(
        &mut self,
        req: BackupNowRequest,
        now: Time,
    ) -> Result<i64, ApiFailure> {
        let object = req.object;
        self.check_backup_target(object, &req.param.backup_mode)?;
        if self.running_backup_conflict(object, now) {
            return Err(ApiFailure::new(
                StatusCode::CONFLICT,
                OcpErrorCode::Bak31005,
                vec![],
            ));
        }
        if req.param.data_backup_mode == DataBackupMode::IncrementalBackup
            && !self.has_full_backup(object, now)
        {
            return Err(ApiFailure::new(
                StatusCode::BAD_REQUEST,
                OcpErrorCode::Bak31001,
                vec![Arg::Word {
                    en: INCREMENTAL_HINT_EN.trim_end_matches('.'),
                    zh: super::views::INCREMENTAL_HINT_ZH,
                }],
            ));
        }
        let root = storage_root(
            &req.param
                .ob_backup_service_storage_config
                .ob_backup_storage_base_info,
        );
        let trigger = Trigger {
            creator: self.creator_for(&req.user),
            task_type: TaskType::Manual,
            failure_rate: MANUAL_FAILURE_RATE,
        };
        let (_, task) =
            self.spawn_data_backup(object, req.param.data_backup_mode, root, now, &trigger);
        self.refresh_next_due();
        Ok(task)
    }

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

    pub(crate) fn start_log(&mut self, object: ObjectKey, root: String, at: Time) {
        let round = 1 + self.logs.iter().filter(|l| l.object == object).count() as i64;
        let lag =
            40.0 + rng::unit(&[self.seed, 0x106, round as u64, object.cluster_id() as u64]) * 20.0;
        self.logs.push(LogBackupRec {
            object,
            round,
            started: at,
            stopped: None,
            root,
            lag_secs: lag,
            mode: BackupMode::PhysicalBackup,
        });
    }

    pub(crate) fn stop_log(&mut self, object: ObjectKey, at: Time) {
        for log in self
            .logs
            .iter_mut()
            .filter(|l| l.object == object && l.active_at(at))
        {
            log.stopped = Some(at);
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push_task(
        &mut self,
        name: String,
        definition_id: i64,
        object: ObjectKey,
        creator: (i64, String),
        task_type: TaskType,
        created: Time,
        steps: Vec<(&'static str, (Time, Time))>,
        failed_step: Option<usize>,
    ) -> i64 {
        let id = TASK_ID_BASE + self.tasks.len() as i64;
        self.tasks.push(TaskRec {
            id,
            name,
            definition_id,
            cluster_id: object.cluster_id(),
            tenant_id: object.tenant_id(),
            creator,
            task_type,
            created,
            steps: steps
                .into_iter()
                .map(|(name, (start, end))| Step { name, start, end })
                .collect(),
            failed_step,
            executor: "172.20.0.5:8080".into(),
        });
        id
    }

    /// Starts a data backup at `at`; phases and outcome are drawn from the seed now.
    pub(crate) fn spawn_data_backup(
        &mut self,
        object: ObjectKey,
        kind: DataBackupMode,
        root: String,
        at: Time,
        trigger: &Trigger,
    ) -> (i64, i64) {
        self.ids.data_task += 1;
        let task_id = self.ids.data_task;
        let mut rng = Rng::new(rng::hash(&[
            self.seed,
            0xda7a,
            object.cluster_id() as u64,
            object.tenant_id().unwrap_or(0) as u64,
            task_id as u64,
        ]));
        let cluster = self.cluster_rec(object.cluster_id()).cloned();
        let major = cluster.as_ref().map_or(4, ClusterRec::major);
        let size = match object {
            ObjectKey::Tenant(_, t) => self.tenant_rec(t).map_or(10.0, |t| t.size_gb),
            ObjectKey::Cluster(c) => self
                .tenants
                .iter()
                .filter(|t| t.cluster_id == c)
                .map(|t| t.size_gb)
                .sum(),
        };
        let full = kind == DataBackupMode::FullBackup;
        // OCP's scheduler starts a little after the scheduled second.
        let at = if trigger.task_type == TaskType::Scheduled {
            at + TimeDelta::seconds(rng.range(0, 6))
                + TimeDelta::microseconds(rng.range(0, 999_999))
        } else {
            at
        };
        let init_at = at + TimeDelta::seconds(rng.range(15, 40));
        let doing_at = init_at + TimeDelta::seconds(rng.range(30, 90));
        let doing = if full {
            ((size * rng.range(6, 12) as f64) as i64).clamp(240, 3_600)
        } else {
            rng.range(60, 420)
        };
        let fails = rng.chance(trigger.failure_rate);
        let (end_at, failure) = if fails {
            let cut = doing * rng.range(20, 90) / 100;
            (
                doing_at + TimeDelta::seconds(cut.max(5)),
                Some(rng.pick(BACKUP_ERRORS).to_string()),
            )
        } else {
            (
                doing_at
                    + TimeDelta::seconds(doing)
                    + TimeDelta::microseconds(rng.range(0, 999_999)),
                None,
            )
        };
        let backup_set_id = 1 + self
            .backups_of(object)
            .map(|b| b.backup_set_id)
            .max()
            .unwrap_or(0);
        let full_set_id = if full {
            backup_set_id
        } else {
            let own = self
                .backups_of(object)
                .rev()
                .find(|b| b.kind == DataBackupMode::FullBackup && b.succeeded_by(at));
            let cluster_full = || {
                self.backups_of(ObjectKey::Cluster(object.cluster_id()))
                    .rev()
                    .find(|b| b.kind == DataBackupMode::FullBackup && b.succeeded_by(at))
            };
            own.or_else(cluster_full)
                .map_or(backup_set_id, |b| b.backup_set_id)
        };
        let data_version = (major < 4).then(|| {
            let day = at.with_timezone(&crate::clock::cst()).date_naive();
            (day - chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("valid date"))
                .num_days()
                .max(0)
                + 20
        });
        let secondary_enabled = self
            .strategy_index(object)
            .is_some_and(|i| self.strategies[i].param.secondary_backup_enabled);
        let secondary = if secondary_enabled {
            vec![(backup_set_id * 2 - 1).max(1)]
        } else {
            Vec::new()
        };
        let manual = trigger.task_type == TaskType::Manual;
        let name = if manual {
            "Immediate data backup"
        } else {
            "Scheduled data backup"
        };
        let steps = vec![
            (
                "Check backup prerequisites",
                (at, at + TimeDelta::seconds(5)),
            ),
            (
                "Set backup destination",
                (at + TimeDelta::seconds(5), init_at),
            ),
            ("Start data backup", (init_at, doing_at)),
            (
                "Wait for data backup to finish",
                (
                    doing_at,
                    if fails {
                        end_at
                    } else {
                        end_at - TimeDelta::seconds(2)
                    },
                ),
            ),
            (
                "Update backup history",
                (end_at - TimeDelta::seconds(2), end_at),
            ),
        ];
        let task = self.push_task(
            name.into(),
            2001,
            object,
            trigger.creator.clone(),
            trigger.task_type.clone(),
            at,
            steps,
            fails.then_some(3),
        );
        self.push_data_backup(DataBackupRec {
            task_id,
            object,
            backup_set_id,
            full_set_id,
            kind,
            mode: BackupMode::PhysicalBackup,
            start: at,
            init_at,
            doing_at,
            end_at,
            failure,
            root,
            data_version,
            size_gb: if full {
                size * (0.9 + rng.range(0, 20) as f64 / 100.0)
            } else {
                size * 0.03
            },
            task_instance_id: task,
            secondary_task_ids: secondary,
        });
        (task_id, task)
    }

    /// Materialises scheduled backups that became due by `now`.
    pub(crate) fn tick(&mut self, now: Time) {
        for i in 0..self.strategies.len() {
            // Bounds the work after a huge `advance`; later runs are skipped, not queued.
            for _ in 0..400 {
                let s = &self.strategies[i];
                if !s.schedule_enabled {
                    break;
                }
                let Some((at, kind)) = next_run(&s.param.ob_backup_schedule_config, s.cursor)
                else {
                    break;
                };
                if at > now {
                    break;
                }
                let object = s.object;
                let root = storage_root(
                    &s.param
                        .ob_backup_service_storage_config
                        .ob_backup_storage_base_info,
                );
                self.strategies[i].cursor = at;
                if self.running_backup_conflict(object, at) {
                    continue;
                }
                let kind = if kind == DataBackupMode::IncrementalBackup
                    && !self.has_full_backup(object, at)
                {
                    DataBackupMode::FullBackup
                } else {
                    kind
                };
                let trigger = Trigger {
                    creator: (200, "system".into()),
                    task_type: TaskType::Scheduled,
                    failure_rate: SCHEDULED_FAILURE_RATE,
                };
                self.spawn_data_backup(object, kind, root, at, &trigger);
            }
        }
        self.refresh_next_due();
    }

    pub(crate) fn refresh_next_due(&mut self) {
        self.next_due = self
            .strategies
            .iter()
            .filter(|s| s.schedule_enabled)
            .filter_map(|s| next_run(&s.param.ob_backup_schedule_config, s.cursor).map(|(t, _)| t))
            .min();
    }
}

pub(crate) fn backup_object(object: ObjectKey) -> types::BackupObject {
    types::BackupObject {
        backup_dimension: super::views::dimension(object),
        cluster_id: object.cluster_id(),
        tenant_id: object.tenant_id(),
    }
}

fn assign_storage_ids(
    param: &mut types::BackupStrategyParam,
    stored: Option<&types::BackupStrategyParam>,
    next: &mut i64,
) {
    let mut assign = |config: &mut types::ObBackupServiceStorageConfig,
                      old: Option<&types::ObBackupServiceStorageConfig>| {
        if config.storage_id.is_none() {
            config.storage_id = old.and_then(|o| o.storage_id).or_else(|| {
                *next += 1;
                Some(*next)
            });
        }
    };
    assign(
        &mut param.ob_backup_service_storage_config,
        stored.map(|s| &s.ob_backup_service_storage_config),
    );
    if let Some(secondary) = param.ob_secondary_backup_config.as_mut() {
        let old = stored
            .and_then(|s| s.ob_secondary_backup_config.as_ref())
            .map(|c| &c.storage_config);
        assign(&mut secondary.storage_config, old);
    }
}

/// A modify request copied from a read carries masked secrets; they mean "unchanged".
fn unmask_secrets(
    new: &mut types::ObBackupServiceStorageConfig,
    old: &types::ObBackupServiceStorageConfig,
) {
    let (n, o) = (
        &mut new.ob_backup_storage_base_info,
        &old.ob_backup_storage_base_info,
    );
    if let (Some(n), Some(o)) = (n.oss_access_key.as_mut(), o.oss_access_key.as_ref())
        && n.access_key_secret == MASKED_SECRET
    {
        n.access_key_secret = o.access_key_secret.clone();
    }
    if let (Some(n), Some(o)) = (n.cos_access_key.as_mut(), o.cos_access_key.as_ref())
        && n.access_key_secret == MASKED_SECRET
    {
        n.access_key_secret = o.access_key_secret.clone();
    }
    if let (Some(n), Some(o)) = (n.s3_access_key.as_mut(), o.s3_access_key.as_ref())
        && n.access_key_secret == MASKED_SECRET
    {
        n.access_key_secret = o.access_key_secret.clone();
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

/// Parses `HH:MM[:SS[.f]](Z|±HH[:MM])`; the pattern was checked when the body was read.
pub(crate) fn parse_schedule_time(text: &str) -> (NaiveTime, FixedOffset) {
    let split = text.find(['Z', '+', '-']).unwrap_or(text.len());
    let (clock, zone) = text.split_at(split);
    let mut parts = clock.split(':');
    let mut num = |max: u32| {
        parts
            .next()
            .and_then(|p| p.split('.').next()?.parse::<u32>().ok())
            .filter(|v| *v <= max)
            .unwrap_or(0)
    };
    let (h, m, s) = (num(23), num(59), num(59));
    let time = NaiveTime::from_hms_opt(h, m, s).unwrap_or(NaiveTime::MIN);
    let offset = if zone.is_empty() || zone == "Z" {
        FixedOffset::east_opt(0)
    } else {
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
        let hh: i32 = digits.get(0..2).and_then(|d| d.parse().ok()).unwrap_or(0);
        let mm: i32 = digits.get(2..4).and_then(|d| d.parse().ok()).unwrap_or(0);
        FixedOffset::east_opt(sign * (hh.min(23) * 3600 + mm.min(59) * 60))
    };
    (time, offset.unwrap_or_else(crate::clock::cst))
}

/// The first scheduled run strictly after `after`, with its kind of data backup.
pub(crate) fn next_run(
    schedule: &types::ObBackupScheduleConfig,
    after: Time,
) -> Option<(Time, DataBackupMode)> {
    if schedule.day_and_data_backup_model_map.is_empty() {
        return None;
    }
    let (time, offset) = parse_schedule_time(&schedule.backup_schedule_time);
    let local = after.with_timezone(&offset);
    for day in 0..64 {
        let date = local.date_naive() + TimeDelta::days(day);
        let Some(at) = offset.from_local_datetime(&date.and_time(time)).single() else {
            continue;
        };
        let at = at.fixed_offset();
        if at <= after {
            continue;
        }
        let key = match schedule.backup_schedule_mode {
            BackupScheduleMode::Month => date.day().to_string(),
            _ => date.weekday().number_from_monday().to_string(),
        };
        if let Some(kind) = schedule.day_and_data_backup_model_map.get(&key) {
            return Some((at, kind.clone()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(
        mode: BackupScheduleMode,
        days: &[(&str, DataBackupMode)],
        time: &str,
    ) -> types::ObBackupScheduleConfig {
        types::ObBackupScheduleConfig {
            backup_data_retention_days: None,
            backup_schedule_enabled: None,
            backup_schedule_mode: mode,
            backup_schedule_time: time.parse().unwrap(),
            clean_enabled: None,
            clean_schedule_time: None,
            day_and_data_backup_model_map: days
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            start_log_backup: true,
        }
    }

    #[test]
    fn weekly_schedule_finds_the_next_matching_day() {
        // 2024-08-09 is a Friday (5).
        let after = crate::clock::cst()
            .with_ymd_and_hms(2024, 8, 9, 16, 0, 0)
            .unwrap();
        let s = schedule(
            BackupScheduleMode::Week,
            &[
                ("2", DataBackupMode::FullBackup),
                ("6", DataBackupMode::IncrementalBackup),
            ],
            "02:00:00.000+08:00",
        );
        let (at, kind) = next_run(&s, after).unwrap();
        assert_eq!(at.to_rfc3339(), "2024-08-10T02:00:00+08:00");
        assert_eq!(kind, DataBackupMode::IncrementalBackup);
        let (at, kind) = next_run(&s, at).unwrap();
        assert_eq!(at.to_rfc3339(), "2024-08-13T02:00:00+08:00");
        assert_eq!(kind, DataBackupMode::FullBackup);
    }

    #[test]
    fn monthly_schedule_and_offsets() {
        let after = crate::clock::cst()
            .with_ymd_and_hms(2024, 8, 9, 16, 0, 0)
            .unwrap();
        let s = schedule(
            BackupScheduleMode::Month,
            &[("1", DataBackupMode::FullBackup)],
            "01:30Z",
        );
        let (at, _) = next_run(&s, after).unwrap();
        assert_eq!(at.to_rfc3339(), "2024-09-01T01:30:00+00:00");
        let empty = schedule(BackupScheduleMode::Week, &[], "02:00:00.000+08:00");
        assert!(next_run(&empty, after).is_none());
        assert_eq!(
            parse_schedule_time("23:59:59.999-0530").1.local_minus_utc(),
            -(5 * 3600 + 30 * 60)
        );
    }
}
