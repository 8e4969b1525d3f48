//! A faithful, stateful, deterministic simulator of the OCP (OceanBase Cloud Platform) backup &
//! restore API described by `spec/ocp-backup.yaml`.
//!
//! It serves every operation of the spec from a seeded world of clusters, tenants, strategies and
//! at least a week of backup history, on a simulated clock that tests can freeze and advance.
//! Every body it reads and writes is one of the generated [`ocp_api::types`], so a spec change
//! it does not follow fails to compile.
//!
//! Whatever a client sends, the simulator's memory and responsiveness stay bounded (it runs
//! inside the desktop app): requests are authenticated from their head before the body is read,
//! and connections, request sizes, timeouts, restore sources and the request log have the
//! limits of [`Limits`] (`SimConfig::limits`), documented in the crate's README.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sim = ocp_sim::spawn(ocp_sim::SimConfig::for_tests()).await?;
//! let client = ocp_api::ClientConfig::new(sim.base_url())
//!     .credentials(ocp_api::Credentials::basic(ocp_sim::DEFAULT_ADMIN_USER, ocp_sim::DEFAULT_ADMIN_PASSWORD))
//!     .build()
//!     .unwrap();
//! sim.advance(std::time::Duration::from_secs(3600));
//! sim.stop().await;
//! # Ok(()) }
//! ```

mod auth;
mod clock;
mod conn;
mod envelope;
mod errors;
mod extract;
mod faults;
mod limits;
mod rng;
mod routes;
pub mod seeded;
mod server;
mod spelling;
mod validate;
mod world;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeZone};

pub use errors::Lang;
pub use limits::Limits;
pub use world::{
    Fleet, FleetState, RequestRecord, World, fleet_cluster_id, fleet_cluster_name,
    fleet_tenant_name,
};

pub const DEFAULT_ADMIN_USER: &str = "admin";
pub const DEFAULT_ADMIN_PASSWORD: &str = "Admin@ocp-sim1";
pub const DEFAULT_VIEWER_USER: &str = "viewer";
pub const DEFAULT_VIEWER_PASSWORD: &str = "Viewer@ocp-sim1";
pub const DEFAULT_ACCESS_KEY_ID: &str = "SimAK7yQm2Lw9xZt";
pub const DEFAULT_ACCESS_KEY_SECRET: &str = "3f9a1c7e5b2d48e6a0c4f8b1d7e29a63";

/// Where simulated time starts.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum StartTime {
    /// The real current time (in +08:00, OCP's zone); for demos.
    #[default]
    Now,
    /// A fixed instant; for tests that must see the same world every run.
    Fixed(DateTime<FixedOffset>),
}

/// An OCP user accepted with HTTP Basic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub password: String,
    /// Read-only users get 403 `IAM11000` on anything but GET.
    pub read_only: bool,
}

impl User {
    pub fn new(name: impl Into<String>, password: impl Into<String>, read_only: bool) -> Self {
        Self {
            name: name.into(),
            password: password.into(),
            read_only,
        }
    }
}

/// An AccessKey pair accepted with OCP's AK/SK signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimAccessKey {
    pub id: String,
    pub secret: String,
    pub read_only: bool,
}

impl SimAccessKey {
    pub fn new(id: impl Into<String>, secret: impl Into<String>, read_only: bool) -> Self {
        Self {
            id: id.into(),
            secret: secret.into(),
            read_only,
        }
    }
}

/// Fixed-window throttling: `limit` requests per `window`, then HTTP 429.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Throttle {
    pub limit: u32,
    pub window: Duration,
}

/// Misbehaviour to inject; all off by default. Fractions are in `[0, 1]` and drawn from the
/// seed, so a run is reproducible.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Faults {
    /// Added (in real time) to every answer.
    pub latency: Duration,
    /// Fraction of requests answered 500 or 503 with OCP's error envelope.
    pub server_error_rate: f64,
    /// `RateLimit-Limit`/`-Remaining`/`-Reset` headers on every answer, 429 over the limit.
    pub throttle: Option<Throttle>,
    /// Fraction of requests whose connection is closed without an answer.
    pub drop_rate: f64,
    /// Fraction of answers whose JSON body is cut short.
    pub truncate_rate: f64,
    /// Fraction of answers whose JSON body is syntactically broken.
    pub malformed_rate: f64,
    /// The status of injected server errors (500, 502, 503…); `None`: 500 or 503 at random.
    pub server_error_status: Option<u16>,
    /// `Retry-After` on throttled answers, in the given form, besides `RateLimit-Reset`.
    pub retry_after: Option<RetryAfterForm>,
    /// The faults hit only this many requests after [`SimHandle::set_faults`], then stop: one
    /// failed poll is `Some(1)`. `None`: every request, by the rates above.
    pub requests: Option<u32>,
    /// The faults hit only requests whose path starts with this, e.g. one cluster's
    /// `/api/v2/ob/clusters/1000004/`; `None`: every path.
    pub path_prefix: Option<String>,
}

/// The two forms of `Retry-After` (RFC 9110 §10.2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryAfterForm {
    /// `Retry-After: 5`
    Seconds,
    /// `Retry-After: Fri, 09 Aug 2024 08:00:05 GMT` (by the real clock, like the throttle window).
    HttpDate,
}

impl Faults {
    pub(crate) fn any(&self) -> bool {
        !self.latency.is_zero()
            || self.server_error_rate > 0.0
            || self.throttle.is_some()
            || self.drop_rate > 0.0
            || self.truncate_rate > 0.0
            || self.malformed_rate > 0.0
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SimConfig {
    /// Seed of the world and of every random decision (default 42).
    pub seed: u64,
    /// Simulated seconds per real second; 0 freezes time (tests then call `advance`). Default 1.
    pub speed: f64,
    pub start: StartTime,
    pub users: Vec<User>,
    pub access_keys: Vec<SimAccessKey>,
    pub faults: Faults,
    /// Bounds on connections, requests and the simulator's own bookkeeping.
    pub limits: Limits,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// A generated fleet instead of the seeded world (see [`Fleet`]).
    pub fleet: Option<Fleet>,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            seed: 42,
            speed: 1.0,
            start: StartTime::Now,
            users: vec![
                User::new(DEFAULT_ADMIN_USER, DEFAULT_ADMIN_PASSWORD, false),
                User::new(DEFAULT_VIEWER_USER, DEFAULT_VIEWER_PASSWORD, true),
            ],
            access_keys: vec![SimAccessKey::new(
                DEFAULT_ACCESS_KEY_ID,
                DEFAULT_ACCESS_KEY_SECRET,
                false,
            )],
            faults: Faults::default(),
            limits: Limits::default(),
            port: 0,
            fleet: None,
        }
    }
}

impl SimConfig {
    /// Frozen clock at 2024-08-09T16:00:00+08:00, seed 42, default users, any free port.
    pub fn for_tests() -> Self {
        Self {
            speed: 0.0,
            start: StartTime::Fixed(test_start()),
            ..Self::default()
        }
    }
}

/// The start instant of [`SimConfig::for_tests`].
pub fn test_start() -> DateTime<FixedOffset> {
    clock::cst()
        .with_ymd_and_hms(2024, 8, 9, 16, 0, 0)
        .single()
        .expect("a valid, unambiguous instant")
}

/// Binds `127.0.0.1:port` and serves the simulator in a tokio task until the handle is stopped
/// or dropped. Works from any multi-thread tokio runtime.
pub async fn spawn(config: SimConfig) -> std::io::Result<SimHandle> {
    server::spawn(config).await
}

/// A running simulator. Dropping it stops the server.
pub struct SimHandle {
    pub(crate) base_url: String,
    pub(crate) sim: Arc<server::Sim>,
    pub(crate) shutdown: tokio::sync::watch::Sender<bool>,
    pub(crate) task: Option<tokio::task::JoinHandle<()>>,
}

impl SimHandle {
    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Moves simulated time forward; tasks, checkpoints and schedules progress accordingly.
    pub fn advance(&self, by: Duration) {
        self.sim.clock.advance(by);
        let now = self.sim.clock.now();
        self.sim.world.write().tick(now);
    }

    pub fn now(&self) -> DateTime<FixedOffset> {
        self.sim.clock.now()
    }

    pub fn set_faults(&self, faults: Faults) {
        self.sim.faults.set(faults);
    }

    /// Read-only access to the world, e.g. to assert on what reached the server.
    pub fn world<R>(&self, f: impl FnOnce(&World) -> R) -> R {
        let world = self.sim.read_world();
        f(&world)
    }

    /// Stops accepting, lets open requests finish (up to 2 s) and frees the port.
    pub async fn stop(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
