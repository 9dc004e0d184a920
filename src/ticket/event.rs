//! One entry of a ticket's history: who did what, when, and the values it set.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::Field;
use crate::clock::Timestamp;

/// What a history entry records; the name is also the commit's `Esc-Action` trailer.
///
/// A name esc does not know (written by hand or by a later esc) is kept as [`Other`] so the
/// file round-trips byte for byte; `esc lint` reports it.
///
/// [`Other`]: EventAction::Other
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EventAction {
    Known(Action),
    Other(String),
}

crate::named_enum! {
    /// Every action esc records in a history.
    pub enum Action as "action" {
        Open = "open",
        Classify = "classify",
        Triage = "triage",
        Ack = "ack",
        Assign = "assign",
        Escalate = "escalate",
        Deescalate = "deescalate",
        /// A status update to the requester.
        Update = "update",
        /// An internal note.
        Note = "note",
        Wait = "wait",
        Resume = "resume",
        Resolve = "resolve",
        Confirm = "confirm",
        /// Written by early versions of esc; read, never written.
        Close = "close",
        Reopen = "reopen",
        /// A passed SLA target, recorded by `esc sweep`.
        Breach = "breach",
        /// Title, labels, customer, reporter, category, links or body changed (`esc edit`).
        Edit = "edit",
    }
}

impl EventAction {
    /// The name in the file.
    pub fn as_str(&self) -> &str {
        match self {
            EventAction::Known(action) => action.as_str(),
            EventAction::Other(name) => name,
        }
    }

    /// Whether this is `action`.
    pub fn is(&self, action: Action) -> bool {
        *self == EventAction::Known(action)
    }

    /// The known action, if it is one.
    pub fn known(&self) -> Option<Action> {
        match self {
            EventAction::Known(action) => Some(*action),
            EventAction::Other(_) => None,
        }
    }
}

impl From<Action> for EventAction {
    fn from(action: Action) -> Self {
        EventAction::Known(action)
    }
}

impl From<&str> for EventAction {
    fn from(name: &str) -> Self {
        name.parse().map_or_else(|_| EventAction::Other(name.to_string()), EventAction::Known)
    }
}

impl fmt::Display for EventAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EventAction {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventAction {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Ok(EventAction::from(name.as_str()))
    }
}

crate::named_enum! {
    /// The four SLA clocks; how each one counts is the `sla` module's business.
    pub enum ClockKind as "clock" {
        Ack = "ack",
        Update = "update",
        Resolve = "resolve",
        Level = "level",
    }
}

impl ClockKind {
    /// What the target is called in messages.
    pub fn target_name(self) -> &'static str {
        match self {
            ClockKind::Ack => "ack target",
            ClockKind::Update => "update target",
            ClockKind::Resolve => "resolve target",
            ClockKind::Level => "level limit",
        }
    }
}

/// A value a history event gave to one of the ticket's fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// The field was cleared.
    Null,
    Text(String),
    List(Vec<String>),
}

/// Read by the value's own type rather than by trying each variant in turn (what
/// `untagged` does, building an error for every miss: most of the time of reading a cache).
impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<FieldValue, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = FieldValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, a list of texts or nothing")
            }
            fn visit_unit<E>(self) -> Result<FieldValue, E> {
                Ok(FieldValue::Null)
            }
            fn visit_none<E>(self) -> Result<FieldValue, E> {
                Ok(FieldValue::Null)
            }
            fn visit_str<E>(self, text: &str) -> Result<FieldValue, E> {
                Ok(FieldValue::Text(text.to_string()))
            }
            fn visit_string<E>(self, text: String) -> Result<FieldValue, E> {
                Ok(FieldValue::Text(text))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut items: A) -> Result<FieldValue, A::Error> {
                let mut list = Vec::new();
                while let Some(item) = items.next_element::<String>()? {
                    list.push(item);
                }
                Ok(FieldValue::List(list))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl FieldValue {
    /// A text value, or `Null` for none.
    pub fn text(value: Option<&str>) -> FieldValue {
        value.map_or(FieldValue::Null, |v| FieldValue::Text(v.to_string()))
    }

    /// The text, when it is one.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(text) => Some(text),
            _ => None,
        }
    }
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

/// The lowest and highest satisfaction ratings (`csat:`).
pub const CSAT_RANGE: std::ops::RangeInclusive<u8> = 1..=5;

/// Permission rules set aside for one action (`--override REASON`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Override {
    pub rules: Vec<String>,
    pub reason: String,
}

/// One entry of a ticket's `history:`: who did what, when, and what it changed.
///
/// The history is the source of truth; the ticket's state fields are its projection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    #[serde(deserialize_with = "crate::clock::bounded")]
    pub at: Timestamp,
    pub by: String,
    pub action: EventAction,
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
    /// The SLA clock an automatic event is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock: Option<ClockKind>,
    /// The requester's satisfaction rating, 1 (worst) to 5 (best), given with `esc confirm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csat: Option<u8>,
    /// Who a hierarchical escalation alerted (the policy's `notify.hierarchical`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notified: Vec<String>,
    /// The permission rules `--override` set aside for this action, and why.
    #[serde(rename = "override", default, skip_serializing_if = "Option::is_none")]
    pub overridden: Option<Override>,
    /// The state fields this action set, with their new values, by name: a name that is not
    /// a [`Field`] (a hand edit) is kept, and reported by `esc lint`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    set: BTreeMap<String, FieldValue>,
}

impl Event {
    /// An event with no reason, message or field changes yet.
    pub fn new(at: Timestamp, by: impl Into<String>, action: impl Into<EventAction>) -> Event {
        Event {
            at,
            by: by.into(),
            action: action.into(),
            reason: None,
            message: None,
            hierarchical: false,
            automatic: false,
            clock: None,
            csat: None,
            notified: Vec::new(),
            overridden: None,
            set: BTreeMap::new(),
        }
    }

    /// The value this entry gave `field`, if it set it.
    pub fn value(&self, field: Field) -> Option<&FieldValue> {
        self.set.get(field.as_str())
    }

    /// The text this entry gave `field`, if it set it to a text.
    pub fn text(&self, field: Field) -> Option<&str> {
        self.value(field).and_then(FieldValue::as_text)
    }

    /// Records that this entry set `field` to `value`.
    pub fn record(&mut self, field: Field, value: FieldValue) {
        self.set.insert(field.as_str().to_string(), value);
    }

    /// [`Event::record`], for building an entry.
    pub fn with(mut self, field: Field, value: FieldValue) -> Event {
        self.record(field, value);
        self
    }

    /// The fields this entry set, in name order; names that are not fields are skipped.
    pub fn fields(&self) -> impl Iterator<Item = (Field, &FieldValue)> {
        self.set.iter().filter_map(|(name, value)| Some((name.parse().ok()?, value)))
    }

    /// Everything under `set:` as written, unknown names included.
    pub fn set_entries(&self) -> &BTreeMap<String, FieldValue> {
        &self.set
    }

    /// Whether this entry set any value.
    pub fn sets_anything(&self) -> bool {
        !self.set.is_empty()
    }
}
