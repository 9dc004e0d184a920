use std::path::PathBuf;

use clap::ValueEnum;

use esc::ops::export::export;

use crate::cli::commands::{fail_if_incomplete, parse_statuses, workspace, write_whole};
use crate::cli::views::export::{export_csv, export_jsonl};
use crate::cli::{Outcome, Ui};

/// Write every ticket as CSV or JSON Lines, for spreadsheets, other tools or esc import.
///
/// CSV: a header, then one row per ticket with its state and the times of its lifecycle
/// (acknowledged, escalated, resolved, closed, with who), in the columns `esc import csv`
/// reads, so an export imports into another repository as it is. JSON Lines: one ticket per
/// line, the object `esc show --json` prints. Tickets in id order.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc export > tickets.csv                     every ticket as CSV
  esc export --format jsonl --out tickets.jsonl
  esc export --status resolved --status closed")]
pub struct Args {
    /// csv (a header and one row per ticket) or jsonl (one ticket object per line).
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    format: ExportFormat,
    /// Write to FILE (relative to -C DIR; written whole) instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Only tickets in this status (repeatable); every ticket without it.
    #[arg(long, value_name = "STATUS")]
    status: Vec<String>,
}

/// What `esc export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExportFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// JSON Lines: one JSON object per line.
    Jsonl,
}

pub fn run(dir: &std::path::Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(dir)?;
    let statuses = parse_statuses(&args.status)?;
    let (tickets, unreadable) = export(&workspace, &statuses)?;
    let text = match args.format {
        ExportFormat::Csv => export_csv(&tickets)?,
        ExportFormat::Jsonl => export_jsonl(&tickets)?,
    };
    match &args.out {
        None => ui.print(&text)?,
        Some(out) => {
            write_whole(&dir.join(out), &text)?;
            let n = tickets.len();
            ui.status(&format!(
                "export: {n} ticket{} to {}",
                esc::text::plural(n),
                esc::text::escape_line(&out.display().to_string())
            ));
        }
    }
    // A backup that silently lacks a ticket is worse than none.
    fail_if_incomplete(ui, "the export", &unreadable)?;
    Ok(Outcome::Success)
}
