use esc::ops::sync::{SyncRequest, sync};

use crate::cli::commands::{Context, workspace};
use crate::cli::views::sync::sync_report;
use crate::cli::{Outcome, Ui};

/// Share your ticket changes with the team: fetch, merge by meaning, push.
///
/// Share your ticket changes with the team: fetch from the remote, merge what came in (esc's
/// merge for tickets and reviews, git's for everything else), and push; again when someone
/// pushed in between. Refuses with a hint over uncommitted ticket edits, a merge or rebase in
/// progress, a detached HEAD, or no remote. Uses the git CLI, so your remotes, credentials
/// and ssh configuration apply.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc sync                            fetch, merge by meaning, push
  esc sync --rebase                   replay your commits on top of the team's instead")]
pub struct Args {
    /// The remote to sync with [default: the branch's upstream].
    remote: Option<String>,
    /// Rebase your commits onto what came in instead of merging.
    #[arg(long)]
    rebase: bool,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(&context.dir)?;
    let outcome = sync(&workspace, &SyncRequest { remote: args.remote, rebase: args.rebase })?;
    for line in sync_report(&outcome) {
        ui.status(&line);
    }
    Ok(Outcome::Success)
}
