//! `cargo xtask prometheus-e2e`: the alert rules and the exporter with a real Prometheus.
//!
//! `promtool check rules` and `promtool test rules` on `deploy/prometheus/`; then the simulator
//! (a generated fleet, on the real clock), `ocpctl exporter` against it and Debian's Prometheus
//! scraping the exporter every second with the rules loaded, all on loopback ports, stopped by
//! PID at the end. Through Prometheus' HTTP API (`promtool query instant`) it checks that the
//! series arrived and that the alerts fire as the simulator's world says: every tenant whose
//! newest data backup failed (the fleet names them `…_failed`) fires the failed-backup alert,
//! every lagging one the log delay alert, and no healthy tenant (`…_ok`) fires anything.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::spec::{Error, workspace_root};
use crate::tools::Report;
use crate::tools::process::{Background, cargo, free_port, run, run_ok, simulator_constant, tail};

/// Clusters × tenants of the simulated fleet.
const FLEET: &str = "3x10";
const WAIT: Duration = Duration::from_secs(60);

pub fn run_check() -> Result<(), Error> {
    let root = workspace_root();
    let mut report = Report::new("prometheus-e2e");
    let rules = root.join("deploy/prometheus/ocp-backup-rules.yml");
    let rules_test = root.join("deploy/prometheus/ocp-backup-rules.test.yml");
    report.step("promtool check rules", || {
        run_ok(
            Command::new("promtool")
                .arg("check")
                .arg("rules")
                .arg(&rules),
            20,
        )
        .map(|o| o.tail(1))
    });
    report.step("promtool test rules", || {
        run_ok(
            Command::new("promtool")
                .arg("test")
                .arg("rules")
                .arg(&rules_test)
                .current_dir(root.join("deploy/prometheus")),
            40,
        )
        .map(|o| o.tail(1))
    });

    let mut binaries = None;
    report.step("build ocp-sim and ocpctl", || {
        let built = build(&root)?;
        binaries = Some(built);
        Ok("built".into())
    });
    let Some((sim_exe, ocpctl_exe)) = binaries else {
        report.skip("end to end", "no binaries");
        return report.finish();
    };
    let work = root.join("target/prometheus-e2e");
    let _ = std::fs::remove_dir_all(&work);
    let mut servers = Vec::new();
    let mut prom_url = String::new();
    let mut password = String::new();
    let started = report.step("start the simulator, the exporter and Prometheus", || {
        let (sim_port, exporter_port, prom_port) = (free_port()?, free_port()?, free_port()?);
        let mut sim = Background::start(
            "ocp-sim",
            Command::new(&sim_exe).args(["--port", &sim_port.to_string(), "--fleet", FLEET]),
            work.join("ocp-sim.log"),
        )?;
        sim.wait_http(loopback(sim_port), WAIT)?;
        servers.push(sim);
        password = simulator_constant(&root, "DEFAULT_VIEWER_PASSWORD")?;
        let user = simulator_constant(&root, "DEFAULT_VIEWER_USER")?;
        let mut exporter = Background::start(
            "ocpctl exporter",
            Command::new(&ocpctl_exe)
                .args([
                    "exporter",
                    "--listen",
                    &loopback(exporter_port).to_string(),
                    "--interval",
                    "2s",
                ])
                .env_clear()
                .env("OCP_URL", format!("http://127.0.0.1:{sim_port}"))
                .env("OCP_USER", user)
                .env("OCP_PASSWORD", &password)
                .env("OCPCTL_NO_KEYRING", "1")
                .env("OCPCTL_CONFIG", work.join("no-config.toml")),
            work.join("exporter.log"),
        )?;
        exporter.wait_http(loopback(exporter_port), WAIT)?;
        servers.push(exporter);
        let config = work.join("prometheus.yml");
        std::fs::write(&config, prometheus_config(&rules, exporter_port))
            .map_err(|e| format!("{}: {e}", config.display()))?;
        let mut prometheus = Background::start(
            "prometheus",
            Command::new("prometheus")
                .arg(format!("--config.file={}", config.display()))
                .arg(format!(
                    "--storage.tsdb.path={}",
                    work.join("data").display()
                ))
                .arg(format!("--web.listen-address={}", loopback(prom_port))),
            work.join("prometheus.log"),
        )?;
        prometheus.wait_http(loopback(prom_port), WAIT)?;
        servers.push(prometheus);
        prom_url = format!("http://{}", loopback(prom_port));
        Ok(format!(
            "simulator :{sim_port}, exporter :{exporter_port}, Prometheus :{prom_port}"
        ))
    });
    if started {
        checks(&mut report, &prom_url, &servers[1], &password);
    } else {
        report.skip("series and alerts", "the servers did not start");
    }
    for server in &mut servers {
        server.stop();
    }
    report.finish()
}

fn loopback(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

fn prometheus_config(rules: &Path, exporter_port: u16) -> String {
    format!(
        "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - {}\nscrape_configs:\n  - job_name: ocp-backup\n    static_configs:\n      - targets: ['127.0.0.1:{exporter_port}']\n",
        rules.display()
    )
}

/// `cargo build` of the simulator and ocpctl at once, with the paths of both executables.
fn build(root: &Path) -> Result<(PathBuf, PathBuf), String> {
    let mut cmd = cargo();
    cmd.current_dir(root).args([
        "build",
        "-p",
        "ocp-sim",
        "--bin",
        "ocp-sim",
        "-p",
        "ocp-backup-cli",
        "--bin",
        "ocpctl",
        "--message-format=json-render-diagnostics",
    ]);
    let out = run(&mut cmd)?;
    if !out.success() {
        return Err(format!(
            "cargo build: {}\n{}",
            out.status(),
            tail(&out.stderr, 30)
        ));
    }
    let exe = |name: &str| {
        out.stdout
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == name)
            .filter_map(|m| m["executable"].as_str().map(PathBuf::from))
            .next_back()
            .ok_or_else(|| format!("cargo build reported no {name} executable"))
    };
    Ok((exe("ocp-sim")?, exe("ocpctl")?))
}

/// The series of an instant query, as `promtool query instant -o json` prints them.
fn query(url: &str, expr: &str) -> Result<Vec<serde_json::Value>, String> {
    let out = run_ok(
        Command::new("promtool").args(["query", "instant", "-o", "json", url, expr]),
        10,
    )?;
    let value: serde_json::Value = serde_json::from_str(out.stdout.trim())
        .map_err(|e| format!("promtool query {expr}: {e}: {}", out.tail(5)))?;
    Ok(value.as_array().cloned().unwrap_or_default())
}

/// `(cluster, tenant)` of each series.
fn objects(series: &[serde_json::Value]) -> BTreeSet<(String, String)> {
    series
        .iter()
        .map(|s| {
            let label = |k: &str| s["metric"][k].as_str().unwrap_or_default().to_owned();
            (label("cluster"), label("tenant"))
        })
        .collect()
}

/// Polls `expr` until `done` holds, up to [`WAIT`].
fn wait_for(
    url: &str,
    expr: &str,
    done: impl Fn(&[serde_json::Value]) -> bool,
) -> Result<Vec<serde_json::Value>, String> {
    let start = Instant::now();
    loop {
        let series = query(url, expr)?;
        if done(&series) {
            return Ok(series);
        }
        if start.elapsed() > WAIT {
            return Err(format!(
                "after {} s, {expr} gives {} series",
                WAIT.as_secs(),
                series.len()
            ));
        }
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn checks(report: &mut Report, url: &str, exporter: &Background, password: &str) {
    let mut health = Vec::new();
    let arrived = report.step("the exporter's series reach Prometheus", || {
        wait_for(url, r#"ocp_up{job="ocp-backup"} == 1"#, |s| s.len() == 1)?;
        health = wait_for(url, "ocp_backup_health == 1", |s| s.len() >= 30)?;
        Ok(format!("{} objects with a verdict", health.len()))
    });
    if !arrived {
        report.skip("alerts as the world says", "no series");
        return;
    }
    let all = objects(&health);
    let named = |suffix: &str| -> BTreeSet<(String, String)> {
        all.iter()
            .filter(|(_, t)| t.ends_with(suffix))
            .cloned()
            .collect()
    };
    let firing = |name: &str| format!(r#"ALERTS{{alertname="{name}",alertstate="firing"}}"#);
    for (alert, suffix) in [
        ("OcpBackupDataBackupFailed", "_failed"),
        ("OcpBackupLogDelayOverThreshold", "_lagging"),
    ] {
        let expected = named(suffix);
        report.step(
            &format!("{alert} fires for every …{suffix} tenant and only them"),
            || {
                if expected.is_empty() {
                    return Err(format!("the fleet has no …{suffix} tenant"));
                }
                let series = wait_for(url, &firing(alert), |s| objects(s) == expected)
                    .map_err(|e| format!("{e}; expected {expected:?}"))?;
                Ok(format!("{} alerts", series.len()))
            },
        );
    }
    report.step("healthy tenants fire nothing, OCP is reachable", || {
        let healthy = query(url, r#"ALERTS{tenant=~".*_ok"}"#)?;
        let unreachable = query(url, &firing("OcpUnreachable"))?;
        if !healthy.is_empty() || !unreachable.is_empty() {
            return Err(format!("{healthy:?} {unreachable:?}"));
        }
        Ok(format!("{} healthy tenants quiet", named("_ok").len()))
    });
    report.step("no secret in the exporter's log", || {
        let log = exporter.log_text();
        if log.contains(password) || log.contains("Basic ") {
            return Err(tail(&log, 5));
        }
        Ok(tail(&log, 1))
    });
}
