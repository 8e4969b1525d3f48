//! Request bodies the tests send: one storage, one weekly strategy, backup now and an online
//! restore, as JSON (to send raw or to break on purpose) and typed (for the client).

use ocp_api::types;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::world::HZ;

/// A JSON body as the client's type.
pub fn typed<T: DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("a body of the client's type")
}

/// A storage configuration named `name` over `base_info` (type, URL, keys).
pub fn storage_config(name: &str, base_info: Value) -> Value {
    json!({"configName": name, "alarmStoragePercentageThreshold": 80,
           "obBackupStorageBaseInfo": base_info})
}

/// The seeded world's NFS backup location.
pub fn nfs() -> Value {
    json!({"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"})
}

/// The DBA's storage: `nfs_dba` on [`nfs`].
pub fn storage_json() -> Value {
    storage_config("nfs_dba", nfs())
}

/// A physical backup strategy onto `storage`: full on Mondays, incremental on Thursdays at
/// 02:00 (+08:00), log backup on.
pub fn strategy_json_with(storage: Value) -> Value {
    json!({
        "backupMode": "PHYSICAL_BACKUP",
        "obBackupScheduleConfig": {"backupScheduleMode": "WEEK", "backupScheduleTime": "02:00:00.000+08:00",
            "dayAndDataBackupModelMap": {"1": "FULL_BACKUP", "4": "INCREMENTAL_BACKUP"}, "startLogBackup": true},
        "obBackupThresholdConfig": {"dataBackupTimeoutMinutes": 60, "logBackupDelaySeconds": 300,
            "noSuccessfulDataBackupAlarmDays": 2},
        "obBackupServiceStorageConfig": storage
    })
}

pub fn strategy_json() -> Value {
    strategy_json_with(storage_json())
}

pub fn strategy() -> types::BackupStrategyParam {
    typed(strategy_json())
}

/// Backup now, `mode` `FULL_BACKUP` or `INCREMENTAL_BACKUP`, onto the DBA's storage.
pub fn backup_now_json(mode: &str) -> Value {
    json!({"backupMode": "PHYSICAL_BACKUP", "dataBackupMode": mode,
           "obBackupServiceStorageConfig": storage_json()})
}

pub fn backup_now(mode: &str) -> types::BackupNowParam {
    typed(backup_now_json(mode))
}

/// Restores tenant `tenant` of cluster HZ at `at` into a new tenant `name` of cluster `target`:
/// one full replica in zone1 with one S2 unit.
pub fn restore_json(tenant: i64, target: i64, name: &str, at: &str) -> Value {
    json!({
        "backupTenantStatus": "ONLINE",
        "restoreOnlineTenantRequiredParam": {
            "backupClusterId": HZ, "backupTenantId": tenant, "restoreClusterId": target, "restoreEndTime": at,
            "restoreTenantInfoParam": {"name": name, "primaryZone": "zone1",
                "zones": [{"name": "zone1", "replicaType": "FULL", "resourcePool": {"unitSpecName": "S2", "unitCount": 1}}]}
        }
    })
}

pub fn restore(tenant: i64, target: i64, name: &str, at: &str) -> types::RestoreTenantParam {
    typed(restore_json(tenant, target, name, at))
}
