//! One function per use case: load, decide, save, commit; each returns data for the CLI.

pub mod act;
pub mod check;
pub mod init;
pub mod kb;
pub mod lint;
pub mod log;
pub mod open;
pub mod query;
pub mod review;
pub mod search;
pub mod stats;
pub mod sweep;
pub mod triage;

use crate::error::{Error, Result};
use crate::repo::Workspace;
use crate::repo::git::{Expected, FileChange, ObjectId};
use crate::ticket::file::TicketFile;
use crate::ticket::is_unsafe_char;

/// Longest commit subject esc writes; longer summaries are cut with an ellipsis.
const SUBJECT_MAX_CHARS: usize = 72;

/// The commit message of an esc action: a subject, then trailers scripts can read.
///
/// User text goes through [`one_line`], so it can neither break the subject nor forge a
/// trailer.
pub fn commit_message(action: &str, id: &str, summary: &str, reason: Option<&str>) -> String {
    let head = format!("esc: {action} {id}: ");
    let summary = one_line(summary);
    let room = SUBJECT_MAX_CHARS.saturating_sub(head.chars().count()).max(10);
    let summary = if summary.chars().count() > room {
        format!("{}…", summary.chars().take(room - 1).collect::<String>().trim_end())
    } else {
        summary
    };
    let mut message = format!("{head}{summary}\n\nEsc-Ticket: {id}\nEsc-Action: {action}\n");
    if let Some(reason) = reason {
        message.push_str(&format!("Esc-Reason: {}\n", one_line(reason)));
    }
    message
}

/// Folds control characters and line breaks into single spaces.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| is_unsafe_char(c) || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Rejects text that must fit on one line (titles, names, labels).
pub fn check_single_line(field: &str, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(Error::InvalidInput(format!("the {field} is empty")));
    }
    if let Some(c) = text.chars().find(|c| is_unsafe_char(*c)) {
        return Err(Error::InvalidInput(format!(
            "the {field} contains a control character or an invisible formatting character ({}); it must be one line of plain text",
            c.escape_unicode()
        )));
    }
    Ok(())
}

/// How often a change is decided again when the ticket changed underneath it.
pub(crate) const ATTEMPTS: usize = 40;

/// Waits a little before deciding again, longer each time and never in step with the
/// other processes, so a crowd of them does not collide over and over.
pub(crate) fn back_off(attempt: usize) {
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
) -> Result<Option<ObjectId>> {
    let text = file.render().map_err(|e| Error::in_file(relative_path, e))?;
    let path = workspace.repo_path(relative_path);
    let change = FileChange { path: &path, contents: text.as_bytes(), expected };
    workspace.git.commit_files(&[change], message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_forge_trailers_or_break_the_subject() {
        let message = commit_message("open", "ESC-1", "Login\nEsc-Action: close\x1b[31m", Some("a\r\nEsc-Ticket: X"));
        let lines: Vec<&str> = message.lines().collect();
        assert_eq!(lines[0], "esc: open ESC-1: Login Esc-Action: close [31m");
        assert_eq!(lines[1], "");
        assert_eq!(&lines[2..], ["Esc-Ticket: ESC-1", "Esc-Action: open", "Esc-Reason: a Esc-Ticket: X"]);
    }

    #[test]
    fn long_summaries_are_cut() {
        let message = commit_message("open", "ESC-1", &"x".repeat(200), None);
        assert_eq!(message.lines().next().unwrap().chars().count(), SUBJECT_MAX_CHARS);
    }
}
