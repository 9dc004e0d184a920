//! Plays the ticket scripts of the story through esc, one process per action.

use std::collections::HashMap;
use std::path::PathBuf;

use anyhow::{Context, Result, bail, ensure};
use chrono::Duration;
use esc::clock::{Timestamp, format_timestamp};
use esc::policy::Config;
use esc::policy::calendar::Calendar;

use super::clock::{Office, Rng};
use super::read_ticket;
use super::runner::Runner;
use super::story::{GapClock, Step, Story, TicketScript};

/// Where the story stands: the time, the random sequence, the ids named so far.
pub struct Player<'a> {
    pub(super) story: &'a Story,
    pub(super) runner: &'a Runner,
    pub(super) office: &'a Office,
    config: &'a Config,
    pub(super) rng: Rng,
    pub(super) now: Timestamp,
    /// First characters of the hand-written tickets' ids, which generated ids avoid.
    reserved: String,
    names: HashMap<String, String>,
}

/// The ticket being played.
struct Current {
    id: String,
    file: PathBuf,
    /// Whether gaps count around the clock (P1, P2) or in office time.
    wall_clock: bool,
}

/// How often an id whose first character is reserved is drawn again before giving up.
const ID_TRIES: usize = 200;

impl<'a> Player<'a> {
    pub fn new(story: &'a Story, runner: &'a Runner, office: &'a Office, config: &'a Config, reserved: String) -> Self {
        let rng = Rng::new(story.seed);
        Player { story, runner, office, config, rng, now: story.policy.at, reserved, names: HashMap::new() }
    }

    /// Plays every ticket of the story, in order.
    pub fn play_tickets(&mut self) -> Result<()> {
        for script in &self.story.tickets {
            self.play(script).with_context(|| format!("story.txt line {}: '{}'", script.line, script.title))?;
        }
        Ok(())
    }

    fn play(&mut self, script: &TicketScript) -> Result<()> {
        let mut current = self.open(script)?;
        for step in &script.steps {
            match step {
                Step::Name(name) => {
                    self.names.insert(name.clone(), current.id.clone());
                }
                Step::Act { who, gap, clock, command, args } => {
                    let wall_clock = match clock {
                        GapClock::Ticket => current.wall_clock,
                        GapClock::Office => false,
                        GapClock::Wall => true,
                    };
                    self.advance(wall_clock, gap.lo, gap.hi);
                    self.act(&current, who, command, args)?;
                    if command == "classify" || command == "triage" {
                        current.wall_clock = self.counts_around_the_clock(&current)?;
                    }
                }
                Step::Fcr { who, code, update, resolution, cause, confirm } => {
                    self.fcr(&current, who, code, update, resolution, cause.as_deref())?;
                    if *confirm {
                        self.confirm(&current, who, None)?;
                    }
                }
                Step::Confirm { who, message } => self.confirm(&current, who, message.as_deref())?,
            }
        }
        Ok(())
    }

    /// Opens the ticket, drawing again while its id starts with a reserved character.
    fn open(&mut self, script: &TicketScript) -> Result<Current> {
        self.now = self.office.local(script.opened)?;
        let mut args = vec!["open".to_string(), script.title.clone()];
        match self.story.contacts.get(&script.reporter) {
            Some(contact) => {
                args.extend(["--customer", &contact.customer, "--reporter", &contact.identity].map(String::from))
            }
            None => args.extend(["--reporter".to_string(), self.story.agent(&script.reporter).identity.clone()]),
        }
        args.extend(script.options.iter().map(|o| self.expand(o)));
        for _ in 0..ID_TRIES {
            let id = self.esc(&script.by, &args)?;
            ensure!(id.parse::<esc::ticket::TicketId>().is_ok(), "esc open printed '{id}'");
            let file = self.ticket_file(&id)?;
            let first = id.split_once('-').and_then(|(_, random)| random.chars().next()).unwrap_or_default();
            if !self.reserved.contains(first) {
                let mut current = Current { id, file, wall_clock: !self.office.is_open_at(self.now) };
                if read_ticket(&current.file)?.priority.is_some() {
                    current.wall_clock = self.counts_around_the_clock(&current)?;
                }
                return Ok(current);
            }
            // A hand-written ticket's id starts with this character: undo the open (its
            // commit is the last one), so the history stays esc's alone, and draw again.
            self.runner.git(None, &["reset", "-q", "--hard", "HEAD~1"])?;
        }
        bail!("could not draw an id with a free first character in {ID_TRIES} tries")
    }

    /// Moves the time on by a random gap, in wall-clock or office minutes.
    pub(super) fn advance(&mut self, wall_clock: bool, lo: u32, hi: u32) {
        let minutes = self.rng.between(lo, hi);
        self.now = match wall_clock {
            true => self.now + Duration::minutes(minutes.into()),
            false => self.office.add(self.now, minutes),
        };
    }

    /// `esc COMMAND ID ARGS` as `who`, now.
    fn act(&mut self, current: &Current, who: &str, command: &str, args: &[String]) -> Result<()> {
        let mut all = vec![command.to_string(), current.id.clone()];
        all.extend(args.iter().map(|a| self.expand(a)));
        self.esc(who, &all).map(|_| ())
    }

    /// A first-contact resolution at L1: take and a public update (one time in three; the
    /// update acknowledges too), or ack, take and update; then the resolve.
    fn fcr(
        &mut self,
        current: &Current,
        who: &str,
        code: &str,
        update: &str,
        resolution: &str,
        cause: Option<&str>,
    ) -> Result<()> {
        let step = |player: &mut Self, lo, hi, command: &str, args: &[&str]| -> Result<()> {
            player.advance(current.wall_clock, lo, hi);
            player.act(current, who, command, &args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
        };
        if self.rng.between(0, 2) == 0 {
            step(self, 5, 40, "take", &[])?;
            step(self, 5, 40, "update", &["-m", update])?;
        } else {
            step(self, 5, 50, "ack", &[])?;
            step(self, 1, 3, "take", &[])?;
            step(self, 10, 90, "update", &["-m", update])?;
        }
        match cause {
            Some(cause) => {
                step(self, 5, 60, "resolve", &["--resolution", resolution, "--root-cause", cause, "--code", code])
            }
            None => step(self, 5, 60, "resolve", &["--resolution", resolution, "--code", code]),
        }
    }

    /// The requester confirms 45 to 1200 office minutes later, unless that is past the cutoff.
    fn confirm(&mut self, current: &Current, who: &str, message: Option<&str>) -> Result<()> {
        let at = self.office.add(self.now, self.rng.between(45, 1200));
        if at >= self.story.cutoff {
            return Ok(());
        }
        self.now = at;
        let args: Vec<String> = message.map(|m| vec!["-m".to_string(), m.to_string()]).unwrap_or_default();
        self.act(current, who, "confirm", &args)
    }

    /// Runs esc as the agent `who` at the current time, which must be before the cutoff.
    pub(super) fn esc(&self, who: &str, args: &[String]) -> Result<String> {
        let at = format_timestamp(&self.now);
        ensure!(self.now < self.story.cutoff, "'esc {}' at {at} is not before the cutoff", args[0]);
        let identity = &self.story.agent(who).identity;
        self.runner.esc_as(identity, self.now, args).with_context(|| format!("esc {} at {at} failed", args[0]))
    }

    /// Whether the ticket's priority counts in a 24x7 calendar.
    fn counts_around_the_clock(&self, current: &Current) -> Result<bool> {
        let ticket = read_ticket(&current.file)?;
        let calendar = ticket.priority.as_deref().map(|p| self.config.calendar_for(p));
        Ok(calendar.is_some_and(|c| c == Calendar::always_ref()))
    }

    /// `tickets/YYYY/MM/ID.md` in the repository, wherever esc put it.
    pub(super) fn ticket_file(&self, id: &str) -> Result<PathBuf> {
        let tickets = self.runner.repo.join("tickets");
        for year in std::fs::read_dir(&tickets)? {
            for month in std::fs::read_dir(year?.path())? {
                let path = month?.path().join(format!("{id}.md"));
                if path.is_file() {
                    return Ok(path);
                }
            }
        }
        bail!("no file for {id}")
    }

    /// Text with `{name}` replaced by the ids named so far.
    fn expand(&self, text: &str) -> String {
        self.names.iter().fold(text.to_string(), |text, (name, id)| text.replace(&format!("{{{name}}}"), id))
    }
}
