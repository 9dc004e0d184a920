//! `esc log`: a ticket's audit trail, human and `--json`.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::Serialize;

use esc::clock::{Zone, format_timestamp};
use esc::ops::log::LogEntry;
use esc::text::{escape_line, escape_text, plural};
use esc::ticket::FieldValue;

use crate::cli::ui::short_time;
use crate::cli::views::schema::FieldValueShape;

/// `esc log --json`: the ticket's id and its commits, newest first.
#[derive(Serialize, JsonSchema)]
pub struct LogView<'a> {
    pub id: String,
    pub entries: Vec<LogEntryView<'a>>,
}

/// A `esc log` entry as `--json` shows it.
#[derive(Serialize, JsonSchema)]
pub struct LogEntryView<'a> {
    commit: &'a str,
    /// The commit's author time.
    at: String,
    /// The commit's author, `Name <email>`.
    by: &'a str,
    action: &'a str,
    /// Made by esc (its trailers match its change), not by hand with plain git.
    by_esc: bool,
    /// A hand commit's trailers claim this esc action; its change is not that action.
    claimed_action: Option<&'a str>,
    subject: &'a str,
    changes: Vec<ChangeView<'a>>,
    body_changed: bool,
    /// An esc action's reason and message, from the history entry it added.
    reason: Option<&'a str>,
    message: Option<&'a str>,
    history_added: usize,
    history_rewritten: bool,
    other_keys: &'a [String],
    unreadable: bool,
    /// With `--patch`: the unified diff of the ticket file (null without it).
    patch: Option<&'a str>,
}

/// A state field the commit changed.
#[derive(Serialize, JsonSchema)]
struct ChangeView<'a> {
    field: &'a str,
    #[schemars(with = "Option<FieldValueShape>")]
    from: &'a FieldValue,
    #[schemars(with = "Option<FieldValueShape>")]
    to: &'a FieldValue,
}

impl<'a> LogEntryView<'a> {
    pub fn new(entry: &'a LogEntry) -> LogEntryView<'a> {
        LogEntryView {
            commit: &entry.commit,
            at: format_timestamp(&entry.time),
            by: &entry.author,
            action: &entry.action,
            by_esc: entry.by_esc,
            claimed_action: entry.claimed.as_deref(),
            subject: &entry.subject,
            changes: entry
                .changes
                .iter()
                .map(|c| ChangeView { field: c.field.as_str(), from: &c.from, to: &c.to })
                .collect(),
            body_changed: entry.body_changed,
            reason: entry.entry.as_ref().and_then(|e| e.reason.as_deref()),
            message: entry.entry.as_ref().and_then(|e| e.message.as_deref()),
            history_added: entry.history_added,
            history_rewritten: entry.history_rewritten,
            other_keys: &entry.other_keys,
            unreadable: entry.unreadable,
            patch: entry.patch.as_deref(),
        }
    }
}

/// The `esc log` view: one paragraph per commit, newest first, times in `zone`; with
/// `--patch`, each followed by its diff between blank lines, as `git log -p` shows it.
pub fn log_entries(entries: &[LogEntry], zone: &Zone) -> String {
    let mut out = String::new();
    for entry in entries {
        let short = &entry.commit[..entry.commit.len().min(8)];
        let manual = match (&entry.by_esc, &entry.claimed) {
            (true, _) => String::new(),
            (false, None) => "  (plain git)".to_string(),
            (false, Some(claimed)) => {
                format!("  (plain git; its trailers claim esc {}, which is not what it changed)", escape_line(claimed))
            }
        };
        let _ = writeln!(
            out,
            "{short}  {}  {:<10}  {}{manual}",
            short_time(&entry.time, zone),
            escape_line(&entry.action),
            escape_line(&entry.author)
        );
        // esc's subjects repeat the action; a person's says why they made the change.
        if !entry.by_esc {
            let _ = writeln!(out, "    subject: {}", escape_line(&entry.subject));
        }
        for change in &entry.changes {
            let _ = writeln!(
                out,
                "    {}: {} -> {}",
                change.field,
                escape_line(&change.from.to_string()),
                escape_line(&change.to.to_string())
            );
        }
        if let Some(event) = &entry.entry {
            for (name, value) in [("reason", &event.reason), ("message", &event.message)] {
                if let Some(value) = value {
                    let _ = writeln!(out, "    {name}: {}", escape_line(value));
                }
            }
        }
        if !entry.by_esc {
            hand_changes(&mut out, entry);
        }
        if entry.body_changed && entry.action != "open" {
            let _ = writeln!(out, "    body edited");
        }
        if entry.boundary {
            let _ = writeln!(
                out,
                "    (this clone is shallow: earlier history is not here; `git fetch --unshallow` gets it)"
            );
        }
        if let Some(patch) = entry.patch.as_deref().filter(|p| !p.is_empty()) {
            let _ = write!(out, "\n{}\n", escape_text(patch));
        }
    }
    out
}

/// What a commit made by hand did besides the state fields and the body.
fn hand_changes(out: &mut String, entry: &LogEntry) {
    if entry.history_rewritten {
        let _ = writeln!(out, "    history: entries changed or removed");
    } else if entry.history_added > 0 {
        let n = entry.history_added;
        let _ = writeln!(out, "    history: {n} entr{} added", if n == 1 { "y" } else { "ies" });
    }
    if !entry.other_keys.is_empty() {
        let keys: Vec<String> = entry.other_keys.iter().map(|k| escape_line(k)).collect();
        let _ = writeln!(out, "    other key{}: {}", plural(keys.len()), keys.join(", "));
    }
    if entry.unreadable {
        let _ = writeln!(out, "    the file does not read as a ticket here (`esc log --patch` shows the change)");
    }
}
