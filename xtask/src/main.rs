//! `cargo xtask` — the one entry point for the project's chores.

mod build_check;
mod check;
mod docs_check;
mod generate;
mod idle_cpu;
mod prometheus_e2e;
mod spec;

use xtask::oas_schema;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command> [options]

commands:
  generate [--check] [-v]     regenerate crates/ocp-api and the ocpctl command tree from the spec;
                              --check fails (with a diff under -v) when the checked-in code is stale
  check [--timings]           spec rules, example validation against the schemas, generated code freshness
  docs-check [--json] [--sync] [--timings] PATH...
                              hold the spec against raw OCP doc pages (files or folders)
  lint                        external spec linters (Redocly, Spectral, openapi-spec-validator), pinned
                              versions installed into .tools/
  publish [--check] [--screenshots]
                              bundled spec (en, zh-CN; answer enums extensible), self-contained HTML
                              references and their screenshots under publish/, breaking-change check
                              against spec/published/ocp-backup.yaml; copies bundles and references
                              to spec/published/{en,zh-CN}/, or with --check fails when those are
                              stale; --screenshots also updates spec/screenshots/
  smoke                       Python and TypeScript clients generated from the spec, run against
                              the simulator
  prism-e2e                   the clients through Prism's validating proxy in front of the simulator
  prometheus-e2e              promtool check/test of deploy/prometheus, then the exporter against the
                              simulator with a real Prometheus: series and alerts as the world says
  contract                    schemathesis against the simulator: status, content type and schema of every answer
  hakari [--write]            fails when crates/workspace-hack (feature unification, cargo-hakari) is
                              stale; --write regenerates it and the members' dependencies on it
  one-build                   after a full build: building each package set compiles no dependency again
  idle-cpu [--dev]            benchmark: CPU of the idle desktop app in a real window under Xvfb,
                              beside a minimal eframe app (release builds; --dev: the dev profile's)
";

/// The options of one command, checked against what it accepts.
pub struct Args {
    flags: Vec<String>,
    pub positional: Vec<String>,
}

impl Args {
    fn parse(raw: &[String], accepted: &[&str]) -> Result<Args, String> {
        let mut args = Args {
            flags: Vec::new(),
            positional: Vec::new(),
        };
        for a in raw {
            if a.starts_with('-') {
                if !accepted.contains(&a.as_str()) {
                    return Err(format!("unknown option `{a}`"));
                }
                args.flags.push(a.clone());
            } else {
                args.positional.push(a.clone());
            }
        }
        Ok(args)
    }

    pub fn flag(&self, name: &str) -> bool {
        self.flags.iter().any(|f| f == name)
    }
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = raw.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let accepted: &[&str] = match cmd.as_str() {
        "generate" => &["--check", "-v"],
        "check" => &["--timings"],
        "docs-check" => &["--json", "--sync", "--timings"],
        "lint" | "smoke" | "prism-e2e" | "prometheus-e2e" | "contract" | "one-build" => &[],
        "idle-cpu" => &["--dev"],
        "hakari" => &["--write"],
        "publish" => &["--check", "--screenshots"],
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!("unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let args = match Args::parse(rest, accepted) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("{e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match cmd.as_str() {
        "generate" => generate::run(args.flag("--check"), args.flag("-v")),
        "check" => check::run(args.flag("--timings")),
        "docs-check" => docs_check::run(&args),
        "lint" => tools::lint(),
        "publish" => tools::publish(args.flag("--screenshots"), args.flag("--check")),
        "smoke" => tools::smoke(),
        "prism-e2e" => tools::prism_e2e(),
        "contract" => tools::contract(),
        "prometheus-e2e" => prometheus_e2e::run_check(),
        "hakari" => build_check::hakari_check(args.flag("--write")).map_err(Into::into),
        "one-build" => build_check::one_build().map_err(Into::into),
        "idle-cpu" => idle_cpu::run_bench(args.flag("--dev")).map_err(Into::into),
        _ => unreachable!("commands are matched above"),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
