//! The generated capability table says what the spec says: every operation of the spec, its
//! method, path and `x-ocp-since`, and every property marked `x-ocp-since` / `x-ocp-until`.

use std::collections::BTreeSet;

use ocp_api::capabilities::{DOCUMENTED_VERSIONS, FIELDS};
use ocp_api::{OcpVersion, Operation, Version, field_supported, supports};
use serde_json::Value;

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/ocp-backup.yaml");
    serde_yaml::from_str(&std::fs::read_to_string(path).expect("spec readable"))
        .expect("spec is YAML")
}

fn version(v: &Value) -> Version {
    let text = v.as_str().expect("a quoted version");
    let parsed = OcpVersion::parse(text);
    assert!(
        parsed.is_recognised() && parsed.to_string() == text,
        "{text}"
    );
    parsed.version()
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

#[test]
fn every_operation_of_the_spec_is_in_the_table_with_its_since() {
    let spec = spec();
    let mut seen = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let id = op["operationId"].as_str().unwrap();
            let operation =
                Operation::from_id(id).unwrap_or_else(|| panic!("{id} not in the table"));
            assert_eq!(operation.id(), id);
            assert_eq!(operation.method(), method.to_uppercase(), "{id}");
            assert_eq!(operation.path(), path, "{id}");
            assert_eq!(operation.since(), version(&op["x-ocp-since"]), "{id}");
            assert_eq!(
                operation.until(),
                op.get("x-ocp-until").map(version),
                "{id}"
            );
            seen.insert(operation);
        }
    }
    assert_eq!(
        seen.len(),
        Operation::ALL.len(),
        "operations in the table but not the spec"
    );
}

#[test]
fn the_tenant_level_schedule_preview_and_source_operations_are_4_3_only() {
    let v4_3 = Version::new(4, 3, 0);
    let only_4_3: BTreeSet<&str> = [
        "backupTenantNow",
        "createTenantBackupStrategy",
        "updateTenantBackupStrategy",
        "deleteTenantBackupStrategy",
        "getTenantBackupStrategy",
        "startTenantBackupSchedule",
        "stopTenantBackupSchedule",
        "listTenantDataBackupTasks",
        "listTenantLogBackupTasks",
        "listTenantRestoreTasks",
        "getTenantBackupInfo",
        "startClusterBackupSchedule",
        "stopClusterBackupSchedule",
        "previewRestore",
        "addRestoreSource",
        "clearRestoreSource",
    ]
    .into();
    let (v4_0, v4_2) = (
        OcpVersion::parse("4.0.0"),
        OcpVersion::parse("4.2.2-20240108"),
    );
    for op in Operation::ALL {
        let newer = only_4_3.contains(op.id());
        assert_eq!(
            op.since(),
            if newer { v4_3 } else { Version::new(4, 0, 0) },
            "{op}"
        );
        assert_eq!(supports(*op, &v4_2), !newer, "{op} on 4.2.2");
        assert_eq!(supports(*op, &v4_0), !newer, "{op} on 4.0.0");
        assert!(supports(*op, &OcpVersion::parse("4.3.1")), "{op} on 4.3.1");
    }
    assert_eq!(
        Operation::from_id("backup_tenant_now"),
        Some(Operation::BackupTenantNow)
    );
    assert_eq!(Operation::from_id("noSuchThing"), None);
}

#[test]
fn every_versioned_property_of_the_spec_is_in_the_table() {
    let spec = spec();
    let mut expected = Vec::new();
    for (name, schema) in spec["components"]["schemas"].as_object().unwrap() {
        let mut stack = vec![schema];
        while let Some(s) = stack.pop() {
            for (prop, ps) in s
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let since = ps.get("x-ocp-since").map(version);
                let until = ps.get("x-ocp-until").map(version);
                if since.is_some() || until.is_some() {
                    expected.push((name.clone(), prop.clone(), since, until));
                }
            }
            stack.extend(
                s.get("allOf")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            );
        }
    }
    expected.sort();
    expected.dedup();
    let table: Vec<_> = FIELDS
        .iter()
        .map(|f| (f.schema.to_owned(), f.property.to_owned(), f.since, f.until))
        .collect();
    assert_eq!(table, expected);
    for f in FIELDS {
        for v in DOCUMENTED_VERSIONS {
            let in_range = f.since.is_none_or(|s| *v >= s) && f.until.is_none_or(|u| *v < u);
            let known = OcpVersion::known(*v);
            assert_eq!(
                field_supported(f.schema, f.property, &known),
                in_range,
                "{f:?} on {v}"
            );
        }
    }
    // A property the spec does not mark is in every version.
    assert!(field_supported(
        "ObClusterInfo",
        "noSuchProperty",
        &OcpVersion::parse("4.0.0")
    ));
}

#[test]
fn the_documented_versions_are_those_the_spec_names() {
    let spec = spec();
    let mut named = BTreeSet::new();
    let mut stack = vec![&spec];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    if k == "x-ocp-since" || k == "x-ocp-until" {
                        named.insert(version(child));
                    }
                    stack.push(child);
                }
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    assert_eq!(
        DOCUMENTED_VERSIONS,
        named.into_iter().collect::<Vec<_>>().as_slice()
    );
}
