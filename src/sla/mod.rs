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

mod timeline;

use timeline::{Timeline, update_start};

use std::collections::BTreeMap;

use chrono::Duration;

use crate::clock::Timestamp;
use crate::policy::Config;
use crate::policy::calendar::SlaDuration;
use crate::ticket::{Event, Field, FieldValue, Ticket};

pub use crate::ticket::ClockKind;

crate::named_enum! {
    /// Where a clock stands.
    pub enum ClockState as "clock state" {
        /// Counting, below the warning threshold.
        Running = "running",
        /// Stopped for now by waiting (below the target).
        Paused = "paused",
        /// Counting, past the warning threshold.
        Warning = "warning",
        /// Still counting, past the target.
        Breached = "breached",
        /// Stopped within the target.
        Met = "met",
        /// Stopped past the target.
        Missed = "missed",
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

/// The ticket's state fields as they were at `now`: the `set` of every event up to then.
pub fn state_at(ticket: &Ticket, now: Timestamp) -> BTreeMap<Field, FieldValue> {
    let mut events: Vec<&Event> = ticket.history.iter().filter(|e| e.at <= now).collect();
    events.sort_by_key(|e| e.at);
    let mut state = BTreeMap::new();
    for event in events {
        state.extend(event.fields().map(|(field, value)| (field, value.clone())));
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_timestamp;
    use crate::ticket::WaitingOn;

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
                    event.record(key.parse().unwrap(), value);
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
    fn a_life_within_one_second_takes_its_state_in_file_order() {
        let config = Config::default_policy();
        let history = "09:00 open status=new level=L1 priority=P4\n09:00 classify priority=P1\n\
                       09:00 ack status=acknowledged\n09:00 classify priority=P3\n09:00 resolve status=resolved";
        let clocks = clocks(&config, &ticket(history), at("09:00"));
        // The ack came after the first classify and before the second: P1's target.
        assert_eq!(clock(&clocks, ClockKind::Ack, 1).priority, "P1");
        assert_eq!(clock(&clocks, ClockKind::Resolve, 1).priority, "P3", "in force when it was resolved");
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
        config.sla.pause.resolve.push(WaitingOn::Vendor);
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
