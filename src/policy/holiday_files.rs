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
