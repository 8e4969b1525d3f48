//! `cargo xtask idle-cpu`: the desktop app's CPU use while idle, in a real window under Xvfb,
//! beside a minimal eframe app built in the same run (these machines are noisy, so the figure
//! only means something next to its reference). `cargo xtask startup`: the time from starting
//! each of them to its first painted frame, on the same machinery.
//!
//! Both release binaries run on their own X server; after a warm-up (the app connects to its
//! embedded simulator and loads the navigator) the process's user + system CPU time, all
//! threads, is read from `/proc/PID/stat` at the start and the end of the idle window.

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::spec::workspace_root;
use crate::tools::process::{cargo, run, tail};

const WARM_UP: Duration = Duration::from_secs(8);
const WINDOW: Duration = Duration::from_secs(10);

/// Builds the app and the reference (release unless `dev`), returning their paths.
fn build(root: &Path, dev: bool) -> Result<(PathBuf, PathBuf), String> {
    let profile: &[&str] = if dev { &[] } else { &["--release"] };
    let out = run(cargo().current_dir(root).arg("build").args(profile).args([
        "--locked",
        "-p",
        "ocp-backup-gui",
        "--bin",
        "ocp-backup",
        "--example",
        "minimal_window",
        "--message-format=json-render-diagnostics",
    ]))?;
    if !out.success() {
        return Err(format!(
            "cargo build --release: {}\n{}",
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
            .ok_or_else(|| format!("cargo reported no executable {name}"))
    };
    Ok((exe("ocp-backup")?, exe("minimal_window")?))
}

/// An X server on a free display, killed on drop.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    fn start() -> Result<Xvfb, String> {
        for n in 90..140 {
            if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                || Path::new(&format!("/tmp/.X{n}-lock")).exists()
            {
                continue;
            }
            let display = format!(":{n}");
            let child = Command::new("Xvfb")
                .args([
                    display.as_str(),
                    "-screen",
                    "0",
                    "1920x1080x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("cannot start Xvfb (Debian package xvfb): {e}"))?;
            let socket = format!("/tmp/.X11-unix/X{n}");
            let deadline = Instant::now() + Duration::from_secs(10);
            while !Path::new(&socket).exists() {
                if Instant::now() > deadline {
                    return Err("Xvfb did not open its socket within 10 s".into());
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            return Ok(Xvfb { child, display });
        }
        Err("no free X display between :90 and :139".into())
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// User + system CPU time of a process and all its threads, from `/proc/PID/stat`.
fn cpu_time(pid: u32) -> Result<Duration, String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map_err(|e| format!("process {pid} is gone: {e}"))?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(") ").map(|(_, r)| r).unwrap_or_default();
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let clock_ticks = 100; // USER_HZ on Linux
    let total = ticks(11) + ticks(12);
    Ok(Duration::from_millis(total * 1000 / clock_ticks))
}

struct Figure {
    cpu: Duration,
    wall: Duration,
}

impl Figure {
    fn percent(&self) -> f64 {
        100.0 * self.cpu.as_secs_f64() / self.wall.as_secs_f64()
    }
}

/// The program on display `x`, with a settings folder of its own (so a developer's saved
/// connections and window play no part).
fn launch(exe: &Path, args: &[&str], home: &Path, x: &Xvfb) -> Command {
    let mut command = Command::new(exe);
    command
        .args(args)
        .env("DISPLAY", &x.display)
        .env_remove("WAYLAND_DISPLAY")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

fn measure(exe: &Path, args: &[&str], home: &Path) -> Result<Figure, String> {
    let x = Xvfb::start()?;
    let mut child = launch(exe, args, home, &x)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
    std::thread::sleep(WARM_UP);
    if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
        let mut err = String::new();
        if let Some(mut s) = child.stderr.take() {
            use std::io::Read as _;
            let _ = s.read_to_string(&mut err);
        }
        return Err(format!(
            "{} exited during warm-up ({status}): {}",
            exe.display(),
            tail(&err, 10)
        ));
    }
    let pid = child.id();
    let (c0, t0) = (cpu_time(pid)?, Instant::now());
    std::thread::sleep(WINDOW);
    let (c1, t1) = (cpu_time(pid)?, Instant::now());
    let _ = child.kill();
    let _ = child.wait();
    Ok(Figure {
        cpu: c1.saturating_sub(c0),
        wall: t1 - t0,
    })
}

pub fn run_bench(dev: bool) -> Result<(), String> {
    let root = workspace_root();
    let (app, minimal) = build(&root, dev)?;
    let home = std::env::temp_dir().join(format!("ocp-idle-cpu-{}", std::process::id()));
    std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
    let reference = measure(&minimal, &[], &home)?;
    let figure = measure(&app, &["--demo"], &home)?;
    let _ = std::fs::remove_dir_all(&home);
    println!(
        "idle CPU over {:.1} s after {} s warm-up ({} build, Xvfb, all threads):",
        WINDOW.as_secs_f64(),
        WARM_UP.as_secs(),
        if dev { "dev" } else { "release" }
    );
    println!(
        "  minimal eframe app   {:.2} CPU s  {:5.2} %",
        reference.cpu.as_secs_f64(),
        reference.percent()
    );
    println!(
        "  ocp-backup --demo    {:.2} CPU s  {:5.2} %   (target <= 1 %)",
        figure.cpu.as_secs_f64(),
        figure.percent()
    );
    Ok(())
}

/// How the app reports its first painted frame (crates/gui/src/first_paint.rs).
const FIRST_PAINT_ENV: &str = "OCP_BACKUP_REPORT_FIRST_PAINT";
const FIRST_PAINT_LINE: &str = "first-paint";
const STARTS: usize = 5;

/// From spawning `exe` (on an X server already up, with a fresh settings folder) to the line
/// its GL painter prints while painting the first frame.
fn time_to_first_paint(exe: &Path, args: &[&str], x: &Xvfb) -> Result<Duration, String> {
    static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let home = std::env::temp_dir().join(format!("ocp-startup-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
    let started = Instant::now();
    let mut child = launch(exe, args, &home, x)
        .env(FIRST_PAINT_ENV, "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", exe.display()))?;
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            match line {
                Ok(l) if l.trim() == FIRST_PAINT_LINE => {
                    let _ = tx.send(Instant::now());
                    return;
                }
                Ok(_) => {}
                Err(_) => return,
            }
        }
    });
    let painted = rx.recv_timeout(Duration::from_secs(60));
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&home);
    painted
        .map(|at| at - started)
        .map_err(|_| format!("{} painted no frame within 60 s", exe.display()))
}

fn median_max(mut runs: Vec<Duration>) -> (Duration, Duration) {
    runs.sort();
    (runs[runs.len() / 2], runs[runs.len() - 1])
}

pub fn run_startup(dev: bool) -> Result<(), String> {
    let root = workspace_root();
    let (app, minimal) = build(&root, dev)?;
    let x = Xvfb::start()?;
    // Taken in turns, so that a busy moment of the machine falls on both.
    let (mut reference, mut figure) = (Vec::new(), Vec::new());
    for _ in 0..STARTS {
        reference.push(time_to_first_paint(&minimal, &[], &x)?);
        figure.push(time_to_first_paint(&app, &["--demo"], &x)?);
    }
    let (r_median, r_max) = median_max(reference);
    let (a_median, a_max) = median_max(figure);
    println!(
        "start-up to the first painted frame, {STARTS} starts each ({} build, Xvfb, GL):",
        if dev { "dev" } else { "release" }
    );
    println!("  minimal eframe app   median {r_median:?}  max {r_max:?}");
    println!(
        "  ocp-backup --demo    median {a_median:?}  max {a_max:?}   (embedded simulator started, \
         first frame painted; its data arrives after)"
    );
    Ok(())
}
