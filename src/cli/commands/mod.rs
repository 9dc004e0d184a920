//! One file per subcommand: its arguments (the doc comment is the help text) and `run`.

pub mod completions;
pub mod init;
pub mod lint;
pub mod list;
pub mod log;
pub mod man;
pub mod open;
pub mod show;

use std::path::Path;

use esc::store::Workspace;

/// Opens the esc root enclosing `dir`.
pub fn workspace(dir: &Path) -> anyhow::Result<Workspace> {
    Ok(Workspace::open(dir)?)
}
