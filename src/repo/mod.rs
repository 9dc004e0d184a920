//! Where tickets live: finding the esc root, ticket paths, ids, lookup and loading.

pub mod changes;
mod children;
pub mod commit_message;
pub mod fsync;
pub mod git;
mod history_index;
pub mod hooks;
pub mod intent;
mod lock;
pub mod merge_driver;
mod read_cache;
pub mod remote;
pub mod safe_path;

use std::path::{Path, PathBuf};

use crate::clock::Timestamp;
use crate::error::{Diagnostic, Error, Result};
use crate::policy::Config;
use crate::repo::git::{GitRepo, ObjectId};
use crate::review::ReviewFile;
use crate::ticket::file::TicketFile;
use crate::ticket::{ID_RANDOM_LEN, TicketId, is_id_alphabet};

/// The folder that marks an esc root, like `.git` marks a repository.
pub const ESC_DIR: &str = ".esc";
/// The policy file inside [`ESC_DIR`].
pub const CONFIG_FILE: &str = ".esc/config.yaml";
/// The attributes file `esc init` writes at the root.
pub const ATTRIBUTES_FILE: &str = ".gitattributes";
/// Where tickets live, below the root.
pub const TICKETS_DIR: &str = "tickets";
/// Where post-incident reviews live, below the root: `reviews/<ID>.md`.
pub const REVIEWS_DIR: &str = "reviews";

/// An esc ticket repository: its root folder, its git repository and its policy.
pub struct Workspace {
    pub root: PathBuf,
    pub git: GitRepo,
    pub config: Config,
    /// The root relative to the git working tree, `""` or `"sub/dir/"`.
    root_in_repo: String,
    /// The most esc reads from one file (`esc.maxFileBytes`).
    max_file_bytes: u64,
    /// Whether reading every ticket may use and refresh `.git/esc-read-cache`.
    read_cache: bool,
}

/// The most esc reads from one ticket, review or policy file unless `esc.maxFileBytes` says
/// otherwise: far above any real ticket, far below what would slow esc down.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A ticket file found on disk.
#[derive(Debug, Clone)]
pub struct TicketPath {
    pub id: String,
    /// Absolute path.
    pub path: PathBuf,
}

/// A loaded review with where it came from.
#[derive(Debug, Clone)]
pub struct LoadedReview {
    pub file: ReviewFile,
    /// Relative to the root: `reviews/<ID>.md`.
    pub relative_path: String,
}

/// A loaded ticket with where it came from.
#[derive(Debug, Clone)]
pub struct LoadedTicket {
    pub file: TicketFile,
    pub path: PathBuf,
    /// The path relative to the esc root, as shown to users.
    pub relative_path: String,
}

/// Walks up from `start` to the first folder holding `.esc/`, no further than the top of
/// the git repository `start` is in (as git stops at its own): a clone inside another ticket
/// repository is not taken for part of it.
pub fn find_root(start: &Path) -> Result<PathBuf> {
    let start = start.canonicalize().map_err(|e| Error::io(start, e))?;
    for dir in start.ancestors() {
        if dir.join(ESC_DIR).is_dir() {
            return Ok(dir.to_path_buf());
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    Err(Error::NotInitialized(start))
}

impl Workspace {
    /// Opens the esc root enclosing `start`, its git repository and its config.
    pub fn open(start: &Path) -> Result<Workspace> {
        let root = find_root(start)?;
        let git = GitRepo::discover(&root)?;
        let max_file_bytes = max_file_bytes(&git);
        let config_path = root.join(CONFIG_FILE);
        let bytes = safe_path::read_file(&root, CONFIG_FILE, max_file_bytes)?
            .ok_or_else(|| Error::io(&config_path, std::io::ErrorKind::NotFound.into()))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::BadConfig(Diagnostic::new(CONFIG_FILE, 1, "the file is not UTF-8 text")))?;
        let mut config = Config::parse(&text, Path::new(CONFIG_FILE))?;
        config.load_holiday_files(&text, CONFIG_FILE, |path| safe_path::read_file(&root, path, max_file_bytes))?;
        Workspace::assemble(root, git, config, max_file_bytes)
    }

    /// Assembles a workspace from its parts (used by `init`, before a config exists on disk).
    pub fn new(root: PathBuf, git: GitRepo, config: Config) -> Result<Workspace> {
        let max_file_bytes = max_file_bytes(&git);
        Workspace::assemble(root, git, config, max_file_bytes)
    }

    fn assemble(root: PathBuf, git: GitRepo, config: Config, max_file_bytes: u64) -> Result<Workspace> {
        let relative = root.strip_prefix(git.workdir()).map_err(|_| Error::NotAGitRepository { path: root.clone() })?;
        let mut root_in_repo = slash_path(relative);
        if !root_in_repo.is_empty() {
            root_in_repo.push('/');
        }
        Ok(Workspace { root, git, config, root_in_repo, max_file_bytes, read_cache: true })
    }

    /// Whether [`Workspace::load_all`] may use the read cache (on unless turned off here).
    pub fn set_read_cache(&mut self, on: bool) {
        self.read_cache = on;
    }

    /// `relative` (to the esc root) as a path in the git repository.
    pub fn repo_path(&self, relative: &str) -> String {
        format!("{}{}", self.root_in_repo, relative)
    }

    /// A path in the git repository as a path relative to the esc root; `None` outside it.
    pub fn root_relative(&self, repo_path: &str) -> Option<String> {
        repo_path.strip_prefix(&self.root_in_repo).map(str::to_string)
    }

    /// A file below the root, by its absolute path, relative to the root with `/`.
    pub fn relative(&self, path: &Path) -> String {
        slash_path(path.strip_prefix(&self.root).unwrap_or(path))
    }

    /// Where a ticket opened at `created` lives: sharded by month, so no folder grows huge.
    pub fn ticket_relative_path(id: &TicketId, created: &Timestamp) -> String {
        format!("{TICKETS_DIR}/{}/{}.md", created.format("%Y/%m"), id)
    }

    /// Every ticket file under `tickets/`, sorted by id.
    pub fn ticket_paths(&self) -> Result<Vec<TicketPath>> {
        safe_path::check_folder(&self.root, TICKETS_DIR)?;
        let mut found = Vec::new();
        let mut pending = vec![self.root.join(TICKETS_DIR)];
        while let Some(dir) = pending.pop() {
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(Error::io(&dir, e)),
            };
            for entry in entries {
                let entry = entry.map_err(|e| Error::io(&dir, e))?;
                let path = entry.path();
                let file_type = entry.file_type().map_err(|e| Error::io(&path, e))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                // Symbolic links are not followed (lint reports them).
                if file_type.is_dir() {
                    pending.push(path);
                } else if file_type.is_file()
                    && !name.starts_with('.')
                    && is_plain_name(&name)
                    && let Some(id) = name.strip_suffix(".md")
                {
                    found.push(TicketPath { id: id.to_string(), path });
                }
            }
        }
        found.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(found)
    }

    /// Finds the ticket a user means: a full id or any unique, case-insensitive prefix of the
    /// random part (`7k2m`, `ESC-7K2M`).
    pub fn resolve(&self, query: &str) -> Result<TicketPath> {
        let wanted = query.trim().to_ascii_uppercase();
        let (prefix, random) = match wanted.split_once('-') {
            Some((prefix, random)) => (Some(prefix), random),
            None => (None, wanted.as_str()),
        };
        let prefix_ok = prefix.is_none_or(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
        if random.is_empty() || !is_id_alphabet(random) || !prefix_ok {
            return Err(Error::InvalidId(query.to_string()));
        }
        // A full id is looked for where esc files it (a hundred folders, not every file).
        if let Some(prefix) = prefix
            && random.len() == ID_RANDOM_LEN
            && let Some(found) = self.find_filed(&format!("{prefix}-{random}"))?
        {
            return Ok(found);
        }
        let all = self.ticket_paths()?;
        let matches: Vec<&TicketPath> = all
            .iter()
            .filter(|t| {
                let (their_prefix, their_random) = t.id.split_once('-').unwrap_or(("", &t.id));
                their_random.starts_with(random) && prefix.is_none_or(|p| p == their_prefix)
            })
            .collect();
        match matches.len() {
            0 => Err(Error::TicketNotFound {
                query: query.to_string(),
                closest: crate::suggest::closest_id(random, all.iter().map(|t| t.id.as_str())).map(str::to_string),
            }),
            1 => Ok(matches[0].clone()),
            _ => Err(Error::AmbiguousId {
                query: query.to_string(),
                candidates: matches.into_iter().map(|t| t.id.clone()).collect(),
            }),
        }
    }

    /// The ticket `id` in its month folder (`tickets/YYYY/MM/ID.md`), when exactly one
    /// month holds it; `None` sends the caller to the full walk.
    fn find_filed(&self, id: &str) -> Result<Option<TicketPath>> {
        safe_path::check_folder(&self.root, TICKETS_DIR)?;
        let folders = |dir: &Path| -> Vec<PathBuf> {
            let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
            entries.flatten().filter(|e| e.file_type().is_ok_and(|t| t.is_dir())).map(|e| e.path()).collect()
        };
        let name = format!("{id}.md");
        let mut found = Vec::new();
        for year in folders(&self.root.join(TICKETS_DIR)) {
            for month in folders(&year) {
                let path = month.join(&name);
                if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file()) {
                    found.push(path);
                }
            }
        }
        Ok(match found.len() {
            1 => found.pop().map(|path| TicketPath { id: id.to_string(), path }),
            _ => None,
        })
    }

    /// The bytes of the regular file at `relative` (to the root), read as every esc file is:
    /// never through a link, at most `esc.maxFileBytes`; `None` when there is none.
    pub fn read_file(&self, relative: &str) -> Result<Option<Vec<u8>>> {
        safe_path::read_file(&self.root, relative, self.max_file_bytes)
    }

    /// Reads and parses one ticket file.
    pub fn load(&self, path: &Path) -> Result<LoadedTicket> {
        load_ticket(&self.root, path, self.max_file_bytes).map(|(ticket, _)| ticket)
    }

    /// Like [`Workspace::load_by_query`], also returning the exact bytes parsed, so a
    /// change can be checked against the very version it was decided on.
    pub fn load_by_query_with_bytes(&self, query: &str) -> Result<(LoadedTicket, Vec<u8>)> {
        let found = self.resolve(query)?;
        self.load_with_bytes(&found.path)
    }

    /// Like [`Workspace::load`], also returning the exact bytes parsed.
    pub fn load_with_bytes(&self, path: &Path) -> Result<(LoadedTicket, Vec<u8>)> {
        load_ticket(&self.root, path, self.max_file_bytes)
    }

    /// Loads the ticket a user means (see [`Workspace::resolve`]).
    pub fn load_by_query(&self, query: &str) -> Result<LoadedTicket> {
        let found = self.resolve(query)?;
        self.load(&found.path)
    }

    /// Every ticket, in id order; a file that does not parse comes back as its error.
    pub fn load_all(&self) -> Result<impl Iterator<Item = Result<LoadedTicket>> + '_> {
        Ok(self.tickets()?.map(|(_, loaded)| loaded))
    }

    /// Like [`Workspace::load_all`], each with the id its file is named after (what a file
    /// that does not parse is known by).
    ///
    /// Tickets are read a batch at a time, on every core, so a command that keeps only what
    /// it derives from each ticket needs memory for one batch, not for the repository. A file
    /// git would call unchanged since its index entry was written, whose blob the read cache
    /// holds, is not parsed again (see [`read_cache`]); once the last ticket has been read,
    /// the cache is rewritten if it missed a file or holds files no longer here.
    pub fn tickets(&self) -> Result<Tickets<'_>> {
        let paths = self.ticket_paths()?;
        let limits = parse_limits(self.max_file_bytes);
        let lookup = self.read_cache.then(|| read_cache::Lookup::new(&self.git, limits));
        Ok(Tickets {
            workspace: self,
            paths: paths.into_iter(),
            lookup,
            ready: std::collections::VecDeque::new(),
            found: Vec::new(),
        })
    }

    /// Where the review of ticket `id` lives, relative to the root.
    pub fn review_relative_path(id: &str) -> String {
        format!("{REVIEWS_DIR}/{id}.md")
    }

    /// Every `reviews/*.md` file, sorted by path, as (relative path, absolute path).
    pub fn review_paths(&self) -> Result<Vec<(String, PathBuf)>> {
        safe_path::check_folder(&self.root, REVIEWS_DIR)?;
        let dir = self.root.join(REVIEWS_DIR);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(&dir, e)),
        };
        let mut found = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_file = entry.file_type().is_ok_and(|kind| kind.is_file()); // a link is not followed
            if name.ends_with(".md") && !name.starts_with('.') && is_file && is_plain_name(&name) {
                found.push((format!("{REVIEWS_DIR}/{name}"), entry.path()));
            }
        }
        found.sort();
        Ok(found)
    }

    /// Reads and parses one review file; `None` when it does not exist.
    pub fn load_review(&self, relative_path: &str) -> Result<Option<(LoadedReview, Vec<u8>)>> {
        let Some(bytes) = safe_path::read_file(&self.root, relative_path, self.max_file_bytes)? else {
            return Ok(None);
        };
        let limits = parse_limits(self.max_file_bytes);
        let file = parse_file(relative_path, &bytes, |text| ReviewFile::parse_with(text, &limits))?;
        Ok(Some((LoadedReview { file, relative_path: relative_path.to_string() }, bytes)))
    }

    /// Loads every review; a file that does not parse comes back as its error.
    pub fn load_reviews(&self) -> Result<Vec<Result<LoadedReview>>> {
        let mut reviews = Vec::new();
        for (relative_path, _) in self.review_paths()? {
            if let Some(loaded) = self.load_review(&relative_path).transpose() {
                reviews.push(loaded.map(|(review, _)| review));
            }
        }
        Ok(reviews)
    }

    /// What the commands skip in the folders esc owns (`.esc/`, `tickets/`, `reviews/`), as
    /// findings for `esc lint`: symbolic links (never followed: they could point outside the
    /// repository), entries that are not regular files or folders, and temporary files an
    /// interrupted esc left beside a ticket.
    pub fn layout_problems(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let mut pending: Vec<PathBuf> =
            [ESC_DIR, TICKETS_DIR, REVIEWS_DIR].iter().map(|dir| self.root.join(dir)).collect();
        let mut top = true;
        while !pending.is_empty() {
            let mut next = Vec::new();
            for path in pending.drain(..) {
                let Ok(metadata) = std::fs::symlink_metadata(&path) else { continue };
                let shown = self.relative(&path);
                let kind = metadata.file_type();
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                if kind.is_symlink() {
                    problems.push(Diagnostic::new(
                        &shown,
                        1,
                        "is a symbolic link: esc never follows it (it could point outside the repository) and skips what it points to",
                    ));
                } else if kind.is_dir() {
                    if let Ok(entries) = std::fs::read_dir(&path) {
                        next.extend(entries.flatten().map(|entry| entry.path()));
                    }
                } else if !kind.is_file() {
                    problems.push(Diagnostic::new(&shown, 1, "is not a regular file: esc skips it"));
                } else if top {
                    // `.esc`, `tickets` or `reviews` itself as a plain file.
                    problems.push(Diagnostic::new(&shown, 1, "should be a folder"));
                } else if !is_plain_name(&name) {
                    problems.push(Diagnostic::new(
                        &shown,
                        1,
                        "the name has control characters: esc skips the file; rename it",
                    ));
                } else if name.starts_with('.') && name.ends_with(".tmp") {
                    problems.push(Diagnostic::new(
                        &shown,
                        1,
                        "a temporary file left by an interrupted esc: nothing refers to it, remove it",
                    ));
                }
            }
            pending = next;
            top = false;
        }
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        problems
    }

    /// A fresh id that no ticket here uses.
    pub fn new_ticket_id(&self) -> Result<TicketId> {
        let taken: Vec<String> = self.ticket_paths()?.into_iter().map(|t| t.id).collect();
        self.new_ticket_id_among(&taken)
    }

    /// A fresh id that none of the ids `taken` uses (for drawing many at once: `esc import`).
    pub fn new_ticket_id_among(&self, taken: &[String]) -> Result<TicketId> {
        loop {
            let mut bytes = [0u8; 8];
            getrandom::fill(&mut bytes).map_err(|e| Error::InvalidInput(format!("no randomness available: {e}")))?;
            let bits = u64::from_le_bytes(bytes) & ((1 << (5 * ID_RANDOM_LEN)) - 1);
            let id = TicketId::from_random_bits(&self.config.id_prefix, bits);
            let random = id.random_part();
            // Unique even as a prefix of another id, so every full id stays unambiguous.
            if !taken.iter().any(|t| t.split_once('-').is_some_and(|(_, r)| r.starts_with(random))) {
                return Ok(id);
            }
        }
    }
}

/// How many tickets [`Tickets`] reads at once, in parallel: enough to keep every core busy,
/// few enough that memory does not grow with the repository.
const BATCH: usize = 4096;

/// Every ticket of a workspace, read a batch at a time (see [`Workspace::tickets`]).
pub struct Tickets<'a> {
    workspace: &'a Workspace,
    paths: std::vec::IntoIter<TicketPath>,
    /// The read cache and the git index, unless the cache is off.
    lookup: Option<read_cache::Lookup>,
    ready: std::collections::VecDeque<(String, Result<LoadedTicket>)>,
    /// What each ticket read so far found in the cache, for the next cache.
    found: Vec<read_cache::Found>,
}

impl Iterator for Tickets<'_> {
    type Item = (String, Result<LoadedTicket>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.ready.is_empty() {
            self.read_batch();
        }
        self.ready.pop_front()
    }
}

impl Tickets<'_> {
    /// Reads the next batch into `ready`; after the last one, refreshes the cache.
    fn read_batch(&mut self) {
        use rayon::prelude::*;
        let batch: Vec<TicketPath> = self.paths.by_ref().take(BATCH).collect();
        // The git handle is not shareable across threads; the root, index and cache are.
        let workspace = self.workspace;
        let (root, root_in_repo, max) = (&workspace.root, &workspace.root_in_repo, workspace.max_file_bytes);
        let Some(lookup) = &self.lookup else {
            let loaded: Vec<_> = batch
                .into_par_iter()
                .map(|t| (t.id, load_ticket(root, &t.path, max).map(|(ticket, _)| ticket)))
                .collect();
            self.ready.extend(loaded);
            return;
        };
        if batch.is_empty() {
            lookup.refresh(&workspace.git, std::mem::take(&mut self.found).iter());
            self.lookup = None;
            return;
        }
        let loaded: Vec<_> = batch
            .into_par_iter()
            .map(|t| {
                let (result, found) = load_through(lookup, root, root_in_repo, &t.path, max);
                (t.id, result, found)
            })
            .collect();
        for (id, result, found) in loaded {
            self.found.push(found);
            self.ready.push_back((id, result));
        }
    }
}

/// A file name esc reads: no control or invisible characters (that could rewrite a
/// terminal when the name is shown).
fn is_plain_name(name: &str) -> bool {
    !name.chars().any(crate::text::is_unsafe_char)
}

/// `esc.maxFileBytes` from git config, else [`MAX_FILE_BYTES`].
pub fn max_file_bytes(git: &GitRepo) -> u64 {
    git.config_value("esc.maxFileBytes")
        .and_then(|v| v.trim().parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(MAX_FILE_BYTES)
}

fn load_ticket(root: &Path, path: &Path, max_bytes: u64) -> Result<(LoadedTicket, Vec<u8>)> {
    let relative_path = relative_in(root, path)?;
    let bytes = read_ticket(root, &relative_path, path, max_bytes)?;
    let file = parse_ticket(&relative_path, &bytes, &parse_limits(max_bytes))?;
    Ok((LoadedTicket { file, path: path.to_path_buf(), relative_path }, bytes))
}

/// The bytes of the ticket file at `path` (`relative` to `root`), read as every esc file is
/// (see [`safe_path`]).
fn read_ticket(root: &Path, relative: &str, path: &Path, max_bytes: u64) -> Result<Vec<u8>> {
    safe_path::read_file(root, relative, max_bytes)?.ok_or_else(|| Error::io(path, std::io::ErrorKind::NotFound.into()))
}

/// Parses the bytes of the ticket file at `relative`; errors name the file and line.
fn parse_ticket(relative: &str, bytes: &[u8], limits: &crate::frontmatter::Limits) -> Result<TicketFile> {
    parse_file(relative, bytes, |text| TicketFile::parse_with(text, limits))
}

/// Loads the ticket at `path` from the read cache when its blob is there, else from the file;
/// says which, and gives a freshly parsed ticket's record for the next cache.
fn load_through(
    lookup: &read_cache::Lookup,
    root: &Path,
    root_in_repo: &str,
    path: &Path,
    max_bytes: u64,
) -> (Result<LoadedTicket>, read_cache::Found) {
    use read_cache::Found;
    let relative_path = match relative_in(root, path) {
        Ok(relative) => relative,
        Err(error) => return (Err(error), Found::Nothing),
    };
    let loaded = |file| Ok(LoadedTicket { file, path: path.to_path_buf(), relative_path: relative_path.clone() });
    let cached = |blob: ObjectId| lookup.get(&blob).map(|file| (loaded(file), Found::Cached(blob)));
    let vouched = lookup.unchanged_blob(&format!("{root_in_repo}{relative_path}"), path, max_bytes);
    if let Some(hit) = vouched.and_then(cached) {
        return hit;
    }
    let bytes = match read_ticket(root, &relative_path, path, max_bytes) {
        Ok(bytes) => bytes,
        Err(error) => return (Err(error), Found::Nothing),
    };
    let blob = lookup.blob_id_of(&bytes);
    if let Some(hit) = cached(blob) {
        return hit;
    }
    match parse_ticket(&relative_path, &bytes, lookup.limits()) {
        Ok(file) => {
            let found = read_cache::encode(blob, &file, &bytes).map_or(Found::Nothing, Found::Fresh);
            (loaded(file), found)
        }
        Err(error) => (Err(error), Found::Nothing),
    }
}

/// `path` relative to `root` with `/`; an error for a path outside it.
fn relative_in(root: &Path, path: &Path) -> Result<String> {
    match path.strip_prefix(root) {
        Ok(inside) => Ok(slash_path(inside)),
        Err(_) => Err(Error::UnsafePath { path: path.to_path_buf(), reason: "is outside the esc root".into() }),
    }
}

/// The parser's limits for a file esc read at most `max_bytes` of: that size, the default
/// nesting.
fn parse_limits(max_bytes: u64) -> crate::frontmatter::Limits {
    let max_bytes = usize::try_from(max_bytes).unwrap_or(usize::MAX);
    crate::frontmatter::Limits { max_bytes, ..crate::frontmatter::Limits::DEFAULT }
}

/// Parses a file's bytes with `parse`; errors name the file and line.
fn parse_file<T>(
    relative_path: &str,
    bytes: &[u8],
    parse: impl Fn(&str) -> std::result::Result<T, crate::frontmatter::SyntaxError>,
) -> Result<T> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Error::BadFile(Diagnostic::new(relative_path, 1, "the file is not UTF-8 text")))?;
    if let Some(line) = conflict_marker_line(text) {
        return Err(Error::MergeConflict(Diagnostic::new(
            relative_path,
            line,
            "unresolved merge conflict: git's conflict markers are in the file",
        )));
    }
    // Saved with CRLF (an editor on Windows): git stores esc's files as LF (`eol=lf`), and so
    // does esc, so the file is read as LF and written back whole as LF.
    if text.contains("\r\n") {
        return parse(&text.replace("\r\n", "\n")).map_err(|e| Error::in_file(relative_path, e));
    }
    parse(text).map_err(|e| Error::in_file(relative_path, e))
}

/// The line of the first `<<<<<<<` of a complete set of git conflict markers (`<<<<<<<`,
/// `=======`, `>>>>>>>` at the start of lines, in that order), if the text has one.
pub fn conflict_marker_line(text: &str) -> Option<usize> {
    if !text.contains("\n=======") {
        return None; // the common case, found without walking the lines
    }
    let mut opened = None;
    let mut divided = false;
    for (index, line) in text.lines().enumerate() {
        if line.starts_with("<<<<<<<") {
            opened = Some(index + 1);
            divided = false;
        } else if opened.is_some() && line.starts_with("=======") {
            divided = true;
        } else if divided && line.starts_with(">>>>>>>") {
            return opened;
        }
    }
    None
}

fn slash_path(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}
