//! The commit messages esc writes and reads back: `esc: <action> <ID>: <summary>`, a blank
//! line, then trailers scripts can read (`Esc-Ticket`, `Esc-Action`, `Esc-Reason`).
//!
//! User text goes through [`one_line`], so it can neither break the subject nor forge a
//! trailer.

use crate::text::one_line;

/// Longest commit subject esc writes; longer summaries are cut with an ellipsis.
const SUBJECT_MAX_CHARS: usize = 72;

/// The trailer naming the ticket a commit changed.
pub const TICKET_TRAILER: &str = "Esc-Ticket";
/// The trailer naming the action a commit recorded.
pub const ACTION_TRAILER: &str = "Esc-Action";
/// The trailer carrying the reason given for the action.
pub const REASON_TRAILER: &str = "Esc-Reason";

/// The message of an action on one ticket.
pub fn commit_message(action: &str, id: &str, summary: &str, reason: Option<&str>) -> String {
    let head = format!("esc: {action} {id}: ");
    let mut message = format!("{head}{}\n\n{TICKET_TRAILER}: {id}\n{ACTION_TRAILER}: {action}\n", fit(&head, summary));
    if let Some(reason) = reason {
        message.push_str(&format!("{REASON_TRAILER}: {}\n", one_line(reason)));
    }
    message
}

/// The message of an action on the repository itself (`esc init`), which names no ticket.
pub fn repository_message(action: &str, summary: &str) -> String {
    let head = format!("esc: {action}: ");
    format!("{head}{}\n\n{ACTION_TRAILER}: {action}\n", fit(&head, summary))
}

/// `summary` on one line, cut so that `head` and it fit in a subject.
fn fit(head: &str, summary: &str) -> String {
    let summary = one_line(summary);
    let room = SUBJECT_MAX_CHARS.saturating_sub(head.chars().count()).max(10);
    if summary.chars().count() > room {
        format!("{}…", summary.chars().take(room - 1).collect::<String>().trim_end())
    } else {
        summary
    }
}

/// The value of a `Key: value` trailer in a commit message (the last paragraph only, so a
/// subject cannot fake one).
pub fn trailer(message: &str, key: &str) -> Option<String> {
    let (_, trailers) = message.split_once("\n\n")?;
    trailers.lines().rev().find_map(|line| {
        let (k, v) = line.split_once(':')?;
        (k.trim() == key).then(|| v.trim().to_string())
    })
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

    #[test]
    fn the_init_message_has_the_action_trailer() {
        let message = repository_message("init", "ticket repository with the default policy");
        assert_eq!(message, "esc: init: ticket repository with the default policy\n\nEsc-Action: init\n");
    }

    #[test]
    fn trailers_are_read_from_the_last_paragraph_only() {
        let message = "esc: open ESC-1: Esc-Action: fake\n\nEsc-Ticket: ESC-1\nEsc-Action: open\n";
        assert_eq!(trailer(message, "Esc-Action").as_deref(), Some("open"));
        assert_eq!(trailer("fix typo\n", "Esc-Action"), None);
    }
}
