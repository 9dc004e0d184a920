//! Where output goes and how it looks: stdout for data, stderr for people, tables, colours,
//! the pager and the zone times are shown in.

use std::io::Write;

use comfy_table::{Cell, ColumnConstraint, ContentArrangement, Table, presets};

use esc::clock::{Timestamp, Zone};

/// `--color`: when to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb says otherwise
    /// (CLICOLOR_FORCE=1 turns it on even when piped).
    #[default]
    Auto,
    Always,
    Never,
}

/// How the person asked for output, from the global flags.
#[derive(Debug, Clone, Copy, Default)]
pub struct UiOptions {
    pub json: bool,
    pub color: ColorChoice,
    /// `--no-pager`.
    pub no_pager: bool,
    /// `--local`: times in the machine's zone.
    pub local: bool,
}

/// Where output goes and how it looks.
pub struct Ui {
    pub json: bool,
    /// Colours: `--color`, else on a terminal, never with `NO_COLOR`.
    pub color: bool,
    pub stdout_is_terminal: bool,
    pub stdin_is_terminal: bool,
    pub stderr_is_terminal: bool,
    /// The columns tables must fit in; `None`: as wide as their content (piped output, so
    /// scripts read whole lines).
    pub width: Option<usize>,
    /// `--local`: show times in the machine's zone, whatever the config says.
    pub local: bool,
    no_pager: bool,
    /// What stdout got while paging, shown through the pager by [`Ui::finish`].
    paged: Option<String>,
    out: std::io::Stdout,
    /// Whoever read stdout stopped (`esc check | head`): the rest of the output is dropped,
    /// but the command runs to its verdict and exit code.
    closed: bool,
}

/// The width when the terminal does not say.
const DEFAULT_WIDTH: usize = 80;
/// The height when the terminal does not say.
const DEFAULT_HEIGHT: usize = 24;

impl Ui {
    pub fn new(options: UiOptions) -> Ui {
        use std::io::IsTerminal;
        let stdout_is_terminal = std::io::stdout().is_terminal();
        Ui {
            json: options.json,
            color: wants_color(options.color, stdout_is_terminal, &|name| std::env::var(name).ok()),
            stdout_is_terminal,
            stdin_is_terminal: std::io::stdin().is_terminal(),
            stderr_is_terminal: std::io::stderr().is_terminal(),
            width: table_width(stdout_is_terminal, std::env::var("COLUMNS").ok().as_deref()),
            local: options.local,
            no_pager: options.no_pager,
            paged: None,
            out: std::io::stdout(),
            closed: false,
        }
    }

    /// From here on, stdout is held back and shown through the pager when it is taller than
    /// the terminal: only on a terminal, never with `--no-pager` or `--json`.
    pub fn page(&mut self) {
        if self.stdout_is_terminal && !self.no_pager && !self.json && pager_command().is_some() {
            self.paged = Some(String::new());
        }
    }

    /// Shows what [`Ui::page`] held back: through the pager when it does not fit on the
    /// screen, else as it is. A pager that quits early (`q` in less) is not an error.
    pub fn finish(&mut self) -> std::io::Result<()> {
        let Some(text) = self.paged.take() else { return Ok(()) };
        let height = terminal_size::terminal_size()
            .map(|(_, terminal_size::Height(h))| usize::from(h))
            .filter(|&h| h > 0)
            .unwrap_or(DEFAULT_HEIGHT);
        match pager_command() {
            Some(command) if text.lines().count() >= height => {
                if run_pager(&command, &text).is_ok() {
                    return Ok(());
                }
                // No pager to be had: the text itself, as without one.
                self.write_out(&text)
            }
            _ => self.write_out(&text),
        }
    }

    /// Data for stdout.
    pub fn print(&mut self, text: &str) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let newline = !text.is_empty() && !text.ends_with('\n');
        if let Some(paged) = &mut self.paged {
            paged.push_str(text);
            if newline {
                paged.push('\n');
            }
            return Ok(());
        }
        let mut out = self.out.lock();
        let written = (|| {
            out.write_all(text.as_bytes())?;
            if newline {
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

    fn write_out(&mut self, text: &str) -> std::io::Result<()> {
        let mut out = self.out.lock();
        out.write_all(text.as_bytes())?;
        out.flush()
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

    /// A spinner on stderr saying what esc is busy with, only when stderr is a terminal;
    /// clear it (`finish_and_clear`) before printing the result.
    pub fn spinner(&self, doing: &str) -> Option<indicatif::ProgressBar> {
        if !self.stderr_is_terminal {
            return None;
        }
        let spinner = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        spinner.set_message(doing.to_string());
        spinner.enable_steady_tick(std::time::Duration::from_millis(100));
        Some(spinner)
    }

    /// The zone times are shown in: the machine's with `--local`, else the config's
    /// `display.timezone` (UTC by default).
    pub fn zone(&self, config: &esc::policy::Config) -> Zone {
        if self.local { Zone::Local } else { config.display.timezone }
    }
}

/// `--color` and the environment's colour conventions: NO_COLOR always wins; then
/// CLICOLOR_FORCE (set, not 0) turns colour on even when piped; CLICOLOR=0 and TERM=dumb
/// turn it off; else colour on a terminal.
fn wants_color(choice: ColorChoice, terminal: bool, env: &dyn Fn(&str) -> Option<String>) -> bool {
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR").is_some() => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        ColorChoice::Auto if set("CLICOLOR").is_some_and(|v| v == "0") => false,
        ColorChoice::Auto if set("TERM").is_some_and(|v| v == "dumb") => false,
        ColorChoice::Auto => terminal,
    }
}

/// `COLUMNS` when it is a width; else the terminal's (80 when it says 0 or nothing); not on
/// a terminal and without `COLUMNS`, no limit.
fn table_width(terminal: bool, columns: Option<&str>) -> Option<usize> {
    if let Some(width) = columns.and_then(|c| c.trim().parse::<usize>().ok()).filter(|&w| w > 0) {
        return Some(width);
    }
    if !terminal {
        return None;
    }
    let from_terminal = terminal_size::terminal_size().map(|(terminal_size::Width(w), _)| usize::from(w));
    Some(from_terminal.filter(|&w| w > 0).unwrap_or(DEFAULT_WIDTH))
}

/// `ESC_PAGER`, else `PAGER`, else `less -FRX`; `None` when it is empty or `cat`.
fn pager_command() -> Option<String> {
    let chosen = std::env::var("ESC_PAGER").or_else(|_| std::env::var("PAGER")).unwrap_or_else(|_| "less -FRX".into());
    let chosen = chosen.trim();
    (!chosen.is_empty() && chosen != "cat").then(|| chosen.to_string())
}

/// Runs `command` through the shell, as git does, with `text` on its stdin, and waits for it.
fn run_pager(command: &str, text: &str) -> std::io::Result<()> {
    let mut shell = std::process::Command::new("sh");
    shell.arg("-c").arg(command).stdin(std::process::Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        // less quits when the text fits, keeps colours and leaves the screen as it was.
        shell.env("LESS", "FRX");
    }
    let mut child = shell.spawn()?;
    // Ctrl-C belongs to the pager while it runs (less uses it itself): esc waits for it to
    // quit rather than ending under it and leaving it on the terminal.
    let _wait = esc::interrupt::Critical::enter();
    if let Some(mut stdin) = child.stdin.take() {
        // A pager that quit before reading everything closed the pipe: that is the person's choice.
        match stdin.write_all(text.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                let _ = child.wait();
                return Err(e);
            }
            _ => {}
        }
    }
    child.wait()?;
    Ok(())
}

/// A table in esc's plain style. It never wraps; [`fit`] makes it fit the terminal.
pub fn new_table(ui: &Ui, header: &[&str]) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::NOTHING);
    table.set_content_arrangement(ContentArrangement::Disabled);
    if ui.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table.set_header(header.iter().map(Cell::new));
    for column in table.column_iter_mut() {
        column.set_padding((0, COLUMN_GAP));
    }
    table
}

/// The blanks after every column.
const COLUMN_GAP: u16 = 2;
/// The narrowest a shortened column gets.
const SHORTEST: usize = 8;

/// Makes `table` fit [`Ui::width`] when it is wider: the columns in `shorten` (titles, free
/// text; most important first) are cut to fit, ending in `…`, and lose any style; every other
/// column (ids, priorities, levels, times) stays whole. When even that is too wide, the
/// columns in `drop` go, in that order.
pub fn fit(ui: &Ui, table: &mut Table, shorten: &[usize], drop: &[usize]) {
    let Some(width) = ui.width else { return };
    let natural: Vec<usize> = table.column_max_content_widths().into_iter().map(usize::from).collect();
    let gap = usize::from(COLUMN_GAP);
    // The last column's gap is trimmed away (see trim_lines).
    let needed = |hidden: &[bool], cut: bool| -> usize {
        let columns = natural.iter().enumerate().filter(|(i, _)| !hidden[*i]);
        let total: usize =
            columns.map(|(i, &w)| if cut && shorten.contains(&i) { w.min(SHORTEST) } else { w } + gap).sum();
        total.saturating_sub(gap)
    };
    let mut hidden = vec![false; natural.len()];
    if needed(&hidden, false) <= width {
        return;
    }
    for &column in drop {
        if needed(&hidden, true) <= width {
            break;
        }
        hidden[column] = true;
    }
    // What the whole columns leave goes to the shortened ones: the first named (the title)
    // counts twice, and a column that needs less than its share leaves the rest to the others.
    let mut room = width + gap;
    for (i, &w) in natural.iter().enumerate() {
        if !hidden[i] {
            room = room.saturating_sub(gap + if shorten.contains(&i) { 0 } else { w });
        }
    }
    let cut: Vec<usize> = shorten.iter().copied().filter(|&i| i < natural.len() && !hidden[i]).collect();
    let mut given = vec![0; natural.len()];
    if let Some((&first, others)) = cut.split_first() {
        let mut others = others.to_vec();
        others.sort_by_key(|&i| natural[i]);
        for (n, &i) in others.iter().enumerate() {
            let share = room / (others.len() - n + 2);
            given[i] = natural[i].min(share.max(SHORTEST)).max(1);
            room = room.saturating_sub(given[i]);
        }
        given[first] = natural[first].min(room).max(1);
    }
    // The shortened cells are cut here, on characters (comfy-table would cut at words),
    // so the table is rebuilt with them; the other cells are kept as they were, styles too.
    let header: Vec<String> = table
        .header()
        .map(|row| row.cell_iter().enumerate().map(|(i, cell)| cut_to(&given, i, &cell.content())).collect())
        .unwrap_or_default();
    let mut rebuilt = new_table(ui, &header.iter().map(String::as_str).collect::<Vec<_>>());
    for row in table.row_iter() {
        let cells: Vec<Cell> = row
            .cell_iter()
            .enumerate()
            .map(|(i, cell)| if given[i] > 0 { Cell::new(cut_to(&given, i, &cell.content())) } else { cell.clone() })
            .collect();
        rebuilt.add_row(cells);
    }
    rebuilt.set_content_arrangement(ContentArrangement::Dynamic);
    rebuilt.set_width(u16::try_from(width + gap).unwrap_or(u16::MAX));
    for (i, column) in rebuilt.column_iter_mut().enumerate() {
        column.set_constraint(if hidden[i] { ColumnConstraint::Hidden } else { ColumnConstraint::ContentWidth });
    }
    *table = rebuilt;
}

/// `text` cut to the width `given` to column `i`, when it is a shortened one (non-zero).
fn cut_to(given: &[usize], i: usize, text: &str) -> String {
    match given.get(i) {
        Some(&width) if width > 0 => esc::text::truncate_to_width(text, width),
        _ => text.to_string(),
    }
}

/// comfy-table pads the last column; trailing blanks only get in the way of diff and grep.
pub fn trim_lines(text: &str) -> String {
    text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n") + "\n"
}

/// `2026-11-25 09:30 UTC`, or with the zone's offset (`+01:00`): a time for people.
pub fn short_time(t: &Timestamp, zone: &Zone) -> String {
    zone.format(t, "%Y-%m-%d %H:%M")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_flag_then_the_conventions() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
        };
        let auto = ColorChoice::Auto;
        assert!(wants_color(auto, true, &env(&[])));
        assert!(!wants_color(auto, false, &env(&[])));
        assert!(!wants_color(auto, true, &env(&[("NO_COLOR", "1")])));
        assert!(!wants_color(auto, true, &env(&[("TERM", "dumb")])));
        assert!(!wants_color(auto, true, &env(&[("CLICOLOR", "0")])));
        assert!(wants_color(auto, false, &env(&[("CLICOLOR_FORCE", "1")])));
        assert!(!wants_color(auto, false, &env(&[("CLICOLOR_FORCE", "0")])));
        assert!(wants_color(ColorChoice::Always, false, &env(&[("NO_COLOR", "1")])));
        assert!(!wants_color(ColorChoice::Never, true, &env(&[("CLICOLOR_FORCE", "1")])));
    }

    #[test]
    fn width_from_columns_else_unlimited_off_a_terminal() {
        assert_eq!(table_width(false, Some("40")), Some(40));
        assert_eq!(table_width(false, None), None);
        assert_eq!(table_width(false, Some("0")), None);
        assert_eq!(table_width(true, Some("120")), Some(120));
    }
}
