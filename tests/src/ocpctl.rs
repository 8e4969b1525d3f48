//! `ocpctl` run in-process against the simulator: its streams and the admin's environment,
//! shared by the CLI tests, the fault matrix and the secret canary.

use std::io::Write;
use std::sync::{Arc, Mutex};

use ocp_backup_cli::{Env, Exit, Io};
use ocp_sim::{DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, SimHandle};
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

/// The admin's environment; nothing else (no config file, secrets in memory).
pub fn admin_env(sim: &SimHandle) -> Env {
    Env::isolated()
        .with_var("OCP_URL", sim.base_url())
        .with_var("OCP_USER", DEFAULT_ADMIN_USER)
        .with_var("OCP_PASSWORD", DEFAULT_ADMIN_PASSWORD)
}

/// A scratch directory, removed when dropped.
pub fn temp_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("ocp-e2e-{name}-"))
        .tempdir()
        .expect("a temp dir")
}

/// A file holding `content` in a scratch directory of its own, for `--json-body`; both are
/// removed when dropped.
pub struct TempFile {
    _dir: tempfile::TempDir,
    pub path: String,
}

pub fn temp_file(name: &str, content: &str) -> TempFile {
    let dir = temp_dir(name);
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    TempFile {
        path: path.to_str().expect("a UTF-8 temp path").to_owned(),
        _dir: dir,
    }
}

/// Every file's text under `dir`, for scanning.
pub fn all_text(dir: &std::path::Path) -> String {
    let mut out = String::new();
    let mut stack = vec![dir.to_owned()];
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
