//! `esc import FORMAT FILE`: tickets from another tool, with their history backfilled.
//!
//! Each source format (one file each) reads its export into neutral [`ImportRecord`]s; this
//! module maps their values to the policy's names, finds each record's ticket by its
//! `source:` key, plans it as new, updated, unchanged or skipped, and commits: one commit
//! per ticket, or one for the whole import. A second import of the same file plans every
//! record as unchanged and commits nothing.

mod backfill;
pub mod csv;
pub mod dates;
pub mod github;
pub mod jira;
pub mod values;
pub mod zendesk;

use std::collections::{BTreeMap, HashMap};

use crate::clock::{Now, Timestamp, format_timestamp};
use crate::error::{Error, Result};
use crate::ops::retry;
use crate::repo::Workspace;
use crate::repo::commit_message::{commit_message, repository_message};
use crate::repo::git::{Expected, FileChange};
use crate::text::{check_single_line, one_line, plural};
use crate::ticket::file::TicketFile;
use crate::ticket::{Event, Status, WaitingOn};

pub use values::{MappedField, ValueOverride};
use values::{Unmapped, ValueMap};

/// The front-matter key holding where an imported ticket came from (`jira:JIRA-123`).
pub const SOURCE_KEY: &str = "source";
/// The commit trailer naming the source record an import commit wrote.
pub const SOURCE_TRAILER: &str = "Esc-Source";
/// The action import commits carry (`Esc-Action: import`).
pub const IMPORT_ACTION: &str = "import";
/// Longest title esc keeps (as `esc open`).
const TITLE_MAX_CHARS: usize = 200;

crate::named_enum! {
    /// The exports esc reads.
    pub enum Format as "import format" {
        /// Any CSV with a header; `--map` names the columns.
        Csv = "csv",
        /// `gh issue list --json …`.
        Github = "github",
        /// Jira's CSV export.
        Jira = "jira",
        /// Zendesk's JSON export (`{"tickets": […], "users": […]}`).
        Zendesk = "zendesk",
    }
}

/// A time the source recorded, and who it says acted then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub at: Timestamp,
    pub by: Option<String>,
}

/// One source record in esc's terms, its values still as the source wrote them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportRecord {
    /// Where it is in the file, for messages: `export.csv:4`, `issues.json: record 3`.
    pub place: String,
    /// The source key with its scheme: `jira:JIRA-123`, `github:owner/repo#12`.
    pub source: String,
    pub title: Option<String>,
    pub body: String,
    pub created: Option<Timestamp>,
    /// The source's last change, standing in for the times of steps it does not date.
    pub updated: Option<Timestamp>,
    pub reporter: Option<String>,
    pub assignee: Option<String>,
    pub status: Option<String>,
    /// For a waiting ticket, what it waits on (`customer`, `vendor`), when the source says.
    pub waiting_on: Option<String>,
    pub priority: Option<String>,
    pub severity: Option<String>,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub impact: Option<String>,
    pub urgency: Option<String>,
    pub labels: Vec<String>,
    pub customer: Option<String>,
    pub level: Option<String>,
    pub team: Option<String>,
    pub acknowledged: Option<Stamp>,
    pub escalated: Option<Stamp>,
    pub resolved: Option<Stamp>,
    pub closed: Option<Stamp>,
    pub resolution: Option<String>,
    pub root_cause: Option<String>,
    pub resolution_code: Option<String>,
}

/// Why a record was not imported, and what would fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: String,
    /// The record's source key, when it has one.
    pub source: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    pub fn new(place: &str, source: Option<&str>, message: impl Into<String>) -> Problem {
        Problem { place: place.to_string(), source: source.map(str::to_string), message: message.into(), hint: None }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

/// A record read from a file, or why it could not be.
pub type Read = std::result::Result<ImportRecord, Problem>;

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub format: Format,
    /// The file's name as given (`-` is standard input), for messages.
    pub file_name: String,
    /// `--map FIELD=COLUMN` pairs (CSV and Jira).
    pub columns: Vec<(String, String)>,
    pub values: Vec<ValueOverride>,
    pub dry_run: bool,
    pub batch: bool,
}

crate::named_enum! {
    /// What an import did (or, in a dry run, would do) with one record.
    pub enum RecordOutcome as "import outcome" {
        New = "new",
        Updated = "updated",
        Unchanged = "unchanged",
        Skipped = "skipped",
    }
}

/// One record's part in the import.
#[derive(Debug, Clone)]
pub struct RecordReport {
    pub place: String,
    pub source: Option<String>,
    pub title: Option<String>,
    pub outcome: RecordOutcome,
    /// The ticket (none for a skipped record, nor for a new one in a dry run).
    pub id: Option<String>,
    pub path: Option<String>,
    /// The history entries written (or that would be).
    pub events: Vec<Event>,
    pub problem: Option<Problem>,
}

/// The whole import.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub records: Vec<RecordReport>,
    /// Commits made (0 in a dry run).
    pub commits: usize,
}

impl ImportReport {
    /// How many records had `outcome`.
    pub fn count(&self, outcome: RecordOutcome) -> usize {
        self.records.iter().filter(|r| r.outcome == outcome).count()
    }
}

/// The record's values mapped to esc's names: what the ticket should say.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    pub source: String,
    pub format: Format,
    pub title: String,
    pub body: String,
    pub created: Timestamp,
    pub updated: Option<Timestamp>,
    pub reporter: Option<String>,
    pub assignee: Option<String>,
    pub status: Status,
    /// The status as the source named it, for messages and entries.
    pub status_text: String,
    pub waiting_on: Option<WaitingOn>,
    pub kind: Option<String>,
    pub category: Option<String>,
    pub severity: Option<String>,
    pub impact: Option<String>,
    pub urgency: Option<String>,
    pub priority: Option<String>,
    pub customer: Option<String>,
    pub labels: Vec<String>,
    pub level: Option<String>,
    pub team: Option<String>,
    pub acknowledged: Option<Stamp>,
    pub escalated: Option<Stamp>,
    pub resolved: Option<Stamp>,
    pub closed: Option<Stamp>,
    pub resolution: Option<String>,
    pub root_cause: Option<String>,
    pub resolution_code: Option<String>,
}

/// Reads `text` as `options.format`, plans every record against the repository and, unless
/// it is a dry run, commits. A file that cannot be read at all is an error and nothing is
/// written; a record that cannot be mapped is skipped (its report says why) and the rest
/// are imported.
pub fn import(workspace: &Workspace, text: &str, options: &ImportOptions, now: Now) -> Result<ImportReport> {
    let file = options.file_name.as_str();
    let records = match options.format {
        Format::Csv => csv::read(text, file, &options.columns)?,
        Format::Jira => jira::read(text, file, &options.columns)?,
        Format::Github => github::read(text, file)?,
        Format::Zendesk => zendesk::read(text, file)?,
    };
    let runner = workspace.git.identity()?.to_string();
    let values = ValueMap { format: options.format, config: &workspace.config, overrides: &options.values };
    retry(|| {
        let sources = existing_sources(workspace)?;
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut taken: Vec<String> = workspace.ticket_paths()?.into_iter().map(|t| t.id).collect();
        let mut plans = Vec::new();
        for record in &records {
            let plan = match record {
                Err(problem) => Plan::Skipped(problem.clone()),
                Ok(record) => match seen.get(&record.source) {
                    Some(first) => Plan::Skipped(
                        Problem::new(&record.place, Some(&record.source), format!("the same key as {first}"))
                            .with_hint("each record of one import needs its own key; only the first one is read"),
                    ),
                    None => {
                        seen.insert(record.source.clone(), record.place.clone());
                        plan_record(workspace, &values, record, &sources, &mut taken, &runner, now.at)
                    }
                },
            };
            plans.push((record, plan));
        }
        commit(workspace, options, plans, now)
    })
}

/// What to do with one record.
enum Plan {
    New { file: TicketFile, path: String },
    Updated { file: TicketFile, path: String, expected: Expected, events: Vec<Event> },
    Unchanged { id: String, path: String },
    Skipped(Problem),
}

fn plan_record(
    workspace: &Workspace,
    values: &ValueMap,
    record: &ImportRecord,
    sources: &HashMap<String, Vec<String>>,
    taken: &mut Vec<String>,
    runner: &str,
    now: Timestamp,
) -> Plan {
    let problem = |message: String, hint: Option<String>| {
        let problem = Problem::new(&record.place, Some(&record.source), message);
        Plan::Skipped(match hint {
            Some(hint) => problem.with_hint(hint),
            None => problem,
        })
    };
    let target = match map_record(values, record, now) {
        Ok(target) => target,
        Err(problem) => return Plan::Skipped(problem),
    };
    let config = &workspace.config;
    match sources.get(&record.source).map(Vec::as_slice) {
        None | Some([]) => {
            // Unique among the tickets on disk and the ones this import draws.
            let id = match workspace.new_ticket_id_among(taken) {
                Ok(id) => id,
                Err(e) => return problem(e.to_string(), None),
            };
            taken.push(id.to_string());
            match backfill::new_ticket(config, &target, id, runner) {
                Ok(ticket) => {
                    let path = Workspace::ticket_relative_path(&ticket.id, &ticket.created);
                    match with_source(TicketFile::new(ticket, &target.body), &target.source) {
                        Ok(file) => Plan::New { file, path },
                        Err(e) => problem(e.to_string(), None),
                    }
                }
                Err(message) => problem(message, Some("fix the record in the source, or leave it out".into())),
            }
        }
        Some([path]) => {
            let loaded = workspace.load_with_bytes(&workspace.root.join(path));
            let (mut loaded, bytes) = match loaded {
                Ok(found) => found,
                Err(e) => return problem(e.to_string(), None),
            };
            let id = loaded.file.ticket.id.to_string();
            match backfill::update(config, &loaded.file.ticket, &target, runner, now) {
                Ok(events) if events.is_empty() => Plan::Unchanged { id, path: path.clone() },
                Ok(events) => {
                    for event in &events {
                        loaded.file.ticket.apply(event);
                        loaded.file.ticket.history.push(event.clone());
                    }
                    let expected = Expected::Committed(workspace.git.blob_id_of(&bytes));
                    Plan::Updated { file: loaded.file, path: path.clone(), expected, events }
                }
                Err((message, hint)) => problem(message, Some(hint)),
            }
        }
        Some(paths) => problem(
            format!("{} tickets carry source {}: {}", paths.len(), record.source, paths.join(", ")),
            Some("keep one of them (esc lint lists the files); then import again".into()),
        ),
    }
}

/// The values of `record` in esc's names, checked; a problem names the first that is wrong.
fn map_record(values: &ValueMap, record: &ImportRecord, now: Timestamp) -> std::result::Result<Target, Problem> {
    let problem = |message: String| Problem::new(&record.place, Some(&record.source), message);
    let unmapped = |u: Unmapped| problem(u.message).with_hint(u.hint);
    let mapped = |field: MappedField, value: &Option<String>| -> std::result::Result<Option<String>, Problem> {
        value.as_deref().map(|v| values.map(field, v)).transpose().map_err(unmapped)
    };
    let config = values.config;
    let title = record.title.as_deref().map(|t| one_line(t).trim().to_string()).unwrap_or_default();
    if title.is_empty() {
        return Err(problem("no title".into()).with_hint("give every record a title (--map title=COLUMN for a CSV)"));
    }
    if title.chars().count() > TITLE_MAX_CHARS {
        return Err(problem(format!(
            "the title is {} characters; esc keeps titles under {TITLE_MAX_CHARS}",
            title.chars().count()
        ))
        .with_hint("shorten it in the source"));
    }
    let created = record.created.ok_or_else(|| {
        problem("no creation time".into())
            .with_hint("give every record the time it was opened (--map created=COLUMN for a CSV)")
    })?;
    let status_text = record.status.clone().unwrap_or_else(|| "new".to_string());
    let (status, mut waiting_on) = values.status(&status_text).map_err(unmapped)?;
    if status == Status::Waiting
        && let Some(on) = &record.waiting_on
    {
        waiting_on =
            Some(on.parse().map_err(|_| {
                problem(format!("waiting on '{on}'")).with_hint("a ticket waits on customer or vendor")
            })?);
    }
    let severity = mapped(MappedField::Severity, &record.severity)?;
    let implied = severity.as_deref().and_then(|s| config.severities.get(s));
    let impact = mapped(MappedField::Impact, &record.impact)?.or_else(|| implied.map(|s| s.impact.clone()));
    let urgency = mapped(MappedField::Urgency, &record.urgency)?.or_else(|| implied.map(|s| s.urgency.clone()));
    let priority = match mapped(MappedField::Priority, &record.priority)? {
        Some(priority) => Some(priority),
        None => match (&impact, &urgency) {
            (Some(i), Some(u)) => config.priority_for(i, u).map(str::to_string),
            _ => None,
        },
    };
    let mut labels: Vec<String> = Vec::new();
    for label in &record.labels {
        let label: String = label.trim().chars().map(|c| if c.is_whitespace() || c == ',' { '-' } else { c }).collect();
        if !label.is_empty() && !labels.contains(&label) {
            labels.push(label);
        }
    }
    let target = Target {
        source: record.source.clone(),
        format: values.format,
        title,
        body: record.body.clone(),
        created,
        updated: record.updated,
        reporter: record.reporter.clone(),
        assignee: record.assignee.clone(),
        status,
        status_text,
        waiting_on,
        kind: mapped(MappedField::Type, &record.kind)?,
        category: mapped(MappedField::Category, &record.category)?,
        severity,
        impact,
        urgency,
        priority,
        customer: record.customer.clone(),
        labels,
        level: mapped(MappedField::Level, &record.level)?,
        team: mapped(MappedField::Team, &record.team)?,
        acknowledged: record.acknowledged.clone(),
        escalated: record.escalated.clone(),
        resolved: record.resolved.clone(),
        closed: record.closed.clone(),
        resolution: record.resolution.clone().map(|r| one_line(&r)),
        root_cause: record.root_cause.clone().map(|r| one_line(&r)),
        resolution_code: mapped(MappedField::ResolutionCode, &record.resolution_code)?,
    };
    check_text(&target).map_err(|e| problem(e.to_string()))?;
    let times = [("created", Some(created)), ("updated", target.updated)].into_iter().chain(
        [
            ("acknowledged", &target.acknowledged),
            ("escalated", &target.escalated),
            ("resolved", &target.resolved),
            ("closed", &target.closed),
        ]
        .into_iter()
        .map(|(what, stamp)| (what, stamp.as_ref().map(|s| s.at))),
    );
    for (what, at) in times {
        if let Some(at) = at.filter(|at| *at > now) {
            return Err(problem(format!(
                "{what} ({}) is after now ({})",
                format_timestamp(&at),
                format_timestamp(&now)
            ))
            .with_hint("esc does not record history in the future; check the time zone of the export"));
        }
        if let Some(at) = at.filter(|at| *at < created) {
            return Err(problem(format!(
                "{what} ({}) is before created ({})",
                format_timestamp(&at),
                format_timestamp(&created)
            ))
            .with_hint("fix the time in the source"));
        }
    }
    Ok(target)
}

/// People and free text must be one line without control characters, as esc's own.
fn check_text(target: &Target) -> Result<()> {
    for (field, value) in [
        ("reporter", &target.reporter),
        ("assignee", &target.assignee),
        ("customer", &target.customer),
        ("resolution", &target.resolution),
        ("root cause", &target.root_cause),
    ] {
        if let Some(value) = value {
            check_single_line(field, value)?;
        }
    }
    for stamp in [&target.acknowledged, &target.escalated, &target.resolved, &target.closed].into_iter().flatten() {
        if let Some(by) = &stamp.by {
            check_single_line("person", by)?;
        }
    }
    for label in &target.labels {
        check_single_line("label", label)?;
    }
    Ok(())
}

/// Every ticket's `source:`, to the files that carry it. A ticket that does not read stops
/// the import: it might be the one a record updates, and importing it again would duplicate it.
fn existing_sources(workspace: &Workspace) -> Result<HashMap<String, Vec<String>>> {
    let mut sources: HashMap<String, Vec<String>> = HashMap::new();
    for loaded in workspace.load_all()? {
        let loaded = loaded?;
        if let Some(source) = source_of(&loaded.file) {
            sources.entry(source).or_default().push(loaded.relative_path);
        }
    }
    Ok(sources)
}

/// The `source:` of a ticket file, if it has one.
pub fn source_of(file: &TicketFile) -> Option<String> {
    file.raw_block(SOURCE_KEY)?;
    #[derive(serde::Deserialize)]
    struct Source {
        source: Option<serde_json::Value>,
    }
    let value = file.document().decode::<Source>().ok()?.source?;
    match value {
        serde_json::Value::String(text) => Some(text),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// `file` with `source: SOURCE` in its front matter, before `history:`.
fn with_source(file: TicketFile, source: &str) -> Result<TicketFile> {
    let text = file.render().map_err(|e| Error::InvalidInput(e.message))?;
    let line = crate::frontmatter::to_yaml(&BTreeMap::from([(SOURCE_KEY, source)]));
    let text = text.replacen("\nhistory:\n", &format!("\n{line}history:\n"), 1);
    let file = TicketFile::parse(&text).map_err(|e| Error::InvalidInput(e.message))?;
    debug_assert_eq!(source_of(&file).as_deref(), Some(source));
    Ok(file)
}

/// One ticket file to commit, for the record at `record` of the report.
struct Change {
    record: usize,
    path: String,
    text: String,
    expected: Expected,
    message: String,
}

/// Commits the plans (unless a dry run) and reports every record.
fn commit(workspace: &Workspace, options: &ImportOptions, plans: Vec<(&Read, Plan)>, now: Now) -> Result<ImportReport> {
    let mut records = Vec::new();
    let mut changes: Vec<Change> = Vec::new();
    for (read, plan) in plans {
        let (source, title) = match read {
            Ok(r) => (Some(r.source.clone()), r.title.clone()),
            Err(p) => (p.source.clone(), None),
        };
        let place = match read {
            Ok(r) => r.place.clone(),
            Err(p) => p.place.clone(),
        };
        let mut report = RecordReport {
            place,
            source,
            title,
            outcome: RecordOutcome::Skipped,
            id: None,
            path: None,
            events: Vec::new(),
            problem: None,
        };
        match plan {
            Plan::Skipped(problem) => report.problem = Some(problem),
            Plan::Unchanged { id, path } => {
                (report.outcome, report.id, report.path) = (RecordOutcome::Unchanged, Some(id), Some(path));
            }
            Plan::New { file, path } => {
                let id = file.ticket.id.to_string();
                let text = file.render().map_err(|e| Error::in_file(&path, e))?;
                let source = report.source.clone().unwrap_or_default();
                let message = import_message(&id, &file.ticket.title, &source);
                changes.push(Change {
                    record: records.len(),
                    path: path.clone(),
                    text,
                    expected: Expected::Absent,
                    message,
                });
                report.outcome = RecordOutcome::New;
                report.events = file.ticket.history.clone();
                // A dry run draws no id worth showing: the real import draws another.
                report.id = (!options.dry_run).then_some(id);
                report.path = (!options.dry_run).then_some(path);
            }
            Plan::Updated { file, path, expected, events } => {
                let id = file.ticket.id.to_string();
                let text = file.render().map_err(|e| Error::in_file(&path, e))?;
                let actions: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
                let summary = format!("updated from source: {}", actions.join(", "));
                let source = report.source.clone().unwrap_or_default();
                let message = import_message(&id, &summary, &source);
                changes.push(Change { record: records.len(), path: path.clone(), text, expected, message });
                (report.outcome, report.id, report.path, report.events) =
                    (RecordOutcome::Updated, Some(id), Some(path), events);
            }
        }
        records.push(report);
    }
    let mut commits = 0;
    if !options.dry_run && !changes.is_empty() {
        if options.batch {
            let repo_paths: Vec<String> = changes.iter().map(|c| workspace.repo_path(&c.path)).collect();
            let files: Vec<FileChange> = changes
                .iter()
                .zip(&repo_paths)
                .map(|(c, path)| FileChange { path, contents: c.text.as_bytes(), expected: c.expected })
                .collect();
            let message = batch_message(options, &records);
            workspace.git.commit_files(&files, &message, now.commit_time())?;
            commits = 1;
        } else {
            for change in &changes {
                let repo_path = workspace.repo_path(&change.path);
                let file = FileChange { path: &repo_path, contents: change.text.as_bytes(), expected: change.expected };
                match workspace.git.commit_files(&[file], &change.message, now.commit_time()) {
                    Ok(_) => commits += 1,
                    // Decided again from the start: what is committed by then is unchanged.
                    Err(e @ (Error::Moved(_) | Error::Interrupted)) => return Err(e),
                    // This ticket cannot be written (edited and not committed, say): the others can.
                    Err(e) => {
                        let report = &mut records[change.record];
                        let problem = Problem::new(&report.place, report.source.as_deref(), e.to_string());
                        report.problem = Some(match e.hint() {
                            Some(hint) => problem.with_hint(hint),
                            None => problem,
                        });
                        (report.outcome, report.events) = (RecordOutcome::Skipped, Vec::new());
                    }
                }
            }
        }
    }
    Ok(ImportReport { records, commits })
}

/// `esc: import ESC-…: summary` with the source as a trailer.
fn import_message(id: &str, summary: &str, source: &str) -> String {
    let mut message = commit_message(IMPORT_ACTION, id, summary, None);
    message.push_str(&format!("{SOURCE_TRAILER}: {}\n", one_line(source)));
    message
}

/// One message for a whole `--batch` import: the counts, then a line per ticket.
fn batch_message(options: &ImportOptions, records: &[RecordReport]) -> String {
    let count = |outcome| records.iter().filter(|r| r.outcome == outcome).count();
    let (new, updated) = (count(RecordOutcome::New), count(RecordOutcome::Updated));
    let summary = format!("{new} new, {updated} updated from {} ({})", options.format, one_line(&options.file_name));
    let head = repository_message(IMPORT_ACTION, &summary);
    let (subject, trailers) = head.split_once("\n\n").unwrap_or((&head, ""));
    let mut lines = Vec::new();
    for report in records.iter().filter(|r| matches!(r.outcome, RecordOutcome::New | RecordOutcome::Updated)) {
        lines.push(format!(
            "{} {} {}",
            report.outcome,
            report.id.as_deref().unwrap_or("-"),
            one_line(report.source.as_deref().unwrap_or("-"))
        ));
    }
    format!("{subject}\n\n{} ticket{} imported:\n{}\n\n{trailers}", lines.len(), plural(lines.len()), lines.join("\n"))
}
