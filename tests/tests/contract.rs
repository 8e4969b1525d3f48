//! Every answer of the simulator, success or error, conforms to the response schema the spec
//! declares for its operation and status (formats such as `date-time` included), and every
//! operation of the spec is served.

use std::collections::{BTreeMap, BTreeSet};

use ocp_backup_tests::body::{backup_now_json, restore_json, strategy_json};
use ocp_backup_tests::http::{ADMIN, VIEWER, raw};
use ocp_backup_tests::sim::frozen_sim;
use ocp_backup_tests::world::*;
use serde_json::{Value, json};
use xtask::oas_schema;

const SPEC: &str = include_str!("../../spec/ocp-backup.yaml");

struct Spec {
    /// operationId → (method, path template, schema name of the 200 answer)
    operations: BTreeMap<String, (String, String, String)>,
    validators: BTreeMap<String, jsonschema::Validator>,
}

fn load() -> Spec {
    let spec: Value = yaml_serde::from_str(SPEC).expect("spec parses");
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

/// The shared strategy on a monthly schedule, so that answers show that form too.
fn strategy() -> Value {
    let mut s = strategy_json();
    s["obBackupScheduleConfig"] = json!({"backupScheduleMode": "MONTH", "backupScheduleTime": "02:00+08:00",
        "dayAndDataBackupModelMap": {"1": "FULL_BACKUP", "15": "INCREMENTAL_BACKUP"}, "startLogBackup": true});
    s
}

fn restore(name: &str, at: &str) -> Value {
    restore_json(TRADE, TEST, name, at)
}

fn cases(restore_at: &str) -> Vec<Case> {
    let c = "/api/v2/ob/clusters";
    let hz_trade = format!("{c}/{HZ}/tenants/{TRADE}");
    let test_dev = format!("{c}/{TEST}/tenants/{DEV_APP}");
    vec![
        (
            "getClusterBackupAbility",
            "GET",
            format!("{c}/{TEST}/backup/ability"),
            None,
            ADMIN,
        ),
        (
            "getClusterBackupAbility",
            "GET",
            format!("{c}/{BJ_DR}/backup/ability"),
            None,
            ADMIN,
        ),
        (
            "getClusterBackupStrategy",
            "GET",
            format!("{c}/{BJ}/backup/config/backupStrategy"),
            None,
            ADMIN,
        ),
        (
            "getClusterBackupStrategy",
            "GET",
            format!("{c}/{TEST}/backup/config/backupStrategy"),
            None,
            ADMIN,
        ),
        (
            "createClusterBackupStrategy",
            "POST",
            format!("{c}/{TEST}/backup/config/backupStrategy"),
            Some(strategy()),
            ADMIN,
        ),
        (
            "createClusterBackupStrategy",
            "POST",
            format!("{c}/{TEST}/backup/config/backupStrategy"),
            Some(strategy()),
            ADMIN,
        ),
        (
            "updateClusterBackupStrategy",
            "PATCH",
            format!("{c}/{TEST}/backup/config/backupStrategy"),
            Some({
                let mut s = strategy();
                s["obBackupThresholdConfig"]["dataBackupTimeoutMinutes"] = json!(90);
                s
            }),
            ADMIN,
        ),
        (
            "updateClusterBackupStrategy",
            "PATCH",
            format!("{c}/{TEST}/backup/config/backupStrategy"),
            Some(json!({"backupMode": 3})),
            ADMIN,
        ),
        (
            "stopClusterBackupSchedule",
            "POST",
            format!("{c}/{TEST}/backup/config/backupStrategy/stopSchedule"),
            None,
            ADMIN,
        ),
        (
            "startClusterBackupSchedule",
            "POST",
            format!("{c}/{TEST}/backup/config/backupStrategy/startSchedule"),
            None,
            ADMIN,
        ),
        (
            "getClusterBackupOverview",
            "GET",
            format!("{c}/{HZ}/backup/overview"),
            None,
            ADMIN,
        ),
        (
            "getClusterBackupOverview",
            "GET",
            format!("{c}/{BJ_DR}/backup/overview"),
            None,
            ADMIN,
        ),
        (
            "listClusterDataBackupTasks",
            "GET",
            format!("{c}/{BJ}/backup/task/dataBackupTasks?page=1&size=50"),
            None,
            ADMIN,
        ),
        (
            "listClusterDataBackupTasks",
            "GET",
            format!("{c}/{HZ}/backup/task/dataBackupTasks?page=1&size=2000"),
            None,
            ADMIN,
        ),
        (
            "listClusterDataBackupTasks",
            "GET",
            format!("{c}/{HZ}/backup/task/dataBackupTasks?page=1&size=5000"),
            None,
            ADMIN,
        ),
        (
            "listClusterLogBackupTasks",
            "GET",
            format!("{c}/{HZ}/backup/task/logBackupTasks?page=1&size=10"),
            None,
            ADMIN,
        ),
        (
            "listClusterRestoreTasks",
            "GET",
            format!("{c}/{BJ}/backup/task/restoreTasks?page=1&size=10"),
            None,
            ADMIN,
        ),
        (
            "backupClusterNow",
            "POST",
            format!("{c}/{TEST}/backup/backupNow"),
            Some(backup_now_json("FULL_BACKUP")),
            ADMIN,
        ),
        (
            "backupClusterNow",
            "POST",
            format!("{c}/{TEST}/backup/backupNow"),
            Some(backup_now_json("FULL_BACKUP")),
            ADMIN,
        ),
        (
            "backupClusterNow",
            "POST",
            format!("{c}/{HZ}/backup/backupNow"),
            Some(backup_now_json("FULL_BACKUP")),
            VIEWER,
        ),
        (
            "getClusterBackupInfo",
            "GET",
            format!("{c}/{HZ}/backup/info"),
            None,
            ADMIN,
        ),
        (
            "getClusterBackupInfo",
            "GET",
            format!("{c}/{BJ}/backup/info?startTime=2024-08-01T00:00:00%2B08:00"),
            None,
            ADMIN,
        ),
        (
            "previewRestore",
            "POST",
            format!("{c}/{HZ}/backup/restore/preview"),
            Some(restore("contract_copy", restore_at)),
            ADMIN,
        ),
        (
            "restoreTenant",
            "POST",
            format!("{c}/{HZ}/backup/restore"),
            Some(restore("contract_copy", restore_at)),
            ADMIN,
        ),
        (
            "restoreTenant",
            "POST",
            format!("{c}/{HZ}/backup/restore"),
            Some(restore("contract_copy", restore_at)),
            ADMIN,
        ),
        (
            "restoreTenant",
            "POST",
            format!("{c}/{HZ}/backup/restore"),
            Some(restore("late", "2030-01-01T00:00:00Z")),
            ADMIN,
        ),
        (
            "addRestoreSource",
            "POST",
            format!(
                "/api/v2/ob/backup/restore/addRestoreSource?restoreClusterId={TEST}&restoreSources=file%3A%2F%2F%2Fobbackup%2Fx%2Fdata%2Fbackup_set_9_full_20240801"
            ),
            None,
            ADMIN,
        ),
        (
            "addRestoreSource",
            "POST",
            format!(
                "/api/v2/ob/backup/restore/addRestoreSource?restoreClusterId={TEST}&restoreSources=nope"
            ),
            None,
            ADMIN,
        ),
        (
            "clearRestoreSource",
            "POST",
            format!("/api/v2/ob/backup/restore/clearRestoreSource?restoreClusterId={TEST}"),
            None,
            ADMIN,
        ),
        (
            "clearRestoreSource",
            "POST",
            "/api/v2/ob/backup/restore/clearRestoreSource?restoreClusterId=42".into(),
            None,
            ADMIN,
        ),
        (
            "createTenantBackupStrategy",
            "POST",
            format!("{test_dev}/backup/config/backupStrategy"),
            Some(strategy()),
            ADMIN,
        ),
        (
            "getTenantBackupStrategy",
            "GET",
            format!("{test_dev}/backup/config/backupStrategy"),
            None,
            ADMIN,
        ),
        (
            "updateTenantBackupStrategy",
            "PATCH",
            format!("{test_dev}/backup/config/backupStrategy"),
            Some(strategy()),
            ADMIN,
        ),
        (
            "updateTenantBackupStrategy",
            "PATCH",
            format!("{test_dev}/backup/config/backupStrategy"),
            Some({
                let mut s = strategy();
                s["obBackupScheduleConfig"]["backupScheduleEnabled"] = json!(false);
                s
            }),
            ADMIN,
        ),
        (
            "stopTenantBackupSchedule",
            "POST",
            format!("{test_dev}/backup/config/backupStrategy/stopSchedule"),
            None,
            ADMIN,
        ),
        (
            "startTenantBackupSchedule",
            "POST",
            format!("{test_dev}/backup/config/backupStrategy/startSchedule"),
            None,
            ADMIN,
        ),
        (
            "backupTenantNow",
            "POST",
            format!("{hz_trade}/backup/backupNow"),
            Some(backup_now_json("INCREMENTAL_BACKUP")),
            ADMIN,
        ),
        (
            "backupTenantNow",
            "POST",
            format!("{test_dev}/backup/backupNow"),
            Some(backup_now_json("INCREMENTAL_BACKUP")),
            ADMIN,
        ),
        (
            "listTenantDataBackupTasks",
            "GET",
            format!("{hz_trade}/backup/task/dataBackupTasks?status=DONE&status=FAILED"),
            None,
            ADMIN,
        ),
        (
            "listTenantDataBackupTasks",
            "GET",
            format!("{hz_trade}/backup/task/dataBackupTasks?status=NOPE"),
            None,
            ADMIN,
        ),
        (
            "listTenantLogBackupTasks",
            "GET",
            format!("{hz_trade}/backup/task/logBackupTasks?status=INPROGRESS"),
            None,
            ADMIN,
        ),
        (
            "listTenantRestoreTasks",
            "GET",
            format!("{hz_trade}/backup/task/restoreTasks"),
            None,
            ADMIN,
        ),
        (
            "getTenantBackupInfo",
            "GET",
            format!("{hz_trade}/backup/info"),
            None,
            ADMIN,
        ),
        (
            "getTenantBackupInfo",
            "GET",
            format!("{c}/{BJ}/tenants/{ERP}/backup/info"),
            None,
            ADMIN,
        ),
        (
            "deleteTenantBackupStrategy",
            "DELETE",
            format!("{test_dev}/backup/config/backupStrategy"),
            None,
            ADMIN,
        ),
        (
            "deleteTenantBackupStrategy",
            "DELETE",
            format!("{test_dev}/backup/config/backupStrategy"),
            None,
            ADMIN,
        ),
        (
            "deleteClusterBackupStrategy",
            "DELETE",
            format!("{c}/{TEST}/backup/config/backupStrategy"),
            None,
            ADMIN,
        ),
        (
            "listClusters",
            "GET",
            format!("{c}?sort=name,desc"),
            None,
            ADMIN,
        ),
        (
            "listClusters",
            "GET",
            format!("{c}?sort=weight"),
            None,
            ADMIN,
        ),
        (
            "listTenants",
            "GET",
            format!("{c}/{HZ}/tenants?mode=ORACLE"),
            None,
            ADMIN,
        ),
        (
            "listTenants",
            "GET",
            format!("{c}/{TEST}/tenants"),
            None,
            ADMIN,
        ),
        (
            "getTenant",
            "GET",
            format!("{c}/{HZ}/tenants/{BILLING}"),
            None,
            ADMIN,
        ),
        (
            "getTenant",
            "GET",
            format!("{c}/x/tenants/{BILLING}"),
            None,
            ADMIN,
        ),
        (
            "listTaskInstances",
            "GET",
            "/api/v2/tasks/instances?status=FAILED&size=100".into(),
            None,
            ADMIN,
        ),
        (
            "listTaskInstances",
            "GET",
            format!("/api/v2/tasks/instances?type=MANUAL&clusterId={TEST}"),
            None,
            ADMIN,
        ),
        (
            "getTaskInstance",
            "GET",
            "/api/v2/tasks/instances/3000001".into(),
            None,
            ADMIN,
        ),
        (
            "getTaskInstance",
            "GET",
            "/api/v2/tasks/instances/-1".into(),
            None,
            ("admin", "wrong"),
        ),
    ]
}

#[tokio::test]
async fn every_answer_conforms_to_the_spec() {
    let spec = load();
    assert_eq!(spec.operations.len(), 33);
    let sim = frozen_sim().await;
    let restore_at = sim.world(|w| {
        let logs = w.log_backup_tasks();
        let trade = logs
            .iter()
            .find(|l| l.tenant_name.as_deref() == Some("trade") && l.checkpoint.is_some())
            .unwrap();
        let cp = *trade.checkpoint.as_ref().unwrap().as_datetime();
        (cp - chrono::TimeDelta::minutes(30)).to_rfc3339()
    });
    let mut served: BTreeSet<&str> = BTreeSet::new();
    let mut problems = Vec::new();
    for (op, method, path, body, user) in cases(&restore_at) {
        let (expected_method, template, schema) = &spec.operations[op];
        assert_eq!(method, expected_method, "{op}");
        let body = body.map(|b| b.to_string());
        let (status, headers, value) = raw(&sim, method, &path, body.as_deref(), user).await;
        assert_eq!(
            headers.get("content-type").map(|v| v.to_str().unwrap()),
            Some("application/json"),
            "{op} {path}"
        );
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
