//! Dynamic shell completion (`source <(COMPLETE=bash esc)`): ticket ids and the policy's
//! names (levels, teams, severities, …) come from the repository at hand.

use clap::CommandFactory;
use clap_complete::CompleteEnv;
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};

use esc::policy::Names;

use crate::cli::Cli;

/// Answers a completion request from the shell and exits, or returns for a normal run.
/// Must run before anything is printed.
pub fn complete() {
    CompleteEnv::with_factory(command).complete();
}

/// Where an argument's candidates come from.
#[derive(Clone, Copy)]
enum Source {
    TicketIds,
    Policy(Names),
    LevelsAndTeams,
    EscalationReasons,
    Statuses,
}

/// Which arguments (by their id, in every subcommand) complete from what.
const COMPLETERS: &[(&str, Source)] = &[
    ("id", Source::TicketIds),
    ("other", Source::TicketIds),
    ("level", Source::Policy(Names::Level)),
    ("to", Source::LevelsAndTeams),
    ("team", Source::Policy(Names::Team)),
    ("severity", Source::Policy(Names::Severity)),
    ("priority", Source::Policy(Names::Priority)),
    ("kind", Source::Policy(Names::Type)),
    ("category", Source::Policy(Names::Category)),
    ("impact", Source::Policy(Names::Impact)),
    ("urgency", Source::Policy(Names::Urgency)),
    ("vendor", Source::Policy(Names::Vendor)),
    ("code", Source::Policy(Names::ResolutionCode)),
    ("reason", Source::EscalationReasons),
    ("status", Source::Statuses),
];

/// esc's command line with the completers attached.
fn command() -> clap::Command {
    let mut cli = Cli::command();
    let names: Vec<String> = cli.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        cli = cli.mut_subcommand(name, |mut sub| {
            for (arg, source) in COMPLETERS {
                // Only free text: a fixed list of possible values completes already.
                if sub.get_arguments().any(|a| a.get_id() == arg && a.get_possible_values().is_empty()) {
                    let source = *source;
                    sub = sub.mut_arg(*arg, |a| a.add(ArgValueCandidates::new(move || candidates(source))));
                }
            }
            sub
        });
    }
    cli
}

/// The candidates from the repository in the current folder; none outside one.
fn candidates(source: Source) -> Vec<CompletionCandidate> {
    let plain = |names: Vec<String>| names.into_iter().map(CompletionCandidate::new).collect();
    let workspace = || std::env::current_dir().ok().and_then(|d| esc::repo::Workspace::open(&d).ok());
    let names = |list: Names| workspace().and_then(|w| w.config.names(list)).unwrap_or_default();
    match source {
        Source::Statuses => plain(esc::ticket::Status::NAMES.iter().map(|n| n.to_string()).collect()),
        Source::TicketIds => {
            let ids = workspace().and_then(|w| w.ticket_paths().ok()).unwrap_or_default();
            plain(ids.into_iter().map(|t| t.id).collect())
        }
        Source::Policy(list) => plain(names(list)),
        Source::LevelsAndTeams => plain([names(Names::Level), names(Names::Team)].concat()),
        Source::EscalationReasons => workspace()
            .map(|w| w.config.escalation_reasons)
            .unwrap_or_default()
            .into_iter()
            .map(|(name, why)| CompletionCandidate::new(name).help(Some(why.into())))
            .collect(),
    }
}
