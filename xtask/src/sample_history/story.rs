//! The story as data: `story.txt` read into people, ticket scripts and review texts.
//!
//! The format is one row per line: a word, then arguments separated by spaces. `"Double
//! quotes"` hold text with spaces (`\"`, `\\` and `\n` are escapes), `#` starts a comment
//! line, and an indented line continues the row above. `story.txt` explains each row.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail, ensure};
use chrono::NaiveDateTime;
use esc::clock::{Timestamp, parse_timestamp};

/// The whole story, checked: every name it uses is defined.
#[derive(Debug)]
pub struct Story {
    pub seed: u64,
    /// The calendar (in the policy) whose hours are office hours and whose time zone the
    /// story's local times are in.
    pub office_calendar: String,
    /// Nothing may happen at or after this instant.
    pub cutoff: Timestamp,
    pub policy: PolicyCommit,
    /// Agents in the order they were declared (reviews pick action-item owners by index).
    pub agents: Vec<Agent>,
    pub contacts: BTreeMap<String, Contact>,
    pub tickets: Vec<TicketScript>,
    pub reviews: ReviewTexts,
}

/// The first commit of the generated repository: the policy.
#[derive(Debug)]
pub struct PolicyCommit {
    pub by: String,
    pub at: Timestamp,
    pub message: String,
}

#[derive(Debug)]
pub struct Agent {
    pub key: String,
    /// `Name <email>`, as git and esc record it.
    pub identity: String,
}

#[derive(Debug)]
pub struct Contact {
    pub customer: String,
    pub identity: String,
}

/// One ticket: who opened it when, and what happened to it.
#[derive(Debug)]
pub struct TicketScript {
    /// Office-calendar local time.
    pub opened: NaiveDateTime,
    pub by: String,
    /// An agent or a contact key.
    pub reporter: String,
    pub title: String,
    /// More `esc open` options.
    pub options: Vec<String>,
    pub steps: Vec<Step>,
    /// The story line, for error messages.
    pub line: usize,
}

/// A random number of minutes between `lo` and `hi`, both included.
#[derive(Debug, Clone, Copy)]
pub struct Gap {
    pub lo: u32,
    pub hi: u32,
}

/// Which calendar a gap counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapClock {
    /// The ticket's: around the clock for priorities with a 24x7 calendar, else office time.
    Ticket,
    Office,
    Wall,
}

#[derive(Debug)]
pub enum Step {
    /// `{name}` in later text becomes the current ticket's id.
    Name(String),
    /// After the gap, `who` runs `esc COMMAND ID ARGS…`.
    Act { who: String, gap: Gap, clock: GapClock, command: String, args: Vec<String> },
    /// A first-contact resolution at L1 (see the player).
    Fcr { who: String, code: String, update: String, resolution: String, cause: Option<String>, confirm: bool },
    /// The requester confirms a few office hours or days later (skipped past the cutoff).
    Confirm { who: String, message: Option<String> },
}

/// The pieces reviews are filled in with.
#[derive(Debug, Default)]
pub struct ReviewTexts {
    pub detections: Vec<String>,
    pub went_well: Vec<String>,
    pub went_poorly: Vec<String>,
    /// By ticket category; `*` is the fallback.
    pub lessons: BTreeMap<String, String>,
    /// `(type, title)` of the action item a review gets.
    pub actions: Vec<(String, String)>,
}

impl Story {
    pub fn agent(&self, key: &str) -> &Agent {
        self.agents.iter().find(|a| a.key == key).expect("the parser checked every agent name")
    }
}

/// Reads the story text; errors name the line.
pub fn parse(text: &str) -> Result<Story> {
    let mut builder = Builder::default();
    for (line, tokens) in rows(text)? {
        builder.row(line, &tokens).with_context(|| format!("story.txt line {line}: {}", tokens.join(" ")))?;
    }
    builder.finish()
}

#[derive(Default)]
struct Builder {
    seed: Option<u64>,
    office_calendar: Option<String>,
    cutoff: Option<Timestamp>,
    policy: Option<PolicyCommit>,
    agents: Vec<Agent>,
    contacts: BTreeMap<String, Contact>,
    tickets: Vec<TicketScript>,
    reviews: ReviewTexts,
}

impl Builder {
    fn row(&mut self, line: usize, tokens: &[String]) -> Result<()> {
        let (verb, args) = tokens.split_first().expect("rows are never empty");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        match (verb.as_str(), args.as_slice()) {
            ("seed", [n]) => self.seed = Some(n.parse().context("the seed is a number")?),
            ("office-calendar", [name]) => self.office_calendar = Some(name.to_string()),
            ("cutoff", [at]) => self.cutoff = Some(time(at)?),
            ("policy", [by, at, message]) => {
                self.policy = Some(PolicyCommit { by: self.agent(by)?, at: time(at)?, message: message.to_string() })
            }
            ("agent", [key, identity]) => {
                self.agents.push(Agent { key: key.to_string(), identity: identity.to_string() })
            }
            ("contact", [key, customer, identity]) => {
                let contact = Contact { customer: customer.to_string(), identity: identity.to_string() };
                self.contacts.insert(key.to_string(), contact);
            }
            ("open", [date, clock, by, reporter, title, options @ ..]) => {
                let opened = NaiveDateTime::parse_from_str(&format!("{date} {clock}"), "%Y-%m-%d %H:%M")
                    .context("the time is YYYY-MM-DD HH:MM")?;
                self.open(opened, by, reporter, title, options, line)?
            }
            ("detection", [text]) => self.reviews.detections.push(text.to_string()),
            ("went-well", [text]) => self.reviews.went_well.push(text.to_string()),
            ("went-poorly", [text]) => self.reviews.went_poorly.push(text.to_string()),
            ("lesson", [category, text]) => {
                self.reviews.lessons.insert(category.to_string(), text.to_string());
            }
            ("review-action", [kind, title]) => self.reviews.actions.push((kind.to_string(), title.to_string())),
            _ => {
                let step = self.step(verb, &args)?;
                let ticket = self.tickets.last_mut().context("a step before the first `open`")?;
                ticket.steps.push(step);
            }
        }
        Ok(())
    }

    fn open(
        &mut self,
        opened: NaiveDateTime,
        by: &str,
        reporter: &str,
        title: &str,
        options: &[&str],
        line: usize,
    ) -> Result<()> {
        ensure!(
            self.contacts.contains_key(reporter) || self.agents.iter().any(|a| a.key == reporter),
            "reporter '{reporter}' is neither an agent nor a contact"
        );
        self.tickets.push(TicketScript {
            opened,
            by: self.agent(by)?,
            reporter: reporter.to_string(),
            title: title.to_string(),
            options: options.iter().map(|o| o.to_string()).collect(),
            steps: Vec::new(),
            line,
        });
        Ok(())
    }

    fn step(&self, verb: &str, args: &[&str]) -> Result<Step> {
        let owned = |args: &[&str]| args.iter().map(|a| a.to_string()).collect::<Vec<_>>();
        Ok(match (verb, args) {
            ("name", [name]) => Step::Name(name.to_string()),
            ("classify" | "triage", [who, gap, rest @ ..]) => {
                self.act(who, gap, GapClock::Ticket, verb, owned(rest))?
            }
            ("act", [who, gap, command, rest @ ..]) => self.act(who, gap, GapClock::Ticket, command, owned(rest))?,
            ("act-office", [who, gap, command, rest @ ..]) => {
                self.act(who, gap, GapClock::Office, command, owned(rest))?
            }
            ("act-wall", [who, gap, command, rest @ ..]) => self.act(who, gap, GapClock::Wall, command, owned(rest))?,
            ("fcr" | "fcr-unconfirmed", [who, code, update, resolution, cause @ ..]) if cause.len() <= 1 => Step::Fcr {
                who: self.agent(who)?,
                code: code.to_string(),
                update: update.to_string(),
                resolution: resolution.to_string(),
                cause: cause.first().map(|c| c.to_string()),
                confirm: verb == "fcr",
            },
            ("confirm", [who]) => Step::Confirm { who: self.agent(who)?, message: None },
            ("confirm", [who, message]) => Step::Confirm { who: self.agent(who)?, message: Some(message.to_string()) },
            _ => bail!("unknown row, or the wrong number of arguments for '{verb}'"),
        })
    }

    fn act(&self, who: &str, gap: &str, clock: GapClock, command: &str, args: Vec<String>) -> Result<Step> {
        let gap = parse_gap(gap)?;
        // Office time is added from the next office minute, so a zero gap would be ambiguous.
        ensure!(clock == GapClock::Wall || gap.lo > 0, "gaps in office time start at 1 minute");
        Ok(Step::Act { who: self.agent(who)?, gap, clock, command: command.to_string(), args })
    }

    fn agent(&self, key: &str) -> Result<String> {
        ensure!(self.agents.iter().any(|a| a.key == key), "'{key}' is not an agent");
        Ok(key.to_string())
    }

    fn finish(self) -> Result<Story> {
        let reviews = self.reviews;
        ensure!(
            !reviews.detections.is_empty()
                && !reviews.went_well.is_empty()
                && !reviews.went_poorly.is_empty()
                && !reviews.actions.is_empty(),
            "story.txt needs detection, went-well, went-poorly and review-action rows"
        );
        ensure!(reviews.lessons.contains_key("*"), "story.txt needs a fallback lesson (lesson * TEXT)");
        Ok(Story {
            seed: self.seed.context("story.txt has no seed row")?,
            office_calendar: self.office_calendar.context("story.txt has no office-calendar row")?,
            cutoff: self.cutoff.context("story.txt has no cutoff row")?,
            policy: self.policy.context("story.txt has no policy row")?,
            agents: self.agents,
            contacts: self.contacts,
            tickets: self.tickets,
            reviews,
        })
    }
}

fn time(text: &str) -> Result<Timestamp> {
    parse_timestamp(text).with_context(|| format!("'{text}' is not an RFC 3339 time"))
}

/// `10..40` or a fixed `5`.
fn parse_gap(text: &str) -> Result<Gap> {
    let (lo, hi) = text.split_once("..").unwrap_or((text, text));
    let number = |s: &str| s.parse::<u32>().with_context(|| format!("'{text}' is not a gap like 10..40 or 5"));
    let gap = Gap { lo: number(lo)?, hi: number(hi)? };
    ensure!(gap.lo <= gap.hi, "the gap {text} ends before it starts");
    Ok(gap)
}

/// The rows of the text, each with its first line number, as tokens.
fn rows(text: &str) -> Result<Vec<(usize, Vec<String>)>> {
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let tokens = tokens(line).with_context(|| format!("story.txt line {number}"))?;
        if line.starts_with([' ', '\t']) {
            let (_, row) = rows.last_mut().with_context(|| format!("story.txt line {number} continues nothing"))?;
            row.extend(tokens);
        } else {
            rows.push((number, tokens));
        }
    }
    Ok(rows)
}

/// Splits a line at spaces, keeping `"quoted text"` together.
fn tokens(line: &str) -> Result<Vec<String>> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut token = String::new();
        if c == '"' {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some('n') => token.push('\n'),
                        Some(escaped @ ('"' | '\\')) => token.push(escaped),
                        other => bail!("unknown escape \\{}", other.map(String::from).unwrap_or_default()),
                    },
                    Some(c) => token.push(c),
                    None => bail!("a quote is not closed"),
                }
            }
        } else {
            while let Some(&c) = chars.peek().filter(|c| !c.is_whitespace()) {
                ensure!(c != '"', "a quote in the middle of a word");
                token.push(c);
                chars.next();
            }
        }
        tokens.push(token);
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_text_and_continuation_lines_make_one_row() {
        let rows = rows("act ana 1..3 update -m \"a \\\"b\\\"\"\n    --internal\n# note\nconfirm ana\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].1, ["act", "ana", "1..3", "update", "-m", "a \"b\"", "--internal"]);
        assert_eq!(rows[1], (4, vec!["confirm".to_string(), "ana".to_string()]));
    }

    #[test]
    fn the_story_parses() {
        let story = parse(super::super::STORY).unwrap();
        assert_eq!(story.tickets.len(), 84);
        assert_eq!(story.agents.len(), 5);
    }
}
