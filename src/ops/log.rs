//! `esc log`: a ticket's audit trail, read from git history.
//!
//! Every commit that touched the ticket's file is listed, including ones made by hand with
//! plain git, with the fields it changed. A commit is esc's action only when its trailers
//! (read as git reads them) name one and its change to the file is what that action
//! writes: the history entry it claims, added to this ticket. Anything else, forged or
//! quoted trailers included, is a hand commit.

use crate::clock::Timestamp;
use crate::error::Result;
use crate::repo::commit_message::{ACTION_TRAILER, TICKET_TRAILER, trailer};
use crate::repo::{LoadedTicket, Workspace};
use crate::ticket::file::TicketFile;
use crate::ticket::{Event, Field, FieldValue, TICKET_KEYS};

/// The action `esc review` records: it adds a follow-up link, or opens the follow-up.
const REVIEW_ACTION: &str = "review";
/// The link a follow-up ticket has to the reviewed one.
const FOLLOW_UP_OF: &str = "follow-up-of";

/// One commit in a ticket's trail.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub commit: String,
    pub time: Timestamp,
    pub author: String,
    /// The `Esc-Action` trailer; `edit` (or `add`/`delete`) for commits made without esc.
    pub action: String,
    pub by_esc: bool,
    /// A hand commit whose trailers claim an esc action its change is not.
    pub claimed: Option<String>,
    /// The commit message's first line, as written (escape it before printing).
    pub subject: String,
    pub changes: Vec<FieldChange>,
    pub body_changed: bool,
    /// The history entry an esc action added (the one of its action), for its reason and
    /// message.
    pub entry: Option<Event>,
    /// History entries the commit added (by hand: an esc action says so by its `entry`).
    pub history_added: usize,
    /// The commit changed or removed history entries that were there before.
    pub history_rewritten: bool,
    /// Top-level keys esc does not own that the commit added, changed or removed.
    pub other_keys: Vec<String>,
    /// The file's text before or after does not read as a ticket, so what changed is told
    /// only by the patch.
    pub unreadable: bool,
    /// The unified diff of the ticket file, as `git log -p -- path` shows it (when asked).
    pub patch: Option<String>,
    /// The oldest commit of a shallow clone: what came before is not in this clone.
    pub boundary: bool,
}

/// A state field that a commit changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: Field,
    pub from: FieldValue,
    pub to: FieldValue,
}

/// The commits that changed the ticket `query` names, newest first; with `patch`, each
/// with the diff of the ticket file it made.
pub fn ticket_log(workspace: &Workspace, query: &str, patch: bool) -> Result<(LoadedTicket, Vec<LogEntry>)> {
    let ticket = workspace.load_by_query(query)?;
    let path = workspace.repo_path(&ticket.relative_path);
    let commits = workspace.git.file_history(&path)?;
    let entries = commits
        .into_iter()
        .map(|c| {
            let text = |bytes: &Option<Vec<u8>>| bytes.as_ref().map(|b| String::from_utf8_lossy(b).into_owned());
            let (before_text, after_text) = (text(&c.before), text(&c.after));
            let parse = |text: &Option<String>| text.as_deref().and_then(|t| TicketFile::parse(t).ok());
            let (before, after) = (parse(&before_text), parse(&after_text));
            let claimed = trailer(&c.message, ACTION_TRAILER);
            let by_esc = claimed.as_deref().is_some_and(|action| {
                let ticket = trailer(&c.message, TICKET_TRAILER);
                is_esc_change(action, ticket.as_deref(), before.as_ref(), after.as_ref(), c.boundary)
            });
            let action = match (by_esc, &c.before, &c.after) {
                (true, _, _) => claimed.clone().unwrap_or_default(),
                (false, None, Some(_)) => "add".to_string(),
                (false, Some(_), None) => "delete".to_string(),
                _ => "edit".to_string(),
            };
            // At a shallow clone's boundary the file's earlier version is unknown.
            let known = !c.boundary;
            let history = |file: &Option<TicketFile>| file.as_ref().map_or(Vec::new(), |f| f.ticket.history.clone());
            let (history_before, history_after) = (history(&before), history(&after));
            let added = added_entries(&history_before, &history_after);
            let entry =
                if by_esc { history_after.iter().rev().find(|e| e.action.as_str() == action).cloned() } else { None };
            LogEntry {
                commit: c.id.to_string(),
                time: c.time,
                author: c.author.to_string(),
                by_esc,
                claimed: if by_esc { None } else { claimed },
                subject: c.message.lines().next().unwrap_or_default().to_string(),
                changes: if known { field_changes(before.as_ref(), after.as_ref()) } else { Vec::new() },
                body_changed: known && before.as_ref().map(TicketFile::body) != after.as_ref().map(TicketFile::body),
                entry,
                history_added: if known { added.as_ref().map_or(0, Vec::len) } else { 0 },
                history_rewritten: known && added.is_none(),
                other_keys: if known { other_keys(before.as_ref(), after.as_ref()) } else { Vec::new() },
                unreadable: (before_text.is_some() && before.is_none() && known)
                    || (after_text.is_some() && after.is_none()),
                patch: patch.then(|| file_patch(&path, before_text.as_deref(), after_text.as_deref(), known)),
                boundary: c.boundary,
                action,
            }
        })
        .collect();
    Ok((ticket, entries))
}

/// The unified diff from `before` to `after` of the file at `path` (relative to the
/// repository, as git names it), with git's headers (`diff --git`, `--- a/path`,
/// `+++ b/path`, `/dev/null` for a side that is not there) and three lines of context.
/// Computed with diffy, which esc already merges text with (gix's blob diff is a feature
/// esc does not build), never by running git. At a shallow clone's boundary the file
/// before is unknown: nothing.
fn file_patch(path: &str, before: Option<&str>, after: Option<&str>, known: bool) -> String {
    if !known {
        return String::new();
    }
    let side = |text: Option<&str>, prefix: &str| match text {
        Some(_) => format!("{prefix}/{path}"),
        None => "/dev/null".to_string(),
    };
    let mut options = diffy::DiffOptions::new();
    options.set_original_filename(side(before, "a")).set_modified_filename(side(after, "b"));
    let patch = options.create_patch(before.unwrap_or_default(), after.unwrap_or_default());
    if patch.hunks().is_empty() {
        return String::new();
    }
    format!("diff --git a/{path} b/{path}\n{}", diffy::PatchFormatter::new().fmt_patch(&patch))
}

/// The top-level keys esc does not own whose text differs between `before` and `after`
/// (added, changed or removed), in the order they come in the file.
fn other_keys(before: Option<&TicketFile>, after: Option<&TicketFile>) -> Vec<String> {
    let block = |file: Option<&TicketFile>, key: &str| {
        file.and_then(|f| f.document().raw_block(key)).map(|(_, text)| text.to_string())
    };
    let keys = |file: Option<&TicketFile>| {
        file.map_or(Vec::new(), |f| f.document().keys().map(str::to_string).collect::<Vec<_>>())
    };
    let mut all = keys(after);
    let gone: Vec<String> = keys(before).into_iter().filter(|k| !all.contains(k)).collect();
    all.extend(gone);
    all.into_iter()
        .filter(|key| !TICKET_KEYS.contains(&key.as_str()))
        .filter(|key| block(before, key) != block(after, key))
        .collect()
}

/// Whether a commit claiming `action` on `ticket` changed the file from `before` to `after`
/// as that action does: one history entry of that action added to this ticket (`esc sweep`
/// adds several automatic ones, one of them the action; `esc import` any number), nothing
/// else in the history touched. A `review` adds a follow-up link without an entry, or opens
/// the follow-up of `ticket`. At a shallow clone's boundary the file before is unknown: the
/// newest entry must be the action.
fn is_esc_change(
    action: &str,
    ticket: Option<&str>,
    before: Option<&TicketFile>,
    after: Option<&TicketFile>,
    boundary: bool,
) -> bool {
    let Some(after) = after else { return false };
    let id = after.ticket.id.to_string();
    let history = &after.ticket.history;
    if action == REVIEW_ACTION {
        return match before {
            _ if boundary => ticket == Some(id.as_str()),
            Some(before) => {
                // Only links change: the state, the history and the body stay.
                let mut linked = before.ticket.clone();
                linked.links.clone_from(&after.ticket.links);
                ticket == Some(id.as_str()) && linked == after.ticket && before.body() == after.body()
            }
            None => {
                history.len() == 1
                    && history[0].action.as_str() == "open"
                    && after.ticket.links.iter().any(|l| l.rel == FOLLOW_UP_OF && Some(l.id.as_str()) == ticket)
            }
        };
    }
    if action == crate::ops::import::IMPORT_ACTION {
        // An import appends what the source recorded, several entries at once; a `--batch`
        // import names no single ticket.
        let before = before.map_or(&[][..], |b| b.ticket.history.as_slice());
        return ticket.is_none_or(|t| t == id)
            && (boundary || added_entries(before, history).is_some_and(|added| !added.is_empty()));
    }
    if ticket != Some(id.as_str()) {
        return false;
    }
    if boundary {
        return history.last().is_some_and(|e| e.action.as_str() == action);
    }
    let before = before.map_or(&[][..], |b| b.ticket.history.as_slice());
    let Some(added) = added_entries(before, history) else { return false };
    match added.as_slice() {
        [] => false,
        [one] => one.action.as_str() == action,
        several => several.iter().all(|e| e.automatic) && several.iter().any(|e| e.action.as_str() == action),
    }
}

/// The entries of `after` that are not in `before`, when `before` is all in `after` in the
/// same order (a rebase or merge may place an entry between older ones); `None` when an
/// entry was removed or changed.
fn added_entries<'a>(before: &[Event], after: &'a [Event]) -> Option<Vec<&'a Event>> {
    let mut kept = before.iter().peekable();
    let mut added = Vec::new();
    for entry in after {
        if kept.peek() == Some(&entry) {
            kept.next();
        } else {
            added.push(entry);
        }
    }
    kept.next().is_none().then_some(added)
}

fn field_changes(before: Option<&TicketFile>, after: Option<&TicketFile>) -> Vec<FieldChange> {
    let value = |file: Option<&TicketFile>, field: Field| file.map_or(FieldValue::Null, |f| f.ticket.field(field));
    Field::ALL
        .iter()
        .filter_map(|&field| {
            let (from, to) = (value(before, field), value(after, field));
            (from != to).then_some(FieldChange { field, from, to })
        })
        .collect()
}
