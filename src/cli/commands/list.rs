use std::path::Path;

use esc::ops::query::{ListFilter, list};

use crate::cli::commands::{parse_statuses, report_unreadable, workspace};
use crate::cli::views::ticket::{
    SelectedListView, SelectedTicket, TicketListView, TicketView, ticket_keys, ticket_table,
};
use crate::cli::{Outcome, Ui};

/// List tickets, most urgent first (priority, then severity, then the oldest).
///
/// Shows open tickets unless --all or --status is given. Repeat a filter to accept several
/// values; different filters must all match.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Include resolved and closed tickets.
    #[arg(long, short = 'a')]
    all: bool,
    /// Only this status (new, acknowledged, in_progress, waiting, resolved, closed).
    #[arg(long)]
    status: Vec<String>,
    #[arg(long)]
    severity: Vec<String>,
    #[arg(long)]
    priority: Vec<String>,
    #[arg(long)]
    level: Vec<String>,
    #[arg(long)]
    assignee: Vec<String>,
    /// Only tickets carrying this label (repeat: all of them).
    #[arg(long)]
    label: Vec<String>,
    #[arg(long = "type", value_name = "TYPE")]
    kind: Vec<String>,
    /// With --json: only these keys of each ticket, in this order (comma-separated, such as
    /// id,title,priority); leaves out the bodies and histories a long list does not need.
    #[arg(long, value_name = "KEYS", value_delimiter = ',')]
    fields: Vec<String>,
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let fields = selected_fields(&args.fields, ui.json)?;
    let workspace = workspace(dir)?;
    let filter = ListFilter {
        statuses: parse_statuses(&args.status)?,
        severities: args.severity,
        priorities: args.priority,
        levels: args.level,
        assignees: args.assignee,
        labels: args.label,
        kinds: args.kind,
        all: args.all,
    };
    let outcome = list(&workspace, &filter)?;
    report_unreadable(ui, &outcome.unreadable);
    if ui.json && !fields.is_empty() {
        let tickets = outcome.tickets.iter().map(|t| SelectedTicket { view: TicketView::new(t), fields: &fields });
        ui.print_json(&SelectedListView { tickets: tickets.collect() })?;
    } else if ui.json {
        ui.print_json(&TicketListView { tickets: outcome.tickets.iter().map(TicketView::new).collect() })?;
    } else if outcome.tickets.is_empty() {
        let filtered = filter != ListFilter { all: filter.all, ..ListFilter::default() };
        ui.status(match (filtered, filter.all) {
            (true, _) => "no tickets match these filters",
            (false, true) => "no tickets",
            (false, false) => "no open tickets (--all shows every ticket)",
        });
    } else {
        ui.print(&ticket_table(ui, &outcome.tickets))?;
    }
    // Every ticket is about to go with the process: freeing them one by one first would add
    // a tenth to a long list.
    std::mem::forget(outcome);
    Ok(Outcome::Success)
}

/// The `--fields` keys, each once, checked before any ticket is read: an unknown key is a
/// usage error naming the known ones (a typo must not print `null` for every ticket).
fn selected_fields(names: &[String], json: bool) -> anyhow::Result<Vec<String>> {
    if !names.is_empty() && !json {
        return Err(esc::error::Error::Usage {
            message: "--fields selects keys of the JSON output".into(),
            hint: "add --json".into(),
        }
        .into());
    }
    let known = ticket_keys();
    let mut fields: Vec<String> = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        if !known.iter().any(|key| key == name) {
            return Err(esc::error::Error::Usage {
                message: format!("--fields: unknown key '{}'", esc::text::escape_line(name)),
                hint: format!("the keys of a ticket: {}", known.join(",")),
            }
            .into());
        }
        if !fields.iter().any(|field| field == name) {
            fields.push(name.to_string());
        }
    }
    Ok(fields)
}
