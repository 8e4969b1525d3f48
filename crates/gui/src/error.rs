//! Errors as the UI shows them: OCP's code, message and traceId, or what failed on the way.

use ocp_api::{OcpError, TransportKind};

#[derive(Clone, Debug, PartialEq)]
pub struct UiError {
    /// OCP's error code (`BAK21001`) when OCP answered with one.
    pub code: Option<String>,
    pub message: String,
    pub trace_id: Option<String>,
    pub status: Option<u16>,
    pub kind: ErrorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// OCP answered with its error envelope.
    Ocp,
    Unauthorized,
    Forbidden,
    Dns,
    Tls,
    Connect,
    Timeout,
    /// An answer that is not what the spec says, or another transport problem.
    Protocol,
    /// The input was refused before anything was sent.
    Invalid,
}

impl UiError {
    pub fn invalid(message: impl Into<String>) -> Self {
        UiError {
            code: None,
            message: message.into(),
            trace_id: None,
            status: None,
            kind: ErrorKind::Invalid,
        }
    }

    /// Whether trying the same read again may succeed: OCP in trouble (5xx), throttling, a
    /// broken answer, or no answer.
    pub fn retryable(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Connect | ErrorKind::Timeout | ErrorKind::Protocol | ErrorKind::Dns
        ) || self.status.is_some_and(|s| s >= 500 || s == 429)
    }

    /// One line for toasts and logs: `[BAK21001] message (HTTP 409, traceId …)`.
    pub fn summary(&self) -> String {
        let mut s = String::new();
        if let Some(code) = &self.code {
            s.push_str(&format!("[{code}] "));
        }
        s.push_str(&self.message);
        let mut tail = Vec::new();
        if let Some(status) = self.status {
            tail.push(format!("HTTP {status}"));
        }
        if let Some(trace) = &self.trace_id {
            tail.push(format!("traceId {trace}"));
        }
        if !tail.is_empty() {
            s.push_str(&format!(" ({})", tail.join(", ")));
        }
        s
    }
}

impl From<OcpError> for UiError {
    fn from(e: OcpError) -> Self {
        let status = e.status();
        let kind = match (&e, status) {
            (_, Some(401)) => ErrorKind::Unauthorized,
            (_, Some(403)) => ErrorKind::Forbidden,
            (OcpError::Api(_), _) => ErrorKind::Ocp,
            (OcpError::Transport { kind, .. }, _) => match kind {
                TransportKind::Dns => ErrorKind::Dns,
                TransportKind::Tls => ErrorKind::Tls,
                TransportKind::Connect => ErrorKind::Connect,
                TransportKind::Timeout => ErrorKind::Timeout,
                TransportKind::Other => ErrorKind::Protocol,
            },
            (OcpError::InvalidRequest(_) | OcpError::Unsupported(_), _) => ErrorKind::Invalid,
            (OcpError::InvalidResponse { .. }, _) => ErrorKind::Protocol,
        };
        let message = match &e {
            OcpError::Api(api) => api.message.clone(),
            other => other.to_string(),
        };
        UiError {
            code: e.code().map(str::to_owned),
            message,
            trace_id: e.trace_id().map(str::to_owned),
            status,
            kind,
        }
    }
}
