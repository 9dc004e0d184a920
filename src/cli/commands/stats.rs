use std::path::{Path, PathBuf};

use esc::clock::{self, TimeInput};
use esc::ops::stats::{StatsRequest, stats};
use esc::stats::GroupBy;

use crate::cli::commands::{fail_if_incomplete, parse_now, workspace, write_whole};
use crate::cli::views::stats::{
    ReportView, TrendView, report_csv, report_openmetrics, report_text, trend_csv, trend_text,
};
use crate::cli::{Outcome, Ui};

/// Team metrics over a period: volume, MTTA, MTTR, SLA compliance, escalations.
///
/// Team metrics over a period: tickets opened and resolved, backlog and its age, time to
/// acknowledge and to resolve (MTTA, MTTR: mean, p50, p90, wall and working time), SLA
/// compliance per clock, escalation rate, reasons and paths, first-contact resolution, reopen
/// rate, satisfaction (CSAT), review timeliness and open action items. docs/metrics.md defines
/// every figure; --format openmetrics writes them for a Prometheus textfile collector.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc stats --since 2026-11-01 --until 2026-12-01
  esc stats --by team                 one row per team, then the total
  esc stats --trend week --csv        one row per ISO week, for a spreadsheet
  esc stats --since 7d --format openmetrics --out /var/lib/node_exporter/esc.prom")]
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
    /// Print CSV: a header line, then one row per group and the total (or per week); the
    /// same as --format csv.
    #[arg(long)]
    csv: bool,
    /// What to write: tables, JSON (same as --json), CSV (same as --csv) or the OpenMetrics
    /// text format for a Prometheus textfile collector [default: human].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Write the CSV or OpenMetrics text to FILE instead of stdout (replaced whole, never half
    /// written, so a collector never reads half a file).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
    Csv,
    Openmetrics,
}

impl Format {
    fn name(self) -> String {
        clap::ValueEnum::to_possible_value(&self).map(|v| v.get_name().to_string()).unwrap_or_default()
    }
}

/// The one format asked for by --format, --json and --csv, which must agree.
fn chosen_format(args: &Args, json: bool) -> anyhow::Result<Format> {
    let usage = |message: String| esc::error::Error::Usage { message, hint: "pick one".into() };
    let shorthand = match (json, args.csv) {
        (true, true) => return Err(usage("--csv and --json cannot be combined".into()).into()),
        (true, false) => Some((Format::Json, "--json")),
        (false, true) => Some((Format::Csv, "--csv")),
        (false, false) => None,
    };
    let format = match (shorthand, args.format) {
        (Some((implied, flag)), Some(format)) if format != implied => {
            return Err(usage(format!("{flag} and --format {} ask for two outputs", format.name())).into());
        }
        (Some((implied, _)), _) => implied,
        (None, format) => format.unwrap_or(Format::Human),
    };
    if args.trend.is_some() && format == Format::Openmetrics {
        return Err(esc::error::Error::Usage {
            message: "--format openmetrics writes the figures of the period, not a trend".into(),
            hint: "drop --trend; a dashboard draws the trend from the samples it scrapes".into(),
        }
        .into());
    }
    if args.out.is_some() && !matches!(format, Format::Csv | Format::Openmetrics) {
        return Err(esc::error::Error::Usage {
            message: format!("--out writes CSV or OpenMetrics text, not {}", format.name()),
            hint: "add --format openmetrics or --csv".into(),
        }
        .into());
    }
    Ok(format)
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
    let format = chosen_format(&args, ui.json)?;
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
    let trend = args.trend.is_some();
    if format == Format::Json && trend {
        ui.print_json(&TrendView::new(period, &stats.weeks))?;
    } else if format == Format::Json {
        ui.print_json(&ReportView::new(&stats.report))?;
    } else {
        let text = match (trend, format) {
            (true, Format::Csv) => trend_csv(&stats.weeks),
            (true, _) => trend_text(ui, period, &stats.weeks),
            (false, Format::Csv) => report_csv(&stats.report),
            (false, Format::Openmetrics) => report_openmetrics(&stats.report),
            (false, _) => report_text(ui, &stats.report),
        };
        match &args.out {
            Some(file) => write_whole(&dir.join(file), &text)?,
            None => ui.print(&text)?,
        }
    }
    fail_if_incomplete(ui, "the report", &stats.unreadable)?;
    Ok(Outcome::Success)
}
