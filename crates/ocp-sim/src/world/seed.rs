//! The initial world: fixed clusters and tenants, and a history generated from the seed by
//! replaying strategy creations, schedules, pauses, manual backups and restores through the same
//! code paths the API uses.

use chrono::TimeDelta;
use ocp_api::enums::{
    BackupMode, BackupScheduleMode, BackupStorageType, DataBackupMode, LogSecondaryBackupPeriod,
    ReplicaType, TaskType,
};
use ocp_api::types;

use super::backup::Trigger;
use super::build::{ClusterSpec, TenantSpec};
use super::{ObjectKey, TASK_ID_BASE, Time, World};
use crate::rng::{self, Rng};
use crate::seeded;

/// What the world adds to a seeded tenant's IDs.
struct SeededTenant {
    tenant: seeded::Tenant,
    size_gb: f64,
    description: &'static str,
}

/// What the world adds to a seeded cluster's IDs.
struct SeededCluster {
    cluster: seeded::Cluster,
    region: &'static str,
    idc: &'static str,
    servers_per_zone: usize,
    subnet: u8,
    tenants: Vec<SeededTenant>,
}

fn t(tenant: seeded::Tenant, size_gb: f64, description: &'static str) -> SeededTenant {
    SeededTenant {
        tenant,
        size_gb,
        description,
    }
}

fn specs() -> Vec<SeededCluster> {
    use seeded::*;
    vec![
        SeededCluster {
            cluster: PROD_HZ,
            region: "hangzhou",
            idc: "hz",
            servers_per_zone: 2,
            subnet: 1,
            tenants: vec![
                t(PROD_HZ_SYS, 5.0, "system tenant"),
                t(TRADE, 120.0, "order and payment service"),
                t(BILLING, 80.0, "billing (Oracle mode)"),
                t(
                    IOT_METRICS,
                    40.0,
                    "device metrics, hourly incremental backups",
                ),
                t(CRM, 25.0, "customer relations, no backup strategy yet"),
            ],
        },
        SeededCluster {
            cluster: CORE_BJ,
            region: "beijing",
            idc: "bj",
            servers_per_zone: 1,
            subnet: 2,
            tenants: vec![
                t(CORE_BJ_SYS, 4.0, "system tenant"),
                t(ERP, 60.0, "ERP"),
                t(HR, 15.0, "human resources (Oracle mode)"),
            ],
        },
        SeededCluster {
            cluster: CORE_BJ_DR,
            region: "beijing",
            idc: "bjdr",
            servers_per_zone: 1,
            subnet: 3,
            tenants: vec![
                t(CORE_BJ_DR_SYS, 4.0, "system tenant"),
                t(ERP_DR, 60.0, "standby of ob_core_bj:erp"),
                t(HR_DR, 15.0, "standby of ob_core_bj:hr"),
            ],
        },
        SeededCluster {
            cluster: ARCH_SZ,
            region: "shenzhen",
            idc: "sz",
            servers_per_zone: 2,
            subnet: 4,
            tenants: vec![
                t(ARCH_SZ_SYS, 4.0, "system tenant"),
                t(ARCHIVE, 200.0, "cold data archive"),
                t(AUDIT_LOG, 30.0, "audit logs"),
            ],
        },
        SeededCluster {
            cluster: TEST_431,
            region: "hangzhou",
            idc: "hzt",
            servers_per_zone: 1,
            subnet: 5,
            tenants: vec![
                t(TEST_431_SYS, 3.0, "system tenant"),
                t(DEV_APP, 8.0, "development"),
                t(QA_ORACLE, 6.0, "QA (Oracle mode)"),
            ],
        },
    ]
}

fn storage(store: seeded::Storage) -> types::ObBackupServiceStorageConfig {
    types::ObBackupServiceStorageConfig {
        alarm_storage_percentage_threshold: 80,
        config_name: store.name.into(),
        host_id_list: vec![],
        ob_backup_storage_base_info: types::ObBackupStorageBaseInfo {
            backup_storage_type: BackupStorageType::BackupStorageFile,
            cos_access_key: None,
            custom_backup_range_list: vec![],
            oss_access_key: None,
            s3_access_key: None,
            storage_url: store.url.into(),
        },
        service_id: None,
        service_name: None,
        service_type: None,
        storage_id: None,
    }
}

fn strategy(
    days: &[(&str, DataBackupMode)],
    time: &str,
    store: types::ObBackupServiceStorageConfig,
) -> types::BackupStrategyParam {
    types::BackupStrategyParam {
        backup_mode: BackupMode::PhysicalBackup,
        ob_backup_object_list: vec![],
        ob_backup_schedule_config: types::ObBackupScheduleConfig {
            backup_data_retention_days: Some(30),
            backup_schedule_enabled: Some(true),
            backup_schedule_mode: BackupScheduleMode::Week,
            backup_schedule_time: time.parse().expect("valid schedule time"),
            clean_enabled: Some(true),
            clean_schedule_time: None,
            day_and_data_backup_model_map: days
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
            start_log_backup: true,
        },
        ob_backup_service_storage_config: store,
        ob_backup_threshold_config: types::ObBackupThresholdConfig {
            data_backup_timeout_minutes: 240,
            lib_ob_log_expire_days: None,
            log_backup_delay_seconds: 300,
            no_successful_data_backup_alarm_days: 2,
        },
        ob_secondary_backup_config: None,
        secondary_backup_enabled: false,
    }
}

enum Event {
    CreateStrategy(ObjectKey, Box<types::BackupStrategyParam>),
    Pause(ObjectKey),
    Resume(ObjectKey),
    ManualBackup(ObjectKey, DataBackupMode),
    Restore {
        source: ObjectKey,
        target: i64,
        name: &'static str,
        zone: &'static str,
        failure: Option<&'static str>,
    },
}

pub(super) fn populate(world: &mut World, now: Time) {
    let mut rng = Rng::new(rng::hash(&[world.seed, 0x5eed]));
    build_clusters(world, now, &mut rng);

    use DataBackupMode::{FullBackup as F, IncrementalBackup as I};
    let tenant = |t: seeded::Tenant| ObjectKey::Tenant(t.cluster_id, t.id);
    let cluster = |c: seeded::Cluster| ObjectKey::Cluster(c.id);
    let day = TimeDelta::days(1);
    let hour = TimeDelta::hours(1);
    let jitter = |rng: &mut Rng| {
        TimeDelta::seconds(rng.range(0, 3_000)) + TimeDelta::microseconds(rng.range(0, 999_999))
    };
    let mut bj = strategy(
        &[
            ("1", F),
            ("2", I),
            ("3", I),
            ("4", F),
            ("5", I),
            ("6", I),
            ("7", I),
        ],
        "02:00:00.000+08:00",
        storage(seeded::NFS_CORE_BJ),
    );
    bj.secondary_backup_enabled = true;
    bj.ob_secondary_backup_config = Some(types::ObSecondaryBackupConfig {
        schedule_config: types::SecondaryBackupScheduleConfig {
            backup_data_retention_days: Some(14),
            data_backup_schedule_enabled: true,
            log_backup_schedule_enabled: true,
            log_secondary_backup_period: LogSecondaryBackupPeriod::OnceADay,
        },
        storage_config: storage(seeded::NFS_CORE_BJ_COPY),
    });
    let mut events: Vec<(Time, Event)> = vec![
        (
            now - day * 111 - hour * 3 + jitter(&mut rng),
            Event::CreateStrategy(
                tenant(seeded::IOT_METRICS),
                Box::new(strategy(
                    &[
                        ("1", F),
                        ("2", F),
                        ("3", F),
                        ("4", F),
                        ("5", F),
                        ("6", F),
                        ("7", F),
                    ],
                    "01:00:00.000+08:00",
                    storage(seeded::NFS_IOT),
                )),
            ),
        ),
        (
            now - day * 40 + jitter(&mut rng),
            Event::CreateStrategy(
                tenant(seeded::TRADE),
                Box::new(strategy(
                    &[
                        ("1", F),
                        ("2", I),
                        ("3", I),
                        ("4", I),
                        ("5", F),
                        ("6", I),
                        ("7", I),
                    ],
                    "02:00:00.000+08:00",
                    storage(seeded::NFS_PROD_HZ),
                )),
            ),
        ),
        (
            now - day * 10 - hour * 5 + jitter(&mut rng),
            Event::CreateStrategy(
                tenant(seeded::BILLING),
                Box::new(strategy(
                    &[
                        ("1", F),
                        ("2", I),
                        ("3", F),
                        ("4", I),
                        ("5", F),
                        ("6", I),
                        ("7", I),
                    ],
                    "03:00:00.000+08:00",
                    storage(seeded::NFS_PROD_HZ),
                )),
            ),
        ),
        (
            now - day * 10 - hour * 4 + jitter(&mut rng),
            Event::CreateStrategy(cluster(seeded::CORE_BJ), Box::new(bj)),
        ),
        (
            now - day * 10 - hour * 3 + jitter(&mut rng),
            Event::CreateStrategy(
                cluster(seeded::ARCH_SZ),
                Box::new(strategy(
                    &[
                        ("1", F),
                        ("2", F),
                        ("3", F),
                        ("4", F),
                        ("5", F),
                        ("6", F),
                        ("7", F),
                    ],
                    "04:00:00.000+08:00",
                    storage(seeded::OSS_LIKE_NFS_SZ),
                )),
            ),
        ),
        (
            now - day * 5 - hour * 2 + jitter(&mut rng),
            Event::Restore {
                source: tenant(seeded::ERP),
                target: seeded::CORE_BJ.id,
                name: seeded::ERP_AUDIT_NAME,
                zone: seeded::CORE_BJ.zones[0],
                failure: Some(
                    "CLOG : OB_ENTRY_NOT_EXIST(-4018) on \"192.168.2.11:2882\" with traceid YB42AC1E55AC-0005CB53B2946DFF",
                ),
            },
        ),
        // A maintenance week-end for trade: logs stop, so its history has two recoverable
        // windows with a gap between them.
        (
            now - day * 6 - hour * 4 + jitter(&mut rng),
            Event::Pause(tenant(seeded::TRADE)),
        ),
        (
            now - day * 5 - hour * 9 + jitter(&mut rng),
            Event::Resume(tenant(seeded::TRADE)),
        ),
        (
            now - day * 3 - hour * 6 + jitter(&mut rng),
            Event::Pause(tenant(seeded::BILLING)),
        ),
        (
            now - day * 3 - hour * 2 + jitter(&mut rng),
            Event::Restore {
                source: tenant(seeded::TRADE),
                target: seeded::TEST_431.id,
                name: seeded::TRADE_VERIFY.name,
                zone: seeded::TEST_431.zones[0],
                failure: None,
            },
        ),
        (
            now - day * 2 - hour * 7 + jitter(&mut rng),
            Event::Pause(cluster(seeded::ARCH_SZ)),
        ),
        (
            now - day * 2 - hour * 3 + jitter(&mut rng),
            Event::ManualBackup(tenant(seeded::TRADE), F),
        ),
        (
            now - day - hour * 5 + jitter(&mut rng),
            Event::Restore {
                source: tenant(seeded::HR),
                target: seeded::CORE_BJ.id,
                name: seeded::HR_SNAPSHOT.name,
                zone: seeded::CORE_BJ.zones[1],
                failure: None,
            },
        ),
        (
            now - hour * 20 + jitter(&mut rng),
            Event::ManualBackup(tenant(seeded::IOT_METRICS), I),
        ),
    ];
    events.sort_by_key(|(at, _)| *at);

    let busy = tenant(seeded::IOT_METRICS);
    let busy_root = format!("{}/iot", seeded::BACKUP_ROOT);
    let start = events[0].0;
    let mut pending = events.into_iter().peekable();
    let mut hour_mark = start;
    while hour_mark <= now {
        while let Some((at, _)) = pending.peek() {
            if *at > hour_mark {
                break;
            }
            let (at, event) = pending.next().expect("peeked");
            apply(world, at, event, now);
        }
        world.tick(hour_mark);
        let hourly = hour_mark + TimeDelta::minutes(30);
        if hourly <= now
            && hour_mark > start
            && world.strategy_index(busy).is_some()
            && !world.running_busy(busy, hourly)
        {
            let trigger = Trigger {
                creator: (seeded::SYSTEM_USER.0, seeded::SYSTEM_USER.1.into()),
                task_type: TaskType::Scheduled,
                failure_rate: 0.03,
            };
            let kind = if world.has_full_backup(busy, hourly) {
                I
            } else {
                F
            };
            world.spawn_data_backup(busy, kind, busy_root.clone(), hourly, &trigger);
        }
        hour_mark += hour;
    }
    for (at, event) in pending {
        apply(world, at.min(now), event, now);
    }
    world.tick(now);
    renumber_chronologically(world);
}

impl World {
    fn running_busy(&self, object: ObjectKey, at: Time) -> bool {
        self.backups_of(object).rev().take(3).any(|b| b.running(at))
    }
}

fn apply(world: &mut World, at: Time, event: Event, now: Time) {
    match event {
        Event::CreateStrategy(object, param) => {
            let _ = world.create_strategy(object, *param, "admin", at);
        }
        Event::Pause(object) => {
            let _ = world.set_schedule(object, false, at);
        }
        Event::Resume(object) => {
            let _ = world.set_schedule(object, true, at);
        }
        Event::ManualBackup(object, kind) => {
            let root = seeded::BACKUP_ROOT.to_owned();
            let creator = world.creator_for("admin");
            let trigger = Trigger {
                creator,
                task_type: TaskType::Manual,
                failure_rate: 0.0,
            };
            if !world.backups_of(object).any(|b| b.running(at)) {
                world.spawn_data_backup(object, kind, root, at, &trigger);
            }
        }
        Event::Restore {
            source,
            target,
            name,
            zone,
            failure,
        } => {
            let Some(cluster) = world.cluster_rec(source.cluster_id()).cloned() else {
                return;
            };
            let windows = world
                .recovery(&cluster, source.tenant_id().unwrap_or(0), at)
                .windows;
            let Some((a, b)) = windows.last().copied() else {
                return;
            };
            let end = (b - TimeDelta::minutes(20)).max(a);
            let info = types::RestoreTenantInfoParam {
                name: name.into(),
                primary_zone: Some(zone.into()),
                restore_method: None,
                restore_obj: None,
                table_restore_objects: vec![],
                zones: vec![types::RestoreZoneParam {
                    checked: None,
                    key: None,
                    name: zone.into(),
                    replica_type: ReplicaType::Full,
                    resource_pool: types::RestoreResourcePoolParam {
                        unit_count: 1,
                        unit_spec_name: "S2".into(),
                    },
                }],
            };
            let dir = world.object_dir(seeded::BACKUP_ROOT, source);
            let uri = format!("{dir}/clog,{dir}/data");
            let creator = world.creator_for("admin");
            world.spawn_restore(
                source,
                target,
                &info,
                end,
                at,
                creator,
                uri,
                failure.map(str::to_owned),
            );
        }
    }
    let _ = now;
}

fn build_clusters(world: &mut World, now: Time, rng: &mut Rng) {
    for spec in specs() {
        let c = spec.cluster;
        world.add_cluster(
            ClusterSpec {
                id: c.id,
                name: c.name.into(),
                ob_cluster_id: c.ob_cluster_id,
                ob_version: c.ob_version.into(),
                standby_of: c.standby_of,
                zones: c.zones.iter().map(|z| (*z).to_owned()).collect(),
                region: spec.region.into(),
                idc: spec.idc.into(),
                servers_per_zone: spec.servers_per_zone,
                subnet: spec.subnet,
                tenants: spec
                    .tenants
                    .into_iter()
                    .map(|ts| TenantSpec {
                        id: ts.tenant.id,
                        name: ts.tenant.name.into(),
                        ob_tenant_id: ts.tenant.ob_tenant_id,
                        mode: ts.tenant.mode(),
                        size_gb: ts.size_gb,
                        description: ts.description.into(),
                    })
                    .collect(),
            },
            now,
            rng,
        );
    }
    world.ids.tenant = seeded::LAST_TENANT_ID_BEFORE_RESTORES;
    world.ids.storage = 2_000_033;
}

/// History was generated hour by hour, so IDs drift slightly from creation order; OCP's IDs
/// grow with time, so renumber tasks and data backup rows chronologically.
fn renumber_chronologically(world: &mut World) {
    let mut order: Vec<usize> = (0..world.tasks.len()).collect();
    order.sort_by_key(|&i| (world.tasks[i].created, i));
    let mut new_id = vec![0i64; world.tasks.len()];
    let mut tasks = Vec::with_capacity(world.tasks.len());
    for (pos, &old) in order.iter().enumerate() {
        new_id[old] = TASK_ID_BASE + pos as i64;
        let mut task = world.tasks[old].clone();
        task.id = TASK_ID_BASE + pos as i64;
        tasks.push(task);
    }
    world.tasks = tasks;
    let remap = |id: i64| new_id[(id - TASK_ID_BASE) as usize];
    for b in &mut world.data_backups {
        b.task_instance_id = remap(b.task_instance_id);
    }
    for r in &mut world.restores {
        r.task_instance_id = remap(r.task_instance_id);
    }
    world.data_backups.sort_by_key(|b| b.start);
    for (i, b) in world.data_backups.iter_mut().enumerate() {
        b.task_id = i as i64 + 1;
    }
    world.ids.data_task = world.data_backups.len() as i64;
    world.rebuild_indexes();
}
