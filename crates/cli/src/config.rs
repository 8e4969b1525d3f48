//! Profiles: which OCP to talk to and as whom, in a TOML file under the user's config dir
//! (`~/.config/ocpctl/config.toml` on Linux, `~/Library/Application Support/ocpctl/config.toml`
//! on macOS, `%APPDATA%\ocpctl\config.toml` on Windows).
//!
//! ```toml
//! default = "prod"
//!
//! [profiles.prod]
//! url = "https://ocp.example.com:8080"
//! user = "dba"                    # or access_key_id = "AK…"
//! ca_file = "/etc/ocp/ca.pem"     # a private CA to trust
//! timeout = "30s"                 # per request
//! language = "en-US"              # or zh-CN: the language of OCP's messages
//! ```
//!
//! The file never holds a secret: passwords and secret keys live in the OS keyring
//! (`ocpctl login`) or in `OCP_PASSWORD` / `OCP_ACCESS_KEY_SECRET`. A `password` or `secret` key
//! in the file is refused rather than used.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ocp_api::secrets::is_secret_key;
use serde::{Deserialize, Serialize};

use crate::exit::CliError;

/// The whole config file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// The profile used when neither `--profile` nor `OCP_PROFILE` names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One OCP and one identity. Nothing secret.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// HTTP Basic user; its password comes from the keyring or `OCP_PASSWORD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// AccessKey ID for OCP's AK/SK signature; its secret comes from the keyring or
    /// `OCP_ACCESS_KEY_SECRET`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    /// PEM file of further CA certificates to trust.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
    /// Per-request timeout, e.g. `30s`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<String>,
    /// `zh-CN` or `en-US`: the language of OCP's messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl ConfigFile {
    /// Reads `path`; a missing file is an empty configuration.
    pub fn load(path: &Path) -> Result<ConfigFile, CliError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ConfigFile::default()),
            Err(e) => {
                return Err(CliError::usage(format!(
                    "cannot read the config file {}: {e}",
                    path.display()
                )));
            }
        };
        Self::parse(&text).map_err(|e| CliError::usage(format!("{}: {e}", path.display())))
    }

    pub fn parse(text: &str) -> Result<ConfigFile, String> {
        let raw: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        if let Some(key) = raw.keys().find(|k| is_secret_key(k)) {
            return Err(format!(
                "the config file has a `{key}`: it must not hold secrets; store them with \
                 `ocpctl login` (OS keyring) or pass them in OCP_PASSWORD / OCP_ACCESS_KEY_SECRET"
            ));
        }
        if let Some(profiles) = raw.get("profiles").and_then(toml::Value::as_table) {
            for (name, profile) in profiles {
                let Some(profile) = profile.as_table() else {
                    continue;
                };
                if let Some(key) = profile.keys().find(|k| is_secret_key(k)) {
                    return Err(format!(
                        "profile {name} has a `{key}`: the config file must not hold secrets; \
                         store them with `ocpctl login` (OS keyring) or pass them in \
                         OCP_PASSWORD / OCP_ACCESS_KEY_SECRET"
                    ));
                }
                if let Some(url) = profile.get("url").and_then(toml::Value::as_str) {
                    crate::credentials::check_url(url, &format!("profile {name}"))
                        .map_err(|e| e.to_string())?;
                }
            }
        }
        toml::from_str(text).map_err(|e| e.to_string())
    }

    pub fn save(&self, path: &Path) -> Result<(), CliError> {
        let text = toml::to_string_pretty(self)
            .map_err(|e| CliError::usage(format!("cannot write the config: {e}")))?;
        let header = "# ocpctl profiles. No secrets here: `ocpctl login` keeps them in the OS keyring,\n\
                      # or pass OCP_PASSWORD / OCP_ACCESS_KEY_SECRET.\n\n";
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| CliError::usage(format!("cannot create {}: {e}", dir.display())))?;
        }
        std::fs::write(path, format!("{header}{text}"))
            .map_err(|e| CliError::usage(format!("cannot write {}: {e}", path.display())))
    }

    /// The profile named by `--profile`/`OCP_PROFILE`, else the default one, else none.
    pub fn select(&self, name: Option<&str>) -> Result<Option<(String, Profile)>, CliError> {
        match name {
            Some(name) => match self.profiles.get(name) {
                Some(p) => Ok(Some((name.to_owned(), p.clone()))),
                None => Err(CliError::usage(format!(
                    "no profile {name:?} in the config file (profiles: {})",
                    self.names()
                ))),
            },
            None => Ok(self
                .default
                .as_deref()
                .and_then(|d| self.profiles.get(d).map(|p| (d.to_owned(), p.clone())))),
        }
    }

    fn names(&self) -> String {
        if self.profiles.is_empty() {
            "none".into()
        } else {
            self.profiles.keys().cloned().collect::<Vec<_>>().join(", ")
        }
    }
}

/// `<config dir>/ocpctl/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("ocpctl").join("config.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_profiles() {
        let c = ConfigFile::parse(
            "default = \"prod\"\n[profiles.prod]\nurl = \"https://ocp:8080\"\nuser = \"dba\"\ntimeout = \"20s\"\n",
        )
        .unwrap();
        let (name, p) = c.select(None).unwrap().unwrap();
        assert_eq!(name, "prod");
        assert_eq!(p.user.as_deref(), Some("dba"));
        assert!(c.select(Some("nope")).is_err());
    }

    #[test]
    fn refuses_secrets() {
        let e = ConfigFile::parse("[profiles.prod]\nurl = \"x\"\npassword = \"hunter2\"\n")
            .unwrap_err();
        assert!(e.contains("must not hold secrets"), "{e}");
        assert!(!e.contains("hunter2"), "{e}");
        assert!(ConfigFile::parse("[profiles.p]\nfoo = 1\n").is_err());
    }
}
