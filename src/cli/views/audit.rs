//! `esc audit`: findings as lines for people, JSON, GitHub annotations and JUnit XML.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::Serialize;

use esc::clock::format_timestamp;
use esc::ops::audit::{AuditFinding, AuditOutcome, FindingKind};
use esc::text::{escape_line, plural};

use crate::cli::views::check::{github_data, github_property, xml};

/// The short commit id people read.
fn short(commit: &esc::repo::git::ObjectId) -> String {
    commit.to_string().chars().take(10).collect()
}

/// Where a finding is, for people: `ESC-X history[3]` or the file.
fn place(finding: &AuditFinding) -> String {
    let what = if finding.ticket.is_empty() { finding.path.clone() } else { finding.ticket.clone() };
    match finding.entry {
        Some(n) => format!("{what} entry {n}"),
        None => what,
    }
}

/// One line per finding, then a summary line (which goes to stderr).
pub fn audit_lines(outcome: &AuditOutcome) -> String {
    let mut out = String::new();
    for f in &outcome.findings {
        let rules = if f.rules.is_empty() { String::new() } else { format!(" [{}]", f.rules.join(", ")) };
        let action = if f.action.is_empty() { String::new() } else { format!(" {}", f.action) };
        let _ = writeln!(
            out,
            "{}  {}{}{}  commit {}  {}",
            f.kind,
            escape_line(&place(f)),
            escape_line(&action),
            escape_line(&rules),
            short(&f.commit),
            escape_line(&f.message)
        );
    }
    out
}

pub fn audit_summary(outcome: &AuditOutcome) -> String {
    let n = outcome.findings.len();
    let mut line = format!(
        "audit: {} commit{}, {} entr{} judged: {}",
        outcome.commits,
        plural(outcome.commits),
        outcome.entries,
        if outcome.entries == 1 { "y" } else { "ies" },
        if n == 0 { "no findings".to_string() } else { format!("{n} finding{}", plural(n)) }
    );
    if let Some(from) = &outcome.shallow_from {
        line.push_str(&format!(
            "\nnote: this clone is shallow: the history before {} is not here (git fetch --unshallow audits it all)",
            short(from)
        ));
    }
    if let Some(missing) = &outcome.missing_baseline {
        line.push_str(&format!(
            "\nnote: audit.baseline {} is not a commit of this clone, so nothing was accepted before it",
            escape_line(missing)
        ));
    }
    if let Some(baseline) = &outcome.baseline {
        line.push_str(&format!(
            "\nnote: the history up to the baseline {} (audit.baseline) is accepted as it is",
            short(baseline)
        ));
    }
    line
}

/// `esc audit --json`.
#[derive(Serialize, JsonSchema)]
pub struct AuditView<'a> {
    /// Commits replayed.
    commits: usize,
    /// History entries (and review publications) judged.
    entries: usize,
    /// The first commit of a shallow clone, before which nothing could be audited.
    shallow_from: Option<String>,
    /// The policy's `audit.baseline`, up to which the history is accepted.
    baseline: Option<String>,
    /// A baseline the policy names that this clone does not have (nothing was accepted).
    missing_baseline: Option<&'a str>,
    findings: Vec<AuditFindingView<'a>>,
}

/// One finding.
#[derive(Serialize, JsonSchema)]
pub struct AuditFindingView<'a> {
    /// forbidden, override, forged-by, hand-entry, rewritten, removed, bad-policy or unreadable.
    kind: &'static str,
    /// The ticket id ("" for the policy itself).
    id: &'a str,
    path: &'a str,
    /// The history entry's place, 1 for the first (null: not about one entry).
    entry: Option<usize>,
    at: Option<String>,
    action: &'a str,
    by: &'a str,
    /// The commit that made the change, and its author.
    commit: String,
    author: &'a str,
    /// The permission rules involved.
    rules: &'a [String],
    message: &'a str,
}

impl<'a> AuditView<'a> {
    pub fn new(outcome: &'a AuditOutcome) -> AuditView<'a> {
        AuditView {
            commits: outcome.commits,
            entries: outcome.entries,
            shallow_from: outcome.shallow_from.map(|c| c.to_string()),
            baseline: outcome.baseline.map(|c| c.to_string()),
            missing_baseline: outcome.missing_baseline.as_deref(),
            findings: outcome
                .findings
                .iter()
                .map(|f| AuditFindingView {
                    kind: f.kind.as_str(),
                    id: &f.ticket,
                    path: &f.path,
                    entry: f.entry,
                    at: f.at.as_ref().map(format_timestamp),
                    action: &f.action,
                    by: &f.by,
                    commit: f.commit.to_string(),
                    author: &f.author,
                    rules: &f.rules,
                    message: &f.message,
                })
                .collect(),
        }
    }
}

/// GitHub Actions workflow commands: an error per finding (a warning for overrides, which
/// the policy allowed), on the file that holds it.
pub fn audit_github(outcome: &AuditOutcome, root_in_repo: &str) -> String {
    let mut out = String::new();
    for f in &outcome.findings {
        let level = if f.kind == FindingKind::Override { "warning" } else { "error" };
        let title = format!("esc audit: {} {}", f.kind, place(f));
        let _ = writeln!(
            out,
            "::{level} file={},title={}::{} (commit {})",
            github_property(&format!("{root_in_repo}{}", f.path)),
            github_property(&title),
            github_data(&f.message),
            short(&f.commit)
        );
    }
    out
}

/// JUnit XML: one failed test case per finding, so CI dashboards list them.
pub fn audit_junit(outcome: &AuditOutcome) -> String {
    let n = outcome.findings.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"esc audit\" tests=\"{}\" failures=\"{n}\">", n.max(1));
    let _ = writeln!(out, "  <testsuite name=\"esc audit\" tests=\"{}\" failures=\"{n}\">", n.max(1));
    if outcome.findings.is_empty() {
        let _ = writeln!(
            out,
            "    <testcase classname=\"esc.audit\" name=\"history\"><system-out>{}</system-out></testcase>",
            xml(&audit_summary(outcome))
        );
    }
    for f in &outcome.findings {
        let _ = writeln!(out, "    <testcase classname=\"esc.audit.{}\" name=\"{}\">", f.kind, xml(&place(f)));
        let _ = writeln!(
            out,
            "      <failure type=\"{}\" message=\"{}\">{}</failure>",
            f.kind,
            xml(&f.message),
            xml(&format!("commit {} by {}\n{}", f.commit, f.author, f.message))
        );
        let _ = writeln!(out, "    </testcase>");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
