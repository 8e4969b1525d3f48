//! External spec tools (pinned npm and PyPI packages), installed into an ignored local folder.
//!
//! - `install`: `tools/spec/package.json` + lockfile → `.tools/npm` (`npm ci --prefix`),
//!   `tools/spec/requirements.txt` → `.tools/venv`; skipped when already at the pinned versions.
//! - `lint`: Redocly, Spectral (`spectral:oas`) and openapi-spec-validator on the spec.
//! - `publish`: bundles (English, Chinese), HTML references, breaking-change diff, screenshots.
//! - `smoke`: Python and TypeScript clients generated from the spec, run against the simulator.
//! - `prism`: the same clients through Prism's validating proxy in front of the simulator.
//! - `contract`: schemathesis against the simulator, checking every answer against the spec.

mod contract;
mod install;
mod lint;
mod prism;
pub(crate) mod process;
mod publish;
mod smoke;
mod zh;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

pub use contract::contract;
pub use lint::lint;
pub use prism::prism_e2e;
pub use publish::publish;
pub use smoke::smoke;

use crate::spec::{Error, workspace_root};

/// Where the pinned tools live and how to call them.
pub struct Tools {
    pub root: PathBuf,
    pub dir: PathBuf,
}

impl Tools {
    pub fn new() -> Tools {
        let root = workspace_root();
        let dir = root.join(".tools");
        Tools { root, dir }
    }

    pub fn npm_dir(&self) -> PathBuf {
        self.dir.join("npm")
    }

    pub fn venv(&self) -> PathBuf {
        self.dir.join("venv")
    }

    /// A binary installed by npm (`.tools/npm/node_modules/.bin/NAME`).
    pub fn npm_bin(&self, name: &str) -> PathBuf {
        self.npm_dir().join("node_modules/.bin").join(name)
    }

    /// A binary of the Python venv (`.tools/venv/bin/NAME`).
    pub fn venv_bin(&self, name: &str) -> PathBuf {
        self.venv().join("bin").join(name)
    }

    /// A command run from the workspace root, with telemetry and update notices off and the
    /// venv and npm binaries first on `PATH` (openapi-python-client calls `ruff` from there).
    pub fn command(&self, program: impl AsRef<OsStr>) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.root);
        for (key, value) in QUIET_ENV {
            cmd.env(key, value);
        }
        let mut path = vec![
            self.venv().join("bin"),
            self.npm_dir().join("node_modules/.bin"),
        ];
        if let Some(old) = std::env::var_os("PATH") {
            path.extend(std::env::split_paths(&old));
        }
        if let Ok(joined) = std::env::join_paths(path) {
            cmd.env("PATH", joined);
        }
        cmd
    }

    /// Path relative to the workspace root, for messages.
    pub fn rel(&self, path: &Path) -> String {
        path.strip_prefix(&self.root)
            .unwrap_or(path)
            .display()
            .to_string()
    }
}

/// Environment for every third-party tool: no telemetry, no update checks, no analytics.
const QUIET_ENV: [(&str, &str); 8] = [
    ("REDOCLY_TELEMETRY", "off"),
    ("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true"),
    ("SCARF_ANALYTICS", "false"),
    ("DO_NOT_TRACK", "1"),
    ("NO_UPDATE_NOTIFIER", "1"),
    ("npm_config_update_notifier", "false"),
    ("npm_config_fund", "false"),
    ("npm_config_audit", "false"),
];

/// One PASS/FAIL line per step, printed as the steps finish and again as a summary.
pub struct Report {
    title: &'static str,
    rows: Vec<Row>,
    start: Instant,
}

struct Row {
    name: String,
    ok: bool,
    detail: String,
    secs: f64,
}

impl Report {
    pub fn new(title: &'static str) -> Report {
        println!("==> cargo xtask {title}");
        Report {
            title,
            rows: Vec::new(),
            start: Instant::now(),
        }
    }

    /// Runs one step; `Ok(detail)` is a PASS, `Err(detail)` a FAIL (the run goes on).
    pub fn step(&mut self, name: &str, f: impl FnOnce() -> Result<String, String>) -> bool {
        let t = Instant::now();
        let outcome = f();
        let secs = t.elapsed().as_secs_f64();
        let (ok, detail) = match outcome {
            Ok(d) => (true, d),
            Err(d) => (false, d),
        };
        let row = Row {
            name: name.to_string(),
            ok,
            detail,
            secs,
        };
        println!("{}", row.line());
        self.rows.push(row);
        ok
    }

    /// Records a step that could not run because an earlier one failed.
    pub fn skip(&mut self, name: &str, why: &str) {
        let row = Row {
            name: name.to_string(),
            ok: false,
            detail: format!("not run: {why}"),
            secs: 0.0,
        };
        println!("{}", row.line());
        self.rows.push(row);
    }

    pub fn ok(&self) -> bool {
        self.rows.iter().all(|r| r.ok)
    }

    pub fn finish(self) -> Result<(), Error> {
        println!(
            "\n==> {} summary ({:.1} s)",
            self.title,
            self.start.elapsed().as_secs_f64()
        );
        for row in &self.rows {
            println!("{}", row.line());
        }
        let failed = self.rows.iter().filter(|r| !r.ok).count();
        if failed == 0 {
            println!("{}: all {} steps passed", self.title, self.rows.len());
            Ok(())
        } else {
            Err(format!(
                "{}: {failed} of {} steps failed",
                self.title,
                self.rows.len()
            )
            .into())
        }
    }
}

impl Row {
    fn line(&self) -> String {
        let first = self.detail.lines().next().unwrap_or("");
        let mut s = format!(
            "{} {:<32} {:>6.1} s  {first}",
            if self.ok { "PASS" } else { "FAIL" },
            self.name,
            self.secs
        );
        for more in self.detail.lines().skip(1) {
            s.push_str("\n       ");
            s.push_str(more);
        }
        s
    }
}
