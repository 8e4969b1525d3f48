//! Loading the navigator's lists, and what their answers start.

use super::{Action, Done, requests};
use crate::app::{self, App};
use crate::model::Target;
use crate::overview;

impl App {
    pub(crate) fn apply_navigator(&mut self, action: Action) {
        match action {
            Action::ToggleCluster(id) => {
                if !self.navigator.expanded.remove(&id) {
                    self.navigator.expanded.insert(id);
                    self.load_tenants(id);
                }
            }
        }
    }

    pub(crate) fn on_navigator_done(&mut self, done: Done) {
        match done {
            Done::Clusters(r) => {
                let failed = r.as_ref().err().cloned();
                self.data.clusters.set(r);
                if let Some(e) = failed {
                    self.report(e);
                }
                // Every cluster's overview feeds its navigator badge.
                let ids: Vec<i64> = self
                    .data
                    .clusters
                    .value
                    .iter()
                    .flatten()
                    .map(|c| c.id)
                    .collect();
                for &id in &ids {
                    self.run(|c| overview::requests::cluster_overview(c, id));
                }
                // The home is the first screen; leaving it selects.
                if self.view.selected.is_none()
                    && !self.health.shown
                    && let Some(&first) = ids.first()
                {
                    self.push(app::Action::Select(Target::Cluster(first)));
                }
            }
            Done::Tenants(cluster, r) => {
                let entry = self.data.tenants.entry(cluster).or_default();
                match r {
                    Ok(list) => {
                        let targets: Vec<Target> = list
                            .iter()
                            .map(|t| Target::Tenant {
                                cluster,
                                tenant: t.id,
                            })
                            .collect();
                        entry.set(Ok(list));
                        for target in targets {
                            self.run(|c| requests::tenant_badge(c, target));
                        }
                    }
                    Err(e) => {
                        entry.set(Err(e.clone()));
                        self.report(e);
                    }
                }
            }
            Done::TenantBadge(target, Ok(badge)) => {
                self.data.badges.insert(target, *badge);
            }
            Done::TenantBadge(_, Err(e)) => self.report(e),
        }
    }

    pub(crate) fn load_clusters(&mut self) {
        self.run(requests::clusters);
    }

    pub(crate) fn load_tenants(&mut self, cluster: i64) {
        self.run(|c| requests::tenants(c, cluster));
    }
}
