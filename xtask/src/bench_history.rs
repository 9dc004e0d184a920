//! `cargo xtask bench-history DIR --commits N`: adds N commits on top of DIR's branch, each
//! changing one ticket (a line appended to its body), so that `esc log` and `git log -- path`
//! have a long history to read. Written through `git fast-import`, so 10,000 commits take
//! seconds; the work tree and the index are brought in line afterwards. A fixed
//! pseudo-random sequence picks the tickets, so every run is the same.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail, ensure};

#[derive(Debug, clap::Args)]
pub struct Options {
    /// A git working tree with committed tickets (after `cargo xtask bench-repo`).
    dir: PathBuf,
    /// How many commits to add.
    #[arg(long, value_name = "N")]
    commits: u64,
}

pub fn run(options: &Options) -> Result<()> {
    let started = Instant::now();
    let dir = &options.dir;
    let branch = git(dir, &["symbolic-ref", "--quiet", "HEAD"])?;
    let head = git(dir, &["rev-parse", "HEAD"])?;
    let paths: Vec<String> =
        git(dir, &["ls-files", "--", "tickets"])?.lines().filter(|p| p.ends_with(".md")).map(str::to_string).collect();
    ensure!(!paths.is_empty(), "{} has no committed tickets (run cargo xtask bench-repo first)", dir.display());

    let mut stream = Vec::new();
    let mut texts: HashMap<&str, Vec<u8>> = HashMap::new();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let start = 1_767_225_600u64; // 2026-01-01: the notes come after the generated history
    for n in 0..options.commits {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let path = paths[((seed >> 33) % paths.len() as u64) as usize].as_str();
        let text = match texts.get_mut(path) {
            Some(text) => text,
            None => texts.entry(path).or_insert(std::fs::read(dir.join(path)).with_context(|| path.to_string())?),
        };
        text.extend_from_slice(format!("\nNote {n} from the benchmark history.\n").as_bytes());
        let message = format!("bench: note {n} on {path}\n");
        writeln!(stream, "commit {branch}")?;
        writeln!(stream, "committer Bench <bench@example.com> {} +0000", start + n * 60)?;
        writeln!(stream, "data {}\n{message}", message.len())?;
        if n == 0 {
            writeln!(stream, "from {head}")?;
        }
        writeln!(stream, "M 100644 inline {path}\ndata {}", text.len())?;
        stream.extend_from_slice(text);
        writeln!(stream)?;
    }
    let mut import = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .spawn()
        .context("starting git fast-import")?;
    import.stdin.take().context("fast-import's input")?.write_all(&stream)?;
    if !import.wait()?.success() {
        bail!("git fast-import failed");
    }
    git(dir, &["reset", "--quiet", "--hard"])?;
    eprintln!(
        "added {} commits over {} tickets to {} in {:.1} s",
        options.commits,
        texts.len(),
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new("git").args(args).current_dir(dir).output().context("running git")?;
    ensure!(output.status.success(), "git {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr));
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}
