//! Team metrics over a period (`esc stats`): tickets opened and resolved, backlog and its
//! age, time to acknowledge and to resolve, SLA compliance per clock, escalations,
//! first-contact resolution, reopens and post-incident reviews. Pure: no I/O.
//!
//! Every figure is defined in `docs/metrics.md`. [`TicketFacts`] reads each ticket's history
//! once, as known at the end of the period (its SLA clocks are the costly part, so callers
//! build the facts in parallel); [`Report::new`] and [`weekly_trend`] then only count the
//! facts that fall in a window.

mod facts;

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use chrono::{Datelike, Duration};

use crate::clock::Timestamp;
use crate::sla::{ClockKind, ClockState};
use crate::ticket::Field;

use facts::ReviewOutcome;
pub use facts::{OTHER_REASON, SLA_REASON, TicketFacts};

/// A stretch of time: `since` inclusive, `until` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub since: Timestamp,
    pub until: Timestamp,
}

impl Period {
    pub fn contains(&self, instant: Timestamp) -> bool {
        self.since <= instant && instant < self.until
    }
}

/// The ticket field `--by` groups on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Level,
    Team,
    Assignee,
    Category,
    Priority,
    Type,
    Customer,
}

impl GroupBy {
    /// The state field it reads.
    pub fn field(self) -> Field {
        match self {
            GroupBy::Level => Field::Level,
            GroupBy::Team => Field::Team,
            GroupBy::Assignee => Field::Assignee,
            GroupBy::Category => Field::Category,
            GroupBy::Priority => Field::Priority,
            GroupBy::Type => Field::Type,
            GroupBy::Customer => Field::Customer,
        }
    }
}

impl fmt::Display for GroupBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.field().as_str())
    }
}

/// A part of a whole, such as escalated tickets of those opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ratio {
    pub part: usize,
    pub whole: usize,
}

impl Ratio {
    /// `part ÷ whole`; `None` when there is nothing to divide.
    pub fn rate(&self) -> Option<f64> {
        (self.whole > 0).then(|| self.part as f64 / self.whole as f64)
    }

    fn count(&mut self, counts: bool) {
        self.whole += 1;
        self.part += usize::from(counts);
    }
}

/// Mean and nearest-rank percentiles of some durations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spread {
    pub count: usize,
    /// Rounded down to whole seconds.
    pub mean: Option<Duration>,
    pub p50: Option<Duration>,
    pub p90: Option<Duration>,
}

impl Spread {
    /// The spread of `seconds` (any order).
    pub fn of(mut seconds: Vec<i64>) -> Spread {
        seconds.sort_unstable();
        let count = seconds.len();
        // Summed wide: many long durations must not wrap.
        let mean = (count > 0).then(|| {
            let sum: i128 = seconds.iter().map(|&s| i128::from(s)).sum();
            i64::try_from(sum.div_euclid(count as i128)).unwrap_or(i64::MAX)
        });
        let duration = |s: i64| Duration::try_seconds(s).unwrap_or(if s < 0 { Duration::MIN } else { Duration::MAX });
        let at = |p| percentile(&seconds, p).map(duration);
        Spread { count, mean: mean.map(duration), p50: at(50), p90: at(90) }
    }
}

/// The nearest-rank percentile of sorted values: the value at rank ⌈p/100 × n⌉ (at least
/// the first), so p50 of [1, 2, 3, 4] is 2 and every answer is one of the values. `None`
/// for no values.
pub fn percentile(sorted: &[i64], p: usize) -> Option<i64> {
    let rank = (p * sorted.len()).div_ceil(100).clamp(1, sorted.len().max(1));
    sorted.get(rank - 1).copied()
}

/// Time to acknowledge or to resolve, on the wall clock and in working time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeTo {
    /// From start to stop, pauses and nights included.
    pub wall: Spread,
    /// The clock's counted time: inside its calendar's working hours, not paused.
    pub business: Spread,
}

/// Tickets open at the end of a window, and how old they were then.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Backlog {
    pub count: usize,
    pub age: Spread,
}

/// One SLA clock kind: clocks that stopped in the window within or past their target, and
/// live clocks past it at the end of the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Compliance {
    pub met: usize,
    pub missed: usize,
    pub breached_open: usize,
}

impl Compliance {
    /// Met of stopped clocks.
    pub fn ratio(&self) -> Ratio {
        Ratio { part: self.met, whole: self.met + self.missed }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Escalations {
    /// Tickets opened in the window that were escalated at least once (by the end of the
    /// period), of those opened.
    pub tickets: Ratio,
    /// Escalations in the window.
    pub events: usize,
    /// Hierarchical escalations (management alerted) in the window; not in `events`.
    pub hierarchical: usize,
    /// Escalations in the window per reason.
    pub by_reason: BTreeMap<String, usize>,
    /// Escalations in the window per path (`L1→L2`, `L2→vendor:payments`).
    pub by_path: BTreeMap<String, usize>,
}

/// Post-incident reviews of the tickets resolved in the window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reviews {
    pub required: usize,
    /// Required reviews whose file existed at the end of the period.
    pub existing: usize,
    pub published_on_time: usize,
    pub published_late: usize,
    pub draft: usize,
    pub missing: usize,
    /// Required, not published, and past due at the end of the period.
    pub overdue: usize,
    /// Open action items of these tickets' reviews (required or not) at the end.
    pub action_items_open: usize,
    pub action_items_overdue: usize,
}

impl Reviews {
    /// Published on time, of required.
    pub fn timeliness(&self) -> Ratio {
        Ratio { part: self.published_on_time, whole: self.required }
    }
}

/// Satisfaction ratings (CSAT) of the tickets closed in a window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Csat {
    /// Rated tickets per score: `scores[0]` gave 1, `scores[4]` gave 5.
    pub scores: [usize; 5],
    /// Rated, of the tickets closed in the window.
    pub response: Ratio,
}

impl Csat {
    /// Tickets with a rating.
    pub fn rated(&self) -> usize {
        self.scores.iter().sum()
    }

    /// The mean score, from 1 to 5; `None` without ratings.
    pub fn mean(&self) -> Option<f64> {
        let total: usize = self.scores.iter().zip(1..).map(|(n, score)| n * score).sum();
        let rated = self.rated();
        (rated > 0).then(|| total as f64 / rated as f64)
    }

    fn add(&mut self, rating: Option<u8>) {
        self.response.count(rating.is_some());
        if let Some(score) = rating {
            self.scores[usize::from(score.clamp(1, 5)) - 1] += 1;
        }
    }
}

/// Where an open ticket stood: its level, team and priority (`-` for none).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub level: String,
    pub team: String,
    pub priority: String,
}

/// Every figure for one group of tickets (or all of them) over one window.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// Tickets created in the window.
    pub opened: usize,
    /// Resolves in the window; a ticket resolved again after a reopen counts again.
    pub resolved: usize,
    /// Tickets with at least one resolve in the window.
    pub resolved_tickets: usize,
    pub backlog: Backlog,
    /// Time to acknowledge, of the ack clocks that stopped in the window.
    pub mtta: TimeTo,
    /// Time to resolve, of the resolve cycles that ended in the window.
    pub mttr: TimeTo,
    /// Per clock kind, all four always present.
    pub sla: BTreeMap<ClockKind, Compliance>,
    pub escalation: Escalations,
    /// Of the tickets first resolved in the window: never escalated and resolved at the
    /// first level.
    pub first_contact: Ratio,
    /// Of the tickets resolved in the window: reopened after that resolve.
    pub reopened: Ratio,
    pub reviews: Reviews,
    /// Of the tickets closed in the window: their requesters' ratings.
    pub csat: Csat,
}

/// The figures of a period, in total and per group.
#[derive(Debug, Clone)]
pub struct Report {
    pub period: Period,
    pub by: Option<GroupBy>,
    pub total: Figures,
    /// Sorted by group value, `-` (no value) last; empty without `by`.
    pub groups: Vec<(String, Figures)>,
    /// The queue at the end of the period: open tickets per level, team and priority.
    pub open: BTreeMap<Place, usize>,
}

impl Report {
    /// Counts `facts` (read at `period.until`, grouped on `by`) over the period.
    pub fn new(facts: &[TicketFacts], period: Period, by: Option<GroupBy>) -> Report {
        let mut total = Tally::default();
        let mut groups: HashMap<&str, Tally> = HashMap::new();
        let mut open: BTreeMap<Place, usize> = BTreeMap::new();
        for ticket in facts {
            if let Some(place) = &ticket.open_at_end {
                *open.entry(place.clone()).or_default() += 1;
            }
            total.add(ticket, &period);
            if by.is_some() {
                groups.entry(&ticket.group).or_default().add(ticket, &period);
            }
        }
        let mut groups: Vec<(String, Figures)> =
            groups.into_iter().map(|(group, tally)| (group.to_string(), tally.finish())).collect();
        groups.sort_by(|(a, _), (b, _)| (a.as_str() == "-", a).cmp(&(b.as_str() == "-", b)));
        Report { period, by, total: total.finish(), groups, open }
    }
}

/// One ISO week of a trend.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    /// `2026-W48`.
    pub name: String,
    /// The week (Monday 00:00 UTC to the next Monday) cut to the period.
    pub window: Period,
    pub opened: usize,
    pub resolved: usize,
    /// Open at the end of the window.
    pub backlog: usize,
    pub mttr_business_p50: Option<Duration>,
    /// Resolve clocks that stopped in the window within their target.
    pub resolve_sla: Ratio,
    pub escalation: Ratio,
    pub first_contact: Ratio,
    pub csat: Csat,
    /// Every figure of the week, for views that show more than the columns above
    /// (`esc report`'s charts).
    pub figures: Figures,
}

/// The figures of every ISO week that overlaps the period, oldest first. Times esc reads
/// are kept within the years it accepts; at chrono's very limits the trend stops rather
/// than overflow.
pub fn weekly_trend(facts: &[TicketFacts], period: Period) -> Vec<Week> {
    let mut weeks = Vec::new();
    if period.since >= period.until {
        return weeks;
    }
    let date = period.since.date_naive();
    let Some(monday) = date.checked_sub_signed(Duration::days(i64::from(date.weekday().num_days_from_monday()))) else {
        return weeks;
    };
    let mut start = monday.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc();
    while start < period.until {
        let Some(next) = start.checked_add_signed(Duration::weeks(1)) else { break };
        let window = Period { since: start.max(period.since), until: next.min(period.until) };
        let mut tally = Tally::default();
        facts.iter().for_each(|ticket| tally.add(ticket, &window));
        let figures = tally.finish();
        let iso = start.iso_week();
        weeks.push(Week {
            name: format!("{}-W{:02}", iso.year(), iso.week()),
            window,
            opened: figures.opened,
            resolved: figures.resolved,
            backlog: figures.backlog.count,
            mttr_business_p50: figures.mttr.business.p50,
            resolve_sla: figures.sla.get(&ClockKind::Resolve).copied().unwrap_or_default().ratio(),
            escalation: figures.escalation.tickets,
            first_contact: figures.first_contact,
            csat: figures.csat,
            figures,
        });
        start = next;
    }
    weeks
}

/// The figures of one group over one window, while they are being counted.
#[derive(Default)]
struct Tally {
    figures: Figures,
    backlog_ages: Vec<i64>,
    ack_wall: Vec<i64>,
    ack_business: Vec<i64>,
    resolve_wall: Vec<i64>,
    resolve_business: Vec<i64>,
}

impl Tally {
    fn add(&mut self, ticket: &TicketFacts, window: &Period) {
        let figures = &mut self.figures;
        let opened = window.contains(ticket.created);
        figures.opened += usize::from(opened);
        if ticket.open_before(window.until) {
            self.backlog_ages.push((window.until - ticket.created).num_seconds());
        }
        let in_window = ticket.resolves.iter().filter(|at| window.contains(**at));
        let first_in_window = in_window.clone().next();
        figures.resolved += in_window.count();
        self.add_clocks(ticket, window);

        let escalation = &mut self.figures.escalation;
        if opened {
            escalation.tickets.count(!ticket.escalations.is_empty());
        }
        for event in ticket.escalations.iter().filter(|e| window.contains(e.at)) {
            escalation.events += 1;
            *escalation.by_reason.entry(event.reason.clone()).or_default() += 1;
            *escalation.by_path.entry(event.path.clone()).or_default() += 1;
        }
        escalation.hierarchical += ticket.hierarchical.iter().filter(|at| window.contains(**at)).count();

        let figures = &mut self.figures;
        if ticket.resolves.first().is_some_and(|first| window.contains(*first)) {
            figures.first_contact.count(ticket.escalations.is_empty() && ticket.first_resolve_at_first_level);
        }
        if let Some(rating) = ticket.rating_for_close_in(window) {
            figures.csat.add(rating);
        }
        if let Some(first_in_window) = first_in_window {
            figures.resolved_tickets += 1;
            figures.reopened.count(ticket.reopens.iter().any(|at| at > first_in_window));
            if let Some(review) = &ticket.review {
                add_review(&mut figures.reviews, review);
            }
        }
    }

    fn add_clocks(&mut self, ticket: &TicketFacts, window: &Period) {
        for clock in &ticket.clocks {
            let compliance = self.figures.sla.entry(clock.kind).or_default();
            let Some(stopped) = clock.stopped else {
                compliance.breached_open += usize::from(clock.state == ClockState::Breached);
                continue;
            };
            if !window.contains(stopped) {
                continue;
            }
            match clock.state {
                ClockState::Missed => compliance.missed += 1,
                _ => compliance.met += 1,
            }
            let (wall, business) = match clock.kind {
                ClockKind::Ack => (&mut self.ack_wall, &mut self.ack_business),
                ClockKind::Resolve => (&mut self.resolve_wall, &mut self.resolve_business),
                ClockKind::Update | ClockKind::Level => continue,
            };
            wall.push((stopped - clock.started).num_seconds());
            business.push(clock.counted.num_seconds());
        }
    }

    fn finish(self) -> Figures {
        let mut figures = self.figures;
        for kind in [ClockKind::Ack, ClockKind::Update, ClockKind::Resolve, ClockKind::Level] {
            figures.sla.entry(kind).or_default();
        }
        figures.backlog = Backlog { count: self.backlog_ages.len(), age: Spread::of(self.backlog_ages) };
        figures.mtta = TimeTo { wall: Spread::of(self.ack_wall), business: Spread::of(self.ack_business) };
        figures.mttr = TimeTo { wall: Spread::of(self.resolve_wall), business: Spread::of(self.resolve_business) };
        figures
    }
}

fn add_review(reviews: &mut Reviews, review: &facts::ReviewFacts) {
    reviews.action_items_open += review.action_items_open;
    reviews.action_items_overdue += review.action_items_overdue;
    let Some(required) = review.required else { return };
    reviews.required += 1;
    reviews.overdue += usize::from(required.overdue);
    reviews.existing += usize::from(required.outcome != ReviewOutcome::Missing);
    match required.outcome {
        ReviewOutcome::OnTime => reviews.published_on_time += 1,
        ReviewOutcome::Late => reviews.published_late += 1,
        ReviewOutcome::Draft => reviews.draft += 1,
        ReviewOutcome::Missing => reviews.missing += 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_timestamp;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[7], 50), Some(7));
        assert_eq!(percentile(&[7], 90), Some(7));
        assert_eq!(percentile(&[1, 2, 3, 4], 50), Some(2));
        assert_eq!(percentile(&[1, 2, 3, 4], 90), Some(4));
        assert_eq!(percentile(&[1, 2, 3, 4, 5], 50), Some(3));
        // Rank ⌈0.9 × 10⌉ = 9: the ninth value, not an interpolation.
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&ten, 90), Some(9));
        assert_eq!(percentile(&ten, 50), Some(5));
        // ⌈0.9 × 11⌉ = 10.
        let eleven: Vec<i64> = (1..=11).collect();
        assert_eq!(percentile(&eleven, 90), Some(10));
        assert_eq!(percentile(&ten, 0), Some(1));
        assert_eq!(percentile(&ten, 100), Some(10));
    }

    #[test]
    fn spreads_sort_their_values_and_round_the_mean_down() {
        let spread = Spread::of(vec![4, 1, 3, 2]);
        assert_eq!(spread.count, 4);
        assert_eq!(spread.mean, Some(Duration::seconds(2))); // 10 / 4 = 2.5
        assert_eq!((spread.p50, spread.p90), (Some(Duration::seconds(2)), Some(Duration::seconds(4))));
        assert_eq!(Spread::of(Vec::new()), Spread::default());
    }

    #[test]
    fn csat_means_weigh_each_score_by_its_tickets() {
        let mut csat = Csat::default();
        assert_eq!((csat.rated(), csat.mean()), (0, None));
        [Some(5), Some(4), None, Some(4)].into_iter().for_each(|r| csat.add(r));
        assert_eq!(csat.scores, [0, 0, 0, 2, 1]);
        assert_eq!(csat.mean(), Some(13.0 / 3.0));
        assert_eq!(csat.response, Ratio { part: 3, whole: 4 });
    }

    #[test]
    fn ratios_have_no_rate_without_a_whole() {
        assert_eq!(Ratio::default().rate(), None);
        assert_eq!(Ratio { part: 1, whole: 4 }.rate(), Some(0.25));
    }

    #[test]
    fn weeks_start_on_monday_and_are_cut_to_the_period() {
        let at = |text| parse_timestamp(text).unwrap();
        // Wednesday 2026-12-23 to Tuesday 2027-01-05: ISO years differ from calendar years.
        let period = Period { since: at("2026-12-23T12:00:00Z"), until: at("2027-01-05T00:00:00Z") };
        let weeks: Vec<(String, Period)> = weekly_trend(&[], period).into_iter().map(|w| (w.name, w.window)).collect();
        let window = |since, until| Period { since: at(since), until: at(until) };
        assert_eq!(
            weeks,
            [
                ("2026-W52".to_string(), window("2026-12-23T12:00:00Z", "2026-12-28T00:00:00Z")),
                ("2026-W53".to_string(), window("2026-12-28T00:00:00Z", "2027-01-04T00:00:00Z")),
                ("2027-W01".to_string(), window("2027-01-04T00:00:00Z", "2027-01-05T00:00:00Z")),
            ]
        );
        let empty = Period { since: period.until, until: period.until };
        assert!(weekly_trend(&[], empty).is_empty());
        // At chrono's limits the trend stops instead of overflowing.
        let edge = Period {
            since: chrono::DateTime::<chrono::Utc>::MIN_UTC,
            until: chrono::DateTime::<chrono::Utc>::MIN_UTC + Duration::days(20),
        };
        assert!(weekly_trend(&[], edge).len() <= 4);
        let end = Period {
            since: chrono::DateTime::<chrono::Utc>::MAX_UTC - Duration::days(3),
            until: chrono::DateTime::<chrono::Utc>::MAX_UTC,
        };
        assert!(weekly_trend(&[], end).len() <= 1);
        assert_eq!(Spread::of(vec![i64::MAX, i64::MAX]).mean, Some(Duration::MAX));
    }
}
