//! esc's merge driver in a clone's own git configuration: what `merge=esc` in
//! `.gitattributes` runs. Only the clone's configuration says what runs, never a file from
//! the committed tree.

use std::path::Path;

use super::git::GitRepo;
use crate::error::{Error, Result};

impl GitRepo {
    /// Registers esc's merge driver (`merge.esc.driver`, `merge.esc.name`) in this clone's
    /// own `.git/config`, running `program`, unless a driver is configured whose program
    /// still exists. Returns whether it wrote. `.gitattributes` only names the driver: what
    /// runs is always taken from the clone's configuration, never from the committed tree.
    pub fn register_merge_driver(&self, program: &Path) -> Result<bool> {
        if let Some(driver) = self.config_value("merge.esc.driver")
            && driver_program(&driver).is_some_and(|p| Path::new(&p).exists())
        {
            return Ok(false);
        }
        let path = self.repo.config_path(gix::config::Source::Local).map_err(Error::git)?;
        let mut file = self.repo.config_file_mut(path).map_err(Error::git)?;
        let command = format!("{} merge-driver %O %A %B %P", shell_quote(&program.to_string_lossy()));
        file.set_raw_value_by("merge", Some("esc".into()), "name", "esc: tickets and reviews merged by meaning")
            .map_err(Error::git)?;
        file.set_raw_value_by("merge", Some("esc".into()), "driver", command.as_str()).map_err(Error::git)?;
        file.commit().map_err(Error::git)?;
        Ok(true)
    }
}

/// Quotes `text` for the shell git runs a merge driver with.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// The program of a configured driver command: the first word, unquoted.
fn driver_program(command: &str) -> Option<String> {
    let command = command.trim_start();
    match command.strip_prefix('\'') {
        Some(rest) => {
            let mut program = String::new();
            let mut rest = rest;
            // 'a'\''b' is how shell_quote writes a quote inside the path.
            loop {
                let end = rest.find('\'')?;
                program.push_str(&rest[..end]);
                rest = &rest[end + 1..];
                match rest.strip_prefix("\\''") {
                    Some(more) => {
                        program.push('\'');
                        rest = more;
                    }
                    None => return Some(program),
                }
            }
        }
        None => command.split_whitespace().next().map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_driver_command_names_its_program_even_with_quotes_in_the_path() {
        for path in ["/usr/bin/esc", "/home/a b/esc", "/it's/esc"] {
            let command = format!("{} merge-driver %O %A %B %P", shell_quote(path));
            assert_eq!(driver_program(&command).as_deref(), Some(path), "{command}");
        }
        assert_eq!(driver_program("esc merge-driver %O %A %B %P").as_deref(), Some("esc"));
    }
}
