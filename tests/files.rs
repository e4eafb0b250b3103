//! Bad database files are refused with their own error, and never changed: not SQLite,
//! damaged, from a newer version, read-only, in a directory that can't be written. A new
//! file is readable by its owner only. (Drafts: tests/store.rs, on both engines.)
//! SQLite only: each test says it is skipped under `COMUNIQ_TEST_ENGINE=postgres`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

#[path = "common/engine.rs"]
mod engine;

use comuniq_order::store::{Store, StoreError};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// Opens `path`, expecting a refusal, and checks the file's bytes are unchanged.
fn refused(path: &Path) -> StoreError {
    let before = std::fs::read(path).ok();
    let err = Store::open(path).expect_err("must be refused");
    assert_eq!(std::fs::read(path).ok(), before, "the file was changed");
    err
}

#[test]
fn a_new_database_is_private() {
    if engine::sqlite_only("a refused or private database file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    Store::open(&path).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    for suffix in ["-wal", "-shm"] {
        let side = dir.path().join(format!("orders.db{suffix}"));
        if let Ok(m) = std::fs::metadata(side) {
            assert_eq!(m.permissions().mode() & 0o077, 0, "{suffix} readable by others");
        }
    }
}

#[test]
fn not_sqlite_is_refused_unchanged() {
    if engine::sqlite_only("a refused or private database file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    std::fs::write(&path, "Kundenliste;Name\nK-1;Muster GmbH\n".repeat(200)).unwrap();
    assert!(matches!(refused(&path), StoreError::NotADatabase { .. }));
}

#[test]
fn a_damaged_database_is_refused_unchanged() {
    if engine::sqlite_only("a refused or private database file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    drop(Store::open(&path).unwrap());
    // Checkpointed into the main file, then the schema page overwritten after its header.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(conn);
    let mut bytes = std::fs::read(&path).unwrap();
    for b in &mut bytes[100..4096] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = refused(&path);
    assert!(matches!(err, StoreError::Corrupt { .. } | StoreError::NotADatabase { .. }), "{err:?}");
}

#[test]
fn a_newer_database_is_refused_unchanged() {
    if engine::sqlite_only("a refused or private database file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    drop(Store::open(&path).unwrap());
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "user_version", 999).unwrap();
    assert!(matches!(refused(&path), StoreError::TooNew { found: 999, .. }));
}

#[test]
fn a_read_only_file_is_refused_unchanged() {
    if engine::sqlite_only("a refused or private database file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    drop(Store::open(&path).unwrap());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
    assert!(matches!(refused(&path), StoreError::ReadOnly { .. }));
}

#[test]
fn an_unwritable_directory_is_refused() {
    if engine::sqlite_only("a refused or private database file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let err = Store::open(&locked.join("orders.db")).expect_err("must be refused");
    assert!(matches!(err, StoreError::DirNotWritable { .. }), "{err:?}");
    assert!(!locked.join("orders.db").exists());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}
