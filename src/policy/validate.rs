//! Checks a parsed policy for what YAML alone cannot catch: names used but not defined, gaps
//! in the priority matrix, a triage tree that leads nowhere. Every problem names its line.

use super::{Config, Names, calendar};
use crate::error::{Diagnostic, Error};
use crate::ticket::is_valid_id_prefix;

/// A problem at a line of the policy text.
struct ConfigProblem {
    line: usize,
    message: String,
}

impl Config {
    /// Inconsistencies that YAML alone cannot catch in the policy `text` (from the file at
    /// `path`): unknown references, gaps in the matrix.
    pub fn problems(&self, text: &str, path: &str) -> Vec<Diagnostic> {
        self.problems_in(text).into_iter().map(|p| Diagnostic::new(path, p.line, p.message)).collect()
    }

    fn problems_in(&self, text: &str) -> Vec<ConfigProblem> {
        let mut problems = Vec::new();
        let mut report = |path: &[&str], message: String| {
            problems.push(ConfigProblem { line: line_of_path(text, path), message });
        };
        if !is_valid_id_prefix(&self.id_prefix) {
            report(
                &["id_prefix"],
                format!("id_prefix '{}' must be an upper-case letter followed by letters or digits", self.id_prefix),
            );
        }
        if self.levels.is_empty() {
            report(&["levels"], "levels: at least one support level is needed".into());
        }
        for (i, level) in self.levels.iter().enumerate() {
            if self.levels[..i].iter().any(|l| l.name == level.name) {
                report(&["levels", &level.name], format!("levels: '{}' is listed twice", level.name));
            }
        }
        for (name, severity) in &self.severities {
            if !self.impacts.contains_key(&severity.impact) {
                report(
                    &["severities", name, "impact"],
                    format!("severities.{name}.impact: '{}' is not one of impacts", severity.impact),
                );
            }
            if !self.urgencies.contains_key(&severity.urgency) {
                report(
                    &["severities", name, "urgency"],
                    format!("severities.{name}.urgency: '{}' is not one of urgencies", severity.urgency),
                );
            }
        }
        for impact in self.impacts.keys() {
            for urgency in self.urgencies.keys() {
                match self.priority_matrix.get(impact).and_then(|row| row.get(urgency)) {
                    None => report(
                        &["priority_matrix", impact],
                        format!(
                            "priority_matrix.{impact}.{urgency}: missing (every impact x urgency needs a priority)"
                        ),
                    ),
                    Some(p) if !self.priorities.contains_key(p) => report(
                        &["priority_matrix", impact],
                        format!("priority_matrix.{impact}.{urgency}: '{p}' is not one of priorities"),
                    ),
                    Some(_) => {}
                }
            }
        }
        problems.extend(self.reference_problems(text));
        problems.extend(self.sla_problems(text));
        problems.extend(self.review_problems(text));
        problems
    }

    /// Names the review policy uses but the policy does not define.
    fn review_problems(&self, text: &str) -> Vec<ConfigProblem> {
        let mut problems = Vec::new();
        let mut report = |path: &[&str], message: String| {
            problems.push(ConfigProblem { line: line_of_path(text, path), message });
        };
        let reviews = &self.reviews;
        if let Some(name) = &reviews.calendar
            && name != calendar::ALWAYS
            && !self.calendars.contains_key(name)
        {
            report(&["reviews", "calendar"], format!("reviews.calendar: '{name}' is not defined"));
        }
        for severity in &reviews.required.severities {
            if !self.severities.contains_key(severity) {
                report(
                    &["reviews", "required", "severities"],
                    format!("reviews.required.severities: '{severity}' is not one of severities"),
                );
            }
        }
        for priority in reviews.action_due.keys() {
            if !self.priorities.contains_key(priority) {
                report(
                    &["reviews", "action_due"],
                    format!("reviews.action_due: '{priority}' is not one of priorities"),
                );
            }
        }
        if reviews.sections.iter().any(|s| s.trim().is_empty()) {
            report(&["reviews", "sections"], "reviews.sections: a section name is empty".into());
        }
        problems
    }

    /// Calendars and priorities the SLA policy names but does not define.
    fn sla_problems(&self, text: &str) -> Vec<ConfigProblem> {
        let mut problems = Vec::new();
        let mut report = |path: &[&str], message: String| {
            problems.push(ConfigProblem { line: line_of_path(text, path), message });
        };
        if self.calendars.contains_key(calendar::ALWAYS) {
            report(
                &["calendars", calendar::ALWAYS],
                format!("calendars.{0}: '{0}' is built in; pick another name", calendar::ALWAYS),
            );
        }
        for (name, priority) in &self.priorities {
            if priority.calendar != calendar::ALWAYS && !self.calendars.contains_key(&priority.calendar) {
                let mut known = vec![calendar::ALWAYS.to_string()];
                known.extend(self.calendars.keys().cloned());
                report(
                    &["priorities", name, "calendar"],
                    format!(
                        "priorities.{name}.calendar: '{}' is not defined (known: {})",
                        priority.calendar,
                        known.join(", ")
                    ),
                );
            }
        }
        for level in &self.levels {
            for priority in level.limits.keys() {
                if !self.priorities.contains_key(priority) {
                    report(
                        &["levels", &level.name, "limits"],
                        format!("levels.{}.limits: '{priority}' is not one of priorities", level.name),
                    );
                }
            }
        }
        if let Some(priority) = &self.sla.unclassified
            && !self.priorities.contains_key(priority)
        {
            report(&["sla", "unclassified"], format!("sla.unclassified: '{priority}' is not one of priorities"));
        }
        problems
    }

    /// Names used in levels, routing and triage that the policy does not define.
    fn reference_problems(&self, text: &str) -> Vec<ConfigProblem> {
        let mut problems = Vec::new();
        let mut check = |path: &[&str], field: Names, value: Option<&String>| {
            if let Some(value) = value
                && let Err(Error::InvalidValue { allowed, .. }) = self.check_value(field, value)
            {
                problems.push(ConfigProblem {
                    line: line_of_path(text, path),
                    message: format!(
                        "{}: {field} '{value}' is not defined (known: {})",
                        path.join("."),
                        allowed.join(", ")
                    ),
                });
            }
        };
        for level in &self.levels {
            check(&["levels", &level.name, "team"], Names::Team, level.team.as_ref());
        }
        for (i, rule) in self.routing.iter().enumerate() {
            let at = format!("routing[{i}]");
            check(&["routing", &at], Names::Type, rule.when.kind.as_ref());
            check(&["routing", &at], Names::Category, rule.when.category.as_ref());
            check(&["routing", &at], Names::Severity, rule.when.severity.as_ref());
            check(&["routing", &at], Names::Priority, rule.when.priority.as_ref());
            check(&["routing", &at], Names::Team, rule.team.as_ref());
            check(&["routing", &at], Names::Level, rule.level.as_ref());
        }
        let mut tree_problems = Vec::new();
        if let Some(tree) = &self.triage {
            if !tree.questions.contains_key(&tree.start) {
                tree_problems.push(ConfigProblem {
                    line: line_of_path(text, &["triage", "start"]),
                    message: format!("triage.start: '{}' is not one of the questions", tree.start),
                });
            }
            for (name, question) in &tree.questions {
                for (answer, outcome) in &question.answers {
                    let path = ["triage", "questions", name.as_str(), answer.as_str()];
                    check(&path, Names::Severity, outcome.severity.as_ref());
                    check(&path, Names::Type, outcome.kind.as_ref());
                    check(&path, Names::Category, outcome.category.as_ref());
                    let leads_somewhere = outcome.next.is_some()
                        || outcome.severity.is_some()
                        || outcome.kind.is_some()
                        || outcome.category.is_some();
                    let next_ok = outcome.next.as_ref().is_none_or(|n| tree.questions.contains_key(n));
                    if !leads_somewhere || !next_ok {
                        tree_problems.push(ConfigProblem {
                            line: line_of_path(text, &path),
                            message: format!(
                                "triage.questions.{name}.{answer}: must lead to a known question (next) or set severity, type or category"
                            ),
                        });
                    }
                }
            }
        }
        problems.extend(tree_problems);
        for (path, message) in self.role_problems() {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            problems.push(ConfigProblem { line: line_of_path(text, &path), message });
        }
        problems
    }
}

/// The line that defines the nested key `path` (each key `key:` or `- name: key`, searched
/// after the previous one), for messages; the deepest key found, or 1.
pub(crate) fn line_of_path(text: &str, path: &[&str]) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let defines = |line: &str, key: &str| {
        let line = line.trim_start().trim_start_matches("- ").trim_start();
        line.strip_prefix(key).is_some_and(|rest| rest.starts_with(':'))
            || line.strip_prefix("name:").is_some_and(|rest| rest.trim() == key)
    };
    let mut found = 0; // 0-based index of the last key found
    for (depth, key) in path.iter().enumerate() {
        let from = if depth == 0 { 0 } else { found + 1 };
        match lines.iter().skip(from).position(|line| defines(line, key)) {
            Some(offset) => found = from + offset,
            None if depth == 0 => return 1,
            None => break,
        }
    }
    found + 1
}
