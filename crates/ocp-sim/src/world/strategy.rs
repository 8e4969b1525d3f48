//! Backup strategies: create, modify, delete, with OCP's refusals. Bodies arrive already
//! checked for shape, enum values and ranges (`crate::validate`); these checks need the world.

use axum::http::StatusCode;
use chrono::TimeDelta;
use ocp_api::enums::{OcpErrorCode, TaskType};
use ocp_api::types;

use super::backup::backup_object;
use super::views::{MASKED_SECRET, storage_root};
use super::{ObjectKey, StrategyRec, Time, World};
use crate::errors::{ApiFailure, Arg};

impl World {
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
