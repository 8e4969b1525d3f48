//! `--sync`: records the samples docs-check found that the spec lacks, for review.
//!
//! The spec is edited as text, so that its layout, comments and quoting stay as they are: a new
//! sample becomes a `components/examples` entry (`<operationId>_request|_response[_N]`, with
//! `x-sources` and the value in the page's member order) attached to its operation; a sample
//! already recorded by value but without this page among its sources gets the source added.
//! The result is parsed again and checked before it is written.

use std::collections::BTreeMap;

use serde_json::Value;

use super::json::Ordered;
use super::page::Side;
use super::samples::{NewSample, side_word};
use crate::spec::{Error, SPEC_PATH};

/// The edited spec text and a log line per change; `None` when there was nothing to do.
pub fn apply(text: &str, samples: &[NewSample]) -> Result<Option<(String, Vec<String>)>, Error> {
    if samples.is_empty() {
        return Ok(None);
    }
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut log = Vec::new();
    let root: Value = yaml_serde::from_str(text).map_err(|e| format!("{SPEC_PATH}: {e}"))?;
    let mut names: Vec<String> = root
        .pointer("/components/examples")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();

    // New values, one example per (site, side, value) with all the pages that show it.
    let mut fresh: BTreeMap<(String, String, String), Vec<&NewSample>> = BTreeMap::new();
    for s in samples {
        match &s.existing {
            Some(name) => {
                add_source(&mut lines, name, s)?;
                log.push(format!("{name}: added source {}:{}", s.page, s.line));
            }
            None => {
                let key = serde_json::to_string(&s.ordered.to_value()).unwrap_or_default();
                fresh
                    .entry((s.site.clone(), side_word(s.side).to_owned(), key))
                    .or_default()
                    .push(s);
            }
        }
    }
    for ((site, side, _), group) in fresh {
        let stem = if site == "responses/Error" {
            "ErrorResponse_sample".to_owned()
        } else {
            format!("{site}_{side}")
        };
        let mut name = stem.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{stem}_{n}");
            n += 1;
        }
        names.push(name.clone());
        let first = group[0];
        let mut entry = vec![
            format!("    {name}:"),
            format!(
                "      summary: '{} sample of {site} from {} (added by docs-check --sync; review this summary)'",
                capitalise(&side),
                first.page
            ),
            "      x-sources:".to_owned(),
        ];
        for s in &group {
            entry.push(format!("        - page: {}", s.page));
            entry.push(format!("          lang: {}", s.lang));
            entry.push(format!("          line: {}", s.line));
        }
        entry.push("      value:".to_owned());
        emit(&first.ordered, 8, &mut entry);
        let (_, end) = locate(&lines, &["components", "examples"])
            .ok_or("the spec has no components/examples")?;
        lines.splice(end..end, entry);
        attach(&mut lines, &root, &site, first.side, &name)?;
        log.push(format!(
            "{name}: new example for {site} ({side}) from {}",
            group
                .iter()
                .map(|s| format!("{}:{}", s.page, s.line))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    // The edit must parse and carry every value where it belongs.
    let check: Value =
        yaml_serde::from_str(&out).map_err(|e| format!("--sync produced invalid YAML: {e}"))?;
    for s in samples {
        let want = s.ordered.to_value();
        let ok = check
            .pointer("/components/examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .any(|(_, ex)| {
                ex.get("value") == Some(&want)
                    && ex
                        .get("x-sources")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .any(|src| src.get("page").and_then(Value::as_str) == Some(&s.page))
            });
        if !ok {
            return Err(format!(
                "--sync could not record the sample of {}:{}; the spec is left unchanged",
                s.page, s.line
            )
            .into());
        }
    }
    Ok(Some((out, log)))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or(String::new(), |f| {
        f.to_uppercase().collect::<String>() + c.as_str()
    })
}

fn indent_of(l: &str) -> usize {
    l.len() - l.trim_start().len()
}

fn key_of(l: &str) -> Option<&str> {
    let t = l.trim_start();
    if t.starts_with('#') || t.starts_with("- ") {
        return None;
    }
    let k = t
        .strip_suffix(':')
        .or_else(|| t.split_once(": ").map(|(k, _)| k))?;
    Some(k.trim_matches(|c| c == '\'' || c == '"'))
}

/// The line of the mapping key reached by `path` and the end (exclusive) of its block.
fn locate(lines: &[String], path: &[&str]) -> Option<(usize, usize)> {
    let (mut from, mut to) = (0, lines.len());
    let mut found = None;
    for key in path {
        let body =
            |j: &usize| !lines[*j].trim().is_empty() && !lines[*j].trim_start().starts_with('#');
        // Only keys directly below the parent: those at the first indentation of its block.
        let child = (from..to).find(body).map(|j| indent_of(&lines[j]))?;
        let i = (from..to)
            .filter(body)
            .find(|&j| indent_of(&lines[j]) == child && key_of(&lines[j]) == Some(key))?;
        let end = (i + 1..to)
            .find(|&j| body(&j) && indent_of(&lines[j]) <= child)
            .unwrap_or(to);
        found = Some((i, end));
        (from, to) = (i + 1, end);
    }
    found
}

fn add_source(lines: &mut Vec<String>, name: &str, s: &NewSample) -> Result<(), Error> {
    let (_, end) = locate(lines, &["components", "examples", name, "x-sources"])
        .ok_or_else(|| format!("example {name} has no x-sources list"))?;
    let at = (0..end)
        .rev()
        .find(|&j| !lines[j].trim().is_empty())
        .map_or(end, |j| j + 1);
    let item_indent = lines[..at]
        .iter()
        .rev()
        .find(|l| l.trim_start().starts_with("- page:"))
        .map_or(8, |l| indent_of(l));
    let pad = " ".repeat(item_indent);
    lines.splice(
        at..at,
        [
            format!("{pad}- page: {}", s.page),
            format!("{pad}  lang: {}", s.lang),
            format!("{pad}  line: {}", s.line),
        ],
    );
    Ok(())
}

/// Adds `$ref: '#/components/examples/{name}'` to the examples of the sample's media type.
fn attach(
    lines: &mut Vec<String>,
    root: &Value,
    site: &str,
    side: Side,
    name: &str,
) -> Result<(), Error> {
    let mut path: Vec<String> = Vec::new();
    if site == "responses/Error" {
        path.extend(
            [
                "components",
                "responses",
                "Error",
                "content",
                "application/json",
            ]
            .map(String::from),
        );
    } else {
        let (p, method) = root
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .find_map(|(p, item)| {
                item.as_object()?.iter().find_map(|(m, op)| {
                    (op.get("operationId").and_then(Value::as_str) == Some(site))
                        .then(|| (p.clone(), m.clone()))
                })
            })
            .ok_or_else(|| format!("operation {site} not in the spec"))?;
        path.extend(["paths".to_owned(), p, method]);
        match side {
            Side::Request => {
                path.extend(["requestBody", "content", "application/json"].map(String::from))
            }
            _ => path.extend(["responses", "200", "content", "application/json"].map(String::from)),
        }
    }
    let keys: Vec<&str> = path.iter().map(String::as_str).collect();
    let (media, media_end) =
        locate(lines, &keys).ok_or_else(|| format!("no JSON media type for {site}"))?;
    let media_indent = indent_of(&lines[media]);
    let mut keys_ex = keys.clone();
    keys_ex.push("examples");
    let pad = |n: usize| " ".repeat(n);
    match locate(lines, &keys_ex) {
        Some((ex, ex_end)) => {
            let child = indent_of(&lines[ex]) + 2;
            let at = (ex + 1..ex_end)
                .rev()
                .find(|&j| !lines[j].trim().is_empty())
                .map_or(ex + 1, |j| j + 1);
            lines.splice(
                at..at,
                [
                    format!("{}{name}:", pad(child)),
                    format!("{}$ref: '#/components/examples/{name}'", pad(child + 2)),
                ],
            );
        }
        None => {
            let ind = media_indent + 2;
            let at = (media + 1..media_end)
                .rev()
                .find(|&j| !lines[j].trim().is_empty())
                .map_or(media + 1, |j| j + 1);
            lines.splice(
                at..at,
                [
                    format!("{}examples:", pad(ind)),
                    format!("{}{name}:", pad(ind + 2)),
                    format!("{}$ref: '#/components/examples/{name}'", pad(ind + 4)),
                ],
            );
        }
    }
    Ok(())
}

fn yaml_key(k: &str) -> String {
    let plain = k
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(
            k.to_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        k.to_owned()
    } else {
        format!("'{}'", k.replace('\'', "''"))
    }
}

fn scalar(v: &Ordered) -> Option<String> {
    Some(match v {
        Ordered::Null => "null".to_owned(),
        Ordered::Bool(b) => b.to_string(),
        Ordered::Number(n) => n.to_string(),
        Ordered::String(s) => serde_json::to_string(s).unwrap_or_default(),
        Ordered::Array(a) if a.is_empty() => "[]".to_owned(),
        Ordered::Object(o) if o.is_empty() => "{}".to_owned(),
        Ordered::Array(a) if a.iter().any(|i| matches!(i, Ordered::Array(_))) => {
            // Arrays of arrays stay in flow style (JSON is valid YAML).
            serde_json::to_string(&v.to_value()).unwrap_or_default()
        }
        _ => return None,
    })
}

/// Block-style YAML in the spec's own style: bare keys, double-quoted strings, `- ` items.
pub fn emit(v: &Ordered, indent: usize, out: &mut Vec<String>) {
    let pad = " ".repeat(indent);
    match v {
        Ordered::Object(members) if !members.is_empty() => {
            for (k, val) in members {
                match scalar(val) {
                    Some(s) => out.push(format!("{pad}{}: {s}", yaml_key(k))),
                    None => {
                        out.push(format!("{pad}{}:", yaml_key(k)));
                        emit(val, indent + 2, out);
                    }
                }
            }
        }
        Ordered::Array(items) if scalar(v).is_none() => {
            for item in items {
                match scalar(item) {
                    Some(s) => out.push(format!("{pad}- {s}")),
                    None => {
                        let mut sub = Vec::new();
                        emit(item, indent + 2, &mut sub);
                        if let Some(first) = sub.first_mut() {
                            *first = format!("{pad}- {}", first.trim_start());
                        }
                        out.extend(sub);
                    }
                }
            }
        }
        _ => out.push(format!("{pad}{}", scalar(v).unwrap_or_default())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs_check::json::parse_lenient;

    #[test]
    fn emitted_yaml_reads_back_as_the_same_value() {
        let text = r#"{"data": {"list": [{"b": 1, "a": "x\"y"}, {}], "map": {"2": "FULL", "true": null}, "e": [], "n": [[1, 2]]}, "ok": true, "d": 1.5}"#;
        let o = parse_lenient(text, true).ordered.unwrap();
        let mut lines = vec!["value:".to_owned()];
        emit(&o, 2, &mut lines);
        let back: Value = yaml_serde::from_str(&lines.join("\n")).unwrap();
        assert_eq!(back["value"], o.to_value());
        assert!(lines.contains(&"      - b: 1".to_owned()), "{lines:#?}");
        assert!(
            lines.contains(&"      '2': \"FULL\"".to_owned()),
            "{lines:#?}"
        );
    }

    #[test]
    fn adds_an_example_and_a_source() {
        let spec = "\
openapi: 3.0.3
paths:
  /a/{id}:
    post:
      operationId: doIt
      requestBody:
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/X'
      responses:
        '200':
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/X'
              examples:
                doIt_response:
                  $ref: '#/components/examples/doIt_response'
components:
  examples:
    doIt_response:
      summary: 'x'
      x-sources:
        - page: a.md
          lang: en-US
          line: 3
      value:
        ok: true
";
        let new = |text: &str, existing: Option<&str>, side| NewSample {
            page: "b.md".into(),
            lang: "zh-CN",
            line: 9,
            site: "doIt".into(),
            side,
            ordered: parse_lenient(text, true).ordered.unwrap(),
            existing: existing.map(str::to_owned),
        };
        let samples = [
            new(r#"{"ok": true}"#, Some("doIt_response"), Side::Response),
            new(r#"{"id": 1}"#, None, Side::Request),
        ];
        let (out, log) = apply(spec, &samples).unwrap().unwrap();
        assert_eq!(log.len(), 2);
        let v: Value = yaml_serde::from_str(&out).unwrap();
        assert_eq!(
            v.pointer("/paths/~1a~1{id}/post/requestBody/content/application~1json/examples/doIt_request/$ref"),
            Some(&Value::String("#/components/examples/doIt_request".into()))
        );
        assert_eq!(
            v.pointer("/components/examples/doIt_request/value/id"),
            Some(&1.into())
        );
        assert_eq!(
            v.pointer("/components/examples/doIt_response/x-sources/1/page"),
            Some(&"b.md".into())
        );
    }
}
