use esc::ops::act::Request;

use crate::cli::commands::{Context, perform};
use crate::cli::{Outcome, Ui};

/// Resolve a ticket: what fixed it, and optionally the root cause and a resolution code.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    /// What was done.
    #[arg(long, value_name = "TEXT")]
    resolution: String,
    #[arg(long, value_name = "TEXT")]
    root_cause: Option<String>,
    /// fixed, workaround, no_fault, duplicate, wont_fix (the config's resolution_codes).
    #[arg(long)]
    code: Option<String>,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let request = Request::Resolve { resolution: args.resolution, root_cause: args.root_cause, code: args.code };
    perform(context, &args.id, &request, ui)
}
