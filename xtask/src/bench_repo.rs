//! `cargo xtask bench-repo DIR --tickets N [--years Y]`: writes N ticket files into the esc
//! root DIR for the benchmarks (bench/run.sh).
//!
//! The files are rendered by the library, so they are exactly what esc writes, and their
//! histories go through esc's state machine, so `esc lint` finds nothing. A fixed
//! pseudo-random sequence makes every run the same. Tickets are spread over monthly folders
//! across Y years ending before November 2026; many stay open with running clocks, which is
//! what the performance work measures.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail, ensure};
use chrono::{Duration, Months};
use esc::clock::{Timestamp, parse_timestamp};
use esc::policy::Config;
use esc::repo::{CONFIG_FILE, Workspace};
use esc::ticket::file::TicketFile;
use esc::ticket::lifecycle::transition;
use esc::ticket::{Action, Event, Field, FieldValue, Status, Ticket, TicketId};

#[derive(Debug, clap::Args)]
pub struct Options {
    /// The esc root to write into (tickets go to DIR/tickets/YYYY/MM/); its
    /// .esc/config.yaml is used when there is one, else esc's default policy.
    dir: PathBuf,
    /// How many tickets to write.
    #[arg(long, value_name = "N")]
    tickets: u64,
    /// How many years, ending before 2026-11, the tickets are spread over.
    #[arg(long, value_name = "Y", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=50))]
    years: u32,
}

/// No event happens at or after this instant; what would is left undone, so the ticket
/// stays open.
const END: &str = "2026-11-01T00:00:00Z";

/// Of every hundred tickets, how many get stuck before the resolve and stay in the backlog,
/// with their clocks running.
const STUCK_PERCENT: u64 = 25;

/// How often each severity is drawn, most severe first (uniform for other policies).
const SEVERITY_WEIGHTS: [u64; 4] = [3, 12, 45, 40];

const CUSTOMERS: &[&str] = &["Acme Retail", "Globex Logistics", "Initech", "Umbrella Health", "Stark Freight"];
const PROBLEMS: &[&str] = &[
    "reports failing invoice export",
    "cannot sign in with SSO",
    "sees webhooks arrive late",
    "gets a 500 from the invoices API",
    "asks why a payment was charged twice",
    "reports a slow customer portal",
];
const BODY: &str =
    "The nightly export to the accounting system fails with a timeout.\n\nSteps: open Billing > Export.\n";

pub fn run(options: &Options) -> Result<()> {
    let started = Instant::now();
    let config = policy(&options.dir)?;
    let end = parse_timestamp(END).expect("a valid time");
    let start = end.checked_sub_months(Months::new(12 * options.years)).context("too many years")?;
    let mut rng = Rng::new(0x2545_F491_4F6C_DD1D);
    let mut ids = HashSet::new();
    let mut open = 0;
    for n in 0..options.tickets {
        let created = start + Duration::seconds(rng.below((end - start).num_minutes() as u64) as i64 * 60);
        let id = loop {
            let id = TicketId::from_random_bits(&config.id_prefix, rng.next() >> 24);
            if ids.insert(id.clone()) {
                break id;
            }
        };
        let ticket = Life::new(&config, &mut rng, end).play(id, created, n)?;
        open += usize::from(ticket.status.is_open());
        let path = options.dir.join(Workspace::ticket_relative_path(&ticket.id, &created));
        std::fs::create_dir_all(path.parent().expect("a file in a folder"))?;
        let text = TicketFile::new(ticket, BODY).render().map_err(|e| anyhow!("{}: {}", path.display(), e.message))?;
        std::fs::write(&path, text).with_context(|| path.display().to_string())?;
    }
    eprintln!(
        "wrote {} tickets ({open} open) over {} years into {} in {:.1} s",
        options.tickets,
        options.years,
        options.dir.join("tickets").display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// DIR's policy, or esc's default one (what `esc init` writes).
fn policy(dir: &Path) -> Result<Config> {
    ensure!(dir.is_dir(), "{} is not a folder", dir.display());
    let config = match std::fs::read_to_string(dir.join(CONFIG_FILE)) {
        Ok(text) => Config::parse(&text, Path::new(CONFIG_FILE))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default_policy(),
        Err(e) => return Err(e).context(CONFIG_FILE),
    };
    ensure!(
        !config.types.is_empty() && !config.categories.is_empty() && !config.severities.is_empty(),
        "the policy needs types, categories and severities to draw from"
    );
    Ok(config)
}

/// A 64-bit linear congruential sequence (Knuth's MMIX constants); the high bits are used.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        (self.next() >> 33) % n.max(1)
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// One ticket's life, recorded the way esc records it: each action through the state
/// machine, an event with only the fields it changed, and time counted in the priority's
/// calendar.
struct Life<'a> {
    config: &'a Config,
    rng: &'a mut Rng,
    end: Timestamp,
    ticket: Option<Ticket>,
    now: Timestamp,
    /// Actions left before the ticket gets stuck; a stuck ticket is never resolved.
    budget: usize,
    stuck: bool,
    /// Which of a level's agents works on this ticket.
    turn: usize,
}

impl<'a> Life<'a> {
    fn new(config: &'a Config, rng: &'a mut Rng, end: Timestamp) -> Life<'a> {
        Life { config, rng, end, ticket: None, now: end, budget: usize::MAX, stuck: false, turn: 0 }
    }

    fn play(mut self, id: TicketId, created: Timestamp, n: u64) -> Result<Ticket> {
        self.turn = (n % 3) as usize;
        self.open(id, created, n);
        if self.rng.percent(STUCK_PERCENT) {
            self.stuck = true;
            self.budget = 1 + self.rng.below(8) as usize;
        }
        let _stopped_early = self.work();
        let ticket = self.ticket.take().expect("opened");
        check_projection(&ticket)?;
        Ok(ticket)
    }

    /// Opens the ticket as esc open does: classified or not, routed, every initial value in
    /// the open event.
    fn open(&mut self, id: TicketId, created: Timestamp, n: u64) {
        let config = self.config;
        let customer = self.rng.pick(CUSTOMERS).to_string();
        let severity = self.rng.percent(85).then(|| self.severity());
        let implied = severity.as_ref().and_then(|s| config.severities.get(s));
        let (impact, urgency) = (implied.map(|s| s.impact.clone()), implied.map(|s| s.urgency.clone()));
        let priority = match (&impact, &urgency) {
            (Some(i), Some(u)) => config.priority_for(i, u).map(str::to_string),
            _ => None,
        };
        let kind = self.rng.pick(&config.types.keys().collect::<Vec<_>>()).to_string();
        let category = self.rng.pick(&config.categories).clone();
        let route =
            config.route(Some(&kind), Some(&category), severity.as_deref(), priority.as_deref(), Some(&customer));
        let level =
            route.and_then(|r| r.level.as_deref()).and_then(|l| config.level(l)).unwrap_or(config.first_level());
        let mut ticket = Ticket {
            id,
            title: format!("{customer} {} (#{n})", self.rng.pick(PROBLEMS)),
            status: Status::New,
            kind: Some(kind),
            category: Some(category),
            severity,
            impact,
            urgency,
            priority,
            level: level.name.clone(),
            team: route.and_then(|r| r.team.clone()).or_else(|| level.team.clone()),
            assignee: route.and_then(|r| r.assignee.clone()),
            vendor: None,
            vendor_ref: None,
            waiting_on: None,
            reporter: Some(format!("{} <support@{}.example>", customer, slug(&customer))),
            customer: Some(customer),
            labels: vec![self.rng.pick(&["export", "sso", "webhooks", "api", "payments", "portal"]).to_string()],
            links: vec![],
            created,
            resolution: None,
            root_cause: None,
            resolution_code: None,
            history: vec![],
        };
        let by = self.agent_for(&ticket.level).to_string();
        ticket.history.push(ticket.opening_event(by));
        self.ticket = Some(ticket);
        self.now = created;
    }

    /// The usual path: classify if needed, acknowledge, take, update, maybe escalate and wait
    /// on the customer, resolve, confirm. `None` at the first action that does not happen,
    /// which leaves the ticket where it is.
    fn work(&mut self) -> Option<()> {
        if self.ticket().priority.is_none() && self.rng.percent(80) {
            let severity = self.severity();
            self.classify(severity, 15, 240)?;
        }
        self.act(Action::Ack, 5, 300, &[], None)?;
        self.take(1, 15)?;
        self.act(Action::Update, 10, 240, &[], Some("We reproduced the problem and are investigating."))?;
        let mut escalations = u64::from(self.rng.percent(40)) + u64::from(self.rng.percent(12));
        while escalations > 0 && self.escalate(30, 900).is_some() {
            self.take(5, 120)?;
            self.act(Action::Update, 30, 600, &[], Some("A specialist is looking into it."))?;
            escalations -= 1;
        }
        if self.rng.percent(35) {
            let waiting = [(Field::WaitingOn, text("customer"))];
            self.act(Action::Wait, 10, 120, &waiting, Some("Asked the customer for logs and a screenshot."))?;
            self.act(Action::Resume, 60, 2400, &[(Field::WaitingOn, FieldValue::Null)], Some("The customer replied."))?;
        }
        if self.stuck {
            return None;
        }
        let codes: Vec<&String> = self.config.resolution_codes.keys().collect();
        let code = if codes.is_empty() { FieldValue::Null } else { text(self.rng.pick(&codes).as_str()) };
        let resolved = [
            (Field::Resolution, text("Fixed the export job and re-ran it.")),
            (Field::ResolutionCode, code),
            (Field::WaitingOn, FieldValue::Null),
        ];
        self.act(Action::Resolve, 30, 1500, &resolved, None)?;
        if self.rng.percent(85) {
            self.act(Action::Confirm, 60, 3000, &[], None)?;
        }
        Some(())
    }

    /// A severity of the policy, the severe ones rarer.
    fn severity(&mut self) -> String {
        // In name order, which for sev1, sev2, … is most severe first.
        let mut severities: Vec<(&String, u64)> = self.config.severities.keys().map(|s| (s, 1)).collect();
        if severities.len() == SEVERITY_WEIGHTS.len() {
            severities.iter_mut().zip(SEVERITY_WEIGHTS).for_each(|(s, weight)| s.1 = weight);
        }
        let mut draw = self.rng.below(severities.iter().map(|(_, w)| w).sum());
        for (name, weight) in &severities {
            if draw < *weight {
                return name.to_string();
            }
            draw -= weight;
        }
        unreachable!("the draw is below the total weight")
    }

    fn classify(&mut self, severity: String, lo: u64, hi: u64) -> Option<()> {
        let policy = self.config.severities.get(&severity)?;
        let priority = self.config.priority_for(&policy.impact, &policy.urgency).map(text).unwrap_or(FieldValue::Null);
        let changes = [
            (Field::Severity, text(&severity)),
            (Field::Impact, text(&policy.impact)),
            (Field::Urgency, text(&policy.urgency)),
            (Field::Priority, priority),
        ];
        self.act(Action::Classify, lo, hi, &changes, None)
    }

    fn take(&mut self, lo: u64, hi: u64) -> Option<()> {
        let me = self.agent_for(&self.ticket().level).to_string();
        self.act(Action::Assign, lo, hi, &[(Field::Assignee, text(&me))], None)
    }

    fn escalate(&mut self, lo: u64, hi: u64) -> Option<()> {
        let next = self.config.next_level(&self.ticket().level)?;
        let team = next.team.as_deref().map(text).unwrap_or(FieldValue::Null);
        let changes = [(Field::Level, text(&next.name)), (Field::Team, team)];
        self.act(Action::Escalate, lo, hi, &changes, Some("Needs a specialist."))
    }

    /// After a gap of `lo..hi` minutes in the ticket's calendar, records `action` with
    /// `changes`; `None` when the ticket is stuck or the time would pass the end.
    fn act(
        &mut self,
        action: Action,
        lo: u64,
        hi: u64,
        changes: &[(Field, FieldValue)],
        message: Option<&str>,
    ) -> Option<()> {
        self.budget = self.budget.checked_sub(1)?;
        let status = transition(self.ticket().status, action).ok()?;
        let priority = self.ticket().priority.clone().or_else(|| self.config.sla.unclassified.clone());
        let calendar = self.config.calendar_for(priority.as_deref().unwrap_or_default());
        let gap = Duration::minutes((lo + self.rng.below(hi - lo + 1)) as i64);
        let at = calendar.add_working(self.now, gap).filter(|at| *at < self.end)?;
        let by = self.agent_for(&self.ticket().level).to_string();
        let ticket = self.ticket.as_mut().expect("opened");
        let mut event = Event::new(at, by, action);
        event.message = message.map(str::to_string);
        let status = status.map(|s| (Field::Status, text(s.as_str())));
        for (field, value) in changes.iter().cloned().chain(status) {
            if ticket.field(field) != value {
                event.record(field, value.clone());
                ticket.set_field(field, value);
            }
        }
        ticket.history.push(event);
        self.now = at;
        Some(())
    }

    fn ticket(&self) -> &Ticket {
        self.ticket.as_ref().expect("opened")
    }

    /// Who works at a level: three agents per level, taking turns by ticket.
    fn agent_for(&self, level: &str) -> &'static str {
        const AGENTS: [[&str; 3]; 3] = [
            ["Ana Lima <ana@example.com>", "Ben Okafor <ben@example.com>", "Fay Odum <fay@example.com>"],
            ["Chen Wei <chen@example.com>", "Dana Kovac <dana@example.com>", "Gus Hale <gus@example.com>"],
            ["Eli Ramos <eli@example.com>", "Hugo Berg <hugo@example.com>", "Ines Vidal <ines@example.com>"],
        ];
        let index = self.config.levels.iter().position(|l| l.name == level).unwrap_or(0).min(2);
        AGENTS[index][self.turn]
    }
}

fn text(value: &str) -> FieldValue {
    FieldValue::Text(value.to_string())
}

fn slug(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}

/// The state fields must be what the history says, as `esc lint` checks.
fn check_projection(ticket: &Ticket) -> Result<()> {
    let folded = ticket.folded();
    for &field in Field::ALL {
        let (current, value) = (ticket.field(field), folded.field(field));
        if current != value {
            bail!("{}: {field} is {current} but the history says {value}", ticket.id);
        }
    }
    Ok(())
}
