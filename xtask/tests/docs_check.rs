//! `cargo xtask docs-check` over the real OCP doc corpus (`../shared/ocp-docs`, beside the
//! workspace), when it is there.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The folders of the corpus the spec is written from (OCP 4.3 and the supporting pages), as
/// CI checks them. `older/` (4.2.2, 4.0.0) needs the version-aware check of issue 19.
fn corpus() -> Option<Vec<String>> {
    let c = workspace().join("../shared/ocp-docs");
    if c.join("INDEX.md").is_file() {
        Some(
            ["4.3", "seed", "supporting", "errors"]
                .iter()
                .map(|f| c.join(f).to_string_lossy().into_owned())
                .collect(),
        )
    } else {
        eprintln!("skipped: {} is not there", c.display());
        None
    }
}

/// `flags` followed by the corpus folders.
fn with_corpus<'a>(flags: &[&'a str], corpus: &'a [String]) -> Vec<&'a str> {
    flags
        .iter()
        .copied()
        .chain(corpus.iter().map(String::as_str))
        .collect()
}

fn docs_check(args: &[&str], spec: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xtask"));
    cmd.current_dir(workspace()).arg("docs-check").args(args);
    if let Some(s) = spec {
        cmd.env("DOCS_CHECK_SPEC", s);
    }
    cmd.output().expect("runs xtask")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn reviewed(v: &Value, kind: &str, page: &str) -> bool {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["kind"] == kind && f["page"] == page && f["status"] == "reviewed")
}

#[test]
fn green_over_every_page_of_the_corpus() {
    let Some(corpus) = corpus() else { return };
    let out = docs_check(&with_corpus(&["--json"], &corpus), None);
    let v = json(&out);
    let s = &v["summary"];
    let new: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["status"] == "new")
        .map(|f| {
            format!(
                "{} {}:{} {} — {}",
                f["kind"], f["page"], f["line"], f["field"], f["message"]
            )
        })
        .collect();
    assert!(new.is_empty(), "new findings:\n{}", new.join("\n"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // 68 reference pages, 6 supporting, 5 seed and 2 error tables.
    assert_eq!(s["pages"], 81);
    assert_eq!(
        (
            s["operations_matched"].as_u64(),
            s["operations_found"].as_u64()
        ),
        (Some(33), Some(33))
    );
    assert_eq!(s["spec_operations_without_page"], serde_json::json!([]));
    assert_eq!(s["samples"], 104);
    assert_eq!(s["findings_reviewed"], 150);
    // Every page is read: no unknown format, nothing unparsable, no broken table row.
    for p in v["pages"].as_array().unwrap() {
        let kind = p["kind"].as_str().unwrap();
        assert!(
            !kind.contains("UNKNOWN") && !kind.contains("CANNOT"),
            "{}: {kind}",
            p["page"]
        );
        assert_eq!(p["problems"], serde_json::json!([]), "{}", p["page"]);
    }
    // The known defects of the issue are found, and found reviewed.
    // The get-cluster-strategy sample is a cluster list (reviewed in doc-defects.yaml).
    assert!(reviewed(
        &v,
        "example-not-in-spec",
        "4.3/en-US/500.query-the-backup-policy-of-a-specified-cluster-1.md"
    ));
    assert!(reviewed(
        &v,
        "field-missing-in-spec",
        "4.3/en-US/700.query-the-backup-tasks-of-a-cluster.md"
    ));
    assert!(reviewed(
        &v,
        "field-nesting",
        "4.3/zh-CN/200.create-a-backup-policy-for-the-cluster-1.md"
    ));
    assert!(reviewed(
        &v,
        "field-nesting",
        "seed/003_748973db5a675abd.txt"
    ));
    // Fast enough to run on every change.
    let total: f64 = v["timings_ms"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(Value::as_f64)
        .sum();
    assert!(total < 2000.0, "took {total} ms");
}

#[test]
fn text_output_has_the_summary_line_and_timings() {
    let Some(corpus) = corpus() else { return };
    let out = docs_check(&with_corpus(&["--timings"], &corpus), None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "pages 81, operations matched 33/33, samples 104, findings 0 new, 150 reviewed"
        ),
        "{text}"
    );
    assert!(text.contains(
        "== createClusterBackupStrategy  POST /api/v2/ob/clusters/{id}/backup/config/backupStrategy"
    ));
    assert!(
        text.lines().any(|l| l.trim_start().starts_with("total")),
        "{text}"
    );
}

/// Removes the lines `from..to` (0-based, exclusive end) of `text`.
fn cut(text: &str, from: usize, to: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<&str> = lines[..from].to_vec();
    out.extend_from_slice(&lines[to..]);
    out.join("\n") + "\n"
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l == needle)
        .unwrap_or_else(|| panic!("no line `{needle}`"))
}

#[test]
fn sync_records_what_the_spec_lacks() {
    let Some(corpus) = corpus() else { return };
    let original = std::fs::read_to_string(workspace().join("spec/ocp-backup.yaml")).unwrap();
    let dir = std::env::temp_dir().join(format!("docs-check-sync-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scratch = dir.join("ocp-backup.yaml");

    // Take one source off an example and one example (with its attachment) out of the spec.
    let mut text = original.clone();
    let src = line_of(&text, "        - page: seed/001_24b8d86822f5c072.txt");
    text = cut(&text, src, src + 3);
    let ex = line_of(&text, "    restoreTenant_request_2:");
    let end = (ex + 1..text.lines().count())
        .find(|&i| {
            let l = text.lines().nth(i).unwrap();
            !l.trim().is_empty() && l.len() - l.trim_start().len() <= 4
        })
        .unwrap();
    text = cut(&text, ex, end);
    let att = line_of(&text, "              restoreTenant_request_2:");
    text = cut(&text, att, att + 2);
    std::fs::write(&scratch, &text).unwrap();

    let v = json(&docs_check(
        &with_corpus(&["--json"], &corpus),
        Some(&scratch),
    ));
    let new = |v: &Value, kind: &str, page: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == kind && f["page"] == page && f["status"] == "new")
    };
    assert!(new(
        &v,
        "example-source-missing",
        "seed/001_24b8d86822f5c072.txt"
    ));
    assert!(new(
        &v,
        "example-not-in-spec",
        "4.3/en-US/1200.initiate-tenant-recovery-1.md"
    ));

    let out = docs_check(&with_corpus(&["--sync", "--json"], &corpus), Some(&scratch));
    let v = json(&out);
    assert!(!new(
        &v,
        "example-source-missing",
        "seed/001_24b8d86822f5c072.txt"
    ));
    assert!(!new(
        &v,
        "example-not-in-spec",
        "4.3/en-US/1200.initiate-tenant-recovery-1.md"
    ));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("--sync: restoreTenant_request_2: new example")
    );

    // What --sync wrote carries the values and sources the original spec has.
    let synced: Value = yaml_serde::from_str(&std::fs::read_to_string(&scratch).unwrap()).unwrap();
    let orig: Value = yaml_serde::from_str(&original).unwrap();
    let ex = |v: &Value, name: &str| {
        v.pointer(&format!("/components/examples/{name}"))
            .cloned()
            .unwrap()
    };
    assert_eq!(
        ex(&synced, "restoreTenant_request_2")["value"],
        ex(&orig, "restoreTenant_request_2")["value"]
    );
    assert_eq!(
        ex(&synced, "restoreTenant_request_2")["x-sources"],
        ex(&orig, "restoreTenant_request_2")["x-sources"]
    );
    let sources = ex(&synced, "backupClusterNow_response")["x-sources"].clone();
    assert!(
        sources
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["page"] == "seed/001_24b8d86822f5c072.txt" && s["line"] == 83)
    );
    let attached = synced.pointer(
        "/paths/~1api~1v2~1ob~1clusters~1{id}~1backup~1restore/post/requestBody/content/application~1json/examples/restoreTenant_request_2/$ref",
    );
    assert_eq!(
        attached,
        Some(&Value::String(
            "#/components/examples/restoreTenant_request_2".into()
        ))
    );
    std::fs::remove_dir_all(&dir).ok();
}
