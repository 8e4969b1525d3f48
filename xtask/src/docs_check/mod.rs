//! `cargo xtask docs-check`: hold the spec against raw OCP doc pages.

use crate::Args;
use crate::spec::Error;

pub fn run(_args: &Args) -> Result<(), Error> {
    Err("docs-check is not implemented yet".into())
}
