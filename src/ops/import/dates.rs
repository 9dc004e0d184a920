//! The times source exports write, read as UTC instants.
//!
//! Exports rarely say RFC 3339: Jira writes `12/Nov/26 9:41 AM` in the exporting user's
//! zone, spreadsheets `2026-11-12 09:41`. A time without a zone is taken as UTC (docs/import.md
//! says so); one with an offset is converted.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

use crate::clock::{Timestamp, in_range};

/// The forms without a zone that are read as UTC, tried in turn.
const NAIVE_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S%.f",
    // Jira's default export format, and its four-digit-year and 24-hour variants.
    "%d/%b/%y %I:%M %p",
    "%d/%b/%Y %I:%M %p",
    "%d/%b/%y %H:%M",
    "%d/%b/%Y %H:%M",
];

/// Forms with an offset (`+0100`, `+01:00`) besides RFC 3339.
const OFFSET_FORMATS: &[&str] = &["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%dT%H:%M:%S%z"];

/// The instant `text` names, or why it names none.
pub fn parse_source_time(text: &str) -> Result<Timestamp, String> {
    let text = text.trim();
    let unparsable =
        || format!("'{text}' is not a time esc reads (2026-11-12T09:41:00Z, 2026-11-12 09:41 or 12/Nov/26 9:41 AM)");
    let at = if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        at.with_timezone(&Utc)
    } else if let Some(at) = OFFSET_FORMATS.iter().find_map(|f| DateTime::parse_from_str(text, f).ok()) {
        at.with_timezone(&Utc)
    } else if let Some(at) = NAIVE_FORMATS.iter().find_map(|f| NaiveDateTime::parse_from_str(text, f).ok()) {
        Utc.from_utc_datetime(&at)
    } else if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Utc.from_utc_datetime(&date.and_hms_opt(0, 0, 0).ok_or_else(unparsable)?)
    } else {
        return Err(unparsable());
    };
    // Whole seconds, as esc stores every instant.
    let at = DateTime::from_timestamp(at.timestamp(), 0).ok_or_else(unparsable)?;
    in_range(at)
}

#[cfg(test)]
mod tests {
    use super::parse_source_time;
    use crate::clock::format_timestamp;

    #[test]
    fn the_forms_exports_write_read_as_utc() {
        for (text, want) in [
            ("2026-11-12T09:41:00Z", "2026-11-12T09:41:00Z"),
            ("2026-11-12T10:41:00+01:00", "2026-11-12T09:41:00Z"),
            ("2026-11-12T09:41:00.250Z", "2026-11-12T09:41:00Z"),
            ("2026-11-12 09:41", "2026-11-12T09:41:00Z"),
            ("2026-11-12 09:41:30", "2026-11-12T09:41:30Z"),
            ("12/Nov/26 9:41 AM", "2026-11-12T09:41:00Z"),
            ("12/Nov/26 2:05 PM", "2026-11-12T14:05:00Z"),
            ("12/Nov/2026 14:05", "2026-11-12T14:05:00Z"),
            ("2026-11-12", "2026-11-12T00:00:00Z"),
        ] {
            assert_eq!(parse_source_time(text).map(|t| format_timestamp(&t)), Ok(want.to_string()), "{text}");
        }
        for bad in ["yesterday", "32/Nov/26 9:41 AM", "2026-13-01", ""] {
            assert!(parse_source_time(bad).is_err(), "{bad}");
        }
    }
}
