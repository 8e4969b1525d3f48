//! Running the task tables' queries, following task instances, and what their answers do.

use std::sync::Arc;

use super::restore_details::RestoreDetails;
use super::{Action, Done, requests};
use crate::app::{App, Level};
use crate::files::FileKind;
use crate::model::{Progress, TableId, Target};
use crate::state::Tab;

impl App {
    pub(crate) fn apply_tasks(&mut self, action: Action) {
        match action {
            Action::Run { table, all_pages } => self.run_tasks(table, all_pages),
            Action::ExportCsv(table) => {
                let Some(t) = self.tasks.tables.get(&table) else {
                    return;
                };
                let csv = t.to_csv(self.tr(), &self.fmt());
                let name = format!("ocp-{:?}-tasks.csv", table.kind).to_lowercase();
                self.save_file(FileKind::Csv, name, csv, false);
            }
            Action::Follow(id) => {
                self.tasks.follow(id);
                self.view.tab = Tab::TaskInstances;
                self.load_instance(id);
            }
            Action::Open(id) => self.tasks.open_instance = Some(id),
            Action::OpenRestore(task) => {
                self.tasks.restore_details = Some(RestoreDetails::new(*task));
                self.load_restore_instance();
            }
            Action::RefreshRestore => self.load_restore_instance(),
            Action::CloseRestore => self.tasks.restore_details = None,
        }
    }

    pub(crate) fn on_tasks_done(&mut self, done: Done) {
        let page_size = self.settings.page_size;
        match done {
            Done::Page(_, Ok(page)) => {
                let id = page.query.table;
                self.tasks.table(id, page_size).set_page(*page);
            }
            Done::Page(table, Err(e)) => {
                self.tasks.table(table, page_size).error = Some(e.clone());
                self.report(e);
            }
            Done::Instance(id, r) => {
                let failed = r.as_ref().err().cloned();
                let was_running = self.instance_running(id);
                self.data.instances.entry(id).or_default().set(r);
                // A followed task that ended changed what its target shows.
                if was_running
                    && !self.instance_running(id)
                    && let Some(target) = self.instance_target(id)
                {
                    // A restore's task names the tenant it was creating, which a failed restore
                    // never made (and a finished one is not listed yet): what changed is its
                    // cluster, whose tenants `restore_ended` lists again.
                    let restore = self.restore.following.iter().any(|(t, _)| *t == id);
                    let known = !restore
                        && match target {
                            Target::Cluster(_) => true,
                            Target::Tenant { cluster, tenant } => self
                                .data
                                .tenants
                                .get(&cluster)
                                .and_then(|l| l.value.as_ref())
                                .is_some_and(|ts| ts.iter().any(|t| t.id == tenant)),
                        };
                    self.after_write(if known {
                        target
                    } else {
                        Target::Cluster(target.cluster())
                    });
                }
                if let Some(e) = failed {
                    // A poll is a read: a failed one does not end the following (the task goes
                    // on in OCP); the next auto-refresh tries again.
                    if self.tasks.followed.contains(&id) && e.retryable() {
                        let text = self.tr().poll_failed_task(id, &e.summary());
                        self.notify(Level::Warning, text, None);
                    } else {
                        self.report(e);
                    }
                }
                self.restore_ended(id);
            }
            Done::RestoreInstance(restore, r) => {
                let Some(d) = self
                    .tasks
                    .restore_details
                    .as_mut()
                    .filter(|d| d.task.id == restore)
                else {
                    return;
                };
                match r {
                    Ok(found) => {
                        d.error = None;
                        d.instance = Some(found.as_ref().map(|t| t.id));
                        if let Some(t) = found {
                            self.data.instances.entry(t.id).or_default().set(Ok(t));
                        }
                    }
                    Err(e) => {
                        d.error = Some(e.clone());
                        self.report(e);
                    }
                }
            }
        }
    }

    /// Looks up the OCP task of the restore whose details are open.
    fn load_restore_instance(&mut self) {
        if let Some(d) = &self.tasks.restore_details {
            let task = (*d.task).clone();
            self.run(|c| requests::restore_instance(c, task));
        }
    }

    pub(crate) fn run_tasks(&mut self, table: TableId, all_pages: bool) {
        let Some(c) = self.client() else { return };
        let page_size = self.settings.page_size;
        let fmt = self.fmt();
        let t = self.tasks.table(table, page_size);
        t.follow_range(&fmt, chrono::Utc::now());
        // An invalid form is shown beside its fields; nothing is sent.
        if let Ok(query) = t.query(all_pages, &fmt) {
            let progress = Arc::new(Progress::default());
            t.progress = progress.clone();
            self.settings.page_size = query.size;
            self.worker.run(requests::tasks(c, query, progress));
        }
    }

    /// Runs a table's query again as it was last sent (one page, or all).
    pub(crate) fn rerun_tasks(&mut self, table: TableId) {
        let Some(t) = self.tasks.tables.get(&table) else {
            return;
        };
        let all = t.query.as_ref().is_some_and(|q| q.all_pages);
        self.run_tasks(table, all);
    }

    /// A table shown for the first time loads its first page.
    pub(crate) fn ensure_table(&mut self, table: TableId) {
        if !self.tasks.tables.contains_key(&table) {
            self.tasks.table(table, self.settings.page_size);
            self.run_tasks(table, false);
        }
    }

    /// Running, or not loaded yet.
    pub(crate) fn instance_running(&self, id: i64) -> bool {
        self.data
            .instances
            .get(&id)
            .and_then(|l| l.value.as_ref())
            .is_none_or(|t| t.status.as_str() == "RUNNING")
    }

    /// The cluster or tenant a task instance is about, as OCP names it.
    fn instance_target(&self, id: i64) -> Option<Target> {
        let t = self.data.instances.get(&id)?.value.as_ref()?;
        let cluster = t.cluster.as_ref()?.id?;
        Some(match t.tenant.as_ref().and_then(|t| t.id) {
            Some(tenant) => Target::Tenant { cluster, tenant },
            None => Target::Cluster(cluster),
        })
    }

    pub(crate) fn load_instance(&mut self, id: i64) {
        self.run(|c| requests::task_instance(c, id));
    }
}
