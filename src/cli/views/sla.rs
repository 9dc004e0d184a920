//! `esc sla`: one ticket's clocks explained, as a table and `--json`; the clock pieces
//! `esc check` reuses.

use std::fmt::Write as _;

use chrono::Duration;
use comfy_table::{Cell, Color};
use schemars::JsonSchema;
use serde::Serialize;

use esc::clock::{Timestamp, format_timestamp};
use esc::sla::{Clock, ClockState};
use esc::text::{escape_line, format_duration, format_working_duration, plural};

use crate::cli::Ui;
use crate::cli::ui::{fit, new_table, trim_lines};

/// A clock as `--json` shows it; durations in seconds.
#[derive(Serialize, JsonSchema)]
pub struct ClockView<'a> {
    /// `ack`, `update`, `resolve` or `level`.
    clock: &'a str,
    /// Which resolve cycle (2 after the first reopen).
    cycle: usize,
    /// The level a level clock measures (in `esc check`, the ticket's level); `null` for
    /// the other clocks in `esc sla`.
    level: Option<&'a str>,
    priority: &'a str,
    /// The ticket has no priority; `sla.unclassified` stands in.
    priority_assumed: bool,
    calendar: &'a str,
    target: String,
    target_seconds: i64,
    started: String,
    stopped: Option<String>,
    counted_seconds: i64,
    paused_seconds: i64,
    outside_hours_seconds: i64,
    due: Option<String>,
    state: &'a str,
    percent: i64,
    /// Counted time past the target; negative while time is left.
    over_seconds: i64,
    /// Update gaps of this cycle that ran late before the current one.
    earlier_misses: usize,
}

impl<'a> ClockView<'a> {
    /// With the ticket's level: `esc check` names it on every finding.
    pub fn at_level(clock: &'a Clock, level: &'a str) -> ClockView<'a> {
        ClockView { level: Some(level), ..ClockView::new(clock) }
    }

    pub fn new(clock: &'a Clock) -> ClockView<'a> {
        ClockView {
            clock: clock.kind.as_str(),
            cycle: clock.cycle,
            level: clock.level.as_deref(),
            priority: &clock.priority,
            priority_assumed: clock.assumed_priority,
            calendar: &clock.calendar,
            target: clock.target.to_string(),
            target_seconds: clock.target_length.num_seconds(),
            started: format_timestamp(&clock.started),
            stopped: clock.stopped.as_ref().map(format_timestamp),
            counted_seconds: clock.counted.num_seconds(),
            paused_seconds: clock.paused.num_seconds(),
            outside_hours_seconds: clock.outside_hours.num_seconds(),
            due: clock.due.as_ref().map(format_timestamp),
            state: clock.state.as_str(),
            percent: clock.percent,
            over_seconds: clock.over().num_seconds(),
            earlier_misses: clock.earlier_misses,
        }
    }
}

/// `esc sla --json`.
#[derive(Serialize, JsonSchema)]
pub struct SlaView<'a> {
    pub id: String,
    pub now: String,
    pub clocks: Vec<ClockView<'a>>,
}

/// `ack`, `level L1`, `resolve #2`: which clock, in words.
pub(crate) fn clock_name(clock: &Clock) -> String {
    let mut name = clock.kind.as_str().to_string();
    if let Some(level) = &clock.level {
        name = format!("{name} {}", escape_line(level));
    }
    if clock.cycle > 1 {
        name = format!("{name} #{}", clock.cycle);
    }
    name
}

/// A duration of `clock`'s counted time. Working-hours time is shown in hours, since its
/// days are not 24 hours long.
pub(crate) fn counted_text(clock: &Clock, duration: Duration) -> String {
    if clock.calendar == esc::policy::calendar::ALWAYS {
        format_duration(duration)
    } else {
        format_working_duration(duration)
    }
}

/// `5m over`, `25m left`.
pub fn over_text(clock: &Clock) -> String {
    let over = clock.over();
    if over > Duration::zero() {
        format!("{} over", counted_text(clock, over))
    } else {
        format!("{} left", counted_text(clock, -over))
    }
}

pub(crate) fn state_cell(state: ClockState, color: bool) -> Cell {
    let cell = Cell::new(state.as_str());
    match state {
        ClockState::Breached | ClockState::Missed if color => cell.fg(Color::Red),
        ClockState::Warning if color => cell.fg(Color::Yellow),
        ClockState::Met if color => cell.fg(Color::Green),
        _ => cell,
    }
}

pub(crate) fn short(t: Option<&Timestamp>) -> String {
    t.map_or_else(|| "-".to_string(), |t| t.format("%Y-%m-%d %H:%M").to_string())
}

/// The `esc sla` table: one row per clock.
pub fn clock_table(ui: &Ui, id: &str, now: Timestamp, clocks: &[Clock]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{id} at {} UTC", now.format("%Y-%m-%d %H:%M"));
    // The last clock is of the latest cycle, so it carries the priority in force now.
    if let Some(clock) = clocks.last() {
        let assumed = if clock.assumed_priority { " (no priority yet: sla.unclassified applies)" } else { "" };
        let _ = writeln!(
            out,
            "priority {}{assumed}, calendar {}",
            escape_line(&clock.priority),
            escape_line(&clock.calendar)
        );
    } else {
        let _ = writeln!(out, "no SLA clocks apply: its priority has no targets, or its history is empty");
        return out;
    }
    let headers = ["CLOCK", "TARGET", "COUNTED", "PAUSED", "OUTSIDE HOURS", "DUE (UTC)", "STATE", ""];
    let mut table = new_table(ui, &headers);
    for clock in clocks {
        let mut margin = over_text(clock);
        if clock.earlier_misses > 0 {
            let _ = write!(margin, " ({} earlier gap{} late)", clock.earlier_misses, plural(clock.earlier_misses));
        }
        table.add_row(vec![
            Cell::new(clock_name(clock)),
            Cell::new(clock.target.to_string()),
            Cell::new(counted_text(clock, clock.counted)),
            Cell::new(format_duration(clock.paused)),
            Cell::new(format_duration(clock.outside_hours)),
            Cell::new(short(clock.due.as_ref())),
            state_cell(clock.state, ui.color),
            Cell::new(margin),
        ]);
    }
    fit(ui, &mut table, &[7], &[4, 3]);
    out.push_str(&trim_lines(&table.to_string()));
    out
}
