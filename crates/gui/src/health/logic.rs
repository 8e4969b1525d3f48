//! Starting collections, taking in what they answer, and what the home's actions do.

use std::time::Duration;

use ocp_health::ErrorInfo;

use super::{Action, Done, OcpEntry, RowAction, Scope, Source, requests, table};
use crate::app::{self, App};
use crate::error::UiError;
use crate::files::FileKind;
use crate::model::{Job, Target};
use crate::settings::{Profile, Startup};
use crate::state::Tab;
use crate::{overview, restore};

impl App {
    /// The OCP of the live connection.
    pub(crate) fn current_source(&self) -> Option<Source> {
        let conn = self.conn.as_ref()?;
        Some(if conn.demo {
            Startup::Demo
        } else {
            self.settings.startup
        })
    }

    /// The OCPs the home covers, with their names: the live one, or every saved one (and the
    /// demo while it runs).
    fn health_sources(&self) -> Vec<(Source, String)> {
        let name = |source: Source| match source {
            Startup::Demo => Some(self.tr().demo_connection.to_owned()),
            Startup::Profile(id) => self.settings.profile(id).map(|p| p.name.clone()),
        };
        let sources = match self.settings.health.scope {
            Scope::Current => self.current_source().into_iter().collect(),
            Scope::All => {
                let demo = (self.demo_target.is_some() || self.is_demo()).then_some(Startup::Demo);
                demo.into_iter()
                    .chain(
                        self.settings
                            .profiles
                            .iter()
                            .map(|p| Startup::Profile(p.id)),
                    )
                    .collect::<Vec<_>>()
            }
        };
        sources
            .into_iter()
            .filter_map(|s| Some((s, name(s)?)))
            .collect()
    }

    /// How often the home collects again on its own, if at all.
    pub fn health_refresh_interval(&self) -> Option<Duration> {
        let minutes = self.settings.health.auto_refresh_minutes;
        (minutes > 0).then(|| Duration::from_secs(u64::from(minutes) * 60))
    }

    pub(crate) fn apply_health(&mut self, action: Action) {
        match action {
            Action::Show => {
                self.health.shown = true;
                self.collect_missing_health();
            }
            Action::SetScope(scope) => {
                self.settings.health.scope = scope;
                self.collect_missing_health();
            }
            Action::Refresh => self.refresh_health(),
            Action::SetAutoRefresh(minutes) => self.settings.health.auto_refresh_minutes = minutes,
            Action::ExportCsv => {
                let csv = self.health.table.to_csv(self.tr());
                self.save_file(FileKind::Csv, "ocp-backup-health.csv".into(), csv, false);
            }
            Action::Row(action, row) => {
                if self.current_source() != Some(row.source) {
                    self.connect(row.source);
                    // A secret may have to be typed first; the user acts again after.
                    if self.current_source() != Some(row.source) {
                        return;
                    }
                }
                let target = row.target;
                if let Target::Tenant { cluster, .. } = target
                    && self.navigator.expanded.insert(cluster)
                {
                    self.load_tenants(cluster);
                }
                self.push(app::Action::Select(target));
                match action {
                    RowAction::Open => {}
                    RowAction::BackupNow => self.push(overview::Action::OpenBackupNow(target)),
                    RowAction::Restore => self.push(restore::Action::Open(target)),
                    RowAction::CreateStrategy => self.push(app::Action::SetTab(Tab::Strategy)),
                }
            }
        }
    }

    pub(crate) fn on_health_done(&mut self, done: Done) {
        match done {
            Done::Collected(source, health) => {
                if let Some(e) = self.health.entries.iter_mut().find(|e| e.source == source) {
                    e.finish(*health);
                    self.health.built_for = None;
                }
            }
        }
    }

    /// Collects every OCP in scope again; rows stay until their cluster answers anew.
    pub(crate) fn refresh_health(&mut self) {
        for (source, label) in self.health_sources() {
            self.collect_health(source, label);
        }
    }

    fn collect_health(&mut self, source: Source, label: String) {
        self.health.last_refresh = Some(std::time::Instant::now());
        let client = self.health_client(source);
        let entries = &mut self.health.entries;
        let entry = match entries.iter().position(|e| e.source == source) {
            Some(i) => &mut entries[i],
            None => {
                entries.push(OcpEntry::new(source, label));
                entries.last_mut().expect("just pushed")
            }
        };
        match client {
            Ok(client) => {
                entry.feed = Default::default();
                let repaint = self.worker.repaint_context();
                self.worker.run(requests::collect(
                    source,
                    client,
                    entry.feed.clone(),
                    repaint,
                ));
            }
            Err(e) => {
                entry.error = Some(e);
                entry.clusters.clear();
                self.health.built_for = None;
            }
        }
    }

    /// A client of the OCP: the live connection's, or one made from the saved profile.
    fn health_client(&mut self, source: Source) -> Result<ocp_api::Client, ErrorInfo> {
        let invalid = |e: UiError| ErrorInfo {
            code: None,
            message: e.summary(),
            trace_id: None,
            http_status: None,
        };
        if self.current_source() == Some(source)
            && let Some(c) = self.client()
        {
            return Ok(c);
        }
        match source {
            Startup::Demo => {
                let demo = self
                    .demo_target
                    .clone()
                    .ok_or_else(|| invalid(UiError::invalid("the demo is not running")))?;
                self.demo_client(demo).map_err(invalid)
            }
            Startup::Profile(id) => {
                let profile = self
                    .settings
                    .profile(id)
                    .cloned()
                    .ok_or_else(|| invalid(UiError::invalid("no such connection")))?;
                let secret = self
                    .secrets
                    .get(&Profile::keyring_account(&profile))
                    .ok_or_else(|| invalid(UiError::invalid(self.tr().health.no_secret)))?;
                self.client_for(&profile, secret).map_err(invalid)
            }
        }
    }

    /// Starts the OCPs in scope never collected, while the home is on screen.
    fn collect_missing_health(&mut self) {
        if !self.health.shown {
            return;
        }
        for (source, label) in self.health_sources() {
            if self.health.entry(source).is_none() {
                self.collect_health(source, label);
            }
        }
    }

    /// Before the frame is drawn: starts the OCPs never collected (the first frame, a new
    /// connection, a wider scope), takes in the clusters that answered, and rebuilds the rows
    /// when they, the language or the OCPs in scope changed.
    pub(crate) fn sync_health(&mut self) {
        self.collect_missing_health();
        let sources = self.health_sources();
        let mut arrived = false;
        for e in &mut self.health.entries {
            arrived |= e.take_arrived();
            if let Some((_, label)) = sources.iter().find(|(s, _)| *s == e.source) {
                e.label.clone_from(label);
            }
        }
        // The rows' text is written when they are built: rebuild when anything it is written
        // from changes (language, zone and the OCP's offset, the connections and their names).
        let key = (self.fmt(), sources);
        if arrived || self.health.built_for.as_ref() != Some(&key) {
            let tr = self.tr();
            let rows = key
                .1
                .iter()
                .filter_map(|(s, _)| self.health.entry(*s))
                .flat_map(|e| table::rows_of(tr, &key.0, e))
                .collect();
            // `set_rows` filters and sorts them by the table's view.
            self.health.table.set_rows(rows);
            self.health.built_for = Some(key);
        }
    }

    /// While the home is on screen, collects again every interval of the settings: the
    /// home's one timer.
    pub(crate) fn health_auto_refresh(&mut self, ctx: &egui::Context) {
        let Some(every) = self.health_refresh_interval() else {
            return;
        };
        if !self.health.shown {
            return;
        }
        let since = self.health.last_refresh.map_or(every, |t| t.elapsed());
        let busy = self.worker.any_busy(|j| matches!(j, Job::Health(_)));
        if since >= every && !busy {
            self.refresh_health();
            ctx.request_repaint_after(every);
        } else {
            ctx.request_repaint_after(every.saturating_sub(since).max(Duration::from_secs(1)));
        }
    }
}
