use std::path::Path;

use esc::ops::lint::lint;
use esc::text::plural;

use crate::cli::views::lint::{LintView, findings};
use crate::cli::{Outcome, Ui};

/// Check the policy, every ticket and every review; findings as path:line.
///
/// Check .esc/config.yaml and every ticket: syntax, known values, ids, and that each ticket's
/// state matches its history. Prints `path:line: message`; exits 1 when it finds anything.
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(dir: &Path, _args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let found = lint(dir)?;
    if ui.json {
        ui.print_json(&LintView::new(&found))?;
    } else {
        ui.print(&findings(&found))?;
    }
    if found.is_empty() {
        ui.status("lint: no findings");
        Ok(Outcome::Success)
    } else {
        ui.status(&format!("lint: {} finding{}", found.len(), plural(found.len())));
        Ok(Outcome::Findings)
    }
}
