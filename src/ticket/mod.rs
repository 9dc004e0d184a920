//! The ticket as data: ids, statuses, history events. No I/O here.

pub mod event;
pub mod file;
pub mod id;
pub mod lifecycle;
pub mod merge;

pub use event::{Action, CSAT_RANGE, ClockKind, Event, EventAction, FieldValue, Override};
pub use id::{ID_ALPHABET, ID_RANDOM_LEN, TicketId, is_id_alphabet, is_valid_id_prefix};

use serde::{Deserialize, Serialize};

use crate::clock::{Timestamp, format_timestamp};
use crate::error::Error;

crate::named_enum! {
    /// Where a ticket stands in its lifecycle. Escalation is not a status: it moves `level`.
    pub enum Status as "status" {
        New = "new",
        Acknowledged = "acknowledged",
        InProgress = "in_progress",
        Waiting = "waiting",
        Resolved = "resolved",
        Closed = "closed",
    }
}

impl Status {
    /// Open tickets are the ones someone still has to work on.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Resolved | Status::Closed)
    }
}

crate::named_enum! {
    /// What a waiting ticket waits on; `sla.pause` says which clocks each one stops.
    pub enum WaitingOn as "waiting on" {
        Customer = "customer",
        Vendor = "vendor",
    }
}

crate::named_enum! {
    /// The state fields of a ticket that history entries set (`set:`), the ones `esc lint`
    /// checks for drift. The name is the front-matter key.
    pub enum Field as "ticket field" {
        Title = "title",
        Status = "status",
        Type = "type",
        Category = "category",
        Severity = "severity",
        Impact = "impact",
        Urgency = "urgency",
        Priority = "priority",
        Level = "level",
        Team = "team",
        Assignee = "assignee",
        Vendor = "vendor",
        VendorRef = "vendor_ref",
        WaitingOn = "waiting_on",
        Reporter = "reporter",
        Customer = "customer",
        Labels = "labels",
        Resolution = "resolution",
        RootCause = "root_cause",
        ResolutionCode = "resolution_code",
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
    /// While `waiting`: what it waits on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_on: Option<WaitingOn>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reporter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    #[serde(deserialize_with = "crate::clock::bounded")]
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

impl Ticket {
    /// The current value of a state field, as a history entry would record it.
    pub fn field(&self, field: Field) -> FieldValue {
        let text = |v: &Option<String>| v.clone().map_or(FieldValue::Null, FieldValue::Text);
        let required = |v: &str| if v.is_empty() { FieldValue::Null } else { FieldValue::Text(v.to_string()) };
        match field {
            Field::Title => required(&self.title),
            Field::Status => FieldValue::Text(self.status.to_string()),
            Field::Type => text(&self.kind),
            Field::Category => text(&self.category),
            Field::Severity => text(&self.severity),
            Field::Impact => text(&self.impact),
            Field::Urgency => text(&self.urgency),
            Field::Priority => text(&self.priority),
            Field::Level => required(&self.level),
            Field::Team => text(&self.team),
            Field::Assignee => text(&self.assignee),
            Field::Vendor => text(&self.vendor),
            Field::VendorRef => text(&self.vendor_ref),
            Field::WaitingOn => self.waiting_on.map_or(FieldValue::Null, |w| FieldValue::Text(w.to_string())),
            Field::Reporter => text(&self.reporter),
            Field::Customer => text(&self.customer),
            Field::Labels if self.labels.is_empty() => FieldValue::Null,
            Field::Labels => FieldValue::List(self.labels.clone()),
            Field::Resolution => text(&self.resolution),
            Field::RootCause => text(&self.root_cause),
            Field::ResolutionCode => text(&self.resolution_code),
        }
    }

    /// Sets a state field. A status or waiting-on value that is not one of esc's names
    /// leaves the field as it was (`esc lint` reports it in the history).
    pub fn set_field(&mut self, field: Field, value: FieldValue) {
        let text = match &value {
            FieldValue::Text(t) => Some(t.clone()),
            FieldValue::List(items) => Some(items.join(", ")),
            FieldValue::Null => None,
        };
        match field {
            Field::Title => self.title = text.unwrap_or_default(),
            Field::Status => {
                if let Some(status) = text.and_then(|t| t.parse().ok()) {
                    self.status = status;
                }
            }
            Field::Type => self.kind = text,
            Field::Category => self.category = text,
            Field::Severity => self.severity = text,
            Field::Impact => self.impact = text,
            Field::Urgency => self.urgency = text,
            Field::Priority => self.priority = text,
            Field::Level => self.level = text.unwrap_or_default(),
            Field::Team => self.team = text,
            Field::Assignee => self.assignee = text,
            Field::Vendor => self.vendor = text,
            Field::VendorRef => self.vendor_ref = text,
            Field::WaitingOn => match text {
                None => self.waiting_on = None,
                Some(t) => {
                    if let Ok(on) = t.parse() {
                        self.waiting_on = Some(on);
                    }
                }
            },
            Field::Reporter => self.reporter = text,
            Field::Customer => self.customer = text,
            Field::Labels => {
                self.labels = match value {
                    FieldValue::List(items) => items,
                    FieldValue::Text(t) => vec![t],
                    FieldValue::Null => Vec::new(),
                }
            }
            Field::Resolution => self.resolution = text,
            Field::RootCause => self.root_cause = text,
            Field::ResolutionCode => self.resolution_code = text,
        }
    }

    /// Sets each field to its new value and records in `event` those that changed (an
    /// entry records only what it changed).
    pub fn record_changes(&mut self, event: &mut Event, changes: impl IntoIterator<Item = (Field, FieldValue)>) {
        for (field, value) in changes {
            if self.field(field) != value {
                event.record(field, value.clone());
                self.set_field(field, value);
            }
        }
    }

    /// Folds one history entry into the state: every field it sets takes its value. The
    /// entry itself is not appended; names that are not fields are left alone.
    pub fn apply(&mut self, event: &Event) {
        for (field, value) in event.fields() {
            self.set_field(field, value.clone());
        }
    }

    /// The ticket the history alone implies: the same id, creation time, links and history,
    /// with every state field folded from the history by [`Ticket::apply`] (a field no entry
    /// sets is empty, the status `new`). `esc lint` compares it with the file's state.
    pub fn folded(&self) -> Ticket {
        let mut folded = Ticket::blank(self.id.clone(), self.created);
        folded.links = self.links.clone();
        for event in &self.history {
            folded.apply(event);
        }
        folded.history = self.history.clone();
        folded
    }

    /// The `open` entry of a new ticket, by `by` at its creation: it records every initial
    /// value, so the history alone rebuilds the state.
    pub fn opening_event(&self, by: impl Into<String>) -> Event {
        let mut open = Event::new(self.created, by, Action::Open);
        for &field in Field::ALL {
            let value = self.field(field);
            if value != FieldValue::Null {
                open.record(field, value);
            }
        }
        open
    }

    /// Refuses to record anything at `now` when the history already goes past it: the
    /// history must stay in time order, whoever adds to it.
    pub fn check_in_order(&self, now: Timestamp) -> Result<(), Error> {
        match self.history.last() {
            Some(last) if now < last.at => Err(Error::Stopped {
                what: format!(
                    "the time now ({}) is before {}'s last event ({}); the history must stay in order",
                    format_timestamp(&now),
                    self.id,
                    format_timestamp(&last.at)
                ),
                hint: format!(
                    "that is history entry {} ({} by {}); act at {} or later: unset ESC_NOW (or --now) to use the clock, or give a later time",
                    self.history.len(),
                    last.action,
                    crate::text::display_name(&last.by),
                    format_timestamp(&last.at)
                ),
            }),
            _ => Ok(()),
        }
    }

    /// A ticket with only an id and a creation time: the state before any history.
    pub fn blank(id: TicketId, created: Timestamp) -> Ticket {
        Ticket {
            id,
            title: String::new(),
            status: Status::New,
            kind: None,
            category: None,
            severity: None,
            impact: None,
            urgency: None,
            priority: None,
            level: String::new(),
            team: None,
            assignee: None,
            vendor: None,
            vendor_ref: None,
            waiting_on: None,
            reporter: None,
            customer: None,
            labels: Vec::new(),
            links: Vec::new(),
            created,
            resolution: None,
            root_cause: None,
            resolution_code: None,
            history: Vec::new(),
        }
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
            assert_eq!(s.as_str().parse::<Status>().unwrap(), *s);
        }
        assert!("open".parse::<Status>().is_err());
    }

    /// A hand-written file: an action and a `set:` name esc does not know.
    const HAND_WRITTEN: &str = "---
id: ESC-00000000
title: Printer jams
status: waiting
level: L2
waiting_on: customer
created: 2026-11-25T09:00:00Z
history:
- at: 2026-11-25T09:00:00Z
  by: Ana Lima <ana@example.com>
  action: open
  set:
    level: L1
    status: new
    title: Printer jams
- at: 2026-11-25T09:10:00Z
  by: Ana Lima <ana@example.com>
  action: page-oncall
  set:
    colour: red
- at: 2026-11-25T09:20:00Z
  by: Ana Lima <ana@example.com>
  action: escalate
  reason: needs a specialist
  set:
    level: L2
- at: 2026-11-25T09:30:00Z
  by: Ana Lima <ana@example.com>
  action: wait
  set:
    status: waiting
    waiting_on: customer
---
";

    #[test]
    fn folding_the_history_gives_the_state_and_skips_unknown_names() {
        let ticket = file::TicketFile::parse(HAND_WRITTEN).unwrap().ticket;
        let folded = ticket.folded();
        assert_eq!(folded, ticket, "the state is what the history says");
        assert_eq!(
            (folded.level.as_str(), folded.status, folded.waiting_on),
            ("L2", Status::Waiting, Some(WaitingOn::Customer))
        );
        assert_eq!(ticket.history[1].action, EventAction::Other("page-oncall".into()));
        assert_eq!(ticket.history[1].fields().count(), 0, "colour is not a field");
        assert!(ticket.history[2].action.is(Action::Escalate));

        // Applying one more entry moves only what it sets.
        let mut state = folded.clone();
        state.apply(
            &Event::new(ticket.created, "x", Action::Resume)
                .with(Field::WaitingOn, FieldValue::Null)
                .with(Field::Status, FieldValue::Text("in_progress".into())),
        );
        assert_eq!((state.status, state.waiting_on, state.level.as_str()), (Status::InProgress, None, "L2"));
    }

    #[test]
    fn unknown_actions_and_names_round_trip_byte_for_byte() {
        let file = file::TicketFile::parse(HAND_WRITTEN).unwrap();
        assert_eq!(file.render().unwrap(), HAND_WRITTEN);
        let mut changed = file.clone();
        changed.ticket.history.push(Event::new(changed.ticket.created, "x", Action::Note));
        let text = changed.render().unwrap();
        assert!(text.contains("  action: page-oncall\n  set:\n    colour: red\n"), "{text}");
        assert!(text.ends_with("  action: note\n---\n"), "{text}");
    }
}
