//! An action in flight, recorded in `.git/esc-intent` while esc commits it, so that the next
//! esc finishes or rolls back one a kill interrupted: the repository is then as it was before
//! the action, or as it is after it, never in between (HEAD ahead of the file and the index,
//! which a plain `git commit` would silently revert).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::git::{GitRepo, ObjectId, update_index_entry};
use super::lock::{process_is_alive, this_host};
use crate::error::{Error, Result};
use crate::interrupt::Critical;

const INTENT_FILE: &str = "esc-intent";

/// What esc is about to do: move the branch from `old_head`, then put these files in place.
#[derive(Debug, Serialize, Deserialize)]
struct Intent {
    pid: u32,
    /// The machine `pid` runs on ([`this_host`]).
    #[serde(default)]
    host: String,
    old_head: Option<String>,
    files: Vec<IntentFile>,
}

/// One file of an action in flight: its path, the blob it gets, the temporary file holding
/// it, and what the work tree held before (the bytes esc read, the committed blob), so that
/// recovery never writes over an edit saved after the kill.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct IntentFile {
    path: String,
    blob: String,
    temp: PathBuf,
    #[serde(default)]
    read: Option<String>,
    #[serde(default)]
    before: Option<String>,
}

impl IntentFile {
    pub(super) fn new(
        path: &str,
        blob: ObjectId,
        temp: &Path,
        read: Option<ObjectId>,
        before: Option<ObjectId>,
    ) -> IntentFile {
        IntentFile {
            path: path.to_string(),
            blob: blob.to_string(),
            temp: temp.to_path_buf(),
            read: read.map(|id| id.to_string()),
            before: before.map(|id| id.to_string()),
        }
    }
}

/// What the next esc did about an interrupted action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// The commit was made; the files and the index now match it.
    Completed { paths: Vec<String> },
    /// The commit was not made; what had been prepared is gone.
    RolledBack { paths: Vec<String> },
}

impl GitRepo {
    fn intent_path(&self) -> PathBuf {
        self.repo.git_dir().join(INTENT_FILE)
    }

    /// Records the action about to be committed: the branch moves from `old_head`, then
    /// `files` are put in place.
    pub(super) fn record_intent(&self, old_head: Option<ObjectId>, files: Vec<IntentFile>) -> Result<()> {
        let intent =
            Intent { pid: std::process::id(), host: this_host(), old_head: old_head.map(|id| id.to_string()), files };
        let path = self.intent_path();
        let temp = path.with_extension("tmp");
        let text = serde_json::to_string(&intent).map_err(|e| Error::Git(e.to_string()))?;
        write_synced(&temp, text.as_bytes())?;
        std::fs::rename(&temp, &path).map_err(|e| Error::io(&path, e))
    }

    /// The action is complete (or abandoned before the branch moved).
    pub(super) fn clear_intent(&self) {
        let _ = std::fs::remove_file(self.intent_path());
    }

    /// Finishes or rolls back an action a killed esc left in flight; `None` when there is
    /// none (or its esc is still running).
    pub fn recover(&self) -> Result<Option<Recovery>> {
        self.release_dead_claims();
        let path = self.intent_path();
        if self.abandoned_intent(&path).is_none() {
            return Ok(None);
        }
        let _critical = Critical::enter()?;
        // Decided under the index lock, after reading the record again: an esc that was only
        // slow has finished (and removed it) by the time the lock is ours.
        let (lock, mut index) = self.lock_index()?;
        let Some(intent) = self.abandoned_intent(&path) else { return Ok(None) };
        self.remove_dead_ref_locks(&path);
        if intent.files.is_empty() {
            // Nothing had been prepared: nothing to finish and nothing to say.
            self.clear_intent();
            return Ok(None);
        }
        let paths: Vec<String> = intent.files.iter().map(|f| f.path.clone()).collect();
        let head = self.head_commit_id()?;
        let mut committed = head.map(|id| id.to_string()) != intent.old_head;
        for file in &intent.files {
            let in_head = match head {
                Some(commit) => self.blob_in_commit(commit, &file.path)?,
                None => None,
            };
            committed &= in_head.map(|id| id.to_string()).as_deref() == Some(file.blob.as_str());
        }
        if !committed {
            for file in &intent.files {
                let _ = std::fs::remove_file(&file.temp);
            }
            self.clear_intent();
            return Ok(Some(Recovery::RolledBack { paths }));
        }
        for file in &intent.files {
            let target = self.workdir().join(&file.path);
            let id = |text: &str| -> Result<ObjectId> {
                text.parse().map_err(|_| Error::Git(format!("bad blob id in {}", path.display())))
            };
            let blob = id(&file.blob)?;
            let read = file.read.as_deref().map(id).transpose()?;
            let before = file.before.as_deref().map(id).transpose()?;
            let placed = if std::fs::read(&target).ok().map(|bytes| self.blob_id_of(&bytes)) == Some(blob) {
                true // the dead esc got as far as this file
            } else if file.temp.exists() {
                self.place_unless_edited(&file.temp, &file.path, read, before)?
            } else {
                let temp = self.write_temp(&target, &self.read_blob(blob)?)?;
                self.place_unless_edited(&temp, &file.path, read, before)?
            };
            update_index_entry(&mut index, &file.path, blob, placed.then_some(target.as_path()))?;
        }
        self.write_index(lock, &index)?;
        self.clear_intent();
        Ok(Some(Recovery::Completed { paths }))
    }

    /// The record of an action whose esc is no longer running (a broken record is removed).
    fn abandoned_intent(&self, path: &Path) -> Option<Intent> {
        let text = std::fs::read_to_string(path).ok()?;
        let Ok(intent) = serde_json::from_str::<Intent>(&text) else {
            self.clear_intent();
            return None;
        };
        // Another machine's esc (a repository shared over a network) cannot be judged here.
        let elsewhere = !intent.host.is_empty() && intent.host != this_host();
        let running = elsewhere || (intent.pid != std::process::id() && process_is_alive(intent.pid));
        (!running).then_some(intent)
    }

    /// The dead esc may have been killed while it moved the branch, leaving `HEAD.lock` or
    /// the branch's lock. A ref lock made after its record, found while we hold the index
    /// lock (which every esc commit and git's own commit and checkout hold), is its.
    fn remove_dead_ref_locks(&self, intent: &Path) {
        let git_dir = self.repo.git_dir();
        let mut locks = vec![git_dir.join("HEAD.lock")];
        if let Ok(Some(name)) = self.repo.head_name() {
            let mut branch = git_dir.join(name.as_bstr().to_string()).into_os_string();
            branch.push(".lock");
            locks.push(PathBuf::from(branch));
        }
        let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
        let Some(recorded) = modified(intent) else { return };
        for lock in locks {
            if modified(&lock).is_some_and(|locked| locked >= recorded) {
                let _ = std::fs::remove_file(&lock);
            }
        }
    }
}

/// Writes `contents` to `path` and flushes it to disk, so the record survives a power cut.
fn write_synced(path: &Path, contents: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
    file.write_all(contents).map_err(|e| Error::io(path, e))?;
    file.sync_all().map_err(|e| Error::io(path, e))
}

/// Test builds of the crash suite stop the process here when `ESC_TEST_CRASH` names `point`,
/// as a kill at that instant would.
pub(super) fn crash_point(point: &str) {
    if std::env::var_os("ESC_TEST_CRASH").is_some_and(|wanted| wanted == point) {
        std::process::abort();
    }
}
