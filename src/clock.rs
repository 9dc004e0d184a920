//! Time: the one place that reads the clock ([`now`]), and timestamps as esc stores them.
//!
//! `ESC_NOW` (RFC 3339) or a command's `--now` replaces the system clock, so tests,
//! backfills and CI verdicts are reproducible. Everything else takes the instant as a
//! parameter.

use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, Utc};

use crate::error::{Error, Result};

/// A point in time as esc stores it: UTC, whole seconds.
pub type Timestamp = DateTime<Utc>;

/// The environment variable that pins the clock.
pub const NOW_VARIABLE: &str = "ESC_NOW";

/// The instant a command acts at, read once (by [`now`]) and passed to every operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    pub at: Timestamp,
    /// Given (`--now` or `ESC_NOW`) rather than read from the system clock.
    pub pinned: bool,
}

impl Now {
    /// A pinned instant (tests, backfills).
    pub fn pinned(at: Timestamp) -> Now {
        Now { at, pinned: true }
    }

    /// The time esc's commits carry: the pinned instant, so a backfill's commits are dated
    /// when its actions happened; `None` lets git decide (`GIT_AUTHOR_DATE` or its clock).
    pub fn commit_time(&self) -> Option<Timestamp> {
        self.pinned.then_some(self.at)
    }
}

/// The time a command acts at: `given` (a `--now` flag) wins, then `ESC_NOW`, then the
/// system clock. The only place esc reads the time.
pub fn now(given: Option<Timestamp>) -> Result<Now> {
    if let Some(at) = given {
        return Ok(Now::pinned(at));
    }
    match std::env::var(NOW_VARIABLE) {
        Ok(value) if !value.trim().is_empty() => parse_timestamp(value.trim())
            .map(Now::pinned)
            .map_err(|e| Error::InvalidInput(format!("{NOW_VARIABLE}='{value}' is {e}"))),
        _ => Ok(Now { at: truncate_to_seconds(Utc::now()), pinned: false }),
    }
}

/// [`now`] for a `--now` as typed: a relative one (`2h ago`, `yesterday`) counts back from
/// the system clock, dates and days in `zone`.
pub fn now_from(given: Option<&TimeInput>, zone: &Zone) -> Result<Now> {
    let Some(given) = given else { return now(None) };
    let clock = truncate_to_seconds(Utc::now());
    given.resolve(clock, zone).map(Now::pinned).map_err(|e| Error::InvalidInput(format!("--now: {e}")))
}

/// Refuses to commit at `given` when it is later than `clock` (the system clock, or
/// `ESC_NOW` when it pins it): history dated in the future would make every later action on
/// the ticket fail until the clock catches up. Looking ahead (`check --now`, a dry run) is
/// always allowed; this is for commands that write.
pub fn refuse_future(given: Now, clock: Now) -> Result<()> {
    if given.at <= clock.at {
        return Ok(());
    }
    Err(Error::Stopped {
        what: format!(
            "--now {} is later than the clock ({}): esc would commit history dated in the future",
            format_timestamp(&given.at),
            format_timestamp(&clock.at)
        ),
        hint: "leave out --now to act at the current time, use --dry-run to look ahead, or pass --allow-future to backfill on purpose".into(),
    })
}

/// The first year esc accepts in a time read from a file or the command line.
pub const EARLIEST_YEAR: i32 = 1970;
/// The last year esc accepts.
pub const LATEST_YEAR: i32 = 9999;

/// Why a time was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadTimestamp {
    /// Not RFC 3339.
    Syntax,
    /// Before [`EARLIEST_YEAR`] or after [`LATEST_YEAR`]; the message says so.
    OutOfRange(String),
}

impl std::fmt::Display for BadTimestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BadTimestamp::Syntax => f.write_str("not an RFC 3339 time (2026-11-25T09:30:00Z)"),
            BadTimestamp::OutOfRange(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for BadTimestamp {}

/// Parses an RFC 3339 time into UTC; a time outside the years esc accepts is refused.
pub fn parse_timestamp(text: &str) -> std::result::Result<Timestamp, BadTimestamp> {
    let at = DateTime::parse_from_rfc3339(text).map_err(|_| BadTimestamp::Syntax)?;
    in_range(truncate_to_seconds(at.with_timezone(&Utc))).map_err(BadTimestamp::OutOfRange)
}

/// `at` if it falls in the years esc accepts ([`EARLIEST_YEAR`] to [`LATEST_YEAR`]), else
/// the message saying it does not. Every time read from a file passes through here, so all
/// arithmetic on times stays far from chrono's limits.
pub fn in_range(at: Timestamp) -> std::result::Result<Timestamp, String> {
    use chrono::Datelike;
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&at.year()) {
        Ok(at)
    } else {
        Err(format!(
            "{} is {}: years {EARLIEST_YEAR} to {LATEST_YEAR}",
            at.to_rfc3339_opts(SecondsFormat::Secs, true),
            crate::error::OUT_OF_RANGE
        ))
    }
}

/// A date (`YYYY-MM-DD`) in the years esc accepts.
pub fn date_in_range(date: chrono::NaiveDate) -> std::result::Result<chrono::NaiveDate, String> {
    use chrono::Datelike;
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!("{date} is {}: years {EARLIEST_YEAR} to {LATEST_YEAR}", crate::error::OUT_OF_RANGE))
    }
}

/// Serde for a [`Timestamp`] in a file: read as chrono reads it, then [`in_range`], while
/// the value is being read, so the error names its line. Use as
/// `#[serde(deserialize_with = "crate::clock::bounded")]`.
pub fn bounded<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Timestamp, D::Error> {
    deserializer.deserialize_str(BoundedVisitor)
}

/// [`bounded`] for an optional time.
pub fn bounded_option<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Option<Timestamp>, D::Error> {
    deserializer.deserialize_option(OptionVisitor)
}

struct BoundedVisitor;

impl serde::de::Visitor<'_> for BoundedVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an RFC 3339 time (2026-11-25T09:30:00Z)")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> std::result::Result<Timestamp, E> {
        // chrono's own reading of a DateTime<Utc> in serde, so files read as before.
        let at: DateTime<chrono::FixedOffset> = text.parse().map_err(E::custom)?;
        in_range(at.with_timezone(&Utc)).map_err(E::custom)
    }
}

struct OptionVisitor;

impl<'de> serde::de::Visitor<'de> for OptionVisitor {
    type Value = Option<Timestamp>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an RFC 3339 time (2026-11-25T09:30:00Z) or nothing")
    }

    fn visit_none<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Self::Value, D::Error> {
        bounded(deserializer).map(Some)
    }
}

/// The zone times are shown to people in: UTC (the default), the machine's own (`--local`,
/// `TZ`) or a named IANA zone (config `display.timezone`). Stored times stay UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum Zone {
    #[default]
    Utc,
    Local,
    Named(chrono_tz::Tz),
}

impl Zone {
    /// `UTC`, `local`, or an IANA name (`Europe/Berlin`).
    pub fn parse(name: &str) -> std::result::Result<Zone, String> {
        match name.trim() {
            "UTC" | "Etc/UTC" | "utc" => Ok(Zone::Utc),
            "local" => Ok(Zone::Local),
            other => other
                .parse()
                .map(Zone::Named)
                .map_err(|_| format!("'{other}' is not an IANA time zone (like Europe/Berlin), UTC or local")),
        }
    }

    /// `t` in this zone with `format` (chrono's), then the zone: `UTC` or the offset (`+01:00`).
    pub fn format(&self, t: &Timestamp, format: &str) -> String {
        match self {
            Zone::Utc => format!("{} UTC", t.format(format)),
            Zone::Local => t.with_timezone(&chrono::Local).format(&format!("{format} %:z")).to_string(),
            Zone::Named(zone) => t.with_timezone(zone).format(&format!("{format} %:z")).to_string(),
        }
    }

    /// The calendar day `t` falls on in this zone.
    pub fn date_of(&self, t: &Timestamp) -> NaiveDate {
        match self {
            Zone::Utc => t.date_naive(),
            Zone::Local => t.with_timezone(&chrono::Local).date_naive(),
            Zone::Named(zone) => t.with_timezone(zone).date_naive(),
        }
    }

    /// The first instant of `date` in this zone (a day a clock change starts later than
    /// midnight starts at its first existing minute).
    pub fn midnight(&self, date: NaiveDate) -> Timestamp {
        use chrono::TimeZone;
        let local = date.and_time(chrono::NaiveTime::MIN);
        let first = |mapped: &dyn Fn(chrono::NaiveDateTime) -> Option<Timestamp>| {
            (0..=180).step_by(15).find_map(|m| mapped(local + Duration::minutes(m))).unwrap_or_else(|| local.and_utc())
        };
        match self {
            Zone::Utc => local.and_utc(),
            Zone::Local => first(&|t| chrono::Local.from_local_datetime(&t).earliest().map(|t| t.with_timezone(&Utc))),
            Zone::Named(zone) => first(&|t| zone.from_local_datetime(&t).earliest().map(|t| t.with_timezone(&Utc))),
        }
    }
}

/// As the policy writes it: `UTC`, `local` or the IANA name.
impl serde::Serialize for Zone {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Zone::Utc => serializer.serialize_str("UTC"),
            Zone::Local => serializer.serialize_str("local"),
            Zone::Named(zone) => serializer.serialize_str(zone.name()),
        }
    }
}

impl schemars::JsonSchema for Zone {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Zone".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "UTC, local (the machine's zone), or an IANA time zone such as Europe/Berlin.",
            "type": "string"
        })
    }
}

impl TryFrom<String> for Zone {
    type Error = String;

    fn try_from(name: String) -> std::result::Result<Zone, String> {
        Zone::parse(&name)
    }
}

/// A time as a person types it on the command line (`--since`, `--until`, `--now`, `--due`),
/// before it is pinned to an instant by [`TimeInput::resolve`]: an RFC 3339 time, a date
/// (`2026-11-24`), `today`, `yesterday`, `now`, or how long ago (`7d`, `2w ago`,
/// `3 hours ago`: m, h, d, w).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeInput {
    At(Timestamp),
    /// A whole day: its midnight in the display zone.
    Date(NaiveDate),
    /// `today` (0) or `yesterday` (1): days before the current one.
    DaysBack(u32),
    /// `now` (zero) or how long before now.
    Ago(Duration),
}

/// What [`TimeInput::parse`] takes, for error messages.
pub const TIME_FORMATS: &str = "an RFC 3339 time (2026-11-25T09:30:00Z), a date (2026-11-25), today, yesterday, now, or how long ago (7d, 2w ago, 3 hours ago)";

impl TimeInput {
    pub fn parse(text: &str) -> std::result::Result<TimeInput, String> {
        let text = text.trim();
        match parse_timestamp(text) {
            Ok(at) => return Ok(TimeInput::At(at)),
            Err(BadTimestamp::OutOfRange(message)) => return Err(message),
            Err(BadTimestamp::Syntax) => {}
        }
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return date_in_range(date).map(TimeInput::Date);
        }
        match text.to_ascii_lowercase().as_str() {
            "today" => return Ok(TimeInput::DaysBack(0)),
            "yesterday" => return Ok(TimeInput::DaysBack(1)),
            "now" => return Ok(TimeInput::Ago(Duration::zero())),
            _ => {}
        }
        parse_ago(text).map(TimeInput::Ago).ok_or_else(|| format!("'{text}' is not a time: give {TIME_FORMATS}"))
    }

    /// The instant this names, `now` being the command's instant and `zone` the one dates
    /// and days are counted in.
    pub fn resolve(&self, now: Timestamp, zone: &Zone) -> std::result::Result<Timestamp, String> {
        let at = match *self {
            TimeInput::At(at) => at,
            TimeInput::Date(date) => zone.midnight(date),
            TimeInput::DaysBack(days) => {
                let today = zone.date_of(&now);
                let day = today.checked_sub_days(chrono::Days::new(days.into())).unwrap_or(today);
                zone.midnight(day)
            }
            TimeInput::Ago(ago) => now.checked_sub_signed(ago).ok_or_else(|| "too long ago".to_string())?,
        };
        in_range(at)
    }

    /// The end of what this names, exclusive: the next midnight for a whole day (`--until
    /// 2026-11-24` takes in all of that day), else [`TimeInput::resolve`].
    pub fn resolve_end(&self, now: Timestamp, zone: &Zone) -> std::result::Result<Timestamp, String> {
        let day = match *self {
            TimeInput::Date(date) => date,
            TimeInput::DaysBack(days) => {
                let today = zone.date_of(&now);
                today.checked_sub_days(chrono::Days::new(days.into())).unwrap_or(today)
            }
            _ => return self.resolve(now, zone),
        };
        let next = day.succ_opt().ok_or_else(|| format!("{day} is too far in the future"))?;
        in_range(zone.midnight(next))
    }
}

/// `7d`, `2w ago`, `3 hours ago`, `30m`: a duration back from now.
fn parse_ago(text: &str) -> Option<Duration> {
    let text = text.to_ascii_lowercase();
    let text = text.trim();
    let text = text.strip_suffix("ago").unwrap_or(text).trim_end();
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let number: i64 = number.parse().ok()?;
    let minutes = match unit.trim() {
        "m" | "min" | "mins" | "minute" | "minutes" => 1,
        "h" | "hour" | "hours" => 60,
        "d" | "day" | "days" => 24 * 60,
        "w" | "week" | "weeks" => 7 * 24 * 60,
        _ => return None,
    };
    // Past 10,000 years is no time esc can name anyway.
    (number <= 10_000 * 366 * 24 * 60 / minutes).then(|| Duration::minutes(number * minutes))
}

/// The canonical text form: `2026-11-25T09:30:00Z`.
pub fn format_timestamp(t: &Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn truncate_to_seconds(t: Timestamp) -> Timestamp {
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_outside_1970_to_9999_are_refused() {
        assert!(parse_timestamp("1970-01-01T00:00:00Z").is_ok());
        assert!(parse_timestamp("9999-12-31T23:59:59Z").is_ok());
        assert!(matches!(parse_timestamp("1969-12-31T23:59:59Z"), Err(BadTimestamp::OutOfRange(_))));
        // 9999-12-31 late in the day west of UTC is year 10000 in UTC.
        assert!(matches!(parse_timestamp("9999-12-31T23:00:00-05:00"), Err(BadTimestamp::OutOfRange(_))));
        assert_eq!(parse_timestamp("soon"), Err(BadTimestamp::Syntax));

        #[derive(serde::Deserialize, Debug)]
        struct File {
            #[serde(deserialize_with = "bounded")]
            at: Timestamp,
            #[serde(default, deserialize_with = "bounded_option")]
            due: Option<Timestamp>,
        }
        let read = |yaml: &str| crate::frontmatter::parse_yaml::<File>(yaml);
        let file = read("at: 2026-11-25T09:30:00Z\ndue: null\n").unwrap();
        assert_eq!((format_timestamp(&file.at), file.due), ("2026-11-25T09:30:00Z".to_string(), None));
        assert!(read("at: 2026-11-25T09:30:00Z\n").unwrap().due.is_none());
        let err = read("at: 2026-11-25T09:30:00Z\ndue: -262143-01-01T00:00:00Z\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("years 1970 to 9999"), "{}", err.message);
        assert!(read("at: +262142-01-01T00:00:00Z\n").unwrap_err().message.contains(crate::error::OUT_OF_RANGE));
    }
    #[test]
    fn times_as_people_type_them() {
        let now = parse_timestamp("2026-11-25T09:30:00Z").unwrap();
        let at =
            |text: &str, zone: Zone| format_timestamp(&TimeInput::parse(text).unwrap().resolve(now, &zone).unwrap());
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        assert_eq!(at("2026-11-24T10:00:00+01:00", Zone::Utc), "2026-11-24T09:00:00Z");
        assert_eq!(at("2026-11-24", Zone::Utc), "2026-11-24T00:00:00Z");
        assert_eq!(at("2026-11-24", berlin), "2026-11-23T23:00:00Z");
        assert_eq!(at("today", Zone::Utc), "2026-11-25T00:00:00Z");
        assert_eq!(at("yesterday", berlin), "2026-11-23T23:00:00Z");
        assert_eq!(at("now", Zone::Utc), "2026-11-25T09:30:00Z");
        assert_eq!(at("7d", Zone::Utc), "2026-11-18T09:30:00Z");
        assert_eq!(at("2w ago", Zone::Utc), "2026-11-11T09:30:00Z");
        assert_eq!(at("2 weeks ago", Zone::Utc), "2026-11-11T09:30:00Z");
        assert_eq!(at("3h", Zone::Utc), "2026-11-25T06:30:00Z");
        assert_eq!(at("30 minutes ago", Zone::Utc), "2026-11-25T09:00:00Z");
        let end = |text: &str| format_timestamp(&TimeInput::parse(text).unwrap().resolve_end(now, &Zone::Utc).unwrap());
        assert_eq!(end("2026-11-24"), "2026-11-25T00:00:00Z");
        assert_eq!(end("today"), "2026-11-26T00:00:00Z");
        assert_eq!(end("3h"), "2026-11-25T06:30:00Z");
        for bad in ["soon", "7", "7y", "d", "-3d", "99999999999999d"] {
            assert!(TimeInput::parse(bad).is_err(), "{bad}");
        }
        assert!(TimeInput::parse("1969-12-31").unwrap_err().contains("years 1970 to 9999"));
    }

    #[test]
    fn zones_show_their_name_or_offset() {
        let t = parse_timestamp("2026-11-24T10:15:00Z").unwrap();
        assert_eq!(Zone::Utc.format(&t, "%Y-%m-%d %H:%M"), "2026-11-24 10:15 UTC");
        assert_eq!(Zone::parse("Europe/Berlin").unwrap().format(&t, "%Y-%m-%d %H:%M"), "2026-11-24 11:15 +01:00");
        assert_eq!(Zone::parse("UTC"), Ok(Zone::Utc));
        assert!(Zone::parse("Mars/Olympus").is_err());
    }
}
