//! Masking secrets in what gets printed: JSON values (ocpctl's results, `--verbose` bodies) and
//! raw text (the excerpt of an answer that is not valid JSON, carried in an error).
//!
//! Which fields are secrets is decided in one place, [`is_secret_key`].

use serde_json::Value;

#[path = "secret_names.rs"]
mod names;

pub use names::{SECRET_NAME_PARTS, SECRET_NAMES, is_secret_key};

/// What a secret is replaced with.
pub const MASK: &str = "******";

/// Replaces the value of every secret-named key (at any depth) by [`MASK`].
pub fn mask_json(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if is_secret_key(k) && !v.is_null() {
                    *v = Value::String(MASK.into());
                } else {
                    mask_json(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_json),
        _ => {}
    }
}

/// The secrets of a body that may not even be JSON (cut short, syntax broken, or JSON inside a
/// string): every value that follows a secret-named key, as it appears in the text.
#[derive(Debug, Default)]
pub struct TextSecrets {
    values: Vec<String>,
}

impl TextSecrets {
    pub fn find(text: &str) -> TextSecrets {
        let mut values = Vec::new();
        collect(text, &mut values);
        // A JSON document inside a JSON string (`"message":"{\"accessKeySecret\":\"…\"}"`).
        if text.contains("\\\"") {
            collect(&text.replace("\\\"", "\""), &mut values);
        }
        values.retain(|v| !v.is_empty() && v != MASK);
        // Longest first, so a secret containing a shorter one is masked whole.
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        values.dedup();
        TextSecrets { values }
    }

    /// `text` with every secret found replaced by [`MASK`].
    pub fn mask(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for v in &self.values {
            out = out.replace(v.as_str(), MASK);
        }
        out
    }
}

/// Masks the secrets of `text` (see [`TextSecrets`]).
pub fn mask_text(text: &str) -> String {
    TextSecrets::find(text).mask(text)
}

/// Scans JSON-like text: each quoted string that names a secret, followed by separators
/// (`:`, `=`, blanks; a broken body may have lost its colon), gives its value, up to the closing
/// quote or the end of the text (a body cut short inside the secret). Every quote is tried as
/// the start of a key, so text whose quotes no longer pair up (JSON inside a string, a body cut
/// anywhere) is scanned as well.
fn collect(text: &str, values: &mut Vec<String>) {
    let chars: Vec<char> = text.chars().collect();
    for i in (0..chars.len()).filter(|&i| chars[i] == '"') {
        let (key, end) = string_at(&chars, i);
        if !is_secret_key(&key) {
            continue;
        }
        let mut j = end;
        while j < chars.len() && (chars[j].is_whitespace() || matches!(chars[j], ':' | '=')) {
            j += 1;
        }
        if j >= chars.len() {
            continue;
        }
        if chars[j] == '"' {
            values.push(string_at(&chars, j).0);
        } else if chars[j].is_alphanumeric() || matches!(chars[j], '-' | '+' | '.') {
            let end = (j..chars.len())
                .find(|&k| matches!(chars[k], ',' | '}' | ']' | '"') || chars[k].is_whitespace())
                .unwrap_or(chars.len());
            let value: String = chars[j..end].iter().collect();
            if value != "null" {
                values.push(value);
            }
        }
    }
}

/// The raw content of the string starting at the quote `chars[start]`, and the index after its
/// closing quote (or the end of the text).
fn string_at(chars: &[char], start: usize) -> (String, usize) {
    let mut out = String::new();
    let mut k = start + 1;
    while k < chars.len() {
        match chars[k] {
            '\\' if k + 1 < chars.len() => {
                out.push(chars[k]);
                out.push(chars[k + 1]);
                k += 2;
            }
            '"' => return (out, k + 1),
            c => {
                out.push(c);
                k += 1;
            }
        }
    }
    (out, chars.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_secrets_are_masked_at_any_depth() {
        let mut v = json!({"ossAccessKey": {"accessKeyId": "id", "accessKeySecret": "s3cr3t"},
                           "list": [{"password": "pw"}], "secretless": null});
        mask_json(&mut v);
        assert_eq!(v["ossAccessKey"]["accessKeySecret"], MASK);
        assert_eq!(v["ossAccessKey"]["accessKeyId"], "id");
        assert_eq!(v["list"][0]["password"], MASK);
        assert!(v["secretless"].is_null());
    }

    #[test]
    fn the_names_cover_the_usual_spellings() {
        for k in [
            "accessKeySecret",
            "access_key_secret",
            "password",
            "superUserPassword",
            "sk",
        ] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in ["accessKeyId", "endpoint", "skip", "tokenizer"] {
            assert!(!is_secret_key(k), "{k}");
        }
    }

    #[test]
    fn broken_bodies_lose_their_secrets() {
        for (body, secret) in [
            // Cut short after the secret.
            (
                r#"{"data":{"ossAccessKey":{"accessKeySecret":"CANARY-cut-1","endpoint":"#,
                "CANARY-cut-1",
            ),
            // Cut short inside the secret.
            (
                r#"{"data":{"s3AccessKey":{"accessKeySecret" : "CANARY-inside"#,
                "CANARY-inside",
            ),
            // The colon broken.
            (
                r#"{"successful" true,"accessKeySecret" "CANARY-colon"}"#,
                "CANARY-colon",
            ),
            // Not a string.
            (r#"{"password": 12345678,"x":1"#, "12345678"),
            // JSON inside a message string.
            (
                r#"{"error":{"message":"bad {\"accessKeySecret\":\"CANARY-nested\"}"}"#,
                "CANARY-nested",
            ),
        ] {
            let masked = mask_text(body);
            assert!(!masked.contains(secret), "{masked}");
            assert!(masked.contains(MASK), "{masked}");
        }
        let plain = r#"{"endpoint":"oss.example.com","accessKeyId":"id"}"#;
        assert_eq!(mask_text(plain), plain);
    }
}
