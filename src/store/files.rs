//! The database file itself: refusing files and directories that can't be written before
//! SQLite touches them, and creating a new file readable by its owner only.

use super::StoreError;
use rustix::fs::Access;
use std::io::ErrorKind;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// The mode of a new database file: orders name customers and users, so only the owner
/// reads them. SQLite gives its `-wal` and `-shm` files the same mode.
const FILE_MODE: u32 = 0o600;

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

/// Creates an empty database file with mode 0600 unless one is there; SQLite takes an
/// empty file for a new database. An existing file is never touched here.
pub fn create_private(path: &Path) -> Result<(), StoreError> {
    let created = std::fs::OpenOptions::new().write(true).create_new(true).mode(FILE_MODE).open(path);
    match created {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) if e.kind() == ErrorKind::PermissionDenied => {
            Err(StoreError::DirNotWritable { path: path.parent().map(Path::to_path_buf).unwrap_or_default() })
        }
        Err(source) => Err(StoreError::CreateFile { path: path.to_path_buf(), source }),
    }
}
