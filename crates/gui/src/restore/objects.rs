//! What a restore recovers: the whole tenant, or databases or tables of it with optional new
//! names (`restoreObj`, `tableRestoreObjects` of OCP 4.3). Rows are added by hand or pasted as
//! lines (`db [new]`, `db.table [new]`) and checked before anything is sent.

use ocp_api::enums::RestoreObjectKind;
use ocp_api::rules;
use ocp_api::types::TableRestoreObject;

/// One database or table to restore, as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectRow {
    pub database: String,
    /// Tables only.
    pub table: String,
    /// Empty: the source's name. For a table, `table` or `db.table`.
    pub new_name: String,
}

/// The "what to restore" step as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectsForm {
    pub kind: RestoreObjectKind,
    pub rows: Vec<ObjectRow>,
    /// Lines to paste, one object per line.
    pub paste: String,
    /// The first pasted line that could not be read; the text stays for another try.
    pub paste_error: Option<String>,
}

impl Default for ObjectsForm {
    fn default() -> Self {
        ObjectsForm {
            kind: RestoreObjectKind::Tenant,
            rows: Vec::new(),
            paste: String::new(),
            paste_error: None,
        }
    }
}

/// What is wrong with the list; rows are counted from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ObjectProblem {
    NoObjects,
    TooMany(usize),
    BadDatabase(usize),
    BadTable(usize),
    BadNewName(usize),
    /// Row `.0` names the same object as row `.1`.
    Duplicate(usize, usize),
    /// Row `.0` would be restored under the same name as row `.1`.
    SameTarget(usize, usize),
}

impl ObjectsForm {
    pub fn tables(&self) -> bool {
        self.kind == RestoreObjectKind::Table
    }

    /// Adds the pasted lines as rows; on an unreadable line nothing is added and it is named.
    pub fn paste_lines(&mut self) {
        let mut rows = Vec::new();
        for line in self.paste.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match parse_line(line, self.tables()) {
                Some(row) => rows.push(row),
                None => {
                    self.paste_error = Some(line.to_owned());
                    return;
                }
            }
        }
        self.paste_error = None;
        self.rows.extend(rows);
        self.paste.clear();
    }

    /// The first problem of the list, judged by the rules the spec states for the body
    /// (`ocp_api::rules`, as the simulator judges it), named by row.
    pub fn problem(&self) -> Option<ObjectProblem> {
        use ObjectProblem as P;
        use rules::RestoreObjectsError as E;
        let (kind, objects) = self.to_body();
        let row = |index: usize| index + 1;
        let e = rules::check_restore_objects(kind.as_ref(), &objects).err()?;
        Some(match e {
            E::Empty | E::NotForTenant => P::NoObjects,
            E::TooMany { count } => P::TooMany(count),
            E::Missing { index, field }
            | E::BadName { index, field }
            | E::NotForKind { index, field } => match field {
                "sourceDatabase" => P::BadDatabase(row(index)),
                "sourceTable" => P::BadTable(row(index)),
                _ => P::BadNewName(row(index)),
            },
            E::Duplicate { index, first } => P::Duplicate(row(index), row(first)),
            E::SameTarget { index, first } => P::SameTarget(row(index), row(first)),
        })
    }

    /// `restoreObj` and `tableRestoreObjects`: none for a whole tenant (OCP's default), else
    /// the rows with their new names where given.
    pub fn to_body(&self) -> (Option<RestoreObjectKind>, Vec<TableRestoreObject>) {
        if self.kind == RestoreObjectKind::Tenant {
            return (None, Vec::new());
        }
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        let objects = self
            .rows
            .iter()
            .map(|r| {
                let (db, table, new) = (r.database.trim(), r.table.trim(), r.new_name.trim());
                if self.tables() {
                    let (new_db, new_table) = match new.split_once('.') {
                        Some((d, t)) => (d, t),
                        None => ("", new),
                    };
                    TableRestoreObject {
                        source_database: some(db),
                        source_table: some(table),
                        target_database: some(new_db),
                        target_table: some(new_table),
                    }
                } else {
                    TableRestoreObject {
                        source_database: some(db),
                        source_table: None,
                        target_database: some(new),
                        target_table: None,
                    }
                }
            })
            .collect();
        (Some(self.kind.clone()), objects)
    }
}

/// One pasted line: `db [new]` or `db.table [new]`.
fn parse_line(line: &str, tables: bool) -> Option<ObjectRow> {
    let mut words = line.split_whitespace();
    let name = words.next()?;
    let new_name = words.next().unwrap_or_default().to_owned();
    if words.next().is_some() {
        return None;
    }
    if tables {
        let (database, table) = name.split_once('.')?;
        Some(ObjectRow {
            database: database.to_owned(),
            table: table.to_owned(),
            new_name,
        })
    } else {
        (!name.contains('.')).then(|| ObjectRow {
            database: name.to_owned(),
            table: String::new(),
            new_name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ObjectProblem as P;

    fn tables(lines: &str) -> ObjectsForm {
        let mut f = ObjectsForm {
            kind: RestoreObjectKind::Table,
            paste: lines.into(),
            ..Default::default()
        };
        f.paste_lines();
        f
    }

    #[test]
    fn pasted_lines_become_rows_and_a_bad_line_adds_nothing() {
        let f = tables("trade.orders orders_0809\n\n  trade.payments  \n");
        assert_eq!(f.rows.len(), 2);
        assert_eq!(f.rows[0].new_name, "orders_0809");
        assert_eq!(f.problem(), None);
        let mut g = tables("trade.orders\norders_without_db\n");
        assert_eq!(g.paste_error.as_deref(), Some("orders_without_db"));
        assert!(g.rows.is_empty());
        assert_eq!(g.paste, "trade.orders\norders_without_db\n");
        g.kind = RestoreObjectKind::Database;
        g.paste = "trade trade_copy".into();
        g.paste_lines();
        assert_eq!(g.rows[0].database, "trade");
    }

    #[test]
    fn duplicates_clashing_names_and_the_limit_are_refused() {
        let f = tables("trade.orders\ntrade.payments orders\ntrade.orders x");
        assert_eq!(f.problem(), Some(P::SameTarget(2, 1)));
        let f = tables("trade.orders\ntrade.payments\ntrade.orders x");
        assert_eq!(f.problem(), Some(P::Duplicate(3, 1)));
        let many: String = (0..=rules::MAX_RESTORE_OBJECTS)
            .map(|i| format!("trade.t{i}\n"))
            .collect();
        assert_eq!(tables(&many).problem(), Some(P::TooMany(201)));
        let mut bad = tables("trade.orders");
        bad.rows[0].new_name = "a.b.c".into();
        assert_eq!(bad.problem(), Some(P::BadNewName(1)));
        bad.rows[0].database.clear();
        assert_eq!(bad.problem(), Some(P::BadDatabase(1)));
    }

    #[test]
    fn the_body_names_sources_and_only_the_given_new_names() {
        let f = tables("trade.orders orders_0809\ntrade.payments report.pay");
        let (kind, objects) = f.to_body();
        assert_eq!(kind, Some(RestoreObjectKind::Table));
        assert_eq!(
            serde_json::to_value(&objects).unwrap(),
            serde_json::json!([
                {"sourceDatabase": "trade", "sourceTable": "orders", "targetTable": "orders_0809"},
                {"sourceDatabase": "trade", "sourceTable": "payments",
                 "targetDatabase": "report", "targetTable": "pay"}
            ])
        );
        assert_eq!(ObjectsForm::default().to_body(), (None, Vec::new()));
    }
}
