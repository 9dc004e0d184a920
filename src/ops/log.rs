//! `esc log`: a ticket's audit trail, read from git history.
//!
//! Every commit that touched the ticket's file is listed, including ones made by hand with
//! plain git, with the fields it changed.

use crate::clock::Timestamp;
use crate::error::Result;
use crate::repo::commit_message::{ACTION_TRAILER, trailer};
use crate::repo::{LoadedTicket, Workspace};
use crate::ticket::file::TicketFile;
use crate::ticket::{Field, FieldValue};

/// One commit in a ticket's trail.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub commit: String,
    pub time: Timestamp,
    pub author: String,
    /// The `Esc-Action` trailer; `edit` (or `add`/`delete`) for commits made without esc.
    pub action: String,
    pub by_esc: bool,
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
            let trailer = trailer(&c.message, ACTION_TRAILER);
            let action = match (&trailer, &c.before, &c.after) {
                (Some(action), _, _) => action.clone(),
                (None, None, Some(_)) => "add".to_string(),
                (None, Some(_), None) => "delete".to_string(),
                _ => "edit".to_string(),
            };
            LogEntry {
                commit: c.id.to_string(),
                time: c.time,
                author: c.author.to_string(),
                by_esc: trailer.is_some(),
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
