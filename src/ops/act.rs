//! The lifecycle actions on an existing ticket: classify, triage, ack, assign, escalate,
//! deescalate, update, note, wait, resume, resolve, confirm, reopen.
//!
//! Every action follows one path: load the ticket, check the state machine, decide which
//! fields change, record a history event, commit. When another process changed the ticket
//! in between, the action is decided again on the new version.

use crate::clock::Now;
use crate::error::{Error, Result};
use crate::ops::edit::{Edits, plan};
use crate::ops::permit::{permit, with_override};
use crate::ops::{commit_ticket, retry};
use crate::policy::{Classification, Classified, Config, Judged, Names};
use crate::repo::commit_message::commit_message;
use crate::repo::git::Expected;
use crate::repo::hooks::{Hook, run_hook};
use crate::repo::{LoadedTicket, Workspace};
use crate::text::check_single_line;
use crate::ticket::lifecycle::{rating_transition, transition};
use crate::ticket::{Action, CSAT_RANGE, Event, Field, FieldValue, Link, Status, Ticket, WaitingOn};

/// Where an escalation goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EscalationTarget {
    /// The next level up.
    NextLevel,
    /// A level or a named team, by name.
    To(String),
    /// An outside vendor and their case reference.
    Vendor { name: String, reference: String },
    /// Alert management; the ticket stays where it is.
    Hierarchical,
}

/// One action, with what the user said.
#[derive(Debug, Clone)]
pub enum Request {
    Classify {
        values: Classification,
        reason: Option<String>,
    },
    /// The result of walking the triage tree, and the answers given.
    Triage {
        values: Classification,
        answers: Vec<(String, String)>,
    },
    Ack {
        message: Option<String>,
    },
    Assign {
        assignee: String,
    },
    Escalate {
        target: EscalationTarget,
        reason: String,
        message: Option<String>,
    },
    Deescalate {
        to: String,
        reason: String,
        message: Option<String>,
    },
    Update {
        message: String,
        internal: bool,
    },
    Wait {
        on: WaitingOn,
        message: String,
    },
    Resume {
        message: Option<String>,
    },
    Resolve {
        resolution: String,
        root_cause: Option<String>,
        code: Option<String>,
    },
    /// The requester confirmed, perhaps with a satisfaction rating; a rating alone may
    /// also come after the ticket is closed.
    Confirm {
        message: Option<String>,
        csat: Option<u8>,
    },
    Reopen {
        reason: String,
    },
    /// `esc edit` / `esc link`.
    Edit(Box<Edits>),
}

impl Request {
    pub fn action(&self) -> Action {
        match self {
            Request::Classify { .. } => Action::Classify,
            Request::Triage { .. } => Action::Triage,
            Request::Ack { .. } => Action::Ack,
            Request::Assign { .. } => Action::Assign,
            Request::Escalate { .. } => Action::Escalate,
            Request::Deescalate { .. } => Action::Deescalate,
            Request::Update { internal: true, .. } => Action::Note,
            Request::Update { .. } => Action::Update,
            Request::Wait { .. } => Action::Wait,
            Request::Resume { .. } => Action::Resume,
            Request::Resolve { .. } => Action::Resolve,
            Request::Confirm { .. } => Action::Confirm,
            Request::Reopen { .. } => Action::Reopen,
            Request::Edit(_) => Action::Edit,
        }
    }

    /// The hook event this action fires, if any.
    fn hook_event(&self) -> Option<Hook> {
        match self.action() {
            Action::Classify | Action::Triage => Some(Hook::Classify),
            Action::Escalate => Some(Hook::Escalate),
            Action::Resolve => Some(Hook::Resolve),
            Action::Reopen => Some(Hook::Reopen),
            _ => None,
        }
    }
}

/// What an action did.
#[derive(Debug)]
pub struct ActOutcome {
    pub ticket: LoadedTicket,
    /// The history entry it recorded.
    pub event: Event,
    /// One line, as in the commit subject.
    pub summary: String,
    /// Problems with notification hooks (the action itself succeeded).
    pub warnings: Vec<String>,
}

/// How an action is carried out, beyond what it is.
#[derive(Debug, Clone, Default)]
pub struct ActOptions {
    /// Run the notification hooks.
    pub run_hooks: bool,
    /// `--override REASON`: set aside the permission rules that forbid the action, where
    /// the policy lets them be.
    pub override_reason: Option<String>,
}

/// Applies `request` to the ticket `query` names at `now` and commits it.
pub fn act(
    workspace: &Workspace,
    query: &str,
    request: &Request,
    options: &ActOptions,
    now: Now,
) -> Result<ActOutcome> {
    let mut outcome = retry(|| {
        let (loaded, bytes) = workspace.load_by_query_with_bytes(query)?;
        apply(workspace, loaded, &bytes, request, options.override_reason.as_deref(), now)
    })?;
    if options.run_hooks
        && let Some(event) = request.hook_event()
    {
        let path = workspace.repo_path(&outcome.ticket.relative_path);
        outcome.warnings = run_hook(&workspace.git, event, &outcome.ticket.file.ticket, &path, &outcome.event);
    }
    Ok(outcome)
}

/// The decision an action makes before it is recorded.
struct Decision {
    changes: Vec<(Field, FieldValue)>,
    reason: Option<String>,
    message: Option<String>,
    hierarchical: bool,
    csat: Option<u8>,
    summary: String,
    /// New links and body (`esc edit`), which are not history fields.
    links: Option<Vec<Link>>,
    body: Option<String>,
}

impl Decision {
    fn new(summary: impl Into<String>) -> Decision {
        Decision {
            changes: Vec::new(),
            reason: None,
            message: None,
            hierarchical: false,
            csat: None,
            summary: summary.into(),
            links: None,
            body: None,
        }
    }

    fn set(mut self, field: Field, value: Option<&str>) -> Decision {
        self.changes.push((field, FieldValue::text(value)));
        self
    }
}

/// Decides and commits `request` on `loaded`, parsed from `bytes`: the change is refused as
/// a conflict unless HEAD still holds exactly those bytes.
fn apply(
    workspace: &Workspace,
    mut loaded: LoadedTicket,
    bytes: &[u8],
    request: &Request,
    override_reason: Option<&str>,
    now: Now,
) -> Result<ActOutcome> {
    let expected = Expected::Committed(workspace.git.blob_id_of(bytes));
    let action = request.action();
    let ticket = &loaded.file.ticket;
    let id = ticket.id.to_string();
    let next_status = match request {
        Request::Confirm { csat: Some(_), .. } => rating_transition(ticket.status),
        _ => transition(ticket.status, action),
    }
    .map_err(|refusal| Error::NotAllowed {
        action: action.to_string(),
        id: id.clone(),
        reason: refusal.reason,
        hint: refusal.hint.replace("ID", &id),
    })?;
    let by = workspace.git.identity()?.to_string();
    let mut decision = decide(&workspace.config, ticket, loaded.file.body(), request)?;
    if let Some(status) = next_status {
        decision.changes.push((Field::Status, FieldValue::Text(status.to_string())));
    }

    ticket.check_in_order(now.at)?;
    let before = ticket.clone();
    let ticket = &mut loaded.file.ticket;
    let mut event = Event::new(now.at, by, action);
    event.reason = decision.reason;
    event.message = decision.message;
    event.hierarchical = decision.hierarchical;
    event.csat = decision.csat;
    ticket.record_changes(&mut event, decision.changes);
    if event.hierarchical {
        event.notified = workspace.config.hierarchical_recipients(&before);
        if !event.notified.is_empty() {
            let names: Vec<&str> = event.notified.iter().map(|n| n.split(" <").next().unwrap_or(n)).collect();
            decision.summary = format!("hierarchical: alerted {}", names.join(", "));
        }
    }
    let judged = Judged::entry(&workspace.config, &event, &before, ticket);
    event.overridden = permit(&workspace.config, &event.by, &judged, action.as_str(), override_reason)?;
    ticket.history.push(event.clone());
    if let Some(links) = decision.links {
        ticket.links = links;
    }
    if let Some(body) = decision.body {
        loaded.file.set_body(&body);
    }

    let mut message = commit_message(action.as_str(), &id, &decision.summary, event.reason.as_deref());
    if let Some(overridden) = &event.overridden {
        message = with_override(message, overridden);
    }
    commit_ticket(workspace, &loaded.relative_path, &loaded.file, expected, &message, now)?;
    Ok(ActOutcome { ticket: loaded, event, summary: decision.summary, warnings: Vec::new() })
}

fn check_csat(score: u8) -> Result<()> {
    if !CSAT_RANGE.contains(&score) {
        return Err(Error::InvalidInput(format!(
            "the satisfaction rating {score} is not from {} to {}",
            CSAT_RANGE.start(),
            CSAT_RANGE.end()
        )));
    }
    Ok(())
}

fn required_text(field: &str, text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::InvalidInput(format!("the {field} is empty")));
    }
    Ok(text.to_string())
}

fn optional_text(text: &Option<String>) -> Option<String> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string)
}

/// Which fields change and how the action is described.
fn decide(config: &Config, ticket: &Ticket, body: &str, request: &Request) -> Result<Decision> {
    let id = ticket.id.to_string();
    let not_allowed = |reason: String, hint: &str| Error::NotAllowed {
        action: request.action().to_string(),
        id: id.clone(),
        reason,
        hint: hint.replace("ID", &id),
    };
    Ok(match request {
        Request::Classify { values, reason } => {
            let mut decision = classify(config, ticket, values, reason.as_deref())?;
            decision.reason = optional_text(reason);
            decision
        }
        Request::Triage { values, answers } => {
            let mut decision = classify(config, ticket, values, None)?;
            let answered: Vec<String> = answers.iter().map(|(q, a)| format!("{q}={a}")).collect();
            decision.message = Some(format!("answers: {}", answered.join(", ")));
            decision
        }
        Request::Ack { message } => Decision { message: optional_text(message), ..Decision::new("acknowledged") },
        Request::Assign { assignee } => {
            check_single_line("assignee", assignee)?;
            let assignee = assignee.trim();
            if ticket.assignee.as_deref() == Some(assignee) {
                return Err(not_allowed(format!("it is already assigned to {assignee}"), "nothing to do"));
            }
            Decision::new(format!("assigned to {assignee}")).set(Field::Assignee, Some(assignee))
        }
        Request::Escalate { target, reason, message } => {
            let reason = required_text("reason", reason)?;
            let mut decision = escalate(config, ticket, target).map_err(|e| match e {
                Refused(reason, hint) => not_allowed(reason, &hint),
                Failed(e) => e,
            })?;
            decision.summary = format!("{} ({})", decision.summary, reason);
            decision.reason = Some(reason);
            decision.message = optional_text(message);
            decision
        }
        Request::Deescalate { to, reason, message } => {
            let reason = required_text("reason", reason)?;
            let decision = deescalate(config, ticket, to).map_err(|e| match e {
                Refused(reason, hint) => not_allowed(reason, &hint),
                Failed(e) => e,
            })?;
            Decision { reason: Some(reason), message: optional_text(message), ..decision }
        }
        Request::Update { message, internal } => {
            let message = required_text("message", message)?;
            let summary = if *internal { "internal note".to_string() } else { format!("update: {message}") };
            Decision { message: Some(message), ..Decision::new(summary) }
        }
        Request::Wait { on, message } => {
            let message = required_text("message", message)?;
            Decision { message: Some(message), ..Decision::new(format!("waiting on {}", on.as_str())) }
                .set(Field::WaitingOn, Some(on.as_str()))
        }
        Request::Resume { message } => {
            Decision { message: optional_text(message), ..Decision::new("resumed") }.set(Field::WaitingOn, None)
        }
        Request::Resolve { resolution, root_cause, code } => resolve(config, resolution, root_cause, code)?,
        Request::Confirm { message, csat } => {
            if let Some(score) = csat {
                check_csat(*score)?;
            }
            let summary = match (ticket.status, csat) {
                (Status::Closed, Some(score)) => format!("rated {score} of 5 by the requester"),
                (_, Some(score)) => format!("confirmed by the requester, rated {score} of 5, closed"),
                (_, None) => "confirmed by the requester, closed".to_string(),
            };
            Decision { message: optional_text(message), csat: *csat, ..Decision::new(summary) }
        }
        Request::Reopen { reason } => {
            let reason = required_text("reason", reason)?;
            Decision { reason: Some(reason), ..Decision::new("reopened") }
                .set(Field::Resolution, None)
                .set(Field::RootCause, None)
                .set(Field::ResolutionCode, None)
        }
        Request::Edit(edits) => {
            let plan = plan(config, ticket, body, edits)?;
            Decision {
                changes: plan.fields,
                reason: plan.reason,
                message: plan.message,
                links: plan.links,
                body: plan.body,
                ..Decision::new(plan.summary)
            }
        }
    })
}

/// Down to the level `to`, which must be below the current one.
fn deescalate(config: &Config, ticket: &Ticket, to: &str) -> Result<Decision, EscalationError> {
    let current = level_index(config, &ticket.level)?;
    let Some(target) = config.levels.iter().position(|l| l.name == to) else {
        return Err(Failed(Error::InvalidValue {
            field: "level",
            value: to.to_string(),
            allowed: config.level_names(),
        }));
    };
    if target >= current {
        return Err(Refused(
            format!("{to} is not below its current level {}", ticket.level),
            "esc escalate ID --to LEVEL --reason R moves a ticket up".into(),
        ));
    }
    let level = &config.levels[target];
    Ok(Decision::new(format!("{} -> {}", ticket.level, level.name))
        .set(Field::Level, Some(&level.name))
        .set(Field::Team, level.team.as_deref()))
}

/// The resolution (required), root cause and code; waiting ends.
fn resolve(config: &Config, resolution: &str, root_cause: &Option<String>, code: &Option<String>) -> Result<Decision> {
    let resolution = required_text("resolution", resolution)?;
    if let Some(code) = code {
        config.check_value(Names::ResolutionCode, code)?;
    }
    let summary = match code {
        Some(code) => format!("resolved ({code})"),
        None => "resolved".to_string(),
    };
    Ok(Decision::new(summary)
        .set(Field::Resolution, Some(&resolution))
        .set(Field::RootCause, optional_text(root_cause).as_deref())
        .set(Field::ResolutionCode, code.as_deref())
        .set(Field::WaitingOn, None))
}

/// New classification values, the priority they imply, and the routing they trigger.
fn classify(config: &Config, ticket: &Ticket, given: &Classification, reason: Option<&str>) -> Result<Decision> {
    let current = Classification {
        kind: ticket.kind.clone(),
        category: ticket.category.clone(),
        impact: ticket.impact.clone(),
        urgency: ticket.urgency.clone(),
        severity: ticket.severity.clone(),
        priority: ticket.priority.clone(),
    };
    let Classified { values, route } = config.classify(&current, given, reason, ticket.customer.as_deref())?;
    let mut decision = Decision::new(String::new())
        .set(Field::Type, values.kind.as_deref())
        .set(Field::Category, values.category.as_deref())
        .set(Field::Severity, values.severity.as_deref())
        .set(Field::Impact, values.impact.as_deref())
        .set(Field::Urgency, values.urgency.as_deref())
        .set(Field::Priority, values.priority.as_deref());
    if let Some(rule) = route {
        if let Some(team) = &rule.team {
            decision = decision.set(Field::Team, Some(team));
        }
        if let Some(assignee) = &rule.assignee {
            decision = decision.set(Field::Assignee, Some(assignee));
        }
        // Routing may raise a ticket's level, never lower it silently (`esc open` starts it
        // at the rule's level).
        if let Some(level) = &rule.level
            && level_index(config, level)? > level_index(config, &ticket.level).unwrap_or(0)
        {
            decision = decision.set(Field::Level, Some(level));
        }
    }
    let changed: Vec<String> = decision
        .changes
        .iter()
        .filter(|(field, value)| ticket.field(*field) != *value)
        .map(|(field, value)| format!("{field} {} -> {value}", ticket.field(*field)))
        .collect();
    if changed.is_empty() {
        return Err(Error::InvalidInput(format!("nothing to change: {} already has these values", ticket.id)));
    }
    decision.summary = changed.join(", ");
    Ok(decision)
}

fn level_index(config: &Config, level: &str) -> Result<usize> {
    config.levels.iter().position(|l| l.name == level).ok_or_else(|| Error::InvalidValue {
        field: "level",
        value: level.to_string(),
        allowed: config.level_names(),
    })
}

enum EscalationError {
    Refused(String, String),
    Failed(Error),
}
use EscalationError::{Failed, Refused};

impl From<Error> for EscalationError {
    fn from(e: Error) -> Self {
        Failed(e)
    }
}

fn escalate(config: &Config, ticket: &Ticket, target: &EscalationTarget) -> Result<Decision, EscalationError> {
    let current = level_index(config, &ticket.level)?;
    let to_level = |index: usize| {
        let level = &config.levels[index];
        Decision::new(format!("{} -> {}", ticket.level, level.name))
            .set(Field::Level, Some(&level.name))
            .set(Field::Team, level.team.as_deref())
    };
    match target {
        EscalationTarget::NextLevel if current + 1 >= config.levels.len() => Err(Refused(
            format!("it is already at the top level ({})", ticket.level),
            "hand it to a team (--to TEAM) or a vendor (--vendor NAME --ref CASE), or alert management with --hierarchical"
                .into(),
        )),
        EscalationTarget::NextLevel => Ok(to_level(current + 1)),
        EscalationTarget::To(name) => {
            if let Some(index) = config.levels.iter().position(|l| l.name == *name) {
                if index <= current {
                    return Err(Refused(
                        format!("{name} is not above its current level {}", ticket.level),
                        "esc deescalate ID --to LEVEL --reason R hands a ticket back down".into(),
                    ));
                }
                return Ok(to_level(index));
            }
            if !config.teams.is_empty() && !config.teams.contains_key(name) {
                let mut allowed = config.level_names();
                allowed.extend(config.teams.keys().cloned());
                return Err(Failed(Error::InvalidValue { field: "level or team", value: name.clone(), allowed }));
            }
            check_single_line("team", name)?;
            if ticket.team.as_deref() == Some(name.as_str()) {
                return Err(Refused(format!("team {name} already has it"), "nothing to do".into()));
            }
            Ok(Decision::new(format!("to team {name}")).set(Field::Team, Some(name)))
        }
        EscalationTarget::Vendor { name, reference } => {
            config.check_value(Names::Vendor, name)?;
            if ticket.vendor.as_deref() == Some(name.as_str()) && ticket.vendor_ref.as_deref() == Some(reference.as_str()) {
                return Err(Refused(
                    format!("it is already with vendor {name} (case {reference})"),
                    "post progress with esc update ID -m TEXT".into(),
                ));
            }
            check_single_line("vendor", name)?;
            check_single_line("vendor case reference", reference)?;
            Ok(Decision::new(format!("to vendor {name} (case {reference})"))
                .set(Field::Vendor, Some(name))
                .set(Field::VendorRef, Some(reference)))
        }
        EscalationTarget::Hierarchical => {
            Ok(Decision { hierarchical: true, ..Decision::new("hierarchical: management alerted") })
        }
    }
}
