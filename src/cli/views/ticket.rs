//! A ticket: `esc show`, the `esc list` table, and the ticket object every `--json` prints.
//!
//! JSON comes from view structs here, separate from the file model, so either can change
//! without breaking the other.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use comfy_table::{Cell, Color};
use serde::Serialize;

use esc::clock::{Timestamp, Zone, format_timestamp};
use esc::repo::LoadedTicket;
use esc::text::{escape_line, escape_text, format_duration};
use esc::ticket::{Action, Event, FieldValue, Link, WaitingOn};

use crate::cli::Ui;
use crate::cli::ui::{fit, new_table, short_time, trim_lines};

fn or_dash(value: Option<&str>) -> String {
    value.map_or_else(|| "-".to_string(), escape_line)
}

/// A ticket as `--json` shows it.
#[derive(Serialize)]
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
    waiting_on: Option<&'a str>,
    reporter: Option<&'a str>,
    customer: Option<&'a str>,
    labels: &'a [String],
    links: &'a [Link],
    created: String,
    resolution: Option<&'a str>,
    root_cause: Option<&'a str>,
    resolution_code: Option<&'a str>,
    path: &'a str,
    body: &'a str,
    history: Vec<EventView<'a>>,
}

/// A history entry as `--json` shows it.
#[derive(Serialize)]
pub struct EventView<'a> {
    at: String,
    by: &'a str,
    action: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    set: &'a BTreeMap<String, FieldValue>,
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
            links: &t.links,
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
    fn new(event: &'a Event) -> EventView<'a> {
        EventView {
            at: format_timestamp(&event.at),
            by: &event.by,
            action: event.action.as_str(),
            reason: event.reason.as_deref(),
            message: event.message.as_deref(),
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
pub fn ticket_table(ui: &Ui, tickets: &[LoadedTicket]) -> String {
    let mut table = new_table(ui, &["ID", "PRI", "SEV", "STATUS", "LEVEL", "ASSIGNEE", "CREATED", "TITLE"]);
    for loaded in tickets {
        let t = &loaded.file.ticket;
        table.add_row(vec![
            Cell::new(t.id.to_string()),
            priority_cell(t.priority.as_deref(), ui.color),
            Cell::new(or_dash(t.severity.as_deref())),
            Cell::new(t.status.as_str()),
            Cell::new(escape_line(&t.level)),
            Cell::new(or_dash(t.assignee.as_deref())),
            Cell::new(t.created.format("%Y-%m-%d").to_string()),
            Cell::new(escape_line(&t.title)),
        ]);
    }
    // Titles and assignees are cut to fit; the assignee, creation date, severity, level and
    // status go, in that order, on a very narrow terminal.
    fit(ui, &mut table, &[7, 5], &[5, 6, 2, 4, 3]);
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
        if event.hierarchical {
            let _ = writeln!(out, "      management alerted (hierarchical escalation)");
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
