//! Loading the spec and walking its operations.

use std::path::{Path, PathBuf};

use serde_json::Value;

pub type Error = Box<dyn std::error::Error>;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

pub const SPEC_PATH: &str = "spec/ocp-backup.yaml";
pub const DEFECTS_PATH: &str = "spec/doc-defects.yaml";

pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The spec as a plain JSON tree: every check walks this, so that nothing the typed
/// `openapiv3` model silently drops (extensions, dangling `$ref`s) escapes them.
pub struct Spec {
    pub root: Value,
}

impl Spec {
    pub fn load() -> Result<Spec, Error> {
        let path = workspace_root().join(SPEC_PATH);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let root: Value = yaml_serde::from_str(&text).map_err(|e| format!("{SPEC_PATH}: {e}"))?;
        Ok(Spec { root })
    }

    pub fn openapi(&self) -> Result<openapiv3::OpenAPI, Error> {
        Ok(serde_json::from_value(self.root.clone())
            .map_err(|e| format!("{SPEC_PATH} is not OpenAPI 3.0: {e}"))?)
    }

    pub fn operations(&self) -> Vec<Operation<'_>> {
        let mut out = Vec::new();
        if let Some(paths) = self.root.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                for method in METHODS {
                    if let Some(op) = item.get(method) {
                        out.push(Operation {
                            path,
                            method,
                            value: op,
                        });
                    }
                }
            }
        }
        out
    }

    /// Follows a local `$ref` (`#/a/b`) if `v` is one; other values are returned as they are.
    pub fn deref<'a>(&'a self, v: &'a Value) -> Option<&'a Value> {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => self.pointer(r),
            None => Some(v),
        }
    }

    pub fn pointer(&self, reference: &str) -> Option<&Value> {
        reference
            .strip_prefix('#')
            .and_then(|p| self.root.pointer(p))
    }

    pub fn schemas(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.root
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
    }
}

pub struct Operation<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub value: &'a Value,
}

impl<'a> Operation<'a> {
    pub fn id(&self) -> Option<&'a str> {
        self.value.get("operationId").and_then(Value::as_str)
    }

    pub fn label(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }

    /// The JSON media type object of the request body, if any.
    pub fn request_media(&self, spec: &'a Spec) -> Option<&'a Value> {
        let body = spec.deref(self.value.get("requestBody")?)?;
        body.pointer("/content/application~1json")
    }

    /// The JSON media type object of the success response.
    pub fn success_media(&self, spec: &'a Spec) -> Option<&'a Value> {
        self.success_content(spec)
            .filter(|(media_type, _)| *media_type == "application/json")
            .map(|(_, media)| media)
    }

    /// The media type and media type object of the success response: JSON, or plain text for
    /// the operations that answer with a bare value (`getServerTime`).
    pub fn success_content(&self, spec: &'a Spec) -> Option<(&'static str, &'a Value)> {
        let responses = self.value.get("responses")?.as_object()?;
        let (_, resp) = responses.iter().find(|(code, _)| code.starts_with('2'))?;
        let content = spec.deref(resp)?.get("content")?;
        ["application/json", "text/plain"]
            .into_iter()
            .find_map(|t| content.get(t).map(|media| (t, media)))
    }
}

/// Which body of an operation an example belongs to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Request,
    Response,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Request => "request",
            Kind::Response => "response",
        }
    }
}

/// The named component schema a media type points at (`$ref: '#/components/schemas/X'` → `X`).
pub fn schema_ref_name(media: &Value) -> Option<&str> {
    media
        .pointer("/schema/$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
}

/// An entry of `spec/doc-defects.yaml`: a doc sample reviewed and left out of the spec.
pub struct Defect {
    pub index: usize,
    pub page: String,
    pub lang: String,
    pub line: usize,
    pub operation: String,
    pub kind: String,
    pub reason: String,
    pub raw: String,
}

pub fn load_defects() -> Result<Vec<Defect>, Error> {
    let path = workspace_root().join(DEFECTS_PATH);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{DEFECTS_PATH}: {e}"))?;
    let list: Value = yaml_serde::from_str(&text).map_err(|e| format!("{DEFECTS_PATH}: {e}"))?;
    let items = list
        .as_array()
        .ok_or_else(|| format!("{DEFECTS_PATH}: expected a list"))?;
    let s = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_owned()
    };
    Ok(items
        .iter()
        .enumerate()
        .map(|(i, v)| Defect {
            index: i,
            page: s(v, "page"),
            lang: s(v, "lang"),
            line: v.get("line").and_then(Value::as_u64).unwrap_or(0) as usize,
            operation: s(v, "operationId"),
            kind: s(v, "kind"),
            reason: s(v, "reason"),
            raw: s(v, "raw"),
        })
        .collect())
}

/// An OCP version as the spec writes it in `x-ocp-since` / `x-ocp-until`: `major.minor.patch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OcpVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl OcpVersion {
    pub const fn new(major: u32, minor: u32, patch: u32) -> OcpVersion {
        OcpVersion {
            major,
            minor,
            patch,
        }
    }

    /// Exactly `major.minor.patch` (the spec's form; OCP's own build strings are parsed
    /// leniently by the client, not here).
    pub fn parse(text: &str) -> Option<OcpVersion> {
        let mut parts = text.split('.').map(|p| {
            (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u32>().ok())
                .flatten()
        });
        let (Some(Some(major)), Some(Some(minor)), Some(Some(patch)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        Some(OcpVersion::new(major, minor, patch))
    }
}

impl std::fmt::Display for OcpVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// `x-ocp-since` / `x-ocp-until` (`key`) of a spec object, checked to be `major.minor.patch`.
pub fn version_key(v: &Value, key: &str, label: &str) -> Result<Option<OcpVersion>, Error> {
    match v.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => OcpVersion::parse(s)
            .map(Some)
            .ok_or_else(|| format!("{label}: {key} {s:?} is not major.minor.patch").into()),
        Some(other) => Err(format!("{label}: {key} must be a quoted string, not {other}").into()),
    }
}

pub const SINCE: &str = "x-ocp-since";
pub const UNTIL: &str = "x-ocp-until";

impl Operation<'_> {
    /// The first OCP version whose docs show the operation.
    pub fn since(&self) -> Result<Option<OcpVersion>, Error> {
        version_key(self.value, SINCE, &self.label())
    }

    /// The first OCP version whose docs no longer show it.
    pub fn until(&self) -> Result<Option<OcpVersion>, Error> {
        version_key(self.value, UNTIL, &self.label())
    }
}

/// A property of a named schema that carries `x-ocp-since` and/or `x-ocp-until`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionedField {
    pub schema: String,
    pub property: String,
    pub since: Option<OcpVersion>,
    pub until: Option<OcpVersion>,
}

/// The properties (of named schemas, directly or through their `allOf` members) that not every
/// OCP version has, sorted by schema and property.
pub fn versioned_fields(spec: &Spec) -> Result<Vec<VersionedField>, Error> {
    let mut out = Vec::new();
    for (name, schema) in spec.schemas() {
        let mut stack = vec![schema];
        while let Some(s) = stack.pop() {
            for (prop, ps) in s
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let label = format!("schema {name} property {prop}");
                let since = version_key(ps, SINCE, &label)?;
                let until = version_key(ps, UNTIL, &label)?;
                if since.is_some() || until.is_some() {
                    if let (Some(s), Some(u)) = (since, until)
                        && u <= s
                    {
                        return Err(format!("{label}: {UNTIL} {u} is not after {SINCE} {s}").into());
                    }
                    out.push(VersionedField {
                        schema: name.clone(),
                        property: prop.clone(),
                        since,
                        until,
                    });
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
    out.sort_by(|a, b| (&a.schema, &a.property).cmp(&(&b.schema, &b.property)));
    out.dedup_by(|a, b| a.schema == b.schema && a.property == b.property);
    Ok(out)
}
