//! `cargo xtask lint`: three independent checkers of the spec, all of which must be clean.
//!
//! - Redocly CLI `lint` with the `recommended` ruleset (`redocly.yaml`); warnings fail too.
//! - Spectral with `spectral:oas` (`.spectral.yaml`); any result down to hints fails.
//! - openapi-spec-validator (JSON Schema of OpenAPI 3.0).
//!
//! A rule is switched off only in those config files, with a comment saying why.

use serde_json::Value;

use super::process::{Output, run};
use super::{Report, Tools, install};
use crate::spec::{Error, SPEC_PATH};

pub const REDOCLY_CONFIG: &str = "redocly.yaml";
pub const SPECTRAL_RULESET: &str = ".spectral.yaml";

pub fn lint() -> Result<(), Error> {
    let tools = Tools::new();
    let mut report = Report::new("lint");
    if !report.step("install pinned tools", || install::ensure(&tools)) {
        report.skip("redocly lint", "tools not installed");
        report.skip("spectral lint", "tools not installed");
        report.skip("openapi-spec-validator", "tools not installed");
        return report.finish();
    }
    report.step("redocly lint", || redocly_lint(&tools, &[SPEC_PATH]));
    report.step("spectral lint (spectral:oas)", || {
        spectral_lint(&tools, SPEC_PATH)
    });
    report.step("openapi-spec-validator", || {
        spec_validator(&tools, SPEC_PATH)
    });
    report.finish()
}

/// Redocly lint of one or more files (one run each: its JSON report covers one file); any
/// error or warning is a failure.
pub fn redocly_lint(tools: &Tools, files: &[&str]) -> Result<String, String> {
    let mut totals = [0u64; 3];
    let mut problems = Vec::new();
    let mut version = String::new();
    let mut exit_ok = true;
    for file in files {
        let out = run(tools.command(tools.npm_bin("redocly")).args([
            "lint",
            file,
            "--config",
            REDOCLY_CONFIG,
            "--format=json",
        ]))?;
        let json: Value = serde_json::from_str(&out.stdout).map_err(|_| {
            format!(
                "redocly lint {file} gave no JSON report ({}):\n{}",
                out.status(),
                out.tail(20)
            )
        })?;
        exit_ok &= out.success();
        for (i, key) in ["errors", "warnings", "ignored"].iter().enumerate() {
            totals[i] += json
                .pointer(&format!("/totals/{key}"))
                .and_then(Value::as_u64)
                .unwrap_or(0);
        }
        version = json["version"].as_str().unwrap_or("?").to_string();
        for p in json["problems"].as_array().into_iter().flatten() {
            let loc = &p["location"][0];
            problems.push(format!(
                "{} {} {}:{} {}: {}",
                p["severity"].as_str().unwrap_or("?"),
                p["ruleId"].as_str().unwrap_or("?"),
                loc["source"]["ref"].as_str().unwrap_or(file),
                loc["start"]["line"],
                loc["pointer"].as_str().unwrap_or(""),
                p["message"].as_str().unwrap_or("")
            ));
        }
    }
    let [errors, warnings, ignored] = totals;
    let summary = format!(
        "{}: {errors} errors, {warnings} warnings, {ignored} ignored (redocly {version})",
        files.join(", ")
    );
    if errors == 0 && warnings == 0 && exit_ok {
        return Ok(summary);
    }
    problems.insert(0, summary);
    Err(problems.join("\n"))
}

fn spectral_lint(tools: &Tools, file: &str) -> Result<String, String> {
    let out = run(tools.command(tools.npm_bin("spectral")).args([
        "lint",
        file,
        "--ruleset",
        SPECTRAL_RULESET,
        "--fail-severity",
        "hint",
        "--format",
        "json",
        "--quiet",
    ]))?;
    let results: Vec<Value> = match serde_json::from_str::<Value>(out.stdout.trim()) {
        Ok(Value::Array(items)) => items,
        _ if out.stdout.trim().is_empty() && out.success() => Vec::new(),
        _ => return Err(spectral_failure(&out)),
    };
    if results.is_empty() && out.success() {
        return Ok("0 errors, 0 warnings, 0 infos, 0 hints".into());
    }
    let severity = ["error", "warning", "info", "hint"];
    let mut counts = [0usize; 4];
    let mut lines = Vec::new();
    for r in &results {
        let s = r["severity"].as_u64().unwrap_or(0).min(3) as usize;
        counts[s] += 1;
        let path: Vec<String> = r["path"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string))
            .collect();
        lines.push(format!(
            "{} {} line {}: {} ({})",
            severity[s],
            r["code"].as_str().unwrap_or("?"),
            r["range"]["start"]["line"].as_u64().map_or(0, |l| l + 1),
            r["message"].as_str().unwrap_or(""),
            path.join(".")
        ));
    }
    lines.insert(
        0,
        format!(
            "{} errors, {} warnings, {} infos, {} hints ({})",
            counts[0],
            counts[1],
            counts[2],
            counts[3],
            out.status()
        ),
    );
    Err(lines.join("\n"))
}

fn spectral_failure(out: &Output) -> String {
    let hint = if out.code == Some(2) {
        " (exit 2: ruleset missing or unreadable, or file missing)"
    } else {
        ""
    };
    format!("spectral {}{hint}:\n{}", out.status(), out.tail(20))
}

pub fn spec_validator(tools: &Tools, file: &str) -> Result<String, String> {
    let out = run(tools
        .command(tools.venv_bin("openapi-spec-validator"))
        .args(["--validation-errors", "all", file]))?;
    if out.success() {
        Ok(out.text().lines().last().unwrap_or("OK").trim().to_string())
    } else {
        Err(format!("{}:\n{}", out.status(), out.tail(30)))
    }
}
