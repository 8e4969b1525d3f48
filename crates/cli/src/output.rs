//! What `ocpctl` prints: JSON on stdout when it is piped (or `--output json`), a readable table on
//! a terminal (or `--output table`); messages, progress and `--verbose` on stderr. Storage
//! secrets (`accessKeySecret`…) are masked in everything printed.

use std::io::Write;
use std::sync::Mutex;

use serde_json::{Map, Value};

/// `--output`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Table,
}

/// Where output goes; the process's stdout/stderr, or buffers in tests.
pub struct Io {
    pub stdout: Box<dyn Write + Send>,
    pub stderr: Box<dyn Write + Send>,
    pub stdin: Box<dyn std::io::Read + Send>,
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
}

impl Io {
    /// The process's own streams.
    pub fn process() -> Io {
        use std::io::IsTerminal;
        Io {
            stdout_is_terminal: std::io::stdout().is_terminal(),
            stderr_is_terminal: std::io::stderr().is_terminal(),
            stdout: Box::new(std::io::stdout()),
            stderr: Box::new(std::io::stderr()),
            stdin: Box::new(std::io::stdin()),
        }
    }
}

/// Shared access to the streams. Write errors (a closed pipe) are ignored: there is nobody to
/// tell.
pub struct Console {
    io: Mutex<Io>,
    format: Mutex<Format>,
    /// A progress line is on the terminal and the next message must start on a fresh line.
    progress_open: Mutex<bool>,
    last_progress: Mutex<String>,
}

impl Console {
    pub fn new(io: Io) -> Console {
        let format = if io.stdout_is_terminal {
            Format::Table
        } else {
            Format::Json
        };
        Console {
            io: Mutex::new(io),
            format: Mutex::new(format),
            progress_open: Mutex::new(false),
            last_progress: Mutex::new(String::new()),
        }
    }

    pub fn set_format(&self, format: Format) {
        *lock(&self.format) = format;
    }

    pub fn format(&self) -> Format {
        *lock(&self.format)
    }

    pub fn stderr_is_terminal(&self) -> bool {
        lock(&self.io).stderr_is_terminal
    }

    /// Prints a result on stdout, masked, as JSON or a table.
    pub fn print(&self, value: &Value) {
        let mut value = value.clone();
        mask_secrets(&mut value);
        let text = match self.format() {
            Format::Json => serde_json::to_string_pretty(&value).unwrap_or_default() + "\n",
            Format::Table => render_table(&value),
        };
        let mut io = lock(&self.io);
        let _ = io.stdout.write_all(text.as_bytes());
        let _ = io.stdout.flush();
    }

    /// Raw text on stdout (templates, `config path`).
    pub fn print_text(&self, text: &str) {
        let mut io = lock(&self.io);
        let _ = io.stdout.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = io.stdout.write_all(b"\n");
        }
        let _ = io.stdout.flush();
    }

    /// A line on stderr.
    pub fn message(&self, text: &str) {
        self.end_progress();
        let mut io = lock(&self.io);
        let _ = writeln!(io.stderr, "{text}");
        let _ = io.stderr.flush();
    }

    /// The progress line of a `--wait`: `state` plus the time waited. Rewritten in place on a
    /// terminal; elsewhere (cron logs) printed only when `state` changes.
    pub fn progress(&self, state: &str, waited: &str) {
        let terminal = self.stderr_is_terminal();
        {
            let mut last = lock(&self.last_progress);
            if !terminal && *last == state {
                return;
            }
            *last = state.to_owned();
        }
        let line = format!("{state}; {waited}");
        let mut io = lock(&self.io);
        if terminal {
            let _ = write!(io.stderr, "\r\x1b[2K{line}");
            *lock(&self.progress_open) = true;
        } else {
            let _ = writeln!(io.stderr, "{line}");
        }
        let _ = io.stderr.flush();
    }

    /// Prints `json` in JSON mode, the rows under `columns` (header, key) in table mode.
    pub fn print_rows(&self, json: &Value, columns: &[(&str, &str)], rows: &[Value]) {
        match self.format() {
            Format::Json => self.print(json),
            Format::Table => {
                let headers: Vec<String> = columns.iter().map(|(h, _)| (*h).to_owned()).collect();
                let cells: Vec<Vec<String>> = rows
                    .iter()
                    .map(|r| {
                        columns
                            .iter()
                            .map(|(_, k)| r.get(*k).map(cell).unwrap_or_default())
                            .collect()
                    })
                    .collect();
                let text = aligned(&headers, &cells);
                let mut io = lock(&self.io);
                let _ = io.stdout.write_all(text.as_bytes());
                let _ = io.stdout.flush();
            }
        }
    }

    /// Ends an open progress line on a terminal.
    pub fn end_progress(&self) {
        let mut open = lock(&self.progress_open);
        if *open {
            let mut io = lock(&self.io);
            let _ = writeln!(io.stderr);
            *open = false;
        }
    }

    /// Reads stdin to the end (`ocpctl login` reads the secret there).
    pub fn read_stdin(&self) -> std::io::Result<String> {
        let mut text = String::new();
        lock(&self.io).stdin.read_to_string(&mut text)?;
        Ok(text)
    }

    pub fn write_stderr_raw(&self, text: &str) {
        self.end_progress();
        let mut io = lock(&self.io);
        let _ = io.stderr.write_all(text.as_bytes());
        let _ = io.stderr.flush();
    }

    pub fn write_stdout_raw(&self, text: &str) {
        let mut io = lock(&self.io);
        let _ = io.stdout.write_all(text.as_bytes());
        let _ = io.stdout.flush();
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

// The one list of secret field names lives in ocp-api, shared with the client's error
// excerpts and the generated types' Debug.
pub use ocp_api::secrets::{MASK, is_secret_key, mask_json as mask_secrets};

/// A response envelope or a result object as text for people:
/// * a page (`data.contents`) or an array → one row per item, one column per field;
/// * an object → one `key  value` line per (flattened) field.
pub fn render_table(value: &Value) -> String {
    let data = match value.get("data") {
        Some(d) if value.get("successful").is_some() => d,
        _ => value,
    };
    if let Some(rows) = data.get("contents").and_then(Value::as_array) {
        let mut out = rows_table(rows);
        if let Some(page) = data.get("page") {
            let n = |k: &str| page.get(k).and_then(Value::as_i64).unwrap_or(0);
            out.push_str(&format!(
                "page {} of {}, {} in all\n",
                n("number"),
                n("totalPages"),
                n("totalElements")
            ));
        }
        return out;
    }
    match data {
        Value::Array(rows) => rows_table(rows),
        Value::Object(_) => {
            let mut pairs = Vec::new();
            flatten("", data, &mut pairs);
            key_values(&pairs)
        }
        Value::Null => String::new(),
        other => format!("{}\n", scalar(other)),
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Dotted paths to scalar leaves; arrays of scalars joined with `, `.
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    let join = |k: &str| {
        if prefix.is_empty() {
            k.to_owned()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&join(k), v, out);
            }
        }
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            out.push((
                prefix.to_owned(),
                items.iter().map(scalar).collect::<Vec<_>>().join(", "),
            ));
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{i}]"), item, out);
            }
        }
        other => out.push((prefix.to_owned(), scalar(other))),
    }
}

fn key_values(pairs: &[(String, String)]) -> String {
    let width = pairs.iter().map(|(k, _)| width_of(k)).max().unwrap_or(0);
    let mut out = String::new();
    for (k, v) in pairs {
        out.push_str(&format!("{k}{}  {v}\n", " ".repeat(width - width_of(k))));
    }
    out
}

/// Columns a text takes on a terminal: CJK characters and emoji take two, combining marks none.
fn width_of(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Longest cell text before it is cut with `…`.
const MAX_CELL: usize = 48;

fn cell(v: &Value) -> String {
    let text = match v {
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            items.iter().map(scalar).collect::<Vec<_>>().join(",")
        }
        Value::Object(_) | Value::Array(_) => v.to_string(),
        other => scalar(other),
    };
    let text = text.replace(['\n', '\r', '\t'], " ");
    if text.chars().count() > MAX_CELL {
        let cut: String = text.chars().take(MAX_CELL - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}

/// Columns shown first when a row has them.
const FIRST_COLUMNS: [&str; 6] = [
    "id",
    "taskId",
    "name",
    "tenantName",
    "clusterName",
    "status",
];

fn rows_table(rows: &[Value]) -> String {
    if rows.is_empty() {
        return "(none)\n".into();
    }
    let mut columns: Vec<String> = Vec::new();
    let mut nested: Vec<String> = Vec::new();
    for row in rows {
        if let Value::Object(map) = row {
            for (k, v) in map {
                let is_nested = match v {
                    Value::Object(_) => true,
                    Value::Array(items) => items.iter().any(|i| i.is_object() || i.is_array()),
                    _ => false,
                };
                if is_nested {
                    if !nested.contains(k) {
                        nested.push(k.clone());
                    }
                } else if !v.is_null() && !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
    }
    columns.retain(|c| !nested.contains(c));
    columns.sort_by_key(|c| {
        FIRST_COLUMNS
            .iter()
            .position(|f| f == c)
            .unwrap_or(FIRST_COLUMNS.len())
    });
    if columns.is_empty() {
        return rows.iter().map(|r| format!("{}\n", cell(r))).collect();
    }
    let empty = Map::new();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let map = r.as_object().unwrap_or(&empty);
            columns
                .iter()
                .map(|c| map.get(c).map(cell).unwrap_or_default())
                .collect()
        })
        .collect();
    let mut out = aligned(&columns, &cells);
    if !nested.is_empty() {
        out.push_str(&format!(
            "(not shown: {}; --output json has everything)\n",
            nested.join(", ")
        ));
    }
    out
}

/// Left-aligned columns two spaces apart.
fn aligned(headers: &[String], cells: &[Vec<String>]) -> String {
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells
                .iter()
                .map(|r| width_of(&r[i]))
                .chain([width_of(c)])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |texts: &[String]| {
        let mut s = texts
            .iter()
            .zip(&widths)
            .map(|(t, w)| format!("{t}{}", " ".repeat(w - width_of(t))))
            .collect::<Vec<_>>()
            .join("  ");
        s.truncate(s.trim_end().len());
        s.push('\n');
        s
    };
    let mut out = line(headers);
    for r in cells {
        out.push_str(&line(r));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn masks_storage_secrets_at_any_depth() {
        let mut v = json!({"a": {"ossAccessKey": {"accessKeyId": "id", "accessKeySecret": "s3cr3t"}},
                           "list": [{"password": "pw"}], "secretless": null});
        mask_secrets(&mut v);
        let text = v.to_string();
        assert!(
            !text.contains("s3cr3t") && !text.contains("\"pw\""),
            "{text}"
        );
        assert!(text.contains("accessKeyId"), "{text}");
    }

    #[test]
    fn pages_become_rows() {
        let v = json!({"successful": true, "data": {"contents": [
            {"id": 1, "name": "trade", "status": "NORMAL"},
            {"id": 22, "name": "billing", "status": "LOCKED"}],
            "page": {"number": 1, "totalPages": 1, "totalElements": 2, "size": 20}}});
        let t = render_table(&v);
        assert!(t.starts_with("id  name     status\n"), "{t}");
        assert!(t.contains("22  billing  LOCKED"), "{t}");
        assert!(t.contains("page 1 of 1, 2 in all"), "{t}");
    }

    /// Chinese names (two columns a character) line up with ASCII ones.
    #[test]
    fn wide_characters_take_two_columns() {
        let v =
            json!([{"name": "交易库", "status": "NORMAL"}, {"name": "trade", "status": "LOCKED"}]);
        assert_eq!(
            render_table(&v),
            "name    status\n交易库  NORMAL\ntrade   LOCKED\n"
        );
        let t = render_table(&json!({"租户": "trade", "name": "x"}));
        assert_eq!(t, "name  x\n租户  trade\n");
        // Fullwidth forms, Hangul, and a combining accent (no column of its own).
        assert_eq!(width_of("ＡＢ한국e\u{301}"), 9);
    }

    #[test]
    fn objects_become_key_values() {
        let t = render_table(&json!({"a": {"b": 1, "c": ["x", "y"]}, "long_key": "v"}));
        assert_eq!(t, "a.b       1\na.c       x, y\nlong_key  v\n");
    }
}
