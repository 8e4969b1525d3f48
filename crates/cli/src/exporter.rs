//! `ocpctl exporter`: the backup health of one or more OCPs ([`ocp_health`]) as Prometheus
//! metrics at `/metrics`, and `/healthz`.
//!
//! A background task per OCP collects every `--interval`; each collection replaces the cached
//! exposition text, and a scrape only copies that text: it never waits on OCP. The text is
//! encoded by `prometheus-client` (OpenMetrics text format, which Prometheus scrapes).
//!
//! Labels: `ocp` (the profile's name, else the URL's host and port), `cluster`, `tenant` (empty
//! for a cluster-level object), `type`, `kind`, `status`, `verdict`. No credential is in any
//! label or log line: the URL is shown without user info (which `ocp_api` refuses anyway), and
//! errors are OCP's messages.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use ocp_health::{OcpHealth, Options, Verdict};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use crate::exit::CliError;
use crate::output::Console;
use ocp_api::duration;

use crate::{Env, Setup, credentials};

pub const DEFAULT_LISTEN: &str = "127.0.0.1:9853";

/// `ocpctl exporter`.
#[derive(Debug, clap::Args)]
#[command(
    long_about = "Serves /metrics (Prometheus/OpenMetrics text) and /healthz. Every \
    --interval the backup health of each OCP (--profile, repeatable; default: the selected \
    connection) is collected in the background with cluster-level calls; scrapes answer from \
    the last collection and never wait on OCP."
)]
pub struct ExporterArgs {
    /// Address to serve on
    #[arg(long, value_name = "ADDR:PORT", default_value = DEFAULT_LISTEN)]
    pub listen: SocketAddr,
    /// Time between two collections of each OCP
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = duration::parse)]
    pub interval: Duration,
    /// Requests in flight at once per OCP
    #[arg(long, value_name = "N", default_value = "8",
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Restores into tenants named with this prefix are restore drills
    /// (ocp_backup_last_restore_drill_timestamp_seconds); empty: none are looked for
    #[arg(long, value_name = "PREFIX", default_value = ocp_health::DEFAULT_DRILL_PREFIX)]
    pub drill_prefix: String,
}

/// One OCP to collect from.
#[derive(Clone)]
pub struct Source {
    /// The `ocp` label.
    pub name: String,
    pub client: ocp_api::Client,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub interval: Duration,
    pub options: Options,
}

/// `ocpctl exporter …`: resolves the profiles, binds, serves until Ctrl-C.
pub(crate) async fn run(
    args: ExporterArgs,
    setup: &Setup,
    env: &Env,
    console: &Arc<Console>,
) -> Result<(), CliError> {
    let selections: Vec<Option<String>> = if setup.flags.profiles.is_empty() {
        vec![None]
    } else {
        setup.flags.profiles.iter().cloned().map(Some).collect()
    };
    let mut sources = Vec::new();
    for profile in selections {
        let one = Setup {
            flags: crate::GlobalFlags {
                profiles: profile.into_iter().collect(),
                ..setup.flags.clone()
            },
            config_path: setup.config_path.clone(),
        };
        let target = one.target(env)?;
        let creds = credentials::credentials(&target, env)?;
        let ctx = crate::connect(&target, creds, env, console, setup.flags.verbose)?;
        let name = target
            .profile
            .clone()
            .unwrap_or_else(|| host_of(&target.url));
        if sources.iter().any(|s: &Source| s.name == name) {
            return Err(CliError::usage(format!("--profile {name} is given twice")));
        }
        sources.push(Source {
            name,
            client: ctx.client,
        });
    }
    let listen = args.listen;
    let settings = Settings {
        interval: args.interval.max(Duration::from_secs(1)),
        options: Options {
            concurrency: usize::from(args.concurrency),
            drill_prefix: (!args.drill_prefix.is_empty()).then_some(args.drill_prefix),
            ..Options::default()
        },
    };
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| CliError::usage(format!("--listen {listen}: {e}")))?;
    console.message(&format!(
        "ocpctl exporter: serving http://{listen}/metrics for {} (every {})",
        sources
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        duration::compact(settings.interval)
    ));
    let log = console.clone();
    serve(
        listener,
        sources,
        settings,
        move |line| log.message(&line),
        async {
            let _ = tokio::signal::ctrl_c().await;
        },
    )
    .await
    .map_err(|e| CliError::usage(format!("serving {listen}: {e}")))
}

/// The host (and port) of a URL, for the `ocp` label of a connection without a profile name.
fn host_of(url: &str) -> String {
    reqwest::Url::parse(url)
        .ok()
        .and_then(|u| {
            let host = u.host_str()?.to_owned();
            Some(match u.port() {
                Some(p) => format!("{host}:{p}"),
                None => host,
            })
        })
        .unwrap_or_else(|| "ocp".into())
}

/// What the exporter knows of one OCP.
struct OcpState {
    name: String,
    last: Option<OcpHealth>,
    /// Collections that could not reach the OCP, plus clusters that could not be read.
    errors_total: u64,
    collected_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Default)]
struct Cache {
    text: String,
    /// Every OCP collected at least once.
    ready: bool,
}

/// Serves `/metrics` and `/healthz` on `listener`, collecting each source every interval,
/// until `shutdown` completes. `log` gets one line per collection.
pub async fn serve(
    listener: tokio::net::TcpListener,
    sources: Vec<Source>,
    settings: Settings,
    log: impl Fn(String) + Send + Sync + 'static,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let states = Arc::new(Mutex::new(
        sources
            .iter()
            .map(|s| OcpState {
                name: s.name.clone(),
                last: None,
                errors_total: 0,
                collected_at: None,
            })
            .collect::<Vec<_>>(),
    ));
    let cache = Arc::new(RwLock::new(Cache {
        text: encode(&states.lock().expect("not poisoned")),
        ready: false,
    }));
    let log = Arc::new(log);
    let mut collectors = tokio::task::JoinSet::new();
    for (i, source) in sources.into_iter().enumerate() {
        let (states, cache, settings, log) =
            (states.clone(), cache.clone(), settings.clone(), log.clone());
        collectors.spawn(async move {
            let mut tick = tokio::time::interval(settings.interval);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                let health = ocp_health::collect(&source.client, &settings.options, |_| {}).await;
                log(summary(&source.name, &health));
                let mut all = states.lock().expect("not poisoned");
                let state = &mut all[i];
                state.errors_total += u64::from(health.error.is_some())
                    + health.clusters.iter().filter(|c| c.error.is_some()).count() as u64;
                state.last = Some(health);
                state.collected_at = Some(chrono::Utc::now());
                let text = encode(&all);
                let ready = all.iter().all(|s| s.last.is_some());
                *cache.write().expect("not poisoned") = Cache { text, ready };
            }
        });
    }
    let app = Router::new()
        .route(
            "/metrics",
            get({
                let cache = cache.clone();
                move || {
                    let text = cache.read().expect("not poisoned").text.clone();
                    async move {
                        (
                            [(
                                header::CONTENT_TYPE,
                                "application/openmetrics-text; version=1.0.0; charset=utf-8",
                            )],
                            text,
                        )
                    }
                }
            }),
        )
        .route(
            "/healthz",
            get(move || {
                let ready = cache.read().expect("not poisoned").ready;
                async move {
                    if ready {
                        (StatusCode::OK, "ok\n").into_response()
                    } else {
                        (StatusCode::SERVICE_UNAVAILABLE, "collecting\n").into_response()
                    }
                }
            }),
        );
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    collectors.abort_all();
    served
}

fn summary(name: &str, h: &OcpHealth) -> String {
    if let Some(e) = &h.error {
        return format!("ocpctl exporter: {name}: OCP not reachable: {e}");
    }
    let [ok, warning, critical, unknown] = h.counts();
    let unreadable = h.clusters.iter().filter(|c| c.error.is_some()).count();
    format!(
        "ocpctl exporter: {name}: {} clusters ({unreadable} unreadable), {ok} ok, {warning} warning, {critical} critical, {unknown} unknown; {} requests in {:.1} s",
        h.clusters.len(),
        h.requests,
        h.elapsed.as_secs_f64()
    )
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OcpLabels {
    ocp: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ObjectLabels {
    ocp: String,
    cluster: String,
    tenant: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TypedLabels {
    ocp: String,
    cluster: String,
    tenant: String,
    r#type: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct TaskLabels {
    ocp: String,
    cluster: String,
    tenant: String,
    kind: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DrillLabels {
    ocp: String,
    cluster: String,
    tenant: String,
    /// `verified` (the restore succeeded) or `failed`.
    result: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct VerdictLabels {
    ocp: String,
    cluster: String,
    tenant: String,
    verdict: String,
}

type FloatGauge = Gauge<f64, AtomicU64>;

/// The metric families, registered under their names and help texts.
struct Families {
    registry: Registry,
}

impl Families {
    fn family<L>(&mut self, name: &str, help: &str) -> Family<L, FloatGauge>
    where
        L: Clone + std::hash::Hash + Eq + EncodeLabelSet + std::fmt::Debug + Send + Sync + 'static,
    {
        let family = Family::<L, FloatGauge>::default();
        self.registry.register(name, help, family.clone());
        family
    }
}

fn secs(t: &ocp_health::Time) -> f64 {
    t.timestamp_micros() as f64 / 1e6
}

fn flag(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

/// The exposition text of everything known: one registry built afresh, so objects that are
/// gone disappear with their series.
fn encode(states: &[OcpState]) -> String {
    let mut f = Families {
        registry: Registry::default(),
    };
    let up = f.family::<OcpLabels>(
        "ocp_up",
        "Whether the last collection reached the OCP (1) or not (0)",
    );
    let duration = f.family::<OcpLabels>(
        "ocp_backup_collect_duration_seconds",
        "Time the last collection of the OCP took",
    );
    let collected = f.family::<OcpLabels>(
        "ocp_backup_collect_timestamp_seconds",
        "When the last collection of the OCP ended",
    );
    let errors = Family::<OcpLabels, Counter>::default();
    f.registry.register(
        "ocp_backup_collect_errors",
        "Collections that could not reach the OCP plus clusters that could not be read",
        errors.clone(),
    );
    let last_success = f.family::<TypedLabels>(
        "ocp_backup_last_success_timestamp_seconds",
        "End of the newest successful data backup, by type (full, incremental), within the lookback period",
    );
    let checkpoint = f.family::<ObjectLabels>(
        "ocp_backup_log_checkpoint_timestamp_seconds",
        "Latest log backup checkpoint: logs up to this time are backed up",
    );
    let log_delay = f.family::<ObjectLabels>(
        "ocp_backup_log_delay_seconds",
        "Delay of the running log backup, as OCP reports it",
    );
    let recoverable = f.family::<ObjectLabels>(
        "ocp_backup_recoverable_until_timestamp_seconds",
        "End of the newest interval a restore can target (the RPO is time() minus this)",
    );
    let present = f.family::<ObjectLabels>(
        "ocp_backup_strategy_present",
        "Whether a backup strategy covers the object",
    );
    let enabled = f.family::<ObjectLabels>(
        "ocp_backup_strategy_enabled",
        "Whether the strategy's scheduled backups run (1) or are paused (0)",
    );
    let timeout = f.family::<ObjectLabels>(
        "ocp_backup_threshold_data_backup_timeout_seconds",
        "The strategy's data backup timeout (dataBackupTimeoutMinutes), else the default",
    );
    let no_success = f.family::<ObjectLabels>(
        "ocp_backup_threshold_no_successful_backup_seconds",
        "The strategy's time without a successful data backup before an alarm (noSuccessfulDataBackupAlarmDays), else the default",
    );
    let delay_threshold = f.family::<ObjectLabels>(
        "ocp_backup_threshold_log_delay_seconds",
        "The strategy's log backup delay alarm threshold (logBackupDelaySeconds), else the default",
    );
    let tasks = f.family::<TaskLabels>(
        "ocp_backup_tasks",
        "Data backup tasks started in the last 24 hours, by status (running, failed, succeeded)",
    );
    let running_since = f.family::<ObjectLabels>(
        "ocp_backup_running_since_timestamp_seconds",
        "Start of the oldest data backup still running",
    );
    let last_failed = f.family::<ObjectLabels>(
        "ocp_backup_last_data_backup_failed",
        "Whether the newest finished data backup failed (1) with no success since",
    );
    let next = f.family::<TypedLabels>(
        "ocp_backup_next_scheduled_timestamp_seconds",
        "Next data backup of the strategy's calendar, with its type",
    );
    let drill = f.family::<DrillLabels>(
        "ocp_backup_last_restore_drill_timestamp_seconds",
        "End of the newest finished restore drill of the tenant, with its result (verified or failed)",
    );
    let health = f.family::<VerdictLabels>(
        "ocp_backup_health",
        "Health verdict of the object: 1 for its verdict (ok, warning, critical, unknown), 0 for the others",
    );

    for s in states {
        let ocp = OcpLabels {
            ocp: s.name.clone(),
        };
        errors.get_or_create(&ocp).inc_by(s.errors_total);
        let Some(h) = &s.last else { continue };
        up.get_or_create(&ocp).set(flag(h.error.is_none()));
        duration.get_or_create(&ocp).set(h.elapsed.as_secs_f64());
        if let Some(at) = s.collected_at {
            collected
                .get_or_create(&ocp)
                .set(at.timestamp_micros() as f64 / 1e6);
        }
        for (c, o) in h.objects() {
            let l = ObjectLabels {
                ocp: s.name.clone(),
                cluster: c.name.clone(),
                tenant: o
                    .tenant
                    .as_ref()
                    .map(|t| t.name.clone())
                    .unwrap_or_default(),
            };
            let typed = |t: &str| TypedLabels {
                ocp: l.ocp.clone(),
                cluster: l.cluster.clone(),
                tenant: l.tenant.clone(),
                r#type: t.into(),
            };
            for v in Verdict::ALL {
                let labels = VerdictLabels {
                    ocp: l.ocp.clone(),
                    cluster: l.cluster.clone(),
                    tenant: l.tenant.clone(),
                    verdict: v.as_str().into(),
                };
                health.get_or_create(&labels).set(flag(o.verdict == v));
            }
            if c.error.is_some() {
                continue;
            }
            for (t, at) in [("full", &o.last_full), ("incremental", &o.last_incremental)] {
                if let Some(at) = at {
                    last_success.get_or_create(&typed(t)).set(secs(at));
                }
            }
            if let Some(log) = &o.log {
                if let Some(cp) = &log.checkpoint {
                    checkpoint.get_or_create(&l).set(secs(cp));
                }
                if let Some(d) = log.delay_seconds.filter(|_| log.running) {
                    log_delay.get_or_create(&l).set(d);
                }
            }
            if let Some(r) = &o.recoverable_until {
                recoverable.get_or_create(&l).set(secs(r));
            }
            present.get_or_create(&l).set(flag(o.strategy.present()));
            if o.strategy.present() {
                if let Some(e) = o.strategy.enabled {
                    enabled.get_or_create(&l).set(flag(e));
                }
                let t = &o.thresholds;
                timeout
                    .get_or_create(&l)
                    .set(t.data_backup_timeout.as_secs_f64());
                no_success
                    .get_or_create(&l)
                    .set(t.no_successful_backup.as_secs_f64());
                delay_threshold
                    .get_or_create(&l)
                    .set(t.log_delay.as_secs_f64());
            }
            for (status, n) in [
                ("running", o.tasks.running),
                ("failed", o.tasks.failed),
                ("succeeded", o.tasks.succeeded),
            ] {
                let labels = TaskLabels {
                    ocp: l.ocp.clone(),
                    cluster: l.cluster.clone(),
                    tenant: l.tenant.clone(),
                    kind: "data".into(),
                    status: status.into(),
                };
                tasks.get_or_create(&labels).set(f64::from(n));
            }
            if let Some(since) = &o.oldest_running_start {
                running_since.get_or_create(&l).set(secs(since));
            }
            last_failed
                .get_or_create(&l)
                .set(flag(o.last_finished_failed));
            if let Some(run) = &o.next_scheduled {
                let t = match run.kind {
                    ocp_api::enums::DataBackupMode::IncrementalBackup => "incremental",
                    _ => "full",
                };
                next.get_or_create(&typed(t)).set(secs(&run.at));
            }
            if let Some(d) = &o.last_drill
                && let Some(at) = &d.finished_at
            {
                let labels = DrillLabels {
                    ocp: l.ocp.clone(),
                    cluster: l.cluster.clone(),
                    tenant: l.tenant.clone(),
                    result: if d.verified { "verified" } else { "failed" }.into(),
                };
                drill.get_or_create(&labels).set(secs(at));
            }
        }
    }
    let mut text = String::new();
    prometheus_client::encoding::text::encode(&mut text, &f.registry)
        .expect("writing to a String cannot fail");
    text
}
