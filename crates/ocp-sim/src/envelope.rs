//! OCP's answer envelopes around the generated result types.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ocp_api::time::OcpDateTime;
use ocp_api::types;
use serde::Serialize;

use crate::errors::{ApiFailure, Lang};
use crate::server::Sim;

/// What every handler knows about its request; inserted by the server before routing.
#[derive(Clone)]
pub(crate) struct Ctx {
    pub sim: Arc<Sim>,
    pub lang: Lang,
    pub trace_id: String,
    pub started: Instant,
    pub user: String,
}

impl Ctx {
    pub(crate) fn duration_ms(&self) -> i64 {
        self.started.elapsed().as_millis() as i64
    }

    pub(crate) fn server(&self) -> String {
        self.sim.server_id.clone()
    }

    /// Simulated time at millisecond precision, like OCP's envelope timestamps.
    pub(crate) fn timestamp(&self) -> OcpDateTime {
        envelope_timestamp(self.sim.clock.now())
    }
}

pub(crate) fn envelope_timestamp(now: chrono::DateTime<chrono::FixedOffset>) -> OcpDateTime {
    let millis = now.timestamp_subsec_nanos() % 1_000_000;
    crate::spelling::local(now - chrono::TimeDelta::nanoseconds(i64::from(millis)))
}

/// Wraps `$data` in the result type `$ty` (a `*Result` of the spec) and serialises it.
macro_rules! ok {
    ($ctx:expr, $ty:ident, $data:expr) => {{
        let ctx: &$crate::envelope::Ctx = &$ctx;
        let body = ocp_api::types::$ty {
            data: $data,
            duration: ctx.duration_ms(),
            server: ctx.server(),
            status: 200,
            successful: true,
            timestamp: ctx.timestamp(),
            trace_id: ctx.trace_id.clone(),
        };
        Ok($crate::envelope::answer(ctx, &body))
    }};
}
pub(crate) use ok;

pub(crate) fn json_response<T: Serialize>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => {
            let mut response = Response::new(Body::from(bytes));
            *response.status_mut() = status;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(e) => serialisation_failed(e),
    }
}

fn serialisation_failed(e: serde_json::Error) -> Response {
    ApiFailure::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        ocp_api::enums::OcpErrorCode::Com10999,
        vec!["serialisation".into(), e.to_string().into()],
    )
    .into_response()
}

/// A successful answer, without the fields the simulated OCP version lacks.
pub(crate) fn answer<T: Serialize>(ctx: &Ctx, body: &T) -> Response {
    let fields = &ctx.sim.fields;
    if !fields.restricts() {
        return json_response(StatusCode::OK, body);
    }
    match fields.to_value(body) {
        Ok((value, _)) => json_response(StatusCode::OK, &value),
        Err(e) => serialisation_failed(e),
    }
}

/// Marks an answer that is not OCP's JSON envelope on purpose (the plain-text health pages,
/// the unenveloped application info), so the server sends it as it is.
#[derive(Clone, Copy)]
pub(crate) struct Verbatim;

/// Handlers return failures without the request context; the server renders them later.
#[derive(Clone)]
pub(crate) struct PendingFailure(pub ApiFailure);

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = self.status;
        response.extensions_mut().insert(PendingFailure(self));
        response
    }
}

pub(crate) fn error_body(
    failure: &ApiFailure,
    lang: Lang,
    trace_id: &str,
    server: &str,
    started: Instant,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> types::ErrorResponse {
    types::ErrorResponse {
        duration: Some(started.elapsed().as_millis() as i64),
        error: failure.api_error(lang),
        server: Some(server.to_owned()),
        status: i32::from(failure.status.as_u16()),
        successful: false,
        timestamp: Some(envelope_timestamp(now)),
        trace_id: Some(if failure.empty_trace_id {
            String::new()
        } else {
            trace_id.to_owned()
        }),
    }
}
