//! `cargo xtask contract`: schemathesis fuzzes the simulator with the spec and checks that every
//! answer is one the spec allows (no server error, a declared status, JSON, the declared schema).
//! Bounded in examples and time, deterministic by seed, so CI runs it every time.

use super::process::run;
use super::smoke::{SIM_USER, build_simulator_step, start_simulator};
use super::{Report, Tools, install};
use crate::spec::{Error, SPEC_PATH};

const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance";

pub fn contract() -> Result<(), Error> {
    let tools = Tools::new();
    let mut report = Report::new("contract");
    report.step("install pinned tools", || install::ensure(&tools));
    let exe = build_simulator_step(&tools, &mut report);
    let Some(mut sim) = start_simulator(&tools, &mut report, exe.as_deref(), "") else {
        report.skip("schemathesis", "no simulator");
        return report.finish();
    };
    let url = sim.base_url();
    report.step("schemathesis", || {
        let auth = format!("{SIM_USER}:{}", sim.password);
        let junit = tools.dir.join("logs/schemathesis-junit.xml");
        let out = run(tools.command(tools.venv_bin("st")).args([
            "run",
            SPEC_PATH,
            "--url",
            &url,
            "--auth",
            &auth,
            "--checks",
            CHECKS,
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "20",
            "--seed",
            "1",
            // Deterministic generation also keeps no example database.
            "--generation-deterministic",
            "--request-timeout",
            "10",
            "--max-time",
            "180",
            "--no-color",
            "--report",
            "junit",
            "--report-junit-path",
            &junit.to_string_lossy(),
        ]))?;
        let summary = out.tail(12);
        if out.success() {
            Ok(summary)
        } else {
            Err(format!("{}\n{}", out.status(), out.tail(60)))
        }
    });
    sim.server.stop();
    report.finish()
}
