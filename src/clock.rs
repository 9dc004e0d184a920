//! Time: the one place that reads the clock ([`now`]), and timestamps as esc stores them.
//!
//! `ESC_NOW` (RFC 3339) or a command's `--now` replaces the system clock, so tests,
//! backfills and CI verdicts are reproducible. Everything else takes the instant as a
//! parameter.

use chrono::{DateTime, SecondsFormat, Utc};

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
}
