//! What makes business-calendar arithmetic independent of the span and of the number of
//! holidays: holidays looked up by binary search (dated ranges) and a table (yearly ones, and
//! the yearly events of holiday files by the day they start on),
//! and each year's working seconds per day summed once, as running totals, so the working
//! time of any run of whole days is two subtractions per year it touches.

use std::sync::OnceLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The years the day table covers; spans outside it are walked day by day.
const FIRST_YEAR: i32 = 1970;
const LAST_YEAR: i32 = 2200;

/// Days off: merged, sorted date ranges and the month-days of yearly ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct HolidaySet {
    dated: Vec<(NaiveDate, NaiveDate)>,
    /// Indexed by [`month_day_index`].
    yearly: Vec<bool>,
    /// Yearly events on a fixed date with a first year, an end or an interval (from holiday
    /// files), indexed by the [`month_day_index`] of the day each occurrence starts on.
    recurring: Vec<Vec<YearlyEvent>>,
    /// The most days a recurring event lasts: how many start days a lookup tries.
    longest_recurring: u32,
    /// Yearly events on a weekday of a month (the last Monday of May): few, so each is tried.
    on_weekdays: Vec<YearlyEvent>,
}

/// The day a yearly event starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum YearlyDay {
    /// Month and day.
    Date(u32, u32),
    /// The `nth` `weekday` of `month` (from 1; from the end when negative: -1 is the last).
    NthWeekday { month: u32, nth: i8, weekday: Weekday },
}

impl YearlyDay {
    /// Whether an occurrence starts on `day`.
    pub(super) fn is(&self, day: NaiveDate) -> bool {
        match *self {
            YearlyDay::Date(month, dom) => (day.month(), day.day()) == (month, dom),
            YearlyDay::NthWeekday { month, nth, weekday } => {
                day.month() == month && day.weekday() == weekday && nth_of_month(day).contains(&nth)
            }
        }
    }
}

/// Which weekday of its month `day` is, from the start and from the end: `[2, -4]`.
pub(super) fn nth_of_month(day: NaiveDate) -> [i8; 2] {
    let next_month = if day.month() == 12 {
        NaiveDate::from_ymd_opt(day.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(day.year(), day.month() + 1, 1)
    };
    let days_in_month = next_month.map_or(31, |next| next.pred_opt().map_or(31, |last| last.day()));
    [((day.day() - 1) / 7 + 1) as i8, -(((days_in_month - day.day()) / 7 + 1) as i8)]
}

/// An event that comes back every year on the same day: from `first_year`, every `interval`
/// years, up to `last_year`, but not in `except_years`; each occurrence lasts `days`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct YearlyEvent {
    pub(super) on: YearlyDay,
    pub(super) first_year: i32,
    pub(super) last_year: i32,
    pub(super) interval: u32,
    pub(super) days: u32,
    pub(super) except_years: Vec<i32>,
}

impl YearlyEvent {
    fn starts_in(&self, year: i32) -> bool {
        (self.first_year..=self.last_year).contains(&year)
            && (year - self.first_year) % i32::try_from(self.interval).unwrap_or(i32::MAX).max(1) == 0
            && !self.except_years.contains(&year)
    }
}

fn month_day_index(month: u32, day: u32) -> usize {
    ((month - 1) * 31 + (day - 1)) as usize
}

impl HolidaySet {
    /// From dated ranges (first, last, inclusive) and yearly ranges of (month, day), which may
    /// wrap over new year.
    pub(super) fn new(
        dated: impl IntoIterator<Item = (NaiveDate, NaiveDate)>,
        yearly: impl IntoIterator<Item = ((u32, u32), (u32, u32))>,
    ) -> HolidaySet {
        let mut marks = vec![false; 12 * 31];
        for (first, last) in yearly {
            // Walked in a leap year, so 02-29 exists; wraps from 12-31 to 01-01.
            let date = |(m, d): (u32, u32)| NaiveDate::from_ymd_opt(2024, m, d);
            let (Some(mut day), Some(end)) = (date(first), date(last)) else { continue };
            loop {
                marks[month_day_index(day.month(), day.day())] = true;
                if day == end {
                    break;
                }
                day = match day.succ_opt() {
                    Some(next) if next.year() == 2024 => next,
                    _ => NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date"),
                };
            }
        }
        HolidaySet {
            dated: merged(dated.into_iter().collect()),
            yearly: marks,
            recurring: vec![Vec::new(); 12 * 31],
            longest_recurring: 0,
            on_weekdays: Vec::new(),
        }
    }

    /// Adds more days off: dated ranges and recurring events.
    pub(super) fn add(
        &mut self,
        dated: impl IntoIterator<Item = (NaiveDate, NaiveDate)>,
        recurring: impl IntoIterator<Item = YearlyEvent>,
    ) {
        let mut ranges = std::mem::take(&mut self.dated);
        ranges.extend(dated);
        self.dated = merged(ranges);
        for event in recurring.into_iter().filter(|event| event.days > 0) {
            match event.on {
                YearlyDay::Date(month, day) if NaiveDate::from_ymd_opt(2024, month, day).is_some() => {
                    self.longest_recurring = self.longest_recurring.max(event.days);
                    self.recurring[month_day_index(month, day)].push(event);
                }
                YearlyDay::Date(..) => {}
                YearlyDay::NthWeekday { .. } => self.on_weekdays.push(event),
            }
        }
    }

    pub(super) fn covers(&self, day: NaiveDate) -> bool {
        if self.yearly[month_day_index(day.month(), day.day())] {
            return true;
        }
        let after = self.dated.partition_point(|(first, _)| *first <= day);
        if after > 0 && self.dated[after - 1].1 >= day {
            return true;
        }
        // An occurrence covering `day` started on it or on one of the days before.
        let mut start = day;
        for back in 0..self.longest_recurring {
            let starting = &self.recurring[month_day_index(start.month(), start.day())];
            if starting.iter().any(|event| event.days > back && event.starts_in(start.year())) {
                return true;
            }
            start = match start.pred_opt() {
                Some(previous) => previous,
                None => break,
            };
        }
        self.on_weekdays.iter().any(|event| {
            (0..event.days).any(|back| {
                day.checked_sub_days(chrono::Days::new(back.into()))
                    .is_some_and(|start| event.on.is(start) && event.starts_in(start.year()))
            })
        })
    }
}

/// Sorted ranges, overlapping or adjacent ones joined.
fn merged(mut ranges: Vec<(NaiveDate, NaiveDate)>) -> Vec<(NaiveDate, NaiveDate)> {
    ranges.sort();
    let mut merged: Vec<(NaiveDate, NaiveDate)> = Vec::with_capacity(ranges.len());
    for (first, last) in ranges {
        match merged.last_mut() {
            Some(previous) if first <= previous.1.succ_opt().unwrap_or(previous.1) => {
                previous.1 = previous.1.max(last);
            }
            _ => merged.push((first, last)),
        }
    }
    merged
}

/// Running totals of working seconds per day, one year at a time, built on first use.
/// Shared by every clock on the calendar (and every thread).
pub(super) struct DayTable {
    years: Vec<OnceLock<Vec<i64>>>,
}

impl DayTable {
    pub(super) fn new() -> DayTable {
        DayTable { years: (FIRST_YEAR..=LAST_YEAR).map(|_| OnceLock::new()).collect() }
    }

    /// `totals[i]` = working seconds of the year's days before day `i` (0-based ordinal);
    /// `None` outside the table's years.
    fn year(&self, year: i32, day_seconds: &dyn Fn(NaiveDate) -> i64) -> Option<&[i64]> {
        let slot = self.years.get(usize::try_from(year - FIRST_YEAR).ok()?)?;
        Some(slot.get_or_init(|| {
            let mut totals = vec![0];
            let mut day = NaiveDate::from_ymd_opt(year, 1, 1).expect("a year in the table");
            while day.year() == year {
                totals.push(totals.last().copied().unwrap_or(0) + day_seconds(day));
                day = day.succ_opt().expect("a year in the table has a next day");
            }
            totals
        }))
    }

    /// The working time of the whole days `first..=last`; `None` when they reach outside the
    /// table (the caller then walks them).
    pub(super) fn sum(
        &self,
        first: NaiveDate,
        last: NaiveDate,
        day_seconds: &dyn Fn(NaiveDate) -> i64,
    ) -> Option<Duration> {
        if last < first {
            return Some(Duration::zero());
        }
        let mut seconds = 0;
        for year in first.year()..=last.year() {
            let totals = self.year(year, day_seconds)?;
            let start = if year == first.year() { first.ordinal0() as usize } else { 0 };
            let end = if year == last.year() { last.ordinal0() as usize + 1 } else { totals.len() - 1 };
            seconds += totals[end] - totals[start];
        }
        Some(Duration::seconds(seconds))
    }

    /// The first day `d` in `first..=limit` by which the whole days from `first` hold at
    /// least `need`, and the working time of the days before it; `Some(None)` when they never
    /// do, `None` when the days reach outside the table.
    pub(super) fn reach(
        &self,
        first: NaiveDate,
        limit: NaiveDate,
        need: Duration,
        day_seconds: &dyn Fn(NaiveDate) -> i64,
    ) -> Option<Option<(NaiveDate, Duration)>> {
        let mut before = Duration::zero();
        let mut year = first.year();
        while year <= limit.year() {
            let totals = self.year(year, day_seconds)?;
            let start = if year == first.year() { first.ordinal0() as usize } else { 0 };
            let end = if year == limit.year() { limit.ordinal0() as usize + 1 } else { totals.len() - 1 };
            let in_year = Duration::seconds(totals[end] - totals[start]);
            if before + in_year >= need {
                // The first ordinal whose running total (from `start`) reaches what is left.
                let left = need - before;
                let offset =
                    totals[start + 1..=end].partition_point(|total| Duration::seconds(total - totals[start]) < left);
                let ordinal = start + offset;
                let day = NaiveDate::from_yo_opt(year, ordinal as u32 + 1)?;
                return Some(Some((day, before + Duration::seconds(totals[ordinal] - totals[start]))));
            }
            before += in_year;
            year += 1;
        }
        Some(None)
    }
}

impl std::fmt::Debug for DayTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DayTable")
    }
}

/// A cache: a copy starts empty, and two are always equal.
impl Clone for DayTable {
    fn clone(&self) -> DayTable {
        DayTable::new()
    }
}

impl PartialEq for DayTable {
    fn eq(&self, _: &DayTable) -> bool {
        true
    }
}

impl Eq for DayTable {}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn holidays_are_found_among_many() {
        let dated = (0..100_000).map(|i| {
            let day = date("1980-01-01") + Duration::days(i * 3);
            (day, day)
        });
        let set = HolidaySet::new(dated, [((12, 31), (1, 1))]);
        assert!(set.covers(date("1980-01-04")) && !set.covers(date("1980-01-05")));
        // Past the dated ones (they end in 2801): only the yearly range.
        assert!(set.covers(date("2900-12-31")) && set.covers(date("2901-01-01")) && !set.covers(date("2901-01-02")));
    }

    #[test]
    fn sums_and_reaches_agree_with_walking_the_days() {
        let table = DayTable::new();
        let seconds = |day: NaiveDate| if day.weekday().num_days_from_monday() < 5 { 8 * 3600 } else { 0 };
        let (first, last) = (date("2019-12-30"), date("2031-02-03"));
        let mut walked = 0;
        let mut day = first;
        while day <= last {
            walked += seconds(day);
            day = day.succ_opt().unwrap();
        }
        assert_eq!(table.sum(first, last, &seconds), Some(Duration::seconds(walked)));
        let need = Duration::hours(8 * 11); // two weeks and a day of working days
        let (day, before) = table.reach(first, last, need, &seconds).unwrap().unwrap();
        assert_eq!((day, before), (date("2020-01-13"), Duration::hours(8 * 10)));
        assert_eq!(table.reach(first, first, Duration::hours(9), &seconds), Some(None));
        assert_eq!(table.sum(date("1900-01-01"), last, &seconds), None, "outside the table");
    }

    fn oracle_covers(events: &[YearlyEvent], day: NaiveDate) -> bool {
        events.iter().any(|event| {
            (day.year() - 1..=day.year()).any(|year| {
                let YearlyDay::Date(month, dom) = event.on else { return false };
                let Some(start) = NaiveDate::from_ymd_opt(year, month, dom) else {
                    return false;
                };
                event.starts_in(year) && start <= day && day < start + Duration::days(i64::from(event.days))
            })
        })
    }

    #[test]
    fn weekday_events_start_on_their_weekday_of_the_month() {
        let mut set = HolidaySet::new([], []);
        let last_monday_of_may = YearlyDay::NthWeekday { month: 5, nth: -1, weekday: Weekday::Mon };
        let fourth_thursday = YearlyDay::NthWeekday { month: 11, nth: 4, weekday: Weekday::Thu };
        let event = |on, days| YearlyEvent {
            on,
            first_year: 2027,
            last_year: 2030,
            interval: 1,
            days,
            except_years: vec![2029],
        };
        set.add([], [event(last_monday_of_may, 1), event(fourth_thursday, 2)]);
        let off: Vec<bool> = ["2027-05-31", "2027-05-24", "2028-05-29", "2029-05-28", "2031-05-26", "2026-05-25"]
            .iter()
            .map(|d| set.covers(date(d)))
            .collect();
        assert_eq!(off, [true, false, true, false, false, false]);
        let off: Vec<bool> = ["2027-11-25", "2027-11-26", "2027-11-27", "2028-11-23", "2028-11-24", "2028-11-30"]
            .iter()
            .map(|d| set.covers(date(d)))
            .collect();
        assert_eq!(off, [true, true, false, true, true, false]);
        assert_eq!(nth_of_month(date("2027-05-31")), [5, -1]);
        assert_eq!(nth_of_month(date("2024-02-01")), [1, -5]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        /// Recurring events found through the month-day index are the ones a walk over each
        /// event's occurrences finds: bounds, intervals, exceptions, spans over new year and
        /// 29 February.
        #[test]
        fn recurring_events_are_found_by_their_start_day(
            events in proptest::collection::vec(
                (1u32..=12, 1u32..=31, 1990i32..2030, 0i32..40, 1u32..5, 1u32..40, proptest::collection::vec(1990i32..2080, 0..3)),
                1..8,
            ),
            day in 0i64..(60 * 366),
        ) {
            let events: Vec<YearlyEvent> = events
                .into_iter()
                .filter(|(m, d, ..)| NaiveDate::from_ymd_opt(2024, *m, *d).is_some())
                .map(|(m, d, first, length, interval, days, except_years)| YearlyEvent {
                    on: YearlyDay::Date(m, d),
                    first_year: first,
                    last_year: first + length,
                    interval,
                    days,
                    except_years,
                })
                .collect();
            let mut set = HolidaySet::new([], []);
            set.add([], events.clone());
            let day = date("1990-01-01") + Duration::days(day);
            proptest::prop_assert_eq!(set.covers(day), oracle_covers(&events, day));
        }
    }
}
