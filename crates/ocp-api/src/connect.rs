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
        let base = self.base_url.trim_end_matches('/').to_owned();
        let url = reqwest::Url::parse(&base).map_err(|e| ConfigError::BaseUrl {
            url: base.clone(),
            reason: e.to_string(),
        })?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(ConfigError::BaseUrl {
                url: base,
                reason: "expected http:// or https:// and a host".into(),
            });
        }
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
        };
        Ok(Client::new_with_client(&base, http, session))
    }
}
