//! Where passwords and secret keys live: the OS keyring when there is one, otherwise memory
//! for this run only (the app then asks once per run). Never the settings file.

use std::collections::HashMap;
use std::sync::Mutex;

use ocp_api::SecretString;

pub trait SecretStore: Send + Sync {
    fn get(&self, profile: u64) -> Option<SecretString>;
    fn set(&self, profile: u64, secret: &SecretString);
    fn delete(&self, profile: u64);
    /// False when secrets last only for this run.
    fn persistent(&self) -> bool;
}

/// Secrets for this run only.
#[derive(Default)]
pub struct MemoryStore {
    secrets: Mutex<HashMap<u64, SecretString>>,
}

impl SecretStore for MemoryStore {
    fn get(&self, profile: u64) -> Option<SecretString> {
        self.secrets.lock().ok()?.get(&profile).cloned()
    }
    fn set(&self, profile: u64, secret: &SecretString) {
        if let Ok(mut m) = self.secrets.lock() {
            m.insert(profile, secret.clone());
        }
    }
    fn delete(&self, profile: u64) {
        if let Ok(mut m) = self.secrets.lock() {
            m.remove(&profile);
        }
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

fn entry(profile: u64) -> Option<keyring::Entry> {
    keyring::Entry::new(SERVICE, &format!("profile-{profile}")).ok()
}

impl KeyringStore {
    /// `None` when no keyring answers (headless machines, CI).
    pub fn open() -> Option<Self> {
        let probe = entry(0)?;
        match probe.get_password() {
            Ok(_) | Err(keyring::Error::NoEntry) => Some(KeyringStore {
                memory: MemoryStore::default(),
            }),
            Err(_) => None,
        }
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, profile: u64) -> Option<SecretString> {
        self.memory
            .get(profile)
            .or_else(|| entry(profile)?.get_password().ok().map(SecretString::new))
    }
    fn set(&self, profile: u64, secret: &SecretString) {
        self.memory.set(profile, secret);
        if let Some(e) = entry(profile) {
            let _ = e.set_password(secret.expose_secret());
        }
    }
    fn delete(&self, profile: u64) {
        self.memory.delete(profile);
        if let Some(e) = entry(profile) {
            let _ = e.delete_credential();
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
