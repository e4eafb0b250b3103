//! Another program holds the write lock for 30 s (`BEGIN EXCLUSIVE` and a write on a
//! connection of its own) while every command runs: the reading ones finish at once, the
//! writing ones wait with a clear message and end with the busy exit code, and nothing the
//! operator sees contains SQLite's own text. The library's half (the second test) runs on
//! PostgreSQL too (`COMUNIQ_TEST_ENGINE=postgres`), its lock taken by `WriteLock`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::Harness;
use common::pty::Pty;
use comuniq_order::i18n::Lang;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

/// How long the other program holds the lock: longer than any wait of the program.
const HOLD: Duration = Duration::from_secs(30);
/// The program's wait for the lock in this test (`COMUNIQ_ORDER_BUSY_WAIT_MS`).
const WAIT_MS: u64 = 2000;
/// The busy exit code.
const BUSY: i32 = 8;
/// SQLite's own words, which must never reach the operator.
const ENGINE_TEXT: [&str; 4] = ["database is locked", "Error code", "SQLITE_", "database table is locked"];

fn run(db: &Path, args: &[&str]) -> (Output, Duration) {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .args(["--db", db.to_str().unwrap(), "--today", "2026-11-26", "--operator", "tester", "--lang", "de"])
        .args(args)
        .env("COMUNIQ_ORDER_BUSY_WAIT_MS", WAIT_MS.to_string())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (out, started.elapsed())
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn no_engine_text(what: &str, shown: &str) {
    for t in ENGINE_TEXT {
        assert!(!shown.contains(t), "{what} shows SQLite's text {t:?}:\n{shown}");
    }
}

/// An order for the n-th customer, waiting for its SIM.
fn answers(h: &Harness, n: usize, username: &str) -> String {
    let path = h.dir.path().join(format!("{username}.toml"));
    let email = format!("{username}@beispiel.de");
    let c = &h.data.customers[n];
    let text = common::files::sim_later_order_file(c, username, "Erika", "Muster", &email, &h.free_extension(n));
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Starts the wizard in a pseudo-terminal and returns the screen after `time`.
fn wizard_screen(db: &Path, time: Duration) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_comuniq-order"));
    cmd.args(["--db", db.to_str().unwrap(), "--operator", "tester", "--lang", "de"])
        .env("XDG_STATE_HOME", db.parent().unwrap())
        .env("COMUNIQ_ORDER_BUSY_WAIT_MS", WAIT_MS.to_string());
    let mut pty = Pty::command(cmd, 80, 24);
    pty.pump(time);
    pty.contents()
}

#[test]
fn a_held_write_lock_stops_no_reader_and_every_writer_says_busy() {
    // The second test below holds PostgreSQL's form of the lock (WriteLock) on both engines.
    if common::db::sqlite_only("SQLite's file lock held by another process, and SQLite's texts") {
        return;
    }
    let h = Harness::new(Lang::De);
    let db = h.dir.path().join("orders.db");
    // An order waiting for its SIM, for `sim link` to write to.
    let (placed, _) = run(&db, &["order", "--answers", &answers(&h, 1, "vorher")]);
    assert!(placed.status.success(), "{}", text(&placed));
    let order_no = String::from_utf8_lossy(&placed.stdout).split_whitespace().nth(1).unwrap().to_string();
    let sim = h.unique_sim();
    let csv = h.dir.path().join("sims.csv");
    let body = "894907777000000001";
    let iccid = format!("{body}{}", comuniq_order::domain::rules::iccid::luhn_digit(body).unwrap());
    std::fs::write(&csv, format!("iccid\n{iccid}\n")).unwrap();
    let order = answers(&h, 2, "waehrend");

    let (held_tx, held_rx) = channel();
    let holder_db = db.clone();
    let holder = std::thread::spawn(move || {
        let conn = rusqlite::Connection::open(holder_db).unwrap();
        conn.execute_batch(
            "BEGIN EXCLUSIVE; INSERT INTO drafts (operator, created_at, updated_at, step, answers, pin_entered)
             VALUES ('other', 'x', 'x', 'customer', '{}', 0);",
        )
        .unwrap();
        held_tx.send(Instant::now()).unwrap();
        std::thread::sleep(HOLD);
        conn.execute_batch("ROLLBACK").unwrap();
    });
    let held_since = held_rx.recv().unwrap();

    let readers: [&[&str]; 7] = [
        &["orders"],
        &["orders", "--format", "csv"],
        &["orders", "--format", "json"],
        &["invoice-items"],
        &["invoice-items", "--format", "csv"],
        &["invoice-items", "--format", "json"],
        &["catalog", "check"],
    ];
    for args in readers {
        let (out, took) = run(&db, args);
        let shown = text(&out);
        assert!(out.status.success(), "{args:?} failed under a held lock:\n{shown}");
        assert!(took < Duration::from_millis(WAIT_MS), "{args:?} waited {took:?}");
        assert!(!shown.contains("Datenbank belegt"), "{args:?} waited:\n{shown}");
        no_engine_text(&format!("{args:?}"), &shown);
    }
    assert!(text(&run(&db, &["orders"]).0).contains(&order_no), "the reader saw the orders");

    let writers: [&[&str]; 4] = [
        &["sim", "link", &order_no, "--sim", &sim[sim.len() - 4..]],
        &["import", "sims", csv.to_str().unwrap()],
        &["order", "--answers", &order],
        &["order", "--answers", &order, "--json"],
    ];
    for args in writers {
        let (out, took) = run(&db, args);
        let shown = text(&out);
        assert_eq!(out.status.code(), Some(BUSY), "{args:?}:\n{shown}");
        assert!(took >= Duration::from_millis(WAIT_MS), "{args:?} gave up after {took:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.matches("Datenbank belegt, warte …").count(), 1, "{args:?}:\n{stderr}");
        assert!(stderr.contains("nichts wurde geschrieben"), "{args:?}:\n{stderr}");
        assert!(!shown.contains("refused"), "busy is no refusal: {args:?}:\n{shown}");
        no_engine_text(&format!("{args:?}"), &shown);
        if args.contains(&"--json") {
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(json["status"], "busy", "{json}");
        }
    }

    let screen = wizard_screen(&db, Duration::from_secs(3));
    assert!(screen.contains("Bestellen"), "the wizard starts under a held lock:\n{screen}");
    no_engine_text("the wizard", &screen);
    assert!(held_since.elapsed() < HOLD, "everything ran while the lock was held");

    holder.join().unwrap();
    let (after, _) = run(&db, &["order", "--answers", &order]);
    assert!(after.status.success(), "once the lock is gone the order goes through:\n{}", text(&after));
}

/// In the library: under a held lock, opening and reading return at once, a draft save gives
/// up after a moment (the screen must not freeze; the next key saves it), and placing an
/// order waits for the configured bound and then says busy, not SQLite's error.
#[test]
fn under_a_held_lock_drafts_give_up_at_once_and_placing_says_busy() {
    use common::db;
    use common::orders::request;
    use comuniq_order::domain::order::{NumberAssignment, OrderRequest, SimAssignment, UserChoice};
    use comuniq_order::domain::{Answers, Draft, Step};
    use comuniq_order::store::WriteLock;
    use comuniq_order::store::{PlaceError, StoreError};
    let h = Harness::new(Lang::De);
    let customer = h.store.customer(1).unwrap().unwrap();
    let db = h.db_path();
    // Another program's write: on SQLite a write under way in the file; PostgreSQL has no
    // lock of the whole database, WriteLock locks every table the store writes.
    let holder = (!db::is_postgres()).then(|| {
        let holder = rusqlite::Connection::open(&db).unwrap();
        holder.execute_batch("BEGIN EXCLUSIVE; DELETE FROM drafts;").unwrap();
        holder
    });
    let pg_holder = db::is_postgres().then(|| WriteLock::hold_target(h.store.target()).unwrap());

    let started = Instant::now();
    let mut store = db::open(&db);
    assert!(!store.customers().unwrap().is_empty());
    assert!(started.elapsed() < Duration::from_millis(500), "opening waited {:?}", started.elapsed());

    let draft = Draft::new(Step::Customer, None, &Answers::default());
    let started = Instant::now();
    let saved = store.save_draft(None, "tester", &draft, common::clock());
    assert!(matches!(saved, Err(StoreError::Busy)), "{saved:?}");
    assert!(matches!(store.prune_drafts(common::clock()), Err(StoreError::Busy)));
    assert!(started.elapsed() < Duration::from_millis(1000), "drafts waited {:?}", started.elapsed());

    comuniq_order::store::set_busy_wait(Duration::from_millis(300));
    let mut waiting = db::open(&db);
    // Any request: the transaction cannot even begin.
    let port = NumberAssignment::Port { e164: "+4930199900001".into(), donor: "telekom".into(), date: None };
    let request = OrderRequest {
        display_name: "Test".into(),
        pin_hash: "$argon2id$x".into(),
        auto_invoice: false,
        ..request(&customer, UserChoice::Existing(1), SimAssignment::Later, port, h.free_extension(0))
    };
    let started = Instant::now();
    let placed = waiting.place_order(&request, "tester", common::clock());
    assert!(matches!(placed, Err(PlaceError::Busy)), "{placed:?}");
    assert!(started.elapsed() >= Duration::from_millis(300), "gave up after {:?}", started.elapsed());
    if let Some(holder) = holder {
        holder.execute_batch("ROLLBACK").unwrap();
    }
    if let Some(lock) = pg_holder {
        lock.release().unwrap();
    }
    assert!(store.save_draft(None, "tester", &draft, common::clock()).is_ok(), "saved once the lock is gone");
}
