use std::path::Path;

use esc::clock::{self, TimeInput};
use esc::ops::query::{ListFilter, ListOrder, ListRequest, list};
use esc::policy::Names;

use crate::cli::commands::{check_filters, mine, parse_now, parse_statuses, report_unreadable, workspace};
use crate::cli::views::ticket::{
    SelectedListView, SelectedTicket, TicketListView, TicketView, ticket_keys, ticket_table,
};
use crate::cli::{Outcome, Ui};

/// List tickets, most urgent first (priority, then severity, then the oldest).
///
/// Shows open tickets unless --all or --status is given. Repeat a filter to accept several
/// values; different filters must all match. Values are checked against the policy: a typo
/// is an error, not an empty list. DUE is the nearest time a running SLA clock comes due
/// (in the past when it is breached).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc list                              open tickets, most urgent first
  esc list --mine --sort due            my tickets, the nearest deadline first
  esc list --level L2 --priority P1     P1 tickets at L2
  esc list --all --customer Acme --limit 20
  esc list --all --json | jq '.[].id'")]
pub struct Args {
    /// Include resolved and closed tickets.
    #[arg(long, short = 'a')]
    all: bool,
    /// Only this status (new, acknowledged, in_progress, waiting, resolved, closed).
    #[arg(long)]
    status: Vec<String>,
    /// Only this severity (from the policy, e.g. sev1).
    #[arg(long)]
    severity: Vec<String>,
    /// Only this priority (from the policy, e.g. P1).
    #[arg(long)]
    priority: Vec<String>,
    /// Only tickets at this level (L1, L2, L3, a team or a vendor level).
    #[arg(long)]
    level: Vec<String>,
    /// Only tickets assigned to this person: a name, a word of it, an email or its part before @
    /// (case-insensitive).
    #[arg(long, value_name = "WHO")]
    assignee: Vec<String>,
    /// Only tickets assigned to you (your git identity's email).
    #[arg(long)]
    mine: bool,
    /// Only tickets carrying this label (repeat: all of them).
    #[arg(long)]
    label: Vec<String>,
    /// Only tickets of this type (from the policy: incident, problem, …).
    #[arg(long = "type", value_name = "TYPE")]
    kind: Vec<String>,
    /// Only tickets of this customer (case-insensitive).
    #[arg(long)]
    customer: Vec<String>,
    /// Only tickets in this category (from the policy).
    #[arg(long)]
    category: Vec<String>,
    /// Only tickets of this team (from the policy).
    #[arg(long)]
    team: Vec<String>,
    /// Order: priority (then severity, then age), due (nearest SLA due time first), age
    /// (oldest first) or updated (most recently changed first).
    #[arg(long, value_enum, default_value = "priority")]
    sort: SortArg,
    /// Show at most this many tickets (after sorting).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Work out due times at this instant instead of now (RFC 3339, a date, today, 2h ago);
    /// overrides ESC_NOW.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    now: Option<TimeInput>,
    /// With --json: only these keys of each ticket, in this order (comma-separated, such as
    /// id,title,priority); leaves out the bodies and histories a long list does not need.
    #[arg(long, value_name = "KEYS", value_delimiter = ',')]
    fields: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SortArg {
    Priority,
    Due,
    Age,
    Updated,
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let fields = selected_fields(&args.fields, ui.json)?;
    let workspace = workspace(dir)?;
    check_filters(
        &workspace,
        &[
            (Names::Severity, &args.severity),
            (Names::Priority, &args.priority),
            (Names::Level, &args.level),
            (Names::Type, &args.kind),
            (Names::Category, &args.category),
            (Names::Team, &args.team),
        ],
    )?;
    let mut assignees = args.assignee;
    if args.mine {
        assignees.push(mine(&workspace)?);
    }
    let filter = ListFilter {
        statuses: parse_statuses(&args.status)?,
        severities: args.severity,
        priorities: args.priority,
        levels: args.level,
        assignees,
        labels: args.label,
        kinds: args.kind,
        categories: args.category,
        teams: args.team,
        customers: args.customer,
        all: args.all,
    };
    let order = match args.sort {
        SortArg::Priority => ListOrder::Priority,
        SortArg::Due => ListOrder::Due,
        SortArg::Age => ListOrder::Age,
        SortArg::Updated => ListOrder::Updated,
    };
    // The table shows due times; JSON carries whole tickets and needs none.
    let zone = ui.zone(&workspace.config);
    let due_at = match !ui.json || order == ListOrder::Due {
        true => Some(clock::now_from(args.now.as_ref(), &zone)?.at),
        false => None,
    };
    let outcome = list(&workspace, &filter, &ListRequest { order, limit: args.limit, due_at })?;
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
        ui.print(&ticket_table(ui, &outcome.tickets, &outcome.dues, due_at, &zone))?;
        if outcome.matched > outcome.tickets.len() {
            ui.status(&format!("list: {} more (--limit)", outcome.matched - outcome.tickets.len()));
        }
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
