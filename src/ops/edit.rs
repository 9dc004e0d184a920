//! `esc edit` and `esc link`: what a ticket is about (title, labels, customer, reporter,
//! category, links, body) changed as one recorded `edit` entry, so the history says who
//! changed it and lint finds no drift.

use crate::error::{Error, Result};
use crate::policy::{Config, Names};
use crate::text::check_single_line;
use crate::ticket::{Field, FieldValue, Link, Ticket};

/// The changes asked for; what is not given stays.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Edits {
    pub title: Option<String>,
    pub add_labels: Vec<String>,
    pub remove_labels: Vec<String>,
    /// An empty text clears the field (also for reporter and category).
    pub customer: Option<String>,
    pub reporter: Option<String>,
    pub category: Option<String>,
    pub add_links: Vec<Link>,
    /// Links to these ticket ids go, whatever their relation.
    pub remove_links: Vec<String>,
    /// The whole new body.
    pub body: Option<String>,
    /// Why, for the history.
    pub message: Option<String>,
}

/// What the edit does to a ticket.
#[derive(Debug)]
pub(crate) struct EditPlan {
    pub fields: Vec<(Field, FieldValue)>,
    pub links: Option<Vec<Link>>,
    pub body: Option<String>,
    pub summary: String,
    /// Why, as given.
    pub reason: Option<String>,
    /// What the history's `set:` cannot show: links added or removed, the body edited.
    pub message: Option<String>,
}

/// The link relations `esc link` knows.
pub const RELATIONS: &[&str] = &["relates", "duplicate-of", "blocks", "blocked-by", "follow-up", "follow-up-of"];

/// Works out the plan; nothing to change is an error.
pub(crate) fn plan(config: &Config, ticket: &Ticket, body: &str, edits: &Edits) -> Result<EditPlan> {
    let mut fields = Vec::new();
    let mut changed = Vec::new();
    let mut notes = Vec::new();
    if let Some(title) = &edits.title {
        let title = title.trim();
        if title.is_empty() {
            return Err(Error::InvalidInput("the title is empty".into()));
        }
        check_single_line("title", title)?;
        fields.push((Field::Title, FieldValue::Text(title.to_string())));
    }
    let optional = |name: &'static str, value: &Option<String>| -> Result<Option<FieldValue>> {
        let Some(value) = value else { return Ok(None) };
        let value = value.trim();
        if value.is_empty() {
            return Ok(Some(FieldValue::Null));
        }
        check_single_line(name, value)?;
        Ok(Some(FieldValue::Text(value.to_string())))
    };
    if let Some(category) = edits.category.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        config.check_value(Names::Category, category)?;
    }
    for (field, name, value) in [
        (Field::Customer, "customer", &edits.customer),
        (Field::Reporter, "reporter", &edits.reporter),
        (Field::Category, "category", &edits.category),
    ] {
        if let Some(value) = optional(name, value)? {
            fields.push((field, value));
        }
    }
    if !edits.add_labels.is_empty() || !edits.remove_labels.is_empty() {
        let mut labels = ticket.labels.clone();
        labels.retain(|l| !edits.remove_labels.iter().any(|r| r.eq_ignore_ascii_case(l)));
        for label in &edits.add_labels {
            let label = label.trim();
            check_single_line("label", label)?;
            if !label.is_empty() && !labels.iter().any(|l| l.eq_ignore_ascii_case(label)) {
                labels.push(label.to_string());
            }
        }
        fields.push((Field::Labels, if labels.is_empty() { FieldValue::Null } else { FieldValue::List(labels) }));
    }
    fields.retain(|(field, value)| ticket.field(*field) != *value);
    changed.extend(fields.iter().map(|(field, _)| field.as_str().to_string()));

    let mut links = ticket.links.clone();
    links.retain(|link| {
        let gone = edits.remove_links.iter().any(|id| id.eq_ignore_ascii_case(&link.id));
        if gone {
            notes.push(format!("unlinked {} {}", link.rel, link.id));
        }
        !gone
    });
    for link in &edits.add_links {
        if link.id == ticket.id.to_string() {
            return Err(Error::InvalidInput(format!("{} cannot be linked to itself", ticket.id)));
        }
        if !links.contains(link) {
            notes.push(format!("linked {} {}", link.rel, link.id));
            links.push(link.clone());
        }
    }
    let links = (links != ticket.links).then(|| {
        changed.push("links".into());
        links
    });

    let body_text =
        edits.body.as_ref().map(|b| if b.is_empty() || b.ends_with('\n') { b.clone() } else { format!("{b}\n") });
    let body_text = body_text.filter(|b| b != body).inspect(|_| {
        changed.push("body".into());
        notes.push("body edited".into());
    });

    if changed.is_empty() {
        return Err(Error::InvalidInput(format!("nothing to change: {} already says this", ticket.id)));
    }
    let reason = edits.message.as_deref().map(str::trim).filter(|m| !m.is_empty()).map(str::to_string);
    let message = (!notes.is_empty()).then(|| notes.join("; "));
    Ok(EditPlan {
        fields,
        links,
        body: body_text,
        summary: match links_noted(&notes) {
            Some(noted) => format!("edited {} ({noted})", changed.join(", ")),
            None => format!("edited {}", changed.join(", ")),
        },
        reason,
        message,
    })
}

/// The link changes among the notes, for the summary line.
fn links_noted(notes: &[String]) -> Option<String> {
    let links: Vec<&str> = notes.iter().map(String::as_str).filter(|n| n.contains("linked ")).collect();
    (!links.is_empty()).then(|| links.join(", "))
}
