//! Building a [`Client`]: base URL, credentials, timeouts and TLS trust.

use std::path::PathBuf;
use std::time::Duration;

use crate::Client;
use crate::session::{Credentials, RetryPolicy, Session};

/// Everything needed to talk to one OCP.
///
/// ```no_run
/// use ocp_api::{ClientConfig, Credentials, ResultExt};
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let client = ClientConfig::new("https://ocp.example.com:8080")
///     .credentials(Credentials::basic("admin", "password"))
///     .build()?;
/// let ability = client.get_cluster_backup_ability().id(1000005).send().await.ocp()?;
/// println!("{:?}", ability.data);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct ClientConfig {
    pub base_url: String,
    pub credentials: Option<Credentials>,
    /// Time to establish the TCP (and TLS) connection. Default 10 s.
    pub connect_timeout: Duration,
    /// Time for a whole request, answer included. Default 30 s.
    pub request_timeout: Duration,
    /// A PEM file with further CA certificates to trust (an OCP behind a private CA).
    pub extra_ca_cert: Option<PathBuf>,
    /// **Dangerous.** Accept any server certificate, including expired, self-signed or for
    /// another host. Anyone on the network path can then read the credentials. Only for a
    /// throw-away test OCP; prefer [`extra_ca_cert`](Self::extra_ca_cert).
    pub danger_accept_invalid_certs: bool,
    /// `Accept-Language` for OCP's localised messages (`zh-CN`, `en-US`).
    pub language: Option<String>,
    pub read_retry: RetryPolicy,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("invalid base URL {url:?}: {reason}")]
    BaseUrl { url: String, reason: String },
    /// `http://user:password@host`: refused, the URL would carry the secret into logs, shell
    /// history and config files. `url` is shown without it.
    #[error(
        "the URL {url} carries a user name or password (user:password@host); credentials never go in a URL: give them as HTTP Basic or AK/SK credentials instead"
    )]
    UserInfo { url: String },
    #[error("cannot read the CA certificate file {path}: {reason}")]
    CaCert { path: PathBuf, reason: String },
    #[error("cannot set up the HTTP client: {0}")]
    Http(String),
}

impl ClientConfig {
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            credentials: None,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            extra_ca_cert: None,
            danger_accept_invalid_certs: false,
            language: None,
            read_retry: RetryPolicy::default(),
        }
    }

    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    pub fn timeouts(mut self, connect: Duration, request: Duration) -> Self {
        self.connect_timeout = connect;
        self.request_timeout = request;
        self
    }

    pub fn extra_ca_cert(mut self, pem_file: impl Into<PathBuf>) -> Self {
        self.extra_ca_cert = Some(pem_file.into());
        self
    }

    /// See [`ClientConfig::danger_accept_invalid_certs`].
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.danger_accept_invalid_certs = accept;
        self
    }

    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    pub fn read_retry(mut self, policy: RetryPolicy) -> Self {
        self.read_retry = policy;
        self
    }

    pub fn build(self) -> Result<Client, ConfigError> {
        let base = check_base_url(&self.base_url)?.to_string();
        let base = base.trim_end_matches('/').to_owned();
        let mut http = crate::tls::client_builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.request_timeout)
            .user_agent(concat!("ocp-backup/", env!("CARGO_PKG_VERSION")));
        if let Some(path) = &self.extra_ca_cert {
            let pem = std::fs::read(path).map_err(|e| ConfigError::CaCert {
                path: path.clone(),
                reason: e.to_string(),
            })?;
            let certs =
                reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| ConfigError::CaCert {
                    path: path.clone(),
                    reason: e.to_string(),
                })?;
            if certs.is_empty() {
                return Err(ConfigError::CaCert {
                    path: path.clone(),
                    reason: "no PEM certificate in the file".into(),
                });
            }
            for cert in certs {
                http = http.add_root_certificate(cert);
            }
        }
        if self.danger_accept_invalid_certs {
            http = http.tls_danger_accept_invalid_certs(true);
        }
        let http = http.build().map_err(|e| ConfigError::Http(e.to_string()))?;
        let session = Session {
            credentials: self.credentials,
            language: self.language,
            read_retry: self.read_retry,
            deadline: None,
            ocp_version: None,
        };
        Ok(Client::new_with_client(&base, http, session))
    }
}

/// Checks a base URL as [`ClientConfig::build`] does: `http://` or `https://`, a host, and no
/// user-info. Callers that store a URL (profiles, the app's connections) check it before saving.
pub fn check_base_url(url: &str) -> Result<reqwest::Url, ConfigError> {
    let trimmed = url.trim().trim_end_matches('/');
    let parsed = reqwest::Url::parse(trimmed).map_err(|e| ConfigError::BaseUrl {
        url: without_user_info_text(trimmed),
        reason: e.to_string(),
    })?;
    if !parsed.username().is_empty() || parsed.password().is_some() {
        let mut shown = parsed.clone();
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
        return Err(ConfigError::UserInfo {
            url: shown.to_string(),
        });
    }
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(ConfigError::BaseUrl {
            url: trimmed.to_owned(),
            reason: "expected http:// or https:// and a host".into(),
        });
    }
    Ok(parsed)
}

/// Whether credentials sent to `url` travel unencrypted over the network: plain `http://` to a
/// host that is not the machine itself. Worth a warning, not a refusal (a lab OCP often has no
/// TLS).
pub fn credentials_in_clear(url: &str) -> bool {
    let Ok(parsed) = reqwest::Url::parse(url.trim()) else {
        return false;
    };
    if parsed.scheme() != "http" {
        return false;
    }
    let Some(host) = parsed.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = host.parse::<std::net::IpAddr>() {
        return !ip.is_loopback();
    }
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host != "localhost" && !host.ends_with(".localhost")
}

/// An unparsable URL's text for an error message, with anything before an `@` of the
/// authority cut (it may be a password).
fn without_user_info_text(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) if scheme.is_empty() => rest[at + 1..].to_owned(),
        Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_info_in_a_url_is_refused_without_echoing_it() {
        for url in [
            "http://dba:Hunter2-canary@ocp.example.com:8080",
            "https://dba@ocp.example.com",
            "http://:Hunter2-canary@ocp.example.com/",
        ] {
            let err = check_base_url(url).unwrap_err();
            assert!(matches!(err, ConfigError::UserInfo { .. }), "{url}: {err}");
            let text = err.to_string();
            assert!(
                !text.contains("Hunter2-canary") && !text.contains("dba@"),
                "{text}"
            );
            assert!(text.contains("ocp.example.com"), "{text}");
            let built = ClientConfig::new(url).build().map(|_| ()).unwrap_err();
            assert!(matches!(built, ConfigError::UserInfo { .. }));
        }
        let bad = check_base_url("http://dba:Hunter2-canary@ocp example.com").unwrap_err();
        assert!(!bad.to_string().contains("Hunter2-canary"), "{bad}");
        assert!(check_base_url("https://ocp.example.com:8080/").is_ok());
    }

    #[test]
    fn plain_http_to_another_host_is_credentials_in_clear() {
        for (url, clear) in [
            ("http://ocp.example.com:8080", true),
            ("http://10.0.0.7:8080", true),
            ("https://ocp.example.com", false),
            ("http://127.0.0.1:8080", false),
            ("http://127.8.9.10", false),
            ("http://localhost:8080", false),
            ("http://[::1]:8080", false),
            ("http://[fd00::1]:8080", true),
        ] {
            assert_eq!(credentials_in_clear(url), clear, "{url}");
        }
    }
}
