//! `esc lint`: findings as `path:line: message` and `--json`.

use schemars::JsonSchema;
use serde::Serialize;

use esc::ops::lint::{Finding, Rule};

/// Lint findings as `path:line: message`, the form editors and CI annotate.
pub fn findings(findings: &[Finding]) -> String {
    // Diagnostic's own form, which escapes what came from the repository.
    findings.iter().map(|f| format!("{}\n", f.diagnostic)).collect()
}

/// `esc lint --json`: every finding, in the order lint found them.
#[derive(Serialize, JsonSchema)]
pub struct LintView<'a> {
    findings: Vec<FindingView<'a>>,
}

/// A lint finding as `--json` shows it.
#[derive(Serialize, JsonSchema)]
struct FindingView<'a> {
    /// What kind of problem, a stable kebab-case id (docs/json.md lists them).
    #[schemars(schema_with = "rule_schema")]
    rule: &'a str,
    path: &'a str,
    line: usize,
    message: &'a str,
}

impl<'a> LintView<'a> {
    pub fn new(found: &'a [Finding]) -> LintView<'a> {
        let findings = found
            .iter()
            .map(|f| FindingView {
                rule: f.rule.as_str(),
                path: &f.diagnostic.path,
                line: f.diagnostic.line,
                message: &f.diagnostic.message,
            })
            .collect();
        LintView { findings }
    }
}

/// The rule ids, each by name, so a script can see every id a finding can carry.
fn rule_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "enum": Rule::NAMES })
}
