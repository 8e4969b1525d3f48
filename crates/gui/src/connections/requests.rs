//! The connection editor's "test connection".

use ocp_api::{Client, ResultExt};

use super::Done;
use crate::error::UiError;
use crate::model::Job;
use crate::worker::Request;

/// Reads the connected OCP's version once (`GET /api/v2/info`).
pub fn server_version(client: Client) -> Request {
    Request::new(
        Job::ServerVersion,
        async move { client.server_info().await.map_err(UiError::from) },
        Done::Version,
    )
}

/// Lists one cluster with the edited profile: the count shows the connection works.
pub fn test_connection(client: Client, profile: u64) -> Request {
    Request::new(
        Job::TestConnection(profile),
        fetch_count(client),
        move |r| Done::Tested(profile, r),
    )
}

async fn fetch_count(client: Client) -> Result<usize, UiError> {
    let page = client.list_clusters().page(1).size(1).send().await.ocp()?;
    Ok(page.data.page.total_elements.max(0) as usize)
}
