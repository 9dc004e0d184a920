use esc::ops::act::Request;

use crate::cli::commands::{Context, perform};
use crate::cli::{Outcome, Ui};

/// Post a status update to the requester (restarts the update clock), or an internal note
/// with --internal (does not).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    #[arg(long, short = 'm', value_name = "TEXT")]
    message: String,
    /// An internal note, not sent to the requester.
    #[arg(long)]
    internal: bool,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    perform(context, &args.id, &Request::Update { message: args.message, internal: args.internal }, ui)
}
