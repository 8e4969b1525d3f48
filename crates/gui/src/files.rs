//! File dialogs (rfd), behind a trait so tests can answer them without a desktop portal.
//! The dialog future is created on the UI thread and awaited on the runtime: a blocking
//! dialog would freeze the window.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

pub type PathFuture = Pin<Box<dyn Future<Output = Option<PathBuf>> + Send>>;

/// What a dialog offers to open or save.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// Task lists.
    Csv,
    /// A certificate to trust.
    Pem,
    /// A backup strategy.
    Json,
}

impl FileKind {
    fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            FileKind::Csv => ("CSV", &["csv"]),
            FileKind::Pem => ("PEM", &["pem", "crt", "cer"]),
            FileKind::Json => ("JSON", &["json"]),
        }
    }
}

pub trait FilePicker: Send + Sync {
    /// Where to save a file; `None` when the user cancels.
    fn save(&self, kind: FileKind, default_name: String) -> PathFuture;
    /// A file to read; `None` when the user cancels.
    fn open(&self, kind: FileKind) -> PathFuture;
}

/// The system's file dialogs.
pub struct NativeDialogs;

impl FilePicker for NativeDialogs {
    fn save(&self, kind: FileKind, default_name: String) -> PathFuture {
        let (name, extensions) = kind.filter();
        let dialog = rfd::AsyncFileDialog::new()
            .add_filter(name, extensions)
            .set_file_name(default_name)
            .save_file();
        Box::pin(async move { dialog.await.map(|h| h.path().to_owned()) })
    }

    fn open(&self, kind: FileKind) -> PathFuture {
        let (name, extensions) = kind.filter();
        let dialog = rfd::AsyncFileDialog::new()
            .add_filter(name, extensions)
            .pick_file();
        Box::pin(async move { dialog.await.map(|h| h.path().to_owned()) })
    }
}

/// Answers every dialog with a fixed path (tests, scripted runs).
pub struct FixedPaths {
    pub save: Option<PathBuf>,
    pub open: Option<PathBuf>,
}

impl FilePicker for FixedPaths {
    fn save(&self, _kind: FileKind, _default_name: String) -> PathFuture {
        let path = self.save.clone();
        Box::pin(async move { path })
    }

    fn open(&self, _kind: FileKind) -> PathFuture {
        let path = self.open.clone();
        Box::pin(async move { path })
    }
}

/// Writes `contents` to `path`, whole: into a file beside it that is then renamed over it, so
/// nobody (a reader, a test waiting for the file) sees it half-written. A `private` file (one
/// holding secrets) is created with mode 0600 on Unix, so its secrets are never readable by
/// others, not even for a moment; the rename also replaces an existing file's wider mode.
pub async fn write(path: &std::path::Path, contents: &[u8], private: bool) -> std::io::Result<()> {
    let (path, contents) = (path.to_owned(), contents.to_owned());
    tokio::task::spawn_blocking(move || write_whole(&path, &contents, private))
        .await
        .map_err(std::io::Error::other)?
}

fn write_whole(path: &std::path::Path, contents: &[u8], private: bool) -> std::io::Result<()> {
    use std::io::Write as _;
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("not a file path"))?;
    let partial = path.with_file_name(format!(".{}.partial", name.to_string_lossy()));
    // A leftover of a failed write would keep its own mode: start afresh.
    let _ = std::fs::remove_file(&partial);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(if private { 0o600 } else { 0o666 });
    }
    #[cfg(not(unix))]
    let _ = private;
    let written = options.open(&partial).and_then(|mut file| {
        file.write_all(contents)?;
        file.sync_all()
    });
    match written.and_then(|()| std::fs::rename(&partial, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}
