//! Every value of every enum schema in the spec has words in both languages.

use ocp_backup_gui::ui::format::words::by_schema;

/// Error codes are shown as codes beside OCP's own (localised) message, not put into words.
const NOT_WORDED: &[&str] = &["OcpErrorCode"];

#[test]
fn every_enum_value_of_the_spec_has_words_in_both_languages() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/ocp-backup.yaml");
    let text = std::fs::read_to_string(path).expect("the spec");
    let spec: yaml_serde::Value = yaml_serde::from_str(&text).expect("the spec is YAML");
    let schemas = spec["components"]["schemas"]
        .as_mapping()
        .expect("components.schemas");
    let mut walked = 0;
    let mut missing = Vec::new();
    for (name, schema) in schemas {
        let name = name.as_str().expect("schema names are strings");
        let Some(values) = schema.get("enum").and_then(|e| e.as_sequence()) else {
            continue;
        };
        if NOT_WORDED.contains(&name) {
            continue;
        }
        for value in values {
            let wire = value.as_str().expect("enum values are strings");
            walked += 1;
            match by_schema(name, wire) {
                None => missing.push(format!("{name}: no words for the schema")),
                Some(None) => missing.push(format!("{name}.{wire}: no words")),
                Some(Some((en, zh))) if en.trim().is_empty() || zh.trim().is_empty() => {
                    missing.push(format!("{name}.{wire}: an empty word"))
                }
                Some(Some(_)) => {}
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
    assert!(
        walked > 150,
        "only {walked} values walked: is the spec read right?"
    );
}

#[test]
fn a_value_the_spec_does_not_have_has_no_words() {
    assert_eq!(
        by_schema("DataBackupTaskStatus", "PAUSED_BY_DBA"),
        Some(None)
    );
    assert_eq!(by_schema("NoSuchSchema", "X"), None);
}
