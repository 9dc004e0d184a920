use std::path::Path;

use esc::ops::config::{effective, get, schema};
use esc::repo::CONFIG_FILE;

use crate::cli::commands::workspace;
use crate::cli::views::lint::{LintView, findings};
use crate::cli::{Outcome, Ui};

/// Show, query and check the team's policy, .esc/config.yaml.
///
/// The policy names the support levels (L1, L2, …, each with a time limit per priority),
/// the ticket types, categories, impacts, urgencies and severities, the priorities with
/// their SLA targets (ack, update, resolve) and calendars, the impact × urgency priority
/// matrix, teams, vendors, escalation reasons, resolution codes, routing rules, the triage
/// questions, working-hours calendars with holidays, SLA behaviour (warn_at, pauses, sweep)
/// and post-incident review rules. `esc init` writes it with every default and a comment
/// on each part; `esc config schema` gives editors a JSON Schema to complete and check it
/// as you type.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  esc config                        the effective policy (defaults filled in)
  esc config get priorities.P1.ack  one value (a dotted key)
  esc config get levels.L2          a level by name
  esc config check                  is it valid? (exit 0, 1 with findings, 2 when it does not parse)
  esc config schema > .esc/config.schema.json")]
pub struct Args {
    #[command(subcommand)]
    command: Option<Sub>,
}

#[derive(Debug, clap::Subcommand)]
enum Sub {
    /// Print the effective policy: what esc uses, every default filled in (YAML, or JSON with --json).
    Show,
    /// Print one value by its dotted key (`sla.warn_at`, `priorities.P1.ack`, `levels.L2.limits`).
    Get {
        /// The dotted key; a list is indexed by its items' name or by number from 0.
        key: String,
    },
    /// Print the path of the policy file.
    Path,
    /// Check the policy: exit 0 when it is fine, 1 with findings (printed as `path:line: message`).
    Check,
    /// Print a JSON Schema of .esc/config.yaml, for editors (e.g. YAML language servers).
    Schema,
}

pub fn run(dir: &Path, args: Args, ui: &mut Ui) -> anyhow::Result<Outcome> {
    match args.command.unwrap_or(Sub::Show) {
        Sub::Show if ui.json => print_data(ui, &effective(&workspace(dir)?.config))?,
        // YAML in the file's own key order.
        Sub::Show => ui.print(&esc::text::escape_text(&esc::frontmatter::to_yaml(&workspace(dir)?.config)))?,
        Sub::Get { key } => print_value(ui, &get(&workspace(dir)?.config, &key)?)?,
        Sub::Path => {
            let root = esc::repo::find_root(dir)?;
            ui.print(&root.join(CONFIG_FILE).display().to_string())?;
        }
        Sub::Check => {
            // The policy part of `esc lint`, in its output shapes.
            let found = esc::ops::lint::lint_policy(dir)?;
            if ui.json {
                ui.print_json(&LintView::new(&found))?;
            } else {
                ui.print(&findings(&found))?;
            }
            if !found.is_empty() {
                return Ok(Outcome::Findings);
            }
            ui.status(&format!("{CONFIG_FILE}: no findings"));
        }
        Sub::Schema => print_data(ui, &schema())?,
    }
    Ok(Outcome::Success)
}

/// A scalar as plain text; anything else as YAML (JSON with --json).
fn print_value(ui: &mut Ui, value: &serde_json::Value) -> anyhow::Result<()> {
    match value {
        _ if ui.json => print_data(ui, value)?,
        serde_json::Value::String(text) => ui.print(&esc::text::escape_text(text))?,
        serde_json::Value::Null => ui.print("null")?,
        serde_json::Value::Bool(_) | serde_json::Value::Number(_) => ui.print(&value.to_string())?,
        _ => ui.print(&esc::text::escape_text(&esc::frontmatter::to_yaml(value)))?,
    }
    Ok(())
}

/// The policy's own data as JSON, as it is: not an output view, so without `schema_version`
/// (a value may be a plain string or number).
fn print_data(ui: &mut Ui, value: &serde_json::Value) -> anyhow::Result<()> {
    ui.print(&serde_json::to_string_pretty(value)?)?;
    Ok(())
}
