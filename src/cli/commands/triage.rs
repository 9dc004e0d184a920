use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use esc::error::Error;
use esc::ops::act::Request;
use esc::ops::triage::{Question, Reply, check_questions, walk};
use esc::text::escape_line;

use crate::cli::commands::{Context, perform_in, workspace};
use crate::cli::{Outcome, Ui};

/// How many unusable replies esc takes to one question before it gives up.
const MAX_TRIES: usize = 3;

/// Assess a ticket by answering the policy's triage questions.
///
/// Assess a ticket by answering the config's triage questions; the answers set its severity
/// (and type or category). Asks on a terminal, again after a reply that is no answer; any
/// unique start of an answer will do (y for yes). Scripts pass every answer with --answer.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    /// QUESTION=ANSWER, e.g. --answer outage=no --answer scope=y (a unique start of the answer
    /// will do); an unknown question or answer is an error.
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
    check_questions(&workspace.config, given.keys().map(String::as_str))?;
    let interactive = ui.stdin_is_terminal;
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
        ask(question)
    })?;
    perform_in(&workspace, context, &args.id, &Request::Triage { values, answers }, ui)
}

/// Asks `question` on the terminal until the reply is one of its answers, [`MAX_TRIES`]
/// times at most; the end of input stops it. Either way nothing is written.
fn ask(question: &Question<'_>) -> esc::error::Result<String> {
    let stdin = std::io::stdin();
    for _ in 0..MAX_TRIES {
        eprint!("{} [{}] ", escape_line(question.ask), question.answers.join("/"));
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        let read =
            stdin.lock().read_line(&mut line).map_err(|e| Error::InvalidInput(format!("reading an answer: {e}")))?;
        if read == 0 {
            return Err(Error::InvalidInput(format!(
                "triage question '{}' got no answer: the input ended; nothing was written",
                question.key
            )));
        }
        let typed = escape_line(line.trim());
        match question.interpret(&line) {
            Reply::Answer(answer) => return Ok(answer.to_string()),
            Reply::Ambiguous(several) => eprintln!("'{typed}' could be {}: type more of it", several.join(" or ")),
            Reply::Unknown(Some(close)) => eprintln!("'{typed}' is not an answer; did you mean {close}?"),
            Reply::Unknown(None) => eprintln!("'{typed}' is not an answer: {}", question.answers.join(", ")),
        }
    }
    Err(Error::InvalidInput(format!(
        "triage question '{}' got no answer in {MAX_TRIES} tries; nothing was written",
        question.key
    )))
}
