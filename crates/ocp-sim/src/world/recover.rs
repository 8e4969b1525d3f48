//! Recoverable windows: which points in time a tenant can be restored to.
//!
//! A restore needs a successful data backup at or before the target time and archived logs from
//! that backup's consistent point up to the target time. Each log archive round `[start,
//! checkpoint]` therefore yields one `RECOVERABLE` interval, starting at the earliest successful
//! data backup inside the round.

use chrono::{NaiveTime, TimeDelta, TimeZone};
use ocp_api::enums::{
    BackupMode, DataBackupMode, QueryTimeScopeType, RecoverableSectionItemType,
    RestorePreviewBackupType,
};
use ocp_api::types;

use super::views::{TimeStyle, dimension, ts};
use super::{ClusterRec, DataBackupRec, LogBackupRec, ObjectKey, TenantRec, Time, World};
use crate::clock::cst;

pub(crate) struct Point<'a> {
    pub rec: &'a DataBackupRec,
    pub at: Time,
}

pub(crate) struct Recovery<'a> {
    pub points: Vec<Point<'a>>,
    pub logs: Vec<(&'a LogBackupRec, Time, Time)>,
    pub windows: Vec<(Time, Time)>,
}

const LOG_PIECE: TimeDelta = TimeDelta::days(1);

fn merge(mut intervals: Vec<(Time, Time)>) -> Vec<(Time, Time)> {
    intervals.sort();
    let mut out: Vec<(Time, Time)> = Vec::with_capacity(intervals.len());
    for (a, b) in intervals {
        match out.last_mut() {
            Some((_, end)) if a <= *end => *end = (*end).max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

fn clip((a, b): (Time, Time), (lo, hi): (Time, Time)) -> Option<(Time, Time)> {
    let (a, b) = (a.max(lo), b.min(hi));
    (a <= b).then_some((a, b))
}

impl World {
    pub(crate) fn recovery(&self, cluster: &ClusterRec, tenant_id: i64, now: Time) -> Recovery<'_> {
        let objects = [
            ObjectKey::Tenant(cluster.id, tenant_id),
            ObjectKey::Cluster(cluster.id),
        ];
        let major = cluster.major();
        let mut points: Vec<Point<'_>> = objects
            .iter()
            .flat_map(|o| self.backups_of(*o))
            .filter(|b| b.succeeded_by(now))
            .map(|rec| Point {
                rec,
                at: rec.snapshot(major),
            })
            .collect();
        points.sort_by_key(|p| (p.at, p.rec.task_id));
        let logs: Vec<_> = self
            .logs
            .iter()
            .filter(|l| objects.contains(&l.object))
            .filter_map(|l| Some((l, l.started, l.checkpoint(now)?)))
            .filter(|(_, a, b)| a < b)
            .collect();
        let windows = merge(
            logs.iter()
                .filter_map(|(_, a, b)| {
                    let first = points.iter().find(|p| *a <= p.at && p.at <= *b)?;
                    Some((first.at, *b))
                })
                .collect(),
        );
        Recovery {
            points,
            logs,
            windows,
        }
    }

    /// Whether backup files of `tenant_id` (its own or its cluster's) lie under `root`, a storage
    /// directory with protocol. An offline restore names only a storage location, so this is how
    /// the simulator tells the backup files it holds from a path where there are none.
    pub(crate) fn has_backups_under(
        &self,
        cluster: &ClusterRec,
        tenant_id: i64,
        root: &str,
    ) -> bool {
        let root = root.trim_end_matches('/');
        let objects = [
            ObjectKey::Tenant(cluster.id, tenant_id),
            ObjectKey::Cluster(cluster.id),
        ];
        let under = |dir: String| dir == root || dir.starts_with(&format!("{root}/"));
        objects.iter().any(|o| {
            self.backups_of(*o)
                .any(|b| under(self.object_dir(&b.root, *o)))
                || self
                    .logs
                    .iter()
                    .filter(|l| l.object == *o)
                    .any(|l| under(self.object_dir(&l.root, *o)))
        })
    }

    fn point_item(&self, p: &Point<'_>, major: u32) -> types::ObRecoverableSectionItem {
        let freeze = if major >= 4 {
            cst()
                .timestamp_opt(0, 0)
                .single()
                .expect("the epoch exists")
        } else {
            let local = p.rec.start.with_timezone(&cst());
            let freeze_of_day =
                NaiveTime::from_hms_micro_opt(2, 0, 10, 986_847).expect("valid time");
            let day = if local.time() >= freeze_of_day {
                local.date_naive()
            } else {
                local.date_naive().pred_opt().unwrap_or(local.date_naive())
            };
            cst()
                .from_local_datetime(&day.and_time(freeze_of_day))
                .single()
                .unwrap_or(local)
        };
        types::ObRecoverableSectionItem {
            backup_dimension: Some(dimension(p.rec.object)),
            backup_mode: Some(p.rec.mode.clone()),
            data_backup_recoverable_info: Some(types::DataBackupRecoverableInfo {
                data_version: Some(p.rec.data_version.unwrap_or(-1)),
                freeze_time: Some(ts(freeze, TimeStyle::Local)),
                full_backup_set_id: Some(p.rec.full_set_id),
                recoverable_time: Some(ts(p.at, TimeStyle::Local)),
            }),
            log_recoverable_time_interval: None,
            ob_recoverable_section_item_type: if p.rec.kind == DataBackupMode::FullBackup {
                RecoverableSectionItemType::FullDataBackup
            } else {
                RecoverableSectionItemType::IncrementalDataBackup
            },
            real_recoverable_time_interval: None,
        }
    }

    fn interval_item(
        kind: RecoverableSectionItemType,
        (a, b): (Time, Time),
    ) -> types::ObRecoverableSectionItem {
        let interval = types::RecoverableTimeInterval {
            start_time: ts(a, TimeStyle::Local),
            end_time: ts(b, TimeStyle::Local),
        };
        let is_log = kind == RecoverableSectionItemType::LogBackup;
        types::ObRecoverableSectionItem {
            backup_dimension: None,
            backup_mode: Some(BackupMode::PhysicalBackup),
            data_backup_recoverable_info: None,
            log_recoverable_time_interval: is_log.then(|| interval.clone()),
            ob_recoverable_section_item_type: kind,
            real_recoverable_time_interval: (!is_log).then_some(interval),
        }
    }

    fn aggregation(
        items: Vec<types::ObRecoverableSectionItem>,
    ) -> types::ObRecoverableInfoAggregation {
        types::ObRecoverableInfoAggregation {
            latest_seven_days_aggregation: Some(types::LatestSevenDaysAggregation {
                ob_recoverable_section_items: items,
            }),
            ob_query_time_scope_type: Some(QueryTimeScopeType::LatestSevenDays),
        }
    }

    /// Items of one tenant within `scope`: data points, log intervals, recoverable intervals.
    fn recovery_items(
        &self,
        rec: &Recovery<'_>,
        major: u32,
        scope: (Time, Time),
    ) -> Vec<types::ObRecoverableSectionItem> {
        let mut items: Vec<_> = rec
            .points
            .iter()
            .filter(|p| scope.0 <= p.at && p.at <= scope.1)
            .map(|p| self.point_item(p, major))
            .collect();
        let logs = merge(rec.logs.iter().map(|(_, a, b)| (*a, *b)).collect());
        items.extend(
            logs.into_iter()
                .filter_map(|i| clip(i, scope))
                .map(|i| Self::interval_item(RecoverableSectionItemType::LogBackup, i)),
        );
        items.extend(
            rec.windows
                .iter()
                .filter_map(|i| clip(*i, scope))
                .map(|i| Self::interval_item(RecoverableSectionItemType::Recoverable, i)),
        );
        items
    }

    pub(crate) fn tenant_backup_info(
        &self,
        c: &ClusterRec,
        t: &TenantRec,
        now: Time,
        scope: (Time, Time),
    ) -> types::ObTenantBackupInfo {
        let rec = self.recovery(c, t.id, now);
        types::ObTenantBackupInfo {
            cluster_id: c.id,
            cluster_name: Some(c.name.clone()),
            ob_cluster_id: Some(c.ob_cluster_id),
            ob_recoverable_info_aggregation: Some(Self::aggregation(self.recovery_items(
                &rec,
                c.major(),
                scope,
            ))),
            ob_tenant_id: Some(t.ob_tenant_id),
            online: Some(true),
            tenant_id: Some(t.id),
            tenant_name: Some(t.name.clone()),
        }
    }

    pub(crate) fn cluster_backup_info(
        &self,
        c: &ClusterRec,
        now: Time,
        scope: (Time, Time),
    ) -> types::ObClusterBackupInfo {
        let tenants: Vec<&TenantRec> = self
            .tenants
            .iter()
            .filter(|t| {
                t.cluster_id == c.id
                    && t.ob_tenant_id != 1
                    && self.tenant_visible_status(t, now).is_some()
            })
            .collect();
        let mut points: Vec<(i64, types::ObRecoverableSectionItem)> = Vec::new();
        let mut logs = Vec::new();
        let mut windows = Vec::new();
        let mut infos = Vec::new();
        for t in tenants {
            let rec = self.recovery(c, t.id, now);
            for p in rec
                .points
                .iter()
                .filter(|p| scope.0 <= p.at && p.at <= scope.1)
            {
                if !points.iter().any(|(id, _)| *id == p.rec.task_id) {
                    points.push((p.rec.task_id, self.point_item(p, c.major())));
                }
            }
            logs.extend(rec.logs.iter().map(|(_, a, b)| (*a, *b)));
            windows.extend(rec.windows.iter().copied());
            infos.push(types::ObTenantBackupInfo {
                cluster_id: c.id,
                cluster_name: Some(c.name.clone()),
                ob_cluster_id: Some(c.ob_cluster_id),
                ob_recoverable_info_aggregation: Some(Self::aggregation(self.recovery_items(
                    &rec,
                    c.major(),
                    scope,
                ))),
                ob_tenant_id: Some(t.ob_tenant_id),
                online: Some(true),
                tenant_id: Some(t.id),
                tenant_name: Some(t.name.clone()),
            });
        }
        let mut items: Vec<_> = points.into_iter().map(|(_, i)| i).collect();
        items.extend(
            merge(logs)
                .into_iter()
                .filter_map(|i| clip(i, scope))
                .map(|i| Self::interval_item(RecoverableSectionItemType::LogBackup, i)),
        );
        items.extend(
            merge(windows)
                .into_iter()
                .filter_map(|i| clip(i, scope))
                .map(|i| Self::interval_item(RecoverableSectionItemType::Recoverable, i)),
        );
        types::ObClusterBackupInfo {
            cluster_id: c.id,
            cluster_name: Some(c.name.clone()),
            ob_cluster_id: Some(c.ob_cluster_id),
            ob_recoverable_info_aggregation: Some(Self::aggregation(items)),
            online: Some(true),
            tenant_backup_infos: infos,
        }
    }

    /// The backup sets and log pieces a restore of `tenant` to `target` reads, or `None` when
    /// `target` is not recoverable.
    pub(crate) fn restore_plan(
        &self,
        c: &ClusterRec,
        tenant_id: i64,
        target: Time,
        now: Time,
    ) -> Option<Vec<types::RestorePreviewItem>> {
        let rec = self.recovery(c, tenant_id, now);
        let (log, start, _) = rec.logs.iter().find(|(_, a, b)| {
            *a <= target && target <= *b && rec.points.iter().any(|p| *a <= p.at && p.at <= target)
        })?;
        let base = rec
            .points
            .iter()
            .rev()
            .find(|p| *start <= p.at && p.at <= target)?;
        let set_item = |b: &DataBackupRec| types::RestorePreviewItem {
            backup_dest: self.backup_set_dest(b),
            backup_id: Some(types::LongOrString::String(b.backup_set_id.to_string())),
            backup_type: RestorePreviewBackupType::BackupSet,
            copy_id: Some(types::LongOrString::String("0".into())),
        };
        let mut items = Vec::new();
        let chain: Vec<&Point<'_>> = rec
            .points
            .iter()
            .filter(|p| {
                p.rec.object == base.rec.object
                    && p.rec.full_set_id == base.rec.full_set_id
                    && p.at <= base.at
            })
            .collect();
        if base.rec.kind != DataBackupMode::FullBackup
            && !chain
                .iter()
                .any(|p| p.rec.kind == DataBackupMode::FullBackup)
        {
            // The incremental's full set lives at the other level (cluster backup under a tenant one).
            if let Some(full) = rec
                .points
                .iter()
                .rev()
                .find(|p| p.rec.kind == DataBackupMode::FullBackup && p.at <= base.at)
            {
                items.push(set_item(full.rec));
            }
        }
        items.extend(chain.iter().map(|p| set_item(p.rec)));
        let first_piece = (base.at - log.started).num_seconds() / LOG_PIECE.num_seconds();
        let last_piece = (target - log.started).num_seconds() / LOG_PIECE.num_seconds();
        for k in first_piece..=last_piece {
            let piece_start = log.started + LOG_PIECE * k as i32;
            items.push(types::RestorePreviewItem {
                backup_dest: self.log_piece_dest(log, k + 1, piece_start),
                backup_id: Some(types::LongOrString::String((k + 1).to_string())),
                backup_type: RestorePreviewBackupType::BackupPiece,
                copy_id: Some(types::LongOrString::String("0".into())),
            });
        }
        Some(items)
    }
}
