//! Records rendered as the spec's types, as of a given simulated time.

use chrono::TimeDelta;
use ocp_api::enums::{
    BackupAbility, BackupDimension, BackupMode, BackupRetainMode, BackupScheduleStatus,
    BackupStrategyType, ClusterStatus, ClusterSyncStatus, DataBackupMode, RestoreTaskStatus,
    RestoreTriggerType, RootServerRole, TaskOperation, TenantStatus,
};
use ocp_api::time::OcpDateTime;
use ocp_api::types;

use super::{
    ClusterRec, DataBackupRec, LogBackupRec, ObjectKey, RestoreRec, StrategyRec, TaskRec,
    TenantRec, Time, World,
};
use crate::clock::cst;
use crate::errors::Lang;

/// The secret OCP's console shows instead of a stored access key secret.
pub(crate) const MASKED_SECRET: &str = "******";

/// Cluster-level lists answer in the server's offset; tenant-level (OceanBase 4.x) lists in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeStyle {
    Local,
    Utc,
}

/// Spelled the ways OCP spells it (`+08:00`, `+0800`, micro- and nanoseconds, `Z`), see
/// `spelling`.
pub(crate) fn ts(t: Time, style: TimeStyle) -> OcpDateTime {
    match style {
        TimeStyle::Local => crate::spelling::local(t),
        TimeStyle::Utc => crate::spelling::utc(t),
    }
}

pub(crate) const INCREMENTAL_HINT_EN: &str = "During a physical backup, you must perform a full backup before you can perform an incremental backup.";
pub(crate) const INCREMENTAL_HINT_ZH: &str = "物理备份下，增量备份之前必须有一次全量的数据备份";

fn restore_status_desc(status: &RestoreTaskStatus, lang: Lang) -> &'static str {
    use RestoreTaskStatus as S;
    let (en, zh) = match status {
        S::RestoreCreateTenant => ("The tenant is being created", "租户创建中"),
        S::RestoreSysReplica => ("Recovering system replicas", "系统副本恢复中"),
        S::RestoreUpgradePre => ("Pre-upgrade check", "升级前检查"),
        S::RestoreUpgradePost => ("Post-upgrade check", "升级后检查"),
        S::RestoreModifySchema => ("Modifying schemas", "schema 修改中"),
        S::RestoreCreateUserPartitions => {
            ("The user partitions are being created", "用户分区创建中")
        }
        S::RestoreUserReplica => ("Recovering user replicas", "用户副本恢复中"),
        S::RestoreRebuildIndex => ("The index is being created", "索引创建中"),
        S::RestorePostCheck => ("Checking indexes", "索引检查中"),
        S::RestorePre => ("Set parameters", "设置配置项"),
        S::RestoreCreateInitLs => ("Create baseline log stream", "创建基线日志流"),
        S::RestoreWaitLs => ("Restoring the baseline log stream", "基线日志流恢复中"),
        S::PostCheck => ("Set standby tenant", "设置备租户"),
        S::Upgrade => ("Upgrading the tenant", "租户升级中"),
        S::WaitTenantRestoreFinish => (
            "Waiting for the tenant recovery to complete",
            "等待租户恢复结束",
        ),
        S::RestoreSuccess => ("Completed", "已完成"),
        S::RestoreFail => ("Failed", "失败"),
        S::Other(_) => ("Recovering", "恢复中"),
    };
    lang.pick(en, zh)
}

/// Storage root with protocol from a storage type and OCP's protocol-less `storageUrl`.
pub(crate) fn storage_root(info: &types::ObBackupStorageBaseInfo) -> String {
    use ocp_api::enums::BackupStorageType as T;
    let url = info.storage_url.trim();
    match info.backup_storage_type {
        T::BackupStorageFile => format!("file:///{}", url.trim_matches('/')),
        T::BackupStorageOss => format!("oss://{}", url.trim_matches('/')),
        T::BackupStorageCos => format!("cos://{}", url.trim_matches('/')),
        _ => format!("s3://{}", url.trim_matches('/')),
    }
}

fn yyyymmdd(t: Time) -> String {
    t.with_timezone(&cst()).format("%Y%m%d").to_string()
}

impl World {
    pub(crate) fn object_dir(&self, root: &str, object: ObjectKey) -> String {
        let Some(cluster) = self.cluster_rec(object.cluster_id()) else {
            return root.to_owned();
        };
        match object {
            ObjectKey::Cluster(_) => format!(
                "{root}/{}/{}/incarnation_1",
                cluster.name, cluster.ob_cluster_id
            ),
            ObjectKey::Tenant(_, t) => {
                let ob_tenant = self.tenant_rec(t).map_or(0, |t| t.ob_tenant_id);
                format!(
                    "{root}/{}/{}/tenant_incarnation_1/{ob_tenant}",
                    cluster.name, cluster.ob_cluster_id
                )
            }
        }
    }

    pub(crate) fn backup_set_dest(&self, rec: &DataBackupRec) -> String {
        let kind = if rec.kind == DataBackupMode::FullBackup {
            "full"
        } else {
            "inc"
        };
        format!(
            "{}/data/backup_set_{}_{kind}_{}",
            self.object_dir(&rec.root, rec.object),
            rec.backup_set_id,
            yyyymmdd(rec.start)
        )
    }

    pub(crate) fn log_piece_dest(
        &self,
        log: &LogBackupRec,
        piece: i64,
        piece_start: Time,
    ) -> String {
        format!(
            "{}/clog/{}_{piece}_{}",
            self.object_dir(&log.root, log.object),
            log.round,
            yyyymmdd(piece_start)
        )
    }

    pub(crate) fn tenant_visible_status(&self, t: &TenantRec, now: Time) -> Option<TenantStatus> {
        if t.created > now {
            return None;
        }
        match t.restored_by.and_then(|r| self.restore_rec(r)) {
            None => Some(TenantStatus::Normal),
            Some(r) if r.succeeded_by(now) => Some(TenantStatus::Normal),
            Some(r) if r.finished(now) => None,
            Some(_) => Some(TenantStatus::Creating),
        }
    }

    pub(crate) fn cluster_view(
        &self,
        c: &ClusterRec,
        now: Time,
        with_standbys: bool,
    ) -> types::Cluster {
        let standby_clusters = if with_standbys {
            self.clusters
                .iter()
                .filter(|s| s.primary_id == Some(c.id))
                .map(|s| self.cluster_view(s, now, false))
                .collect()
        } else {
            Vec::new()
        };
        // Nested clusters are shown one level deep, as OCP does, so the views cannot recurse.
        let primary_cluster = c
            .primary_id
            .filter(|_| with_standbys)
            .and_then(|p| self.clusters.iter().find(|x| x.id == p))
            .map(|p| Box::new(self.cluster_view(p, now, false)));
        let tenant_count = self
            .tenants
            .iter()
            .filter(|t| t.cluster_id == c.id && self.tenant_visible_status(t, now).is_some())
            .count();
        let servers: Vec<_> = c.zones.iter().flat_map(|z| z.servers.iter()).collect();
        types::Cluster {
            create_time: Some(ts(c.created, TimeStyle::Local)),
            creator: Some(c.creator.clone()),
            delay_time: c
                .is_standby()
                .then(|| 1.2 + (now.timestamp() % 7) as f64 * 0.1),
            id: c.id,
            name: c.name.clone(),
            ob_cluster_id: Some(c.ob_cluster_id),
            ob_version: Some(c.ob_version.clone()),
            partition_count: Some(c.partition_count),
            primary_cluster,
            region_count: Some(1),
            root_servers: c
                .zones
                .iter()
                .filter_map(|z| z.servers.first())
                .enumerate()
                .map(|(i, s)| types::RootServer {
                    address: Some(format!("{}:2882", s.ip)),
                    role: Some(if i == 0 {
                        RootServerRole::Leader
                    } else {
                        RootServerRole::Follower
                    }),
                    sql_port: Some(2881),
                })
                .collect(),
            server_count: Some(servers.len() as i32),
            standby_clusters,
            status: Some(ClusterStatus::Running),
            sync_status: c.is_standby().then_some(ClusterSyncStatus::Valid),
            tenant_count: Some(tenant_count as i32),
            type_: Some(c.cluster_type.clone()),
            update_time: Some(ts(c.created + TimeDelta::days(3), TimeStyle::Local)),
            zones: c
                .zones
                .iter()
                .map(|z| types::ClusterZone {
                    cluster_id: Some(c.id),
                    host_count: Some(z.servers.len() as i32),
                    idc_id: Some(z.idc_id),
                    idc_name: Some(z.idc.clone()),
                    inner_status: Some("ACTIVE".into()),
                    name: z.name.clone(),
                    ob_cluster_id: Some(c.ob_cluster_id),
                    operate_status: Some("NORMAL".into()),
                    region_name: Some(c.region.clone()),
                    server_count: Some(z.servers.len() as i32),
                    servers: Vec::new(),
                    status: Some("RUNNING".into()),
                })
                .collect(),
        }
    }

    pub(crate) fn tenant_view(
        &self,
        t: &TenantRec,
        now: Time,
        detail: bool,
    ) -> Option<types::Tenant> {
        let status = self.tenant_visible_status(t, now)?;
        let c = self.cluster_rec(t.cluster_id)?;
        let zone_list = t
            .zones
            .iter()
            .map(|z| z.zone.as_str())
            .collect::<Vec<_>>()
            .join(";");
        let locality = t
            .zones
            .iter()
            .map(|z| format!("{}{{1}}@{}", z.replica.as_str(), z.zone))
            .collect::<Vec<_>>()
            .join(", ");
        let zones = if detail {
            t.zones
                .iter()
                .map(|z| {
                    let zone = c.zones.iter().find(|cz| cz.name == z.zone);
                    types::TenantZone {
                        name: z.zone.clone(),
                        replica_type: Some(z.replica.clone()),
                        resource_pool: Some(types::TenantResourcePool {
                            id: Some(types::LongOrString::Int64(z.pool_id)),
                            name: Some(z.pool_name.clone()),
                            unit_config: Some(types::TenantUnitConfig {
                                max_cpu_core_count: Some(z.cpu),
                                max_memory_size: Some(z.memory_gb),
                                min_cpu_core_count: Some(z.cpu / 2.0),
                                min_memory_size: Some((z.memory_gb / 2).max(1)),
                            }),
                            unit_count: Some(z.unit_count),
                        }),
                        units: z
                            .unit_ids
                            .iter()
                            .enumerate()
                            .map(|(i, id)| {
                                let server =
                                    zone.and_then(|zr| zr.servers.get(i % zr.servers.len().max(1)));
                                types::TenantUnit {
                                    id: Some(*id),
                                    resource_pool_id: Some(z.pool_id),
                                    server_id: server.map(|s| s.id),
                                    server_ip: server.map(|s| s.ip.clone()),
                                    server_port: Some(2882),
                                    status: Some("ACTIVE".into()),
                                    zone_name: Some(z.zone.clone()),
                                }
                            })
                            .collect(),
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        Some(types::Tenant {
            charset: detail.then(|| "utf8mb4".to_owned()),
            cluster_id: Some(c.id),
            cluster_name: Some(c.name.clone()),
            cluster_status: detail.then_some(ClusterStatus::Running),
            cluster_type: Some(c.cluster_type.clone()),
            collation: detail.then(|| "utf8mb4_general_ci".to_owned()),
            create_time: Some(ts(t.created, TimeStyle::Local)),
            description: Some(t.description.clone()),
            id: t.id,
            locality: Some(locality),
            locked: Some(t.locked),
            mode: Some(t.mode.clone()),
            name: t.name.clone(),
            ob_cluster_id: Some(c.ob_cluster_id),
            ob_tenant_id: Some(t.ob_tenant_id),
            ob_version: Some(c.ob_version.clone()),
            primary_zone: Some(t.primary_zone.clone()),
            readonly: Some(t.readonly),
            sql_audit_enabled: detail.then_some(true),
            status: Some(status),
            whitelist: detail.then(|| "%".to_owned()),
            zone_list: Some(zone_list),
            zones,
        })
    }

    pub(crate) fn strategy_view(&self, s: &StrategyRec) -> types::OcpBackupStrategy {
        let c = self.cluster_rec(s.object.cluster_id());
        let t = s.object.tenant_id().and_then(|id| self.tenant_rec(id));
        let mut param = s.param.clone();
        mask_secrets(&mut param.ob_backup_service_storage_config);
        if let Some(secondary) = param.ob_secondary_backup_config.as_mut() {
            mask_secrets(&mut secondary.storage_config);
        }
        let mut schedule = param.ob_backup_schedule_config;
        schedule.backup_schedule_enabled = Some(s.schedule_enabled);
        types::OcpBackupStrategy {
            backup_dimension: Some(dimension(s.object)),
            backup_mode: Some(param.backup_mode.clone()),
            cluster_id: Some(s.object.cluster_id()),
            cluster_name: c.map(|c| c.name.clone()),
            create_time: Some(ts(s.created, TimeStyle::Local)),
            id: Some(s.id),
            ob_backup_schedule_config: Some(schedule),
            ob_backup_threshold_config: Some(param.ob_backup_threshold_config),
            ob_cluster_id: c.map(|c| c.ob_cluster_id),
            ob_secondary_backup_config: param.ob_secondary_backup_config,
            ob_tenant_id: t.map(|t| t.ob_tenant_id),
            physical: Some(param.backup_mode == BackupMode::PhysicalBackup),
            physical_and_was_logical: Some(false),
            retain_mode: Some(BackupRetainMode::ReserveAll),
            secondary_backup_enabled: Some(param.secondary_backup_enabled),
            service_config_name: Some(param.ob_backup_service_storage_config.config_name.clone()),
            tenant_id: t.map(|t| t.id),
            tenant_name: t.map(|t| t.name.clone()),
            type_: Some(BackupStrategyType::Backup),
            update_time: Some(ts(s.updated, TimeStyle::Local)),
            ob_backup_service_storage_config: Some(param.ob_backup_service_storage_config),
        }
    }

    pub(crate) fn schedule_status(&self, s: &StrategyRec, now: Time) -> BackupScheduleStatus {
        if !s.schedule_enabled {
            return BackupScheduleStatus::Paused;
        }
        let latest_finished = self.backups_of(s.object).rev().find(|b| b.end_at <= now);
        if latest_finished.is_some_and(|b| b.failure.is_some()) {
            return BackupScheduleStatus::Abnormal;
        }
        if self.backups_of(s.object).all(|b| b.start < s.created) {
            return BackupScheduleStatus::Waiting;
        }
        BackupScheduleStatus::Normal
    }

    pub(crate) fn data_backup_view(
        &self,
        b: &DataBackupRec,
        now: Time,
        style: TimeStyle,
    ) -> types::DataBackupTask {
        let c = self.cluster_rec(b.object.cluster_id());
        let t = b.object.tenant_id().and_then(|id| self.tenant_rec(id));
        let status = b.status(now);
        let finished = now >= b.end_at;
        let major = c.map_or(4, ClusterRec::major);
        types::DataBackupTask {
            backup_dimension: Some(dimension(b.object)),
            backup_mode: Some(b.mode.clone()),
            backup_set_id: Some(b.backup_set_id),
            backup_type: None,
            backup_uri: Some(format!("{}/data", self.object_dir(&b.root, b.object))),
            cluster_id: b.object.cluster_id(),
            cluster_name: c.map(|c| c.name.clone()),
            cluster_type: c.map(|c| c.cluster_type.clone()),
            data_backup_task_type: Some(b.kind.clone()),
            data_secondary_backup_task_ids: if finished {
                b.secondary_task_ids.clone()
            } else {
                Vec::new()
            },
            data_type: None,
            data_version: b.data_version,
            duration: finished.then(|| (b.end_at - b.start).num_seconds()),
            error_msg: Some(if finished {
                b.failure.clone().unwrap_or_default()
            } else {
                String::new()
            }),
            finish_time: finished.then(|| ts(b.end_at, style)),
            ob_cluster_id: c.map(|c| c.ob_cluster_id),
            ob_tenant_id: t.map(|t| t.ob_tenant_id),
            schema_version: None,
            snapshot_version_time: (major >= 4 && finished && b.failure.is_none())
                .then(|| ts(b.snapshot(major), style)),
            start_time: Some(ts(b.start, style)),
            status,
            task_id: b.task_id,
            task_type: None,
            tenant_id: Some(b.object.tenant_id().unwrap_or(0)),
            tenant_name: t.map(|t| t.name.clone()),
        }
    }

    pub(crate) fn log_view(
        &self,
        l: &LogBackupRec,
        now: Time,
        style: TimeStyle,
    ) -> types::LogBackupTask {
        let c = self.cluster_rec(l.object.cluster_id());
        let t = l.object.tenant_id().and_then(|id| self.tenant_rec(id));
        let modify = match l.stopped {
            Some(s) if s <= now => s,
            _ => l.checkpoint(now).unwrap_or(l.started),
        };
        types::LogBackupTask {
            agent_server_ip: c
                .and_then(|c| c.zones.first())
                .and_then(|z| z.servers.first())
                .map(|s| s.ip.clone()),
            backup_dimension: Some(dimension(l.object)),
            backup_mode: Some(l.mode.clone()),
            backup_uri: Some(format!("{}/clog", self.object_dir(&l.root, l.object))),
            checkpoint: l.checkpoint(now).map(|t| ts(t, style)),
            cluster_id: l.object.cluster_id(),
            cluster_name: c.map(|c| c.name.clone()),
            cluster_type: c.map(|c| c.cluster_type.clone()),
            create_time: Some(ts(l.started, style)),
            delay: l.delay(now),
            error_msg: Some(String::new()),
            modify_time: Some(ts(modify, style)),
            ob_cluster_id: c.map(|c| c.ob_cluster_id),
            ob_tenant_id: t.map(|t| t.ob_tenant_id),
            status: l.status(now),
            tenant_id: t.map(|t| t.id),
            tenant_name: t.map(|t| t.name.clone()),
        }
    }

    pub(crate) fn restore_view(
        &self,
        r: &RestoreRec,
        now: Time,
        style: TimeStyle,
        lang: Lang,
    ) -> types::RestoreTask {
        let source_cluster = self.cluster_rec(r.source.cluster_id());
        let source_tenant = r.source.tenant_id().and_then(|id| self.tenant_rec(id));
        let target = self.cluster_rec(r.target_cluster_id);
        let status = r.status(now);
        let finished = r.finished(now);
        types::RestoreTask {
            backup_cluster_id: Some(r.source.cluster_id()),
            backup_cluster_name: source_cluster.map(|c| c.name.clone()),
            backup_mode: Some(BackupMode::PhysicalBackup),
            backup_ob_cluster_id: source_cluster.map(|c| c.ob_cluster_id),
            backup_ob_tenant_id: source_tenant.map(|t| t.ob_tenant_id),
            backup_tenant_id: source_tenant.map(|t| t.id),
            backup_tenant_name: source_tenant.map(|t| t.name.clone()),
            create_time: Some(ts(r.created, style)),
            error_msg: Some(if finished {
                r.failure
                    .as_ref()
                    .map(|f| f.message.clone())
                    .unwrap_or_default()
            } else {
                String::new()
            }),
            finish_time: finished.then(|| ts(r.end_at, style)),
            finished: Some(finished),
            id: r.id,
            ocp_job_id: Some(6_000_000 + r.id),
            progress: Some(r.progress(now)),
            restore_cluster_id: Some(r.target_cluster_id),
            restore_cluster_name: target.map(|c| c.name.clone()),
            restore_end_time: Some(ts(r.restore_end_time, style)),
            restore_ob_cluster_id: target.map(|c| c.ob_cluster_id),
            restore_object_type: Some(r.object_type.into()),
            restore_pool_list_str: Some(r.pool_list.clone()),
            restore_tenant_name: Some(r.tenant_name.clone()),
            restore_uri: Some(r.uri.clone()),
            status_desc: Some(restore_status_desc(&status, lang).to_owned()),
            status,
            successful: Some(r.succeeded_by(now)),
            trigger_type: Some(RestoreTriggerType::Normal),
        }
    }

    pub(crate) fn task_view(&self, task: &TaskRec, now: Time) -> types::TaskInstance {
        let c = self.cluster_rec(task.cluster_id);
        let t = task.tenant_id.and_then(|id| self.tenant_rec(id));
        let status = task.status(now);
        let finished = now >= task.end_at();
        let subtask_id = |i: usize| task.id * 10 + i as i64;
        let subtasks = task
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let sub_status = task.subtask_status(i, now);
                let started = now >= step.start && task.failed_step.is_none_or(|f| i <= f);
                let done = matches!(
                    sub_status,
                    ocp_api::enums::SubtaskStatus::Successful
                        | ocp_api::enums::SubtaskStatus::Failed
                );
                types::SubtaskInstance {
                    class_name: None,
                    context: step.context.clone(),
                    create_time: Some(ts(task.created, TimeStyle::Local)),
                    description: Some(step.name.to_owned()),
                    downstreams: if i + 1 < task.steps.len() {
                        vec![subtask_id(i + 1)]
                    } else {
                        vec![]
                    },
                    executor: started.then(|| task.executor.clone()),
                    finish_time: done.then(|| ts(step.end, TimeStyle::Local)),
                    id: subtask_id(i),
                    name: step.name.to_owned(),
                    node_type: Some("JAVA_TASK".into()),
                    operation: Some(TaskOperation::Execute),
                    parallel_idx: Some(-1),
                    prohibit_rollback: Some(false),
                    prohibit_skip: Some(false),
                    run_time: Some(i32::from(started)),
                    series_id: Some(i as i64),
                    start_time: started.then(|| ts(step.start, TimeStyle::Local)),
                    status: sub_status,
                    tags: vec![],
                    task_id: Some(task.id),
                    timeout: Some(if step.end - step.start > TimeDelta::minutes(10) {
                        86_400
                    } else {
                        1_800
                    }),
                    upstreams: if i > 0 {
                        vec![subtask_id(i - 1)]
                    } else {
                        vec![]
                    },
                }
            })
            .collect();
        types::TaskInstance {
            cluster: c.map(|c| types::TaskClusterRef {
                id: Some(c.id),
                name: Some(c.name.clone()),
                ob_cluster_id: Some(c.ob_cluster_id),
                type_: Some(c.cluster_type.clone()),
            }),
            cluster_id: Some(task.cluster_id),
            context: task.context.clone(),
            create_time: Some(ts(task.created, TimeStyle::Local)),
            creator: Some(types::TaskCreator {
                id: Some(task.creator.0),
                name: Some(task.creator.1.clone()),
            }),
            executor: Some(task.executor.clone()),
            finish_time: finished.then(|| ts(task.end_at(), TimeStyle::Local)),
            host_id: None,
            id: task.id,
            is_remote: Some(false),
            name: task.name.clone(),
            operation: Some(TaskOperation::Execute),
            prohibit_rollback: Some(false),
            prohibit_skip: Some(false),
            start_time: Some(ts(task.steps[0].start, TimeStyle::Local)),
            status,
            subtasks,
            tags: vec![],
            task_definition_id: Some(task.definition_id),
            task_id: Some(task.id),
            tenant: t.map(|t| types::TaskTenantRef {
                id: Some(t.id),
                mode: Some(t.mode.clone()),
                name: Some(t.name.clone()),
                ob_tenant_id: Some(t.ob_tenant_id),
            }),
            tenant_id: task.tenant_id,
            type_: Some(task.task_type.clone()),
        }
    }

    /// Whether a successful full backup covers `object` by `now` (a cluster-level one covers
    /// every tenant of the cluster).
    pub(crate) fn has_full_backup(&self, object: ObjectKey, now: Time) -> bool {
        let full_done =
            |b: &DataBackupRec| b.kind == DataBackupMode::FullBackup && b.succeeded_by(now);
        match object {
            ObjectKey::Cluster(c) => self.backups_of_cluster(c).any(full_done),
            ObjectKey::Tenant(c, _) => {
                self.backups_of(object).any(full_done)
                    || self.backups_of(ObjectKey::Cluster(c)).any(full_done)
            }
        }
    }

    pub(crate) fn ability_view(
        &self,
        c: &ClusterRec,
        now: Time,
        lang: Lang,
    ) -> types::ObBackupAbility {
        let support = if c.is_standby() {
            types::ObDataBackupSupportAbility {
                can_do_incremental_backup: Some(false),
                full_backup_enabled: Some(false),
                hint: Some(
                    lang.pick(
                        "Backup is not supported for a standby cluster.",
                        "暂不支持备库备份。",
                    )
                    .to_owned(),
                ),
                increment_backup_enabled: Some(false),
            }
        } else {
            let can = self.has_full_backup(ObjectKey::Cluster(c.id), now);
            types::ObDataBackupSupportAbility {
                can_do_incremental_backup: Some(can),
                full_backup_enabled: Some(true),
                hint: (!can).then(|| {
                    lang.pick(INCREMENTAL_HINT_EN, INCREMENTAL_HINT_ZH)
                        .to_owned()
                }),
                increment_backup_enabled: Some(true),
            }
        };
        types::ObBackupAbility {
            backup_ability: BackupAbility::PhysicalBackup,
            backup_mode: BackupMode::PhysicalBackup,
            ob_backup_condition: Some(types::ObBackupCondition {
                agent_meta_db_schema: None,
                need_agent_to_backup: Some(false),
                need_agent_to_restore: Some(false),
            }),
            ob_data_backup_support_ability: Some(support),
            ob_restore_condition_check_result: None,
        }
    }
}

pub(crate) fn dimension(object: ObjectKey) -> BackupDimension {
    match object {
        ObjectKey::Cluster(_) => BackupDimension::Cluster,
        ObjectKey::Tenant(..) => BackupDimension::Tenant,
    }
}

fn mask_secrets(config: &mut types::ObBackupServiceStorageConfig) {
    let info = &mut config.ob_backup_storage_base_info;
    if let Some(k) = info.oss_access_key.as_mut() {
        k.access_key_secret = MASKED_SECRET.into();
    }
    if let Some(k) = info.cos_access_key.as_mut() {
        k.access_key_secret = MASKED_SECRET.into();
    }
    if let Some(k) = info.s3_access_key.as_mut() {
        k.access_key_secret = MASKED_SECRET.into();
    }
}
