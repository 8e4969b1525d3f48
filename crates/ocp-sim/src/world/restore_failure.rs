//! Restores made to fail (`SimConfig::restore_failures`, `--fail-restore`): a chosen source
//! tenant's restores fail in a chosen phase with one of OCP's documented restore error codes, so
//! that a client's way of showing the cause can be tested. The cause is the restore task's
//! `errorMsg` and the `context` of the failed subtask of its OCP task.

use axum::http::StatusCode;
use ocp_api::enums::{OcpErrorCode, RestoreTaskStatus};

use super::{ObjectKey, RestoreFailureRec, World};
use crate::RestoreFailure;
use crate::errors::{ApiFailure, Arg, Lang};

/// The codes of OCP's error table that a running restore can end with: the task failed
/// (BAK42001), a resource unit could not be created (BAK42002), a backup file could not be
/// read (BAK41004).
pub const RESTORE_FAILURE_CODES: [OcpErrorCode; 3] = [
    OcpErrorCode::Bak42001,
    OcpErrorCode::Bak42002,
    OcpErrorCode::Bak41004,
];

impl RestoreFailure {
    /// Why the simulator cannot inject this failure, if it cannot.
    pub fn check(&self) -> Result<(), String> {
        if !RESTORE_FAILURE_CODES.contains(&self.code) {
            let codes: Vec<&str> = RESTORE_FAILURE_CODES.iter().map(|c| c.as_str()).collect();
            return Err(format!(
                "restore failure code {}: expected one of {}",
                self.code.as_str(),
                codes.join(", ")
            ));
        }
        let ended = matches!(
            self.phase,
            RestoreTaskStatus::RestoreSuccess | RestoreTaskStatus::RestoreFail
        );
        if ended || !self.phase.is_known() {
            return Err(format!(
                "restore failure phase {}: expected a RESTORE_* phase of a running restore",
                self.phase.as_str()
            ));
        }
        if self.tenant.trim().is_empty() {
            return Err("restore failure: the source tenant is empty".into());
        }
        Ok(())
    }
}

impl World {
    /// The failure configured for restores of `source` (`tenant` or `cluster:tenant`).
    pub(crate) fn injected_failure(&self, source: ObjectKey) -> Option<&RestoreFailure> {
        let tenant = self.tenant_rec(source.tenant_id()?)?;
        let cluster = self.cluster_rec(source.cluster_id())?;
        self.restore_failures
            .iter()
            .find(|f| match f.tenant.split_once(':') {
                Some((c, t)) => c == cluster.name && t == tenant.name,
                None => f.tenant == tenant.name,
            })
    }

    /// The cause of an injected failure, worded as OCP's error table words `code`.
    pub(crate) fn failure_cause(
        &self,
        failure: &RestoreFailure,
        target_cluster_id: i64,
        pool: &str,
        uri: &str,
        trace_id: String,
    ) -> RestoreFailureRec {
        let host = self
            .cluster_rec(target_cluster_id)
            .and_then(|c| c.zones.first()?.servers.first())
            .map_or_else(|| "127.0.0.1".to_owned(), |s| s.ip.clone());
        let args: Vec<Arg> = match failure.code.as_str() {
            "BAK42002" => vec![
                pool.to_owned().into(),
                "not enough CPU or memory left in the zone for the unit".into(),
            ],
            "BAK41004" => vec![
                host.into(),
                uri.split(',').next().unwrap_or(uri).to_owned().into(),
            ],
            _ => vec![],
        };
        let message = ApiFailure::new(StatusCode::OK, failure.code.clone(), args).message(Lang::En);
        RestoreFailureRec {
            code: failure.code.clone(),
            message,
            phase: failure.phase.clone(),
            trace_id,
        }
    }
}

impl RestoreFailureRec {
    /// The failed subtask's `context`: what a console's "View cause" shows.
    pub(crate) fn context(&self) -> String {
        serde_json::json!({
            "errorCode": self.code.as_str(),
            "errorMessage": self.message,
            "failedPhase": self.phase.as_str(),
            "traceId": self.trace_id,
        })
        .to_string()
    }
}
