//! `esc lint`: findings as `path:line: message` and `--json`.

use serde::Serialize;

use esc::ops::lint::Finding;
use esc::text::escape_line;

/// Lint findings as `path:line: message`, the form editors and CI annotate.
pub fn findings(findings: &[Finding]) -> String {
    findings.iter().map(|f| format!("{}:{}: {}\n", escape_line(&f.path), f.line, escape_line(&f.message))).collect()
}

/// A lint finding as `--json` shows it.
#[derive(Serialize)]
pub struct FindingView<'a> {
    path: &'a str,
    line: usize,
    message: &'a str,
}

impl<'a> FindingView<'a> {
    pub fn new(finding: &'a Finding) -> FindingView<'a> {
        FindingView { path: &finding.path, line: finding.line, message: &finding.message }
    }
}
