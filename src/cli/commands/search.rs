use std::path::Path;

use esc::ops::search::{SearchFilter, search};
use esc::text::{escape_line, plural};

use crate::cli::commands::{check_filters, parse_statuses, workspace};
use crate::cli::views::search::{HitView, SearchView, hit_list};
use crate::cli::{Outcome, Ui};

/// Search tickets and reviews: how was a similar problem fixed?
///
/// Search tickets and post-incident reviews (titles, descriptions, resolutions, root causes,
/// updates, lessons) before escalating: how was a similar problem fixed?
///
/// Results matching more of the words come first, then those matching more often, with
/// resolutions, root causes and lessons weighing more than other text. Each result shows its
/// best lines as `path:line`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words to look for (case-insensitive; any of them, the more the better).
    #[arg(required = true, num_args = 1..)]
    query: Vec<String>,
    /// Only tickets of this type (repeat for several); reviews match through their ticket.
    #[arg(long = "type", value_name = "TYPE")]
    kind: Vec<String>,
    /// Only tickets in this category (repeat for several); reviews match through their ticket.
    #[arg(long)]
    category: Vec<String>,
    /// Only tickets in this status (repeat for several); reviews match through their ticket.
    #[arg(long)]
    status: Vec<String>,
    /// Show at most this many results.
    #[arg(long, default_value_t = 10)]
    limit: usize,
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(dir)?;
    use esc::policy::Names;
    check_filters(&workspace, &[(Names::Type, &args.kind), (Names::Category, &args.category)])?;
    let filter = SearchFilter { kinds: args.kind, categories: args.category, statuses: parse_statuses(&args.status)? };
    let outcome = search(&workspace, &args.query.join(" "), &filter)?;
    for error in &outcome.unreadable {
        ui.status(&format!("warning: skipped {}", escape_line(&error.to_string())));
    }
    let hits = &outcome.hits[..outcome.hits.len().min(args.limit)];
    if ui.json {
        ui.print_json(&SearchView { hits: hits.iter().map(HitView::new).collect() })?;
    } else {
        ui.print(&hit_list(hits))?;
        let more = outcome.hits.len() - hits.len();
        if more > 0 {
            ui.status(&format!("search: {more} more result{} (--limit)", plural(more)));
        } else if hits.is_empty() {
            ui.status("search: nothing found");
        }
    }
    Ok(Outcome::Success)
}
