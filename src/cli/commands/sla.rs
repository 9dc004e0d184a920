use std::path::Path;

use esc::clock::{self, TimeInput};
use esc::ops::sla::ticket_clocks;

use crate::cli::commands::{parse_now, workspace};
use crate::cli::views::sla::{ClockView, SlaView, clock_table};
use crate::cli::{Outcome, Ui};

/// Explain a ticket's SLA clocks: target, time counted and paused, due time, state.
///
/// Explain a ticket's SLA clocks: for each, the target, the time counted, the time paused
/// (waiting) and outside working hours, when it is due, and its state (running, paused,
/// warning, breached, met, missed).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part (case-insensitive).
    id: String,
    /// Measure at this instant instead of now (RFC 3339, a date, today, 2h ago: docs/config.md);
    /// overrides ESC_NOW.
    #[arg(long, value_name = "TIME", value_parser = parse_now)]
    now: Option<TimeInput>,
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(dir)?;
    let now = clock::now_from(args.now.as_ref(), &ui.zone(&workspace.config))?.at;
    let (loaded, clocks) = ticket_clocks(&workspace, &args.id, now)?;
    let id = loaded.file.ticket.id.to_string();
    if ui.json {
        let view =
            SlaView { id, now: clock::format_timestamp(&now), clocks: clocks.iter().map(ClockView::new).collect() };
        ui.print_json(&view)?;
    } else {
        ui.print(&clock_table(ui, &id, now, &clocks))?;
    }
    Ok(Outcome::Success)
}
