//! Running tools: captured output, background servers stopped by PID, free ports.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What a finished command printed.
pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// stdout and stderr without Redocly's Node-20 deprecation box, for messages.
    pub fn text(&self) -> String {
        let mut s = strip_banner(&self.stdout);
        let err = strip_banner(&self.stderr);
        if !err.trim().is_empty() {
            if !s.is_empty() && !s.ends_with('\n') {
                s.push('\n');
            }
            s.push_str(&err);
        }
        s.trim_end().to_string()
    }

    /// The last `n` non-empty lines of [`Output::text`].
    pub fn tail(&self, n: usize) -> String {
        tail(&self.text(), n)
    }

    pub fn status(&self) -> String {
        match self.code {
            Some(c) => format!("exit {c}"),
            None => "killed by a signal".into(),
        }
    }
}

pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// Runs a command to the end with its output captured.
pub fn run(cmd: &mut Command) -> Result<Output, String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", describe(cmd)))?;
    Ok(Output {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

/// Runs a command and fails with its exit status and the end of its output unless it exits 0.
pub fn run_ok(cmd: &mut Command, lines: usize) -> Result<Output, String> {
    let what = describe(cmd);
    let out = run(cmd)?;
    if out.success() {
        Ok(out)
    } else {
        Err(format!("{what}: {}\n{}", out.status(), out.tail(lines)))
    }
}

pub fn describe(cmd: &Command) -> String {
    let program = Path::new(cmd.get_program())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let args: Vec<String> = cmd
        .get_args()
        .take(3)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    format!("`{program} {}`", args.join(" ")).replace(" `", "`")
}

/// Drops the box Redocly CLI draws on stderr to say Node 20 support is ending.
fn strip_banner(s: &str) -> String {
    s.lines()
        .filter(|l| {
            let t = l.trim_start();
            !(t.starts_with('╔') || t.starts_with('║') || t.starts_with('╚'))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A server started in the background, stopped by its PID when dropped (also on failure).
pub struct Background {
    name: String,
    child: Option<Child>,
    pub log: PathBuf,
}

impl Background {
    pub fn start(name: &str, cmd: &mut Command, log: PathBuf) -> Result<Background, String> {
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let file = File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = file
            .try_clone()
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let child = cmd
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start {name} ({}): {e}", describe(cmd)))?;
        println!(
            "     started {name} (PID {}), log {}",
            child.id(),
            log.display()
        );
        Ok(Background {
            name: name.to_string(),
            child: Some(child),
            log,
        })
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(Child::id).unwrap_or(0)
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until `addr` accepts TCP connections and answers an HTTP request with anything.
    pub fn wait_http(&mut self, addr: SocketAddr, timeout: Duration) -> Result<Duration, String> {
        let start = Instant::now();
        loop {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                return Err(format!(
                    "{} exited early ({status}); end of its log:\n{}",
                    self.name,
                    tail(&self.log_text(), 15)
                ));
            }
            if http_answers(addr) {
                return Ok(start.elapsed());
            }
            if start.elapsed() > timeout {
                return Err(format!(
                    "{} did not answer on {addr} within {} s; end of its log:\n{}",
                    self.name,
                    timeout.as_secs(),
                    tail(&self.log_text(), 15)
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// SIGINT to the PID (both the simulator and Prism shut down cleanly on it), then SIGKILL
    /// after a grace period.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let pid = child.id();
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        let _ = Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = child.try_wait() {
                println!("     stopped {} (PID {pid})", self.name);
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        println!("     killed {} (PID {pid}) after 5 s", self.name);
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.stop();
    }
}

fn http_answers(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = format!("GET / HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut buf = [0u8; 16];
    matches!(stream.read(&mut buf), Ok(n) if n >= 5 && buf.starts_with(b"HTTP/"))
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> Result<u16, String> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free loopback port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// A `cargo` command for the xtask to run, in the environment a developer's shell would give it.
///
/// `cargo run -p xtask` sets `CARGO_PKG_NAME=xtask`, `CARGO_MANIFEST_DIR`, … for the xtask
/// process. A nested cargo passes them on to build scripts' freshness checks, and ring's build
/// script watches them (`rerun-if-env-changed=CARGO_PKG_NAME` …): every cargo started from the
/// xtask rebuilt ring, rustls and reqwest, and the next plain `cargo build` rebuilt them back.
pub fn cargo() -> Command {
    let mut cmd = Command::new(cargo_program());
    without_cargo_run_env(&mut cmd);
    cmd
}

/// The cargo that runs the xtask.
pub fn cargo_program() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Removes from `cmd`'s environment what `cargo run` set for the xtask (see [`cargo`]).
pub fn without_cargo_run_env(cmd: &mut Command) {
    for (key, _) in std::env::vars_os() {
        let Some(key) = key.to_str() else { continue };
        let set_by_cargo_run = key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_MANIFEST_")
            || key.starts_with("CARGO_CRATE_")
            || key.starts_with("CARGO_BIN_")
            || key == "CARGO_PRIMARY_PACKAGE"
            || key == "OUT_DIR";
        if set_by_cargo_run {
            cmd.env_remove(key);
        }
    }
}

/// `cargo build -p ocp-sim --bin ocp-sim`, returning the path of the binary cargo reports.
pub fn build_simulator(root: &Path) -> Result<PathBuf, String> {
    if !root.join("crates/ocp-sim/src/main.rs").is_file() {
        return Err("the simulator (crates/ocp-sim/src/main.rs) does not exist yet".into());
    }
    let mut cmd = cargo();
    cmd.current_dir(root).args([
        "build",
        "-p",
        "ocp-sim",
        "--bin",
        "ocp-sim",
        "--message-format=json-render-diagnostics",
    ]);
    let out = run(&mut cmd)?;
    if !out.success() {
        return Err(format!(
            "cargo build -p ocp-sim: {}\n{}",
            out.status(),
            tail(&out.stderr, 30)
        ));
    }
    built_executable(&out.stdout, "ocp-sim")
        .ok_or_else(|| "cargo build -p ocp-sim reported no ocp-sim executable".into())
}

/// The path of binary `name` in the output of `cargo build --message-format=json…`.
pub fn built_executable(messages: &str, name: &str) -> Option<PathBuf> {
    messages
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == name)
        .filter_map(|m| m["executable"].as_str().map(PathBuf::from))
        .next_back()
}

/// The default admin password of the simulator, read from `ocp_sim::DEFAULT_ADMIN_PASSWORD`
/// in its source (xtask does not link the simulator).
pub fn simulator_admin_password(root: &Path) -> Result<String, String> {
    simulator_constant(root, "DEFAULT_ADMIN_PASSWORD")
}

/// A string constant of the simulator's defaults (`const NAME: &str = "…"` in its lib.rs), so
/// that the credentials live in one place.
pub fn simulator_constant(root: &Path, name: &str) -> Result<String, String> {
    let path = root.join("crates/ocp-sim/src/lib.rs");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let needle = format!("const {name}:");
    text.lines()
        .find(|l| l.contains(&needle))
        .and_then(|l| l.split('"').nth(1))
        .map(str::to_string)
        .ok_or_else(|| format!("no {name} constant in {}", path.display()))
}
