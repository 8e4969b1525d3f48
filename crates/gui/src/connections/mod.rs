//! Connection profiles: the editor, the secret prompt, connecting. Secrets go to the keyring (or
//! stay in memory for this run), never to settings.

mod logic;
pub mod requests;
pub mod view;

use std::path::PathBuf;

use ocp_api::SecretString;

use crate::error::UiError;
use crate::settings::{AuthKind, Profile, Startup};

#[derive(Default)]
pub struct State {
    /// The connections window is open.
    pub open: bool,
    pub editor: Option<ProfileEditor>,
    /// A profile whose secret must be typed before connecting.
    pub secret_prompt: Option<SecretPrompt>,
}

/// The connection editor: the profile being edited and its secret as typed.
#[derive(Clone)]
pub struct ProfileEditor {
    pub profile: Profile,
    pub secret: String,
    /// The keyring account `secret` was filled in from; when the URL or identity is edited away
    /// from it, the secret is cleared (it belongs to that OCP, not to the new one).
    pub secret_account: Option<String>,
    pub show_secret: bool,
    pub test_result: Option<Result<usize, UiError>>,
    pub is_new: bool,
}

/// Never shows the secret.
impl std::fmt::Debug for ProfileEditor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileEditor")
            .field("profile", &self.profile)
            .field("secret", &"***")
            .field("secret_account", &self.secret_account)
            .field("test_result", &self.test_result)
            .field("is_new", &self.is_new)
            .finish()
    }
}

/// The secret of a saved profile, asked for when no keyring holds it.
#[derive(Clone)]
pub struct SecretPrompt {
    pub profile: u64,
    pub secret: String,
}

#[must_use]
#[derive(Clone, Debug)]
pub enum Action {
    Open,
    Close,
    /// Edit a saved profile, or (`None`) a new one.
    Edit(Option<u64>),
    PickCaCert,
    Test,
    Save,
    Delete(u64),
    Connect(Startup),
    /// Connect to the embedded simulator behaving as this OCP version.
    ConnectDemoAs(ocp_sim::Version),
    SubmitSecret,
}

pub enum Done {
    /// How many clusters the edited profile sees, or why it cannot connect.
    Tested(u64, Result<usize, UiError>),
    /// The CA certificate picked in the file dialog (`None`: cancelled).
    CaCertPicked(Option<PathBuf>),
    /// The connected OCP's version (`GET /api/v2/info`), read once per connection.
    Version(Result<ocp_api::OcpVersion, UiError>),
}

/// Problems of a profile before anything is sent; the first one is returned.
pub fn validate(profile: &Profile, secret: &SecretString) -> Result<(), UiError> {
    field_errors(profile, secret)
        .into_iter()
        .next()
        .map_or(Ok(()), |(field, msg)| {
            Err(UiError::invalid(format!("{field}: {msg}")))
        })
}

fn field_errors(profile: &Profile, secret: &SecretString) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if profile.name.trim().is_empty() {
        out.push(("name", "required"));
    }
    // The client's own check, so what is saved here is what it accepts; credentials in the
    // URL would end up in the settings file.
    match ocp_api::check_base_url(profile.base_url.trim()) {
        Ok(_) => {}
        Err(ocp_api::ConfigError::UserInfo { .. }) => out.push((
            "base_url_user_info",
            "no user name or password in the URL; enter them in their fields",
        )),
        Err(_) => out.push(("base_url", "invalid")),
    }
    let who = match &profile.auth {
        AuthKind::Basic { username } => username,
        AuthKind::AccessKey { access_key_id } => access_key_id,
    };
    if who.trim().is_empty() {
        out.push(("user", "required"));
    }
    if secret.expose_secret().is_empty() {
        out.push(("secret", "required"));
    }
    out
}

#[cfg(test)]
mod tests {
    /// A `buildVersion` that is no version number shows as sent and hides nothing.
    #[test]
    fn an_unparsable_version_is_shown_raw_and_treated_as_the_newest() {
        let client = ocp_api::ClientConfig::new("http://127.0.0.1:9")
            .build()
            .unwrap();
        let version = ocp_api::OcpVersion::parse("master-20240108");
        let conn = crate::app::Connection {
            label: String::new(),
            client: client.with_ocp_version(version.clone()),
            demo: false,
            clear_text_warning: false,
            version: Some(version.clone()),
        };
        assert_eq!(
            crate::i18n::EN.versions.top_bar(&version),
            "OCP master-20240108"
        );
        assert!(
            ocp_api::Operation::ALL
                .iter()
                .all(|op| conn.lacks(*op).is_none())
        );
        let older = ocp_api::OcpVersion::parse("4.2.2-20240108");
        let conn = crate::app::Connection {
            version: Some(older.clone()),
            ..conn
        };
        assert_eq!(crate::i18n::EN.versions.top_bar(&older), "OCP 4.2.2");
        assert_eq!(conn.lacks(ocp_api::Operation::PreviewRestore), Some(&older));
        assert_eq!(conn.lacks(ocp_api::Operation::RestoreTenant), None);
    }

    #[test]
    fn the_editor_debug_hides_the_secret() {
        let editor = super::ProfileEditor {
            profile: crate::settings::Profile::default(),
            secret: "hunter2-secret".into(),
            secret_account: None,
            show_secret: true,
            test_result: None,
            is_new: true,
        };
        assert!(!format!("{editor:?}").contains("hunter2"));
    }
}
