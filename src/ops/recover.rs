//! Finishing or rolling back an action a killed esc left in flight (see
//! [`crate::repo::intent`]); every command does this first.

use std::path::Path;

use crate::error::Result;
use crate::repo::find_root;
use crate::repo::git::GitRepo;
use crate::repo::intent::Recovery;

/// Recovers the esc root enclosing `start`, if there is one and it needs it.
pub fn recover(start: &Path) -> Result<Option<Recovery>> {
    let Ok(root) = find_root(start) else { return Ok(None) };
    GitRepo::discover(&root)?.recover()
}
