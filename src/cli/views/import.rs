//! `esc import`: a line per record imported or skipped, the summary, and `--json`.

use schemars::JsonSchema;
use serde::Serialize;

use esc::ops::import::{ImportOptions, ImportReport, Problem, RecordOutcome, RecordReport};
use esc::text::{escape_line, plural};

use crate::cli::views::ticket::EventView;

/// The plan (with `--dry-run`) or what was done, record by record.
#[derive(Serialize, JsonSchema)]
pub struct ImportView<'a> {
    /// `csv`, `github`, `jira` or `zendesk`.
    format: &'static str,
    /// The file as given (`-`: standard input).
    file: &'a str,
    /// Nothing was written or committed.
    dry_run: bool,
    /// One commit for the whole import.
    batch: bool,
    new: usize,
    updated: usize,
    unchanged: usize,
    skipped: usize,
    /// Commits made.
    commits: usize,
    records: Vec<RecordView<'a>>,
}

/// One source record.
#[derive(Serialize, JsonSchema)]
struct RecordView<'a> {
    /// Where it is in the file: `export.csv:4`, `issues.json: record 3`.
    place: &'a str,
    /// Its key with the source's scheme (`jira:JIRA-123`); null when it has none.
    source: Option<&'a str>,
    title: Option<&'a str>,
    /// `new`, `updated`, `unchanged` or `skipped`.
    outcome: &'static str,
    /// The ticket; null when skipped, and for a new one in a dry run.
    id: Option<&'a str>,
    path: Option<&'a str>,
    /// The history entries it wrote (or would write), as in `esc show --json`.
    events: Vec<EventView<'a>>,
    /// Why it was skipped.
    problem: Option<&'a str>,
    hint: Option<&'a str>,
}

impl<'a> ImportView<'a> {
    pub fn new(report: &'a ImportReport, options: &'a ImportOptions) -> ImportView<'a> {
        ImportView {
            format: options.format.as_str(),
            file: &options.file_name,
            dry_run: options.dry_run,
            batch: options.batch,
            new: report.count(RecordOutcome::New),
            updated: report.count(RecordOutcome::Updated),
            unchanged: report.count(RecordOutcome::Unchanged),
            skipped: report.count(RecordOutcome::Skipped),
            commits: report.commits,
            records: report.records.iter().map(RecordView::new).collect(),
        }
    }
}

impl<'a> RecordView<'a> {
    fn new(record: &'a RecordReport) -> RecordView<'a> {
        RecordView {
            place: &record.place,
            source: record.source.as_deref(),
            title: record.title.as_deref(),
            outcome: record.outcome.as_str(),
            id: record.id.as_deref(),
            path: record.path.as_deref(),
            events: record.events.iter().map(EventView::new).collect(),
            problem: record.problem.as_ref().map(|p| p.message.as_str()),
            hint: record.problem.as_ref().and_then(|p| p.hint.as_deref()),
        }
    }
}

/// `new ESC-7K2M9QXA jira:JIRA-101: title` (a dry run: `would import jira:JIRA-101: title`).
pub fn record_line(record: &RecordReport, dry_run: bool) -> String {
    let source = escape_line(record.source.as_deref().unwrap_or("-"));
    let title = escape_line(record.title.as_deref().unwrap_or_default());
    let entries = record.events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>().join(", ");
    match (record.outcome, dry_run) {
        (RecordOutcome::New, true) => format!("would import {source}: {title} ({entries})"),
        (RecordOutcome::Updated, true) => {
            format!("would update {} from {source}: {entries}", record.id.as_deref().unwrap_or("-"))
        }
        (RecordOutcome::New, false) => {
            format!("new {} {source}: {title} ({entries})", record.id.as_deref().unwrap_or("-"))
        }
        (_, _) => format!("updated {} from {source}: {entries}", record.id.as_deref().unwrap_or("-")),
    }
}

/// `skipped jira.csv:5 jira:JIRA-104: unknown priority 'Blocker'; map it with …`: the
/// place, the key, what is wrong and how to fix it, on one line.
pub fn problem_line(problem: &Problem) -> String {
    let key = problem.source.as_deref().map(|s| format!(" {}", escape_line(s))).unwrap_or_default();
    let hint = problem.hint.as_deref().map(|h| format!("; {}", escape_line(h))).unwrap_or_default();
    format!("skipped {}{key}: {}{hint}", escape_line(&problem.place), escape_line(&problem.message))
}

/// `imported 4 new, 1 updated, 2 unchanged; 1 record skipped (5 commits)`.
pub fn summary_line(report: &ImportReport, dry_run: bool) -> String {
    let (new, updated, unchanged, skipped) = (
        report.count(RecordOutcome::New),
        report.count(RecordOutcome::Updated),
        report.count(RecordOutcome::Unchanged),
        report.count(RecordOutcome::Skipped),
    );
    let verb = if dry_run { "would import" } else { "imported" };
    let mut line = format!("{verb} {new} new, {updated} updated, {unchanged} unchanged");
    if skipped > 0 {
        line.push_str(&format!("; {skipped} record{} skipped", plural(skipped)));
    }
    if !dry_run {
        line.push_str(&format!(" ({} commit{})", report.commits, plural(report.commits)));
    }
    line
}
