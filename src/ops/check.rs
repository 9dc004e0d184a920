//! `esc sla` and `esc check`: the SLA clocks of one ticket, and of every open ticket.

use std::collections::HashMap;

use crate::clock::Timestamp;
use crate::error::{Diagnostic, Error, Result};
use crate::ops::query::matches;
use crate::policy::Config;
use crate::repo::{LoadedReview, LoadedTicket, Workspace};
use crate::review::ReviewStatus;
use crate::review::rules::{review_due, review_required};
use crate::sla::{self, Clock, ClockState};
use crate::ticket::{Field, FieldValue, Status};

/// Which open tickets `esc check` looks at. Empty lists match everything.
#[derive(Debug, Default, Clone)]
pub struct CheckFilter {
    pub teams: Vec<String>,
    pub levels: Vec<String>,
    pub priorities: Vec<String>,
}

impl CheckFilter {
    /// The ticket's status at `now` if, as it was then, it matches; `None` if not (or if
    /// it did not exist yet).
    fn status_if_accepted(&self, loaded: &LoadedTicket, now: Timestamp) -> Option<Status> {
        let state = sla::state_at(&loaded.file.ticket, now);
        let value = |field: Field| state.get(&field).and_then(FieldValue::as_text);
        let fits = |wanted: &[String], field: Field| matches(wanted, value(field));
        let status = value(Field::Status).and_then(|s| s.parse::<Status>().ok())?;
        (fits(&self.teams, Field::Team) && fits(&self.levels, Field::Level) && fits(&self.priorities, Field::Priority))
            .then_some(status)
    }
}

/// What counts as a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Breach,
    Warning,
}

/// One open ticket and its live clocks.
#[derive(Debug, Clone)]
pub struct CheckedTicket {
    pub id: String,
    pub title: String,
    /// The ticket file, relative to the repository root (where CI annotations point).
    pub path: String,
    pub priority: Option<String>,
    pub level: String,
    pub team: Option<String>,
    pub clocks: Vec<Clock>,
}

/// A live clock that is breached or warning.
#[derive(Debug, Clone, Copy)]
pub struct Finding<'a> {
    pub ticket: &'a CheckedTicket,
    pub clock: &'a Clock,
}

impl Finding<'_> {
    pub fn is_breach(&self) -> bool {
        self.clock.state == ClockState::Breached
    }
}

/// A post-incident review that is missing, unpublished, or has an overdue action item.
#[derive(Debug, Clone)]
pub struct ReviewFinding {
    pub ticket: String,
    pub title: String,
    /// The review file when there is one, else the ticket file (relative to the repository
    /// root, where CI annotations point).
    pub path: String,
    pub problem: ReviewProblem,
    pub due: Option<Timestamp>,
    /// Past its due time: it fails the check. Before: a warning.
    pub overdue: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewProblem {
    /// Required (for this reason) and not written.
    Missing { why: String },
    /// Written, still a draft.
    Unpublished,
    /// An open action item past its due time.
    ActionItem { id: String, title: String, owner: Option<String> },
}

impl ReviewProblem {
    pub fn as_str(&self) -> &'static str {
        match self {
            ReviewProblem::Missing { .. } => "missing",
            ReviewProblem::Unpublished => "unpublished",
            ReviewProblem::ActionItem { .. } => "action_item",
        }
    }
}

impl ReviewFinding {
    /// Whether it fails the check under `fail_on`.
    pub fn fails(&self, fail_on: FailOn) -> bool {
        self.overdue || fail_on == FailOn::Warning
    }
}

/// Every checked ticket at one instant.
#[derive(Debug)]
pub struct CheckReport {
    pub now: Timestamp,
    pub tickets: Vec<CheckedTicket>,
    /// Review problems, most overdue first.
    pub reviews: Vec<ReviewFinding>,
    /// Ticket and review files that could not be checked (they do not parse, or name a
    /// priority the policy lacks): the others are checked, and the check still fails.
    pub unreadable: Vec<Error>,
}

impl CheckReport {
    /// Breached and warning clocks, furthest over first.
    pub fn findings(&self) -> Vec<Finding<'_>> {
        let mut findings: Vec<Finding> = self
            .tickets
            .iter()
            .flat_map(|ticket| ticket.clocks.iter().map(move |clock| Finding { ticket, clock }))
            .filter(|f| matches!(f.clock.state, ClockState::Breached | ClockState::Warning))
            .collect();
        findings.sort_by(|a, b| b.clock.over().cmp(&a.clock.over()).then_with(|| a.ticket.id.cmp(&b.ticket.id)));
        findings
    }

    /// Whether a clock in `finding` fails the check under `fail_on`.
    pub fn fails(finding: &Finding, fail_on: FailOn) -> bool {
        finding.is_breach() || fail_on == FailOn::Warning
    }

    pub fn failed(&self, fail_on: FailOn) -> bool {
        self.findings().iter().any(|f| Self::fails(f, fail_on)) || self.reviews.iter().any(|r| r.fails(fail_on))
    }
}

/// The clocks of every open ticket that `filter` accepts, at `now`. A ticket file that does
/// not parse does not stop the others; it is in [`CheckReport::unreadable`], since a verdict
/// that skips tickets silently would not be trustworthy.
///
/// Tickets are checked a batch at a time as they are read, and only what the report needs is
/// kept of each, so memory does not grow with the repository.
pub fn check(workspace: &Workspace, filter: &CheckFilter, now: Timestamp) -> Result<CheckReport> {
    const BATCH: usize = 4096;
    let mut review_errors = Vec::new();
    let reviews = reviews_by_ticket(workspace, &mut review_errors)?;
    let mut report = Checking {
        config: &workspace.config,
        repo_prefix: workspace.repo_path(""),
        filter,
        reviews: &reviews,
        now,
        tickets: Vec::new(),
        unreadable: Vec::new(),
        review_findings: Vec::new(),
        open_items: Vec::new(),
        resolved_items: Vec::new(),
    };
    let mut batch = Vec::with_capacity(BATCH);
    for loaded in workspace.load_all()? {
        batch.push(loaded);
        if batch.len() == BATCH {
            report.add(std::mem::take(&mut batch));
        }
    }
    report.add(batch);
    let mut unreadable = report.unreadable;
    unreadable.extend(review_errors);
    let mut findings = report.review_findings;
    findings.append(&mut report.open_items);
    findings.append(&mut report.resolved_items);
    // Most overdue first; undated last.
    findings.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then_with(|| a.due.is_none().cmp(&b.due.is_none()))
            .then_with(|| a.due.cmp(&b.due))
            .then_with(|| a.ticket.cmp(&b.ticket))
    });
    Ok(CheckReport { now, tickets: report.tickets, reviews: findings, unreadable })
}

/// Every review, by the ticket it reviews; one that does not parse goes to `unreadable`.
fn reviews_by_ticket(workspace: &Workspace, unreadable: &mut Vec<Error>) -> Result<HashMap<String, LoadedReview>> {
    let mut reviews = HashMap::new();
    for review in workspace.load_reviews()? {
        match review {
            Ok(review) => {
                reviews.insert(review.file.review.ticket.clone(), review);
            }
            Err(e) => unreadable.push(e),
        }
    }
    Ok(reviews)
}

/// What `esc check` has found so far, in the order it reports it before sorting.
struct Checking<'a> {
    config: &'a Config,
    /// Where the esc root is in the repository (`""` or `dir/`), for the paths reported.
    repo_prefix: String,
    filter: &'a CheckFilter,
    reviews: &'a HashMap<String, LoadedReview>,
    now: Timestamp,
    tickets: Vec<CheckedTicket>,
    unreadable: Vec<Error>,
    /// Missing and unpublished reviews of resolved tickets.
    review_findings: Vec<ReviewFinding>,
    /// Overdue action items: of open tickets' reviews, then of resolved ones'.
    open_items: Vec<ReviewFinding>,
    resolved_items: Vec<ReviewFinding>,
}

/// What one ticket adds to the report.
enum Verdict {
    Unreadable(Error),
    Open(CheckedTicket, Vec<ReviewFinding>),
    Resolved(Option<ReviewFinding>, Vec<ReviewFinding>),
    Left,
}

impl Checking<'_> {
    /// Checks a batch of tickets on every core (long-open tickets on working-hours calendars
    /// cost the most) and adds what they show, in the batch's order.
    fn add(&mut self, batch: Vec<Result<LoadedTicket>>) {
        use rayon::prelude::*;
        let verdicts: Vec<Verdict> = batch
            .into_par_iter()
            .map(|loaded| match loaded {
                Ok(loaded) => self.verdict(&loaded),
                Err(e) => Verdict::Unreadable(e),
            })
            .collect();
        for verdict in verdicts {
            match verdict {
                Verdict::Unreadable(e) => self.unreadable.push(e),
                Verdict::Open(ticket, items) => {
                    self.tickets.push(ticket);
                    self.open_items.extend(items);
                }
                Verdict::Resolved(finding, items) => {
                    self.review_findings.extend(finding);
                    self.resolved_items.extend(items);
                }
                Verdict::Left => {}
            }
        }
    }

    fn verdict(&self, loaded: &LoadedTicket) -> Verdict {
        let (prefix, config, now) = (self.repo_prefix.as_str(), self.config, self.now);
        let status = match self.filter.status_if_accepted(loaded, now) {
            Some(status) => status,
            None => return Verdict::Left,
        };
        let items = overdue_items(prefix, self.reviews, loaded, now);
        if status.is_open() {
            if let Err(e) = check_priority(config, loaded) {
                return Verdict::Unreadable(e);
            }
            let clocks = sla::clocks(config, &loaded.file.ticket, now).into_iter().filter(Clock::is_live).collect();
            return Verdict::Open(checked_ticket(prefix, loaded, clocks), items);
        }
        Verdict::Resolved(self.review_finding(loaded), items)
    }

    /// A resolved ticket's missing or unpublished review.
    fn review_finding(&self, loaded: &LoadedTicket) -> Option<ReviewFinding> {
        let (prefix, config, now) = (self.repo_prefix.as_str(), self.config, self.now);
        let ticket = &loaded.file.ticket;
        let id = ticket.id.to_string();
        let (path, problem, due) = match self.reviews.get(&id) {
            // Whether a review is required costs the ticket's clocks.
            None => (
                format!("{prefix}{}", loaded.relative_path),
                ReviewProblem::Missing { why: review_required(config, ticket, now)? },
                review_due(config, ticket, now),
            ),
            Some(review) if review.file.review.status == ReviewStatus::Draft => {
                (format!("{prefix}{}", review.relative_path), ReviewProblem::Unpublished, review.file.review.due)
            }
            Some(_) => return None,
        };
        let overdue = due.is_some_and(|due| due < now);
        Some(ReviewFinding { ticket: id, title: ticket.title.clone(), path, problem, due, overdue })
    }
}

/// The overdue action items of the review of `loaded`'s ticket, if it has one.
fn overdue_items(
    prefix: &str,
    reviews: &HashMap<String, LoadedReview>,
    loaded: &LoadedTicket,
    now: Timestamp,
) -> Vec<ReviewFinding> {
    let ticket = &loaded.file.ticket;
    let Some(review) = reviews.get(&ticket.id.to_string()) else { return Vec::new() };
    review
        .file
        .review
        .action_items
        .iter()
        .filter(|item| item.is_overdue(now))
        .map(|item| ReviewFinding {
            ticket: ticket.id.to_string(),
            title: ticket.title.clone(),
            path: format!("{prefix}{}", review.relative_path),
            problem: ReviewProblem::ActionItem {
                id: item.id.clone(),
                title: item.title.clone(),
                owner: item.owner.clone(),
            },
            due: item.due,
            overdue: true,
        })
        .collect()
}

/// A priority the policy does not define has no targets: rather than pass the ticket
/// silently, name the file and line.
pub(crate) fn check_priority(config: &Config, loaded: &LoadedTicket) -> Result<()> {
    match &loaded.file.ticket.priority {
        Some(priority) if !config.priorities.contains_key(priority) => Err(Error::BadFile(Diagnostic::new(
            &loaded.relative_path,
            loaded.file.line_of("priority"),
            format!(
                "priority '{priority}' is not defined in the policy (known: {}), so its SLA clocks cannot be measured",
                config.priorities.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        ))),
        _ => Ok(()),
    }
}

/// `prefix` is where the esc root is in the repository.
fn checked_ticket(prefix: &str, loaded: &LoadedTicket, clocks: Vec<Clock>) -> CheckedTicket {
    let ticket = &loaded.file.ticket;
    CheckedTicket {
        id: ticket.id.to_string(),
        title: ticket.title.clone(),
        path: format!("{prefix}{}", loaded.relative_path),
        priority: ticket.priority.clone(),
        level: ticket.level.clone(),
        team: ticket.team.clone(),
        clocks,
    }
}
