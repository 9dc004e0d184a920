//! One function per use case: load, decide, save, commit; each returns data for the CLI.

pub mod act;
pub mod audit;
pub mod check;
pub mod config;
pub mod conflicts;
pub mod edit;
pub mod export;
pub mod import;
pub mod init;
pub mod kb;
pub mod lint;
pub mod log;
pub mod merge;
pub mod open;
pub mod permit;
pub mod query;
pub mod recover;
pub mod report;
pub mod review;
pub mod search;
pub mod sla;
pub mod stats;
pub mod sweep;
pub mod sync;
pub mod triage;

use crate::clock::Now;
use crate::error::{Error, Result};
use crate::repo::Workspace;
use crate::repo::git::{Expected, FileChange, ObjectId};
use crate::ticket::file::TicketFile;

/// How often a change is decided again when the ticket changed underneath it.
const ATTEMPTS: usize = 40;

/// Runs `attempt` again while what it decided on moved underneath it ([`Error::Moved`]), up
/// to [`ATTEMPTS`] times; then the user gets a conflict to retry.
pub(crate) fn retry<T>(mut attempt: impl FnMut() -> Result<T>) -> Result<T> {
    let mut tries = 0;
    loop {
        tries += 1;
        match attempt() {
            Err(Error::Moved(_)) if crate::interrupt::requested().is_some() => return Err(Error::Interrupted),
            Err(Error::Moved(_)) if tries < ATTEMPTS => back_off(tries),
            Err(Error::Moved(moved)) => return Err(Error::Conflict(format!("{moved}, again and again"))),
            result => return result,
        }
    }
}

/// Waits a little before deciding again, longer each time and never in step with the
/// other processes, so a crowd of them does not collide over and over.
fn back_off(attempt: usize) {
    let mut jitter = [0u8; 1];
    let _ = getrandom::fill(&mut jitter);
    let millis = 5 * attempt.min(10) as u64 + u64::from(jitter[0] % 20);
    std::thread::sleep(std::time::Duration::from_millis(millis));
}

/// Writes a ticket file and commits it as one action.
pub(crate) fn commit_ticket(
    workspace: &Workspace,
    relative_path: &str,
    file: &TicketFile,
    expected: Expected,
    message: &str,
    now: Now,
) -> Result<Option<ObjectId>> {
    let text = file.render().map_err(|e| Error::in_file(relative_path, e))?;
    let path = workspace.repo_path(relative_path);
    let change = FileChange { path: &path, contents: text.as_bytes(), expected };
    workspace.git.commit_files(&[change], message, now.commit_time())
}
