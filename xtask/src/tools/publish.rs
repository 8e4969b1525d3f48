//! `cargo xtask publish [--check] [--screenshots]`: the artefacts other teams consume, built
//! under `publish/` (ignored):
//!
//! - `en/ocp-backup.{yaml,json}`: the bundled spec, with every enum an answer can hold made
//!   extensible (`open_enums`);
//! - `zh-CN/ocp-backup.{yaml,json}`: the same with the Chinese text in the standard fields;
//! - `{en,zh-CN}/reference.html`: self-contained Redoc references (`build-docs --inlineBundle`);
//! - `screenshots/reference-{en,zh-CN}.png`: both references in headless Chromium, offline.
//!
//! The bundles and references are committed under `spec/published/{en,zh-CN}/`, like the
//! generated Rust code: `publish` copies them there, `publish --check` (CI) fails when the
//! committed copies differ from a fresh build.
//!
//! It also holds the new English bundle against the last release's
//! (`spec/published/ocp-backup.yaml`) with `redocly diff --fail-on major --check-version`, and
//! checks that `spec/CHANGELOG.md` records the version. `--screenshots` also copies the
//! screenshots to `spec/screenshots/` (committed, for reviewers).

use std::path::{Path, PathBuf};
use std::process::Command;

use yaml_serde::Value;

use super::lint::{REDOCLY_CONFIG, redocly_lint};
use super::process::{run, run_ok};
use super::{Report, Tools, install, open_enums, zh};
use crate::spec::{Error, SPEC_PATH};

/// The English bundle of the last release: what the breaking-change check compares against.
pub const PUBLISHED_SPEC: &str = "spec/published/ocp-backup.yaml";
/// Where the current bundles and references are committed.
const COMMITTED: &str = "spec/published";
/// The files of `publish/` that are committed, relative to both folders.
const COMMITTED_FILES: [&str; 6] = [
    "en/ocp-backup.yaml",
    "en/ocp-backup.json",
    "en/reference.html",
    "zh-CN/ocp-backup.yaml",
    "zh-CN/ocp-backup.json",
    "zh-CN/reference.html",
];
const CHANGELOG: &str = "spec/CHANGELOG.md";
/// `redocly.yaml` plus the diff rules (see the file for why it is separate).
const REDOCLY_DIFF_CONFIG: &str = "tools/spec/redocly-diff.yaml";
const SCREENSHOTS_IN_REPO: &str = "spec/screenshots";
const OUT: &str = "publish";

/// The two languages: folder name, `<html lang>`, page title.
const LANGS: [(&str, &str, &str); 2] = [
    ("en", "en", "OCP Backup & Restore API reference"),
    ("zh-CN", "zh-CN", "OCP 备份与恢复 API 参考"),
];

const WINDOW: (u32, u32) = (1400, 1000);
/// A blank 1400×1000 page is about 6 KB as PNG; a rendered reference well over 100 KB.
const MIN_SCREENSHOT_BYTES: u64 = 40_000;

pub fn publish(screenshots_to_repo: bool, check: bool) -> Result<(), Error> {
    let tools = Tools::new();
    let out = tools.root.join(OUT);
    let mut report = Report::new("publish");
    let names = [
        "bundle en",
        "bundle zh-CN",
        "redocly lint of both bundles",
        "reference en",
        "reference zh-CN",
        "breaking changes (redocly diff)",
        "changelog",
        "screenshot en",
        "screenshot zh-CN",
        if check {
            "committed copies fresh (--check)"
        } else {
            "committed copies (spec/published)"
        },
    ];
    if !report.step("install pinned tools", || install::ensure(&tools)) {
        for n in names {
            report.skip(n, "tools not installed");
        }
        return report.finish();
    }
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    for (dir, _, _) in LANGS {
        std::fs::create_dir_all(out.join(dir))?;
    }
    std::fs::create_dir_all(out.join("screenshots"))?;

    let en_ok = report.step(names[0], || bundle_en(&tools, &out));
    let zh_ok = en_ok && report.step(names[1], || bundle_zh(&tools, &out));
    if !en_ok {
        report.skip(names[1], "no English bundle");
    }
    let mut html_ok = [false; 2];
    if en_ok && zh_ok {
        report.step(names[2], || {
            redocly_lint(
                &tools,
                &[
                    "publish/en/ocp-backup.yaml",
                    "publish/zh-CN/ocp-backup.yaml",
                ],
            )
        });
        for (i, lang) in LANGS.iter().enumerate() {
            html_ok[i] = report.step(names[3 + i], || reference(&tools, &out, *lang));
        }
    } else {
        for n in &names[2..5] {
            report.skip(n, "no bundles");
        }
    }
    if en_ok {
        report.step(names[5], || breaking_changes(&tools));
    } else {
        report.skip(names[5], "no English bundle");
    }
    report.step(names[6], || changelog(&tools));

    let chromium = find_chromium();
    for (i, (dir, _, _)) in LANGS.iter().enumerate() {
        if !html_ok[i] {
            report.skip(names[7 + i], "no HTML reference");
            continue;
        }
        report.step(names[7 + i], || {
            let chromium = chromium.clone().ok_or(
                "no chromium on PATH: apt-get install -y chromium fonts-noto-cjk (Debian)",
            )?;
            screenshot(&tools, &chromium, &out, dir, screenshots_to_repo)
        });
    }
    if html_ok == [true; 2] {
        report.step(names[9], || committed_copies(&tools, &out, check));
    } else {
        report.skip(names[9], "not every bundle and reference was built");
    }
    if report.ok() {
        println!("     artefacts in {}/", tools.rel(&out));
    }
    report.finish()
}

fn redocly(tools: &Tools) -> Command {
    tools.command(tools.npm_bin("redocly"))
}

fn read_yaml(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    yaml_serde::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// JSON written from the YAML tree keeps the key order (yaml_serde maps are ordered).
fn write_json(value: &Value, path: &Path) -> Result<(), String> {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    text.push('\n');
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The same document, compared as JSON values (YAML and JSON files must agree exactly).
fn same_document(a: &Path, b: &Path) -> Result<(), String> {
    let load = |p: &Path| -> Result<serde_json::Value, String> {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        yaml_serde::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))
    };
    if load(a)? == load(b)? {
        Ok(())
    } else {
        Err(format!("{} and {} differ", a.display(), b.display()))
    }
}

fn size(path: &Path) -> String {
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

fn bundle_en(tools: &Tools, out: &Path) -> Result<String, String> {
    let source = out.join("en/source-bundle.yaml");
    run_ok(
        redocly(tools)
            .args(["bundle", SPEC_PATH, "--config", REDOCLY_CONFIG, "-o"])
            .arg(&source),
        15,
    )?;
    let mut doc = read_yaml(&source)?;
    let _ = std::fs::remove_file(&source);
    let opened = open_enums::open_response_enums(&mut doc)?;
    let (yaml, json) = write_bundle(tools, &doc, &out.join("en"))?;
    Ok(format!(
        "{} ({}), {} ({}): {} answer enums extensible at {} places, {} request-only enums closed",
        tools.rel(&yaml),
        size(&yaml),
        tools.rel(&json),
        size(&json),
        opened.enums.len(),
        opened.sites,
        opened.request_only.len()
    ))
}

/// Writes `doc` as `DIR/ocp-backup.json`, then `DIR/ocp-backup.yaml` from it; returns
/// (yaml, json). js-yaml (through Redocly) writes the YAML: it quotes whatever YAML 1.1 readers
/// would otherwise take for dates or numbers.
fn write_bundle(tools: &Tools, doc: &Value, dir: &Path) -> Result<(PathBuf, PathBuf), String> {
    let json = dir.join("ocp-backup.json");
    write_json(doc, &json)?;
    let yaml = dir.join("ocp-backup.yaml");
    run_ok(
        redocly(tools)
            .arg("bundle")
            .arg(&json)
            .args(["--config", REDOCLY_CONFIG, "-o"])
            .arg(&yaml),
        15,
    )?;
    same_document(&yaml, &json)?;
    Ok((yaml, json))
}

fn bundle_zh(tools: &Tools, out: &Path) -> Result<String, String> {
    let en = read_yaml(&out.join("en/ocp-backup.yaml"))?;
    let mut doc = en.clone();
    let counts = zh::to_chinese(&mut doc);
    let mut back = doc.clone();
    zh::to_english(&mut back);
    if back != en {
        return Err("the Chinese bundle differs from the English one in more than text".into());
    }
    if counts.summaries == 0 || counts.descriptions == 0 {
        return Err(format!("nothing was translated: {counts:?}"));
    }
    let (yaml, json) = write_bundle(tools, &doc, &out.join("zh-CN"))?;
    let mut detail = format!(
        "{} ({}), {} ({}): {} summaries, {} descriptions, {} title, {} tag names in Chinese",
        tools.rel(&yaml),
        size(&yaml),
        tools.rel(&json),
        size(&json),
        counts.summaries,
        counts.descriptions,
        counts.titles,
        counts.tag_names
    );
    if counts.english_only > 0 {
        detail.push_str(&format!(
            "; {} object(s) have English text only",
            counts.english_only
        ));
    }
    Ok(detail)
}

fn reference(
    tools: &Tools,
    out: &Path,
    (dir, lang, title): (&str, &str, &str),
) -> Result<String, String> {
    let html = out.join(dir).join("reference.html");
    run_ok(
        redocly(tools)
            .arg("build-docs")
            .arg(out.join(dir).join("ocp-backup.yaml"))
            .args([
                "--config",
                REDOCLY_CONFIG,
                "--inlineBundle",
                "--title",
                title,
                "-o",
            ])
            .arg(&html),
        15,
    )?;
    let mut text =
        std::fs::read_to_string(&html).map_err(|e| format!("{}: {e}", html.display()))?;
    // Redoc's template says `lang="en"`; Chromium picks CJK glyph shapes by the page language.
    if lang != "en" {
        text = text.replacen("<html lang=\"en\">", &format!("<html lang=\"{lang}\">"), 1);
        std::fs::write(&html, &text).map_err(|e| format!("{}: {e}", html.display()))?;
    }
    self_contained(&text)?;
    Ok(format!(
        "{} ({}), self-contained",
        tools.rel(&html),
        size(&html)
    ))
}

/// No script or stylesheet is loaded from the network, and Redoc itself is inlined.
fn self_contained(html: &str) -> Result<(), String> {
    let tags = |name: &str| -> Vec<String> {
        html.match_indices(&format!("<{name}"))
            .map(|(i, _)| {
                let rest = &html[i..];
                rest[..rest.find('>').unwrap_or(rest.len())].to_string()
            })
            .collect()
    };
    for tag in tags("script") {
        if tag.contains(" src=") {
            return Err(format!("loads a script: {tag}>"));
        }
    }
    for tag in tags("link") {
        let remote = ["href=\"http", "href='http", "href=\"//", "href='//"];
        if remote.iter().any(|r| tag.contains(r)) {
            return Err(format!("loads from the network: {tag}>"));
        }
    }
    if html.len() < 1 << 20 || !html.contains("__redoc_definition") {
        return Err("the Redoc bundle is not inlined (page under 1 MiB or no state)".into());
    }
    Ok(())
}

/// The new English bundle (extensible answer enums included) against the last release's.
fn breaking_changes(tools: &Tools) -> Result<String, String> {
    let out = run(redocly(tools).args([
        "diff",
        PUBLISHED_SPEC,
        "publish/en/ocp-backup.yaml",
        "--config",
        REDOCLY_DIFF_CONFIG,
        "--fail-on",
        "major",
        "--check-version",
    ]))?;
    let text = out.text();
    // Redocly 2 runs `diff` without any rule unless the config extends `diff-recommended`, and
    // then rates everything minor: a check that cannot fail.
    if text.contains("No diff rules are on") {
        return Err(format!(
            "redocly diff ran without rules: {REDOCLY_DIFF_CONFIG} must extend diff-recommended"
        ));
    }
    let counts = text
        .lines()
        .find(|l| l.contains(" major,") && l.contains(" minor,"))
        .map(str::trim)
        .unwrap_or("no changes");
    if out.success() {
        Ok(format!("against {PUBLISHED_SPEC}: {counts}"))
    } else {
        Err(format!(
            "against {PUBLISHED_SPEC} ({}): a breaking change needs a version bump, an entry in \
             {CHANGELOG} and a deliberate update of the published copy (see spec/README.md)\n{}",
            out.status(),
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        ))
    }
}

fn spec_version(path: &Path) -> Result<String, String> {
    read_yaml(path)?["info"]["version"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("{}: no info.version", path.display()))
}

/// `spec/CHANGELOG.md` has a `## <version>` heading for the spec's version and for the
/// published copy's.
fn changelog(tools: &Tools) -> Result<String, String> {
    let current = spec_version(&tools.root.join(SPEC_PATH))?;
    let published = spec_version(&tools.root.join(PUBLISHED_SPEC))?;
    let path = tools.root.join(CHANGELOG);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{CHANGELOG}: {e}"))?;
    let has = |v: &str| {
        text.lines().any(|l| {
            l.strip_prefix("## ")
                .and_then(|h| h.split_whitespace().next())
                .is_some_and(|h| h.trim_start_matches('v') == v)
        })
    };
    for v in [&current, &published] {
        if !has(v) {
            return Err(format!("{CHANGELOG} has no `## {v}` entry"));
        }
    }
    Ok(format!(
        "spec {current}, published {published}: both in {CHANGELOG}"
    ))
}

/// Copies the bundles and references to `spec/published/`, or (`check`) lists those whose
/// committed copy differs from the fresh build.
fn committed_copies(tools: &Tools, out: &Path, check: bool) -> Result<String, String> {
    let committed = tools.root.join(COMMITTED);
    let mut stale = Vec::new();
    for file in COMMITTED_FILES {
        let fresh = std::fs::read(out.join(file)).map_err(|e| format!("{OUT}/{file}: {e}"))?;
        let target = committed.join(file);
        if std::fs::read(&target).ok().as_deref() == Some(fresh.as_slice()) {
            continue;
        }
        if check {
            stale.push(format!("{COMMITTED}/{file}"));
        } else {
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            std::fs::write(&target, &fresh).map_err(|e| format!("{}: {e}", target.display()))?;
            stale.push(format!("{COMMITTED}/{file}"));
        }
    }
    match (check, stale.is_empty()) {
        (_, true) => Ok(format!(
            "{} files in {COMMITTED}/ match the build",
            COMMITTED_FILES.len()
        )),
        (true, false) => Err(format!(
            "stale (the spec changed since they were built): {}; run `cargo xtask publish` and \
             commit them",
            stale.join(", ")
        )),
        (false, false) => Ok(format!("wrote {}", stale.join(", "))),
    }
}

fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

/// `unshare -n` (a network namespace with nothing in it) proves the page needs no network; it
/// needs root, so without it the page is opened with background networking off only.
fn offline_prefix() -> Option<Command> {
    let ok = Command::new("unshare")
        .args(["-n", "true"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then(|| {
        let mut c = Command::new("unshare");
        c.arg("-n");
        c
    })
}

fn screenshot(
    tools: &Tools,
    chromium: &Path,
    out: &Path,
    lang: &str,
    to_repo: bool,
) -> Result<String, String> {
    let html = out.join(lang).join("reference.html");
    let png = out
        .join("screenshots")
        .join(format!("reference-{lang}.png"));
    let profile =
        std::env::temp_dir().join(format!("ocp-backup-chromium-{}-{lang}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    std::fs::create_dir_all(&profile).map_err(|e| format!("{}: {e}", profile.display()))?;
    let offline = offline_prefix();
    let mut cmd = match offline {
        Some(mut c) => {
            c.arg(chromium);
            c
        }
        None => Command::new(chromium),
    };
    cmd.current_dir(&tools.root)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            // Redoc renders with JavaScript after load; let it finish first.
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("--window-size={},{}", WINDOW.0, WINDOW.1))
        .arg(format!("file://{}", html.display()));
    let _ = std::fs::remove_file(&png);
    let result = run(&mut cmd);
    let _ = std::fs::remove_dir_all(&profile);
    let result = result?;
    if !png.is_file() {
        return Err(format!(
            "chromium wrote no screenshot ({}):\n{}",
            result.status(),
            result.tail(10)
        ));
    }
    let detail = check_png(&png)?;
    let mut detail = format!(
        "{}: {detail}{}",
        tools.rel(&png),
        if offline_prefix_used(&cmd) {
            ", taken offline (unshare -n)"
        } else {
            ""
        }
    );
    if to_repo {
        let dir = tools.root.join(SCREENSHOTS_IN_REPO);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let dest = dir.join(format!("reference-{lang}.png"));
        std::fs::copy(&png, &dest).map_err(|e| format!("{}: {e}", dest.display()))?;
        detail.push_str(&format!("; copied to {}", tools.rel(&dest)));
    }
    Ok(detail)
}

fn offline_prefix_used(cmd: &Command) -> bool {
    Path::new(cmd.get_program()).file_name() == Some("unshare".as_ref())
}

/// A PNG of the window's size, big enough to hold a rendered page rather than a blank one.
fn check_png(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" || &bytes[12..16] != b"IHDR" {
        return Err("not a PNG".into());
    }
    let dim =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let (w, h) = (dim(16), dim(20));
    if (w, h) != WINDOW {
        return Err(format!("{w}x{h}, expected {}x{}", WINDOW.0, WINDOW.1));
    }
    let len = bytes.len() as u64;
    if len < MIN_SCREENSHOT_BYTES {
        return Err(format!(
            "{w}x{h} but only {len} bytes: the page looks blank (a rendered reference is > {MIN_SCREENSHOT_BYTES})"
        ));
    }
    Ok(format!("{w}x{h}, {} KiB", len.div_ceil(1024)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_scripts_are_not_self_contained() {
        let page = format!(
            "<html><script src=\"https://cdn.example/redoc.js\"></script>{}</html>",
            "x".repeat(1 << 20)
        );
        assert!(self_contained(&page).is_err());
        let inline = format!(
            "<html><script>const __redoc_definition = {{}};{}</script></html>",
            "x".repeat(1 << 20)
        );
        assert!(self_contained(&inline).is_ok());
    }
}
