use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use esc::error::Error;
use esc::ops::act::Request;
use esc::ops::triage::walk;
use esc::text::escape_line;

use crate::cli::commands::{Context, perform_in, workspace};
use crate::cli::{Outcome, Ui};

/// Assess a ticket by answering the policy's triage questions.
///
/// Assess a ticket by answering the config's triage questions; the answers set its severity
/// (and type or category). Asks on a terminal; scripts pass every answer with --answer.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    /// QUESTION=ANSWER, e.g. --answer outage=no --answer scope=yes.
    #[arg(long = "answer", value_name = "KEY=VALUE")]
    answers: Vec<String>,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(&context.dir)?;
    let mut given = BTreeMap::new();
    for pair in &args.answers {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| Error::InvalidInput(format!("--answer {pair}: write QUESTION=ANSWER, e.g. outage=no")))?;
        given.insert(key.trim().to_string(), value.trim().to_string());
    }
    let interactive = ui.stdin_is_terminal;
    let stdin = std::io::stdin();
    let (values, answers) = walk(&workspace.config, |question| {
        if let Some(answer) = given.get(question.key) {
            return Ok(answer.clone());
        }
        if !interactive {
            return Err(Error::InvalidInput(format!(
                "triage question '{}' has no answer: {} (--answer {}={})",
                question.key,
                question.ask,
                question.key,
                question.answers.join("|")
            )));
        }
        eprint!("{} [{}] ", escape_line(question.ask), question.answers.join("/"));
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        stdin.lock().read_line(&mut line).map_err(|e| Error::InvalidInput(format!("reading an answer: {e}")))?;
        Ok(line.trim().to_string())
    })?;
    perform_in(&workspace, context, &args.id, &Request::Triage { values, answers }, ui)
}
