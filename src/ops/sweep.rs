//! `esc sweep`: the automated trigger. Escalates what waited too long and records SLA
//! breaches in the history, one commit per ticket.
//!
//! Every breach is recorded once: an automatic event names its clock (`clock: ack`), and a
//! clock whose current stretch already has one is not recorded again. So a second sweep at
//! the same instant finds nothing to do.

use std::path::Path;

use crate::clock::{Now, Timestamp, format_timestamp};
use crate::error::{Error, Result};
use crate::ops::check::check_priority;
use crate::ops::{commit_ticket, retry};
use crate::policy::{Config, SweepTrigger};
use crate::repo::Workspace;
use crate::repo::commit_message::commit_message;
use crate::repo::git::Expected;
use crate::repo::hooks::{Hook, run_hook};
use crate::sla::{self, Clock, ClockKind, ClockState};
use crate::ticket::{Action, Event, Field, FieldValue, Ticket};

/// The reason recorded on automatic escalations.
pub const SLA_REASON: &str = "sla";

/// What the sweep does to one ticket.
#[derive(Debug, Clone)]
pub struct SweepPlan {
    pub id: String,
    /// The ticket file, relative to the repository root.
    pub path: String,
    /// The history entries to add: breaches first, then the escalation if any.
    pub events: Vec<Event>,
    /// `from -> to` when the ticket moves up a level.
    pub escalation: Option<(String, String)>,
    /// One line, as in the commit subject.
    pub summary: String,
}

/// A ticket the sweep could not handle; the others were still swept.
#[derive(Debug)]
pub struct SweepFailure {
    pub id: String,
    pub error: Error,
}

/// What a sweep did (or, dry, would do).
#[derive(Debug)]
pub struct SweepOutcome {
    pub now: Timestamp,
    pub done: Vec<SweepPlan>,
    pub failures: Vec<SweepFailure>,
    /// Problems with notification hooks (the changes are committed).
    pub warnings: Vec<String>,
    /// How many tickets the sweep found due (the commits it set out to make).
    pub planned: usize,
    /// A signal stopped the sweep between two commits: `done` is what was committed.
    pub interrupted: bool,
}

/// Hears of a sweep's progress as it goes, so a long sweep can show it.
pub trait SweepObserver {
    /// The tickets found due, before the first commit.
    fn planned(&mut self, _total: usize) {}
    /// A ticket whose commit has landed (or, dry, that was planned).
    fn done(&mut self, _plan: &SweepPlan) {}
}

/// An observer that only wants each ticket as it is done.
impl<F: FnMut(&SweepPlan)> SweepObserver for F {
    fn done(&mut self, plan: &SweepPlan) {
        self(plan)
    }
}

/// Sweeps every open ticket at `now`: first finds what is due, then commits one ticket at
/// a time. With `dry_run`, nothing is written. `observer` hears how many are due, then of
/// each ticket as soon as its commit has landed (or, dry, as it is planned), so a long sweep
/// reports as it goes. A stop signal during the commits (see [`crate::interrupt`]) ends the
/// sweep between two of them, with `interrupted` set.
pub fn sweep(
    workspace: &Workspace,
    now: Now,
    dry_run: bool,
    run_hooks: bool,
    observer: &mut dyn SweepObserver,
) -> Result<SweepOutcome> {
    let by = workspace.git.identity()?.to_string();
    let mut outcome = SweepOutcome {
        now: now.at,
        done: Vec::new(),
        failures: Vec::new(),
        warnings: Vec::new(),
        planned: 0,
        interrupted: false,
    };
    let mut due = Vec::new();
    // A file that does not parse is a failure of its own; the others are still swept.
    for (named, loaded) in workspace.tickets()? {
        let loaded = match loaded {
            Ok(loaded) => loaded,
            Err(error) => {
                outcome.failures.push(SweepFailure { id: named, error });
                continue;
            }
        };
        let ticket = &loaded.file.ticket;
        if !ticket.status.is_open() {
            continue;
        }
        let id = ticket.id.to_string();
        if let Err(error) = check_priority(&workspace.config, &loaded) {
            outcome.failures.push(SweepFailure { id, error });
            continue;
        }
        let planned = plan(&workspace.config, ticket, workspace.repo_path(&loaded.relative_path), now.at, &by);
        let Some(planned) = planned else { continue };
        match ticket.check_in_order(now.at) {
            Ok(()) => due.push((planned, loaded.path)),
            Err(error) => outcome.failures.push(SweepFailure { id, error }),
        }
    }
    outcome.planned = due.len();
    observer.planned(due.len());
    if dry_run {
        for (planned, _) in due {
            observer.done(&planned);
            outcome.done.push(planned);
        }
        return Ok(outcome);
    }
    // A signal from here on is only recorded: the sweep stops between two commits and
    // says what it committed, rather than dying silently half way.
    let _stretch = crate::interrupt::Critical::enter()?;
    for (planned, path) in due {
        if crate::interrupt::requested().is_some() {
            outcome.interrupted = true;
            break;
        }
        // The file is read again to commit against its exact bytes; by path, since
        // resolving the id would walk the whole ticket tree once per ticket.
        match sweep_one(workspace, &path, now, &by) {
            Ok(Some((done, ticket))) => {
                if run_hooks {
                    outcome.warnings.extend(fire_hooks(workspace, &done, &ticket));
                }
                observer.done(&done);
                outcome.done.push(done);
            }
            Ok(None) => {}
            Err(Error::Interrupted) => {
                outcome.interrupted = true;
                break;
            }
            Err(error) => outcome.failures.push(SweepFailure { id: planned.id, error }),
        }
    }
    Ok(outcome)
}

/// Plans and commits the ticket in `file`, planning again if it changed underneath; returns
/// the plan and the ticket as committed.
fn sweep_one(workspace: &Workspace, file: &Path, now: Now, by: &str) -> Result<Option<(SweepPlan, Ticket)>> {
    retry(|| {
        let (mut loaded, bytes) = workspace.load_with_bytes(file)?;
        let id = loaded.file.ticket.id.to_string();
        let expected = Expected::Committed(workspace.git.blob_id_of(&bytes));
        let path = workspace.repo_path(&loaded.relative_path);
        let ticket = &mut loaded.file.ticket;
        let Some(plan) = plan(&workspace.config, ticket, path, now.at, by) else { return Ok(None) };
        // Only a change has to fit in the history's order (nothing to do is never an error).
        ticket.check_in_order(now.at)?;
        for event in &plan.events {
            ticket.apply(event);
            ticket.history.push(event.clone());
        }
        let (action, reason) =
            if plan.escalation.is_some() { (Action::Escalate, Some(SLA_REASON)) } else { (Action::Breach, None) };
        let message = commit_message(action.as_str(), &id, &plan.summary, reason);
        commit_ticket(workspace, &loaded.relative_path, &loaded.file, expected, &message, now)?;
        Ok(Some((plan, loaded.file.ticket)))
    })
}

/// What the sweep would do to `ticket` at `now`; `None` when nothing is due.
pub fn plan(config: &Config, ticket: &Ticket, path: String, now: Timestamp, by: &str) -> Option<SweepPlan> {
    if !ticket.status.is_open() {
        return None;
    }
    let breaches: Vec<Clock> = sla::clocks(config, ticket, now)
        .into_iter()
        .filter(|c| c.is_live() && c.state == ClockState::Breached && !already_recorded(ticket, c))
        .collect();
    if breaches.is_empty() {
        return None;
    }
    let next_level = config.next_level(&ticket.level);
    let triggers = &config.sla.sweep.escalate_on;
    let escalating = next_level.and_then(|_| {
        let wanted = |kind: ClockKind, trigger: SweepTrigger| {
            triggers.contains(&trigger).then(|| breaches.iter().find(|c| c.kind == kind)).flatten()
        };
        wanted(ClockKind::Level, SweepTrigger::Level).or_else(|| wanted(ClockKind::Ack, SweepTrigger::Ack))
    });

    let automatic_event = |action: Action, clock: &Clock| {
        let mut event = Event::new(now, by, action);
        event.automatic = true;
        event.clock = Some(clock.kind);
        event.message = Some(breach_message(clock));
        event
    };
    let mut events: Vec<Event> = breaches
        .iter()
        .filter(|c| escalating.is_none_or(|e| e.kind != c.kind))
        .map(|c| automatic_event(Action::Breach, c))
        .collect();
    let mut summary: Vec<String> = Vec::new();
    let mut escalation = None;
    if let (Some(clock), Some(next)) = (escalating, next_level) {
        let mut event = automatic_event(Action::Escalate, clock);
        event.reason = Some(SLA_REASON.to_string());
        event.record(Field::Level, FieldValue::Text(next.name.clone()));
        let team = FieldValue::text(next.team.as_deref());
        if ticket.field(Field::Team) != team {
            event.record(Field::Team, team);
        }
        summary.push(format!("{} -> {} ({SLA_REASON}: {} passed)", ticket.level, next.name, clock.kind.target_name()));
        escalation = Some((ticket.level.clone(), next.name.clone()));
        events.push(event);
    }
    let breached: Vec<&str> =
        breaches.iter().filter(|c| escalating.is_none_or(|e| e.kind != c.kind)).map(|c| c.kind.as_str()).collect();
    if !breached.is_empty() {
        summary.push(format!("SLA breached: {}", breached.join(", ")));
    }
    Some(SweepPlan { id: ticket.id.to_string(), path, events, escalation, summary: summary.join("; ") })
}

/// Whether an automatic event already recorded this clock's breach in its current stretch.
/// (Strictly after its start: the escalation that started a level stint was about the
/// level before.)
fn already_recorded(ticket: &Ticket, clock: &Clock) -> bool {
    ticket.history.iter().any(|e| e.automatic && e.at > clock.started && e.clock == Some(clock.kind))
}

/// `ack target 15m for P1 passed at 2026-11-25T09:15:00Z`.
fn breach_message(clock: &Clock) -> String {
    let what = clock.target_label();
    let due = clock.due.map(|d| format!(" at {}", format_timestamp(&d))).unwrap_or_default();
    format!("{what} {} for {} passed{due}", clock.target, clock.priority)
}

/// The `escalate` hook for an escalation and the `breach` hook for every breach.
fn fire_hooks(workspace: &Workspace, done: &SweepPlan, ticket: &Ticket) -> Vec<String> {
    let mut warnings = Vec::new();
    for event in &done.events {
        if event.action.is(Action::Escalate) {
            warnings.extend(run_hook(&workspace.git, Hook::Escalate, ticket, &done.path, event));
        }
        warnings.extend(run_hook(&workspace.git, Hook::Breach, ticket, &done.path, event));
    }
    warnings
}
