//! Text for one line and for a terminal: folding, checking and escaping user text, and
//! durations for people.

use std::fmt::Write as _;

use crate::error::{Error, Result};

/// The name part of an identity: `Ana Lima` from `Ana Lima <ana@example.com>`.
pub fn display_name(identity: &str) -> &str {
    identity.split_once(" <").map_or(identity, |(name, _)| name).trim()
}

/// Characters that must never reach a terminal raw: control characters, and the invisible
/// format characters (bidi overrides, zero-width, line separators) that can disguise text.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
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
/// The plural ending for `n` things: `""` for one, `"s"` otherwise.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A duration for people: `45m`, `3h 20m`, `2d 4h` (days of 24 hours).
pub fn format_duration(duration: chrono::Duration) -> String {
    let minutes = duration.num_minutes().max(0);
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours) {
        (0, 0) => format!("{mins}m"),
        (0, _) if mins == 0 => format!("{hours}h"),
        (0, _) => format!("{hours}h {mins}m"),
        _ if hours == 0 => format!("{days}d"),
        _ => format!("{days}d {hours}h"),
    }
}

/// Working time for people, in hours and minutes (`30h 15m`): a working day is not 24
/// hours, so days would mislead.
pub fn format_working_duration(duration: chrono::Duration) -> String {
    let minutes = duration.num_minutes().max(0);
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    }
}
/// The candidate closest to `typed`, when one is close enough to be what was meant (for a
/// "did you mean …?"): case is ignored, and a typo or two in a short word still matches.
pub fn closest<'a>(typed: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let typed = typed.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(&typed, &candidate.to_lowercase()), candidate))
        // Edits (a swap of two letters is one) up to a third of the word, one at least.
        .filter(|(edits, candidate)| *edits <= (candidate.chars().count() / 3).max(1))
        .min_by_key(|(edits, _)| *edits)
        .map(|(_, candidate)| candidate)
}

/// Makes one-line text safe for a terminal: control characters become visible escapes.
pub fn escape_line(text: &str) -> String {
    escape(text, false)
}

/// Like [`escape_line`] but keeps line breaks and tabs (for bodies).
pub fn escape_text(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, keep_lines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' if keep_lines => out.push(c),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(escape_line("a\x1b[31mb\nc"), "a\\u{1b}[31mb\\nc");
        assert_eq!(escape_text("a\nb\x07"), "a\nb\\u{7}");
    }

    #[test]
    fn the_closest_name_is_a_typo_away() {
        assert_eq!(closest("outgae", ["outage", "scope"]), Some("outage"));
        assert_eq!(closest("YSE", ["no", "yes"]), Some("yes"));
        assert_eq!(closest("maybe", ["no", "yes"]), None);
        assert_eq!(closest("sope", ["outage", "scope", "workaround"]), Some("scope"));
    }
}
