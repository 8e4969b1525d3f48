//! What every request of a [`Client`](crate::Client) carries: credentials, language and the
//! read-retry policy. It is the generated client's inner value; the hooks below apply it.

use std::time::{Duration, Instant, SystemTime};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{ACCEPT_LANGUAGE, AUTHORIZATION, HeaderValue};

use crate::gate;
use crate::signing::{self, AccessKey, SecretString};
use crate::version::OcpVersion;

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
    /// Upper bound on the client's own backoff. A wait the server asks for is not clamped to
    /// it (retrying inside the server's window only spends quota): it is waited out whole when
    /// it ends before the deadline ([`crate::Client::with_deadline`], else [`DEFAULT_WAIT_BUDGET`]),
    /// and otherwise the answer comes back at once, naming the time the server gave.
    pub max_backoff: Duration,
}

/// How long one read may spend waiting for a throttled server when the caller set no deadline.
pub const DEFAULT_WAIT_BUDGET: Duration = Duration::from_secs(60);

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

    /// The wait before retry number `attempt` (0-based): what the server asked for, else the
    /// client's capped exponential backoff.
    pub fn delay(
        &self,
        attempt: u32,
        headers: &reqwest::header::HeaderMap,
        now: SystemTime,
    ) -> Duration {
        server_wait(headers, now).unwrap_or_else(|| {
            self.initial_backoff
                .saturating_mul(1u32 << attempt.min(16))
                .min(self.max_backoff)
        })
    }
}

/// The wait a throttled or unavailable server asks for: the longer of `RateLimit-Reset`
/// (seconds) and `Retry-After` (seconds or an HTTP date, RFC 9110 §10.2.3).
pub fn server_wait(headers: &reqwest::header::HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| headers.get(name)?.to_str().ok().map(str::trim);
    let seconds = |t: &str| t.parse::<u64>().ok().map(Duration::from_secs);
    let reset = text("ratelimit-reset").and_then(seconds);
    let retry_after = text("retry-after").and_then(|t| {
        seconds(t).or_else(|| {
            let at = httpdate::parse_http_date(t).ok()?;
            Some(at.duration_since(now).unwrap_or(Duration::ZERO))
        })
    });
    reset.into_iter().chain(retry_after).max()
}

/// The generated client's inner value.
#[derive(Clone, Debug)]
pub struct Session {
    pub credentials: Option<Credentials>,
    /// Sent as `Accept-Language` (`zh-CN` or `en-US`): OCP localises error messages and
    /// status descriptions by it.
    pub language: Option<String>,
    pub read_retry: RetryPolicy,
    /// No retry of a read waits past this instant (see [`crate::Client::with_deadline`]).
    pub deadline: Option<Instant>,
    /// The connected OCP's version, when known (see [`crate::Client::with_ocp_version`]): an
    /// operation it does not have fails before sending.
    pub ocp_version: Option<OcpVersion>,
}

impl crate::Client {
    /// The same client (connection pool, credentials) whose reads never wait for a throttled
    /// server past `deadline`: `ocpctl --wait` passes its `--timeout`.
    pub fn with_deadline(&self, deadline: Instant) -> crate::Client {
        let mut session = self.inner().clone();
        session.deadline = Some(deadline);
        crate::Client::new_with_client(self.baseurl(), self.client().clone(), session)
    }
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
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let session = self.inner();
        gate::refuse_before_sending(session.ocp_version.as_ref(), info)
            .map_err(progenitor_client::Error::Custom)?;
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
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let response = self.exec_with_retries(request).await?;
        gate::mark_missing_route(response, info).await
    }

    async fn post<E>(
        &self,
        result: &reqwest::Result<reqwest::Response>,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        gate::unsupported_after_answer(self.inner().ocp_version.as_ref(), result, info)
            .map_err(progenitor_client::Error::Custom)
    }
}

impl crate::Client {
    /// Sends the request; a read answered 429/503 is retried per the session's policy.
    async fn exec_with_retries(
        &self,
        request: reqwest::Request,
    ) -> reqwest::Result<reqwest::Response> {
        let policy = self.inner().read_retry;
        let deadline = self
            .inner()
            .deadline
            .unwrap_or_else(|| Instant::now() + DEFAULT_WAIT_BUDGET);
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
            let wait = policy.delay(attempt, response.headers(), SystemTime::now());
            if Instant::now() + wait > deadline {
                // Waiting would outlast the caller; retrying sooner would only spend quota.
                // The error built from this answer names the time the server gave.
                return Ok(response);
            }
            tokio_sleep(wait).await;
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
            deadline: None,
            ocp_version: None,
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
    fn retry_delay_prefers_the_servers_wait_and_does_not_clamp_it() {
        let policy = RetryPolicy::default();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut headers = reqwest::header::HeaderMap::new();
        assert_eq!(policy.delay(0, &headers, now), Duration::from_millis(250));
        assert_eq!(policy.delay(2, &headers, now), Duration::from_millis(1000));
        assert_eq!(policy.delay(12, &headers, now), policy.max_backoff);
        headers.insert("RateLimit-Reset", HeaderValue::from_static("2"));
        assert_eq!(policy.delay(0, &headers, now), Duration::from_secs(2));
        // Longer than max_backoff: the server's window is honoured, not clamped.
        headers.insert("RateLimit-Reset", HeaderValue::from_static("3600"));
        assert_eq!(policy.delay(0, &headers, now), Duration::from_secs(3600));
    }

    #[test]
    fn retry_after_is_read_as_seconds_and_as_an_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("Retry-After", HeaderValue::from_static("120"));
        assert_eq!(server_wait(&headers, now), Some(Duration::from_secs(120)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
        headers.insert("Retry-After", HeaderValue::from_str(&later).unwrap());
        assert_eq!(server_wait(&headers, now), Some(Duration::from_secs(90)));
        // The obsolete RFC 850 form, which recipients must accept too.
        headers.insert(
            "Retry-After",
            HeaderValue::from_static("Tuesday, 14-Nov-23 22:15:20 GMT"),
        );
        assert_eq!(server_wait(&headers, now), Some(Duration::from_secs(120)));
        // A date in the past: retry now. Both headers: the longer wait.
        headers.insert(
            "Retry-After",
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        assert_eq!(server_wait(&headers, now), Some(Duration::ZERO));
        headers.insert("RateLimit-Reset", HeaderValue::from_static("5"));
        assert_eq!(server_wait(&headers, now), Some(Duration::from_secs(5)));
    }
}
