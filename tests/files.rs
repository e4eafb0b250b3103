//! Bad database files are refused with their own error, and never changed: not SQLite,
//! damaged, from a newer version, read-only, in a directory that can't be written. A new
//! file is readable by its owner only. Drafts: saved without the PIN, listed, pruned.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

use chrono::{NaiveDate, NaiveDateTime};
use comuniq_order::domain::{Answers, Draft, Field, Step};
use comuniq_order::store::{Store, StoreError};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 26).and_then(|d| d.and_hms_opt(12, 0, 0)).unwrap()
}

/// Opens `path`, expecting a refusal, and checks the file's bytes are unchanged.
fn refused(path: &Path) -> StoreError {
    let before = std::fs::read(path).ok();
    let err = Store::open(path).expect_err("must be refused");
    assert_eq!(std::fs::read(path).ok(), before, "the file was changed");
    err
}

#[test]
fn a_new_database_is_private() {
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
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    std::fs::write(&path, "Kundenliste;Name\nK-1;Muster GmbH\n".repeat(200)).unwrap();
    assert!(matches!(refused(&path), StoreError::NotADatabase { .. }));
}

#[test]
fn a_damaged_database_is_refused_unchanged() {
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
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    drop(Store::open(&path).unwrap());
    rusqlite::Connection::open(&path).unwrap().pragma_update(None, "user_version", 999).unwrap();
    assert!(matches!(refused(&path), StoreError::TooNew { found: 999, .. }));
}

#[test]
fn a_read_only_file_is_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    drop(Store::open(&path).unwrap());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
    assert!(matches!(refused(&path), StoreError::ReadOnly { .. }));
}

#[test]
fn an_unwritable_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let err = Store::open(&locked.join("orders.db")).expect_err("must be refused");
    assert!(matches!(err, StoreError::DirNotWritable { .. }), "{err:?}");
    assert!(!locked.join("orders.db").exists());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn drafts_are_saved_without_the_pin_listed_and_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("orders.db")).unwrap();
    let answers = Answers { pin: "908172".into(), username: "erika".into(), ..Answers::default() };
    let draft = Draft::new(Step::Fmc, Some(Field::Pin), &answers);
    let id = store.save_draft(None, "anna", &draft, now()).unwrap();
    // Saving again updates the same draft.
    let later = now() + chrono::Duration::minutes(90);
    assert_eq!(store.save_draft(Some(id), "anna", &draft, later).unwrap(), id);
    let raw: String = rusqlite::Connection::open(dir.path().join("orders.db"))
        .unwrap()
        .query_row("SELECT answers || step || coalesce(focus, '') FROM drafts", [], |r| r.get(0))
        .unwrap();
    assert!(!raw.contains("908172"), "{raw}");
    assert_eq!(store.draft(id).unwrap(), Some(draft));
    let listed = store.drafts_of("anna", later + chrono::Duration::minutes(5)).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].step, listed[0].age_minutes), (Step::Fmc, 5));
    assert!(store.drafts_of("bernd", now()).unwrap().is_empty(), "drafts belong to their operator");
    assert_eq!(store.prune_drafts(later - chrono::Duration::days(1)).unwrap(), 0);
    assert_eq!(store.prune_drafts(later + chrono::Duration::seconds(1)).unwrap(), 1);
    assert!(store.draft(id).unwrap().is_none());
}
