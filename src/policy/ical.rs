//! Public holidays from iCalendar (RFC 5545) text, as holiday publishers write it. Pure: text
//! in, the holidays esc can use and the events it cannot (with their lines) out.
//!
//! esc's holidays are whole local days, so only all-day events are used: a date `DTSTART`
//! (`DTSTART;VALUE=DATE:20261225`), an exclusive `DTEND` or a `DURATION` in days, and at most a
//! yearly `RRULE` (the same month and day every year, or the same weekday of the month,
//! `BYMONTH=5;BYDAY=-1MO`; `INTERVAL`, `COUNT`, `UNTIL`), with `EXDATE` and `RDATE` dates.
//! Everything else an event may say (`UID`, `DTSTAMP`, `TRANSP`, `X-` properties, alarms) is
//! ignored; cancelled events are dropped.

use chrono::{Datelike, NaiveDate, Weekday};

/// What a holiday file gives: the events esc uses and the ones it skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IcsHolidays {
    pub holidays: Vec<IcsHoliday>,
    pub unusable: Vec<Unusable>,
}

/// One usable all-day event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsHoliday {
    /// The line of its `BEGIN:VEVENT`.
    pub line: usize,
    pub summary: String,
    /// The first day off.
    pub first: NaiveDate,
    /// How many days it covers from `first` (at least one; `DTEND` is exclusive).
    pub days: u32,
    /// Set when it comes back every year (or every `interval` years).
    pub yearly: Option<YearlyRepeat>,
}

/// A yearly recurrence from `first`: on its month and day, or on its weekday of the month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearlyRepeat {
    pub interval: u32,
    /// The year of the last occurrence (`COUNT`, `UNTIL`); `None`: for ever.
    pub last_year: Option<i32>,
    /// Years whose occurrence an `EXDATE` removes.
    pub except_years: Vec<i32>,
    /// On the `nth` weekday of `first`'s month instead of its day (`BYDAY=-1MO`: the last
    /// Monday; counted from 1, from the end when negative).
    pub nth_weekday: Option<(i8, Weekday)>,
}

/// An event esc skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable {
    /// The line of the property that makes it unusable (its `BEGIN:VEVENT` when one is missing).
    pub line: usize,
    /// Its `SUMMARY`, when it has one.
    pub summary: Option<String>,
    pub reason: String,
}

/// Text that is not iCalendar at all: nothing of the file can be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub message: String,
}

/// Events longer than this cannot recur yearly (each would run into the next).
const MAX_YEARLY_DAYS: i64 = 366;
const LAST_YEAR: i32 = crate::clock::LATEST_YEAR;

/// Reads iCalendar text: its usable holidays and the events it skipped, or the first line
/// that is not iCalendar.
pub fn parse(text: &str) -> Result<IcsHolidays, SyntaxError> {
    let unfolded = unfold(text)?;
    let mut found = IcsHolidays::default();
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut event: Option<Event> = None;
    for (number, raw) in &unfolded {
        let line = match split_content_line(*number, raw) {
            Ok(line) => line,
            Err(_) if stack.is_empty() => return Err(not_a_calendar(*number)),
            Err(e) => return Err(e),
        };
        let line = &line;
        let value_upper = line.value.trim().to_ascii_uppercase();
        match line.name.as_str() {
            "BEGIN" => {
                if stack.is_empty() && value_upper != "VCALENDAR" {
                    return Err(not_a_calendar(line.line));
                }
                if value_upper == "VEVENT" && stack.len() == 1 {
                    event = Some(Event { line: line.line, properties: Vec::new() });
                }
                stack.push((value_upper, line.line));
            }
            "END" => match stack.pop() {
                Some((open, _)) if open == value_upper => {
                    if open == "VEVENT"
                        && stack.len() == 1
                        && let Some(done) = event.take()
                    {
                        done.interpret(&mut found);
                    }
                }
                Some((open, opened)) => {
                    return Err(SyntaxError {
                        line: line.line,
                        message: format!("END:{} closes BEGIN:{open} of line {opened}", line.value.trim()),
                    });
                }
                None => return Err(not_a_calendar(line.line)),
            },
            _ if stack.is_empty() => return Err(not_a_calendar(line.line)),
            // Properties of the event itself, not of an alarm inside it.
            _ if stack.len() == 2 && stack[1].0 == "VEVENT" => {
                if let Some(event) = event.as_mut() {
                    event.properties.push(line.clone());
                }
            }
            _ => {}
        }
    }
    match stack.last() {
        Some((open, opened)) => Err(SyntaxError {
            line: unfolded.last().map_or(1, |(number, _)| *number),
            message: format!("BEGIN:{open} of line {opened} is never closed (END:{open})"),
        }),
        None if unfolded.is_empty() => Err(not_a_calendar(1)),
        None => Ok(found),
    }
}

fn not_a_calendar(line: usize) -> SyntaxError {
    SyntaxError { line, message: "not an iCalendar file: it must start with BEGIN:VCALENDAR".into() }
}

/// One unfolded `NAME;PARAM=VALUE:VALUE` line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ContentLine {
    /// The physical line it starts on.
    line: usize,
    /// Upper case.
    name: String,
    /// Names upper case; values unquoted.
    params: Vec<(String, String)>,
    value: String,
}

impl ContentLine {
    fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Unfolds the text (CRLF or LF; a line starting with a space or tab continues the one
/// before): each logical line with the physical line it starts on.
fn unfold(text: &str) -> Result<Vec<(usize, String)>, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut unfolded: Vec<(usize, String)> = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t']) {
            match unfolded.last_mut() {
                Some((_, previous)) => previous.push_str(rest),
                None => {
                    return Err(SyntaxError {
                        line: index + 1,
                        message: "a continuation line (starting with a space) with no line before it".into(),
                    });
                }
            }
        } else if !raw.trim().is_empty() {
            unfolded.push((index + 1, raw.to_string()));
        }
    }
    Ok(unfolded)
}

fn split_content_line(line: usize, text: &str) -> Result<ContentLine, SyntaxError> {
    let broken = |why: &str| SyntaxError {
        line,
        message: format!("'{}' is not an iCalendar line (NAME:VALUE): {why}", crate::text::truncate_to_width(text, 60)),
    };
    let name_end = text.find([';', ':']).ok_or_else(|| broken("no ':'"))?;
    let name = &text[..name_end];
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(broken("the name must be letters, digits and '-'"));
    }
    let mut params = Vec::new();
    let mut rest = &text[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let (param, tail) = after.split_once('=').ok_or_else(|| broken("a parameter without '='"))?;
        let (value, tail) = match tail.strip_prefix('"') {
            Some(quoted) => {
                let (value, tail) = quoted.split_once('"').ok_or_else(|| broken("an unclosed quote"))?;
                (value.to_string(), tail)
            }
            None => {
                let end = tail.find([';', ':']).ok_or_else(|| broken("no ':'"))?;
                (tail[..end].to_string(), &tail[end..])
            }
        };
        params.push((param.to_ascii_uppercase(), value));
        rest = tail;
    }
    let value = rest.strip_prefix(':').ok_or_else(|| broken("no ':' after the parameters"))?;
    Ok(ContentLine { line, name: name.to_ascii_uppercase(), params, value: value.to_string() })
}

/// `\,` `\;` `\\` `\n` of a TEXT value.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push(' '),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The lines of one `VEVENT`, interpreted when it ends.
struct Event {
    line: usize,
    properties: Vec<ContentLine>,
}

/// Why an event is skipped, at a line.
type Skip = (usize, String);

impl Event {
    fn property(&self, name: &str) -> Option<&ContentLine> {
        self.properties.iter().find(|p| p.name == name)
    }

    fn interpret(self, found: &mut IcsHolidays) {
        let summary = self.property("SUMMARY").map(|p| unescape(&p.value));
        if self.property("STATUS").is_some_and(|p| p.value.trim().eq_ignore_ascii_case("CANCELLED")) {
            return;
        }
        match self.holidays(summary.clone().unwrap_or_default()) {
            Ok(holidays) => found.holidays.extend(holidays),
            Err((line, reason)) => found.unusable.push(Unusable { line, summary, reason }),
        }
    }

    fn holidays(&self, summary: String) -> Result<Vec<IcsHoliday>, Skip> {
        let start = self.property("DTSTART").ok_or_else(|| (self.line, "the event has no DTSTART".to_string()))?;
        let first = whole_day(start)?;
        let days = self.length(first)?;
        let excluded = self.dates_of("EXDATE")?;
        let mut holidays = Vec::new();
        let yearly = match self.properties.iter().filter(|p| p.name == "RRULE").collect::<Vec<_>>()[..] {
            [] => None,
            [rule] => Some(yearly_rule(rule, first, days, &excluded)?),
            [_, second, ..] => return Err((second.line, "the event has more than one RRULE".into())),
        };
        if yearly.is_some() || !excluded.contains(&first) {
            holidays.push(IcsHoliday { line: self.line, summary: summary.clone(), first, days, yearly });
        }
        for extra in self.dates_of("RDATE")? {
            if !excluded.contains(&extra) {
                holidays.push(IcsHoliday {
                    line: self.line,
                    summary: summary.clone(),
                    first: extra,
                    days,
                    yearly: None,
                });
            }
        }
        Ok(holidays)
    }

    /// Days from `first`: up to the exclusive `DTEND`, a `DURATION` of days or weeks, or one.
    fn length(&self, first: NaiveDate) -> Result<u32, Skip> {
        let days = if let Some(end) = self.property("DTEND") {
            let last = whole_day(end)?;
            if last <= first {
                return Err((
                    end.line,
                    format!("DTEND {} is not after DTSTART {} (the end date is exclusive)", ymd(last), ymd(first)),
                ));
            }
            (last - first).num_days()
        } else if let Some(duration) = self.property("DURATION") {
            duration_days(&duration.value).ok_or_else(|| {
                (
                    duration.line,
                    format!("DURATION {} is not a whole number of days (like P1D or P1W)", duration.value.trim()),
                )
            })?
        } else {
            1
        };
        let last = first.checked_add_days(chrono::Days::new(days.max(1) as u64 - 1));
        if last.is_none_or(|last| crate::clock::date_in_range(last).is_err()) {
            return Err((self.line, format!("the event runs past the year {LAST_YEAR}")));
        }
        Ok(days.clamp(1, i64::from(u32::MAX)) as u32)
    }

    /// The dates of every `EXDATE` or `RDATE` line (comma-separated lists).
    fn dates_of(&self, name: &str) -> Result<Vec<NaiveDate>, Skip> {
        let mut dates = Vec::new();
        for property in self.properties.iter().filter(|p| p.name == name) {
            if property.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("PERIOD")) {
                return Err((property.line, format!("{name} with periods: esc reads only dates")));
            }
            for item in property.value.split(',') {
                let date = item
                    .get(..8)
                    .and_then(parse_date)
                    .ok_or_else(|| (property.line, format!("{name} '{}' is not a date like 20261225", item.trim())))?;
                dates.push(date);
            }
        }
        Ok(dates)
    }
}

/// The date of a `DTSTART` or `DTEND` that names a whole day (no time of day).
fn whole_day(property: &ContentLine) -> Result<NaiveDate, Skip> {
    let value = property.value.trim();
    let name = &property.name;
    if value.contains('T') || property.param("VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE-TIME")) {
        return Err((
            property.line,
            format!(
                "{name} {value} has a time of day: esc's holidays are whole days, so a part-day closure cannot be one (write it as an all-day event, {name};VALUE=DATE:{})",
                value.get(..8).unwrap_or("YYYYMMDD")
            ),
        ));
    }
    let date =
        parse_date(value).ok_or_else(|| (property.line, format!("{name} '{value}' is not a date like 20261225")))?;
    crate::clock::date_in_range(date).map_err(|e| (property.line, format!("{name}: {e}")))
}

/// `20261225`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y%m%d").ok()
}

fn ymd(date: NaiveDate) -> String {
    date.format("%Y%m%d").to_string()
}

/// `P1D`, `P2D`, `P1W`, `+P3D`: a nominal duration in whole days.
fn duration_days(text: &str) -> Option<i64> {
    let text = text.trim().trim_start_matches('+');
    let body = text.strip_prefix('P')?;
    let (number, unit) = body.split_at(body.len().checked_sub(1)?);
    let n: i64 = number.parse().ok()?;
    let days = match unit {
        "D" => n,
        "W" => n.checked_mul(7)?,
        _ => return None,
    };
    (days >= 1).then_some(days)
}

/// A `RRULE` that esc can expand: `FREQ=YEARLY` on `first`'s month and day, or on its
/// weekday of the month (`BYMONTH=5;BYDAY=-1MO`, the last Monday of May).
fn yearly_rule(rule: &ContentLine, first: NaiveDate, days: u32, excluded: &[NaiveDate]) -> Result<YearlyRepeat, Skip> {
    let skip = |why: String| (rule.line, format!("RRULE {}: {why}", rule.value.trim()));
    let mut parts = Vec::new();
    for part in rule.value.trim().split(';').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').ok_or_else(|| skip(format!("'{part}' is not KEY=VALUE")))?;
        parts.push((key.to_ascii_uppercase(), value.trim().to_ascii_uppercase()));
    }
    let part = |name: &str| parts.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
    // The frequency first: a weekly rule is unusable whatever its other parts say.
    match part("FREQ") {
        Some("YEARLY") => {}
        Some(other) => return Err(skip(format!("FREQ={other}: esc expands only yearly rules (FREQ=YEARLY)"))),
        None => return Err(skip("no FREQ".into())),
    }
    let count_of = |name: &str| -> Result<Option<u32>, Skip> {
        part(name)
            .map(|value| {
                value
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| skip(format!("{name} '{value}' is not a count")))
            })
            .transpose()
    };
    let interval = count_of("INTERVAL")?.unwrap_or(1);
    let count = count_of("COUNT")?;
    let until = part("UNTIL")
        .map(|value| value.get(..8).and_then(parse_date).ok_or_else(|| skip(format!("UNTIL '{value}' is not a date"))))
        .transpose()?;
    if let Some((key, value)) = parts.iter().find(|(key, _)| {
        !matches!(key.as_str(), "FREQ" | "INTERVAL" | "COUNT" | "UNTIL" | "WKST" | "BYMONTH" | "BYMONTHDAY" | "BYDAY")
    }) {
        return Err(skip(format!(
            "{key}={value} is not a part esc can expand (it expands yearly rules on a date, or on a weekday of a month)"
        )));
    }
    if part("BYMONTH").is_some_and(|month| month.parse::<u32>().ok() != Some(first.month())) {
        return Err(skip(format!(
            "BYMONTH must be DTSTART's month ({}): list the dates as events instead",
            first.month()
        )));
    }
    let nth_weekday = match (part("BYDAY"), part("BYMONTHDAY")) {
        (None, None) => None,
        (None, Some(day)) if day.parse::<u32>().ok() == Some(first.day()) => None,
        (None, Some(_)) => {
            return Err(skip(format!(
                "BYMONTHDAY must be DTSTART's day ({}): list the dates as events instead",
                first.day()
            )));
        }
        (Some(_), Some(_)) => {
            return Err(skip(
                "BYDAY with BYMONTHDAY is not a rule esc can expand: list the dates as events instead".into(),
            ));
        }
        (Some(_), None) if part("BYMONTH").is_none() => {
            return Err(skip(
                "BYDAY needs a BYMONTH (esc expands a weekday of a month, like BYMONTH=5;BYDAY=-1MO)".into(),
            ));
        }
        (Some(by_day), None) => {
            let (nth, weekday) = nth_weekday(by_day).ok_or_else(|| {
                skip(format!("BYDAY={by_day}: esc expands one weekday of the month with its place, like 4TH or -1MO"))
            })?;
            if first.weekday() != weekday || !super::working_days::nth_of_month(first).contains(&nth) {
                return Err(skip(format!("DTSTART {} is not the day BYDAY={by_day} names", ymd(first))));
            }
            Some((nth, weekday))
        }
    };
    if i64::from(days) > MAX_YEARLY_DAYS {
        return Err(skip(format!("a yearly event of {days} days would run into the next year's")));
    }
    // The day an occurrence starts on in `year`, if that year has one (29 February, a fifth Monday).
    let occurrence = |year: i32| match nth_weekday {
        None => NaiveDate::from_ymd_opt(year, first.month(), first.day()),
        Some((nth, weekday)) => nth_weekday_in(year, first.month(), nth, weekday),
    };
    let start_year = first.year();
    let mut last_year = None;
    let every_year = (first.month(), first.day()) != (2, 29) && nth_weekday.is_none_or(|(nth, _)| nth.abs() <= 4);
    if let Some(count) = count
        && every_year
    {
        let years = i64::from(count - 1) * i64::from(interval);
        last_year = Some(i64::from(start_year).saturating_add(years).min(i64::from(LAST_YEAR)) as i32);
    } else if let Some(count) = count {
        // Counted in years that have the day (a 29 February rule skips three in four).
        let (mut year, mut seen) = (start_year, 1);
        while seen < count && year <= LAST_YEAR {
            year = year.saturating_add(interval.min(LAST_YEAR as u32) as i32);
            if occurrence(year).is_some() {
                seen += 1;
            }
        }
        last_year = Some(year.min(LAST_YEAR));
    }
    if let Some(until) = until {
        let year =
            if occurrence(until.year()).is_none_or(|day| day <= until) { until.year() } else { until.year() - 1 };
        // DTSTART is always the first occurrence.
        let year = year.max(start_year);
        last_year = Some(last_year.map_or(year, |counted: i32| counted.min(year)));
    }
    let except_years =
        excluded.iter().filter(|date| occurrence(date.year()) == Some(**date)).map(|date| date.year()).collect();
    Ok(YearlyRepeat { interval, last_year, except_years, nth_weekday })
}

/// `4TH`, `-1MO`, `+2MO`: a place in the month (1 to 5, or -1 to -5 from the end) and a weekday.
fn nth_weekday(text: &str) -> Option<(i8, Weekday)> {
    let split = text.len().checked_sub(2)?;
    let (number, day) = (text.get(..split)?, text.get(split..)?);
    let weekday = match day {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    };
    let nth: i8 = number.trim_start_matches('+').parse().ok()?;
    (nth != 0 && (-5..=5).contains(&nth)).then_some((nth, weekday))
}

/// The `nth` `weekday` of `month` in `year` (from the end when negative), if there is one.
fn nth_weekday_in(year: i32, month: u32, nth: i8, weekday: Weekday) -> Option<NaiveDate> {
    let mut days = Vec::new();
    let mut day = NaiveDate::from_ymd_opt(year, month, 1)?;
    while day.month() == month {
        if day.weekday() == weekday {
            days.push(day);
        }
        day = day.succ_opt()?;
    }
    let index = if nth > 0 {
        usize::try_from(nth - 1).ok()?
    } else {
        days.len().checked_sub(usize::from(nth.unsigned_abs()))?
    };
    days.get(index).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// A calendar around `events`, with CRLF line ends as publishers write them.
    fn ics(events: &str) -> String {
        format!("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Test//EN\n{events}END:VCALENDAR\n").replace('\n', "\r\n")
    }

    fn one(events: &str) -> IcsHoliday {
        let parsed = parse(&ics(events)).unwrap();
        assert_eq!(parsed.unusable, vec![], "{events}");
        assert_eq!(parsed.holidays.len(), 1, "{events}");
        parsed.holidays[0].clone()
    }

    fn skipped(events: &str) -> Unusable {
        let parsed = parse(&ics(events)).unwrap();
        assert_eq!(parsed.holidays, vec![], "{events}");
        assert_eq!(parsed.unusable.len(), 1, "{events}");
        parsed.unusable[0].clone()
    }

    #[test]
    fn an_all_day_event_without_an_end_is_one_day_and_ends_are_exclusive() {
        let day = one("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20271225\nSUMMARY:Kerst\nEND:VEVENT\n");
        assert_eq!((day.first, day.days, day.summary.as_str(), day.line), (date("2027-12-25"), 1, "Kerst", 4));
        let two = one("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20271225\nDTEND;VALUE=DATE:20271227\nEND:VEVENT\n");
        assert_eq!((two.first, two.days), (date("2027-12-25"), 2));
        let week = one("BEGIN:VEVENT\nDTSTART:20271227\nDURATION:P1W\nEND:VEVENT\n");
        assert_eq!(week.days, 7);
    }

    #[test]
    fn folded_lines_parameters_and_escapes_are_read() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY;LANGUAGE=nl:Tweede Kerstdag\\, ook\r\n  Boxing Day\\; \r\n\tvrij\r\nDTSTART;VALUE=DATE;X-NOTE=\"a;b:c\":20271226\r\nX-MICROSOFT-CDO-BUSYSTATUS:FREE\r\nTRANSP:TRANSPARENT\r\nUID:abc@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.holidays[0].summary, "Tweede Kerstdag, ook Boxing Day; vrij");
        assert_eq!(parsed.holidays[0].first, date("2027-12-26"));
        // LF only works the same.
        assert_eq!(parse(&text.replace("\r\n", "\n")).unwrap(), parsed);
    }

    #[test]
    fn yearly_rules_keep_their_bounds() {
        let plain = one("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20240101\nRRULE:FREQ=YEARLY\nEND:VEVENT\n");
        assert_eq!(
            plain.yearly,
            Some(YearlyRepeat { interval: 1, last_year: None, except_years: vec![], nth_weekday: None })
        );
        let same = one(
            "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20241225\nRRULE:FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25;WKST=MO\nEND:VEVENT\n",
        );
        assert_eq!(same.yearly, plain.yearly);
        let counted = one("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20241225\nRRULE:FREQ=YEARLY;COUNT=3\nEND:VEVENT\n");
        assert_eq!(counted.yearly.unwrap().last_year, Some(2026));
        let until = one("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20241225\nRRULE:FREQ=YEARLY;UNTIL=20281224\nEND:VEVENT\n");
        assert_eq!(until.yearly.unwrap().last_year, Some(2027), "the 2028 one is after UNTIL");
        let timed_until =
            one("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20241225\nRRULE:FREQ=YEARLY;UNTIL=20281225T000000Z\nEND:VEVENT\n");
        assert_eq!(timed_until.yearly.unwrap().last_year, Some(2028));
        let every_other = one(
            "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20250505\nRRULE:FREQ=YEARLY;INTERVAL=5\nEXDATE;VALUE=DATE:20300505\nEND:VEVENT\n",
        );
        assert_eq!(
            every_other.yearly,
            Some(YearlyRepeat { interval: 5, last_year: None, except_years: vec![2030], nth_weekday: None })
        );
    }

    #[test]
    fn yearly_rules_on_a_weekday_of_the_month() {
        let memorial =
            one("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270531\nRRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO\nEND:VEVENT\n");
        assert_eq!(memorial.yearly.unwrap().nth_weekday, Some((-1, Weekday::Mon)));
        let thanksgiving = one(
            "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20271125\nDTEND;VALUE=DATE:20271127\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=+4TH;UNTIL=20301127\nEXDATE;VALUE=DATE:20281123\nEND:VEVENT\n",
        );
        let repeat = thanksgiving.yearly.unwrap();
        assert_eq!((thanksgiving.days, repeat.nth_weekday), (2, Some((4, Weekday::Thu))));
        // Thanksgiving 2030 is on 28 November, after UNTIL; 2028's (the 23rd) is excluded.
        assert_eq!((repeat.last_year, repeat.except_years), (Some(2029), vec![2028]));
        // A fifth Monday of March only some years: 2027 (29 March), then 2032, 2033.
        let fifth = one(
            "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270329\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=5MO;COUNT=3\nEND:VEVENT\n",
        );
        assert_eq!(fifth.yearly.unwrap().last_year, Some(2032));
        assert_eq!(nth_weekday_in(2028, 3, 5, Weekday::Mon), None);
        assert_eq!(nth_weekday_in(2032, 3, 5, Weekday::Mon), NaiveDate::from_ymd_opt(2032, 3, 29));
        assert_eq!(nth_weekday_in(2027, 5, -1, Weekday::Mon), NaiveDate::from_ymd_opt(2027, 5, 31));
    }

    #[test]
    fn a_29_february_rule_counts_only_leap_years() {
        let leap = one("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20240229\nRRULE:FREQ=YEARLY;COUNT=3\nEND:VEVENT\n");
        assert_eq!(leap.yearly.unwrap().last_year, Some(2032), "2024, 2028, 2032");
    }

    #[test]
    fn excluded_and_added_dates() {
        let parsed = parse(&ics(
            "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270427\nRDATE;VALUE=DATE:20280427,20290427\nEXDATE;VALUE=DATE:20280427\nEND:VEVENT\n",
        ))
        .unwrap();
        let firsts: Vec<NaiveDate> = parsed.holidays.iter().map(|h| h.first).collect();
        assert_eq!(firsts, vec![date("2027-04-27"), date("2029-04-27")]);
        assert!(
            parse(&ics("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270427\nEXDATE:20270427\nEND:VEVENT\n"))
                .unwrap()
                .holidays
                .is_empty()
        );
    }

    #[test]
    fn events_esc_cannot_use_are_reported_at_their_line() {
        let timed =
            skipped("BEGIN:VEVENT\nSUMMARY:Halve dag\nDTSTART;TZID=Europe/Amsterdam:20271224T120000\nEND:VEVENT\n");
        assert_eq!((timed.line, timed.summary.as_deref()), (6, Some("Halve dag")));
        assert!(timed.reason.contains("has a time of day"), "{}", timed.reason);
        let weekly = skipped("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270104\nRRULE:FREQ=WEEKLY;BYDAY=MO\nEND:VEVENT\n");
        assert_eq!(weekly.line, 6);
        assert!(weekly.reason.contains("FREQ=WEEKLY"), "{}", weekly.reason);
        let every_monday =
            skipped("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270503\nRRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=MO\nEND:VEVENT\n");
        assert!(every_monday.reason.contains("BYDAY=MO: esc expands one weekday"), "{}", every_monday.reason);
        let other_month =
            skipped("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270101\nRRULE:FREQ=YEARLY;BYMONTH=1,7\nEND:VEVENT\n");
        assert!(other_month.reason.contains("BYMONTH must be DTSTART's month"), "{}", other_month.reason);
        let elsewhere =
            skipped("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270530\nRRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO\nEND:VEVENT\n");
        assert!(elsewhere.reason.contains("DTSTART 20270530 is not the day BYDAY=-1MO names"), "{}", elsewhere.reason);
        let no_start = skipped("BEGIN:VEVENT\nSUMMARY:Nergens\nEND:VEVENT\n");
        assert_eq!((no_start.line, no_start.reason.as_str()), (4, "the event has no DTSTART"));
        let backwards = skipped("BEGIN:VEVENT\nDTSTART;VALUE=DATE:20271225\nDTEND;VALUE=DATE:20271224\nEND:VEVENT\n");
        assert_eq!(backwards.line, 6);
        assert!(backwards.reason.contains("is not after DTSTART"), "{}", backwards.reason);
    }

    #[test]
    fn cancelled_events_and_alarms_are_ignored() {
        let parsed = parse(&ics(
            "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270427\nSTATUS:CANCELLED\nEND:VEVENT\n\
             BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270505\nBEGIN:VALARM\nTRIGGER:-PT15M\nDTSTART:20270504T090000\nEND:VALARM\nEND:VEVENT\n\
             BEGIN:VTIMEZONE\nTZID:Europe/Amsterdam\nBEGIN:STANDARD\nDTSTART:19701025T030000\nEND:STANDARD\nEND:VTIMEZONE\n",
        ))
        .unwrap();
        assert_eq!(parsed.unusable, vec![]);
        assert_eq!(parsed.holidays.iter().map(|h| h.first).collect::<Vec<_>>(), vec![date("2027-05-05")]);
    }

    #[test]
    fn text_that_is_not_icalendar_names_its_line() {
        let error = |text: &str| parse(text).unwrap_err();
        assert_eq!(error("").line, 1);
        assert!(error("hello\n").message.contains("BEGIN:VCALENDAR"));
        assert_eq!(error("\n\nBEGIN:VEVENT\nEND:VEVENT\n").line, 3);
        let broken = error("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART 20271225\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        assert_eq!(broken.line, 3);
        assert!(broken.message.contains("not an iCalendar line"), "{}", broken.message);
        let unclosed = error("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20271225\nEND:VCALENDAR\n");
        assert_eq!(unclosed.line, 4);
        assert!(unclosed.message.contains("closes BEGIN:VEVENT of line 2"), "{}", unclosed.message);
        let never = error("BEGIN:VCALENDAR\nBEGIN:VEVENT\n");
        assert!(never.message.contains("never closed"), "{}", never.message);
        assert_eq!(error(" folded\n").line, 1);
    }
}
