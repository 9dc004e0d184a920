//! How a clock counts: the history cut into pieces of constant state (priority, waiting,
//! level), grouped into resolve cycles, and measured in each piece's calendar.

use chrono::Duration;

use super::{Clock, ClockKind, ClockState};
use crate::clock::Timestamp;
use crate::policy::Config;
use crate::policy::calendar::{Calendar, SlaDuration};
use crate::ticket::{Action, Event, Field, Status, WaitingOn};

/// Where a cycle's update clock starts: the acknowledgement in the first cycle, the reopen
/// in later ones. `None` when no update was ever owed (resolved the moment it was
/// acknowledged, or never acknowledged).
pub(super) fn update_start(cycle: &Cycle, ack_stop: Option<Stop>) -> Option<Timestamp> {
    let start = if cycle.index == 1 { ack_stop.map(|stop| stop.at) } else { Some(cycle.start) };
    start.filter(|start| cycle.open || *start < cycle.end)
}

/// The event that stopped a clock: when, and where it is in the history (in time order,
/// same-second events in file order). The state in force at the stop is that of the events
/// before it, which its time alone cannot tell when several share a second.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stop {
    pub(super) at: Timestamp,
    event: usize,
}

/// The stretch from opening (or reopening) to resolving.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cycle {
    pub(super) index: usize,
    pub(super) start: Timestamp,
    /// The resolve, or `now` while open.
    pub(super) end: Timestamp,
    /// The resolving event (once resolved).
    end_event: usize,
    pub(super) open: bool,
}

impl Cycle {
    /// The resolve that stopped its clocks; `None` while open.
    pub(super) fn stop(&self) -> Option<Stop> {
        (!self.open).then_some(Stop { at: self.end, event: self.end_event })
    }
}

/// The ticket's state between two events.
#[derive(Debug, Clone)]
struct Piece {
    from: Timestamp,
    until: Timestamp,
    priority: Option<String>,
    waiting_on: Option<WaitingOn>,
    level: String,
}

pub(super) struct Timeline<'a> {
    config: &'a Config,
    events: Vec<&'a Event>,
    pieces: Vec<Piece>,
    pub(super) cycles: Vec<Cycle>,
    now: Timestamp,
}

fn is_open_status(status: &str) -> bool {
    status.parse::<Status>().is_ok_and(Status::is_open)
}

impl<'a> Timeline<'a> {
    pub(super) fn new(config: &'a Config, history: &'a [Event], now: Timestamp) -> Timeline<'a> {
        let mut events: Vec<&Event> = history.iter().filter(|e| e.at <= now).collect();
        events.sort_by_key(|e| e.at);
        let mut pieces = Vec::with_capacity(events.len());
        let mut cycles: Vec<Cycle> = Vec::new();
        let (mut priority, mut waiting_on, mut level) = (None, None, String::new());
        let mut open = false;
        for (i, event) in events.iter().enumerate() {
            if let Some(value) = event.value(Field::Priority) {
                priority = value.as_text().map(str::to_string);
            }
            if let Some(value) = event.value(Field::WaitingOn) {
                waiting_on = value.as_text().and_then(|on| on.parse().ok());
            }
            if let Some(value) = event.text(Field::Level) {
                level = value.to_string();
            }
            if let Some(status) = event.text(Field::Status) {
                let now_open = is_open_status(status);
                if now_open && !open {
                    cycles.push(Cycle { index: cycles.len() + 1, start: event.at, end: now, end_event: 0, open: true });
                } else if !now_open
                    && open
                    && let Some(cycle) = cycles.last_mut()
                {
                    cycle.end = event.at;
                    cycle.end_event = i;
                    cycle.open = false;
                }
                open = now_open;
            }
            let until = events.get(i + 1).map_or(now, |next| next.at);
            pieces.push(Piece { from: event.at, until, priority: priority.clone(), waiting_on, level: level.clone() });
        }
        Timeline { config, events, pieces, cycles, now }
    }

    /// When the first cycle's status first left `new`.
    pub(super) fn ack_stop(&self, cycle: &Cycle) -> Option<Stop> {
        let mut seen_new = false;
        for (i, event) in self.events.iter().enumerate() {
            if event.at < cycle.start {
                continue;
            }
            match event.text(Field::Status) {
                Some(status) if status == Status::New.as_str() => seen_new = true,
                Some(_) if seen_new => return Some(Stop { at: event.at, event: i }),
                // A history that never was `new` needed no acknowledgement.
                Some(_) => return Some(Stop { at: cycle.start, event: i }),
                None => {}
            }
        }
        None
    }

    /// The gaps between public updates in `cycle`, from `start`: the live gap while open,
    /// else the longest one.
    pub(super) fn update_clock(&self, cycle: &Cycle, start: Timestamp) -> Option<Clock> {
        let gaps = self.update_gaps(cycle, start);
        let misses = |gaps: &[Clock]| gaps.iter().filter(|g| g.state == ClockState::Missed).count();
        let mut chosen =
            if cycle.open { gaps.last()?.clone() } else { gaps.iter().max_by_key(|g| g.over()).cloned()? };
        chosen.earlier_misses = misses(&gaps) - usize::from(chosen.state == ClockState::Missed);
        Some(chosen)
    }

    /// Every gap between public updates in `cycle`, from `start`; the last one is live while
    /// the cycle is open and stops at the resolve otherwise.
    pub(super) fn update_gaps(&self, cycle: &Cycle, start: Timestamp) -> Vec<Clock> {
        let mut marks = vec![start];
        let mut stops: Vec<Stop> = self
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.at > start && (cycle.open || e.at < cycle.end))
            .filter(|(_, e)| e.action.is(Action::Ack) || e.action.is(Action::Update))
            .map(|(i, e)| Stop { at: e.at, event: i })
            .collect();
        marks.extend(stops.iter().map(|stop| stop.at));
        stops.extend(cycle.stop());
        marks
            .iter()
            .enumerate()
            .filter_map(|(i, from)| self.measure(ClockKind::Update, cycle.index, *from, stops.get(i).copied(), None))
            .collect()
    }

    /// Every stay at a level in `cycle`, as (level, from, until): the first from the cycle's
    /// start, the last until its resolve (`None` while open).
    pub(super) fn level_stays(&self, cycle: &Cycle) -> Vec<(String, Timestamp, Option<Stop>)> {
        let mut stays: Vec<(String, Timestamp, Option<Stop>)> = Vec::new();
        for (i, piece) in self.pieces.iter().enumerate().filter(|(_, p)| p.from <= cycle.end) {
            let from = piece.from.max(cycle.start);
            match stays.last_mut() {
                Some((level, ..)) if *level == piece.level => continue,
                // Moves before the cycle began only decide where it starts.
                Some(last) if last.1 >= from => *last = (piece.level.clone(), from, None),
                Some(last) => {
                    last.2 = Some(Stop { at: from, event: i });
                    stays.push((piece.level.clone(), from, None));
                }
                None => stays.push((piece.level.clone(), from, None)),
            }
        }
        if let Some(last) = stays.last_mut() {
            last.2 = cycle.stop();
        }
        // A move at the very instant of the resolve leaves an empty stay.
        stays.retain(|(_, from, until)| until.is_none_or(|until| until.at > *from));
        stays
    }

    /// The level at the end of `cycle`, and since when (arrival there, or the reopen).
    pub(super) fn level_stint(&self, cycle: &Cycle) -> (String, Timestamp) {
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

    fn pauses(&self, kind: ClockKind, waiting_on: Option<WaitingOn>) -> bool {
        let pause = &self.config.sla.pause;
        let kinds: &[WaitingOn] = match kind {
            ClockKind::Ack => &pause.ack,
            ClockKind::Update => &pause.update,
            ClockKind::Resolve => &pause.resolve,
            ClockKind::Level => &pause.level,
        };
        waiting_on.is_some_and(|w| kinds.contains(&w))
    }

    /// Measures one clock over `from..until` (`until: None` = still live at `now`).
    pub(super) fn measure(
        &self,
        kind: ClockKind,
        cycle: usize,
        from: Timestamp,
        until: Option<Stop>,
        level: Option<String>,
    ) -> Option<Clock> {
        let live = until.is_none();
        let end = until.map_or(self.now, |stop| stop.at).min(self.now);
        let stopped = until.map(|_| end);
        // The state in force now, or that the events before the stopping one left.
        let last_piece = match until {
            None => self.pieces.last(),
            Some(stop) => self.pieces[..stop.event.min(self.pieces.len())].last().or(self.pieces.first()),
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
            if self.pauses(kind, piece.waiting_on) {
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
        let paused_now = live && last_piece.is_some_and(|p| self.pauses(kind, p.waiting_on));
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
