//! The history an imported ticket gets: an `open` entry at the source's creation time, then
//! the lifecycle entries the source recorded (ack, escalate, in progress or waiting,
//! resolve, confirm), each at the source's time and only in an order the lifecycle allows;
//! and, on a later import, only the entries the ticket does not have yet.

use crate::clock::{Timestamp, format_timestamp};
use crate::policy::Config;
use crate::ticket::lifecycle::transition;
use crate::ticket::{Action, Event, Field, FieldValue, Status, Ticket, TicketId, WaitingOn};

use super::Target;

/// The order of progress: a later import never moves a ticket back down it.
pub(crate) fn rank(status: Status) -> u8 {
    match status {
        Status::New => 0,
        Status::Acknowledged => 1,
        Status::InProgress | Status::Waiting => 2,
        Status::Resolved => 3,
        Status::Closed => 4,
    }
}

/// One entry to record, before it is checked against the ticket.
struct Step {
    at: Timestamp,
    /// What the time is, for messages (`resolved`, `escalated`).
    what: &'static str,
    /// The time is the source's own (not the last-update time standing in for one).
    exact: bool,
    by: String,
    action: Action,
    changes: Vec<(Field, FieldValue)>,
    reason: Option<String>,
    message: Option<String>,
}

/// Where the ticket starts and where the source says it is now.
struct Levels {
    open_level: String,
    open_team: Option<String>,
    /// The escalation the source recorded, when it moved the ticket.
    escalation: Option<(String, Option<String>)>,
}

fn levels(config: &Config, target: &Target) -> Levels {
    let first = config.first_level();
    let level = target.level.clone().unwrap_or_else(|| first.name.clone());
    let team = target.team.clone().or_else(|| config.level(&level).and_then(|l| l.team.clone()));
    let moved = level != first.name || team != first.team;
    if target.escalated.is_some() && moved {
        Levels { open_level: first.name.clone(), open_team: first.team.clone(), escalation: Some((level, team)) }
    } else {
        Levels { open_level: level, open_team: team, escalation: None }
    }
}

/// A new ticket with id `id` and its whole backfilled history; `runner` stands in for the
/// source's people where it names nobody.
pub(crate) fn new_ticket(config: &Config, target: &Target, id: TicketId, runner: &str) -> Result<Ticket, String> {
    let levels = levels(config, target);
    let mut ticket = Ticket::blank(id, target.created);
    ticket.title.clone_from(&target.title);
    ticket.kind.clone_from(&target.kind);
    ticket.category.clone_from(&target.category);
    ticket.severity.clone_from(&target.severity);
    ticket.impact.clone_from(&target.impact);
    ticket.urgency.clone_from(&target.urgency);
    ticket.priority.clone_from(&target.priority);
    ticket.level = levels.open_level.clone();
    ticket.team.clone_from(&levels.open_team);
    ticket.assignee.clone_from(&target.assignee);
    ticket.reporter.clone_from(&target.reporter);
    ticket.customer.clone_from(&target.customer);
    ticket.labels.clone_from(&target.labels);
    let opener = target.reporter.clone().unwrap_or_else(|| runner.to_string());
    ticket.history.push(ticket.opening_event(opener));
    for step in steps(target, &levels, runner)? {
        check_step(&ticket, &step)?;
        record(&mut ticket, step);
    }
    Ok(ticket)
}

/// The entries a later import adds to `existing`: the source's steps it does not have yet
/// (the same action at the same time), as far as they move it on; then an `edit` entry for
/// descriptive fields the source now says otherwise. Empty: nothing changed.
pub(crate) fn update(
    config: &Config,
    existing: &Ticket,
    target: &Target,
    runner: &str,
    now: Timestamp,
) -> Result<Vec<Event>, (String, String)> {
    let id = existing.id.to_string();
    if rank(target.status) < rank(existing.status) {
        return Err((
            format!(
                "status '{}' goes back from where {id} is ({}); esc does not move a ticket back",
                target.status_text, existing.status
            ),
            format!("if it was reopened there, esc reopen {id} --reason R; otherwise leave the record out"),
        ));
    }
    let in_order = |e: String| (e, "esc keeps every history in time order; fix the time in the source".to_string());
    let mut ticket = existing.clone();
    let before = ticket.history.len();
    let level_rank = |name: &str| config.levels.iter().position(|l| l.name == name);
    for step in steps(target, &levels(config, target), runner).map_err(in_order)? {
        if ticket.history.iter().any(|e| e.action.is(step.action) && e.at == step.at) {
            continue;
        }
        let moves_on = match step.action {
            Action::Escalate => {
                let to = step.changes.iter().find(|(f, _)| *f == Field::Level).and_then(|(_, v)| v.as_text());
                ticket.status.is_open() && to.and_then(level_rank) > level_rank(&ticket.level)
            }
            action => matches!(transition(ticket.status, action), Ok(Some(next)) if rank(next) > rank(ticket.status)),
        };
        if moves_on {
            check_step(&ticket, &step).map_err(in_order)?;
            record(&mut ticket, step);
        }
    }
    let last = |ticket: &Ticket| ticket.history.last().map_or(ticket.created, |e| e.at);
    let later = |at: Option<Timestamp>, ticket: &Ticket| at.unwrap_or(now).max(last(ticket));
    // Between in progress and waiting: the source says which it is now.
    match (ticket.status, target.status) {
        (Status::Waiting, Status::InProgress) => {
            let at = later(target.updated, &ticket);
            let mut resume = plain(at, worker(target, runner), Action::Resume);
            resume.message = Some(format!("{} in {}", target.status_text, target.format));
            resume.changes = vec![(Field::Status, text("in_progress")), (Field::WaitingOn, FieldValue::Null)];
            record(&mut ticket, resume);
        }
        (Status::InProgress, Status::Waiting) => {
            let at = later(target.updated, &ticket);
            record(&mut ticket, waiting(at, target, runner));
        }
        _ => {}
    }
    let edits = descriptive_changes(&ticket, target);
    if !edits.is_empty() {
        let at = later(target.updated, &ticket);
        let mut edit = plain(at, runner.to_string(), Action::Edit);
        let names: Vec<&str> = edits.iter().map(|(f, _)| f.as_str()).collect();
        edit.message = Some(format!("{} changed in {} ({})", names.join(", "), target.format, target.source));
        edit.changes = edits;
        record(&mut ticket, edit);
    }
    Ok(ticket.history.split_off(before))
}

/// The descriptive fields the source gives that differ from the ticket's.
fn descriptive_changes(ticket: &Ticket, target: &Target) -> Vec<(Field, FieldValue)> {
    let mut wanted = vec![(Field::Title, Some(target.title.clone()))];
    for (field, value) in [
        (Field::Type, &target.kind),
        (Field::Category, &target.category),
        (Field::Severity, &target.severity),
        (Field::Impact, &target.impact),
        (Field::Urgency, &target.urgency),
        (Field::Priority, &target.priority),
        (Field::Assignee, &target.assignee),
        (Field::Reporter, &target.reporter),
        (Field::Customer, &target.customer),
    ] {
        wanted.push((field, value.clone()));
    }
    let mut changes: Vec<(Field, FieldValue)> = wanted
        .into_iter()
        .filter_map(|(field, value)| value.map(|v| (field, FieldValue::Text(v))))
        .filter(|(field, value)| ticket.field(*field) != *value)
        .collect();
    if !target.labels.is_empty() && target.labels != ticket.labels {
        changes.push((Field::Labels, FieldValue::List(target.labels.clone())));
    }
    changes
}

fn text(value: &str) -> FieldValue {
    FieldValue::Text(value.to_string())
}

fn plain(at: Timestamp, by: String, action: Action) -> Step {
    Step { at, what: action.as_str(), exact: false, by, action, changes: Vec::new(), reason: None, message: None }
}

/// Who did the work the source does not attribute: the assignee, else whoever imports.
fn worker(target: &Target, runner: &str) -> String {
    target.assignee.clone().unwrap_or_else(|| runner.to_string())
}

fn waiting(at: Timestamp, target: &Target, runner: &str) -> Step {
    let on = target.waiting_on.unwrap_or(WaitingOn::Customer);
    let mut step = plain(at, worker(target, runner), Action::Wait);
    step.message = Some(format!("{} in {}", target.status_text, target.format));
    step.changes = vec![(Field::Status, text("waiting")), (Field::WaitingOn, text(on.as_str()))];
    step
}

/// The lifecycle steps after `open` that bring a new ticket to where the source says it is.
fn steps(target: &Target, levels: &Levels, runner: &str) -> Result<Vec<Step>, String> {
    let progress = rank(target.status);
    let mut early = Vec::new();
    let by = |stamp: &Option<super::Stamp>| stamp.as_ref().and_then(|s| s.by.clone());
    if progress >= 1
        && let Some(ack) = &target.acknowledged
    {
        let mut step = plain(ack.at, by(&target.acknowledged).unwrap_or_else(|| worker(target, runner)), Action::Ack);
        (step.what, step.exact) = ("acknowledged", true);
        step.changes = vec![(Field::Status, text("acknowledged"))];
        early.push(step);
    }
    if let (Some((level, team)), Some(stamp)) = (&levels.escalation, &target.escalated) {
        let mut step =
            plain(stamp.at, by(&target.escalated).unwrap_or_else(|| worker(target, runner)), Action::Escalate);
        (step.what, step.exact) = ("escalated", true);
        step.reason = Some(format!("escalated in {}", target.format));
        step.changes = vec![(Field::Level, text(level)), (Field::Team, FieldValue::text(team.as_deref()))];
        early.push(step);
    }
    // An escalation may come before the acknowledgement.
    early.sort_by_key(|s| s.at);
    let mut steps = early;
    let previous = |steps: &[Step]| steps.last().map_or(target.created, |s| s.at);
    let guessed = |at: Option<Timestamp>, steps: &[Step]| at.unwrap_or(target.created).max(previous(steps));
    let acknowledged = steps.iter().any(|s| s.action == Action::Ack);
    match target.status {
        Status::New => {}
        Status::Acknowledged if !acknowledged => {
            let mut step = plain(guessed(target.updated, &steps), worker(target, runner), Action::Ack);
            step.changes = vec![(Field::Status, text("acknowledged"))];
            steps.push(step);
        }
        Status::Acknowledged => {}
        Status::InProgress => {
            let mut step = plain(guessed(target.updated, &steps), worker(target, runner), Action::Update);
            step.message = Some(format!("{} in {}", target.status_text, target.format));
            step.changes = vec![(Field::Status, text("in_progress"))];
            steps.push(step);
        }
        Status::Waiting => {
            let at = guessed(target.updated, &steps);
            steps.push(waiting(at, target, runner));
        }
        Status::Resolved | Status::Closed => {
            let closed_at = if target.status == Status::Closed { target.closed.as_ref().map(|s| s.at) } else { None };
            let (at, exact) = match (&target.resolved, closed_at, target.updated) {
                (Some(stamp), _, _) => (stamp.at, true),
                (None, Some(at), _) => (at, true),
                (None, None, Some(at)) => (at.max(previous(&steps)), false),
                (None, None, None) => {
                    return Err(format!(
                        "it is {} in {} but no time says when (map a column with --map resolved=COLUMN)",
                        target.status_text, target.format
                    ));
                }
            };
            let resolver = by(&target.resolved).unwrap_or_else(|| worker(target, runner));
            let mut step = plain(at, resolver, Action::Resolve);
            (step.what, step.exact) = ("resolved", exact);
            let resolution =
                target.resolution.clone().unwrap_or_else(|| format!("{} in {}", target.status_text, target.format));
            step.changes = vec![
                (Field::Status, text("resolved")),
                (Field::Resolution, text(&resolution)),
                (Field::RootCause, FieldValue::text(target.root_cause.as_deref())),
                (Field::ResolutionCode, FieldValue::text(target.resolution_code.as_deref())),
                (Field::WaitingOn, FieldValue::Null),
            ];
            steps.push(step);
            if target.status == Status::Closed {
                let (at, exact) = match (closed_at, target.updated) {
                    (Some(at), _) => (at, true),
                    (None, updated) => (guessed(updated, &steps), false),
                };
                let closer =
                    by(&target.closed).or_else(|| target.reporter.clone()).unwrap_or_else(|| runner.to_string());
                let mut step = plain(at, closer, Action::Confirm);
                (step.what, step.exact) = ("closed", exact);
                step.message = Some(format!("{} in {}", target.status_text, target.format));
                step.changes = vec![(Field::Status, text("closed"))];
                steps.push(step);
            }
        }
    }
    Ok(steps)
}

/// A step must be one the lifecycle allows now, and not earlier than the history's end.
fn check_step(ticket: &Ticket, step: &Step) -> Result<(), String> {
    if let Some(last) = ticket.history.last()
        && step.at < last.at
    {
        let whose =
            if ticket.history.len() == 1 { "created".to_string() } else { format!("its {} entry", last.action) };
        let kind = if step.exact { step.what } else { "the last update" };
        return Err(format!(
            "{kind} ({}) is before {whose} ({})",
            format_timestamp(&step.at),
            format_timestamp(&last.at)
        ));
    }
    match transition(ticket.status, step.action) {
        Ok(_) => Ok(()),
        Err(refusal) => Err(format!("cannot place '{}' after {}: {}", step.action, ticket.status, refusal.reason)),
    }
}

/// Records `step` as a history entry: only the fields it changes, applied to the state.
fn record(ticket: &mut Ticket, step: Step) {
    let mut event = Event::new(step.at, step.by, step.action);
    event.reason = step.reason;
    event.message = step.message;
    ticket.record_changes(&mut event, step.changes);
    ticket.history.push(event);
}
