//! Parameter tables, in both styles the docs come in.
//!
//! - Markdown pipe tables (`| name | type | required | … |`), nesting shown by `\|--`, `\|----` or
//!   `├─` prefixes in the name cell. The prefixes mark "nested" but not how deep: children of an
//!   object are usually listed at the same level as the object itself, so depth is only a hint
//!   that the comparison resolves against the spec (see `compare.rs`).
//! - Plain-text renderings of the website, where the pipes are gone: a header line
//!   (`Parameter Type Required Example value Description`) then one row per line
//!   (`|--clusterId Long The ID of the cluster.`), descriptions spilling onto bullet lines
//!   (`• LOGICAL_BACKUP: …`), and sometimes a row itself behind a bullet.

use std::sync::LazyLock;

use regex::Regex;

/// One row of a parameter table.
#[derive(Clone, Debug, Default)]
pub struct Row {
    pub line: usize,
    /// Nesting marks before the name (0 = top level).
    pub depth: usize,
    pub name: String,
    pub typ: String,
    /// `Some` when the table has a required column and the cell says yes or no.
    pub required: Option<bool>,
    pub description: String,
    /// Upper-case constants the description mentions (candidate enum values).
    pub enums: Vec<String>,
}

/// The columns a header names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    pub name: Option<usize>,
    pub typ: Option<usize>,
    pub required: Option<usize>,
    pub description: Option<usize>,
}

impl Columns {
    pub fn from_header(cells: &[String]) -> Columns {
        let mut c = Columns::default();
        for (i, cell) in cells.iter().enumerate() {
            let h = clean_cell(cell).to_lowercase();
            let h = h.trim_matches('*').trim();
            match h {
                "parameter" | "参数" | "field" | "字段" | "name" | "名称" | "参数名" => {
                    c.name.get_or_insert(i);
                }
                "type" | "类型" | "数据类型" => {
                    c.typ.get_or_insert(i);
                }
                "required" | "必选" | "是否必选" | "必填" | "是否必填" => {
                    c.required.get_or_insert(i);
                }
                "description" | "描述" | "说明" => {
                    c.description.get_or_insert(i);
                }
                _ => {}
            }
        }
        c
    }

    /// A field table names its parameters and their types.
    pub fn is_field_table(&self) -> bool {
        self.name.is_some() && self.typ.is_some()
    }
}

/// Splits a Markdown table line into cells; `\|` is a literal pipe, a missing closing pipe is fine.
pub fn split_cells(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    if !cur.trim().is_empty() {
        cells.push(cur);
    }
    cells.into_iter().map(|c| c.trim().to_owned()).collect()
}

pub fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Markup removed from a cell: HTML tags, bold, backticks, `&nbsp;`.
pub fn clean_cell(s: &str) -> String {
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").unwrap());
    let s = TAG.replace_all(s, " ");
    s.replace("**", "")
        .replace('`', "")
        .replace("&nbsp;", " ")
        .replace("\\<", "<")
        .replace("\\>", ">")
        .trim()
        .to_owned()
}

/// The nesting marks in front of a name and the name itself.
pub fn split_nesting(cell: &str) -> (usize, String) {
    static MARKS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:\s*(?:\|-+|[├└│]─*|─+|-{2,}))+\s*").unwrap());
    static GROUP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\|-+|[├└]").unwrap());
    let cell = cell.replace("\\|", "|");
    let cell = cell.trim();
    let (depth, rest) = match MARKS.find(cell) {
        Some(m) => (GROUP.find_iter(m.as_str()).count().max(1), &cell[m.end()..]),
        None => (0, cell),
    };
    (depth, clean_cell(rest))
}

fn required_of(cell: &str) -> Option<bool> {
    match clean_cell(cell).to_lowercase().as_str() {
        "yes" | "是" | "y" | "true" | "required" | "必选" => Some(true),
        "no" | "否" | "n" | "false" | "optional" | "可选" => Some(false),
        _ => None,
    }
}

/// A parameter name as the docs write them (`restoreClusterId`, `query-string`, `SQLState`).
pub fn is_name(s: &str) -> bool {
    static NAME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_.\-]*$").unwrap());
    NAME.is_match(s)
}

/// A Markdown row, or why it cannot be read.
pub fn markdown_row(line: usize, cells: &[String], cols: &Columns) -> Result<Row, String> {
    let get = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(String::as_str);
    let name_cell = get(cols.name).unwrap_or("");
    let (depth, name) = split_nesting(name_cell);
    if name.is_empty() {
        return Err(format!(
            "row without a parameter name ({} cells)",
            cells.len()
        ));
    }
    if !is_name(&name) {
        return Err(format!("cannot read the parameter name «{name}»"));
    }
    let Some(typ) = get(cols.typ) else {
        return Err(format!(
            "row {name} has {} cells, the header has a type column at {}",
            cells.len(),
            cols.typ.unwrap_or(0) + 1
        ));
    };
    // Cells beyond the header (an unescaped pipe inside a description) belong to the description.
    // A row short of cells (no example value, as in en-US page 200's S3 rows) still ends with its
    // description.
    let last_fixed = [cols.name, cols.typ, cols.required]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0);
    let raw = match cols.description {
        Some(i) if i < cells.len() => cells[i..].join(" | "),
        Some(_) if cells.len() > last_fixed + 1 => cells[cells.len() - 1].clone(),
        _ => String::new(),
    };
    let description = clean_cell(&raw);
    Ok(Row {
        line,
        depth,
        enums: enum_mentions(&raw),
        name,
        typ: clean_cell(typ),
        required: get(cols.required).and_then(required_of),
        description,
    })
}

/// The header of a plain-text table, e.g. `Parameter Type Required Example value Description`.
pub fn plain_header(line: &str) -> Option<Columns> {
    static HEAD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(Parameter|参数)\s+(Type|类型)(\s+(Required|必选))?(\s+(Example value|示例值))?\s+(Description|描述|说明)$").unwrap()
    });
    let caps = HEAD.captures(line.trim())?;
    Some(Columns {
        name: Some(0),
        typ: Some(1),
        required: caps.get(3).map(|_| 2),
        description: Some(3),
    })
}

/// A plain-text row: `[|--]name Type [Yes|No] rest…`, or `None` for a line that is not a row
/// (a description continuing on its own line).
pub fn plain_row(line_no: usize, text: &str, cols: &Columns) -> Option<Row> {
    static ROW: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?P<marks>(?:(?:\|-+|[├└│]─*)\s*)*)(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<typ>[A-Z][A-Za-z0-9]*(?:<[^>\s]*>|\[\])?)(?:\s+(?P<rest>.*))?$").unwrap()
    });
    static REQ: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?P<req>Yes|No|是|否)(?:\s+(?P<rest>.*))?$").unwrap());
    let t = strip_bullet(text);
    let caps = ROW.captures(t)?;
    let typ = caps.name("typ").map_or("", |m| m.as_str());
    if !looks_like_type(typ) {
        return None;
    }
    let mut rest = caps.name("rest").map_or("", |m| m.as_str()).to_owned();
    let mut required = None;
    if cols.required.is_some() {
        let r = REQ.captures(&rest)?;
        required = required_of(&r["req"]);
        rest = r.name("rest").map_or("", |m| m.as_str()).to_owned();
    }
    let marks = caps.name("marks").map_or("", |m| m.as_str());
    let (depth, _) = split_nesting(&format!("{marks}x"));
    let description = clean_cell(&rest);
    Some(Row {
        line: line_no,
        depth,
        name: caps["name"].to_owned(),
        typ: typ.to_owned(),
        required,
        enums: enum_mentions(&description),
        description,
    })
}

/// Leading indentation and one list bullet (`•`, `*`, `-` followed by a space) removed.
pub fn strip_bullet(text: &str) -> &str {
    let t = text.trim();
    for b in ["• ", "· ", "* ", "- "] {
        if let Some(rest) = t.strip_prefix(b) {
            return rest.trim_start();
        }
    }
    t
}

/// Does the description say the parameter is no longer used ("deprecated", "已废弃")?
pub fn is_deprecated(desc: &str) -> bool {
    let l = desc.to_lowercase();
    [
        "deprecated",
        "no longer in use",
        "no longer used",
        "will be removed",
        "已废弃",
        "不再使用",
        "废弃",
    ]
    .iter()
    .any(|w| l.contains(w))
}

/// Type words of the docs: the usual Java names plus class names (`Obbackupobject`,
/// `ObBackupServiceStorageConfig`), `List<String>`, `StringArray`.
fn looks_like_type(t: &str) -> bool {
    match doc_type(t) {
        // A bare capitalised word is a class name only when it is long enough not to be prose
        // (`Obbackupobject` is, `Us` of "Contact Us" is not).
        Some(DocType::Object) => t.len() >= 6,
        other => other.is_some(),
    }
}

/// What a doc type word means, in JSON terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DocType {
    Integer,
    Number,
    String,
    Boolean,
    Object,
    Array,
    DateTime,
    Time,
    Map,
    Enum,
}

impl DocType {
    pub fn json_type(self) -> &'static str {
        match self {
            DocType::Integer => "integer",
            DocType::Number => "number",
            DocType::String | DocType::DateTime | DocType::Time | DocType::Enum => "string",
            DocType::Boolean => "boolean",
            DocType::Object | DocType::Map => "object",
            DocType::Array => "array",
        }
    }
}

pub fn doc_type(t: &str) -> Option<DocType> {
    let l = clean_cell(t).to_lowercase().replace(' ', "");
    if l.is_empty() || l == "-" || l == "—" {
        return None;
    }
    if l.contains("array") || l.ends_with("[]") || l.starts_with("list") || l.starts_with("set<") {
        return Some(DocType::Array);
    }
    let t = match l.as_str() {
        "integer" | "int" | "long" | "short" | "int32" | "int64" | "bigint" => DocType::Integer,
        "double" | "float" | "number" | "bigdecimal" | "decimal" => DocType::Number,
        "string" | "str" | "char" | "text" => DocType::String,
        "boolean" | "bool" => DocType::Boolean,
        "datetime" | "offsetdatetime" | "date" | "localdatetime" | "timestamp" | "date-time"
        | "zoneddatetime" | "instant" => DocType::DateTime,
        "offsettime" | "time" | "localtime" => DocType::Time,
        "enum" => DocType::Enum,
        "object" | "json" | "jsonobject" => DocType::Object,
        _ if l == "map" || l.starts_with("map<") => DocType::Map,
        // A class name (`S3AccessKey`, `Obbackupobject`) stands for an object.
        _ => {
            let raw = clean_cell(t);
            let mut chars = raw.chars();
            let first_upper = chars.next().is_some_and(|c| c.is_ascii_uppercase());
            let has_lower = raw.chars().any(|c| c.is_ascii_lowercase());
            if first_upper && has_lower && raw.chars().all(|c| c.is_ascii_alphanumeric()) {
                DocType::Object
            } else {
                return None;
            }
        }
    };
    Some(t)
}

/// Upper-case constants a description mentions: `BACKUP_STORAGE_S3`, `WEEK`, and, when quoted in
/// backticks, multi-word labels such as `` `THE TENANT IS BEING CREATED` ``. Words that are never
/// values (`ID`, `OCP`, `HTTP`…) are left out. Takes the raw cell (markup included).
pub fn enum_mentions(desc: &str) -> Vec<String> {
    // A label of several words (`PRE-UPGRADE CHECK`) is one value when quoted in backticks or
    // when a colon follows it (`THE TENANT IS BEING CREATED：租户创建中`).
    static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
        let word = r"[A-Z][A-Z0-9_]*(?:-[A-Z0-9_]+)*";
        Regex::new(&format!(
            r"`({word}(?: {word})+|{word}-{word})`|(?:^|[^A-Za-z0-9_`-])({word}(?: {word})+)\s*[:：]"
        ))
        .unwrap()
    });
    static CONST: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?-u:\b)[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*(?-u:\b)").unwrap());
    const NOT_VALUES: [&str; 31] = [
        "ID", "IDS", "OCP", "API", "HTTP", "HTTPS", "URL", "URI", "UTC", "SQL", "JSON", "OB", "AK",
        "SK", "MD5", "GMT", "OSS", "COS", "NFS", "CPU", "IP", "UI", "GB", "MB", "OBSERVER", "DB",
        "NA", "YYYY", "MM", "DD", "TRUE",
    ];
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        if !out.iter().any(|o| o == s) {
            out.push(s.to_owned());
        }
    };
    for c in QUOTED.captures_iter(desc) {
        if let Some(m) = c.get(1).or_else(|| c.get(2)) {
            push(m.as_str());
        }
    }
    let rest = QUOTED.replace_all(desc, " ");
    let rest = clean_cell(&rest);
    for m in CONST.find_iter(&rest) {
        let s = m.as_str();
        if s.len() < 2 || NOT_VALUES.contains(&s) {
            continue;
        }
        // A word glued to lower-case letters is part of a longer word (`IDs`, `OBServer`).
        let after = rest[m.end()..].chars().next();
        if after.is_some_and(|c| c.is_ascii_lowercase()) {
            continue;
        }
        push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(header: &str) -> Columns {
        Columns::from_header(&split_cells(header))
    }

    #[test]
    fn markdown_pipe_row_with_escaped_nesting_prefix() {
        let c = cols("| Parameter | Type | Required | Example value | Description |");
        assert_eq!(c.required, Some(2));
        let cells = split_cells(
            "| \\|--backupStorageType | String | Yes | The type. Valid values: BACKUP_STORAGE_FILE, BACKUP_STORAGE_S3.",
        );
        let row = markdown_row(7, &cells, &c).unwrap();
        assert_eq!((row.depth, row.name.as_str()), (1, "backupStorageType"));
        assert_eq!(row.required, Some(true));
        assert_eq!(row.enums, ["BACKUP_STORAGE_FILE", "BACKUP_STORAGE_S3"]);
    }

    #[test]
    fn nesting_marks_of_all_styles() {
        assert_eq!(
            split_nesting("\\|----restoreTenantInfoParam"),
            (1, "restoreTenantInfoParam".into())
        );
        assert_eq!(split_nesting("├─ contents"), (1, "contents".into()));
        assert_eq!(split_nesting("|--|--name"), (2, "name".into()));
        assert_eq!(
            split_nesting("│ ├─ unitSpecName"),
            (1, "unitSpecName".into())
        );
        assert_eq!(split_nesting("`backupMode`"), (0, "backupMode".into()));
    }

    #[test]
    fn chinese_header_and_html_descriptions() {
        let c = cols("|   参数       |       类型       | 必选 |     说明        |");
        assert!(c.is_field_table());
        let cells = split_cells(
            "| backupTenantStatus | String | 是  | 备份租户的状态，包括：<li>在线：ONLINE。</li> <li>离线：OFFLINE。</li> |",
        );
        let row = markdown_row(3, &cells, &c).unwrap();
        assert_eq!(row.required, Some(true));
        assert_eq!(row.enums, ["ONLINE", "OFFLINE"]);
    }

    #[test]
    fn broken_rows_are_refused_with_a_reason() {
        let c = cols("| Parameter | Type | Description |");
        assert!(markdown_row(1, &split_cells("| 参 数 | String | x |"), &c).is_err());
        assert!(
            markdown_row(1, &split_cells("| onlyName"), &c)
                .unwrap_err()
                .contains("1 cells")
        );
        // A missing closing pipe is not broken.
        assert!(markdown_row(1, &split_cells("| a | Long | b"), &c).is_ok());
    }

    #[test]
    fn plain_text_rows_bullets_and_continuations() {
        let c = plain_header("Parameter Type Required Example value Description").unwrap();
        let r = plain_row(
            30,
            "  • dataBackupMode String Yes FULL_BACKUP The data backup mode. Valid values:",
            &c,
        )
        .unwrap();
        assert_eq!(
            (r.name.as_str(), r.required),
            ("dataBackupMode", Some(true))
        );
        assert!(plain_row(31, "  • FULL_BACKUP: indicates full backup.", &c).is_none());
        assert!(
            plain_row(
                32,
                "  • When the service type is OB_CLUSTER, the value is a cluster ID.",
                &c
            )
            .is_none()
        );
        let r = plain_row(
            33,
            "    |--alarmStoragePercentageThreshold Long Yes The threshold.",
            &c,
        )
        .unwrap();
        assert_eq!((r.depth, r.typ.as_str()), (1, "Long"));
        let resp = plain_header("Parameter Type Description").unwrap();
        let r = plain_row(
            50,
            "|--obBackupObjectList Array The list of backup objects.",
            &resp,
        )
        .unwrap();
        assert_eq!((r.depth, r.required), (1, None));
        let zh = plain_header("参数 类型 必选 示例值 描述").unwrap();
        let r = plain_row(
            5,
            "obBackupObject Obbackupobject 否 NA 备份对象，会自动填充。",
            &zh,
        )
        .unwrap();
        assert_eq!(
            (r.typ.as_str(), r.required),
            ("Obbackupobject", Some(false))
        );
        assert_eq!(doc_type(&r.typ), Some(DocType::Object));
    }

    #[test]
    fn doc_types() {
        assert_eq!(doc_type("List\\<String\\>"), Some(DocType::Array));
        assert_eq!(doc_type("Arrays"), Some(DocType::Array));
        assert_eq!(doc_type("OffsetDateTime"), Some(DocType::DateTime));
        assert_eq!(doc_type("Long"), Some(DocType::Integer));
        assert_eq!(doc_type("-"), None);
        assert_eq!(doc_type("the"), None);
    }

    #[test]
    fn enum_mentions_skip_words_that_are_not_values() {
        let e = enum_mentions(
            "The ID of the OCP cluster; HTTP Status. Valid values: * RUNNING * FAILED, OBServer 4.x, IDs",
        );
        assert_eq!(e, ["RUNNING", "FAILED"]);
        assert_eq!(enum_mentions("包括WEEK，MONTH。"), ["WEEK", "MONTH"]);
        assert_eq!(
            enum_mentions(
                "<li>`THE TENANT IS BEING CREATED`: x</li><li>`PRE-UPGRADE CHECK`</li><li>`COMPLETED`</li>"
            ),
            [
                "THE TENANT IS BEING CREATED",
                "PRE-UPGRADE CHECK",
                "COMPLETED"
            ]
        );
        assert_eq!(
            enum_mentions(
                "<li> RECOVERING SYSTEM REPLICAS：系统副本恢复中。</li><li> PRE-UPGRADE CHECK：检查。</li><li> FAILED：失败。</li>"
            ),
            ["RECOVERING SYSTEM REPLICAS", "PRE-UPGRADE CHECK", "FAILED"]
        );
        // Without quotes, neighbouring constants stay apart (plain-text renderings).
        assert_eq!(
            enum_mentions("Valid values: * CLUSTER * TENANT CLUSTER represents cluster backup"),
            ["CLUSTER", "TENANT"]
        );
    }
}
