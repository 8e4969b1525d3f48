//! `cargo xtask check`: the spec's own rules, its examples, and the generated code.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use serde_json::Value;

use crate::generate;
use crate::oas_schema;
use crate::spec::{
    DEFECTS_PATH, Error, Kind, SINCE, SPEC_PATH, Spec, UNTIL, load_defects, schema_ref_name,
    versioned_fields, workspace_root,
};

#[derive(Default)]
struct Report {
    failures: Vec<String>,
}

impl Report {
    fn fail(&mut self, msg: impl Into<String>) {
        self.failures.push(msg.into());
    }
}

struct Timings {
    start: Instant,
    last: Instant,
    rows: Vec<(&'static str, u128)>,
}

impl Timings {
    fn new() -> Self {
        let now = Instant::now();
        Timings {
            start: now,
            last: now,
            rows: Vec::new(),
        }
    }
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.rows
            .push((name, now.duration_since(self.last).as_millis()));
        self.last = now;
    }
}

pub fn run(timings: bool) -> Result<(), Error> {
    let mut t = Timings::new();
    let spec = Spec::load()?;
    t.lap("load spec");
    let mut report = Report::default();

    if let Err(e) = spec.openapi() {
        report.fail(e.to_string());
    }
    check_refs(&spec, &mut report);
    let (ops_ok, ops_total) = check_operations(&spec, &mut report);
    check_bilingual(&spec, &mut report);
    check_conventions(&spec, &mut report);
    check_versions(&spec, &mut report);
    t.lap("structure");

    let examples = check_examples(&spec, &mut report);
    t.lap("examples");

    let defects = check_defects(&mut report)?;
    t.lap("defects");

    let outputs = generate::generate_all(&spec)?;
    t.lap("generate");
    let stale = generate::stale_outputs(&outputs, false);
    for path in &stale {
        report.fail(format!("{path} is stale: run `cargo xtask generate`"));
    }
    t.lap("compare");

    for f in &report.failures {
        println!("FAIL {f}");
    }
    println!(
        "operations {ops_ok}/{ops_total} documented, examples {}/{} valid, defects {defects} reviewed, generated code {}",
        examples.0,
        examples.1,
        if stale.is_empty() { "fresh" } else { "STALE" }
    );
    if timings {
        for (name, ms) in &t.rows {
            println!("  {name:<12} {ms:>6} ms");
        }
        println!("  {:<12} {:>6} ms", "total", t.start.elapsed().as_millis());
    }
    if report.failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{} problem(s) in {SPEC_PATH}", report.failures.len()).into())
    }
}

fn walk<'a>(v: &'a Value, path: &mut Vec<String>, f: &mut dyn FnMut(&[String], &'a Value)) {
    f(path, v);
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                path.push(k.clone());
                walk(child, path, f);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(i.to_string());
                walk(child, path, f);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at(path: &[String]) -> String {
    format!("/{}", path.join("/"))
}

/// openapiv3 accepts a dangling `$ref`; progenitor then panics deep inside typify.
fn check_refs(spec: &Spec, report: &mut Report) {
    walk(&spec.root, &mut Vec::new(), &mut |path, v| {
        if let Some(r) = v.get("$ref").and_then(Value::as_str) {
            if !r.starts_with("#/") {
                report.fail(format!(
                    "{}: external $ref {r} (the spec must stay one file)",
                    at(path)
                ));
            } else if spec.pointer(r).is_none() {
                report.fail(format!("{}: $ref {r} does not resolve", at(path)));
            }
        }
    });
}

fn has_text(v: &Value, key: &str) -> bool {
    v.get(key)
        .and_then(Value::as_str)
        .is_some_and(|s| !s.trim().is_empty())
}

fn check_operations(spec: &Spec, report: &mut Report) -> (usize, usize) {
    let mut ids = BTreeSet::new();
    let ops = spec.operations();
    let mut ok = 0;
    for op in &ops {
        let before = report.failures.len();
        let label = op.label();
        match op.id() {
            None => report.fail(format!("{label}: no operationId")),
            Some(id) if !ids.insert(id) => {
                report.fail(format!("{label}: duplicate operationId {id}"))
            }
            Some(_) => {}
        }
        if op.value.get("tags").and_then(Value::as_array).map(Vec::len) != Some(1) {
            report.fail(format!("{label}: needs exactly one tag"));
        }
        for key in ["summary", "description", "x-summary-zh", "x-description-zh"] {
            if !has_text(op.value, key) {
                report.fail(format!("{label}: missing {key}"));
            }
        }
        match (op.since(), op.until()) {
            (Ok(None), _) => report.fail(format!(
                "{label}: missing {SINCE} (the first OCP version whose docs show it)"
            )),
            (Ok(Some(since)), Ok(Some(until))) if until <= since => report.fail(format!(
                "{label}: {UNTIL} {until} is not after {SINCE} {since}"
            )),
            (Err(e), _) | (_, Err(e)) => report.fail(e.to_string()),
            _ => {}
        }
        if op
            .success_content(spec)
            .and_then(|(_, media)| schema_ref_name(media))
            .is_none()
        {
            report.fail(format!(
                "{label}: the 200 response must be a $ref to a named schema"
            ));
        }
        if report.failures.len() == before {
            ok += 1;
        }
    }
    (ok, ops.len())
}

fn check_bilingual(spec: &Spec, report: &mut Report) {
    let mut need = |what: String, v: &Value| {
        for key in ["description", "x-description-zh"] {
            if !has_text(v, key) {
                report.fail(format!("{what}: missing {key}"));
            }
        }
    };
    for (name, schema) in spec.schemas() {
        need(format!("schema {name}"), schema);
        let mut stack = vec![(name.clone(), schema)];
        while let Some((where_, s)) = stack.pop() {
            for (prop, ps) in s
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let path = format!("{where_}.{prop}");
                need(format!("property {path}"), ps);
                stack.push((path.clone(), ps));
                if let Some(items) = ps.get("items") {
                    stack.push((format!("{path}[]"), items));
                }
            }
            for key in ["allOf", "oneOf", "anyOf"] {
                for sub in s.get(key).and_then(Value::as_array).into_iter().flatten() {
                    stack.push((where_.clone(), sub));
                }
            }
            if let Some(items) = s.get("items") {
                stack.push((format!("{where_}[]"), items));
            }
        }
    }
    for op in spec.operations() {
        for p in op
            .value
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(p) = spec.deref(p) {
                let name = p.get("name").and_then(Value::as_str).unwrap_or("?");
                need(format!("{} parameter {name}", op.label()), p);
            }
        }
    }
    for t in spec
        .root
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        need(
            format!(
                "tag {}",
                t.get("name").and_then(Value::as_str).unwrap_or("?")
            ),
            t,
        );
    }
}

/// `x-ocp-since` / `x-ocp-until` only where the capability table reads them (operations, and
/// properties of named schemas directly or through `allOf`), each a valid version range.
fn check_versions(spec: &Spec, report: &mut Report) {
    if let Err(e) = versioned_fields(spec) {
        report.fail(e.to_string());
    }
    walk(&spec.root, &mut Vec::new(), &mut |path, v| {
        let Some(obj) = v.as_object() else { return };
        if !(obj.contains_key(SINCE) || obj.contains_key(UNTIL)) {
            return;
        }
        let operation = path.len() == 3 && path[0] == "paths";
        let property = path.len() >= 5
            && path[0] == "components"
            && path[1] == "schemas"
            && path[path.len() - 2] == "properties"
            && path[3..path.len() - 2]
                .chunks(2)
                .all(|pair| pair.len() == 2 && pair[0] == "allOf");
        if !(operation || property) {
            report.fail(format!(
                "{}: {SINCE}/{UNTIL} only go on operations and on properties of named schemas",
                at(path)
            ));
        }
    });
}

/// Rules that keep the spec inside what the generator handles well (see spec/README.md).
fn check_conventions(spec: &Spec, report: &mut Report) {
    walk(&spec.root, &mut Vec::new(), &mut |path, v| {
        let Some(obj) = v.as_object() else { return };
        let top_level_schema = path.len() == 3 && path[0] == "components" && path[1] == "schemas";
        let in_examples = path.iter().any(|p| p == "examples" || p == "example");
        if in_examples {
            return;
        }
        if obj.contains_key("$ref") && obj.len() > 1 {
            report.fail(format!(
                "{}: $ref with siblings (wrap it in allOf)",
                at(path)
            ));
        }
        if obj.get("type").and_then(Value::as_str).is_some() {
            if obj.contains_key("enum") && !top_level_schema {
                report.fail(format!(
                    "{}: inline enum (make it a named schema)",
                    at(path)
                ));
            }
            if obj.get("minimum").and_then(Value::as_i64) == Some(1) {
                report.fail(format!(
                    "{}: `minimum: 1` (progenitor would make it a NonZero type)",
                    at(path)
                ));
            }
            if obj.get("format").and_then(Value::as_str) == Some("date-time")
                && !(top_level_schema && path[2] == "OcpDateTime")
            {
                report.fail(format!("{}: inline date-time (use OcpDateTime)", at(path)));
            }
        }
    });
}

/// Every attachment point of examples: (where, kind, media type object).
fn example_sites(spec: &Spec) -> Vec<(String, Kind, &Value)> {
    let mut sites = Vec::new();
    for op in spec.operations() {
        let id = op.id().unwrap_or("?").to_owned();
        if let Some(m) = op.request_media(spec) {
            sites.push((id.clone(), Kind::Request, m));
        }
        if let Some((_, m)) = op.success_content(spec) {
            sites.push((id, Kind::Response, m));
        }
    }
    for (name, resp) in spec
        .root
        .pointer("/components/responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(m) = resp.pointer("/content/application~1json") {
            sites.push((format!("responses/{name}"), Kind::Response, m));
        }
    }
    sites
}

fn check_examples(spec: &Spec, report: &mut Report) -> (usize, usize) {
    let empty = serde_json::Map::new();
    let components = spec
        .root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut validators: BTreeMap<String, Option<jsonschema::Validator>> = BTreeMap::new();
    let mut attached = BTreeSet::new();
    let (mut valid, mut total) = (0, 0);
    for (site, kind, media) in example_sites(spec) {
        let Some(examples) = media.get("examples").and_then(Value::as_object) else {
            continue;
        };
        let Some(schema) = schema_ref_name(media) else {
            continue;
        };
        let validator = validators.entry(schema.to_owned()).or_insert_with(|| {
            match oas_schema::validator(components, schema, oas_schema::Formats::Annotate) {
                Ok(v) => Some(v),
                Err(e) => {
                    report.fail(format!(
                        "schema {schema} does not compile as JSON Schema: {e}"
                    ));
                    None
                }
            }
        });
        for (name, ex) in examples {
            total += 1;
            if let Some(r) = ex.get("$ref").and_then(Value::as_str) {
                attached.insert(r.trim_start_matches("#/components/examples/").to_owned());
            }
            let label = format!("{site} {} example {name}", kind.as_str());
            let Some(ex) = spec.deref(ex) else { continue }; // reported by check_refs
            let sources = ex.get("x-sources").and_then(Value::as_array);
            if sources.is_none_or(|s| s.is_empty()) {
                report.fail(format!(
                    "{label}: no x-sources (page and language of the doc it comes from)"
                ));
            }
            let Some(value) = ex.get("value") else {
                report.fail(format!("{label}: no value"));
                continue;
            };
            let Some(validator) = validator else { continue };
            let errors: Vec<String> = validator
                .iter_errors(value)
                .map(|e| format!("{} {e}", e.instance_path()))
                .take(5)
                .collect();
            if errors.is_empty() {
                valid += 1;
            } else {
                report.fail(format!(
                    "{label} does not match {schema}: {}",
                    errors.join("; ")
                ));
            }
        }
    }
    for name in spec
        .root
        .pointer("/components/examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
    {
        if !attached.contains(name) {
            report.fail(format!(
                "components/examples/{name} is not attached to any operation"
            ));
        }
    }
    (valid, total)
}

/// The reviewed list of doc examples left out of the spec, each with its reason.
fn check_defects(report: &mut Report) -> Result<usize, Error> {
    let defects = load_defects()?;
    let docs = workspace_root().join("../shared/ocp-docs");
    for d in &defects {
        let fields = [
            ("page", &d.page),
            ("lang", &d.lang),
            ("operationId", &d.operation),
            ("kind", &d.kind),
            ("reason", &d.reason),
            ("raw", &d.raw),
        ];
        for (key, value) in fields {
            if value.is_empty() {
                report.fail(format!("{DEFECTS_PATH} item {}: missing {key}", d.index));
            }
        }
        if !d.page.is_empty() && docs.is_dir() && !docs.join(&d.page).is_file() {
            report.fail(format!(
                "{DEFECTS_PATH} item {}: page {} does not exist",
                d.index, d.page
            ));
        }
    }
    Ok(defects.len())
}
