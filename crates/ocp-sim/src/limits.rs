//! Bounds on what one client can make the simulator hold or wait for. The simulator runs inside
//! the desktop app, so these bound the app's memory and responsiveness too.

use std::time::Duration;

/// Connection, request and bookkeeping limits; the defaults are those of a small Tomcat-based
/// server like OCP's (Tomcat's shipped `connectionTimeout` of 20 s, Spring Boot's 2 MiB
/// `maxSwallowSize`), scaled to a single desktop process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Connections served at once. Further connections wait in the listen backlog until one
    /// closes, as with Tomcat's `maxConnections`. Default 256.
    pub max_connections: usize,
    /// Time a client has to send a complete request head (request line and headers), counted
    /// from the connection's start or the end of the previous answer; for HTTP/1 it is therefore
    /// also how long an idle keep-alive connection stays open, and a connection that never sends
    /// a byte is closed after it too. Default 20 s.
    pub header_read_timeout: Duration,
    /// A connection on which no byte moves in either direction for this long is closed: a body
    /// sent too slowly, a client that stops reading, a connection that never sends its first
    /// byte, HTTP/2. Counted in real time, so injected latency longer than this drops the
    /// connection. Default 60 s.
    pub idle_timeout: Duration,
    /// Time a request body (or the part of a refused one that is read and thrown away) may
    /// take to arrive in full; slower bodies are answered 408 `COM10003`. Default 60 s.
    pub body_read_timeout: Duration,
    /// Largest request head (request line with the query string, and all headers); larger heads
    /// are answered 431 (or 414 for a long request line). Default 64 KiB.
    pub max_header_bytes: usize,
    /// Largest request body; larger bodies are answered 413 `COM10003`. Default 4 MiB.
    pub max_body_bytes: usize,
    /// Body bytes of a refused request (unauthenticated, too large) read and thrown away, never
    /// kept, so that the client can read the answer; beyond this the connection is closed after
    /// the answer. Default 2 MiB (Tomcat's `maxSwallowSize`).
    pub max_discard_bytes: usize,
    /// Paths one `addRestoreSource` request may name (400 `COM10001` beyond). Default 1,000.
    pub restore_sources_per_request: usize,
    /// Paths kept per target cluster by `addRestoreSource` until `clearRestoreSource`; an
    /// addition that would go beyond is refused whole (400 `COM10001`). Default 1,000.
    pub restore_sources_per_cluster: usize,
    /// Longest restore source path, in bytes (400 `COM10001` beyond). Default 1,024.
    pub restore_source_path_bytes: usize,
    /// Requests kept in the request log. Default 10,000.
    pub request_log_entries: usize,
    /// Bytes of path, query and body text the request log keeps in total; the oldest entries go
    /// first. Default 4 MiB.
    pub request_log_bytes: usize,
    /// Bytes of one request's body the log keeps: a body up to this size is kept whole (as JSON
    /// when it parses), a larger one as the text of its first this-many bytes. Default 16 KiB.
    pub request_log_body_bytes: usize,
    /// User names whose failed logins are counted (for `IAM10004`'s "N more times"); the name
    /// not seen for longest is forgotten first. Default 1,024.
    pub failed_login_names: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_connections: 256,
            header_read_timeout: Duration::from_secs(20),
            idle_timeout: Duration::from_secs(60),
            body_read_timeout: Duration::from_secs(60),
            max_header_bytes: 64 * 1024,
            max_body_bytes: 4 * 1024 * 1024,
            max_discard_bytes: 2 * 1024 * 1024,
            restore_sources_per_request: 1_000,
            restore_sources_per_cluster: 1_000,
            restore_source_path_bytes: 1_024,
            request_log_entries: 10_000,
            request_log_bytes: 4 * 1024 * 1024,
            request_log_body_bytes: 16 * 1024,
            failed_login_names: 1_024,
        }
    }
}
