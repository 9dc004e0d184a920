//! Business calendars: which instants count towards an SLA target. Pure.
//!
//! A calendar is either `24x7` (every instant counts) or working hours in an IANA time zone:
//! ranges per weekday and holidays. All arithmetic goes through the zone's rules, so the
//! days clocks change (DST) have the right length.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::Deserialize;

use super::ical::IcsHoliday;
use super::working_days::{DayTable, HolidaySet, YearlyDay, YearlyEvent};
use crate::clock::Timestamp;

/// The name of the built-in calendar in which every instant counts.
pub const ALWAYS: &str = "24x7";

/// How far ahead [`Calendar::add_working`] looks for working time before giving up.
const SEARCH_DAYS: i64 = 366 * 5;

/// Durations esc accepts are shorter than this many years (a day counted as 24 hours).
pub const MAX_YEARS: i64 = 100;
/// [`MAX_YEARS`] in minutes (years of 365 days).
const MAX_MINUTES: i64 = MAX_YEARS * 365 * 24 * 60;

/// When SLA time counts.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "CalendarSpec")]
pub struct Calendar {
    /// `None` for 24x7.
    hours: Option<WorkingHours>,
    /// What `1d` means in this calendar: 24 hours for 24x7, else one working day.
    business_day: Duration,
    /// As the policy wrote it, for `esc config` (`None` for 24x7).
    spec: Option<Box<CalendarSpec>>,
    /// Events of its holiday files that esc skipped, for `esc lint`.
    unusable_holidays: Vec<crate::error::Diagnostic>,
}

impl serde::Serialize for Calendar {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.spec.serialize(serializer)
    }
}

impl schemars::JsonSchema for Calendar {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Calendar".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        CalendarSpec::json_schema(generator)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct WorkingHours {
    zone: Tz,
    /// Ranges per weekday, Monday first, sorted and not overlapping.
    week: [Vec<TimeRange>; 7],
    holidays: HolidaySet,
    /// Working seconds per day, summed a year at a time on first use.
    days: DayTable,
}

/// Spans up to this many days are walked; longer ones use the day table.
const WALKED_DAYS: i64 = 6;

impl Calendar {
    /// The 24x7 calendar.
    pub fn always() -> Calendar {
        Calendar { hours: None, business_day: Duration::hours(24), spec: None, unusable_holidays: Vec::new() }
    }

    /// The iCalendar files whose holidays this calendar adds to `holidays`, as the policy
    /// names them (relative to the esc root).
    pub fn holiday_files(&self) -> &[String] {
        self.spec.as_ref().map_or(&[], |spec| &spec.holiday_files)
    }

    /// The events of its holiday files that esc could not use (file, line, what and why).
    pub fn unusable_holidays(&self) -> &[crate::error::Diagnostic] {
        &self.unusable_holidays
    }

    /// Adds the holidays read from one of its holiday files, and what was skipped there.
    pub(super) fn add_file_holidays(&mut self, holidays: &[IcsHoliday], unusable: Vec<crate::error::Diagnostic>) {
        self.unusable_holidays.extend(unusable);
        let Some(hours) = &mut self.hours else { return };
        let dated = holidays.iter().filter(|h| h.yearly.is_none()).map(|h| {
            (h.first, h.first.checked_add_days(chrono::Days::new(u64::from(h.days) - 1)).unwrap_or(NaiveDate::MAX))
        });
        let recurring = holidays.iter().filter_map(|h| {
            let repeat = h.yearly.as_ref()?;
            Some(YearlyEvent {
                on: match repeat.nth_weekday {
                    Some((nth, weekday)) => YearlyDay::NthWeekday { month: h.first.month(), nth, weekday },
                    None => YearlyDay::Date(h.first.month(), h.first.day()),
                },
                first_year: h.first.year(),
                last_year: repeat.last_year.unwrap_or(i32::MAX),
                interval: repeat.interval,
                days: h.days,
                except_years: repeat.except_years.clone(),
            })
        });
        hours.holidays.add(dated, recurring);
        // Working seconds per day depend on the holidays.
        hours.days = DayTable::new();
    }

    /// A shared 24x7 calendar, for lookups that fall back to it.
    pub fn always_ref() -> &'static Calendar {
        static ALWAYS_CALENDAR: std::sync::LazyLock<Calendar> = std::sync::LazyLock::new(Calendar::always);
        &ALWAYS_CALENDAR
    }

    /// The length of one calendar day (`1d` in a target).
    pub fn business_day(&self) -> Duration {
        self.business_day
    }

    /// The working time between `from` and `until` (zero if `until` is not later).
    ///
    /// The days at both ends are measured to the instant; the whole days between come from
    /// the day table, so the cost does not grow with the span or the holidays.
    pub fn working_time(&self, from: Timestamp, until: Timestamp) -> Duration {
        if until <= from {
            return Duration::zero();
        }
        let Some(hours) = &self.hours else { return until - from };
        // A day's intervals may run just past its midnight (a skipped 24:00), hence the day
        // before `from`, and the table only for days whose intervals lie wholly inside.
        let first = hours.local_date(from).pred_opt().unwrap_or(NaiveDate::MIN);
        let last = hours.local_date(until);
        if (last - first).num_days() > WALKED_DAYS {
            let (inner_first, inner_last) = (first + Duration::days(2), last - Duration::days(2));
            let day_seconds = |day: NaiveDate| hours.day_seconds(day);
            if let Some(inner) = hours.days.sum(inner_first, inner_last, &day_seconds) {
                return hours.clipped(from, until, first, inner_first - Duration::days(1))
                    + inner
                    + hours.clipped(from, until, inner_last + Duration::days(1), last);
            }
        }
        hours.clipped(from, until, first, last)
    }

    /// The instant at which `amount` of working time has passed since `from`; `None` when
    /// the calendar has no working time in the next five years.
    ///
    /// The days at the start are walked; then the day table finds, by binary search, the
    /// day on which the target falls, and that day is walked to the instant.
    pub fn add_working(&self, from: Timestamp, amount: Duration) -> Option<Timestamp> {
        let Some(hours) = &self.hours else { return from.checked_add_signed(amount) };
        if amount <= Duration::zero() {
            return Some(from);
        }
        let start = hours.local_date(from).pred_opt()?;
        let limit = start.checked_add_signed(Duration::days(SEARCH_DAYS - 1))?;
        let walked_last = start.succ_opt()?;
        let mut left = amount;
        match hours.walk_until(from, left, start, walked_last) {
            Ok(done) => return Some(done),
            Err(rest) => left = rest,
        }
        let next = walked_last.succ_opt()?;
        let day_seconds = |day: NaiveDate| hours.day_seconds(day);
        let resume = match hours.days.reach(next, limit, left, &day_seconds) {
            Some(None) => return None,
            Some(Some((day, before))) => {
                left -= before;
                day
            }
            None => next, // outside the table: walk on
        };
        hours.walk_until(from, left, resume, limit).ok()
    }

    /// The day-by-day arithmetic the table replaces, kept as the tests' oracle.
    #[cfg(test)]
    fn working_time_by_days(&self, from: Timestamp, until: Timestamp) -> Duration {
        if until <= from {
            return Duration::zero();
        }
        let Some(hours) = &self.hours else { return until - from };
        let first = hours.local_date(from).pred_opt().unwrap_or(NaiveDate::MIN);
        hours.clipped(from, until, first, hours.local_date(until))
    }

    #[cfg(test)]
    fn add_working_by_days(&self, from: Timestamp, amount: Duration) -> Option<Timestamp> {
        let Some(hours) = &self.hours else { return from.checked_add_signed(amount) };
        if amount <= Duration::zero() {
            return Some(from);
        }
        let start = hours.local_date(from).pred_opt()?;
        hours.walk_until(from, amount, start, start.checked_add_signed(Duration::days(SEARCH_DAYS - 1))?).ok()
    }
}

impl WorkingHours {
    fn local_date(&self, t: Timestamp) -> NaiveDate {
        t.with_timezone(&self.zone).date_naive()
    }

    /// The working time of days `first..=last` that falls between `from` and `until`.
    fn clipped(&self, from: Timestamp, until: Timestamp, first: NaiveDate, last: NaiveDate) -> Duration {
        let mut total = Duration::zero();
        let mut day = first;
        while day <= last {
            for (start, end) in self.intervals_on(day) {
                let (start, end) = (start.max(from), end.min(until));
                if end > start {
                    total += end - start;
                }
            }
            day = match day.succ_opt() {
                Some(next) => next,
                None => break,
            };
        }
        total
    }

    /// Walks days `first..=last` from `from`, using up `left`: the instant it runs out, or
    /// what is left after the last day.
    fn walk_until(
        &self,
        from: Timestamp,
        mut left: Duration,
        first: NaiveDate,
        last: NaiveDate,
    ) -> Result<Timestamp, Duration> {
        let mut day = first;
        while day <= last {
            for (start, end) in self.intervals_on(day) {
                let start = start.max(from);
                if end <= start {
                    continue;
                }
                if left <= end - start {
                    return Ok(start + left);
                }
                left -= end - start;
            }
            day = match day.succ_opt() {
                Some(next) => next,
                None => break,
            };
        }
        Err(left)
    }

    /// The working seconds of one whole local day.
    fn day_seconds(&self, day: NaiveDate) -> i64 {
        self.intervals_on(day).iter().map(|(start, end)| (*end - *start).num_seconds()).sum()
    }

    /// The working intervals of one local day, as UTC instants.
    fn intervals_on(&self, day: NaiveDate) -> Vec<(Timestamp, Timestamp)> {
        if self.holidays.covers(day) {
            return Vec::new();
        }
        let ranges = &self.week[day.weekday().num_days_from_monday() as usize];
        ranges
            .iter()
            .filter_map(|range| {
                let start = self.instant(day.and_time(range.start))?;
                let end = match range.end {
                    Some(end) => self.instant(day.and_time(end))?,
                    None => self.instant(day.succ_opt()?.and_time(NaiveTime::MIN))?,
                };
                (end > start).then_some((start, end))
            })
            .collect()
    }

    /// The instant a local wall-clock time names. A time the clocks skip (spring forward)
    /// means the first instant after the gap; a time that happens twice, the first one.
    fn instant(&self, local: NaiveDateTime) -> Option<Timestamp> {
        let mut probe = local;
        // Gaps last an hour in most zones, a whole day at worst (Samoa, 2011).
        for _ in 0..=(26 * 60) {
            if let Some(t) = self.zone.from_local_datetime(&probe).earliest() {
                return Some(t.with_timezone(&Utc));
            }
            probe += Duration::minutes(1);
        }
        None
    }
}

/// One working range of a day, `09:00-17:00`; `end: None` is midnight at the end of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TimeRange {
    start: NaiveTime,
    end: Option<NaiveTime>,
}

impl TimeRange {
    fn parse(text: &str) -> Result<TimeRange, String> {
        let bad = || format!("'{text}' is not a time range like 09:00-17:00");
        let (start, end) = text.trim().split_once('-').ok_or_else(bad)?;
        let start = NaiveTime::parse_from_str(start.trim(), "%H:%M").map_err(|_| bad())?;
        let end = match end.trim() {
            "24:00" => None,
            end => Some(NaiveTime::parse_from_str(end, "%H:%M").map_err(|_| bad())?),
        };
        if end.is_some_and(|end| end <= start) {
            return Err(format!("'{text}' ends before it starts (a range cannot cross midnight; use 24:00)"));
        }
        Ok(TimeRange { start, end })
    }

    fn length(&self) -> Duration {
        self.end.map_or(Duration::hours(24) - (self.start - NaiveTime::MIN), |end| end - self.start)
    }

    fn overlaps(&self, other: &TimeRange) -> bool {
        let end = |r: &TimeRange| r.end.map_or(Duration::hours(24), |e| e - NaiveTime::MIN);
        let start = |r: &TimeRange| r.start - NaiveTime::MIN;
        start(self) < end(other) && start(other) < end(self)
    }
}

/// A day off: one date, the same day every year, or a range of either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holiday {
    Dates(NaiveDate, NaiveDate),
    /// Month and day, inclusive; may wrap over new year (`12-31..01-01`).
    Yearly((u32, u32), (u32, u32)),
}

impl Holiday {
    /// `2026-12-25`, `12-25` (every year), `2026-12-24..2026-12-31`, `12-24..12-26`; text after
    /// the first space is a name.
    fn parse(text: &str) -> Result<Holiday, String> {
        let spec = text.split_whitespace().next().unwrap_or("");
        let bad = || {
            format!(
                "'{text}' is not a holiday: use 2026-12-25, 12-25 (every year) or a range like 2026-12-24..2026-12-31"
            )
        };
        let (first, last) = spec.split_once("..").unwrap_or((spec, spec));
        if let (Ok(first), Ok(last)) =
            (NaiveDate::parse_from_str(first, "%Y-%m-%d"), NaiveDate::parse_from_str(last, "%Y-%m-%d"))
        {
            if last < first {
                return Err(format!("'{text}' ends before it starts"));
            }
            for date in [first, last] {
                crate::clock::date_in_range(date).map_err(|e| format!("holiday '{text}': {e}"))?;
            }
            return Ok(Holiday::Dates(first, last));
        }
        let month_day = |s: &str| -> Option<(u32, u32)> {
            let (m, d) = s.split_once('-')?;
            let (m, d) = (m.parse().ok()?, d.parse().ok()?);
            // 2024 is a leap year, so 02-29 is accepted.
            NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
        };
        match (month_day(first), month_day(last)) {
            (Some(first), Some(last)) => Ok(Holiday::Yearly(first, last)),
            _ => Err(bad()),
        }
    }

    /// The linear lookup [`HolidaySet`] replaces, kept as the tests' oracle.
    #[cfg(test)]
    fn covers(&self, day: NaiveDate) -> bool {
        match *self {
            Holiday::Dates(first, last) => first <= day && day <= last,
            Holiday::Yearly(first, last) => {
                let today = (day.month(), day.day());
                if first <= last { first <= today && today <= last } else { today >= first || today <= last }
            }
        }
    }
}

/// A calendar as written in `.esc/config.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct CalendarSpec {
    /// An IANA time zone, like Europe/Amsterdam or UTC.
    timezone: String,
    /// Weekday (`mon`, `monday`, or a range `mon-fri`) → ranges (`09:00-17:00`).
    #[serde(default)]
    hours: BTreeMap<String, RangeList>,
    /// Days without working time: `2026-12-25`, a range `2026-12-24..2026-12-26`, or yearly
    /// `12-25`.
    #[serde(default)]
    holidays: Vec<String>,
    /// iCalendar (.ics) files in the repository whose all-day events are holidays too, by
    /// their path from the esc root: `.esc/holidays/nl.ics`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    holiday_files: Vec<String>,
    /// What `1d` means; defaults to the longest working day of the week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    business_day: Option<SlaDuration>,
}

/// `[09:00-12:00, 13:00-17:00]` or `"09:00-12:00, 13:00-17:00"`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(untagged)]
enum RangeList {
    One(String),
    Many(Vec<String>),
}

impl TryFrom<CalendarSpec> for Calendar {
    type Error = String;

    fn try_from(spec: CalendarSpec) -> Result<Calendar, String> {
        let zone: Tz = spec.timezone.parse().map_err(|_| {
            format!("timezone '{}' is not an IANA time zone (like Europe/Amsterdam or UTC)", spec.timezone)
        })?;
        let mut week: [Vec<TimeRange>; 7] = Default::default();
        for (days, ranges) in &spec.hours {
            let texts: Vec<&str> = match ranges {
                RangeList::One(text) => text.split(',').collect(),
                RangeList::Many(texts) => texts.iter().map(String::as_str).collect(),
            };
            for day in weekdays(days)? {
                for text in &texts {
                    let range = TimeRange::parse(text)?;
                    let list = &mut week[day.num_days_from_monday() as usize];
                    if list.iter().any(|r| r.overlaps(&range)) {
                        return Err(format!("hours: '{}' overlaps another range on {day}", text.trim()));
                    }
                    list.push(range);
                    list.sort_by_key(|r| r.start);
                }
            }
        }
        let longest_day = week.iter().map(|ranges| ranges.iter().map(TimeRange::length).sum()).max();
        let Some(longest_day) = longest_day.filter(|d: &Duration| *d > Duration::zero()) else {
            return Err("hours: the calendar has no working hours (give ranges like mon-fri: 09:00-17:00)".into());
        };
        let holidays: Vec<Holiday> = spec.holidays.iter().map(|h| Holiday::parse(h)).collect::<Result<_, _>>()?;
        let dated = holidays.iter().filter_map(|h| match *h {
            Holiday::Dates(first, last) => Some((first, last)),
            Holiday::Yearly(..) => None,
        });
        let yearly = holidays.iter().filter_map(|h| match *h {
            Holiday::Yearly(first, last) => Some((first, last)),
            Holiday::Dates(..) => None,
        });
        let holidays = HolidaySet::new(dated, yearly);
        let business_day = match spec.business_day {
            Some(d) if d.days != 0 => return Err("business_day must be given in hours and minutes (8h)".into()),
            Some(d) if d.minutes <= 0 => return Err("business_day must be longer than zero".into()),
            Some(d) if d.minutes > 24 * 60 => return Err(format!("business_day {d} is longer than a day (24h)")),
            Some(d) => Duration::minutes(d.minutes),
            None => longest_day,
        };
        Ok(Calendar {
            hours: Some(WorkingHours { zone, week, holidays, days: DayTable::new() }),
            business_day,
            spec: Some(Box::new(spec)),
            unusable_holidays: Vec::new(),
        })
    }
}

/// `mon`, `Monday`, or a range `mon-fri` (which may wrap: `sat-mon`).
fn weekdays(text: &str) -> Result<Vec<Weekday>, String> {
    let parse = |s: &str| -> Result<Weekday, String> {
        s.trim().parse::<Weekday>().map_err(|_| format!("hours: '{s}' is not a weekday (mon, tue, … or mon-fri)"))
    };
    let (first, last) = match text.split_once('-') {
        Some((first, last)) => (parse(first)?, parse(last)?),
        None => (parse(text)?, parse(text)?),
    };
    let mut days = vec![first];
    let mut day = first;
    while day != last {
        day = day.succ();
        days.push(day);
    }
    Ok(days)
}

/// A target such as `15m`, `4h`, `1h30m` or `3d`, counted in a priority's calendar: in a
/// working-hours calendar `4h` is four working hours and `1d` one working day. `4bh`, `3bd`
/// and `4 business hours` say the same and document the intent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaDuration {
    minutes: i64,
    days: i64,
}

impl SlaDuration {
    /// Its length in `calendar`'s time.
    ///
    /// Parsing keeps a duration under [`MAX_YEARS`] and a business day is at most 24 hours,
    /// so this cannot overflow; it saturates rather than wrap all the same.
    pub fn in_calendar(&self, calendar: &Calendar) -> Duration {
        let days = i32::try_from(self.days).ok().and_then(|days| calendar.business_day().checked_mul(days));
        days.and_then(|days| Duration::try_minutes(self.minutes)?.checked_add(&days)).unwrap_or(Duration::MAX)
    }

    pub fn parse(text: &str) -> Result<SlaDuration, String> {
        let bad = || format!("'{text}' is not a duration like 15m, 4h, 1h30m, 3d or '4 business hours'");
        let compact: String = text.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
        let compact = compact
            .replace("business ", "b")
            .replace("minutes", "m")
            .replace("minute", "m")
            .replace("hours", "h")
            .replace("hour", "h")
            .replace("days", "d")
            .replace("day", "d")
            .replace(' ', "");
        if compact.is_empty() {
            return Err(bad());
        }
        let (mut minutes, mut days, mut number) = (0i64, 0i64, String::new());
        let mut chars = compact.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let unit = if c == 'b' { chars.next().ok_or_else(bad)? } else { c };
            if number.is_empty() {
                return Err(bad());
            }
            let too_long = || format!("'{text}' is {}: durations under {MAX_YEARS} years", crate::error::OUT_OF_RANGE);
            // All digits, so a failure to parse is a number too big for i64.
            let n: i64 = number.parse().map_err(|_| too_long())?;
            number.clear();
            let added = match unit {
                'm' => minutes.checked_add(n).map(|m| minutes = m),
                'h' => n.checked_mul(60).and_then(|n| minutes.checked_add(n)).map(|m| minutes = m),
                'd' => days.checked_add(n).map(|d| days = d),
                _ => return Err(bad()),
            };
            let total = days.checked_mul(24 * 60).and_then(|d| d.checked_add(minutes));
            if added.is_none() || total.is_none_or(|total| total >= MAX_MINUTES) {
                return Err(too_long());
            }
        }
        if !number.is_empty() {
            return Err(format!("'{text}' needs a unit: m, h or d"));
        }
        Ok(SlaDuration { minutes, days })
    }
}

/// Read while the value is being read (not after), so an error names the value's line.
impl<'de> Deserialize<'de> for SlaDuration {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<SlaDuration, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = SlaDuration;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a duration like 15m, 4h, 1h30m, 3d or '4 business hours'")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<SlaDuration, E> {
                SlaDuration::parse(text).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

impl serde::Serialize for SlaDuration {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl schemars::JsonSchema for SlaDuration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A duration counted in the calendar: 15m, 4h, 1h30m, 3d, 4bh, 3bd or '4 business hours'.",
            "type": "string"
        })
    }
}

impl fmt::Display for SlaDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.days != 0 {
            parts.push(format!("{}d", self.days));
        }
        if self.minutes / 60 != 0 {
            parts.push(format!("{}h", self.minutes / 60));
        }
        if self.minutes % 60 != 0 || parts.is_empty() {
            parts.push(format!("{}m", self.minutes % 60));
        }
        f.write_str(&parts.join(""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_timestamp;
    use proptest::prelude::*;

    fn at(text: &str) -> Timestamp {
        parse_timestamp(text).unwrap()
    }

    fn calendar(yaml: &str) -> Calendar {
        crate::frontmatter::parse_yaml(yaml).unwrap()
    }

    fn office(zone: &str) -> Calendar {
        calendar(&format!(
            "timezone: {zone}\nhours:\n  mon-fri: [09:00-12:00, 13:00-17:00]\nholidays: [12-25 Christmas, 2026-12-28..2026-12-29]\n"
        ))
    }

    fn whole_days(zone: &str) -> Calendar {
        calendar(&format!("timezone: {zone}\nhours:\n  mon-sun: 00:00-24:00\n"))
    }

    #[test]
    fn durations_parse_in_every_spelling() {
        let cal = office("UTC");
        let hours = |text: &str| SlaDuration::parse(text).unwrap().in_calendar(&cal).num_minutes() as f64 / 60.0;
        assert_eq!(hours("15m"), 0.25);
        assert_eq!(hours("4h"), 4.0);
        assert_eq!(hours("1h30m"), 1.5);
        assert_eq!(hours("4bh"), 4.0);
        assert_eq!(hours("4 business hours"), 4.0);
        assert_eq!(hours("1 business day"), 7.0, "a day is the longest working day, 7h here");
        assert_eq!(hours("3bd"), 21.0);
        assert_eq!(SlaDuration::parse("2d").unwrap().in_calendar(&Calendar::always()), Duration::hours(48));
        for bad in ["", "4", "4x", "h", "4 fortnights", "b4h"] {
            assert!(SlaDuration::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(SlaDuration::parse("90m").unwrap().to_string(), "1h30m");
    }

    #[test]
    fn durations_of_a_hundred_years_or_more_are_refused_not_wrapped() {
        // 0x1111111111111111 hours times 60 wraps to -4 minutes in i64.
        for text in ["1229782938247303441h", "99999999999999999999m", "36500d", "876000h", "52560000m", "36499d1441m"] {
            let err = SlaDuration::parse(text).unwrap_err();
            assert!(err.contains(crate::error::OUT_OF_RANGE), "{text}: {err}");
        }
        let longest = SlaDuration::parse("36499d").unwrap();
        assert_eq!(longest.in_calendar(&Calendar::always()), Duration::days(36499));
        assert!(SlaDuration::parse("52559999m").is_ok());
        let err = |yaml: &str| crate::frontmatter::parse_yaml::<Calendar>(yaml).unwrap_err().message;
        assert!(
            err("timezone: UTC\nhours: {mon: 09:00-17:00}\nholidays: [0200-01-01]\n").contains("years 1970 to 9999")
        );
        assert!(err("timezone: UTC\nhours: {mon: 09:00-17:00}\nbusiness_day: 25h\n").contains("longer than a day"));
    }

    #[test]
    fn bad_calendars_are_explained() {
        let err = |yaml: &str| crate::frontmatter::parse_yaml::<Calendar>(yaml).unwrap_err().message;
        assert!(err("timezone: Mars/Olympus\nhours: {mon: 09:00-17:00}\n").contains("not an IANA time zone"));
        assert!(err("timezone: UTC\nhours: {mon: 17:00-09:00}\n").contains("ends before it starts"));
        assert!(err("timezone: UTC\nhours: {funday: 09:00-17:00}\n").contains("not a weekday"));
        assert!(err("timezone: UTC\nhours: {mon: [09:00-12:00, 11:00-13:00]}\n").contains("overlaps"));
        assert!(err("timezone: UTC\n").contains("no working hours"));
        assert!(err("timezone: UTC\nhours: {mon: 09:00-17:00}\nholidays: [christmas]\n").contains("not a holiday"));
    }

    #[test]
    fn working_time_skips_nights_weekends_lunch_and_holidays() {
        let cal = office("UTC");
        // Friday 16:00 to Monday 10:00: one hour on Friday, one on Monday.
        assert_eq!(cal.working_time(at("2026-11-27T16:00:00Z"), at("2026-11-30T10:00:00Z")), Duration::hours(2));
        // Lunch does not count.
        assert_eq!(cal.working_time(at("2026-11-30T11:00:00Z"), at("2026-11-30T14:00:00Z")), Duration::hours(2));
        // Christmas (every year) and the listed range are days off: Thu 24th 16:00 → Wed 30th 10:00.
        assert_eq!(cal.working_time(at("2026-12-24T16:00:00Z"), at("2026-12-30T10:00:00Z")), Duration::hours(2));
        assert_eq!(cal.add_working(at("2026-12-24T16:30:00Z"), Duration::hours(1)), Some(at("2026-12-30T09:30:00Z")));
        // A start outside hours waits for the next range.
        assert_eq!(
            cal.add_working(at("2026-11-28T03:00:00Z"), Duration::minutes(30)),
            Some(at("2026-11-30T09:30:00Z"))
        );
        // A target that ends exactly at closing time is due then, not the next morning.
        assert_eq!(cal.add_working(at("2026-11-30T16:00:00Z"), Duration::hours(1)), Some(at("2026-11-30T17:00:00Z")));
    }

    #[test]
    fn dst_days_have_the_right_length_in_amsterdam_and_new_york() {
        for (zone, spring, autumn) in
            [("Europe/Amsterdam", "2026-03-29", "2026-10-25"), ("America/New_York", "2026-03-08", "2026-11-01")]
        {
            let cal = whole_days(zone);
            let zone_tz: Tz = zone.parse().unwrap();
            let midnight = |date: &str| {
                let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
                zone_tz.from_local_datetime(&day.and_time(NaiveTime::MIN)).unwrap().with_timezone(&Utc)
            };
            let next = |date: &str| {
                let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap().succ_opt().unwrap();
                zone_tz.from_local_datetime(&day.and_time(NaiveTime::MIN)).unwrap().with_timezone(&Utc)
            };
            assert_eq!(cal.working_time(midnight(spring), next(spring)), Duration::hours(23), "{zone} {spring}");
            assert_eq!(cal.working_time(midnight(autumn), next(autumn)), Duration::hours(25), "{zone} {autumn}");
        }
        // Office hours follow the local clock: 09:00 in Amsterdam is 08:00 UTC in winter and
        // 07:00 UTC in summer, and the day is eight hours either side of the change.
        let cal = calendar("timezone: Europe/Amsterdam\nhours: {mon-sun: 09:00-17:00}\n");
        assert_eq!(
            cal.add_working(at("2026-03-28T00:00:00Z"), Duration::zero() + Duration::seconds(1)),
            Some(at("2026-03-28T08:00:01Z"))
        );
        assert_eq!(cal.add_working(at("2026-03-29T00:00:00Z"), Duration::seconds(1)), Some(at("2026-03-29T07:00:01Z")));
        assert_eq!(cal.working_time(at("2026-03-29T00:00:00Z"), at("2026-03-30T00:00:00Z")), Duration::hours(8));
        let ny = calendar("timezone: America/New_York\nhours: {mon-sun: 09:00-17:00}\n");
        // 2026-11-01: EDT ends at 02:00; 09:00 EST is 14:00 UTC (13:00 UTC the day before).
        assert_eq!(ny.add_working(at("2026-10-31T00:00:00Z"), Duration::seconds(1)), Some(at("2026-10-31T13:00:01Z")));
        assert_eq!(ny.add_working(at("2026-11-01T00:00:00Z"), Duration::hours(8)), Some(at("2026-11-01T22:00:00Z")));
    }

    #[test]
    fn a_range_starting_in_the_spring_gap_starts_when_the_clocks_jump() {
        let cal = calendar("timezone: Europe/Amsterdam\nhours: {sun: 02:30-04:00}\n");
        // 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00 UTC); 04:00 CEST is 02:00 UTC.
        assert_eq!(cal.working_time(at("2026-03-29T00:00:00Z"), at("2026-03-29T12:00:00Z")), Duration::hours(1));
    }

    fn any_calendar() -> impl Strategy<Value = Calendar> {
        prop_oneof![
            Just(Calendar::always()),
            Just(office("Europe/Amsterdam")),
            Just(office("America/New_York")),
            Just(whole_days("Europe/Amsterdam")),
            Just(calendar("timezone: Asia/Kolkata\nhours: {sat-mon: '22:00-24:00, 00:00-01:30'}\n")),
        ]
    }

    /// Instants in 2026 and 2027, both DST changes of both zones included.
    fn any_instant() -> impl Strategy<Value = Timestamp> {
        (1_767_225_600i64..1_830_297_600i64).prop_map(|s| chrono::DateTime::from_timestamp(s, 0).unwrap())
    }

    proptest! {
        #[test]
        fn adding_then_measuring_round_trips(cal in any_calendar(), from in any_instant(), minutes in 0i64..20_000) {
            let amount = Duration::minutes(minutes);
            let due = cal.add_working(from, amount).unwrap();
            prop_assert!(due >= from);
            prop_assert_eq!(cal.working_time(from, due), amount);
        }

        #[test]
        fn working_time_is_monotonic_and_additive(cal in any_calendar(), a in any_instant(), b in any_instant(), c in any_instant()) {
            let mut points = [a, b, c];
            points.sort();
            let [a, b, c] = points;
            prop_assert!(cal.working_time(a, b) <= cal.working_time(a, c));
            prop_assert!(cal.working_time(a, b) <= b - a);
            prop_assert_eq!(cal.working_time(a, b) + cal.working_time(b, c), cal.working_time(a, c));
        }

        #[test]
        fn due_times_move_forward_with_the_start(cal in any_calendar(), a in any_instant(), b in any_instant(), minutes in 1i64..5_000) {
            let (a, b) = (a.min(b), a.max(b));
            let amount = Duration::minutes(minutes);
            prop_assert!(cal.add_working(a, amount) <= cal.add_working(b, amount));
        }
    }

    /// A random working-hours calendar: a zone with or without DST (one with a 30-minute
    /// change, one that skipped a whole day), up to three ranges a weekday, dated and yearly
    /// holidays.
    fn random_calendar() -> impl Strategy<Value = Calendar> {
        let zones = prop::sample::select(vec![
            "UTC",
            "Europe/Amsterdam",
            "America/New_York",
            "Australia/Lord_Howe",
            "Pacific/Apia",
            "America/Santiago",
            "Asia/Kolkata",
        ]);
        let day = prop::collection::btree_set(0u32..=96, 0..=6); // quarter-hour marks, paired up
        let week = prop::collection::vec(day, 7);
        let dated = prop::collection::vec((0i64..12_000, 0i64..20), 0..8);
        let yearly = prop::collection::vec((1u32..=12, 1u32..=28, 0u32..3), 0..4);
        (zones, week, dated, yearly).prop_filter_map("a calendar with working time", |(zone, week, dated, yearly)| {
            let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
            let time = |q: u32| if q == 96 { "24:00".to_string() } else { format!("{:02}:{:02}", q / 4, q % 4 * 15) };
            let mut hours = String::new();
            for (name, marks) in names.iter().zip(week) {
                let marks: Vec<u32> = marks.into_iter().collect();
                let ranges: Vec<String> =
                    marks.chunks_exact(2).map(|pair| format!("'{}-{}'", time(pair[0]), time(pair[1]))).collect();
                if !ranges.is_empty() {
                    hours.push_str(&format!("  {name}: [{}]\n", ranges.join(", ")));
                }
            }
            let base = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
            let mut holidays: Vec<String> = dated
                .iter()
                .map(|(start, len)| {
                    format!("{}..{}", base + Duration::days(*start), base + Duration::days(start + len))
                })
                .collect();
            holidays.extend(yearly.iter().map(|(m, d, len)| format!("{m:02}-{d:02}..{m:02}-{:02}", d + len)));
            let yaml = format!("timezone: {zone}\nhours:\n{hours}holidays: [{}]\n", holidays.join(", "));
            crate::frontmatter::parse_yaml::<Calendar>(&yaml).ok()
        })
    }

    /// Instants from 2000 to 2032, at any second.
    fn any_instant_in_years() -> impl Strategy<Value = Timestamp> {
        (946_684_800i64..1_956_528_000i64).prop_map(|s| chrono::DateTime::from_timestamp(s, 0).unwrap())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// The day table gives what walking every day gives, over spans up to 20 years.
        #[test]
        fn the_table_agrees_with_walking_the_days(
            cal in random_calendar(),
            from in any_instant_in_years(),
            span in 0i64..(20 * 366 * 24 * 3600),
            amount_minutes in 0i64..(3 * 366 * 24 * 60),
        ) {
            let until = from + Duration::seconds(span);
            prop_assert_eq!(cal.working_time(from, until), cal.working_time_by_days(from, until));
            let amount = Duration::minutes(amount_minutes);
            prop_assert_eq!(cal.add_working(from, amount), cal.add_working_by_days(from, amount));
        }

        #[test]
        fn holidays_found_by_search_are_the_ones_listed(
            dated in prop::collection::vec((0i64..20_000, 0i64..40), 0..30),
            yearly in prop::collection::vec((1u32..=12, 1u32..=31, 1u32..=12, 1u32..=31), 0..6),
            day in 0i64..20_000,
        ) {
            let base = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
            let mut list: Vec<Holiday> =
                dated.iter().map(|(s, l)| Holiday::Dates(base + Duration::days(*s), base + Duration::days(s + l))).collect();
            let valid = |m: u32, d: u32| NaiveDate::from_ymd_opt(2024, m, d).is_some();
            list.extend(yearly.iter().filter(|(m1, d1, m2, d2)| valid(*m1, *d1) && valid(*m2, *d2)).map(|(m1, d1, m2, d2)| Holiday::Yearly((*m1, *d1), (*m2, *d2))));
            let set = HolidaySet::new(
                list.iter().filter_map(|h| match *h { Holiday::Dates(a, b) => Some((a, b)), _ => None }),
                list.iter().filter_map(|h| match *h { Holiday::Yearly(a, b) => Some((a, b)), _ => None }),
            );
            let day = base + Duration::days(day);
            prop_assert_eq!(set.covers(day), list.iter().any(|h| h.covers(day)));
        }
    }
}
