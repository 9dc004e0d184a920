use esc::ops::act::Request;

use crate::cli::commands::{Context, perform_in, workspace};
use crate::cli::{Outcome, Ui};

/// Assign a ticket to yourself (your git identity).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(&context.dir)?;
    let me = workspace.git.identity()?.to_string();
    perform_in(&workspace, context, &args.id, &Request::Assign { assignee: me }, ui)
}
