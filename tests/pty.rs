//! The real binary in a pseudo-terminal: type half an order, hang the terminal up (as a
//! dropped SSH connection does) or send SIGTERM, and check that the program is gone within
//! two seconds and that a restarted program resumes the draft: same answers, same step.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::pty::{CTRL_N, ENTER, Pty};
use comuniq_order::demo;
use comuniq_order::store::Store;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The program on `db` in a pseudo-terminal of 80×24, its state beside the database.
fn start(db: &Path) -> Pty {
    let args = ["--db", db.to_str().unwrap(), "--operator", "tester", "--today", "2026-11-26", "--lang", "de"];
    Pty::start(&args, db.parent().unwrap(), 80, 24)
}

/// Waits for the program to end; returns how long it took.
fn exit_time(p: &mut Pty) -> Duration {
    let start = Instant::now();
    p.exit(Duration::from_secs(5));
    start.elapsed()
}

/// A seeded database in a new directory.
fn seeded() -> (tempfile::TempDir, PathBuf, demo::DemoData) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    let data = demo::generate(demo::DEMO_SEED, common::CUSTOMERS);
    demo::seed(&mut Store::open(&path).unwrap(), &data).unwrap();
    (dir, path, data)
}

/// The operator's saved drafts: (step, focus, answers).
fn drafts(db: &Path) -> Vec<(String, Option<String>, String)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn.prepare("SELECT step, focus, answers FROM drafts WHERE operator = 'tester'").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

/// Menu → Business User → customer 3 → step 2 → step 4, a new user half typed.
fn half_an_order(s: &mut Pty, customer: &str) {
    s.keys(&["1"]);
    s.text(customer);
    // Take the customer; the catalog's defaults fill the rest of steps 1 and 2.
    s.keys(&[ENTER, CTRL_N]);
    s.wait_for("Voice-Produkt");
    s.keys(&[CTRL_N, CTRL_N]);
    s.wait_for("Benutzer auswählen");
    s.tab_to("[ ] Alternativ: Einen neuen Benutzer erstellen");
    s.keys(&[" "]);
    s.tab_to("Benutzer");
    s.text("erika.muster");
    s.tab_to("Vorname");
    s.text("Erika");
    s.wait_for("Erika");
}

#[test]
fn hang_up_and_sigterm_keep_the_draft_and_a_restart_resumes_it() {
    let (_dir, db, data) = seeded();
    let (mut hangups, mut recovered) = (0, 0);

    // 1. Half an order, then the connection drops.
    let mut s = start(&db);
    s.wait_for("Bestellen");
    half_an_order(&mut s, &data.customers[3].number);
    s.hang_up();
    hangups += 1;
    let took = exit_time(&mut s);
    assert!(took < Duration::from_secs(2), "exit took {took:?} after the hang-up");
    let saved = drafts(&db);
    assert_eq!(saved.len(), 1, "{saved:?}");
    let (step, focus, answers) = saved[0].clone();
    assert_eq!(step, "user");
    assert_eq!(focus.as_deref(), Some("first_name"));
    assert!(answers.contains("\"username\":\"erika.muster\"") && answers.contains("\"first_name\":\"Erika\""));

    // 2. A new program offers the draft; resuming shows the answers on the same step.
    let mut s = start(&db);
    s.wait_for("Entwurf fortsetzen");
    s.keys(&["5"]); // three voice products, the overview, then the draft
    s.wait_for("erika.muster");
    recovered += 1;
    // 3. SIGTERM this time: gone as fast, and the draft is still the same one.
    s.signal(rustix::process::Signal::TERM);
    hangups += 1;
    let took = exit_time(&mut s);
    assert!(took < Duration::from_secs(2), "exit took {took:?} after SIGTERM");
    assert_eq!(drafts(&db), saved, "same answers, step and focus, one draft");

    // 4. And once more: resumed after the SIGTERM, then hung up again.
    let mut s = start(&db);
    s.wait_for("Entwurf fortsetzen");
    s.keys(&["5"]);
    s.wait_for("erika.muster");
    recovered += 1;
    s.hang_up();
    hangups += 1;
    assert!(exit_time(&mut s) < Duration::from_secs(2));
    assert_eq!(drafts(&db), saved);
    eprintln!("pty: {hangups} hang-ups/signals tried, {recovered} drafts resumed with the same answers and step");
}
