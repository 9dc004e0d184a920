//! `esc sweep --json`: what was (or would be) escalated and recorded, and what failed.
//!
//! Keys are in alphabetical order, as this output has always printed them.

use std::collections::BTreeMap;

use serde::Serialize;

use esc::clock::{Timestamp, format_timestamp};
use esc::ops::sweep::{SweepFailure, SweepOutcome, SweepPlan};
use esc::ticket::{ClockKind, Event, FieldValue};

#[derive(Serialize)]
pub struct SweepView<'a> {
    dry_run: bool,
    failed: Vec<FailureView<'a>>,
    now: String,
    swept: Vec<PlanView<'a>>,
}

#[derive(Serialize)]
struct PlanView<'a> {
    escalated: Option<MoveView<'a>>,
    events: Vec<SweptEventView<'a>>,
    id: &'a str,
    path: &'a str,
    summary: &'a str,
}

#[derive(Serialize)]
struct MoveView<'a> {
    from: &'a str,
    to: &'a str,
}

/// A history entry the sweep records, with every key it has.
#[derive(Serialize)]
struct SweptEventView<'a> {
    action: &'a str,
    at: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    automatic: bool,
    by: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    clock: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    hierarchical: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    set: &'a BTreeMap<String, FieldValue>,
}

#[derive(Serialize)]
struct FailureView<'a> {
    error: String,
    id: &'a str,
}

impl<'a> SweepView<'a> {
    pub fn new(outcome: &'a SweepOutcome, now: Timestamp, dry_run: bool) -> SweepView<'a> {
        SweepView {
            now: format_timestamp(&now),
            dry_run,
            swept: outcome.done.iter().map(PlanView::new).collect(),
            failed: outcome.failures.iter().map(FailureView::new).collect(),
        }
    }
}

impl<'a> PlanView<'a> {
    fn new(plan: &'a SweepPlan) -> PlanView<'a> {
        PlanView {
            id: &plan.id,
            path: &plan.path,
            summary: &plan.summary,
            escalated: plan.escalation.as_ref().map(|(from, to)| MoveView { from, to }),
            events: plan.events.iter().map(SweptEventView::new).collect(),
        }
    }
}

impl<'a> SweptEventView<'a> {
    fn new(event: &'a Event) -> SweptEventView<'a> {
        SweptEventView {
            action: event.action.as_str(),
            at: format_timestamp(&event.at),
            automatic: event.automatic,
            by: &event.by,
            clock: event.clock.map(ClockKind::as_str),
            hierarchical: event.hierarchical,
            message: event.message.as_deref(),
            reason: event.reason.as_deref(),
            set: event.set_entries(),
        }
    }
}

impl<'a> FailureView<'a> {
    fn new(failure: &'a SweepFailure) -> FailureView<'a> {
        FailureView { id: &failure.id, error: failure.error.to_string() }
    }
}
