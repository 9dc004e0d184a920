//! `esc report`: everything the HTML report shows, gathered once. The figures come from
//! [`stats`] (the period and each ISO week) and [`check`] (the queue and what is overdue at
//! the instant), so the report never counts anything `esc stats` or `esc check` would count
//! differently; what is added here are lists: every ticket with its clocks and history, and
//! the open action items of every review.

use std::collections::BTreeMap;

use crate::clock::Timestamp;
use crate::error::{Error, Result};
use crate::ops::check::{CheckFilter, CheckReport, check, check_priority};
use crate::ops::stats::{Stats, StatsRequest, stats};
use crate::repo::{LoadedTicket, Workspace};
use crate::review::ActionStatus;
use crate::sla::{self, Clock};
use crate::stats::Period;
use crate::ticket::{Event, Field, FieldValue, Status};

/// What `esc report` is asked for.
#[derive(Debug, Clone, Copy)]
pub struct ReportRequest {
    /// The instant the report describes: the queue as it stood then, the period's end.
    pub now: Timestamp,
    /// The period's start (inclusive); by default the first ticket's creation.
    pub since: Option<Timestamp>,
    /// The period's end (exclusive); by default, and at the latest, `now`.
    pub until: Option<Timestamp>,
}

/// Everything the report's pages show.
#[derive(Debug)]
pub struct ReportData {
    pub now: Timestamp,
    /// The period and its weeks, as `esc stats --trend week` counts them.
    pub stats: Stats,
    /// The queue at `now`, as `esc check` sees it.
    pub check: CheckReport,
    /// Every ticket that existed at `now`, by id.
    pub tickets: Vec<TicketPage>,
    /// Open action items of every review, by owner (none last), then due time (none last).
    pub action_items: Vec<OpenActionItem>,
    /// The commit HEAD named when the report was made; `None` before the first commit.
    pub commit: Option<String>,
    /// Files left out of the figures or the pages, from both sources and the pages.
    pub unreadable: Vec<Error>,
}

/// One ticket as its page shows it, as known at the report's instant.
#[derive(Debug)]
pub struct TicketPage {
    pub id: String,
    pub title: String,
    pub created: Timestamp,
    /// The ticket file, relative to the esc root.
    pub path: String,
    /// Its state fields at the instant (status, level, team, …).
    pub state: BTreeMap<Field, FieldValue>,
    /// Every clock, as `esc sla` shows them.
    pub clocks: Vec<Clock>,
    /// Its history up to the instant, oldest first.
    pub history: Vec<Event>,
}

/// An action item not yet done.
#[derive(Debug, Clone)]
pub struct OpenActionItem {
    /// The ticket the review is of.
    pub ticket: String,
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub due: Option<Timestamp>,
    pub overdue: bool,
}

/// Gathers the report at `request.now`. Unreadable files do not stop it; they are named in
/// [`ReportData::unreadable`] so the command can fail after writing what it could.
pub fn report(workspace: &Workspace, request: &ReportRequest) -> Result<ReportData> {
    let now = request.now;
    let stats_request = StatsRequest { since: request.since, until: request.until, by: None, weekly: true };
    let mut stats = stats(workspace, &stats_request, now)?;
    let mut check = check(workspace, &CheckFilter::default(), now)?;
    let mut unreadable = std::mem::take(&mut stats.unreadable);
    // Both read every file: a broken one would otherwise be named twice.
    for error in std::mem::take(&mut check.unreadable) {
        if !unreadable.iter().any(|known| known.to_string() == error.to_string()) {
            unreadable.push(error);
        }
    }
    let tickets = ticket_pages(workspace, now, &stats.report.period)?;
    let action_items = open_action_items(workspace, now)?;
    let commit = workspace.git.head_id()?;
    Ok(ReportData { now, stats, check, tickets, action_items, commit, unreadable })
}

/// A page for every readable ticket open at `now` or changed in `period` (years of closed
/// tickets would otherwise make a report of a hundred thousand pages); unreadable ones are
/// already reported by the figures.
fn ticket_pages(workspace: &Workspace, now: Timestamp, period: &Period) -> Result<Vec<TicketPage>> {
    use rayon::prelude::*;
    const BATCH: usize = 4096;
    let config = &workspace.config;
    // A batch at a time on every core, as `esc check` does: the clocks are most of the work.
    let page = |loaded: &LoadedTicket| -> Option<TicketPage> {
        let ticket = &loaded.file.ticket;
        if ticket.created > now || check_priority(config, loaded).is_err() {
            return None;
        }
        let mut history: Vec<Event> = ticket.history.iter().filter(|e| e.at <= now).cloned().collect();
        history.sort_by_key(|e| e.at);
        let state = sla::state_at(ticket, now);
        let open = state
            .get(&Field::Status)
            .and_then(FieldValue::as_text)
            .is_some_and(|s| s.parse::<Status>().is_ok_and(Status::is_open));
        if !open && !history.iter().any(|e| period.contains(e.at)) {
            return None;
        }
        Some(TicketPage {
            id: ticket.id.to_string(),
            title: ticket.title.clone(),
            created: ticket.created,
            path: loaded.relative_path.clone(),
            state,
            clocks: sla::clocks(config, ticket, now),
            history,
        })
    };
    let mut pages = Vec::new();
    let mut batch: Vec<LoadedTicket> = Vec::with_capacity(BATCH);
    let flush = |batch: &mut Vec<LoadedTicket>, pages: &mut Vec<TicketPage>| {
        pages.par_extend(batch.par_iter().filter_map(page));
        batch.clear();
    };
    for loaded in workspace.load_all()?.flatten() {
        batch.push(loaded);
        if batch.len() == BATCH {
            flush(&mut batch, &mut pages);
        }
    }
    flush(&mut batch, &mut pages);
    pages.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(pages)
}

fn open_action_items(workspace: &Workspace, now: Timestamp) -> Result<Vec<OpenActionItem>> {
    let mut items: Vec<OpenActionItem> = workspace
        .load_reviews()?
        .into_iter()
        .flatten()
        .flat_map(|loaded| {
            let review = loaded.file.review;
            let ticket = review.ticket.clone();
            review.action_items.into_iter().filter(|item| item.status == ActionStatus::Open).map(move |item| {
                OpenActionItem {
                    ticket: ticket.clone(),
                    overdue: item.is_overdue(now),
                    id: item.id,
                    title: item.title,
                    owner: item.owner,
                    due: item.due,
                }
            })
        })
        .collect();
    items.sort_by(|a, b| {
        (a.owner.is_none(), &a.owner, a.due.is_none(), a.due, &a.ticket, &a.id).cmp(&(
            b.owner.is_none(),
            &b.owner,
            b.due.is_none(),
            b.due,
            &b.ticket,
            &b.id,
        ))
    });
    Ok(items)
}
