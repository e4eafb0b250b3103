//! `--db` paths that are not a regular file: a device, a folder, a dangling symlink. Each
//! is refused with a message saying what it is (exit 4), and nothing is created, neither at
//! the path nor beside it. A symlink to a regular file is fine. A path where no file is,
//! is refused by the commands that need an existing database (exit 3), creating nothing.
//! SQLite only: each test says it is skipped under `COMUNIQ_TEST_ENGINE=postgres`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

#[path = "common/engine.rs"]
mod engine;

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
    if engine::sqlite_only("a --db path that is not a regular file") {
        return;
    }
    refused(Path::new("/dev/null"), "ist ein Gerät");
    assert!(std::fs::metadata("/dev/null").unwrap().len() == 0);
}

#[test]
fn a_folder_is_refused_as_a_folder() {
    if engine::sqlite_only("a --db path that is not a regular file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    refused(dir.path(), "ist ein Ordner");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing created in the folder");
}

#[test]
fn a_dangling_symlink_is_refused_and_its_target_not_created() {
    if engine::sqlite_only("a --db path that is not a regular file") {
        return;
    }
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
    if engine::sqlite_only("a --db path that is not a regular file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.db");
    drop(comuniq_order::store::Store::open(&real).unwrap());
    let link = dir.path().join("link.db");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = run(&link);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The commands that read or change an existing database, with their arguments.
const NEED_A_DATABASE: [&[&str]; 4] =
    [&["orders"], &["invoice-items"], &["sim", "link", "--sim", "1234"], &["order", "--answers", "ANSWERS"]];

/// Runs `args` on `db` (ANSWERS replaced by an answers file outside the database's folder).
fn run_command(db: &Path, args: &[&str], answers: &Path, lang: &str) -> Output {
    let args: Vec<&str> = args.iter().map(|a| if *a == "ANSWERS" { answers.to_str().unwrap() } else { a }).collect();
    Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .args(["--db", db.to_str().unwrap(), "--lang", lang, "--operator", "tester"])
        .args(&args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn a_missing_database_is_refused_by_the_commands_that_need_one_and_nothing_is_created() {
    if engine::sqlite_only("a --db path that is not a regular file") {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let answers = home.path().join("order.toml");
    std::fs::write(&answers, "customer = \"K-100001\"\nsim_option = \"sim-later\"\npin = \"4711\"\n").unwrap();
    let work = home.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let missing_file = work.join("new.db");
    let missing_folder = work.join("nonexist/deeper/x.db");
    for db in [&missing_file, &missing_folder] {
        for args in NEED_A_DATABASE {
            for (lang, says) in [("de", "Keine Datenbank unter"), ("en", "No database at")] {
                let out = run_command(db, args, &answers, lang);
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert_eq!(out.status.code(), Some(3), "{args:?} on {}: {stderr}", db.display());
                assert!(stderr.contains(says) && stderr.contains(db.to_str().unwrap()), "{args:?}: {stderr}");
                assert!(stderr.contains("import"), "says how one is made: {stderr}");
                assert!(out.stdout.is_empty(), "{args:?} printed {}", String::from_utf8_lossy(&out.stdout));
                assert_eq!(
                    std::fs::read_dir(&work).unwrap().count(),
                    0,
                    "{args:?} created something in {}",
                    work.display()
                );
            }
        }
    }
}

#[test]
fn import_still_creates_a_missing_database_and_its_folder() {
    if engine::sqlite_only("a --db path that is not a regular file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sims = dir.path().join("sims.csv");
    std::fs::write(&sims, "iccid\n89490777000000000016\n").unwrap();
    let db = dir.path().join("new/orders.db");
    let out = run_command(&db, &["import", "sims", sims.to_str().unwrap()], &sims, "de");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(db.is_file());
    // Now it exists, the reading commands work on it.
    let out = run_command(&db, &["orders"], &sims, "de");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
