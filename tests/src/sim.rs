//! A simulator for one test, clients for it, and what reached it.

use std::sync::Arc;

use ocp_api::enums::RecoverableSectionItemType;
use ocp_api::{Client, ClientConfig, Credentials, OcpError, types};
use ocp_sim::{DEFAULT_ADMIN_PASSWORD, DEFAULT_ADMIN_USER, SimConfig, SimHandle};

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
