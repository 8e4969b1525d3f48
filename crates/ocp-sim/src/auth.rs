//! Authentication: HTTP Basic for configured users and OCP's AK/SK signature, re-computed with
//! the client crate's own signing rules. The ±15 minute `Date` window uses the real clock,
//! because clients sign with real time whatever the simulated clock says.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use base64::Engine as _;
use ocp_api::enums::OcpErrorCode;
use ocp_api::signing;
use parking_lot::Mutex;
use subtle::ConstantTimeEq;

use crate::errors::ApiFailure;
use crate::{SimAccessKey, User};

/// OCP's allowed difference between the `Date` header and the server clock.
pub(crate) const DATE_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Attempts OCP's message counts down from.
const MAX_ATTEMPTS: u32 = 5;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Principal {
    pub name: String,
    pub read_only: bool,
}

/// What the headers alone decided.
pub(crate) enum Stage {
    Authenticated(Principal),
    /// A signed request with a known AccessKey ID and a `Date` inside the window: the signature
    /// covers the body's MD5, so it can only be checked once the body is read.
    NeedsBody {
        key: usize,
        signature: String,
    },
}

/// Failed Basic logins per user name, for the count in `IAM10004`. Bounded: when full, the
/// name seen least recently is forgotten (the count only feeds a message, never a lockout).
struct Failures {
    counts: HashMap<String, (u32, u64)>,
    clock: u64,
    capacity: usize,
}

impl Failures {
    fn record(&mut self, name: &str) -> u32 {
        self.clock += 1;
        let stamp = self.clock;
        if let Some((count, seen)) = self.counts.get_mut(name) {
            *count = (*count + 1).min(MAX_ATTEMPTS - 1);
            *seen = stamp;
            return *count;
        }
        if self.capacity == 0 {
            return 1;
        }
        if self.counts.len() >= self.capacity {
            // O(capacity) under the mutex, only when a new name arrives at a full map.
            if let Some(oldest) = self
                .counts
                .iter()
                .min_by_key(|(_, (_, seen))| *seen)
                .map(|(k, _)| k.clone())
            {
                self.counts.remove(&oldest);
            }
        }
        self.counts.insert(name.to_owned(), (1, stamp));
        1
    }
}

pub(crate) struct Auth {
    users: Vec<User>,
    keys: Vec<SimAccessKey>,
    failures: Mutex<Failures>,
}

fn unauthenticated(why: impl Into<String>) -> ApiFailure {
    ApiFailure::unauthenticated(OcpErrorCode::Iam10000, vec![], why)
}

/// One answer for an unknown AccessKey ID and a wrong signature, so that the answers do not
/// tell which AccessKey IDs exist.
fn bad_access_key() -> ApiFailure {
    unauthenticated("the AccessKey ID or the signature is not valid")
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Compared against when the user name is unknown, so both cases do the same work.
const NO_PASSWORD: &[u8] = b"\0no such user\0";

impl Auth {
    pub(crate) fn new(
        users: Vec<User>,
        keys: Vec<SimAccessKey>,
        failed_login_names: usize,
    ) -> Self {
        Self {
            users,
            keys,
            failures: Mutex::new(Failures {
                counts: HashMap::new(),
                clock: 0,
                capacity: failed_login_names,
            }),
        }
    }

    /// Everything that can be decided from the request head; the body is not needed (and must
    /// not be read) before this succeeds.
    pub(crate) fn check_headers(
        &self,
        parts: &Parts,
        real_now: SystemTime,
    ) -> Result<Stage, ApiFailure> {
        let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
            return Err(unauthenticated("no Authorization header"));
        };
        let value = value
            .to_str()
            .map_err(|_| unauthenticated("the Authorization header is not ASCII"))?;
        if let Some(token) = value
            .strip_prefix("Basic ")
            .or_else(|| value.strip_prefix("basic "))
        {
            return self.basic(token.trim()).map(Stage::Authenticated);
        }
        if let Some(rest) = value
            .strip_prefix(signing::AUTHORIZATION_PREFIX)
            .and_then(|r| r.strip_prefix(' '))
        {
            return self.signed_headers(rest.trim(), parts, real_now);
        }
        Err(unauthenticated(
            "expected Basic or OCP-ACCESS-KEY-HMACSHA1 authorization",
        ))
    }

    /// Finishes what [`Auth::check_headers`] started, with the request body.
    pub(crate) fn check_body(
        &self,
        stage: Stage,
        parts: &Parts,
        body: &[u8],
    ) -> Result<Principal, ApiFailure> {
        match stage {
            Stage::Authenticated(p) => Ok(p),
            Stage::NeedsBody { key, signature } => {
                self.verify_signature(key, &signature, parts, body)
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn authenticate(
        &self,
        parts: &Parts,
        body: &[u8],
        real_now: SystemTime,
    ) -> Result<Principal, ApiFailure> {
        let stage = self.check_headers(parts, real_now)?;
        self.check_body(stage, parts, body)
    }

    fn basic(&self, token: &str) -> Result<Principal, ApiFailure> {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(token)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .ok_or_else(|| {
                unauthenticated("the Basic credentials are not base64 of user:password")
            })?;
        let (name, password) = decoded
            .split_once(':')
            .ok_or_else(|| unauthenticated("the Basic credentials have no ':'"))?;
        let user = self.users.iter().find(|u| u.name == name);
        let expected = user.map_or(NO_PASSWORD, |u| u.password.as_bytes());
        // Constant time in the content (the length may still show).
        let matches = bool::from(expected.ct_eq(password.as_bytes()));
        match user {
            Some(user) if matches => {
                self.failures.lock().counts.remove(name);
                Ok(Principal {
                    name: user.name.clone(),
                    read_only: user.read_only,
                })
            }
            _ => {
                let count = self.failures.lock().record(name);
                // The simulator never locks anyone out; the count only feeds OCP's message.
                let left = i64::from(MAX_ATTEMPTS - count);
                Err(ApiFailure::unauthenticated(
                    OcpErrorCode::Iam10004,
                    vec![left.into()],
                    "wrong user name or password",
                ))
            }
        }
    }

    /// The checks of a signed request that need no body: its form, the `Date` window, the key.
    fn signed_headers(
        &self,
        credentials: &str,
        parts: &Parts,
        real_now: SystemTime,
    ) -> Result<Stage, ApiFailure> {
        let (id, signature) = credentials
            .split_once(':')
            .ok_or_else(|| unauthenticated("expected AK:Signature"))?;
        let headers = &parts.headers;
        let date = header_str(headers, "date")
            .or_else(|| header_str(headers, "x-ocp-date"))
            .ok_or_else(|| unauthenticated("a signed request needs a Date header"))?;
        let sent = httpdate::parse_http_date(date)
            .map_err(|_| unauthenticated(format!("Date {date:?} is not an RFC 1123 date")))?;
        let skew = real_now
            .duration_since(sent)
            .or_else(|e| Ok::<_, ()>(e.duration()))
            .unwrap_or_default();
        if skew > DATE_WINDOW {
            return Err(unauthenticated(format!(
                "Date {date} is {}s away from the server clock; at most 900s are allowed",
                skew.as_secs()
            )));
        }
        let key = self
            .keys
            .iter()
            .position(|k| k.id == id)
            .ok_or_else(bad_access_key)?;
        Ok(Stage::NeedsBody {
            key,
            signature: signature.to_owned(),
        })
    }

    fn verify_signature(
        &self,
        key: usize,
        signature: &str,
        parts: &Parts,
        body: &[u8],
    ) -> Result<Principal, ApiFailure> {
        let key = &self.keys[key];
        let headers = &parts.headers;
        let date = header_str(headers, "date")
            .or_else(|| header_str(headers, "x-ocp-date"))
            .unwrap_or_default();
        let host = header_str(headers, "host")
            .map(str::to_owned)
            .or_else(|| parts.uri.authority().map(|a| a.to_string()))
            .unwrap_or_default();
        let query = signing::parse_query(parts.uri.query().unwrap_or(""));
        let ocp_headers: Vec<(String, String)> = headers
            .iter()
            .filter(|(name, _)| name.as_str().starts_with("x-ocp"))
            .filter_map(|(name, value)| {
                Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
            })
            .collect();
        let input = signing::SigningInput {
            method: parts.method.as_str(),
            content_type: header_str(headers, "content-type"),
            body: (!body.is_empty()).then_some(body),
            date,
            host: &host,
            path: parts.uri.path(),
            query: &query,
            ocp_headers: &ocp_headers,
        };
        let expected = signing::signature(&key.secret, &input);
        if !bool::from(expected.as_bytes().ct_eq(signature.as_bytes())) {
            return Err(bad_access_key());
        }
        Ok(Principal {
            name: key.id.clone(),
            read_only: key.read_only,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn auth() -> Auth {
        Auth::new(
            vec![
                User::new("admin", "pw", false),
                User::new("viewer", "v", true),
            ],
            vec![SimAccessKey::new("AK1", "SK1", false)],
            4,
        )
    }

    fn parts(builder: axum::http::request::Builder) -> Parts {
        builder.body(()).unwrap().into_parts().0
    }

    fn basic(user: &str, pw: &str) -> String {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pw}"))
        )
    }

    #[test]
    fn basic_users_and_failures() {
        let a = auth();
        let now = SystemTime::now();
        let p = a
            .authenticate(
                &parts(Request::get("/x").header("authorization", basic("viewer", "v"))),
                b"",
                now,
            )
            .unwrap();
        assert_eq!(
            p,
            Principal {
                name: "viewer".into(),
                read_only: true
            }
        );
        let e = a
            .authenticate(
                &parts(Request::get("/x").header("authorization", basic("admin", "nope"))),
                b"",
                now,
            )
            .unwrap_err();
        assert_eq!(
            (e.status.as_u16(), e.code_text()),
            (401, "IAM10004".to_owned())
        );
        assert!(e.message(crate::Lang::En).contains("4 more times"));
        let e = a
            .authenticate(&parts(Request::get("/x")), b"", now)
            .unwrap_err();
        assert_eq!(e.code_text(), "IAM10000");
        let e = a
            .authenticate(
                &parts(Request::get("/x").header("authorization", "Bearer abc")),
                b"",
                now,
            )
            .unwrap_err();
        assert_eq!(e.status.as_u16(), 401);
    }

    fn signed_parts(date: &str, body: &[u8], tamper: bool) -> Parts {
        let query = vec![
            ("page".to_owned(), "1".to_owned()),
            ("size".to_owned(), "10".to_owned()),
        ];
        let input = signing::SigningInput {
            method: "POST",
            content_type: Some("application/json"),
            body: Some(body),
            date,
            host: "127.0.0.1:8080",
            path: "/api/v2/ob/clusters/1/backup/backupNow",
            query: &query,
            ocp_headers: &[],
        };
        let header = signing::authorization_header("AK1", "SK1", &input);
        let path = if tamper {
            "/api/v2/ob/clusters/2/backup/backupNow?page=1&size=10"
        } else {
            "/api/v2/ob/clusters/1/backup/backupNow?size=10&page=1"
        };
        parts(
            Request::post(path)
                .header("authorization", header)
                .header("date", date)
                .header("host", "127.0.0.1:8080")
                .header("content-type", "application/json"),
        )
    }

    #[test]
    fn signatures_are_verified_with_the_date_window() {
        let a = auth();
        let now = SystemTime::now();
        let date = signing::http_date(now);
        let body = br#"{"a":1}"#;
        let p = a
            .authenticate(&signed_parts(&date, body, false), body, now)
            .unwrap();
        assert_eq!(p.name, "AK1");
        assert!(
            a.authenticate(&signed_parts(&date, body, true), body, now)
                .is_err(),
            "other path"
        );
        assert!(
            a.authenticate(&signed_parts(&date, body, false), br#"{"a":2}"#, now)
                .is_err(),
            "other body"
        );
        let old = signing::http_date(now - Duration::from_secs(16 * 60));
        let e = a
            .authenticate(&signed_parts(&old, body, false), body, now)
            .unwrap_err();
        assert!(e.debug.unwrap().contains("900s"));
        let soon = signing::http_date(now + Duration::from_secs(14 * 60));
        assert!(
            a.authenticate(&signed_parts(&soon, body, false), body, now)
                .is_ok()
        );
    }

    #[test]
    fn failed_logins_are_counted_for_a_bounded_number_of_names() {
        let a = auth();
        let now = SystemTime::now();
        let fail = |user: &str| {
            a.authenticate(
                &parts(Request::get("/x").header("authorization", basic(user, "nope"))),
                b"",
                now,
            )
            .unwrap_err()
        };
        for i in 0..1000 {
            fail(&format!("spray{i}"));
        }
        assert!(
            a.failures.lock().counts.len() <= 4,
            "the map stays at its capacity"
        );
        // A name seen again keeps counting down; a forgotten one starts over.
        assert!(
            fail("admin")
                .message(crate::Lang::En)
                .contains("4 more times")
        );
        assert!(
            fail("admin")
                .message(crate::Lang::En)
                .contains("3 more times")
        );
        for i in 0..3 {
            fail(&format!("other{i}"));
        }
        assert!(
            fail("admin")
                .message(crate::Lang::En)
                .contains("2 more times")
        );
        for i in 0..4 {
            fail(&format!("again{i}"));
        }
        assert!(
            fail("admin")
                .message(crate::Lang::En)
                .contains("4 more times")
        );
    }

    #[test]
    fn unknown_access_key_and_bad_signature_answer_alike() {
        let a = auth();
        let now = SystemTime::now();
        let date = signing::http_date(now);
        let body = br#"{"a":1}"#;
        let wrong_sig = a
            .authenticate(&signed_parts(&date, body, true), body, now)
            .unwrap_err();
        let mut unknown = signed_parts(&date, body, false);
        let header = unknown.headers["authorization"]
            .to_str()
            .unwrap()
            .replace(" AK1:", " AK2:");
        unknown
            .headers
            .insert("authorization", header.parse().unwrap());
        let unknown_key = a.authenticate(&unknown, body, now).unwrap_err();
        assert_eq!(wrong_sig, unknown_key);
        assert!(!unknown_key.debug.unwrap().contains("AK2"));
    }

    #[test]
    fn the_body_is_needed_only_for_signed_requests() {
        let a = auth();
        let now = SystemTime::now();
        let basic = parts(Request::post("/x").header("authorization", basic("admin", "pw")));
        assert!(matches!(
            a.check_headers(&basic, now),
            Ok(Stage::Authenticated(_))
        ));
        let date = signing::http_date(now);
        assert!(matches!(
            a.check_headers(&signed_parts(&date, b"{}", false), now),
            Ok(Stage::NeedsBody { .. })
        ));
        let old = signing::http_date(now - Duration::from_secs(16 * 60));
        assert!(
            a.check_headers(&signed_parts(&old, b"{}", false), now)
                .is_err()
        );
    }
}
