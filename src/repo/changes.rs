//! The history as a list of changes: every commit reachable from HEAD, oldest first, with
//! the files below some folders that it changed against each of its parents, as blob ids.
//! `esc audit` replays this; it reads the blobs it needs itself.

use std::collections::BTreeMap;

use gix::bstr::ByteSlice;

use super::git::{GitRepo, Identity, ObjectId};
use crate::clock::Timestamp;
use crate::error::{Error, Result};

/// One commit and the files it changed.
#[derive(Debug, Clone)]
pub struct CommitChanges {
    pub id: ObjectId,
    pub author: Identity,
    pub message: String,
    /// A shallow clone's first commit: its parents are missing, so what it changed cannot
    /// be told (its files are listed with no version before).
    pub boundary: bool,
    pub files: Vec<ChangedFile>,
}

/// A file a commit changed: its blob after, and in each parent the clone has.
#[derive(Debug, Clone)]
pub struct ChangedFile {
    pub path: String,
    pub after: Option<ObjectId>,
    pub befores: Vec<Option<ObjectId>>,
}

impl GitRepo {
    /// The commits reachable from HEAD and not from `hidden`, authored at or after `since`
    /// (when given), oldest first, with the files below `folders` (repository paths ending
    /// in `/`) each changed against any parent.
    pub fn changes_under(
        &self,
        folders: &[String],
        hidden: &[ObjectId],
        since: Option<Timestamp>,
    ) -> Result<Vec<CommitChanges>> {
        let Some(head) = self.head_commit_id()? else { return Ok(Vec::new()) };
        let walk = self.repo.rev_walk([head]).with_hidden(hidden.iter().copied()).all().map_err(Error::git)?;
        let mut out = Vec::new();
        for info in walk {
            let info = info.map_err(Error::git)?;
            let commit = self.repo.find_commit(info.id).map_err(Error::git)?;
            let decoded = commit.decode().map_err(Error::git)?;
            let author = decoded.author().map_err(Error::git)?;
            let time =
                chrono::DateTime::from_timestamp(author.time().map(|t| t.seconds).unwrap_or(0), 0).unwrap_or_default();
            // Older commits are not diffed at all: that is most of the work.
            if since.is_some_and(|since| time < since) {
                continue;
            }
            let tree = commit.tree_id().map_err(Error::git)?.detach();
            let parents: Vec<ObjectId> = info.parent_ids.iter().copied().filter(|p| self.repo.has_object(*p)).collect();
            let boundary = parents.len() < info.parent_ids.len() && parents.is_empty();
            let parent_trees: Vec<ObjectId> = parents.iter().map(|p| self.tree_of(*p)).collect::<Result<_>>()?;
            let mut files: BTreeMap<String, ChangedFile> = BTreeMap::new();
            for folder in folders {
                let new = self.subtree(tree, folder)?;
                let olds: Vec<Option<ObjectId>> =
                    parent_trees.iter().map(|t| self.subtree(*t, folder)).collect::<Result<_>>()?;
                if olds.is_empty() {
                    let mut added = BTreeMap::new();
                    self.diff_files(folder, None, new, &mut added)?;
                    for (path, (_, after)) in added {
                        files.insert(path.clone(), ChangedFile { path, after, befores: Vec::new() });
                    }
                }
                // Against each parent: the files that differ, with their blob on both sides.
                let mut diffs = Vec::new();
                for old in &olds {
                    let mut changed = BTreeMap::new();
                    self.diff_files(folder, *old, new, &mut changed)?;
                    diffs.push(changed);
                }
                for (path, (_, after)) in diffs.iter().flatten() {
                    // A parent the file does not differ from holds it as it is after.
                    let befores = diffs.iter().map(|d| d.get(path).map_or(*after, |(before, _)| *before)).collect();
                    files.insert(path.clone(), ChangedFile { path: path.clone(), after: *after, befores });
                }
            }
            out.push(CommitChanges {
                id: info.id,
                author: Identity {
                    name: author.name.to_str_lossy().into_owned(),
                    email: author.email.to_str_lossy().into_owned(),
                },
                message: decoded.message.to_str_lossy().into_owned(),
                boundary,
                files: files.into_values().collect(),
            });
        }
        out.reverse();
        Ok(out)
    }

    /// The commit `rev` names (an id, a prefix of one, a branch or tag), if any.
    pub fn resolve_commit(&self, rev: &str) -> Option<ObjectId> {
        let id = self.repo.rev_parse_single(rev).ok()?.detach();
        let object = self.repo.find_object(id).ok()?;
        object.peel_to_commit().ok().map(|c| c.id)
    }

    /// The blob at `path` in `commit`, if it has one there.
    pub fn blob_at(&self, commit: ObjectId, path: &str) -> Result<Option<ObjectId>> {
        self.blob_in_commit(commit, path)
    }

    /// The tree at `folder` (ending in `/`, or empty for the root) inside `tree`.
    fn subtree(&self, tree: ObjectId, folder: &str) -> Result<Option<ObjectId>> {
        let mut current = tree;
        for name in folder.split('/').filter(|n| !n.is_empty()) {
            let entries = self.tree_entries(current)?;
            match entries.get(name) {
                Some((true, id)) => current = *id,
                _ => return Ok(None),
            }
        }
        Ok(Some(current))
    }

    /// Every file below `prefix` whose blob differs between the trees `old` and `new`, with
    /// its blob in each (`None`: absent); equal subtrees are skipped unopened.
    fn diff_files(
        &self,
        prefix: &str,
        old: Option<ObjectId>,
        new: Option<ObjectId>,
        out: &mut BTreeMap<String, (Option<ObjectId>, Option<ObjectId>)>,
    ) -> Result<()> {
        if old == new {
            return Ok(());
        }
        let empty = BTreeMap::new();
        let old_entries = match old {
            Some(t) => self.tree_entries(t)?,
            None => empty.clone(),
        };
        let new_entries = match new {
            Some(t) => self.tree_entries(t)?,
            None => empty,
        };
        let names: std::collections::BTreeSet<&String> = old_entries.keys().chain(new_entries.keys()).collect();
        for name in names {
            let path = format!("{prefix}{name}");
            let (a, b) = (old_entries.get(name).copied(), new_entries.get(name).copied());
            if a == b {
                continue;
            }
            let tree = |e: Option<(bool, ObjectId)>| e.filter(|(is_tree, _)| *is_tree).map(|(_, id)| id);
            let blob = |e: Option<(bool, ObjectId)>| e.filter(|(is_tree, _)| !*is_tree).map(|(_, id)| id);
            if tree(a).is_some() || tree(b).is_some() {
                self.diff_files(&format!("{path}/"), tree(a), tree(b), out)?;
            }
            if blob(a) != blob(b) {
                out.insert(path, (blob(a), blob(b)));
            }
        }
        Ok(())
    }
}
