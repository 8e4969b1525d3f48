//! The spec as docs-check walks it: operations by method and path, and schemas through `$ref`
//! and `allOf` (members, required flags, JSON types, enum values, the object a row's members go in).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::spec::{OcpVersion, Operation, SINCE, Spec, UNTIL, version_key, versioned_fields};

/// The spec operations, findable by method and path.
pub struct SpecIndex<'s> {
    pub spec: &'s Spec,
    pub ops: Vec<SpecOp<'s>>,
    /// The newest OCP version the spec names: what a page of no known version is judged as.
    pub newest: Option<OcpVersion>,
}

pub struct SpecOp<'s> {
    pub id: &'s str,
    pub op: Operation<'s>,
    norm: String,
}

/// `/a/{id}/b/{tenantId}` → `/a/{}/b/{}`: parameter names are not part of the match.
pub fn normalize_path(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    let mut in_param = false;
    for c in p.trim_end_matches('/').chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

pub fn template_params(p: &str) -> Vec<&str> {
    p.split('{')
        .skip(1)
        .filter_map(|s| s.split('}').next())
        .collect()
}

impl<'s> SpecIndex<'s> {
    pub fn new(spec: &'s Spec) -> Self {
        let ops = spec
            .operations()
            .into_iter()
            .map(|op| SpecOp {
                id: op.id().unwrap_or("?"),
                norm: normalize_path(op.path),
                op,
            })
            .collect();
        let newest = versioned_fields(spec)
            .unwrap_or_default()
            .into_iter()
            .flat_map(|f| [f.since, f.until])
            .chain(
                spec.operations()
                    .iter()
                    .flat_map(|o| [o.since().ok().flatten(), o.until().ok().flatten()]),
            )
            .flatten()
            .max();
        SpecIndex { spec, ops, newest }
    }

    /// The version a page is judged as: its own, else the newest the spec names; none when the
    /// spec names no version (then no version rule applies).
    pub fn page_version(&self, page: Option<OcpVersion>) -> Option<OcpVersion> {
        self.newest?;
        page.or(self.newest)
    }

    /// Why an OCP of `version` should not have the operation or property `v` (its
    /// `x-ocp-since` / `x-ocp-until`), or `None` when it should.
    pub fn out_of_range(&self, v: &Value, version: Option<OcpVersion>) -> Option<String> {
        let version = version?;
        if let Ok(Some(since)) = version_key(v, SINCE, "")
            && version < since
        {
            return Some(format!("first in OCP {since}"));
        }
        if let Ok(Some(until)) = version_key(v, UNTIL, "")
            && version >= until
        {
            return Some(format!("gone from OCP {until} on"));
        }
        None
    }

    /// The operation for a method and path; the note says when only a known doc typo matched.
    pub fn find(&self, method: &str, path: &str) -> Option<(usize, Option<String>)> {
        let m = method.to_lowercase();
        let norm = normalize_path(path);
        let by = |n: &str| {
            self.ops
                .iter()
                .position(|o| o.op.method == m && o.norm == n)
        };
        if let Some(i) = by(&norm) {
            return Some((i, None));
        }
        // The en-US tenant-details page writes `/ob/cluster/` for `/ob/clusters/`.
        let fixed = norm.replace("/ob/cluster/", "/ob/clusters/");
        by(&fixed).map(|i| {
            (
                i,
                Some(format!(
                    "the page writes `{path}`; the spec path is `{}` (`/ob/cluster/` is a typo for `/ob/clusters/`)",
                    self.ops[i].op.path
                )),
            )
        })
    }

    pub fn deref(&self, v: &'s Value) -> &'s Value {
        let mut v = v;
        for _ in 0..16 {
            match v.get("$ref").and_then(Value::as_str) {
                Some(r) => match self.spec.pointer(r) {
                    Some(t) => v = t,
                    None => return v,
                },
                None => return v,
            }
        }
        v
    }

    /// Properties of an object schema, through `$ref` and `allOf`.
    pub fn props(&self, schema: &'s Value) -> Vec<(&'s str, &'s Value)> {
        let mut out = Vec::new();
        self.collect_props(schema, &mut out, 0);
        out
    }

    fn collect_props(&self, schema: &'s Value, out: &mut Vec<(&'s str, &'s Value)>, depth: u8) {
        if depth > 8 {
            return;
        }
        let s = self.deref(schema);
        if let Some(p) = s.get("properties").and_then(Value::as_object) {
            for (k, v) in p {
                if !out.iter().any(|(n, _)| *n == k) {
                    out.push((k.as_str(), v));
                }
            }
        }
        for sub in s
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.collect_props(sub, out, depth + 1);
        }
        if let Some(x) = or_null(s) {
            self.collect_props(x, out, depth + 1);
        }
    }

    pub fn prop(&self, schema: &'s Value, name: &str) -> Option<&'s Value> {
        self.props(schema)
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    pub fn required(&self, schema: &'s Value) -> BTreeSet<&'s str> {
        let mut out = BTreeSet::new();
        let mut stack = vec![schema];
        while let Some(s) = stack.pop() {
            let s = self.deref(s);
            for r in s
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(r) = r.as_str() {
                    out.insert(r);
                }
            }
            stack.extend(
                s.get("allOf")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            );
        }
        out
    }

    /// The object whose members a row's children are: the schema itself, or its array items.
    pub fn container(&self, schema: &'s Value) -> Option<&'s Value> {
        let s = self.deref(schema);
        // A described reference (`description` + `allOf: [$ref]`) is the referenced schema, so
        // that a shared schema is one object wherever it is used.
        if s.get("properties").is_none()
            && let Some([only]) = s.get("allOf").and_then(Value::as_array).map(Vec::as_slice)
        {
            return self.container(only);
        }
        // "X or null" (`anyOf: [X, {enum: [null]}]`) is X too.
        if s.get("properties").is_none()
            && let Some(x) = or_null(s)
        {
            return self.container(x);
        }
        if !self.props(s).is_empty() {
            return Some(s);
        }
        if let Some(items) = s.get("items") {
            return self.container(items);
        }
        s.get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find_map(|sub| self.container(sub))
    }

    /// JSON types a schema allows; empty means anything.
    pub fn types(&self, schema: &'s Value) -> BTreeSet<&'s str> {
        let mut out = BTreeSet::new();
        self.collect_types(schema, &mut out, 0);
        out
    }

    fn collect_types(&self, schema: &'s Value, out: &mut BTreeSet<&'s str>, depth: u8) {
        if depth > 8 {
            return;
        }
        let s = self.deref(schema);
        match s.get("type") {
            Some(Value::String(t)) => {
                out.insert(t.as_str());
            }
            Some(Value::Array(ts)) => out.extend(ts.iter().filter_map(Value::as_str)),
            _ => {
                if s.get("properties").is_some() || s.get("additionalProperties").is_some() {
                    out.insert("object");
                }
                if s.get("items").is_some() {
                    out.insert("array");
                }
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for sub in s.get(key).and_then(Value::as_array).into_iter().flatten() {
                self.collect_types(sub, out, depth + 1);
            }
        }
    }

    /// The enum values a schema (or its array items) allows.
    pub fn enum_values(&self, schema: &'s Value) -> Option<Vec<&'s str>> {
        let s = self.deref(schema);
        if let Some(e) = s.get("enum").and_then(Value::as_array) {
            return Some(e.iter().filter_map(Value::as_str).collect());
        }
        if let Some(items) = s.get("items") {
            return self.enum_values(items);
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            for sub in s.get(key).and_then(Value::as_array).into_iter().flatten() {
                if let Some(e) = self.enum_values(sub) {
                    return Some(e);
                }
            }
        }
        None
    }

    /// The named schema a schema is (directly, or as the one member of an `allOf`).
    pub fn ref_name(&self, schema: &'s Value) -> Option<&'s str> {
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            return r.strip_prefix("#/components/schemas/");
        }
        if let Some(x) = or_null(schema) {
            return self.ref_name(x);
        }
        match schema.get("allOf").and_then(Value::as_array) {
            Some(subs) if subs.len() == 1 => self.ref_name(&subs[0]),
            _ => schema.get("items").and_then(|i| self.ref_name(i)),
        }
    }

    pub fn schema(&self, name: &str) -> Option<&'s Value> {
        self.spec
            .root
            .pointer(&format!("/components/schemas/{name}"))
    }

    /// The component name of a schema object, when it is one.
    pub fn schema_name(&self, schema: &'s Value) -> Option<&'s str> {
        self.spec
            .schemas()
            .find(|(_, v)| std::ptr::eq(*v, schema))
            .map(|(k, _)| k.as_str())
    }
}

/// X of the spec's "X or null", `anyOf: [X, {enum: [null]}]`.
fn or_null(schema: &Value) -> Option<&Value> {
    let [a, b] = schema.get("anyOf")?.as_array()?.as_slice() else {
        return None;
    };
    let null_only = |v: &Value| v.get("enum").and_then(Value::as_array) == Some(&vec![Value::Null]);
    match (null_only(a), null_only(b)) {
        (false, true) => Some(a),
        (true, false) => Some(b),
        _ => None,
    }
}
