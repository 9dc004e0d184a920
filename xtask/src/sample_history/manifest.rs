//! What the generator may touch in sample-repo: only the files listed in the manifest
//! (`test-data/generated-tickets.txt`) are ever deleted, and nothing else is overwritten.

use std::path::Path;

use anyhow::{Context, Result, bail, ensure};

/// The list of generated files, relative to the project root.
pub const MANIFEST: &str = "test-data/generated-tickets.txt";

/// The months that hold generated tickets only; a file there that is not on the manifest
/// was put there by hand.
const GENERATED_ONLY_MONTHS: [&str; 3] = ["2026/08", "2026/09", "2026/10"];

const HEADER: &str = "# Written by `cargo xtask sample-history`: the ticket and review files it generated.\n\
                      # --force deletes exactly these files before writing new ones.\n";

/// The files an earlier run wrote, each checked to be a path the generator may write.
pub fn read(root: &Path) -> Result<Vec<String>> {
    let text = match std::fs::read_to_string(root.join(MANIFEST)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).context(MANIFEST),
    };
    let mut paths = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        ensure!(is_generated_path(line), "unexpected line in {MANIFEST}: {line}");
        paths.push(line.to_string());
    }
    Ok(paths)
}

/// `sample-repo/tickets/2026/{08,09,10,11}/ID.md` or `sample-repo/reviews/ID.md`.
fn is_generated_path(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("sample-repo/") else { return false };
    let Some((dir, name)) = rest.rsplit_once('/') else { return false };
    let dir_ok = dir == "reviews" || ["08", "09", "10", "11"].iter().any(|m| dir == format!("tickets/2026/{m}"));
    let id = name.strip_suffix(".md").and_then(|n| n.strip_prefix("ESC-"));
    let id_ok = id.is_some_and(|id| {
        id.len() == esc::ticket::ID_RANDOM_LEN && id.bytes().all(|b| esc::ticket::ID_ALPHABET.contains(&b))
    });
    dir_ok && id_ok
}

/// Refuses to copy over an earlier run without `--force`, or next to hand-written tickets
/// in the generated months.
pub fn check_before_copy(root: &Path, previous: &[String], force: bool) -> Result<()> {
    let existing = previous.iter().filter(|p| root.join(p).exists()).count();
    if existing > 0 && !force {
        bail!(
            "sample-repo already holds {existing} generated files (listed in {MANIFEST}); rerun with --force to replace them"
        );
    }
    for month in GENERATED_ONLY_MONTHS {
        for path in markdown_files(&root.join("sample-repo/tickets").join(month))? {
            let relative = format!("sample-repo/tickets/{month}/{path}");
            if !previous.contains(&relative) {
                bail!("{relative} is not on {MANIFEST}, so it was not generated; move it away first");
            }
        }
    }
    Ok(())
}

/// The first characters of the hand-written tickets' ids: each starts with a different one
/// so that one-letter prefixes (`esc show y`) find them, and generated ids avoid them.
pub fn reserved_first_chars(root: &Path, previous: &[String]) -> Result<String> {
    let tickets = root.join("sample-repo/tickets");
    let mut reserved = String::new();
    for year in subdirectories(&tickets)? {
        for month in subdirectories(&tickets.join(&year))? {
            for name in markdown_files(&tickets.join(&year).join(&month))? {
                let relative = format!("sample-repo/tickets/{year}/{month}/{name}");
                if let Some(first) = name.strip_prefix("ESC-").and_then(|id| id.chars().next())
                    && !previous.contains(&relative)
                {
                    reserved.push(first);
                }
            }
        }
    }
    Ok(reserved)
}

/// Deletes the previous run's files (with `force`), writes the manifest, then copies the new
/// files (relative to `repo`) into sample-repo.
pub fn replace(root: &Path, repo: &Path, previous: &[String], generated: &[String], force: bool) -> Result<()> {
    if force {
        for path in previous {
            match std::fs::remove_file(root.join(path)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e).context(path.clone()),
                _ => {}
            }
        }
    }
    // The manifest first, so that whatever happens next, every file written is on it.
    let mut manifest = HEADER.to_string();
    for path in generated {
        manifest.push_str(&format!("sample-repo/{path}\n"));
    }
    std::fs::write(root.join(MANIFEST), manifest).context(MANIFEST)?;
    for path in generated {
        let dest = format!("sample-repo/{path}");
        ensure!(is_generated_path(&dest), "unexpected generated path: {path}");
        ensure!(!root.join(&dest).exists(), "{dest} already exists");
        let dest = root.join(dest);
        std::fs::create_dir_all(dest.parent().expect("a file in a folder"))?;
        std::fs::copy(repo.join(path), &dest).with_context(|| format!("copying {path}"))?;
    }
    Ok(())
}

/// Names of the `.md` files in `dir`, sorted; none if it does not exist.
pub fn markdown_files(dir: &Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = entries(dir)?
        .into_iter()
        .filter(|(name, is_dir)| !is_dir && name.ends_with(".md"))
        .map(|(name, _)| name)
        .collect();
    names.sort();
    Ok(names)
}

/// Names of the folders in `dir`, sorted; none if it does not exist.
pub fn subdirectories(dir: &Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = entries(dir)?.into_iter().filter(|(_, is_dir)| *is_dir).map(|(n, _)| n).collect();
    names.sort();
    Ok(names)
}

fn entries(dir: &Path) -> Result<Vec<(String, bool)>> {
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| dir.display().to_string()),
    };
    let mut entries = Vec::new();
    for entry in read {
        let entry = entry?;
        entries.push((entry.file_name().to_string_lossy().into_owned(), entry.file_type()?.is_dir()));
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_generated_ticket_and_review_paths_are_accepted() {
        assert!(is_generated_path("sample-repo/tickets/2026/08/ESC-0R43QBC1.md"));
        assert!(is_generated_path("sample-repo/reviews/ESC-0R43QBC1.md"));
        for bad in [
            "sample-repo/tickets/2026/07/ESC-0R43QBC1.md",
            "sample-repo/tickets/2026/08/../ESC-0R43QBC1.md",
            "sample-repo/tickets/2026/08/ESC-0R43QBCI.md",
            "sample-repo/.esc/config.yaml",
            "README.md",
        ] {
            assert!(!is_generated_path(bad), "{bad}");
        }
    }
}
