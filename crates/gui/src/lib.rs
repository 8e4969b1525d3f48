//! OCP Backup: a desktop app for DBAs over the OCP backup & restore API.
//!
//! Layout: [`app`] runs the frame, holds the shared data and routes; one folder per feature
//! ([`health`], the home; [`connections`], [`navigator`], [`overview`], [`tasks`], [`strategy`], [`timeline`],
//! [`restore`]) holds that feature's state, views, requests and result handling. Views read and
//! return actions; the [`worker`] runs every request and file dialog off the UI thread and
//! hands back typed results. [`settings`] persists, [`secrets`] keeps passwords out of it.

pub mod app;
pub mod connections;
pub mod error;
pub mod files;
pub mod first_paint;
pub mod fonts;
pub mod health;
pub mod i18n;
pub mod model;
pub mod navigator;
pub mod overview;
pub mod requests;
pub mod restore;
pub mod secrets;
pub mod settings;
pub mod state;
pub mod storage_form;
pub mod strategy;
pub mod tasks;
pub mod timeline;
pub mod ui;
pub mod window;
pub mod worker;

pub use app::{AUTO_REFRESH, App, AppOptions, DemoChoice};
