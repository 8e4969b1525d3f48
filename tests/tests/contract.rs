//! Every answer of the simulator, success or error, conforms to the response schema the spec
//! declares for its operation and status (formats such as `date-time` included), and every
//! operation of the spec is served.

use std::collections::{BTreeMap, BTreeSet};

use ocp_sim::{
    DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, DEFAULT_VIEWER_PASSWORD, DEFAULT_VIEWER_USER,
    SimConfig,
};
use serde_json::{Value, json};
use xtask::oas_schema;

const SPEC: &str = include_str!("../../spec/ocp-backup.yaml");

struct Spec {
    /// operationId → (method, path template, schema name of the 200 answer)
    operations: BTreeMap<String, (String, String, String)>,
    validators: BTreeMap<String, jsonschema::Validator>,
}

fn load() -> Spec {
    let spec: Value = serde_yaml::from_str(SPEC).expect("spec parses");
    let schemas = spec["components"]["schemas"].as_object().unwrap().clone();
    let mut operations = BTreeMap::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let reference = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .unwrap();
            let name = reference.rsplit('/').next().unwrap().to_owned();
            operations.insert(id.to_owned(), (method.to_uppercase(), path.clone(), name));
        }
    }
    let mut names: BTreeSet<String> = operations.values().map(|(_, _, n)| n.clone()).collect();
    names.insert("ErrorResponse".into());
    let validators = names
        .into_iter()
        .map(|name| {
            let validator = oas_schema::validator(&schemas, &name, oas_schema::Formats::Assert)
                .unwrap_or_else(|e| panic!("schema {name}: {e}"));
            (name, validator)
        })
        .collect();
    Spec {
        operations,
        validators,
    }
}

/// (operationId, method, concrete path with query, body, user)
type Case = (
    &'static str,
    &'static str,
    String,
    Option<Value>,
    (&'static str, &'static str),
);

const ADMIN: (&str, &str) = (DEFAULT_ADMIN_USER, DEFAULT_ADMIN_PASSWORD);
const VIEWER: (&str, &str) = (DEFAULT_VIEWER_USER, DEFAULT_VIEWER_PASSWORD);

fn storage() -> Value {
    json!({"configName": "nfs_contract", "alarmStoragePercentageThreshold": 80,
           "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"}})
}

fn strategy() -> Value {
    json!({"backupMode": "PHYSICAL_BACKUP",
        "obBackupScheduleConfig": {"backupScheduleMode": "MONTH", "backupScheduleTime": "02:00+08:00",
            "dayAndDataBackupModelMap": {"1": "FULL_BACKUP", "15": "INCREMENTAL_BACKUP"}, "startLogBackup": true},
        "obBackupThresholdConfig": {"dataBackupTimeoutMinutes": 60, "logBackupDelaySeconds": 300, "noSuccessfulDataBackupAlarmDays": 2},
        "obBackupServiceStorageConfig": storage()})
}

fn backup_now(mode: &str) -> Value {
    json!({"backupMode": "PHYSICAL_BACKUP", "dataBackupMode": mode, "obBackupServiceStorageConfig": storage()})
}

fn restore(name: &str, at: &str) -> Value {
    json!({"backupTenantStatus": "ONLINE", "restoreOnlineTenantRequiredParam": {
        "backupClusterId": 1000001, "backupTenantId": 1000012, "restoreClusterId": 1000005, "restoreEndTime": at,
        "restoreTenantInfoParam": {"name": name, "zones": [{"name": "zone1", "replicaType": "FULL", "resourcePool": {"unitSpecName": "S1", "unitCount": 1}}]}}})
}

fn cases(restore_at: &str) -> Vec<Case> {
    let c = "/api/v2/ob/clusters";
    let hz_trade = format!("{c}/1000001/tenants/1000012");
    let test_dev = format!("{c}/1000005/tenants/1000052");
    vec![
        ("getClusterBackupAbility", "GET", format!("{c}/1000005/backup/ability"), None, ADMIN),
        ("getClusterBackupAbility", "GET", format!("{c}/1000003/backup/ability"), None, ADMIN),
        ("getClusterBackupStrategy", "GET", format!("{c}/1000002/backup/config/backupStrategy"), None, ADMIN),
        ("getClusterBackupStrategy", "GET", format!("{c}/1000005/backup/config/backupStrategy"), None, ADMIN),
        ("createClusterBackupStrategy", "POST", format!("{c}/1000005/backup/config/backupStrategy"), Some(strategy()), ADMIN),
        ("createClusterBackupStrategy", "POST", format!("{c}/1000005/backup/config/backupStrategy"), Some(strategy()), ADMIN),
        ("updateClusterBackupStrategy", "PATCH", format!("{c}/1000005/backup/config/backupStrategy"), Some({
            let mut s = strategy();
            s["obBackupThresholdConfig"]["dataBackupTimeoutMinutes"] = json!(90);
            s
        }), ADMIN),
        ("updateClusterBackupStrategy", "PATCH", format!("{c}/1000005/backup/config/backupStrategy"), Some(json!({"backupMode": 3})), ADMIN),
        ("stopClusterBackupSchedule", "POST", format!("{c}/1000005/backup/config/backupStrategy/stopSchedule"), None, ADMIN),
        ("startClusterBackupSchedule", "POST", format!("{c}/1000005/backup/config/backupStrategy/startSchedule"), None, ADMIN),
        ("getClusterBackupOverview", "GET", format!("{c}/1000001/backup/overview"), None, ADMIN),
        ("getClusterBackupOverview", "GET", format!("{c}/1000003/backup/overview"), None, ADMIN),
        ("listClusterDataBackupTasks", "GET", format!("{c}/1000002/backup/task/dataBackupTasks?page=1&size=50"), None, ADMIN),
        ("listClusterDataBackupTasks", "GET", format!("{c}/1000001/backup/task/dataBackupTasks?page=1&size=2000"), None, ADMIN),
        ("listClusterDataBackupTasks", "GET", format!("{c}/1000001/backup/task/dataBackupTasks?page=1&size=5000"), None, ADMIN),
        ("listClusterLogBackupTasks", "GET", format!("{c}/1000001/backup/task/logBackupTasks?page=1&size=10"), None, ADMIN),
        ("listClusterRestoreTasks", "GET", format!("{c}/1000002/backup/task/restoreTasks?page=1&size=10"), None, ADMIN),
        ("backupClusterNow", "POST", format!("{c}/1000005/backup/backupNow"), Some(backup_now("FULL_BACKUP")), ADMIN),
        ("backupClusterNow", "POST", format!("{c}/1000005/backup/backupNow"), Some(backup_now("FULL_BACKUP")), ADMIN),
        ("backupClusterNow", "POST", format!("{c}/1000001/backup/backupNow"), Some(backup_now("FULL_BACKUP")), VIEWER),
        ("getClusterBackupInfo", "GET", format!("{c}/1000001/backup/info"), None, ADMIN),
        ("getClusterBackupInfo", "GET", format!("{c}/1000002/backup/info?startTime=2024-08-01T00:00:00%2B08:00"), None, ADMIN),
        ("previewRestore", "POST", format!("{c}/1000001/backup/restore/preview"), Some(restore("contract_copy", restore_at)), ADMIN),
        ("restoreTenant", "POST", format!("{c}/1000001/backup/restore"), Some(restore("contract_copy", restore_at)), ADMIN),
        ("restoreTenant", "POST", format!("{c}/1000001/backup/restore"), Some(restore("contract_copy", restore_at)), ADMIN),
        ("restoreTenant", "POST", format!("{c}/1000001/backup/restore"), Some(restore("late", "2030-01-01T00:00:00Z")), ADMIN),
        ("addRestoreSource", "POST", "/api/v2/ob/backup/restore/addRestoreSource?restoreClusterId=1000005&restoreSources=file%3A%2F%2F%2Fobbackup%2Fx%2Fdata%2Fbackup_set_9_full_20240801".into(), None, ADMIN),
        ("addRestoreSource", "POST", "/api/v2/ob/backup/restore/addRestoreSource?restoreClusterId=1000005&restoreSources=nope".into(), None, ADMIN),
        ("clearRestoreSource", "POST", "/api/v2/ob/backup/restore/clearRestoreSource?restoreClusterId=1000005".into(), None, ADMIN),
        ("clearRestoreSource", "POST", "/api/v2/ob/backup/restore/clearRestoreSource?restoreClusterId=42".into(), None, ADMIN),
        ("createTenantBackupStrategy", "POST", format!("{test_dev}/backup/config/backupStrategy"), Some(strategy()), ADMIN),
        ("getTenantBackupStrategy", "GET", format!("{test_dev}/backup/config/backupStrategy"), None, ADMIN),
        ("updateTenantBackupStrategy", "PATCH", format!("{test_dev}/backup/config/backupStrategy"), Some(strategy()), ADMIN),
        ("updateTenantBackupStrategy", "PATCH", format!("{test_dev}/backup/config/backupStrategy"), Some({
            let mut s = strategy();
            s["obBackupScheduleConfig"]["backupScheduleEnabled"] = json!(false);
            s
        }), ADMIN),
        ("stopTenantBackupSchedule", "POST", format!("{test_dev}/backup/config/backupStrategy/stopSchedule"), None, ADMIN),
        ("startTenantBackupSchedule", "POST", format!("{test_dev}/backup/config/backupStrategy/startSchedule"), None, ADMIN),
        ("backupTenantNow", "POST", format!("{hz_trade}/backup/backupNow"), Some(backup_now("INCREMENTAL_BACKUP")), ADMIN),
        ("backupTenantNow", "POST", format!("{test_dev}/backup/backupNow"), Some(backup_now("INCREMENTAL_BACKUP")), ADMIN),
        ("listTenantDataBackupTasks", "GET", format!("{hz_trade}/backup/task/dataBackupTasks?status=DONE&status=FAILED"), None, ADMIN),
        ("listTenantDataBackupTasks", "GET", format!("{hz_trade}/backup/task/dataBackupTasks?status=NOPE"), None, ADMIN),
        ("listTenantLogBackupTasks", "GET", format!("{hz_trade}/backup/task/logBackupTasks?status=INPROGRESS"), None, ADMIN),
        ("listTenantRestoreTasks", "GET", format!("{hz_trade}/backup/task/restoreTasks"), None, ADMIN),
        ("getTenantBackupInfo", "GET", format!("{hz_trade}/backup/info"), None, ADMIN),
        ("getTenantBackupInfo", "GET", format!("{c}/1000002/tenants/1000022/backup/info"), None, ADMIN),
        ("deleteTenantBackupStrategy", "DELETE", format!("{test_dev}/backup/config/backupStrategy"), None, ADMIN),
        ("deleteTenantBackupStrategy", "DELETE", format!("{test_dev}/backup/config/backupStrategy"), None, ADMIN),
        ("deleteClusterBackupStrategy", "DELETE", format!("{c}/1000005/backup/config/backupStrategy"), None, ADMIN),
        ("listClusters", "GET", format!("{c}?sort=name,desc"), None, ADMIN),
        ("listClusters", "GET", format!("{c}?sort=weight"), None, ADMIN),
        ("listTenants", "GET", format!("{c}/1000001/tenants?mode=ORACLE"), None, ADMIN),
        ("listTenants", "GET", format!("{c}/1000005/tenants"), None, ADMIN),
        ("getTenant", "GET", format!("{c}/1000001/tenants/1000013"), None, ADMIN),
        ("getTenant", "GET", format!("{c}/x/tenants/1000013"), None, ADMIN),
        ("listTaskInstances", "GET", "/api/v2/tasks/instances?status=FAILED&size=100".into(), None, ADMIN),
        ("listTaskInstances", "GET", "/api/v2/tasks/instances?type=MANUAL&clusterId=1000005".into(), None, ADMIN),
        ("getTaskInstance", "GET", "/api/v2/tasks/instances/3000001".into(), None, ADMIN),
        ("getTaskInstance", "GET", "/api/v2/tasks/instances/-1".into(), None, ("admin", "wrong")),
    ]
}

#[tokio::test]
async fn every_answer_conforms_to_the_spec() {
    let spec = load();
    assert_eq!(spec.operations.len(), 33);
    let sim = ocp_sim::spawn(SimConfig::for_tests()).await.unwrap();
    let restore_at = sim.world(|w| {
        let logs = w.log_backup_tasks();
        let trade = logs
            .iter()
            .find(|l| l.tenant_name.as_deref() == Some("trade") && l.checkpoint.is_some())
            .unwrap();
        let cp = *trade.checkpoint.as_ref().unwrap().as_datetime();
        (cp - chrono::TimeDelta::minutes(30)).to_rfc3339()
    });
    let http = ocp_api::tls::client();
    let mut served: BTreeSet<&str> = BTreeSet::new();
    let mut problems = Vec::new();
    for (op, method, path, body, user) in cases(&restore_at) {
        let (expected_method, template, schema) = &spec.operations[op];
        assert_eq!(method, expected_method, "{op}");
        let mut req = http
            .request(method.parse().unwrap(), format!("{}{path}", sim.base_url()))
            .basic_auth(user.0, Some(user.1));
        if let Some(b) = &body {
            req = req.json(b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        assert_eq!(
            resp.headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap()),
            Some("application/json"),
            "{op} {path}"
        );
        let value: Value = resp.json().await.unwrap();
        let schema_name = if status == 200 {
            served.insert(op);
            schema.as_str()
        } else {
            assert!((400..600).contains(&status), "{op}: HTTP {status}");
            assert!(
                status < 500,
                "{op} {path}: a server error for input the client chose: {value}"
            );
            "ErrorResponse"
        };
        let errors: Vec<String> = spec.validators[schema_name]
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        if !errors.is_empty() {
            problems.push(format!(
                "{op} {method} {path} (template {template}) HTTP {status}: {}",
                errors.join("; ")
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let missing: Vec<_> = spec
        .operations
        .keys()
        .filter(|op| !served.contains(op.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "operations never answered 200: {missing:?}"
    );
}
