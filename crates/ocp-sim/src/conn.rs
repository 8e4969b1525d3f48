//! Connections: the accept loop with its connection cap, hyper's limits on request heads, an
//! idle timeout, and OCP's error envelope in place of hyper's bare answers to unparsable heads.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::{Context, Poll, ready};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::http::StatusCode;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::envelope::error_body;
use crate::errors::{ApiFailure, Lang};
use crate::server::{Sim, handle};

pub(crate) async fn serve(
    listener: TcpListener,
    sim: Arc<Sim>,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    // Over the cap, connections wait in the kernel's listen backlog (as with Tomcat's
    // maxConnections) instead of costing memory here.
    let permits = Arc::new(Semaphore::new(sim.limits.max_connections.max(1)));
    let mut connections = JoinSet::new();
    loop {
        let next = async {
            let permit = permits.clone().acquire_owned().await;
            (permit, listener.accept().await)
        };
        let (permit, accepted) = tokio::select! {
            next = next => next,
            _ = shutdown.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let Ok(permit) = permit else { break };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of file descriptors and similar: back off instead of spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let (sim, router, stop) = (sim.clone(), router.clone(), shutdown.clone());
        connections.spawn(async move {
            serve_connection(stream, sim, router, stop).await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(3), async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    connections.abort_all();
}

async fn serve_connection(
    stream: TcpStream,
    sim: Arc<Sim>,
    router: Router,
    mut stop: watch::Receiver<bool>,
) {
    let limits = sim.limits.clone();
    let activity = Arc::new(Activity::new());
    let io = Guarded::new(stream, activity.clone(), sim.clone());
    let service = hyper::service::service_fn(move |req| handle(sim.clone(), router.clone(), req));
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        // The read buffer bounds the request head; hyper's minimum is 8 KiB.
        .max_buf_size(limits.max_header_bytes.max(8192));
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(u32::try_from(limits.max_header_bytes).unwrap_or(u32::MAX))
        .max_concurrent_streams(64);
    let conn = builder.serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    // Until its first byte a connection gets the header timeout: hyper's timer only starts once
    // the first bytes have told HTTP/1 from HTTP/2.
    let idle = |a: &Activity| {
        if a.has_read() {
            limits.idle_timeout
        } else {
            limits.header_read_timeout
        }
    };
    loop {
        let idle_at = activity.last() + idle(&activity);
        tokio::select! {
            _ = conn.as_mut() => return,
            _ = tokio::time::sleep_until(idle_at) => {
                // Dropping the connection closes the socket and cancels its request.
                if activity.last() + idle(&activity) <= Instant::now() {
                    return;
                }
            }
            _ = stop.changed() => {
                conn.as_mut().graceful_shutdown();
                let _ = tokio::time::timeout(Duration::from_secs(2), conn).await;
                return;
            }
        }
    }
}

/// When a byte last moved on a connection.
struct Activity {
    base: Instant,
    millis: AtomicU64,
    read: AtomicBool,
}

impl Activity {
    fn new() -> Self {
        Self {
            base: Instant::now(),
            millis: AtomicU64::new(0),
            read: AtomicBool::new(false),
        }
    }

    fn has_read(&self) -> bool {
        self.read.load(Ordering::Relaxed)
    }

    fn touch(&self) {
        let ms = self.base.elapsed().as_millis() as u64;
        self.millis.fetch_max(ms, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.base + Duration::from_millis(self.millis.load(Ordering::Relaxed))
    }
}

/// The socket as hyper sees it: notes activity, and swaps hyper's automatic answer to an
/// unparsable request head (an empty 400, 414 or 431) for the same status with OCP's envelope.
struct Guarded {
    inner: TcpStream,
    activity: Arc<Activity>,
    sim: Arc<Sim>,
    /// Replacement bytes still to write, and how many are written.
    pending: Option<(Vec<u8>, usize)>,
}

impl Guarded {
    fn new(inner: TcpStream, activity: Arc<Activity>, sim: Arc<Sim>) -> Self {
        Self {
            inner,
            activity,
            sim,
            pending: None,
        }
    }

    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, done)) = &mut self.pending {
            if *done == bytes.len() {
                self.pending = None;
                break;
            }
            let n = ready!(Pin::new(&mut self.inner).poll_write(cx, &bytes[*done..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *done += n;
            self.activity.touch();
        }
        Poll::Ready(Ok(()))
    }

    /// `buf` is hyper's own answer to a request head it could not parse: a status line of
    /// 400/414/431 with a head and no `content-type` (every answer of ours has one).
    fn replacement(&self, buf: &[u8]) -> Option<Vec<u8>> {
        let status = automatic_status(buf)?;
        let why = match status {
            StatusCode::URI_TOO_LONG => "the request URI is too long".to_owned(),
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => format!(
                "the request line and headers are larger than {} bytes",
                self.sim.limits.max_header_bytes
            ),
            _ => "the request line or a header is malformed".to_owned(),
        };
        let failure = ApiFailure::new(
            status,
            ocp_api::enums::OcpErrorCode::Com10003,
            vec![why.into()],
        );
        let body = error_body(
            &failure,
            Lang::En,
            &self.sim.next_trace_id(),
            &self.sim.server_id,
            std::time::Instant::now(),
            self.sim.clock.now(),
        );
        let json = serde_json::to_vec(&body).ok()?;
        let mut out = format!(
            "HTTP/1.1 {} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\ndate: {}\r\n\r\n",
            status.as_u16(),
            status.canonical_reason().unwrap_or(""),
            json.len(),
            httpdate::fmt_http_date(SystemTime::now()),
        )
        .into_bytes();
        out.extend_from_slice(&json);
        Some(out)
    }
}

fn automatic_status(buf: &[u8]) -> Option<StatusCode> {
    let rest = buf
        .strip_prefix(b"HTTP/1.1 ")
        .or_else(|| buf.strip_prefix(b"HTTP/1.0 "))?;
    let status = match rest.get(..3)? {
        b"400" => StatusCode::BAD_REQUEST,
        b"414" => StatusCode::URI_TOO_LONG,
        b"431" => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
        _ => return None,
    };
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    // Nothing after the head: the automatic answer has no body.
    if end + 4 != buf.len() {
        return None;
    }
    let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
    (!head.contains("\r\ncontent-type:")).then_some(status)
}

impl AsyncRead for Guarded {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let result = Pin::new(&mut this.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.activity.read.store(true, Ordering::Relaxed);
            this.activity.touch();
        }
        result
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        if let Some(bytes) = this.replacement(buf) {
            this.pending = Some((bytes, 0));
            // Best effort now; flush and shutdown finish it.
            let _ = this.poll_pending(cx);
            return Poll::Ready(Ok(buf.len()));
        }
        let n = ready!(Pin::new(&mut this.inner).poll_write(cx, buf))?;
        if n > 0 {
            this.activity.touch();
        }
        Poll::Ready(Ok(n))
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        let mut non_empty = bufs.iter().filter(|b| !b.is_empty());
        if let (Some(first), None) = (non_empty.next(), non_empty.next())
            && let Some(bytes) = this.replacement(first)
        {
            let len = first.len();
            this.pending = Some((bytes, 0));
            let _ = this.poll_pending(cx);
            return Poll::Ready(Ok(len));
        }
        let n = ready!(Pin::new(&mut this.inner).poll_write_vectored(cx, bufs))?;
        if n > 0 {
            this.activity.touch();
        }
        Poll::Ready(Ok(n))
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hyper_s_empty_answers_are_replaced() {
        let canned = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: Thu, 01 Jan 2026 00:00:00 GMT\r\n\r\n";
        assert_eq!(
            automatic_status(canned),
            Some(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE)
        );
        let ours = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(automatic_status(ours), None);
        let head_only = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n";
        assert_eq!(automatic_status(head_only), None);
        assert_eq!(automatic_status(b"HTTP/1.1 200 OK\r\n\r\n"), None);
        assert_eq!(automatic_status(b"{\"data\":1}"), None);
    }
}
