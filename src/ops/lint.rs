//! `esc lint`: check the policy, every ticket and every review, and report findings with file and line.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Diagnostic, Error, Result};
use crate::policy::{Config, Names};
use crate::repo::git::GitRepo;
use crate::repo::{CONFIG_FILE, LoadedReview, LoadedTicket, Workspace, find_root};
use crate::ticket::{Action, EventAction, Field, FieldValue};

/// One problem, at a place in a file, and which rule found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub diagnostic: Diagnostic,
}

impl Finding {
    fn new(rule: Rule, path: impl Into<String>, line: usize, message: impl Into<String>) -> Finding {
        Finding { rule, diagnostic: Diagnostic::new(path, line, message) }
    }
}

crate::named_enum! {
    /// What kind of problem a finding is: a stable id for scripts (`esc lint --json`) and
    /// docs/json.md, which lists them.
    pub enum Rule as "lint rule" {
        /// The policy file is missing, unreadable or not a valid policy.
        Policy = "policy",
        /// A name in the policy has control characters.
        UnsafeName = "unsafe-name",
        /// A calendar with no working time at all.
        NoWorkingTime = "no-working-time",
        /// An event of a calendar's holiday file that esc cannot use (a time of day, a rule it
        /// cannot expand, no start), so it is skipped.
        UnusableHoliday = "unusable-holiday",
        /// Triage questions that lead back to themselves.
        TriageCycle = "triage-cycle",
        /// A link, a special file, a stray temporary file where esc keeps its files.
        Layout = "layout",
        /// A ticket or review file that does not load (bad YAML, too large, unsafe).
        Unreadable = "unreadable",
        /// A ticket or review file with git's conflict markers.
        MergeConflict = "merge-conflict",
        /// Two tickets with one id.
        DuplicateId = "duplicate-id",
        /// A ticket or review stored where its id says it does not belong.
        WrongPath = "wrong-path",
        /// An empty title, or one with control characters.
        BadTitle = "bad-title",
        /// A type, category, severity, impact, urgency, priority or level the policy does not define.
        UnknownValue = "unknown-value",
        /// A history that is empty or does not start with `open`.
        HistoryStart = "history-start",
        /// `created` is not the time of the open event.
        CreatedMismatch = "created-mismatch",
        /// A history entry earlier than the one before it.
        HistoryOrder = "history-order",
        /// A history entry with an action esc does not know.
        UnknownAction = "unknown-action",
        /// A history entry setting a key that is not a ticket field.
        UnknownField = "unknown-field",
        /// A front-matter key one typo away from one of esc's (`sevrity:`), which esc ignores.
        MisspeltKey = "misspelt-key",
        /// A state field that differs from what the history says.
        Drift = "drift",
        /// A review, or one of its action items, names a ticket that does not exist.
        UnknownTicket = "unknown-ticket",
        /// Two action items of a review with one id.
        DuplicateActionItem = "duplicate-action-item",
    }
}

/// Lints the esc root enclosing `start`. A broken config is a finding, not an error, so the
/// tickets are still checked (against the default policy).
pub fn lint(start: &Path) -> Result<Vec<Finding>> {
    let root = find_root(start)?;
    let git = GitRepo::discover(&root)?;
    let mut findings = Vec::new();
    let (config, config_ok) = match read_policy(&root, &git) {
        Ok((config, text)) => {
            findings.extend(policy_findings(&config, &text));
            (config, true)
        }
        Err(problem) => {
            findings.push(Finding { rule: Rule::Policy, diagnostic: problem });
            (Config::default_policy(), false)
        }
    };
    let workspace = Workspace::new(root, git, config)?;
    findings
        .extend(workspace.layout_problems().into_iter().map(|diagnostic| Finding { rule: Rule::Layout, diagnostic }));
    let mut seen_ids: HashMap<String, String> = HashMap::new();
    // A linked `tickets` or `reviews` folder is not walked; the layout findings name it.
    let tickets = workspace.load_all().map(|all| all.collect::<Vec<_>>());
    for loaded in walkable(tickets)? {
        match loaded {
            Ok(ticket) => {
                let id = ticket.file.ticket.id.to_string();
                if let Some(first) = seen_ids.insert(id.clone(), ticket.relative_path.clone()) {
                    findings.push(Finding::new(
                        Rule::DuplicateId,
                        &ticket.relative_path,
                        ticket.file.line_of("id"),
                        format!("id {id} is also used by {first}"),
                    ));
                }
                check_ticket(&workspace, &ticket, config_ok, &mut findings);
            }
            Err(e) => findings.push(file_problem(e)?),
        }
    }
    for review in walkable(workspace.load_reviews())? {
        match review {
            Ok(review) => check_review(&review, &seen_ids, &mut findings),
            Err(e) => findings.push(file_problem(e)?),
        }
    }
    Ok(findings)
}

/// Lints only the policy of the esc root enclosing `start` (`esc config check`): whether it
/// parses, and what a valid policy may still get wrong.
pub fn lint_policy(start: &Path) -> Result<Vec<Finding>> {
    let root = find_root(start)?;
    let git = GitRepo::discover(&root)?;
    Ok(match read_policy(&root, &git) {
        Ok((config, text)) => policy_findings(&config, &text),
        Err(problem) => vec![Finding { rule: Rule::Policy, diagnostic: problem }],
    })
}

/// The files of a folder walk; none when the folder itself is refused as unsafe.
fn walkable<T>(walk: Result<Vec<T>>) -> Result<Vec<T>> {
    match walk {
        Err(Error::UnsafePath { .. }) => Ok(Vec::new()),
        other => other,
    }
}

/// Reads and parses the policy; what is wrong with it is a finding (a binary file, a link,
/// a file too large or not valid), so the tickets are still checked.
fn read_policy(root: &Path, git: &GitRepo) -> std::result::Result<(Config, String), Diagnostic> {
    let max = crate::repo::max_file_bytes(git);
    let bytes = match crate::repo::safe_path::read_file(root, CONFIG_FILE, max) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Err(Diagnostic::new(CONFIG_FILE, 1, "the policy file is missing")),
        Err(e) => return Err(Diagnostic::new(CONFIG_FILE, 1, e.to_string())),
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(Diagnostic::new(CONFIG_FILE, 1, "the file is not UTF-8 text"));
    };
    let parsed = Config::parse(&text, Path::new(CONFIG_FILE)).and_then(|mut config| {
        config.load_holiday_files(&text, CONFIG_FILE, |path| crate::repo::safe_path::read_file(root, path, max))?;
        Ok(config)
    });
    match parsed {
        Ok(config) => Ok((config, text)),
        Err(Error::BadConfig(problem)) => Err(problem),
        Err(e) => Err(Diagnostic::new(CONFIG_FILE, 1, e.to_string())),
    }
}

/// What a valid policy may still get wrong: names with control characters (they would
/// reach terminals and hints), calendars without any working time (their clocks never come
/// due), and triage questions that lead back to themselves (the walk would never end).
fn policy_findings(config: &Config, text: &str) -> Vec<Finding> {
    use crate::policy::validate::line_of_path;
    let mut findings = Vec::new();
    let mut names: Vec<String> = Names::ALL.iter().filter_map(|list| config.names(*list)).flatten().collect();
    names.extend(config.escalation_reasons.keys().cloned());
    names.extend(config.calendars.keys().cloned());
    names.sort();
    names.dedup();
    for name in names.iter().filter(|name| name.chars().any(crate::text::is_unsafe_char)) {
        let line = text.lines().position(|line| line.contains(name.as_str())).map_or(1, |i| i + 1);
        findings.push(Finding::new(
            Rule::UnsafeName,
            CONFIG_FILE,
            line,
            format!("the name '{}' has control characters; use plain text", crate::text::escape_line(name)),
        ));
    }
    // Holidays can cover every working day (a closure spanning the years).
    let start = crate::clock::parse_timestamp("1970-01-01T00:00:00Z").expect("a valid instant");
    let end = crate::clock::parse_timestamp("2100-01-01T00:00:00Z").expect("a valid instant");
    for (name, calendar) in &config.calendars {
        if calendar.working_time(start, end).is_zero() {
            findings.push(Finding::new(
                Rule::NoWorkingTime,
                CONFIG_FILE,
                line_of_path(text, &["calendars", name]),
                format!("calendars.{name}: no working time at all (its holidays cover every working day), so no clock on it ever comes due"),
            ));
        }
    }
    for calendar in config.calendars.values() {
        findings.extend(
            calendar
                .unusable_holidays()
                .iter()
                .map(|problem| Finding { rule: Rule::UnusableHoliday, diagnostic: problem.clone() }),
        );
    }
    if let Some(tree) = &config.triage {
        for name in tree.questions.keys() {
            if let Some(cycle) = triage_cycle(tree, name) {
                findings.push(Finding::new(
                    Rule::TriageCycle,
                    CONFIG_FILE,
                    line_of_path(text, &["triage", "questions", name]),
                    format!(
                        "triage.questions.{name}: its answers can lead back to it ({}): triage would never end",
                        cycle.join(" -> ")
                    ),
                ));
            }
        }
    }
    findings
}

/// A path of `next` links from question `from` back to itself, if there is one.
fn triage_cycle(tree: &crate::policy::TriageTree, from: &str) -> Option<Vec<String>> {
    let mut stack: Vec<Vec<String>> = vec![vec![from.to_string()]];
    let mut seen = std::collections::HashSet::new();
    while let Some(path) = stack.pop() {
        let here = path.last().expect("a path has a question");
        let Some(question) = tree.questions.get(here) else { continue };
        for outcome in question.answers.values() {
            let Some(next) = &outcome.next else { continue };
            let mut longer = path.clone();
            longer.push(next.clone());
            if next == from {
                return Some(longer);
            }
            if seen.insert(next.clone()) {
                stack.push(longer);
            }
        }
    }
    None
}

/// A ticket or review file esc could not load, as a finding at its path (errors that are
/// not about one file, such as a failing disk, stop the lint).
fn file_problem(error: Error) -> Result<Finding> {
    let rule = if matches!(error, Error::MergeConflict(_)) { Rule::MergeConflict } else { Rule::Unreadable };
    let diagnostic = error.in_one_file().ok_or(error)?;
    Ok(Finding { rule, diagnostic })
}

/// A review must be named after, and point to, an existing ticket, and its action items
/// need distinct ids.
fn check_review(review: &LoadedReview, tickets: &HashMap<String, String>, findings: &mut Vec<Finding>) {
    let file = &review.file;
    let head = &file.review;
    let mut report = |rule: Rule, key: &str, message: String| {
        findings.push(Finding::new(rule, &review.relative_path, file.line_of(key), message));
    };
    if !tickets.contains_key(&head.ticket) {
        report(Rule::UnknownTicket, "ticket", format!("ticket {} does not exist", head.ticket));
    }
    if review.relative_path != Workspace::review_relative_path(&head.ticket) {
        report(
            Rule::WrongPath,
            "ticket",
            format!("the review of {} belongs in {}", head.ticket, Workspace::review_relative_path(&head.ticket)),
        );
    }
    let mut ids: Vec<&str> = Vec::new();
    for item in &head.action_items {
        if ids.iter().any(|id| id.eq_ignore_ascii_case(&item.id)) {
            report(Rule::DuplicateActionItem, "action_items", format!("action item id {} is used twice", item.id));
        }
        ids.push(&item.id);
        if let Some(ticket) = &item.ticket
            && !tickets.contains_key(ticket)
        {
            report(
                Rule::UnknownTicket,
                "action_items",
                format!("action item {} names ticket {ticket}, which does not exist", item.id),
            );
        }
    }
}

fn check_ticket(workspace: &Workspace, loaded: &LoadedTicket, check_values: bool, findings: &mut Vec<Finding>) {
    let file = &loaded.file;
    let t = &file.ticket;
    let mut report = |rule: Rule, key: &str, message: String| {
        findings.push(Finding::new(rule, &loaded.relative_path, file.line_of(key), message));
    };

    let expected_path = Workspace::ticket_relative_path(&t.id, &t.created);
    if loaded.relative_path != expected_path {
        report(Rule::WrongPath, "id", format!("ticket {} should be stored as {expected_path}", t.id));
    }
    // A key esc does not know is the user's and is kept, but one a letter away from esc's
    // own is a typo whose value esc silently ignores.
    for key in file.document().keys().filter(|k| !crate::ticket::TICKET_KEYS.contains(k)) {
        if let Some(meant) = crate::suggest::closest(key, crate::ticket::TICKET_KEYS.iter().copied()) {
            report(
                Rule::MisspeltKey,
                key,
                format!(
                    "unknown key '{}': did you mean '{meant}'? esc ignores this one",
                    crate::text::escape_line(key)
                ),
            );
        }
    }
    if t.title.trim().is_empty() {
        report(Rule::BadTitle, "title", "the title is empty".into());
    } else if t.title.chars().any(crate::text::is_unsafe_char) {
        report(Rule::BadTitle, "title", "the title contains control characters".into());
    }
    if check_values {
        let config = &workspace.config;
        let values = [
            (Names::Type, t.kind.as_deref()),
            (Names::Category, t.category.as_deref()),
            (Names::Severity, t.severity.as_deref()),
            (Names::Impact, t.impact.as_deref()),
            (Names::Urgency, t.urgency.as_deref()),
            (Names::Priority, t.priority.as_deref()),
            (Names::Level, Some(t.level.as_str())),
        ];
        for (field, value) in values {
            if let Some(value) = value
                && let Err(Error::InvalidValue { allowed, .. }) = config.check_value(field, value)
            {
                report(
                    Rule::UnknownValue,
                    field.as_str(),
                    format!("{field} '{value}' is not defined in {CONFIG_FILE} (known: {})", allowed.join(", ")),
                );
            }
        }
    }

    let Some(first) = t.history.first() else {
        report(Rule::HistoryStart, "history", "the history is empty: every ticket starts with an open event".into());
        return;
    };
    if !first.action.is(Action::Open) {
        report(Rule::HistoryStart, "history", format!("the history starts with '{}', not 'open'", first.action));
    }
    if first.at != t.created {
        report(Rule::CreatedMismatch, "created", "created differs from the time of the open event".into());
    }
    for (i, pair) in t.history.windows(2).enumerate() {
        if pair[1].at < pair[0].at {
            report(Rule::HistoryOrder, "history", format!("history entry {} is earlier than the one before it", i + 2));
        }
    }
    for (i, event) in t.history.iter().enumerate() {
        if let EventAction::Other(name) = &event.action {
            report(Rule::UnknownAction, "history", format!("history entry {}: unknown action '{name}'", i + 1));
        }
        for field in event.set_entries().keys() {
            if field.parse::<Field>().is_err() {
                report(
                    Rule::UnknownField,
                    "history",
                    format!("history entry {}: '{field}' is not a ticket field", i + 1),
                );
            }
        }
    }
    // The state fields must be what the history says they are.
    let folded = t.folded();
    for field in Field::ALL.iter().copied() {
        let (current, from_history) = (t.field(field), folded.field(field));
        if current != from_history {
            report(
                Rule::Drift,
                field.as_str(),
                format!(
                    "{field} is '{}' but the history says '{}'",
                    display_or_unset(&current),
                    display_or_unset(&from_history)
                ),
            );
        }
    }
}

fn display_or_unset(value: &FieldValue) -> String {
    match value {
        FieldValue::Null => "(unset)".into(),
        other => other.to_string(),
    }
}
