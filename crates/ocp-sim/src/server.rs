//! The per-request pipeline around the router: request log, fault injection, authentication
//! before the body, error rendering. Connections are accepted and bounded in `conn`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Method, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Limited};
use hyper::body::Body as _;
use hyper::body::Incoming;
use parking_lot::{RwLock, RwLockReadGuard};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

use crate::auth::{Auth, Stage};
use crate::clock::{SimClock, cst};
use crate::envelope::{Ctx, PendingFailure, error_body, json_response};
use crate::errors::{ApiFailure, Lang};
use crate::faults::{FaultState, mangle};
use crate::world::{RequestLog, RequestRecord, World};
use crate::{Limits, SimConfig, SimHandle, StartTime, rng};

pub(crate) struct Sim {
    pub clock: Arc<SimClock>,
    pub world: RwLock<World>,
    pub faults: FaultState,
    pub auth: Auth,
    pub limits: Limits,
    pub seed: u64,
    pub server_id: String,
    requests: AtomicU64,
}

impl Sim {
    pub(crate) fn new(config: &SimConfig) -> Sim {
        let start = match &config.start {
            StartTime::Now => chrono::Utc::now().with_timezone(&cst()),
            StartTime::Fixed(t) => *t,
        };
        let clock = Arc::new(SimClock::new(start, config.speed));
        let names: Vec<String> = config.users.iter().map(|u| u.name.clone()).collect();
        let world = match config.fleet {
            Some(fleet) => World::fleet(clock.clone(), config.seed, &names, fleet),
            None => World::seeded(clock.clone(), config.seed, &names),
        };
        *world.request_log.lock() = RequestLog::new(
            config.limits.request_log_entries,
            config.limits.request_log_bytes,
        );
        Sim {
            clock,
            world: RwLock::new(world),
            faults: FaultState::new(config.faults.clone(), config.seed),
            auth: Auth::new(
                config.users.clone(),
                config.access_keys.clone(),
                config.limits.failed_login_names,
            ),
            limits: config.limits.clone(),
            seed: config.seed,
            server_id: format!(
                "{:010x}",
                rng::hash(&[config.seed, 0x5e7e7]) & 0xff_ffff_ffff
            ),
            requests: AtomicU64::new(0),
        }
    }

    /// A new trace ID, unique per request of this server and reproducible from the seed.
    pub(crate) fn next_trace_id(&self) -> String {
        let n = self.requests.fetch_add(1, Ordering::Relaxed);
        format!("{:016x}", rng::hash(&[self.seed, n, 0x7ace]))
    }

    /// The world for reading, after materialising scheduled backups that became due.
    pub(crate) fn read_world(&self) -> RwLockReadGuard<'_, World> {
        let now = self.clock.now();
        {
            let world = self.world.read();
            if world.next_due.is_none_or(|due| due > now) {
                return world;
            }
        }
        self.world.write().tick(now);
        self.world.read()
    }

    /// The world for writing, with scheduled backups materialised up to now.
    pub(crate) fn write_world(&self) -> parking_lot::RwLockWriteGuard<'_, World> {
        let now = self.clock.now();
        let mut world = self.world.write();
        if world.next_due.is_some_and(|due| due <= now) {
            world.tick(now);
        }
        world
    }
}

pub(crate) async fn spawn(config: SimConfig) -> std::io::Result<SimHandle> {
    let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], config.port))).await?;
    let addr = listener.local_addr()?;
    let sim = Arc::new(Sim::new(&config));
    let router = crate::routes::router(sim.clone());
    let (shutdown, shutdown_rx) = watch::channel(false);
    let task = tokio::spawn(crate::conn::serve(
        listener,
        sim.clone(),
        router,
        shutdown_rx,
    ));
    Ok(SimHandle {
        base_url: format!("http://{addr}"),
        sim,
        shutdown,
        task: Some(task),
    })
}

/// Returned to hyper to close a connection without answering (fault injection).
#[derive(Debug)]
pub(crate) struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

struct Finish<'a> {
    sim: &'a Sim,
    lang: Lang,
    trace_id: &'a str,
    started: Instant,
}

impl Finish<'_> {
    fn failure(&self, failure: &ApiFailure) -> Response<Body> {
        let body = error_body(
            failure,
            self.lang,
            self.trace_id,
            &self.sim.server_id,
            self.started,
            self.sim.clock.now(),
        );
        json_response(failure.status, &body)
    }
}

/// Serves one request: faults, then authentication from the head alone, and only then the
/// body, so an unauthenticated client can make the server hold neither its body nor a log of it.
pub(crate) async fn handle(
    sim: Arc<Sim>,
    router: Router,
    req: Request<Incoming>,
) -> Result<Response<Body>, Dropped> {
    let started = Instant::now();
    let trace_id = sim.next_trace_id();
    let lang = Lang::from_header(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let (parts, body) = req.into_parts();
    let finish = Finish {
        sim: &sim,
        lang,
        trace_id: &trace_id,
        started,
    };
    let at = sim.clock.now();
    let mut record = RequestRecord {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        body: None,
        body_text: None,
        body_len: 0,
        user: None,
        status: 0,
        at,
    };

    let plan = sim.faults.plan(&record.path);
    let response = pipeline(
        &sim,
        &router,
        &finish,
        &plan,
        parts,
        body,
        &mut record,
        trace_id.clone(),
    )
    .await;
    let mut response = match response {
        Some(r) => r,
        None => {
            record.status = 0;
            sim.world.read().record_request(record);
            return Err(Dropped);
        }
    };
    record.status = response.status().as_u16();
    sim.world.read().record_request(record);

    crate::faults::rate_limit_headers(&plan, response.headers_mut());
    if let Some(how) = plan.mangle {
        let (parts, body) = response.into_parts();
        let bytes = body
            .collect()
            .await
            .map(|c| c.to_bytes())
            .unwrap_or_default();
        let mut mangled = Response::from_parts(parts, Body::from(mangle(&bytes, how)));
        mangled.headers_mut().remove(header::CONTENT_LENGTH);
        response = mangled;
    }
    Ok(response)
}

/// Faults, authentication and routing; `None` drops the connection.
#[allow(clippy::too_many_arguments)]
async fn pipeline(
    sim: &Arc<Sim>,
    router: &Router,
    finish: &Finish<'_>,
    plan: &crate::faults::Plan,
    parts: axum::http::request::Parts,
    body: Incoming,
    record: &mut RequestRecord,
    trace_id: String,
) -> Option<Response<Body>> {
    let limits = &sim.limits;
    if plan.rate_limit.is_some_and(|r| r.exceeded) {
        return Some(refuse(finish, &ApiFailure::throttled(), body, limits));
    }
    if plan.drop {
        return None;
    }
    if !plan.latency.is_zero() {
        tokio::time::sleep(plan.latency).await;
    }
    if let Some(status) = plan.server_error {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return Some(refuse(
            finish,
            &ApiFailure::server_fault(status),
            body,
            limits,
        ));
    }
    let stage = match sim.auth.check_headers(&parts, SystemTime::now()) {
        Ok(stage) => stage,
        Err(failure) => return Some(refuse(finish, &failure, body, limits)),
    };
    let writes = !matches!(parts.method, Method::GET | Method::HEAD);
    if let Stage::Authenticated(p) = &stage
        && p.read_only
        && writes
    {
        record.user = Some(p.name.clone());
        return Some(refuse(finish, &ApiFailure::forbidden(), body, limits));
    }
    let bytes = match read_body(body, limits).await {
        Ok(bytes) => bytes,
        Err(failure) => return Some(close_after(finish.failure(&failure))),
    };
    let principal = match sim.auth.check_body(stage, &parts, &bytes) {
        Ok(p) => p,
        Err(failure) => return Some(finish.failure(&failure)),
    };
    record.user = Some(principal.name.clone());
    keep_body(record, &bytes, limits.request_log_body_bytes);
    if principal.read_only && writes {
        return Some(finish.failure(&ApiFailure::forbidden()));
    }
    let mut req = Request::from_parts(parts, Body::from(bytes));
    req.extensions_mut().insert(Ctx {
        sim: sim.clone(),
        lang: finish.lang,
        trace_id,
        started: finish.started,
        user: principal.name,
    });
    let response = match router.clone().oneshot(req).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    Some(render(response, finish).await)
}

/// What the request log keeps of an authenticated request's body: the whole body when small
/// (as JSON when it parses), else the text of its first `max` bytes.
fn keep_body(record: &mut RequestRecord, bytes: &[u8], max: usize) {
    record.body_len = bytes.len();
    if bytes.is_empty() {
        return;
    }
    if bytes.len() <= max
        && let Ok(v) = serde_json::from_slice::<serde_json::Value>(bytes)
    {
        record.body = Some(v);
        return;
    }
    let head = &bytes[..bytes.len().min(max)];
    let mut text = String::from_utf8_lossy(head).into_owned();
    // Cutting may split a character (now U+FFFD) and lossy decoding may grow the text.
    while text.len() > max {
        text.pop();
    }
    record.body_text = Some(text);
}

/// The body of an authenticated request, up to [`Limits::max_body_bytes`].
async fn read_body(body: Incoming, limits: &crate::Limits) -> Result<Bytes, ApiFailure> {
    let too_large = || {
        ApiFailure::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ocp_api::enums::OcpErrorCode::Com10003,
            vec![
                format!(
                    "the request body is larger than {} bytes",
                    limits.max_body_bytes
                )
                .into(),
            ],
        )
    };
    // A declared length over the limit is refused before anything is read.
    if body
        .size_hint()
        .exact()
        .is_some_and(|n| n > limits.max_body_bytes as u64)
    {
        return Err(too_large());
    }
    let read = Limited::new(body, limits.max_body_bytes).collect();
    match tokio::time::timeout(limits.body_read_timeout, read).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Err(too_large()),
        Ok(Err(e)) => Err(ApiFailure::new(
            StatusCode::BAD_REQUEST,
            ocp_api::enums::OcpErrorCode::Com10003,
            vec![format!("the request body could not be read: {e}").into()],
        )),
        Err(_) => Err(ApiFailure::new(
            StatusCode::REQUEST_TIMEOUT,
            ocp_api::enums::OcpErrorCode::Com10003,
            vec![
                format!(
                    "the request body did not arrive within {} s",
                    limits.body_read_timeout.as_secs()
                )
                .into(),
            ],
        )),
    }
}

/// Answers `failure` at once, without keeping the body. So that a client still sending can
/// read the answer and keep its connection, up to [`Limits::max_discard_bytes`] of the body are
/// read and thrown away after the answer, in the background; a body declared longer closes the
/// connection after the answer instead, and so does one that turns out longer, broken or slow
/// (dropping the unread body makes hyper close).
fn refuse(
    finish: &Finish<'_>,
    failure: &ApiFailure,
    body: Incoming,
    limits: &crate::Limits,
) -> Response<Body> {
    let response = finish.failure(failure);
    if body.is_end_stream() {
        return response;
    }
    if body.size_hint().lower() > limits.max_discard_bytes as u64 {
        return close_after(response);
    }
    let (max, timeout) = (limits.max_discard_bytes, limits.body_read_timeout);
    tokio::spawn(async move {
        let _ = tokio::time::timeout(timeout, discard(body, max)).await;
    });
    response
}

/// Reads and drops up to `max` bytes of `body`, one frame at a time.
async fn discard(mut body: Incoming, max: usize) {
    let mut seen = 0usize;
    while let Some(Ok(frame)) = body.frame().await {
        seen += frame.data_ref().map_or(0, |d| d.len());
        if seen > max {
            return;
        }
    }
}

fn close_after(mut response: Response<Body>) -> Response<Body> {
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Renders failures returned by handlers and makes sure every answer is an OCP JSON envelope.
async fn render(response: Response<Body>, finish: &Finish<'_>) -> Response<Body> {
    if let Some(PendingFailure(failure)) = response.extensions().get::<PendingFailure>() {
        return finish.failure(failure);
    }
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if is_json {
        return response;
    }
    // Something outside our handlers answered (an axum rejection); wrap it.
    let status = response.status();
    let text = response
        .into_body()
        .collect()
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_default();
    let cause = String::from_utf8_lossy(&text)
        .chars()
        .take(300)
        .collect::<String>();
    let failure = ApiFailure::new(
        if status.is_client_error() || status.is_server_error() {
            status
        } else {
            StatusCode::BAD_REQUEST
        },
        ocp_api::enums::OcpErrorCode::Com10003,
        vec![if cause.is_empty() {
            status.to_string().into()
        } else {
            cause.into()
        }],
    );
    finish.failure(&failure)
}
