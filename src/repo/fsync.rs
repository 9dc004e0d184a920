//! Durability as the user's git is told to have it: `core.fsync` (and the older
//! `core.fsyncObjectFiles`) name what git flushes to disk before it counts as written; esc
//! flushes the same for what it writes itself: loose objects, the branch and its log, the
//! index. (Work-tree files are flushed by neither; esc's intent record always is, since
//! recovery stands on it.)

use std::path::Path;

const LOOSE_OBJECT: u16 = 1 << 0;
const PACK: u16 = 1 << 1;
const PACK_METADATA: u16 = 1 << 2;
const COMMIT_GRAPH: u16 = 1 << 3;
const INDEX: u16 = 1 << 4;
const REFERENCE: u16 = 1 << 5;
const OBJECTS: u16 = LOOSE_OBJECT | PACK;
const DERIVED_METADATA: u16 = PACK_METADATA | COMMIT_GRAPH;
const COMMITTED: u16 = OBJECTS | REFERENCE;
const ADDED: u16 = COMMITTED | INDEX;
const ALL: u16 = ADDED | DERIVED_METADATA;
/// git's default: objects and derived metadata, but not loose objects.
const DEFAULT: u16 = (OBJECTS | DERIVED_METADATA) & !LOOSE_OBJECT;

/// What to flush to disk, read as git reads `core.fsync`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fsync(u16);

impl Fsync {
    /// From the values of `core.fsync` and `core.fsyncObjectFiles` (either may be unset).
    /// As git reads it (checked against git's own fsync counts): the list starts from the
    /// default, `none` empties that, and the result is that without every `-word` and with
    /// every `word` (so an addition wins); a word names every component it is the start of,
    /// and unknown words are ignored. The older boolean adds loose objects.
    pub fn from_config(fsync: Option<&str>, object_files: Option<bool>) -> Fsync {
        let mut components = DEFAULT;
        if let Some(list) = fsync {
            let (mut added, mut removed) = (0, 0);
            for word in list.split(',').map(str::trim).filter(|w| !w.is_empty()) {
                if "none".starts_with(word) {
                    components = 0;
                    continue;
                }
                let (remove, name) = match word.strip_prefix('-') {
                    Some(name) => (true, name),
                    None => (false, word),
                };
                let bits = components_named(name);
                if remove {
                    removed |= bits;
                } else {
                    added |= bits;
                }
            }
            components = (components & !removed) | added;
        }
        if object_files == Some(true) {
            components |= LOOSE_OBJECT;
        }
        Fsync(components)
    }

    pub fn loose_objects(self) -> bool {
        self.0 & LOOSE_OBJECT != 0
    }

    pub fn references(self) -> bool {
        self.0 & REFERENCE != 0
    }

    pub fn index(self) -> bool {
        self.0 & INDEX != 0
    }
}

/// git's component names, in its order.
const NAMES: [(&str, u16); 11] = [
    ("loose-object", LOOSE_OBJECT),
    ("pack", PACK),
    ("pack-metadata", PACK_METADATA),
    ("commit-graph", COMMIT_GRAPH),
    ("index", INDEX),
    ("objects", OBJECTS),
    ("reference", REFERENCE),
    ("derived-metadata", DERIVED_METADATA),
    ("committed", COMMITTED),
    ("added", ADDED),
    ("all", ALL),
];

/// Every component whose name starts with `word` (git compares the word's length only).
fn components_named(word: &str) -> u16 {
    NAMES.iter().filter(|(name, _)| name.starts_with(word)).fold(0, |bits, (_, more)| bits | more)
}

/// Flushes the file at `path` and the folder entry that names it, if the file exists.
pub(super) fn sync_file_and_folder(path: &Path) -> std::io::Result<()> {
    match std::fs::File::open(path) {
        Ok(file) => file.sync_all()?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    }
    sync_folder(path.parent().unwrap_or(Path::new(".")))
}

/// Flushes a folder's entries (a rename into it), where the system can.
pub(super) fn sync_folder(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Fsync;

    fn read(value: Option<&str>) -> (bool, bool, bool) {
        let f = Fsync::from_config(value, None);
        (f.loose_objects(), f.references(), f.index())
    }

    #[test]
    fn words_add_remove_and_reset_as_in_git() {
        assert_eq!(read(None), (false, false, false), "git's default flushes no loose object, ref or index");
        assert_eq!(read(Some("committed")), (true, true, false));
        assert_eq!(read(Some("added")), (true, true, true));
        assert_eq!(read(Some("committed,index,-index")), (true, true, true), "an addition wins");
        assert_eq!(read(Some("added,-index")), (true, true, true));
        assert_eq!(read(Some("-pack,loose")), (true, false, false), "a word may be the start of a name");
        assert_eq!(read(Some("loose-object,none")), (true, false, false), "none empties the default, not the words");
        assert_eq!(read(Some("none,reference")), (false, true, false));
        assert_eq!(read(Some(" loose-object , bogus")), (true, false, false), "unknown words are ignored");
        assert_eq!(read(Some("reference,-reference")), (false, true, false));
        assert_eq!(read(Some("none")), (false, false, false));
        assert!(Fsync::from_config(None, Some(true)).loose_objects());
    }
}
