use std::path::PathBuf;

use esc::ops::act::Request;

use crate::cli::commands::{Context, perform};
use crate::cli::compose::Compose;
use crate::cli::{Outcome, Ui};

/// Post a status update to the requester, or an internal note (--internal).
///
/// Post a status update to the requester (restarts the update clock), or an internal note
/// with --internal (does not).
///
/// Without -m or -F on a terminal, your editor opens (GIT_EDITOR, core.editor, VISUAL,
/// EDITOR, then vi); an empty text aborts with nothing written.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc update 7k2m -m \"Rolled back the release; watching error rates\"
  esc update 7k2m --internal -m \"Suspect the cache layer\"
  esc update 7k2m -F notes.md
  git log -1 --format=%b | esc update 7k2m -m -")]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    /// The update's text (`-` reads it from stdin).
    #[arg(long, short = 'm', value_name = "TEXT")]
    message: Option<String>,
    /// Read the text from this file (`-` for stdin), relative to -C DIR.
    #[arg(long, short = 'F', value_name = "FILE", conflicts_with = "message")]
    file: Option<PathBuf>,
    /// An internal note, not sent to the requester.
    #[arg(long)]
    internal: bool,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let what = if args.internal { "the internal note" } else { "the status update for the requester" };
    let message = Compose { text: args.message, file: args.file, what, flag: "-m" }.read(context, ui)?;
    perform(context, &args.id, &Request::Update { message, internal: args.internal }, ui)
}
