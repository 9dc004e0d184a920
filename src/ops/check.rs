//! `esc sla` and `esc check`: the SLA clocks of one ticket, and of every open ticket.

use std::path::PathBuf;

use crate::clock::Timestamp;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::model::{FieldValue, Status};
use crate::ops::query::matches;
use crate::sla::{self, Clock, ClockState};
use crate::store::{LoadedTicket, Workspace};

/// Which open tickets `esc check` looks at. Empty lists match everything.
#[derive(Debug, Default, Clone)]
pub struct CheckFilter {
    pub teams: Vec<String>,
    pub levels: Vec<String>,
    pub priorities: Vec<String>,
}

impl CheckFilter {
    /// Whether the ticket, as it was at `now`, was open and matches.
    fn accepts(&self, loaded: &LoadedTicket, now: Timestamp) -> bool {
        let state = sla::state_at(&loaded.file.ticket, now);
        let value = |field: &str| match state.get(field) {
            Some(FieldValue::Text(text)) => Some(text.as_str()),
            _ => None,
        };
        let fits = |wanted: &[String], field: &str| matches(wanted, value(field));
        value("status").and_then(|s| s.parse::<Status>().ok()).is_some_and(Status::is_open)
            && fits(&self.teams, "team")
            && fits(&self.levels, "level")
            && fits(&self.priorities, "priority")
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

/// Every checked ticket at one instant.
#[derive(Debug, Clone)]
pub struct CheckReport {
    pub now: Timestamp,
    pub tickets: Vec<CheckedTicket>,
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
        self.findings().iter().any(|f| Self::fails(f, fail_on))
    }
}

/// The clocks of every open ticket that `filter` accepts, at `now`. A ticket file that does
/// not parse is an error: a verdict that skips tickets would not be trustworthy.
pub fn check(workspace: &Workspace, filter: &CheckFilter, now: Timestamp) -> Result<CheckReport> {
    use rayon::prelude::*;
    let mut selected = Vec::new();
    for loaded in workspace.load_all()? {
        let loaded = loaded?;
        if filter.accepts(&loaded, now) {
            check_priority(&workspace.config, &loaded)?;
            selected.push(loaded);
        }
    }
    // Long-open tickets on working-hours calendars cost the most; use every core.
    let config = &workspace.config;
    let clocks: Vec<Vec<Clock>> = selected
        .par_iter()
        .map(|loaded| sla::clocks(config, &loaded.file.ticket, now).into_iter().filter(Clock::is_live).collect())
        .collect();
    let tickets =
        selected.iter().zip(clocks).map(|(loaded, clocks)| checked_ticket(workspace, loaded, clocks)).collect();
    Ok(CheckReport { now, tickets })
}

/// One ticket's clocks at `now`, including stopped ones and earlier cycles.
pub fn ticket_clocks(workspace: &Workspace, query: &str, now: Timestamp) -> Result<(LoadedTicket, Vec<Clock>)> {
    let loaded = workspace.load_by_query(query)?;
    check_priority(&workspace.config, &loaded)?;
    let clocks = sla::clocks(&workspace.config, &loaded.file.ticket, now);
    Ok((loaded, clocks))
}

/// A priority the policy does not define has no targets: rather than pass the ticket
/// silently, name the file and line.
pub(crate) fn check_priority(config: &Config, loaded: &LoadedTicket) -> Result<()> {
    match &loaded.file.ticket.priority {
        Some(priority) if !config.priorities.contains_key(priority) => Err(Error::BadFile {
            path: PathBuf::from(&loaded.relative_path),
            line: loaded.file.line_of("priority"),
            message: format!(
                "priority '{priority}' is not defined in the policy (known: {}), so its SLA clocks cannot be measured",
                config.priorities.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        }),
        _ => Ok(()),
    }
}

fn checked_ticket(workspace: &Workspace, loaded: &LoadedTicket, clocks: Vec<Clock>) -> CheckedTicket {
    let ticket = &loaded.file.ticket;
    CheckedTicket {
        id: ticket.id.to_string(),
        title: ticket.title.clone(),
        path: workspace.repo_path(&loaded.relative_path),
        priority: ticket.priority.clone(),
        level: ticket.level.clone(),
        team: ticket.team.clone(),
        clocks,
    }
}
