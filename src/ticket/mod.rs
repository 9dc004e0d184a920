//! The ticket as data: ids, statuses, history events. No I/O here.

pub mod event;
pub mod file;
pub mod id;
pub mod lifecycle;

pub use event::{Event, FieldValue};
pub use id::{ID_ALPHABET, ID_RANDOM_LEN, TicketId, is_id_alphabet, is_valid_id_prefix};

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;
use crate::error::Error;

/// Where a ticket stands in its lifecycle. Escalation is not a status: it moves `level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    Acknowledged,
    InProgress,
    Waiting,
    Resolved,
    Closed,
}

impl Status {
    pub const ALL: [Status; 6] =
        [Status::New, Status::Acknowledged, Status::InProgress, Status::Waiting, Status::Resolved, Status::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Acknowledged => "acknowledged",
            Status::InProgress => "in_progress",
            Status::Waiting => "waiting",
            Status::Resolved => "resolved",
            Status::Closed => "closed",
        }
    }

    /// Open tickets are the ones someone still has to work on.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Resolved | Status::Closed)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self, Error> {
        Status::ALL.into_iter().find(|s| s.as_str() == text).ok_or_else(|| Error::InvalidValue {
            field: "status",
            value: text.to_string(),
            allowed: Status::ALL.iter().map(|s| s.as_str().to_string()).collect(),
        })
    }
}

/// A link from one ticket to another (follow-ups, duplicates, parents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub rel: String,
    pub id: String,
}

/// A ticket's state (the front matter) and its history.
///
/// Field order here is the order of keys in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    pub title: String,
    pub status: Status,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    pub level: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor_ref: Option<String>,
    /// While `waiting`: `customer` or `vendor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reporter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    pub created: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution_code: Option<String>,
    #[serde(default)]
    pub history: Vec<Event>,
}

/// The front-matter keys esc owns, in file order. Any other key is the user's and is kept
/// byte for byte.
pub const TICKET_KEYS: &[&str] = &[
    "id",
    "title",
    "status",
    "type",
    "category",
    "severity",
    "impact",
    "urgency",
    "priority",
    "level",
    "team",
    "assignee",
    "vendor",
    "vendor_ref",
    "waiting_on",
    "reporter",
    "customer",
    "labels",
    "links",
    "created",
    "resolution",
    "root_cause",
    "resolution_code",
    "history",
];

/// The state fields a history event may set, the ones `esc lint` checks for drift.
pub const PROJECTED_FIELDS: &[&str] = &[
    "title",
    "status",
    "type",
    "category",
    "severity",
    "impact",
    "urgency",
    "priority",
    "level",
    "team",
    "assignee",
    "vendor",
    "vendor_ref",
    "waiting_on",
    "reporter",
    "customer",
    "labels",
    "resolution",
    "root_cause",
    "resolution_code",
];

impl Ticket {
    /// The current value of a projected field, as a history event would record it.
    pub fn field(&self, name: &str) -> FieldValue {
        let text = |v: &Option<String>| v.clone().map_or(FieldValue::Null, FieldValue::Text);
        match name {
            "title" => FieldValue::Text(self.title.clone()),
            "status" => FieldValue::Text(self.status.to_string()),
            "type" => text(&self.kind),
            "category" => text(&self.category),
            "severity" => text(&self.severity),
            "impact" => text(&self.impact),
            "urgency" => text(&self.urgency),
            "priority" => text(&self.priority),
            "level" => FieldValue::Text(self.level.clone()),
            "team" => text(&self.team),
            "assignee" => text(&self.assignee),
            "vendor" => text(&self.vendor),
            "vendor_ref" => text(&self.vendor_ref),
            "waiting_on" => text(&self.waiting_on),
            "reporter" => text(&self.reporter),
            "customer" => text(&self.customer),
            "labels" if self.labels.is_empty() => FieldValue::Null,
            "labels" => FieldValue::List(self.labels.clone()),
            "resolution" => text(&self.resolution),
            "root_cause" => text(&self.root_cause),
            "resolution_code" => text(&self.resolution_code),
            _ => FieldValue::Null,
        }
    }

    /// Sets a projected field (see [`PROJECTED_FIELDS`]); unknown names are ignored.
    pub fn set_field(&mut self, name: &str, value: FieldValue) {
        let text = match &value {
            FieldValue::Text(t) => Some(t.clone()),
            FieldValue::List(items) => Some(items.join(", ")),
            FieldValue::Null => None,
        };
        match name {
            "title" => self.title = text.unwrap_or_default(),
            "status" => {
                if let Some(status) = text.and_then(|t| t.parse().ok()) {
                    self.status = status;
                }
            }
            "type" => self.kind = text,
            "category" => self.category = text,
            "severity" => self.severity = text,
            "impact" => self.impact = text,
            "urgency" => self.urgency = text,
            "priority" => self.priority = text,
            "level" => self.level = text.unwrap_or_default(),
            "team" => self.team = text,
            "assignee" => self.assignee = text,
            "vendor" => self.vendor = text,
            "vendor_ref" => self.vendor_ref = text,
            "waiting_on" => self.waiting_on = text,
            "reporter" => self.reporter = text,
            "customer" => self.customer = text,
            "labels" => {
                self.labels = match value {
                    FieldValue::List(items) => items,
                    FieldValue::Text(t) => vec![t],
                    FieldValue::Null => Vec::new(),
                }
            }
            "resolution" => self.resolution = text,
            "root_cause" => self.root_cause = text,
            "resolution_code" => self.resolution_code = text,
            _ => {}
        }
    }

    /// The state the history implies: every field's last value set by an event.
    pub fn projected_fields(&self) -> BTreeMap<&'static str, FieldValue> {
        let mut state: BTreeMap<&'static str, FieldValue> =
            PROJECTED_FIELDS.iter().map(|f| (*f, FieldValue::Null)).collect();
        for event in &self.history {
            for (field, value) in &event.set {
                if let Some(key) = PROJECTED_FIELDS.iter().find(|f| **f == field.as_str()) {
                    let normalized = match value {
                        FieldValue::List(items) if items.is_empty() => FieldValue::Null,
                        other => other.clone(),
                    };
                    state.insert(key, normalized);
                }
            }
        }
        state
    }

    /// Priority rank for sorting: P1 before P2 …, unprioritised last.
    pub fn priority_rank(&self) -> u32 {
        rank_of(self.priority.as_deref())
    }

    /// Severity rank for sorting: sev1 before sev2 …, unclassified last.
    pub fn severity_rank(&self) -> u32 {
        rank_of(self.severity.as_deref())
    }
}

/// The number in names like `P1` or `sev2`, so they sort by urgency.
fn rank_of(name: Option<&str>) -> u32 {
    name.and_then(|n| {
        let digits: String = n.chars().filter(|c| c.is_ascii_digit()).collect();
        digits.parse().ok()
    })
    .unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_forty_bits_in_eight_characters() {
        let id = TicketId::from_random_bits("ESC", 0xFF_FFFF_FFFF);
        assert_eq!(id.to_string(), "ESC-ZZZZZZZZ");
        let id = TicketId::from_random_bits("ESC", 0);
        assert_eq!(id.to_string(), "ESC-00000000");
    }

    #[test]
    fn ids_parse_and_reject_bad_text() {
        assert!("ESC-7K2M9QXA".parse::<TicketId>().is_ok());
        for bad in ["../x", "ESC-7K2M", "esc-7K2M9QXA", "ESC-7K2M9QXa", "ESC-7K2M9QXI", "ESC7K2M9QXA", "E/C-7K2M9QXA"] {
            assert!(bad.parse::<TicketId>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn statuses_round_trip_through_text() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>().unwrap(), s);
        }
        assert!("open".parse::<Status>().is_err());
    }
}
