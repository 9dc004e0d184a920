//! `esc lint`: findings as `path:line: message` and `--json`.

use serde::Serialize;

use esc::ops::lint::Finding;

/// Lint findings as `path:line: message`, the form editors and CI annotate.
pub fn findings(findings: &[Finding]) -> String {
    // Diagnostic's own form, which escapes what came from the repository.
    findings.iter().map(|f| format!("{f}\n")).collect()
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
