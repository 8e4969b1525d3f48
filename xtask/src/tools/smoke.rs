//! `cargo xtask smoke`: clients in other languages, generated from the spec, against the
//! simulator.
//!
//! - Python: `openapi-python-client generate --fail-on-warning` into `.tools/gen/python`, then
//!   `tools/smoke/smoke.py`.
//! - TypeScript: `openapi-typescript` types into `.tools/gen/ts`, `tools/smoke/smoke.mts` with
//!   openapi-fetch, type-checked by `tsc --strict` and run with Node.
//!
//! The simulator binary is built, started on a free loopback port and stopped by PID afterwards,
//! also when a step fails.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::process::{
    Background, build_simulator, free_port, run, run_ok, simulator_admin_password, tail,
};
use super::{Report, Tools, install};
use crate::spec::{Error, SPEC_PATH};

const PY_PACKAGE: &str = ".tools/gen/python/ocp_backup_client";
const TS_TYPES: &str = ".tools/gen/ts/ocp-backup.d.ts";
const TS_OUT: &str = ".tools/npm/smoke-dist/smoke.mjs";
pub const SIM_USER: &str = "admin";

pub fn smoke() -> Result<(), Error> {
    let tools = Tools::new();
    let mut report = Report::new("smoke");
    let clients = prepare(&tools, &mut report);
    let exe = build_simulator_step(&tools, &mut report);

    // The smoke programs and the every-operation run each get a fresh simulator, so that the
    // backups one starts cannot collide with the other's (OCP allows one at a time).
    if let Some(mut sim) = start_simulator(&tools, &mut report, exe.as_deref(), " (smoke)") {
        let url = sim.base_url();
        run_programs(&tools, &mut report, clients, &url, &sim.password, "");
        sim.server.stop();
    } else {
        report.skip("python smoke", "no simulator");
        report.skip("typescript smoke", "no simulator");
    }
    if let Some(mut sim) = start_simulator(&tools, &mut report, exe.as_deref(), " (all ops)") {
        let url = sim.base_url();
        run_all_operations(&tools, &mut report, clients, &url, &sim.password, "");
        sim.server.stop();
    } else {
        report.skip("every operation (python)", "no simulator");
    }
    report.finish()
}

/// Which generated clients are ready to run.
#[derive(Clone, Copy)]
pub struct Clients {
    pub python: bool,
    pub typescript: bool,
}

/// Installs the tools and generates and type-checks both clients.
pub fn prepare(tools: &Tools, report: &mut Report) -> Clients {
    if !report.step("install pinned tools", || install::ensure(tools)) {
        report.skip("python client", "tools not installed");
        report.skip("typescript client", "tools not installed");
        return Clients {
            python: false,
            typescript: false,
        };
    }
    let python = report.step("python client", || generate_python(tools));
    let typescript = report.step("typescript client (tsc --strict)", || {
        generate_typescript(tools)
    });
    Clients { python, typescript }
}

fn generate_python(tools: &Tools) -> Result<String, String> {
    let out = tools.root.join(PY_PACKAGE);
    run_ok(
        tools
            .command(tools.venv_bin("openapi-python-client"))
            .args([
                "generate",
                "--path",
                SPEC_PATH,
                "--meta",
                "none",
                "--output-path",
            ])
            .arg(&out)
            .args(["--overwrite", "--fail-on-warning"]),
        30,
    )?;
    let ops = count_files(&out.join("api"), "py")?;
    let models = count_files(&out.join("models"), "py")?;
    Ok(format!(
        "openapi-python-client --fail-on-warning: {} ({ops} operation modules, {models} model modules)",
        PY_PACKAGE
    ))
}

fn count_files(dir: &Path, ext: &str) -> Result<usize, String> {
    let mut n = 0;
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            n += count_files(&p, ext)?;
        } else if p.extension().is_some_and(|e| e == ext)
            && p.file_name().is_some_and(|f| f != "__init__.py")
        {
            n += 1;
        }
    }
    Ok(n)
}

fn generate_typescript(tools: &Tools) -> Result<String, String> {
    // `--default-non-nullable false`: a property with a `default` stays optional in requests
    // (openapi-typescript 7 would otherwise make it required).
    run_ok(
        tools.command(tools.npm_bin("openapi-typescript")).args([
            SPEC_PATH,
            "--default-non-nullable",
            "false",
            "-o",
            TS_TYPES,
        ]),
        20,
    )?;
    let out = tools.root.join(TS_OUT);
    let _ = std::fs::remove_file(&out);
    run_ok(
        tools
            .command(tools.npm_bin("tsc"))
            .args(["--strict", "-p", "tools/smoke"]),
        40,
    )?;
    if !out.is_file() {
        return Err(format!("tsc wrote no {TS_OUT}"));
    }
    Ok(format!(
        "openapi-typescript → {TS_TYPES}; tsc --strict tools/smoke → {TS_OUT}"
    ))
}

/// A running simulator.
pub struct Simulator {
    pub server: Background,
    pub addr: SocketAddr,
    pub password: String,
}

impl Simulator {
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// `cargo build -p ocp-sim` as a report step; the binary's path.
pub fn build_simulator_step(tools: &Tools, report: &mut Report) -> Option<PathBuf> {
    let mut exe: Option<PathBuf> = None;
    report.step("build simulator", || {
        let path = build_simulator(&tools.root)?;
        let detail = format!("cargo build -p ocp-sim → {}", path.display());
        exe = Some(path);
        Ok(detail)
    });
    exe
}

/// Starts the simulator binary on a free loopback port (a report step).
pub fn start_simulator(
    tools: &Tools,
    report: &mut Report,
    exe: Option<&Path>,
    label: &str,
) -> Option<Simulator> {
    let name = format!("start simulator{label}");
    let Some(exe) = exe else {
        report.skip(&name, "not built");
        return None;
    };
    let mut sim = None;
    report.step(&name, || {
        let password = simulator_admin_password(&tools.root)?;
        let port = free_port()?;
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let log = tools.dir.join(format!("logs/ocp-sim-{port}.log"));
        let mut server = Background::start(
            "ocp-sim",
            tools
                .command(exe)
                .args(["--port", &port.to_string(), "--seed", "42", "--speed", "60"]),
            log,
        )?;
        let waited = server.wait_http(addr, Duration::from_secs(60))?;
        let detail = format!(
            "ocp-sim --port {port} --seed 42 --speed 60 (PID {}), answering after {:.1} s",
            server.pid(),
            waited.as_secs_f64()
        );
        sim = Some(Simulator {
            server,
            addr,
            password,
        });
        Ok(detail)
    });
    sim
}

/// Runs the Python and TypeScript smoke programs against `base_url`.
pub fn run_programs(
    tools: &Tools,
    report: &mut Report,
    clients: Clients,
    base_url: &str,
    password: &str,
    label: &str,
) -> bool {
    let env = [
        ("OCP_BASE_URL", base_url),
        ("OCP_USER", SIM_USER),
        ("OCP_PASSWORD", password),
    ];
    let mut ok = true;
    let py_name = format!("python smoke{label}");
    if clients.python {
        ok &= report.step(&py_name, || {
            let gen_dir = tools.root.join(PY_PACKAGE);
            let mut cmd = tools.command(tools.venv_bin("python"));
            cmd.arg("tools/smoke/smoke.py")
                .env("PYTHONPATH", gen_dir.parent().unwrap_or(&gen_dir))
                .env("PYTHONDONTWRITEBYTECODE", "1")
                .envs(env);
            program_result(run(&mut cmd)?)
        });
    } else {
        report.skip(&py_name, "no generated client");
        ok = false;
    }
    let ts_name = format!("typescript smoke{label}");
    if clients.typescript {
        ok &= report.step(&ts_name, || {
            let mut cmd = tools.command("node");
            cmd.arg(TS_OUT).envs(env);
            program_result(run(&mut cmd)?)
        });
    } else {
        report.skip(&ts_name, "no type-checked program");
        ok = false;
    }
    ok
}

/// `tools/smoke/all_operations.py`: every operation of the spec once, through the generated
/// Python client. Runs after the smoke programs (it picks a tenant they left free).
pub fn run_all_operations(
    tools: &Tools,
    report: &mut Report,
    clients: Clients,
    base_url: &str,
    password: &str,
    label: &str,
) -> bool {
    let name = format!("every operation (python){label}");
    if !clients.python {
        report.skip(&name, "no generated client");
        return false;
    }
    report.step(&name, || {
        let gen_dir = tools.root.join(PY_PACKAGE);
        let mut cmd = tools.command(tools.venv_bin("python"));
        cmd.arg("tools/smoke/all_operations.py")
            .env("PYTHONPATH", gen_dir.parent().unwrap_or(&gen_dir))
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("OCP_BASE_URL", base_url)
            .env("OCP_USER", SIM_USER)
            .env("OCP_PASSWORD", password);
        let out = run(&mut cmd)?;
        let text = out.text();
        let last = text.lines().last().unwrap_or("").to_string();
        if out.success() {
            Ok(last)
        } else {
            Err(format!("{}: {last}\n{}", out.status(), tail(&text, 40)))
        }
    })
}

/// A smoke program's whole output is its report; its last line says PASS or FAIL.
fn program_result(out: super::process::Output) -> Result<String, String> {
    let text = out.text();
    let last = text.lines().last().unwrap_or("").to_string();
    let body: Vec<&str> = text.lines().collect();
    let shown = format!(
        "{last}\n{}",
        body[..body.len().saturating_sub(1)].join("\n")
    );
    if out.success() && last.ends_with("PASS") {
        Ok(shown)
    } else {
        Err(format!("{}: {shown}", out.status()))
    }
}
