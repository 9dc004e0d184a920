//! `tickets/ESC-….html`: one ticket at the report's instant: its state, its SLA clocks
//! explained as `esc sla` explains them, and its history.

use std::fmt::Write as _;

use esc::clock::format_timestamp;
use esc::ops::report::TicketPage;
use esc::text::{display_name, format_duration};

use super::page::escape;
use crate::cli::views::sla::{clock_name, counted_text, over_text, short};

/// The body of a ticket's page, which sits in `tickets/` beside `index.html`.
pub fn ticket_body(page: &TicketPage) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<header>\n<p><a href=\"../index.html\">← The report</a></p>\n<h1>{} {}</h1>\n<p class=\"lead\">{}</p>\n</header>",
        escape(&page.id),
        escape(&page.title),
        escape(&page.path),
    );
    out.push_str("<section id=\"state\">\n<h2>State</h2>\n<table class=\"state\">\n");
    for (field, value) in &page.state {
        let _ = writeln!(out, "<tr><th>{}</th><td>{}</td></tr>", field.as_str(), escape(&value.to_string()));
    }
    out.push_str("</table>\n</section>\n");
    clocks(&mut out, page);
    history(&mut out, page);
    out
}

fn clocks(out: &mut String, page: &TicketPage) {
    out.push_str("<section id=\"clocks\">\n<h2>SLA clocks</h2>\n");
    let Some(last) = page.clocks.last() else {
        out.push_str("<p class=\"none\">No SLA clocks apply: its priority has no targets, or its history is empty.</p>\n</section>\n");
        return;
    };
    // The last clock is of the latest cycle, so it carries the priority in force.
    let assumed = if last.assumed_priority { " (no priority yet: sla.unclassified applies)" } else { "" };
    let _ = writeln!(
        out,
        "<p>Priority {}{assumed}, calendar {}. Counted time runs inside the calendar's working hours and stops while the ticket waits (paused); the clock is due when counted time reaches its target.</p>",
        escape(&last.priority),
        escape(&last.calendar),
    );
    out.push_str("<table class=\"clocks\">\n<tr><th>Clock</th><th>Target</th><th>Counted</th><th>Paused</th><th>Outside hours</th><th>Due (UTC)</th><th>State</th><th></th></tr>\n");
    for clock in &page.clocks {
        let state = clock.state.as_str();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"state-{state}\">{state}</td><td>{}</td></tr>",
            escape(&clock_name(clock)),
            escape(&clock.target.to_string()),
            escape(&counted_text(clock, clock.counted)),
            escape(&format_duration(clock.paused)),
            escape(&format_duration(clock.outside_hours)),
            short(clock.due.as_ref()),
            escape(&over_text(clock)),
        );
    }
    out.push_str("</table>\n</section>\n");
}

fn history(out: &mut String, page: &TicketPage) {
    out.push_str("<section id=\"history\">\n<h2>History</h2>\n<table class=\"history\">\n<tr><th>At (UTC)</th><th>By</th><th>Action</th><th>Set</th><th>Reason or message</th></tr>\n");
    for event in &page.history {
        let set: Vec<String> = event.set_entries().iter().map(|(name, value)| format!("{name}: {value}")).collect();
        let text: Vec<&str> = [event.reason.as_deref(), event.message.as_deref()].into_iter().flatten().collect();
        let by = if event.automatic { "esc sweep".to_string() } else { display_name(&event.by).to_string() };
        let _ = writeln!(
            out,
            "<tr><td><time datetime=\"{}\">{}</time></td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>",
            format_timestamp(&event.at),
            short(Some(&event.at)),
            escape(&by),
            escape(event.action.as_str()),
            if event.hierarchical { " (hierarchical)" } else { "" },
            escape(&set.join(", ")),
            escape(&text.join(" — ")),
        );
    }
    out.push_str("</table>\n</section>\n");
}
