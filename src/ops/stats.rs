//! `esc stats`: team metrics over a period, from every ticket and review.

use std::collections::HashMap;

use crate::clock::{Timestamp, format_timestamp};
use crate::error::{Error, Result};
use crate::ops::check::check_priority;
use crate::repo::{LoadedTicket, Workspace};
use crate::review::Review;
use crate::stats::{GroupBy, Period, Report, TicketFacts, Week, weekly_trend};

/// What `esc stats` is asked for.
#[derive(Debug, Clone, Default)]
pub struct StatsRequest {
    /// The start (inclusive); by default the first ticket's creation.
    pub since: Option<Timestamp>,
    /// The end (exclusive); by default, and at the latest, now.
    pub until: Option<Timestamp>,
    pub by: Option<GroupBy>,
    /// Also count each ISO week of the period.
    pub weekly: bool,
}

/// The figures of the period, and of each of its weeks when asked.
#[derive(Debug)]
pub struct Stats {
    pub report: Report,
    pub weeks: Vec<Week>,
    /// Ticket and review files left out: they do not parse, or name a priority the policy
    /// lacks. The figures are of the others.
    pub unreadable: Vec<Error>,
}

/// Reads every ticket and review and counts them over the requested period. A ticket or
/// review file that does not parse is left out and named in [`Stats::unreadable`], as in
/// `esc check`: figures that silently skipped tickets could not be trusted.
pub fn stats(workspace: &Workspace, request: &StatsRequest, now: Timestamp) -> Result<Stats> {
    use rayon::prelude::*;
    // The future has no events yet: clocks measured beyond now would run on.
    let until = request.until.map_or(now, |until| until.min(now));
    if let Some(since) = request.since
        && since >= until
    {
        let end = if request.until.is_some_and(|u| u <= now) { "--until" } else { "now" };
        return Err(Error::InvalidInput(format!(
            "the period is empty: --since {} is not before {end} ({})",
            format_timestamp(&since),
            format_timestamp(&until)
        )));
    }
    let config = &workspace.config;
    let mut unreadable = Vec::new();
    let mut review_errors = Vec::new();
    let mut reviews: HashMap<String, Review> = HashMap::new();
    for loaded in workspace.load_reviews()? {
        match loaded {
            Ok(loaded) => {
                let review = loaded.file.review;
                reviews.insert(review.ticket.clone(), review);
            }
            Err(e) => review_errors.push(e),
        }
    }
    // Tickets are measured a batch at a time as they are read, keeping only their facts; the
    // clocks of long-lived tickets on working-hours calendars cost the most: every core.
    const BATCH: usize = 4096;
    let mut facts: Vec<TicketFacts> = Vec::new();
    let mut first_created = None;
    let mut batch: Vec<LoadedTicket> = Vec::with_capacity(BATCH);
    let measure = |batch: &mut Vec<LoadedTicket>, facts: &mut Vec<TicketFacts>| {
        facts.par_extend(batch.par_drain(..).map(|loaded| {
            let ticket = &loaded.file.ticket;
            TicketFacts::new(config, ticket, reviews.get(&ticket.id.to_string()), request.by, until)
        }));
    };
    for loaded in workspace.load_all()? {
        match loaded.and_then(|loaded| check_priority(config, &loaded).map(|()| loaded)) {
            Ok(loaded) if loaded.file.ticket.created < until => {
                let created = loaded.file.ticket.created;
                first_created = Some(first_created.map_or(created, |first: Timestamp| first.min(created)));
                batch.push(loaded);
                if batch.len() == BATCH {
                    measure(&mut batch, &mut facts);
                }
            }
            Ok(_) => {}
            Err(e) => unreadable.push(e),
        }
    }
    measure(&mut batch, &mut facts);
    unreadable.extend(review_errors);
    let period = Period { since: request.since.or(first_created).unwrap_or(until), until };

    let weeks = if request.weekly { weekly_trend(&facts, period) } else { Vec::new() };
    Ok(Stats { report: Report::new(&facts, period, request.by), weeks, unreadable })
}
