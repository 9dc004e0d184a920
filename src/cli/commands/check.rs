use std::path::{Path, PathBuf};

use esc::clock::{self, TimeInput};
use esc::ops::check::{CheckFilter, FailOn, check};

use crate::cli::commands::{Format, check_filters, fail_if_incomplete, parse_now, workspace, write_whole};
use crate::cli::views::check::{
    CheckView, check_summary, check_table, github_annotations, github_summary, junit_xml, review_table,
};
use crate::cli::{Outcome, Ui};

/// Check SLA clocks and reviews, for CI: exit 1 on a breach or an overdue review.
///
/// Check every open ticket's SLA clocks and the post-incident reviews, for CI: lists
/// breached and warning clocks, furthest over first, then missing, unpublished and overdue
/// reviews and overdue action items. Exits 0 when nothing fails, 1 when a clock is breached
/// or a review or action item is overdue (or anything is found, with --fail-on warning), 2
/// on a config or data error.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc check                                   the table; exit 1 on a breach
  esc check --format github                   annotations in a GitHub Actions job
  esc check --team database --priority P1     one team's most urgent tickets
  esc check --now 2026-11-24T10:15:00Z        the verdict at a past instant")]
pub struct Args {
    /// Check at this instant instead of now (RFC 3339, a date, today, 2h ago: docs/config.md);
    /// overrides ESC_NOW.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    now: Option<TimeInput>,
    /// How to report on stdout: a table, JSON (same as --json), GitHub Actions annotations or
    /// JUnit XML [default: human].
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Also write the JUnit XML report to FILE, in the same run (replaced whole, never half
    /// written).
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Also write a Markdown summary to FILE, such as "$GITHUB_STEP_SUMMARY" (replaced whole,
    /// never half written).
    #[arg(long, value_name = "FILE")]
    github_summary: Option<PathBuf>,
    /// What fails the check.
    #[arg(long, value_enum, default_value = "breach")]
    fail_on: FailOnArg,
    /// Only tickets of this team (repeat for several).
    #[arg(long)]
    team: Vec<String>,
    /// Only tickets at this level (repeat for several).
    #[arg(long)]
    level: Vec<String>,
    /// Only tickets of this priority (repeat for several).
    #[arg(long)]
    priority: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOnArg {
    Breach,
    Warning,
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let format = Format::chosen(
        args.format,
        ui.json,
        "pick one; --junit FILE and --github-summary FILE write the others beside it",
    )?;
    let workspace = workspace(dir)?;
    let now = clock::now_from(args.now.as_ref(), &ui.zone(&workspace.config))?.at;
    use esc::policy::Names;
    check_filters(
        &workspace,
        &[(Names::Team, &args.team), (Names::Level, &args.level), (Names::Priority, &args.priority)],
    )?;
    let filter = CheckFilter { teams: args.team, levels: args.level, priorities: args.priority };
    let spinner = ui.spinner("checking tickets");
    let report = check(&workspace, &filter, now);
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    let report = report?;
    let fail_on = match args.fail_on {
        FailOnArg::Breach => FailOn::Breach,
        FailOnArg::Warning => FailOn::Warning,
    };
    if let Some(file) = &args.junit {
        write_whole(&dir.join(file), &junit_xml(&report, fail_on))?;
    }
    if let Some(file) = &args.github_summary {
        write_whole(&dir.join(file), &github_summary(&report, fail_on))?;
    }
    match format {
        Format::Human => {
            let clocks = check_table(ui, &report.findings());
            let reviews = review_table(ui, &report);
            let gap = if clocks.is_empty() || reviews.is_empty() { "" } else { "\n" };
            ui.print(&format!("{clocks}{gap}{reviews}"))?;
            ui.status(&check_summary(&report));
        }
        Format::Json => ui.print_json(&CheckView::new(&report, fail_on))?,
        Format::Github => {
            ui.print(&github_annotations(&report, fail_on))?;
            ui.status(&check_summary(&report));
        }
        Format::Junit => ui.print(&junit_xml(&report, fail_on))?,
    }
    fail_if_incomplete(ui, "the check", &report.unreadable)?;
    Ok(if report.failed(fail_on) { Outcome::Findings } else { Outcome::Success })
}
