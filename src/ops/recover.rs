//! What every command does first in a clone: finish or roll back an action a killed esc left
//! in flight (see [`crate::repo::intent`]), and make sure git merges tickets with esc.

use std::path::Path;

use crate::error::Result;
use crate::ops::merge::{DriverSetup, ensure_merge_driver};
use crate::repo::find_root;
use crate::repo::git::GitRepo;
use crate::repo::intent::Recovery;

/// What [`prepare_clone`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Prepared {
    pub recovery: Option<Recovery>,
    pub driver: DriverSetup,
}

/// Prepares the esc root enclosing `start`, if there is one: recovers an interrupted
/// action, then (with `program`, the running esc) sets up the merge driver.
pub fn prepare_clone(start: &Path, program: Option<&Path>) -> Result<Prepared> {
    let Ok(root) = find_root(start) else { return Ok(Prepared::default()) };
    let git = GitRepo::discover(&root)?;
    let recovery = git.recover()?;
    let driver = match program {
        Some(program) => ensure_merge_driver(&git, &root, program)?,
        None => DriverSetup::default(),
    };
    Ok(Prepared { recovery, driver })
}
