//! External spec tools (pinned npm and PyPI packages), installed into an ignored local folder.

use crate::spec::Error;

pub fn lint() -> Result<(), Error> {
    Err("lint is not implemented yet".into())
}

pub fn publish() -> Result<(), Error> {
    Err("publish is not implemented yet".into())
}
