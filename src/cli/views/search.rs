//! `esc search`: hits with the lines that matched, human and `--json`.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::Serialize;

use esc::ops::search::{Hit, HitKind};
use esc::text::escape_line;

/// `esc search --json`: the results, best first.
#[derive(Serialize, JsonSchema)]
pub struct SearchView<'a> {
    pub hits: Vec<HitView<'a>>,
}

/// A ticket or review that matched.
#[derive(Serialize, JsonSchema)]
pub struct HitView<'a> {
    /// `ticket` or `review`.
    kind: &'a str,
    /// The ticket's id (a review's is its ticket's).
    id: &'a str,
    title: &'a str,
    path: &'a str,
    status: Option<&'a str>,
    category: Option<&'a str>,
    words_matched: usize,
    points: u32,
    lines: Vec<LineView<'a>>,
}

/// One of the best matching lines.
#[derive(Serialize, JsonSchema)]
struct LineView<'a> {
    field: &'a str,
    line: usize,
    text: &'a str,
}

impl<'a> HitView<'a> {
    pub fn new(hit: &'a Hit) -> HitView<'a> {
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

/// One paragraph per hit: id, status and title, then each matching line as `path:line:`.
pub fn hit_list(hits: &[Hit]) -> String {
    let mut out = String::new();
    for hit in hits {
        let kind = if hit.kind == HitKind::Review { "review of " } else { "" };
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
