use std::path::Path;

use esc::ops::log::ticket_log;

use crate::cli::commands::workspace;
use crate::cli::views::log::{LogEntryView, LogView, log_entries};
use crate::cli::{Outcome, Ui};

/// The audit trail of a ticket from git history, newest first.
///
/// The audit trail of a ticket from git history, newest first: commit, time, action, author,
/// the fields each commit changed and an action's reason and message, including commits made
/// by hand with plain git (with their subject and the keys, history and body they touched).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    /// Show each commit's diff of the ticket file too, as `git log -p -- FILE` does.
    #[arg(long, short = 'p')]
    patch: bool,
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(dir)?;
    let (ticket, entries) = ticket_log(&workspace, &args.id, args.patch)?;
    if ui.json {
        let entries: Vec<LogEntryView> = entries.iter().map(LogEntryView::new).collect();
        ui.print_json(&LogView { id: ticket.file.ticket.id.to_string(), entries })?;
    } else {
        let zone = ui.zone(&workspace.config);
        ui.print(&log_entries(&entries, &zone))?;
    }
    Ok(Outcome::Success)
}
