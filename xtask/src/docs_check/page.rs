//! One doc page: its format, language, operation(s), parameter tables and JSON examples.
//!
//! Formats recognised:
//! - Markdown pages of the OCP doc repository (zh-CN and en-US; ATX or setext headings, a
//!   `|description|…|` or `|slug|…|` metadata table at the top, pipe tables, code fences);
//! - plain-text renderings of the same pages from the website (no pipes, no fences; see
//!   `table.rs`);
//! - a chapter summary (Markdown with several operations, each under its own heading);
//! - OCP's error-code tables (not API pages: recognised and skipped);
//! - the corpus `INDEX.md` (skipped).
//!
//! Anything else is an unknown format, said plainly; nothing here panics on odd input.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::json::{self, Parsed};
use super::table::{self, Columns, Row};
use crate::spec::OcpVersion;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    ZhCn,
    EnUs,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::EnUs => "en-US",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    PlainText,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::PlainText => "plain text",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One operation (the API reference pages, the supporting pages, the seed pages).
    Reference,
    /// Several operations, each under its own heading (a chapter summary).
    Summary,
    /// No operation: overview, call description, signatures, task structures.
    General,
    /// OCP's error-code table: not an API page.
    ErrorCodes,
    /// The corpus index.
    Index,
    /// Not a format this tool knows.
    Unknown(String),
    /// Could not be read at all.
    Unreadable(String),
}

impl Kind {
    pub fn label(&self) -> String {
        match self {
            Kind::Reference => "API page".into(),
            Kind::Summary => "chapter summary".into(),
            Kind::General => "general page".into(),
            Kind::ErrorCodes => "error-code table (not an API page; skipped)".into(),
            Kind::Index => "corpus index (skipped)".into(),
            Kind::Unknown(why) => format!("UNKNOWN FORMAT: {why}"),
            Kind::Unreadable(why) => format!("CANNOT PARSE: {why}"),
        }
    }
}

/// Which message a part of the page is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    None,
    Request,
    Response,
}

/// What a table documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    Path,
    Query,
    Body,
    /// "Request parameters": path, query or body, told apart by name.
    Request,
    /// The response envelope.
    Response,
    /// "Data structure of X": the members of object X.
    Structure(String),
}

#[derive(Clone, Debug)]
pub struct Table {
    pub line: usize,
    pub caption: String,
    pub role: Role,
    pub side: Side,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug)]
pub struct Example {
    /// Opening fence, or first JSON line in a plain-text page.
    pub line: usize,
    pub side: Side,
    pub raw: String,
    pub parsed: Parsed,
}

/// An operation a page declares (`POST /api/v2/…` under "Request path").
#[derive(Clone, Debug)]
pub struct DocOp {
    pub method: String,
    pub path: String,
    pub line: usize,
    /// Lines of the page that belong to it.
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug)]
pub struct Page {
    /// Path relative to the corpus root (as `x-sources` name pages).
    pub rel: String,
    pub lang: Lang,
    pub format: Format,
    pub kind: Kind,
    pub title: String,
    pub ops: Vec<DocOp>,
    pub tables: Vec<Table>,
    pub examples: Vec<Example>,
    /// Parts that could not be read (broken table rows), with line and reason.
    pub problems: Vec<(usize, String)>,
    /// Query parameters the sample requests use (`…/dataBackupTasks?page=1&size=10`).
    pub sample_queries: Vec<(usize, String)>,
    /// The OCP version the page documents: from its folder (`older/V4.2.2/…`, `4.3/…`) or
    /// `--ocp-version`; `None` (judged as the newest) when neither says.
    pub version: Option<OcpVersion>,
}

impl Page {
    /// The operation a line belongs to.
    pub fn op_at(&self, line: usize) -> Option<usize> {
        self.ops
            .iter()
            .position(|o| o.start <= line && line <= o.end)
    }
}

/// The OCP version a corpus folder names: a `V4.2.2` (or `4.2.2`) component, or the top-level
/// `4.3` folder of the current reference (4.3.0).
pub fn version_of_path(rel: &str) -> Option<OcpVersion> {
    let (folders, _file) = rel.rsplit_once('/')?;
    folders.split('/').find_map(|part| {
        let number = part.strip_prefix(['V', 'v']).unwrap_or(part);
        OcpVersion::parse(number).or_else(|| OcpVersion::parse(&format!("{number}.0")))
    })
}

pub fn read(path: &Path, rel: &str) -> Page {
    match std::fs::read(path) {
        Err(e) => unreadable(rel, format!("cannot read: {e}")),
        Ok(bytes) => match String::from_utf8(bytes) {
            Err(e) => unreadable(rel, format!("not UTF-8 text ({e})")),
            Ok(text) => parse(rel, &text),
        },
    }
}

fn unreadable(rel: &str, why: String) -> Page {
    Page {
        rel: rel.to_owned(),
        lang: lang_of(rel, ""),
        format: Format::PlainText,
        kind: Kind::Unreadable(why),
        title: String::new(),
        ops: Vec::new(),
        tables: Vec::new(),
        examples: Vec::new(),
        problems: Vec::new(),
        sample_queries: Vec::new(),
        version: version_of_path(rel),
    }
}

pub fn lang_of(rel: &str, text: &str) -> Lang {
    if rel.contains("zh-CN") {
        return Lang::ZhCn;
    }
    if rel.contains("en-US") {
        return Lang::EnUs;
    }
    let cjk = text
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count();
    if cjk > 20 { Lang::ZhCn } else { Lang::EnUs }
}

/// The building blocks of a page, in order.
#[derive(Clone, Debug)]
enum Block {
    /// A heading (`level` 1–6) or a caption line (bold line, plain line; `level` 7).
    Heading {
        line: usize,
        level: u8,
        text: String,
    },
    Text {
        line: usize,
        text: String,
    },
    Table {
        line: usize,
        header: Vec<String>,
        rows: Vec<(usize, Vec<String>)>,
    },
    PlainTable {
        line: usize,
        rows: Vec<Row>,
    },
    Code {
        line: usize,
        lang: String,
        body: String,
    },
    PlainJson {
        line: usize,
        raw: String,
        parsed: Parsed,
    },
}

pub fn parse(rel: &str, text: &str) -> Page {
    let lang = lang_of(rel, text);
    let file = rel.rsplit('/').next().unwrap_or(rel);
    let lines: Vec<&str> = text.lines().collect();
    let format = detect_format(&lines);
    let mut page = Page {
        rel: rel.to_owned(),
        lang,
        format: format.unwrap_or(Format::PlainText),
        kind: Kind::General,
        title: String::new(),
        ops: Vec::new(),
        tables: Vec::new(),
        examples: Vec::new(),
        problems: Vec::new(),
        sample_queries: Vec::new(),
        version: version_of_path(rel),
    };
    if file.eq_ignore_ascii_case("INDEX.md") {
        page.kind = Kind::Index;
        page.format = Format::Markdown;
        return page;
    }
    let Some(format) = format else {
        page.kind = Kind::Unknown(if text.trim().is_empty() {
            "empty file".to_owned()
        } else {
            "no headings, pipe tables, code fences, parameter tables or request path found"
                .to_owned()
        });
        return page;
    };
    let blocks = match format {
        Format::Markdown => markdown_blocks(&lines),
        Format::PlainText => plain_blocks(text, &lines),
    };
    interpret(&mut page, &blocks, lines.len());
    page
}

fn detect_format(lines: &[&str]) -> Option<Format> {
    let mut md = 0;
    let mut plain = 0;
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim();
        if t.starts_with("```")
            || (t.starts_with('#') && t.trim_start_matches('#').starts_with(' '))
        {
            md += 1;
        }
        if t.starts_with('|') && lines.get(i + 1).is_some_and(|n| table::is_separator(n)) {
            md += 2;
        }
        if table::plain_header(t).is_some() {
            plain += 2;
        }
        if op_declaration(t, true).is_some() && !t.contains('`') {
            plain += 1;
        }
    }
    if md > 0 && md >= plain {
        Some(Format::Markdown)
    } else if plain > 0 {
        Some(Format::PlainText)
    } else {
        None
    }
}

fn markdown_blocks(lines: &[&str]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let t = raw.trim();
        let line = i + 1;
        if t.starts_with("```") {
            let indent = raw.len() - raw.trim_start().len();
            let lang = t.trim_start_matches('`').trim().to_owned();
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() && !lines[i].trim().starts_with("```") {
                let l = lines[i];
                let cut = l.len() - l.trim_start().len();
                body.push(&l[cut.min(indent)..]);
                i += 1;
            }
            out.push(Block::Code {
                line,
                lang,
                body: body.join("\n"),
            });
            i += 1;
            continue;
        }
        if t.starts_with('|') {
            let mut group = Vec::new();
            while i < lines.len() && lines[i].trim().starts_with('|') {
                group.push((i + 1, lines[i]));
                i += 1;
            }
            if group.len() >= 2 && table::is_separator(group[1].1) {
                out.push(Block::Table {
                    line: group[0].0,
                    header: table::split_cells(group[0].1),
                    rows: group[2..]
                        .iter()
                        .filter(|(_, l)| !table::is_separator(l))
                        .map(|(n, l)| (*n, table::split_cells(l)))
                        .collect(),
                });
            } else {
                for (n, l) in group {
                    out.push(Block::Text {
                        line: n,
                        text: l.trim().to_owned(),
                    });
                }
            }
            continue;
        }
        if t.is_empty() {
            i += 1;
            continue;
        }
        if let Some(rest) = t.strip_prefix('#') {
            let level = 1 + rest.chars().take_while(|&c| c == '#').count();
            let text = rest
                .trim_start_matches('#')
                .trim()
                .trim_end_matches('#')
                .trim();
            out.push(Block::Heading {
                line,
                level: level.min(6) as u8,
                text: text.to_owned(),
            });
            i += 1;
            continue;
        }
        if let Some(next) = lines.get(i + 1).map(|l| l.trim())
            && next.len() >= 3
            && (next.chars().all(|c| c == '=') || next.chars().all(|c| c == '-'))
        {
            out.push(Block::Heading {
                line,
                level: if next.starts_with('=') { 1 } else { 2 },
                text: t.to_owned(),
            });
            i += 2;
            continue;
        }
        if t.chars().all(|c| c == '-' || c == '*' || c == '_') && t.len() >= 3 {
            i += 1; // a rule
            continue;
        }
        let bold = t
            .strip_prefix("**")
            .and_then(|r| r.trim_end_matches([':', '：', ' ']).strip_suffix("**"))
            .filter(|inner| !inner.contains("**"));
        match bold {
            Some(inner) => out.push(Block::Heading {
                line,
                level: 7,
                text: inner.trim().to_owned(),
            }),
            // Plain caption lines ("Page parameters", "Path parameters:") act as captions too.
            None if classify(t).is_some() => out.push(Block::Heading {
                line,
                level: 7,
                text: t.to_owned(),
            }),
            None => out.push(Block::Text {
                line,
                text: t.to_owned(),
            }),
        }
        i += 1;
    }
    out
}

fn plain_blocks(text: &str, lines: &[&str]) -> Vec<Block> {
    // Byte offset of every line start, for reading JSON that spans lines.
    let mut starts = Vec::with_capacity(lines.len());
    let mut off = 0;
    for l in text.split_inclusive('\n') {
        starts.push(off);
        off += l.len();
    }
    let mut out = Vec::new();
    let mut open: Option<(usize, Columns, Vec<Row>)> = None;
    let mut i = 0;
    let close = |open: &mut Option<(usize, Columns, Vec<Row>)>, out: &mut Vec<Block>| {
        if let Some((line, _, rows)) = open.take() {
            out.push(Block::PlainTable { line, rows });
        }
    };
    while i < lines.len() {
        let t = lines[i].trim();
        let line = i + 1;
        if t.is_empty() {
            // A blank line ends a table unless the table goes on right after it.
            let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
            let goes_on = match (&open, next) {
                (Some((_, cols, _)), Some(n)) => table::plain_row(0, n, cols).is_some(),
                _ => false,
            };
            if !goes_on {
                close(&mut open, &mut out);
            }
            i += 1;
            continue;
        }
        if looks_like_json(&text[starts.get(i).copied().unwrap_or(0)..]) {
            close(&mut open, &mut out);
            let from = starts.get(i).copied().unwrap_or(0);
            let rest = &text[from..];
            let parsed = json::parse_lenient(rest, false);
            let end = if parsed.value.is_some() {
                parsed.consumed
            } else {
                json::balanced_end(rest).unwrap_or(rest.len())
            };
            let raw = rest[..end].trim_end().to_owned();
            let n_lines = raw.lines().count().max(1);
            out.push(Block::PlainJson { line, raw, parsed });
            i += n_lines;
            continue;
        }
        if let Some(columns) = table::plain_header(t) {
            close(&mut open, &mut out);
            open = Some((line, columns, Vec::new()));
            i += 1;
            continue;
        }
        if let Some((_, cols, rows)) = open.as_mut() {
            if let Some(row) = table::plain_row(line, lines[i], cols) {
                rows.push(row);
                i += 1;
                continue;
            }
            let stripped = table::strip_bullet(t);
            if classify(stripped).is_none() && op_declaration(stripped, true).is_none() {
                // The description of the previous row goes on.
                if let Some(last) = rows.last_mut() {
                    last.description.push(' ');
                    last.description.push_str(stripped);
                    last.enums = table::enum_mentions(&last.description);
                }
                i += 1;
                continue;
            }
            close(&mut open, &mut out);
        }
        let stripped = table::strip_bullet(t);
        if classify(stripped).is_some() {
            out.push(Block::Heading {
                line,
                level: 7,
                text: stripped.to_owned(),
            });
        } else {
            out.push(Block::Text {
                line,
                text: stripped.to_owned(),
            });
        }
        i += 1;
    }
    close(&mut open, &mut out);
    out
}

/// What a heading or caption line announces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Caption {
    RequestPath,
    Params(Role),
    Examples,
    SampleRequest,
    SampleResponse,
}

/// Reads a caption (`### Request parameters`, `**Path 参数**`, `Data structure of X`, …).
pub fn classify(text: &str) -> Option<Caption> {
    static STRUCTS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        [
            r"(?i)^data structure of (?:the )?(.+?)$",
            r"(?i)^(.+?) data structure$",
            r"^(.+?)\s*的数据结构$",
            r"^(.+?)\s*数据结构$",
            r"^(\S+) (?:parameters|参数)$",
        ]
        .iter()
        .map(|r| Regex::new(r).unwrap())
        .collect()
    });
    let t = table::strip_bullet(text)
        .replace("**", "")
        .replace('`', "")
        .trim()
        .trim_end_matches([':', '：', '。', '.'])
        .trim()
        .to_owned();
    if t.is_empty() || t.chars().count() > 80 {
        return None;
    }
    let l = t.to_lowercase();
    let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
    let c = match l.as_str() {
        "request path" | "请求路径" | "路径" | "request url" => Caption::RequestPath,
        "path" | "path parameters" | "path 参数" | "路径参数" => Caption::Params(Role::Path),
        "query" | "query parameters" | "query 参数" | "查询参数" => {
            Caption::Params(Role::Query)
        }
        "body" | "body parameters" | "body 参数" | "请求体" | "请求体参数" => {
            Caption::Params(Role::Body)
        }
        "request parameters" | "请求参数" | "参数" | "input parameters" => {
            Caption::Params(Role::Request)
        }
        "response parameters"
        | "返回结果"
        | "返回参数"
        | "响应参数"
        | "return results"
        | "response"
        | "basic data structure"
        | "基础数据结构"
        | "response structure" => Caption::Params(Role::Response),
        "examples" | "example" | "示例" | "call example" => Caption::Examples,
        "sample request" | "request example" | "请求示例" | "请求体结构" | "request sample" => {
            Caption::SampleRequest
        }
        "sample response" | "response example" | "返回示例" | "响应示例" | "返回结构"
        | "关键字段" | "response sample" => Caption::SampleResponse,
        _ => {
            let name = STRUCTS
                .iter()
                .find_map(|r| r.captures(&t).map(|c| c[1].trim().to_owned()))?;
            Caption::Params(Role::Structure(name))
        }
    };
    Some(c)
}

/// `POST /api/v2/…` when `text` is nothing but that (after a `路径：`/`Request path:` label and
/// markup); with `bare`, the line must be exactly the declaration.
pub fn op_declaration(text: &str, bare: bool) -> Option<(String, String)> {
    static DECL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(GET|POST|PUT|PATCH|DELETE)\s+(/api/[A-Za-z0-9_{}/.\-]*)$").unwrap()
    });
    let mut t = text.replace("**", "").replace('`', "");
    if !bare {
        for label in ["路径：", "路径:", "Request path:", "Path:"] {
            if let Some(rest) = t.trim().strip_prefix(label) {
                t = rest.to_owned();
                break;
            }
        }
    }
    let c = DECL.captures(t.trim())?;
    Some((c[1].to_owned(), c[2].to_owned()))
}

/// Does this text start like a JSON sample? `{` followed by a quote, a closing brace, a comment or
/// a line break; `[` followed by a value. (`{scheme}://{endpoint}` is not JSON.)
pub fn looks_like_json(s: &str) -> bool {
    let t = s.trim_start();
    let mut chars = t.chars();
    let Some(open) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    let after = rest.trim_start_matches([' ', '\t']);
    match open {
        '{' => {
            after.starts_with(['"', '}', '/', '\n', '\r'])
                || after.is_empty()
                || after.starts_with("...")
        }
        '[' => {
            after.is_empty()
                || after.starts_with(['{', '[', '"', ']', '\n', '\r', '-'])
                || after.starts_with(|c: char| c.is_ascii_digit())
        }
        _ => false,
    }
}

/// The query parameter names of a request line (`GET /api/…?page=1&size=10`).
fn query_keys(s: &str) -> Vec<String> {
    static Q: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:GET|POST|PUT|PATCH|DELETE)\s+/?api/[^\s`?]*\?([^\s`\x22]+)").unwrap()
    });
    Q.captures_iter(s)
        .flat_map(|c| {
            c[1].split('&')
                .filter_map(|kv| kv.split('=').next())
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn is_request_line(s: &str) -> bool {
    static REQ: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:(?:GET|POST|PUT|PATCH|DELETE|HEAD)\s+\S|curl\b|https?://)").unwrap()
    });
    REQ.is_match(s.trim())
}

fn interpret(page: &mut Page, blocks: &[Block], n_lines: usize) {
    let mut side = Side::None;
    let mut caption: Option<(Caption, String)> = None;
    let mut in_request_path = false;
    // (line, heading level) of every heading, to delimit the operations of a summary page.
    let mut headings: Vec<(usize, u8)> = Vec::new();
    let mut decls: Vec<(usize, String, String)> = Vec::new();
    let mut error_table = false;
    for block in blocks {
        match block {
            Block::Heading { line, level, text } => {
                if *level <= 6 {
                    headings.push((*line, *level));
                    if page.title.is_empty() && *level <= 2 {
                        page.title = text.clone();
                    }
                }
                match classify(text) {
                    Some(c) => {
                        in_request_path = c == Caption::RequestPath;
                        side = match &c {
                            Caption::RequestPath | Caption::SampleRequest => Side::Request,
                            Caption::Params(Role::Response) | Caption::SampleResponse => {
                                Side::Response
                            }
                            Caption::Params(Role::Structure(_)) => side,
                            Caption::Params(_) => Side::Request,
                            Caption::Examples => Side::None,
                        };
                        caption = Some((c, text.clone()));
                    }
                    None if *level <= 6 => {
                        in_request_path = false;
                        side = Side::None;
                        caption = None;
                    }
                    None => {}
                }
                if let Some((m, p)) = op_declaration(text, false)
                    && (in_request_path || text.contains("路径"))
                {
                    decls.push((*line, m, p));
                }
            }
            Block::Text { line, text } => {
                if !in_request_path {
                    for k in query_keys(text) {
                        page.sample_queries.push((*line, k));
                    }
                }
                let labelled = text.contains("路径") || text.to_lowercase().contains("path:");
                if let Some((m, p)) = op_declaration(text, !labelled)
                    && (in_request_path || labelled)
                {
                    decls.push((*line, m, p));
                    continue;
                }
            }
            Block::Table { line, header, rows } => {
                let columns = Columns::from_header(header);
                let head = header.join(" ").to_lowercase();
                if head.contains("error code") || head.contains("错误码") {
                    error_table = true;
                }
                if !columns.is_field_table() {
                    continue;
                }
                let mut parsed = Vec::new();
                for (n, cells) in rows {
                    if cells.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    match table::markdown_row(*n, cells, &columns) {
                        Ok(r) => parsed.push(r),
                        Err(why) => page.problems.push((*n, why)),
                    }
                }
                push_table(page, *line, &caption, side, in_request_path, parsed);
            }
            Block::PlainTable { line, rows, .. } => {
                push_table(page, *line, &caption, side, in_request_path, rows.clone());
            }
            Block::Code { line, lang, body } => {
                let trimmed = body.trim_start();
                let first = trimmed.lines().next().unwrap_or("");
                for k in query_keys(first) {
                    page.sample_queries.push((*line, k));
                }
                let lang_json = lang.eq_ignore_ascii_case("json");
                let in_samples = matches!(
                    caption,
                    Some((Caption::SampleRequest | Caption::SampleResponse, _))
                );
                let text = if is_request_line(first) {
                    // A request line, possibly followed by its body.
                    match body.find("\n{") {
                        Some(p) => &body[p + 1..],
                        None => continue,
                    }
                } else if looks_like_json(trimmed)
                    || lang_json
                    || (in_samples && ["", "unknow", "code"].contains(&lang.as_str()))
                {
                    // JSON, or a sample meant as JSON (reported when it is not).
                    body.as_str()
                } else {
                    continue;
                };
                let parsed = json::parse_lenient(text, true);
                page.examples.push(Example {
                    line: *line,
                    side: infer_side(side, &parsed),
                    raw: text.trim_end().to_owned(),
                    parsed,
                });
            }
            Block::PlainJson { line, raw, parsed } => {
                page.examples.push(Example {
                    line: *line,
                    side: infer_side(side, parsed),
                    raw: raw.clone(),
                    parsed: parsed.clone(),
                });
            }
        }
    }
    // Operations and the lines they own.
    decls.dedup_by(|a, b| a.1 == b.1 && a.2 == b.2);
    if decls.len() == 1 {
        let (line, m, p) = decls.remove(0);
        page.ops.push(DocOp {
            method: m,
            path: p,
            line,
            start: 1,
            end: n_lines,
        });
    } else {
        for (line, m, p) in decls {
            let (start, level) = headings
                .iter()
                .rev()
                .find(|(l, _)| *l <= line)
                .copied()
                .unwrap_or((1, 1));
            let end = headings
                .iter()
                .find(|(l, lv)| *l > line && *lv <= level)
                .map_or(n_lines, |(l, _)| l - 1);
            page.ops.push(DocOp {
                method: m,
                path: p,
                line,
                start,
                end,
            });
        }
    }
    page.kind = match page.ops.len() {
        1 => Kind::Reference,
        0 if error_table => Kind::ErrorCodes,
        0 if page.tables.is_empty() && page.examples.is_empty() && headings.is_empty() => {
            Kind::Unknown("no operation, headings, parameter tables or examples found".into())
        }
        0 => Kind::General,
        _ => Kind::Summary,
    };
}

fn push_table(
    page: &mut Page,
    line: usize,
    caption: &Option<(Caption, String)>,
    side: Side,
    in_request_path: bool,
    rows: Vec<Row>,
) {
    let (role, text) = match caption {
        Some((Caption::Params(role), text)) => (role.clone(), text.clone()),
        Some((Caption::RequestPath, text)) => (Role::Path, text.clone()),
        _ if in_request_path => (Role::Path, String::new()),
        Some((_, text)) => (
            if side == Side::Response {
                Role::Response
            } else {
                Role::Request
            },
            text.clone(),
        ),
        None => (Role::Structure(String::new()), String::new()),
    };
    page.tables.push(Table {
        line,
        caption: text,
        role,
        side,
        rows,
    });
}

/// The side of a sample: from its heading, else from its content (an envelope is a response).
fn infer_side(side: Side, parsed: &Parsed) -> Side {
    if side != Side::None {
        return side;
    }
    match &parsed.value {
        Some(v) if v.get("successful").is_some() || v.get("status").is_some() => Side::Response,
        _ => Side::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZH_MD: &str = "\
# 立即备份

## 调用说明

### 请求路径

`POST /api/v2/ob/clusters/{id}/backup/backupNow`

**path:**

| 参数 | 类型 | 必选 | 示例值 | 描述 |
|----|---------|----|-----|----------------|
| id | Integer | 是  | 1   | 集群 ID。 |

### 请求参数

| 参数 | 类型 | 必选 | 示例值 | 描述 |
|---|---|---|---|---|
| backupMode | String | 是 | LOGICAL_BACKUP | 取值：LOGICAL_BACKUP、PHYSICAL_BACKUP |
| obBackupServiceStorageConfig | Object | 是 | NA | 详见 **obBackupServiceStorageConfig 的数据结构** |

**obBackupServiceStorageConfig 的数据结构**

| 参数 | 类型 | 必选 | 说明 |
|---|---|---|---|
| obBackupStorageBaseInfo | Object | 是 | 基本参数 |
| \\|--storageUrl | String | 是 | 目录
| \\|--alarmStoragePercentageThreshold | Long | 是 | 阈值 |

### 返回结果

| 参数 | 类型 | 说明 |
|---|---|---|
| data | Object | 通用响应 |

## 示例

### 请求示例

```unknow
{\"backupMode\": \"PHYSICAL_BACKUP\"}
```

### 返回示例

```shell
{
  \"successful\": true
}
```
";

    #[test]
    fn zh_markdown_page() {
        let p = parse("4.3/zh-CN/x.md", ZH_MD);
        assert_eq!(
            (p.lang, p.format, &p.kind),
            (Lang::ZhCn, Format::Markdown, &Kind::Reference)
        );
        assert_eq!(p.ops[0].path, "/api/v2/ob/clusters/{id}/backup/backupNow");
        let roles: Vec<_> = p.tables.iter().map(|t| t.role.clone()).collect();
        assert_eq!(
            roles,
            [
                Role::Path,
                Role::Request,
                Role::Structure("obBackupServiceStorageConfig".into()),
                Role::Response
            ]
        );
        let nested = &p.tables[2].rows;
        assert_eq!(
            nested.iter().map(|r| r.depth).collect::<Vec<_>>(),
            [0, 1, 1]
        );
        assert_eq!(p.examples.len(), 2);
        let fence = ZH_MD.lines().position(|l| l == "```unknow").unwrap() + 1;
        assert_eq!(
            (p.examples[0].line, p.examples[0].side),
            (fence, Side::Request)
        );
        assert_eq!(p.examples[1].side, Side::Response);
        assert!(p.problems.is_empty());
    }

    const EN_PLAIN: &str = "\
Immediately back up a cluster

Request path

POST /api/v2/ob/clusters/{id}/backup/backupNow

Request parameters

Parameter Type Required Example value Description
backupMode String Yes LOGICAL_BACKUP The backup mode. Valid values:
  • LOGICAL_BACKUP: logical.
  • PHYSICAL_BACKUP: physical.
  • dataBackupMode String Yes FULL_BACKUP The data backup mode.

Response parameters

Parameter Type Description
data Object See BackupCommonResponse.

Data structure of BackupCommonResponse

Parameter Type Description
backupObjectOpsResultList Array The results.
|--obBackupObjectList Array The objects.
|--clusterId Long The cluster.

Sample request

{
    \"backupMode\": \"PHYSICAL_BACKUP\"
}

Contact Us
";

    #[test]
    fn en_plain_text_page() {
        let p = parse("seed/001.txt", EN_PLAIN);
        assert_eq!(
            (p.lang, p.format, &p.kind),
            (Lang::EnUs, Format::PlainText, &Kind::Reference)
        );
        assert_eq!(p.tables.len(), 3);
        let body = &p.tables[0].rows;
        assert_eq!(body.len(), 2);
        assert_eq!(body[0].enums, ["LOGICAL_BACKUP", "PHYSICAL_BACKUP"]);
        assert_eq!(body[1].name, "dataBackupMode");
        assert_eq!(
            p.tables[2].role,
            Role::Structure("BackupCommonResponse".into())
        );
        assert_eq!(p.tables[2].rows[2].depth, 1);
        assert_eq!(p.examples.len(), 1);
        let first = EN_PLAIN.lines().position(|l| l == "{").unwrap() + 1;
        assert_eq!(
            (p.examples[0].line, p.examples[0].side),
            (first, Side::Request)
        );
        assert!(
            p.examples[0].parsed.notes.is_empty(),
            "prose after a plain-text sample is not garbage"
        );
    }

    #[test]
    fn summary_page_has_several_operations() {
        let text = "# 文档\n\n### 1. 创建\n**路径**：`POST /api/v2/a/{id}`  \n**请求体结构**：\n```json\n{\"a\": 1}\n```\n\n### 2. 查询\n**路径**：`GET /api/v2/a/{id}`  \n**返回结构**：\n```json\n{\"b\": 2}\n```\n\n## 附录\n```json\n{ \"data\": { ... } }\n```\n";
        let p = parse("seed/004.txt", text);
        assert_eq!(p.kind, Kind::Summary);
        assert_eq!(p.ops.len(), 2);
        assert_eq!(p.op_at(p.examples[0].line), Some(0));
        assert_eq!(p.op_at(p.examples[1].line), Some(1));
        assert_eq!(p.examples[1].side, Side::Response);
        assert_eq!(p.op_at(p.examples[2].line), None);
        assert!(p.examples[2].parsed.error.is_some());
    }

    #[test]
    fn unknown_and_skipped_formats_are_said_plainly() {
        assert!(matches!(
            parse("x/notes.txt", "just some words\nand more").kind,
            Kind::Unknown(_)
        ));
        assert!(matches!(parse("x/empty.md", "").kind, Kind::Unknown(_)));
        assert_eq!(parse("ocp-docs/INDEX.md", "# Index").kind, Kind::Index);
        let errors = "# OCP error codes\n\n| **Error code** | **Error message** |\n| ----- | ----- |\n| COM10001 | bad |\n";
        assert_eq!(parse("errors/en-US.x.md", errors).kind, Kind::ErrorCodes);
    }

    #[test]
    fn broken_table_rows_are_reported_not_fatal() {
        let text = "### Request path\n\n`GET /api/v2/x`\n\n### Request parameters\n\n| Parameter | Type | Required | Description |\n|---|---|---|---|\n| ok | Long | Yes | fine |\n| 名 字 | String | No | bad name |\n| lonely\n";
        let p = parse("4.3/en-US/x.md", text);
        assert_eq!(p.tables[0].rows.len(), 1);
        assert_eq!(p.problems.len(), 2, "{:?}", p.problems);
        assert_eq!(p.problems[0].0, 10);
    }
}
