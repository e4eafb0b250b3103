//! *Bestellen* while another program holds the write lock (issue 10, item 3): the real
//! binary in a pty, a second connection holding `BEGIN IMMEDIATE`. The screen says it waits
//! at once, the order is placed when the lock goes; a lock that stays ends in the busy
//! message with the answers kept, and never SQLite's own text.
//! SQLite only: each test says it is skipped under `COMUNIQ_TEST_ENGINE=postgres`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::pty::*;
use rusqlite::Connection;
use std::time::{Duration, Instant};

/// The store's wait per attempt in this test; *Bestellen* tries three times.
const WAIT_MS: &str = "1000";
const WAITING: &str = "Datenbank belegt, warte";

/// The program on *Bestätigen* with a complete order (the key path of tests/pty_rest.rs).
fn on_confirm(home: &Home) -> Pty {
    let mut p = Pty::demo_with_env(home, &[("COMUNIQ_ORDER_BUSY_WAIT_MS", WAIT_MS)]);
    p.order_on_reference("K-100003");
    p.text("busy");
    p.rest_to_confirm("250");
    // The step change's draft save is done.
    p.pump(Duration::from_millis(300));
    p
}

/// The program on *Bestätigen*, another connection holding the write lock, *Bestellen*
/// pressed: returns once the waiting text shows, and how long it took to show.
fn bestellen_under_a_lock(home: &Home) -> (Pty, Connection, Duration) {
    let mut p = on_confirm(home);
    let locked = lock(home);
    p.send(CTRL_N);
    let shown = p.wait_for(WAITING);
    (p, locked, shown)
}

/// Waits for the order to be placed (returns how long that took), checks it is in the
/// database once, and quits with Ctrl+C.
fn placed_and_quit(p: &mut Pty, home: &Home) -> Duration {
    let took = p.wait_for("Ihre Bestellung wurde aufgegeben");
    assert_eq!(orders_with_reference(home, "busy"), 1);
    p.keys(&[CTRL_C]);
    // Ctrl+C ends as interrupted (exit 130), as in line mode.
    assert_eq!(p.exit(Duration::from_secs(5)).code(), Some(130));
    took
}

fn orders_with_reference(home: &Home, reference: &str) -> i64 {
    let conn = Connection::open(home.demo_db()).unwrap();
    conn.query_row("SELECT count(*) FROM orders WHERE reference = ?1", [reference], |r| r.get(0)).unwrap()
}

#[test]
fn bestellen_under_a_lock_says_it_waits_and_places_the_order_when_the_lock_goes() {
    if common::engine::sqlite_only("SQLite's write lock held by another connection") {
        return;
    }
    let home = Home::new();
    let (mut p, locked, shown) = bestellen_under_a_lock(&home);
    eprintln!("place busy: the waiting text after {shown:?}");
    assert!(shown <= Duration::from_millis(500), "the waiting text took {shown:?}");
    // Keys typed meanwhile change nothing.
    p.keys(&[ESC, "x"]);
    assert!(p.contents().contains(WAITING), "{}", p.contents());
    locked.execute_batch("COMMIT").unwrap();
    let took = placed_and_quit(&mut p, &home);
    eprintln!("place busy: placed {took:?} after the lock went");
}

#[test]
fn a_lock_that_stays_ends_in_the_busy_message_with_the_answers_kept() {
    if common::engine::sqlite_only("SQLite's write lock held by another connection") {
        return;
    }
    let home = Home::new();
    let (mut p, locked, _) = bestellen_under_a_lock(&home);
    // Three attempts of 1 s each.
    p.wait_for("Die Datenbank ist gerade belegt");
    let screen = p.contents();
    assert!(screen.contains("Rechnungspositionen"), "still on Bestätigen:\n{screen}");
    assert!(!screen.contains("database is locked"), "{screen}");
    assert_eq!(orders_with_reference(&home, "busy"), 0);
    // Once the lock is gone, Ctrl+N places it.
    locked.execute_batch("COMMIT").unwrap();
    p.keys(&[CTRL_N]);
    placed_and_quit(&mut p, &home);
}

#[test]
fn ctrl_c_while_bestellen_waits_keeps_the_draft_and_says_when_it_could_not_be_saved() {
    if common::engine::sqlite_only("SQLite's write lock held by another connection") {
        return;
    }
    let home = Home::new();
    let (mut p, _locked, _) = bestellen_under_a_lock(&home);
    let start = Instant::now();
    p.send(CTRL_C);
    assert_eq!(p.exit(Duration::from_secs(5)).code(), Some(130));
    let took = start.elapsed();
    eprintln!("place busy: Ctrl+C while waiting took {took:?}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert_eq!(orders_with_reference(&home, "busy"), 0);
    let drafts = drafts(&home.demo_db());
    assert!(drafts.first().is_some_and(|d| d.2.contains("\"reference\":\"busy\"")), "{drafts:?}");
}

#[test]
fn a_failed_draft_save_is_told_and_so_is_the_next_good_one_and_the_last_on_quit() {
    if common::engine::sqlite_only("SQLite's write lock held by another connection") {
        return;
    }
    let home = Home::new();
    let mut p = Pty::demo(&home);
    p.order_on_reference("K-100003");
    let locked = lock(&home);
    p.text("abc");
    p.wait_for("Entwurf nicht gespeichert");
    locked.execute_batch("COMMIT").unwrap();
    p.text("d");
    p.wait_for("Entwurf wieder gespeichert");
    let _locked = lock(&home);
    p.text("e");
    p.send(CTRL_C);
    assert_eq!(p.exit(Duration::from_secs(5)).code(), Some(130));
    let at = p.output.windows(LEAVE.len()).rposition(|w| w == LEAVE).expect("the screen was left");
    let after = String::from_utf8_lossy(&p.output[at + LEAVE.len()..]).into_owned();
    assert!(after.contains("Der Entwurf konnte nicht gespeichert werden: die Datenbank ist belegt"), "{after:?}");
}
