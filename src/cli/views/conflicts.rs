//! `esc conflicts`: files a merge left unresolved, and what `--fix` did, human and `--json`.

use serde::Serialize;

use esc::ops::conflicts::{Conflict, ConflictedFile, Fixed};
use esc::text::escape_line;

/// A conflicted file as `--json` shows it.
#[derive(Serialize)]
pub struct ConflictView<'a> {
    path: &'a str,
    /// `unmerged` (in git's index) or `markers` (in the file).
    kind: &'static str,
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
#[derive(Serialize)]
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
