//! A page held against its spec operation: parameters, fields, types, required flags, enums.
//!
//! The docs mark nesting with `|--`/`├─` but not its depth, and usually list an object's members
//! at the same level as the object. So a row is looked up, in this order, in: the object its
//! marks put it in (the nearest object row one level up), the objects listed just before it at
//! its own level after that (the docs' flat listing, not a finding), objects further up, and at
//! last anywhere below the table's root. Found further up or elsewhere, the docs nest it
//! differently from the spec: that is a finding. Found nowhere: a field the spec lacks.
//!
//! The other way round (a spec member the docs lack) is judged over the whole run, because many
//! schemas are shared by several pages that each show part of them (`TaskInstance` is a list row
//! on one page and the full task on another): a member of an object the docs describe must be
//! documented somewhere, by a table row or by a sample that shows it (`missing_in_docs`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::page::{Kind, Page, Role, Side, Table};
use super::spec_view::template_params;
pub use super::spec_view::{SpecIndex, SpecOp};
use super::table::{DocType, Row, doc_type};
use super::{Finding, FindingKind};

/// A doc type against the spec's types: does the spec allow what the doc says?
fn type_fits(doc: DocType, spec: &BTreeSet<&str>) -> bool {
    if spec.is_empty() {
        return true;
    }
    // Categories must agree: a doc integer against a spec number is a finding (the answers may
    // carry fractions the doc rules out), and so is a doc number against a spec integer.
    spec.contains(doc.json_type())
}

/// What one page says about one field, for comparing the zh-CN and en-US twins.
#[derive(Clone, Debug)]
pub struct Fact {
    /// Operation (operationId) or `schema X` on a general page.
    pub scope: String,
    pub key: String,
    pub ty: Option<&'static str>,
    pub required: Option<bool>,
    pub line: usize,
}

/// An object a page lists members of.
#[derive(Clone, Debug)]
pub struct Described {
    /// Identity of the spec schema (its address in the spec tree).
    pub schema: usize,
    pub path: String,
    pub scope: String,
    pub line: usize,
}

#[derive(Default)]
pub struct PageResult {
    /// Per doc operation: the spec operation it matched.
    pub matched: Vec<Option<usize>>,
    pub facts: Vec<Fact>,
    pub findings: Vec<Finding>,
    pub described: Vec<Described>,
    /// (schema identity, member) the page documents, by table row or sample.
    pub documented: BTreeSet<(usize, String)>,
    /// (operationId, `query.x`/`path.x`) the page documents.
    pub params: BTreeSet<(String, String)>,
}

fn ptr(v: &Value) -> usize {
    v as *const Value as usize
}

/// An object the docs describe at some place of the spec tree.
#[derive(Clone)]
struct Loc<'s> {
    path: String,
    schema: &'s Value,
}

/// An object row of the current table: where its members go.
#[derive(Clone)]
struct Cand<'s> {
    depth: i32,
    name: String,
    /// Resolved in the spec (`None`: the docs' object is not in the spec).
    loc: Option<Loc<'s>>,
    doc_path: String,
    description: String,
    typ: String,
    line: usize,
    /// Listed a second time: its members are the first one's again.
    dup: bool,
}

struct OpCtx<'p, 's> {
    idx: &'p SpecIndex<'s>,
    page: &'p Page,
    scope: String,
    /// Spec operation, when there is one.
    op: Option<&'p SpecOp<'s>>,
    doc_path: String,
    body: Option<Loc<'s>>,
    response: Option<Loc<'s>>,
    /// Objects the page has listed members of: spec path → (schema, first line).
    described: BTreeMap<String, (&'s Value, usize)>,
    documented: BTreeSet<(usize, String)>,
    /// Every object row seen on the page for this operation (for linking "Data structure of X").
    objects: Vec<Cand<'s>>,
    params_seen: BTreeSet<String>,
    findings: Vec<Finding>,
    facts: Vec<Fact>,
}

impl<'p, 's> OpCtx<'p, 's> {
    fn finding(&mut self, kind: FindingKind, line: usize, field: &str, message: String) {
        self.findings.push(Finding::new(
            kind,
            self.page,
            line,
            &self.scope,
            field,
            message,
        ));
    }

    fn fact(&mut self, key: String, row: &Row) {
        self.facts.push(Fact {
            scope: self.scope.clone(),
            key,
            ty: doc_type(&row.typ).map(DocType::json_type),
            required: row.required,
            line: row.line,
        });
    }

    /// Type, required flag and enum values of one row against its spec schema.
    fn check_row(
        &mut self,
        row: &Row,
        field: &str,
        schema: &'s Value,
        spec_required: Option<bool>,
        request_side: bool,
    ) {
        let idx = self.idx;
        if let Some(dt) = doc_type(&row.typ) {
            let types = idx.types(schema);
            if !type_fits(dt, &types) {
                let spec_t: Vec<_> = types.iter().copied().collect();
                self.finding(
                    FindingKind::TypeMismatch,
                    row.line,
                    field,
                    format!(
                        "the page types `{}` as {} ({}); the spec has {}",
                        row.name,
                        row.typ,
                        dt.json_type(),
                        spec_t.join(" | ")
                    ),
                );
            }
        }
        if request_side
            && let (Some(doc), Some(spec)) = (row.required, spec_required)
            && doc != spec
        {
            self.finding(
                FindingKind::RequiredMismatch,
                row.line,
                field,
                format!(
                    "the page marks `{}` {}; the spec has it {}",
                    row.name,
                    if doc { "required" } else { "optional" },
                    if spec { "required" } else { "optional" }
                ),
            );
        }
        if let Some(values) = idx.enum_values(schema) {
            let missing: Vec<&str> = row
                .enums
                .iter()
                .map(String::as_str)
                .filter(|e| !values.contains(e))
                .collect();
            if !missing.is_empty() {
                let name = idx.ref_name(schema).unwrap_or("the inline enum");
                self.finding(
                    FindingKind::EnumValueMissing,
                    row.line,
                    field,
                    format!(
                        "the description of `{}` names {} which {} lacks (it has {})",
                        row.name,
                        missing
                            .iter()
                            .map(|m| format!("`{m}`"))
                            .collect::<Vec<_>>()
                            .join(", "),
                        name,
                        values.join(", ")
                    ),
                );
            }
        }
    }

    /// Path, query or body member: a row of a request table at the top level.
    fn param_row(&mut self, row: &Row, role: &Role) -> bool {
        let Some(op) = self.op else { return false };
        let idx = self.idx;
        let params: Vec<&'s Value> = op
            .op
            .value
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|p| idx.deref(p))
            .collect();
        fn name_of(p: &Value) -> &str {
            p.get("name").and_then(Value::as_str).unwrap_or("")
        }
        fn in_of(p: &Value) -> &str {
            p.get("in").and_then(Value::as_str).unwrap_or("")
        }
        // Path parameters match by position: the docs call `{clusterId}` `{id}` and vice versa.
        let doc_tpl = template_params(&self.doc_path);
        let spec_tpl = template_params(op.op.path);
        let by_position = doc_tpl
            .iter()
            .position(|n| *n == row.name)
            .and_then(|i| spec_tpl.get(i))
            .and_then(|n| {
                params
                    .iter()
                    .find(|p| name_of(p) == *n && in_of(p) == "path")
            });
        let param = by_position.or_else(|| params.iter().find(|p| name_of(p) == row.name));
        let Some(param) = param.copied() else {
            // Not a parameter: a body member if the operation has a body.
            if *role == Role::Request && self.body.is_some() {
                return false;
            }
            // The docs themselves retire it; the spec need not have it.
            if super::table::is_deprecated(&row.description) {
                return true;
            }
            let names: Vec<_> = params
                .iter()
                .map(|p| format!("{} ({})", name_of(p), in_of(p)))
                .collect();
            self.finding(
                FindingKind::ParamMissingInSpec,
                row.line,
                &format!("param.{}", row.name),
                format!(
                    "the page documents parameter `{}`, which the spec operation lacks (it has {})",
                    row.name,
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                ),
            );
            self.fact(format!("param.{}", row.name), row);
            return true;
        };
        let (pname, pin) = (name_of(param), in_of(param));
        let field = format!("{pin}.{pname}");
        self.params_seen.insert(field.clone());
        if *role == Role::Path && pin != "path" || *role == Role::Query && pin != "query" {
            self.finding(
                FindingKind::ParamLocation,
                row.line,
                &field,
                format!(
                    "the page lists `{}` as a {} parameter; the spec has it in {pin}",
                    row.name,
                    if *role == Role::Path { "path" } else { "query" }
                ),
            );
        }
        let required = param
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if let Some(schema) = param.get("schema") {
            self.check_row(row, &field, schema, Some(required), true);
        }
        self.fact(field, row);
        true
    }

    /// All the places below `root` that have a member `name`.
    fn search(&self, root: &Loc<'s>, name: &str) -> Vec<Loc<'s>> {
        let mut out = Vec::new();
        let mut queue = vec![(root.clone(), 0)];
        let mut seen = BTreeSet::new();
        while let Some((loc, depth)) = queue.pop() {
            if !seen.insert((loc.schema as *const Value, loc.path.clone())) || depth > 6 {
                continue;
            }
            for (pname, pschema) in self.idx.props(loc.schema) {
                if pname == name {
                    out.push(loc.clone());
                }
                if let Some(c) = self.idx.container(pschema) {
                    queue.push((
                        Loc {
                            path: format!("{}.{pname}", loc.path),
                            schema: c,
                        },
                        depth + 1,
                    ));
                }
            }
        }
        out.sort_by_key(|l| l.path.len());
        out
    }

    /// One table, with `root` the object its top-level rows are members of.
    fn walk(&mut self, table: &Table, root: Option<Loc<'s>>, root_doc: &str, role: &Role) {
        let request_side = table.side == Side::Request
            || matches!(role, Role::Path | Role::Query | Role::Body | Role::Request);
        let mut cands: Vec<Cand<'s>> = vec![Cand {
            depth: -1,
            name: root_doc.to_owned(),
            loc: root.clone(),
            doc_path: root_doc.to_owned(),
            description: String::new(),
            typ: String::new(),
            line: table.line,
            dup: false,
        }];
        // Members already listed per object, to catch a row listed twice.
        let mut listed: BTreeSet<(String, String)> = BTreeSet::new();
        for row in &table.rows {
            let d = row.depth as i32;
            if d == 0
                && matches!(role, Role::Path | Role::Query | Role::Request)
                && self.param_row(row, role)
            {
                continue;
            }
            // The candidates in order: implied parent, flat-listed siblings after it, objects
            // further up.
            let implied = cands.iter().rposition(|c| c.depth == d - 1);
            let mut order: Vec<usize> = Vec::new();
            if let Some(i) = implied {
                order.push(i);
                order.extend((i + 1..cands.len()).rev().filter(|&j| cands[j].depth == d));
            }
            order.extend((0..cands.len()).rev().filter(|&j| cands[j].depth < d - 1));
            let mut hit: Option<(usize, &'s Value, Loc<'s>)> = None;
            for &j in &order {
                if let Some(loc) = &cands[j].loc
                    && let Some(ps) = self.idx.prop(loc.schema, &row.name)
                {
                    hit = Some((j, ps, loc.clone()));
                    break;
                }
            }
            let parent_doc = implied.map_or(root_doc.to_owned(), |i| cands[i].doc_path.clone());
            let mut nesting: Option<String> = None;
            if hit.is_none()
                && let Some(root) = &root
            {
                // Anywhere below the table's root; prefer a place under an object row above.
                let places = self.search(root, &row.name);
                let preferred = places
                    .iter()
                    .find(|l| {
                        cands.iter().any(|c| {
                            c.loc
                                .as_ref()
                                .is_some_and(|cl| l.path.starts_with(&cl.path) && c.depth >= 0)
                        })
                    })
                    .or(places.first())
                    .cloned();
                if let Some(loc) = preferred
                    && let Some(ps) = self.idx.prop(loc.schema, &row.name)
                {
                    nesting = Some(loc.path.clone());
                    hit = Some((usize::MAX, ps, loc));
                }
            }
            match hit {
                None => {
                    // Likeliest parent for the label: the object listed just before at this level.
                    let label_parent = implied
                        .filter(|_| d > 0)
                        .and_then(|i| (i + 1..cands.len()).rev().find(|&j| cands[j].depth == d))
                        .map_or(parent_doc.clone(), |j| cands[j].doc_path.clone());
                    let field = format!("{label_parent}.{}", row.name);
                    let parent_unresolved =
                        implied.is_some_and(|i| cands[i].loc.is_none() && cands[i].depth >= 0);
                    let retired = super::table::is_deprecated(&row.description);
                    if !parent_unresolved && root.is_some() && !retired {
                        let where_ = label_parent.clone();
                        self.finding(
                            FindingKind::FieldMissingInSpec,
                            row.line,
                            &field,
                            format!(
                                "the page documents `{}` ({}) in {}, which the spec does not have anywhere there",
                                row.name,
                                if row.typ.is_empty() { "no type" } else { &row.typ },
                                where_
                            ),
                        );
                    }
                    self.fact(field.clone(), row);
                    if matches!(
                        doc_type(&row.typ),
                        Some(DocType::Object | DocType::Array | DocType::Map)
                    ) {
                        cands.push(Cand {
                            depth: d,
                            name: row.name.clone(),
                            loc: None,
                            doc_path: field,
                            description: row.description.clone(),
                            typ: row.typ.clone(),
                            line: row.line,
                            dup: false,
                        });
                    }
                }
                Some((j, pschema, loc)) => {
                    let field = format!("{}.{}", loc.path, row.name);
                    let implied_path = implied
                        .and_then(|i| cands[i].loc.as_ref())
                        .map(|l| l.path.clone());
                    let flat_or_implied =
                        j != usize::MAX && (Some(j) == implied || cands[j].depth == d);
                    if let Some(place) = nesting {
                        self.finding(
                            FindingKind::FieldNesting,
                            row.line,
                            &field,
                            format!(
                                "the page puts `{}` {}; the spec has it in {place}",
                                row.name,
                                if d == 0 || implied.is_none() {
                                    format!("at the top level of {parent_doc}")
                                } else {
                                    format!("under `{parent_doc}`")
                                }
                            ),
                        );
                    } else if !flat_or_implied && implied.is_some() && d > 0 {
                        self.finding(
                            FindingKind::FieldNesting,
                            row.line,
                            &field,
                            format!(
                                "the page nests `{}` inside `{}`; the spec has it in {}",
                                row.name,
                                implied_path.unwrap_or(parent_doc.clone()),
                                loc.path
                            ),
                        );
                    }
                    let in_dup = j != usize::MAX && cands[j].dup;
                    let dup = !listed.insert((loc.path.clone(), row.name.clone()));
                    if dup && !in_dup {
                        self.finding(
                            FindingKind::FieldDuplicate,
                            row.line,
                            &field,
                            format!("the page lists `{}` twice in {}", row.name, loc.path),
                        );
                    }
                    let spec_req = self.idx.required(loc.schema).contains(row.name.as_str());
                    self.check_row(row, &field, pschema, Some(spec_req), request_side);
                    self.fact(field.clone(), row);
                    self.described
                        .entry(loc.path.clone())
                        .or_insert((loc.schema, row.line));
                    self.documented.insert((ptr(loc.schema), row.name.clone()));
                    if let Some(c) = self.idx.container(pschema) {
                        let cand = Cand {
                            depth: d,
                            name: row.name.clone(),
                            loc: Some(Loc {
                                path: field.clone(),
                                schema: c,
                            }),
                            doc_path: field,
                            description: row.description.clone(),
                            typ: row.typ.clone(),
                            line: row.line,
                            dup: dup || in_dup,
                        };
                        self.objects.push(cand.clone());
                        cands.push(cand);
                    } else if matches!(doc_type(&row.typ), Some(DocType::Object | DocType::Array)) {
                        // An object in the docs that the spec keeps opaque (a map, `errorCode`).
                        cands.push(Cand {
                            depth: d,
                            name: row.name.clone(),
                            loc: None,
                            doc_path: field,
                            description: row.description.clone(),
                            typ: row.typ.clone(),
                            line: row.line,
                            dup: false,
                        });
                    }
                }
            }
        }
    }

    /// Where a "Data structure of X" table belongs; `None` when nothing fits.
    fn link(&mut self, table: &Table, name: &str) -> Option<Loc<'s>> {
        let lname = name.to_lowercase();
        let squash = |s: &str| {
            s.to_lowercase()
                .replace(" information", "")
                .replace(" details", "")
                .replace("the ", "")
                .replace([' ', '_', '-'], "")
        };
        let want = squash(name);
        let described = |c: &Cand<'s>| {
            c.loc
                .as_ref()
                .is_some_and(|l| self.described.contains_key(&l.path))
        };
        let mentions = |text: &str| {
            let t = text.to_lowercase();
            if lname.contains(' ') || !lname.is_ascii() {
                t.contains(&lname)
            } else {
                t.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                    .any(|w| w == lname)
            }
        };
        let tests: [&dyn Fn(&Cand<'s>) -> bool; 4] = [
            &|c| c.name.eq_ignore_ascii_case(name),
            &|c| mentions(&c.description),
            &|c| c.typ.eq_ignore_ascii_case(name),
            &|c| {
                let n = c.name.to_lowercase();
                !want.is_empty()
                    && (n == format!("{want}s") || want == format!("{n}s") || want.starts_with(&n))
            },
        ];
        let mut found: Option<Loc<'s>> = None;
        let mut explicit = true;
        'tests: for test in tests {
            for pass_undescribed in [true, false] {
                if let Some(c) = self
                    .objects
                    .iter()
                    .rev()
                    .filter(|c| c.line < table.line || !pass_undescribed)
                    .find(|c| test(c) && (!pass_undescribed || !described(c)))
                {
                    found = c.loc.clone();
                    break 'tests;
                }
            }
        }
        // A schema of that name in this operation's trees.
        if found.is_none() {
            let roots = [self.body.clone(), self.response.clone()];
            for root in roots.into_iter().flatten() {
                if self.idx.ref_name(root.schema) == Some(name)
                    || self
                        .idx
                        .schema(name)
                        .is_some_and(|s| std::ptr::eq(s, root.schema))
                {
                    found = Some(root);
                    break;
                }
                if let Some(loc) = self.find_schema(&root, name) {
                    found = Some(loc);
                    break;
                }
            }
        }
        // Otherwise the side decides: the response's `data`, or the request body.
        if found.is_none() {
            explicit = false;
            found = match table.side {
                Side::Response => self.response.as_ref().and_then(|r| {
                    let data = self.idx.prop(r.schema, "data")?;
                    let c = self.idx.container(data)?;
                    let path = format!("{}.data", r.path);
                    (!self.described.contains_key(&path)).then_some(Loc { path, schema: c })
                }),
                _ => self
                    .body
                    .clone()
                    .filter(|b| !self.described.contains_key(&b.path)),
            };
        }
        let found = found?;
        // The docs sometimes say `data` is X when X is what `data.contents[]` holds.
        let top: Vec<&str> = table
            .rows
            .iter()
            .filter(|r| r.depth == 0)
            .map(|r| r.name.as_str())
            .collect();
        let fit = |l: &Loc<'s>| {
            top.iter()
                .filter(|n| self.idx.prop(l.schema, n).is_some())
                .count()
        };
        let here = fit(&found);
        if here * 2 < top.len() {
            let mut best: Option<(usize, Loc<'s>)> = None;
            let mut queue = vec![(found.clone(), 0)];
            while let Some((loc, depth)) = queue.pop() {
                if depth > 3 {
                    continue;
                }
                for (pname, ps) in self.idx.props(loc.schema) {
                    if let Some(c) = self.idx.container(ps) {
                        let sub = Loc {
                            path: format!("{}.{pname}", loc.path),
                            schema: c,
                        };
                        let f = fit(&sub);
                        if f > here && best.as_ref().is_none_or(|(bf, _)| f > *bf) {
                            best = Some((f, sub.clone()));
                        }
                        queue.push((sub, depth + 1));
                    }
                }
            }
            if let Some((_, sub)) = best {
                if !explicit {
                    return Some(sub);
                }
                self.finding(
                    FindingKind::StructureNesting,
                    table.line,
                    &sub.path,
                    format!(
                        "the page describes {} as «{name}»; in the spec «{name}» is what {} holds",
                        found.path, sub.path
                    ),
                );
                return Some(sub);
            }
        }
        Some(found)
    }

    fn find_schema(&self, root: &Loc<'s>, name: &str) -> Option<Loc<'s>> {
        let mut queue = vec![(root.clone(), 0)];
        while let Some((loc, depth)) = queue.pop() {
            if depth > 5 {
                continue;
            }
            for (pname, ps) in self.idx.props(loc.schema) {
                let Some(c) = self.idx.container(ps) else {
                    continue;
                };
                let sub = Loc {
                    path: format!("{}.{pname}", loc.path),
                    schema: c,
                };
                if self.idx.ref_name(ps) == Some(name) {
                    return Some(sub);
                }
                queue.push((sub, depth + 1));
            }
        }
        None
    }
}

/// Marks the members a sample shows, walking it along its schema.
fn mark_sample<'s>(
    idx: &SpecIndex<'s>,
    schema: &'s Value,
    v: &Value,
    out: &mut BTreeSet<(usize, String)>,
    depth: u8,
) {
    if depth > 12 {
        return;
    }
    match v {
        Value::Array(items) => {
            for i in items {
                mark_sample(idx, schema, i, out, depth + 1);
            }
        }
        Value::Object(members) => {
            let Some(c) = idx.container(schema) else {
                return;
            };
            for (k, val) in members {
                if let Some(ps) = idx.prop(c, k) {
                    out.insert((ptr(c), k.clone()));
                    mark_sample(idx, ps, val, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

impl<'p, 's> OpCtx<'p, 's> {
    fn new(
        idx: &'p SpecIndex<'s>,
        page: &'p Page,
        scope: String,
        op: Option<&'p SpecOp<'s>>,
    ) -> Self {
        let spec = idx.spec;
        let root = |m: Option<&'s Value>, path: &str| {
            m.and_then(|m| m.get("schema")).map(|s| Loc {
                path: path.into(),
                schema: idx.deref(s),
            })
        };
        OpCtx {
            idx,
            page,
            scope,
            op,
            doc_path: String::new(),
            body: op.and_then(|o| root(o.op.request_media(spec), "body")),
            response: op.and_then(|o| root(o.op.success_media(spec), "response")),
            described: BTreeMap::new(),
            documented: BTreeSet::new(),
            objects: Vec::new(),
            params_seen: BTreeSet::new(),
            findings: Vec::new(),
            facts: Vec::new(),
        }
    }

    fn finish(self, res: &mut PageResult) {
        let OpCtx {
            scope,
            described,
            documented,
            params_seen,
            mut findings,
            mut facts,
            ..
        } = self;
        res.findings.append(&mut findings);
        res.facts.append(&mut facts);
        res.documented.extend(documented);
        for (path, (schema, line)) in described {
            res.described.push(Described {
                schema: ptr(schema),
                path,
                scope: scope.clone(),
                line,
            });
        }
        for p in params_seen {
            res.params.insert((scope.clone(), p));
        }
    }
}

/// Compares one page with the spec.
pub fn compare_page(idx: &SpecIndex<'_>, page: &Page) -> PageResult {
    let mut res = PageResult::default();
    for (k, dop) in page.ops.iter().enumerate() {
        let found = idx.find(&dop.method, &dop.path);
        res.matched.push(found.as_ref().map(|(i, _)| *i));
        let tables: Vec<&Table> = page
            .tables
            .iter()
            .filter(|t| page.op_at(t.line) == Some(k))
            .collect();
        let Some((i, note)) = found else {
            res.findings.push(Finding::new(
                FindingKind::OperationMissing,
                page,
                dop.line,
                &format!("{} {}", dop.method, dop.path),
                "",
                format!(
                    "the page documents `{} {}`, which the spec does not have",
                    dop.method, dop.path
                ),
            ));
            continue;
        };
        let sop = &idx.ops[i];
        if let Some(note) = note {
            res.findings.push(Finding::new(
                FindingKind::PathMismatch,
                page,
                dop.line,
                sop.id,
                "",
                note,
            ));
        }
        let mut ctx = OpCtx::new(idx, page, sop.id.to_owned(), Some(sop));
        ctx.doc_path = dop.path.clone();
        walk_tables(&mut ctx, &tables);
        // What the samples show is documented too.
        for ex in page
            .examples
            .iter()
            .filter(|e| page.op_at(e.line) == Some(k))
        {
            let Some(v) = &ex.parsed.value else { continue };
            let root = if super::samples::is_error_answer(v) {
                idx.schema("ErrorResponse")
            } else {
                match ex.side {
                    Side::Request => ctx.body.as_ref().map(|l| l.schema),
                    Side::Response => ctx.response.as_ref().map(|l| l.schema),
                    Side::None => None,
                }
            };
            if let Some(root) = root {
                mark_sample(idx, root, v, &mut ctx.documented, 0);
            }
        }
        for (_, key) in page
            .sample_queries
            .iter()
            .filter(|(l, _)| page.op_at(*l) == Some(k))
        {
            ctx.params_seen.insert(format!("query.{key}"));
        }
        ctx.finish(&mut res);
    }
    if page.kind == Kind::General {
        // Tables named after a spec schema ("Data structure of TaskInstance").
        for t in &page.tables {
            let Role::Structure(name) = &t.role else {
                continue;
            };
            let Some(schema) = idx.schema(name) else {
                continue;
            };
            let mut ctx = OpCtx::new(idx, page, format!("schema {name}"), None);
            let root = Loc {
                path: name.clone(),
                schema,
            };
            ctx.walk(t, Some(root), name, &t.role);
            ctx.finish(&mut res);
        }
        // Error samples of general pages (the throttling answer).
        for ex in &page.examples {
            if let (Some(v), Some(root)) = (&ex.parsed.value, idx.schema("ErrorResponse"))
                && super::samples::is_error_answer(v)
            {
                mark_sample(idx, root, v, &mut res.documented, 0);
            }
        }
    }
    res
}

fn walk_tables<'s>(ctx: &mut OpCtx<'_, 's>, tables: &[&Table]) {
    // Tables in page order; a "Data structure of X" table whose object is only listed later is
    // tried again after the others.
    let mut pending: Vec<&Table> = Vec::new();
    for t in tables {
        match &t.role {
            Role::Path | Role::Query => ctx.walk(t, None, "param", &t.role),
            Role::Body if ctx.body.is_none() => {
                // A GET whose query parameters the page captions "body".
                ctx.finding(
                    FindingKind::ParamLocation,
                    t.line,
                    "",
                    format!(
                        "the table is captioned «{}», but {} has no request body: its rows are query parameters",
                        t.caption, ctx.scope
                    ),
                );
                ctx.walk(t, None, "param", &Role::Request);
            }
            Role::Request | Role::Body => {
                let root = ctx.body.clone();
                ctx.walk(t, root, "body", &t.role);
            }
            Role::Response => {
                let root = ctx.response.clone();
                ctx.walk(t, root, "response", &t.role);
            }
            Role::Structure(name) => {
                if let Some(loc) = ctx.link(t, name) {
                    let path = loc.path.clone();
                    ctx.walk(t, Some(loc), &path, &t.role);
                } else {
                    pending.push(t);
                }
            }
        }
    }
    for t in pending {
        let Role::Structure(name) = &t.role else {
            continue;
        };
        match ctx.link(t, name) {
            Some(loc) => {
                let path = loc.path.clone();
                ctx.walk(t, Some(loc), &path, &t.role);
            }
            None => ctx.finding(
                FindingKind::TableUnlinked,
                t.line,
                "",
                format!(
                    "cannot tell which object the table «{}» describes; its {} rows are not compared",
                    t.caption,
                    t.rows.len()
                ),
            ),
        }
    }
}

/// Spec members and query parameters no page of the run documents (see the module comment).
pub fn missing_in_docs(
    idx: &SpecIndex<'_>,
    pages: &[Page],
    results: &[PageResult],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let documented: BTreeSet<&(usize, String)> =
        results.iter().flat_map(|r| &r.documented).collect();
    let mut done: BTreeSet<usize> = BTreeSet::new();
    let nodes = all_nodes(idx);
    for (page, res) in pages.iter().zip(results) {
        for d in &res.described {
            if !done.insert(d.schema) {
                continue;
            }
            let Some(&schema) = nodes.get(&d.schema) else {
                continue;
            };
            for (pname, ps) in idx.props(schema) {
                // A member without any type is a placeholder (`data` of no-data answers).
                if idx.types(ps).is_empty() && idx.container(ps).is_none() {
                    continue;
                }
                if documented.contains(&(d.schema, pname.to_owned())) {
                    continue;
                }
                out.push(Finding::new(
                    FindingKind::FieldMissingInDocs,
                    page,
                    d.line,
                    &d.scope,
                    &format!("{}.{pname}", d.path),
                    format!(
                        "the spec has `{pname}` in {}{}; no table or sample of the docs shows it",
                        d.path,
                        idx.schema_name(schema)
                            .map_or(String::new(), |n| format!(" ({n})"))
                    ),
                ));
            }
        }
    }
    // Query parameters, per operation, over all its pages.
    let mut seen: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (pi, (page, res)) in pages.iter().zip(results).enumerate() {
        for (k, m) in res.matched.iter().enumerate() {
            if let Some(i) = m {
                seen.entry(idx.ops[*i].id).or_insert((pi, page.ops[k].line));
            }
        }
    }
    for (id, (pi, line)) in seen {
        let op = idx.ops.iter().find(|o| o.id == id).expect("matched");
        for p in op
            .op
            .value
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let p = idx.deref(p);
            let (name, pin) = (
                p.get("name").and_then(Value::as_str).unwrap_or(""),
                p.get("in").and_then(Value::as_str).unwrap_or(""),
            );
            let field = format!("{pin}.{name}");
            let documented = results
                .iter()
                .any(|r| r.params.contains(&(id.to_owned(), field.clone())));
            if pin == "query" && !documented {
                out.push(Finding::new(
                    FindingKind::ParamMissingInDocs,
                    &pages[pi],
                    line,
                    id,
                    &field,
                    format!(
                        "the spec has query parameter `{name}`; no page of the docs documents it"
                    ),
                ));
            }
        }
    }
    out
}

fn all_nodes<'s>(idx: &SpecIndex<'s>) -> BTreeMap<usize, &'s Value> {
    let mut out = BTreeMap::new();
    let mut stack: Vec<&'s Value> = vec![&idx.spec.root];
    while let Some(v) = stack.pop() {
        out.insert(ptr(v), v);
        match v {
            Value::Object(m) => stack.extend(m.values()),
            Value::Array(a) => stack.extend(a.iter()),
            _ => {}
        }
    }
    out
}
