//! One build for every command: the workspace-hack crate is current, and building any package
//! set after the workspace is built compiles no dependency again.
//!
//! Cargo resolves the features of a shared dependency per set of packages being built, so
//! `cargo run -p ocp-backup-gui` after `cargo test --workspace` used to rebuild tokio, reqwest,
//! hyper, syn … with other features. `crates/workspace-hack`, kept by cargo-hakari, depends on
//! every shared dependency with the union of the features any package needs; every workspace
//! package depends on it, so every package set resolves the same features.
//!
//! - `cargo xtask hakari [--write]`: installs the pinned cargo-hakari (cached under
//!   `$HOME/.cache/ocp-backup/tools`), then fails when `crates/workspace-hack` or a member's
//!   dependency on it is stale, or when a dependency is still built with two feature sets;
//!   `--write` updates them instead.
//! - `cargo xtask one-build`: after a full build, builds each package set the README and CI use
//!   and fails naming any dependency Cargo compiled again.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::spec::workspace_root;
use crate::tools::process::{cargo, run, run_ok, tail};

/// The exact cargo-hakari release whose output is committed; a newer one may format the
/// workspace-hack differently, so upgrading is a deliberate change of this line.
const HAKARI_VERSION: &str = "0.9.39";

/// Where pinned cargo tools are installed: kept across CI runs like the target directory.
fn tools_root() -> PathBuf {
    if let Some(dir) = std::env::var_os("OCP_BACKUP_TOOLS") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| ".".into());
    home.join(".cache/ocp-backup/tools")
}

/// `cargo-hakari` at [`HAKARI_VERSION`], installed with its own lockfile when missing.
fn ensure_hakari() -> Result<PathBuf, String> {
    let root = tools_root();
    let bin = root.join("bin/cargo-hakari");
    let installed = run(Command::new(&bin).args(["hakari", "--version"]))
        .ok()
        .filter(|o| o.success())
        .map(|o| o.stdout);
    if installed
        .as_deref()
        .is_some_and(|v| v.split_whitespace().any(|w| w == HAKARI_VERSION))
    {
        return Ok(bin);
    }
    println!(
        "installing cargo-hakari {HAKARI_VERSION} into {}",
        root.display()
    );
    run_ok(
        cargo()
            .args([
                "install",
                "cargo-hakari",
                "--locked",
                "--version",
                &format!("={HAKARI_VERSION}"),
                "--root",
            ])
            .arg(&root),
        30,
    )?;
    Ok(bin)
}

fn hakari(bin: &Path, root: &Path, args: &[&str]) -> Result<String, String> {
    let out = run(Command::new(bin).current_dir(root).arg("hakari").args(args))?;
    if out.success() {
        Ok(out.text())
    } else {
        Err(format!(
            "cargo hakari {}: {}\n{}",
            args.join(" "),
            out.status(),
            out.tail(40)
        ))
    }
}

pub fn hakari_check(write: bool) -> Result<(), String> {
    let root = workspace_root();
    let bin = ensure_hakari()?;
    if write {
        hakari(&bin, &root, &["generate"])?;
        hakari(&bin, &root, &["manage-deps", "--yes"])?;
        println!("crates/workspace-hack and the members' dependencies on it are up to date");
        return Ok(());
    }
    // `generate --diff` exits 1 and prints the diff when the committed file is stale.
    hakari(&bin, &root, &["generate", "--diff"]).map_err(|e| {
        format!("crates/workspace-hack/Cargo.toml is stale; run `cargo xtask hakari --write`\n{e}")
    })?;
    // `manage-deps --dry-run` exits 1, listing the members, when one lacks (or has a stale)
    // dependency on the hack.
    hakari(&bin, &root, &["manage-deps", "--dry-run"]).map_err(|e| {
        format!(
            "a workspace member's dependency on workspace-hack is missing or stale; run \
             `cargo xtask hakari --write`\n{e}"
        )
    })?;
    // `verify`: every dependency is built with one feature set across the workspace.
    let verified = hakari(&bin, &root, &["verify"])?;
    println!(
        "workspace-hack current (cargo-hakari {HAKARI_VERSION}): {}",
        tail(&verified, 1)
    );
    Ok(())
}

/// The package sets whose builds must reuse the workspace's: the README's run commands, the
/// simulator xtask starts, ocpctl, the xtask itself, and both benches.
const PACKAGE_SETS: &[&[&str]] = &[
    &["build", "-p", "ocp-backup-gui"],
    &["build", "-p", "ocp-sim"],
    &["build", "-p", "ocp-backup-cli"],
    &["build", "-p", "xtask"],
    &["build", "-p", "ocp-api"],
    &["build", "--workspace", "--all-targets"],
];

/// Package ids of the workspace's own crates (`cargo metadata`), which may be rebuilt.
fn workspace_members(root: &Path) -> Result<BTreeSet<String>, String> {
    let out = run_ok(
        cargo()
            .current_dir(root)
            .args(["metadata", "--format-version=1", "--no-deps"]),
        20,
    )?;
    let meta: serde_json::Value =
        serde_json::from_str(&out.stdout).map_err(|e| format!("cargo metadata: {e}"))?;
    Ok(meta["workspace_members"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| m.as_str().map(str::to_string))
        .collect())
}

pub fn one_build() -> Result<(), String> {
    let root = workspace_root();
    let members = workspace_members(&root)?;
    let mut failures = Vec::new();
    for args in PACKAGE_SETS {
        let out = run(cargo()
            .current_dir(&root)
            .args(*args)
            .args(["--locked", "--message-format=json-render-diagnostics"]))?;
        if !out.success() {
            return Err(format!(
                "cargo {}: {}\n{}",
                args.join(" "),
                out.status(),
                tail(&out.stderr, 30)
            ));
        }
        let rebuilt: BTreeSet<String> = out
            .stdout
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|m| m["reason"] == "compiler-artifact" && m["fresh"] == false)
            .filter_map(|m| m["package_id"].as_str().map(str::to_string))
            .filter(|id| !members.contains(id))
            .collect();
        let line = format!("cargo {}", args.join(" "));
        if rebuilt.is_empty() {
            println!("{line}: no dependency rebuilt");
        } else {
            failures.push(format!(
                "{line} rebuilt {} dependencies: {}",
                rebuilt.len(),
                rebuilt
                    .iter()
                    .map(|id| short_id(id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\nA dependency resolved with other features for this package set: run \
             `cargo xtask hakari --write`, or align the features in the workspace's dependencies.",
            failures.join("\n")
        ))
    }
}

/// `registry+https://…#serde@1.0.229` → `serde@1.0.229`.
fn short_id(id: &str) -> &str {
    id.rsplit('#').next().unwrap_or(id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn short_ids_name_the_crate_and_version() {
        assert_eq!(
            super::short_id("registry+https://github.com/rust-lang/crates.io-index#serde@1.0.229"),
            "serde@1.0.229"
        );
        assert_eq!(super::short_id("plain"), "plain");
    }
}
