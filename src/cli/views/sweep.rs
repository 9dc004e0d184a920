//! `esc sweep --json`: what was (or would be) escalated and recorded, and what failed.

use serde::Serialize;

use esc::clock::{Timestamp, format_timestamp};
use esc::ops::sweep::{SweepFailure, SweepOutcome, SweepPlan};

use crate::cli::views::ticket::EventView;

#[derive(Serialize)]
pub struct SweepView<'a> {
    now: String,
    dry_run: bool,
    swept: Vec<PlanView<'a>>,
    failed: Vec<FailureView<'a>>,
}

#[derive(Serialize)]
struct PlanView<'a> {
    id: &'a str,
    path: &'a str,
    summary: &'a str,
    escalated: Option<MoveView<'a>>,
    events: Vec<EventView<'a>>,
}

#[derive(Serialize)]
struct MoveView<'a> {
    from: &'a str,
    to: &'a str,
}

#[derive(Serialize)]
struct FailureView<'a> {
    id: &'a str,
    error: String,
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
            events: plan.events.iter().map(EventView::with_flags).collect(),
        }
    }
}

impl<'a> FailureView<'a> {
    fn new(failure: &'a SweepFailure) -> FailureView<'a> {
        FailureView { id: &failure.id, error: failure.error.to_string() }
    }
}
