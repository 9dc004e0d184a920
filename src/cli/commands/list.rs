use std::path::Path;

use esc::ops::query::{ListFilter, list};

use crate::cli::commands::{parse_statuses, report_unreadable, workspace};
use crate::cli::views::ticket::{TicketView, ticket_table};
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
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
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
    if ui.json {
        let views: Vec<TicketView> = outcome.tickets.iter().map(TicketView::new).collect();
        ui.print_json(&views)?;
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
