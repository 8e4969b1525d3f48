//! `ocpctl` run in-process against the simulator: its streams, the simulator and the admin's
//! environment, shared by the CLI tests, the fault matrix and the secret canary.
#![allow(dead_code)]

use std::io::Write;
use std::sync::{Arc, Mutex};

use ocp_backup_cli::{Env, Exit, Io};
use ocp_sim::{DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, SimConfig, SimHandle};
use serde_json::Value;

#[derive(Clone, Default)]
pub struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Buf {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

pub struct Out {
    pub exit: Exit,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{self:?}"))
    }

    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

impl std::fmt::Debug for Out {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.exit, self.stdout, self.stderr
        )
    }
}

/// Runs `ocpctl args…`; `terminal` makes stdout a terminal (table output).
pub async fn ocpctl_io(env: Env, args: &[&str], stdin: &str, terminal: bool) -> Out {
    let (stdout, stderr) = (Buf::default(), Buf::default());
    let io = Io {
        stdout: Box::new(stdout.clone()),
        stderr: Box::new(stderr.clone()),
        stdin: Box::new(std::io::Cursor::new(stdin.as_bytes().to_vec())),
        stdout_is_terminal: terminal,
        stderr_is_terminal: false,
    };
    let argv = std::iter::once("ocpctl").chain(args.iter().copied());
    let exit = ocp_backup_cli::run(argv, env, io).await;
    Out {
        exit,
        stdout: stdout.text(),
        stderr: stderr.text(),
    }
}

pub async fn ocpctl(env: Env, args: &[&str]) -> Out {
    ocpctl_io(env, args, "", false).await
}

pub async fn frozen_sim() -> Arc<SimHandle> {
    frozen_sim_with(SimConfig::for_tests()).await
}

pub async fn frozen_sim_with(config: SimConfig) -> Arc<SimHandle> {
    Arc::new(ocp_sim::spawn(config).await.expect("simulator starts"))
}

/// The admin's environment; nothing else (no config file, secrets in memory).
pub fn admin_env(sim: &SimHandle) -> Env {
    Env::isolated()
        .with_var("OCP_URL", sim.base_url())
        .with_var("OCP_USER", DEFAULT_ADMIN_USER)
        .with_var("OCP_PASSWORD", DEFAULT_ADMIN_PASSWORD)
}

/// Requests with `method` to a path ending in `suffix` that reached the simulator.
pub fn requests_to(sim: &SimHandle, method: &str, suffix: &str) -> usize {
    sim.world(|w| {
        w.request_log()
            .iter()
            .filter(|r| r.method == method && r.path.ends_with(suffix))
            .count()
    })
}

/// A directory of its own under the system's temp dir, removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "ocp-hardening-{}-{name}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn join(&self, name: &str) -> std::path::PathBuf {
        self.0.join(name)
    }

    /// Every file's text under the directory, for scanning.
    pub fn all_text(&self) -> String {
        let mut out = String::new();
        let mut stack = vec![self.0.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(bytes) = std::fs::read(&path) {
                    out.push_str(&String::from_utf8_lossy(&bytes));
                    out.push('\n');
                }
            }
        }
        out
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A one-connection-at-a-time HTTP/1.1 server answering every request with `status` and
/// `body` as they are (a broken answer the simulator cannot give). Runs until the runtime ends.
pub async fn canned_server(status: u16, body: &'static str) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let mut buf = [0u8; 4096];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let answer = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(answer.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    url
}
