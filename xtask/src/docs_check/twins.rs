//! zh-CN and en-US twins of a page, held against each other.
//!
//! Twins are the same page in the two language folders (`4.3/zh-CN/X` and `4.3/en-US/X`), or, for
//! pages outside language folders (the seed pages), pages of the same folder that document the
//! same single operation. Compared: the fields they list (by the place the comparison resolved
//! them to), the type and required flag of each, and their JSON samples (by value). A difference
//! already reported against the spec for that field is not repeated.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::compare::{Fact, PageResult, SpecIndex};
use super::page::{Kind, Lang, Page};
use super::samples::side_word;
use super::{Finding, FindingKind, RunInput};
use crate::spec::DEFECTS_PATH;

fn twin_key(page: &Page, res: &PageResult, idx: &SpecIndex<'_>) -> Option<String> {
    if !matches!(page.kind, Kind::Reference | Kind::General) {
        return None;
    }
    for lang in ["zh-CN", "en-US"] {
        if page.rel.contains(&format!("/{lang}/")) {
            return Some(page.rel.replace(&format!("/{lang}/"), "/{lang}/"));
        }
    }
    let dir = page.rel.rsplit_once('/').map_or("", |(d, _)| d);
    let ids: Vec<&str> = res
        .matched
        .iter()
        .map(|m| m.map_or("?", |i| idx.ops[i].id))
        .collect();
    (!ids.is_empty()).then(|| format!("{dir}#{}", ids.join(",")))
}

pub fn check(
    idx: &SpecIndex<'_>,
    input: &RunInput,
    results: &[PageResult],
    direct: &[Finding],
    defect_of: &BTreeMap<(String, usize), usize>,
) -> Vec<Finding> {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (p, r)) in input.pages.iter().zip(results).enumerate() {
        if let Some(k) = twin_key(p, r, idx) {
            groups.entry(k).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for members in groups.values() {
        for &a in members {
            for &b in members {
                let (pa, pb) = (&input.pages[a], &input.pages[b]);
                if pa.lang == Lang::EnUs && pb.lang == Lang::ZhCn {
                    let ids: Vec<&str> = idx.ops.iter().map(|o| o.id).collect();
                    compare_pair(
                        pa,
                        &results[a],
                        pb,
                        &results[b],
                        &ids,
                        direct,
                        defect_of,
                        &mut out,
                    );
                }
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn compare_pair(
    en: &Page,
    en_res: &PageResult,
    zh: &Page,
    zh_res: &PageResult,
    ids: &[&str],
    direct: &[Finding],
    defect_of: &BTreeMap<(String, usize), usize>,
    out: &mut Vec<Finding>,
) {
    let facts = |r: &PageResult| {
        let mut m: BTreeMap<(String, String), Fact> = BTreeMap::new();
        for f in &r.facts {
            m.entry((f.scope.clone(), f.key.clone()))
                .or_insert_with(|| f.clone());
        }
        m
    };
    let (fe, fz) = (facts(en_res), facts(zh_res));
    let scopes: BTreeSet<&String> = fe.keys().map(|k| &k.0).collect();
    let zscopes: BTreeSet<&String> = fz.keys().map(|k| &k.0).collect();
    // A field some direct finding already speaks of, on either page, of the given kinds.
    // A field some direct finding already speaks of (or of an object around it), on either page.
    let reported = |field: &str, kinds: &[FindingKind]| {
        direct.iter().any(|f| {
            (f.page == en.rel || f.page == zh.rel || f.kind == FindingKind::FieldMissingInDocs)
                && !f.field.is_empty()
                && (f.field == field || field.starts_with(&format!("{}.", f.field)))
                && (kinds.is_empty() || kinds.contains(&f.kind))
        })
    };
    // Members of an object the twin lacks altogether are reported with that object.
    let only = |a: &BTreeMap<(String, String), Fact>, b: &BTreeMap<(String, String), Fact>| {
        a.keys()
            .filter(|k| !b.contains_key(*k))
            .cloned()
            .collect::<BTreeSet<(String, String)>>()
    };
    let (only_en, only_zh) = (only(&fe, &fz), only(&fz, &fe));
    let folded = |set: &BTreeSet<(String, String)>, scope: &str, key: &str| {
        set.iter()
            .any(|(s, k)| s == scope && key.starts_with(&format!("{k}.")))
    };
    let members = |set: &BTreeSet<(String, String)>, scope: &str, key: &str| {
        let m: Vec<String> = set
            .iter()
            .filter(|(s, k)| s == scope && k.starts_with(&format!("{key}.")))
            .map(|(_, k)| k[key.len() + 1..].to_owned())
            .collect();
        if m.is_empty() {
            String::new()
        } else {
            format!(" (with its members {})", m.join(", "))
        }
    };
    for ((scope, key), f) in &fe {
        if !zscopes.contains(scope) {
            continue;
        }
        match fz.get(&(scope.clone(), key.clone())) {
            None => {
                if !reported(key, &[]) && !folded(&only_en, scope, key) {
                    out.push(Finding::new(
                        FindingKind::TwinFields,
                        en,
                        f.line,
                        scope,
                        key,
                        format!(
                            "en-US lists `{key}`{}; the zh-CN twin {} does not",
                            members(&only_en, scope, key),
                            zh.rel
                        ),
                    ));
                }
            }
            Some(z) => {
                if let (Some(te), Some(tz)) = (f.ty, z.ty)
                    && te != tz
                    && !reported(key, &[FindingKind::TypeMismatch])
                {
                    out.push(Finding::new(
                        FindingKind::TwinType,
                        en,
                        f.line,
                        scope,
                        key,
                        format!(
                            "en-US types `{key}` as {te}, the zh-CN twin {}:{} as {tz}",
                            zh.rel, z.line
                        ),
                    ));
                }
                if let (Some(re), Some(rz)) = (f.required, z.required)
                    && re != rz
                    && !reported(key, &[FindingKind::RequiredMismatch])
                {
                    let w = |r: bool| if r { "required" } else { "optional" };
                    out.push(Finding::new(
                        FindingKind::TwinRequired,
                        en,
                        f.line,
                        scope,
                        key,
                        format!(
                            "en-US marks `{key}` {}, the zh-CN twin {}:{} {}",
                            w(re),
                            zh.rel,
                            z.line,
                            w(rz)
                        ),
                    ));
                }
            }
        }
    }
    for ((scope, key), z) in &fz {
        if scopes.contains(scope)
            && !fe.contains_key(&(scope.clone(), key.clone()))
            && !reported(key, &[])
            && !folded(&only_zh, scope, key)
        {
            out.push(Finding::new(
                FindingKind::TwinFields,
                zh,
                z.line,
                scope,
                key,
                format!(
                    "zh-CN lists `{key}`{}; the en-US twin {} does not",
                    members(&only_zh, scope, key),
                    en.rel
                ),
            ));
        }
    }
    // Samples, by value and side.
    for (this, other) in [(en, zh), (zh, en)] {
        for ex in &this.examples {
            let Some(v) = ex.parsed.value.as_ref() else {
                continue;
            };
            let twins: Vec<(usize, Option<&Value>)> = other
                .examples
                .iter()
                .filter(|o| o.side == ex.side)
                .map(|o| (o.line, o.parsed.value.as_ref()))
                .collect();
            if twins
                .iter()
                .any(|(_, o)| o.is_some_and(|o| same_but_language(o, v)))
            {
                continue;
            }
            let res = if std::ptr::eq(this, en) {
                en_res
            } else {
                zh_res
            };
            let scope = match this
                .op_at(ex.line)
                .and_then(|k| res.matched.get(k).copied().flatten())
            {
                Some(i) => ids[i].to_owned(),
                None if v.get("error").is_some() => "responses/Error".to_owned(),
                None => "(no operation)".to_owned(),
            };
            let mut f = Finding::new(
                FindingKind::TwinExample,
                this,
                ex.line,
                &scope,
                "",
                format!(
                    "the {} {} sample has no equal in the {} twin {} ({})",
                    this.lang.as_str(),
                    side_word(ex.side),
                    other.lang.as_str(),
                    other.rel,
                    if twins.is_empty() {
                        format!("it has no {} sample", side_word(ex.side))
                    } else {
                        format!(
                            "its {} samples: line {}",
                            side_word(ex.side),
                            twins
                                .iter()
                                .map(|(l, _)| l.to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                ),
            );
            // A sample on the reviewed defects list is explained there, twin included.
            let defect = defect_of.get(&(this.rel.clone(), ex.line)).or_else(|| {
                twins
                    .iter()
                    .find_map(|(l, _)| defect_of.get(&(other.rel.clone(), *l)))
            });
            if let Some(d) = defect {
                f.reviewed = Some(format!("{DEFECTS_PATH} #{}", d + 1));
            }
            out.push(f);
        }
    }
}

/// Equal, or different only in human-readable text of the page's language (OCP localises
/// messages and status texts by `Accept-Language`, so the zh-CN sample says it in Chinese).
pub fn same_but_language(a: &Value, b: &Value) -> bool {
    let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_but_language(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_but_language(v, w))
        }
        (Value::String(x), Value::String(y)) => x == y || cjk(x) != cjk(y),
        _ => a == b,
    }
}
