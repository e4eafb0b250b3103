//! A database damaged beyond its first page is reported as damaged (exit 4) by every
//! command, and its bytes stay exactly as they were: no WAL switch, no migration, no write.
//! Cases: a table's root page, a page inside a table (in rollback-journal and in WAL mode),
//! an index's root page, a truncated file, a page in the middle of a table that the reading
//! commands do not happen to read (found by `PRAGMA quick_check(TABLE)` before they print or
//! an import commits).
//! SQLite only: each test says it is skipped under `COMUNIQ_TEST_ENGINE=postgres`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

#[path = "common/engine.rs"]
mod engine;

use chrono::NaiveDate;
use comuniq_order::demo;
use comuniq_order::domain::Catalog;
use comuniq_order::store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const PAGE: usize = 4096;
/// SQLite's own words, which must never reach the operator.
const ENGINE_TEXT: [&str; 4] = ["malformed", "Error code", "SQLITE_", "disk image"];

/// A database with 400 demo customers and 36 sample orders, checkpointed into the main file
/// and left in `journal_mode`.
fn database(dir: &Path, journal_mode: &str) -> PathBuf {
    let path = dir.join("orders.db");
    let mut store = Store::open(&path).unwrap();
    demo::seed(&mut store, &demo::generate(demo::DEMO_SEED, 400)).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    demo::place_sample_orders(&mut store, &Catalog::builtin().unwrap(), today, 36).unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "journal_mode", journal_mode).unwrap();
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    drop(conn);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

/// The page numbers of a table or index: its root, and its other pages.
fn pages(db: &Path, name: &str) -> (usize, Vec<usize>) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let root: i64 = conn.query_row("SELECT rootpage FROM sqlite_schema WHERE name = ?1", [name], |r| r.get(0)).unwrap();
    let mut stmt = conn.prepare("SELECT pageno FROM dbstat WHERE name = ?1 AND pageno <> ?2 ORDER BY pageno").unwrap();
    let others = stmt
        .query_map(rusqlite::params![name, root], |r| r.get::<_, i64>(0))
        .unwrap()
        .map(|p| p.unwrap() as usize)
        .collect();
    (root as usize, others)
}

/// Overwrites page `n` (counted from 1) with garbage.
fn damage_page(db: &Path, n: usize) {
    let mut bytes = std::fs::read(db).unwrap();
    bytes[(n - 1) * PAGE..n * PAGE].fill(0xA5);
    std::fs::write(db, bytes).unwrap();
}

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .args(["--db", db.to_str().unwrap(), "--lang", "de", "--operator", "tester"])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Every command on `db` exits 4 with the damage message, and the file is unchanged.
fn every_command_says_damaged(db: &Path, commands: &[&[&str]]) {
    let answers = db.with_file_name("order.toml");
    std::fs::write(&answers, "customer = \"K-100001\"\nsim_option = \"sim-later\"\npin = \"4711\"\n").unwrap();
    let sims = db.with_file_name("sims.csv");
    std::fs::write(&sims, "iccid\n89490777000000000016\n").unwrap();
    let customers = db.with_file_name("customers.csv");
    std::fs::write(&customers, "number,name,city,dial_plan_len,area_code\nK-900001,Neu GmbH,Berlin,3,030\n").unwrap();
    let before = std::fs::read(db).unwrap();
    for args in commands {
        let args: Vec<&str> = args
            .iter()
            .map(|a| match *a {
                "ANSWERS" => answers.to_str().unwrap(),
                "SIMS" => sims.to_str().unwrap(),
                "CUSTOMERS" => customers.to_str().unwrap(),
                other => other,
            })
            .collect();
        let out = run(db, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(4), "{args:?}: {stderr}");
        assert!(stderr.contains("ist beschädigt"), "{args:?}: {stderr}");
        for t in ENGINE_TEXT {
            assert!(!stderr.contains(t), "{args:?} shows SQLite's text {t:?}: {stderr}");
        }
        assert!(std::fs::read(db).unwrap() == before, "{args:?} changed the file");
    }
}

const ALL: [&[&str]; 7] = [
    &["orders"],
    &["orders", "--format", "json"],
    &["invoice-items"],
    &["invoice-items", "--format", "csv"],
    &["order", "--answers", "ANSWERS"],
    &["sim", "link", "--sim", "1234"],
    &["import", "sims", "SIMS"],
];

#[test]
fn a_damaged_root_page_is_found_at_open_in_either_journal_mode() {
    if engine::sqlite_only("a damaged database file") {
        return;
    }
    for mode in ["delete", "wal"] {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path(), mode);
        let (root, _) = pages(&db, "orders");
        damage_page(&db, root);
        every_command_says_damaged(&db, &ALL);
    }
}

#[test]
fn a_damaged_index_root_is_found_at_open() {
    if engine::sqlite_only("a damaged database file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), "wal");
    let (root, _) = pages(&db, "sims_by_last4");
    damage_page(&db, root);
    every_command_says_damaged(&db, &ALL);
}

#[test]
fn a_damaged_page_inside_a_table_in_rollback_mode_is_never_switched_to_wal() {
    if engine::sqlite_only("a damaged database file") {
        return;
    }
    a_damaged_page_in_the_customers_fails(&ALL, "delete");
}

#[test]
fn a_damaged_page_inside_the_orders_in_wal_mode_fails_the_reading_commands() {
    if engine::sqlite_only("a damaged database file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), "wal");
    let (_, inner) = pages(&db, "orders");
    assert!(inner.len() > 1, "orders spans pages");
    damage_page(&db, inner[0]);
    every_command_says_damaged(&db, &[&["orders"], &["orders", "--format", "csv"], &["invoice-items"]]);
}

#[test]
fn a_truncated_file_is_damaged() {
    if engine::sqlite_only("a damaged database file") {
        return;
    }
    for mode in ["delete", "wal"] {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path(), mode);
        let bytes = std::fs::read(&db).unwrap();
        std::fs::write(&db, &bytes[..bytes.len() - 3 * PAGE]).unwrap();
        every_command_says_damaged(&db, &ALL);
    }
}

/// A database in journal mode `mode` with a page in the middle of the customers table
/// damaged: every one of `commands` says it is damaged.
fn a_damaged_page_in_the_customers_fails(commands: &[&[&str]], mode: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), mode);
    let (_, inner) = pages(&db, "customers");
    assert!(inner.len() > 2, "customers spans pages");
    damage_page(&db, inner[inner.len() / 2]);
    every_command_says_damaged(&db, commands);
}

/// Overwrites `len` bytes at `offset` within page `n` with bytes that look random (the
/// tester's `dd` of /dev/urandom, repeatable).
fn scramble(db: &Path, n: usize, offset: usize, len: usize) {
    let mut bytes = std::fs::read(db).unwrap();
    let start = (n - 1) * PAGE + offset;
    let mut x: u32 = 0x9E37_79B9;
    for b in &mut bytes[start..start + len] {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    std::fs::write(db, bytes).unwrap();
}

/// The commands that must not print or write past damage in the customers' pages.
const READ_CUSTOMERS: [&[&str]; 5] = [
    &["orders"],
    &["orders", "--format", "json"],
    &["invoice-items"],
    &["invoice-items", "--format", "csv"],
    &["import", "customers", "CUSTOMERS"],
];

#[test]
fn a_damaged_page_in_the_middle_of_a_table_fails_the_exports_and_the_import() {
    if engine::sqlite_only("a damaged database file") {
        return;
    }
    a_damaged_page_in_the_customers_fails(&READ_CUSTOMERS, "wal");
}

#[test]
fn random_bytes_inside_a_page_of_a_table_fail_the_exports_and_the_import() {
    if engine::sqlite_only("a damaged database file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path(), "wal");
    let (_, inner) = pages(&db, "customers");
    // The cells, not the page header: the page still looks like a table page.
    scramble(&db, inner[inner.len() / 2], 1024, 2048);
    every_command_says_damaged(&db, &READ_CUSTOMERS);
}
