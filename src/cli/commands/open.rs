use std::io::Read;
use std::path::PathBuf;

use anyhow::Context as _;
use esc::ops::open::{OpenRequest, open};
use esc::text::escape_line;

use crate::cli::commands::{Context, workspace};
use crate::cli::compose::{choose_editor, edit, strip_comments};
use crate::cli::views::ticket::{TicketView, ticket_details};
use crate::cli::{Outcome, Ui};

/// Record a new problem: a ticket at the first level with status `new`. Prints its id.
///
/// The body comes from --body, --body-file (`-` for stdin), or $EDITOR when on a terminal.
/// Giving a severity fills in impact and urgency; impact and urgency give the priority.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc open \"Checkout returns 502 for EU customers\" --severity sev2 --customer Globex
  esc open \"VPN drops every hour\" --type incident --label network --body-file report.md
  esc open \"Invoice PDF is blank\"           (on a terminal: your editor asks for the description)")]
pub struct Args {
    /// One line saying what is wrong.
    title: String,
    /// Kind of ticket (types in the config: technical, customer, internal).
    #[arg(long = "type", value_name = "TYPE")]
    kind: Option<String>,
    /// Severity (sev1 … sev4 by default).
    #[arg(long)]
    severity: Option<String>,
    /// Impact (high, medium, low by default).
    #[arg(long)]
    impact: Option<String>,
    /// Urgency (high, medium, low by default).
    #[arg(long)]
    urgency: Option<String>,
    /// Category (from the config's categories).
    #[arg(long)]
    category: Option<String>,
    /// The customer affected.
    #[arg(long)]
    customer: Option<String>,
    /// Who reported it (default: you, from git config).
    #[arg(long)]
    reporter: Option<String>,
    /// A label; repeat for several.
    #[arg(long = "label", value_name = "LABEL")]
    labels: Vec<String>,
    /// The description (Markdown).
    #[arg(long, conflicts_with = "body_file")]
    body: Option<String>,
    /// Read the description from a file, or `-` for stdin.
    #[arg(long, value_name = "F")]
    body_file: Option<PathBuf>,
}

pub fn run(context: &Context, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    let workspace = workspace(&context.dir)?;
    workspace.git.identity()?; // before anyone types a body into an editor
    let body = read_body(context, &args, ui)?;
    let request = OpenRequest {
        title: args.title,
        kind: args.kind,
        category: args.category,
        severity: args.severity,
        impact: args.impact,
        urgency: args.urgency,
        customer: args.customer,
        reporter: args.reporter,
        labels: args.labels,
        body,
    };
    let now = esc::clock::now(None)?;
    let (ticket, warnings) = open(&workspace, request, context.run_hooks, now)?;
    for warning in &warnings {
        ui.status(&format!("warning: {}", escape_line(warning)));
    }
    if ui.json {
        ui.print_json(&TicketView::new(&ticket))?;
    } else {
        ui.print(&ticket.file.ticket.id.to_string())?;
        if ui.stdout_is_terminal {
            ui.status(&format!("\n{}", ticket_details(&ticket, Some(now.at), &ui.zone(&workspace.config))));
        }
    }
    Ok(Outcome::Success)
}

fn read_body(context: &Context, args: &Args, ui: &Ui) -> anyhow::Result<String> {
    if let Some(body) = &args.body {
        return Ok(body.clone());
    }
    match &args.body_file {
        Some(path) if path.as_os_str() == "-" => {
            let mut body = String::new();
            std::io::stdin().read_to_string(&mut body).context("reading the body from stdin")?;
            Ok(body)
        }
        Some(path) => std::fs::read_to_string(context.dir.join(path))
            .with_context(|| format!("reading the body from {}", path.display())),
        None if ui.stdin_is_terminal && ui.stdout_is_terminal => body_from_editor(context, &args.title),
        None => Ok(String::new()),
    }
}

/// Lets the user write the body in their editor, like `git commit` does; an empty body
/// aborts with nothing written.
fn body_from_editor(context: &Context, title: &str) -> anyhow::Result<String> {
    let editor = choose_editor(&|| workspace(&context.dir).ok()?.git.config_value("core.editor"));
    let template = format!(
        "\n# Describe \"{}\" above: what happened, who is affected, since when.\n# Lines starting with '#' are ignored; an empty description aborts and no ticket is opened.\n",
        escape_line(title)
    );
    let body = strip_comments(&edit(&editor, &template)?).trim().to_string();
    if body.is_empty() {
        anyhow::bail!(esc::error::Error::InvalidInput(
            "aborted: the description is empty; no ticket was opened".into()
        ));
    }
    Ok(body + "\n")
}
