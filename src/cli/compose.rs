//! Text a person writes for an action: `-m TEXT`, `-m -` (stdin), `-F FILE` (`-` for
//! stdin), or, with neither on a terminal, an editor chosen as git chooses one.

use std::io::Read;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::cli::Ui;
use crate::cli::commands::{Context, workspace};

/// Where one piece of text comes from: flags as given, and how to ask for it in an editor.
pub struct Compose<'a> {
    /// The text flag's value (`-` reads stdin).
    pub text: Option<String>,
    /// A file to read it from (`-` reads stdin), relative to `-C DIR`.
    pub file: Option<PathBuf>,
    /// What the editor's help lines ask for, e.g. "the status update for the requester".
    pub what: &'a str,
    /// The flag that gives it on the command line, for the error when there is no terminal.
    pub flag: &'a str,
}

/// The help lines of an editor template start with this; they are dropped, as git does.
const COMMENT: char = '#';

impl Compose<'_> {
    /// The text, or an error (exit 2) when there is none or the editor was left empty:
    /// nothing is written then.
    pub fn read(self, context: &Context, ui: &Ui) -> anyhow::Result<String> {
        let dir = context.dir.as_path();
        let text = match (self.text, self.file) {
            (Some(text), _) if text == "-" => read_stdin(self.what)?,
            (Some(text), _) => text,
            (None, Some(file)) if file.as_os_str() == "-" => read_stdin(self.what)?,
            (None, Some(file)) => {
                let path = dir.join(&file);
                std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {} from {}", self.what, file.display()))?
            }
            (None, None) if ui.stdin_is_terminal && ui.stdout_is_terminal => {
                let editor = choose_editor(&|| workspace(dir).ok()?.git.config_value("core.editor"));
                let template = format!(
                    "\n{COMMENT} Write {} above. Lines starting with '{COMMENT}' are ignored;\n{COMMENT} an empty text aborts and nothing is written.\n",
                    self.what
                );
                let text = strip_comments(&edit(&editor, &template)?);
                if text.trim().is_empty() {
                    anyhow::bail!(esc::error::Error::InvalidInput(format!(
                        "aborted: {} is empty; nothing was written",
                        self.what
                    )));
                }
                text
            }
            (None, None) => anyhow::bail!(esc::error::Error::InvalidInput(format!(
                "no {} given: pass {} TEXT, {} - for stdin, or -F FILE (on a terminal esc opens your editor)",
                self.what, self.flag, self.flag
            ))),
        };
        // An empty text given on the command line is refused by the action itself.
        Ok(text.trim_end().to_string())
    }
}

fn read_stdin(what: &str) -> anyhow::Result<String> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).with_context(|| format!("reading {what} from stdin"))?;
    Ok(text)
}

/// The editor git would start: `GIT_EDITOR`, `core.editor`, `VISUAL`, `EDITOR`, then `vi`.
pub fn choose_editor(core_editor: &dyn Fn() -> Option<String>) -> String {
    let set = |v: Option<String>| v.filter(|e| !e.trim().is_empty());
    set(std::env::var("GIT_EDITOR").ok())
        .or_else(|| set(core_editor()))
        .or_else(|| set(std::env::var("VISUAL").ok()))
        .or_else(|| set(std::env::var("EDITOR").ok()))
        .unwrap_or_else(|| "vi".to_string())
}

/// Runs `editor` on a temporary file holding `template` and returns what was saved. The
/// editor is a shell command, as git runs it (`code --wait` works).
pub fn edit(editor: &str, template: &str) -> anyhow::Result<String> {
    let file = tempfile::Builder::new().prefix("esc-edit-").suffix(".md").tempfile()?;
    std::fs::write(file.path(), template)?;
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .with_context(|| format!("starting the editor '{editor}'"))?;
    anyhow::ensure!(status.success(), "the editor '{editor}' failed ({status}); nothing was written");
    Ok(std::fs::read_to_string(file.path())?)
}

/// The text without its `#` help lines.
pub fn strip_comments(text: &str) -> String {
    text.lines().filter(|line| !line.starts_with(COMMENT)).collect::<Vec<_>>().join("\n")
}
