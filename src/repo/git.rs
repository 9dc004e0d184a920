//! The few git operations esc needs, done with gix.
//!
//! Every change esc makes is one commit that contains only the paths it names: the commit is
//! built from HEAD's tree (never from the index), so the user's other staged and unstaged work
//! is neither committed nor touched. The index is updated for the committed path only, so
//! `git status` shows it clean afterwards.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use gix::bstr::ByteSlice;
use gix::objs::tree::EntryKind;

use super::fsync::{Fsync, sync_file_and_folder, sync_folder};
use super::intent::{IntentFile, crash_point};
use super::lock::IndexLock;
use super::safe_path;
use crate::clock::Timestamp;
use crate::error::{Error, Moved, Result};
use crate::interrupt::Critical;
use gix::refs::transaction::{PreviousValue, RefEdit};

pub use gix::ObjectId;

/// How long to wait for another process's lock (`index.lock`, the branch's) before giving
/// up, unless the clone's `esc.lockTimeout` (seconds) says otherwise. A lock left by a
/// crashed process looks like a live one, so this is all a stale lock costs.
const LOCK_WAIT: Duration = Duration::from_secs(10);
/// How often to rebuild a commit when the branch moved underneath.
const COMMIT_ATTEMPTS: usize = 20;

/// An open git repository with a working tree.
pub struct GitRepo {
    pub(super) repo: gix::Repository,
    workdir: PathBuf,
    pub(super) lock_wait: Duration,
}

/// Who is acting, from git config or `GIT_AUTHOR_*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
}

impl std::fmt::Display for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} <{}>", self.name, self.email)
    }
}

/// What the path must look like before esc writes it; anything else is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A new file: in neither HEAD, the index nor the working tree.
    Absent,
    /// An existing file, committed as this blob and unmodified in index and working tree.
    Committed(ObjectId),
}

impl Expected {
    /// The bytes esc decided on (as a blob id); `None` for a new file.
    pub(super) fn read(self) -> Option<ObjectId> {
        match self {
            Expected::Absent => None,
            Expected::Committed(blob) => Some(blob),
        }
    }
}

/// One file to write and commit.
pub struct FileChange<'a> {
    /// Path relative to the repository's working tree, with `/` separators.
    pub path: &'a str,
    pub contents: &'a [u8],
    pub expected: Expected,
}

/// A file the index holds as unmerged: its versions from the conflict stages (`None` where
/// a side deleted it, or there is no common ancestor).
#[derive(Debug, Clone)]
pub struct Unmerged {
    pub path: String,
    pub base: Option<Vec<u8>>,
    pub ours: Option<Vec<u8>>,
    pub theirs: Option<Vec<u8>>,
}

/// A commit that changed a file, with the file's content before and after.
#[derive(Debug, Clone)]
pub struct FileCommit {
    pub id: ObjectId,
    pub time: Timestamp,
    pub author: Identity,
    pub message: String,
    pub before: Option<Vec<u8>>,
    pub after: Option<Vec<u8>>,
    /// The first commit a shallow clone has: what it changed cannot be told.
    pub boundary: bool,
}

impl GitRepo {
    /// Finds the repository enclosing `start`.
    pub fn discover(start: &Path) -> Result<GitRepo> {
        let repo = gix::discover(start).map_err(|_| Error::NotAGitRepository { path: start.to_path_buf() })?;
        Self::with_workdir(repo, start)
    }

    /// Creates a repository in `dir` (like `git init`).
    pub fn init(dir: &Path) -> Result<GitRepo> {
        let repo = gix::init(dir).map_err(Error::git)?;
        Self::with_workdir(repo, dir)
    }

    fn with_workdir(mut repo: gix::Repository, start: &Path) -> Result<GitRepo> {
        let workdir = repo.workdir().ok_or_else(|| Error::NotAGitRepository { path: start.to_path_buf() })?;
        let workdir = workdir.canonicalize().map_err(|e| Error::io(workdir, e))?;
        // History walks decode the same trees again and again.
        repo.object_cache_size_if_unset(16 * 1024 * 1024);
        let seconds =
            repo.config_snapshot().string("esc.lockTimeout").and_then(|v| v.to_str_lossy().trim().parse::<f64>().ok());
        let lock_wait = seconds.filter(|s| s.is_finite() && *s >= 0.0).map_or(LOCK_WAIT, Duration::from_secs_f64);
        Ok(GitRepo { repo, workdir, lock_wait })
    }

    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// The repository's `.git` folder (of this worktree).
    pub fn git_dir(&self) -> &Path {
        self.repo.git_dir()
    }

    /// The author identity esc will record, or [`Error::NoIdentity`] when either the author
    /// or the committer is not configured.
    pub fn identity(&self) -> Result<Identity> {
        let (author, _) = self.people()?;
        Ok(Identity {
            name: author.name.trim().to_str_lossy().into_owned(),
            email: author.email.trim().to_str_lossy().into_owned(),
        })
    }

    /// Author and committer from git config and `GIT_AUTHOR_*` / `GIT_COMMITTER_*`, as git
    /// reads them (their time included).
    fn people(&self) -> Result<(gix::actor::SignatureRef<'_>, gix::actor::SignatureRef<'_>)> {
        fn person(s: Option<gix::Result<gix::actor::SignatureRef<'_>>>) -> Result<gix::actor::SignatureRef<'_>> {
            let s = s.ok_or(Error::NoIdentity)?.map_err(Error::git)?;
            if s.name.trim().is_empty() || s.email.trim().is_empty() {
                return Err(Error::NoIdentity);
            }
            Ok(s)
        }
        Ok((person(self.repo.author())?, person(self.repo.committer())?))
    }

    /// Author and committer for a commit made `at` (`None`: when git says, from
    /// `GIT_AUTHOR_DATE` or its clock).
    fn signatures(&self, at: Option<Timestamp>) -> Result<(gix::actor::Signature, gix::actor::Signature)> {
        let (author, committer) = self.people()?;
        let signature = |s: gix::actor::SignatureRef<'_>| -> Result<gix::actor::Signature> {
            let time = match at {
                Some(t) => gix::date::Time { seconds: t.timestamp(), offset: 0 },
                None => s.time().map_err(Error::git)?,
            };
            Ok(gix::actor::Signature { name: s.name.trim().into(), email: s.email.trim().into(), time })
        };
        Ok((signature(author)?, signature(committer)?))
    }

    /// A value from git configuration (the clone's own `.git/config`, the user's and the
    /// system's files; never a file from the working tree).
    pub fn config_value(&self, key: &str) -> Option<String> {
        self.repo.config_snapshot().string(key).map(|v| v.to_str_lossy().into_owned())
    }

    /// Reads a blob's bytes.
    pub fn read_blob(&self, id: ObjectId) -> Result<Vec<u8>> {
        Ok(self.repo.find_blob(id).map_err(Error::git)?.data.clone())
    }

    /// The blob id git would give `contents`.
    pub fn blob_id_of(&self, contents: &[u8]) -> ObjectId {
        gix::objs::compute_hash(self.repo.object_hash(), gix::objs::Kind::Blob, contents)
            .expect("sha1 hashing does not fail")
    }

    pub(super) fn head_commit_id(&self) -> Result<Option<ObjectId>> {
        let head = self.repo.head().map_err(Error::git)?;
        Ok(head.id().map(|id| id.detach()))
    }

    /// The commit HEAD names, in hex; `None` before the first commit.
    pub fn head_id(&self) -> Result<Option<String>> {
        Ok(self.head_commit_id()?.map(|id| id.to_string()))
    }

    pub(super) fn blob_in_commit(&self, commit: ObjectId, path: &str) -> Result<Option<ObjectId>> {
        let tree = self.repo.find_commit(commit).map_err(Error::git)?.tree().map_err(Error::git)?;
        let entry = tree.lookup_entry_by_path(path).map_err(Error::git)?;
        Ok(entry.filter(|e| e.mode().is_blob()).map(|e| e.object_id()))
    }

    /// Writes `changes` to the working tree and commits them alone, on the current branch.
    ///
    /// Safe against concurrent esc processes: the index lock is held from the first check to
    /// the end, and the branch only moves from the commit the change was built on (when
    /// someone else moved it, the change is rebuilt on the new tip if its files are unaffected).
    /// The commit is dated `at` (see [`crate::clock::Now::commit_time`]). Returns `None` when
    /// the files already held these contents (nothing to commit).
    pub fn commit_files(
        &self,
        changes: &[FileChange<'_>],
        message: &str,
        at: Option<Timestamp>,
    ) -> Result<Option<ObjectId>> {
        self.identity()?; // before writing anything
        let _critical = Critical::enter()?;
        self.recover()?; // an action a kill interrupted comes first
        if self.repo.head().map_err(Error::git)?.is_detached() {
            return Err(Error::Stopped {
                what: "HEAD is detached: a commit here would be lost at the next checkout".into(),
                hint: "switch to a branch first (git switch main), or make one here (git switch -c NAME)".into(),
            });
        }
        let (lock, mut index) = self.lock_index()?;
        let head = self.head_commit_id()?;
        let in_head: Vec<Option<ObjectId>> =
            changes.iter().map(|change| self.check_expected(change, head, &index)).collect::<Result<_>>()?;

        let mut staged = Vec::new(); // (change, blob, temp file)
        for change in changes {
            let blob = self.repo.write_blob(change.contents).map_err(Error::git)?.detach();
            match self.write_temp(&self.workdir.join(change.path), change.contents) {
                Ok(temp) => staged.push((change, blob, temp)),
                Err(e) => {
                    remove_temps(&staged);
                    self.clear_intent();
                    return Err(e);
                }
            }
        }
        let files: Vec<IntentFile> = staged
            .iter()
            .zip(&in_head)
            .map(|((change, blob, temp), before)| {
                IntentFile::new(change.path, *blob, temp, change.expected.read(), *before)
            })
            .collect();
        if let Err(e) = self.record_intent(head, files) {
            remove_temps(&staged);
            self.clear_intent();
            return Err(e);
        }
        crash_point("before-branch");
        let commit = match self.commit_blobs(&staged, &in_head, message, at) {
            Ok(commit) => commit,
            Err(e) => {
                remove_temps(&staged);
                self.clear_intent();
                return Err(e);
            }
        };
        crash_point("after-branch");
        for ((change, blob, temp), before) in staged.iter().zip(&in_head) {
            let target = self.workdir.join(change.path);
            let placed = self.place_unless_edited(temp, change.path, change.expected.read(), *before)?;
            update_index_entry(&mut index, change.path, *blob, placed.then_some(target.as_path()))?;
            crash_point("after-file");
        }
        self.write_index(lock, &index)?;
        self.clear_intent();
        Ok(commit)
    }

    /// Takes `index.lock` (before reading the index, so no concurrent update is lost) and
    /// reads the index; a repository without one starts empty.
    pub(super) fn lock_index(&self) -> Result<(IndexLock, gix::index::File)> {
        let lock = self.acquire_index_lock()?;
        Ok((lock, self.read_index()?))
    }

    /// The index as it is now, read without its lock (a reader sees the old file or the
    /// new one, never half); `None` when there is none or it does not read.
    pub(super) fn index_for_reading(&self) -> Option<gix::index::File> {
        self.repo.index_path().exists().then(|| self.repo.open_index().ok()).flatten()
    }

    /// How git compares a file's stat data with its index entry here (`core.trustCTime`,
    /// `core.checkStat`).
    pub(super) fn stat_options(&self) -> gix::index::entry::stat::Options {
        self.repo.stat_options().unwrap_or_default()
    }

    /// The hash this repository names objects with.
    pub(super) fn object_hash(&self) -> gix::hash::Kind {
        self.repo.object_hash()
    }

    /// Reads the index (under its lock); a repository without one starts empty.
    fn read_index(&self) -> Result<gix::index::File> {
        let index_path = self.repo.index_path();
        if index_path.exists() {
            self.repo.open_index().map_err(Error::git)
        } else {
            Ok(gix::index::File::from_state(gix::index::State::new(self.repo.object_hash()), index_path))
        }
    }

    /// Writes `index` through the held `lock` and moves it into place.
    pub(super) fn write_index(&self, mut lock: IndexLock, index: &gix::index::File) -> Result<()> {
        let index_path = self.repo.index_path();
        let skip_hash = self.repo.config_snapshot().boolean("index.skipHash").unwrap_or(false);
        let options = gix::index::write::Options { skip_hash, ..Default::default() };
        let sync = self.fsync().index();
        lock.file()
            .with_mut(|file| {
                let mut out = std::io::BufWriter::new(&mut *file);
                index.write_to(&mut out, options).map_err(std::io::Error::other)?;
                std::io::Write::flush(&mut out)?;
                drop(out);
                if sync { file.sync_all() } else { Ok(()) }
            })
            .map_err(|e| Error::io(&index_path, e))?;
        lock.commit().map_err(|e| Error::io(&index_path, e))?;
        if sync {
            let dir = index_path.parent().unwrap_or(self.repo.git_dir());
            sync_folder(dir).map_err(|e| Error::io(dir, e))?;
        }
        Ok(())
    }

    /// Every file below `prefix` (a path in the repository, `""` for all) that the index
    /// holds as unmerged, with its versions from the conflict stages.
    pub fn unmerged(&self, prefix: &str) -> Result<Vec<Unmerged>> {
        use gix::index::entry::Stage;
        let index_path = self.repo.index_path();
        if !index_path.exists() {
            return Ok(Vec::new());
        }
        let index = self.repo.open_index().map_err(Error::git)?;
        let mut found: Vec<Unmerged> = Vec::new();
        for entry in index.entries() {
            let stage = entry.stage();
            if stage == Stage::Unconflicted {
                continue;
            }
            let path = entry.path(&index).to_str_lossy().into_owned();
            if !path.starts_with(prefix) {
                continue;
            }
            if found.last().is_none_or(|u| u.path != path) {
                found.push(Unmerged { path: path.clone(), base: None, ours: None, theirs: None });
            }
            let blob = Some(self.read_blob(entry.id)?);
            let last = found.last_mut().expect("just pushed");
            match stage {
                Stage::Base => last.base = blob,
                Stage::Ours => last.ours = blob,
                Stage::Theirs => last.theirs = blob,
                Stage::Unconflicted => {}
            }
        }
        Ok(found)
    }

    /// Writes `contents` to `path` (in the working tree) atomically, through esc's temporary
    /// folder, without staging it.
    pub fn write_unstaged(&self, path: &str, contents: &[u8]) -> Result<()> {
        safe_path::check_file_path(&self.workdir, path)?;
        let _critical = Critical::enter()?;
        let target = self.workdir.join(path);
        let temp = self.write_temp(&target, contents)?;
        self.place(&temp, &target)
    }

    /// Writes `contents` to `path` (in the working tree) and stages it as resolved: its
    /// conflict stages give way to one entry, as `git add` would do. Nothing is committed.
    pub fn stage_resolved(&self, path: &str, contents: &[u8]) -> Result<()> {
        safe_path::check_file_path(&self.workdir, path)?;
        let _critical = Critical::enter()?;
        let (lock, mut index) = self.lock_index()?;
        let blob = self.repo.write_blob(contents).map_err(Error::git)?.detach();
        let target = self.workdir.join(path);
        let temp = self.write_temp(&target, contents)?;
        self.place(&temp, &target)?;
        index.remove_entries(|_, entry_path, entry| {
            entry_path == path && entry.stage() != gix::index::entry::Stage::Unconflicted
        });
        update_index_entry(&mut index, path, blob, Some(&target))?;
        self.write_index(lock, &index)
    }

    /// Refuses to write over anything but what the caller read.
    /// Returns the blob HEAD holds for the path, which the commit must still find there.
    ///
    /// "Unmodified" is decided as git does for esc's files (`text eol=lf`): a work-tree copy
    /// with CRLF line ends whose LF form is the committed blob is clean.
    fn check_expected(
        &self,
        change: &FileChange<'_>,
        head: Option<ObjectId>,
        index: &gix::index::File,
    ) -> Result<Option<ObjectId>> {
        let target = self.workdir.join(change.path);
        self.check_writable(change.path, head)?;
        let in_head = match head {
            Some(commit) => self.blob_in_commit(commit, change.path)?,
            None => None,
        };
        let in_index = index.entry_by_path(change.path.into()).map(|e| e.id);
        let worktree = match std::fs::read(&target) {
            Ok(bytes) => Some(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&target, e)),
        };
        let in_worktree = worktree.as_deref().map(|bytes| self.blob_id_of(bytes));
        match change.expected {
            Expected::Absent => {
                if in_head.is_some() || in_index.is_some() || in_worktree.is_some() {
                    return Err(Error::Moved(Moved(format!("{} already exists", target.display()))));
                }
            }
            Expected::Committed(blob) => {
                let as_committed = in_worktree == in_head
                    || worktree.as_deref().is_some_and(|bytes| Some(self.blob_id_of(&crlf_to_lf(bytes))) == in_head);
                if !(in_index == in_head && as_committed) {
                    return Err(Error::UncommittedChanges { path: target });
                }
                // The caller decided on the bytes it read: HEAD's, or the work tree's copy of them.
                if in_head != Some(blob) && in_worktree != Some(blob) {
                    return Err(Error::Moved(Moved(format!("{} changed while esc was working", target.display()))));
                }
            }
        }
        Ok(in_head)
    }

    /// Refuses to write `path` through a symbolic link, in the work tree or in HEAD (a link
    /// committed in place of the file or one of its folders), or outside the work tree.
    fn check_writable(&self, path: &str, head: Option<ObjectId>) -> Result<()> {
        safe_path::check_file_path(&self.workdir, path)?;
        let Some(commit) = head else { return Ok(()) };
        let tree = self.repo.find_commit(commit).map_err(Error::git)?.tree().map_err(Error::git)?;
        let mut prefix = String::new();
        for part in path.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            if let Some(entry) = tree.lookup_entry_by_path(&prefix).map_err(Error::git)?
                && entry.mode().is_link()
            {
                return Err(Error::UnsafePath {
                    path: PathBuf::from(&prefix),
                    reason: "is committed as a symbolic link; esc does not write through links".into(),
                });
            }
        }
        Ok(())
    }

    /// Whether the work-tree file at `path` still holds the bytes esc read (`read`; `None`:
    /// esc expected no file) or, also after eol normalisation, the committed blob.
    pub(super) fn worktree_is(&self, path: &str, read: Option<ObjectId>, committed: Option<ObjectId>) -> Result<bool> {
        let target = self.workdir.join(path);
        let bytes = match std::fs::read(&target) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(read.is_none() && committed.is_none()),
            Err(e) => return Err(Error::io(&target, e)),
        };
        let id = Some(self.blob_id_of(&bytes));
        Ok(id == read || id == committed || Some(self.blob_id_of(&crlf_to_lf(&bytes))) == committed)
    }

    /// Renames `temp` over the work-tree file at `path`, unless someone saved that file since
    /// esc read it (see [`GitRepo::worktree_is`]): their edit is kept, as an uncommitted
    /// change on top of the commit, and the temporary file goes. Returns whether it placed.
    pub(super) fn place_unless_edited(
        &self,
        temp: &Path,
        path: &str,
        read: Option<ObjectId>,
        committed: Option<ObjectId>,
    ) -> Result<bool> {
        if self.worktree_is(path, read, committed)? {
            self.place(temp, &self.workdir.join(path))?;
            Ok(true)
        } else {
            let _ = std::fs::remove_file(temp);
            Ok(false)
        }
    }

    fn commit_blobs(
        &self,
        staged: &[(&FileChange<'_>, ObjectId, PathBuf)],
        in_head: &[Option<ObjectId>],
        message: &str,
        at: Option<Timestamp>,
    ) -> Result<Option<ObjectId>> {
        let (author, committer) = self.signatures(at)?;
        let mut time_buf = gix::date::parse::TimeBuf::default();
        let mut time_buf2 = gix::date::parse::TimeBuf::default();
        let mut locked_since: Option<std::time::Instant> = None;
        let fsync = self.fsync();
        let mut moves = 0;
        while moves < COMMIT_ATTEMPTS {
            let parent = self.head_commit_id()?;
            let base_tree = match parent {
                Some(commit) => {
                    // The branch may have moved since the files were checked.
                    for ((change, _, _), expected_in_head) in staged.iter().zip(in_head) {
                        if self.blob_in_commit(commit, change.path)? != *expected_in_head {
                            return Err(Error::Moved(Moved(format!("{} was changed by another commit", change.path))));
                        }
                    }
                    self.repo.find_commit(commit).map_err(Error::git)?.tree_id().map_err(Error::git)?.detach()
                }
                None => ObjectId::empty_tree(self.repo.object_hash()),
            };
            let mut editor = self.repo.edit_tree(base_tree).map_err(Error::git)?;
            for (change, blob, _) in staged {
                editor.upsert(change.path, EntryKind::Blob, *blob).map_err(Error::git)?;
            }
            let tree = editor.write().map_err(Error::git)?.detach();
            if tree == base_tree && parent.is_some() {
                return Ok(None);
            }
            // An editor may have saved the file since it was checked: look once more, the
            // last moment nothing has moved yet.
            for ((change, _, _), expected_in_head) in staged.iter().zip(in_head) {
                if let Expected::Committed(read) = change.expected
                    && !self.worktree_is(change.path, Some(read), *expected_in_head)?
                {
                    return Err(Error::UncommittedChanges { path: self.workdir.join(change.path) });
                }
            }
            let commit = gix::objs::Commit {
                message: message.into(),
                tree,
                author: author.to_ref(&mut time_buf2).into(),
                committer: committer.to_ref(&mut time_buf).into(),
                encoding: None,
                parents: parent.into_iter().collect(),
                extra_headers: Vec::new(),
            };
            let id = self.repo.write_object(&commit).map_err(Error::git)?.detach();
            if fsync.loose_objects() {
                let written = self.objects_written(id, tree, staged.iter().map(|(change, _, _)| change.path));
                self.sync_objects(&written)?;
            }
            // The branch moves only from the commit it was built on, as `git commit` does.
            let expected = match parent {
                Some(parent) => PreviousValue::MustExistAndMatch(gix::refs::Target::Object(parent)),
                None => PreviousValue::MustNotExist,
            };
            let reflog = gix::reference::log::message("commit", commit.message.as_ref(), commit.parents.len());
            let edit = RefEdit::update("HEAD".try_into().expect("HEAD is a valid name"), id, expected, reflog)
                .with_deref(true);
            let result = self.repo.edit_references_as(Some(edit), Some(committer.to_ref(&mut time_buf)));
            match result {
                Ok(edits) => {
                    if fsync.references() {
                        self.sync_references(&edits)?;
                    }
                    return Ok(Some(id));
                }
                // The branch moved under us: build the commit again on the new tip.
                Err(e) if e.is_conflict() => moves += 1,
                Err(_) if crate::interrupt::requested().is_some() => return Err(Error::Interrupted),
                // Someone holds the branch's lock: wait for it, but no longer than a lock wait.
                Err(e) if e.is_retryable() => {
                    let since = *locked_since.get_or_insert_with(std::time::Instant::now);
                    if since.elapsed() >= self.lock_wait {
                        return Err(Error::Locked { path: self.ref_lock_path() });
                    }
                }
                Err(e) => return Err(Error::git(e)),
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Err(Error::Conflict("the branch kept moving while esc tried to commit".into()))
    }

    /// What `core.fsync` says to flush.
    pub(super) fn fsync(&self) -> Fsync {
        let config = self.repo.config_snapshot();
        let list = config.string("core.fsync").map(|v| v.to_str_lossy().into_owned());
        Fsync::from_config(list.as_deref(), config.boolean("core.fsyncObjectFiles"))
    }

    /// The objects a commit of `paths` wrote: the commit, its trees down to each path, the blobs.
    fn objects_written<'p>(
        &self,
        commit: ObjectId,
        root: ObjectId,
        paths: impl Iterator<Item = &'p str>,
    ) -> Vec<ObjectId> {
        let mut ids = vec![commit, root];
        let Ok(tree) = self.repo.find_tree(root) else { return ids };
        for path in paths {
            let mut prefix = String::new();
            for part in path.split('/') {
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix.push_str(part);
                if let Ok(Some(entry)) = tree.lookup_entry_by_path(&prefix) {
                    ids.push(entry.object_id());
                }
            }
        }
        ids.sort();
        ids.dedup();
        ids
    }

    /// Flushes the loose files of `ids` (those already in a pack need nothing).
    fn sync_objects(&self, ids: &[ObjectId]) -> Result<()> {
        let objects = self.repo.objects.store_ref().path().to_path_buf();
        for id in ids {
            let hex = id.to_string();
            let path = objects.join(&hex[..2]).join(&hex[2..]);
            sync_file_and_folder(&path).map_err(|e| Error::io(&path, e))?;
        }
        Ok(())
    }

    /// Flushes the refs (and their logs) an edit wrote.
    fn sync_references(&self, edits: &[RefEdit]) -> Result<()> {
        let git_dir = self.repo.git_dir();
        for edit in edits {
            let name = edit.name.as_bstr().to_str_lossy().into_owned();
            for path in [git_dir.join(&name), git_dir.join("logs").join(&name), git_dir.join("packed-refs")] {
                sync_file_and_folder(&path).map_err(|e| Error::io(&path, e))?;
            }
        }
        Ok(())
    }

    /// The lock file that keeps esc from moving the branch: `HEAD.lock` or the branch's.
    fn ref_lock_path(&self) -> PathBuf {
        let git_dir = self.repo.git_dir();
        let branch = self.repo.head_name().ok().flatten().map(|name| name.as_bstr().to_str_lossy().into_owned());
        let candidates = std::iter::once(git_dir.join("HEAD.lock")).chain(branch.map(|b| lock_path(&git_dir.join(b))));
        let candidates: Vec<PathBuf> = candidates.collect();
        candidates
            .iter()
            .find(|p| p.exists())
            .cloned()
            .unwrap_or_else(|| candidates.last().cloned().expect("HEAD.lock"))
    }

    /// Every commit reachable from HEAD that changed `path`, newest first.
    ///
    /// Like `git log -- path`, a merge is listed only when the file differs from every parent.
    /// In a shallow clone the walk ends at the commits it has.
    pub fn file_history(&self, path: &str) -> Result<Vec<FileCommit>> {
        let Some(head) = self.head_commit_id()? else { return Ok(Vec::new()) };
        let mut blob_at: HashMap<ObjectId, Option<ObjectId>> = HashMap::new();
        let mut blob_in = |repo: &GitRepo, commit: ObjectId| -> Result<Option<ObjectId>> {
            if let Some(found) = blob_at.get(&commit) {
                return Ok(*found);
            }
            let found = repo.blob_in_commit(commit, path)?;
            blob_at.insert(commit, found);
            Ok(found)
        };
        let index = self.history_index(head)?;
        // Without merges the index alone gives the walk; otherwise git's objects do.
        let walk: Vec<(ObjectId, Vec<ObjectId>)> = match index.linear_from(head) {
            Some(order) => order.into_iter().map(|(id, parents)| (id, parents.to_vec())).collect(),
            None => {
                let walk = self.repo.rev_walk([head]).all().map_err(Error::git)?;
                walk.map(|info| info.map(|info| (info.id, info.parent_ids.to_vec())).map_err(Error::git))
                    .collect::<Result<_>>()?
            }
        };
        let mut found = Vec::new();
        for (id, parent_ids) in walk {
            // Unchanged against the first parent: the file's blob is the same, so not listed.
            if !index.may_have_changed(id, path) {
                continue;
            }
            let after = blob_in(self, id)?;
            let mut befores = Vec::new();
            // A shallow clone's boundary commits name parents it does not have: its history
            // starts there.
            let boundary = parent_ids.iter().any(|p| !self.repo.has_object(*p));
            for parent in parent_ids.iter().filter(|p| self.repo.has_object(**p)) {
                befores.push(blob_in(self, *parent)?);
            }
            let changed = if befores.is_empty() { after.is_some() } else { befores.iter().all(|b| *b != after) };
            if !changed {
                continue;
            }
            let commit = self.repo.find_commit(id).map_err(Error::git)?;
            let decoded = commit.decode().map_err(Error::git)?;
            let author = decoded.author().map_err(Error::git)?;
            let seconds = author.time().map(|t| t.seconds).unwrap_or(0);
            let before = befores.first().copied().flatten();
            found.push(FileCommit {
                id,
                time: chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default(),
                author: Identity {
                    name: author.name.to_str_lossy().into_owned(),
                    email: author.email.to_str_lossy().into_owned(),
                },
                message: decoded.message.to_str_lossy().into_owned(),
                before: before.map(|b| self.read_blob(b)).transpose()?,
                after: after.map(|b| self.read_blob(b)).transpose()?,
                boundary,
            });
        }
        Ok(found)
    }
}

/// `bytes` with CRLF line ends made LF, as `eol=lf` stores them.
fn crlf_to_lf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        if !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
            out.push(b);
        }
    }
    out
}

/// The lock file git uses for `path`: `path.lock`.
pub(super) fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Where esc keeps the files it is about to rename into the work tree: inside `.git`, so
/// git never shows them, even when esc is killed before the rename.
pub(super) const TEMP_DIR: &str = "esc-tmp";

/// Temporary files older than this are leftovers from a crashed esc.
const STALE_TEMP: Duration = Duration::from_secs(600);

impl GitRepo {
    /// Writes `contents` to a temporary file from which [`GitRepo::place`] moves it to
    /// `target`; the target's folder is created.
    pub(super) fn write_temp(&self, target: &Path, contents: &[u8]) -> Result<PathBuf> {
        let dir = target.parent().expect("ticket paths have a folder");
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let temps = self.repo.git_dir().join(TEMP_DIR);
        std::fs::create_dir_all(&temps).map_err(|e| Error::io(&temps, e))?;
        remove_stale_temps(&temps);
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // Two files of one commit may share a name (a ticket and its review).
        static WRITTEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = WRITTEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let temp = temps.join(format!("{}-{n}.{name}.tmp", std::process::id()));
        std::fs::write(&temp, contents).map_err(|e| Error::io(&temp, e))?;
        Ok(temp)
    }

    /// Renames `temp` over `target`. When `.git` is on another file system (a separate git
    /// dir), the file is copied beside the target first so the final rename is still atomic.
    pub(super) fn place(&self, temp: &Path, target: &Path) -> Result<()> {
        match std::fs::rename(temp, target) {
            Err(e) if e.kind() == std::io::ErrorKind::CrossesDevices => {
                let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let beside = target.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
                std::fs::copy(temp, &beside).map_err(|e| Error::io(&beside, e))?;
                let _ = std::fs::remove_file(temp);
                std::fs::rename(&beside, target).map_err(|e| Error::io(target, e))
            }
            result => result.map_err(|e| Error::io(target, e)),
        }
    }
}

/// Removes temporary files a crashed esc left behind (older than [`STALE_TEMP`]).
fn remove_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let old = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
        if old.is_some_and(|age| age > STALE_TEMP) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn remove_temps(staged: &[(&FileChange<'_>, ObjectId, PathBuf)]) {
    for (_, _, temp) in staged {
        let _ = std::fs::remove_file(temp);
    }
}

/// Points the index entry for `path` at `blob`, with the stat of the file esc just wrote
/// there; without one (a user's edit was kept) the stat is blank, so git looks at the
/// content and shows the edit as a change.
pub(super) fn update_index_entry(
    index: &mut gix::index::File,
    path: &str,
    blob: ObjectId,
    written: Option<&Path>,
) -> Result<()> {
    use gix::index::entry::{Flags, Mode, Stage, Stat};
    let stat = match written {
        Some(file) => {
            let metadata = gix::index::fs::Metadata::from_path_no_follow(file).map_err(|e| Error::io(file, e))?;
            Stat::from_fs(&metadata).map_err(|e| Error::Git(e.to_string()))?
        }
        None => Stat::default(),
    };
    match index.entry_mut_by_path_and_stage(path.into(), Stage::Unconflicted) {
        Some(entry) => {
            entry.id = blob;
            entry.stat = stat;
        }
        None => {
            index.dangerously_push_entry(stat, blob, Flags::empty(), Mode::FILE, path.into());
            index.sort_entries();
        }
    }
    // The cached tree would make git's next commit silently revert this change.
    index.remove_tree();
    Ok(())
}
