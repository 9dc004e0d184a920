//! `esc conflicts`: files a merge left unresolved, and what `--fix` did, human and `--json`.

use schemars::JsonSchema;
use serde::Serialize;

use esc::ops::conflicts::{Conflict, ConflictedFile, Fixed};
use esc::text::escape_line;

/// `esc conflicts --json`.
#[derive(Serialize, JsonSchema)]
pub struct ConflictsView<'a> {
    pub conflicts: Vec<ConflictView<'a>>,
}

/// `esc conflicts --fix --json`.
#[derive(Serialize, JsonSchema)]
pub struct FixedListView<'a> {
    pub fixed: Vec<FixedView<'a>>,
}

/// A conflicted file as `--json` shows it.
#[derive(Serialize, JsonSchema)]
pub struct ConflictView<'a> {
    path: &'a str,
    /// `unmerged` (in git's index) or `markers` (in the file).
    kind: &'static str,
    /// The first conflict marker's line; `null` for `unmerged`.
    line: Option<usize>,
}

impl<'a> ConflictView<'a> {
    pub fn new(file: &'a ConflictedFile) -> ConflictView<'a> {
        let (kind, line) = match file.conflict {
            Conflict::Unmerged => ("unmerged", None),
            Conflict::Markers { line } => ("markers", Some(line)),
        };
        ConflictView { path: &file.path, kind, line }
    }
}

/// A repaired file as `--json` shows it.
#[derive(Serialize, JsonSchema)]
pub struct FixedView<'a> {
    path: &'a str,
    /// What still conflicts (markers left in the body); empty when fully merged.
    remaining: &'a [String],
}

impl<'a> FixedView<'a> {
    pub fn new(fixed: &'a Fixed) -> FixedView<'a> {
        FixedView { path: &fixed.path, remaining: &fixed.remaining }
    }
}

/// One line per file: `path:line: …` for markers, `path: …` for an unmerged index entry.
pub fn conflict_lines(files: &[ConflictedFile]) -> String {
    files
        .iter()
        .map(|file| match file.conflict {
            Conflict::Unmerged => format!("{}: unmerged (git stopped on it)\n", escape_line(&file.path)),
            Conflict::Markers { line } => {
                format!("{}:{line}: unresolved merge conflict (conflict markers)\n", escape_line(&file.path))
            }
        })
        .collect()
}

/// One line per repaired file.
pub fn fixed_lines(fixed: &[Fixed]) -> String {
    fixed
        .iter()
        .map(|f| match f.remaining.is_empty() {
            true => format!("{}: merged and staged\n", escape_line(&f.path)),
            false => format!(
                "{}: merged, not staged: both sides changed the same {}; resolve the markers left there, then git add it\n",
                escape_line(&f.path),
                f.remaining.join(", ")
            ),
        })
        .collect()
}
