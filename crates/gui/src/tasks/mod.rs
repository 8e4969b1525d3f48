//! Task monitors (data backup, log backup and restore tasks of a cluster or tenant) and the OCP
//! task instances followed from here.

pub mod instance;
mod logic;
pub mod requests;
pub mod restore_details;
pub mod table;
pub mod view;

use std::collections::HashMap;

use ocp_api::types;

use crate::error::UiError;
use crate::model::{TableId, TaskPage};
use table::TaskTable;

#[derive(Default)]
pub struct State {
    /// Each table's filters, rows and sort, by cluster or tenant and kind of task.
    pub tables: HashMap<TableId, TaskTable>,
    /// OCP task instances being followed, newest first.
    pub followed: Vec<i64>,
    pub open_instance: Option<i64>,
    /// The restore task whose details are open.
    pub restore_details: Option<restore_details::RestoreDetails>,
}

impl State {
    pub fn table(&mut self, id: TableId, page_size: i64) -> &mut TaskTable {
        self.tables
            .entry(id)
            .or_insert_with(|| TaskTable::new(id, page_size))
    }

    pub fn follow(&mut self, task: i64) {
        self.followed.retain(|t| *t != task);
        self.followed.insert(0, task);
        self.open_instance = Some(task);
    }
}

#[must_use]
#[derive(Clone, Debug)]
pub enum Action {
    /// Send the table's query: its current page, or every page.
    Run {
        table: TableId,
        all_pages: bool,
    },
    ExportCsv(TableId),
    /// Follow a task instance (from its ID, or a task just started) on the task instance tab.
    Follow(i64),
    /// Show one of the followed task instances.
    Open(i64),
    /// Open a restore task's details (and look up its OCP task for the phases).
    OpenRestore(Box<types::RestoreTask>),
    /// Read the open restore's OCP task again.
    RefreshRestore,
    CloseRestore,
}

pub enum Done {
    Page(TableId, Result<Box<TaskPage>, UiError>),
    Instance(i64, Result<Box<types::TaskInstance>, UiError>),
    /// The OCP task of a restore task (by the restore's ID), if OCP lists one.
    RestoreInstance(i64, Result<Option<Box<types::TaskInstance>>, UiError>),
}
