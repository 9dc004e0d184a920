//! Paths esc reads and writes stay inside the repository: every component below the root is
//! a real folder (never a symlink, which a cloned repository could point anywhere), the path
//! has no `..` or absolute part, and the file itself, where it exists, is a regular file,
//! opened without following a link. So a repository cannot make esc create, change or print
//! a file outside it.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// Checks that `relative` (with `/` separators) below `root` is, where it exists, a regular
/// file reached through real folders only: see the module. A missing part is fine (esc may
/// be about to create it).
pub fn check_file_path(root: &Path, relative: &str) -> Result<()> {
    check(root, relative, false)
}

/// Like [`check_file_path`], for a folder.
pub fn check_folder(root: &Path, relative: &str) -> Result<()> {
    check(root, relative, true)
}

/// Walks `relative`'s components below `root` with one `symlink_metadata` each; the last
/// must be a folder when `folder`, else a regular file.
fn check(root: &Path, relative: &str, folder: bool) -> Result<()> {
    let mut path = root.to_path_buf();
    let parts: Vec<&str> = relative.split('/').filter(|p| !p.is_empty()).collect();
    for (i, part) in parts.iter().enumerate() {
        if !matches!(Path::new(part).components().next(), Some(Component::Normal(_))) || part.contains('\\') {
            return Err(unsafe_path(root, &path.join(part), "not a plain name inside the repository"));
        }
        path.push(part);
        let metadata = match std::fs::symlink_metadata(&path) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(Error::io(&path, e)),
        };
        let kind = metadata.file_type();
        let must_be_folder = folder || i + 1 < parts.len();
        if kind.is_symlink() {
            return Err(unsafe_path(root, &path, LINK));
        }
        if must_be_folder && !kind.is_dir() {
            return Err(unsafe_path(root, &path, "is not a folder"));
        }
        if !must_be_folder && !kind.is_file() {
            return Err(unsafe_path(root, &path, "is not a regular file"));
        }
    }
    Ok(())
}

/// Reads the regular file at `relative` below `root`; `None` when there is none. Limited to
/// `max_bytes` (a larger file is an error, read no further).
pub fn read_file(root: &Path, relative: &str, max_bytes: u64) -> Result<Option<Vec<u8>>> {
    check_file_path(root, relative)?;
    let path = root.join(relative);
    let file = match open_no_follow(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(refused_or_io(root, &path, e)),
    };
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| Error::io(&path, e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(Error::TooLarge { path: PathBuf::from(relative), limit: max_bytes });
    }
    Ok(Some(bytes))
}

fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// A link swapped in after the check makes `O_NOFOLLOW` fail with ELOOP: the same refusal.
fn refused_or_io(root: &Path, path: &Path, e: std::io::Error) -> Error {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return unsafe_path(root, path, LINK);
    }
    Error::io(path, e)
}

const LINK: &str = "is a symbolic link; esc does not follow links out of the repository";

/// The refusal, naming the path as the user sees it in the repository.
pub(crate) fn unsafe_path(root: &Path, path: &Path, reason: &str) -> Error {
    let shown = path.strip_prefix(root).unwrap_or(path);
    Error::UnsafePath { path: PathBuf::from(shown), reason: reason.to_string() }
}
