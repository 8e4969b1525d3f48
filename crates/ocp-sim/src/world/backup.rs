//! Data backups: backup now with OCP's refusals, and the backups themselves (phases, size and
//! outcome drawn from the seed when they start).

use axum::http::StatusCode;
use chrono::TimeDelta;
use ocp_api::enums::{BackupMode, DataBackupMode, OcpErrorCode, TaskType};
use ocp_api::types;

use super::views::{INCREMENTAL_HINT_EN, INCREMENTAL_HINT_ZH, storage_root};
use super::{ClusterRec, DataBackupRec, ObjectKey, Time, World};
use crate::errors::{ApiFailure, Arg};
use crate::rng::{self, Rng};

/// Chance that a manual backup fails, drawn from the seed.
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

/// Trigger of a data backup.
pub(crate) struct Trigger {
    pub creator: (i64, String),
    pub task_type: TaskType,
    pub failure_rate: f64,
}

impl World {
    pub(super) fn running_backup_conflict(&self, object: ObjectKey, now: Time) -> bool {
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
                    zh: INCREMENTAL_HINT_ZH,
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
}

pub(crate) fn backup_object(object: ObjectKey) -> types::BackupObject {
    types::BackupObject {
        backup_dimension: super::views::dimension(object),
        cluster_id: object.cluster_id(),
        tenant_id: object.tenant_id(),
    }
}
