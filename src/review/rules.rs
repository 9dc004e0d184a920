//! The review policy applied: when a review is required, when it is due, and what keeps it
//! from being published. Pure; used by `esc review`, `esc check` and `esc stats`.

use super::file::{ReviewFile, is_filled};
use crate::clock::Timestamp;
use crate::error::Diagnostic;
use crate::policy::Config;
use crate::sla;
use crate::ticket::{Action, Ticket};

/// When the review of `ticket` is due: `reviews.due` after its last resolve up to `now`.
pub fn review_due(config: &Config, ticket: &Ticket, now: Timestamp) -> Option<Timestamp> {
    config.review_due_after(resolved_at(ticket, now)?)
}

/// The last time the ticket was resolved, up to `now`.
pub fn resolved_at(ticket: &Ticket, now: Timestamp) -> Option<Timestamp> {
    ticket.history.iter().rev().find(|e| e.action.is(Action::Resolve) && e.at <= now).map(|e| e.at)
}

/// Why the policy requires a review of `ticket` (as of `now`), or `None`.
pub fn review_required(config: &Config, ticket: &Ticket, now: Timestamp) -> Option<String> {
    // The clocks are the costly part: only measure them when the severity does not decide.
    required_because(config, ticket.severity.as_deref(), || sla::missed_resolve(&sla::clocks(config, ticket, now)))
}

/// The one rule of `reviews.required`: a listed severity, or (when the policy says so) a
/// resolve cycle that missed its target. `missed_resolve` is asked only when it matters.
pub fn required_because(
    config: &Config,
    severity: Option<&str>,
    missed_resolve: impl FnOnce() -> bool,
) -> Option<String> {
    let required = &config.reviews.required;
    if let Some(severity) = severity
        && required.severities.iter().any(|wanted| wanted == severity)
    {
        return Some(format!("severity {severity}"));
    }
    if required.resolve_missed && missed_resolve() {
        return Some("missed its resolve target".into());
    }
    None
}

/// What keeps the review from being published: empty or missing required sections, action
/// items without an owner or a due time. Each as `path:line: problem`.
pub fn publish_problems(config: &Config, file: &ReviewFile, path: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut problem = |line: usize, message: String| problems.push(Diagnostic::new(path, line, message));
    let sections = file.sections();
    for wanted in &config.reviews.sections {
        match sections.iter().find(|s| s.heading.eq_ignore_ascii_case(wanted.trim())) {
            None => problem(file.line_of("ticket"), format!("there is no '## {wanted}' section")),
            Some(section) if !is_filled(section) => {
                problem(section.line, format!("section '{}' is not filled in", section.heading))
            }
            Some(_) => {}
        }
    }
    let line = file.line_of("action_items");
    for item in &file.review.action_items {
        if item.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
            problem(line, format!("action item {} has no owner", item.id));
        }
        if item.due.is_none() {
            problem(line, format!("action item {} has no due date", item.id));
        }
    }
    if file.review.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
        problem(file.line_of("ticket"), "the review has no owner".to_string());
    }
    problems
}
