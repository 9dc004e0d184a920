use esc::ops::act::Request;

use crate::cli::commands::{Context, perform};
use crate::cli::{Outcome, Ui};

/// Hand a ticket back down to a lower level, with a reason.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    /// The level to hand it to.
    #[arg(long, value_name = "LEVEL")]
    to: String,
    /// Why it goes back down (required).
    #[arg(long, short = 'r', value_name = "R")]
    reason: String,
    /// More detail for the history.
    #[arg(long, short = 'm', value_name = "TEXT")]
    message: Option<String>,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    perform(context, &args.id, &Request::Deescalate { to: args.to, reason: args.reason, message: args.message }, ui)
}
