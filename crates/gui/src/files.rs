//! File dialogs (rfd), behind a trait so tests can answer them without a desktop portal.
//! The dialog future is created on the UI thread and awaited on the runtime: a blocking
//! dialog would freeze the window.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

pub type PathFuture = Pin<Box<dyn Future<Output = Option<PathBuf>> + Send>>;

/// What a dialog offers to open or save.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

/// Writes `contents` to `path`. A `private` file is created with mode 0600 on Unix and an
/// existing one narrowed to it before it is overwritten, so the secrets are never readable by
/// others, not even for a moment.
pub async fn write(path: &std::path::Path, contents: &[u8], private: bool) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt as _;
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if private {
            options.mode(0o600);
            if tokio::fs::try_exists(path).await.unwrap_or(false) {
                tokio::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).await?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options.open(path).await?;
    file.write_all(contents).await?;
    file.flush().await
}
