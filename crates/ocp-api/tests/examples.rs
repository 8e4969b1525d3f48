//! Every example recorded in the spec (the OCP docs' own JSON samples) must decode into the
//! generated Rust type and encode back without losing any field or value the docs show.

use serde_json::Value;

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/ocp-backup.yaml");
    yaml_serde::from_str(&std::fs::read_to_string(path).expect("spec readable"))
        .expect("spec is YAML")
}

fn resolve<'a>(root: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => root
            .pointer(r.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling {r}")),
        None => v,
    }
}

/// (where, body schema name, example name, value) for every attached example.
fn attached_examples(root: &Value) -> Vec<(String, String, String, Value)> {
    let mut medias = Vec::new();
    for (path, item) in root["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let label = format!("{} {path}", method.to_uppercase());
            if let Some(body) = op.get("requestBody") {
                medias.push((
                    format!("{label} request"),
                    resolve(root, body).pointer("/content/application~1json"),
                ));
            }
            for (code, resp) in op
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if code.starts_with('2') {
                    let content = resolve(root, resp).get("content");
                    // JSON, or plain text for the operations that answer a bare value.
                    let media = content
                        .and_then(|c| c.get("application/json").or_else(|| c.get("text/plain")));
                    medias.push((format!("{label} response"), media));
                }
            }
        }
    }
    for (name, resp) in root
        .pointer("/components/responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        medias.push((
            format!("responses/{name}"),
            resp.pointer("/content/application~1json"),
        ));
    }
    let mut out = Vec::new();
    for (label, media) in medias {
        let Some(media) = media else { continue };
        let Some(schema) = media.pointer("/schema/$ref").and_then(Value::as_str) else {
            continue;
        };
        let schema = schema
            .trim_start_matches("#/components/schemas/")
            .to_owned();
        for (name, ex) in media
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let value = resolve(root, ex)["value"].clone();
            out.push((label.clone(), schema.clone(), name.clone(), value));
        }
    }
    out
}

/// Paths of every field of `original` whose value is missing from, or different in, `back`.
fn lost_fields(original: &Value, back: &Value, path: &str, out: &mut Vec<String>) {
    match (original, back) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let p = format!("{path}/{k}");
                match b.get(k) {
                    Some(w) => lost_fields(v, w, &p, out),
                    // Optional arrays are `#[serde(default, skip_serializing_if = "Vec::is_empty")]`:
                    // absent and empty mean the same, as does an explicit null.
                    None if v.is_null() || v.as_array().is_some_and(Vec::is_empty) => {}
                    None => out.push(p),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                lost_fields(v, w, &format!("{path}/{i}"), out);
            }
        }
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => {}
        (a, b) if a == b => {}
        (a, b) => out.push(format!("{path}: {a} became {b}")),
    }
}

#[test]
fn every_doc_example_survives_the_generated_types() {
    let root = spec();
    let examples = attached_examples(&root);
    let recorded = root
        .pointer("/components/examples")
        .and_then(Value::as_object)
        .map_or(0, |m| m.len());
    assert!(recorded > 0, "the spec records no examples");
    assert!(
        examples.len() >= recorded,
        "{} attachments for {recorded} recorded examples",
        examples.len()
    );
    let mut failures = Vec::new();
    for (label, schema, name, value) in &examples {
        if schema == "OcpDateTime" {
            // A plain-text answer (`getServerTime`): the text must parse and print back as sent.
            let text = value.as_str().unwrap_or_default();
            match text.parse::<ocp_api::time::OcpDateTime>() {
                Ok(t) if t.to_string() == text => {}
                Ok(t) => failures.push(format!("{label} {name}: {text} became {t}")),
                Err(e) => failures.push(format!("{label} {name}: {text}: {e}")),
            }
            continue;
        }
        match ocp_api::examples::roundtrip(schema, value.clone()) {
            None => failures.push(format!(
                "{label} {name}: no generated type for body schema {schema}"
            )),
            Some(Err(e)) => {
                failures.push(format!("{label} {name}: does not decode as {schema}: {e}"))
            }
            Some(Ok(back)) => {
                let mut lost = Vec::new();
                lost_fields(value, &back, "", &mut lost);
                if !lost.is_empty() {
                    failures.push(format!(
                        "{label} {name}: {schema} loses {}",
                        lost.join(", ")
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples fail:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}
