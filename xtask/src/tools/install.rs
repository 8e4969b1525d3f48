//! Installs the pinned tools into `.tools/` (ignored): npm packages with `npm ci --prefix` from
//! the committed `tools/spec/package.json` + `package-lock.json`, PyPI packages into a venv from
//! the committed, fully pinned `tools/spec/requirements.txt`. Both are skipped when what is
//! installed already matches the pins.
//!
//! The consumers `cargo xtask smoke` plays (openapi-core, datamodel-code-generator) get a venv
//! of their own from `tools/consumers/requirements.txt`: openapi-core 0.23 needs an older
//! openapi-spec-validator than the one `cargo xtask lint` pins, and a team consuming the spec
//! would not share our linters' versions either.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::Tools;
use super::process::{run, run_ok};

const PACKAGE_JSON: &str = "tools/spec/package.json";
const PACKAGE_LOCK: &str = "tools/spec/package-lock.json";
const REQUIREMENTS: &str = "tools/spec/requirements.txt";
const CONSUMER_REQUIREMENTS: &str = "tools/consumers/requirements.txt";

/// Installs both tool sets (as one report step); returns what it did.
pub fn ensure(tools: &Tools) -> Result<String, String> {
    let npm = ensure_npm(tools)?;
    let pip = ensure_venv(tools, REQUIREMENTS, &tools.venv())?;
    Ok(format!("{npm}; {pip}"))
}

/// The consumers' venv (`.tools/consumers-venv`).
pub fn ensure_consumers(tools: &Tools) -> Result<String, String> {
    ensure_venv(tools, CONSUMER_REQUIREMENTS, &tools.consumers_venv())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The exact versions `tools/spec/package.json` pins (`devDependencies`).
fn npm_pins(package_json: &str) -> Result<BTreeMap<String, String>, String> {
    let v: Value =
        serde_json::from_str(package_json).map_err(|e| format!("{PACKAGE_JSON}: {e}"))?;
    let deps = v
        .get("devDependencies")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{PACKAGE_JSON}: no devDependencies"))?;
    let mut pins = BTreeMap::new();
    for (name, version) in deps {
        let version = version.as_str().unwrap_or_default();
        if version.is_empty() || !version.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Err(format!(
                "{PACKAGE_JSON}: {name} must be pinned to an exact version, not `{version}`"
            ));
        }
        pins.insert(name.clone(), version.to_string());
    }
    Ok(pins)
}

fn ensure_npm(tools: &Tools) -> Result<String, String> {
    let package_json = read(&tools.root.join(PACKAGE_JSON))?;
    let lock = read(&tools.root.join(PACKAGE_LOCK))?;
    let pins = npm_pins(&package_json)?;
    let dir = tools.npm_dir();

    let installed_matches = read(&dir.join("package.json")).ok().as_deref()
        == Some(package_json.as_str())
        && read(&dir.join("package-lock.json")).ok().as_deref() == Some(lock.as_str())
        && pins.iter().all(|(name, version)| {
            installed_npm_version(&dir, name).as_deref() == Some(version.as_str())
        });
    if installed_matches {
        return Ok(format!(
            "npm: {} pinned packages already installed",
            pins.len()
        ));
    }

    let node = run_ok(Command::new("node").arg("--version"), 5)
        .map_err(|e| format!("Node.js is needed for the spec tools: {e}"))?;
    let major: u32 = node
        .stdout
        .trim()
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .unwrap_or(0);
    if major < 20 {
        return Err(format!(
            "Node.js {} is too old: the pinned tools need Node 20 or later",
            node.stdout.trim()
        ));
    }

    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (from, to) in [
        (PACKAGE_JSON, "package.json"),
        (PACKAGE_LOCK, "package-lock.json"),
    ] {
        std::fs::copy(tools.root.join(from), dir.join(to))
            .map_err(|e| format!("copy {from}: {e}"))?;
    }
    println!("     npm ci --prefix {} …", tools.rel(&dir));
    // Install scripts are not needed by any of the pinned tools; the only one in the tree is an
    // analytics ping (@scarf/scarf).
    run_ok(
        tools.command("npm").args([
            "ci",
            "--prefix",
            dir.to_str().unwrap_or(".tools/npm"),
            "--ignore-scripts",
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
        ]),
        20,
    )?;
    for (name, version) in &pins {
        let got = installed_npm_version(&dir, name);
        if got.as_deref() != Some(version.as_str()) {
            return Err(format!(
                "npm ci installed {name} {} instead of {version}",
                got.unwrap_or_else(|| "nothing".into())
            ));
        }
    }
    Ok(format!("npm: installed {} pinned packages", pins.len()))
}

fn installed_npm_version(dir: &Path, name: &str) -> Option<String> {
    let text =
        std::fs::read_to_string(dir.join("node_modules").join(name).join("package.json")).ok()?;
    let v: Value = serde_json::from_str(&text).ok()?;
    v.get("version").and_then(Value::as_str).map(str::to_string)
}

/// `name==version` lines of `requirements.txt` (comments and blank lines skipped).
fn pip_pins(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut pins = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let Some((name, version)) = line.split_once("==") else {
            return Err(format!("`{line}` is not pinned with =="));
        };
        pins.push((name.trim().to_string(), version.trim().to_string()));
    }
    Ok(pins)
}

/// A Python snippet printing every pinned distribution whose installed version differs.
fn version_probe(pins: &[(String, String)]) -> String {
    let list: Vec<String> = pins
        .iter()
        .map(|(n, v)| format!("({n:?}, {v:?})"))
        .collect();
    format!(
        "import importlib.metadata as m\n\
         bad = []\n\
         for name, want in [{}]:\n\
         \x20   try:\n\
         \x20       got = m.version(name)\n\
         \x20   except m.PackageNotFoundError:\n\
         \x20       got = None\n\
         \x20   if got != want:\n\
         \x20       bad.append(f'{{name}} {{got}} != {{want}}')\n\
         print('\\n'.join(bad))\n",
        list.join(", ")
    )
}

fn ensure_venv(tools: &Tools, requirements_path: &str, venv: &Path) -> Result<String, String> {
    let requirements = read(&tools.root.join(requirements_path))?;
    let pins = pip_pins(&requirements).map_err(|e| format!("{requirements_path}: {e}"))?;
    let python = venv.join("bin/python");
    let probe = version_probe(&pins);

    if python.is_file() {
        let out = run(tools.command(&python).args(["-c", &probe]))?;
        if out.success() && out.stdout.trim().is_empty() {
            return Ok(format!(
                "pip: {} pinned packages already installed",
                pins.len()
            ));
        }
    } else {
        println!("     python3 -m venv {} …", tools.rel(venv));
        run_ok(Command::new("python3").arg("-m").arg("venv").arg(venv), 10)
            .map_err(|e| format!("Python 3 with venv is needed for the spec tools: {e}"))?;
    }
    println!("     pip install -r {requirements_path} …");
    run_ok(
        tools.command(&python).args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
            "-r",
            requirements_path,
        ]),
        20,
    )?;
    let out = run_ok(tools.command(&python).args(["-c", &probe]), 10)?;
    if !out.stdout.trim().is_empty() {
        return Err(format!(
            "pip installed other versions than pinned:\n{}",
            out.stdout.trim()
        ));
    }
    Ok(format!("pip: installed {} pinned packages", pins.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npm_pins_must_be_exact() {
        let ok = npm_pins(r#"{"devDependencies": {"a": "1.2.3"}}"#).unwrap();
        assert_eq!(ok["a"], "1.2.3");
        assert!(npm_pins(r#"{"devDependencies": {"a": "^1.2.3"}}"#).is_err());
    }

    #[test]
    fn pip_pins_skip_comments_and_need_exact_versions() {
        let pins = pip_pins("# top\nfoo==1.0  # why\n\nbar==2\n").unwrap();
        assert_eq!(
            pins,
            vec![("foo".into(), "1.0".into()), ("bar".into(), "2".into())]
        );
        assert!(pip_pins("foo>=1\n").is_err());
    }
}
