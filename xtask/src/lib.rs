//! The part of the xtask that other packages' tests share: OpenAPI schemas as JSON Schema.

pub mod oas_schema;
