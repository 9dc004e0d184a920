//! Which paths each commit changed against its first parent, and its parents, kept in
//! `.git/esc-history-index` and extended with only the commits not indexed yet, so that a
//! file's history ([`GitRepo::file_history`]) skips, without opening a tree, every commit
//! that did not touch the file, and on a history without merges follows the parents without
//! decoding a commit. The index is only a filter: a commit missing from it, or a broken or
//! foreign index, means looking as before, never a wrong answer.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use super::git::{GitRepo, ObjectId, TEMP_DIR};
use crate::error::{Error, Result};

const INDEX_FILE: &str = "esc-history-index";
const HEADER: &str = "esc-history-index 2";

/// One indexed commit.
pub(super) struct Indexed {
    pub(super) parents: Vec<ObjectId>,
    /// The paths it changed against its first parent (a folder's path when the whole folder
    /// came or went), or `None` when it has no first parent here (a root commit, a shallow
    /// clone's boundary): then every path counts as changed.
    changed: Option<Vec<String>>,
}

pub(super) struct HistoryIndex {
    commits: HashMap<ObjectId, Indexed>,
}

impl HistoryIndex {
    /// Whether `commit` may have changed `path` (true when the index does not know).
    pub(super) fn may_have_changed(&self, commit: ObjectId, path: &str) -> bool {
        match self.commits.get(&commit).map(|c| &c.changed) {
            Some(Some(paths)) => paths
                .iter()
                .any(|p| p == path || path.strip_prefix(p.as_str()).is_some_and(|rest| rest.starts_with('/'))),
            _ => true,
        }
    }

    /// The commits from `head` back to the root in walk order, with their parents, when
    /// that history has no merge and every commit is indexed (a walk then visits exactly
    /// these, in this order); `None` otherwise.
    pub(super) fn linear_from(&self, head: ObjectId) -> Option<Vec<(ObjectId, &[ObjectId])>> {
        let mut order = Vec::new();
        let mut next = Some(head);
        while let Some(id) = next {
            let commit = self.commits.get(&id)?;
            match commit.parents.as_slice() {
                [] => next = None,
                [parent] => next = commit.changed.is_some().then_some(*parent),
                _ => return None,
            }
            order.push((id, commit.parents.as_slice()));
        }
        Some(order)
    }
}

impl GitRepo {
    fn history_index_path(&self) -> PathBuf {
        self.repo.git_dir().join(INDEX_FILE)
    }

    /// The index, brought up to `head`: commits reachable from it and not yet indexed are
    /// diffed and added, and the file rewritten (best effort: an index that cannot be
    /// written is still used for this call).
    pub(super) fn history_index(&self, head: ObjectId) -> Result<HistoryIndex> {
        let (tips, mut commits) = self.read_history_index();
        if tips.contains(&head) {
            return Ok(HistoryIndex { commits });
        }
        let walk = self.repo.rev_walk([head]).with_hidden(tips.iter().copied()).all().map_err(Error::git)?;
        for info in walk {
            let info = info.map_err(Error::git)?;
            if commits.contains_key(&info.id) {
                continue;
            }
            let parent = info.parent_ids.first().copied().filter(|p| self.repo.has_object(*p));
            let changed = match parent {
                Some(parent) => Some(self.changed_paths(self.tree_of(parent)?, self.tree_of(info.id)?)?),
                None => None,
            };
            commits.insert(info.id, Indexed { parents: info.parent_ids.to_vec(), changed });
        }
        self.write_history_index(head, &commits);
        Ok(HistoryIndex { commits })
    }

    pub(super) fn tree_of(&self, commit: ObjectId) -> Result<ObjectId> {
        Ok(self.repo.find_commit(commit).map_err(Error::git)?.tree_id().map_err(Error::git)?.detach())
    }

    /// The paths whose entries differ between trees `old` and `new`, subtrees with equal ids
    /// skipped unopened.
    fn changed_paths(&self, old: ObjectId, new: ObjectId) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut pending = vec![(String::new(), old, new)];
        while let Some((prefix, old, new)) = pending.pop() {
            if old == new {
                continue;
            }
            let (old_entries, new_entries) = (self.tree_entries(old)?, self.tree_entries(new)?);
            let names: std::collections::BTreeSet<&String> = old_entries.keys().chain(new_entries.keys()).collect();
            for name in names {
                let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
                match (old_entries.get(name), new_entries.get(name)) {
                    (Some(a), Some(b)) if a == b => {}
                    (Some((true, a)), Some((true, b))) => pending.push((path, *a, *b)),
                    _ => out.push(path),
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// A tree's entries by name: (is a tree, id); modes other than tree count as files.
    pub(super) fn tree_entries(&self, tree: ObjectId) -> Result<BTreeMap<String, (bool, ObjectId)>> {
        let tree = self.repo.find_tree(tree).map_err(Error::git)?;
        let decoded = tree.decode().map_err(Error::git)?;
        Ok(decoded.entries.iter().map(|e| (e.filename.to_string(), (e.mode.is_tree(), e.oid.to_owned()))).collect())
    }

    /// The indexed tips and entries; nothing when the file is missing, foreign or broken.
    fn read_history_index(&self) -> (Vec<ObjectId>, HashMap<ObjectId, Indexed>) {
        let empty = (Vec::new(), HashMap::new());
        let Ok(text) = std::fs::read_to_string(self.history_index_path()) else { return empty };
        let mut lines = text.lines();
        let Some(tips) = lines.next().and_then(|header| header.strip_prefix(HEADER)) else { return empty };
        let Ok(tips) = tips.split_whitespace().map(str::parse).collect::<std::result::Result<Vec<ObjectId>, _>>()
        else {
            return empty;
        };
        let mut commits = HashMap::new();
        for line in lines {
            // `<id> <parent>,<parent> <path>\t<path>…`, or `-` for no first parent here.
            let mut fields = line.splitn(3, ' ');
            let (Some(id), Some(parents), Some(rest)) = (fields.next(), fields.next(), fields.next()) else {
                return empty;
            };
            let Ok(id) = id.parse::<ObjectId>() else { return empty };
            let parents = parents.split(',').filter(|p| !p.is_empty()).map(str::parse).collect();
            let Ok(parents) = parents else { return empty };
            let changed = match rest {
                "-" => None,
                rest => Some(rest.split('\t').filter(|p| !p.is_empty()).map(str::to_string).collect()),
            };
            commits.insert(id, Indexed { parents, changed });
        }
        (tips, commits)
    }

    /// Rewrites the index atomically (through esc's temporary folder); failures are ignored,
    /// as the index only saves time.
    fn write_history_index(&self, head: ObjectId, commits: &HashMap<ObjectId, Indexed>) {
        let mut text = format!("{HEADER} {head}\n");
        for (id, commit) in commits {
            let paths = match &commit.changed {
                Some(paths) => paths.join("\t"),
                None => "-".to_string(),
            };
            let parents: Vec<String> = commit.parents.iter().map(ObjectId::to_string).collect();
            text.push_str(&format!("{id} {} {paths}\n", parents.join(",")));
        }
        let temps = self.repo.git_dir().join(TEMP_DIR);
        let temp = temps.join(format!("{}.history-index.tmp", std::process::id()));
        let written = std::fs::create_dir_all(&temps)
            .and_then(|()| std::fs::write(&temp, text))
            .and_then(|()| std::fs::rename(&temp, self.history_index_path()));
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
    }
}
