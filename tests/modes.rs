//! Everything the program creates holds customers' data: files 0600 and folders 0700, under
//! umask 000 as under 022. The umask is changed in one test only; the other sets the modes
//! it needs explicitly.
//! SQLite only: each test says it is skipped under `COMUNIQ_TEST_ENGINE=postgres`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

#[path = "common/engine.rs"]
mod engine;

use comuniq_order::domain::Catalog;
use comuniq_order::driver::Driver;
use comuniq_order::store::Store;
use comuniq_order::wizard::{Effect, Event};
use rustix::fs::Mode;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o777
}

fn clock() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 26).and_then(|d| d.and_hms_opt(9, 0, 0)).unwrap()
}

/// Runs the binary with `umask` and its data and state folders under `home`.
fn run(home: &Path, umask: u32, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_comuniq-order"));
    cmd.args(args)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("HOME", home)
        .env("LANG", "de_DE.UTF-8");
    // SAFETY: umask(2) is async-signal-safe.
    unsafe {
        cmd.pre_exec(move || {
            rustix::process::umask(Mode::from_bits_truncate(umask));
            Ok(())
        });
    }
    cmd.output().unwrap()
}

#[test]
fn everything_created_is_private_whatever_the_umask() {
    if engine::sqlite_only("the modes of the files and folders the program creates") {
        return;
    }
    for umask in [0o000, 0o022] {
        let home = tempfile::tempdir().unwrap();
        // The default database in the data folder, created by a command (`import`: the
        // reading commands create none).
        let sims = home.path().join("sims.csv");
        std::fs::write(&sims, "iccid\n89490777000000000016\n").unwrap();
        let out = run(home.path(), umask, &["import", "sims", sims.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let dir = home.path().join("data/comuniq-order");
        assert_eq!(mode(&home.path().join("data")), 0o700, "umask {umask:03o}: data folder");
        assert_eq!(mode(&dir), 0o700, "umask {umask:03o}: the program's folder");
        assert_eq!(mode(&dir.join("orders.db")), 0o600, "umask {umask:03o}: database");

        // In this process: the database with its -wal and -shm files open, an answers file
        // saved with Ctrl+S, and the crash log (the panic hook's own helper).
        let previous = rustix::process::umask(Mode::from_bits_truncate(umask));
        let db = home.path().join("new/deeper/orders.db");
        let mut store = Store::open(&db).unwrap();
        store.customers().unwrap();
        for name in ["new", "new/deeper"] {
            assert_eq!(mode(&home.path().join(name)), 0o700, "umask {umask:03o}: {name}");
        }
        for suffix in ["", "-wal", "-shm"] {
            assert_eq!(mode(Path::new(&format!("{}{suffix}", db.display()))), 0o600, "umask {umask:03o}: {suffix}");
        }
        let catalog = Arc::new(Catalog::builtin().unwrap());
        let answers_dir = home.path().join("answers");
        std::fs::create_dir(&answers_dir).unwrap();
        let mut driver = Driver::new(&mut store, catalog, "tester", clock).with_answers_dir(&answers_dir);
        let saved = driver.handle(Effect::SaveAnswers(Box::default()));
        let Some(Event::AnswersSaved(file)) = saved else { panic!("not saved: {saved:?}") };
        assert_eq!(mode(&file), 0o600, "umask {umask:03o}: answers file");
        let log = home.path().join("state/comuniq-order/comuniq-order.log");
        comuniq_order::private_files::append(&log).unwrap();
        assert_eq!(mode(&log), 0o600, "umask {umask:03o}: crash log");
        assert_eq!(mode(&home.path().join("state/comuniq-order")), 0o700, "umask {umask:03o}: state folder");
        rustix::process::umask(previous);
    }
}

#[test]
fn a_touched_empty_file_becomes_a_private_database_and_a_loose_one_is_warned_about() {
    if engine::sqlite_only("the modes of the files and folders the program creates") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    std::fs::write(&db, "").unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .args(["--db", db.to_str().unwrap(), "--lang", "en", "orders"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(mode(&db), 0o600);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("Warning"), "a new database needs no warning");

    // A database with data that others can read is not changed, but warned about.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .args(["--db", db.to_str().unwrap(), "--lang", "en", "orders"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("can be read by others (mode 0644)"), "{stderr}");
    assert_eq!(mode(&db), 0o644, "an existing database keeps its mode");
}
