use esc::ops::act::Request;

use crate::cli::commands::{Context, perform};
use crate::cli::{Outcome, Ui};

/// Reopen a resolved or closed ticket; a new resolve cycle starts.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    #[arg(long, short = 'r', value_name = "R")]
    reason: String,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    perform(context, &args.id, &Request::Reopen { reason: args.reason }, ui)
}
