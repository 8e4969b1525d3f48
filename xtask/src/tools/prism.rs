//! `cargo xtask prism-e2e`: Prism as a validating proxy (`prism proxy --errors`) in front of the
//! simulator, with clients exercising the API through it. Prism checks every request and response
//! against the spec: with `--errors` a violating request is answered 422 and a violating response
//! becomes a 500, so the client fails; the proxy's log is also searched for violations, warnings
//! included (an undocumented status code is only a warning there).
//!
//! Through the proxy run: `tools/smoke/all_operations.py` (every operation of the spec, through
//! the generated Python client), the Python and TypeScript smoke programs, and the Rust client's
//! end-to-end tests (`tests/tests/client_ops.rs`) once they can be pointed at Prism (see
//! [`rust_e2e`]). The proxies' logs must then show every operation of the spec exercised and no
//! violation.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::time::Duration;

use super::process::{Background, free_port, run, tail};
use super::smoke::{self, SIM_USER};
use super::{Report, Tools};
use crate::spec::{Error, SPEC_PATH, Spec};

/// The end-to-end tests of the Rust client, and the variables that would point them at Prism.
const RUST_E2E: &str = "tests/tests/client_ops.rs";
const RUST_E2E_URL_VARS: [&str; 3] = ["OCP_E2E_BASE_URL", "OCP_BASE_URL", "OCP_SIM_URL"];
const RUST_E2E_PRISM_VAR: &str = "OCP_E2E_PRISM";
const RUST_E2E_SPEC_VAR: &str = "OCP_E2E_SPEC";
const RUST_E2E_USER_VAR: &str = "OCP_E2E_USER";
const RUST_E2E_PASSWORD_VAR: &str = "OCP_E2E_PASSWORD";

pub fn prism_e2e() -> Result<(), Error> {
    let tools = Tools::new();
    let mut report = Report::new("prism-e2e");
    let clients = smoke::prepare(&tools, &mut report);
    let exe = smoke::build_simulator_step(&tools, &mut report);
    let mut logs = Vec::new();

    // Two rounds, each with a fresh simulator and its own proxy (backups started in one round
    // cannot collide with the other's): the smoke programs (and the Rust e2e tests when they
    // can take a base URL), then every operation of the spec from Python.
    for round in [Round::Smoke, Round::AllOperations] {
        let label = match round {
            Round::Smoke => " (smoke)",
            Round::AllOperations => " (all ops)",
        };
        let Some(mut sim) = smoke::start_simulator(&tools, &mut report, exe.as_deref(), label)
        else {
            continue;
        };
        let Some((mut prism, addr)) = start_proxy(&tools, &mut report, &sim.base_url(), label)
        else {
            sim.server.stop();
            continue;
        };
        let url = format!("http://{addr}");
        let via = " via prism";
        match round {
            Round::Smoke => {
                rust_e2e(&tools, &mut report, &url, &sim.password);
                smoke::run_programs(&tools, &mut report, clients, &url, &sim.password, via);
            }
            Round::AllOperations => {
                smoke::run_all_operations(
                    &tools,
                    &mut report,
                    clients,
                    &url,
                    &sim.password,
                    via,
                    None,
                );
            }
        }
        prism.stop();
        sim.server.stop();
        logs.push(prism.log_text());
    }
    let log = logs.join("\n");
    report.step("prism: no spec violations", || violations(&log));
    report.step("prism: operations exercised", || coverage(&log));
    report.finish()
}

#[derive(Clone, Copy)]
enum Round {
    Smoke,
    AllOperations,
}

/// `prism proxy --errors` in front of `upstream`, on a free loopback port (a report step).
fn start_proxy(
    tools: &Tools,
    report: &mut Report,
    upstream: &str,
    label: &str,
) -> Option<(Background, SocketAddr)> {
    let mut proxy = None;
    report.step(&format!("start prism proxy{label}"), || {
        let port = free_port()?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let mut server = Background::start(
            "prism proxy",
            tools.command(tools.npm_bin("prism")).args([
                "proxy",
                "--errors",
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                SPEC_PATH,
                upstream,
            ]),
            tools.dir.join(format!("logs/prism-proxy-{port}.log")),
        )?;
        let waited = server.wait_http(addr, Duration::from_secs(60))?;
        let detail = format!(
            "prism proxy --errors http://{addr} → {upstream} (PID {}), answering after {:.1} s",
            server.pid(),
            waited.as_secs_f64()
        );
        proxy = Some((server, addr));
        Ok(detail)
    });
    proxy
}

/// The Rust client's end-to-end tests through Prism, if they can be pointed at it. Two ways
/// are recognised in `client_ops.rs`: reading an external base URL (one of
/// [`RUST_E2E_URL_VARS`]; the tests then use the proxy started here), or reading
/// `OCP_E2E_PRISM` (the prism binary) and `OCP_E2E_SPEC` and putting `prism proxy --errors` in
/// front of the simulator each test starts (which keeps `sim.world()` and `sim.advance()`).
fn rust_e2e(tools: &Tools, report: &mut Report, url: &str, password: &str) {
    let text = std::fs::read_to_string(tools.root.join(RUST_E2E)).unwrap_or_default();
    let own_prism = text.contains(&format!("\"{RUST_E2E_PRISM_VAR}\""));
    let url_var = RUST_E2E_URL_VARS
        .into_iter()
        .find(|v| text.contains(&format!("\"{v}\"")));
    if !own_prism && url_var.is_none() {
        println!(
            "     {RUST_E2E} reads neither {RUST_E2E_PRISM_VAR} nor an external base URL ({}): \
             the Rust tests do not go through Prism; every operation goes through it from \
             Python instead",
            RUST_E2E_URL_VARS.join(", ")
        );
        return;
    }
    report.step("rust client e2e tests via prism", || {
        let mut cmd = tools.command(super::process::cargo_program());
        super::process::without_cargo_run_env(&mut cmd);
        cmd.args(["test", "-p", "ocp-backup-tests", "--test", "client_ops"]);
        let how = if own_prism {
            cmd.env(RUST_E2E_PRISM_VAR, tools.npm_bin("prism"))
                .env(RUST_E2E_SPEC_VAR, tools.root.join(SPEC_PATH));
            format!("{RUST_E2E_PRISM_VAR} (a proxy per test)")
        } else {
            let var = url_var.unwrap_or(RUST_E2E_URL_VARS[0]);
            cmd.env(var, url)
                .env(RUST_E2E_USER_VAR, SIM_USER)
                .env(RUST_E2E_PASSWORD_VAR, password);
            format!("{var}={url}")
        };
        let out = run(&mut cmd)?;
        let summary: Vec<String> = out
            .text()
            .lines()
            .filter(|l| l.starts_with("test result:") || l.contains("FAILED"))
            .map(str::to_string)
            .collect();
        if out.success() {
            Ok(format!("{how}: {}", summary.join("; ")))
        } else {
            Err(format!("{}:\n{}", out.status(), out.tail(40)))
        }
    });
}

/// Prism marks every problem with `✖` (error) or `⚠` (warning). With `--errors` a violation
/// ends its request: `[HTTP SERVER] get /path ✖ error Request terminated with error:
/// …#VIOLATIONS: Request/Response not valid` (or `#UNPROCESSABLE_ENTITY` for a bad request).
/// The readiness probe's `GET /` (no such path in the spec) is the one expected error.
fn violations(log: &str) -> Result<String, String> {
    let requests = log
        .lines()
        .filter(|l| l.contains("Request received"))
        .count();
    let found: Vec<&str> = log
        .lines()
        .filter(|l| l.contains('✖') || l.contains('⚠'))
        .filter(|l| !l.contains("[HTTP SERVER] get / "))
        .collect();
    if found.is_empty() {
        Ok(format!("{requests} requests proxied, 0 violations"))
    } else {
        Err(format!(
            "{} problem(s) in {requests} requests:\n{}",
            found.len(),
            tail(&found.join("\n"), 40)
        ))
    }
}

/// The spec operations the proxied requests hit, from Prism's `[HTTP SERVER] get /path … Request
/// received` lines; all of them must have been exercised.
fn coverage(log: &str) -> Result<String, String> {
    let spec = Spec::load().map_err(|e| e.to_string())?;
    let ops: Vec<(String, Vec<&str>, String)> = spec
        .operations()
        .iter()
        .map(|op| {
            (
                op.method.to_string(),
                op.path.trim_matches('/').split('/').collect(),
                op.id().unwrap_or("?").to_string(),
            )
        })
        .collect();
    let mut hit = BTreeSet::new();
    for line in log.lines().filter(|l| l.contains("Request received")) {
        let Some(rest) = line.split("[HTTP SERVER] ").nth(1) else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let (Some(method), Some(target)) = (words.next(), words.next()) else {
            continue;
        };
        let path = target.split('?').next().unwrap_or(target);
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        for (m, template, id) in &ops {
            let matches = m.eq_ignore_ascii_case(method)
                && template.len() == segments.len()
                && template
                    .iter()
                    .zip(&segments)
                    .all(|(t, s)| t.starts_with('{') || t == s);
            if matches {
                hit.insert(id.clone());
            }
        }
    }
    let missing: Vec<&str> = ops
        .iter()
        .map(|(_, _, id)| id.as_str())
        .filter(|id| !hit.contains(*id))
        .collect();
    if missing.is_empty() {
        Ok(format!(
            "{}/{} operations of the spec",
            hit.len(),
            ops.len()
        ))
    } else {
        Err(format!(
            "{}/{} operations; not exercised: {}",
            hit.len(),
            ops.len(),
            missing.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::violations;

    #[test]
    fn violations_and_warnings_fail_but_the_readiness_probe_does_not() {
        let ok = "[HTTP SERVER] get /api/v2/ob/clusters ℹ  info      Request received\n\
                  [HTTP SERVER] get / ✖  error     Request terminated with error: …#NO_PATH_MATCHED_ERROR\n";
        assert!(violations(ok).is_ok());
        let bad = "[HTTP SERVER] get /api/v2/ob/clusters ✖  error     Request terminated with error: \
                   https://stoplight.io/prism/errors#VIOLATIONS: Request/Response not valid\n";
        assert!(violations(bad).is_err());
        let warn = "    [VALIDATOR] ⚠  warning   Unable to match the returned status code\n";
        assert!(violations(warn).is_err());
    }
}
