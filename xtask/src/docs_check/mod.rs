//! `cargo xtask docs-check`: hold the spec against raw OCP doc pages.
//!
//! For each page (file or folder, recursively): its format and language (`page.rs`), the
//! operation it documents, its parameter tables (`table.rs`) and JSON samples (`json.rs`); then
//! the page against the spec operation (`compare.rs`), the samples against the spec's recorded
//! examples (`samples.rs`), zh-CN against en-US twins (`twins.rs`), and the findings against the
//! reviewed lists (`reviewed.rs`, `spec/doc-defects.yaml`). `report.rs` prints, `sync.rs` records
//! new samples with `--sync`.

pub mod compare;
pub mod json;
pub mod page;
pub mod report;
pub mod reviewed;
pub mod samples;
pub mod spec_view;
pub mod sync;
pub mod table;
pub mod twins;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::Args;
use crate::spec::{Defect, Error, SPEC_PATH, Spec, load_defects, workspace_root};
use compare::SpecIndex;
use page::{Kind, Page};

/// Every kind of finding, as reported and as named in `spec/doc-findings.yaml`.
pub const KINDS: [&str; 34] = [
    "unknown-format",
    "unparsable-page",
    "table-broken",
    "table-unlinked",
    "operation-missing",
    "path-mismatch",
    "param-missing-in-spec",
    "param-missing-in-docs",
    "param-location",
    "field-missing-in-spec",
    "field-missing-in-docs",
    "field-nesting",
    "field-duplicate",
    "structure-nesting",
    "type-mismatch",
    "required-mismatch",
    "enum-value-missing",
    "example-unparseable",
    "example-garbage",
    "example-invalid",
    "example-unattributed",
    "example-not-in-spec",
    "example-elsewhere",
    "example-source-missing",
    "example-source-line",
    "twin-fields",
    "twin-type",
    "twin-required",
    "twin-example",
    "spec-source-stale",
    "defect-entry-stale",
    "reviewed-entry-stale",
    "reviewed-list-invalid",
    "no-pages",
];

/// One thing a page says that the spec (or its twin, or a reviewed list) does not.
#[derive(Clone, Debug)]
pub struct Finding {
    pub kind: &'static str,
    pub page: String,
    pub line: usize,
    pub lang: &'static str,
    /// operationId, `METHOD path` when the spec lacks it, `schema X`, or empty for the page.
    pub operation: String,
    /// Where in the operation: `body.x.y`, `response.data.z`, `query.q`, or empty.
    pub field: String,
    pub message: String,
    /// The reviewed list entry that explains it.
    pub reviewed: Option<String>,
}

impl Finding {
    pub fn new(
        kind: &'static str,
        page: &Page,
        line: usize,
        operation: &str,
        field: &str,
        message: String,
    ) -> Finding {
        debug_assert!(KINDS.contains(&kind), "{kind}");
        Finding {
            kind,
            page: page.rel.clone(),
            line,
            lang: page.lang.as_str(),
            operation: operation.to_owned(),
            field: field.to_owned(),
            message,
            reviewed: None,
        }
    }

    fn stale(page: &str, message: String) -> Finding {
        Finding {
            kind: "reviewed-entry-stale",
            page: page.to_owned(),
            line: 0,
            lang: "",
            operation: String::new(),
            field: String::new(),
            message,
            reviewed: None,
        }
    }
}

/// The pages of a run.
pub struct RunInput {
    pub pages: Vec<Page>,
}

/// Everything a run found.
pub struct Outcome {
    pub pages: Vec<Page>,
    pub findings: Vec<Finding>,
    pub ops_matched: usize,
    pub ops_found: usize,
    pub samples: usize,
    /// (operationId, `METHOD path`) of the spec, in spec order.
    pub op_labels: Vec<(String, String)>,
    /// operationId → the pages documenting it.
    pub op_pages: BTreeMap<String, Vec<String>>,
    /// Spec operations no page of the run documents.
    pub uncovered: Vec<String>,
    pub new_samples: Vec<samples::NewSample>,
}

/// The corpus root a page path is named relative to (the folder holding `INDEX.md`).
fn corpus_root(path: &Path) -> Option<PathBuf> {
    let start = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent()?.to_path_buf()
    };
    start
        .ancestors()
        .find(|a| a.join("INDEX.md").is_file())
        .map(Path::to_path_buf)
}

/// The files of the given paths, recursively and sorted, each with its corpus-relative name.
pub fn collect(paths: &[String]) -> Result<Vec<(PathBuf, String)>, Error> {
    let mut out = Vec::new();
    for p in paths {
        let path = PathBuf::from(p);
        if !path.exists() {
            return Err(format!("{p}: no such file or folder").into());
        }
        let root = corpus_root(&path);
        let mut files = Vec::new();
        walk_dir(&path, &mut files)?;
        files.sort();
        for f in files {
            let rel = root
                .as_ref()
                .and_then(|r| f.strip_prefix(r).ok())
                .map_or_else(|| f.display().to_string(), |r| r.display().to_string())
                .replace('\\', "/");
            if !out.iter().any(|(_, r)| *r == rel) {
                out.push((f, rel));
            }
        }
    }
    Ok(out)
}

fn walk_dir(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    if path.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let entries = std::fs::read_dir(path).map_err(|e| format!("{}: {e}", path.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", path.display()))?;
        let p = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        walk_dir(&p, out)?;
    }
    Ok(())
}

pub struct Timings {
    last: Instant,
    pub rows: Vec<(&'static str, u128)>,
}

impl Timings {
    fn new() -> Self {
        Timings {
            last: Instant::now(),
            rows: Vec::new(),
        }
    }
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.rows
            .push((name, now.duration_since(self.last).as_micros()));
        self.last = now;
    }
}

/// Checks the pages against a spec; the whole comparison, without printing.
pub fn check_pages(
    spec: &Spec,
    pages: Vec<Page>,
    defects: &[Defect],
    entries: &[reviewed::Entry],
    list_problems: &[String],
    t: &mut Timings,
) -> Outcome {
    let idx = SpecIndex::new(spec);
    let input = RunInput { pages };
    let mut findings: Vec<Finding> = Vec::new();
    if input.pages.is_empty() {
        findings.push(Finding::stale("-", "no pages to check".to_owned()));
        findings[0].kind = "no-pages";
    }
    for p in &input.pages {
        match &p.kind {
            Kind::Unknown(why) => findings.push(Finding::new(
                "unknown-format",
                p,
                1,
                "",
                "",
                format!("unknown format: {why}"),
            )),
            Kind::Unreadable(why) => findings.push(Finding::new(
                "unparsable-page",
                p,
                1,
                "",
                "",
                format!("cannot parse the page: {why}"),
            )),
            _ => {}
        }
        for (line, why) in &p.problems {
            findings.push(Finding::new(
                "table-broken",
                p,
                *line,
                "",
                "",
                format!("table row not read: {why}"),
            ));
        }
    }
    let results: Vec<compare::PageResult> = input
        .pages
        .iter()
        .map(|p| compare::compare_page(&idx, p))
        .collect();
    t.lap("compare");
    for r in &results {
        findings.extend(r.findings.iter().cloned());
    }
    findings.extend(compare::missing_in_docs(&idx, &input.pages, &results));
    let sample_outcome = samples::check(&idx, &input, &results, defects);
    findings.extend(sample_outcome.findings);
    t.lap("samples");
    let twin_findings = twins::check(&idx, &input, &results, &findings, &sample_outcome.defect_of);
    findings.extend(twin_findings);
    t.lap("twins");

    let in_run: BTreeSet<String> = input.pages.iter().map(|p| p.rel.clone()).collect();
    let stale = reviewed::apply(entries, &mut findings, &in_run);
    findings.extend(stale);
    for problem in list_problems {
        let mut f = Finding::stale(reviewed::FINDINGS_PATH, problem.clone());
        f.kind = "reviewed-list-invalid";
        findings.push(f);
    }
    t.lap("reviewed");

    let mut op_pages: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut found: BTreeSet<String> = BTreeSet::new();
    let mut matched: BTreeSet<String> = BTreeSet::new();
    for (p, r) in input.pages.iter().zip(&results) {
        for (dop, m) in p.ops.iter().zip(&r.matched) {
            let key = match m {
                Some(i) => {
                    matched.insert(idx.ops[*i].id.to_owned());
                    idx.ops[*i].id.to_owned()
                }
                None => format!("{} {}", dop.method, dop.path),
            };
            found.insert(key.clone());
            op_pages.entry(key).or_default().push(format!(
                "{} ({}, {}, line {})",
                p.rel,
                p.lang.as_str(),
                p.format.as_str(),
                dop.line
            ));
        }
    }
    let op_labels: Vec<(String, String)> = idx
        .ops
        .iter()
        .map(|o| (o.id.to_owned(), o.op.label()))
        .collect();
    let uncovered = op_labels
        .iter()
        .filter(|(id, _)| !matched.contains(id))
        .map(|(id, _)| id.clone())
        .collect();
    findings.sort_by(|a, b| {
        (&a.operation, &a.page, a.line, a.kind).cmp(&(&b.operation, &b.page, b.line, b.kind))
    });
    Outcome {
        ops_matched: matched.len(),
        ops_found: found.len(),
        samples: sample_outcome.samples,
        pages: input.pages,
        findings,
        op_labels,
        op_pages,
        uncovered,
        new_samples: sample_outcome.new_samples,
    }
}

/// Reads, parses and checks the given paths against the spec in the workspace.
pub fn check_paths(paths: &[String], t: &mut Timings) -> Result<Outcome, Error> {
    // `DOCS_CHECK_SPEC=other.yaml` tries a spec edit before it is made (the reviewed lists stay
    // those of the workspace).
    let spec = match std::env::var_os("DOCS_CHECK_SPEC") {
        Some(p) => {
            let text = std::fs::read_to_string(&p)
                .map_err(|e| format!("{}: {e}", PathBuf::from(&p).display()))?;
            Spec {
                root: yaml_serde::from_str(&text)
                    .map_err(|e| format!("{}: {e}", PathBuf::from(&p).display()))?,
            }
        }
        None => Spec::load()?,
    };
    let defects = load_defects()?;
    let (entries, problems) = reviewed::load()?;
    t.lap("load spec+lists");
    let files = collect(paths)?;
    let pages: Vec<Page> = files.iter().map(|(f, rel)| page::read(f, rel)).collect();
    t.lap("read+parse pages");
    Ok(check_pages(&spec, pages, &defects, &entries, &problems, t))
}

pub fn run(args: &Args) -> Result<(), Error> {
    if args.positional.is_empty() {
        return Err("docs-check needs at least one PATH (a doc page or a folder of pages)".into());
    }
    let mut t = Timings::new();
    let mut outcome = check_paths(&args.positional, &mut t)?;
    if args.flag("--sync") {
        let spec_path = std::env::var_os("DOCS_CHECK_SPEC")
            .map_or_else(|| workspace_root().join(SPEC_PATH), PathBuf::from);
        let text = std::fs::read_to_string(&spec_path).map_err(|e| format!("{SPEC_PATH}: {e}"))?;
        match sync::apply(&text, &outcome.new_samples)? {
            None => eprintln!("--sync: the spec already records every sample found"),
            Some((new_text, log)) => {
                std::fs::write(&spec_path, new_text).map_err(|e| format!("{SPEC_PATH}: {e}"))?;
                for l in &log {
                    eprintln!("--sync: {l}");
                }
                eprintln!(
                    "--sync: {} change(s) written to {SPEC_PATH} for review; checking again",
                    log.len()
                );
                t = Timings::new();
                outcome = check_paths(&args.positional, &mut t)?;
            }
        }
    }
    t.lap("report");
    let timings = if args.flag("--timings") {
        t.rows.clone()
    } else {
        Vec::new()
    };
    if args.flag("--json") {
        let v = report::json(&outcome, &t.rows);
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print!("{}", report::text(&outcome, &timings));
    }
    let new = outcome
        .findings
        .iter()
        .filter(|f| f.reviewed.is_none())
        .count();
    if new == 0 {
        Ok(())
    } else {
        Err(format!(
            "{new} new finding(s): fix the spec, or review them in {}",
            reviewed::FINDINGS_PATH
        )
        .into())
    }
}
