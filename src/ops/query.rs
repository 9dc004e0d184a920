//! `esc show` and `esc list`: read tickets, filter and sort them.

use crate::clock::Timestamp;
use crate::error::{Error, Result};
use crate::policy::Config;
use crate::repo::{LoadedTicket, Workspace};
use crate::ticket::{Status, Ticket};

/// Which tickets `esc list` shows. Empty lists match everything.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ListFilter {
    pub statuses: Vec<Status>,
    pub severities: Vec<String>,
    pub priorities: Vec<String>,
    pub levels: Vec<String>,
    /// Names, emails or parts of them (see [`assignee_matches`]).
    pub assignees: Vec<String>,
    pub labels: Vec<String>,
    pub kinds: Vec<String>,
    pub categories: Vec<String>,
    pub teams: Vec<String>,
    pub customers: Vec<String>,
    /// Include resolved and closed tickets.
    pub all: bool,
}

/// The order of `esc list`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum ListOrder {
    /// Priority, then severity, then the oldest.
    #[default]
    Priority,
    /// The nearest SLA due time first (overdue ones first of all); none last.
    Due,
    /// The oldest first.
    Age,
    /// The most recently changed first.
    Updated,
}

/// What `esc list` is asked for besides the filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListRequest {
    pub order: ListOrder,
    /// At most this many tickets, after sorting.
    pub limit: Option<usize>,
    /// Work out each ticket's nearest due time at this instant (costs the SLA arithmetic;
    /// [`ListOrder::Due`] needs it).
    pub due_at: Option<Timestamp>,
}

/// The matching tickets in order, with their nearest due times when asked (same order,
/// same length), and the files that could not be read.
#[derive(Debug)]
pub struct ListOutcome {
    pub tickets: Vec<LoadedTicket>,
    pub dues: Vec<Option<Timestamp>>,
    /// How many matched before `limit` cut the list.
    pub matched: usize,
    pub unreadable: Vec<Error>,
}

/// Whether `value` is one of `wanted` (case-insensitive); an empty list accepts anything.
pub(crate) fn matches(wanted: &[String], value: Option<&str>) -> bool {
    wanted.is_empty() || value.is_some_and(|v| wanted.iter().any(|w| w.eq_ignore_ascii_case(v)))
}

/// Whether `assignee` (`Name <email>`) is who `wanted` names, ignoring case: the whole
/// text, the name, one word of it, the email or its part before `@`. `ana` finds
/// `Ana Lima <ana@example.com>` but not `Dana Kovac <dana@example.com>`.
pub fn assignee_matches(wanted: &str, assignee: &str) -> bool {
    let wanted = wanted.trim().trim_start_matches('<').trim_end_matches('>');
    let (name, email) = match assignee.split_once('<') {
        Some((name, email)) => (name.trim(), email.trim_end_matches('>').trim()),
        None => (assignee.trim(), ""),
    };
    let local = email.split('@').next().unwrap_or("");
    [assignee.trim(), name, email, local]
        .into_iter()
        .chain(name.split_whitespace())
        .any(|part| !part.is_empty() && part.eq_ignore_ascii_case(wanted))
}

impl ListFilter {
    pub fn accepts(&self, loaded: &LoadedTicket) -> bool {
        let t = &loaded.file.ticket;
        let assignee = t.assignee.as_deref();
        // An explicit status filter overrides the open-only default.
        (self.all || !self.statuses.is_empty() || t.status.is_open())
            && (self.statuses.is_empty() || self.statuses.contains(&t.status))
            && matches(&self.severities, t.severity.as_deref())
            && matches(&self.priorities, t.priority.as_deref())
            && matches(&self.levels, Some(&t.level))
            && (self.assignees.is_empty()
                || assignee.is_some_and(|a| self.assignees.iter().any(|w| assignee_matches(w, a))))
            && matches(&self.kinds, t.kind.as_deref())
            && matches(&self.categories, t.category.as_deref())
            && matches(&self.teams, t.team.as_deref())
            && matches(&self.customers, t.customer.as_deref())
            && self.labels.iter().all(|l| t.labels.iter().any(|tl| tl.eq_ignore_ascii_case(l)))
    }
}

/// The nearest due time of the clocks still running on `ticket` at `now`.
pub fn nearest_due(config: &Config, ticket: &Ticket, now: Timestamp) -> Option<Timestamp> {
    // Resolving stops every clock: a ticket resolved or closed by `now` has nothing due.
    if !ticket.status.is_open() && ticket.history.last().is_none_or(|last| last.at <= now) {
        return None;
    }
    crate::sla::clocks(config, ticket, now).iter().filter(|c| c.is_live()).filter_map(|c| c.due).min()
}

/// Lists tickets in the order asked for.
pub fn list(workspace: &Workspace, filter: &ListFilter, request: &ListRequest) -> Result<ListOutcome> {
    use rayon::prelude::*;
    let mut tickets = Vec::new();
    let mut unreadable = Vec::new();
    for loaded in workspace.load_all()? {
        match loaded {
            Ok(t) if filter.accepts(&t) => tickets.push(t),
            Ok(_) => {}
            Err(e) => unreadable.push(e),
        }
    }
    let config = &workspace.config;
    let mut listed: Vec<(LoadedTicket, Option<Timestamp>)> = match request.due_at {
        Some(now) => tickets
            .into_par_iter()
            .map(|t| {
                let due = nearest_due(config, &t.file.ticket, now);
                (t, due)
            })
            .collect(),
        None => tickets.into_iter().map(|t| (t, None)).collect(),
    };
    // The keys are worked out once per ticket, not once per comparison; ties go by
    // priority, then severity, then age, then id, so every order is stable.
    listed.sort_by_cached_key(|(t, due)| {
        let t = &t.file.ticket;
        let urgency = (t.priority_rank(), t.severity_rank(), t.created, t.id.clone());
        let updated = std::cmp::Reverse(t.history.iter().map(|e| e.at).max().unwrap_or(t.created));
        match request.order {
            ListOrder::Priority => (None, None, None, urgency),
            ListOrder::Due => (Some((due.is_none(), *due)), None, None, urgency),
            ListOrder::Age => (None, Some(t.created), None, urgency),
            ListOrder::Updated => (None, None, Some(updated), urgency),
        }
    });
    let matched = listed.len();
    listed.truncate(request.limit.unwrap_or(usize::MAX));
    let (tickets, dues) = listed.into_iter().unzip();
    Ok(ListOutcome { tickets, dues, matched, unreadable })
}

/// Loads one ticket by id or unique prefix.
pub fn show(workspace: &Workspace, query: &str) -> Result<LoadedTicket> {
    workspace.load_by_query(query)
}
