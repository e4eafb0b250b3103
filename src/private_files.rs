//! Creating files and folders that hold customers' data: readable by their owner only,
//! whatever the umask. Every place the program creates a file or a folder goes through here
//! (the database and its folder, the answers files of Ctrl+S, the crash log).

use std::fs::{DirBuilder, File, OpenOptions, Permissions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

/// The mode of every file the program creates.
pub const FILE_MODE: u32 = 0o600;
/// The mode of every folder the program creates.
pub const DIR_MODE: u32 = 0o700;

/// Creates `dir` and the folders above it that are missing, each with mode 0700. Folders
/// that exist are left as they are.
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dir_all(parent)?;
    }
    match DirBuilder::new().mode(DIR_MODE).create(dir) {
        // The umask can only take bits away from 0700; a umask like 0200 would leave the
        // folder unusable, so the mode is set exactly.
        Ok(()) => std::fs::set_permissions(dir, Permissions::from_mode(DIR_MODE)),
        // Another process made it in the meantime.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        Err(e) => Err(e),
    }
}

/// Creates a new file with mode 0600; fails if anything is at `path` already (a file, a
/// symlink, a device), so no existing file is ever taken over.
pub fn create_new(path: &Path) -> io::Result<File> {
    let file = OpenOptions::new().write(true).create_new(true).mode(FILE_MODE).open(path)?;
    file.set_permissions(Permissions::from_mode(FILE_MODE))?;
    Ok(file)
}

/// Opens `path` for appending, creating it with mode 0600 if it is missing (its folders with
/// 0700). An existing file keeps its mode. Symlinks are not followed, so a planted link
/// cannot redirect what is written.
pub fn append(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent() {
        create_dir_all(dir)?;
    }
    match create_new(path) {
        Ok(file) => Ok(file),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            OpenOptions::new().append(true).custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32).open(path)
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).map(|m| m.permissions().mode() & 0o777).unwrap_or(0)
    }

    #[test]
    fn files_and_folders_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("a/b/app.log");
        append(&log).unwrap().write_all(b"one\n").unwrap();
        append(&log).unwrap().write_all(b"two\n").unwrap();
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "one\ntwo\n");
        assert_eq!((mode(&log), mode(&dir.path().join("a")), mode(&dir.path().join("a/b"))), (0o600, 0o700, 0o700));
        let new = dir.path().join("new.toml");
        create_new(&new).unwrap();
        assert_eq!(mode(&new), 0o600);
        assert_eq!(create_new(&new).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
    }
}
