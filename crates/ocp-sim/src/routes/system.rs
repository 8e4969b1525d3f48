//! Tag `system`: the application's build information and server time, and the health page the
//! 4.2.2 reference documents (`GET /api/status`, not an operation of the spec). None of them is
//! wrapped in OCP's envelope, as the docs' samples show.

use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::Response;
use ocp_api::types;

use super::Reply;
use crate::envelope::{Ctx, Verbatim, json_response};
use crate::extract::Query;
use crate::server::Sim;

/// When the simulated OCP was built; `buildVersion` is the version and this date.
const BUILD_TIME: &str = "2024-01-08T10:21:37.000+08:00";

/// `GET /api/v2/time` needs no authentication.
pub(crate) fn is_public(parts: &Parts) -> bool {
    parts.method == Method::GET && parts.uri.path() == "/api/v2/time"
}

fn text(body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain;charset=UTF-8"),
    );
    response.extensions_mut().insert(Verbatim);
    response
}

/// The simulated clock's time, as text (`2020-11-11T15:46:27.316+08:00`).
pub(crate) fn server_time(sim: &Sim) -> Response {
    text(
        sim.clock
            .now()
            .with_timezone(&crate::clock::cst())
            .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
            .to_string(),
    )
}

pub(crate) async fn info(ctx: Ctx) -> Reply {
    let build_time = ocp_api::time::OcpDateTime::parse(BUILD_TIME).expect("a valid OCP date-time");
    let date = &BUILD_TIME[..10].replace('-', "");
    let info = types::ApplicationInfo {
        artifact: Some("ocp-server".into()),
        build_java_version: Some("1.8".into()),
        build_time: Some(build_time),
        build_version: Some(format!("{}-{date}", ctx.sim.fields.version)),
        group: Some("com.oceanbase".into()),
        name: Some("ocp-server".into()),
        spring_boot_version: Some("2.2.5.RELEASE".into()),
    };
    let mut response = json_response(StatusCode::OK, &info);
    response.extensions_mut().insert(Verbatim);
    Ok(response)
}

/// Every module of the simulator is up: `okay` (with `includeUnavailableComponent=true` too,
/// as no module is down to name).
pub(crate) async fn status(q: Query) -> Reply {
    q.opt_bool("includeUnavailableComponent")?;
    Ok(text("okay".into()))
}
