//! What the strategy editor's actions and results do: check, confirm, write, export, import.

use std::path::Path;

use super::form::StrategyForm;
use super::versions::StrategyFields;
use super::{Action, Done, StrategyConfirm, StrategyEditor, requests};
use crate::app::{App, Level};
use crate::error::UiError;
use crate::files::FileKind;
use crate::model::{Job, StrategyBody, StrategyOp, StrategyOpKind, Target};
use crate::state::Tab;
use crate::worker::Request;

impl App {
    pub(crate) fn apply_strategy(&mut self, action: Action) {
        match action {
            Action::Submit => self.submit_strategy(),
            Action::Ask(confirm) => {
                if let Some(ed) = &mut self.strategy.editor {
                    ed.note = None;
                    ed.confirm = Some(confirm);
                }
            }
            Action::CancelConfirm => {
                if let Some(ed) = &mut self.strategy.editor {
                    ed.confirm = None;
                }
            }
            Action::Confirmed => {
                let Some(ed) = &mut self.strategy.editor else {
                    return;
                };
                let Some(confirm) = ed.confirm.take() else {
                    return;
                };
                let op = match confirm {
                    StrategyConfirm::Create { param, .. } => StrategyOp::Create(param),
                    StrategyConfirm::Modify { param, .. } => StrategyOp::Modify(param),
                    StrategyConfirm::Delete => StrategyOp::Delete,
                    StrategyConfirm::Pause => StrategyOp::Pause,
                    StrategyConfirm::Resume => StrategyOp::Resume,
                };
                let target = ed.target;
                self.run(|c| requests::strategy_write(c, target, op));
            }
            Action::Discard => {
                if let Some(ed) = &mut self.strategy.editor {
                    ed.form = ed.original.clone();
                    ed.errors.clear();
                    ed.note = None;
                    ed.error = None;
                }
            }
            Action::Export => self.export_strategy(),
            Action::Import => {
                let Some(target) = self.strategy.editor.as_ref().map(|e| e.target) else {
                    return;
                };
                let dialog = self.files.open(FileKind::Json);
                let read = async move {
                    let path = dialog.await?;
                    let text = tokio::fs::read_to_string(&path)
                        .await
                        .map_err(|e| e.to_string());
                    Some((path, text))
                };
                let job = self.dialog_job();
                self.worker.run(Request::new(job, read, move |file| {
                    Done::Imported(target, file)
                }));
            }
        }
    }

    pub(crate) fn on_strategy_done(&mut self, done: Done) {
        match done {
            Done::Loaded(target, r) => {
                let failed = r.as_ref().err().cloned();
                self.data.strategies.entry(target).or_default().set(r);
                if let Some(e) = failed {
                    self.report(e);
                }
            }
            Done::Written(target, Ok(kind)) => {
                let tr = self.tr();
                let text = match kind {
                    StrategyOpKind::Create | StrategyOpKind::Modify => tr.strategy_saved,
                    StrategyOpKind::Delete => tr.strategy_deleted,
                    StrategyOpKind::Pause => tr.schedule_paused,
                    StrategyOpKind::Resume => tr.schedule_resumed,
                };
                self.notify(Level::Success, text.to_owned(), None);
                // The form reloads from what the server now holds.
                if self
                    .strategy
                    .editor
                    .as_ref()
                    .is_some_and(|e| e.target == target)
                {
                    self.strategy.editor = None;
                }
                self.data.strategies.remove(&target);
                self.after_write(target);
            }
            Done::Written(target, Err(e)) => {
                if let Some(ed) = &mut self.strategy.editor
                    && ed.target == target
                {
                    ed.error = Some(e.clone());
                }
                self.report(e);
            }
            Done::Imported(target, Some((path, text))) => {
                self.strategy_imported(target, &path, text)
            }
            Done::Imported(_, None) => {}
        }
    }

    /// Loads the strategy editor's form once the selected target's strategy is known.
    pub(crate) fn sync_strategy_editor(&mut self) {
        let (Tab::Strategy, Some(target)) = (self.view.tab, self.view.selected) else {
            return;
        };
        if self
            .strategy
            .editor
            .as_ref()
            .is_some_and(|e| e.target == target)
            || super::tenant_strategy_missing(self.conn.as_ref(), target).is_some()
            || self.worker.is_busy(&Job::Strategy(target))
            || self.worker.is_busy(&Job::StrategyWrite(target))
        {
            return;
        }
        if let Some(loaded) = self.data.strategy(target).cloned() {
            self.strategy.editor = Some(StrategyEditor::new(target, loaded));
        }
    }

    fn submit_strategy(&mut self) {
        let tr = self.tr();
        let Some(ed) = &mut self.strategy.editor else {
            return;
        };
        ed.note = None;
        ed.error = None;
        let fields = StrategyFields(self.conn.as_ref().and_then(|c| c.version.as_ref()));
        match ed.check(tr) {
            Err(errors) => ed.errors = errors,
            Ok(mut param) => {
                fields.restrict(&mut param);
                ed.errors.clear();
                if ed.base.is_none() {
                    ed.confirm = Some(StrategyConfirm::Create {
                        rows: ed.form.summary(tr),
                        param: StrategyBody(Box::new(param)),
                    });
                    return;
                }
                let rows = ed.form.diff(&ed.original, tr);
                if rows.is_empty() {
                    ed.note = Some(tr.nothing_changed.to_owned());
                } else {
                    ed.confirm = Some(StrategyConfirm::Modify {
                        rows,
                        param: StrategyBody(Box::new(param)),
                    });
                }
            }
        }
    }

    /// Writes the form as JSON, after the same checks as a send; secrets only when ticked.
    fn export_strategy(&mut self) {
        let tr = self.tr();
        let Some(ed) = &mut self.strategy.editor else {
            return;
        };
        ed.note = None;
        let cluster = matches!(ed.target, Target::Cluster(_));
        let json = match ed.form.export_json(tr, cluster, ed.include_secrets) {
            Ok(json) => {
                ed.errors.clear();
                json
            }
            Err(errors) => {
                ed.errors = errors;
                ed.note = Some(tr.export_invalid.to_owned());
                return;
            }
        };
        // With its secrets, the file is for its owner only.
        let (target, private) = (ed.target, ed.include_secrets);
        let name = match target {
            Target::Cluster(c) => self.data.cluster(c).map(|c| c.name.clone()),
            Target::Tenant { cluster, tenant } => {
                self.data.tenant(cluster, tenant).map(|t| t.name.clone())
            }
        };
        let name = format!("{}-backup-strategy.json", name.as_deref().unwrap_or("ocp"));
        self.save_file(FileKind::Json, name, json, private);
    }

    /// Puts an imported strategy into the form and checks it; the user reviews and sends.
    fn strategy_imported(&mut self, target: Target, path: &Path, text: Result<String, String>) {
        let tr = self.tr();
        let Some(ed) = self.strategy.editor.as_mut().filter(|e| e.target == target) else {
            return;
        };
        let form = text.and_then(|t| StrategyForm::import_json(&t).map_err(|e| e.0));
        match form {
            Ok(form) => {
                ed.form = form.imported_over(&ed.form);
                ed.confirm = None;
                ed.error = None;
                ed.errors = ed.check(tr).err().unwrap_or_default();
                let file = path.file_name().unwrap_or(path.as_os_str());
                ed.note = Some(tr.imported_note(&file.to_string_lossy()));
            }
            Err(e) => ed.error = Some(UiError::invalid(tr.import_failed(&e))),
        }
    }
}
