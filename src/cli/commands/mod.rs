//! One file per subcommand: its arguments (the doc comment is the help text) and `run`.

pub mod ack;
pub mod assign;
pub mod audit;
pub mod check;
pub mod classify;
pub mod completions;
pub mod config;
pub mod confirm;
pub mod conflicts;
pub mod deescalate;
pub mod edit;
pub mod escalate;
pub mod export;
pub mod import;
pub mod init;
pub mod kb;
pub mod link;
pub mod lint;
pub mod list;
pub mod log;
pub mod man;
pub mod merge_driver;
pub mod open;
pub mod reopen;
pub mod report;
pub mod resolve;
pub mod resume;
pub mod review;
pub mod schema;
pub mod search;
pub mod show;
pub mod sla;
pub mod stats;
pub mod sweep;
pub mod sync;
pub mod take;
pub mod triage;
pub mod update;
pub mod wait;

use std::path::{Path, PathBuf};

use esc::ops::act::{ActOptions, Request, act};
use esc::repo::Workspace;
use esc::text::{escape_line, plural};
use esc::ticket::Status;

use crate::cli::views::ticket::TicketView;
use crate::cli::{Outcome, Ui};

/// The outputs of the commands CI runs (`check`, `audit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    Junit,
}

impl Format {
    /// `--format`, given `--json` too: the same output, or a usage error with `hint`.
    pub fn chosen(format: Option<Format>, json: bool, hint: &str) -> anyhow::Result<Format> {
        match (json, format) {
            (true, None | Some(Format::Json)) => Ok(Format::Json),
            (true, Some(other)) => {
                let name = clap::ValueEnum::to_possible_value(&other).map(|v| v.get_name().to_string());
                Err(esc::error::Error::Usage {
                    message: format!("--json and --format {} ask for two outputs on stdout", name.unwrap_or_default()),
                    hint: hint.into(),
                }
                .into())
            }
            (false, format) => Ok(format.unwrap_or(Format::Human)),
        }
    }
}

/// What every command needs besides its own arguments.
pub struct Context {
    pub dir: PathBuf,
    pub run_hooks: bool,
    /// `--override REASON`, for the commands that act on a ticket.
    pub override_reason: Option<String>,
}

/// Runs a lifecycle action and reports it: the ticket as JSON with --json, else one line on
/// stderr. Hook problems are warnings: the action is already committed.
pub fn perform(context: &Context, query: &str, request: &Request, ui: &mut Ui) -> anyhow::Result<Outcome> {
    perform_in(&workspace(&context.dir)?, context, query, request, ui)
}

/// [`perform`] for a command that already opened the workspace.
pub fn perform_in(
    workspace: &Workspace,
    context: &Context,
    query: &str,
    request: &Request,
    ui: &mut Ui,
) -> anyhow::Result<Outcome> {
    let options = ActOptions { run_hooks: context.run_hooks, override_reason: context.override_reason.clone() };
    let outcome = act(workspace, query, request, &options, esc::clock::now(None)?)?;
    for warning in &outcome.warnings {
        ui.status(&format!("warning: {}", escape_line(warning)));
    }
    if ui.json {
        ui.print_json(&TicketView::new(&outcome.ticket))?;
    } else {
        ui.status(&format!("{}: {}", outcome.ticket.file.ticket.id, escape_line(&outcome.summary)));
    }
    Ok(Outcome::Success)
}

/// Parses a time flag (`--now`, `--since`, `--until`): RFC 3339, a date, `today`,
/// `yesterday`, `now` or how long ago (`7d`, `2w ago`); the command pins it to an instant.
pub fn parse_now(text: &str) -> Result<esc::clock::TimeInput, String> {
    esc::clock::TimeInput::parse(text)
}

/// Warns about ticket files a listing had to skip, one line each, then how many and what to
/// do about them.
pub fn report_unreadable(ui: &Ui, unreadable: &[esc::error::Error]) {
    for problem in unreadable {
        ui.status(&format!("warning: skipped {}", escape_line(&problem.to_string())));
    }
    if unreadable.is_empty() {
        return;
    }
    let conflicts = unreadable.iter().filter(|e| matches!(e, esc::error::Error::MergeConflict(_))).count();
    let n = unreadable.len();
    ui.status(&format!(
        "warning: {n} file{} could not be read and {} left out",
        plural(n),
        if n == 1 { "is" } else { "are" }
    ));
    if conflicts > 0 {
        ui.status(&format!(
            "hint: {conflicts} of them {} an unresolved merge conflict: `esc conflicts --fix` merges them",
            if conflicts == 1 { "is" } else { "are" }
        ));
    }
}

/// For a verdict or figures that must cover every file: after the output, names the files
/// left out and fails (exit 2), so a skipped ticket never passes unnoticed.
pub fn fail_if_incomplete(ui: &Ui, what: &str, unreadable: &[esc::error::Error]) -> anyhow::Result<()> {
    if unreadable.is_empty() {
        return Ok(());
    }
    report_unreadable(ui, unreadable);
    let n = unreadable.len();
    Err(esc::error::Error::Stopped {
        what: format!("{what} is incomplete: {n} file{} could not be read", plural(n)),
        hint: "fix the files named above (`esc lint` lists every problem), then run it again".into(),
    }
    .into())
}

/// Parses `--status NAME` filters; an unknown name is an error whose hint lists the known
/// ones (a typo must not silently match nothing).
pub fn parse_statuses(names: &[String]) -> Result<Vec<Status>, esc::error::Error> {
    names.iter().map(|name| name.parse()).collect()
}

/// Checks filter flags against the policy's names: `--team nosuch` is an error with the
/// closest name, never a silently empty result.
pub fn check_filters(workspace: &Workspace, filters: &[(esc::policy::Names, &Vec<String>)]) -> anyhow::Result<()> {
    for (list, values) in filters {
        // `-` means "none" where a filter allows it (kb's tickets without a category).
        let values: Vec<String> = values.iter().filter(|v| v.as_str() != "-").cloned().collect();
        workspace.config.check_filter(*list, &values)?;
    }
    Ok(())
}

/// What `--mine` looks for: the email of the git identity esc records actions with.
pub fn mine(workspace: &Workspace) -> anyhow::Result<String> {
    Ok(workspace.git.identity()?.email)
}

/// Whether workspaces are opened with the read cache (`--no-cache`, `ESC_NO_CACHE` turn it off).
static READ_CACHE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Sets whether [`workspace`] opens workspaces with the read cache.
pub fn use_read_cache(on: bool) {
    READ_CACHE.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Opens the esc root enclosing `dir`.
pub fn workspace(dir: &Path) -> anyhow::Result<Workspace> {
    let mut workspace = Workspace::open(dir)?;
    workspace.set_read_cache(READ_CACHE.load(std::sync::atomic::Ordering::Relaxed));
    Ok(workspace)
}

/// Writes `text` to `path` through a temporary file in the same folder, renamed over it: a
/// reader (a CI step, a dashboard) never sees half a report.
pub fn write_whole(path: &Path, text: &str) -> anyhow::Result<()> {
    use anyhow::Context as _;
    use std::io::Write as _;
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let shown = esc::text::escape_line(&path.display().to_string());
    let mut file = tempfile::NamedTempFile::new_in(folder).with_context(|| format!("cannot write {shown}"))?;
    file.write_all(text.as_bytes()).with_context(|| format!("cannot write {shown}"))?;
    file.persist(path).map_err(|e| e.error).with_context(|| format!("cannot write {shown}"))?;
    Ok(())
}
