//! The database file itself: refusing paths that are not a regular file, and files and
//! directories that can't be written, before SQLite touches them; creating a new file
//! readable by its owner only; noticing an existing one that others can read.

use super::{NotAFile, StoreError, StoreWarning};
use crate::private_files::{self, FILE_MODE};
use rustix::fs::Access;
use std::fs::Permissions;
use std::io::ErrorKind;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;

/// Refuses a path that is a folder, a device, a pipe or a socket, or a symlink to one or to
/// nothing, before anything is created: SQLite would otherwise put its journal beside it
/// (`--db /dev/null` would create files in /dev).
pub fn check_kind(path: &Path) -> Result<(), StoreError> {
    let refuse = |kind| Err(StoreError::NotAFile { path: path.to_path_buf(), kind });
    let link = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        // Unreadable metadata (a folder above without search permission): SQLite says why.
        Err(_) => return Ok(()),
    };
    let meta = if link.file_type().is_symlink() {
        match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == ErrorKind::NotFound => return refuse(NotAFile::DanglingSymlink),
            Err(_) => return Ok(()),
        }
    } else {
        link
    };
    let kind = meta.file_type();
    if kind.is_file() {
        Ok(())
    } else if kind.is_dir() {
        refuse(NotAFile::Directory)
    } else if kind.is_char_device() || kind.is_block_device() {
        refuse(NotAFile::Device)
    } else {
        refuse(NotAFile::Special)
    }
}

/// Whether something is at `path` (a symlink counts: [`check_kind`] judges it). An
/// unreadable folder above counts as there: opening then says why.
pub fn exists(path: &Path) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(_) => true,
        Err(e) => e.kind() != ErrorKind::NotFound,
    }
}

/// Whether `path` can be written: by `access(2)`, and by its mode bits, so that a file or
/// directory someone marked read-only is refused even for root (who may write anyway).
fn writable(path: &Path) -> bool {
    let by_mode = std::fs::metadata(path).map(|m| m.permissions().mode() & 0o222 != 0).unwrap_or(false);
    by_mode && rustix::fs::access(path, Access::WRITE_OK).is_ok()
}

/// Refuses a read-only database file, or a directory where SQLite cannot create the file
/// or its journal.
pub fn check_writable(path: &Path) -> Result<(), StoreError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !writable(dir) {
        return Err(StoreError::DirNotWritable { path: dir.to_path_buf() });
    }
    if path.exists() && !writable(path) {
        return Err(StoreError::ReadOnly { path: path.to_path_buf() });
    }
    Ok(())
}

/// Makes sure a private file is there for SQLite to open: creates it with mode 0600 (SQLite
/// gives its `-wal` and `-shm` files the same mode), or makes an existing empty file (`touch
/// orders.db`, still no data in it) private. An existing database is not changed; if others
/// can read it, a warning says so.
pub fn prepare_file(path: &Path) -> Result<Vec<StoreWarning>, StoreError> {
    match private_files::create_new(path) {
        Ok(_) => return Ok(Vec::new()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
        Err(e) if e.kind() == ErrorKind::PermissionDenied => {
            return Err(StoreError::DirNotWritable { path: path.parent().map(Path::to_path_buf).unwrap_or_default() });
        }
        Err(source) => return Err(StoreError::CreateFile { path: path.to_path_buf(), source }),
    }
    let meta = std::fs::metadata(path).map_err(|source| StoreError::CreateFile { path: path.to_path_buf(), source })?;
    if meta.len() == 0 && meta.mode() & 0o077 != 0 {
        // Nothing in it yet: it becomes a database now, a private one.
        std::fs::set_permissions(path, Permissions::from_mode(FILE_MODE))
            .map_err(|source| StoreError::CreateFile { path: path.to_path_buf(), source })?;
    }
    Ok(loose(path))
}

/// The database file and its `-wal` and `-shm` files that others than the owner can read.
pub fn loose(path: &Path) -> Vec<StoreWarning> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| super::check::side_file(path, suffix))
        .filter_map(|file| {
            let mode = std::fs::metadata(&file).ok()?.mode() & 0o777;
            (mode & 0o077 != 0).then_some(StoreWarning::LooseMode { path: file, mode })
        })
        .collect()
}
