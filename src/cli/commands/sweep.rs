use esc::clock::{self, Timestamp};
use esc::ops::sweep::sweep;

use crate::cli::commands::{Context, parse_now, workspace};
use crate::cli::{Outcome, Ui};
use esc::text::escape_line;

/// The automated trigger, for a scheduled job: escalates every open ticket whose level time
/// limit (or ack target) has passed to the next level, with reason "sla", and records SLA
/// breaches in the history. One commit per ticket; running it again at the same instant
/// changes nothing. Fires the escalate and breach hooks.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Sweep as of this instant (RFC 3339) instead of now; overrides ESC_NOW.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    now: Option<Timestamp>,
    /// Print what would be done; change nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    if let Some(now) = args.now {
        clock::pin(now);
    }
    let now = clock::now()?;
    let workspace = workspace(&context.dir)?;
    let outcome = sweep(&workspace, now, args.dry_run, context.run_hooks)?;
    for warning in &outcome.warnings {
        ui.status(&format!("warning: {}", escape_line(warning)));
    }
    if ui.json {
        let view: Vec<serde_json::Value> = outcome
            .done
            .iter()
            .map(|plan| {
                serde_json::json!({
                    "id": plan.id,
                    "path": plan.path,
                    "summary": plan.summary,
                    "escalated": plan.escalation.as_ref().map(|(from, to)| serde_json::json!({"from": from, "to": to})),
                    "events": plan.events,
                })
            })
            .collect();
        ui.print_json(&serde_json::json!({
            "now": clock::format_timestamp(&now),
            "dry_run": args.dry_run,
            "swept": view,
            "failed": outcome.failures.iter().map(|f| serde_json::json!({"id": f.id, "error": f.error.to_string()})).collect::<Vec<_>>(),
        }))?;
    } else {
        let verb = if args.dry_run { "would " } else { "" };
        for plan in &outcome.done {
            ui.print(&format!("{}: {verb}{}", plan.id, escape_line(&plan.summary)))?;
        }
        let changed = if args.dry_run { "would change" } else { "changed" };
        ui.status(&format!(
            "sweep: {changed} {} ticket{} at {}",
            outcome.done.len(),
            if outcome.done.len() == 1 { "" } else { "s" },
            clock::format_timestamp(&now)
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
