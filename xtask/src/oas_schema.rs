//! OpenAPI 3.0 Schema Objects → JSON Schema (draft 4, the dialect OpenAPI 3.0 extends).
//!
//! Only what differs needs translating: `nullable: true` becomes a `null` alternative, and the
//! OpenAPI-only keywords (`x-…`, `example`, `discriminator`, …) go. Property *names* are data, so
//! the walk follows the schema structure instead of stripping keys blindly.

use serde_json::{Map, Value, json};

const OPENAPI_ONLY: [&str; 7] = [
    "nullable",
    "example",
    "discriminator",
    "xml",
    "externalDocs",
    "deprecated",
    "readOnly",
];

/// A self-contained JSON Schema document validating against `#/components/schemas/{name}`.
pub fn document_for(components: &Map<String, Value>, name: &str) -> Value {
    let schemas: Map<String, Value> = components
        .iter()
        .map(|(k, v)| (k.clone(), convert(v)))
        .collect();
    json!({
        "$ref": format!("#/components/schemas/{name}"),
        "components": { "schemas": schemas },
    })
}

/// How strictly `format` is treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Formats {
    /// An annotation, as OpenAPI defines it. OCP's docs write offsets like `+0800` that a strict
    /// date-time check would reject although every client must accept them: doc examples are
    /// checked this way.
    Annotate,
    /// Asserted: what our own simulator sends must be strict RFC 3339.
    Assert,
}

/// A validator for `#/components/schemas/{name}`.
pub fn validator(
    components: &Map<String, Value>,
    name: &str,
    formats: Formats,
) -> Result<jsonschema::Validator, String> {
    let doc = document_for(components, name);
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(formats == Formats::Assert)
        .build(&doc)
        .map_err(|e| e.to_string())
}

pub fn convert(schema: &Value) -> Value {
    let Some(obj) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in obj {
        if key.starts_with("x-") || OPENAPI_ONLY.contains(&key.as_str()) || key == "writeOnly" {
            continue;
        }
        let converted = match key.as_str() {
            "properties" | "patternProperties" => Value::Object(
                value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), convert(v)))
                    .collect(),
            ),
            "items" | "not" | "additionalProperties" => convert(value),
            "allOf" | "anyOf" | "oneOf" => Value::Array(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(convert)
                    .collect(),
            ),
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    if obj.get("nullable").and_then(Value::as_bool) == Some(true) {
        return nullable(out);
    }
    Value::Object(out)
}

fn nullable(mut schema: Map<String, Value>) -> Value {
    match schema.get("type").cloned() {
        Some(Value::String(t)) => {
            schema.insert("type".into(), json!([t, "null"]));
            if let Some(Value::Array(values)) = schema.get_mut("enum") {
                values.push(Value::Null);
            }
            Value::Object(schema)
        }
        _ => json!({ "anyOf": [Value::Object(schema), { "type": "null" }] }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_typed_schema_admits_null() {
        let s = convert(
            &json!({"type": "string", "nullable": true, "enum": ["A"], "x-description-zh": "甲"}),
        );
        assert_eq!(s, json!({"type": ["string", "null"], "enum": ["A", null]}));
    }

    #[test]
    fn nullable_ref_wrapper_becomes_any_of() {
        let s = convert(&json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/X"}]}));
        assert_eq!(
            s,
            json!({"anyOf": [{"allOf": [{"$ref": "#/components/schemas/X"}]}, {"type": "null"}]})
        );
    }

    #[test]
    fn property_names_that_look_like_extensions_survive() {
        let s = convert(
            &json!({"type": "object", "properties": {"x-ocp-date": {"type": "string", "example": "d"}}}),
        );
        assert_eq!(
            s,
            json!({"type": "object", "properties": {"x-ocp-date": {"type": "string"}}})
        );
    }
}
