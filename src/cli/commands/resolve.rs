use esc::ops::act::Request;

use crate::cli::commands::{Context, perform};
use crate::cli::compose::Compose;
use crate::cli::{Outcome, Ui};

/// Resolve a ticket: what fixed it, and optionally the root cause and a resolution code.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    /// What was done (`-` reads it from stdin; without it, your editor opens on a terminal).
    #[arg(long, short = 'm', value_name = "TEXT")]
    resolution: Option<String>,
    /// Read the resolution from this file (`-` for stdin), relative to -C DIR.
    #[arg(long, short = 'F', value_name = "FILE", conflicts_with = "resolution")]
    file: Option<std::path::PathBuf>,
    /// Why it happened, for the knowledge base and the review.
    #[arg(long, value_name = "TEXT")]
    root_cause: Option<String>,
    /// fixed, workaround, no_fault, duplicate, wont_fix (the config's resolution_codes).
    #[arg(long)]
    code: Option<String>,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let resolution = Compose { text: args.resolution, file: args.file, what: "the resolution", flag: "--resolution" }
        .read(context, ui)?;
    let request = Request::Resolve { resolution, root_cause: args.root_cause, code: args.code };
    perform(context, &args.id, &request, ui)
}
