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
        Ok(value) if !value.trim().is_empty() => parse_timestamp(value.trim()).map(Now::pinned).map_err(|_| {
            Error::InvalidInput(format!("{NOW_VARIABLE}='{value}' is not an RFC 3339 time (2026-11-25T09:30:00Z)"))
        }),
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

/// Parses an RFC 3339 time into UTC.
pub fn parse_timestamp(text: &str) -> std::result::Result<Timestamp, chrono::ParseError> {
    DateTime::parse_from_rfc3339(text).map(|t| truncate_to_seconds(t.with_timezone(&Utc)))
}

/// The canonical text form: `2026-11-25T09:30:00Z`.
pub fn format_timestamp(t: &Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn truncate_to_seconds(t: Timestamp) -> Timestamp {
    DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t)
}
