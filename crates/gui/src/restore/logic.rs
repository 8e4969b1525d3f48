//! What the restore wizard's actions and results do, and the end of a followed restore.

use ocp_api::Operation;

use super::form::{self, RestoreStep, RestoreWizard, SourceKind};
use super::{Action, Done, requests};
use crate::app::{App, Level};
use crate::error::UiError;
use crate::model::{Job, Target};
use crate::state::Tab;

impl App {
    pub(crate) fn apply_restore(&mut self, action: Action) {
        match action {
            Action::Open(target) => {
                let picked = self
                    .timeline
                    .restore_point
                    .as_ref()
                    .filter(|_| self.view.selected == Some(target));
                let mut w = RestoreWizard::new(target, picked);
                // The offline source's files come from the cluster the request names.
                if let Some(c) = self.data.cluster(target.cluster()) {
                    w.offline.cluster_name = c.name.clone();
                }
                self.restore.wizard = Some(w);
                if target.tenant().is_some() {
                    self.load_timeline(target);
                }
            }
            Action::Again(task) => {
                let w = RestoreWizard::from_task(&task);
                let (source, target) = (w.source, w.target_cluster);
                let online = w.source_kind == SourceKind::Online;
                self.restore.wizard = Some(w);
                if online {
                    self.load_timeline(source);
                }
                // The target's tenants: the name check, and the zones of the tenant it made.
                if let Some(c) = target {
                    self.load_tenants(c);
                }
            }
            Action::Goto(step) => {
                let tr = self.tr();
                let no_preview = self.lacks(Operation::PreviewRestore).is_some();
                let Some(w) = &mut self.restore.wizard else {
                    return;
                };
                // An OCP without a preview: the step is passed over, either way.
                let step = match step {
                    RestoreStep::Preview if no_preview && w.step.index() < step.index() => {
                        RestoreStep::Confirm
                    }
                    RestoreStep::Preview if no_preview => RestoreStep::Target,
                    other => other,
                };
                if w.step == RestoreStep::Source
                    && step != RestoreStep::Source
                    && w.source_kind == SourceKind::Offline
                {
                    // Errors show beside their fields from the first try on; nothing moves on.
                    w.offline_checked = true;
                    if !w.offline.errors(tr).is_empty() {
                        return;
                    }
                }
                w.step = step;
                w.error = None;
                if step == RestoreStep::Preview {
                    self.start_preview();
                }
            }
            Action::TargetCluster(cluster) => {
                let Some(w) = &mut self.restore.wizard else {
                    return;
                };
                w.target_cluster = Some(cluster);
                let loaded = self
                    .data
                    .tenants
                    .get(&cluster)
                    .is_some_and(|l| l.value.is_some());
                if !loaded {
                    self.load_tenants(cluster);
                }
            }
            Action::Submit => {
                if self.worker.any_busy(|j| matches!(j, Job::Restore(_))) {
                    return;
                }
                if let Some(w) = &mut self.restore.wizard {
                    w.error = None;
                }
                if let Some((source, param)) = self.restore_param() {
                    self.run(|c| requests::restore(c, source, param));
                }
            }
            Action::AddSources => {
                let Some(w) = &mut self.restore.wizard else {
                    return;
                };
                let (Some(cluster), Ok(paths)) = (
                    w.target_cluster,
                    form::restore_source_paths(&w.sources_text),
                ) else {
                    return;
                };
                if paths.is_empty() {
                    return;
                }
                w.sources_error = None;
                self.run(|c| requests::add_sources(c, cluster, paths));
            }
            Action::ClearSources => {
                let Some(w) = &mut self.restore.wizard else {
                    return;
                };
                let Some(cluster) = w.target_cluster else {
                    return;
                };
                w.sources_error = None;
                self.run(|c| requests::clear_sources(c, cluster));
            }
            Action::Close => {
                if !self.worker.any_busy(|j| matches!(j, Job::Restore(_))) {
                    self.restore.wizard = None;
                }
            }
        }
    }

    pub(crate) fn on_restore_done(&mut self, done: Done) {
        match done {
            Done::Preview(_, Ok(items)) => {
                if let Some(w) = &mut self.restore.wizard {
                    w.preview = Some(items);
                }
            }
            Done::Preview(_, Err(e)) => self.wizard_failed(e),
            Done::Started(_, Ok(task_ids)) => {
                let cluster = self.restore.wizard.take().and_then(|w| w.target_cluster);
                let text = self.tr().restore_started(&task_ids);
                self.notify(Level::Success, text, None);
                for id in task_ids {
                    if let Some(c) = cluster {
                        self.restore.following.push((id, c));
                    }
                    self.tasks.follow(id);
                    self.load_instance(id);
                }
                self.view.tab = Tab::TaskInstances;
            }
            // The wizard stays open with everything typed, showing why.
            Done::Started(_, Err(e)) => self.wizard_failed(e),
            Done::SourcesAdded(_, Ok(paths)) => {
                if let Some(w) = &mut self.restore.wizard {
                    for p in paths {
                        if !w.sources_added.contains(&p) {
                            w.sources_added.push(p);
                        }
                    }
                    w.sources_text.clear();
                }
                self.sources_changed(self.tr().restore_sources_added_ok);
            }
            Done::SourcesCleared(_, Ok(())) => {
                if let Some(w) = &mut self.restore.wizard {
                    w.sources_added.clear();
                    w.confirm_clear = false;
                }
                self.sources_changed(self.tr().restore_sources_cleared);
            }
            Done::SourcesAdded(_, Err(e)) | Done::SourcesCleared(_, Err(e)) => {
                // The typed paths stay for another try.
                if let Some(w) = &mut self.restore.wizard {
                    w.sources_error = Some(e.clone());
                    w.confirm_clear = false;
                }
                self.report(e);
            }
        }
    }

    fn wizard_failed(&mut self, e: UiError) {
        if let Some(w) = &mut self.restore.wizard {
            w.error = Some(e.clone());
        }
        self.report(e);
    }

    fn sources_changed(&mut self, text: &str) {
        self.notify(Level::Success, text.to_owned(), None);
        // The preview reads the added sources too.
        if self
            .restore
            .wizard
            .as_ref()
            .is_some_and(|w| w.step == RestoreStep::Preview)
        {
            self.start_preview();
        }
    }

    /// When a followed restore's task has ended, its target cluster's tenants reload (the new
    /// tenant shows up in the navigator).
    pub(crate) fn restore_ended(&mut self, task: i64) {
        let ended = self
            .data
            .instances
            .get(&task)
            .and_then(|l| l.value.as_ref())
            .is_some_and(|t| t.status.as_str() != "RUNNING");
        if !ended {
            return;
        }
        let clusters: Vec<i64> = self
            .restore
            .following
            .iter()
            .filter(|(t, _)| *t == task)
            .map(|(_, c)| *c)
            .collect();
        self.restore.following.retain(|(t, _)| *t != task);
        for cluster in clusters {
            self.navigator.expanded.insert(cluster);
            self.load_tenants(cluster);
            self.notify(Level::Info, self.tr().restore_finished.to_owned(), None);
        }
    }

    /// Asks OCP what the wizard's restore would read (again, after the sources changed).
    fn start_preview(&mut self) {
        if let Some(w) = &mut self.restore.wizard {
            w.preview = None;
        }
        if let Some((source, param)) = self.restore_param() {
            self.run(|c| requests::preview(c, source, param));
        }
    }

    fn restore_param(&self) -> Option<(Target, ocp_api::types::RestoreTenantParam)> {
        let w = self.restore.wizard.as_ref()?;
        let timeline = self
            .data
            .timelines
            .get(&w.source)
            .and_then(|l| l.value.as_ref());
        let existing = w
            .target_cluster
            .and_then(|c| self.data.tenants.get(&c))
            .and_then(|l| l.value.as_deref())?;
        let quick = w.quick_restore(&self.data);
        let param = w.to_param(self.tr(), timeline, existing, &quick).ok()?;
        Some((w.source, param))
    }
}
