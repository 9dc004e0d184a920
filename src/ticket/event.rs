//! One entry of a ticket's history and the values it sets.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;

/// A value a history event gave to one of the ticket's fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// The field was cleared.
    Null,
    Text(String),
    List(Vec<String>),
}

impl fmt::Display for FieldValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Null => f.write_str("-"),
            FieldValue::Text(text) => f.write_str(text),
            FieldValue::List(items) => f.write_str(&items.join(", ")),
        }
    }
}

/// One entry of a ticket's `history:`: who did what, when, and what it changed.
///
/// The history is the source of truth; the ticket's state fields are its projection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub at: Timestamp,
    pub by: String,
    pub action: String,
    /// Why, where the action takes a reason (escalations, overrides, reopen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Free text carried by the action (status updates, notes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// A hierarchical escalation: management was alerted, the level did not change.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hierarchical: bool,
    /// Done by `esc sweep`, not by a person.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub automatic: bool,
    /// The SLA clock an automatic event is about (`ack`, `update`, `resolve`, `level`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<String>,
    /// The state fields this action set, with their new values.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub set: BTreeMap<String, FieldValue>,
}

impl Event {
    /// An event with no reason, message or field changes yet.
    pub fn new(at: Timestamp, by: impl Into<String>, action: impl Into<String>) -> Event {
        Event {
            at,
            by: by.into(),
            action: action.into(),
            reason: None,
            message: None,
            hierarchical: false,
            automatic: false,
            clock: None,
            set: BTreeMap::new(),
        }
    }
}
