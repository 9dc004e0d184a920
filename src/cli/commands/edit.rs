use std::path::PathBuf;

use anyhow::Context as _;
use esc::ops::act::Request;
use esc::ops::edit::Edits;
use esc::ticket::file::TicketFile;
use esc::ticket::{Link, Ticket};

use crate::cli::commands::{Context, perform_in, workspace};
use crate::cli::compose::{choose_editor, edit};
use crate::cli::{Outcome, Ui};

/// Change a ticket's title, labels, customer, reporter, category, links or body.
///
/// Change what a ticket is about: title, labels, customer, reporter, category, links and
/// body, recorded as one `edit` entry in its history (so lint sees no drift).
///
/// With no change flags on a terminal, the whole ticket opens in your editor (GIT_EDITOR,
/// core.editor, VISUAL, EDITOR, then vi); what you save is checked before anything is
/// committed. Status, level, priority and the other workflow fields change only through
/// their actions (classify, escalate, resolve, …), never here.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc edit 7k2m --title \"Checkout fails for Visa cards\"
  esc edit 7k2m --add-label payments --remove-label triage
  esc edit 7k2m --customer Globex --body-file notes.md
  esc edit 7k2m                     the whole ticket in your editor")]
pub struct Args {
    /// Ticket id, or any unique prefix of its random part.
    id: String,
    /// The new title.
    #[arg(long)]
    title: Option<String>,
    /// Add a label (repeat for several).
    #[arg(long, value_name = "LABEL")]
    add_label: Vec<String>,
    /// Remove a label (repeat for several).
    #[arg(long, value_name = "LABEL")]
    remove_label: Vec<String>,
    /// The customer ("" clears it).
    #[arg(long)]
    customer: Option<String>,
    /// Who reported it ("" clears it).
    #[arg(long)]
    reporter: Option<String>,
    /// The category, from the policy ("" clears it).
    #[arg(long)]
    category: Option<String>,
    /// The new body (Markdown).
    #[arg(long, conflicts_with = "body_file")]
    body: Option<String>,
    /// Read the new body from this file (`-` for stdin), relative to -C DIR.
    #[arg(long, value_name = "FILE")]
    body_file: Option<PathBuf>,
    /// Why, for the history.
    #[arg(long, short = 'm', value_name = "TEXT")]
    message: Option<String>,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(&context.dir)?;
    let body = match &args.body_file {
        Some(path) if path.as_os_str() == "-" => {
            Some(std::io::read_to_string(std::io::stdin()).context("reading stdin")?)
        }
        Some(path) => Some(
            std::fs::read_to_string(context.dir.join(path))
                .with_context(|| format!("reading the body from {}", path.display()))?,
        ),
        None => args.body.clone(),
    };
    let mut edits = Edits {
        title: args.title,
        add_labels: args.add_label,
        remove_labels: args.remove_label,
        customer: args.customer,
        reporter: args.reporter,
        category: args.category,
        body,
        message: args.message.clone(),
        ..Edits::default()
    };
    if edits == (Edits { message: args.message.clone(), ..Edits::default() }) {
        if !(ui.stdin_is_terminal && ui.stdout_is_terminal) {
            anyhow::bail!(esc::error::Error::InvalidInput(
                "nothing to change: give --title, --add-label, --customer, --body … (on a terminal, \
                 `esc edit ID` alone opens the whole ticket in your editor)"
                    .into()
            ));
        }
        let loaded = workspace.load_by_query(&args.id)?;
        let text = workspace
            .read_file(&loaded.relative_path)?
            .ok_or_else(|| anyhow::anyhow!("{} is gone", loaded.relative_path))?;
        let text = String::from_utf8(text).context("the ticket is not UTF-8 text")?;
        let editor = choose_editor(&|| workspace.git.config_value("core.editor"));
        let saved = edit(&editor, &text)?;
        if saved == text {
            anyhow::bail!(esc::error::Error::InvalidInput("aborted: the ticket was saved unchanged".into()));
        }
        edits = edits_between(&loaded.file, &saved)?;
        edits.message = args.message;
    }
    perform_in(&workspace, context, &args.id, &Request::Edit(Box::new(edits)), ui)
}

/// What the user changed in the editor, as edits; a change to anything else is refused
/// with the action that makes it.
fn edits_between(before: &TicketFile, saved: &str) -> anyhow::Result<Edits> {
    let after = TicketFile::parse(saved).map_err(|e| {
        esc::error::Error::InvalidInput(format!("the edited ticket does not read: line {}: {}", e.line, e.message))
    })?;
    let (old, new) = (&before.ticket, &after.ticket);
    let editable = |t: &Ticket| {
        let mut t = t.clone();
        (t.title, t.labels, t.customer, t.reporter, t.category, t.links) =
            (String::new(), Vec::new(), None, None, None, Vec::new());
        t
    };
    if editable(old) != editable(new) {
        anyhow::bail!(esc::error::Error::InvalidInput(
            "only the title, labels, customer, reporter, category, links and body can be edited; status, level, \
             priority and history change through their actions (esc classify, escalate, resolve, …): nothing was written"
                .into()
        ));
    }
    let text = |new: &Option<String>, old: &Option<String>| (new != old).then(|| new.clone().unwrap_or_default());
    Ok(Edits {
        title: (new.title != old.title).then(|| new.title.clone()),
        add_labels: new.labels.iter().filter(|l| !old.labels.contains(l)).cloned().collect(),
        remove_labels: old.labels.iter().filter(|l| !new.labels.contains(l)).cloned().collect(),
        customer: text(&new.customer, &old.customer),
        reporter: text(&new.reporter, &old.reporter),
        category: text(&new.category, &old.category),
        add_links: new.links.iter().filter(|l| !old.links.contains(l)).cloned().collect::<Vec<Link>>(),
        remove_links: old.links.iter().filter(|l| !new.links.contains(l)).map(|l| l.id.clone()).collect(),
        body: (after.body() != before.body()).then(|| after.body().to_string()),
        message: None,
    })
}
