use esc::ops::review::{ActionItemEdit, Due, NewActionItem, ReviewRequest, review};
use esc::review::ActionKind;
use esc::text::escape_line;

use crate::cli::commands::{Context, workspace};
use crate::cli::compose::Compose;
use crate::cli::views::review::{ReviewView, report};
use crate::cli::{Outcome, Ui};

/// Write, refresh or publish the post-incident review of a resolved ticket.
///
/// Write, refresh or publish the post-incident review of a resolved ticket
/// (reviews/<ID>.md), and track its action items.
///
/// The first run writes the review: front matter (owner, due time, action items) and the
/// sections to fill in, with a timeline generated from the ticket's history (every action,
/// the time at each level, how each SLA clock ended). Later runs refresh only that
/// generated block; everything else in the file is yours. Each change is one commit.
/// Prints the review's path.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc review ESC-7K2M9QXA
  esc review 7k2m --action \"Alert on card API timeouts\" --type detect --owner \"Chen Wei\" --due 10d --open
  esc review 7k2m --done A1
  esc review 7k2m --section Summary -F summary.md
  esc review 7k2m --publish")]
pub struct Args {
    /// The resolved ticket (any unique prefix of its id).
    id: String,
    /// The review's owner; with --action or --item, the action item's owner instead.
    #[arg(long, value_name = "WHO")]
    owner: Option<String>,
    /// Add a reviewer (repeat for several).
    #[arg(long = "reviewer", value_name = "WHO")]
    reviewers: Vec<String>,
    /// Add an action item with this title.
    #[arg(long, value_name = "TITLE")]
    action: Option<String>,
    /// Change an existing action item (A1, A2, …): its --owner, --due or --type.
    #[arg(long, value_name = "ITEM", conflicts_with = "action")]
    item: Option<String>,
    /// The action item's type: prevent, detect, mitigate, repair or process [default: prevent].
    #[arg(long = "type", value_name = "TYPE", value_parser = parse_kind)]
    kind: Option<ActionKind>,
    /// When the action item is due: a duration (10d, counted in the review calendar), a date
    /// (2026-12-15) or an RFC 3339 time [default: reviews.action_due for the ticket's priority].
    #[arg(long, value_name = "WHEN", value_parser = Due::parse)]
    due: Option<Due>,
    /// Also open a follow-up ticket for the action item, linked both ways.
    #[arg(long, requires = "action")]
    open: bool,
    /// Mark an action item done (repeat for several).
    #[arg(long, value_name = "ITEM")]
    done: Vec<String>,
    /// Write this body section (`Summary`, `Impact`, …) from -m, -F or, on a terminal, your
    /// editor; what was under its heading is replaced.
    #[arg(long, value_name = "HEADING")]
    section: Option<String>,
    /// The section's text (`-` reads it from stdin).
    #[arg(long, short = 'm', value_name = "TEXT", requires = "section")]
    message: Option<String>,
    /// Read the section's text from this file (`-` for stdin), relative to -C DIR.
    #[arg(long, short = 'F', value_name = "FILE", requires = "section", conflicts_with = "message")]
    file: Option<std::path::PathBuf>,
    /// Publish the review: the required sections must be filled in and every action item
    /// must have an owner and a due date.
    #[arg(long)]
    publish: bool,
}

fn parse_kind(text: &str) -> Result<ActionKind, String> {
    text.parse()
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(&context.dir)?;
    if args.action.is_none() && args.item.is_none() && (args.kind.is_some() || args.due.is_some()) {
        anyhow::bail!("--type and --due describe an action item: use them with --action or --item");
    }
    let section = match args.section {
        Some(heading) => {
            let what = format!("the '{}' section of the review", escape_line(&heading));
            let text = Compose { text: args.message, file: args.file, what: &what, flag: "-m" }.read(context, ui)?;
            Some((heading, text))
        }
        None => None,
    };
    let edit = args.item.map(|id| ActionItemEdit { id, owner: args.owner.clone(), due: args.due, kind: args.kind });
    let item_owner = edit.is_some() || args.action.is_some();
    let request = ReviewRequest {
        owner: if item_owner { None } else { args.owner.clone() },
        edit,
        reviewers: args.reviewers,
        action: args.action.map(|title| NewActionItem {
            title,
            kind: args.kind.unwrap_or(ActionKind::Prevent),
            owner: args.owner,
            due: args.due,
            open_ticket: args.open,
        }),
        done: args.done,
        section,
        publish: args.publish,
        override_reason: context.override_reason.clone(),
    };
    let outcome = review(&workspace, &args.id, &request, context.run_hooks, esc::clock::now(None)?)?;
    for warning in &outcome.warnings {
        ui.status(&format!("warning: {}", escape_line(warning)));
    }
    if ui.json {
        ui.print_json(&ReviewView::new(&outcome))?;
    } else {
        ui.print(&outcome.path)?;
        for line in report(&outcome) {
            ui.status(&line);
        }
    }
    Ok(Outcome::Success)
}
