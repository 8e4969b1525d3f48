//! `cargo xtask` — the one entry point for the project's chores.
//!
//! * `generate [--check] [-v]` — regenerate the Rust client from `spec/ocp-backup.yaml`
//!   (or, with `--check`, fail with a diff when the checked-in code is stale).
//! * `check [--timings]` — hold the spec to the project's rules, validate every recorded doc
//!   example against its schema, and verify the generated code is fresh.

mod check;
mod generate;
mod oas_schema;
mod spec;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  generate [--check] [-v]   regenerate crates/ocp-api from spec/ocp-backup.yaml;
                            --check fails (with a diff under -v) when the checked-in code is stale
  check [--timings]         spec rules, example validation against the schemas, generated code freshness
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = match args.split_first() {
        Some((cmd, rest)) => (cmd.as_str(), rest),
        None => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let flag = |name: &str| rest.iter().any(|a| a == name);
    if let Some(unknown) = rest.iter().find(|a| !matches!(a.as_str(), "--check" | "-v" | "--timings")) {
        eprintln!("unknown argument `{unknown}`\n\n{USAGE}");
        return ExitCode::from(2);
    }
    let result = match cmd {
        "generate" => generate::run(flag("--check"), flag("-v")),
        "check" => check::run(flag("--timings")),
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            Ok(())
        }
        other => {
            eprintln!("unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
