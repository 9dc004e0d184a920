//! A ticket: `esc show`, the `esc list` table, and the ticket object every `--json` prints.
//!
//! JSON comes from view structs here, separate from the file model, so either can change
//! without breaking the other.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use comfy_table::{Cell, Color};
use schemars::JsonSchema;
use serde::Serialize;

use esc::clock::{Timestamp, Zone, format_timestamp};
use esc::repo::LoadedTicket;
use esc::text::{escape_line, escape_text, format_duration};
use esc::ticket::{Action, ClockKind, Event, FieldValue, Link, WaitingOn};

use crate::cli::Ui;
use crate::cli::ui::{fit, new_table, short_time, trim_lines};
use crate::cli::views::schema::SetShape;

fn or_dash(value: Option<&str>) -> String {
    value.map_or_else(|| "-".to_string(), escape_line)
}

/// A ticket as `--json` shows it: `esc show`, each item of `esc list`, and every action's
/// result. docs/json.md describes each key.
#[derive(Serialize, JsonSchema)]
pub struct TicketView<'a> {
    id: String,
    title: &'a str,
    status: &'a str,
    #[serde(rename = "type")]
    kind: Option<&'a str>,
    category: Option<&'a str>,
    severity: Option<&'a str>,
    impact: Option<&'a str>,
    urgency: Option<&'a str>,
    priority: Option<&'a str>,
    level: &'a str,
    team: Option<&'a str>,
    assignee: Option<&'a str>,
    vendor: Option<&'a str>,
    vendor_ref: Option<&'a str>,
    /// `customer` or `vendor` while waiting.
    waiting_on: Option<&'a str>,
    reporter: Option<&'a str>,
    customer: Option<&'a str>,
    labels: &'a [String],
    links: Vec<LinkView<'a>>,
    created: String,
    resolution: Option<&'a str>,
    root_cause: Option<&'a str>,
    resolution_code: Option<&'a str>,
    /// The file, relative to the esc root.
    path: &'a str,
    /// The Markdown after the front matter.
    body: &'a str,
    history: Vec<EventView<'a>>,
}

/// `esc list --json`: the tickets, most urgent first.
#[derive(Serialize, JsonSchema)]
pub struct TicketListView<'a> {
    pub tickets: Vec<TicketView<'a>>,
}

/// `esc list --json --fields a,b`: each ticket with only those keys, in that order.
#[derive(Serialize)]
pub struct SelectedListView<'a> {
    pub tickets: Vec<SelectedTicket<'a>>,
}

/// A ticket object with only some of its keys.
pub struct SelectedTicket<'a> {
    pub view: TicketView<'a>,
    pub fields: &'a [String],
}

impl Serialize for SelectedTicket<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeMap as _};
        let serde_json::Value::Object(mut all) = serde_json::to_value(&self.view).map_err(S::Error::custom)? else {
            return Err(S::Error::custom("a ticket view is an object"));
        };
        let mut map = serializer.serialize_map(Some(self.fields.len()))?;
        for field in self.fields {
            map.serialize_entry(field, &all.remove(field).unwrap_or(serde_json::Value::Null))?;
        }
        map.end()
    }
}

/// A link to another ticket.
#[derive(Serialize, JsonSchema)]
pub struct LinkView<'a> {
    rel: &'a str,
    id: &'a str,
}

/// A history entry as `--json` shows it, with every key an entry can have.
#[derive(Serialize, JsonSchema)]
pub struct EventView<'a> {
    at: String,
    by: &'a str,
    action: &'a str,
    reason: Option<&'a str>,
    message: Option<&'a str>,
    /// A hierarchical escalation: management was alerted, the level did not change.
    hierarchical: bool,
    /// Recorded by `esc sweep`, not by a person.
    automatic: bool,
    /// The SLA clock an automatic entry is about.
    clock: Option<&'a str>,
    /// The requester's satisfaction rating, 1 to 5 (`esc confirm --csat`).
    csat: Option<u8>,
    /// Who a hierarchical escalation alerted.
    notified: &'a [String],
    /// The permission rules `--override` set aside, and why (null: none).
    #[serde(rename = "override")]
    overridden: Option<&'a esc::ticket::Override>,
    /// The state fields this entry set, with their new values (`null`: cleared).
    #[schemars(with = "SetShape")]
    set: &'a BTreeMap<String, FieldValue>,
}

/// The keys of a ticket object, what `esc list --fields` accepts: read from its schema, so
/// the two cannot differ.
pub fn ticket_keys() -> Vec<String> {
    let schema = schemars::schema_for!(TicketView);
    let properties = schema.get("properties").and_then(serde_json::Value::as_object);
    properties.map(|p| p.keys().cloned().collect()).unwrap_or_default()
}

impl<'a> TicketView<'a> {
    pub fn new(loaded: &'a LoadedTicket) -> TicketView<'a> {
        let t = &loaded.file.ticket;
        TicketView {
            id: t.id.to_string(),
            title: &t.title,
            status: t.status.as_str(),
            kind: t.kind.as_deref(),
            category: t.category.as_deref(),
            severity: t.severity.as_deref(),
            impact: t.impact.as_deref(),
            urgency: t.urgency.as_deref(),
            priority: t.priority.as_deref(),
            level: &t.level,
            team: t.team.as_deref(),
            assignee: t.assignee.as_deref(),
            vendor: t.vendor.as_deref(),
            vendor_ref: t.vendor_ref.as_deref(),
            waiting_on: t.waiting_on.map(WaitingOn::as_str),
            reporter: t.reporter.as_deref(),
            customer: t.customer.as_deref(),
            labels: &t.labels,
            links: t.links.iter().map(|link: &Link| LinkView { rel: &link.rel, id: &link.id }).collect(),
            created: format_timestamp(&t.created),
            resolution: t.resolution.as_deref(),
            root_cause: t.root_cause.as_deref(),
            resolution_code: t.resolution_code.as_deref(),
            path: &loaded.relative_path,
            body: loaded.file.body(),
            history: t.history.iter().map(EventView::new).collect(),
        }
    }
}

impl<'a> EventView<'a> {
    pub fn new(event: &'a Event) -> EventView<'a> {
        EventView {
            at: format_timestamp(&event.at),
            by: &event.by,
            action: event.action.as_str(),
            reason: event.reason.as_deref(),
            message: event.message.as_deref(),
            hierarchical: event.hierarchical,
            automatic: event.automatic,
            clock: event.clock.map(ClockKind::as_str),
            csat: event.csat,
            notified: &event.notified,
            overridden: event.overridden.as_ref(),
            set: event.set_entries(),
        }
    }
}

fn priority_cell(priority: Option<&str>, color: bool) -> Cell {
    let cell = Cell::new(or_dash(priority));
    match priority {
        Some("P1") if color => cell.fg(Color::Red),
        Some("P2") if color => cell.fg(Color::Yellow),
        _ => cell,
    }
}

/// The `esc list` table.
pub fn ticket_table(
    ui: &Ui,
    tickets: &[LoadedTicket],
    dues: &[Option<Timestamp>],
    now: Option<Timestamp>,
    zone: &Zone,
) -> String {
    let mut table = new_table(ui, &["ID", "PRI", "SEV", "STATUS", "LEVEL", "ASSIGNEE", "DUE", "TITLE"]);
    for (i, loaded) in tickets.iter().enumerate() {
        let t = &loaded.file.ticket;
        let due = dues.get(i).copied().flatten();
        // The name is enough to recognise a colleague; the email is in `esc show`.
        let assignee = t.assignee.as_deref().map(|a| a.split_once('<').map_or(a, |(name, _)| name).trim());
        let mut due_cell = Cell::new(due.map_or("-".to_string(), |d| short_time(&d, zone)));
        if ui.color && due.zip(now).is_some_and(|(due, now)| due <= now) {
            due_cell = due_cell.fg(Color::Red);
        }
        table.add_row(vec![
            Cell::new(t.id.to_string()),
            priority_cell(t.priority.as_deref(), ui.color),
            Cell::new(or_dash(t.severity.as_deref())),
            Cell::new(t.status.as_str()),
            Cell::new(escape_line(&t.level)),
            Cell::new(or_dash(assignee)),
            due_cell,
            Cell::new(escape_line(&t.title)),
        ]);
    }
    // Titles and assignees are cut to fit; the assignee, severity, status, level and due
    // time go, in that order, on a very narrow terminal.
    fit(ui, &mut table, &[7, 5], &[5, 2, 3, 4, 6]);
    trim_lines(&table.to_string())
}

/// The `esc show` view: state, body and a timeline of the history.
/// The time at each level is measured up to `now` (left out without one); times in `zone`.
pub fn ticket_details(loaded: &LoadedTicket, now: Option<Timestamp>, zone: &Zone) -> String {
    let t = &loaded.file.ticket;
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}", t.id, escape_line(&t.title));
    let status = match &t.waiting_on {
        Some(on) => format!("{} (on {on})", t.status),
        None => t.status.to_string(),
    };
    let rows: [(&str, String); 16] = [
        ("status", status),
        ("priority", or_dash(t.priority.as_deref())),
        ("severity", or_dash(t.severity.as_deref())),
        ("impact", or_dash(t.impact.as_deref())),
        ("urgency", or_dash(t.urgency.as_deref())),
        ("level", escape_line(&t.level)),
        ("team", or_dash(t.team.as_deref())),
        ("assignee", or_dash(t.assignee.as_deref())),
        ("type", or_dash(t.kind.as_deref())),
        ("category", or_dash(t.category.as_deref())),
        ("customer", or_dash(t.customer.as_deref())),
        ("reporter", or_dash(t.reporter.as_deref())),
        ("vendor", vendor_text(t.vendor.as_deref(), t.vendor_ref.as_deref())),
        ("labels", if t.labels.is_empty() { "-".into() } else { escape_line(&t.labels.join(", ")) }),
        ("created", format_timestamp(&t.created)),
        ("file", loaded.relative_path.clone()),
    ];
    for (key, value) in rows {
        if key == "vendor" && value == "-" {
            continue;
        }
        let _ = writeln!(out, "  {key:<12}{value}");
    }
    for link in &t.links {
        let _ = writeln!(out, "  {:<12}{} {}", "link", escape_line(&link.rel), escape_line(&link.id));
    }
    for (key, value) in [("resolution", &t.resolution), ("root cause", &t.root_cause), ("code", &t.resolution_code)] {
        if let Some(value) = value {
            let _ = writeln!(out, "  {key:<12}{}", escape_line(value));
        }
    }
    let body = loaded.file.body().trim_matches('\n');
    if !body.is_empty() {
        let _ = writeln!(out, "\n{}", escape_text(body));
    }
    if let Some(now) = now {
        let per_level: Vec<String> = esc::ticket::lifecycle::time_per_level(t, now)
            .into_iter()
            .map(|(level, took)| format!("{} {}", escape_line(&level), format_duration(took)))
            .collect();
        if !per_level.is_empty() {
            let _ = writeln!(out, "\nTime at each level: {}", per_level.join(", "));
        }
    }
    let reasons: Vec<String> = t
        .history
        .iter()
        .filter(|e| e.action.is(Action::Escalate))
        .filter_map(|e| e.reason.as_deref())
        .map(escape_line)
        .collect();
    if !reasons.is_empty() {
        let _ = writeln!(out, "Escalation reasons: {}", reasons.join(", "));
    }
    let _ = writeln!(out, "\nHistory");
    for event in &t.history {
        let _ = writeln!(
            out,
            "  {}  {:<10}  {}",
            short_time(&event.at, zone),
            escape_line(event.action.as_str()),
            escape_line(&event.by)
        );
        if let Some(reason) = &event.reason {
            let _ = writeln!(out, "      reason: {}", escape_line(reason));
        }
        if let Some(message) = &event.message {
            let _ = writeln!(out, "      {}", escape_line(message));
        }
        if let Some(csat) = event.csat {
            let _ = writeln!(out, "      satisfaction: {csat} of 5");
        }
        if event.hierarchical {
            let _ = writeln!(out, "      management alerted (hierarchical escalation)");
        }
        if !event.notified.is_empty() {
            let _ = writeln!(out, "      alerted: {}", escape_line(&event.notified.join(", ")));
        }
        if let Some(overridden) = &event.overridden {
            let rules = overridden.rules.join(", ");
            let _ = writeln!(out, "      override of {}: {}", escape_line(&rules), escape_line(&overridden.reason));
        }
        if event.automatic {
            let clock = event.clock.map(|c| format!(", {c} clock")).unwrap_or_default();
            let _ = writeln!(out, "      automatic (esc sweep{clock})");
        }
        if !event.action.is(Action::Open) {
            for (field, value) in event.set_entries() {
                let _ = writeln!(out, "      {field} -> {}", escape_line(&value.to_string()));
            }
        }
    }
    out
}

fn vendor_text(vendor: Option<&str>, reference: Option<&str>) -> String {
    match (vendor, reference) {
        (Some(v), Some(r)) => format!("{} (case {})", escape_line(v), escape_line(r)),
        (Some(v), None) => escape_line(v),
        _ => "-".into(),
    }
}
