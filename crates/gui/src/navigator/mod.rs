//! The navigator: clusters → tenants, each with a status badge; filter by name.

mod logic;
pub mod requests;
pub mod view;

use std::collections::BTreeSet;

use ocp_api::types;

use crate::error::UiError;
use crate::model::{Target, TenantBadge};

#[derive(Default)]
pub struct State {
    /// Clusters whose tenants are listed.
    pub expanded: BTreeSet<i64>,
    /// The name filter as typed.
    pub filter: String,
}

#[must_use]
#[derive(Clone, Debug)]
pub enum Action {
    /// Show or hide a cluster's tenants.
    ToggleCluster(i64),
}

pub enum Done {
    Clusters(Result<Vec<types::Cluster>, UiError>),
    Tenants(i64, Result<Vec<types::Tenant>, UiError>),
    TenantBadge(Target, Result<Box<TenantBadge>, UiError>),
}
