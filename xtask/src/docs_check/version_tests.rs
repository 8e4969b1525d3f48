//! Version-aware findings on small pages: a page is judged by the OCP version of its folder
//! (or `--ocp-version`) against the spec's `x-ocp-since` / `x-ocp-until`.

use super::page::{self, Page};
use super::{Finding, FindingKind, Timings, check_pages, reviewed};
use crate::spec::{OcpVersion, Spec};

/// Two operations: `getThing` in every version, `getNewThing` only from 4.3.0. `Thing.color` is
/// first in 4.3.0; `Thing.legacy` is gone from 4.3.0 on.
fn spec() -> Spec {
    let text = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /api/v2/things/{id}:
    get:
      operationId: getThing
      x-ocp-since: "4.0.0"
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        '200':
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
  /api/v2/newThings/{id}:
    get:
      operationId: getNewThing
      x-ocp-since: "4.3.0"
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        '200':
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        name: {type: string}
        color: {type: string, x-ocp-since: "4.3.0"}
        legacy: {type: string, x-ocp-until: "4.3.0"}
"##;
    Spec {
        root: yaml_serde::from_str(text).unwrap(),
    }
}

/// A page documenting `GET path` with a response table of `rows` (name, type).
fn page_text(path: &str, rows: &[&str]) -> String {
    let mut text = format!(
        "# Get a thing\n\n### Request path\n\n`GET {path}`\n\n### Response parameters\n\n| Parameter | Type | Description |\n|---|---|---|\n"
    );
    for r in rows {
        text.push_str(&format!("| {r} | String | A member. |\n"));
    }
    text
}

fn run(pages: Vec<Page>, reviewed_list: &str) -> Vec<Finding> {
    let (entries, problems) = reviewed::parse(reviewed_list).unwrap();
    check_pages(
        &spec(),
        pages,
        &[],
        &entries,
        &problems,
        &mut Timings::new(),
    )
    .findings
}

fn new_of(findings: &[Finding], kind: FindingKind) -> Vec<(&str, &str)> {
    findings
        .iter()
        .filter(|f| f.kind == kind && f.reviewed.is_none())
        .map(|f| (f.page.as_str(), f.field.as_str()))
        .collect()
}

#[test]
fn the_folder_names_the_version() {
    let v = |rel: &str| page::version_of_path(rel).map(|v| v.to_string());
    assert_eq!(v("older/V4.2.2/en-US/100.x.md").as_deref(), Some("4.2.2"));
    assert_eq!(
        v("older/V4.0.0/zh-CN/general/100.x.md").as_deref(),
        Some("4.0.0")
    );
    assert_eq!(v("4.3/en-US/100.x.md").as_deref(), Some("4.3.0"));
    assert_eq!(v("seed/001_4.2.2.txt"), None, "a file name is not a folder");
    assert_eq!(v("supporting/en-US/100.query-clusters.md"), None);
}

#[test]
fn a_field_newer_than_the_page_is_expected_absent_and_a_dropped_one_expected_present() {
    let old = page::parse(
        "older/V4.2.2/en-US/t.md",
        &page_text("/api/v2/things/{id}", &["name", "legacy"]),
    );
    let new = page::parse(
        "4.3/en-US/t.md",
        &page_text("/api/v2/things/{id}", &["name", "color"]),
    );
    let f = run(vec![old, new], "");
    // 4.2.2 lacks color (first in 4.3.0) and 4.3 lacks legacy (gone from 4.3.0): no finding.
    assert_eq!(
        new_of(&f, FindingKind::FieldMissingInDocs),
        vec![],
        "{f:#?}"
    );
    assert_eq!(new_of(&f, FindingKind::FieldVersion), vec![]);

    // Without the version rules the same pages would miss members: the 4.3 page alone lacks
    // nothing of 4.3, but a 4.3 page that also lacks color is a finding.
    let bare = page::parse(
        "4.3/en-US/t.md",
        &page_text("/api/v2/things/{id}", &["name"]),
    );
    let f = run(vec![bare], "");
    assert_eq!(
        new_of(&f, FindingKind::FieldMissingInDocs),
        vec![("4.3/en-US/t.md", "response.color")]
    );
}

#[test]
fn a_field_the_page_shows_but_the_spec_says_is_newer_is_a_finding() {
    let old = page::parse(
        "older/V4.2.2/en-US/t.md",
        &format!(
            "{}\n### Sample response\n\n```json\n{{\"name\": \"a\", \"legacy\": \"b\"}}\n```\n",
            page_text("/api/v2/things/{id}", &["name", "color"])
        ),
    );
    let new = page::parse(
        "4.3/en-US/t.md",
        &page_text("/api/v2/things/{id}", &["name", "color", "legacy"]),
    );
    let f = run(vec![old, new], "");
    let version = new_of(&f, FindingKind::FieldVersion);
    assert!(
        version.contains(&("older/V4.2.2/en-US/t.md", "response.color")),
        "{f:#?}"
    );
    assert!(
        version.contains(&("4.3/en-US/t.md", "response.legacy")),
        "{f:#?}"
    );
    assert_eq!(version.len(), 2, "{version:?}");
    let message = &f
        .iter()
        .find(|x| x.kind == FindingKind::FieldVersion && x.page.starts_with("older/"))
        .unwrap()
        .message;
    assert!(
        message.contains("OCP 4.2.2") && message.contains("first in OCP 4.3.0"),
        "{message}"
    );
}

#[test]
fn an_operation_newer_than_the_page_is_a_finding() {
    let old = page::parse(
        "older/V4.2.2/en-US/t.md",
        &page_text("/api/v2/newThings/{id}", &["name"]),
    );
    let f = run(vec![old], "");
    assert_eq!(
        new_of(&f, FindingKind::OperationVersion),
        vec![("older/V4.2.2/en-US/t.md", "")]
    );
    // The same page given as 4.3.0 (`--ocp-version` for a folder that names none).
    let mut unnamed = page::parse(
        "mine/t.md",
        &page_text("/api/v2/newThings/{id}", &["name", "color"]),
    );
    assert_eq!(unnamed.version, None);
    unnamed.version = OcpVersion::parse("4.3.0");
    let f = run(vec![unnamed], "");
    assert_eq!(new_of(&f, FindingKind::OperationVersion), vec![]);
    let mut unnamed = page::parse(
        "mine/t.md",
        &page_text("/api/v2/newThings/{id}", &["name", "color"]),
    );
    unnamed.version = OcpVersion::parse("4.0.3");
    let f = run(vec![unnamed], "");
    assert_eq!(
        new_of(&f, FindingKind::OperationVersion),
        vec![("mine/t.md", "")]
    );
}

#[test]
fn one_review_by_version_covers_both_languages_and_goes_stale_when_fixed() {
    let pages = || {
        ["en-US", "zh-CN"]
            .map(|lang| {
                page::parse(
                    &format!("older/V4.2.2/{lang}/t.md"),
                    &page_text("/api/v2/things/{id}", &["name", "color"]),
                )
            })
            .into_iter()
            .collect::<Vec<_>>()
    };
    let review = r#"
- kind: field-version
  operation: getThing
  versions: ["4.2.2"]
  field: response.color
  wrong: "The 4.2.2 tables list color, which no 4.2.2 sample sends."
  why: "The 4.3 reference is the first whose samples carry it; the spec says first in 4.3.0."
"#;
    let f = run(pages(), review);
    let version: Vec<&Finding> = f
        .iter()
        .filter(|x| x.kind == FindingKind::FieldVersion)
        .collect();
    assert_eq!(version.len(), 2, "{f:#?}");
    assert!(version.iter().all(|x| x.reviewed.is_some()), "{version:#?}");
    assert_eq!(new_of(&f, FindingKind::ReviewedEntryStale), vec![]);

    // Pages of 4.2.2 that no longer show it: the review matches nothing and is stale.
    let fixed = ["en-US", "zh-CN"]
        .map(|lang| {
            page::parse(
                &format!("older/V4.2.2/{lang}/t.md"),
                &page_text("/api/v2/things/{id}", &["name"]),
            )
        })
        .into_iter()
        .collect();
    let f = run(fixed, review);
    let stale: Vec<&Finding> = f
        .iter()
        .filter(|x| x.kind == FindingKind::ReviewedEntryStale)
        .collect();
    assert!(!stale.is_empty(), "{f:#?}");
    assert!(stale.iter().all(|x| x.message.contains("#1")), "{stale:#?}");
    // A review by versions must say what it covers.
    let (_, problems) = reviewed::parse(
        "- kind: field-version\n  versions: [\"4.2.2\"]\n  wrong: \"The tables list a member the version lacks.\"\n  why: \"The spec says the member is newer than this version.\"\n",
    )
    .unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
}
