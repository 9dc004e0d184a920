//! `esc show` and `esc list`: read tickets, filter and sort them.

use crate::error::{Error, Result};
use crate::repo::{LoadedTicket, Workspace};
use crate::ticket::Status;

/// Which tickets `esc list` shows. Empty lists match everything.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ListFilter {
    pub statuses: Vec<Status>,
    pub severities: Vec<String>,
    pub priorities: Vec<String>,
    pub levels: Vec<String>,
    pub assignees: Vec<String>,
    pub labels: Vec<String>,
    pub kinds: Vec<String>,
    /// Include resolved and closed tickets.
    pub all: bool,
}

/// The matching tickets, most urgent first, and the files that could not be read.
#[derive(Debug)]
pub struct ListOutcome {
    pub tickets: Vec<LoadedTicket>,
    pub unreadable: Vec<Error>,
}

/// Whether `value` is one of `wanted` (case-insensitive); an empty list accepts anything.
pub(crate) fn matches(wanted: &[String], value: Option<&str>) -> bool {
    wanted.is_empty() || value.is_some_and(|v| wanted.iter().any(|w| w.eq_ignore_ascii_case(v)))
}

impl ListFilter {
    pub fn accepts(&self, loaded: &LoadedTicket) -> bool {
        let t = &loaded.file.ticket;
        // An explicit status filter overrides the open-only default.
        (self.all || !self.statuses.is_empty() || t.status.is_open())
            && (self.statuses.is_empty() || self.statuses.contains(&t.status))
            && matches(&self.severities, t.severity.as_deref())
            && matches(&self.priorities, t.priority.as_deref())
            && matches(&self.levels, Some(&t.level))
            && matches(&self.assignees, t.assignee.as_deref())
            && matches(&self.kinds, t.kind.as_deref())
            && self.labels.iter().all(|l| t.labels.iter().any(|tl| tl.eq_ignore_ascii_case(l)))
    }
}

/// Lists tickets: priority first, then severity, then the oldest.
pub fn list(workspace: &Workspace, filter: &ListFilter) -> Result<ListOutcome> {
    let mut tickets = Vec::new();
    let mut unreadable = Vec::new();
    for loaded in workspace.load_all()? {
        match loaded {
            Ok(t) if filter.accepts(&t) => tickets.push(t),
            Ok(_) => {}
            Err(e) => unreadable.push(e),
        }
    }
    // The ranks are worked out once per ticket, not once per comparison.
    tickets.sort_by_cached_key(|t| {
        let t = &t.file.ticket;
        (t.priority_rank(), t.severity_rank(), t.created, t.id.clone())
    });
    Ok(ListOutcome { tickets, unreadable })
}

/// Loads one ticket by id or unique prefix.
pub fn show(workspace: &Workspace, query: &str) -> Result<LoadedTicket> {
    workspace.load_by_query(query)
}
