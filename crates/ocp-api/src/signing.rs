//! OCP AK/SK request signing (`Authorization: OCP-ACCESS-KEY-HMACSHA1 {AK}:{Signature}`).
//!
//! Source of truth: the OCP 4.3 page "Rules for generating AK/SK signatures"
//! (`general/300.ak-sk-sign-roles.md`, en-US and zh-CN read side by side) and, above all, the
//! Java sample at its end (`OcpSignDemo`), because that sample is the only artefact on the page
//! that provably reproduces the printed signature `To11kg1EsB/dPWyDnnpuUzIUoQk=`.
//!
//! The string to sign is seven parts joined by `\n` (an empty part still contributes its `\n`):
//!
//! ```text
//! HttpMethod
//! Md5Payload
//! ContentType
//! RequestDate
//! Host
//! OCP-Headers
//! PathAndQueryParams
//! ```
//!
//! and `Signature = Base64(HMAC-SHA1(key = SK as UTF-8, message = string-to-sign as UTF-8))`.
//!
//! # Where the page's prose and its Java sample disagree (the Java wins)
//!
//! * **The printed example inputs.** The prose example prints a string to sign containing
//!   `xxx.xxx.xxx.xxx:8080` and `labels=svr_ip%3Axxx.xxx.xxx.xxx`; signing that text gives
//!   `7w9XBjBvMcvyRDv3Zq6HPR2N2BM=`, not the printed signature. The Java sample signs the same
//!   request with host `127.0.0.1:8080` and `labels=svr_ip:127.0.0.1`, and *that* yields
//!   `To11kg1EsB/dPWyDnnpuUzIUoQk=`: the prose was redacted after the signature was computed.
//! * **Trailing newline after the x-ocp headers.** The prose shows every header line as
//!   `HeaderName + ":" + value + "\n"`, which would leave a blank line before the path. The Java
//!   joins the lines with `"\n"` (no trailing newline), and so does the printed string to sign.
//! * **MD5 format.** The prose only says `md5(<payload>)`; the Java prints 32 **upper-case** hex
//!   digits, zero-padded.
//! * **Query encoding.** The prose only says `urlEncode`; the Java uses
//!   `java.net.URLEncoder.encode(s, "UTF-8")`, i.e. `application/x-www-form-urlencoded`:
//!   `A-Z a-z 0-9 . - * _` stay literal, space becomes `+`, every other byte of the UTF-8 encoding
//!   becomes `%XX` with upper-case hex. This differs from strict RFC 3986 (`~` unreserved,
//!   `*` and space percent-encoded) only for those three characters; we follow the Java.
//! * **Query sorting.** Parameters are sorted by their *decoded* name with Java's
//!   `String.compareTo` (UTF-16 code units), then encoded; without parameters there is no `?`.
//! * **Which headers count as OCP headers.** The Java includes every header whose lower-cased
//!   name starts with `x-ocp` (no dash), but only when at least one header name starts with
//!   `x-ocp-`; otherwise the part is empty. We copy that quirk verbatim.
//!
//! # Decisions the page leaves open
//!
//! * **Header names** are lower-cased: `reqwest`/`hyper` put lower-case names on the wire, so
//!   that is what a server sees and re-signs. Lines are `name:value`, sorted by name.
//! * **Repeated headers / repeated query keys** are merged into one entry whose value is the
//!   values in order of appearance joined by `,`. The Java formats header values with
//!   `String.join(",", e.getValue())`, a leftover of the server's multi-valued header map, so the
//!   server evidently joins repeated values with a comma; we apply the same rule to repeated query
//!   keys (the joined value is then URL-encoded, so the comma becomes `%2C`). Values are *not*
//!   re-sorted. Our project notes (`ocp-api-facts.md` §3) describe `a=1,2,3` with sorted values and
//!   RFC 3986 escaping instead; no public source backs that, and the reproducible Java does not.
//! * **Header values** are trimmed of surrounding spaces/tabs, as every HTTP parser does before
//!   the server can see them.
//! * **Empty body**: the prose says "no valid payload → empty string"; a server cannot tell an
//!   absent body from an empty one, so an empty body signs as `""` too.
//! * **No `Content-MD5` header is sent.** The page only requires `Authorization` and `Date`; the
//!   MD5 is a part of the string to sign that the server recomputes from the body.
//! * **Date**: the page says the request time comes from `Date` or `x-ocp-date`. We sign the
//!   `Date` header; if it is missing we set it from `x-ocp-date`, or else from the clock.

use std::fmt;
use std::time::SystemTime;

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use md5::{Digest, Md5};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, DATE, HOST, HeaderName, HeaderValue};
use sha1::Sha1;

/// Scheme prefix of the `Authorization` header value; the algorithm name must be upper-case.
pub const AUTHORIZATION_PREFIX: &str = "OCP-ACCESS-KEY-HMACSHA1";

/// Everything the signature covers, as plain borrowed data (no HTTP library types).
#[derive(Debug, Clone, Copy)]
pub struct SigningInput<'a> {
    /// HTTP method exactly as sent, e.g. `GET`.
    pub method: &'a str,
    /// Value of the `Content-Type` header, if any.
    pub content_type: Option<&'a str>,
    /// Request body; `None` or empty means "no payload" (MD5 part is empty).
    pub body: Option<&'a [u8]>,
    /// RFC 1123 request time, exactly as sent in the `Date` header.
    pub date: &'a str,
    /// `host` or `host:port`, as sent in the `Host` header (the port only when non-default).
    pub host: &'a str,
    /// URL path as sent, e.g. `/api/v2/monitor/top`.
    pub path: &'a str,
    /// Decoded query parameters in order of appearance; repeated keys allowed.
    pub query: &'a [(String, String)],
    /// Request headers; only those whose name starts with `x-ocp` are used (see module docs),
    /// so passing every header is fine.
    pub ocp_headers: &'a [(String, String)],
}

/// Builds the newline-separated string to sign.
pub fn string_to_sign(input: &SigningInput<'_>) -> String {
    let md5 = match input.body {
        Some(body) if !body.is_empty() => content_md5(body),
        _ => String::new(),
    };
    [
        input.method,
        &md5,
        input.content_type.unwrap_or(""),
        input.date,
        input.host,
        &canonical_ocp_headers(input.ocp_headers),
        &canonical_path_and_query(input.path, input.query),
    ]
    .join("\n")
}

/// `Base64(HMAC-SHA1(secret, string_to_sign(input)))`.
pub fn signature(secret: &str, input: &SigningInput<'_>) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret.as_bytes())
        .expect("HMAC is defined for keys of any length");
    mac.update(string_to_sign(input).as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The full `Authorization` header value: `OCP-ACCESS-KEY-HMACSHA1 {AK}:{Signature}`.
pub fn authorization_header(access_key_id: &str, secret: &str, input: &SigningInput<'_>) -> String {
    format!(
        "{AUTHORIZATION_PREFIX} {access_key_id}:{}",
        signature(secret, input)
    )
}

/// MD5 of `body` as 32 upper-case hex digits (the Java sample's format).
pub fn content_md5(body: &[u8]) -> String {
    Md5::digest(body)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

/// Formats a time as an RFC 1123 GMT date, e.g. `Mon, 15 Apr 2024 09:25:02 GMT`.
pub fn http_date(time: SystemTime) -> String {
    httpdate::fmt_http_date(time)
}

/// The OCP-Headers part: lower-cased `name:value` lines sorted by name, joined by `\n`.
///
/// Non-`x-ocp` headers are ignored; repeated names are merged with `,` in order of appearance.
pub fn canonical_ocp_headers(headers: &[(String, String)]) -> String {
    let lowered: Vec<(String, &str)> = headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.trim_matches([' ', '\t'])))
        .collect();
    // The Java sample's gate tests `x-ocp-` while its filter tests `x-ocp`; keep both.
    if !lowered.iter().any(|(name, _)| name.starts_with("x-ocp-")) {
        return String::new();
    }
    let selected = lowered
        .into_iter()
        .filter(|(name, _)| name.starts_with("x-ocp"));
    merge_sorted(selected)
        .into_iter()
        .map(|(name, value)| format!("{name}:{value}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The PathAndQueryParams part: `path` alone, or `path?k=v&…` with decoded keys sorted,
/// repeated keys merged with `,`, and keys and values encoded like Java's `URLEncoder`.
pub fn canonical_path_and_query(path: &str, query: &[(String, String)]) -> String {
    if query.is_empty() {
        return path.to_owned();
    }
    let pairs = merge_sorted(query.iter().map(|(k, v)| (k.clone(), v.as_str())))
        .into_iter()
        .map(|(k, v)| format!("{}={}", url_encode(&k), url_encode(&v)))
        .collect::<Vec<_>>()
        .join("&");
    format!("{path}?{pairs}")
}

/// Merges repeated keys (values joined by `,` in order of appearance) and sorts by key the way
/// Java's `String.compareTo` does, i.e. by UTF-16 code units.
fn merge_sorted<'v>(entries: impl Iterator<Item = (String, &'v str)>) -> Vec<(String, String)> {
    let mut merged: Vec<(String, String)> = Vec::new();
    for (key, value) in entries {
        match merged.iter_mut().find(|(k, _)| *k == key) {
            Some((_, existing)) => {
                existing.push(',');
                existing.push_str(value);
            }
            None => merged.push((key, value.to_owned())),
        }
    }
    merged.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
    merged
}

/// Bytes `java.net.URLEncoder` escapes: everything except `A-Z a-z 0-9 . - * _`.
const JAVA_URL_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'.')
    .remove(b'-')
    .remove(b'*')
    .remove(b'_');

/// Encodes like `java.net.URLEncoder.encode(s, "UTF-8")` (space → `+`, `%XX` upper-case).
pub fn url_encode(s: &str) -> String {
    // `%` itself is escaped to `%25`, so any `%20` in the output can only come from a space.
    utf8_percent_encode(s, JAVA_URL_ENCODE)
        .to_string()
        .replace("%20", "+")
}

/// Splits a raw query string into decoded `(key, value)` pairs, the way a servlet container
/// does: `+` is a space, `%XX` is a byte, a key without `=` has an empty value, and empty
/// segments are skipped. Invalid UTF-8 is replaced by U+FFFD.
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    raw.split('&')
        .filter(|segment| !segment.is_empty())
        .map(|segment| match segment.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(segment), String::new()),
        })
        .collect()
}

/// A secret string whose `Debug` prints `***`; it has no `Display` so it cannot be formatted by
/// accident.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret itself; the name makes every use visible in review.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for SecretString {
    fn from(secret: String) -> Self {
        Self(secret)
    }
}

impl From<&str> for SecretString {
    fn from(secret: &str) -> Self {
        Self(secret.to_owned())
    }
}

/// An OCP AccessKey pair (AK id and SK secret); `Debug` shows the id and `***` for the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessKey {
    id: String,
    secret: SecretString,
}

impl AccessKey {
    /// Creates a key pair from the AccessKey ID and AccessKey Secret shown by OCP.
    pub fn new(id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            secret: SecretString::new(secret),
        }
    }

    /// The AccessKey ID (not secret; it is sent in every `Authorization` header).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The AccessKey Secret.
    pub fn secret(&self) -> &SecretString {
        &self.secret
    }

    /// `Authorization` header value for `input` signed with this key.
    pub fn authorization_header(&self, input: &SigningInput<'_>) -> String {
        authorization_header(&self.id, self.secret.expose_secret(), input)
    }

    /// Signs `req` in place; see [`sign_request`].
    pub fn sign(&self, req: &mut reqwest::Request) -> Result<(), SigningError> {
        sign_request(req, self)
    }
}

impl fmt::Debug for AccessKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessKey")
            .field("id", &self.id)
            .field("secret", &self.secret)
            .finish()
    }
}

/// Why a request could not be signed. Messages never contain the secret or the signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigningError {
    /// The body is a stream, so it cannot be hashed without consuming it.
    #[error(
        "cannot sign a request with a streaming body: OCP signing hashes the whole body, so it must be in memory"
    )]
    StreamingBody,
    /// The URL has no host to sign (e.g. a `file:` URL).
    #[error("cannot sign a request whose URL has no host")]
    MissingHost,
    /// A header that takes part in the signature is not visible ASCII.
    #[error("cannot sign header `{name}`: its value is not visible ASCII")]
    InvalidHeaderValue {
        /// Name of the offending header.
        name: String,
    },
    /// The AccessKey ID contains characters that cannot appear in an HTTP header.
    #[error("the AccessKey ID contains characters not allowed in an HTTP header")]
    InvalidAccessKeyId,
}

/// Signs a `reqwest::Request` in place with the current time; see [`sign_request_at`].
pub fn sign_request(req: &mut reqwest::Request, key: &AccessKey) -> Result<(), SigningError> {
    sign_request_at(req, key, SystemTime::now())
}

/// Signs a `reqwest::Request` in place.
///
/// Sets `Date` (from `x-ocp-date`, else `now`) when it is absent, then sets `Authorization`
/// (marked sensitive so it is redacted from `Debug` output). No `Content-MD5` header is added:
/// the doc does not ask for one. Call it last, after every header and the body are final.
pub fn sign_request_at(
    req: &mut reqwest::Request,
    key: &AccessKey,
    now: SystemTime,
) -> Result<(), SigningError> {
    let x_ocp_date = HeaderName::from_static("x-ocp-date");
    if !req.headers().contains_key(DATE) {
        let date = match req.headers().get(&x_ocp_date) {
            Some(value) => value.clone(),
            None => HeaderValue::from_str(&http_date(now))
                .expect("an RFC 1123 date is a valid header value"),
        };
        req.headers_mut().insert(DATE, date);
    }

    let body = match req.body() {
        None => None,
        Some(body) => Some(body.as_bytes().ok_or(SigningError::StreamingBody)?),
    };
    let headers = req.headers();
    let header_str = |name: &HeaderName| -> Result<Option<&str>, SigningError> {
        headers
            .get(name)
            .map(|v| {
                v.to_str().map_err(|_| SigningError::InvalidHeaderValue {
                    name: name.to_string(),
                })
            })
            .transpose()
    };
    let date = header_str(&DATE)?.unwrap_or_default();
    let content_type = header_str(&CONTENT_TYPE)?;
    let host = match header_str(&HOST)? {
        // An explicit Host header is what goes on the wire, so it is what the server signs.
        Some(host) => host.to_owned(),
        None => {
            let url = req.url();
            let host = url.host_str().ok_or(SigningError::MissingHost)?;
            // `Url::port` is `None` for the scheme's default port, exactly when hyper omits the
            // port from the Host header it generates.
            match url.port() {
                Some(port) => format!("{host}:{port}"),
                None => host.to_owned(),
            }
        }
    };
    let ocp_headers = headers
        .iter()
        .filter(|(name, _)| name.as_str().starts_with("x-ocp"))
        .map(|(name, value)| {
            let value = value
                .to_str()
                .map_err(|_| SigningError::InvalidHeaderValue {
                    name: name.to_string(),
                })?;
            Ok((name.as_str().to_owned(), value.to_owned()))
        })
        .collect::<Result<Vec<_>, SigningError>>()?;
    let query = parse_query(req.url().query().unwrap_or(""));

    let input = SigningInput {
        method: req.method().as_str(),
        content_type,
        body,
        date,
        host: &host,
        path: req.url().path(),
        query: &query,
        ocp_headers: &ocp_headers,
    };
    let mut authorization = HeaderValue::from_str(&key.authorization_header(&input))
        .map_err(|_| SigningError::InvalidAccessKeyId)?;
    authorization.set_sensitive(true);
    req.headers_mut().insert(AUTHORIZATION, authorization);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::{Method, Url};

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    const DOC_AK: &str = "gDCcIqbkJJINjXBn";
    const DOC_SK: &str = "d75332c5eed8d440a84a35ac6248d397";
    const DOC_DATE: &str = "Mon, 15 Apr 2024 09:25:02 GMT";
    const DOC_SIGNATURE: &str = "To11kg1EsB/dPWyDnnpuUzIUoQk=";

    /// The query of the Java sample, in the order of the curl URL (Java's HashMap has none).
    fn doc_query() -> Vec<(String, String)> {
        pairs(&[
            ("metrics", "host_disk_total"),
            ("labels", "svr_ip:127.0.0.1"),
            ("groupBy", "app,svr_ip,device,mount_point"),
            ("startTime", "2024-04-15T14:29:55+08:00"),
            ("endTime", "2024-04-15T14:30:55+08:00"),
            ("maxPoints", "360"),
        ])
    }

    #[test]
    fn doc_complete_example_reproduces_printed_signature() {
        let query = doc_query();
        let headers = pairs(&[
            ("x-ocp-origin", "for-test"),
            ("Content-Type", "application/json"),
        ]);
        let input = SigningInput {
            method: "GET",
            content_type: Some("application/json"),
            body: None,
            date: DOC_DATE,
            host: "127.0.0.1:8080",
            path: "/api/v2/monitor/top",
            query: &query,
            ocp_headers: &headers,
        };
        // The doc's printed string to sign, with its redacted `xxx.xxx.xxx.xxx` replaced by the
        // `127.0.0.1` that the Java sample (which asserts the signature) actually signs.
        let expected = "GET\n\
            \n\
            application/json\n\
            Mon, 15 Apr 2024 09:25:02 GMT\n\
            127.0.0.1:8080\n\
            x-ocp-origin:for-test\n\
            /api/v2/monitor/top?endTime=2024-04-15T14%3A30%3A55%2B08%3A00\
            &groupBy=app%2Csvr_ip%2Cdevice%2Cmount_point&labels=svr_ip%3A127.0.0.1\
            &maxPoints=360&metrics=host_disk_total&startTime=2024-04-15T14%3A29%3A55%2B08%3A00";
        assert_eq!(string_to_sign(&input), expected);
        assert_eq!(signature(DOC_SK, &input), DOC_SIGNATURE);
        assert_eq!(
            authorization_header(DOC_AK, DOC_SK, &input),
            "OCP-ACCESS-KEY-HMACSHA1 gDCcIqbkJJINjXBn:To11kg1EsB/dPWyDnnpuUzIUoQk="
        );
    }

    #[test]
    fn doc_printed_placeholder_string_does_not_reproduce_signature() {
        // Documents why the Java inputs win: the prose's redacted string signs differently.
        let query = pairs(&[
            ("metrics", "host_disk_total"),
            ("labels", "svr_ip:xxx.xxx.xxx.xxx"),
            ("groupBy", "app,svr_ip,device,mount_point"),
            ("startTime", "2024-04-15T14:29:55+08:00"),
            ("endTime", "2024-04-15T14:30:55+08:00"),
            ("maxPoints", "360"),
        ]);
        let headers = pairs(&[("x-ocp-origin", "for-test")]);
        let input = SigningInput {
            method: "GET",
            content_type: Some("application/json"),
            body: None,
            date: DOC_DATE,
            host: "xxx.xxx.xxx.xxx:8080",
            path: "/api/v2/monitor/top",
            query: &query,
            ocp_headers: &headers,
        };
        assert!(string_to_sign(&input).ends_with(
            "/api/v2/monitor/top?endTime=2024-04-15T14%3A30%3A55%2B08%3A00\
             &groupBy=app%2Csvr_ip%2Cdevice%2Cmount_point&labels=svr_ip%3Axxx.xxx.xxx.xxx\
             &maxPoints=360&metrics=host_disk_total&startTime=2024-04-15T14%3A29%3A55%2B08%3A00"
        ));
        assert_eq!(signature(DOC_SK, &input), "7w9XBjBvMcvyRDv3Zq6HPR2N2BM=");
    }

    #[test]
    fn post_with_json_body() {
        let body = br#"{"backupMode":"PHYSICAL_BACKUP","dataBackupMode":"FULL_BACKUP"}"#;
        // printf '%s' BODY | md5sum | tr a-f A-F
        assert_eq!(content_md5(body), "D38BACCC94797386C83CF3999C9D1797");
        let headers = pairs(&[("x-ocp-origin", "for-test")]);
        let input = SigningInput {
            method: "POST",
            content_type: Some("application/json"),
            body: Some(body),
            date: "Tue, 17 Jan 2023 03:36:01 GMT",
            host: "ocp.example.com:8080",
            path: "/api/v2/ob/clusters/1000005/tenants/1000012/backup/backupNow",
            query: &[],
            ocp_headers: &headers,
        };
        let sts = string_to_sign(&input);
        let lines: Vec<&str> = sts.split('\n').collect();
        assert_eq!(
            lines,
            [
                "POST",
                "D38BACCC94797386C83CF3999C9D1797",
                "application/json",
                "Tue, 17 Jan 2023 03:36:01 GMT",
                "ocp.example.com:8080",
                "x-ocp-origin:for-test",
                "/api/v2/ob/clusters/1000005/tenants/1000012/backup/backupNow",
            ]
        );
        // Independently computed with Python's hmac/hashlib/base64 over the lines above.
        assert_eq!(signature(DOC_SK, &input), "eZi1Cuy6U60fMfm/YCoFVlD0H6k=");
    }

    #[test]
    fn content_md5_is_uppercase_and_zero_padded() {
        assert_eq!(content_md5(b""), "D41D8CD98F00B204E9800998ECF8427E");
        // MD5("27") starts with a zero nibble, which Java's BigInteger drops; the sample re-pads.
        assert_eq!(content_md5(b"27"), "02E74F10E0327AD868D138F2B4FDD6F0");
    }

    #[test]
    fn empty_parts_keep_their_newlines() {
        let input = SigningInput {
            method: "DELETE",
            content_type: None,
            body: Some(b""),
            date: "Tue, 17 Jan 2023 03:36:01 GMT",
            host: "ocp.example.com",
            path: "/api/v2/x",
            query: &[],
            ocp_headers: &[],
        };
        assert_eq!(
            string_to_sign(&input),
            "DELETE\n\n\nTue, 17 Jan 2023 03:36:01 GMT\nocp.example.com\n\n/api/v2/x"
        );
    }

    #[test]
    fn ocp_headers_are_lowercased_sorted_and_merged() {
        let headers = pairs(&[
            ("X-OCP-Trace", "b"),
            ("Accept", "*/*"),
            ("x-ocp-origin", " for-test\t"),
            ("Content-Type", "application/json"),
            ("X-Ocp-Request-Id", "42"),
            ("x-ocp-trace", "a"),
        ]);
        assert_eq!(
            canonical_ocp_headers(&headers),
            "x-ocp-origin:for-test\nx-ocp-request-id:42\nx-ocp-trace:b,a"
        );
    }

    #[test]
    fn ocp_header_selection_follows_java_quirks() {
        assert_eq!(canonical_ocp_headers(&[]), "");
        assert_eq!(canonical_ocp_headers(&pairs(&[("Accept", "*/*")])), "");
        // Only `x-ocp-` opens the gate ...
        assert_eq!(canonical_ocp_headers(&pairs(&[("x-ocpz", "1")])), "");
        // ... but once open, the filter is `x-ocp` without the dash.
        assert_eq!(
            canonical_ocp_headers(&pairs(&[("x-ocpz", "1"), ("x-ocp-a", "2")])),
            "x-ocp-a:2\nx-ocpz:1"
        );
    }

    #[test]
    fn query_is_sorted_merged_and_encoded() {
        let query = pairs(&[
            ("status", "RUNNING"),
            ("metrics", "host_disk_total"),
            ("a b", "x y*~é"),
            ("labels", "svr_ip:1.2.3.4"),
            ("status", "FAILED"),
            ("Z", "1"),
            ("empty", ""),
            ("p", "100%+&=/?"),
        ]);
        assert_eq!(
            canonical_path_and_query("/api/v2/t", &query),
            "/api/v2/t?Z=1&a+b=x+y*%7E%C3%A9&empty=&labels=svr_ip%3A1.2.3.4\
             &metrics=host_disk_total&p=100%25%2B%26%3D%2F%3F&status=RUNNING%2CFAILED"
        );
        assert_eq!(canonical_path_and_query("/api/v2/t", &[]), "/api/v2/t");
    }

    #[test]
    fn query_keys_sort_by_utf16_like_java() {
        // U+1F600 is a surrogate pair (0xD83D..) in UTF-16, so Java puts it before U+FF21,
        // although its UTF-8 bytes (0xF0..) sort after U+FF21's (0xEF..).
        let query = pairs(&[("\u{FF21}", "2"), ("\u{1F600}", "1")]);
        assert_eq!(
            canonical_path_and_query("/p", &query),
            "/p?%F0%9F%98%80=1&%EF%BC%A1=2"
        );
    }

    #[test]
    fn parse_query_decodes_like_a_servlet() {
        assert_eq!(
            parse_query("b=2&a=1&&a=3&c&d=x%2By+z&e=%C3%A9"),
            pairs(&[
                ("b", "2"),
                ("a", "1"),
                ("a", "3"),
                ("c", ""),
                ("d", "x+y z"),
                ("e", "é")
            ])
        );
        assert!(parse_query("").is_empty());
    }

    #[test]
    fn url_encode_matches_java_url_encoder() {
        assert_eq!(url_encode("AZaz09.-*_"), "AZaz09.-*_");
        assert_eq!(url_encode("a b~!'()"), "a+b%7E%21%27%28%29");
        assert_eq!(url_encode("%20"), "%2520");
    }

    #[test]
    fn access_key_debug_hides_secret() {
        let key = AccessKey::new(DOC_AK, DOC_SK);
        let debug = format!("{key:?}");
        assert_eq!(
            debug,
            r#"AccessKey { id: "gDCcIqbkJJINjXBn", secret: *** }"#
        );
        assert!(!format!("{key:#?}").contains(DOC_SK));
        assert_eq!(format!("{:?}", key.secret()), "***");
        assert_eq!(key.secret().expose_secret(), DOC_SK);
    }

    #[test]
    fn http_date_is_rfc1123_gmt() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_713_173_102);
        assert_eq!(http_date(t), DOC_DATE);
    }

    #[test]
    fn sign_reqwest_request_reproduces_doc_signature() {
        let mut req = crate::tls::client()
            .get("http://127.0.0.1:8080/api/v2/monitor/top")
            .query(&doc_query())
            .header("x-ocp-origin", "for-test")
            .header(CONTENT_TYPE, "application/json")
            .header(DATE, DOC_DATE)
            .build()
            .unwrap();
        AccessKey::new(DOC_AK, DOC_SK).sign(&mut req).unwrap();
        let auth = req.headers().get(AUTHORIZATION).unwrap();
        assert!(auth.is_sensitive());
        assert_eq!(
            auth.to_str().unwrap(),
            "OCP-ACCESS-KEY-HMACSHA1 gDCcIqbkJJINjXBn:To11kg1EsB/dPWyDnnpuUzIUoQk="
        );
        assert_eq!(req.headers().get(DATE).unwrap(), DOC_DATE);
        assert!(!req.headers().contains_key("content-md5"));
    }

    #[test]
    fn sign_reqwest_post_sets_date_and_authorization() {
        let body = serde_json::json!({"backupMode": "PHYSICAL_BACKUP"});
        let mut req = crate::tls::client()
            .post("https://ocp.example.com/api/v2/ob/clusters/1/backup/backupNow?b=2&a=x%20y")
            .json(&body)
            .header("X-OCP-Origin", "for-test")
            .build()
            .unwrap();
        let now = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_673_926_561);
        let key = AccessKey::new(DOC_AK, DOC_SK);
        sign_request_at(&mut req, &key, now).unwrap();

        let date = req.headers().get(DATE).unwrap().to_str().unwrap();
        assert_eq!(date, "Tue, 17 Jan 2023 03:36:01 GMT");
        let body_bytes = serde_json::to_vec(&body).unwrap();
        let query = pairs(&[("b", "2"), ("a", "x y")]);
        let headers = pairs(&[("x-ocp-origin", "for-test")]);
        let input = SigningInput {
            method: "POST",
            content_type: Some("application/json"),
            body: Some(&body_bytes),
            date,
            // Default https port: no `:443`, as in the Host header hyper sends.
            host: "ocp.example.com",
            path: "/api/v2/ob/clusters/1/backup/backupNow",
            query: &query,
            ocp_headers: &headers,
        };
        assert!(string_to_sign(&input).ends_with("backupNow?a=x+y&b=2"));
        let auth = req.headers().get(AUTHORIZATION).unwrap();
        assert!(auth.is_sensitive());
        assert_eq!(auth.to_str().unwrap(), key.authorization_header(&input));
        assert!(!req.headers().contains_key("content-md5"));
    }

    #[test]
    fn sign_reqwest_takes_date_from_x_ocp_date_and_host_header() {
        let mut req = reqwest::Request::new(
            Method::GET,
            Url::parse("http://127.0.0.1:8080/api/v2/tasks").unwrap(),
        );
        let h = req.headers_mut();
        h.insert("x-ocp-date", HeaderValue::from_static(DOC_DATE));
        h.insert(HOST, HeaderValue::from_static("ocp.example.com"));
        let key = AccessKey::new(DOC_AK, DOC_SK);
        sign_request(&mut req, &key).unwrap();
        assert_eq!(req.headers().get(DATE).unwrap(), DOC_DATE);
        let headers = pairs(&[("x-ocp-date", DOC_DATE)]);
        let input = SigningInput {
            method: "GET",
            content_type: None,
            body: None,
            date: DOC_DATE,
            host: "ocp.example.com",
            path: "/api/v2/tasks",
            query: &[],
            ocp_headers: &headers,
        };
        assert_eq!(
            req.headers().get(AUTHORIZATION).unwrap(),
            key.authorization_header(&input).as_str()
        );
    }

    #[test]
    fn sign_reqwest_without_date_uses_clock() {
        let mut req = reqwest::Request::new(
            Method::GET,
            Url::parse("http://127.0.0.1:8080/api/v2/tasks").unwrap(),
        );
        AccessKey::new(DOC_AK, DOC_SK).sign(&mut req).unwrap();
        let date = req.headers().get(DATE).unwrap().to_str().unwrap();
        let parsed = httpdate::parse_http_date(date).unwrap();
        let skew = SystemTime::now().duration_since(parsed).unwrap_or_default();
        assert!(skew.as_secs() < 60, "{date}");
    }

    #[test]
    fn sign_errors_do_not_leak_secret() {
        let key = AccessKey::new(DOC_AK, DOC_SK);
        let mut req = reqwest::Request::new(Method::GET, Url::parse("file:///tmp/x").unwrap());
        let err = key.sign(&mut req).unwrap_err();
        assert_eq!(err, SigningError::MissingHost);

        let mut req = reqwest::Request::new(
            Method::GET,
            Url::parse("http://127.0.0.1:8080/api").unwrap(),
        );
        req.headers_mut()
            .insert("x-ocp-note", HeaderValue::from_bytes(b"caf\xe9").unwrap());
        let err = key.sign(&mut req).unwrap_err();
        assert_eq!(
            err,
            SigningError::InvalidHeaderValue {
                name: "x-ocp-note".into()
            }
        );

        let bad_id = AccessKey::new("bad\nid", DOC_SK);
        let mut req = reqwest::Request::new(
            Method::GET,
            Url::parse("http://127.0.0.1:8080/api").unwrap(),
        );
        let err = bad_id.sign(&mut req).unwrap_err();
        assert_eq!(err, SigningError::InvalidAccessKeyId);

        for err in [
            SigningError::StreamingBody,
            SigningError::MissingHost,
            SigningError::InvalidAccessKeyId,
        ] {
            assert!(!err.to_string().contains(DOC_SK));
        }
    }
}
