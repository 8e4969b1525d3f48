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

use clap::{Parser, Subcommand};

/// The project's chores: code generation, spec checks, external tools, build checks.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Regenerate crates/ocp-api and the ocpctl command tree from the spec
    Generate {
        /// Fail when the checked-in code is stale (with -v: show the diff)
        #[arg(long)]
        check: bool,
        /// With --check: print the diff of stale files
        #[arg(short = 'v')]
        verbose: bool,
    },
    /// Spec rules, example validation against the schemas, generated code freshness
    Check {
        /// Print how long each step took
        #[arg(long)]
        timings: bool,
    },
    /// Hold the spec against raw OCP doc pages (files or folders)
    DocsCheck(Args),
    /// External spec linters (Redocly, Spectral, openapi-spec-validator), pinned versions
    /// installed into .tools/
    Lint,
    /// Bundled spec (en, zh-CN; answer enums extensible), self-contained HTML references and
    /// their screenshots under publish/, breaking-change check against
    /// spec/published/ocp-backup.yaml; copies bundles and references to
    /// spec/published/{en,zh-CN}/
    Publish {
        /// Fail when spec/published/ is stale instead of updating it
        #[arg(long)]
        check: bool,
        /// Also update spec/screenshots/
        #[arg(long)]
        screenshots: bool,
    },
    /// Python and TypeScript clients generated from the spec, run against the simulator
    Smoke,
    /// The clients through Prism's validating proxy in front of the simulator
    PrismE2e,
    /// promtool check/test of deploy/prometheus, then the exporter against the simulator with
    /// a real Prometheus: series and alerts as the world says
    PrometheusE2e,
    /// Schemathesis against the simulator: status, content type and schema of every answer
    Contract,
    /// Fail when crates/workspace-hack (feature unification, cargo-hakari) is stale
    Hakari {
        /// Regenerate it and the members' dependencies on it
        #[arg(long)]
        write: bool,
    },
    /// After a full build: building each package set compiles no dependency again
    OneBuild,
    /// Benchmark: CPU of the idle desktop app in a real window under Xvfb, beside a minimal
    /// eframe app (release builds)
    IdleCpu {
        /// Build with the dev profile instead of release
        #[arg(long)]
        dev: bool,
    },
    /// Benchmark: start-up of the desktop app (embedded simulator) to its first painted frame
    /// in a real window under Xvfb, beside a minimal eframe app (release builds)
    Startup {
        /// Build with the dev profile instead of release
        #[arg(long)]
        dev: bool,
    },
}

/// The options of `docs-check`.
#[derive(clap::Args)]
pub struct Args {
    /// Print the report as JSON
    #[arg(long)]
    pub json: bool,
    /// Write samples found in the pages but not in the spec into the spec, then check again
    #[arg(long)]
    pub sync: bool,
    /// Print how long each step took
    #[arg(long)]
    pub timings: bool,
    /// The OCP version of pages whose folders name none (folders such as older/V4.2.2 name
    /// their own)
    #[arg(long, value_name = "X.Y.Z")]
    pub ocp_version: Option<String>,
    /// Doc pages or folders of pages
    #[arg(value_name = "PATH")]
    pub positional: Vec<String>,
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Cmd::Generate { check, verbose } => generate::run(check, verbose),
        Cmd::Check { timings } => check::run(timings),
        Cmd::DocsCheck(args) => docs_check::run(&args),
        Cmd::Lint => tools::lint(),
        Cmd::Publish { check, screenshots } => tools::publish(screenshots, check),
        Cmd::Smoke => tools::smoke(),
        Cmd::PrismE2e => tools::prism_e2e(),
        Cmd::PrometheusE2e => prometheus_e2e::run_check(),
        Cmd::Contract => tools::contract(),
        Cmd::Hakari { write } => build_check::hakari_check(write).map_err(Into::into),
        Cmd::OneBuild => build_check::one_build().map_err(Into::into),
        Cmd::IdleCpu { dev } => idle_cpu::run_bench(dev).map_err(Into::into),
        Cmd::Startup { dev } => idle_cpu::run_startup(dev).map_err(Into::into),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::{Cli, Cmd};

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Every invocation README.md, spec/README.md and .ci/run use.
    #[test]
    fn the_documented_invocations_parse() {
        for line in [
            "generate",
            "generate --check",
            "generate --check -v",
            "check",
            "check --timings",
            "docs-check ../shared/ocp-docs",
            "docs-check --timings a b c d",
            "docs-check --json --sync a",
            "docs-check --ocp-version 4.0.3 pages",
            "lint",
            "publish",
            "publish --check",
            "publish --screenshots",
            "smoke",
            "prism-e2e",
            "contract",
            "hakari",
            "hakari --write",
            "one-build",
            "idle-cpu",
            "idle-cpu --dev",
            "startup",
        ] {
            let argv = std::iter::once("xtask").chain(line.split(' '));
            if let Err(e) = Cli::try_parse_from(argv) {
                panic!("{line}: {e}");
            }
        }
        let Cmd::DocsCheck(args) = Cli::parse_from([
            "xtask",
            "docs-check",
            "--sync",
            "--ocp-version",
            "4.0.3",
            "a",
            "b",
        ])
        .command
        else {
            panic!("docs-check");
        };
        assert!(args.sync && !args.json);
        assert_eq!(args.ocp_version.as_deref(), Some("4.0.3"));
        assert_eq!(args.positional, ["a", "b"]);
    }

    #[test]
    fn unknown_commands_and_options_are_refused() {
        for line in ["", "frobnicate", "check --write", "generate -x"] {
            let argv = std::iter::once("xtask").chain(line.split(' ').filter(|s| !s.is_empty()));
            assert!(Cli::try_parse_from(argv).is_err(), "{line}");
        }
    }
}
