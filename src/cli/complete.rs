//! Dynamic shell completion (`source <(COMPLETE=bash esc)`): ticket ids and the policy's
//! names (levels, teams, severities, …) come from the repository at hand.

use clap::CommandFactory;
use clap_complete::CompleteEnv;
use clap_complete::engine::{ArgValueCandidates, CompletionCandidate};

use esc::policy::{Config, Names};

use crate::cli::Cli;

/// Answers a completion request from the shell and exits, or returns for a normal run.
/// Must run before anything is printed.
pub fn complete() {
    CompleteEnv::with_factory(command).complete();
}

type Candidates = fn() -> Vec<CompletionCandidate>;

/// Which arguments (by their id, in every subcommand) complete from what.
const COMPLETERS: &[(&str, Candidates)] = &[
    ("id", ticket_ids),
    ("other", ticket_ids),
    ("level", levels),
    ("to", levels_and_teams),
    ("team", teams),
    ("severity", severities),
    ("priority", priorities),
    ("kind", types),
    ("category", categories),
    ("impact", impacts),
    ("urgency", urgencies),
    ("vendor", vendors),
    ("code", resolution_codes),
    ("reason", escalation_reasons),
    ("status", statuses),
];

/// esc's command line with the completers attached.
fn command() -> clap::Command {
    let mut cli = Cli::command();
    let names: Vec<String> = cli.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        cli = cli.mut_subcommand(name, |mut sub| {
            let ids: Vec<String> = sub.get_arguments().map(|a| a.get_id().to_string()).collect();
            for (arg, candidates) in COMPLETERS {
                // Only free text: a fixed list of possible values completes already.
                if ids.iter().any(|id| id == arg)
                    && sub.get_arguments().any(|a| a.get_id() == arg && a.get_possible_values().is_empty())
                {
                    sub = sub.mut_arg(*arg, |a| a.add(ArgValueCandidates::new(*candidates)));
                }
            }
            sub
        });
    }
    cli
}

/// The policy of the repository in the current folder; none outside one.
fn policy() -> Option<Config> {
    let dir = std::env::current_dir().ok()?;
    Some(esc::repo::Workspace::open(&dir).ok()?.config)
}

fn names(list: Names) -> Vec<CompletionCandidate> {
    policy().and_then(|p| p.names(list)).unwrap_or_default().into_iter().map(CompletionCandidate::new).collect()
}

fn ticket_ids() -> Vec<CompletionCandidate> {
    let Some(workspace) = std::env::current_dir().ok().and_then(|d| esc::repo::Workspace::open(&d).ok()) else {
        return Vec::new();
    };
    workspace.ticket_paths().unwrap_or_default().into_iter().map(|t| CompletionCandidate::new(t.id)).collect()
}

fn levels() -> Vec<CompletionCandidate> {
    names(Names::Level)
}

fn levels_and_teams() -> Vec<CompletionCandidate> {
    names(Names::Level).into_iter().chain(names(Names::Team)).collect()
}

fn teams() -> Vec<CompletionCandidate> {
    names(Names::Team)
}

fn severities() -> Vec<CompletionCandidate> {
    names(Names::Severity)
}

fn priorities() -> Vec<CompletionCandidate> {
    names(Names::Priority)
}

fn types() -> Vec<CompletionCandidate> {
    names(Names::Type)
}

fn categories() -> Vec<CompletionCandidate> {
    names(Names::Category)
}

fn impacts() -> Vec<CompletionCandidate> {
    names(Names::Impact)
}

fn urgencies() -> Vec<CompletionCandidate> {
    names(Names::Urgency)
}

fn vendors() -> Vec<CompletionCandidate> {
    names(Names::Vendor)
}

fn resolution_codes() -> Vec<CompletionCandidate> {
    names(Names::ResolutionCode)
}

fn escalation_reasons() -> Vec<CompletionCandidate> {
    let reasons = policy().map(|p| p.escalation_reasons.into_iter().collect::<Vec<_>>()).unwrap_or_default();
    reasons.into_iter().map(|(name, why)| CompletionCandidate::new(name).help(Some(why.into()))).collect()
}

fn statuses() -> Vec<CompletionCandidate> {
    esc::ticket::Status::NAMES.iter().map(|name| CompletionCandidate::new(*name)).collect()
}
