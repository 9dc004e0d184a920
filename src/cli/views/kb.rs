//! `esc kb`: what the team learned, per category, as tables and `--json`.

use std::fmt::Write as _;

use comfy_table::Cell;
use schemars::JsonSchema;
use serde::Serialize;

use esc::clock::format_timestamp;
use esc::ops::kb::{EntryKind, KbEntry, KnowledgeBase};
use esc::text::{escape_line, plural};

use crate::cli::Ui;
use crate::cli::ui::{fit, new_table, trim_lines};

/// `esc kb --json`: the categories in name order.
#[derive(Serialize, JsonSchema)]
pub struct KbView<'a> {
    categories: Vec<CategoryView<'a>>,
}

/// One category: how many entries it has, and the first `--limit` of them.
#[derive(Serialize, JsonSchema)]
pub struct CategoryView<'a> {
    category: &'a str,
    total: usize,
    entries: Vec<EntryView<'a>>,
}

/// A published review or a resolution.
#[derive(Serialize, JsonSchema)]
struct EntryView<'a> {
    /// `review` or `resolution`.
    kind: &'a str,
    id: &'a str,
    title: &'a str,
    resolved: Option<String>,
    resolution_code: Option<&'a str>,
    /// The review's first lesson, or the resolution.
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
            resolution_code: entry.code.as_deref(),
            text: entry.text.as_deref(),
            path: &entry.path,
        }
    }
}

/// The `--json` view: per category its size and the first `limit` entries.
pub fn kb_json(base: &KnowledgeBase, limit: usize) -> KbView<'_> {
    let categories = base
        .categories
        .iter()
        .map(|(category, entries)| CategoryView {
            category,
            total: entries.len(),
            entries: entries.iter().take(limit).map(EntryView::new).collect(),
        })
        .collect();
    KbView { categories }
}

/// One table per category, at most `limit` rows each.
pub fn kb_tables(ui: &Ui, base: &KnowledgeBase, limit: usize) -> String {
    let mut out = String::new();
    for (category, entries) in &base.categories {
        let reviews = entries.iter().filter(|e| e.kind == EntryKind::Review).count();
        let _ = writeln!(
            out,
            "{} ({reviews} review{}, {} resolution{})",
            escape_line(category),
            plural(reviews),
            entries.len() - reviews,
            plural(entries.len() - reviews)
        );
        let mut table = new_table(ui, &["", "ID", "RESOLVED", "CODE", "TITLE", "RESOLUTION OR LESSON"]);
        for entry in entries.iter().take(limit) {
            table.add_row(vec![
                Cell::new(entry.kind.as_str()),
                Cell::new(&entry.id),
                Cell::new(entry.resolved.map_or_else(|| "-".into(), |t| t.format("%Y-%m-%d").to_string())),
                Cell::new(escape_line(entry.code.as_deref().unwrap_or("-"))),
                Cell::new(escape_line(&entry.title)),
                Cell::new(escape_line(entry.text.as_deref().unwrap_or("-"))),
            ]);
        }
        fit(ui, &mut table, &[4, 5], &[3, 2, 0]);
        out.push_str(&trim_lines(&table.to_string()));
        if entries.len() > limit {
            let _ = writeln!(out, "  … {} more (--limit)", entries.len() - limit);
        }
        out.push('\n');
    }
    out
}
