//! `esc check`: the table of overdue clocks and reviews, its summary line, JSON, GitHub
//! annotations and JUnit XML.

use std::fmt::Write as _;

use comfy_table::{Cell, Color};
use schemars::JsonSchema;
use serde::Serialize;

use esc::clock::{Timestamp, format_timestamp};
use esc::ops::check::{CheckReport, CheckedTicket, FailOn, Finding, ReviewFinding, ReviewProblem};
use esc::sla::{Clock, ClockState};
use esc::text::{escape_line, format_duration, plural};

use crate::cli::Ui;
use crate::cli::ui::{fit, new_table, trim_lines};
use crate::cli::views::markup::escape_markup;
use crate::cli::views::sla::{ClockView, clock_name, over_text, short, state_cell};

/// The `esc check` table, furthest over first.
pub fn check_table(ui: &Ui, findings: &[Finding]) -> String {
    if findings.is_empty() {
        return String::new();
    }
    let headers = ["TICKET", "PRI", "LEVEL", "CLOCK", "STATE", "DUE (UTC)", "", "TITLE"];
    let mut table = new_table(ui, &headers);
    for finding in findings {
        let (ticket, clock) = (finding.ticket, finding.clock);
        table.add_row(vec![
            Cell::new(&ticket.id),
            Cell::new(escape_line(&clock.priority)),
            Cell::new(escape_line(&ticket.level)),
            Cell::new(clock_name(clock)),
            state_cell(clock.state, ui.color),
            Cell::new(short(clock.due.as_ref())),
            Cell::new(over_text(clock)),
            Cell::new(escape_line(&ticket.title)),
        ]);
    }
    fit(ui, &mut table, &[7], &[6, 2, 3]);
    trim_lines(&table.to_string())
}

/// The review part of the `esc check` table: overdue first.
pub fn review_table(ui: &Ui, report: &CheckReport) -> String {
    let findings = &report.reviews;
    if findings.is_empty() {
        return String::new();
    }
    let headers = ["TICKET", "REVIEW", "STATE", "DUE (UTC)", "", "TITLE"];
    let mut table = new_table(ui, &headers);
    for finding in findings {
        let state = if finding.overdue { "overdue" } else { "due" };
        let state_cell = match (finding.overdue, ui.color) {
            (true, true) => Cell::new(state).fg(Color::Red),
            (false, true) => Cell::new(state).fg(Color::Yellow),
            _ => Cell::new(state),
        };
        table.add_row(vec![
            Cell::new(&finding.ticket),
            Cell::new(review_problem_text(&finding.problem)),
            state_cell,
            Cell::new(short(finding.due.as_ref())),
            Cell::new(due_text(finding, report.now)),
            Cell::new(escape_line(&finding.title)),
        ]);
    }
    fit(ui, &mut table, &[1, 5], &[4]);
    trim_lines(&table.to_string())
}

/// `missing (severity sev1)`, `draft`, `action A2 (Chen Wei)`.
fn review_problem_text(problem: &ReviewProblem) -> String {
    match problem {
        ReviewProblem::Missing { why } => format!("missing ({})", escape_line(why)),
        ReviewProblem::Unpublished => "draft".to_string(),
        ReviewProblem::ActionItem { id, owner, .. } => match owner {
            Some(owner) => format!("action {} ({})", escape_line(id), escape_line(esc::text::display_name(owner))),
            None => format!("action {} (no owner)", escape_line(id)),
        },
    }
}

/// `2d 3h over`, `4d left`, or `-` without a due time.
fn due_text(finding: &ReviewFinding, now: Timestamp) -> String {
    match finding.due {
        None => "-".into(),
        Some(due) if finding.overdue => format!("{} over", format_duration(now - due)),
        Some(due) => format!("{} left", format_duration(due - now)),
    }
}

/// One line for the end of `esc check`.
pub fn check_summary(report: &CheckReport) -> String {
    let findings = report.findings();
    let breached = findings.iter().filter(|f| f.is_breach()).count();
    let warnings = findings.len() - breached;
    let mut summary = format!(
        "check: {breached} breached, {warnings} warning{} across {} open ticket{}",
        plural(warnings),
        report.tickets.len(),
        plural(report.tickets.len()),
    );
    if !report.reviews.is_empty() {
        let overdue = report.reviews.iter().filter(|r| r.overdue).count();
        let _ = write!(summary, "; reviews: {overdue} overdue, {} due", report.reviews.len() - overdue);
    }
    let _ = write!(summary, " at {}", format_timestamp(&report.now));
    summary
}

/// `esc check --json` (or `--format json`).
#[derive(Serialize, JsonSchema)]
pub struct CheckView<'a> {
    /// The instant checked at.
    now: String,
    /// How many open tickets were checked.
    checked: usize,
    breached: usize,
    warnings: usize,
    /// Whether the check fails (exit 1) under `--fail-on`.
    failed: bool,
    findings: Vec<FindingView<'a>>,
    reviews: Vec<ReviewFindingView<'a>>,
}

/// A missing, unpublished or overdue review, or an overdue action item.
#[derive(Serialize, JsonSchema)]
struct ReviewFindingView<'a> {
    /// The ticket's id.
    id: &'a str,
    title: &'a str,
    path: &'a str,
    /// `missing`, `unpublished` or `action_item`.
    problem: &'a str,
    /// Why a missing review is required; `null` for the other problems.
    required_because: Option<&'a str>,
    /// The action item's id (`A1`); `null` unless the problem is `action_item`.
    item: Option<&'a str>,
    item_title: Option<&'a str>,
    /// The action item's owner.
    owner: Option<&'a str>,
    due: Option<String>,
    overdue: bool,
    /// The check instant minus the due time; negative while time is left.
    over_seconds: Option<i64>,
}

impl<'a> ReviewFindingView<'a> {
    fn new(finding: &'a ReviewFinding, now: Timestamp) -> ReviewFindingView<'a> {
        let (required_because, item, item_title, owner) = match &finding.problem {
            ReviewProblem::Missing { why } => (Some(why.as_str()), None, None, None),
            ReviewProblem::Unpublished => (None, None, None, None),
            ReviewProblem::ActionItem { id, title, owner } => {
                (None, Some(id.as_str()), Some(title.as_str()), owner.as_deref())
            }
        };
        ReviewFindingView {
            id: &finding.ticket,
            title: &finding.title,
            path: &finding.path,
            problem: finding.problem.as_str(),
            required_because,
            item,
            item_title,
            owner,
            due: finding.due.as_ref().map(format_timestamp),
            overdue: finding.overdue,
            over_seconds: finding.due.map(|due| (now - due).num_seconds()),
        }
    }
}

/// A breached or warning clock of an open ticket: the ticket's keys, then the clock's.
#[derive(Serialize, JsonSchema)]
struct FindingView<'a> {
    id: &'a str,
    title: &'a str,
    path: &'a str,
    team: Option<&'a str>,
    #[serde(flatten)]
    clock: ClockView<'a>,
}

impl<'a> CheckView<'a> {
    pub fn new(report: &'a CheckReport, fail_on: FailOn) -> CheckView<'a> {
        let findings = report.findings();
        let breached = findings.iter().filter(|f| f.is_breach()).count();
        CheckView {
            now: format_timestamp(&report.now),
            checked: report.tickets.len(),
            breached,
            warnings: findings.len() - breached,
            failed: report.failed(fail_on),
            findings: findings
                .iter()
                .map(|f| FindingView {
                    id: &f.ticket.id,
                    title: &f.ticket.title,
                    path: &f.ticket.path,
                    team: f.ticket.team.as_deref(),
                    // A live level clock is at the ticket's level: one key says both.
                    clock: ClockView::at_level(f.clock, &f.ticket.level),
                })
                .collect(),
            reviews: report.reviews.iter().map(|r| ReviewFindingView::new(r, report.now)).collect(),
        }
    }
}

/// `ESC-7K2M9QXA ack target 15m (P1) breached: 5m over, due 2026-11-25T09:15:00Z`.
fn finding_message(ticket: &CheckedTicket, clock: &Clock) -> String {
    let what = clock.target_label();
    let due = clock.due.as_ref().map(|d| format!(", due {}", format_timestamp(d))).unwrap_or_default();
    format!(
        "{} {what} {} ({}) {}: {}{due}",
        ticket.id,
        clock.target,
        clock.priority,
        clock.state.as_str(),
        over_text(clock)
    )
}

/// GitHub Actions workflow commands: `::error file=…,line=1,title=…::message`, one per
/// finding; failures as errors, the rest as warnings.
pub fn github_annotations(report: &CheckReport, fail_on: FailOn) -> String {
    let mut out = String::new();
    for finding in report.findings() {
        let level = if CheckReport::fails(&finding, fail_on) { "error" } else { "warning" };
        let title =
            format!("SLA {}: {} {}", finding.clock.state.as_str(), finding.ticket.id, clock_name(finding.clock));
        let message = format!("{} - {}", finding_message(finding.ticket, finding.clock), finding.ticket.title);
        let _ = writeln!(
            out,
            "::{level} file={},line=1,title={}::{}",
            github_property(&finding.ticket.path),
            github_property(&title),
            github_data(&message)
        );
    }
    for finding in &report.reviews {
        let level = if finding.fails(fail_on) { "error" } else { "warning" };
        let state = if finding.overdue { "overdue" } else { "due" };
        let title = format!("Review {state}: {}", finding.ticket);
        let message = format!("{} - {}", review_message(finding, report.now), finding.title);
        let _ = writeln!(
            out,
            "::{level} file={},line=1,title={}::{}",
            github_property(&finding.path),
            github_property(&title),
            github_data(&message)
        );
    }
    out
}

/// `ESC-7K2M9QXA review missing (severity sev1): due 2026-12-02T17:00:00Z, 1d 2h over`.
fn review_message(finding: &ReviewFinding, now: Timestamp) -> String {
    let what = match &finding.problem {
        ReviewProblem::Missing { why } => format!("review missing ({why})"),
        ReviewProblem::Unpublished => "review not published".to_string(),
        ReviewProblem::ActionItem { id, title, owner } => {
            format!("action item {id} '{title}' ({})", owner.as_deref().unwrap_or("no owner"))
        }
    };
    match finding.due {
        Some(due) => format!("{} {what}: due {}, {}", finding.ticket, format_timestamp(&due), due_text(finding, now)),
        None => format!("{} {what}", finding.ticket),
    }
}

/// A Markdown summary for a CI job page (`$GITHUB_STEP_SUMMARY`): the summary line, then the
/// clocks and reviews that fail or warn, as tables.
pub fn github_summary(report: &CheckReport, fail_on: FailOn) -> String {
    let mut out = String::from("## esc check\n\n");
    let verdict = if report.failed(fail_on) { "failed" } else { "passed" };
    let _ = writeln!(out, "**{verdict}**: {}\n", markdown_cell(&check_summary(report)));
    let findings = report.findings();
    if !findings.is_empty() {
        out.push_str("| ticket | priority | level | clock | state | due (UTC) | | title |\n");
        out.push_str("|---|---|---|---|---|---|---|---|\n");
        for finding in &findings {
            let (ticket, clock) = (finding.ticket, finding.clock);
            let cells = [
                ticket.id.clone(),
                clock.priority.clone(),
                ticket.level.clone(),
                clock_name(clock),
                clock.state.as_str().to_string(),
                short(clock.due.as_ref()),
                over_text(clock),
                ticket.title.clone(),
            ];
            let _ = writeln!(out, "| {} |", cells.iter().map(|c| markdown_cell(c)).collect::<Vec<_>>().join(" | "));
        }
        out.push('\n');
    }
    if !report.reviews.is_empty() {
        out.push_str("| ticket | review | state | due (UTC) | | title |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for finding in &report.reviews {
            let cells = [
                finding.ticket.clone(),
                review_problem_text(&finding.problem),
                if finding.overdue { "overdue" } else { "due" }.to_string(),
                short(finding.due.as_ref()),
                due_text(finding, report.now),
                finding.title.clone(),
            ];
            let _ = writeln!(out, "| {} |", cells.iter().map(|c| markdown_cell(c)).collect::<Vec<_>>().join(" | "));
        }
        out.push('\n');
    }
    out
}

/// Text for one Markdown table cell: one line, no raw control characters, and nothing that
/// would end the cell or start markup.
fn markdown_cell(text: &str) -> String {
    let mut out = String::new();
    for c in escape_line(text).chars() {
        if matches!(c, '|' | '\\' | '*' | '_' | '`' | '<' | '>' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes a workflow command's message.
pub(crate) fn github_data(text: &str) -> String {
    escape_line(text).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
pub(crate) fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// JUnit XML: one test case per live clock of every checked ticket, failed when it fails
/// the check, so CI dashboards list overdue tickets as failed tests.
pub fn junit_xml(report: &CheckReport, fail_on: FailOn) -> String {
    let cases: Vec<(&CheckedTicket, &Clock)> =
        report.tickets.iter().flat_map(|t| t.clocks.iter().map(move |c| (t, c))).collect();
    let fails = |ticket: &CheckedTicket, clock: &Clock| {
        let finding = Finding { ticket, clock };
        matches!(clock.state, ClockState::Breached | ClockState::Warning) && CheckReport::fails(&finding, fail_on)
    };
    let failures =
        cases.iter().filter(|(t, c)| fails(t, c)).count() + report.reviews.iter().filter(|r| r.fails(fail_on)).count();
    let tests = cases.len() + report.reviews.len();
    let now = format_timestamp(&report.now);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"esc check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">");
    let _ = writeln!(
        out,
        "  <testsuite name=\"esc check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" timestamp=\"{}\">",
        xml(&now)
    );
    for (ticket, clock) in &cases {
        let _ = write!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\"",
            xml(&ticket.id),
            xml(&format!("{} - {}", clock_name(clock), ticket.title)),
            xml(&ticket.path)
        );
        let message = finding_message(ticket, clock);
        if fails(ticket, clock) {
            let _ = writeln!(out, ">");
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                clock.state.as_str(),
                xml(&message),
                xml(&format!("{message}\n{}", ticket.title))
            );
            let _ = writeln!(out, "    </testcase>");
        } else if clock.state == ClockState::Warning {
            let _ = writeln!(out, ">");
            let _ = writeln!(out, "      <system-out>{}</system-out>", xml(&message));
            let _ = writeln!(out, "    </testcase>");
        } else {
            let _ = writeln!(out, " />");
        }
    }
    for finding in &report.reviews {
        let name = match &finding.problem {
            ReviewProblem::ActionItem { id, .. } => format!("action {id} - {}", finding.title),
            _ => format!("review - {}", finding.title),
        };
        let message = review_message(finding, report.now);
        let _ = writeln!(
            out,
            "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\">",
            xml(&finding.ticket),
            xml(&name),
            xml(&finding.path)
        );
        if finding.fails(fail_on) {
            let state = if finding.overdue { "overdue" } else { "due" };
            let _ = writeln!(
                out,
                "      <failure type=\"review {state}\" message=\"{}\">{}</failure>",
                xml(&message),
                xml(&format!("{message}\n{}", finding.title))
            );
        } else {
            let _ = writeln!(out, "      <system-out>{}</system-out>", xml(&message));
        }
        let _ = writeln!(out, "    </testcase>");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Escapes text for XML; line breaks become `&#10;` and control characters (not allowed in
/// XML 1.0) visible escapes.
pub(crate) fn xml(text: &str) -> String {
    escape_markup(text, |c, out| match c {
        '\n' => out.push_str("&#10;"),
        c if esc::text::is_unsafe_char(c) => out.push_str(&escape_line(&c.to_string())),
        c => out.push(c),
    })
}
