//! The HTTP server: accept loop, and the per-request pipeline around the router (request log,
//! fault injection, authentication, error rendering).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{Method, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use parking_lot::{RwLock, RwLockReadGuard};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::auth::Auth;
use crate::clock::{SimClock, cst};
use crate::envelope::{Ctx, PendingFailure, error_body, json_response};
use crate::errors::{ApiFailure, Lang};
use crate::faults::{FaultState, mangle};
use crate::world::{RequestRecord, World};
use crate::{SimConfig, SimHandle, StartTime, rng};

/// Largest request body accepted.
const MAX_BODY: usize = 4 * 1024 * 1024;

pub(crate) struct Sim {
    pub clock: Arc<SimClock>,
    pub world: RwLock<World>,
    pub faults: FaultState,
    pub auth: Auth,
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
        let world = World::new(clock.clone(), config.seed, &names);
        Sim {
            clock,
            world: RwLock::new(world),
            faults: FaultState::new(config.faults.clone(), config.seed),
            auth: Auth::new(config.users.clone(), config.access_keys.clone()),
            seed: config.seed,
            server_id: format!(
                "{:010x}",
                rng::hash(&[config.seed, 0x5e7e7]) & 0xff_ffff_ffff
            ),
            requests: AtomicU64::new(0),
        }
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
    let task = tokio::spawn(serve(listener, sim.clone(), router, shutdown_rx));
    Ok(SimHandle {
        base_url: format!("http://{addr}"),
        sim,
        shutdown,
        task: Some(task),
    })
}

async fn serve(
    listener: TcpListener,
    sim: Arc<Sim>,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.changed() => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of file descriptors and similar: back off instead of spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let (sim, router, mut stop) = (sim.clone(), router.clone(), shutdown.clone());
        connections.spawn(async move {
            let service =
                hyper::service::service_fn(move |req| handle(sim.clone(), router.clone(), req));
            let builder = auto::Builder::new(TokioExecutor::new());
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(Duration::from_secs(2), conn).await;
                }
            }
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(3), async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    connections.abort_all();
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

async fn handle(
    sim: Arc<Sim>,
    router: Router,
    req: Request<Incoming>,
) -> Result<Response<Body>, Dropped> {
    let started = Instant::now();
    let n = sim.requests.fetch_add(1, Ordering::Relaxed);
    let trace_id = format!("{:016x}", rng::hash(&[sim.seed, n, 0x7ace]));
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
        user: None,
        status: 0,
        at,
    };

    let plan = sim.faults.plan();
    let bytes: Bytes = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            let failure = ApiFailure::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ocp_api::enums::OcpErrorCode::Com10003,
                vec![format!("the request body is larger than {MAX_BODY} bytes").into()],
            );
            record.status = failure.status.as_u16();
            sim.world.read().record_request(record);
            return Ok(finish.failure(&failure));
        }
        Err(_) => return Err(Dropped),
    };
    if !bytes.is_empty() {
        match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Ok(v) => record.body = Some(v),
            Err(_) => {
                record.body_text =
                    Some(String::from_utf8_lossy(&bytes).chars().take(4096).collect())
            }
        }
    }

    let response = pipeline(
        &sim,
        &router,
        &finish,
        &plan,
        parts,
        bytes,
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
    bytes: Bytes,
    record: &mut RequestRecord,
    trace_id: String,
) -> Option<Response<Body>> {
    if plan.rate_limit.is_some_and(|r| r.exceeded) {
        return Some(finish.failure(&ApiFailure::throttled()));
    }
    if plan.drop {
        return None;
    }
    if !plan.latency.is_zero() {
        tokio::time::sleep(plan.latency).await;
    }
    if let Some(status) = plan.server_error {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return Some(finish.failure(&ApiFailure::server_fault(status)));
    }
    let principal = match sim.auth.authenticate(&parts, &bytes, SystemTime::now()) {
        Ok(p) => p,
        Err(failure) => return Some(finish.failure(&failure)),
    };
    record.user = Some(principal.name.clone());
    if principal.read_only && !matches!(parts.method, Method::GET | Method::HEAD) {
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
