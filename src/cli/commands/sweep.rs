use esc::clock::{self, Timestamp};
use esc::ops::sweep::sweep;
use esc::text::{escape_line, plural};

use crate::cli::commands::{Context, parse_now, workspace};
use crate::cli::views::sweep::SweepView;
use crate::cli::{Outcome, Ui};

/// Escalate what waited too long and record SLA breaches (for a scheduled job).
///
/// The automated trigger, for a scheduled job: escalates every open ticket whose level time
/// limit (or ack target) has passed to the next level, with reason "sla", and records SLA
/// breaches in the history. One commit per ticket; running it again at the same instant
/// changes nothing. Fires the escalate and breach hooks.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc sweep --dry-run                 what would be escalated and recorded, without committing
  esc sweep                           escalate and record, one commit per ticket
  esc sweep --now 2026-11-24T10:15:00Z")]
pub struct Args {
    /// Sweep as of this instant (RFC 3339) instead of now; overrides ESC_NOW.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    now: Option<Timestamp>,
    /// Print what would be done; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Commit even when --now is later than the clock (a deliberate backfill): every later
    /// action on the swept tickets must then come after that time.
    #[arg(long)]
    allow_future: bool,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let now = clock::now(args.now)?;
    if !args.dry_run && !args.allow_future {
        clock::refuse_future(now, clock::now(None)?)?;
    }
    let workspace = workspace(&context.dir)?;
    let verb = if args.dry_run { "would " } else { "" };
    let json = ui.json;
    // Each line as its commit lands; a broken pipe stops the printing, not the sweep.
    let mut printing: std::io::Result<()> = Ok(());
    let mut report = |plan: &esc::ops::sweep::SweepPlan| {
        if !json && printing.is_ok() {
            printing = ui.print(&format!("{}: {verb}{}", plan.id, escape_line(&plan.summary)));
        }
    };
    let outcome = sweep(&workspace, now, args.dry_run, context.run_hooks, &mut report)?;
    printing?;
    for warning in &outcome.warnings {
        ui.status(&format!("warning: {}", escape_line(warning)));
    }
    if ui.json {
        ui.print_json(&SweepView::new(&outcome, now.at, args.dry_run))?;
    } else {
        let changed = if args.dry_run { "would change" } else { "changed" };
        ui.status(&format!(
            "sweep: {changed} {} ticket{} at {}",
            outcome.done.len(),
            plural(outcome.done.len()),
            clock::format_timestamp(&now.at)
        ));
    }
    if let Some(first) = outcome.failures.first() {
        for failure in &outcome.failures {
            ui.status(&format!("error: {}: {}", failure.id, escape_line(&failure.error.to_string())));
        }
        anyhow::bail!("sweep could not handle {} ticket(s), starting with {}", outcome.failures.len(), first.id);
    }
    Ok(Outcome::Success)
}
