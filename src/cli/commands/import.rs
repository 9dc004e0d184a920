use std::io::Read as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::ValueEnum;

use esc::ops::import::csv::parse_map;
use esc::ops::import::{Format, ImportOptions, RecordOutcome, ValueOverride, import};
use esc::text::{escape_line, plural};

use crate::cli::commands::{Context, workspace};
use crate::cli::views::import::{ImportView, problem_line, record_line, summary_line};
use crate::cli::{Outcome, Ui};

/// Import tickets from a CSV, GitHub issues, Jira or Zendesk export, history included.
///
/// Each record becomes a ticket whose history is backfilled at the source's own times
/// (opened, acknowledged, escalated, resolved, closed), with its original key in `source:`
/// (jira:JIRA-123, github:owner/repo#12, zendesk:4711, csv:KEY). Importing the same export
/// again changes nothing; a record that moved on in the source gets only the new entries.
/// A record esc cannot map is skipped with one line saying why, the others are imported,
/// and the exit code is 2. docs/import.md has the formats and the mapping.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc import jira jira-export.csv --dry-run          what would be imported, writing nothing
  esc import jira jira-export.csv --value priority:Blocker=P1
  gh issue list --state all --json number,title,body,state,createdAt,updatedAt,closedAt,author,assignees,labels,url \\
    | esc import github -
  esc import csv tickets.csv --map key=Ref,title=Subject,created=Opened --batch")]
pub struct Args {
    /// The export's format.
    #[arg(value_enum)]
    format: FormatArg,
    /// The export file (relative to -C DIR); - reads standard input.
    file: PathBuf,
    /// Which column holds which field, FIELD=COLUMN[,…] (csv and jira; repeatable): key,
    /// title, body, created, updated, status, priority, assignee, labels, … (docs/import.md).
    #[arg(long, value_name = "FIELD=COLUMN")]
    map: Vec<String>,
    /// Map a source value to esc's, FIELD:SOURCE=ESC (repeatable): status, priority,
    /// severity, type, category, impact, urgency, level, team, resolution_code.
    #[arg(long, value_name = "FIELD:SOURCE=ESC")]
    value: Vec<String>,
    /// Print what would be imported; write and commit nothing.
    #[arg(long)]
    dry_run: bool,
    /// One commit for the whole import instead of one per ticket.
    #[arg(long)]
    batch: bool,
}

/// The formats, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// Any CSV with a header (--map names the columns; esc export's by default).
    Csv,
    /// The JSON of `gh issue list --json …`.
    Github,
    /// Jira's CSV export.
    Jira,
    /// Zendesk's JSON export ({"tickets": […], "users": […]}).
    Zendesk,
}

impl FormatArg {
    fn format(self) -> Format {
        match self {
            FormatArg::Csv => Format::Csv,
            FormatArg::Github => Format::Github,
            FormatArg::Jira => Format::Jira,
            FormatArg::Zendesk => Format::Zendesk,
        }
    }
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(&context.dir)?;
    let format = args.format.format();
    let mut columns = Vec::new();
    for map in &args.map {
        columns.extend(parse_map(map)?);
    }
    if !columns.is_empty() && !matches!(format, Format::Csv | Format::Jira) {
        return Err(esc::error::Error::Usage {
            message: format!("--map is for csv and jira; {format} exports name their fields themselves"),
            hint: "map values with --value FIELD:SOURCE=ESC".into(),
        }
        .into());
    }
    let values =
        args.value.iter().map(|v| ValueOverride::parse(v, &workspace.config)).collect::<Result<Vec<_>, _>>()?;
    let file_name = args.file.display().to_string();
    let text = read_input(&context.dir, &args.file)?;
    let now = esc::clock::now(None)?;
    let options = ImportOptions {
        format,
        file_name: file_name.clone(),
        columns,
        values,
        dry_run: args.dry_run,
        batch: args.batch,
    };
    let report = import(&workspace, &text, &options, now)?;

    for record in &report.records {
        match (&record.problem, ui.json) {
            (Some(problem), _) => ui.status(&problem_line(problem)),
            (None, false) if record.outcome != RecordOutcome::Unchanged => {
                ui.print(&record_line(record, args.dry_run))?
            }
            _ => {}
        }
    }
    if ui.json {
        ui.print_json(&ImportView::new(&report, &options))?;
    }
    ui.status(&summary_line(&report, args.dry_run));
    let skipped = report.count(RecordOutcome::Skipped);
    if skipped > 0 {
        return Err(esc::error::Error::Stopped {
            what: format!(
                "{skipped} record{} of {} could not be imported",
                plural(skipped),
                escape_line(&file_name)
            ),
            hint: "the lines above say why; the other records are imported, and importing the file again after fixing or mapping them (--value, --map) leaves those unchanged".into(),
        }
        .into());
    }
    Ok(Outcome::Success)
}

/// The export's text: the file, or standard input for `-`.
fn read_input(dir: &std::path::Path, file: &std::path::Path) -> anyhow::Result<String> {
    let shown = escape_line(&file.display().to_string());
    let bytes = if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).context("cannot read standard input")?;
        bytes
    } else {
        std::fs::read(dir.join(file)).with_context(|| format!("cannot read {shown}"))?
    };
    String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|b| **b == b'\n').count();
        esc::error::Error::Stopped {
            what: format!("{shown}:{line}: the file is not UTF-8 text"),
            hint: "export as UTF-8 (most tools offer it), or convert it: iconv -f WINDOWS-1252 -t UTF-8".into(),
        }
        .into()
    })
}
