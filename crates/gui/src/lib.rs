//! OCP Backup: a desktop app for DBAs over the OCP backup & restore API.
//!
//! Layout: [`app`] owns the state and applies [`app::Action`]s; [`views`] draw and ask;
//! [`worker`] runs every request off the UI thread; [`requests`] is the only code that calls
//! OCP. [`settings`] persists, [`secrets`] keeps passwords out of it.

pub mod app;
pub mod error;
pub mod files;
pub mod fonts;
pub mod i18n;
pub mod model;
pub mod requests;
pub mod restore_form;
pub mod secrets;
pub mod settings;
pub mod state;
pub mod storage_form;
pub mod strategy_form;
pub mod table;
pub mod views;
pub mod worker;

pub use app::{AUTO_REFRESH, App, AppOptions, DemoChoice};
