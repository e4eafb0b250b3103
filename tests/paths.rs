//! `--db` paths that are not a regular file: a device, a folder, a dangling symlink. Each
//! is refused with a message saying what it is (exit 4), and nothing is created, neither at
//! the path nor beside it. A symlink to a regular file is fine.

use std::path::Path;
use std::process::{Command, Output};

fn run(db: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .args(["--db", db.to_str().unwrap(), "--lang", "de", "orders"])
        .output()
        .unwrap()
}

fn refused(db: &Path, says: &str) {
    let out = run(db);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{}: {stderr}", db.display());
    assert!(stderr.contains(says), "{}: {stderr}", db.display());
    assert!(!stderr.contains("kann nicht beschrieben werden"), "{stderr}");
    for suffix in ["-journal", "-wal", "-shm"] {
        let side = format!("{}{suffix}", db.display());
        assert!(std::fs::symlink_metadata(&side).is_err(), "{side} was created");
    }
}

#[test]
fn a_device_is_refused_and_nothing_is_created_beside_it() {
    refused(Path::new("/dev/null"), "ist ein Gerät");
    assert!(std::fs::metadata("/dev/null").unwrap().len() == 0);
}

#[test]
fn a_folder_is_refused_as_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    refused(dir.path(), "ist ein Ordner");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing created in the folder");
}

#[test]
fn a_dangling_symlink_is_refused_and_its_target_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("orders.db");
    let target = dir.path().join("elsewhere/gone.db");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    refused(&link, "symbolischer Link");
    assert!(!target.exists() && !dir.path().join("elsewhere").exists());
    // A symlink to a folder is a folder.
    let folder_link = dir.path().join("folder.db");
    std::os::unix::fs::symlink(dir.path(), &folder_link).unwrap();
    refused(&folder_link, "ist ein Ordner");
}

#[test]
fn a_symlink_to_a_database_file_works() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.db");
    assert!(run(&real).status.success());
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = run(&link);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
