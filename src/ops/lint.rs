//! `esc lint`: check the policy, every ticket and every review, and report findings with file and line.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Diagnostic, Error, Result};
use crate::policy::{Config, Names};
use crate::repo::git::GitRepo;
use crate::repo::{CONFIG_FILE, LoadedReview, LoadedTicket, Workspace, find_root};
use crate::ticket::{Action, EventAction, Field, FieldValue};

/// One problem, at a place in a file.
pub type Finding = Diagnostic;

/// Lints the esc root enclosing `start`. A broken config is a finding, not an error, so the
/// tickets are still checked (against the default policy).
pub fn lint(start: &Path) -> Result<Vec<Finding>> {
    let root = find_root(start)?;
    let git = GitRepo::discover(&root)?;
    let mut findings = Vec::new();
    let config_path = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&config_path).map_err(|e| Error::io(&config_path, e))?;
    let (config, config_ok) = match Config::parse(&text, Path::new(CONFIG_FILE)) {
        Ok(config) => (config, true),
        Err(Error::BadConfig(problem)) => {
            findings.push(problem);
            (Config::default_policy(), false)
        }
        Err(e) => return Err(e),
    };
    let workspace = Workspace::new(root, git, config)?;
    let mut seen_ids: HashMap<String, String> = HashMap::new();
    for loaded in workspace.load_all()? {
        match loaded {
            Ok(ticket) => {
                let id = ticket.file.ticket.id.to_string();
                if let Some(first) = seen_ids.insert(id.clone(), ticket.relative_path.clone()) {
                    findings.push(Diagnostic::new(
                        &ticket.relative_path,
                        ticket.file.line_of("id"),
                        format!("id {id} is also used by {first}"),
                    ));
                }
                check_ticket(&workspace, &ticket, config_ok, &mut findings);
            }
            Err(Error::BadFile(problem) | Error::MergeConflict(problem)) => findings.push(problem),
            Err(e) => return Err(e),
        }
    }
    for review in workspace.load_reviews()? {
        match review {
            Ok(review) => check_review(&review, &seen_ids, &mut findings),
            Err(Error::BadFile(problem) | Error::MergeConflict(problem)) => findings.push(problem),
            Err(e) => return Err(e),
        }
    }
    Ok(findings)
}

/// A review must be named after, and point to, an existing ticket, and its action items
/// need distinct ids.
fn check_review(review: &LoadedReview, tickets: &HashMap<String, String>, findings: &mut Vec<Finding>) {
    let file = &review.file;
    let head = &file.review;
    let mut report = |key: &str, message: String| {
        findings.push(Diagnostic::new(&review.relative_path, file.line_of(key), message));
    };
    if !tickets.contains_key(&head.ticket) {
        report("ticket", format!("ticket {} does not exist", head.ticket));
    }
    if review.relative_path != Workspace::review_relative_path(&head.ticket) {
        report(
            "ticket",
            format!("the review of {} belongs in {}", head.ticket, Workspace::review_relative_path(&head.ticket)),
        );
    }
    let mut ids: Vec<&str> = Vec::new();
    for item in &head.action_items {
        if ids.iter().any(|id| id.eq_ignore_ascii_case(&item.id)) {
            report("action_items", format!("action item id {} is used twice", item.id));
        }
        ids.push(&item.id);
        if let Some(ticket) = &item.ticket
            && !tickets.contains_key(ticket)
        {
            report("action_items", format!("action item {} names ticket {ticket}, which does not exist", item.id));
        }
    }
}

fn check_ticket(workspace: &Workspace, loaded: &LoadedTicket, check_values: bool, findings: &mut Vec<Finding>) {
    let file = &loaded.file;
    let t = &file.ticket;
    let mut report = |key: &str, message: String| {
        findings.push(Diagnostic::new(&loaded.relative_path, file.line_of(key), message));
    };

    let expected_path = Workspace::ticket_relative_path(&t.id, &t.created);
    if loaded.relative_path != expected_path {
        report("id", format!("ticket {} should be stored as {expected_path}", t.id));
    }
    if t.title.trim().is_empty() {
        report("title", "the title is empty".into());
    } else if t.title.chars().any(crate::text::is_unsafe_char) {
        report("title", "the title contains control characters".into());
    }
    if check_values {
        let config = &workspace.config;
        let values = [
            (Names::Type, t.kind.as_deref()),
            (Names::Category, t.category.as_deref()),
            (Names::Severity, t.severity.as_deref()),
            (Names::Impact, t.impact.as_deref()),
            (Names::Urgency, t.urgency.as_deref()),
            (Names::Priority, t.priority.as_deref()),
            (Names::Level, Some(t.level.as_str())),
        ];
        for (field, value) in values {
            if let Some(value) = value
                && let Err(Error::InvalidValue { allowed, .. }) = config.check_value(field, value)
            {
                report(
                    field.as_str(),
                    format!("{field} '{value}' is not defined in {CONFIG_FILE} (known: {})", allowed.join(", ")),
                );
            }
        }
    }

    let Some(first) = t.history.first() else {
        report("history", "the history is empty: every ticket starts with an open event".into());
        return;
    };
    if !first.action.is(Action::Open) {
        report("history", format!("the history starts with '{}', not 'open'", first.action));
    }
    if first.at != t.created {
        report("created", "created differs from the time of the open event".into());
    }
    for (i, pair) in t.history.windows(2).enumerate() {
        if pair[1].at < pair[0].at {
            report("history", format!("history entry {} is earlier than the one before it", i + 2));
        }
    }
    for (i, event) in t.history.iter().enumerate() {
        if let EventAction::Other(name) = &event.action {
            report("history", format!("history entry {}: unknown action '{name}'", i + 1));
        }
        for field in event.set_entries().keys() {
            if field.parse::<Field>().is_err() {
                report("history", format!("history entry {}: '{field}' is not a ticket field", i + 1));
            }
        }
    }
    // The state fields must be what the history says they are.
    let folded = t.folded();
    for field in Field::ALL.iter().copied() {
        let (current, from_history) = (t.field(field), folded.field(field));
        if current != from_history {
            report(
                field.as_str(),
                format!(
                    "{field} is '{}' but the history says '{}'",
                    display_or_unset(&current),
                    display_or_unset(&from_history)
                ),
            );
        }
    }
}

fn display_or_unset(value: &FieldValue) -> String {
    match value {
        FieldValue::Null => "(unset)".into(),
        other => other.to_string(),
    }
}
