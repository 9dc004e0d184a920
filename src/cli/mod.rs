//! Command-line parsing, dispatch and error reporting. All printing lives under `cli/`.

mod commands;
mod complete;
mod compose;
pub mod signals;
pub mod ui;
mod views;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use ui::Ui;
use ui::{ColorChoice, UiOptions};

use commands::{
    Context, ack, assign, audit, check, classify, completions, config, confirm, conflicts, deescalate, edit, escalate,
    export, import, init, kb, link, lint, list, log, man, merge_driver, open, reopen, report, resolve, resume, review,
    schema, search, show, sla, stats, sweep, sync, take, triage, update, wait,
};

/// Run a support team's escalation process as plain-text tickets in git.
///
/// Every ticket is a Markdown file with YAML front matter; every change is one git commit,
/// so `git log` is the audit trail.
#[derive(Debug, Parser)]
#[command(name = "esc", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    /// Run as if esc was started in DIR.
    #[arg(short = 'C', value_name = "DIR", global = true, help_heading = "Global options")]
    pub directory: Option<PathBuf>,

    /// Print data as JSON on stdout.
    #[arg(long, global = true, help_heading = "Global options")]
    pub json: bool,

    /// Do not run the notification hooks (esc.hook.<event> in git config).
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_hooks: bool,

    /// Read every ticket file itself, without the cache of parsed tickets in .git/esc-read-cache.
    #[arg(long, global = true, help_heading = "Global options", env = "ESC_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_cache: bool,

    /// When to colour the output: auto (on a terminal, unless NO_COLOR, CLICOLOR=0 or
    /// TERM=dumb; CLICOLOR_FORCE=1 forces it), always or never.
    #[arg(long, value_enum, value_name = "WHEN", global = true, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Do not send long output of list, show, log and search through the pager
    /// (ESC_PAGER, PAGER, else `less -FRX`).
    #[arg(long, global = true)]
    pub no_pager: bool,

    /// Show times in this machine's time zone (TZ) instead of display.timezone from the
    /// config (UTC by default).
    #[arg(long, global = true)]
    pub local: bool,

    /// For an action on a ticket: do it although a permission rule forbids it, where the
    /// policy lets that rule be overridden. The reason goes into the history and the commit,
    /// and esc audit reports it.
    #[arg(long = "override", value_name = "REASON", global = true, help_heading = "Global options")]
    pub override_reason: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

impl Command {
    /// Whether the command acts on a ticket, so that `--override` means something to it.
    fn acts_on_a_ticket(&self) -> bool {
        use Command::*;
        matches!(
            self,
            Classify(_)
                | Triage(_)
                | Ack(_)
                | Assign(_)
                | Take(_)
                | Escalate(_)
                | Deescalate(_)
                | Update(_)
                | Wait(_)
                | Resume(_)
                | Resolve(_)
                | Confirm(_)
                | Reopen(_)
                | Edit(_)
                | Link(_)
                | Review(_)
        )
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    Open(open::Args),
    Classify(classify::Args),
    Triage(triage::Args),
    Ack(ack::Args),
    Assign(assign::Args),
    Take(take::Args),
    Escalate(escalate::Args),
    Deescalate(deescalate::Args),
    Update(update::Args),
    Wait(wait::Args),
    Resume(resume::Args),
    Resolve(resolve::Args),
    Confirm(confirm::Args),
    Reopen(reopen::Args),
    Edit(edit::Args),
    Link(link::Args),
    Import(import::Args),
    Export(export::Args),
    Show(show::Args),
    List(list::Args),
    Log(log::Args),
    Lint(lint::Args),
    Conflicts(conflicts::Args),
    Kb(kb::Args),
    Review(review::Args),
    Search(search::Args),
    Sla(sla::Args),
    Check(check::Args),
    Audit(audit::Args),
    Stats(stats::Args),
    Report(report::Args),
    Sweep(sweep::Args),
    Sync(sync::Args),
    Config(config::Args),
    Schema(schema::Args),
    Completions(completions::Args),
    Man(man::Args),
    #[command(hide = true)]
    MergeDriver(merge_driver::Args),
}

/// The exit code of a command that ran: 0, or 1 for findings.
pub enum Outcome {
    Success,
    Findings,
}

/// Parses the command line, runs the command and reports errors as `error:` / `hint:`.
pub fn main() -> ExitCode {
    complete::complete();
    let cli = Cli::parse();
    let mut ui = Ui::new(UiOptions { json: cli.json, color: cli.color, no_pager: cli.no_pager, local: cli.local });
    if matches!(cli.command, Command::List(_) | Command::Show(_) | Command::Log(_) | Command::Search(_)) {
        ui.page();
    }
    let result = run(cli, &mut ui);
    // What was held back for the pager is shown even when the command failed after it.
    let result = match (result, ui.finish()) {
        (Ok(outcome), Ok(())) => Ok(outcome),
        (Err(error), _) => Err(error),
        (Ok(_), Err(error)) => Err(error.into()),
    };
    if let (Ok(_), Some(signal)) = (&result, esc::interrupt::requested()) {
        // The signal came while esc was publishing: it finished that first, as it said.
        eprintln!("esc: stopped by signal {signal} after finishing what it was writing");
        return ExitCode::from(signals::exit_status(signal) as u8);
    }
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS; // `esc list | head` is not a failure
            }
            report(&error);
            match esc::interrupt::requested() {
                Some(signal) => ExitCode::from(signals::exit_status(signal) as u8),
                None => ExitCode::from(2),
            }
        }
    }
}

fn run(cli: Cli, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let dir = match cli.directory {
        Some(dir) => dir,
        None => std::env::current_dir()?,
    };
    if !dir.is_dir() {
        anyhow::bail!("-C {}: no such directory", dir.display());
    }
    if cli.override_reason.is_some() && !cli.command.acts_on_a_ticket() {
        return Err(esc::error::Error::Usage {
            message: "--override applies to actions on a ticket (resolve, deescalate, classify, review --publish, …)"
                .into(),
            hint: "leave it out".into(),
        }
        .into());
    }
    let context = Context { dir: dir.clone(), run_hooks: !cli.no_hooks, override_reason: cli.override_reason.clone() };
    commands::use_read_cache(!cli.no_cache);
    let in_a_clone = !matches!(
        cli.command,
        Command::Completions(_) | Command::Man(_) | Command::MergeDriver(_) | Command::Schema(_)
    );
    let is_init = matches!(cli.command, Command::Init(_));
    if in_a_clone && !is_init {
        prepare_clone(&dir, ui);
    }
    match cli.command {
        Command::Init(args) => init::run(&dir, args, ui).inspect(|_| prepare_clone(&dir, ui)),
        Command::Open(args) => open::run(&context, args, ui),
        Command::Classify(args) => classify::run(&context, args, ui),
        Command::Triage(args) => triage::run(&context, args, ui),
        Command::Ack(args) => ack::run(&context, args, ui),
        Command::Assign(args) => assign::run(&context, args, ui),
        Command::Take(args) => take::run(&context, args, ui),
        Command::Escalate(args) => escalate::run(&context, args, ui),
        Command::Deescalate(args) => deescalate::run(&context, args, ui),
        Command::Update(args) => update::run(&context, args, ui),
        Command::Wait(args) => wait::run(&context, args, ui),
        Command::Resume(args) => resume::run(&context, args, ui),
        Command::Resolve(args) => resolve::run(&context, args, ui),
        Command::Confirm(args) => confirm::run(&context, args, ui),
        Command::Reopen(args) => reopen::run(&context, args, ui),
        Command::Edit(args) => edit::run(&context, args, ui),
        Command::Link(args) => link::run(&context, args, ui),
        Command::Import(args) => import::run(&context, args, ui),
        Command::Export(args) => export::run(&dir, args, ui),
        Command::Show(args) => show::run(&dir, args, ui),
        Command::List(args) => list::run(&dir, args, ui),
        Command::Log(args) => log::run(&dir, args, ui),
        Command::Lint(args) => lint::run(&dir, args, ui),
        Command::Conflicts(args) => conflicts::run(&dir, args, ui),
        Command::Review(args) => review::run(&context, args, ui),
        Command::Kb(args) => kb::run(&dir, args, ui),
        Command::Search(args) => search::run(&dir, args, ui),
        Command::Sla(args) => sla::run(&dir, args, ui),
        Command::Check(args) => check::run(&dir, args, ui),
        Command::Audit(args) => audit::run(&dir, args, ui),
        Command::Stats(args) => stats::run(&dir, args, ui),
        Command::Report(args) => report::run(&dir, args, ui),
        Command::Sweep(args) => sweep::run(&context, args, ui),
        Command::Sync(args) => sync::run(&context, args, ui),
        Command::Config(args) => config::run(&dir, args, ui),
        Command::Schema(args) => schema::run(args, ui),
        Command::Completions(args) => completions::run(args, ui),
        Command::Man(args) => man::run(args, ui),
        Command::MergeDriver(args) => merge_driver::run(args, ui),
    }
}

/// Before a command: an action a killed esc left half done is finished or rolled back, and
/// git is set up to merge tickets with esc; each said once, on stderr. A failure is only a
/// warning: the command itself can still run.
fn prepare_clone(dir: &std::path::Path, ui: &Ui) {
    use esc::repo::intent::Recovery;
    let program = std::env::current_exe().and_then(|p| p.canonicalize()).ok();
    let prepared = match esc::ops::recover::prepare_clone(dir, program.as_deref()) {
        Ok(prepared) => prepared,
        Err(error) => {
            let error = esc::text::escape_line(&error.to_string());
            return ui.status(&format!("warning: could not prepare this clone for esc: {error}"));
        }
    };
    match prepared.recovery {
        Some(Recovery::Completed { paths }) => ui.status(&format!(
            "esc: finished an action a kill interrupted after its commit: {}",
            esc::text::escape_line(&paths.join(", "))
        )),
        Some(Recovery::RolledBack { paths }) => ui.status(&format!(
            "esc: rolled back an action a kill interrupted before its commit: {}",
            esc::text::escape_line(&paths.join(", "))
        )),
        None => {}
    }
    if prepared.driver.registered {
        ui.status("esc: registered its merge driver in this clone's .git/config (merge.esc.driver), so git merges tickets by meaning");
    }
    if prepared.driver.attributes {
        ui.status("esc: marked tickets and reviews merge=esc in .git/info/attributes (.gitattributes does not)");
    }
}

fn report(error: &anyhow::Error) {
    eprintln!("error: {}", esc::text::escape_line(&error.to_string()));
    if let Some(esc_error) = error.chain().find_map(|e| e.downcast_ref::<esc::error::Error>()) {
        for detail in esc_error.details() {
            eprintln!("  {}", esc::text::escape_line(&detail));
        }
    }
    for cause in error.chain().skip(1) {
        eprintln!("caused by: {}", esc::text::escape_line(&cause.to_string()));
    }
    if let Some(hint) = error.chain().find_map(|e| e.downcast_ref::<esc::error::Error>()).and_then(|e| e.hint()) {
        eprintln!("hint: {}", esc::text::escape_line(&hint));
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// Every argument of every command, with the command's path, that has no help text.
    fn without_help(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            if arg.get_help().is_none() && !matches!(id, "help" | "version") && !arg.is_hide_set() {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in command.get_subcommands() {
            without_help(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }

    #[test]
    fn every_argument_of_every_command_has_help_text() {
        let mut missing = Vec::new();
        without_help(&Cli::command(), "esc", &mut missing);
        assert!(missing.is_empty(), "arguments without help text:\n{}", missing.join("\n"));
    }

    #[test]
    fn the_command_list_has_one_line_per_command() {
        let help = Cli::command().term_width(100).render_help().to_string();
        let list = help.split("Commands:\n").nth(1).and_then(|rest| rest.split("\n\n").next()).expect("a command list");
        for line in list.lines() {
            assert!(!line.starts_with("   "), "a command's summary wraps onto a second line: {line:?}\n{list}");
        }
    }
}
