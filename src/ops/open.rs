//! `esc open`: record a new problem.

use crate::clock::{Now, Timestamp};
use crate::error::{Error, Result};
use crate::ops::{commit_ticket, retry};
use crate::policy::{Classification, Classified};
use crate::repo::commit_message::commit_message;
use crate::repo::git::Expected;
use crate::repo::hooks::{Hook, run_hook};
use crate::repo::{LoadedTicket, Workspace};
use crate::text::check_single_line;
use crate::ticket::file::TicketFile;
use crate::ticket::{Action, Link, Status, Ticket};

/// What the user said about the new ticket.
#[derive(Debug, Default, Clone)]
pub struct OpenRequest {
    pub title: String,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub severity: Option<String>,
    pub impact: Option<String>,
    pub urgency: Option<String>,
    pub customer: Option<String>,
    pub reporter: Option<String>,
    pub labels: Vec<String>,
    pub body: String,
}

/// Longest title esc accepts: a title is a line, not a description.
const TITLE_MAX_CHARS: usize = 200;

/// Creates the ticket with status `new` at the first level (or where a routing rule sends
/// it), and commits it.
///
/// Returns the ticket and any warnings from the `open` notification hook.
pub fn open(
    workspace: &Workspace,
    request: OpenRequest,
    run_hooks: bool,
    now: Now,
) -> Result<(LoadedTicket, Vec<String>)> {
    // A fresh id each attempt: another clone or process may have taken the last one.
    let (file, relative_path) = retry(|| {
        let (file, relative_path) = new_ticket(workspace, request.clone(), Vec::new(), now.at)?;
        let message = commit_message(Action::Open.as_str(), &file.ticket.id.to_string(), &file.ticket.title, None);
        commit_ticket(workspace, &relative_path, &file, Expected::Absent, &message, now)?;
        Ok((file, relative_path))
    })?;
    let warnings = if run_hooks { open_hook(workspace, &file, &relative_path) } else { Vec::new() };
    Ok((LoadedTicket { path: workspace.root.join(&relative_path), file, relative_path }, warnings))
}

/// Runs the `open` notification hook for a committed new ticket.
pub(crate) fn open_hook(workspace: &Workspace, file: &TicketFile, relative_path: &str) -> Vec<String> {
    match file.ticket.history.first() {
        Some(event) => run_hook(&workspace.git, Hook::Open, &file.ticket, &workspace.repo_path(relative_path), event),
        None => Vec::new(),
    }
}

/// Builds a new ticket (checked, routed, with its `open` event) and where it goes, without
/// writing anything.
pub(crate) fn new_ticket(
    workspace: &Workspace,
    request: OpenRequest,
    links: Vec<Link>,
    now: Timestamp,
) -> Result<(TicketFile, String)> {
    let config = &workspace.config;
    let title = request.title.trim().to_string();
    check_single_line("title", &title)?;
    if title.chars().count() > TITLE_MAX_CHARS {
        return Err(Error::InvalidInput(format!(
            "the title is {} characters long; keep it under {TITLE_MAX_CHARS} and put details in the body",
            title.chars().count()
        )));
    }
    let given = Classification {
        kind: request.kind.clone(),
        category: request.category.clone(),
        impact: request.impact.clone(),
        urgency: request.urgency.clone(),
        severity: request.severity.clone(),
        priority: None,
    };
    let Classified { values, route } =
        config.classify(&Classification::default(), &given, None, request.customer.as_deref())?;
    for (field, value) in [("customer", &request.customer), ("reporter", &request.reporter)] {
        if let Some(v) = value {
            check_single_line(field, v)?;
        }
    }
    let mut labels: Vec<String> = Vec::new();
    for label in &request.labels {
        check_single_line("label", label)?;
        if label.contains([',', ' ']) {
            return Err(Error::InvalidInput(format!(
                "label '{label}' has a space or comma; give each label its own --label"
            )));
        }
        if !labels.contains(label) {
            labels.push(label.clone());
        }
    }

    let by = workspace.git.identity()?;
    let id = workspace.new_ticket_id()?;
    let level = route.and_then(|r| r.level.as_deref()).and_then(|l| config.level(l)).unwrap_or(config.first_level());
    let team = route.and_then(|r| r.team.clone()).or_else(|| level.team.clone());
    let assignee = route.and_then(|r| r.assignee.clone());
    let mut ticket = Ticket {
        id,
        title,
        status: Status::New,
        kind: values.kind,
        category: values.category,
        severity: values.severity,
        impact: values.impact,
        urgency: values.urgency,
        priority: values.priority,
        level: level.name.clone(),
        team,
        assignee,
        vendor: None,
        vendor_ref: None,
        waiting_on: None,
        reporter: request.reporter.or_else(|| Some(by.to_string())),
        customer: request.customer,
        labels,
        links,
        created: now,
        resolution: None,
        root_cause: None,
        resolution_code: None,
        history: Vec::new(),
    };
    let opening = ticket.opening_event(by.to_string());
    let before = Ticket::blank(ticket.id.clone(), now);
    let judged = crate::policy::Judged::entry(&workspace.config, &opening, &before, &ticket);
    crate::ops::permit::permit(&workspace.config, &opening.by, &judged, "open", None)?;
    ticket.history.push(opening);

    let relative_path = Workspace::ticket_relative_path(&ticket.id, &now);
    Ok((TicketFile::new(ticket, &request.body), relative_path))
}
