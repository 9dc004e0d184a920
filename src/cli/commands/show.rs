use std::path::Path;

use esc::ops::query::show;

use crate::cli::commands::workspace;
use crate::cli::views::ticket::{TicketView, ticket_details};
use crate::cli::{Outcome, Ui};

/// Show one ticket: its state, description and history.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part (case-insensitive).
    id: String,
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(dir)?;
    let ticket = show(&workspace, &args.id)?;
    if ui.json {
        ui.print_json(&TicketView::new(&ticket))?;
    } else {
        // Without a readable clock the view still shows, only without the time at each level.
        let zone = ui.zone(&workspace.config);
        ui.print(&ticket_details(&ticket, esc::clock::now(None).ok().map(|now| now.at), &zone))?;
    }
    Ok(Outcome::Success)
}
