//! The only place that reads the time.
//!
//! `ESC_NOW` (RFC 3339) replaces the system clock, so tests, backfills and CI verdicts are
//! reproducible.

use std::sync::OnceLock;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::error::{Error, Result};

/// A point in time as esc stores it: UTC, whole seconds.
pub type Timestamp = DateTime<Utc>;

/// The environment variable that pins the clock.
pub const NOW_VARIABLE: &str = "ESC_NOW";

/// The current time, or `ESC_NOW` when it is set.
pub fn now() -> Result<Timestamp> {
    match pinned_now()? {
        Some(t) => Ok(t),
        None => Ok(truncate_to_seconds(Utc::now())),
    }
}

/// A time given on the command line (`--now`), which wins over `ESC_NOW`.
static OVERRIDE: OnceLock<Timestamp> = OnceLock::new();

/// Pins the clock for the rest of the process (`--now T`). The first pin wins.
pub fn pin(t: Timestamp) {
    let _ = OVERRIDE.set(t);
}

/// The pinned time (`--now`, else `ESC_NOW`); `None` means the system clock is in use.
pub fn pinned_now() -> Result<Option<Timestamp>> {
    if let Some(t) = OVERRIDE.get() {
        return Ok(Some(*t));
    }
    match std::env::var(NOW_VARIABLE) {
        Ok(value) if !value.trim().is_empty() => parse_timestamp(value.trim()).map(Some).map_err(|_| {
            Error::InvalidInput(format!("{NOW_VARIABLE}='{value}' is not an RFC 3339 time (2026-11-25T09:30:00Z)"))
        }),
        _ => Ok(None),
    }
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
