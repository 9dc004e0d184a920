use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use esc::ops::search::{Hit, SearchFilter, search};

use crate::cli::commands::workspace;
use crate::cli::{Outcome, Ui};
use esc::text::escape_line;

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
    #[arg(long)]
    category: Vec<String>,
    #[arg(long)]
    status: Vec<String>,
    /// Show at most this many results.
    #[arg(long, default_value_t = 10)]
    limit: usize,
}

#[derive(Serialize)]
struct HitView<'a> {
    kind: &'a str,
    id: &'a str,
    title: &'a str,
    path: &'a str,
    status: Option<&'a str>,
    category: Option<&'a str>,
    words_matched: usize,
    points: u32,
    lines: Vec<LineView<'a>>,
}

#[derive(Serialize)]
struct LineView<'a> {
    field: &'a str,
    line: usize,
    text: &'a str,
}

impl<'a> HitView<'a> {
    fn new(hit: &'a Hit) -> HitView<'a> {
        HitView {
            kind: hit.kind.as_str(),
            id: &hit.id,
            title: &hit.title,
            path: &hit.path,
            status: hit.status.as_deref(),
            category: hit.category.as_deref(),
            words_matched: hit.score.words_matched,
            points: hit.score.points,
            lines: hit.score.lines.iter().map(|l| LineView { field: &l.field, line: l.line, text: &l.text }).collect(),
        }
    }
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(dir)?;
    let filter = SearchFilter { kinds: args.kind, categories: args.category, statuses: args.status };
    let outcome = search(&workspace, &args.query.join(" "), &filter)?;
    for error in &outcome.unreadable {
        ui.status(&format!("warning: skipped {}", escape_line(&error.to_string())));
    }
    let hits = &outcome.hits[..outcome.hits.len().min(args.limit)];
    if ui.json {
        ui.print_json(&hits.iter().map(HitView::new).collect::<Vec<_>>())?;
    } else {
        ui.print(&hit_list(hits))?;
        let more = outcome.hits.len() - hits.len();
        if more > 0 {
            ui.status(&format!("search: {more} more result{} (--limit)", if more == 1 { "" } else { "s" }));
        } else if hits.is_empty() {
            ui.status("search: nothing found");
        }
    }
    Ok(Outcome::Success)
}

fn hit_list(hits: &[Hit]) -> String {
    let mut out = String::new();
    for hit in hits {
        let kind = if hit.kind == esc::ops::search::HitKind::Review { "review of " } else { "" };
        let _ = writeln!(
            out,
            "{kind}{}  {}  {}",
            escape_line(&hit.id),
            escape_line(hit.status.as_deref().unwrap_or("-")),
            escape_line(&hit.title)
        );
        for line in &hit.score.lines {
            let _ = writeln!(out, "    {}:{}: {}", escape_line(&hit.path), line.line, escape_line(&line.text));
        }
    }
    out
}
