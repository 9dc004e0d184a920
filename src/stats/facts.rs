//! What one ticket's history says, read once: the events `esc stats` counts and the SLA
//! clocks it measures. Computing the clocks is the costly part, so it happens here, once
//! per ticket, and every window (the period, each week of a trend) only counts.

use std::borrow::Cow;

use chrono::Duration;

use crate::clock::Timestamp;
use crate::policy::Config;
use crate::review::rules::required_because;
use crate::review::{ActionStatus, Review, ReviewStatus};
use crate::sla::{self, Clock, ClockKind, ClockState};
use crate::ticket::{Action, CSAT_RANGE, Event, Field, FieldValue, Status, Ticket};

use super::{GroupBy, Place};

/// The reason automatic escalations (`esc sweep`) count under.
pub const SLA_REASON: &str = "sla";
/// The reason free-text escalation reasons count under.
pub const OTHER_REASON: &str = "other";

/// One ticket's history as `esc stats` needs it, as known at the end of the period: events
/// at or after that instant are left out.
#[derive(Debug, Clone)]
pub struct TicketFacts {
    pub(super) created: Timestamp,
    /// The value of the `--by` field at the end of the period, `-` for none.
    pub(super) group: String,
    /// Stretches in an open status: from opening (or reopening) to the resolve, if any.
    pub(super) open_spans: Vec<(Timestamp, Option<Timestamp>)>,
    /// Every resolve: a move from an open status to `resolved` or `closed`.
    pub(super) resolves: Vec<Timestamp>,
    /// Every reopen: a move from `resolved` or `closed` back to an open status.
    pub(super) reopens: Vec<Timestamp>,
    /// Every close: a move to `closed` (`esc confirm`).
    pub(super) closes: Vec<Timestamp>,
    /// Every satisfaction rating from 1 to 5, oldest first; others (a hand edit) are left out.
    pub(super) ratings: Vec<(Timestamp, u8)>,
    /// Where the ticket stood if it was open at the end of the period.
    pub(super) open_at_end: Option<Place>,
    /// Whether the level at the first resolve was the policy's first level.
    pub(super) first_resolve_at_first_level: bool,
    /// Escalations that moved the level, the team or the vendor.
    pub(super) escalations: Vec<Escalation>,
    /// Hierarchical escalations: management alerted, nothing moved.
    pub(super) hierarchical: Vec<Timestamp>,
    pub(super) clocks: Vec<ClockFact>,
    /// `None` until the ticket was resolved.
    pub(super) review: Option<ReviewFacts>,
}

/// One escalation: when, why (a configured reason, `sla` or `other`) and where it went
/// (`L1→L2`, `L1→team:database`, `L2→vendor:payments`).
#[derive(Debug, Clone)]
pub(super) struct Escalation {
    pub at: Timestamp,
    pub reason: String,
    pub path: String,
}

/// One measured clock, without the strings a [`Clock`] carries (100,000 tickets add up).
#[derive(Debug, Clone, Copy)]
pub(super) struct ClockFact {
    pub kind: ClockKind,
    pub started: Timestamp,
    pub stopped: Option<Timestamp>,
    /// Working time: inside the calendar and not paused.
    pub counted: Duration,
    pub state: ClockState,
}

impl From<Clock> for ClockFact {
    fn from(clock: Clock) -> ClockFact {
        ClockFact {
            kind: clock.kind,
            started: clock.started,
            stopped: clock.stopped,
            counted: clock.counted,
            state: clock.state,
        }
    }
}

/// A resolved ticket's review, as it stood at the end of the period.
#[derive(Debug, Clone, Copy)]
pub(super) struct ReviewFacts {
    /// `None` when the policy does not require a review.
    pub required: Option<RequiredReview>,
    pub action_items_open: usize,
    pub action_items_overdue: usize,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct RequiredReview {
    pub outcome: ReviewOutcome,
    /// Not published and past its due time.
    pub overdue: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ReviewOutcome {
    OnTime,
    Late,
    Draft,
    Missing,
}

impl TicketFacts {
    /// Reads `ticket` (and its review, if any) as known at `end`.
    pub fn new(
        config: &Config,
        ticket: &Ticket,
        review: Option<&Review>,
        by: Option<GroupBy>,
        end: Timestamp,
    ) -> TicketFacts {
        let ticket = known_before(ticket, end);
        let state = sla::state_at(&ticket, end);
        let group = by.and_then(|by| text(state.get(&by.field()))).unwrap_or("-").to_string();
        let mut facts = TicketFacts {
            created: ticket.created,
            group,
            open_spans: Vec::new(),
            resolves: Vec::new(),
            reopens: Vec::new(),
            closes: Vec::new(),
            ratings: Vec::new(),
            open_at_end: None,
            first_resolve_at_first_level: false,
            escalations: Vec::new(),
            hierarchical: Vec::new(),
            clocks: sla::all_clocks(config, &ticket, end).into_iter().map(ClockFact::from).collect(),
            review: None,
        };
        facts.read_history(config, &ticket.history);
        if facts.open_before(end) {
            let value = |field| text(state.get(&field)).unwrap_or("-").to_string();
            facts.open_at_end =
                Some(Place { level: value(Field::Level), team: value(Field::Team), priority: value(Field::Priority) });
        }
        facts.review = facts.review_facts(config, text(state.get(&Field::Severity)), review, end);
        facts
    }

    fn read_history(&mut self, config: &Config, history: &[Event]) {
        let mut events: Vec<&Event> = history.iter().collect();
        events.sort_by_key(|e| e.at); // stable: same-second events keep their order
        let first_level = &config.first_level().name;
        let (mut level, mut open, mut closed) = ("-".to_string(), false, false);
        for event in events {
            if event.action.is(Action::Escalate) {
                if event.hierarchical {
                    self.hierarchical.push(event.at);
                } else if let Some(path) = escalation_path(&level, event) {
                    self.escalations.push(Escalation { at: event.at, reason: reason_key(config, event), path });
                }
            }
            if let Some(to) = event.text(Field::Level) {
                level = to.to_string();
            }
            if let Some(score) = event.csat.filter(|score| CSAT_RANGE.contains(score)) {
                self.ratings.push((event.at, score));
            }
            let Some(status) = event.text(Field::Status) else { continue };
            if status == Status::Closed.as_str() && !closed {
                self.closes.push(event.at);
            }
            closed = status == Status::Closed.as_str();
            let now_open = status.parse::<Status>().is_ok_and(Status::is_open);
            match (open, now_open) {
                (false, true) => {
                    if !self.open_spans.is_empty() {
                        self.reopens.push(event.at);
                    }
                    self.open_spans.push((event.at, None));
                }
                (true, false) => {
                    if self.resolves.is_empty() {
                        self.first_resolve_at_first_level = level == *first_level;
                    }
                    self.resolves.push(event.at);
                    if let Some(span) = self.open_spans.last_mut() {
                        span.1 = Some(event.at);
                    }
                }
                _ => {}
            }
            open = now_open;
        }
    }

    /// What the review policy asks of this ticket and how its review stood at `end`.
    fn review_facts(
        &self,
        config: &Config,
        severity: Option<&str>,
        review: Option<&Review>,
        end: Timestamp,
    ) -> Option<ReviewFacts> {
        let last_resolve = *self.resolves.last()?;
        // A review written after the end of the period did not exist yet.
        let review = review.filter(|r| r.created < end);
        let (mut action_items_open, mut action_items_overdue) = (0, 0);
        for item in review.iter().flat_map(|r| &r.action_items) {
            if item.status == ActionStatus::Open || item.done.is_some_and(|done| done >= end) {
                action_items_open += 1;
                action_items_overdue += usize::from(item.due.is_some_and(|due| due < end));
            }
        }
        // As in `esc check`: a cycle that missed its target, or a live one already past it.
        let missed_resolve = || {
            self.clocks
                .iter()
                .any(|c| c.kind == ClockKind::Resolve && matches!(c.state, ClockState::Missed | ClockState::Breached))
        };
        let required = required_because(config, severity, missed_resolve).map(|_| {
            let due = review.and_then(|r| r.due).or_else(|| config.review_due_after(last_resolve));
            let published = review
                .filter(|r| r.status == ReviewStatus::Published)
                .map(|r| r.published)
                .filter(|at| at.is_none_or(|at| at < end));
            let outcome = match (review, published) {
                (None, _) => ReviewOutcome::Missing,
                (Some(_), None) => ReviewOutcome::Draft,
                // Published without a time: nothing says it was late.
                (Some(_), Some(at)) if at.zip(due).is_some_and(|(at, due)| at > due) => ReviewOutcome::Late,
                (Some(_), Some(_)) => ReviewOutcome::OnTime,
            };
            let unpublished = matches!(outcome, ReviewOutcome::Missing | ReviewOutcome::Draft);
            RequiredReview { outcome, overdue: unpublished && due.is_some_and(|due| due < end) }
        });
        Some(ReviewFacts { required, action_items_open, action_items_overdue })
    }

    /// The rating that counts for a ticket closed in `window`: the latest one given at or
    /// after its last close there (a rating from before a reopen is of an earlier cycle).
    pub(super) fn rating_for_close_in(&self, window: &super::Period) -> Option<Option<u8>> {
        let close = self.closes.iter().rev().find(|at| window.contains(**at))?;
        Some(self.ratings.iter().rev().find(|(at, _)| at >= close).map(|(_, score)| *score))
    }

    /// Whether the ticket was in an open status just before `instant`.
    pub(super) fn open_before(&self, instant: Timestamp) -> bool {
        self.open_spans.iter().any(|(from, until)| *from < instant && until.is_none_or(|until| until >= instant))
    }
}

/// The ticket with only the events before `end`: an event at `end` belongs to the next period.
fn known_before(ticket: &Ticket, end: Timestamp) -> Cow<'_, Ticket> {
    if ticket.history.iter().all(|e| e.at < end) {
        return Cow::Borrowed(ticket);
    }
    let mut known = ticket.clone();
    known.history.retain(|e| e.at < end);
    Cow::Owned(known)
}

fn text(value: Option<&FieldValue>) -> Option<&str> {
    match value {
        Some(FieldValue::Text(text)) => Some(text),
        _ => None,
    }
}

/// `L1→L2`, `L2→vendor:payments` or `L1→team:database`; `None` when the event moved
/// nothing.
fn escalation_path(from_level: &str, event: &Event) -> Option<String> {
    if let Some(level) = event.text(Field::Level) {
        return Some(format!("{from_level}→{level}"));
    }
    if let Some(vendor) = event.text(Field::Vendor) {
        return Some(format!("{from_level}→vendor:{vendor}"));
    }
    event.text(Field::Team).map(|team| format!("{from_level}→team:{team}"))
}

/// The reason an escalation counts under: one of the policy's `escalation_reasons`, `sla`
/// for `esc sweep`'s, `other` for free text.
fn reason_key(config: &Config, event: &Event) -> String {
    if event.automatic {
        return SLA_REASON.to_string();
    }
    match event.reason.as_deref() {
        Some(reason) if config.escalation_reasons.contains_key(reason) => reason.to_string(),
        _ => OTHER_REASON.to_string(),
    }
}
