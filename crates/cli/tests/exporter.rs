//! `ocpctl exporter` against the simulator: every metric parsed and checked against the health
//! model and the simulated world; scrapes answer from the cache (nothing reaches OCP); no
//! secret in the text or the log.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ocp_backup_cli::exporter::{Settings, Source, serve};
use ocp_health::{Options, Verdict};
use ocp_sim::{DEFAULT_VIEWER_PASSWORD, DEFAULT_VIEWER_USER, Faults, SimConfig};
use prometheus_parse::{Sample, Scrape};

fn value(samples: &[Sample], metric: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let found: Vec<f64> = samples
        .iter()
        .filter(|s| s.metric == metric)
        .filter(|s| labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .map(|s| match s.value {
            prometheus_parse::Value::Counter(v)
            | prometheus_parse::Value::Gauge(v)
            | prometheus_parse::Value::Untyped(v) => v,
            _ => f64::NAN,
        })
        .collect();
    assert!(found.len() <= 1, "{metric} {labels:?}: {found:?}");
    found.first().copied()
}

/// Every metric family of the exposition text (`# TYPE` lines), counters with `_total`.
fn exported_names(text: &str) -> std::collections::BTreeSet<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .filter_map(|l| {
            let (name, kind) = l.split_once(' ')?;
            Some(if kind == "counter" {
                format!("{name}_total")
            } else {
                name.to_owned()
            })
        })
        .collect()
}

/// The `ocp_…` identifiers of a PromQL text.
fn metric_names(text: &str) -> Vec<String> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("ocp_") {
        let before = rest[..i].chars().next_back();
        let tail = &rest[i..];
        let end = tail.find(|c: char| !is_ident(c)).unwrap_or(tail.len());
        if before.is_none_or(|c| !is_ident(c) && c != '$' && c != '.') {
            names.push(tail[..end].to_owned());
        }
        rest = &tail[end..];
    }
    names
}

fn collect_exprs(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("expr", serde_json::Value::String(e)) => out.push(e.clone()),
                    ("query", serde_json::Value::String(e)) if e.contains("ocp_") => {
                        out.push(e.clone())
                    }
                    _ => collect_exprs(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_exprs(i, out)),
        _ => {}
    }
}

async fn get(url: &str) -> (u16, String) {
    let answer = reqwest::get(url).await.expect("the exporter answers");
    (answer.status().as_u16(), answer.text().await.unwrap())
}

fn secs(t: &ocp_health::Time) -> f64 {
    t.timestamp_micros() as f64 / 1e6
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_come_from_the_cache_and_match_the_health_model() {
    let sim = ocp_sim::spawn(SimConfig::for_tests()).await.unwrap();
    let client = ocp_api::ClientConfig::new(sim.base_url())
        .credentials(ocp_api::Credentials::basic(
            DEFAULT_VIEWER_USER,
            DEFAULT_VIEWER_PASSWORD,
        ))
        .build()
        .unwrap();
    // A cluster backup under way (for ocp_backup_running_since_timestamp_seconds), started as
    // an admin before the exporter runs.
    let admin = ocp_api::ClientConfig::new(sim.base_url())
        .credentials(ocp_api::Credentials::basic(
            ocp_sim::DEFAULT_ADMIN_USER,
            ocp_sim::DEFAULT_ADMIN_PASSWORD,
        ))
        .build()
        .unwrap();
    let now: ocp_api::types::BackupNowParam = serde_json::from_value(serde_json::json!({
        "backupMode": "PHYSICAL_BACKUP", "dataBackupMode": "FULL_BACKUP",
        "obBackupServiceStorageConfig": {"configName": "nfs_core_bj", "alarmStoragePercentageThreshold": 80,
            "obBackupStorageBaseInfo": {"backupStorageType": "BACKUP_STORAGE_FILE", "storageUrl": "/obbackup/"}},
    }))
    .unwrap();
    use ocp_api::ResultExt as _;
    admin
        .backup_cluster_now()
        .id(1_000_002)
        .body(now)
        .send()
        .await
        .ocp()
        .unwrap();
    let options = Options {
        drill_prefix: Some("trade_".into()),
        ..Options::default()
    };
    // A second OCP that is not there: its own ocp_up 0, the first unaffected.
    let nowhere = ocp_api::ClientConfig::new("http://127.0.0.1:9")
        .credentials(ocp_api::Credentials::basic("dba", "Nowhere-secret-7"))
        .build()
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::<String>::new()));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(
        listener,
        vec![
            Source {
                name: "lab".into(),
                client: client.clone(),
            },
            Source {
                name: "gone".into(),
                client: nowhere,
            },
        ],
        Settings {
            interval: Duration::from_secs(3600),
            options: options.clone(),
        },
        {
            let log = log.clone();
            move |line| log.lock().unwrap().push(line)
        },
        async {
            let _ = stopped.await;
        },
    ));

    let started = Instant::now();
    loop {
        if get(&format!("{base}/healthz")).await.0 == 200 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "never ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Scrapes after the collection: not one request reaches the simulator.
    sim.world(|w| w.clear_request_log());
    let mut texts = Vec::new();
    for _ in 0..3 {
        let (status, text) = get(&format!("{base}/metrics")).await;
        assert_eq!(status, 200);
        texts.push(text);
    }
    assert!(sim.world(|w| w.request_log()).is_empty());
    assert_eq!(texts[0], texts[2], "the same cached collection");
    let text = &texts[0];
    let samples = Scrape::parse(text.lines().map(|l| Ok(l.to_owned())))
        .unwrap()
        .samples;

    // The same world read by the model directly.
    let model = ocp_health::collect(&client, &options, |_| {}).await;
    let lab = [("ocp", "lab")];
    assert_eq!(value(&samples, "ocp_up", &lab), Some(1.0));
    assert_eq!(value(&samples, "ocp_up", &[("ocp", "gone")]), Some(0.0));
    assert_eq!(
        value(&samples, "ocp_backup_collect_errors_total", &lab),
        Some(0.0)
    );
    assert_eq!(
        value(
            &samples,
            "ocp_backup_collect_errors_total",
            &[("ocp", "gone")]
        ),
        Some(1.0)
    );
    assert!(value(&samples, "ocp_backup_collect_duration_seconds", &lab).unwrap() > 0.0);
    assert!(value(&samples, "ocp_backup_collect_timestamp_seconds", &lab).unwrap() > 1.7e9);

    let mut checked = 0;
    for (c, o) in model.objects() {
        let tenant = o.tenant.as_ref().map_or("", |t| t.name.as_str());
        let l = [
            ("ocp", "lab"),
            ("cluster", c.name.as_str()),
            ("tenant", tenant),
        ];
        let with = |extra: (&'static str, &'static str)| {
            let mut v = l.to_vec();
            v.push(extra);
            v
        };
        for v in Verdict::ALL {
            let expected = if o.verdict == v { 1.0 } else { 0.0 };
            assert_eq!(
                value(
                    &samples,
                    "ocp_backup_health",
                    &with(("verdict", v.as_str()))
                ),
                Some(expected)
            );
        }
        assert_eq!(
            value(
                &samples,
                "ocp_backup_last_success_timestamp_seconds",
                &with(("type", "full"))
            ),
            o.last_full.as_ref().map(secs)
        );
        assert_eq!(
            value(
                &samples,
                "ocp_backup_last_success_timestamp_seconds",
                &with(("type", "incremental"))
            ),
            o.last_incremental.as_ref().map(secs)
        );
        assert_eq!(
            value(
                &samples,
                "ocp_backup_recoverable_until_timestamp_seconds",
                &l
            ),
            o.recoverable_until.as_ref().map(secs)
        );
        assert_eq!(
            value(&samples, "ocp_backup_log_checkpoint_timestamp_seconds", &l),
            o.log.as_ref().and_then(|g| g.checkpoint.as_ref()).map(secs)
        );
        assert_eq!(
            value(&samples, "ocp_backup_log_delay_seconds", &l),
            o.log
                .as_ref()
                .filter(|g| g.running)
                .and_then(|g| g.delay_seconds)
        );
        assert_eq!(
            value(&samples, "ocp_backup_strategy_present", &l),
            Some(if o.strategy.present() { 1.0 } else { 0.0 })
        );
        let thresholds = [
            (
                "ocp_backup_threshold_data_backup_timeout_seconds",
                o.thresholds.data_backup_timeout,
            ),
            (
                "ocp_backup_threshold_no_successful_backup_seconds",
                o.thresholds.no_successful_backup,
            ),
            (
                "ocp_backup_threshold_log_delay_seconds",
                o.thresholds.log_delay,
            ),
        ];
        for (metric, d) in thresholds {
            assert_eq!(
                value(&samples, metric, &l),
                o.strategy.present().then_some(d.as_secs_f64()),
                "{metric}"
            );
        }
        for (status, n) in [
            ("running", o.tasks.running),
            ("failed", o.tasks.failed),
            ("succeeded", o.tasks.succeeded),
        ] {
            let mut labels = with(("kind", "data"));
            labels.push(("status", status));
            assert_eq!(
                value(&samples, "ocp_backup_tasks", &labels),
                Some(f64::from(n))
            );
        }
        assert_eq!(
            value(&samples, "ocp_backup_last_data_backup_failed", &l),
            Some(if o.last_finished_failed { 1.0 } else { 0.0 })
        );
        assert_eq!(
            value(&samples, "ocp_backup_running_since_timestamp_seconds", &l),
            o.oldest_running_start.as_ref().map(secs)
        );
        checked += 1;
    }
    assert!(checked >= 15, "{checked}");

    // What the world says, independently of the model.
    let iot = [
        ("ocp", "lab"),
        ("cluster", "ob_prod_hz"),
        ("tenant", "iot_metrics"),
    ];
    let trade = [
        ("ocp", "lab"),
        ("cluster", "ob_prod_hz"),
        ("tenant", "trade"),
    ];
    let billing = [
        ("ocp", "lab"),
        ("cluster", "ob_prod_hz"),
        ("tenant", "billing"),
    ];
    let bj = [("ocp", "lab"), ("cluster", "ob_core_bj"), ("tenant", "")];
    assert_eq!(
        value(&samples, "ocp_backup_last_data_backup_failed", &iot),
        Some(1.0)
    );
    assert_eq!(
        value(&samples, "ocp_backup_last_data_backup_failed", &trade),
        Some(0.0)
    );
    assert_eq!(
        value(&samples, "ocp_backup_strategy_enabled", &billing),
        Some(0.0)
    );
    assert_eq!(
        value(&samples, "ocp_backup_strategy_enabled", &trade),
        Some(1.0)
    );
    assert_eq!(
        value(
            &samples,
            "ocp_backup_threshold_data_backup_timeout_seconds",
            &bj
        ),
        Some(240.0 * 60.0)
    );
    let next = value(
        &samples,
        "ocp_backup_next_scheduled_timestamp_seconds",
        &[
            ("cluster", "ob_core_bj"),
            ("tenant", ""),
            ("type", "incremental"),
        ],
    );
    assert_eq!(
        next,
        Some(
            chrono::DateTime::parse_from_rfc3339("2024-08-10T02:00:00+08:00")
                .unwrap()
                .timestamp() as f64
        )
    );
    let world_failed = sim.world(|w| {
        w.data_backup_tasks()
            .into_iter()
            .filter(|t| t.tenant_name.as_deref() == Some("iot_metrics"))
            .max_by_key(|t| t.start_time.clone())
            .map(|t| t.status.to_string())
    });
    assert_eq!(world_failed.as_deref(), Some("FAILED"));

    // Names: base units, counters end in _total, and nothing but the documented labels.
    for s in &samples {
        assert!(s.metric.starts_with("ocp_"), "{}", s.metric);
        for key in s.labels.keys() {
            assert!(
                [
                    "ocp", "cluster", "tenant", "type", "kind", "status", "verdict", "result"
                ]
                .contains(&key.as_str()),
                "{} has label {key}",
                s.metric
            );
        }
    }

    // The dashboard's queries and the alert rules name only metrics the exporter exports.
    let exported = exported_names(text);
    assert_eq!(exported.len(), 19, "{exported:?}");
    let bj = [("ocp", "lab"), ("cluster", "ob_core_bj"), ("tenant", "")];
    assert!(value(&samples, "ocp_backup_running_since_timestamp_seconds", &bj).is_some());
    let verified = [
        ("ocp", "lab"),
        ("cluster", "ob_prod_hz"),
        ("tenant", "trade"),
        ("result", "verified"),
    ];
    assert!(
        value(
            &samples,
            "ocp_backup_last_restore_drill_timestamp_seconds",
            &verified
        )
        .is_some()
    );
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dashboard: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("deploy/grafana/ocp-backup.json")).unwrap(),
    )
    .unwrap();
    let mut queries = Vec::new();
    collect_exprs(&dashboard, &mut queries);
    assert!(queries.len() >= 10, "{queries:?}");
    let rules =
        std::fs::read_to_string(root.join("deploy/prometheus/ocp-backup-rules.yml")).unwrap();
    for text in queries.iter().map(String::as_str).chain([rules.as_str()]) {
        let named = metric_names(text);
        assert!(!named.is_empty(), "{text}");
        for name in named {
            assert!(
                exported.contains(&name),
                "{name} (in {text}) is not exported"
            );
        }
    }

    // No secret anywhere.
    let lines = log.lock().unwrap().join("\n");
    assert!(lines.contains("lab: 5 clusters"), "{lines}");
    assert!(lines.contains("gone: OCP not reachable"), "{lines}");
    for secret in [DEFAULT_VIEWER_PASSWORD, "Nowhere-secret-7", "Basic "] {
        assert!(
            !text.contains(secret) && !lines.contains(secret),
            "{secret}"
        );
    }

    let _ = stop.send(());
    server.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scrape_does_not_wait_for_a_slow_ocp() {
    let sim = ocp_sim::spawn(SimConfig::for_tests()).await.unwrap();
    let client = ocp_api::ClientConfig::new(sim.base_url())
        .credentials(ocp_api::Credentials::basic(
            DEFAULT_VIEWER_USER,
            DEFAULT_VIEWER_PASSWORD,
        ))
        .build()
        .unwrap();
    // Every answer takes 2 s: one collection takes several seconds.
    sim.set_faults(Faults {
        latency: Duration::from_secs(2),
        ..Faults::default()
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(
        listener,
        vec![Source {
            name: "slow".into(),
            client,
        }],
        Settings {
            interval: Duration::from_secs(1),
            options: Options::default(),
        },
        |_| {},
        async {
            let _ = stopped.await;
        },
    ));
    // While the first collection is in flight: answered at once, not ready yet, no series.
    for _ in 0..5 {
        let t = Instant::now();
        let (status, text) = get(&format!("{base}/metrics")).await;
        assert!(
            t.elapsed() < Duration::from_millis(500),
            "{:?}",
            t.elapsed()
        );
        assert_eq!(status, 200);
        assert!(!text.contains("ocp_up{"), "{text}");
        assert_eq!(get(&format!("{base}/healthz")).await.0, 503);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
