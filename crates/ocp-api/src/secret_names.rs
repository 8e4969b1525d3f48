//! Which field names hold a secret. The one list of the project: ocpctl's output masking, the
//! client's error excerpts and `cargo xtask generate` (which gives every generated type with
//! such a field a redacting `Debug`) all decide with [`is_secret_key`]. xtask includes this file
//! by path, so it must stay free of dependencies.

/// Parts of a (lower-cased) field name that make it a secret: `accessKeySecret`, `password`,
/// `secretKey`, `superUserPassword`…
pub const SECRET_NAME_PARTS: &[&str] = &["secret", "password", "passwd"];

/// Whole (lower-cased) field names that are secrets although they contain no part above.
pub const SECRET_NAMES: &[&str] = &["sk", "token", "credential", "credentials"];

/// Whether a JSON key (camelCase, as on the wire) or a Rust field name (snake_case) names a
/// secret.
pub fn is_secret_key(key: &str) -> bool {
    let k: String = key
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_NAME_PARTS.iter().any(|p| k.contains(p)) || SECRET_NAMES.contains(&k.as_str())
}
