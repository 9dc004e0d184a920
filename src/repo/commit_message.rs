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

/// The trailer naming the permission rules an action overrode, and why.
pub const OVERRIDE_TRAILER: &str = "Esc-Override";

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

/// The value of a `Key: value` trailer in a commit message, read as git reads trailers
/// ([`trailers`]); the key is matched without regard to case, the last one wins.
pub fn trailer(message: &str, key: &str) -> Option<String> {
    trailers(message).into_iter().rev().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v)
}

/// Lines git itself writes into a trailer block, which let other lines stand in it.
const GIT_GENERATED_PREFIXES: &[&str] = &["Signed-off-by: ", "(cherry picked from commit "];

/// The trailers of a commit message as `git interpret-trailers --parse` gives them: from
/// git's trailer block only, keys and values trimmed, continuation lines unfolded.
///
/// The block is the last paragraph after the title (the first paragraph never is one),
/// ignoring trailing blank and `#` comment lines and anything from a `---` line on (a
/// patch). It counts when every line of it is a `Key: value` trailer or a continuation line
/// (starting with whitespace) of one; or, as git allows, when it holds a line git writes
/// (`Signed-off-by: `, `(cherry picked from commit `) and at least a quarter of its lines
/// are trailers. Trailer keys configured in git (`trailer.<name>.key`) are not consulted.
/// Quoted trailers in the middle of a body (a squash merge message) are not trailers.
pub fn trailers(message: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = message.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let blank = |l: &str| l.trim().is_empty();
    let comment = |l: &str| l.starts_with('#');
    // The title: up to the first blank line (comments skipped).
    let title_end = lines.iter().position(|l| !comment(l) && blank(l)).unwrap_or(lines.len());
    // The end of the message: before a patch divider, then trailing blanks and comments.
    let divider = lines
        .iter()
        .enumerate()
        .skip(title_end)
        .position(|(_, l)| {
            l.strip_prefix("---").is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
        })
        .map_or(lines.len(), |p| p + title_end);
    let mut end = divider;
    while end > title_end && (blank(lines[end - 1]) || comment(lines[end - 1])) {
        end -= 1;
    }
    // Walk back from the end to the blank line that opens the block.
    let (mut trailer_lines, mut non_trailer_lines, mut continuation_lines) = (0usize, 0usize, 0usize);
    let mut recognized = false;
    let mut start = None;
    for i in (title_end..end).rev() {
        let line = lines[i];
        if comment(line) {
            non_trailer_lines += continuation_lines;
            continuation_lines = 0;
            continue;
        }
        if blank(line) {
            non_trailer_lines += continuation_lines;
            if (recognized && trailer_lines * 3 >= non_trailer_lines) || (trailer_lines > 0 && non_trailer_lines == 0) {
                start = Some(i + 1);
            }
            break;
        }
        if GIT_GENERATED_PREFIXES.iter().any(|p| line.starts_with(p)) {
            trailer_lines += 1;
            continuation_lines = 0;
            recognized = true;
        } else if separator(line).is_some_and(|at| at >= 1) && !line.starts_with(char::is_whitespace) {
            trailer_lines += 1;
            continuation_lines = 0;
        } else if line.starts_with(char::is_whitespace) {
            continuation_lines += 1;
        } else {
            non_trailer_lines += 1 + continuation_lines;
            continuation_lines = 0;
        }
    }
    let Some(start) = start else { return Vec::new() };
    let mut found: Vec<(String, String)> = Vec::new();
    let mut last_was_trailer = false;
    for line in &lines[start..end] {
        if comment(line) {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            if last_was_trailer && let Some((_, value)) = found.last_mut() {
                let more = line.trim();
                if !more.is_empty() {
                    if !value.is_empty() {
                        value.push(' ');
                    }
                    value.push_str(more);
                }
            }
            continue;
        }
        last_was_trailer = false;
        if let Some(at) = separator(line).filter(|at| *at >= 1) {
            found.push((line[..at].trim().to_string(), line[at + 1..].trim().to_string()));
            last_was_trailer = true;
        }
    }
    found
}

/// Where a trailer line's `:` is: after a key of letters, digits and `-`, maybe followed by
/// spaces (git's `find_separator`).
fn separator(line: &str) -> Option<usize> {
    let mut whitespace_found = false;
    for (i, c) in line.char_indices() {
        if c == ':' {
            return Some(i);
        }
        if !whitespace_found && (c.is_ascii_alphanumeric() || c == '-') {
            continue;
        }
        if i != 0 && (c == ' ' || c == '\t') {
            whitespace_found = true;
            continue;
        }
        return None;
    }
    None
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

    #[test]
    fn trailers_quoted_in_a_body_are_not_trailers() {
        let squash =
            "Squash of two commits\n\n* esc: close ESC-1\n\nEsc-Ticket: ESC-1\nEsc-Action: close\n\nfixed by hand\n";
        assert_eq!(trailers(squash), Vec::<(String, String)>::new());
        let mixed = "subject\n\nbody\nEsc-Ticket: ESC-1\nEsc-Action: close\n";
        assert_eq!(trailer(mixed, "Esc-Action"), None, "a paragraph with a non-trailer line is not a block");
        let folded = "subject\n\nEsc-Reason: a long\n  reason\nesc-action: close\n# comment\n\n";
        assert_eq!(trailer(folded, "Esc-Reason").as_deref(), Some("a long reason"));
        assert_eq!(trailer(folded, "Esc-Action").as_deref(), Some("close"));
        assert_eq!(trailers("Esc-Action: close\n"), Vec::<(String, String)>::new(), "the title is never a block");
        let signed = "subject\n\nsome words\nSigned-off-by: A <a@x>\n";
        assert_eq!(trailers(signed), vec![("Signed-off-by".to_string(), "A <a@x>".to_string())]);
    }
}
