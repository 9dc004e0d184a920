use std::path::Path;

use esc::clock::{self, TimeInput};
use esc::ops::stats::{StatsRequest, stats};
use esc::stats::GroupBy;

use crate::cli::commands::{fail_if_incomplete, parse_now, workspace};
use crate::cli::views::stats::{ReportView, TrendView, report_csv, report_text, trend_csv, trend_text};
use crate::cli::{Outcome, Ui};

/// Team metrics over a period: volume, MTTA, MTTR, SLA compliance, escalations.
///
/// Team metrics over a period: tickets opened and resolved, backlog and its age, time to
/// acknowledge and to resolve (MTTA, MTTR: mean, p50, p90, wall and working time), SLA
/// compliance per clock, escalation rate, reasons and paths, first-contact resolution, reopen
/// rate, review timeliness and open action items. docs/metrics.md defines every figure.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc stats --since 2026-11-01 --until 2026-12-01
  esc stats --by team                 one row per team, then the total
  esc stats --trend week --csv        one row per ISO week, for a spreadsheet")]
pub struct Args {
    /// Start of the period, inclusive: RFC 3339, a date (YYYY-MM-DD: its midnight in the
    /// display zone), today, yesterday or how long ago (7d, 2w ago). Default: the first
    /// ticket's creation.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    since: Option<TimeInput>,
    /// End of the period, exclusive: as --since, a date or day meaning the end of that day.
    /// Default, and at the latest: now.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    until: Option<TimeInput>,
    /// One row per value of this ticket field (as it stood at the end of the period), then
    /// the total.
    #[arg(long, value_enum, value_name = "FIELD")]
    by: Option<ByField>,
    /// One row per ISO week (Monday 00:00 UTC) of the period instead.
    #[arg(long, value_enum, value_name = "PERIOD", conflicts_with = "by")]
    trend: Option<Trend>,
    /// Print CSV: a header line, then one row per group and the total (or per week).
    #[arg(long)]
    csv: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ByField {
    Level,
    Team,
    Assignee,
    Category,
    Priority,
    Type,
    Customer,
}

impl From<ByField> for GroupBy {
    fn from(field: ByField) -> GroupBy {
        match field {
            ByField::Level => GroupBy::Level,
            ByField::Team => GroupBy::Team,
            ByField::Assignee => GroupBy::Assignee,
            ByField::Category => GroupBy::Category,
            ByField::Priority => GroupBy::Priority,
            ByField::Type => GroupBy::Type,
            ByField::Customer => GroupBy::Customer,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Trend {
    Week,
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    if args.csv && ui.json {
        anyhow::bail!("--csv and --json cannot be combined: pick one");
    }
    let now = clock::now(None)?.at;
    let workspace = workspace(dir)?;
    let zone = ui.zone(&workspace.config);
    let since = args.since.map(|t| t.resolve(now, &zone)).transpose().map_err(|e| anyhow::anyhow!("--since: {e}"))?;
    let until =
        args.until.map(|t| t.resolve_end(now, &zone)).transpose().map_err(|e| anyhow::anyhow!("--until: {e}"))?;
    let request = StatsRequest { since, until, by: args.by.map(GroupBy::from), weekly: args.trend.is_some() };
    let spinner = ui.spinner("reading tickets");
    let stats = stats(&workspace, &request, now);
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    let stats = stats?;
    let period = &stats.report.period;
    match (args.trend.is_some(), ui.json, args.csv) {
        (true, true, _) => ui.print_json(&TrendView::new(period, &stats.weeks))?,
        (true, _, true) => ui.print(&trend_csv(&stats.weeks))?,
        (true, _, _) => ui.print(&trend_text(ui, period, &stats.weeks))?,
        (false, true, _) => ui.print_json(&ReportView::new(&stats.report))?,
        (false, _, true) => ui.print(&report_csv(&stats.report))?,
        (false, _, _) => ui.print(&report_text(ui, &stats.report))?,
    }
    fail_if_incomplete(ui, "the report", &stats.unreadable)?;
    Ok(Outcome::Success)
}
