//! The JSON samples of the pages against the examples recorded in the spec.
//!
//! Both ways: every sample a page shows must be in the spec by value, attached to its operation,
//! with that page and line among its `x-sources` (or be listed in `spec/doc-defects.yaml`); every
//! `x-sources` entry that names a page of the run must point at a sample of that value.

use std::collections::BTreeMap;

use serde_json::Value;

use super::compare::{PageResult, SpecIndex};
use super::page::{Example, Page, Side};
use super::{Finding, FindingKind, RunInput};
use crate::oas_schema;
use crate::spec::{DEFECTS_PATH, Defect, schema_ref_name};

/// An example recorded in the spec.
pub struct SpecExample<'s> {
    pub name: String,
    /// operationId, or `responses/Error`.
    pub site: String,
    pub side: Side,
    pub value: &'s Value,
    pub sources: Vec<(String, usize)>,
}

pub fn spec_examples<'s>(idx: &SpecIndex<'s>) -> Vec<SpecExample<'s>> {
    let spec = idx.spec;
    let mut sites: Vec<(String, Side, &'s Value)> = Vec::new();
    for o in &idx.ops {
        if let Some(m) = o.op.request_media(spec) {
            sites.push((o.id.to_owned(), Side::Request, m));
        }
        if let Some(m) = o.op.success_media(spec) {
            sites.push((o.id.to_owned(), Side::Response, m));
        }
    }
    if let Some(m) = spec
        .root
        .pointer("/components/responses/Error/content/application~1json")
    {
        sites.push(("responses/Error".to_owned(), Side::Response, m));
    }
    let mut out = Vec::new();
    for (site, side, media) in sites {
        for (name, ex) in media
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let ex = idx.deref(ex);
            let name = ex_name(media, name);
            let Some(value) = ex.get("value") else {
                continue;
            };
            let sources = ex
                .get("x-sources")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|s| {
                    Some((
                        s.get("page")?.as_str()?.to_owned(),
                        s.get("line")?.as_u64()? as usize,
                    ))
                })
                .collect();
            out.push(SpecExample {
                name,
                site: site.clone(),
                side,
                value,
                sources,
            });
        }
    }
    out
}

fn ex_name(media: &Value, key: &str) -> String {
    media
        .pointer(&format!("/examples/{key}/$ref"))
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/examples/"))
        .unwrap_or(key)
        .to_owned()
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
    };
    norm(a) == norm(b)
}

/// An envelope with `successful: false` and an `error` is an error answer, whatever the page.
pub fn is_error_answer(v: &Value) -> bool {
    v.get("successful") == Some(&Value::Bool(false)) && v.get("error").is_some()
}

/// A sample that is valid, not a reviewed defect, and not in the spec yet: what `--sync` adds.
pub struct NewSample {
    pub page: String,
    pub lang: &'static str,
    pub line: usize,
    pub site: String,
    pub side: Side,
    pub ordered: super::json::Ordered,
    /// Already recorded (by value) under this example name: only the source is missing.
    pub existing: Option<String>,
}

pub struct Outcome {
    pub findings: Vec<Finding>,
    pub new_samples: Vec<NewSample>,
    /// (page, line) of every sample, with the doc-defects entry that covers it.
    pub defect_of: BTreeMap<(String, usize), usize>,
    pub samples: usize,
}

pub fn check(
    idx: &SpecIndex<'_>,
    input: &RunInput,
    results: &[PageResult],
    defects: &[Defect],
) -> Outcome {
    let recorded = spec_examples(idx);
    let components = idx
        .spec
        .root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut validators: BTreeMap<String, Result<jsonschema::Validator, String>> = BTreeMap::new();
    let mut out = Outcome {
        findings: Vec::new(),
        new_samples: Vec::new(),
        defect_of: BTreeMap::new(),
        samples: 0,
    };
    let in_run = |page: &str| input.pages.iter().any(|p| p.rel == page);

    for (page, res) in input.pages.iter().zip(results) {
        for ex in &page.examples {
            out.samples += 1;
            let op = page
                .op_at(ex.line)
                .and_then(|k| res.matched.get(k).copied().flatten())
                .map(|i| &idx.ops[i]);
            let defect = defects
                .iter()
                .find(|d| d.page == page.rel && d.line == ex.line);
            let mut found: Vec<Finding> = Vec::new();
            let value = ex.parsed.value.as_ref();
            // Where the sample belongs.
            let (site, schema) = match (value, op, ex.side) {
                (Some(v), _, _) if is_error_answer(v) => (
                    Some("responses/Error".to_owned()),
                    Some("ErrorResponse".to_owned()),
                ),
                (_, Some(op), Side::Request) => (
                    Some(op.id.to_owned()),
                    op.op
                        .request_media(idx.spec)
                        .and_then(schema_ref_name)
                        .map(str::to_owned),
                ),
                (_, Some(op), Side::Response) => (
                    Some(op.id.to_owned()),
                    op.op
                        .success_media(idx.spec)
                        .and_then(schema_ref_name)
                        .map(str::to_owned),
                ),
                _ => (None, None),
            };
            let scope = site.clone().unwrap_or_else(|| "(no operation)".to_owned());
            let mk =
                |kind: FindingKind, msg: String| Finding::new(kind, page, ex.line, &scope, "", msg);
            if let Some(err) = &ex.parsed.error {
                found.push(mk(
                    FindingKind::ExampleUnparseable,
                    format!("{} sample is not JSON: {err}", side_word(ex.side)),
                ));
            }
            for note in &ex.parsed.notes {
                found.push(mk(
                    FindingKind::ExampleGarbage,
                    format!("{} sample: {note}", side_word(ex.side)),
                ));
            }
            if let Some(v) = value {
                match (&site, &schema) {
                    (None, _) => found.push(mk(
                        FindingKind::ExampleUnattributed,
                        format!(
                            "cannot tell which operation and message this sample belongs to ({})",
                            if op.is_none() {
                                "no operation"
                            } else {
                                "neither request nor response"
                            }
                        ),
                    )),
                    (Some(site), Some(schema)) => {
                        let before = out.new_samples.len();
                        let validator = validators.entry(schema.clone()).or_insert_with(|| {
                            oas_schema::validator(
                                &components,
                                schema,
                                oas_schema::Formats::Annotate,
                            )
                        });
                        if let Ok(validator) = validator {
                            let errors: Vec<String> = validator
                                .iter_errors(v)
                                .map(|e| format!("{} {e}", e.instance_path()))
                                .take(3)
                                .collect();
                            if !errors.is_empty() {
                                found.push(mk(
                                    FindingKind::ExampleInvalid,
                                    format!(
                                        "{} sample does not match {schema}: {}",
                                        side_word(ex.side),
                                        errors.join("; ")
                                    ),
                                ));
                            }
                        }
                        check_recorded(
                            &recorded,
                            page,
                            ex,
                            site,
                            v,
                            &mut found,
                            &mut out,
                            defect.is_some(),
                        );
                        // Only samples that fit the schema are offered to `--sync`.
                        if found.iter().any(|f| f.kind == FindingKind::ExampleInvalid) {
                            out.new_samples.truncate(before);
                        }
                    }
                    (Some(site), None) => found.push(mk(
                        FindingKind::ExampleUnattributed,
                        format!(
                            "operation {site} has no {} body in the spec",
                            side_word(ex.side)
                        ),
                    )),
                }
            }
            if let Some(d) = defect {
                out.defect_of.insert((page.rel.clone(), ex.line), d.index);
                let tag = format!("{DEFECTS_PATH} #{}", d.index + 1);
                let d_op = if d.operation.starts_with("(none") {
                    "(no operation)"
                } else {
                    d.operation.as_str()
                };
                let mut mismatch = Vec::new();
                if !same_text(&d.raw, &ex.raw) {
                    mismatch.push("its raw text differs from the page".to_owned());
                }
                if d.kind != side_word(ex.side) && ex.side != Side::None {
                    mismatch.push(format!(
                        "it says {} but the page shows a {} sample",
                        d.kind,
                        side_word(ex.side)
                    ));
                }
                if d_op != scope && !(scope == "responses/Error" && d_op == "(no operation)") {
                    mismatch.push(format!(
                        "it names {} but the sample belongs to {scope}",
                        d.operation
                    ));
                }
                if found.is_empty() {
                    mismatch.push(
                        "the sample is fine and recorded: the entry is no longer needed".to_owned(),
                    );
                }
                for f in &mut found {
                    f.reviewed = Some(tag.clone());
                }
                if !mismatch.is_empty() {
                    found.push(mk(
                        FindingKind::DefectEntryStale,
                        format!("{tag} does not fit this sample: {}", mismatch.join("; ")),
                    ));
                }
            }
            out.findings.extend(found);
        }
    }

    // The other way: what the spec and the defects list cite must be on the pages.
    for ex in &recorded {
        for (page, line) in &ex.sources {
            let Some(p) = input.pages.iter().find(|p| &p.rel == page) else {
                continue;
            };
            let here = p.examples.iter().find(|e| e.line == *line);
            let problem = match here.and_then(|e| e.parsed.value.as_ref()) {
                None if here.is_none() => Some("the page has no sample at that line"),
                None => Some("the sample at that line is not JSON"),
                Some(v) if v != ex.value => Some("the sample at that line has a different value"),
                Some(_) => None,
            };
            if let Some(problem) = problem {
                out.findings.push(Finding::new(
                    FindingKind::SpecSourceStale,
                    p,
                    *line,
                    &ex.site,
                    "",
                    format!(
                        "spec example {} cites {page}:{line}, but {problem}",
                        ex.name
                    ),
                ));
            }
        }
    }
    for d in defects {
        if !in_run(&d.page) {
            continue;
        }
        let p = input
            .pages
            .iter()
            .find(|p| p.rel == d.page)
            .expect("in run");
        if !p.examples.iter().any(|e| e.line == d.line) {
            out.findings.push(Finding::new(
                FindingKind::DefectEntryStale,
                p,
                d.line,
                &d.operation,
                "",
                format!(
                    "{DEFECTS_PATH} #{} names a sample at line {}, but the page has none there",
                    d.index + 1,
                    d.line
                ),
            ));
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn check_recorded(
    recorded: &[SpecExample<'_>],
    page: &Page,
    ex: &Example,
    site: &str,
    v: &Value,
    found: &mut Vec<Finding>,
    out: &mut Outcome,
    is_defect: bool,
) {
    let mk = |kind: FindingKind, msg: String| Finding::new(kind, page, ex.line, site, "", msg);
    let same: Vec<&SpecExample> = recorded.iter().filter(|r| r.value == v).collect();
    // The error answer is attached as a response whatever the page calls its sample.
    let side = if site == "responses/Error" {
        Side::Response
    } else {
        ex.side
    };
    let at_site: Vec<&&SpecExample> = same
        .iter()
        .filter(|r| r.site == site && r.side == side)
        .collect();
    match at_site.first() {
        Some(r) => {
            let lines: Vec<usize> = r
                .sources
                .iter()
                .filter(|(p, _)| *p == page.rel)
                .map(|(_, l)| *l)
                .collect();
            if lines.is_empty() {
                found.push(mk(
                    FindingKind::ExampleSourceMissing,
                    format!(
                        "{} sample is recorded as {}, but its x-sources do not name this page",
                        side_word(ex.side),
                        r.name
                    ),
                ));
                if !is_defect && let Some(o) = &ex.parsed.ordered {
                    out.new_samples.push(NewSample {
                        page: page.rel.clone(),
                        lang: page.lang.as_str(),
                        line: ex.line,
                        site: site.to_owned(),
                        side: ex.side,
                        ordered: o.clone(),
                        existing: Some(r.name.clone()),
                    });
                }
            } else if !lines.contains(&ex.line) {
                found.push(mk(
                    FindingKind::ExampleSourceLine,
                    format!(
                        "{} sample is recorded as {}, whose x-sources give line {} for this page (the sample starts at line {})",
                        side_word(ex.side),
                        r.name,
                        lines.iter().map(usize::to_string).collect::<Vec<_>>().join(", "),
                        ex.line
                    ),
                ));
            }
        }
        None => {
            let elsewhere: Vec<String> = same
                .iter()
                .map(|r| format!("{} ({})", r.name, r.site))
                .collect();
            if !elsewhere.is_empty() {
                found.push(mk(
                    FindingKind::ExampleElsewhere,
                    format!(
                        "{} sample is recorded, but under {}",
                        side_word(ex.side),
                        elsewhere.join(", ")
                    ),
                ));
            } else {
                found.push(mk(
                    FindingKind::ExampleNotInSpec,
                    format!(
                        "{} sample is not among the spec's examples of {site} (by value)",
                        side_word(ex.side)
                    ),
                ));
                if !is_defect && let Some(o) = &ex.parsed.ordered {
                    out.new_samples.push(NewSample {
                        page: page.rel.clone(),
                        lang: page.lang.as_str(),
                        line: ex.line,
                        site: site.to_owned(),
                        side: ex.side,
                        ordered: o.clone(),
                        existing: None,
                    });
                }
            }
        }
    }
}

pub fn side_word(s: Side) -> &'static str {
    match s {
        Side::Request => "request",
        Side::Response => "response",
        Side::None => "unclassified",
    }
}
