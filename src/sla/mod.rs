//! SLA clocks, computed from a ticket's history alone (so a depth-1 clone agrees). Pure.
//!
//! - `ack`: from opening until the status first leaves `new` (ack, a public update, wait or
//!   resolve).
//! - `update`: the gap since the last public update (`ack` or `update`, not internal notes)
//!   while open; it starts with the acknowledgement and again on reopen.
//! - `resolve`: from opening (or reopening) until resolved, once per resolve cycle.
//! - `level`: the time at the current level against that level's limit for the priority.
//!
//! Each stretch of history counts in the calendar of the priority in force then, so a
//! priority change keeps the time already counted and switches the target. Waiting pauses a
//! clock when the config's `sla.pause` says so.

use std::collections::BTreeMap;
use std::fmt;

use chrono::Duration;
use serde::Serialize;

use crate::clock::Timestamp;
use crate::policy::calendar::{Calendar, SlaDuration};
use crate::policy::{Config, WaitKind};
use crate::ticket::{Event, FieldValue, Status, Ticket};

/// The four clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClockKind {
    Ack,
    Update,
    Resolve,
    Level,
}

impl ClockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClockKind::Ack => "ack",
            ClockKind::Update => "update",
            ClockKind::Resolve => "resolve",
            ClockKind::Level => "level",
        }
    }

    /// What the target is called in messages.
    pub fn target_name(self) -> &'static str {
        match self {
            ClockKind::Ack => "ack target",
            ClockKind::Update => "update target",
            ClockKind::Resolve => "resolve target",
            ClockKind::Level => "level limit",
        }
    }
}

impl fmt::Display for ClockKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClockState {
    /// Counting, below the warning threshold.
    Running,
    /// Stopped for now by waiting (below the target).
    Paused,
    /// Counting, past the warning threshold.
    Warning,
    /// Still counting, past the target.
    Breached,
    /// Stopped within the target.
    Met,
    /// Stopped past the target.
    Missed,
}

impl ClockState {
    pub fn as_str(self) -> &'static str {
        match self {
            ClockState::Running => "running",
            ClockState::Paused => "paused",
            ClockState::Warning => "warning",
            ClockState::Breached => "breached",
            ClockState::Met => "met",
            ClockState::Missed => "missed",
        }
    }
}

impl fmt::Display for ClockState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One clock of one ticket, measured at some instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    pub kind: ClockKind,
    /// The resolve cycle it belongs to: 1, then one more after each reopen.
    pub cycle: usize,
    /// The priority whose target applies (the one in force when the clock stopped, or now).
    pub priority: String,
    /// Whether that priority is `sla.unclassified`, standing in for a missing one.
    pub assumed_priority: bool,
    pub calendar: String,
    /// For the level clock, the level.
    pub level: Option<String>,
    pub target: SlaDuration,
    /// The target's length in the priority's calendar.
    pub target_length: Duration,
    pub started: Timestamp,
    /// `None` while it still runs (or is paused).
    pub stopped: Option<Timestamp>,
    /// Time that counted: not paused, inside the calendar.
    pub counted: Duration,
    /// Time stopped by waiting.
    pub paused: Duration,
    /// Running time outside the calendar's working hours. counted + paused + outside = wall.
    pub outside_hours: Duration,
    /// When it passed (or will pass) its target; `None` when met or paused below the target.
    pub due: Option<Timestamp>,
    pub state: ClockState,
    /// Share of the target used, in percent.
    pub percent: i64,
    /// Update clock only: earlier gaps of this cycle that ran past the target.
    pub earlier_misses: usize,
}

impl Clock {
    /// Counted time beyond the target; negative while time is left.
    pub fn over(&self) -> Duration {
        self.counted - self.target_length
    }

    /// `ack target`, or `L1 limit` for the level clock.
    pub fn target_label(&self) -> String {
        match &self.level {
            Some(level) => format!("{level} limit"),
            None => self.kind.target_name().to_string(),
        }
    }

    /// Whether it still counts (or is paused) rather than having stopped.
    pub fn is_live(&self) -> bool {
        self.stopped.is_none()
    }
}

/// Whether a resolve cycle among `clocks` missed its target, or is still running past it
/// (what makes a review required under `reviews.required.resolve_missed`).
pub fn missed_resolve(clocks: &[Clock]) -> bool {
    clocks.iter().any(|c| c.kind == ClockKind::Resolve && matches!(c.state, ClockState::Missed | ClockState::Breached))
}

/// Every clock of `ticket` at `now`, from the events of its history up to `now`: ack, then
/// per cycle update and resolve, then the level clock of the last cycle. Clocks without a
/// target are left out.
pub fn clocks(config: &Config, ticket: &Ticket, now: Timestamp) -> Vec<Clock> {
    measure_clocks(config, ticket, now, Stretches::Current)
}

/// Like [`clocks`], but every stretch is its own clock: each gap between public updates and
/// each stay at a level, of every cycle, not just the live or the worst one. This is what
/// compliance is measured on (`esc stats`).
pub fn all_clocks(config: &Config, ticket: &Ticket, now: Timestamp) -> Vec<Clock> {
    measure_clocks(config, ticket, now, Stretches::Every)
}

/// Which stretches of the update and level clocks to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stretches {
    /// Per cycle the live update gap (once resolved, the worst one), and the last cycle's
    /// stay at its level: what `esc sla` and `esc check` show.
    Current,
    /// Every update gap and every stay at a level.
    Every,
}

fn measure_clocks(config: &Config, ticket: &Ticket, now: Timestamp, stretches: Stretches) -> Vec<Clock> {
    let timeline = Timeline::new(config, &ticket.history, now);
    let mut clocks = Vec::new();
    let Some(first) = timeline.cycles.first() else { return clocks };

    let ack_stop = timeline.ack_stop(first);
    clocks.extend(timeline.measure(ClockKind::Ack, 1, first.start, ack_stop, None));

    for cycle in &timeline.cycles {
        if let Some(start) = update_start(cycle, ack_stop) {
            match stretches {
                Stretches::Current => clocks.extend(timeline.update_clock(cycle, start)),
                Stretches::Every => clocks.extend(timeline.update_gaps(cycle, start)),
            }
        }
        clocks.extend(timeline.measure(ClockKind::Resolve, cycle.index, cycle.start, cycle.stop(), None));
        if stretches == Stretches::Every {
            for (level, from, until) in timeline.level_stays(cycle) {
                clocks.extend(timeline.measure(ClockKind::Level, cycle.index, from, until, Some(level)));
            }
        }
    }
    if stretches == Stretches::Current {
        let last = timeline.cycles.last().expect("at least one cycle");
        let (level, since) = timeline.level_stint(last);
        clocks.extend(timeline.measure(ClockKind::Level, last.index, since, last.stop(), Some(level)));
    }
    clocks
}

/// Where a cycle's update clock starts: the acknowledgement in the first cycle, the reopen
/// in later ones. `None` when no update was ever owed (resolved the moment it was
/// acknowledged, or never acknowledged).
fn update_start(cycle: &Cycle, ack_stop: Option<Timestamp>) -> Option<Timestamp> {
    let start = if cycle.index == 1 { ack_stop } else { Some(cycle.start) };
    start.filter(|start| cycle.open || *start < cycle.end)
}

/// The ticket's state fields as they were at `now`: the `set` of every event up to then.
pub fn state_at(ticket: &Ticket, now: Timestamp) -> BTreeMap<String, FieldValue> {
    let mut events: Vec<&Event> = ticket.history.iter().filter(|e| e.at <= now).collect();
    events.sort_by_key(|e| e.at);
    let mut state = BTreeMap::new();
    for event in events {
        state.extend(event.set.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    state
}

/// The stretch from opening (or reopening) to resolving.
#[derive(Debug, Clone, Copy)]
struct Cycle {
    index: usize,
    start: Timestamp,
    /// The resolve, or `now` while open.
    end: Timestamp,
    open: bool,
}

impl Cycle {
    /// When its clocks stopped; `None` while open.
    fn stop(&self) -> Option<Timestamp> {
        (!self.open).then_some(self.end)
    }
}

/// The ticket's state between two events.
#[derive(Debug, Clone)]
struct Piece {
    from: Timestamp,
    until: Timestamp,
    priority: Option<String>,
    waiting_on: Option<String>,
    level: String,
}

struct Timeline<'a> {
    config: &'a Config,
    events: Vec<&'a Event>,
    pieces: Vec<Piece>,
    cycles: Vec<Cycle>,
    now: Timestamp,
}

fn text(value: &FieldValue) -> Option<String> {
    match value {
        FieldValue::Text(text) => Some(text.clone()),
        _ => None,
    }
}

fn is_open_status(status: &str) -> bool {
    status.parse::<Status>().is_ok_and(Status::is_open)
}

impl<'a> Timeline<'a> {
    fn new(config: &'a Config, history: &'a [Event], now: Timestamp) -> Timeline<'a> {
        let mut events: Vec<&Event> = history.iter().filter(|e| e.at <= now).collect();
        events.sort_by_key(|e| e.at);
        let mut pieces = Vec::with_capacity(events.len());
        let mut cycles: Vec<Cycle> = Vec::new();
        let (mut priority, mut waiting_on, mut level) = (None, None, String::new());
        let mut open = false;
        for (i, event) in events.iter().enumerate() {
            if let Some(value) = event.set.get("priority") {
                priority = text(value);
            }
            if let Some(value) = event.set.get("waiting_on") {
                waiting_on = text(value);
            }
            if let Some(value) = event.set.get("level").and_then(text) {
                level = value;
            }
            if let Some(status) = event.set.get("status").and_then(text) {
                let now_open = is_open_status(&status);
                if now_open && !open {
                    cycles.push(Cycle { index: cycles.len() + 1, start: event.at, end: now, open: true });
                } else if !now_open
                    && open
                    && let Some(cycle) = cycles.last_mut()
                {
                    cycle.end = event.at;
                    cycle.open = false;
                }
                open = now_open;
            }
            let until = events.get(i + 1).map_or(now, |next| next.at);
            pieces.push(Piece {
                from: event.at,
                until,
                priority: priority.clone(),
                waiting_on: waiting_on.clone(),
                level: level.clone(),
            });
        }
        Timeline { config, events, pieces, cycles, now }
    }

    /// When the first cycle's status first left `new`.
    fn ack_stop(&self, cycle: &Cycle) -> Option<Timestamp> {
        let mut seen_new = false;
        for event in &self.events {
            if event.at < cycle.start {
                continue;
            }
            match event.set.get("status").and_then(text) {
                Some(status) if status == Status::New.as_str() => seen_new = true,
                Some(_) if seen_new => return Some(event.at),
                // A history that never was `new` needed no acknowledgement.
                Some(_) => return Some(cycle.start),
                None => {}
            }
        }
        None
    }

    /// The gaps between public updates in `cycle`, from `start`: the live gap while open,
    /// else the longest one.
    fn update_clock(&self, cycle: &Cycle, start: Timestamp) -> Option<Clock> {
        let gaps = self.update_gaps(cycle, start);
        let misses = |gaps: &[Clock]| gaps.iter().filter(|g| g.state == ClockState::Missed).count();
        let mut chosen =
            if cycle.open { gaps.last()?.clone() } else { gaps.iter().max_by_key(|g| g.over()).cloned()? };
        chosen.earlier_misses = misses(&gaps) - usize::from(chosen.state == ClockState::Missed);
        Some(chosen)
    }

    /// Every gap between public updates in `cycle`, from `start`; the last one is live while
    /// the cycle is open and stops at the resolve otherwise.
    fn update_gaps(&self, cycle: &Cycle, start: Timestamp) -> Vec<Clock> {
        let mut marks = vec![start];
        marks.extend(
            self.events
                .iter()
                .filter(|e| e.at > start && (cycle.open || e.at < cycle.end))
                .filter(|e| matches!(e.action.as_str(), "ack" | "update"))
                .map(|e| e.at),
        );
        marks
            .iter()
            .enumerate()
            .filter_map(|(i, from)| {
                let until = marks.get(i + 1).copied().or(cycle.stop());
                self.measure(ClockKind::Update, cycle.index, *from, until, None)
            })
            .collect()
    }

    /// Every stay at a level in `cycle`, as (level, from, until): the first from the cycle's
    /// start, the last until its resolve (`None` while open).
    fn level_stays(&self, cycle: &Cycle) -> Vec<(String, Timestamp, Option<Timestamp>)> {
        let mut stays: Vec<(String, Timestamp, Option<Timestamp>)> = Vec::new();
        for piece in self.pieces.iter().filter(|p| p.from <= cycle.end) {
            let from = piece.from.max(cycle.start);
            match stays.last_mut() {
                Some((level, ..)) if *level == piece.level => continue,
                // Moves before the cycle began only decide where it starts.
                Some(last) if last.1 >= from => *last = (piece.level.clone(), from, None),
                Some(last) => {
                    last.2 = Some(from);
                    stays.push((piece.level.clone(), from, None));
                }
                None => stays.push((piece.level.clone(), from, None)),
            }
        }
        if let Some(last) = stays.last_mut() {
            last.2 = cycle.stop();
        }
        // A move at the very instant of the resolve leaves an empty stay.
        stays.retain(|(_, from, until)| until.is_none_or(|until| until > *from));
        stays
    }

    /// The level at the end of `cycle`, and since when (arrival there, or the reopen).
    fn level_stint(&self, cycle: &Cycle) -> (String, Timestamp) {
        let mut since = cycle.start;
        let mut level = None;
        for piece in self.pieces.iter().filter(|p| p.from <= cycle.end) {
            if level.as_ref() != Some(&piece.level) {
                level = Some(piece.level.clone());
                since = piece.from.max(cycle.start);
            }
        }
        (level.unwrap_or_default(), since)
    }

    /// The priority whose calendar and targets apply while `priority` is in force.
    fn effective_priority(&self, priority: Option<&String>) -> Option<(String, bool)> {
        match priority {
            Some(p) => Some((p.clone(), false)),
            None => self.config.sla.unclassified.clone().map(|p| (p, true)),
        }
    }

    fn calendar_of(&self, priority: Option<&String>) -> &Calendar {
        match self.effective_priority(priority) {
            Some((p, _)) => self.config.calendar_for(&p),
            None => Calendar::always_ref(),
        }
    }

    fn target(&self, kind: ClockKind, priority: &str, level: Option<&str>) -> Option<SlaDuration> {
        let policy = self.config.priorities.get(priority)?;
        match kind {
            ClockKind::Ack => policy.ack,
            ClockKind::Update => policy.update,
            ClockKind::Resolve => policy.resolve,
            ClockKind::Level => self.config.level(level?)?.limits.get(priority).copied(),
        }
    }

    fn pauses(&self, kind: ClockKind, waiting_on: Option<&String>) -> bool {
        let pause = &self.config.sla.pause;
        let kinds: &[WaitKind] = match kind {
            ClockKind::Ack => &pause.ack,
            ClockKind::Update => &pause.update,
            ClockKind::Resolve => &pause.resolve,
            ClockKind::Level => &pause.level,
        };
        waiting_on.is_some_and(|w| kinds.iter().any(|k| k.as_str() == w))
    }

    /// Measures one clock over `from..until` (`until: None` = still live at `now`).
    fn measure(
        &self,
        kind: ClockKind,
        cycle: usize,
        from: Timestamp,
        until: Option<Timestamp>,
        level: Option<String>,
    ) -> Option<Clock> {
        let live = until.is_none();
        let end = until.unwrap_or(self.now).min(self.now);
        let stopped = until.map(|_| end);
        // The state in force now, or just before the clock stopped.
        let last_piece = if live {
            self.pieces.last()
        } else {
            self.pieces.iter().rev().find(|p| p.from < end).or(self.pieces.first())
        };
        let (priority, assumed) = self.effective_priority(last_piece.and_then(|p| p.priority.as_ref()))?;
        let target = self.target(kind, &priority, level.as_deref())?;
        let calendar_name = self.config.priorities.get(&priority).map(|p| p.calendar.clone())?;
        let calendar = self.config.calendar_for(&priority);
        let target_length = target.in_calendar(calendar);

        let (mut counted, mut paused, mut outside) = (Duration::zero(), Duration::zero(), Duration::zero());
        let mut due = (target_length <= Duration::zero()).then_some(from);
        for piece in &self.pieces {
            let (a, b) = (piece.from.max(from), piece.until.min(end));
            if b <= a {
                continue;
            }
            if self.pauses(kind, piece.waiting_on.as_ref()) {
                paused += b - a;
                continue;
            }
            let piece_calendar = self.calendar_of(piece.priority.as_ref());
            let working = piece_calendar.working_time(a, b);
            if due.is_none() && counted + working >= target_length {
                due = piece_calendar.add_working(a, target_length - counted);
            }
            counted += working;
            outside += (b - a) - working;
        }
        let paused_now = live && last_piece.is_some_and(|p| self.pauses(kind, p.waiting_on.as_ref()));
        if due.is_none() && live && !paused_now {
            due = calendar.add_working(self.now, target_length - counted);
        }
        let over = counted > target_length;
        let percent = if target_length > Duration::zero() {
            counted.num_seconds() * 100 / target_length.num_seconds().max(1)
        } else if counted > Duration::zero() {
            100
        } else {
            0
        };
        let warn_at = self.config.priorities.get(&priority).and_then(|p| p.warn_at).unwrap_or(self.config.sla.warn_at);
        let state = match (live, over) {
            (false, true) => ClockState::Missed,
            (false, false) => ClockState::Met,
            (true, true) => ClockState::Breached,
            (true, false) if paused_now => ClockState::Paused,
            (true, false) if percent >= i64::from(warn_at.0) => ClockState::Warning,
            (true, false) => ClockState::Running,
        };
        if state == ClockState::Met {
            due = None;
        }
        Some(Clock {
            kind,
            cycle,
            priority,
            assumed_priority: assumed,
            calendar: calendar_name,
            level,
            target,
            target_length,
            started: from,
            stopped,
            counted,
            paused,
            outside_hours: outside,
            due,
            state,
            percent,
            earlier_misses: 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_timestamp;

    /// 2026-11-23 is a Monday.
    fn at(time: &str) -> Timestamp {
        let text = if time.len() == 5 { format!("2026-11-23T{time}:00Z") } else { format!("2026-11-{time}:00Z") };
        parse_timestamp(&text).unwrap()
    }

    /// A ticket from lines like `09:00 open status=new level=L1 priority=P1`.
    fn ticket(lines: &str) -> Ticket {
        let text = "---\nid: ESC-00000000\ntitle: t\nstatus: new\nlevel: L1\ncreated: 2026-11-23T09:00:00Z\n---\n";
        let mut ticket = crate::ticket::file::TicketFile::parse(text).unwrap().ticket;
        ticket.history = lines
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|line| {
                let mut words = line.split_whitespace();
                let mut event = Event::new(at(words.next().unwrap()), "A <a@example.com>", words.next().unwrap());
                for pair in words {
                    let (key, value) = pair.split_once('=').unwrap();
                    let value = if value == "-" { FieldValue::Null } else { FieldValue::Text(value.into()) };
                    event.set.insert(key.into(), value);
                }
                event
            })
            .collect();
        ticket
    }

    fn clock(clocks: &[Clock], kind: ClockKind, cycle: usize) -> Clock {
        clocks.iter().find(|c| c.kind == kind && c.cycle == cycle).cloned().unwrap_or_else(|| panic!("no {kind} clock"))
    }

    fn minutes(d: Duration) -> i64 {
        d.num_minutes()
    }

    const P1_OPEN: &str = "09:00 open status=new level=L1 priority=P1";

    #[test]
    fn a_new_p1_ticket_runs_ack_resolve_and_level_but_not_update() {
        let config = Config::default_policy();
        let clocks = clocks(&config, &ticket(P1_OPEN), at("09:10"));
        let kinds: Vec<ClockKind> = clocks.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [ClockKind::Ack, ClockKind::Resolve, ClockKind::Level]);
        let ack = clock(&clocks, ClockKind::Ack, 1);
        assert_eq!((ack.state, minutes(ack.counted), ack.due), (ClockState::Running, 10, Some(at("09:15"))));
        assert_eq!(clock(&clocks, ClockKind::Resolve, 1).due, Some(at("13:00")));
        let level = clock(&clocks, ClockKind::Level, 1);
        assert_eq!((level.level.as_deref(), level.due), (Some("L1"), Some(at("09:30"))));

        let ack = clock(&super::clocks(&config, &ticket(P1_OPEN), at("09:12")), ClockKind::Ack, 1);
        assert_eq!((ack.state, ack.percent), (ClockState::Warning, 80));
        let ack = clock(&super::clocks(&config, &ticket(P1_OPEN), at("09:20")), ClockKind::Ack, 1);
        assert_eq!((ack.state, minutes(ack.over()), ack.due), (ClockState::Breached, 5, Some(at("09:15"))));
    }

    #[test]
    fn ack_stops_the_ack_clock_and_starts_the_update_clock() {
        let config = Config::default_policy();
        let history = format!("{P1_OPEN}\n09:05 ack status=acknowledged\n09:50 note\n");
        let clocks = clocks(&config, &ticket(&history), at("10:00"));
        let ack = clock(&clocks, ClockKind::Ack, 1);
        assert_eq!((ack.state, minutes(ack.counted), ack.stopped), (ClockState::Met, 5, Some(at("09:05"))));
        let update = clock(&clocks, ClockKind::Update, 1);
        assert_eq!((update.state, minutes(update.counted), update.due), (ClockState::Warning, 55, Some(at("10:05"))));
        // A public update restarts it; an internal note (above) did not.
        let history = format!("{history}10:01 update\n");
        let update = clock(&super::clocks(&config, &ticket(&history), at("10:30")), ClockKind::Update, 1);
        assert_eq!((update.started, update.due), (at("10:01"), Some(at("11:01"))));
    }

    #[test]
    fn waiting_on_the_customer_pauses_resolve_and_update_but_not_level() {
        let config = Config::default_policy();
        let history = format!(
            "{P1_OPEN}\n09:05 ack status=acknowledged\n09:30 wait status=waiting waiting_on=customer\n10:30 resume status=in_progress waiting_on=-\n"
        );
        let clocks = clocks(&config, &ticket(&history), at("12:00"));
        let resolve = clock(&clocks, ClockKind::Resolve, 1);
        assert_eq!((minutes(resolve.counted), minutes(resolve.paused), resolve.due), (120, 60, Some(at("14:00"))));
        let update = clock(&clocks, ClockKind::Update, 1);
        assert_eq!((update.state, minutes(update.counted), update.due), (ClockState::Breached, 115, Some(at("11:05"))));
        let level = clock(&clocks, ClockKind::Level, 1);
        assert_eq!((minutes(level.counted), minutes(level.paused)), (180, 0));

        // While still waiting the clocks are paused and have no due time.
        let clocks = super::clocks(&config, &ticket(&history), at("10:00"));
        let resolve = clock(&clocks, ClockKind::Resolve, 1);
        assert_eq!((resolve.state, resolve.due, minutes(resolve.paused)), (ClockState::Paused, None, 30));
    }

    #[test]
    fn waiting_on_a_vendor_pauses_nothing_by_default_but_can() {
        let history =
            format!("{P1_OPEN}\n09:05 ack status=acknowledged\n09:30 wait status=waiting waiting_on=vendor\n");
        let config = Config::default_policy();
        let resolve = clock(&clocks(&config, &ticket(&history), at("10:30")), ClockKind::Resolve, 1);
        assert_eq!((resolve.state, minutes(resolve.counted)), (ClockState::Running, 90));
        let mut config = Config::default_policy();
        config.sla.pause.resolve.push(WaitKind::Vendor);
        let resolve = clock(&clocks(&config, &ticket(&history), at("10:30")), ClockKind::Resolve, 1);
        assert_eq!((resolve.state, minutes(resolve.counted)), (ClockState::Paused, 30));
    }

    #[test]
    fn a_reopen_starts_a_new_resolve_cycle() {
        let config = Config::default_policy();
        let history = format!(
            "{P1_OPEN}\n09:05 ack status=acknowledged\n11:00 resolve status=resolved\n15:00 reopen status=in_progress\n"
        );
        let clocks = clocks(&config, &ticket(&history), at("20:00"));
        let first = clock(&clocks, ClockKind::Resolve, 1);
        assert_eq!((first.state, minutes(first.counted)), (ClockState::Met, 120));
        let second = clock(&clocks, ClockKind::Resolve, 2);
        assert_eq!((second.state, minutes(second.over()), second.due), (ClockState::Breached, 60, Some(at("19:00"))));
        let update = clock(&clocks, ClockKind::Update, 2);
        assert_eq!((update.started, update.state), (at("15:00"), ClockState::Breached));
        let level = clock(&clocks, ClockKind::Level, 2);
        assert_eq!(level.started, at("15:00"));
        // The first cycle's update clock stopped at the resolve; its worst gap was late.
        let update = clock(&clocks, ClockKind::Update, 1);
        assert_eq!((update.state, minutes(update.over())), (ClockState::Missed, 55));
    }

    #[test]
    fn a_priority_change_keeps_the_counted_time_and_switches_the_target() {
        let config = Config::default_policy();
        let history = "09:00 open status=new level=L1 priority=P2\n09:20 classify priority=P1\n";
        let ack = clock(&clocks(&config, &ticket(history), at("09:25")), ClockKind::Ack, 1);
        assert_eq!((ack.priority.as_str(), minutes(ack.counted)), ("P1", 25));
        assert_eq!((ack.state, ack.due), (ClockState::Breached, Some(at("09:15"))));
    }

    #[test]
    fn business_hours_priorities_count_only_working_time() {
        let config = Config::default_policy();
        // P3: ack 4h in Mon-Fri 09:00-17:00 UTC. Opened Friday 15:00: due Monday 11:00.
        let history = "27T15:00 open status=new level=L1 priority=P3";
        let ack = clock(&clocks(&config, &ticket(history), at("30T10:00")), ClockKind::Ack, 1);
        assert_eq!((minutes(ack.counted), ack.due, ack.state), (180, Some(at("30T11:00")), ClockState::Warning));
        assert_eq!(ack.outside_hours, Duration::hours(64));
        // A ticket without a priority counts as sla.unclassified (P3).
        let history = "27T15:00 open status=new level=L1";
        let ack = clock(&clocks(&config, &ticket(history), at("30T10:00")), ClockKind::Ack, 1);
        assert_eq!((ack.priority.as_str(), ack.assumed_priority, minutes(ack.counted)), ("P3", true, 180));
    }

    #[test]
    fn escalation_starts_the_next_levels_clock() {
        let config = Config::default_policy();
        let history = format!("{P1_OPEN}\n09:20 escalate level=L2\n");
        let level = clock(&clocks(&config, &ticket(&history), at("10:00")), ClockKind::Level, 1);
        assert_eq!((level.level.as_deref(), level.started, level.due), (Some("L2"), at("09:20"), Some(at("11:20"))));
        // The top level has no limit, so no level clock.
        let history = format!("{P1_OPEN}\n09:20 escalate level=L3\n");
        assert!(clocks(&config, &ticket(&history), at("10:00")).iter().all(|c| c.kind != ClockKind::Level));
    }

    #[test]
    fn all_clocks_measures_every_update_gap_and_every_stay_at_a_level() {
        let config = Config::default_policy();
        let history = format!(
            "{P1_OPEN}\n09:05 ack status=acknowledged\n09:20 escalate level=L2\n10:30 update\n11:00 resolve status=resolved\n"
        );
        let clocks = all_clocks(&config, &ticket(&history), at("12:00"));
        type Stretch<'a> = (ClockKind, Option<&'a str>, Timestamp, Option<Timestamp>, ClockState);
        let summary: Vec<Stretch> =
            clocks.iter().map(|c| (c.kind, c.level.as_deref(), c.started, c.stopped, c.state)).collect();
        assert_eq!(
            summary,
            [
                (ClockKind::Ack, None, at("09:00"), Some(at("09:05")), ClockState::Met),
                // Gaps: 09:05-10:30 (85m of 1h) and 10:30-11:00.
                (ClockKind::Update, None, at("09:05"), Some(at("10:30")), ClockState::Missed),
                (ClockKind::Update, None, at("10:30"), Some(at("11:00")), ClockState::Met),
                (ClockKind::Resolve, None, at("09:00"), Some(at("11:00")), ClockState::Met),
                (ClockKind::Level, Some("L1"), at("09:00"), Some(at("09:20")), ClockState::Met),
                (ClockKind::Level, Some("L2"), at("09:20"), Some(at("11:00")), ClockState::Met),
            ]
        );
        // The live level stay of a reopened cycle starts at the reopen.
        let history = format!("{history}11:30 reopen status=in_progress\n");
        let clocks = all_clocks(&config, &ticket(&history), at("12:00"));
        let live: Vec<(ClockKind, usize, Timestamp)> =
            clocks.iter().filter(|c| c.is_live()).map(|c| (c.kind, c.cycle, c.started)).collect();
        assert_eq!(
            live,
            [
                (ClockKind::Update, 2, at("11:30")),
                (ClockKind::Resolve, 2, at("11:30")),
                (ClockKind::Level, 2, at("11:30"))
            ]
        );
    }

    #[test]
    fn events_after_now_are_ignored() {
        let config = Config::default_policy();
        let history = format!("{P1_OPEN}\n09:05 ack status=acknowledged\n");
        let ack = clock(&clocks(&config, &ticket(&history), at("09:03")), ClockKind::Ack, 1);
        assert_eq!((ack.state, minutes(ack.counted)), (ClockState::Running, 3));
    }
}
