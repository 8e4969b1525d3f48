//! Output: a table grouped by operation, a summary line, or JSON for tools.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::page::Kind;
use super::{Finding, Outcome};

/// Where a finding is listed: its operation, or the page-level group.
fn group_of(f: &Finding) -> String {
    if f.operation.is_empty() {
        "(page)".to_owned()
    } else {
        f.operation.clone()
    }
}

pub fn summary(o: &Outcome) -> String {
    let new = o.findings.iter().filter(|f| f.reviewed.is_none()).count();
    let reviewed = o.findings.len() - new;
    let entries: std::collections::BTreeSet<&str> = o
        .findings
        .iter()
        .filter_map(|f| f.reviewed.as_deref())
        .collect();
    format!(
        "pages {}, operations matched {}/{}, samples {}, findings {new} new, {reviewed} reviewed ({} list entries)",
        o.pages.len(),
        o.ops_matched,
        o.ops_found,
        o.samples,
        entries.len()
    )
}

pub fn text(o: &Outcome, timings: &[(&'static str, u128)]) -> String {
    let mut s = String::new();
    let mut by_group: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for f in &o.findings {
        by_group.entry(group_of(f)).or_default().push(f);
    }
    // Operations in spec order, then the rest.
    let mut order: Vec<String> = o.op_labels.iter().map(|(id, _)| id.clone()).collect();
    for g in by_group.keys() {
        if !order.contains(g) {
            order.push(g.clone());
        }
    }
    for g in order {
        let pages = o.op_pages.get(&g);
        let findings = by_group.get(&g);
        if pages.is_none() && findings.is_none() {
            continue;
        }
        let label = o
            .op_labels
            .iter()
            .find(|(id, _)| *id == g)
            .map_or(String::new(), |(_, l)| format!("  {l}"));
        let (new, rev) = findings.map_or((0, 0), |fs| {
            let n = fs.iter().filter(|f| f.reviewed.is_none()).count();
            (n, fs.len() - n)
        });
        s.push_str(&format!("\n== {g}{label}   [{new} new, {rev} reviewed]\n"));
        if let Some(pages) = pages {
            for p in pages {
                s.push_str(&format!("   page  {p}\n"));
            }
        }
        let Some(fs) = findings else { continue };
        let w_kind = fs.iter().map(|f| f.kind.as_str().len()).max().unwrap_or(0);
        let mut fs = fs.clone();
        fs.sort_by(|a, b| {
            (a.reviewed.is_some(), &a.page, a.line).cmp(&(b.reviewed.is_some(), &b.page, b.line))
        });
        for f in fs {
            let status = if f.reviewed.is_some() {
                "reviewed"
            } else {
                "NEW"
            };
            s.push_str(&format!(
                "   {status:<8} {:<w_kind$}  {}:{} {}  {}",
                f.kind,
                f.page,
                f.line,
                f.lang,
                if f.field.is_empty() { "-" } else { &f.field },
            ));
            match &f.reviewed {
                // Reviewed findings on one line; their explanation is in the list entry.
                Some(r) => s.push_str(&format!("  [{r}]\n")),
                None => s.push_str(&format!("\n            {}\n", f.message)),
            }
        }
    }
    s.push_str("\n== pages\n");
    for p in &o.pages {
        let ops = if p.ops.is_empty() {
            String::new()
        } else {
            format!(
                ", {}",
                p.ops
                    .iter()
                    .map(|o| format!("{} {}", o.method, o.path))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        };
        let detail = match &p.kind {
            Kind::Reference | Kind::Summary | Kind::General => format!(
                " ({} tables, {} samples{ops})",
                p.tables.len(),
                p.examples.len()
            ),
            _ => String::new(),
        };
        s.push_str(&format!(
            "   {:<62} {} {:<10} {}{detail}\n",
            p.rel,
            p.lang.as_str(),
            p.format.as_str(),
            p.kind.label()
        ));
    }
    if !o.uncovered.is_empty() {
        s.push_str(&format!(
            "\nspec operations no page of this run documents: {}\n",
            o.uncovered.join(", ")
        ));
    }
    s.push('\n');
    s.push_str(&summary(o));
    s.push('\n');
    if !timings.is_empty() {
        s.push_str(&timings_text(timings));
    }
    s
}

pub fn timings_text(timings: &[(&'static str, u128)]) -> String {
    let mut s = String::new();
    let mut total = 0;
    for (name, us) in timings {
        total += us;
        s.push_str(&format!("  {name:<16} {:>8.1} ms\n", *us as f64 / 1000.0));
    }
    s.push_str(&format!(
        "  {:<16} {:>8.1} ms\n",
        "total",
        total as f64 / 1000.0
    ));
    s
}

pub fn json(o: &Outcome, timings: &[(&'static str, u128)]) -> Value {
    let new = o.findings.iter().filter(|f| f.reviewed.is_none()).count();
    json!({
        "summary": {
            "text": summary(o),
            "pages": o.pages.len(),
            "operations_matched": o.ops_matched,
            "operations_found": o.ops_found,
            "samples": o.samples,
            "findings_new": new,
            "findings_reviewed": o.findings.len() - new,
            "spec_operations_without_page": o.uncovered,
        },
        "pages": o.pages.iter().map(|p| json!({
            "page": p.rel,
            "lang": p.lang.as_str(),
            "format": p.format.as_str(),
            "kind": p.kind.label(),
            "operations": p.ops.iter().map(|o| json!({"method": o.method, "path": o.path, "line": o.line})).collect::<Vec<_>>(),
            "tables": p.tables.iter().map(|t| json!({
                "line": t.line,
                "caption": t.caption,
                "rows": t.rows.iter().map(|r| json!({
                    "line": r.line, "depth": r.depth, "name": r.name, "type": r.typ,
                    "required": r.required, "enums": r.enums,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "samples": p.examples.iter().map(|e| json!({
                "line": e.line,
                "kind": super::samples::side_word(e.side),
                "json": e.parsed.value.is_some(),
                "notes": e.parsed.notes,
                "error": e.parsed.error,
            })).collect::<Vec<_>>(),
            "problems": p.problems.iter().map(|(l, w)| json!({"line": l, "reason": w})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "findings": o.findings.iter().map(|f| json!({
            "status": if f.reviewed.is_some() { "reviewed" } else { "new" },
            "kind": f.kind.as_str(),
            "page": f.page,
            "line": f.line,
            "lang": f.lang,
            "operation": f.operation,
            "field": f.field,
            "message": f.message,
            "reviewed_by": f.reviewed,
        })).collect::<Vec<_>>(),
        "timings_ms": timings.iter().map(|(n, us)| (n.to_string(), json!(*us as f64 / 1000.0))).collect::<serde_json::Map<_, _>>(),
    })
}
