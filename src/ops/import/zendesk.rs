//! Zendesk's JSON export, the shape of its tickets API: `{"tickets": [...], "users": [...]}`
//! (the `users` side-load optional; a bare array of tickets reads too). Keys become
//! `zendesk:ID`; requesters and assignees are named from `users` (`Name <email>`).

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::text::escape_line;

use super::dates::parse_source_time;
use super::{ImportRecord, Problem, Read, Stamp};

#[derive(Deserialize)]
struct Ticket {
    id: Value,
    #[serde(default)]
    subject: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    priority: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
    /// Not in the tickets API itself; exports that join ticket metrics carry it.
    #[serde(default)]
    solved_at: Option<String>,
    #[serde(default)]
    metric_set: Option<MetricSet>,
    #[serde(default)]
    requester_id: Option<Value>,
    #[serde(default)]
    assignee_id: Option<Value>,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Deserialize)]
struct MetricSet {
    #[serde(default)]
    solved_at: Option<String>,
}

#[derive(Deserialize)]
struct User {
    id: Value,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

/// Reads a Zendesk export.
pub fn read(text: &str, file: &str) -> Result<Vec<Read>> {
    let whole = parse(text, file)?;
    let users: HashMap<String, String> = whole
        .get("users")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|u| serde_json::from_value::<User>(u.clone()).ok())
        .filter_map(|u| {
            let name = u.name.as_deref().map(str::trim).filter(|n| !n.is_empty())?;
            let person = match u.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
                Some(email) => format!("{name} <{email}>"),
                None => name.to_string(),
            };
            Some((id_text(&u.id), person))
        })
        .collect();
    let items = json_items(text, file, &["tickets", "results"])?;
    Ok(items
        .into_iter()
        .enumerate()
        .map(|(i, item)| ticket(item, &format!("{file}: record {}", i + 1), &users))
        .collect())
}

fn parse(text: &str, file: &str) -> Result<Value> {
    serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).map_err(|e| Error::Stopped {
        what: format!("{}:{}: not JSON: {e}", escape_line(file), e.line()),
        hint: "give the file exactly as the export wrote it".into(),
    })
}

/// The records of a JSON export: a top-level array, or the array under one of `keys`.
pub(crate) fn json_items(text: &str, file: &str, keys: &[&str]) -> Result<Vec<Value>> {
    match parse(text, file)? {
        Value::Array(items) => Ok(items),
        Value::Object(mut map) => {
            keys.iter().find_map(|k| map.remove(*k)).and_then(|v| v.as_array().cloned()).ok_or_else(|| {
                let wanted = if keys.is_empty() {
                    "an array".to_string()
                } else {
                    format!("an array or {{\"{}\": […]}}", keys[0])
                };
                Error::Stopped {
                    what: format!("{}:1: the JSON is not {wanted}", escape_line(file)),
                    hint: "give the file exactly as the export wrote it".into(),
                }
            })
        }
        _ => Err(Error::Stopped {
            what: format!("{}:1: the JSON is not a list of records", escape_line(file)),
            hint: "give the file exactly as the export wrote it".into(),
        }),
    }
}

fn id_text(id: &Value) -> String {
    match id {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn ticket(item: Value, place: &str, users: &HashMap<String, String>) -> Read {
    let ticket: Ticket = serde_json::from_value(item).map_err(|e| {
        Problem::new(place, None, format!("not a Zendesk ticket: {e}")).with_hint("every ticket needs an id")
    })?;
    let source = format!("zendesk:{}", id_text(&ticket.id));
    let person = |id: &Option<Value>| {
        id.as_ref()
            .filter(|id| !id.is_null())
            .map(|id| users.get(&id_text(id)).cloned().unwrap_or_else(|| format!("Zendesk user {}", id_text(id))))
    };
    let time = |what: &str, text: &Option<String>| {
        text.as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| parse_source_time(t).map_err(|e| Problem::new(place, Some(&source), format!("{what}: {e}"))))
            .transpose()
    };
    let solved = ticket.solved_at.clone().or_else(|| ticket.metric_set.as_ref().and_then(|m| m.solved_at.clone()));
    Ok(ImportRecord {
        place: place.to_string(),
        title: ticket.subject.clone(),
        body: ticket.description.clone().unwrap_or_default(),
        created: time("created_at", &ticket.created_at)?,
        updated: time("updated_at", &ticket.updated_at)?,
        reporter: person(&ticket.requester_id),
        assignee: person(&ticket.assignee_id),
        status: ticket.status.clone(),
        priority: ticket.priority.clone(),
        kind: ticket.kind.clone(),
        labels: ticket.tags.clone(),
        resolved: time("solved_at", &solved)?.map(|at| Stamp { at, by: None }),
        source: source.clone(),
        ..ImportRecord::default()
    })
}
