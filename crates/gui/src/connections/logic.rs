//! Connecting, and what the connection editor's actions and results do.

use std::time::Duration;

use ocp_api::{ClientConfig, Credentials, SecretString};

use super::{Action, Done, ProfileEditor, SecretPrompt, requests, validate};
use crate::app::{App, Connection, DemoTarget};
use crate::error::UiError;
use crate::files::FileKind;
use crate::settings::{AuthKind, Profile, Startup};
use crate::state::Data;
use crate::worker::Request;

impl App {
    pub(crate) fn apply_connections(&mut self, action: Action) {
        match action {
            Action::Open => self.connections.open = true,
            Action::Close => {
                self.connections.open = false;
                self.connections.editor = None;
            }
            Action::Edit(id) => self.edit_profile(id),
            Action::PickCaCert => {
                let (dialog, job) = (self.files.open(FileKind::Pem), self.dialog_job());
                self.worker
                    .run(Request::new(job, dialog, Done::CaCertPicked));
            }
            Action::Test => self.test_profile(),
            Action::Save => self.save_profile(),
            Action::Delete(id) => {
                let account = self.settings.profile(id).map(Profile::keyring_account);
                self.settings.profiles.retain(|p| p.id != id);
                if let Some(account) = account {
                    self.forget_secret(&account, id);
                }
                self.connections.editor = None;
                if self.settings.startup == Startup::Profile(id) {
                    self.settings.startup = Startup::Demo;
                }
            }
            Action::Connect(startup) => {
                self.connections.open = false;
                self.connections.editor = None;
                if startup == Startup::Demo {
                    self.set_demo_version(None);
                }
                self.connect(startup);
            }
            Action::ConnectDemoAs(version) => {
                self.set_demo_version(Some(version));
                self.connect(Startup::Demo);
            }
            Action::SubmitSecret => {
                let Some(prompt) = self.connections.secret_prompt.take() else {
                    return;
                };
                if prompt.secret.is_empty() {
                    self.connections.secret_prompt = Some(prompt);
                    return;
                }
                let SecretPrompt { profile, secret } = prompt;
                if let Some(account) = self.settings.profile(profile).map(Profile::keyring_account)
                    && let Err(e) = self.secrets.set(&account, &SecretString::new(secret))
                {
                    let text = self.tr().keyring_save_failed(&e);
                    self.report(UiError::invalid(text));
                }
                self.connect(Startup::Profile(profile));
            }
        }
    }

    pub(crate) fn on_connections_done(&mut self, done: Done) {
        match done {
            Done::Tested(_, result) => {
                if let Some(ed) = &mut self.connections.editor {
                    ed.test_result = Some(result);
                }
            }
            Done::CaCertPicked(Some(path)) => {
                if let Some(ed) = &mut self.connections.editor {
                    ed.profile.ca_cert = Some(path);
                }
            }
            Done::CaCertPicked(None) => {}
            Done::Version(result) => self.version_read(result),
        }
    }

    /// The client refuses what this OCP lacks from now on; then the lists load. A failed read
    /// is shown, and F5 tries again.
    fn version_read(&mut self, result: Result<ocp_api::OcpVersion, UiError>) {
        let Some(conn) = &mut self.conn else {
            return;
        };
        match result {
            Ok(version) => {
                conn.client = conn.client.with_ocp_version(version.clone());
                conn.version = Some(version);
                self.load_clusters();
            }
            Err(e) => self.report(e),
        }
    }

    pub(crate) fn connect(&mut self, startup: Startup) {
        self.worker.cancel_reads();
        self.data = Data::default();
        self.tasks.tables.clear();
        self.view.selected = None;
        // Another OCP's clusters: none is open yet (selecting one opens it and lists its tenants).
        self.navigator.expanded.clear();
        self.tasks.followed.clear();
        self.tasks.open_instance = None;
        let conn = match startup {
            Startup::Demo => self.demo_endpoint().and_then(|demo| {
                self.demo_client(demo).map(|client| Connection {
                    label: self.tr().demo_connection.to_owned(),
                    client,
                    demo: true,
                    clear_text_warning: false,
                    version: None,
                })
            }),
            Startup::Profile(id) => {
                let Some(profile) = self.settings.profile(id).cloned() else {
                    return self.connect(Startup::Demo);
                };
                let Some(secret) = self.secrets.get(&profile.keyring_account()) else {
                    // No keyring, or nothing stored: ask once for this run.
                    self.connections.secret_prompt = Some(SecretPrompt {
                        profile: id,
                        secret: String::new(),
                    });
                    return;
                };
                self.client_for(&profile, secret).map(|client| Connection {
                    label: profile.name.clone(),
                    client,
                    demo: false,
                    clear_text_warning: ocp_api::credentials_in_clear(&profile.base_url),
                    version: None,
                })
            }
        };
        match conn {
            Ok(conn) => {
                self.conn = Some(conn);
                self.settings.startup = startup;
                // The version first: what is loaded and offered depends on it.
                self.run(requests::server_version);
            }
            Err(e) => {
                self.conn = None;
                self.report(e);
            }
        }
    }

    /// The embedded simulator behaves as `version` (`None`: its default) from the next
    /// connect on; one of another version is stopped. A simulator the app did not start (a
    /// test's) is kept as it is.
    fn set_demo_version(&mut self, version: Option<ocp_sim::Version>) {
        if self.demo_version != version && self.demo_sim.is_some() {
            self.demo_sim = None;
            self.demo_target = None;
        }
        self.demo_version = version;
    }

    fn demo_endpoint(&mut self) -> Result<DemoTarget, UiError> {
        if let Some(t) = &self.demo_target {
            return Ok(t.clone());
        }
        let mut config = ocp_sim::SimConfig::default();
        if let Some(v) = self.demo_version {
            config.ocp_version = v;
        }
        let sim = self
            .worker
            .runtime()
            .block_on(ocp_sim::spawn(config))
            .map_err(|e| UiError::invalid(format!("cannot start the embedded simulator: {e}")))?;
        let target = DemoTarget {
            base_url: sim.base_url().to_owned(),
            username: ocp_sim::DEFAULT_ADMIN_USER.to_owned(),
            password: ocp_sim::DEFAULT_ADMIN_PASSWORD.to_owned(),
        };
        self.demo_sim = Some(sim);
        self.demo_target = Some(target.clone());
        Ok(target)
    }

    /// A client of the demo simulator.
    pub(crate) fn demo_client(&self, demo: DemoTarget) -> Result<ocp_api::Client, UiError> {
        ClientConfig::new(demo.base_url)
            .credentials(Credentials::basic(demo.username, demo.password))
            .language(self.settings.lang.http_tag())
            .build()
            .map_err(|e| UiError::invalid(e.to_string()))
    }

    /// A client of a saved profile, signing in with its secret.
    pub(crate) fn client_for(
        &self,
        profile: &Profile,
        secret: SecretString,
    ) -> Result<ocp_api::Client, UiError> {
        let credentials = match &profile.auth {
            AuthKind::Basic { username } => Credentials::basic(username.clone(), secret),
            AuthKind::AccessKey { access_key_id } => {
                Credentials::access_key(access_key_id.clone(), secret.expose_secret().to_owned())
            }
        };
        let mut config = ClientConfig::new(profile.base_url.trim())
            .credentials(credentials)
            .language(self.settings.lang.http_tag())
            .timeouts(
                Duration::from_secs(10.min(profile.timeout_secs.max(1))),
                Duration::from_secs(profile.timeout_secs.max(1)),
            )
            .danger_accept_invalid_certs(profile.danger_accept_invalid_certs);
        if let Some(ca) = &profile.ca_cert {
            config = config.extra_ca_cert(ca);
        }
        config.build().map_err(|e| UiError::invalid(e.to_string()))
    }

    fn edit_profile(&mut self, id: Option<u64>) {
        let (profile, is_new) = match id.and_then(|id| self.settings.profile(id).cloned()) {
            Some(p) => (p, false),
            None => (
                Profile {
                    id: self.settings.next_profile_id(),
                    name: self.tr().new_profile.into(),
                    ..Profile::default()
                },
                true,
            ),
        };
        let account = profile.keyring_account();
        let stored = (!is_new).then(|| self.secrets.get(&account)).flatten();
        let secret_account = stored.is_some().then_some(account);
        let secret = stored
            .map(|s| s.expose_secret().to_owned())
            .unwrap_or_default();
        self.connections.editor = Some(ProfileEditor {
            profile,
            secret,
            secret_account,
            show_secret: false,
            test_result: None,
            is_new,
        });
    }

    fn test_profile(&mut self) {
        let Some(ed) = &mut self.connections.editor else {
            return;
        };
        ed.test_result = None;
        let (profile, secret) = (ed.profile.clone(), SecretString::new(ed.secret.clone()));
        match validate(&profile, &secret).and_then(|_| self.client_for(&profile, secret)) {
            Ok(client) => {
                self.worker
                    .run(requests::test_connection(client, profile.id));
            }
            Err(e) => {
                if let Some(ed) = &mut self.connections.editor {
                    ed.test_result = Some(Err(e));
                }
            }
        }
    }

    fn save_profile(&mut self) {
        let Some(ed) = &self.connections.editor else {
            return;
        };
        let secret = SecretString::new(ed.secret.clone());
        if validate(&ed.profile, &secret).is_err() {
            return;
        }
        let profile = ed.profile.clone();
        let account = profile.keyring_account();
        if let Err(e) = self.secrets.set(&account, &secret) {
            let text = self.tr().keyring_save_failed(&e);
            self.report(UiError::invalid(text));
        }
        // A new URL or identity is another account: the old one's secret goes.
        if let Some(old) = self.settings.profile(profile.id).cloned()
            && old.keyring_account() != account
        {
            self.forget_secret(&old.keyring_account(), profile.id);
        }
        if let Some(ed) = &mut self.connections.editor {
            ed.secret_account = Some(account);
        }
        match self
            .settings
            .profiles
            .iter_mut()
            .find(|p| p.id == profile.id)
        {
            Some(p) => *p = profile,
            None => self.settings.profiles.push(profile),
        }
        if let Some(ed) = &mut self.connections.editor {
            ed.is_new = false;
        }
    }

    /// Deletes the keyring entry of `account` unless another profile than `profile` still
    /// uses it; a failed delete is shown (the entry would otherwise stay behind unnoticed).
    fn forget_secret(&mut self, account: &str, profile: u64) {
        let shared = self
            .settings
            .profiles
            .iter()
            .any(|p| p.id != profile && p.keyring_account() == account);
        if shared {
            return;
        }
        if let Err(e) = self.secrets.delete(account) {
            let text = self.tr().keyring_delete_failed(&e);
            self.report(UiError::invalid(text));
        }
    }
}
