//! Where passwords and secret keys live: the OS keyring when there is one, otherwise memory
//! for this run only (the app then asks once per run). Never the settings file.
//!
//! Entries are keyed by identity and URL (`user@https://ocp:8080`, `ak:ID@…`), as ocpctl keys
//! them, not by a profile number: a number is reused after a profile is deleted, and a new
//! profile would then be pre-filled with an old one's secret, or a secret typed for one OCP
//! sent to another after its URL changed.

use std::collections::HashMap;
use std::sync::Mutex;

use ocp_api::SecretString;

pub trait SecretStore: Send + Sync {
    fn get(&self, account: &str) -> Option<SecretString>;
    /// `Err` (a reason for the user) when the secret could not be stored beyond this run.
    fn set(&self, account: &str, secret: &SecretString) -> Result<(), String>;
    /// `Err` when an entry may be left behind; a missing entry is no error.
    fn delete(&self, account: &str) -> Result<(), String>;
    /// False when secrets last only for this run.
    fn persistent(&self) -> bool;
}

/// Secrets for this run only.
#[derive(Default)]
pub struct MemoryStore {
    secrets: Mutex<HashMap<String, SecretString>>,
}

impl MemoryStore {
    /// The accounts held, for tests.
    pub fn accounts(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .secrets
            .lock()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        out.sort();
        out
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, account: &str) -> Option<SecretString> {
        self.secrets.lock().ok()?.get(account).cloned()
    }
    fn set(&self, account: &str, secret: &SecretString) -> Result<(), String> {
        if let Ok(mut m) = self.secrets.lock() {
            m.insert(account.to_owned(), secret.clone());
        }
        Ok(())
    }
    fn delete(&self, account: &str) -> Result<(), String> {
        if let Ok(mut m) = self.secrets.lock() {
            m.remove(account);
        }
        Ok(())
    }
    fn persistent(&self) -> bool {
        false
    }
}

/// The OS keyring (Secret Service, Keychain, Credential Manager), with a memory copy so a
/// keyring that fails later in the run does not lose what the user typed.
pub struct KeyringStore {
    memory: MemoryStore,
}

const SERVICE: &str = "ocp-backup";

fn entry(account: &str) -> Result<keyring::Entry, String> {
    keyring::Entry::new(SERVICE, account).map_err(|e| e.to_string())
}

impl KeyringStore {
    /// `None` when no keyring answers (headless machines, CI).
    pub fn open() -> Option<Self> {
        let probe = entry("probe@ocp-backup").ok()?;
        match probe.get_password() {
            Ok(_) | Err(keyring::Error::NoEntry) => Some(KeyringStore {
                memory: MemoryStore::default(),
            }),
            Err(_) => None,
        }
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, account: &str) -> Option<SecretString> {
        self.memory.get(account).or_else(|| {
            entry(account)
                .ok()?
                .get_password()
                .ok()
                .map(SecretString::new)
        })
    }
    fn set(&self, account: &str, secret: &SecretString) -> Result<(), String> {
        self.memory.set(account, secret)?;
        entry(account)?
            .set_password(secret.expose_secret())
            .map_err(|e| e.to_string())
    }
    fn delete(&self, account: &str) -> Result<(), String> {
        self.memory.delete(account)?;
        match entry(account)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(format!("{SERVICE} / {account}: {e}")),
        }
    }
    fn persistent(&self) -> bool {
        true
    }
}

/// The keyring if one answers, else memory.
pub fn default_store() -> Box<dyn SecretStore> {
    match KeyringStore::open() {
        Some(k) => Box::new(k),
        None => Box::new(MemoryStore::default()),
    }
}
