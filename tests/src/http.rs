//! Requests as raw HTTP, for what the typed client cannot send, and the checks of OCP's error
//! envelope that go with them; a server that gives the broken answers the simulator cannot.

use ocp_api::types;
use ocp_sim::{
    DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, DEFAULT_VIEWER_PASSWORD, DEFAULT_VIEWER_USER,
    SimHandle,
};
use reqwest::header::HeaderMap;
use serde_json::Value;

/// The seeded users, as (user, password) for HTTP Basic.
pub const ADMIN: (&str, &str) = (DEFAULT_ADMIN_USER, DEFAULT_ADMIN_PASSWORD);
pub const VIEWER: (&str, &str) = (DEFAULT_VIEWER_USER, DEFAULT_VIEWER_PASSWORD);

/// Sends `method path` to the simulator as `user`, with `body` as JSON text if given; returns
/// the status, the headers and the answer, which must be JSON.
pub async fn raw(
    sim: &SimHandle,
    method: &str,
    path: &str,
    body: Option<&str>,
    user: (&str, &str),
) -> (u16, HeaderMap, Value) {
    let mut req = ocp_api::tls::client()
        .request(method.parse().unwrap(), format!("{}{path}", sim.base_url()))
        .basic_auth(user.0, Some(user.1));
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_owned());
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (status, headers, value)
}

/// The answer `text` is OCP's error envelope with HTTP status `want`, served as JSON, with a
/// message, a trace ID and the server; returns it parsed.
pub fn assert_envelope(
    what: &str,
    status: u16,
    content_type: Option<&str>,
    text: &[u8],
    want: u16,
) -> types::ErrorResponse {
    assert_eq!(status, want, "{what}: {}", String::from_utf8_lossy(text));
    assert_eq!(content_type, Some("application/json"), "{what}");
    let body: types::ErrorResponse =
        serde_json::from_slice(text).unwrap_or_else(|e| panic!("{what}: not OCP's envelope ({e})"));
    assert!(!body.successful, "{what}");
    assert_eq!(body.status, i32::from(want), "{what}");
    assert!(body.error.message.is_some(), "{what}");
    assert!(body.trace_id.is_some() && body.server.is_some(), "{what}");
    body
}

/// A [`raw`] answer is OCP's refusal `want_code` with status `want_status`: the envelope, a
/// 16-hex-digit trace ID, a timestamp, and a message naming `field`.
pub fn assert_refusal(
    status: u16,
    headers: &HeaderMap,
    body: &Value,
    want_status: u16,
    want_code: &str,
    field: &str,
) {
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok());
    let parsed = assert_envelope(
        want_code,
        status,
        content_type,
        body.to_string().as_bytes(),
        want_status,
    );
    assert_eq!(body["error"]["code"], want_code, "{body}");
    let trace = parsed.trace_id.unwrap();
    assert!(
        trace.len() == 16 && trace.chars().all(|c| c.is_ascii_hexdigit()),
        "{trace}"
    );
    assert!(parsed.timestamp.is_some());
    let message = parsed.error.message.unwrap();
    assert!(
        message.contains(field),
        "message {message:?} should name {field}"
    );
}

/// A one-connection-at-a-time HTTP/1.1 server answering every request with `status` and
/// `body` as they are (a broken answer the simulator cannot give). Runs until the runtime ends.
pub async fn canned_server(status: u16, body: &'static str) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let mut buf = [0u8; 4096];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let answer = format!(
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(answer.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    url
}
