use std::path::{Component, Path, PathBuf};

use anyhow::Context as _;

use esc::clock::{self, TimeInput};
use esc::error::Error;
use esc::ops::report::{ReportRequest, report};
use esc::repo::TICKETS_DIR;
use esc::text::escape_line;

use crate::cli::commands::{fail_if_incomplete, parse_now, workspace};
use crate::cli::views::report::{TICKETS, render};
use crate::cli::{Outcome, Ui};

/// Write a static HTML report: the queue, weekly trends, escalations, reviews.
///
/// Write a static HTML report for the weekly review: the queue at the instant (open tickets
/// by level, team and priority; what is breached or about to be), trends per ISO week over
/// the period as charts (opened and resolved, backlog, MTTA and MTTR, SLA compliance,
/// escalation, first-contact and reopen rates), escalation paths and reasons, post-incident
/// reviews and open action items, and one page per ticket. Self-contained: no script, no
/// network. The same command on the same commit writes the same bytes. Prints the path of
/// index.html. docs/report.md describes each part.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc report                                  report/index.html, as of now
  esc report --now 2026-11-24T10:15:00Z       as the queue stood at that instant
  esc report --since 2026-11-01 --out public  November onwards, into public/")]
pub struct Args {
    /// Start of the period the trends cover, inclusive (as `esc stats --since`). Default:
    /// the first ticket's creation.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    since: Option<TimeInput>,
    /// End of the period, exclusive (as `esc stats --until`). Default, and at the latest:
    /// the report's instant.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    until: Option<TimeInput>,
    /// Report at this instant instead of now (RFC 3339, a date, today, 2h ago:
    /// docs/config.md); overrides ESC_NOW.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    now: Option<TimeInput>,
    /// The folder to write (replaced whole: a failed run leaves the previous report). It
    /// must be new, empty or an earlier report, and not inside tickets/.
    #[arg(long, value_name = "DIR", default_value = "report")]
    out: PathBuf,
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(dir)?;
    let zone = ui.zone(&workspace.config);
    let now = clock::now_from(args.now.as_ref(), &zone)?.at;
    let since = args.since.map(|t| t.resolve(now, &zone)).transpose().map_err(|e| anyhow::anyhow!("--since: {e}"))?;
    let until =
        args.until.map(|t| t.resolve_end(now, &zone)).transpose().map_err(|e| anyhow::anyhow!("--until: {e}"))?;
    let out = absolute(&dir.join(&args.out))?;
    refuse_inside_tickets(&out, &workspace.root)?;
    refuse_foreign_folder(&out)?;
    let spinner = ui.spinner("reading tickets");
    let data = report(&workspace, &ReportRequest { now, since, until });
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    let data = data?;
    let files = render(&data, env!("CARGO_PKG_VERSION"));
    write_folder(&out, &files)?;
    ui.print(&format!("{}\n", escape_line(&args.out.join("index.html").display().to_string())))?;
    fail_if_incomplete(ui, "the report", &data.unreadable)?;
    Ok(Outcome::Success)
}

/// `path` made absolute without requiring it to exist: its deepest existing ancestor is
/// resolved (symbolic links included), the rest appended with `..` and `.` folded.
fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    let path = std::path::absolute(path).context("cannot resolve --out")?;
    let mut rest = Vec::new();
    let mut existing = path.as_path();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    let mut folded = PathBuf::new();
    for component in resolved.components() {
        match component {
            Component::ParentDir => {
                folded.pop();
            }
            Component::CurDir => {}
            other => folded.push(other),
        }
    }
    Ok(folded)
}

/// A report among the tickets would be read back as ticket files, and committed with them.
fn refuse_inside_tickets(out: &Path, root: &Path) -> anyhow::Result<()> {
    let tickets = absolute(&root.join(TICKETS_DIR))?;
    if out.starts_with(&tickets) {
        return Err(Error::Usage {
            message: format!("--out {} is inside {TICKETS_DIR}/", escape_line(&out.display().to_string())),
            hint: "write the report elsewhere, such as the default report/".into(),
        }
        .into());
    }
    Ok(())
}

/// The folder is replaced whole, so it must hold nothing but an earlier report: `--out .`
/// must never delete a project.
fn refuse_foreign_folder(out: &Path) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(out) else {
        if out.exists() {
            return Err(Error::Usage {
                message: format!("--out {} is not a folder", escape_line(&out.display().to_string())),
                hint: "name a new folder, or one an earlier esc report wrote".into(),
            }
            .into());
        }
        return Ok(());
    };
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {}", escape_line(&out.display().to_string())))?;
        let name = entry.file_name();
        if name != "index.html" && name != TICKETS {
            return Err(Error::Usage {
                message: format!(
                    "--out {} holds {}, which is not part of a report",
                    escape_line(&out.display().to_string()),
                    escape_line(&name.to_string_lossy())
                ),
                hint: "esc report replaces the folder whole: name a new folder, or one an earlier esc report wrote"
                    .into(),
            }
            .into());
        }
    }
    Ok(())
}

/// Writes `files` into a new folder beside `out`, then swaps it in with renames: a failed
/// or interrupted run leaves the earlier report (or nothing), never half a page. Only
/// paths inside `out` are written.
fn write_folder(out: &Path, files: &[(String, String)]) -> anyhow::Result<()> {
    let shown = escape_line(&out.display().to_string());
    let parent = out.parent().context("--out names no folder")?;
    std::fs::create_dir_all(parent).with_context(|| format!("cannot create {shown}"))?;
    let fresh = tempfile::Builder::new()
        .prefix(".esc-report-")
        .tempdir_in(parent)
        .with_context(|| format!("cannot write {shown}"))?;
    for (relative, contents) in files {
        let path = fresh.path().join(relative);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).with_context(|| format!("cannot write {shown}"))?;
        }
        std::fs::write(&path, contents).with_context(|| format!("cannot write {shown}/{relative}"))?;
    }
    // The earlier report moves into a temporary folder deleted when it goes out of scope.
    let old = tempfile::Builder::new()
        .prefix(".esc-report-old-")
        .tempdir_in(parent)
        .with_context(|| format!("cannot replace {shown}"))?;
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, old.path().join("report")).with_context(|| format!("cannot replace {shown}"))?;
    }
    let fresh = fresh.keep();
    if let Err(e) = std::fs::rename(&fresh, out) {
        if had_old {
            let _ = std::fs::rename(old.path().join("report"), out);
        }
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(e).with_context(|| format!("cannot write {shown}"));
    }
    Ok(())
}
