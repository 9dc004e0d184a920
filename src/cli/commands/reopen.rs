use esc::ops::act::Request;

use crate::cli::commands::{Context, perform};
use crate::cli::compose::Compose;
use crate::cli::{Outcome, Ui};

/// Reopen a resolved or closed ticket; a new resolve cycle starts.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    /// Why it is open again (`-` reads it from stdin; without it, your editor opens on a terminal).
    #[arg(long, short = 'r', value_name = "R")]
    reason: Option<String>,
    /// Read the reason from this file (`-` for stdin), relative to -C DIR.
    #[arg(long, short = 'F', value_name = "FILE", conflicts_with = "reason")]
    file: Option<std::path::PathBuf>,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let reason = Compose { text: args.reason, file: args.file, what: "why the ticket is open again", flag: "--reason" }
        .read(context, ui)?;
    perform(context, &args.id, &Request::Reopen { reason }, ui)
}
