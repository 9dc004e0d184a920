//! A calendar's `holiday_files`: iCalendar files whose holidays add to its own. The policy
//! stays pure: the files come through a reader the caller gives (the work tree, or a commit
//! of the repository), and [`super::ical`] turns their text into holidays.

use super::validate::line_of_path;
use super::{Config, ical};
use crate::error::{Diagnostic, Error, Result};

impl Config {
    /// Adds the holidays of every calendar's `holiday_files`. `text` is the policy as read from
    /// `config_path` (for the line naming a file); `read` gives a file's bytes by its path
    /// relative to the esc root, `None` when there is no such file.
    ///
    /// A path leaving the root, a file that cannot be read and text that is not iCalendar are
    /// errors; events esc cannot use are kept for [`super::calendar::Calendar::unusable_holidays`].
    pub fn load_holiday_files(
        &mut self,
        text: &str,
        config_path: &str,
        mut read: impl FnMut(&str) -> Result<Option<Vec<u8>>>,
    ) -> Result<()> {
        for (name, calendar) in self.calendars.iter_mut() {
            for path in calendar.holiday_files().to_vec() {
                let line = line_of_file(text, name, &path);
                let refuse = |message: String| {
                    Error::BadConfig(Diagnostic::new(
                        config_path,
                        line,
                        format!("calendars.{name}.holiday_files: {message}"),
                    ))
                };
                if !is_inside_root(&path) {
                    return Err(refuse(format!(
                        "'{path}' is not a path inside the repository: give it from the esc root with / separators, like .esc/holidays/nl.ics"
                    )));
                }
                let bytes = match read(&path) {
                    Ok(Some(bytes)) => bytes,
                    Ok(None) => {
                        return Err(refuse(format!(
                            "'{path}' does not exist (paths start at the esc root, the folder holding .esc/)"
                        )));
                    }
                    Err(e) => return Err(refuse(e.to_string())),
                };
                let in_file = |line: usize, message: String| Error::BadConfig(Diagnostic::new(&path, line, message));
                let ics = String::from_utf8(bytes).map_err(|_| in_file(1, "the file is not UTF-8 text".into()))?;
                let parsed = ical::parse(&ics).map_err(|e| in_file(e.line, e.message))?;
                let unusable = parsed.unusable.iter().map(|u| Diagnostic::new(&path, u.line, describe(u))).collect();
                calendar.add_file_holidays(&parsed.holidays, unusable);
            }
        }
        Ok(())
    }
}

/// `a/b.ics`: no empty, `.` or `..` part, not absolute, no backslash.
fn is_inside_root(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && path.split('/').all(|part| !matches!(part, "" | "." | ".."))
        && !std::path::Path::new(path).is_absolute()
}

/// The line of the policy naming `path` in `calendars.NAME.holiday_files` (the key's own line
/// for a `[a, b]` list).
fn line_of_file(text: &str, calendar: &str, path: &str) -> usize {
    let key = line_of_path(text, &["calendars", calendar, "holiday_files"]);
    let mut lines = text.lines().enumerate().skip(key - 1);
    if let Some((_, line)) = lines.next()
        && line.contains(path)
    {
        return key;
    }
    for (index, line) in lines {
        if !line.trim_start().starts_with('-') {
            break;
        }
        if line.contains(path) {
            return index + 1;
        }
    }
    key
}

/// `'Koningsdag' skipped: why`.
fn describe(event: &ical::Unusable) -> String {
    let what = match &event.summary {
        Some(summary) if !summary.trim().is_empty() => format!("'{}'", crate::text::one_line(summary)),
        _ => "an event".into(),
    };
    format!("{what} skipped: {}", event.reason)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::{Duration, NaiveDate};
    use proptest::prelude::*;

    use crate::clock::Timestamp;
    use crate::policy::{Config, DEFAULT_CONFIG};

    /// The default policy with an Amsterdam office calendar holding `holidays` and `files`.
    fn policy(holidays: &[String], files: &str) -> String {
        DEFAULT_CONFIG.replace("timezone: UTC", "timezone: Europe/Amsterdam").replace(
            "    holidays: []\n",
            &format!("    holidays: [{}]\n    holiday_files: [{files}]\n", holidays.join(", ")),
        )
    }

    fn load(text: &str, files: &[(&str, &str)]) -> crate::error::Result<Config> {
        let mut config = Config::parse(text, Path::new(".esc/config.yaml"))?;
        config.load_holiday_files(text, ".esc/config.yaml", |path| {
            Ok(files.iter().find(|(name, _)| *name == path).map(|(_, text)| text.as_bytes().to_vec()))
        })?;
        Ok(config)
    }

    fn ics(events: &[String]) -> String {
        let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//esc//test//EN\r\n");
        for (i, event) in events.iter().enumerate() {
            text.push_str(&format!("BEGIN:VEVENT\r\nUID:{i}@test\r\n{event}END:VEVENT\r\n"));
        }
        text + "END:VCALENDAR\r\n"
    }

    fn compact(date: NaiveDate) -> String {
        date.format("%Y%m%d").to_string()
    }

    #[test]
    fn paths_outside_the_root_and_missing_files_name_the_config_line() {
        let text =
            policy(&[], "").replace("holiday_files: []", "holiday_files:\n      - .esc/nl.ics\n      - ../x.ics");
        let line = text.lines().position(|l| l.contains("../x.ics")).unwrap() + 1;
        let err = load(&text, &[(".esc/nl.ics", &ics(&[]))]).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(".esc/config.yaml:{line}: calendars.business.holiday_files: '../x.ics'")),
            "{err}"
        );
        let line = line - 1;
        let err = load(&text, &[]).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                ".esc/config.yaml:{line}: calendars.business.holiday_files: '.esc/nl.ics' does not exist"
            )),
            "{err}"
        );
        for bad in ["/etc/x.ics", "a//b.ics", "./a.ics", "a\\b.ics", ""] {
            assert!(!super::is_inside_root(bad), "{bad}");
        }
    }

    #[test]
    fn a_file_that_is_not_icalendar_is_an_error_at_its_line() {
        let text = policy(&[], ".esc/nl.ics");
        let err = load(&text, &[(".esc/nl.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nnonsense\r\n")]).unwrap_err();
        assert!(err.to_string().starts_with(".esc/nl.ics:3: 'nonsense' is not an iCalendar line"), "{err}");
    }

    fn any_instant() -> impl Strategy<Value = Timestamp> {
        // 2000 to 2032.
        (946_684_800i64..1_956_528_000i64).prop_map(|s| chrono::DateTime::from_timestamp(s, 0).unwrap())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Holidays from a file count exactly as the same holidays written in `holidays:`.
        #[test]
        fn a_holiday_file_counts_as_the_same_holidays_written_in_the_policy(
            dated in prop::collection::vec((0i64..12_000, 1i64..20), 0..12),
            yearly in prop::collection::vec((1u32..=12, 1u32..=28, 1u32..=3), 0..5),
            leap_day in any::<bool>(),
            from in any_instant(),
            span in 0i64..(3 * 366 * 24 * 3600),
            amount_minutes in 0i64..(200 * 8 * 60),
        ) {
            let base = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
            let mut written = Vec::new();
            let mut events = Vec::new();
            for (start, days) in &dated {
                let first = base + Duration::days(*start);
                written.push(format!("{first}..{}", first + Duration::days(days - 1)));
                events.push(format!("DTSTART;VALUE=DATE:{}\r\nDTEND;VALUE=DATE:{}\r\n", compact(first), compact(first + Duration::days(*days))));
            }
            for (month, day, days) in &yearly {
                // Not past 28 February: there a span of days (the file) and a range of month-days
                // (the policy) differ in leap years.
                let day = &if *month == 2 { (*day).min(29 - days) } else { *day };
                // A first occurrence before every instant tried: the same as every year.
                let first = NaiveDate::from_ymd_opt(1990, *month, *day).unwrap();
                written.push(format!("{month:02}-{day:02}..{month:02}-{:02}", day + days - 1));
                events.push(format!("DTSTART;VALUE=DATE:{}\r\nDURATION:P{days}D\r\nRRULE:FREQ=YEARLY\r\n", compact(first)));
            }
            if leap_day {
                written.push("02-29".into());
                events.push("DTSTART;VALUE=DATE:19920229\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29\r\n".into());
            }
            let in_policy = load(&policy(&written, ""), &[]).unwrap();
            let from_file = load(&policy(&[], "h.ics"), &[("h.ics", &ics(&events))]).unwrap();
            let (a, b) = (&in_policy.calendars["business"], &from_file.calendars["business"]);
            prop_assert!(b.unusable_holidays().is_empty());
            let until = from + Duration::seconds(span);
            prop_assert_eq!(a.working_time(from, until), b.working_time(from, until));
            let amount = Duration::minutes(amount_minutes);
            prop_assert_eq!(a.add_working(from, amount), b.add_working(from, amount));
        }
    }

    #[test]
    fn yearly_events_start_in_their_first_year_and_stop_at_their_end() {
        let events = [
            "DTSTART;VALUE=DATE:20260101\r\nRRULE:FREQ=YEARLY;COUNT=2\r\n".to_string(),
            "DTSTART;VALUE=DATE:20251231\r\nDTEND;VALUE=DATE:20260102\r\nRRULE:FREQ=YEARLY;INTERVAL=2\r\nEXDATE;VALUE=DATE:20291231\r\n".to_string(),
        ];
        let config = load(&policy(&[], "h.ics"), &[("h.ics", &ics(&events))]).unwrap();
        let calendar = &config.calendars["business"];
        let day_off = |date: &str| {
            let start = crate::clock::parse_timestamp(&format!("{date}T00:00:00Z")).unwrap();
            calendar.working_time(start, start + Duration::days(1)).is_zero()
        };
        // All weekdays. New Year's Day from 2026, twice (COUNT=2): not 2025's, not 2029's.
        assert!(!day_off("2025-01-01") && day_off("2026-01-01") && day_off("2027-01-01") && !day_off("2029-01-01"));
        // New Year's Eve and the day after, every other year from 2025, but not in 2029.
        assert!(day_off("2025-12-31") && !day_off("2026-12-31") && day_off("2027-12-31"));
        assert!(!day_off("2029-12-31") && !day_off("2030-01-01"));
        assert!(day_off("2031-12-31") && day_off("2032-01-01"));
    }
}
