use esc::ops::act::{EscalationTarget, Request};

use crate::cli::commands::{Context, perform};
use crate::cli::compose::Compose;
use crate::cli::{Outcome, Ui};

/// Move a ticket up: a level, a team or a vendor, or alert management.
///
/// Move a ticket up: to the next level by default, to a level or named team with --to, to an
/// outside vendor with --vendor and --ref, or alert management with --hierarchical. The
/// reason is required: one of the config's escalation_reasons, or free text.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc escalate 7k2m --reason complexity -m \"Needs a DBA to read the slow-query log\"
  esc escalate 7k2m --to database --reason expertise
  esc escalate 7k2m --vendor payments --ref PAY-4411 --reason vendor
  esc escalate 7k2m --hierarchical --reason customer_expectations")]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    /// Why (complexity, expertise, customer_expectations, sla_risk, vendor, other, or text).
    #[arg(long, short = 'r', value_name = "R")]
    reason: String,
    /// A level above the current one, or a named team.
    #[arg(long, value_name = "LEVEL|TEAM", conflicts_with_all = ["vendor", "hierarchical"])]
    to: Option<String>,
    /// Hand the ticket to an outside vendor (from the config's vendors).
    #[arg(long, value_name = "NAME", requires = "reference", conflicts_with = "hierarchical")]
    vendor: Option<String>,
    /// The vendor's case reference.
    #[arg(long = "ref", value_name = "CASE", requires = "vendor")]
    reference: Option<String>,
    /// Alert management without changing the level.
    #[arg(long)]
    hierarchical: bool,
    /// More detail for the history (`-` reads it from stdin; without it or -F, your editor
    /// opens on a terminal).
    #[arg(long, short = 'm', value_name = "TEXT")]
    message: Option<String>,
    /// Read the detail from this file (`-` for stdin), relative to -C DIR.
    #[arg(long, short = 'F', value_name = "FILE", conflicts_with = "message")]
    file: Option<std::path::PathBuf>,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let target = match (args.to, args.vendor, args.reference) {
        (Some(to), _, _) => EscalationTarget::To(to),
        (None, Some(name), Some(reference)) => EscalationTarget::Vendor { name, reference },
        _ if args.hierarchical => EscalationTarget::Hierarchical,
        _ => EscalationTarget::NextLevel,
    };
    // The detail is optional: asked for only on a terminal, or read when given.
    let wanted = args.message.is_some() || args.file.is_some() || (ui.stdin_is_terminal && ui.stdout_is_terminal);
    let message = match wanted {
        true => Some(
            Compose { text: args.message, file: args.file, what: "the detail of this escalation", flag: "-m" }
                .read(context, ui)?,
        ),
        false => None,
    };
    let request = Request::Escalate { target, reason: args.reason, message };
    perform(context, &args.id, &request, ui)
}
