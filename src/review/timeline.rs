//! The generated part of a post-incident review: every action of the ticket's history
//! (time, actor, level, what it did and why), the time spent at each level and how each
//! SLA clock ended. Markdown, from the history and the policy alone, so re-running
//! `esc review` on the same ticket gives the same text.

use std::fmt::Write as _;

use crate::clock::Timestamp;
use crate::policy::Config;
use crate::policy::calendar::ALWAYS;
use crate::sla::{self, Clock, ClockState};
use crate::text::{display_name, format_duration, format_working_duration, one_line, plural};
use crate::ticket::lifecycle::time_per_level;
use crate::ticket::{Action, Event, Field, FieldValue, Ticket};

/// State fields worth showing when an action changed them (status and level have their
/// own columns or are implied by the action).
const SHOWN_FIELDS: &[Field] = &[
    Field::Severity,
    Field::Priority,
    Field::Team,
    Field::Assignee,
    Field::Vendor,
    Field::VendorRef,
    Field::WaitingOn,
    Field::ResolutionCode,
];

/// Longest free text quoted in a table cell; the ticket has the rest.
const CELL_TEXT_MAX_CHARS: usize = 140;

/// The Markdown of the generated block for `ticket`, as of `now`.
pub fn timeline(config: &Config, ticket: &Ticket, now: Timestamp) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "**Actions** (times in UTC)\n");
    let _ = writeln!(out, "| time | by | level | action | details |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    let mut level: Option<&str> = None;
    for event in &ticket.history {
        let new_level = event.text(Field::Level).or(level);
        let level_cell = match (level, new_level) {
            (Some(old), Some(new)) if old != new => format!("{} → {}", cell(old), cell(new)),
            (_, Some(new)) => cell(new),
            _ => "-".to_string(),
        };
        level = new_level;
        let action = if event.automatic { format!("{} (automatic)", event.action) } else { event.action.to_string() };
        let _ = writeln!(
            out,
            "| {} | {} | {level_cell} | {} | {} |",
            event.at.format("%Y-%m-%d %H:%M"),
            cell(display_name(&event.by)),
            cell(&action),
            details(event)
        );
    }

    let levels: Vec<String> = time_per_level(ticket, now)
        .into_iter()
        .map(|(level, took)| format!("{} {}", cell(&level), format_duration(took)))
        .collect();
    if !levels.is_empty() {
        let _ = writeln!(out, "\n**Time at each level** (wall time): {}", levels.join(" · "));
    }

    let clocks = sla::clocks(config, ticket, now);
    if clocks.is_empty() {
        let _ = writeln!(out, "\n**SLA outcomes**: no targets applied (no priority).");
    } else {
        let _ = writeln!(out, "\n**SLA outcomes**\n");
        let _ = writeln!(out, "| clock | target | counted | outcome |");
        let _ = writeln!(out, "|---|---|---|---|");
        for clock in &clocks {
            let _ = writeln!(
                out,
                "| {} | {} {} ({}) | {} | {} |",
                clock_name(clock),
                clock.target_label(),
                clock.target,
                cell(&clock.priority),
                working(clock, clock.counted),
                outcome(clock)
            );
        }
    }

    if let Some(resolution) = &ticket.resolution {
        let code = ticket.resolution_code.as_deref().map(|c| format!(" ({})", cell(c))).unwrap_or_default();
        let _ = writeln!(out, "\n**Resolution recorded**{code}: {}", cell(resolution));
    }
    if let Some(root_cause) = &ticket.root_cause {
        let _ = writeln!(out, "\n**Root cause recorded**: {}", cell(root_cause));
    }
    out
}

/// The reason, the message and the shown fields an event set.
fn details(event: &Event) -> String {
    let mut parts = Vec::new();
    if let Some(reason) = &event.reason {
        parts.push(format!("reason: {}", cell(reason)));
    }
    if event.hierarchical {
        parts.push("management alerted".to_string());
    }
    if let Some(message) = &event.message {
        parts.push(format!("“{}”", cell(&shorten(message))));
    }
    for field in SHOWN_FIELDS {
        let name = field.as_str().replace('_', " ");
        match event.value(*field) {
            Some(FieldValue::Null) => parts.push(format!("{name} cleared")),
            // People by name: an email in angle brackets reads badly in a table.
            Some(FieldValue::Text(who)) if *field == Field::Assignee => {
                parts.push(format!("{name} {}", cell(display_name(who))))
            }
            Some(value) => parts.push(format!("{name} {}", cell(&value.to_string()))),
            None => {}
        }
    }
    if event.action.is(Action::Resolve)
        && let Some(resolution) = event.text(Field::Resolution)
    {
        parts.push(format!("“{}”", cell(&shorten(resolution))));
    }
    parts.join("; ")
}

fn shorten(text: &str) -> String {
    let text = one_line(text);
    if text.chars().count() > CELL_TEXT_MAX_CHARS {
        format!("{}…", text.chars().take(CELL_TEXT_MAX_CHARS - 1).collect::<String>().trim_end())
    } else {
        text
    }
}

/// Text made safe for a Markdown table cell: one line, no column breaks, no HTML (which
/// could also fake the block's end marker).
fn cell(text: &str) -> String {
    one_line(text).replace('|', "\\|").replace('<', "&lt;")
}

fn clock_name(clock: &Clock) -> String {
    let mut name = clock.kind.as_str().to_string();
    if let Some(level) = &clock.level {
        name = format!("{name} {}", cell(level));
    }
    if clock.cycle > 1 {
        name = format!("{name} #{}", clock.cycle);
    }
    name
}

fn working(clock: &Clock, duration: chrono::Duration) -> String {
    if clock.calendar == ALWAYS { format_duration(duration) } else { format_working_duration(duration) }
}

/// `met, 12m to spare`, `missed by 1h 10m`, or a live clock's state.
fn outcome(clock: &Clock) -> String {
    let over = clock.over();
    let mut text = match clock.state {
        ClockState::Met => format!("met, {} to spare", working(clock, -over)),
        ClockState::Missed => format!("**missed** by {}", working(clock, over)),
        ClockState::Breached => format!("**breached**, {} over", working(clock, over)),
        state => format!("{state}, {} left", working(clock, -over)),
    };
    if clock.earlier_misses > 0 {
        let _ = write!(text, " ({} earlier gap{} over)", clock.earlier_misses, plural(clock.earlier_misses));
    }
    if clock.paused > chrono::Duration::zero() {
        let _ = write!(text, "; paused {}", format_duration(clock.paused));
    }
    text
}
