//! File dialogs (rfd), behind a trait so tests can answer them without a desktop portal.
//! The dialog future is created on the UI thread and awaited on the runtime: a blocking
//! dialog would freeze the window.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

pub type PathFuture = Pin<Box<dyn Future<Output = Option<PathBuf>> + Send>>;

pub trait FilePicker: Send + Sync {
    /// Where to save a CSV file; `None` when the user cancels.
    fn save_csv(&self, default_name: String) -> PathFuture;
    /// A PEM certificate file to trust.
    fn open_pem(&self) -> PathFuture;
}

/// The system's file dialogs.
pub struct NativeDialogs;

impl FilePicker for NativeDialogs {
    fn save_csv(&self, default_name: String) -> PathFuture {
        let dialog = rfd::AsyncFileDialog::new()
            .add_filter("CSV", &["csv"])
            .set_file_name(default_name)
            .save_file();
        Box::pin(async move { dialog.await.map(|h| h.path().to_owned()) })
    }

    fn open_pem(&self) -> PathFuture {
        let dialog = rfd::AsyncFileDialog::new()
            .add_filter("PEM", &["pem", "crt", "cer"])
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
    fn save_csv(&self, _default_name: String) -> PathFuture {
        let path = self.save.clone();
        Box::pin(async move { path })
    }

    fn open_pem(&self) -> PathFuture {
        let path = self.open.clone();
        Box::pin(async move { path })
    }
}
