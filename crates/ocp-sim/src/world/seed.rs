//! The initial world: fixed clusters and tenants, and a history generated from the seed by
//! replaying strategy creations, schedules, pauses, manual backups and restores through the same
//! code paths the API uses.

use chrono::TimeDelta;
use ocp_api::enums::{
    BackupMode, BackupScheduleMode, BackupStorageType, ClusterType, DataBackupMode,
    LogSecondaryBackupPeriod, ReplicaType, TaskType, TenantMode,
};
use ocp_api::types;

use super::ops::Trigger;
use super::{
    ClusterRec, ObjectKey, ServerRec, TASK_ID_BASE, TenantRec, TenantZoneRec, Time, World, ZoneRec,
};
use crate::rng::{self, Rng};

struct TenantSpec {
    id: i64,
    name: &'static str,
    ob_id: i64,
    mode: TenantMode,
    size_gb: f64,
    description: &'static str,
}

struct ClusterSpec {
    id: i64,
    name: &'static str,
    ob_cluster_id: i64,
    version: &'static str,
    standby_of: Option<i64>,
    region: &'static str,
    idc: &'static str,
    zones: usize,
    servers_per_zone: usize,
    subnet: u8,
    tenants: Vec<TenantSpec>,
}

fn t(
    id: i64,
    name: &'static str,
    ob_id: i64,
    mode: TenantMode,
    size_gb: f64,
    description: &'static str,
) -> TenantSpec {
    TenantSpec {
        id,
        name,
        ob_id,
        mode,
        size_gb,
        description,
    }
}

fn specs() -> Vec<ClusterSpec> {
    use TenantMode::{Mysql, Oracle};
    vec![
        ClusterSpec {
            id: 1_000_001,
            name: "ob_prod_hz",
            ob_cluster_id: 1_718_190_201,
            version: "4.2.1.8",
            standby_of: None,
            region: "hangzhou",
            idc: "hz",
            zones: 3,
            servers_per_zone: 2,
            subnet: 1,
            tenants: vec![
                t(1_000_011, "sys", 1, Mysql, 5.0, "system tenant"),
                t(
                    1_000_012,
                    "trade",
                    1002,
                    Mysql,
                    120.0,
                    "order and payment service",
                ),
                t(
                    1_000_013,
                    "billing",
                    1004,
                    Oracle,
                    80.0,
                    "billing (Oracle mode)",
                ),
                t(
                    1_000_014,
                    "iot_metrics",
                    1006,
                    Mysql,
                    40.0,
                    "device metrics, hourly incremental backups",
                ),
                t(
                    1_000_015,
                    "crm",
                    1008,
                    Mysql,
                    25.0,
                    "customer relations, no backup strategy yet",
                ),
            ],
        },
        ClusterSpec {
            id: 1_000_002,
            name: "ob_core_bj",
            ob_cluster_id: 5,
            version: "3.2.4.5",
            standby_of: None,
            region: "beijing",
            idc: "bj",
            zones: 3,
            servers_per_zone: 1,
            subnet: 2,
            tenants: vec![
                t(1_000_021, "sys", 1, Mysql, 4.0, "system tenant"),
                t(1_000_022, "erp", 1001, Mysql, 60.0, "ERP"),
                t(
                    1_000_023,
                    "hr",
                    1002,
                    Oracle,
                    15.0,
                    "human resources (Oracle mode)",
                ),
            ],
        },
        ClusterSpec {
            id: 1_000_003,
            name: "ob_core_bj_dr",
            ob_cluster_id: 6,
            version: "3.2.4.5",
            standby_of: Some(1_000_002),
            region: "beijing",
            idc: "bjdr",
            zones: 3,
            servers_per_zone: 1,
            subnet: 3,
            tenants: vec![
                t(1_000_031, "sys", 1, Mysql, 4.0, "system tenant"),
                t(
                    1_000_032,
                    "erp",
                    1001,
                    Mysql,
                    60.0,
                    "standby of ob_core_bj:erp",
                ),
                t(
                    1_000_033,
                    "hr",
                    1002,
                    Oracle,
                    15.0,
                    "standby of ob_core_bj:hr",
                ),
            ],
        },
        ClusterSpec {
            id: 1_000_004,
            name: "ob_arch_sz",
            ob_cluster_id: 1_718_190_204,
            version: "4.2.1.8",
            standby_of: None,
            region: "shenzhen",
            idc: "sz",
            zones: 1,
            servers_per_zone: 2,
            subnet: 4,
            tenants: vec![
                t(1_000_041, "sys", 1, Mysql, 4.0, "system tenant"),
                t(
                    1_000_042,
                    "archive",
                    1002,
                    Mysql,
                    200.0,
                    "cold data archive",
                ),
                t(1_000_043, "audit_log", 1004, Mysql, 30.0, "audit logs"),
            ],
        },
        ClusterSpec {
            id: 1_000_005,
            name: "ob_test_431",
            ob_cluster_id: 199,
            version: "4.3.1.0",
            standby_of: None,
            region: "hangzhou",
            idc: "hzt",
            zones: 1,
            servers_per_zone: 1,
            subnet: 5,
            tenants: vec![
                t(1_000_051, "sys", 1, Mysql, 3.0, "system tenant"),
                t(1_000_052, "dev_app", 1002, Mysql, 8.0, "development"),
                t(
                    1_000_053,
                    "qa_oracle",
                    1004,
                    Oracle,
                    6.0,
                    "QA (Oracle mode)",
                ),
            ],
        },
    ]
}

fn storage(name: &str, url: &str) -> types::ObBackupServiceStorageConfig {
    types::ObBackupServiceStorageConfig {
        alarm_storage_percentage_threshold: 80,
        config_name: name.into(),
        host_id_list: vec![],
        ob_backup_storage_base_info: types::ObBackupStorageBaseInfo {
            backup_storage_type: BackupStorageType::BackupStorageFile,
            cos_access_key: None,
            custom_backup_range_list: vec![],
            oss_access_key: None,
            s3_access_key: None,
            storage_url: url.into(),
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
    let hz = |t| ObjectKey::Tenant(1_000_001, t);
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
        storage("nfs_core_bj", "/obbackup/"),
    );
    bj.secondary_backup_enabled = true;
    bj.ob_secondary_backup_config = Some(types::ObSecondaryBackupConfig {
        schedule_config: types::SecondaryBackupScheduleConfig {
            backup_data_retention_days: Some(14),
            data_backup_schedule_enabled: true,
            log_backup_schedule_enabled: true,
            log_secondary_backup_period: LogSecondaryBackupPeriod::OnceADay,
        },
        storage_config: storage("nfs_core_bj_copy", "/obbackup/backup_backup"),
    });
    let mut events: Vec<(Time, Event)> = vec![
        (
            now - day * 111 - hour * 3 + jitter(&mut rng),
            Event::CreateStrategy(
                hz(1_000_014),
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
                    storage("nfs_iot", "/obbackup/iot/"),
                )),
            ),
        ),
        (
            now - day * 40 + jitter(&mut rng),
            Event::CreateStrategy(
                hz(1_000_012),
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
                    storage("nfs_prod_hz", "/obbackup/"),
                )),
            ),
        ),
        (
            now - day * 10 - hour * 5 + jitter(&mut rng),
            Event::CreateStrategy(
                hz(1_000_013),
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
                    storage("nfs_prod_hz", "/obbackup/"),
                )),
            ),
        ),
        (
            now - day * 10 - hour * 4 + jitter(&mut rng),
            Event::CreateStrategy(ObjectKey::Cluster(1_000_002), Box::new(bj)),
        ),
        (
            now - day * 10 - hour * 3 + jitter(&mut rng),
            Event::CreateStrategy(
                ObjectKey::Cluster(1_000_004),
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
                    storage("oss_like_nfs_sz", "/obbackup/sz/"),
                )),
            ),
        ),
        (
            now - day * 5 - hour * 2 + jitter(&mut rng),
            Event::Restore {
                source: ObjectKey::Tenant(1_000_002, 1_000_022),
                target: 1_000_002,
                name: "erp_audit",
                zone: "zone1",
                failure: Some(
                    "CLOG : OB_ENTRY_NOT_EXIST(-4018) on \"192.168.2.11:2882\" with traceid YB42AC1E55AC-0005CB53B2946DFF",
                ),
            },
        ),
        // A maintenance week-end for trade: logs stop, so its history has two recoverable
        // windows with a gap between them.
        (
            now - day * 6 - hour * 4 + jitter(&mut rng),
            Event::Pause(hz(1_000_012)),
        ),
        (
            now - day * 5 - hour * 9 + jitter(&mut rng),
            Event::Resume(hz(1_000_012)),
        ),
        (
            now - day * 3 - hour * 6 + jitter(&mut rng),
            Event::Pause(hz(1_000_013)),
        ),
        (
            now - day * 3 - hour * 2 + jitter(&mut rng),
            Event::Restore {
                source: hz(1_000_012),
                target: 1_000_005,
                name: "trade_verify",
                zone: "zone1",
                failure: None,
            },
        ),
        (
            now - day * 2 - hour * 7 + jitter(&mut rng),
            Event::Pause(ObjectKey::Cluster(1_000_004)),
        ),
        (
            now - day * 2 - hour * 3 + jitter(&mut rng),
            Event::ManualBackup(hz(1_000_012), F),
        ),
        (
            now - day - hour * 5 + jitter(&mut rng),
            Event::Restore {
                source: ObjectKey::Tenant(1_000_002, 1_000_023),
                target: 1_000_002,
                name: "hr_snapshot",
                zone: "zone2",
                failure: None,
            },
        ),
        (
            now - hour * 20 + jitter(&mut rng),
            Event::ManualBackup(hz(1_000_014), I),
        ),
    ];
    events.sort_by_key(|(at, _)| *at);

    let busy = hz(1_000_014);
    let busy_root = "file:///obbackup/iot".to_owned();
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
                creator: (200, "system".into()),
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
            let root = "file:///obbackup".to_owned();
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
            let dir = world.object_dir("file:///obbackup", source);
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
    let mut server_id = 1_100_000;
    for spec in specs() {
        let zones: Vec<ZoneRec> = (1..=spec.zones)
            .map(|z| ZoneRec {
                name: format!("zone{z}"),
                idc: format!("{}{z}", spec.idc),
                idc_id: spec.id % 100 * 10 + z as i64,
                servers: (1..=spec.servers_per_zone)
                    .map(|s| {
                        server_id += 1;
                        ServerRec {
                            id: server_id,
                            ip: format!("192.168.{}.{}", spec.subnet, 10 + z * 10 + s),
                        }
                    })
                    .collect(),
            })
            .collect();
        let created = now - TimeDelta::days(300 + rng.range(0, 200))
            + TimeDelta::seconds(rng.range(0, 86_399));
        world.clusters.push(ClusterRec {
            id: spec.id,
            name: spec.name.into(),
            ob_cluster_id: spec.ob_cluster_id,
            ob_version: spec.version.into(),
            cluster_type: if spec.standby_of.is_some() {
                ClusterType::Standby
            } else {
                ClusterType::Primary
            },
            primary_id: spec.standby_of,
            region: spec.region.into(),
            zones: zones.clone(),
            created,
            creator: "admin".into(),
            partition_count: rng.range(800, 12_000) as i32,
        });
        let mut max_ob = 1002;
        for ts in spec.tenants {
            max_ob = max_ob.max(ts.ob_id);
            let sys = ts.ob_id == 1;
            let tenant_zones = zones
                .iter()
                .map(|z| {
                    world.ids.pool += 1;
                    let pool_id = world.ids.pool;
                    let unit_ids = vec![{
                        world.ids.unit += 1;
                        world.ids.unit
                    }];
                    TenantZoneRec {
                        zone: z.name.clone(),
                        replica: ReplicaType::Full,
                        unit_count: 1,
                        cpu: if sys { 2.0 } else { 8.0 },
                        memory_gb: if sys { 4 } else { 32 },
                        pool_id,
                        pool_name: format!("pool_{}_{}", ts.name, z.name),
                        unit_ids,
                    }
                })
                .collect();
            let primary_zone = if zones.len() >= 3 {
                "zone1;zone2,zone3".to_owned()
            } else {
                "zone1".to_owned()
            };
            world.tenants.push(TenantRec {
                id: ts.id,
                cluster_id: spec.id,
                name: ts.name.into(),
                ob_tenant_id: ts.ob_id,
                mode: ts.mode,
                created: created + TimeDelta::days(rng.range(1, 30)),
                primary_zone,
                zones: tenant_zones,
                locked: false,
                readonly: spec.standby_of.is_some(),
                description: ts.description.into(),
                size_gb: ts.size_gb,
                restored_by: None,
            });
        }
        world.ids.ob_tenant.insert(spec.id, max_ob);
    }
    world.ids.tenant = 1_000_100;
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
