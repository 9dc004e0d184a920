//! `esc sweep --json`: what was (or would be) escalated and recorded, and what failed.
//!
//! Keys are in alphabetical order, as this output has always printed them.

use schemars::JsonSchema;
use serde::Serialize;

use esc::clock::{Timestamp, format_timestamp};
use esc::ops::sweep::{SweepFailure, SweepOutcome, SweepPlan};

use crate::cli::views::ticket::EventView;

#[derive(Serialize, JsonSchema)]
pub struct SweepView<'a> {
    /// `--dry-run`: nothing was committed.
    dry_run: bool,
    failed: Vec<FailureView<'a>>,
    now: String,
    swept: Vec<PlanView<'a>>,
}

/// One ticket the sweep changed (or would change).
#[derive(Serialize, JsonSchema)]
struct PlanView<'a> {
    /// The level change; `null` when it only records breaches.
    escalated: Option<MoveView<'a>>,
    /// The history entries it records, as in `esc show --json`.
    events: Vec<EventView<'a>>,
    id: &'a str,
    path: &'a str,
    summary: &'a str,
}

#[derive(Serialize, JsonSchema)]
struct MoveView<'a> {
    from: &'a str,
    to: &'a str,
}

/// A ticket the sweep could not change, and why.
#[derive(Serialize, JsonSchema)]
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
            events: plan.events.iter().map(EventView::new).collect(),
        }
    }
}

impl<'a> FailureView<'a> {
    fn new(failure: &'a SweepFailure) -> FailureView<'a> {
        FailureView { id: &failure.id, error: failure.error.to_string() }
    }
}
