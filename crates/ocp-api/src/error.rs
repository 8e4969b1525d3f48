//! One error type for every call: what OCP said (code, message, HTTP status, traceId) or why
//! no answer arrived (DNS, TLS, timeout, connection), never the credentials.

use std::error::Error as _;
use std::fmt;

use crate::secrets::TextSecrets;
use crate::types;
use crate::version::Unsupported;

/// The transport failure classes a person can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportKind {
    /// The host name did not resolve.
    Dns,
    /// The TLS handshake failed (unknown CA, bad certificate, wrong host name).
    Tls,
    /// Nothing accepted the connection (refused, unreachable, reset).
    Connect,
    /// The connect or request timeout expired.
    Timeout,
    /// Anything else on the way (a dropped connection mid-body, a protocol error).
    Other,
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Dns => "DNS lookup failed",
            TransportKind::Tls => "TLS handshake failed",
            TransportKind::Connect => "connection failed",
            TransportKind::Timeout => "timed out",
            TransportKind::Other => "transport error",
        })
    }
}

/// An error answer of OCP, in its error envelope.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// OCP's code (`BAK21001`, `IAM11000`, or a number for older servers), as text.
    pub code: Option<String>,
    pub message: String,
    /// Quote it when asking OCP support; may be empty on throttled answers.
    pub trace_id: Option<String>,
    /// The whole envelope as received.
    pub body: types::ErrorResponse,
    /// When a throttled (429) or unavailable (503) OCP said to try again
    /// (`Retry-After`/`RateLimit-Reset`).
    pub retry_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl ApiError {
    /// `; OCP asks to retry after 2024-08-09T08:00:00Z (in 3600 s)`, or nothing.
    pub fn retry_note(&self) -> String {
        let Some(at) = self.retry_at else {
            return String::new();
        };
        let left = (at - chrono::Utc::now()).num_seconds().max(0);
        format!(
            "; OCP asks to retry after {} (in {left} s)",
            at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OcpError {
    #[error("OCP error {}: {} (HTTP {}, traceId {}){}",
        .0.code.as_deref().unwrap_or("?"), .0.message, .0.status, .0.trace_id.as_deref().unwrap_or("-"), .0.retry_note())]
    Api(Box<ApiError>),

    #[error("{kind}: {message}")]
    Transport {
        kind: TransportKind,
        message: String,
    },

    /// An answer arrived but is not what the spec says (bad JSON, wrong shape, undeclared status).
    #[error("unexpected answer{}: {message}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default())]
    InvalidResponse {
        status: Option<u16>,
        message: String,
    },

    /// The request could not be built (a required parameter missing, a bad value).
    #[error("invalid request: {0}")]
    InvalidRequest(String),

    /// The connected OCP does not have the operation: refused before sending (its version is
    /// known and older), or OCP answered 404 for one of this API's paths that some OCP
    /// versions lack.
    #[error("{0}")]
    Unsupported(Box<Unsupported>),
}

impl OcpError {
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            OcpError::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The operation the OCP does not have, with its version and the first that has it.
    pub fn unsupported(&self) -> Option<&Unsupported> {
        match self {
            OcpError::Unsupported(u) => Some(u),
            _ => None,
        }
    }

    /// OCP's error code, when OCP answered with one.
    pub fn code(&self) -> Option<&str> {
        self.api().and_then(|e| e.code.as_deref())
    }

    pub fn trace_id(&self) -> Option<&str> {
        self.api()
            .and_then(|e| e.trace_id.as_deref())
            .filter(|t| !t.is_empty())
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            OcpError::Api(e) => Some(e.status),
            OcpError::InvalidResponse { status, .. } => *status,
            _ => None,
        }
    }

    pub fn transport_kind(&self) -> Option<TransportKind> {
        match self {
            OcpError::Transport { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    fn from_reqwest(e: &reqwest::Error) -> OcpError {
        let chain = error_chain(e);
        let lower = chain.to_lowercase();
        let kind = if e.is_timeout() || lower.contains("timed out") {
            TransportKind::Timeout
        } else if lower.contains("dns error") || lower.contains("failed to lookup address") {
            TransportKind::Dns
        } else if lower.contains("certificate")
            || lower.contains("tls")
            || lower.contains("handshake")
        {
            TransportKind::Tls
        } else if e.is_connect() {
            TransportKind::Connect
        } else {
            TransportKind::Other
        };
        OcpError::Transport {
            kind,
            message: chain,
        }
    }
}

/// The messages of an error and its sources, without the URL's query (which may carry names
/// the user typed, but never credentials: those travel in headers).
fn error_chain(e: &reqwest::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

fn code_text(code: &types::ApiErrorCode) -> String {
    match serde_json::to_value(code) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

impl From<progenitor_client::Error<types::ErrorResponse>> for OcpError {
    fn from(e: progenitor_client::Error<types::ErrorResponse>) -> Self {
        use progenitor_client::Error as E;
        match e {
            E::ErrorResponse(rv) => {
                let status = rv.status().as_u16();
                let now = std::time::SystemTime::now();
                let retry_at = matches!(status, 429 | 503)
                    .then(|| crate::session::server_wait(rv.headers(), now))
                    .flatten()
                    .map(|wait| chrono::DateTime::<chrono::Utc>::from(now + wait));
                let body = rv.into_inner();
                let error = &body.error;
                OcpError::Api(Box::new(ApiError {
                    status,
                    code: Some(code_text(&error.code)).filter(|c| !c.is_empty()),
                    message: error.message.clone().unwrap_or_default(),
                    trace_id: body.trace_id.clone(),
                    body,
                    retry_at,
                }))
            }
            E::CommunicationError(e) | E::InvalidUpgrade(e) | E::ResponseBodyError(e) => {
                OcpError::from_reqwest(&e)
            }
            E::InvalidResponsePayload(bytes, err) => {
                // The parser's message may quote a value too (`invalid type: string "…"`).
                let text = String::from_utf8_lossy(&bytes);
                let secrets = TextSecrets::find(&text);
                OcpError::InvalidResponse {
                    status: None,
                    message: format!(
                        "{}; body starts {:?}",
                        secrets.mask(&err.to_string()),
                        snippet(&secrets.mask(&text))
                    ),
                }
            }
            E::UnexpectedResponse(resp) => OcpError::InvalidResponse {
                status: Some(resp.status().as_u16()),
                message: "a status the API does not declare".to_owned(),
            },
            E::InvalidRequest(msg) => OcpError::InvalidRequest(msg),
            E::Custom(msg) => match crate::gate::decode(&msg) {
                Some(u) => OcpError::Unsupported(Box::new(u)),
                None => OcpError::InvalidRequest(msg),
            },
        }
    }
}

/// The start of an answer body for an error message; the caller masks it first (masking after
/// the cut could miss a key cut off before its value).
fn snippet(text: &str) -> String {
    text.chars().take(200).collect()
}

/// `client.op().send().await.ocp()?` — the response body, or an [`OcpError`].
pub trait ResultExt<T> {
    fn ocp(self) -> Result<T, OcpError>;
}

impl<T> ResultExt<T>
    for Result<progenitor_client::ResponseValue<T>, progenitor_client::Error<types::ErrorResponse>>
{
    fn ocp(self) -> Result<T, OcpError> {
        self.map(progenitor_client::ResponseValue::into_inner)
            .map_err(OcpError::from)
    }
}
