use std::fmt::Write as _;
use std::path::Path;

use comfy_table::Cell;
use serde::Serialize;

use esc::clock::format_timestamp;
use esc::ops::kb::{KbEntry, KbFilter, kb};

use crate::cli::commands::workspace;
use crate::cli::ui::{new_table, trim_lines};
use crate::cli::{Outcome, Ui};
use esc::text::escape_line;

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

#[derive(Serialize)]
struct CategoryView<'a> {
    category: &'a str,
    total: usize,
    entries: Vec<EntryView<'a>>,
}

#[derive(Serialize)]
struct EntryView<'a> {
    kind: &'a str,
    id: &'a str,
    title: &'a str,
    resolved: Option<String>,
    code: Option<&'a str>,
    text: Option<&'a str>,
    path: &'a str,
}

impl<'a> EntryView<'a> {
    fn new(entry: &'a KbEntry) -> EntryView<'a> {
        EntryView {
            kind: entry.kind.as_str(),
            id: &entry.id,
            title: &entry.title,
            resolved: entry.resolved.as_ref().map(format_timestamp),
            code: entry.code.as_deref(),
            text: entry.text.as_deref(),
            path: &entry.path,
        }
    }
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(dir)?;
    let filter = KbFilter { categories: args.category, kinds: args.kind };
    let base = kb(&workspace, &filter)?;
    for error in &base.unreadable {
        ui.status(&format!("warning: skipped {}", escape_line(&error.to_string())));
    }
    if ui.json {
        let views: Vec<CategoryView> = base
            .categories
            .iter()
            .map(|(category, entries)| CategoryView {
                category,
                total: entries.len(),
                entries: entries.iter().take(args.limit).map(EntryView::new).collect(),
            })
            .collect();
        ui.print_json(&views)?;
        return Ok(Outcome::Success);
    }
    if base.categories.is_empty() {
        ui.status("kb: nothing learned yet (no resolved tickets with a resolution, no published reviews)");
        return Ok(Outcome::Success);
    }
    let mut out = String::new();
    for (category, entries) in &base.categories {
        let reviews = entries.iter().filter(|e| e.kind == esc::ops::kb::EntryKind::Review).count();
        let _ = writeln!(
            out,
            "{} ({reviews} review{}, {} resolution{})",
            escape_line(category),
            plural(reviews),
            entries.len() - reviews,
            plural(entries.len() - reviews)
        );
        let mut table = new_table(ui, &["", "ID", "RESOLVED", "CODE", "TITLE", "RESOLUTION OR LESSON"]);
        for entry in entries.iter().take(args.limit) {
            table.add_row(vec![
                Cell::new(entry.kind.as_str()),
                Cell::new(&entry.id),
                Cell::new(entry.resolved.map_or_else(|| "-".into(), |t| t.format("%Y-%m-%d").to_string())),
                Cell::new(escape_line(entry.code.as_deref().unwrap_or("-"))),
                Cell::new(escape_line(&entry.title)),
                Cell::new(escape_line(entry.text.as_deref().unwrap_or("-"))),
            ]);
        }
        out.push_str(&trim_lines(&table.to_string()));
        if entries.len() > args.limit {
            let _ = writeln!(out, "  … {} more (--limit)", entries.len() - args.limit);
        }
        out.push('\n');
    }
    ui.print(out.trim_end())?;
    Ok(Outcome::Success)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
