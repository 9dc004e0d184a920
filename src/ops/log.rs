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
use crate::ticket::{Event, Field, FieldValue};

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
    pub subject: String,
    pub changes: Vec<FieldChange>,
    pub body_changed: bool,
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

/// The commits that changed the ticket `query` names, newest first.
pub fn ticket_log(workspace: &Workspace, query: &str) -> Result<(LoadedTicket, Vec<LogEntry>)> {
    let ticket = workspace.load_by_query(query)?;
    let path = workspace.repo_path(&ticket.relative_path);
    let commits = workspace.git.file_history(&path)?;
    let entries = commits
        .into_iter()
        .map(|c| {
            let parse = |bytes: &Option<Vec<u8>>| {
                bytes.as_ref().and_then(|b| TicketFile::parse(&String::from_utf8_lossy(b)).ok())
            };
            let (before, after) = (parse(&c.before), parse(&c.after));
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
            LogEntry {
                commit: c.id.to_string(),
                time: c.time,
                author: c.author.to_string(),
                by_esc,
                claimed: if by_esc { None } else { claimed },
                action,
                subject: c.message.lines().next().unwrap_or_default().to_string(),
                // At a shallow clone's boundary the file's earlier version is unknown.
                changes: if c.boundary { Vec::new() } else { field_changes(before.as_ref(), after.as_ref()) },
                body_changed: !c.boundary
                    && before.as_ref().map(TicketFile::body) != after.as_ref().map(TicketFile::body),
                boundary: c.boundary,
            }
        })
        .collect();
    Ok((ticket, entries))
}

/// Whether a commit claiming `action` on `ticket` changed the file from `before` to `after`
/// as that action does: one history entry of that action added to this ticket (`esc sweep`
/// adds several automatic ones, one of them the action), nothing else in the history
/// touched. A `review` adds a follow-up link without an entry, or opens the follow-up of
/// `ticket`. At a shallow clone's boundary the file before is unknown: the newest entry
/// must be the action.
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
