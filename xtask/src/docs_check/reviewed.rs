//! `spec/doc-findings.yaml`: findings of docs-check that were reviewed and explained.
//!
//! Each entry names the finding kind(s), the page(s), the field(s) where the finding is about a
//! field, what is wrong in the docs and why the spec differs. A finding an entry covers is
//! reported as reviewed. An entry must keep matching: each of its pages that is part of the run
//! must have a finding it covers, and so must each of its fields once all its pages are in the
//! run; otherwise the entry is stale, which fails the run like a new finding.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Finding, KINDS};
use crate::spec::{Error, workspace_root};

pub const FINDINGS_PATH: &str = "spec/doc-findings.yaml";

pub struct Entry {
    pub index: usize,
    /// The entry itself is malformed (reported as such; not judged for staleness).
    pub invalid: bool,
    pub kinds: Vec<String>,
    pub pages: Vec<String>,
    pub fields: Vec<String>,
    pub operation: Option<String>,
}

/// Kinds that are about the lists themselves; no entry can cover them.
const META: [&str; 3] = [
    "reviewed-entry-stale",
    "defect-entry-stale",
    "spec-source-stale",
];

fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// The entries, and what is wrong with the file itself (each such problem fails the run).
pub fn load() -> Result<(Vec<Entry>, Vec<String>), Error> {
    let path = workspace_root().join(FINDINGS_PATH);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), Vec::new())),
        Err(e) => return Err(format!("{FINDINGS_PATH}: {e}").into()),
    };
    parse(&text)
}

/// Entries and problems of a reviewed list given as text.
pub fn parse(text: &str) -> Result<(Vec<Entry>, Vec<String>), Error> {
    let list: Value = yaml_serde::from_str(text).map_err(|e| format!("{FINDINGS_PATH}: {e}"))?;
    let items = match &list {
        Value::Array(items) => items.as_slice(),
        Value::Null => &[],
        _ => return Err(format!("{FINDINGS_PATH}: expected a list").into()),
    };
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        let kinds = strings(item.get("kind"));
        let mut pages = strings(item.get("pages"));
        pages.extend(strings(item.get("page")));
        let mut fields = strings(item.get("fields"));
        fields.extend(strings(item.get("field")));
        if kinds.is_empty() {
            problems.push(format!("{FINDINGS_PATH} #{n}: no kind"));
        }
        for k in &kinds {
            if !KINDS.contains(&k.as_str()) || META.contains(&k.as_str()) {
                problems.push(format!(
                    "{FINDINGS_PATH} #{n}: `{k}` is not a finding kind an entry can cover"
                ));
            }
        }
        if pages.is_empty() {
            problems.push(format!("{FINDINGS_PATH} #{n}: no page"));
        }
        for key in ["wrong", "why"] {
            let ok = item
                .get(key)
                .and_then(Value::as_str)
                .is_some_and(|s| s.trim().len() >= 20);
            if !ok {
                problems.push(format!(
                    "{FINDINGS_PATH} #{n}: `{key}` must say, in a sentence, {}",
                    if key == "wrong" {
                        "what is wrong in the docs"
                    } else {
                        "why the spec differs"
                    }
                ));
            }
        }
        let invalid = problems.iter().any(|p| p.contains(&format!(" #{n}:")));
        entries.push(Entry {
            index: i,
            invalid,
            kinds,
            pages,
            fields,
            operation: item
                .get("operation")
                .and_then(Value::as_str)
                .map(str::to_owned),
        });
    }
    Ok((entries, problems))
}

fn covers(e: &Entry, f: &Finding) -> bool {
    !META.contains(&f.kind)
        && e.kinds.iter().any(|k| k == f.kind)
        && e.pages.contains(&f.page)
        && (e.fields.is_empty() || e.fields.contains(&f.field))
        && e.operation.as_ref().is_none_or(|o| *o == f.operation)
}

/// Marks the findings the entries cover; returns one finding per stale entry part.
pub fn apply(
    entries: &[Entry],
    findings: &mut [Finding],
    in_run: &BTreeSet<String>,
) -> Vec<Finding> {
    let mut hits: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    for (fi, f) in findings.iter_mut().enumerate() {
        if f.reviewed.is_some() {
            continue;
        }
        if let Some(e) = entries.iter().find(|e| covers(e, f)) {
            f.reviewed = Some(format!("{FINDINGS_PATH} #{}", e.index + 1));
            hits[e.index].push(fi);
        }
    }
    let mut stale = Vec::new();
    for e in entries.iter().filter(|e| !e.invalid) {
        let matched: Vec<&Finding> = hits[e.index].iter().map(|&i| &findings[i]).collect();
        let tag = format!("{FINDINGS_PATH} #{}", e.index + 1);
        for p in e.pages.iter().filter(|p| in_run.contains(*p)) {
            if !matched.iter().any(|f| f.page == *p) {
                stale.push(Finding::stale(
                    p,
                    format!(
                        "{tag} ({} {}) matches nothing on this page any more",
                        e.kinds.join("/"),
                        if e.fields.is_empty() {
                            "-".to_owned()
                        } else {
                            e.fields.join(", ")
                        }
                    ),
                ));
            }
        }
        if e.pages.iter().all(|p| in_run.contains(p)) {
            for field in &e.fields {
                if !matched.iter().any(|f| f.field == *field) {
                    stale.push(Finding::stale(
                        &e.pages[0],
                        format!("{tag}: field {field} matches no finding any more"),
                    ));
                }
            }
        }
    }
    stale
}
