//! Where output goes and how it looks: stdout for data, stderr for people, tables.

use std::io::Write;

use comfy_table::{Cell, ContentArrangement, Table, presets};

use esc::clock::Timestamp;

/// Where output goes and how it looks.
pub struct Ui {
    pub json: bool,
    /// Colours: only on a terminal, never with `NO_COLOR`.
    pub color: bool,
    pub stdout_is_terminal: bool,
    pub stdin_is_terminal: bool,
    out: std::io::Stdout,
    /// Whoever read stdout stopped (`esc check | head`): the rest of the output is dropped,
    /// but the command runs to its verdict and exit code.
    closed: bool,
}

impl Ui {
    pub fn new(json: bool) -> Ui {
        use std::io::IsTerminal;
        let stdout_is_terminal = std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Ui {
            json,
            color: stdout_is_terminal && !no_color,
            stdout_is_terminal,
            stdin_is_terminal: std::io::stdin().is_terminal(),
            out: std::io::stdout(),
            closed: false,
        }
    }

    /// Data for stdout.
    pub fn print(&mut self, text: &str) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let mut out = self.out.lock();
        let written = (|| {
            out.write_all(text.as_bytes())?;
            if !text.is_empty() && !text.ends_with('\n') {
                out.write_all(b"\n")?;
            }
            out.flush()
        })();
        match written {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }

    /// A view as pretty JSON on stdout, with `schema_version` in front of its keys.
    pub fn print_json(&mut self, value: &impl serde::Serialize) -> anyhow::Result<()> {
        let text = serde_json::to_string_pretty(&crate::cli::views::schema::Versioned::new(value))?;
        self.print(&text)?;
        Ok(())
    }

    /// A message for the person at the terminal, on stderr.
    pub fn status(&self, text: &str) {
        // Whatever it quotes from the repository, no raw control character reaches the terminal.
        eprintln!("{}", esc::text::escape_text(text));
    }
}

/// A table in esc's plain style, as wide as the terminal allows.
pub fn new_table(ui: &Ui, header: &[&str]) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::NOTHING);
    if ui.stdout_is_terminal {
        table.set_content_arrangement(ContentArrangement::Dynamic);
    } else {
        table.set_content_arrangement(ContentArrangement::Disabled);
    }
    if !ui.color {
        table.force_no_tty();
    } else {
        table.enforce_styling();
    }
    table.set_header(header.iter().map(Cell::new));
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
    table
}

/// comfy-table pads the last column; trailing blanks only get in the way of diff and grep.
pub fn trim_lines(text: &str) -> String {
    text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n") + "\n"
}

pub fn short_time(t: &Timestamp) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}
