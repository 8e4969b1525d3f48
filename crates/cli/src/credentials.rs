//! Who `ocpctl` is towards OCP, and where the secret comes from.
//!
//! Non-secret settings are layered: command-line flags, then the environment (`OCP_URL`,
//! `OCP_USER`, `OCP_ACCESS_KEY_ID`), then the selected profile of the config file. The first layer
//! that names an identity (a user or an AccessKey ID) decides it; an AccessKey wins over a user
//! named in the same layer.
//!
//! Secrets come from the environment (`OCP_PASSWORD`, `OCP_ACCESS_KEY_SECRET`), which wins, or
//! from the OS keyring (`ocpctl login` stores them there, keyed by identity and URL). Never from a
//! flag (it would show in `ps` and shell history) nor from the config file.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use ocp_api::{Credentials, SecretString};

use crate::config::Profile;
use crate::context::{Env, GlobalFlags};
use crate::exit::CliError;

pub const ENV_URL: &str = "OCP_URL";
pub const ENV_USER: &str = "OCP_USER";
pub const ENV_PASSWORD: &str = "OCP_PASSWORD";
pub const ENV_ACCESS_KEY_ID: &str = "OCP_ACCESS_KEY_ID";
pub const ENV_ACCESS_KEY_SECRET: &str = "OCP_ACCESS_KEY_SECRET";

/// Default per-request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The identity `ocpctl` acts as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Identity {
    /// HTTP Basic.
    User(String),
    /// OCP's AK/SK signature.
    AccessKey(String),
}

impl Identity {
    /// The keyring account of this identity at `url`: `user@url` or `ak:ID@url`.
    pub fn keyring_account(&self, url: &str) -> String {
        let url = url.trim_end_matches('/');
        match self {
            Identity::User(u) => format!("{u}@{url}"),
            Identity::AccessKey(id) => format!("ak:{id}@{url}"),
        }
    }

    fn secret_env(&self) -> &'static str {
        match self {
            Identity::User(_) => ENV_PASSWORD,
            Identity::AccessKey(_) => ENV_ACCESS_KEY_SECRET,
        }
    }

    fn describe(&self) -> String {
        match self {
            Identity::User(u) => format!("user {u}"),
            Identity::AccessKey(id) => format!("AccessKey {id}"),
        }
    }
}

/// Everything but the secret.
#[derive(Clone, Debug)]
pub struct Target {
    pub profile: Option<String>,
    pub url: String,
    pub identity: Identity,
    pub ca_file: Option<PathBuf>,
    pub timeout: Duration,
    pub language: Option<String>,
}

/// Combines flags, environment and profile.
pub fn resolve(
    flags: &GlobalFlags,
    env: &Env,
    profile: Option<(String, Profile)>,
) -> Result<Target, CliError> {
    let (profile_name, p) = match profile {
        Some((name, p)) => (Some(name), p),
        None => (None, Profile::default()),
    };
    let url = flags
        .url
        .clone()
        .or_else(|| env.var(ENV_URL))
        .or(p.url.clone())
        .ok_or_else(|| {
            CliError::usage(format!(
                "no OCP URL: pass --url, set {ENV_URL}, or configure a profile (ocpctl config set)"
            ))
        })?;
    let source = if flags.url.is_some() {
        "--url"
    } else if env.var(ENV_URL).is_some() {
        ENV_URL
    } else {
        "the profile's url"
    };
    check_url(&url, source)?;
    let layer = |ak: Option<String>, user: Option<String>| {
        ak.map(Identity::AccessKey).or(user.map(Identity::User))
    };
    let identity = layer(flags.access_key_id.clone(), flags.user.clone())
        .or_else(|| layer(env.var(ENV_ACCESS_KEY_ID), env.var(ENV_USER)))
        .or_else(|| layer(p.access_key_id.clone(), p.user.clone()))
        .ok_or_else(|| {
            CliError::usage(format!(
                "no OCP identity: pass --user or --access-key-id, set {ENV_USER} or \
                 {ENV_ACCESS_KEY_ID}, or configure a profile"
            ))
        })?;
    let timeout = match (&flags.request_timeout, &p.timeout) {
        (Some(t), _) => *t,
        (None, Some(text)) => ocp_api::duration::parse(text)
            .map_err(|e| CliError::usage(format!("profile timeout: {e}")))?,
        (None, None) => DEFAULT_TIMEOUT,
    };
    Ok(Target {
        profile: profile_name,
        url,
        identity,
        ca_file: flags.ca_file.clone().or(p.ca_file),
        timeout,
        language: flags.language.clone().or(p.language),
    })
}

/// Refuses a URL with user-info (`http://user:password@host`), naming where credentials go
/// instead; the message shows the URL without them. Other URL problems are the client's to
/// report.
pub fn check_url(url: &str, source: &str) -> Result<(), CliError> {
    match ocp_api::check_base_url(url) {
        Err(e @ ocp_api::ConfigError::UserInfo { .. }) => Err(CliError::usage(format!(
            "{source}: {e}: the user goes in --user or {ENV_USER} (or the profile), its password \
             in {ENV_PASSWORD} or the OS keyring (`ocpctl login`); an AccessKey in \
             --access-key-id or {ENV_ACCESS_KEY_ID}, its secret in {ENV_ACCESS_KEY_SECRET} or the \
             keyring"
        ))),
        _ => Ok(()),
    }
}

/// The credentials of `target`: the secret from the environment, else from the keyring.
pub fn credentials(target: &Target, env: &Env) -> Result<Credentials, CliError> {
    let secret = match env.var(target.identity.secret_env()) {
        Some(s) => SecretString::new(s),
        None => {
            let account = target.identity.keyring_account(&target.url);
            match env.secrets().get(&account) {
                Ok(Some(s)) => s,
                Ok(None) => {
                    return Err(CliError::usage(format!(
                        "no secret for {} at {}: set {} or run `ocpctl login`",
                        target.identity.describe(),
                        target.url,
                        target.identity.secret_env()
                    )));
                }
                Err(e) => {
                    return Err(CliError::usage(format!(
                        "no secret for {} at {}: {e}",
                        target.identity.describe(),
                        target.url,
                    )));
                }
            }
        }
    };
    Ok(match &target.identity {
        Identity::User(u) => Credentials::basic(u.clone(), secret),
        Identity::AccessKey(id) => Credentials::access_key(id.clone(), secret.expose_secret()),
    })
}

/// Where secrets are kept between runs.
pub trait SecretStore: Send + Sync {
    fn get(&self, account: &str) -> Result<Option<SecretString>, String>;
    fn set(&self, account: &str, secret: &SecretString) -> Result<(), String>;
    /// True when something was deleted.
    fn delete(&self, account: &str) -> Result<bool, String>;
    fn describe(&self) -> &'static str;
    /// Whether the store can be used at all (an OS keyring may be missing on servers).
    fn available(&self) -> Result<(), String> {
        Ok(())
    }
}

/// The OS keyring (Secret Service, Keychain, Credential Manager), service `ocpctl`.
pub struct KeyringStore;

const KEYRING_SERVICE: &str = "ocpctl";

impl KeyringStore {
    fn entry(account: &str) -> Result<keyring::Entry, String> {
        Self::status()?;
        keyring::Entry::new(KEYRING_SERVICE, account).map_err(|e| e.to_string())
    }

    fn status() -> Result<(), String> {
        keyring::Entry::store_status().as_ref().map_err(|e| {
            format!(
                "no OS keyring is available here ({e}); use OCP_PASSWORD or OCP_ACCESS_KEY_SECRET"
            )
        })?;
        Ok(())
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, account: &str) -> Result<Option<SecretString>, String> {
        match Self::entry(account)?.get_password() {
            Ok(s) => Ok(Some(SecretString::new(s))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn set(&self, account: &str, secret: &SecretString) -> Result<(), String> {
        Self::entry(account)?
            .set_password(secret.expose_secret())
            .map_err(|e| e.to_string())
    }

    fn delete(&self, account: &str) -> Result<bool, String> {
        match Self::entry(account)?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring::Error::NoEntry) => Ok(false),
            Err(e) => Err(e.to_string()),
        }
    }

    fn describe(&self) -> &'static str {
        "the OS keyring"
    }

    fn available(&self) -> Result<(), String> {
        Self::status()
    }
}

/// Secrets for this process only (tests, `OCPCTL_NO_KEYRING`).
#[derive(Default)]
pub struct MemoryStore {
    secrets: Mutex<Vec<(String, SecretString)>>,
}

impl SecretStore for MemoryStore {
    fn get(&self, account: &str) -> Result<Option<SecretString>, String> {
        let secrets = self.secrets.lock().map_err(|e| e.to_string())?;
        Ok(secrets
            .iter()
            .find(|(a, _)| a == account)
            .map(|(_, s)| s.clone()))
    }

    fn set(&self, account: &str, secret: &SecretString) -> Result<(), String> {
        let mut secrets = self.secrets.lock().map_err(|e| e.to_string())?;
        secrets.retain(|(a, _)| a != account);
        secrets.push((account.to_owned(), secret.clone()));
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<bool, String> {
        let mut secrets = self.secrets.lock().map_err(|e| e.to_string())?;
        let before = secrets.len();
        secrets.retain(|(a, _)| a != account);
        Ok(secrets.len() != before)
    }

    fn describe(&self) -> &'static str {
        "memory (this process only)"
    }
}
