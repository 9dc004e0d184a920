use esc::ops::act::Request;
use esc::policy::Classification;

use crate::cli::commands::{Context, perform};
use crate::cli::{Outcome, Ui};

/// Set a ticket's type, category, impact, urgency or severity; the priority follows.
///
/// Set type, category, impact, urgency or severity. The priority follows from the impact x
/// urgency matrix; --priority overrides it and needs a --reason. Routing rules apply again.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    /// The ticket type (from the policy: incident, problem, …).
    #[arg(long = "type", value_name = "TYPE")]
    kind: Option<String>,
    /// The category (from the policy).
    #[arg(long)]
    category: Option<String>,
    /// How widely it hurts (from the policy's impacts).
    #[arg(long)]
    impact: Option<String>,
    /// How soon it hurts (from the policy's urgencies).
    #[arg(long)]
    urgency: Option<String>,
    /// Also sets impact and urgency, unless given.
    #[arg(long)]
    severity: Option<String>,
    /// Override the matrix's priority (needs --reason).
    #[arg(long, value_name = "P")]
    priority: Option<String>,
    /// Why: required with --priority, recorded in the history.
    #[arg(long, short = 'r', value_name = "R")]
    reason: Option<String>,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let values = Classification {
        kind: args.kind,
        category: args.category,
        impact: args.impact,
        urgency: args.urgency,
        severity: args.severity,
        priority: args.priority,
    };
    perform(context, &args.id, &Request::Classify { values, reason: args.reason }, ui)
}
