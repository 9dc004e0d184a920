//! `esc export`: tickets as CSV (the columns `esc import csv` reads) or JSON Lines (the
//! ticket object of `esc show --json`, one per line).

use esc::clock::format_timestamp;
use esc::ops::export::{ExportedTicket, Moment};
use esc::ops::import::csv::{Column, EXPORT_COLUMNS};

use crate::cli::views::schema::Versioned;
use crate::cli::views::ticket::TicketView;

/// A header row, then one row per ticket.
pub fn export_csv(tickets: &[ExportedTicket]) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(EXPORT_COLUMNS.iter().map(|(_, name)| *name))?;
    for ticket in tickets {
        writer.write_record(EXPORT_COLUMNS.iter().map(|(column, _)| cell(ticket, *column)))?;
    }
    Ok(String::from_utf8(writer.into_inner().map_err(|e| e.into_error())?)?)
}

/// One `esc show --json` object per line.
pub fn export_jsonl(tickets: &[ExportedTicket]) -> anyhow::Result<String> {
    let mut text = String::new();
    for ticket in tickets {
        text.push_str(&serde_json::to_string(&Versioned::new(TicketView::new(&ticket.ticket)))?);
        text.push('\n');
    }
    Ok(text)
}

fn cell(exported: &ExportedTicket, column: Column) -> String {
    let t = &exported.ticket.file.ticket;
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let at = |moment: &Option<Moment>| moment.as_ref().map(|m| format_timestamp(&m.at)).unwrap_or_default();
    let by = |moment: &Option<Moment>| moment.as_ref().map(|m| m.by.clone()).unwrap_or_default();
    match column {
        Column::Key => t.id.to_string(),
        Column::Source => text(&exported.source),
        Column::Title => t.title.clone(),
        Column::Body => exported.ticket.file.body().to_string(),
        Column::Created => format_timestamp(&t.created),
        Column::Updated => format_timestamp(&exported.updated),
        Column::Reporter => text(&t.reporter),
        Column::Assignee => text(&t.assignee),
        Column::Status => t.status.to_string(),
        Column::WaitingOn => t.waiting_on.map(|w| w.to_string()).unwrap_or_default(),
        Column::Priority => text(&t.priority),
        Column::Severity => text(&t.severity),
        Column::Type => text(&t.kind),
        Column::Category => text(&t.category),
        Column::Impact => text(&t.impact),
        Column::Urgency => text(&t.urgency),
        Column::Labels => t.labels.join(","),
        Column::Customer => text(&t.customer),
        Column::Level => t.level.clone(),
        Column::Team => text(&t.team),
        Column::Acknowledged => at(&exported.acknowledged),
        Column::AcknowledgedBy => by(&exported.acknowledged),
        Column::Escalated => at(&exported.escalated),
        Column::EscalatedBy => by(&exported.escalated),
        Column::Resolved => at(&exported.resolved),
        Column::ResolvedBy => by(&exported.resolved),
        Column::Closed => at(&exported.closed),
        Column::ClosedBy => by(&exported.closed),
        Column::Resolution => text(&t.resolution),
        Column::RootCause => text(&t.root_cause),
        Column::ResolutionCode => text(&t.resolution_code),
    }
}
