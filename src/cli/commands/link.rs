use esc::ops::act::Request;
use esc::ops::edit::{Edits, RELATIONS};
use esc::ticket::Link;

use crate::cli::commands::{Context, perform_in, workspace};
use crate::cli::{Outcome, Ui};

/// Link a ticket to another, or remove the link (--remove).
///
/// Link a ticket to another (recorded on the first one, as an `edit` entry), or remove the
/// link with --remove.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc link 7k2m w1k4 --rel duplicate-of
  esc link 7k2m w1k4 --rel blocks
  esc link 7k2m w1k4 --remove")]
pub struct Args {
    /// The ticket the link is recorded on.
    id: String,
    /// The ticket it points to.
    other: String,
    /// How they relate.
    #[arg(long, default_value = "relates", value_parser = clap::builder::PossibleValuesParser::new(RELATIONS))]
    rel: String,
    /// Remove the links from ID to OTHER instead.
    #[arg(long, conflicts_with = "rel")]
    remove: bool,
    /// Why, for the history.
    #[arg(long, short = 'm', value_name = "TEXT")]
    message: Option<String>,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(&context.dir)?;
    let other = workspace.resolve(&args.other)?.id;
    let edits = match args.remove {
        true => Edits { remove_links: vec![other], message: args.message, ..Edits::default() },
        false => {
            Edits { add_links: vec![Link { rel: args.rel, id: other }], message: args.message, ..Edits::default() }
        }
    };
    perform_in(&workspace, context, &args.id, &Request::Edit(Box::new(edits)), ui)
}
