//! Calls an OCP does not have: refused before sending when the OCP's version is known
//! ([`Client::with_ocp_version`]), and recognised in a 404 when it is not (or the OCP's
//! version is wrong). Both end as [`OcpError::Unsupported`](crate::OcpError::Unsupported).
//!
//! progenitor's hooks can only fail with `Error::Custom(String)`, so the hooks put the
//! [`Unsupported`] in that string (a readable message, then the fields after a separator) and
//! `OcpError::from` takes it back out.

use progenitor_client::ClientInfo;
use reqwest::header::HeaderValue;

use crate::capabilities::Operation;
use crate::version::{OcpVersion, Unsupported, is_versioned, supports};
use crate::{Client, OcpError, ResultExt};

/// Separates the readable message from the fields in a hook's `Error::Custom`.
const FIELDS: char = '\u{1f}';
/// Marks an answer the `exec` hook judged "this OCP has no such route", for the `post` hook.
const NOT_FOUND_MARK: &str = "x-ocp-api-route-not-found";

pub(crate) fn encode(u: &Unsupported) -> String {
    let version = match &u.version {
        Some(v) => format!("={}", v.raw()),
        None => "-".to_owned(),
    };
    format!(
        "{u}{FIELDS}{}{FIELDS}{}{FIELDS}{version}",
        u.operation.id(),
        u8::from(u.answered_not_found)
    )
}

pub(crate) fn decode(text: &str) -> Option<Unsupported> {
    let mut fields = text.split(FIELDS).skip(1);
    let operation = Operation::from_id(fields.next()?)?;
    let answered_not_found = match fields.next()? {
        "0" => false,
        "1" => true,
        _ => return None,
    };
    let version = match fields.next()? {
        "-" => None,
        raw => Some(OcpVersion::parse(raw.strip_prefix('=')?)),
    };
    if fields.next().is_some() {
        return None;
    }
    let mut u = Unsupported::new(operation, version);
    u.answered_not_found = answered_not_found;
    Some(u)
}

/// The operation a hook is running, when it is one of the spec's.
fn operation(info: &progenitor_client::OperationInfo) -> Option<Operation> {
    Operation::from_id(info.operation_id)
}

/// `pre` hook: refuses an operation the OCP's known version does not have.
pub(crate) fn refuse_before_sending(
    version: Option<&OcpVersion>,
    info: &progenitor_client::OperationInfo,
) -> Result<(), String> {
    match (operation(info), version) {
        (Some(op), Some(v)) if !supports(op, v) => {
            Err(encode(&Unsupported::new(op, Some(v.clone()))))
        }
        _ => Ok(()),
    }
}

/// Whether a 404 body says "no such route" rather than "no such object". OCP's own envelope
/// with an error code names a missing object (`COM10002` no such record, `BAK21006` no
/// strategy…), except the codes OCP gives a request it cannot route (`COM10003` invalid
/// request, `COM10008` method not supported). Anything else — Spring's default error JSON
/// (`{"timestamp", "status": 404, "error": "Not Found", "path"}`), an HTML page, an empty body,
/// an envelope without a code — is a server that has no handler for the path.
fn says_no_such_route(body: &[u8]) -> bool {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return true;
    };
    let code = match value.pointer("/error/code") {
        Some(serde_json::Value::String(s)) => s.trim().to_owned(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return true,
    };
    matches!(code.as_str(), "" | "0" | "COM10003" | "COM10008")
}

/// `exec` hook, after the answer: a 404 for an operation that some documented OCP version
/// lacks is read, and marked for [`unsupported_after_answer`] when it says "no such route".
/// The answer is handed on unchanged otherwise (its body re-attached).
pub(crate) async fn mark_missing_route(
    response: reqwest::Response,
    info: &progenitor_client::OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    let versioned = operation(info).is_some_and(is_versioned);
    if response.status() != reqwest::StatusCode::NOT_FOUND || !versioned {
        return Ok(response);
    }
    let status = response.status();
    let version = response.version();
    let mut headers = response.headers().clone();
    let body = response.bytes().await?;
    if says_no_such_route(&body) {
        headers.insert(NOT_FOUND_MARK, HeaderValue::from_static("1"));
    }
    let mut rebuilt = http::Response::new(body.to_vec());
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    Ok(reqwest::Response::from(rebuilt))
}

/// `post` hook: the marked 404 becomes [`Unsupported`].
pub(crate) fn unsupported_after_answer(
    version: Option<&OcpVersion>,
    result: &reqwest::Result<reqwest::Response>,
    info: &progenitor_client::OperationInfo,
) -> Result<(), String> {
    let marked = result
        .as_ref()
        .is_ok_and(|r| r.headers().contains_key(NOT_FOUND_MARK));
    match operation(info) {
        Some(op) if marked => {
            let mut u = Unsupported::new(op, version.cloned());
            u.answered_not_found = true;
            Err(encode(&u))
        }
        _ => Ok(()),
    }
}

impl Client {
    /// Reads `GET /api/v2/info` and parses its `buildVersion` leniently (see [`OcpVersion`]):
    /// an answer without one is an unrecognised version, treated as the newest documented.
    pub async fn server_info(&self) -> Result<OcpVersion, OcpError> {
        let info = self.get_application_info().send().await.ocp()?;
        Ok(OcpVersion::parse(
            info.build_version.as_deref().unwrap_or(""),
        ))
    }

    /// The same client (connection pool, credentials, deadline) for an OCP of this version:
    /// an operation it does not have then fails before sending with
    /// [`OcpError::Unsupported`].
    pub fn with_ocp_version(&self, version: OcpVersion) -> Client {
        let mut session = self.inner().clone();
        session.ocp_version = Some(version);
        Client::new_with_client(self.baseurl(), self.client().clone(), session)
    }

    /// The OCP's version, when it was given with [`with_ocp_version`](Self::with_ocp_version).
    pub fn ocp_version(&self) -> Option<&OcpVersion> {
        self.inner().ocp_version.as_ref()
    }

    /// Whether the OCP has the operation; true while its version is not known.
    pub fn supports(&self, operation: Operation) -> bool {
        self.check(operation).is_ok()
    }

    /// The error a call of the operation would end in on this OCP, checked without sending.
    pub fn check(&self, operation: Operation) -> Result<(), Unsupported> {
        match self.ocp_version() {
            Some(v) if !supports(operation, v) => Err(Unsupported::new(operation, Some(v.clone()))),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unsupported_call_survives_the_trip_through_a_hook_error() {
        for version in [
            None,
            Some(OcpVersion::parse("4.2.2-20240108:x")),
            Some(OcpVersion::parse("")),
        ] {
            for answered in [false, true] {
                let mut u = Unsupported::new(Operation::BackupTenantNow, version.clone());
                u.answered_not_found = answered;
                let text = encode(&u);
                assert!(text.starts_with(&u.to_string()), "{text}");
                assert_eq!(decode(&text), Some(u));
            }
        }
        assert_eq!(decode("some other hook error"), None);
        assert_eq!(decode("x\u{1f}noSuchOperation\u{1f}0\u{1f}-"), None);
    }

    #[test]
    fn a_404_names_a_missing_route_unless_ocp_names_a_missing_object() {
        for route in [
            &b""[..],
            b"<html><body><h1>Whitelabel Error Page</h1></body></html>",
            br#"{"timestamp":"2024-04-25T11:23:27.372+00:00","status":404,"error":"Not Found","path":"/api/v2/ob/clusters/1/tenants/2/backup/backupNow"}"#,
            br#"{"successful":false,"status":404,"error":{"code":"COM10003","message":"Invalid request. Cause:no handler"}}"#,
            br#"{"successful":false,"status":404,"error":{"code":"COM10008","message":"The method is not supported."}}"#,
            br#"{"successful":false,"status":404,"error":{"message":"not found"}}"#,
            br#"{"successful":false,"status":404,"error":{"code":0,"message":"not found"}}"#,
        ] {
            assert!(says_no_such_route(route), "{}", String::from_utf8_lossy(route));
        }
        for object in [
            &br#"{"successful":false,"status":404,"error":{"code":"BAK21006","message":"no strategy"}}"#[..],
            br#"{"successful":false,"status":404,"error":{"code":"COM10002","message":"No records"}}"#,
            br#"{"successful":false,"status":404,"error":{"code":10002,"message":"No records"}}"#,
        ] {
            assert!(!says_no_such_route(object), "{}", String::from_utf8_lossy(object));
        }
    }
}
