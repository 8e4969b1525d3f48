//! A task table: the filter form as typed, the rows as shown (sorted), and CSV export.

use std::collections::BTreeSet;

use ocp_api::enums::{DataBackupTaskStatus, LogBackupTaskStatus, RestoreTaskStatus};
use ocp_api::time::OcpDateTime;

use crate::error::UiError;
use crate::i18n::Tr;
use crate::model::{SharedProgress, TableId, TaskKind, TaskPage, TaskQuery, TaskRows};

/// The filters exactly as the user typed them; validated into a [`TaskQuery`] before sending.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilterForm {
    pub statuses: BTreeSet<String>,
    pub start: String,
    pub end: String,
    pub backup_set_id: String,
    pub page: i64,
    pub size: i64,
}

/// A field of the form and what is wrong with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormField {
    Start,
    End,
    BackupSetId,
}

/// One row as displayed: its cells, and what the app needs to know about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    pub status: String,
    /// Still moving: the table refreshes itself while any row is.
    pub running: bool,
}

pub struct TaskTable {
    pub id: TableId,
    pub form: FilterForm,
    /// The query of the rows on screen.
    pub query: Option<TaskQuery>,
    pub total_elements: i64,
    pub total_pages: i64,
    pub rows: Vec<Row>,
    /// Display order: indices into `rows`.
    pub order: Vec<usize>,
    pub sort: Option<(usize, bool)>,
    pub progress: SharedProgress,
    pub error: Option<UiError>,
}

fn time(t: &Option<OcpDateTime>) -> String {
    t.as_ref()
        .map(OcpDateTime::format_local)
        .unwrap_or_default()
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

impl TaskTable {
    pub fn new(id: TableId, page_size: i64) -> Self {
        TaskTable {
            id,
            form: FilterForm {
                page: 1,
                size: page_size,
                ..FilterForm::default()
            },
            query: None,
            total_elements: 0,
            total_pages: 0,
            rows: Vec::new(),
            order: Vec::new(),
            sort: None,
            progress: SharedProgress::default(),
            error: None,
        }
    }

    /// Wire values the status filter offers for this kind of task.
    pub fn status_values(kind: TaskKind) -> Vec<&'static str> {
        fn known<T: 'static>(
            all: &'static [T],
            f: fn(&'static T) -> &'static str,
        ) -> Vec<&'static str> {
            all.iter().map(f).collect()
        }
        match kind {
            TaskKind::Data => known(DataBackupTaskStatus::KNOWN, |s| s.as_str()),
            TaskKind::Log => known(LogBackupTaskStatus::KNOWN, |s| s.as_str()),
            TaskKind::Restore => known(RestoreTaskStatus::KNOWN, |s| s.as_str()),
        }
    }

    pub fn headers(kind: TaskKind, tr: &Tr) -> Vec<&'static str> {
        match kind {
            TaskKind::Data => vec![
                tr.task_id,
                tr.backup_set,
                tr.backup_type,
                tr.status,
                tr.tenant,
                tr.start_time,
                tr.finish_time,
                tr.duration,
                tr.error,
            ],
            TaskKind::Log => vec![
                tr.tenant,
                tr.status,
                tr.checkpoint,
                tr.delay,
                tr.created,
                tr.uri,
                tr.error,
            ],
            TaskKind::Restore => vec![
                tr.task_id,
                tr.source_tenant,
                tr.restore_cluster,
                tr.restore_tenant,
                tr.restore_point,
                tr.status,
                tr.progress,
                tr.created,
                tr.finish_time,
                tr.error,
            ],
        }
    }

    /// Initial widths of the columns of [`TaskTable::headers`]: times fit in full.
    pub fn column_widths(kind: TaskKind) -> Vec<f32> {
        const TIME: f32 = 190.0;
        match kind {
            TaskKind::Data => vec![70.0, 80.0, 150.0, 90.0, 110.0, TIME, TIME, 90.0, 200.0],
            TaskKind::Log => vec![110.0, 90.0, TIME, 80.0, TIME, 220.0, 200.0],
            TaskKind::Restore => vec![
                70.0, 110.0, 110.0, 110.0, TIME, 170.0, 90.0, TIME, TIME, 200.0,
            ],
        }
    }

    /// Checks the form; on success the query to send. Errors name the field, and the form keeps
    /// what was typed either way.
    pub fn query(&self, all_pages: bool) -> Result<TaskQuery, Vec<FormField>> {
        let mut bad = Vec::new();
        let parse_time = |s: &str, field, bad: &mut Vec<FormField>| {
            let s = s.trim();
            if s.is_empty() {
                return None;
            }
            s.parse::<OcpDateTime>().map_err(|_| bad.push(field)).ok()
        };
        let start = parse_time(&self.form.start, FormField::Start, &mut bad);
        let end = parse_time(&self.form.end, FormField::End, &mut bad);
        let set = self.form.backup_set_id.trim();
        let backup_set_id = if set.is_empty() {
            None
        } else {
            set.parse::<i64>()
                .map_err(|_| bad.push(FormField::BackupSetId))
                .ok()
        };
        if !bad.is_empty() {
            return Err(bad);
        }
        let tenant_scope = self.id.target.tenant().is_some();
        Ok(TaskQuery {
            table: self.id,
            statuses: if tenant_scope {
                self.form.statuses.iter().cloned().collect()
            } else {
                Vec::new()
            },
            start,
            end,
            backup_set_id: if self.id.kind == TaskKind::Data {
                backup_set_id
            } else {
                None
            },
            page: self.form.page.max(1),
            size: self.form.size.clamp(1, crate::requests::MAX_PAGE_SIZE),
            all_pages,
        })
    }

    pub fn set_page(&mut self, page: TaskPage) {
        self.rows = match &page.rows {
            TaskRows::Data(rows) => rows
                .iter()
                .map(|t| {
                    let status = t.status.as_str().to_owned();
                    Row {
                        running: matches!(
                            status.as_str(),
                            "BEGINNING" | "INITIALIZING" | "DOING" | "CANCELING"
                        ),
                        cells: vec![
                            t.task_id.to_string(),
                            opt(&t.backup_set_id),
                            opt(&t.data_backup_task_type),
                            status.clone(),
                            opt(&t.tenant_name),
                            time(&t.start_time),
                            time(&t.finish_time),
                            opt(&t.duration),
                            opt(&t.error_msg),
                        ],
                        status,
                    }
                })
                .collect(),
            TaskRows::Log(rows) => rows
                .iter()
                .map(|t| {
                    let status = t.status.as_str().to_owned();
                    Row {
                        // A running log backup never ends; it is not a reason to poll.
                        running: matches!(status.as_str(), "BEGINNING" | "STARTING" | "STOPPING"),
                        cells: vec![
                            opt(&t.tenant_name),
                            status.clone(),
                            time(&t.checkpoint),
                            t.delay.map(|d| format!("{d:.1}")).unwrap_or_default(),
                            time(&t.create_time),
                            opt(&t.backup_uri),
                            opt(&t.error_msg),
                        ],
                        status,
                    }
                })
                .collect(),
            TaskRows::Restore(rows) => rows
                .iter()
                .map(|t| {
                    let status = t.status.as_str().to_owned();
                    let done = t.finished == Some(true)
                        || matches!(status.as_str(), "RESTORE_SUCCESS" | "RESTORE_FAIL");
                    Row {
                        running: !done,
                        cells: vec![
                            t.id.to_string(),
                            opt(&t.backup_tenant_name),
                            opt(&t.restore_cluster_name),
                            opt(&t.restore_tenant_name),
                            time(&t.restore_end_time),
                            status.clone(),
                            opt(&t.progress),
                            time(&t.create_time),
                            time(&t.finish_time),
                            opt(&t.error_msg),
                        ],
                        status,
                    }
                })
                .collect(),
        };
        self.total_elements = page.total_elements;
        self.total_pages = page.total_pages;
        self.form.page = if page.query.all_pages {
            1
        } else {
            page.query.page
        };
        self.query = Some(page.query);
        self.error = None;
        self.resort();
    }

    /// Click on a column header: sort by it, or flip the direction.
    pub fn sort_by(&mut self, column: usize) {
        self.sort = match self.sort {
            Some((c, desc)) if c == column => Some((c, !desc)),
            _ => Some((column, false)),
        };
        self.resort();
    }

    fn resort(&mut self) {
        self.order = (0..self.rows.len()).collect();
        if let Some((col, desc)) = self.sort {
            let rows = &self.rows;
            self.order.sort_by(|&a, &b| {
                let (x, y) = (&rows[a].cells[col], &rows[b].cells[col]);
                let ord = match (x.parse::<f64>(), y.parse::<f64>()) {
                    (Ok(p), Ok(q)) => p.total_cmp(&q),
                    _ => x.cmp(y),
                };
                if desc { ord.reverse() } else { ord }
            });
        }
    }

    pub fn any_running(&self) -> bool {
        self.rows.iter().any(|r| r.running)
    }

    /// The rows shown, in the order shown, as CSV (see [`csv_text`]).
    pub fn to_csv(&self, tr: &Tr) -> String {
        csv_text(
            &Self::headers(self.id.kind, tr),
            self.order.iter().map(|&i| self.rows[i].cells.as_slice()),
        )
    }
}

/// A header and rows as CSV: RFC 4180 (CRLF line ends; a field is quoted when it holds a comma,
/// a quote or a line break, its quotes doubled). Every table of the app exports through it.
pub fn csv_text<'a>(headers: &[&str], rows: impl Iterator<Item = &'a [String]>) -> String {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        // A row is written as it is, even one shorter than the header.
        .flexible(true)
        .from_writer(Vec::new());
    // Writing into memory cannot fail.
    out.write_record(headers).expect("CSV into memory");
    for row in rows {
        out.write_record(row).expect("CSV into memory");
    }
    let bytes = out.into_inner().expect("CSV into memory");
    String::from_utf8(bytes).expect("UTF-8 cells make UTF-8 CSV")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::EN;
    use crate::model::Target;

    fn table(kind: TaskKind) -> TaskTable {
        TaskTable::new(
            TableId {
                target: Target::Tenant {
                    cluster: 1,
                    tenant: 2,
                },
                kind,
            },
            50,
        )
    }

    fn row(cells: &[&str]) -> Row {
        Row {
            cells: cells.iter().map(|c| c.to_string()).collect(),
            status: String::new(),
            running: false,
        }
    }

    #[test]
    fn bad_filters_name_their_fields_and_keep_the_text() {
        let mut t = table(TaskKind::Data);
        t.form.start = "yesterday".into();
        t.form.backup_set_id = "12a".into();
        assert_eq!(
            t.query(false).unwrap_err(),
            vec![FormField::Start, FormField::BackupSetId]
        );
        assert_eq!(t.form.start, "yesterday");
        t.form.start = "2024-08-09T16:00:00+08:00".into();
        t.form.backup_set_id = " 12 ".into();
        t.form.statuses.insert("DONE".into());
        let q = t.query(false).unwrap();
        assert_eq!(
            (q.backup_set_id, q.statuses.clone(), q.size),
            (Some(12), vec!["DONE".to_string()], 50)
        );
        assert_eq!(q.start.unwrap().original(), "2024-08-09T16:00:00+08:00");
    }

    #[test]
    fn sorting_is_numeric_where_cells_are_numbers_and_flips() {
        let mut t = table(TaskKind::Log);
        t.rows = vec![row(&["b", "10"]), row(&["a", "9"]), row(&["c", "100"])];
        t.sort_by(1);
        assert_eq!(t.order, vec![1, 0, 2]);
        t.sort_by(1);
        assert_eq!(t.order, vec![2, 0, 1]);
        t.sort_by(0);
        assert_eq!(t.order, vec![1, 0, 2]);
    }

    #[test]
    fn csv_quotes_commas_quotes_and_line_breaks_and_nothing_else() {
        let mut t = table(TaskKind::Log);
        t.rows = vec![row(&[
            "a,b",
            "say \"hi\"",
            "two\nlines",
            "cr\rhere",
            "plain text",
            "",
            "ünï 中文",
        ])];
        t.order = vec![0];
        let csv = t.to_csv(&EN);
        let body = csv.split_once("\r\n").unwrap().1;
        assert_eq!(
            body,
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",plain text,,ünï 中文\r\n"
        );
    }

    #[test]
    fn csv_has_headers_quotes_and_the_shown_order() {
        let mut t = table(TaskKind::Log);
        t.rows = vec![
            row(&["t2", "x", "", "", "", "", "disk \"full\", retry"]),
            row(&["t1", "", "", "", "", "", ""]),
        ];
        t.sort_by(0);
        let csv = t.to_csv(&EN);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert!(lines[0].starts_with("Tenant,Status,Checkpoint"));
        assert!(lines[1].starts_with("t1,"));
        assert!(
            lines[2].ends_with("\"disk \"\"full\"\", retry\""),
            "{}",
            lines[2]
        );
    }
}
