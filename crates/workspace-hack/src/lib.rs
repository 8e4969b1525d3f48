//! Feature unification for the workspace, managed by cargo-hakari (`cargo xtask hakari --write`):
//! this crate depends on each dependency that workspace packages use with different features,
//! with the union of those features, and every workspace package depends on it. Every set of
//! packages then resolves the same features, so one build serves `cargo test`, `cargo run -p …`
//! and `cargo xtask`. It holds no code.
