//! A task table: the filter form as typed, the rows as shown (sorted), and CSV export.

use std::collections::BTreeSet;

use chrono::Timelike;

use ocp_api::enums::{DataBackupTaskStatus, LogBackupTaskStatus, RestoreTaskStatus};

use crate::error::UiError;
use crate::i18n::Tr;
use crate::model::{SharedProgress, TableId, TaskKind, TaskPage, TaskQuery, TaskRows};
use crate::ui::format::{Format, Value, Word, Worded};

/// The filters exactly as the user typed them; validated into a [`TaskQuery`] before sending.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilterForm {
    pub statuses: BTreeSet<String>,
    /// A quick range (From/To follow the clock at each query), or `None`: custom From/To.
    pub range: Option<QuickRange>,
    pub start: String,
    pub end: String,
    pub backup_set_id: String,
    pub page: i64,
    pub size: i64,
}

/// The quick ranges above From/To, as OCP's console has them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuickRange {
    Day,
    Week,
    Month,
}

impl QuickRange {
    pub const ALL: [QuickRange; 3] = [QuickRange::Day, QuickRange::Week, QuickRange::Month];

    pub fn length(self) -> chrono::TimeDelta {
        match self {
            QuickRange::Day => chrono::TimeDelta::hours(24),
            QuickRange::Week => chrono::TimeDelta::days(7),
            QuickRange::Month => chrono::TimeDelta::days(30),
        }
    }

    pub fn label(self, tr: &Tr) -> &'static str {
        match self {
            QuickRange::Day => tr.range_24h,
            QuickRange::Week => tr.range_7d,
            QuickRange::Month => tr.range_30d,
        }
    }
}

/// A field of the form and what is wrong with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormField {
    Start,
    End,
    BackupSetId,
}

/// One row: its values (written at draw time, in the display zone and language), and what the
/// app needs to know about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub cells: Vec<Value>,
    pub status: String,
    /// Still moving: the table refreshes itself while any row is.
    pub running: bool,
    /// Why a failed task failed, as OCP said it (shown on click).
    pub cause: Option<Cause>,
}

/// A failed task's cause: OCP's message for it, the error code it names, and the traceId of
/// the answer that carried it.
#[derive(Clone, Debug, PartialEq)]
pub struct Cause {
    pub code: Option<String>,
    pub message: String,
    pub trace_id: String,
}

impl Cause {
    /// `errorMsg` as OCP writes it, `OB_BACKUP_IO_PROHIBITED(-9032): the destination …`: the
    /// code is the leading `NAME(-NNNN)`, when there is one.
    pub fn from_error_msg(msg: &str, trace_id: &str) -> Option<Cause> {
        let msg = msg.trim();
        if msg.is_empty() {
            return None;
        }
        let code = msg.find(')').and_then(|end| {
            let head = &msg[..=end];
            let (name, number) = head.strip_suffix(')')?.split_once('(')?;
            let named = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
            let numbered = number.trim_start_matches('-').parse::<i64>().is_ok();
            (named && numbered).then(|| head.to_owned())
        });
        let message = match &code {
            Some(c) => msg[c.len()..].trim_start_matches([':', ' ']).to_owned(),
            None => msg.to_owned(),
        };
        Some(Cause {
            code,
            message,
            trace_id: trace_id.to_owned(),
        })
    }
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
    /// A restore table's rows as OCP sent them (`rows` index them): their details and
    /// "Restore again" need every field.
    pub restores: Vec<ocp_api::types::RestoreTask>,
    /// The row whose failure cause is open (an index into `rows`).
    pub open_cause: Option<usize>,
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
            restores: Vec::new(),
            open_cause: None,
        }
    }

    /// The values the status filter offers for this kind of task.
    pub fn status_values(kind: TaskKind) -> Vec<Word> {
        fn known<T: Worded>(all: &[T]) -> Vec<Word> {
            all.iter().map(Word::of).collect()
        }
        match kind {
            TaskKind::Data => known(DataBackupTaskStatus::KNOWN),
            TaskKind::Log => known(LogBackupTaskStatus::KNOWN),
            TaskKind::Restore => known(RestoreTaskStatus::KNOWN),
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
    /// With a quick range, From/To become the range ending `now` (whole seconds, display zone).
    pub fn follow_range(&mut self, fmt: &Format, now: chrono::DateTime<chrono::Utc>) {
        if let Some(range) = self.form.range {
            let now = now.with_nanosecond(0).unwrap_or(now);
            self.form.start = fmt.time_field(now - range.length());
            self.form.end = fmt.time_field(now);
        }
    }

    /// Times are read in the display zone, or with the offset typed ([`Format::parse_time`]).
    pub fn query(&self, all_pages: bool, fmt: &Format) -> Result<TaskQuery, Vec<FormField>> {
        let mut bad = Vec::new();
        let parse_time = |s: &str, field, bad: &mut Vec<FormField>| {
            let s = s.trim();
            if s.is_empty() {
                return None;
            }
            let t = fmt.parse_time(s);
            if t.is_none() {
                bad.push(field);
            }
            t
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
        let trace = |i: usize| page.trace_ids.get(i).map(|t| &**t).unwrap_or_default();
        self.rows = match &page.rows {
            TaskRows::Data(rows) => rows
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let status = t.status.as_str().to_owned();
                    Row {
                        running: crate::model::data_backup_running(&t.status),
                        cause: failed_cause(&status, &t.error_msg, trace(i)),
                        cells: vec![
                            Value::text(t.task_id.to_string()),
                            Value::opt(&t.backup_set_id),
                            Value::opt_word(&t.data_backup_task_type),
                            Value::word(&t.status),
                            Value::opt(&t.tenant_name),
                            Value::time(&t.start_time),
                            Value::time(&t.finish_time),
                            Value::seconds(t.duration.map(|d| d as f64)),
                            Value::opt(&t.error_msg),
                        ],
                        status,
                    }
                })
                .collect(),
            TaskRows::Log(rows) => rows
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let status = t.status.as_str().to_owned();
                    Row {
                        // A running log backup never ends; it is not a reason to poll.
                        running: matches!(status.as_str(), "BEGINNING" | "STARTING" | "STOPPING"),
                        cause: failed_cause(&status, &t.error_msg, trace(i)),
                        cells: vec![
                            Value::opt(&t.tenant_name),
                            Value::word(&t.status),
                            Value::time(&t.checkpoint),
                            Value::seconds(t.delay),
                            Value::time(&t.create_time),
                            Value::opt(&t.backup_uri),
                            Value::opt(&t.error_msg),
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
                        cause: None,
                        cells: vec![
                            Value::text(t.id.to_string()),
                            Value::opt(&t.backup_tenant_name),
                            Value::opt(&t.restore_cluster_name),
                            Value::opt(&t.restore_tenant_name),
                            Value::time(&t.restore_end_time),
                            Value::word(&t.status),
                            Value::opt(&t.progress),
                            Value::time(&t.create_time),
                            Value::time(&t.finish_time),
                            Value::opt(&t.error_msg),
                        ],
                        status,
                    }
                })
                .collect(),
        };
        self.restores = match page.rows {
            TaskRows::Restore(rows) => rows,
            _ => Vec::new(),
        };
        self.open_cause = None;
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
                let ord = rows[a].cells[col].sort_order(&rows[b].cells[col]);
                if desc { ord.reverse() } else { ord }
            });
        }
    }

    pub fn any_running(&self) -> bool {
        self.rows.iter().any(|r| r.running)
    }

    /// The rows shown, in the order shown, as CSV (see [`csv_text`]): times in the display
    /// zone, durations in seconds, statuses as OCP sent them ([`Format::export`]).
    pub fn to_csv(&self, tr: &Tr, fmt: &Format) -> String {
        csv_text(
            &Self::headers(self.id.kind, tr),
            self.order
                .iter()
                .map(|&i| self.rows[i].cells.iter().map(|c| fmt.export(c)).collect()),
        )
    }
}

/// A header and rows as CSV: RFC 4180 (CRLF line ends; a field is quoted when it holds a comma,
/// a quote or a line break, its quotes doubled). Every table of the app exports through it.
pub fn csv_text(headers: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
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

/// The cause of a failed task from its `errorMsg`, if OCP gave one.
fn failed_cause(status: &str, error_msg: &Option<String>, trace_id: &str) -> Option<Cause> {
    let failed = matches!(status, "FAILED" | "INTERRUPTED");
    failed
        .then(|| Cause::from_error_msg(error_msg.as_deref()?, trace_id))
        .flatten()
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
            cells: cells.iter().map(|c| Value::text(*c)).collect(),
            status: String::new(),
            running: false,
            cause: None,
        }
    }

    fn fmt() -> Format {
        Format {
            lang: crate::i18n::Lang::En,
            zone: crate::ui::format::TimeZone::Utc,
            ocp_offset: None,
        }
    }

    #[test]
    fn a_cause_names_the_code_ocp_put_in_front_of_its_message() {
        let c = Cause::from_error_msg(
            "OB_BACKUP_IO_PROHIBITED(-9032): the backup destination is not writable",
            "abc123",
        )
        .unwrap();
        assert_eq!(c.code.as_deref(), Some("OB_BACKUP_IO_PROHIBITED(-9032)"));
        assert_eq!(c.message, "the backup destination is not writable");
        assert_eq!(c.trace_id, "abc123");
        let plain = Cause::from_error_msg("disk (almost) full", "t").unwrap();
        assert_eq!(
            (plain.code, plain.message.as_str()),
            (None, "disk (almost) full")
        );
        assert!(Cause::from_error_msg("  ", "t").is_none());
    }

    #[test]
    fn bad_filters_name_their_fields_and_keep_the_text() {
        let mut t = table(TaskKind::Data);
        t.form.start = "yesterday".into();
        t.form.backup_set_id = "12a".into();
        assert_eq!(
            t.query(false, &fmt()).unwrap_err(),
            vec![FormField::Start, FormField::BackupSetId]
        );
        assert_eq!(t.form.start, "yesterday");
        t.form.start = "2024-08-09T16:00:00+08:00".into();
        t.form.backup_set_id = " 12 ".into();
        t.form.statuses.insert("DONE".into());
        let q = t.query(false, &fmt()).unwrap();
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
        let csv = t.to_csv(&EN, &fmt());
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
        let csv = t.to_csv(&EN, &fmt());
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
