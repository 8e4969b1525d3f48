//! `ocp-sim`: serves the simulated OCP backup & restore API until Ctrl-C.

use std::time::Duration;

use clap::Parser;
use ocp_sim::{Faults, Limits, SimAccessKey, SimConfig, StartTime, Throttle, User};

/// A stateful, deterministic simulator of the OCP backup & restore API.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// Port on 127.0.0.1 (0 = any free port).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// A generated fleet of CLUSTERSxTENANTS (e.g. 200x20, varied health) instead of the seeded world.
    #[arg(long, value_name = "CLUSTERSxTENANTS")]
    fleet: Option<ocp_sim::Fleet>,
    /// Seed of the simulated world.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Simulated seconds per real second (0 freezes time).
    #[arg(long, default_value_t = 1.0)]
    speed: f64,
    /// Start of simulated time (RFC 3339, e.g. 2024-08-09T16:00:00+08:00); default: now.
    #[arg(long)]
    start: Option<String>,
    /// A user `name:password[:ro]`; repeat for several. Replaces the default users.
    #[arg(long = "user", value_name = "NAME:PASSWORD[:ro]")]
    users: Vec<String>,
    /// An AccessKey `id:secret[:ro]`; repeat for several. Replaces the default key.
    #[arg(long = "access-key", value_name = "ID:SECRET[:ro]")]
    access_keys: Vec<String>,
    /// Latency added to every answer, in milliseconds.
    #[arg(long, default_value_t = 0)]
    fault_latency_ms: u64,
    /// Fraction of requests answered 500/503.
    #[arg(long, default_value_t = 0.0)]
    fault_error_rate: f64,
    /// Throttle to N requests per SECS seconds, e.g. 100/1.
    #[arg(long, value_name = "N/SECS")]
    fault_throttle: Option<String>,
    /// Fraction of connections closed without an answer.
    #[arg(long, default_value_t = 0.0)]
    fault_drop_rate: f64,
    /// Fraction of answers with a truncated JSON body.
    #[arg(long, default_value_t = 0.0)]
    fault_truncate_rate: f64,
    /// Fraction of answers with a syntactically broken JSON body.
    #[arg(long, default_value_t = 0.0)]
    fault_malformed_rate: f64,
    /// Connections served at once; more wait in the listen backlog.
    #[arg(long, default_value_t = Limits::default().max_connections)]
    max_connections: usize,
    /// Seconds a client has to send a request head (also the HTTP/1 keep-alive idle time).
    #[arg(long, value_name = "SECS", default_value_t = Limits::default().header_read_timeout.as_secs_f64())]
    header_read_timeout: f64,
    /// Seconds without any byte in either direction after which a connection is closed.
    #[arg(long, value_name = "SECS", default_value_t = Limits::default().idle_timeout.as_secs_f64())]
    idle_timeout: f64,
    /// Seconds a request body may take to arrive.
    #[arg(long, value_name = "SECS", default_value_t = Limits::default().body_read_timeout.as_secs_f64())]
    body_read_timeout: f64,
    /// Largest request body in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_body_bytes)]
    max_body_bytes: usize,
    /// Paths one addRestoreSource request may name.
    #[arg(long, default_value_t = Limits::default().restore_sources_per_request)]
    restore_sources_per_request: usize,
    /// Restore source paths kept per target cluster.
    #[arg(long, default_value_t = Limits::default().restore_sources_per_cluster)]
    restore_sources_per_cluster: usize,
}

fn seconds(value: f64, flag: &str) -> Result<Duration, String> {
    if value > 0.0 && value.is_finite() {
        Ok(Duration::from_secs_f64(value))
    } else {
        Err(format!("--{flag} must be a positive number of seconds"))
    }
}

fn split_credential(text: &str, what: &str) -> Result<(String, String, bool), String> {
    let (name, rest) = text
        .split_once(':')
        .ok_or_else(|| format!("{what} {text:?}: expected NAME:SECRET[:ro]"))?;
    let (secret, read_only) = match rest.rsplit_once(':') {
        Some((secret, "ro")) => (secret, true),
        _ => (rest, false),
    };
    if name.is_empty() || secret.is_empty() {
        return Err(format!(
            "{what} {text:?}: name and secret must not be empty"
        ));
    }
    Ok((name.to_owned(), secret.to_owned(), read_only))
}

fn rate(value: f64, flag: &str) -> Result<f64, String> {
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("--{flag} must be between 0 and 1"))
    }
}

fn config(args: Args) -> Result<SimConfig, String> {
    let mut config = SimConfig {
        port: args.port,
        seed: args.seed,
        speed: args.speed,
        fleet: args.fleet,
        ..SimConfig::default()
    };
    if let Some(start) = args.start {
        let t = chrono::DateTime::parse_from_rfc3339(&start)
            .map_err(|e| format!("--start {start:?}: {e}"))?;
        config.start = StartTime::Fixed(t);
    }
    if !args.users.is_empty() {
        config.users = args
            .users
            .iter()
            .map(|u| split_credential(u, "--user").map(|(n, p, ro)| User::new(n, p, ro)))
            .collect::<Result<_, _>>()?;
    }
    if !args.access_keys.is_empty() {
        config.access_keys = args
            .access_keys
            .iter()
            .map(|k| {
                split_credential(k, "--access-key").map(|(i, s, ro)| SimAccessKey::new(i, s, ro))
            })
            .collect::<Result<_, _>>()?;
    }
    let throttle = match args.fault_throttle {
        None => None,
        Some(spec) => {
            let (n, secs) = spec
                .split_once('/')
                .ok_or_else(|| format!("--fault-throttle {spec:?}: expected N/SECS"))?;
            let limit = n
                .trim()
                .parse()
                .map_err(|_| format!("--fault-throttle {spec:?}: N is not a number"))?;
            let secs: f64 = secs
                .trim()
                .parse()
                .map_err(|_| format!("--fault-throttle {spec:?}: SECS is not a number"))?;
            if !(secs > 0.0 && secs.is_finite()) {
                return Err(format!("--fault-throttle {spec:?}: SECS must be positive"));
            }
            Some(Throttle {
                limit,
                window: Duration::from_secs_f64(secs),
            })
        }
    };
    config.faults = Faults {
        latency: Duration::from_millis(args.fault_latency_ms),
        server_error_rate: rate(args.fault_error_rate, "fault-error-rate")?,
        throttle,
        drop_rate: rate(args.fault_drop_rate, "fault-drop-rate")?,
        truncate_rate: rate(args.fault_truncate_rate, "fault-truncate-rate")?,
        malformed_rate: rate(args.fault_malformed_rate, "fault-malformed-rate")?,
        ..Faults::default()
    };
    config.limits = Limits {
        max_connections: args.max_connections.max(1),
        header_read_timeout: seconds(args.header_read_timeout, "header-read-timeout")?,
        idle_timeout: seconds(args.idle_timeout, "idle-timeout")?,
        body_read_timeout: seconds(args.body_read_timeout, "body-read-timeout")?,
        max_body_bytes: args.max_body_bytes,
        restore_sources_per_request: args.restore_sources_per_request,
        restore_sources_per_cluster: args.restore_sources_per_cluster,
        ..Limits::default()
    };
    Ok(config)
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = match config(Args::parse()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("ocp-sim: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let (users, keys) = (config.users.clone(), config.access_keys.clone());
    let handle = match ocp_sim::spawn(config).await {
        Ok(h) => h,
        Err(e) => {
            eprintln!("ocp-sim: cannot listen: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("ocp-sim listening on {}", handle.base_url());
    println!("simulated time: {}", handle.now().to_rfc3339());
    for u in &users {
        println!(
            "  user       {}:{}{}",
            u.name,
            u.password,
            if u.read_only { " (read-only)" } else { "" }
        );
    }
    for k in &keys {
        println!(
            "  access key {}:{}{}",
            k.id,
            k.secret,
            if k.read_only { " (read-only)" } else { "" }
        );
    }
    println!("press Ctrl-C to stop");
    let _ = tokio::signal::ctrl_c().await;
    handle.stop().await;
    std::process::ExitCode::SUCCESS
}
