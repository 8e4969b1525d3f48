//! Every secret field the spec has prints redacted in `Debug`, in its type and in its builder.
//! The list comes from walking the spec with the project's one rule for secret names, so a
//! secret field added later is covered without touching this test.

use ocp_api::secrets::is_secret_key;
use serde_json::{Map, Value, json};

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/ocp-backup.yaml");
    yaml_serde::from_str(&std::fs::read_to_string(path).expect("spec readable")).expect("YAML")
}

fn resolve<'a>(spec: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => spec.pointer(r.trim_start_matches('#')).expect("local $ref"),
        None => v,
    }
}

/// A minimal valid instance of a schema: required properties only, first enum values.
fn instance(spec: &Value, schema: &Value, depth: usize) -> Value {
    let schema = resolve(spec, schema);
    assert!(depth < 16, "schema nesting too deep");
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in parts {
            match instance(spec, part, depth + 1) {
                Value::Object(m) => merged.extend(m),
                other if parts.len() == 1 => return other,
                _ => {}
            }
        }
        if let Some(Value::Object(own)) = properties_instance(spec, schema, depth) {
            merged.extend(own);
        }
        return Value::Object(merged);
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values[0].clone();
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => json!("2024-08-09T16:00:00+08:00"),
            _ => json!("x"),
        },
        Some("integer") | Some("number") => json!(1),
        Some("boolean") => json!(true),
        Some("array") => json!([]),
        _ => properties_instance(spec, schema, depth).unwrap_or(json!({})),
    }
}

fn properties_instance(spec: &Value, schema: &Value, depth: usize) -> Option<Value> {
    let props = schema.get("properties")?.as_object()?;
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut out = Map::new();
    for (name, prop) in props {
        if required.contains(&name.as_str()) {
            out.insert(name.clone(), instance(spec, prop, depth + 1));
        }
    }
    Some(Value::Object(out))
}

#[test]
fn every_secret_field_of_the_spec_prints_redacted() {
    let spec = spec();
    let schemas = spec["components"]["schemas"].as_object().expect("schemas");
    let mut checked = Vec::new();
    for (name, schema) in schemas {
        let own = std::iter::once(schema).chain(
            schema
                .get("allOf")
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        );
        let secrets: Vec<&String> = own
            .filter_map(|p| p.get("properties").and_then(Value::as_object))
            .flat_map(|p| p.keys())
            .filter(|k| is_secret_key(k))
            .collect();
        for secret in secrets {
            let canary = format!("CANARY-{name}-{secret}-7f3a");
            let mut value = instance(&spec, schema, 0);
            value[secret.as_str()] = json!(canary);
            let (debug, builder) = ocp_api::secret_debug::debug(name, value.clone())
                .unwrap_or_else(|| panic!("{name}.{secret}: no redacting Debug generated"))
                .unwrap_or_else(|e| panic!("{name}: the instance {value} does not decode: {e}"));
            for text in [&debug, &builder] {
                assert!(!text.contains(&canary), "{name}.{secret} in Debug: {text}");
                assert!(text.contains("******"), "{name}.{secret}: {text}");
            }
            // Redacted in Debug only: the value itself is kept and sent.
            let again = ocp_api::examples::roundtrip(name, value.clone());
            if let Some(Ok(back)) = again {
                assert_eq!(back[secret.as_str()], json!(canary));
            }
            checked.push(format!("{name}.{secret}"));
        }
    }
    assert!(
        checked.len() >= 3,
        "the spec's storage access keys have secrets; found only {checked:?}"
    );
}

#[test]
fn a_strategy_holding_storage_secrets_prints_none_of_them() {
    let storage = |kind: &str, key: &str, canary: &str| {
        json!({"backupStorageType": kind, "storageUrl": "bucket/backup",
               key: {"endpoint": "e", "accessKeyId": "id", "accessKeySecret": canary,
                     "appId": "1", "region": "r"}})
    };
    for (kind, key, canary) in [
        ("BACKUP_STORAGE_OSS", "ossAccessKey", "CANARY-oss-debug"),
        ("BACKUP_STORAGE_COS", "cosAccessKey", "CANARY-cos-debug"),
        ("BACKUP_STORAGE_S3", "s3AccessKey", "CANARY-s3-debug"),
    ] {
        let config: ocp_api::types::ObBackupStorageBaseInfo =
            serde_json::from_value(storage(kind, key, canary)).expect("decodes");
        let text = format!("{config:?} {config:#?}");
        assert!(!text.contains(canary), "{text}");
        assert!(text.contains("access_key_id"), "{text}");
    }
}
