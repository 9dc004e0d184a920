use std::path::Path;

use esc::ops::audit::{Since, audit};

use crate::cli::commands::{Format, workspace};
use crate::cli::views::audit::{AuditView, audit_github, audit_junit, audit_lines, audit_summary};
use crate::cli::{Outcome, Ui};

/// Replay the history against the policy in force at each commit, for CI.
///
/// Every commit that changed a ticket or review is replayed. Each history entry it added is
/// judged by the permission rules of the policy in that commit (so a rule added later does
/// not condemn what was allowed then); its `by` must be the commit's author, and the commit
/// must be one esc made. Entries changed or removed after they were committed are reported
/// too, and so is every `--override`. Exit 1 on any finding, so CI fails.
///
/// A shallow clone is audited from its first commit (fetch with full depth to audit it
/// all); the policy's `audit.baseline` accepts the history up to a commit as it is.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc audit                              the whole history
  esc audit --since origin/main          what a pull request adds
  esc audit --since 7d --format github   annotations in a GitHub Actions job")]
pub struct Args {
    /// Only commits after this revision (a commit, branch or tag), or made at or after this
    /// time (RFC 3339, a date, today, yesterday, 7d, 2w ago).
    #[arg(long, value_name = "REV|TIME")]
    since: Option<String>,
    /// human (lines; the summary on stderr), json, github (workflow annotations) or junit.
    #[arg(long, value_enum)]
    format: Option<Format>,
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let format = Format::chosen(args.format, ui.json, "pick one")?;
    let workspace = workspace(dir)?;
    let since = match args.since {
        None => None,
        Some(text) => Some(since(&text, &workspace, ui)?),
    };
    let outcome = audit(&workspace, since.as_ref())?;
    match format {
        Format::Human => {
            ui.print(&audit_lines(&outcome))?;
            ui.status(&audit_summary(&outcome));
        }
        Format::Json => ui.print_json(&AuditView::new(&outcome))?,
        Format::Github => ui.print(&audit_github(&outcome, &workspace.repo_path("")))?,
        Format::Junit => ui.print(&audit_junit(&outcome))?,
    }
    Ok(if outcome.findings.is_empty() { Outcome::Success } else { Outcome::Findings })
}

/// A time when the text reads as one, else a revision.
fn since(text: &str, workspace: &esc::repo::Workspace, ui: &Ui) -> anyhow::Result<Since> {
    if let Ok(time) = esc::clock::TimeInput::parse(text) {
        let now = esc::clock::now(None)?.at;
        let at = time.resolve(now, &ui.zone(&workspace.config)).map_err(|e| anyhow::anyhow!("--since: {e}"))?;
        return Ok(Since::Time(at));
    }
    Ok(Since::Revision(text.to_string()))
}
