use clap::ValueEnum;

use crate::cli::views::audit::AuditView;
use crate::cli::views::check::CheckView;
use crate::cli::views::conflicts::{ConflictsView, FixedListView};
use crate::cli::views::import::ImportView;
use crate::cli::views::init::InitView;
use crate::cli::views::kb::KbView;
use crate::cli::views::lint::LintView;
use crate::cli::views::log::LogView;
use crate::cli::views::review::ReviewView;
use crate::cli::views::schema::{schema_of, schema_of_either};
use crate::cli::views::search::SearchView;
use crate::cli::views::sla::SlaView;
use crate::cli::views::stats::{ReportView, TrendView};
use crate::cli::views::sweep::SweepView;
use crate::cli::views::ticket::{TicketListView, TicketView};
use crate::cli::{Outcome, Ui};

/// Print the JSON Schema (draft 2020-12) of what a command prints with --json.
///
/// Every action (open, classify, escalate, …) prints the resulting ticket, as `esc show`
/// does. docs/json.md describes every key.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The command whose --json output to describe.
    #[arg(value_enum)]
    command: JsonCommand,
}

/// The commands that print JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum JsonCommand {
    Init,
    Open,
    Classify,
    Triage,
    Ack,
    Assign,
    Take,
    Escalate,
    Deescalate,
    Update,
    Wait,
    Resume,
    Resolve,
    Confirm,
    Reopen,
    Show,
    List,
    Log,
    Lint,
    Conflicts,
    Review,
    Kb,
    Search,
    Sla,
    Check,
    Audit,
    Stats,
    Sweep,
    Import,
}

pub fn run(args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let name = args.command.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
    let title = format!("esc {name} --json");
    let schema = match args.command {
        JsonCommand::Init => schema_of::<InitView>(&title),
        JsonCommand::List => schema_of::<TicketListView>(&title),
        JsonCommand::Log => schema_of::<LogView>(&title),
        JsonCommand::Lint => schema_of::<LintView>(&title),
        JsonCommand::Conflicts => schema_of_either::<ConflictsView, FixedListView>(&title),
        JsonCommand::Review => schema_of::<ReviewView>(&title),
        JsonCommand::Kb => schema_of::<KbView>(&title),
        JsonCommand::Search => schema_of::<SearchView>(&title),
        JsonCommand::Sla => schema_of::<SlaView>(&title),
        JsonCommand::Check => schema_of::<CheckView>(&title),
        JsonCommand::Audit => schema_of::<AuditView>(&title),
        JsonCommand::Stats => schema_of_either::<ReportView, TrendView>(&title),
        JsonCommand::Sweep => schema_of::<SweepView>(&title),
        JsonCommand::Import => schema_of::<ImportView>(&title),
        // Show and every action print one ticket.
        JsonCommand::Show
        | JsonCommand::Open
        | JsonCommand::Classify
        | JsonCommand::Triage
        | JsonCommand::Ack
        | JsonCommand::Assign
        | JsonCommand::Take
        | JsonCommand::Escalate
        | JsonCommand::Deescalate
        | JsonCommand::Update
        | JsonCommand::Wait
        | JsonCommand::Resume
        | JsonCommand::Resolve
        | JsonCommand::Confirm
        | JsonCommand::Reopen => schema_of::<TicketView>(&title),
    };
    ui.print(&serde_json::to_string_pretty(&schema)?)?;
    Ok(Outcome::Success)
}
