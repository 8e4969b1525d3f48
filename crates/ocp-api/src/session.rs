//! What every request of a [`Client`](crate::Client) carries: credentials, language and the
//! read-retry policy. It is the generated client's inner value; the hooks below apply it.

use std::time::Duration;

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{ACCEPT_LANGUAGE, AUTHORIZATION, HeaderValue};

use crate::signing::{self, AccessKey, SecretString};

/// How the client proves who it is. OCP accepts either on every call.
#[derive(Clone, Debug)]
pub enum Credentials {
    /// `Authorization: Basic base64(user:password)`.
    Basic {
        username: String,
        password: SecretString,
    },
    /// OCP's AK/SK signature (`OCP-ACCESS-KEY-HMACSHA1 AK:Signature`), computed per request.
    AccessKey(AccessKey),
}

impl Credentials {
    pub fn basic(username: impl Into<String>, password: impl Into<SecretString>) -> Self {
        Credentials::Basic {
            username: username.into(),
            password: password.into(),
        }
    }

    pub fn access_key(id: impl Into<String>, secret: impl Into<String>) -> Self {
        Credentials::AccessKey(AccessKey::new(id, secret))
    }
}

/// Retries of reads (GET/HEAD) answered with 429 or 503. Writes are never retried: a retried
/// backupNow would be a second backup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Further attempts after the first; 0 disables retries.
    pub max_retries: u32,
    /// Wait before the first retry when the server gives no `RateLimit-Reset`/`Retry-After`;
    /// doubled for each further retry.
    pub initial_backoff: Duration,
    /// Upper bound on any single wait, including one the server asks for.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    pub const NONE: RetryPolicy = RetryPolicy {
        max_retries: 0,
        initial_backoff: Duration::ZERO,
        max_backoff: Duration::ZERO,
    };

    /// The wait before retry number `attempt` (0-based), honouring what the server asked for.
    pub fn delay(&self, attempt: u32, headers: &reqwest::header::HeaderMap) -> Duration {
        let asked = ["ratelimit-reset", "retry-after"]
            .iter()
            .find_map(|h| headers.get(*h)?.to_str().ok()?.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let backoff = self.initial_backoff.saturating_mul(1u32 << attempt.min(16));
        asked.unwrap_or(backoff).min(self.max_backoff)
    }
}

/// The generated client's inner value.
#[derive(Clone, Debug)]
pub struct Session {
    pub credentials: Option<Credentials>,
    /// Sent as `Accept-Language` (`zh-CN` or `en-US`): OCP localises error messages and
    /// status descriptions by it.
    pub language: Option<String>,
    pub read_retry: RetryPolicy,
}

impl Session {
    fn authorize(&self, request: &mut reqwest::Request) -> Result<(), String> {
        match &self.credentials {
            None => Ok(()),
            Some(Credentials::Basic { username, password }) => {
                use base64::Engine as _;
                let token = base64::engine::general_purpose::STANDARD
                    .encode(format!("{username}:{}", password.expose_secret()));
                let mut value = HeaderValue::from_str(&format!("Basic {token}")).map_err(|_| {
                    "the user name contains characters not allowed in an HTTP header".to_owned()
                })?;
                value.set_sensitive(true);
                request.headers_mut().insert(AUTHORIZATION, value);
                Ok(())
            }
            Some(Credentials::AccessKey(key)) => {
                signing::sign_request(request, key).map_err(|e| e.to_string())
            }
        }
    }
}

impl ClientHooks<Session> for crate::Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let session = self.inner();
        if let Some(lang) = session
            .language
            .as_deref()
            .and_then(|l| HeaderValue::from_str(l).ok())
        {
            request.headers_mut().insert(ACCEPT_LANGUAGE, lang);
        }
        // OCP does not use progenitor's `api-version` header; keep requests (and signatures) minimal.
        request.headers_mut().remove("api-version");
        session
            .authorize(request)
            .map_err(progenitor_client::Error::Custom)
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        _info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let policy = self.inner().read_retry;
        let idempotent = matches!(
            *request.method(),
            reqwest::Method::GET | reqwest::Method::HEAD
        );
        if !idempotent || policy.max_retries == 0 {
            return self.client().execute(request).await;
        }
        let mut attempt = 0;
        loop {
            let Some(copy) = request.try_clone() else {
                return self.client().execute(request).await;
            };
            let response = self.client().execute(copy).await?;
            let status = response.status().as_u16();
            if !matches!(status, 429 | 503) || attempt >= policy.max_retries {
                return Ok(response);
            }
            tokio_sleep(policy.delay(attempt, response.headers())).await;
            attempt += 1;
        }
    }
}

async fn tokio_sleep(d: Duration) {
    tokio::time::sleep(d).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_stay_out_of_debug() {
        let basic = Credentials::basic("admin", "hunter2-pass");
        let ak = Credentials::access_key("AKID123", "sk-very-secret");
        let session = Session {
            credentials: Some(ak),
            language: None,
            read_retry: RetryPolicy::default(),
        };
        for text in [
            format!("{basic:?}"),
            format!("{session:?}"),
            format!("{:#?}", session),
        ] {
            assert!(
                !text.contains("hunter2-pass") && !text.contains("sk-very-secret"),
                "{text}"
            );
        }
        assert!(
            format!("{basic:?}").contains("admin"),
            "the user name is not a secret"
        );
    }

    #[test]
    fn retry_delay_prefers_the_servers_reset_and_caps_it() {
        let policy = RetryPolicy::default();
        let mut headers = reqwest::header::HeaderMap::new();
        assert_eq!(policy.delay(0, &headers), Duration::from_millis(250));
        assert_eq!(policy.delay(2, &headers), Duration::from_millis(1000));
        headers.insert("RateLimit-Reset", HeaderValue::from_static("2"));
        assert_eq!(policy.delay(0, &headers), Duration::from_secs(2));
        headers.insert("RateLimit-Reset", HeaderValue::from_static("3600"));
        assert_eq!(policy.delay(0, &headers), policy.max_backoff);
    }
}
