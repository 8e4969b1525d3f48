//! JSON examples of the doc pages: lenient reading and document-order values.
//!
//! Doc samples are data and stay verbatim, but some carry comments or text after the closing brace.
//! Those are tolerated and reported; anything else that is not JSON is reported as such, with
//! serde_json's reason. Values are also kept in document order (`Ordered`), so that `--sync` can
//! write them into the spec in the order the page shows.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// A JSON value whose object members keep the order of the page.
#[derive(Clone, Debug, PartialEq)]
pub enum Ordered {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Ordered>),
    Object(Vec<(String, Ordered)>),
}

impl Ordered {
    pub fn to_value(&self) -> Value {
        match self {
            Ordered::Null => Value::Null,
            Ordered::Bool(b) => Value::Bool(*b),
            Ordered::Number(n) => Value::Number(n.clone()),
            Ordered::String(s) => Value::String(s.clone()),
            Ordered::Array(items) => Value::Array(items.iter().map(Ordered::to_value).collect()),
            Ordered::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect::<Map<_, _>>(),
            ),
        }
    }
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Ordered, E> {
                Ok(Ordered::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Ordered, E> {
                Ok(Ordered::Number(n.into()))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Ordered, E> {
                Ok(Ordered::Number(n.into()))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Ordered, E> {
                Number::from_f64(n)
                    .map(Ordered::Number)
                    .ok_or_else(|| E::custom("number out of range"))
            }
            fn visit_str<E>(self, s: &str) -> Result<Ordered, E> {
                Ok(Ordered::String(s.to_owned()))
            }
            fn visit_string<E>(self, s: String) -> Result<Ordered, E> {
                Ok(Ordered::String(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Ordered, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Ordered::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut members = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Ordered>()? {
                    members.push((k, v));
                }
                Ok(Ordered::Object(members))
            }
        }
        d.deserialize_any(V)
    }
}

/// One sample as read from a page.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub ordered: Option<Ordered>,
    pub value: Option<Value>,
    /// Tolerated problems (comments, text after the value), each said plainly.
    pub notes: Vec<String>,
    /// Why the text is not JSON, when it is not.
    pub error: Option<String>,
    /// Bytes of the input the value (with tolerated comments) takes.
    pub consumed: usize,
}

/// Reads the first JSON value of `text`. With `trailing_is_garbage`, any text after it is reported
/// (inside a code fence it is garbage; in a plain-text page it is simply the prose that follows).
pub fn parse_lenient(text: &str, trailing_is_garbage: bool) -> Parsed {
    match parse_first(text, trailing_is_garbage) {
        Ok(p) => p,
        Err(first_error) => {
            // Comments are tolerated only when removing them leaves JSON (a `//` inside
            // `restoreSources:file:///…` is not a comment of a JSON text).
            let (cleaned, had_comments) = strip_comments(text);
            match parse_first(&cleaned, trailing_is_garbage) {
                Ok(mut p) if had_comments => {
                    p.notes
                        .insert(0, "comments inside the JSON (ignored)".to_owned());
                    p
                }
                _ => Parsed {
                    ordered: None,
                    value: None,
                    notes: Vec::new(),
                    error: Some(first_error),
                    consumed: balanced_end(text).unwrap_or(text.len()),
                },
            }
        }
    }
}

fn parse_first(text: &str, trailing_is_garbage: bool) -> Result<Parsed, String> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Ordered>();
    match stream.next() {
        Some(Ok(ordered)) => {
            let consumed = stream.byte_offset();
            let rest = text[consumed..].trim();
            let mut notes = Vec::new();
            if trailing_is_garbage && !rest.is_empty() {
                notes.push(format!(
                    "text after the JSON value (ignored): {}",
                    excerpt(rest)
                ));
            }
            Ok(Parsed {
                value: Some(ordered.to_value()),
                ordered: Some(ordered),
                notes,
                error: None,
                consumed,
            })
        }
        Some(Err(e)) => Err(e.to_string()),
        None => Err("empty".to_owned()),
    }
}

fn excerpt(s: &str) -> String {
    let line = s.lines().next().unwrap_or("");
    let short: String = line.chars().take(60).collect();
    if short.len() < s.len() {
        format!("«{short}…»")
    } else {
        format!("«{short}»")
    }
}

/// Replaces `//…` and `/*…*/` comments outside strings by spaces (keeping line numbers and byte
/// offsets); says whether there were any.
pub fn strip_comments(text: &str) -> (String, bool) {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut found = false;
    let mut i = 0;
    let mut in_str = false;
    while i < bytes.len() {
        let c = bytes[i];
        if in_str {
            out.push(c);
            if c == b'\\' && i + 1 < bytes.len() {
                out.push(bytes[i + 1]);
                i += 2;
                continue;
            }
            if c == b'"' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        if c == b'"' {
            in_str = true;
            out.push(c);
            i += 1;
        } else if c == b'/' && bytes.get(i + 1) == Some(&b'/') {
            found = true;
            while i < bytes.len() && bytes[i] != b'\n' {
                out.push(b' ');
                i += 1;
            }
        } else if c == b'/' && bytes.get(i + 1) == Some(&b'*') {
            found = true;
            let end = text[i + 2..]
                .find("*/")
                .map_or(bytes.len(), |p| i + 2 + p + 2);
            while i < end {
                out.push(if bytes[i] == b'\n' { b'\n' } else { b' ' });
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes, so the result is still UTF-8.
    (
        String::from_utf8(out).unwrap_or_else(|_| text.to_owned()),
        found,
    )
}

/// The byte offset just past the bracket that closes the first `{`/`[` of `text`, ignoring
/// brackets inside strings; `None` when it never closes.
pub fn balanced_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    let mut started = false;
    for (i, c) in text.char_indices() {
        if in_str {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_str = false;
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '{' | '[' => {
                depth += 1;
                started = true;
            }
            '}' | ']' if started => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_document_order() {
        let p = parse_lenient(
            r#"{"b": 1, "a": [true, null, "x"], "c": {"z": 1.5, "y": -2}}"#,
            true,
        );
        let Some(Ordered::Object(members)) = p.ordered else {
            panic!("not an object")
        };
        let keys: Vec<_> = members.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "c"]);
        assert!(p.notes.is_empty() && p.error.is_none());
    }

    #[test]
    fn comments_and_trailing_text_are_tolerated_and_reported() {
        let text = "{\n  \"a\": 1, // the id\n  /* more */ \"b\": \"http://x//y\"\n}\nContact Us\n";
        let p = parse_lenient(text, true);
        assert_eq!(
            p.value,
            Some(serde_json::json!({"a": 1, "b": "http://x//y"}))
        );
        assert_eq!(p.notes.len(), 2, "{:?}", p.notes);
        assert!(p.notes[0].contains("comments"));
        assert!(p.notes[1].contains("Contact Us"));
        // In a plain-text page the prose after a sample is not garbage.
        assert_eq!(parse_lenient(text, false).notes.len(), 1);
    }

    #[test]
    fn malformed_json_says_why() {
        let p = parse_lenient("{\n \"a\": [1,],\n}", true);
        assert!(p.value.is_none());
        assert!(p.error.unwrap().contains("line 2"));
        let p = parse_lenient(
            "restoreClusterId:14\nrestoreSources:file:///a, file:///b",
            true,
        );
        assert!(p.error.is_some() && p.notes.is_empty(), "{p:?}");
    }

    #[test]
    fn balanced_end_ignores_brackets_in_strings() {
        let t = r#"{"a": "}{]", "b": [1, {"c": 2}]} tail"#;
        assert_eq!(
            &t[..balanced_end(t).unwrap()],
            r#"{"a": "}{]", "b": [1, {"c": 2}]}"#
        );
        assert_eq!(balanced_end("{ \"a\": 1"), None);
    }
}
