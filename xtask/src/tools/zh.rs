//! The Chinese bundle: `x-summary-zh` / `x-description-zh` (and `x-title-zh` of `info`) are
//! copied into the standard fields, the English moves to `x-summary-en` / `x-description-en` /
//! `x-title-en`, so that tools knowing nothing of the extensions show Chinese. Tag names are
//! identifiers (operations and generated module names use them), so a tag's Chinese name goes
//! into `x-displayName` (`x-displayName-zh`), which Redoc shows in its navigation.
//!
//! Example values, enum values and defaults are data and are never touched, and neither are
//! names (of properties, paths, schemas, examples), even when a name is `description`.

use yaml_serde::{Mapping, Value};

/// (standard field, Chinese extension, where the English goes)
const FIELDS: [(&str, &str, &str); 4] = [
    ("summary", "x-summary-zh", "x-summary-en"),
    ("description", "x-description-zh", "x-description-en"),
    ("title", "x-title-zh", "x-title-en"),
    ("x-displayName", "x-displayName-zh", "x-displayName-en"),
];

/// What the translation did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub summaries: usize,
    pub descriptions: usize,
    pub titles: usize,
    /// Tags shown by their Chinese name (`x-displayName`).
    pub tag_names: usize,
    /// Objects (outside examples) with an English `summary`/`description` and no Chinese.
    pub english_only: usize,
}

/// Turns an English bundle into the Chinese one, in place.
pub fn to_chinese(doc: &mut Value) -> Counts {
    let mut counts = Counts::default();
    walk_any(doc, &mut counts, Mode::ToChinese);
    counts
}

/// The inverse: restores the English standard fields and drops the `x-…-en` copies. Used to
/// prove that the Chinese bundle differs from the English one in nothing but its text.
pub fn to_english(doc: &mut Value) {
    walk_any(doc, &mut Counts::default(), Mode::ToEnglish);
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    ToChinese,
    ToEnglish,
}

fn walk_any(v: &mut Value, counts: &mut Counts, mode: Mode) {
    match v {
        Value::Mapping(m) => walk_object(m, counts, mode, false),
        Value::Sequence(items) => {
            for item in items {
                walk_any(item, counts, mode);
            }
        }
        _ => {}
    }
}

/// A map whose keys are names (properties, paths, schemas, responses …) and whose values are
/// spec objects.
fn walk_names(v: &mut Value, counts: &mut Counts, mode: Mode, examples: bool) {
    if let Value::Mapping(m) = v {
        for (_, child) in m.iter_mut() {
            match child {
                Value::Mapping(obj) => walk_object(obj, counts, mode, examples),
                other => walk_any(other, counts, mode),
            }
        }
    }
}

/// A spec object (operation, schema, parameter, response, tag, example, …).
fn walk_object(m: &mut Mapping, counts: &mut Counts, mode: Mode, example: bool) {
    match mode {
        Mode::ToChinese => translate(m, counts, example),
        Mode::ToEnglish => restore(m),
    }
    for (key, child) in m.iter_mut() {
        let key = key.as_str().unwrap_or("");
        match key {
            // data, never text of ours
            "example" | "enum" | "default" => {}
            "value" if example => {}
            _ if key.starts_with("x-") => {}
            "examples" => walk_names(child, counts, mode, true),
            "properties" | "paths" | "responses" | "schemas" | "parameters" | "requestBodies"
            | "headers" | "securitySchemes" | "links" | "callbacks" | "variables" | "content"
                if child.is_mapping() =>
            {
                walk_names(child, counts, mode, false)
            }
            _ => walk_any(child, counts, mode),
        }
    }
}

fn translate(m: &mut Mapping, counts: &mut Counts, example: bool) {
    let mut english_only = false;
    for (std, zh, en) in FIELDS {
        match m.get(zh).and_then(Value::as_str).map(str::to_string) {
            Some(chinese) => {
                if let Some(english) = m.get(std).cloned() {
                    m.insert(en.into(), english);
                }
                m.insert(std.into(), Value::String(chinese));
                match std {
                    "summary" => counts.summaries += 1,
                    "description" => counts.descriptions += 1,
                    "title" => counts.titles += 1,
                    _ => counts.tag_names += 1,
                }
            }
            None if (std == "summary" || std == "description")
                && !example
                && m.get(std).is_some_and(Value::is_string) =>
            {
                english_only = true;
            }
            None => {}
        }
    }
    if english_only {
        counts.english_only += 1;
    }
}

fn restore(m: &mut Mapping) {
    for (std, _, en) in FIELDS {
        if let Some(english) = m.remove(en) {
            m.insert(std.into(), english);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(s: &str) -> Value {
        yaml_serde::from_str(s).unwrap()
    }

    const DOC: &str = r#"
info:
  title: API
  x-title-zh: 接口
  version: "1.0.0"
tags:
  - name: things
    x-displayName: Things
    x-displayName-zh: 东西
paths:
  /a:
    get:
      summary: List
      x-summary-zh: 列出
      description: Lists.
      x-description-zh: 列出全部。
      parameters:
        - name: description
          in: query
          description: A filter.
          x-description-zh: 过滤条件。
          schema:
            type: string
            default: description
components:
  schemas:
    Thing:
      type: object
      description: A thing.
      x-description-zh: 一个东西。
      properties:
        description:
          type: string
          description: Its text.
          x-description-zh: 它的文字。
        examples:
          type: string
          description: Not an Example Object.
          x-description-zh: 不是示例对象。
  examples:
    one:
      summary: One thing
      value:
        description: data, not text
        x-description-zh: data too
"#;

    #[test]
    fn copies_chinese_into_standard_fields_and_keeps_english() {
        let mut doc = yaml(DOC);
        let counts = to_chinese(&mut doc);
        assert_eq!(
            counts,
            Counts {
                summaries: 1,
                descriptions: 5,
                titles: 1,
                tag_names: 1,
                english_only: 0
            }
        );
        assert_eq!(doc["tags"][0]["name"], "things");
        assert_eq!(doc["tags"][0]["x-displayName"], "东西");
        assert_eq!(doc["tags"][0]["x-displayName-en"], "Things");
        assert_eq!(doc["info"]["title"], "接口");
        assert_eq!(doc["info"]["x-title-en"], "API");
        let op = &doc["paths"]["/a"]["get"];
        assert_eq!(op["summary"], "列出");
        assert_eq!(op["x-summary-en"], "List");
        assert_eq!(op["description"], "列出全部。");
        assert_eq!(op["x-description-en"], "Lists.");
        assert_eq!(op["parameters"][0]["description"], "过滤条件。");
        assert_eq!(op["parameters"][0]["schema"]["default"], "description");
        let props = &doc["components"]["schemas"]["Thing"]["properties"];
        assert_eq!(props["description"]["description"], "它的文字。");
        assert_eq!(props["examples"]["description"], "不是示例对象。");
        let example = &doc["components"]["examples"]["one"];
        assert_eq!(example["value"]["description"], "data, not text");
        assert_eq!(example["summary"], "One thing");
    }

    #[test]
    fn english_is_restored_exactly() {
        let mut doc = yaml(DOC);
        to_chinese(&mut doc);
        to_english(&mut doc);
        assert_eq!(doc, yaml(DOC));
    }

    #[test]
    fn counts_english_only_text_outside_examples() {
        let mut doc = yaml("tags:\n  - name: t\n    description: only English\n");
        assert_eq!(to_chinese(&mut doc).english_only, 1);
    }
}
