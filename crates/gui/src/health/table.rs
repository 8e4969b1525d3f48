//! The health table: one row per tenant (and per cluster backed up as a whole), built from the
//! collected [`OcpEntry`]s; the search and verdict filter, the sort (worst first by default),
//! the headline numbers, and CSV export through the task tables' writer.

use std::cmp::Ordering;
use std::time::Duration;

use ocp_health::{ClusterHealth, Finding, ObjectHealth, StrategyLevel, Time, Verdict};

use super::{OcpEntry, RowRef, Source};
use crate::i18n::Tr;
use crate::model::Target;
use crate::ui::format::Format;

/// The table's columns, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Ocp,
    Cluster,
    Tenant,
    Verdict,
    Strategy,
    LastFull,
    LastBackup,
    Age,
    LogDelay,
    Rpo,
    NextScheduled,
    LastFailure,
    LastDrill,
}

impl Column {
    pub const ALL: [Column; 13] = [
        Column::Ocp,
        Column::Cluster,
        Column::Tenant,
        Column::Verdict,
        Column::Strategy,
        Column::LastFull,
        Column::LastBackup,
        Column::Age,
        Column::LogDelay,
        Column::Rpo,
        Column::NextScheduled,
        Column::LastFailure,
        Column::LastDrill,
    ];

    pub fn header(self, tr: &Tr) -> &'static str {
        let h = tr.health;
        match self {
            Column::Ocp => h.col_ocp,
            Column::Cluster => h.col_cluster,
            Column::Tenant => h.col_tenant,
            Column::Verdict => h.col_verdict,
            Column::Strategy => h.col_strategy,
            Column::LastFull => h.col_last_full,
            Column::LastBackup => h.col_last_backup,
            Column::Age => h.col_age,
            Column::LogDelay => h.col_log_delay,
            Column::Rpo => h.col_rpo,
            Column::NextScheduled => h.col_next,
            Column::LastFailure => h.col_failure,
            Column::LastDrill => h.col_drill,
        }
    }

    /// Initial width: times fit in full.
    pub fn width(self) -> f32 {
        match self {
            Column::Ocp => 90.0,
            Column::Cluster | Column::Tenant => 110.0,
            Column::Verdict => 70.0,
            Column::Strategy => 110.0,
            Column::LastFull | Column::LastBackup => 120.0,
            Column::Age | Column::LogDelay | Column::Rpo => 76.0,
            Column::NextScheduled => 170.0,
            Column::LastFailure => 180.0,
            Column::LastDrill => 190.0,
        }
    }
}

/// What a column sorts by.
#[derive(Clone, Debug, PartialEq)]
enum Key {
    /// No value: sorts after every value, in either direction.
    Missing,
    Num(i64),
    Text(String),
}

impl Key {
    fn cmp(&self, other: &Key) -> Ordering {
        match (self, other) {
            (Key::Num(a), Key::Num(b)) => a.cmp(b),
            (Key::Text(a), Key::Text(b)) => a.cmp(b),
            (Key::Num(_), Key::Text(_)) => Ordering::Less,
            (Key::Text(_), Key::Num(_)) => Ordering::Greater,
            (Key::Missing, Key::Missing) => Ordering::Equal,
            (Key::Missing, _) => Ordering::Greater,
            (_, Key::Missing) => Ordering::Less,
        }
    }
}

/// One row as shown.
#[derive(Clone, Debug)]
pub struct Row {
    pub source: Source,
    /// The object; `None` for the row of an OCP that could not be read.
    pub target: Option<Target>,
    pub verdict: Verdict,
    pub has_strategy: bool,
    /// Shown text per column of [`Column::ALL`].
    pub cells: Vec<String>,
    keys: Vec<Key>,
    /// The verdict's reasons, one per line (the verdict chip's hover).
    pub reasons: String,
    /// The last failure's (or the read error's) error with code and traceId (its cell's hover).
    pub failure: Option<String>,
    search: String,
    /// Data backups of the task window: succeeded, failed.
    tasks: (u32, u32),
    log_delayed: bool,
}

impl Row {
    pub fn row_ref(&self) -> Option<RowRef> {
        self.target.map(|target| RowRef {
            source: self.source,
            target,
        })
    }

    pub fn cell(&self, c: Column) -> &str {
        &self.cells[c as usize]
    }
}

/// The headline numbers over every row in scope (the filters do not change them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub objects: usize,
    pub with_strategy: usize,
    pub succeeded: u32,
    pub failed: u32,
    pub log_delayed: usize,
    /// Rows per verdict: `[ok, warning, critical, unknown]`.
    pub counts: [usize; 4],
}

/// A row's times and durations read as every other value of the app ([`Format`]: the display
/// zone, whole seconds, two units of a duration).
fn time(fmt: &Format, t: Option<Time>) -> String {
    t.map(|t| fmt.time_field(t.with_timezone(&chrono::Utc)))
        .unwrap_or_default()
}

fn duration(fmt: &Format, d: Option<Duration>) -> String {
    d.map(|d| fmt.duration(d.as_secs_f64())).unwrap_or_default()
}

fn time_key(t: Option<Time>) -> Key {
    t.map_or(Key::Missing, |t| Key::Num(t.timestamp()))
}

fn duration_key(d: Option<Duration>) -> Key {
    d.map_or(Key::Missing, |d| Key::Num(d.as_secs() as i64))
}

fn text_key(s: &str) -> Key {
    if s.is_empty() {
        Key::Missing
    } else {
        Key::Text(s.to_lowercase())
    }
}

fn object_row(tr: &Tr, fmt: &Format, entry: &OcpEntry, c: &ClusterHealth, o: &ObjectHealth) -> Row {
    let h = tr.health;
    let now = c.now;
    let since = |t: Option<Time>| Some((now? - t?).to_std().unwrap_or_default());
    let tenant = o
        .tenant
        .as_ref()
        .map_or(h.whole_cluster.to_owned(), |t| t.name.clone());
    let strategy = match (o.strategy.level, o.strategy.enabled) {
        (None, _) => h.strategy_none.to_owned(),
        (Some(level), enabled) => {
            let level = match level {
                StrategyLevel::Cluster => h.strategy_cluster,
                StrategyLevel::Tenant => h.strategy_tenant,
            };
            match enabled {
                Some(false) => format!("{level}, {}", h.paused),
                Some(true) => format!("{level}, {}", h.running),
                None => level.to_owned(),
            }
        }
    };
    let age = since(o.last_success());
    let log_delay = o.log.as_ref().and_then(|l| l.delay(now?));
    let rpo = o.rpo.map(|r| r.to_std().unwrap_or_default());
    let next = o.next_scheduled.as_ref().map(|r| {
        let kind = match r.kind {
            ocp_api::enums::DataBackupMode::IncrementalBackup => h.incremental,
            _ => h.full,
        };
        format!("{} ({kind})", time(fmt, Some(r.at)))
    });
    let collect_error = o.findings.iter().find_map(|f| match f {
        Finding::CollectFailed(e) => Some(e),
        _ => None,
    });
    let (failure_cell, failure) = match (collect_error, &o.last_failure) {
        (Some(e), _) => (e.message.clone(), Some(h.error_details(e))),
        (None, Some(f)) => (
            format!(
                "{} {}",
                time(fmt, f.finished_at),
                f.code.as_deref().unwrap_or(&f.message)
            ),
            Some(h.failure_details(f)),
        ),
        (None, None) => (String::new(), None),
    };
    // The newest restore drill: when it ended, and whether the restored tenant was verified.
    let drill = o.last_drill.as_ref().map(|d| {
        let result = if d.verified {
            h.drill_verified
        } else {
            h.drill_failed
        };
        format!("{} {result}", time(fmt, d.finished_at))
    });
    let target = match &o.tenant {
        Some(t) => Target::Tenant {
            cluster: c.id,
            tenant: t.id,
        },
        None => Target::Cluster(c.id),
    };
    let cells = vec![
        entry.label.clone(),
        c.name.clone(),
        tenant,
        h.verdict(o.verdict).to_owned(),
        strategy,
        time(fmt, o.last_full),
        time(fmt, o.last_success()),
        duration(fmt, age),
        duration(fmt, log_delay),
        duration(fmt, rpo),
        next.unwrap_or_default(),
        failure_cell,
        drill.unwrap_or_default(),
    ];
    let keys = vec![
        text_key(&cells[0]),
        text_key(&cells[1]),
        text_key(&cells[2]),
        Key::Num(i64::from(o.verdict.badness())),
        text_key(&cells[4]),
        time_key(o.last_full),
        time_key(o.last_success()),
        duration_key(age),
        duration_key(log_delay),
        duration_key(rpo),
        time_key(o.next_scheduled.as_ref().map(|r| r.at)),
        time_key(o.last_failure.as_ref().and_then(|f| f.finished_at)),
        time_key(o.last_drill.as_ref().and_then(|d| d.finished_at)),
    ];
    let search = format!("{}\n{}\n{}\n{}", cells[0], cells[1], cells[2], cells[11]).to_lowercase();
    Row {
        source: entry.source,
        target: Some(target),
        verdict: o.verdict,
        has_strategy: o.strategy.present(),
        reasons: o
            .findings
            .iter()
            .map(|f| h.finding(f))
            .collect::<Vec<_>>()
            .join("\n"),
        failure,
        search,
        tasks: (o.tasks.succeeded, o.tasks.failed),
        log_delayed: o
            .findings
            .iter()
            .any(|f| matches!(f, Finding::LogDelay { .. })),
        cells,
        keys,
    }
}

/// The one row of an OCP that could not be read at all.
fn unreachable_row(tr: &Tr, entry: &OcpEntry, e: &ocp_health::ErrorInfo) -> Row {
    let h = tr.health;
    let mut cells = vec![String::new(); Column::ALL.len()];
    cells[Column::Ocp as usize] = entry.label.clone();
    cells[Column::Verdict as usize] = h.verdict(Verdict::Unknown).to_owned();
    cells[Column::LastFailure as usize] = e.message.clone();
    let mut keys: Vec<Key> = cells.iter().map(|c| text_key(c)).collect();
    keys[Column::Verdict as usize] = Key::Num(i64::from(Verdict::Unknown.badness()));
    Row {
        source: entry.source,
        target: None,
        verdict: Verdict::Unknown,
        has_strategy: false,
        reasons: h.finding(&Finding::CollectFailed(e.clone())),
        failure: Some(h.error_details(e)),
        search: format!("{}\n{}", cells[0], cells[11]).to_lowercase(),
        tasks: (0, 0),
        log_delayed: false,
        cells,
        keys,
    }
}

/// Every row of one OCP.
pub fn rows_of(tr: &Tr, fmt: &Format, entry: &OcpEntry) -> Vec<Row> {
    if let Some(e) = &entry.error {
        return vec![unreachable_row(tr, entry, e)];
    }
    entry
        .clusters
        .iter()
        .flat_map(|c| {
            c.objects
                .iter()
                .map(move |o| object_row(tr, fmt, entry, c, o))
        })
        .collect()
}

/// What the rows are filtered and sorted by.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    /// As typed: rows whose OCP, cluster, tenant and failure hold every word of it (any case).
    pub search: String,
    /// Verdicts shown, by `Verdict as usize`.
    pub verdicts: [bool; 4],
    /// `None`: the worst first (then OCP, cluster, tenant); else a column and descending.
    pub sort: Option<(Column, bool)>,
}

impl Default for View {
    fn default() -> Self {
        View {
            search: String::new(),
            verdicts: [true; 4],
            sort: None,
        }
    }
}

#[derive(Default)]
pub struct HealthTable {
    pub rows: Vec<Row>,
    /// Rows shown, in the order shown: indices into `rows`.
    pub order: Vec<usize>,
    pub summary: Summary,
    /// The view as edited by the user.
    pub view: View,
    /// The view `order` was computed for.
    applied: Option<View>,
}

impl HealthTable {
    /// New rows (an OCP answered, the scope or the language changed).
    pub fn set_rows(&mut self, rows: Vec<Row>) {
        let mut s = Summary {
            objects: rows.len(),
            ..Summary::default()
        };
        for r in &rows {
            s.counts[r.verdict as usize] += 1;
            s.with_strategy += usize::from(r.has_strategy);
            s.succeeded += r.tasks.0;
            s.failed += r.tasks.1;
            s.log_delayed += usize::from(r.log_delayed);
        }
        self.summary = s;
        self.rows = rows;
        self.applied = None;
        self.apply_view();
    }

    /// Click on a column header: sort by it, or flip the direction.
    pub fn sort_by(&mut self, column: Column) {
        self.view.sort = match self.view.sort {
            Some((c, desc)) if c == column => Some((c, !desc)),
            _ => Some((column, false)),
        };
        self.apply_view();
    }

    /// Filters and sorts again if the view changed since the last time.
    pub fn apply_view(&mut self) {
        if self.applied.as_ref() == Some(&self.view) {
            return;
        }
        let v = &self.view;
        let needle = v.search.trim().to_lowercase();
        let rows = &self.rows;
        self.order = (0..rows.len())
            .filter(|&i| {
                let r = &rows[i];
                v.verdicts[r.verdict as usize]
                    && needle.split_whitespace().all(|w| r.search.contains(w))
            })
            .collect();
        let by_place = |a: &Row, b: &Row| {
            (0..3).fold(Ordering::Equal, |ord, i| {
                ord.then_with(|| a.keys[i].cmp(&b.keys[i]))
            })
        };
        match v.sort {
            None => self.order.sort_by(|&a, &b| {
                let (a, b) = (&rows[a], &rows[b]);
                b.verdict
                    .badness()
                    .cmp(&a.verdict.badness())
                    .then_with(|| by_place(a, b))
            }),
            Some((col, desc)) => self.order.sort_by(|&a, &b| {
                let (x, y) = (&rows[a].keys[col as usize], &rows[b].keys[col as usize]);
                let ord = match (x, y) {
                    // Missing values stay last either way.
                    (Key::Missing, _) | (_, Key::Missing) => x.cmp(y),
                    _ if desc => y.cmp(x),
                    _ => x.cmp(y),
                };
                ord.then_with(|| by_place(&rows[a], &rows[b]))
            }),
        }
        self.applied = Some(self.view.clone());
    }

    /// The rows shown, in the order shown, as CSV (the task tables' writer).
    pub fn to_csv(&self, tr: &Tr) -> String {
        let headers: Vec<&str> = Column::ALL.iter().map(|c| c.header(tr)).collect();
        crate::tasks::table::csv_text(
            &headers,
            self.order.iter().map(|&i| self.rows[i].cells.clone()),
        )
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use ocp_health::{
        ClusterHealth, Failure, Finding, ObjectHealth, StrategyLevel, StrategyState, TaskCounts,
        TenantRef, Thresholds, Verdict,
    };

    use super::{Column, HealthTable, rows_of};
    use crate::health::OcpEntry;
    use crate::i18n::EN;
    use crate::settings::Startup;

    fn at(h: u32) -> ocp_health::Time {
        chrono::FixedOffset::east_opt(8 * 3600)
            .unwrap()
            .with_ymd_and_hms(2024, 8, 9, h, 0, 0)
            .unwrap()
    }

    fn object(name: &str, verdict: Verdict, last: Option<u32>) -> ObjectHealth {
        ObjectHealth {
            tenant: Some(TenantRef {
                id: name.len() as i64,
                name: name.into(),
            }),
            strategy: StrategyState {
                level: Some(StrategyLevel::Tenant),
                enabled: Some(true),
            },
            thresholds: Thresholds::DEFAULT,
            last_full: last.map(at),
            last_incremental: None,
            log: None,
            tasks: TaskCounts {
                running: 0,
                failed: u32::from(verdict == Verdict::Critical),
                succeeded: 3,
            },
            oldest_running_start: None,
            last_failure: (verdict == Verdict::Critical).then(|| Failure {
                task_id: 7,
                backup_set_id: None,
                kind: None,
                finished_at: Some(at(15)),
                code: Some("OB_TIMEOUT(-4012)".into()),
                message: "OB_TIMEOUT(-4012): slow, \"very\"".into(),
                trace_id: Some("abc123".into()),
            }),
            last_finished_failed: false,
            recoverable_until: None,
            rpo: None,
            next_scheduled: None,
            last_drill: None,
            verdict,
            findings: if verdict == Verdict::Warning {
                vec![Finding::Paused]
            } else {
                vec![]
            },
        }
    }

    /// The last restore drill reads as its end and its result, and sorts by its end.
    #[test]
    fn the_last_restore_drill_shows_its_time_and_result() {
        let drill = |id: i64, h: u32, verified: bool| ocp_health::Drill {
            restore_id: id,
            verified,
            restored_tenant: format!("drill_t_{id}"),
            finished_at: Some(at(h)),
            restored_to: Some(at(h - 1)),
        };
        let mut ok = object("alpha", Verdict::Ok, Some(14));
        ok.last_drill = Some(drill(1, 10, true));
        let mut failed = object("beta", Verdict::Ok, Some(14));
        failed.last_drill = Some(drill(2, 12, false));
        let never = object("gamma", Verdict::Ok, Some(14));
        let entry = OcpEntry {
            clusters: vec![ClusterHealth {
                id: 1,
                name: "c1".into(),
                ob_version: None,
                standby: false,
                now: Some(at(16)),
                error: None,
                objects: vec![ok, failed, never],
            }],
            ..OcpEntry::new(Startup::Demo, "demo".into())
        };
        let fmt = crate::ui::format::Format {
            lang: crate::i18n::Lang::En,
            zone: crate::ui::format::TimeZone::Utc,
            ocp_offset: None,
        };
        let mut t = HealthTable::default();
        t.set_rows(rows_of(&EN, &fmt, &entry));
        t.sort_by(Column::LastDrill);
        let cells: Vec<&str> = t
            .order
            .iter()
            .map(|&i| t.rows[i].cell(Column::LastDrill))
            .collect();
        assert_eq!(
            cells,
            [
                "2024-08-09 02:00:00 +00:00 verified",
                "2024-08-09 04:00:00 +00:00 failed",
                ""
            ]
        );
    }

    fn table() -> HealthTable {
        let entry = OcpEntry {
            clusters: vec![ClusterHealth {
                id: 1,
                name: "c1".into(),
                ob_version: None,
                standby: false,
                now: Some(at(16)),
                error: None,
                objects: vec![
                    object("alpha", Verdict::Ok, Some(14)),
                    object("beta", Verdict::Critical, Some(6)),
                    object("gamma", Verdict::Warning, None),
                    object("delta", Verdict::Ok, Some(3)),
                ],
            }],
            ..OcpEntry::new(Startup::Demo, "demo".into())
        };
        let mut t = HealthTable::default();
        t.set_rows(rows_of(
            &EN,
            &crate::ui::format::Format {
                lang: crate::i18n::Lang::En,
                zone: crate::ui::format::TimeZone::Utc,
                ocp_offset: None,
            },
            &entry,
        ));
        t
    }

    fn tenants(t: &HealthTable) -> Vec<&str> {
        t.order
            .iter()
            .map(|&i| t.rows[i].cell(Column::Tenant))
            .collect()
    }

    #[test]
    fn worst_first_then_by_place_and_missing_values_last_either_way() {
        let mut t = table();
        assert_eq!(tenants(&t), ["beta", "gamma", "alpha", "delta"]);
        t.sort_by(Column::Age);
        assert_eq!(tenants(&t), ["alpha", "beta", "delta", "gamma"]);
        t.sort_by(Column::Age);
        assert_eq!(tenants(&t), ["delta", "beta", "alpha", "gamma"]);
        assert_eq!(t.rows[t.order[0]].cell(Column::Age), "13h 00m");
    }

    #[test]
    fn every_word_of_the_search_and_the_verdicts_chosen_filter() {
        let mut t = table();
        t.view.search = "DEMO ta".into();
        t.apply_view();
        assert_eq!(tenants(&t), ["beta", "delta"]);
        t.view.verdicts[Verdict::Critical as usize] = false;
        t.apply_view();
        assert_eq!(tenants(&t), ["delta"]);
        // The headline counts every row, whatever is shown.
        assert_eq!(t.summary.counts, [2, 1, 1, 0]);
        assert_eq!((t.summary.succeeded, t.summary.failed), (12, 1));
    }

    #[test]
    fn the_failure_hover_has_code_and_trace_id_and_csv_quotes_it() {
        let mut t = table();
        let beta = &t.rows[t.order[0]];
        let hover = beta.failure.as_deref().unwrap();
        assert!(hover.contains("code: OB_TIMEOUT(-4012)") && hover.contains("traceId: abc123"));
        t.view.search = "beta".into();
        t.apply_view();
        let csv = t.to_csv(&EN);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert!(lines[0].starts_with("OCP,Cluster,Tenant,Health,"), "{csv}");
        assert!(
            lines[1].starts_with("demo,c1,beta,Critical,\"tenant, running\","),
            "{csv}"
        );
        assert_eq!(lines.len(), 3);
    }
}
