//! Extensible response enums in the published bundles.
//!
//! OCP adds enum values over time. The Rust client copes (every named enum becomes a type with
//! `Other(String)`, see `generate.rs`), but other languages' generators and validators take
//! `enum` as closed and fail a whole answer on a value they do not know. So the bundles other
//! teams generate from say, at every place an answer can hold an enum, "one of these, or any
//! other string", through one named schema per enum:
//!
//! ```yaml
//! DataBackupTaskStatusOrUnknown:
//!   anyOf:
//!     - $ref: '#/components/schemas/DataBackupTaskStatus'
//!     - type: string           # any value this version of the spec does not list
//! DataBackupTask:
//!   properties:
//!     status:                  # was: allOf: [{$ref: DataBackupTaskStatus}]
//!       allOf:
//!         - $ref: '#/components/schemas/DataBackupTaskStatusOrUnknown'
//! ```
//!
//! Named rather than inline: openapi-generator names an inline `anyOf` after its parent and
//! property (`DataBackupTask` + `status`), which is the enum's own name, and then overwrites
//! the enum with the wrapper.
//!
//! The enum schemas themselves stay closed, and so does every place only a request reaches
//! (request bodies, parameters): a client should not send a value OCP does not know. An object
//! used both in requests and in answers (the strategy's parts) is an answer's object too, so its
//! enum fields are open; a client then checks what it sends itself. The source spec keeps plain
//! `enum`s: progenitor's generation depends on them, and this is a property of publishing.

use std::collections::BTreeSet;

use yaml_serde::{Mapping, Value};

const SCHEMA_PREFIX: &str = "#/components/schemas/";
/// Name of the extensible schema of enum `X`: `XOrUnknown`.
pub const OPEN_SUFFIX: &str = "OrUnknown";

/// What the transformation did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Opened {
    /// Enum schemas that at least one answer can hold.
    pub enums: BTreeSet<String>,
    /// Places in answer schemas that now also take any string.
    pub sites: usize,
    /// Enum schemas only requests use: closed everywhere.
    pub request_only: BTreeSet<String>,
}

/// `XOrUnknown`: the documented values of `X`, or any other string.
fn open_schema(name: &str) -> Value {
    let mut m = Mapping::new();
    m.insert(
        "description".into(),
        format!(
            "`{name}` as an answer holds it: one of its values, or a value this version of the \
             spec does not list yet (OCP adds values over time), kept as a string."
        )
        .into(),
    );
    m.insert(
        "x-description-zh".into(),
        format!("应答中的 `{name}`：其取值之一，或本版规范尚未列出的取值（OCP 会不断增加新取值），按字符串保留。")
            .into(),
    );
    let mut reference = Mapping::new();
    reference.insert("$ref".into(), format!("{SCHEMA_PREFIX}{name}").into());
    m.insert(
        "anyOf".into(),
        Value::Sequence(vec![Value::Mapping(reference), any_other_value()]),
    );
    Value::Mapping(m)
}

fn open_ref(name: &str) -> Value {
    let mut m = Mapping::new();
    m.insert(
        "$ref".into(),
        format!("{SCHEMA_PREFIX}{name}{OPEN_SUFFIX}").into(),
    );
    Value::Mapping(m)
}

/// The branch that admits a value the spec does not list.
fn any_other_value() -> Value {
    let mut m = Mapping::new();
    m.insert("type".into(), "string".into());
    m.insert(
        "description".into(),
        "A value this version of the spec does not list yet: OCP adds values over time. Keep it \
         as a string."
            .into(),
    );
    m.insert(
        "x-description-zh".into(),
        "本版规范尚未列出的取值：OCP 会不断增加新取值。按字符串保留即可。".into(),
    );
    Value::Mapping(m)
}

fn schema_name(reference: &Value) -> Option<&str> {
    reference.as_str()?.strip_prefix(SCHEMA_PREFIX)
}

/// Names of the schemas `node` refers to directly (examples and extensions are data).
fn refs(node: &Value, out: &mut BTreeSet<String>) {
    match node {
        Value::Mapping(m) => {
            for (key, value) in m {
                let key = key.as_str().unwrap_or("");
                if key == "$ref" {
                    if let Some(name) = schema_name(value) {
                        out.insert(name.to_string());
                    }
                } else if !(key == "example" || key == "examples" || key.starts_with("x-")) {
                    refs(value, out);
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// Every schema reachable from `roots` through `$ref`s.
fn closure(schemas: &Mapping, roots: BTreeSet<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.into_iter().collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let mut next = BTreeSet::new();
        if let Some(schema) = schemas.get(name.as_str()) {
            refs(schema, &mut next);
        }
        stack.extend(next.into_iter().filter(|n| !seen.contains(n)));
    }
    seen
}

/// (schemas requests reach, schemas answers reach).
fn reach(doc: &Value, schemas: &Mapping) -> (BTreeSet<String>, BTreeSet<String>) {
    let (mut request, mut response) = (BTreeSet::new(), BTreeSet::new());
    for (_, item) in doc["paths"].as_mapping().into_iter().flatten() {
        refs(&item["parameters"], &mut request);
        for (_, op) in item.as_mapping().into_iter().flatten() {
            if op.get("responses").is_none() {
                continue;
            }
            refs(&op["parameters"], &mut request);
            refs(&op["requestBody"], &mut request);
            refs(&op["responses"], &mut response);
        }
    }
    // Shared responses (`Error`) and response headers are answers too.
    refs(&doc["components"]["responses"], &mut response);
    refs(&doc["components"]["headers"], &mut response);
    (closure(schemas, request), closure(schemas, response))
}

/// Rewrites every enum site of `node`: `{$ref: E}` becomes `{$ref: EOrUnknown}`, wherever it is
/// (a property, `items`, `additionalProperties`, a member of `allOf` or `oneOf`). Does not
/// follow `$ref`s: each named schema is rewritten on its own.
fn open_sites(node: &mut Value, enums: &BTreeSet<String>, opened: &mut Opened) {
    let enum_ref = node.as_mapping().filter(|m| m.len() == 1).and_then(|m| {
        let name = schema_name(m.get("$ref")?)?;
        enums.contains(name).then(|| name.to_string())
    });
    if let Some(name) = enum_ref {
        *node = open_ref(&name);
        opened.enums.insert(name);
        opened.sites += 1;
        return;
    }
    match node {
        Value::Mapping(m) => {
            for (key, value) in m.iter_mut() {
                let key = key.as_str().unwrap_or("");
                if key == "example" || key == "examples" || key.starts_with("x-") {
                    continue;
                }
                open_sites(value, enums, opened);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|v| open_sites(v, enums, opened)),
        _ => {}
    }
}

/// Opens every enum an answer can hold, in place (see the module docs).
pub fn open_response_enums(doc: &mut Value) -> Result<Opened, String> {
    let schemas = doc["components"]["schemas"]
        .as_mapping()
        .cloned()
        .ok_or("no components/schemas")?;
    let enums: BTreeSet<String> = schemas
        .iter()
        .filter(|(_, s)| s.get("enum").is_some())
        .filter_map(|(k, _)| k.as_str().map(str::to_string))
        .collect();
    let (request, response) = reach(doc, &schemas);
    let mut opened = Opened {
        request_only: enums
            .iter()
            .filter(|e| request.contains(*e) && !response.contains(*e))
            .cloned()
            .collect(),
        ..Opened::default()
    };
    let target = doc["components"]["schemas"]
        .as_mapping_mut()
        .ok_or("no components/schemas")?;
    for (name, schema) in target.iter_mut() {
        let name = name.as_str().unwrap_or("");
        if response.contains(name) && !enums.contains(name) {
            open_sites(schema, &enums, &mut opened);
        }
    }
    // Each `XOrUnknown` right after its `X`, so readers find them together.
    let mut rebuilt = Mapping::new();
    for (name, schema) in std::mem::take(target) {
        let open = name
            .as_str()
            .filter(|n| opened.enums.contains(*n))
            .map(|n| (format!("{n}{OPEN_SUFFIX}"), open_schema(n)));
        rebuilt.insert(name, schema);
        if let Some((open_name, open)) = open {
            if schemas.contains_key(open_name.as_str()) {
                return Err(format!("the spec has a schema {open_name} already"));
            }
            rebuilt.insert(open_name.into(), open);
        }
    }
    *target = rebuilt;
    let unreached: Vec<&String> = enums
        .iter()
        .filter(|e| !request.contains(*e) && !response.contains(*e))
        .collect();
    if !unreached.is_empty() {
        return Err(format!("enum schemas nothing uses: {unreached:?}"));
    }
    let missed: Vec<&String> = enums
        .iter()
        .filter(|e| response.contains(*e) && !opened.enums.contains(*e))
        .collect();
    if !missed.is_empty() {
        return Err(format!(
            "answer enums used in a shape this step does not rewrite: {missed:?}"
        ));
    }
    Ok(opened)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r##"
paths:
  /a:
    get:
      parameters:
        - name: status
          in: query
          schema:
            type: array
            items:
              $ref: '#/components/schemas/Status'
      responses:
        '200':
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Answer'
    post:
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/Param'
      responses:
        '200':
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Answer'
components:
  schemas:
    Status:
      type: string
      enum: [A, B]
    Mode:
      type: string
      enum: [X, Y]
    Answer:
      type: object
      properties:
        status:
          description: The status.
          allOf:
            - $ref: '#/components/schemas/Status'
        history:
          type: array
          items:
            $ref: '#/components/schemas/Status'
        shared:
          $ref: '#/components/schemas/Shared'
    Shared:
      type: object
      properties:
        byDay:
          type: object
          additionalProperties:
            $ref: '#/components/schemas/Status'
    Param:
      type: object
      properties:
        mode:
          $ref: '#/components/schemas/Mode'
        shared:
          $ref: '#/components/schemas/Shared'
"##;

    fn doc() -> Value {
        yaml_serde::from_str(DOC).unwrap()
    }

    #[test]
    fn answers_take_any_string_requests_stay_closed() {
        let mut d = doc();
        let opened = open_response_enums(&mut d).unwrap();
        assert_eq!(opened.sites, 3);
        assert_eq!(opened.enums, BTreeSet::from(["Status".to_string()]));
        assert_eq!(opened.request_only, BTreeSet::from(["Mode".to_string()]));
        let s = &d["components"]["schemas"];
        let open = "#/components/schemas/StatusOrUnknown";
        let status = &s["Answer"]["properties"]["status"];
        assert_eq!(status["description"], "The status.");
        assert_eq!(status["allOf"][0]["$ref"], open);
        assert_eq!(s["Answer"]["properties"]["history"]["items"]["$ref"], open);
        // shared by a request and an answer: open
        assert_eq!(
            s["Shared"]["properties"]["byDay"]["additionalProperties"]["$ref"],
            open
        );
        let wrapper = &s["StatusOrUnknown"];
        assert_eq!(wrapper["anyOf"][0]["$ref"], "#/components/schemas/Status");
        assert_eq!(wrapper["anyOf"][1]["type"], "string");
        let names: Vec<&str> = s
            .as_mapping()
            .unwrap()
            .keys()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(names[..2], ["Status", "StatusOrUnknown"]);
        assert!(s.get("ModeOrUnknown").is_none());
        // request-only schema, parameters and the enum schemas themselves: untouched
        assert_eq!(
            s["Param"]["properties"]["mode"]["$ref"],
            "#/components/schemas/Mode"
        );
        assert_eq!(
            d["paths"]["/a"]["get"]["parameters"][0]["schema"]["items"]["$ref"],
            "#/components/schemas/Status"
        );
        assert_eq!(s["Status"], doc()["components"]["schemas"]["Status"]);
    }

    #[test]
    fn an_unused_enum_is_an_error() {
        let mut d = doc();
        d["components"]["schemas"]["Lonely"] =
            yaml_serde::from_str("{type: string, enum: [Z]}").unwrap();
        assert!(open_response_enums(&mut d).unwrap_err().contains("Lonely"));
    }
}
