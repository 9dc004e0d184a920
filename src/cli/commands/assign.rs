use esc::ops::act::Request;

use crate::cli::commands::{Context, perform};
use crate::cli::{Outcome, Ui};

/// Assign a ticket to someone (`Name <email>` or any name your team uses).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    /// Who works on it.
    who: String,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    perform(context, &args.id, &Request::Assign { assignee: args.who }, ui)
}
