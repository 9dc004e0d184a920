//! `cargo xtask sample-history`: plays Northwind Cloud's escalation history (`story.txt`)
//! through the real esc binary in a throw-away git repository, then copies the ticket and
//! review files into `sample-repo/` and lists them in `test-data/generated-tickets.txt`.
//!
//! The story is data; this module and its helpers only play it. See test-data/README.md.

mod clock;
mod manifest;
mod player;
mod reviews;
mod runner;
mod story;
mod summary;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use esc::policy::Config;
use esc::repo::CONFIG_FILE;
use esc::ticket::Ticket;
use esc::ticket::file::TicketFile;

use self::clock::Office;
use self::player::Player;
use self::runner::Runner;
use self::story::Story;

/// The story: people, ticket scripts and review texts.
pub const STORY: &str = include_str!("story.txt");

#[derive(Debug, clap::Args)]
pub struct Options {
    /// Replace the files written by an earlier run (only those listed in
    /// test-data/generated-tickets.txt are ever deleted).
    #[arg(long)]
    force: bool,
    /// Keep the temporary repository (one esc commit per action) and print where it is.
    #[arg(long)]
    keep: bool,
    /// Generate and lint only, leaving sample-repo alone (implies --keep).
    #[arg(long)]
    no_copy: bool,
}

pub fn run(root: &Path, options: &Options) -> Result<()> {
    let story = story::parse(STORY)?;
    let sample = root.join("sample-repo");
    let config_path = sample.join(CONFIG_FILE);
    let config_text =
        std::fs::read_to_string(&config_path).with_context(|| format!("no {CONFIG_FILE} in sample-repo"))?;
    let mut config = Config::parse(&config_text, Path::new(CONFIG_FILE))?;
    config.load_holiday_files(&config_text, CONFIG_FILE, |path| {
        esc::repo::safe_path::read_file(&sample, path, esc::repo::MAX_FILE_BYTES)
    })?;
    let office = Office::from_policy(&config, &config_text, &story.office_calendar)?;

    // Every safety check before anything is written.
    let copy = !options.no_copy;
    let previous = manifest::read(root)?;
    if copy {
        manifest::check_before_copy(root, &previous, options.force)?;
    }
    let reserved = manifest::reserved_first_chars(root, &previous)?;
    let esc = runner::binary(root)?;

    let work = tempfile::Builder::new().prefix("northwind-history.").tempdir()?;
    let runner = Runner { esc, repo: work.path().join("repo") };
    let generated = generate(&story, &runner, &office, &config, reserved, &sample);
    if options.keep || !copy {
        let kept = work.keep();
        eprintln!("kept the generated repository: {}", kept.join("repo").display());
    }
    let generated = generated?;

    let tickets: Vec<String> = generated.iter().filter(|p| p.starts_with("tickets/")).cloned().collect();
    if !copy {
        print!("{}", summary::summary(&runner.repo, &tickets)?);
        return Ok(());
    }
    manifest::replace(root, &runner.repo, &previous, &generated, options.force)?;
    print!("{}", summary::summary(&sample, &tickets)?);
    println!(
        "wrote {} tickets under sample-repo/tickets/ and {} reviews under sample-repo/reviews/, listed in {}",
        tickets.len(),
        generated.len() - tickets.len(),
        manifest::MANIFEST
    );
    if !runner.esc_output(&sample, &["lint"])?.status.success() {
        eprintln!("warning: 'esc -C sample-repo lint' reports problems; run it to see them");
    }
    Ok(())
}

/// Plays the story in a new repository and checks it; returns the files to copy, relative
/// to the repository: the tickets (sorted), then the reviews.
fn generate(
    story: &Story,
    runner: &Runner,
    office: &Office,
    config: &Config,
    reserved: String,
    sample: &Path,
) -> Result<Vec<String>> {
    init_repository(story, runner, sample)?;
    let mut player = Player::new(story, runner, office, config, reserved);
    player.play_tickets()?;
    let reviews = player.write_reviews()?;

    let lint = runner.esc_output(&runner.repo, &["lint"])?;
    if !lint.status.success() {
        eprint!("{}{}", String::from_utf8_lossy(&lint.stdout), String::from_utf8_lossy(&lint.stderr));
        bail!("esc lint found problems in the generated repository");
    }
    runner.git(None, &["diff", "--quiet", "HEAD"]).context("the generated repository has uncommitted changes")?;
    // Every action went through esc under its agent's name, within the policy's roles.
    let audit = runner.esc_output(&runner.repo, &["audit"])?;
    if !audit.status.success() {
        eprint!("{}{}", String::from_utf8_lossy(&audit.stdout), String::from_utf8_lossy(&audit.stderr));
        bail!("esc audit found problems in the generated repository");
    }

    let mut files = ticket_files(&runner.repo)?;
    files.extend(reviews);
    Ok(files)
}

/// A git repository holding the sample policy, committed as the story's policy author.
fn init_repository(story: &Story, runner: &Runner, sample: &Path) -> Result<()> {
    std::fs::create_dir_all(runner.repo.join(".esc"))?;
    runner.git(None, &["-c", "init.defaultBranch=main", "init", "-q"])?;
    std::fs::copy(sample.join(CONFIG_FILE), runner.repo.join(CONFIG_FILE))?;
    // The calendars' holiday files.
    let holidays = sample.join(".esc/holidays");
    if holidays.is_dir() {
        std::fs::create_dir_all(runner.repo.join(".esc/holidays"))?;
        for entry in std::fs::read_dir(&holidays)? {
            let entry = entry?;
            std::fs::copy(entry.path(), runner.repo.join(".esc/holidays").join(entry.file_name()))?;
        }
    }
    if sample.join(".gitattributes").is_file() {
        std::fs::copy(sample.join(".gitattributes"), runner.repo.join(".gitattributes"))?;
    }
    runner.git(None, &["add", "-A"])?;
    let policy = &story.policy;
    let author = &story.agent(&policy.by).identity;
    runner.git(Some((author, policy.at)), &["commit", "-q", "-m", &policy.message])
}

/// Reads and parses a ticket file.
fn read_ticket(path: &Path) -> Result<Ticket> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    let file = TicketFile::parse(&text).map_err(|e| anyhow!("{}:{}: {}", path.display(), e.line, e.message))?;
    Ok(file.ticket)
}

/// `tickets/YYYY/MM/ID.md` of every ticket in the repository, sorted.
fn ticket_files(repo: &Path) -> Result<Vec<String>> {
    let mut files = Vec::new();
    let tickets: PathBuf = repo.join("tickets");
    for year in manifest::subdirectories(&tickets)? {
        for month in manifest::subdirectories(&tickets.join(&year))? {
            for name in manifest::markdown_files(&tickets.join(&year).join(&month))? {
                files.push(format!("tickets/{year}/{month}/{name}"));
            }
        }
    }
    Ok(files)
}
