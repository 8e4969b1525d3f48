//! What a command runs with: the environment it was started in, the parsed global flags, the
//! client, the console, and `--verbose` tracing of every request.

use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ocp_api::time::OcpDateTime;
use ocp_api::version::OcpVersion;
use ocp_api::{Client, OcpError, Operation, ResponseValue, types};
use serde_json::Value;

use crate::credentials::{KeyringStore, MemoryStore, SecretStore};
use crate::exit::CliError;
use crate::generated_cli::route;
use crate::output::{Console, Format, mask_secrets};

/// How `--wait` pauses between polls. Tests replace it to move a frozen simulator's clock instead
/// of sleeping.
pub type PauseFn = Arc<dyn Fn(Duration) + Send + Sync>;

/// The process environment `ocpctl` sees, made explicit so tests can run commands in-process
/// side by side.
#[derive(Clone)]
pub struct Env {
    vars: BTreeMap<String, String>,
    config_path: Option<PathBuf>,
    secrets: Arc<dyn SecretStore>,
    pause: Option<PauseFn>,
}

impl Env {
    /// The real environment: process variables, the config file under the user's config dir,
    /// the OS keyring (unless `OCPCTL_NO_KEYRING` is set), real sleeps.
    pub fn process() -> Env {
        let vars: BTreeMap<String, String> = std::env::vars().collect();
        let secrets: Arc<dyn SecretStore> = if vars.contains_key("OCPCTL_NO_KEYRING") {
            Arc::new(MemoryStore::default())
        } else {
            Arc::new(KeyringStore)
        };
        Env {
            config_path: vars
                .get("OCPCTL_CONFIG")
                .map(PathBuf::from)
                .or_else(crate::config::default_path),
            vars,
            secrets,
            pause: None,
        }
    }

    /// No variables, no config file, secrets in memory, real sleeps: for tests.
    pub fn isolated() -> Env {
        Env {
            vars: BTreeMap::new(),
            config_path: None,
            secrets: Arc::new(MemoryStore::default()),
            pause: None,
        }
    }

    pub fn with_var(mut self, key: &str, value: impl Into<String>) -> Env {
        self.vars.insert(key.to_owned(), value.into());
        self
    }

    pub fn with_config_path(mut self, path: impl Into<PathBuf>) -> Env {
        self.config_path = Some(path.into());
        self
    }

    pub fn with_secrets(mut self, store: Arc<dyn SecretStore>) -> Env {
        self.secrets = store;
        self
    }

    /// Replaces the sleep between polls of `--wait`.
    pub fn with_pause(mut self, pause: impl Fn(Duration) + Send + Sync + 'static) -> Env {
        self.pause = Some(Arc::new(pause));
        self
    }

    /// A variable, `None` when unset or empty.
    pub fn var(&self, key: &str) -> Option<String> {
        self.vars.get(key).filter(|v| !v.is_empty()).cloned()
    }

    pub fn config_path(&self) -> Option<&PathBuf> {
        self.config_path.as_ref()
    }

    pub fn secrets(&self) -> &dyn SecretStore {
        self.secrets.as_ref()
    }

    pub async fn pause(&self, d: Duration) {
        match &self.pause {
            Some(f) => {
                f(d);
                tokio::task::yield_now().await;
            }
            None => tokio::time::sleep(d).await,
        }
    }
}

/// The global flags, valid for every command.
#[derive(Clone, Debug, Default, clap::Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalFlags {
    /// Profile of the config file to use [env: OCP_PROFILE]; `exporter` takes several
    #[arg(long = "profile", global = true, value_name = "NAME")]
    pub profiles: Vec<String>,
    /// Config file [env: OCPCTL_CONFIG]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// OCP base URL, e.g. https://ocp.example.com:8080 [env: OCP_URL]
    #[arg(long, global = true, value_name = "URL")]
    pub url: Option<String>,
    /// OCP user (HTTP Basic); password from OCP_PASSWORD or the keyring [env: OCP_USER]
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
    /// AccessKey ID (AK/SK signature); secret from OCP_ACCESS_KEY_SECRET or the keyring [env:
    /// OCP_ACCESS_KEY_ID]
    #[arg(long, global = true, value_name = "ID")]
    pub access_key_id: Option<String>,
    /// PEM file of further CA certificates to trust
    #[arg(long, global = true, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Time limit of one request (default 30s)
    #[arg(long, global = true, value_name = "DURATION", value_parser = ocp_api::duration::parse)]
    pub request_timeout: Option<Duration>,
    /// Language of OCP's messages: en-US or zh-CN
    #[arg(long, global = true, value_name = "LANG")]
    pub language: Option<String>,
    /// json (default when stdout is not a terminal) or table
    #[arg(short, long, global = true, value_name = "FORMAT", value_enum)]
    pub output: Option<Format>,
    /// Print each request (method, URL, status, traceId) on stderr; never a secret
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// What a command talking to OCP has at hand.
#[derive(Clone)]
pub struct Ctx {
    pub client: Client,
    pub base_url: String,
    pub console: Arc<Console>,
    pub env: Env,
    pub verbose: bool,
}

/// The envelope fields every success answer carries.
pub trait Envelope {
    fn trace_id(&self) -> &str;
    /// When the server answered, by its clock.
    fn timestamp(&self) -> &OcpDateTime;
}

macro_rules! envelope {
    ($($t:ident),* $(,)?) => {
        $(impl Envelope for types::$t {
            fn trace_id(&self) -> &str {
                &self.trace_id
            }
            fn timestamp(&self) -> &OcpDateTime {
                &self.timestamp
            }
        })*
    };
}

envelope!(
    BackupCommonResult,
    ClusterPageResult,
    DataBackupTaskPageResult,
    ObClusterBackupInfoResult,
    ObTenantBackupInfoResult,
    OcpBackupStrategyResult,
    RestorePreviewResult,
    RestoreTaskPageResult,
    TaskInstanceResult,
    TenantPageResult,
    TenantResult,
);

/// One request, described for `--verbose`.
pub struct Call<'a> {
    pub operation_id: &'static str,
    pub path: &'a [(&'a str, String)],
    pub query: &'a [(&'a str, String)],
    pub body: Option<Value>,
}

impl Ctx {
    /// Reads the OCP's version once (`GET /api/v2/info`) and returns the context whose client
    /// refuses, before sending, any operation that version lacks. An OCP without the page (404)
    /// or whose page names no version number is taken as the newest documented one, with a
    /// warning, so nothing is withheld on a guess. Any other failure of the read is the
    /// command's, as for any other read (exit 1, or 3 with no answer at all): going on would
    /// send more requests to an OCP that refuses them (a rate limit, a bad password, an outage).
    pub async fn with_server_version(self) -> Result<Ctx, CliError> {
        let started = Instant::now();
        if self.verbose {
            let (method, url) = self.describe(&Call {
                operation_id: Operation::GetApplicationInfo.id(),
                path: &[],
                query: &[],
                body: None,
            });
            self.trace_request(method, &url, None);
        }
        match self.client.server_info().await {
            Ok(version) => {
                if self.verbose {
                    self.trace_answer(Some(200), None, started);
                }
                if !version.is_recognised() {
                    self.console.message(&format!(
                        "warning: OCP reports its version as {:?}, not a version number: treated as OCP {}",
                        version.raw(),
                        version.version()
                    ));
                }
                let client = self.client.with_ocp_version(version);
                Ok(Ctx { client, ..self })
            }
            Err(e) => {
                if self.verbose {
                    self.trace_answer(e.status(), e.trace_id(), started);
                }
                if e.status() != Some(404) {
                    return Err(CliError::Ocp(e));
                }
                self.console.message(&format!(
                    "warning: cannot read OCP's version ({}); treating it as OCP {}",
                    e.to_string().lines().next().unwrap_or_default(),
                    ocp_api::version::Version::newest_documented()
                ));
                Ok(self)
            }
        }
    }

    /// The OCP's version, when [`with_server_version`](Self::with_server_version) read one.
    pub fn ocp_version(&self) -> Option<&OcpVersion> {
        self.client.ocp_version()
    }

    /// Whether the OCP has the operation (true while its version is unknown).
    pub fn supports(&self, operation: Operation) -> bool {
        self.client.supports(operation)
    }

    /// Sends a request built by the caller, tracing it under `--verbose`, and turns the answer
    /// into the body or an [`OcpError`]. Retries are the client's business (reads only).
    pub async fn call<T: Envelope>(
        &self,
        call: Call<'_>,
        send: impl Future<Output = Result<ResponseValue<T>, ocp_api::Error<types::ErrorResponse>>>,
    ) -> Result<T, CliError> {
        let started = Instant::now();
        let (method, url) = self.describe(&call);
        if self.verbose {
            self.trace_request(method, &url, call.body);
        }
        match send.await {
            Ok(answer) => {
                let status = answer.status().as_u16();
                let body = answer.into_inner();
                if self.verbose {
                    self.trace_answer(Some(status), Some(body.trace_id()), started);
                }
                Ok(body)
            }
            Err(e) => {
                let e = OcpError::from(e);
                if self.verbose {
                    self.trace_answer(e.status(), e.trace_id(), started);
                }
                Err(CliError::Ocp(e))
            }
        }
    }

    /// Method and full URL of a call, from the spec's route table.
    pub fn describe(&self, call: &Call<'_>) -> (&'static str, String) {
        match route(call.operation_id) {
            Some(r) => (
                r.method,
                build_url(&self.base_url, r.path, call.path, call.query),
            ),
            None => ("?", call.operation_id.to_owned()),
        }
    }

    pub fn trace_request(&self, method: &str, url: &str, body: Option<Value>) {
        self.console.message(&format!("> {method} {url}"));
        if let Some(mut body) = body {
            mask_secrets(&mut body);
            self.console.message(&format!("> body {body}"));
        }
    }

    pub fn trace_answer(&self, status: Option<u16>, trace_id: Option<&str>, started: Instant) {
        let status = status.map_or_else(|| "no answer".to_owned(), |s| format!("HTTP {s}"));
        self.console.message(&format!(
            "< {status}, traceId {}, {} ms",
            trace_id.filter(|t| !t.is_empty()).unwrap_or("-"),
            started.elapsed().as_millis()
        ));
    }
}

/// `base` + the path with its `{params}` filled in + the query.
pub fn build_url(
    base: &str,
    template: &str,
    path: &[(&str, String)],
    query: &[(&str, String)],
) -> String {
    let mut p = template.to_owned();
    for (name, value) in path {
        p = p.replace(&format!("{{{name}}}"), &encode_path(value));
    }
    let mut url = format!("{}{p}", base.trim_end_matches('/'));
    if !query.is_empty() {
        let mut q = String::new();
        for (i, (k, v)) in query.iter().enumerate() {
            if i > 0 {
                q.push('&');
            }
            q.push_str(&encode_query(k));
            q.push('=');
            q.push_str(&encode_query(v));
        }
        url.push('?');
        url.push_str(&q);
    }
    url
}

fn encode_path(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn encode_query(s: &str) -> String {
    encode_path(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_fill_the_template() {
        let url = build_url(
            "http://ocp:8080/",
            "/api/v2/ob/clusters/{id}/tenants/{tenantId}",
            &[("id", "1".into()), ("tenantId", "2".into())],
            &[
                ("name", "a b".into()),
                ("startTime", "2024-08-09T00:00:00+08:00".into()),
            ],
        );
        assert_eq!(
            url,
            "http://ocp:8080/api/v2/ob/clusters/1/tenants/2?name=a%20b&startTime=2024-08-09T00%3A00%3A00%2B08%3A00"
        );
    }
}
