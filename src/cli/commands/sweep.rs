use esc::clock::{self, TimeInput};
use esc::ops::sweep::{SweepObserver, SweepPlan, sweep};
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
    /// Sweep as of this instant instead of now (RFC 3339, a date, today, 2h ago:
    /// docs/config.md); overrides ESC_NOW.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    now: Option<TimeInput>,
    /// Print what would be done; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Commit even when --now is later than the clock (a deliberate backfill): every later
    /// action on the swept tickets must then come after that time.
    #[arg(long)]
    allow_future: bool,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(&context.dir)?;
    let now = clock::now_from(args.now.as_ref(), &ui.zone(&workspace.config))?;
    if !args.dry_run && !args.allow_future {
        clock::refuse_future(now, clock::now(None)?)?;
    }
    let verb = if args.dry_run { "would " } else { "" };
    let mut progress = Progress { ui, verb, bar: None, printing: Ok(()) };
    let outcome = sweep(&workspace, now, args.dry_run, context.run_hooks, &mut progress)?;
    if let Some(bar) = progress.bar.take() {
        bar.finish_and_clear();
    }
    progress.printing?;
    for warning in &outcome.warnings {
        ui.status(&format!("warning: {}", escape_line(warning)));
    }
    if outcome.interrupted {
        let ids: Vec<&str> = outcome.done.iter().map(|plan| plan.id.as_str()).collect();
        let committed = if ids.is_empty() { "nothing".to_string() } else { ids.join(", ") };
        ui.status(&format!(
            "sweep: stopped after {} of {} commits; committed: {committed}",
            outcome.done.len(),
            outcome.planned
        ));
    }
    if ui.json {
        ui.print_json(&SweepView::new(&outcome, now.at, args.dry_run))?;
    } else if !outcome.interrupted {
        let changed = if args.dry_run { "would change" } else { "changed" };
        ui.status(&format!(
            "sweep: {changed} {} ticket{} at {}",
            outcome.done.len(),
            plural(outcome.done.len()),
            clock::format_timestamp(&now.at)
        ));
    }
    for failure in &outcome.failures {
        ui.status(&format!("error: {}: {}", failure.id, escape_line(&failure.error.to_string())));
    }
    // Stopped by a signal: the caller exits 128 + its number, as after any step esc finished.
    if let Some(first) = outcome.failures.first().filter(|_| !outcome.interrupted) {
        anyhow::bail!("sweep could not handle {} ticket(s), starting with {}", outcome.failures.len(), first.id);
    }
    Ok(Outcome::Success)
}

/// Prints each swept ticket as its commit lands, above a progress bar on stderr when that is
/// a terminal. A broken pipe stops the printing, not the sweep.
struct Progress<'a> {
    ui: &'a mut Ui,
    verb: &'static str,
    bar: Option<indicatif::ProgressBar>,
    printing: std::io::Result<()>,
}

impl SweepObserver for Progress<'_> {
    fn planned(&mut self, total: usize) {
        if self.ui.stderr_is_terminal && !self.ui.json && total > 0 {
            let bar =
                indicatif::ProgressBar::with_draw_target(Some(total as u64), indicatif::ProgressDrawTarget::stderr());
            if let Ok(style) = indicatif::ProgressStyle::with_template("sweep {bar:30} {pos}/{len} tickets") {
                bar.set_style(style);
            }
            self.bar = Some(bar);
        }
    }

    fn done(&mut self, plan: &SweepPlan) {
        if !self.ui.json && self.printing.is_ok() {
            let line = format!("{}: {}{}", plan.id, self.verb, escape_line(&plan.summary));
            let ui = &mut *self.ui;
            self.printing = match &self.bar {
                Some(bar) => bar.suspend(|| ui.print(&line)),
                None => ui.print(&line),
            };
        }
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }
}
