//! Lookups and refusals that several operations share: unknown clusters and tenants (404), and
//! the objects OCP will not back up (standby clusters, OceanBase 3.x tenants, logical backup).

use axum::http::StatusCode;
use ocp_api::enums::{BackupMode, OcpErrorCode};

use super::{ClusterRec, ObjectKey, TenantRec, Time, World};
use crate::errors::{ApiFailure, CLUSTER, TENANT};

impl World {
    pub(crate) fn cluster_or_404(&self, id: i64, param: &str) -> Result<&ClusterRec, ApiFailure> {
        self.cluster_rec(id)
            .ok_or_else(|| ApiFailure::not_found(CLUSTER, format!("{param}={id}")))
    }

    /// A tenant that exists (now) in the given cluster.
    pub(crate) fn tenant_or_404(
        &self,
        cluster_id: i64,
        tenant_id: i64,
        param: &str,
        now: Time,
    ) -> Result<&TenantRec, ApiFailure> {
        self.tenant_rec(tenant_id)
            .filter(|t| t.cluster_id == cluster_id && self.tenant_visible_status(t, now).is_some())
            .ok_or_else(|| ApiFailure::not_found(TENANT, format!("{param}={tenant_id}")))
    }

    pub(crate) fn object_label(&self, object: ObjectKey) -> String {
        let cluster = self
            .cluster_rec(object.cluster_id())
            .map_or("?", |c| c.name.as_str());
        match object.tenant_id().and_then(|t| self.tenant_rec(t)) {
            Some(t) => format!("{cluster}:{}", t.name),
            None => cluster.to_owned(),
        }
    }

    /// Refusals shared by strategy creation and backup now: standby clusters, OceanBase 3.x
    /// tenants and logical backup.
    pub(super) fn check_backup_target(
        &self,
        object: ObjectKey,
        mode: &BackupMode,
    ) -> Result<(), ApiFailure> {
        let c = self.cluster_or_404(object.cluster_id(), "id")?;
        if c.is_standby() {
            let primary = c
                .primary_id
                .and_then(|p| self.cluster_rec(p))
                .map_or("?", |p| p.name.as_str());
            return Err(ApiFailure::new(
                StatusCode::BAD_REQUEST,
                OcpErrorCode::Bak40002,
                vec![primary.into(), c.name.as_str().into(), primary.into()],
            ));
        }
        if object.tenant_id().is_some() && c.major() < 4 {
            return Err(ApiFailure::new(
                StatusCode::BAD_REQUEST,
                OcpErrorCode::Bak30002,
                vec![c.ob_version.as_str().into()],
            ));
        }
        if *mode != BackupMode::PhysicalBackup {
            return Err(if object.tenant_id().is_some() {
                ApiFailure::new(StatusCode::BAD_REQUEST, OcpErrorCode::Bak30004, vec![])
            } else {
                ApiFailure::new(
                    StatusCode::BAD_REQUEST,
                    OcpErrorCode::Bak21008,
                    vec![self.object_label(object).into(), mode.as_str().into()],
                )
            });
        }
        Ok(())
    }

    pub(super) fn no_strategy(&self, object: ObjectKey) -> ApiFailure {
        ApiFailure::new(
            StatusCode::NOT_FOUND,
            OcpErrorCode::Bak21006,
            vec![self.object_label(object).into()],
        )
    }
}
