//! Another program holding the database's write lock never freezes the wizard (issue 10):
//! the real binary in a pty, a second connection holding `BEGIN IMMEDIATE`; each typed key
//! is echoed at once, the draft is saved once the lock is gone, and the save on the way out
//! waits a bounded time for the lock.
//! SQLite only: each test says it is skipped under `COMUNIQ_TEST_ENGINE=postgres`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::pty::*;
use std::time::{Duration, Instant};

/// The echo of a key, at most. A draft save used to wait 5 s for the lock.
const ECHO: Duration = Duration::from_millis(100);
const TYPED: &str = "abcdefghijklmnopqrstuvwxyz0123";

/// The newest draft's answers.
fn newest(home: &Home) -> String {
    drafts(&home.demo_db()).first().map(|d| d.2.clone()).unwrap_or_default()
}

/// The program on step 1 with Referenz in focus.
fn on_reference(home: &Home) -> Pty {
    let mut p = Pty::demo(home);
    p.order_on_reference("K-100003");
    p
}

#[test]
fn a_locked_database_holds_up_no_key_and_the_draft_follows() {
    if common::engine::sqlite_only("SQLite's write lock held by another connection") {
        return;
    }
    let home = Home::new();
    let mut p = on_reference(&home);
    let locked = lock(&home);
    let mut slowest = Duration::ZERO;
    for (i, c) in TYPED.char_indices() {
        p.send(&c.to_string());
        let echo = p.wait_for(&TYPED[..=i]);
        slowest = slowest.max(echo);
        // Now and then a pause: the draft is due and finds the database locked.
        if i % 10 == 9 {
            p.pump(Duration::from_millis(1000));
        }
    }
    let all = format!("\"reference\":\"{TYPED}\"");
    assert!(!newest(&home).contains(&all), "saved through a held lock?");
    eprintln!("lock: the slowest of {} echoes took {slowest:?}", TYPED.len());
    assert!(slowest <= ECHO, "a key waited {slowest:?} for its echo while the database was locked");

    // The lock goes: the draft follows without another key.
    locked.execute_batch("COMMIT").unwrap();
    let start = Instant::now();
    while !newest(&home).contains(&all) {
        assert!(start.elapsed() < Duration::from_secs(5), "no draft 5 s after the lock went: {}", newest(&home));
        p.pump(Duration::from_millis(50));
    }
    eprintln!("lock: the draft saved {:?} after the lock went", start.elapsed());

    // Quitting while locked: the last save waits for the lock, here released after 0.5 s.
    let locked = lock(&home);
    p.text("Z");
    p.wait_for(&format!("{TYPED}Z"));
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        locked.execute_batch("COMMIT").unwrap();
    });
    let start = Instant::now();
    p.send(CTRL_C);
    assert_eq!(p.exit(Duration::from_secs(5)).code(), Some(130), "Ctrl+C: interrupted");
    let took = start.elapsed();
    release.join().unwrap();
    assert!(newest(&home).contains(&format!("\"reference\":\"{TYPED}Z\"")), "{}", newest(&home));
    assert!(took >= Duration::from_millis(400), "the last save waited for the lock: {took:?}");
    eprintln!("lock: quit with the database locked for 0.5 s took {took:?}, the draft saved");
}

#[test]
fn a_lock_that_stays_delays_the_exit_only_a_bounded_time() {
    if common::engine::sqlite_only("SQLite's write lock held by another connection") {
        return;
    }
    let home = Home::new();
    let mut p = on_reference(&home);
    let _locked = lock(&home);
    p.text("bounded");
    p.wait_for("bounded");
    let start = Instant::now();
    p.signal(rustix::process::Signal::TERM);
    let status = p.exit(Duration::from_secs(5));
    assert_eq!(status.code(), Some(143));
    let took = start.elapsed();
    assert!(took < Duration::from_secs(3), "SIGTERM with the database locked took {took:?}");
    eprintln!("lock: SIGTERM with the database locked for good took {took:?}");
}
