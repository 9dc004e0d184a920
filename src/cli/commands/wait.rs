use esc::ops::act::Request;
use esc::ticket::WaitingOn;

use crate::cli::commands::{Context, perform};
use crate::cli::compose::Compose;
use crate::cli::{Outcome, Ui};

/// Wait for the customer or a vendor (pauses the clocks the policy names).
///
/// Wait for the customer or a vendor. Waiting on the customer pauses the resolve and update
/// clocks.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    /// Who has to act.
    #[arg(long, value_enum)]
    on: On,
    /// What you asked for (`-` reads it from stdin; without it, your editor opens on a terminal).
    #[arg(long, short = 'm', value_name = "TEXT")]
    message: Option<String>,
    /// Read the text from this file (`-` for stdin), relative to -C DIR.
    #[arg(long, short = 'F', value_name = "FILE", conflicts_with = "message")]
    file: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum On {
    Customer,
    Vendor,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let on = match args.on {
        On::Customer => WaitingOn::Customer,
        On::Vendor => WaitingOn::Vendor,
    };
    let message =
        Compose { text: args.message, file: args.file, what: "what you asked for", flag: "-m" }.read(context, ui)?;
    perform(context, &args.id, &Request::Wait { on, message }, ui)
}
