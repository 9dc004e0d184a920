//! git's `index.lock`, taken by esc with a claim beside it, so that a lock left by a killed
//! esc is known as such and removed by the next one, while a lock held by a running git or
//! esc is waited for and then reported by name.
//!
//! The claim (`.git/esc-tmp/<host>.<pid>.index-claim`) is written before each attempt to
//! take the lock and removed after the lock is released. Only claims of this machine are
//! judged (a process id means nothing on another one sharing the repository). Once the lock is taken the claim also names
//! the lock file's inode. A claim whose process is gone marks the lock as the dead esc's
//! when it is that very file (same inode), or, for a kill between taking the lock and
//! naming it, when the lock is still empty and was made within a moment of the claim.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::git::{GitRepo, TEMP_DIR, lock_path};
use super::intent::crash_point;
use crate::error::{Error, Result};

const CLAIM_SUFFIX: &str = ".index-claim";

/// How soon after its claim a dead esc's lock was made (a claim is written just before
/// each attempt).
const CLAIM_TO_LOCK: Duration = Duration::from_secs(1);

/// `index.lock`, held by this esc; released (the lock removed, then the claim) when
/// dropped, or committed by [`GitRepo::write_index`].
pub(super) struct IndexLock {
    file: Option<gix::lock::File>,
    claim: PathBuf,
}

impl IndexLock {
    /// The held lock file, to write the new index into.
    pub(super) fn file(&mut self) -> &mut gix::lock::File {
        self.file.as_mut().expect("an index lock holds its file until released")
    }

    /// Moves the written lock file into place as the index; the claim goes after it.
    pub(super) fn commit(mut self) -> std::io::Result<()> {
        let file = self.file.take().expect("an index lock holds its file until released");
        file.commit().map(drop).map_err(|e| e.error)
    }
}

impl Drop for IndexLock {
    fn drop(&mut self) {
        drop(self.file.take());
        let _ = std::fs::remove_file(&self.claim);
    }
}

impl GitRepo {
    /// Takes `index.lock`, waiting for another holder up to the lock wait, and refusing by
    /// name once that has passed.
    pub(super) fn acquire_index_lock(&self) -> Result<IndexLock> {
        let index_path = self.repo.index_path();
        let claims = self.repo.git_dir().join(TEMP_DIR);
        std::fs::create_dir_all(&claims).map_err(|e| Error::io(&claims, e))?;
        let claim = claims.join(format!("{}.{}{CLAIM_SUFFIX}", this_host(), std::process::id()));
        // Waited for here rather than inside gix, so a signal is noticed while waiting.
        let started = std::time::Instant::now();
        loop {
            std::fs::write(&claim, b"").map_err(|e| Error::io(&claim, e))?;
            let attempt = gix::lock::File::acquire_to_update_resource(
                &index_path,
                gix::lock::acquire::Fail::Immediately,
                None,
                0,
            );
            match attempt {
                Ok(file) => {
                    crash_point("index-locked");
                    // Named at once: from here a kill leaves a lock the next esc can tell is ours.
                    let inode = file_id(&lock_path(&index_path)).map(|id| id.to_string()).unwrap_or_default();
                    let _ = std::fs::write(&claim, inode);
                    crash_point("index-claimed");
                    return Ok(IndexLock { file: Some(file), claim });
                }
                // Not ours: the claim must not outlive the attempt, or a later lock could pass for ours.
                Err(_) => {
                    let _ = std::fs::remove_file(&claim);
                }
            }
            if crate::interrupt::requested().is_some() {
                return Err(Error::Interrupted);
            }
            if started.elapsed() >= self.lock_wait {
                return Err(Error::Locked { path: lock_path(&index_path) });
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Removes `index.lock` when a claim shows that an esc which is no longer running holds
    /// it, and that esc's claim with it.
    pub(super) fn release_dead_claims(&self) {
        let claims = self.repo.git_dir().join(TEMP_DIR);
        let Ok(entries) = std::fs::read_dir(&claims) else { return };
        let lock = lock_path(&self.repo.index_path());
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some((host, pid)) = name.strip_suffix(CLAIM_SUFFIX).and_then(|rest| rest.rsplit_once('.')) else {
                continue;
            };
            let Ok(pid) = pid.parse::<u32>() else { continue };
            if host != this_host() {
                continue; // another machine's process: it may well be running
            }
            if pid == std::process::id() || process_is_alive(pid) {
                continue;
            }
            let claim = entry.path();
            if claim_holds(&claim, &lock) {
                let _ = std::fs::remove_file(&lock);
            }
            let _ = std::fs::remove_file(&claim);
        }
    }
}

/// Whether the dead esc's `claim` says that `lock` is the lock it held.
fn claim_holds(claim: &Path, lock: &Path) -> bool {
    let Ok(lock_meta) = std::fs::metadata(lock) else { return false };
    let Ok(named) = std::fs::read_to_string(claim) else { return false };
    let claimed_at = std::fs::metadata(claim).and_then(|m| m.modified()).unwrap_or(SystemTime::UNIX_EPOCH);
    let locked_at = lock_meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    match named.trim().parse::<u64>() {
        // Named after it was taken: that very file (its inode is only reused once it is gone,
        // and the claim goes right after the lock).
        Ok(inode) => file_id(lock) == Some(inode),
        Err(_) => lock_meta.len() == 0 && locked_at.duration_since(claimed_at).is_ok_and(|gap| gap <= CLAIM_TO_LOCK),
    }
}

/// A file's identity while it exists (its inode); `None` where the system has none to offer.
fn file_id(path: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| m.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// This machine's name as claims and intents record it (letters, digits, `-` and `_`), so
/// that a process id is only judged on the machine it belongs to.
pub(super) fn this_host() -> String {
    static HOST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HOST.get_or_init(|| {
        let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .or_else(|| std::env::var("HOSTNAME").ok())
            .or_else(|| std::env::var("COMPUTERNAME").ok())
            .unwrap_or_default();
        let name: String =
            name.trim().chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
        if name.is_empty() { "local".to_string() } else { name }
    })
    .clone()
}

/// Whether process `pid` still runs (where the system says; elsewhere assumed gone, since a
/// claim or an intent outlives its esc only when that esc was killed).
pub(super) fn process_is_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    proc.is_dir() && proc.join(pid.to_string()).exists()
}
