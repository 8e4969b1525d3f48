//! A simulator for one test, clients for it, and what reached it.

use std::sync::Arc;

use ocp_api::enums::RecoverableSectionItemType;
use ocp_api::{
    Client, ClientConfig, Credentials, OcpError, OcpVersion, Operation, supports, types,
};
use ocp_sim::{DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, SimConfig, SimHandle, Version};

/// The seeded world on a clock that moves only when the test moves it.
pub async fn frozen_sim() -> Arc<SimHandle> {
    frozen_sim_with(SimConfig::for_tests()).await
}

pub async fn frozen_sim_with(config: SimConfig) -> Arc<SimHandle> {
    Arc::new(ocp_sim::spawn(config).await.expect("simulator starts"))
}

/// A client of the simulator with `credentials`.
pub fn client_for(sim: &SimHandle, credentials: Credentials) -> Client {
    ClientConfig::new(sim.base_url())
        .credentials(credentials)
        .build()
        .expect("client")
}

/// A client signed in as the seeded admin.
pub fn admin(sim: &SimHandle) -> Client {
    client_for(
        sim,
        Credentials::basic(DEFAULT_ADMIN_USER, DEFAULT_ADMIN_PASSWORD),
    )
}

/// Requests with `method` to a path ending in `suffix` that reached the simulator.
pub fn requests_to(sim: &SimHandle, method: &str, suffix: &str) -> usize {
    sim.world(|w| {
        w.request_log()
            .iter()
            .filter(|r| r.method == method && r.path.ends_with(suffix))
            .count()
    })
}

/// HTTP status and OCP error code of a refusal.
pub fn code(e: &OcpError) -> (Option<u16>, String) {
    (e.status(), e.code().unwrap_or("").to_owned())
}

/// The RECOVERABLE intervals of the latest seven days of a tenant's backup info, oldest first.
pub fn recoverable_windows(
    info: &types::ObTenantBackupInfo,
) -> Vec<types::RecoverableTimeInterval> {
    info.ob_recoverable_info_aggregation
        .clone()
        .expect("a recoverable info aggregation")
        .latest_seven_days_aggregation
        .expect("the latest seven days")
        .ob_recoverable_section_items
        .into_iter()
        .filter(|i| i.ob_recoverable_section_item_type == RecoverableSectionItemType::Recoverable)
        .filter_map(|i| i.real_recoverable_time_interval)
        .collect()
}

/// The OCP versions the ocpctl task-command tests run against: the newest, and one without
/// the tenant-level operations.
pub const VERSIONS: [Version; 2] = [Version::new(4, 3, 0), Version::new(4, 2, 2)];

/// The seeded world on a frozen clock, behaving as OCP `version`.
pub async fn frozen_sim_as(version: Version) -> Arc<SimHandle> {
    frozen_sim_with(SimConfig {
        ocp_version: version,
        ..SimConfig::for_tests()
    })
    .await
}

/// The spec's operation a request is for, matched on method and path template.
pub fn operation_of(method: &str, path: &str) -> Option<Operation> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    Operation::ALL.iter().copied().find(|op| {
        let template: Vec<&str> = op.path().split('/').collect();
        op.method() == method
            && template.len() == segments.len()
            && template
                .iter()
                .zip(&segments)
                .all(|(t, s)| t == s || (t.starts_with('{') && t.ends_with('}')))
    })
}

/// Fails the test when a request for an operation that OCP `version` does not have reached
/// the simulator: a version-aware command must not even try one.
pub fn assert_only_supported_requests(sim: &SimHandle, version: Version) {
    let v = OcpVersion::known(version);
    let sent: Vec<String> = sim.world(|w| {
        w.request_log()
            .iter()
            .filter_map(|r| {
                let op = operation_of(&r.method, &r.path)?;
                (!supports(op, &v)).then(|| format!("{op} ({} {})", r.method, r.path))
            })
            .collect()
    });
    assert!(
        sent.is_empty(),
        "OCP {version} has no such operation, yet the simulator received: {sent:#?}"
    );
}

/// Runs `async fn NAME(version: Version)` as one test per version of [`VERSIONS`]
/// (`NAME::ocp_4_3_0`, `NAME::ocp_4_2_2`), so a test is written once for every version.
#[macro_export]
macro_rules! on_each_version {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn ocp_4_3_0() {
                super::$name($crate::sim::VERSIONS[0]).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn ocp_4_2_2() {
                super::$name($crate::sim::VERSIONS[1]).await
            }
        }
    )*};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_map_to_the_specs_operations() {
        let of = operation_of;
        assert_eq!(
            of("POST", "/api/v2/ob/clusters/1/tenants/2/backup/backupNow"),
            Some(Operation::BackupTenantNow)
        );
        assert_eq!(
            of("POST", "/api/v2/ob/clusters/1/backup/backupNow"),
            Some(Operation::BackupClusterNow)
        );
        assert_eq!(
            of("POST", "/api/v2/ob/clusters/1/backup/restore/preview"),
            Some(Operation::PreviewRestore)
        );
        assert_eq!(
            of("GET", "/api/v2/info"),
            Some(Operation::GetApplicationInfo)
        );
        assert_eq!(of("GET", "/api/v2/ob/clusters/1/backup/backupNow"), None);
        assert_eq!(of("GET", "/favicon.ico"), None);
    }
}
