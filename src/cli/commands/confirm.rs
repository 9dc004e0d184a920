use esc::ops::act::Request;

use crate::cli::commands::{Context, perform};
use crate::cli::{Outcome, Ui};

/// The requester confirmed the resolution: close the ticket, with their rating (1-5).
///
/// `--csat` on a ticket already closed records a late rating without changing it.
/// docs/metrics.md says how ratings are counted.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc confirm ESC-7K2M9QXD --csat 5 --comment 'fixed fast, thanks'
  esc confirm ESC-7K2M9QXD --csat 3    a late rating on a closed ticket")]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    /// What the requester said, for the history.
    #[arg(long, short = 'm', visible_alias = "comment", value_name = "TEXT")]
    message: Option<String>,
    /// The requester's satisfaction rating, from 1 (very dissatisfied) to 5 (very satisfied).
    #[arg(long, value_name = "1-5", value_parser = clap::value_parser!(u8).range(1..=5))]
    csat: Option<u8>,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    perform(context, &args.id, &Request::Confirm { message: args.message, csat: args.csat }, ui)
}
