use std::path::Path;

use esc::ops::kb::{KbFilter, kb};
use esc::text::escape_line;

use crate::cli::commands::{check_filters, workspace};
use crate::cli::views::kb::{kb_json, kb_tables};
use crate::cli::{Outcome, Ui};

/// The knowledge base: what the team learned, by category.
///
/// The knowledge base: what the team learned, by category. Published post-incident
/// reviews (with their first lesson) come first, then the resolutions of resolved and
/// closed tickets, most recent first. `esc search` looks inside them.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only this category (repeat for several; `-` for tickets without one).
    #[arg(long)]
    category: Vec<String>,
    /// Only tickets of this type (repeat for several).
    #[arg(long = "type", value_name = "TYPE")]
    kind: Vec<String>,
    /// Show at most this many entries per category.
    #[arg(long, default_value_t = 10)]
    limit: usize,
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(dir)?;
    use esc::policy::Names;
    check_filters(&workspace, &[(Names::Category, &args.category), (Names::Type, &args.kind)])?;
    let filter = KbFilter { categories: args.category, kinds: args.kind };
    let base = kb(&workspace, &filter)?;
    for error in &base.unreadable {
        ui.status(&format!("warning: skipped {}", escape_line(&error.to_string())));
    }
    if ui.json {
        ui.print_json(&kb_json(&base, args.limit))?;
        return Ok(Outcome::Success);
    }
    if base.categories.is_empty() {
        ui.status("kb: nothing learned yet (no resolved tickets with a resolution, no published reviews)");
        return Ok(Outcome::Success);
    }
    ui.print(kb_tables(ui, &base, args.limit).trim_end())?;
    Ok(Outcome::Success)
}
