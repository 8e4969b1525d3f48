//! What survives a restart (eframe persistence). Never a password or secret key: those live
//! in the system keyring ([`crate::secrets`]).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::ui::format::TimeZone;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthKind {
    Basic { username: String },
    AccessKey { access_key_id: String },
}

/// One OCP the user can connect to. The secret (password or SK) is not here.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Profile {
    pub id: u64,
    pub name: String,
    pub base_url: String,
    pub auth: AuthKind,
    pub ca_cert: Option<PathBuf>,
    pub timeout_secs: u64,
    pub danger_accept_invalid_certs: bool,
}

impl Default for Profile {
    fn default() -> Self {
        Profile {
            id: 0,
            name: String::new(),
            base_url: "http://".into(),
            auth: AuthKind::Basic {
                username: String::new(),
            },
            ca_cert: None,
            timeout_secs: 30,
            danger_accept_invalid_certs: false,
        }
    }
}

impl Profile {
    /// The keyring account of this profile's secret: `user@URL` or `ak:ID@URL`, as ocpctl
    /// names it. A changed URL or identity is another account.
    pub fn keyring_account(&self) -> String {
        let url = self.base_url.trim().trim_end_matches('/');
        match &self.auth {
            AuthKind::Basic { username } => format!("{}@{url}", username.trim()),
            AuthKind::AccessKey { access_key_id } => format!("ak:{}@{url}", access_key_id.trim()),
        }
    }
}

/// Which connection the app opens at start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Startup {
    /// The embedded simulator (first run, or chosen).
    #[default]
    Demo,
    Profile(u64),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: Lang,
    pub profiles: Vec<Profile>,
    pub startup: Startup,
    pub page_size: i64,
    pub auto_refresh: bool,
    /// The zone every time is shown, exported and typed in.
    pub time_zone: TimeZone,
    /// The window was fitted to its screen once (first run); eframe remembers it since.
    pub window_fitted: bool,
    pub health: crate::health::Prefs,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::En,
            profiles: Vec::new(),
            startup: Startup::Demo,
            page_size: 100,
            auto_refresh: true,
            time_zone: TimeZone::Ocp,
            window_fitted: false,
            health: Default::default(),
        }
    }
}

impl Settings {
    pub const STORAGE_KEY: &'static str = "ocp-backup-settings";

    pub fn next_profile_id(&self) -> u64 {
        self.profiles.iter().map(|p| p.id).max().unwrap_or(0) + 1
    }

    pub fn profile(&self, id: u64) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_serialise_without_secrets_and_tolerate_missing_fields() {
        let mut s = Settings::default();
        s.profiles.push(Profile {
            id: 1,
            name: "prod".into(),
            base_url: "https://ocp:8080".into(),
            auth: AuthKind::AccessKey {
                access_key_id: "AKID".into(),
            },
            ..Profile::default()
        });
        let text = serde_json::to_string(&s).unwrap();
        assert!(
            !text.to_lowercase().contains("secret") && !text.contains("password"),
            "{text}"
        );
        let old: Settings = serde_json::from_str(r#"{"lang":"Zh"}"#).unwrap();
        assert_eq!(old.lang, Lang::Zh);
        assert_eq!(old.page_size, 100);
    }
}
