//! Backup health of every cluster and tenant of one OCP: the one model behind `ocpctl backup
//! status`, `ocpctl exporter` and the GUI's health home.
//!
//! [`collect`] reads an OCP with cluster-level calls only (every one of them exists since OCP
//! 4.0, so OCP 4.0, 4.2 and 4.3 all answer): `listClusters`, then per cluster
//! `getClusterBackupOverview`, `getClusterBackupInfo` (which lists every tenant),
//! `listClusterDataBackupTasks` over the task window, `listClusterLogBackupTasks`, and
//! `getClusterBackupStrategy` when the cluster's strategy is cluster-level (plus
//! `listClusterRestoreTasks` with a drill prefix). At most [`Options::concurrency`] requests
//! are in flight; reads are retried by the client (429/503 with backoff, see
//! `ocp_api::RetryPolicy`). A cluster whose calls fail gets its objects marked
//! [`Verdict::Unknown`] with the error; the others are judged as usual. Each cluster is
//! reported through the progress callback as soon as it is done.
//!
//! The verdict rules and the default thresholds are in [`verdict`] and
//! [`Thresholds::DEFAULT`].
//!
//! ```no_run
//! # async fn demo(client: ocp_api::Client) {
//! let health = ocp_health::collect(&client, &ocp_health::Options::default(), |p| {
//!     if let ocp_health::Progress::Cluster { done, total, .. } = p {
//!         eprintln!("{done} / {total} clusters");
//!     }
//! })
//! .await;
//! for (cluster, object) in health.objects() {
//!     println!("{} {:?} {}", cluster.name, object.tenant, object.verdict);
//! }
//! # }
//! ```

mod collect;
pub mod model;
pub mod verdict;

use std::time::Duration;

pub use model::*;
pub use ocp_api::schedule::{self, ScheduledRun};
pub use verdict::{Finding, Verdict};

/// The start of a restore drill's tenant name (`ocpctl restore drill --name-prefix`'s default).
pub const DEFAULT_DRILL_PREFIX: &str = "drill_";

/// How a collection runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Requests in flight at once (default 8).
    pub concurrency: usize,
    /// Data backup tasks that started this long before OCP's clock are counted (default 24 h).
    pub task_window: Duration,
    /// How far back successful backups and recoverable times are looked for (default 7 days,
    /// the period OCP's backup info covers by default).
    pub lookback: Duration,
    /// Restores into a tenant whose name starts with this are restore drills; `None` (the
    /// default) skips the restore task lists.
    pub drill_prefix: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            concurrency: 8,
            task_window: Duration::from_secs(24 * 3600),
            lookback: Duration::from_secs(7 * 86_400),
            drill_prefix: None,
        }
    }
}

/// What a collection reports while it runs.
#[derive(Debug)]
pub enum Progress<'a> {
    /// The clusters are listed; `total` of them will follow.
    Listed { total: usize },
    /// One more cluster is done (`done` of `total`), in the order they finish.
    Cluster {
        done: usize,
        total: usize,
        cluster: &'a ClusterHealth,
    },
}

/// Collects the backup health of every cluster and tenant the client's OCP manages.
pub async fn collect(
    client: &ocp_api::Client,
    options: &Options,
    progress: impl FnMut(Progress<'_>),
) -> OcpHealth {
    collect::collect(client, options, progress).await
}
