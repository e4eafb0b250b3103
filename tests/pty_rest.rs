//! A screen that is only being read costs nothing (issue 9): the real binary in a pty, keys
//! pressed on each kind of screen, then two seconds of rest, measured from outside like
//! `../shared/tools/idleprobe.py` does: the CPU time of the process (utime + stime from
//! /proc, every thread) and the bytes it writes to the terminal.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::pty::*;
use std::time::Duration;

/// Longer than the draft's save after the last key (at most 0.9 s).
const SETTLE: Duration = Duration::from_millis(1200);
const REST: Duration = Duration::from_secs(2);
/// "Within a tick": a clock tick is 10 ms of CPU; a loop that wakes for nothing costs a
/// whole core here (200 ticks), one that polls every 100 ms a few.
const TICKS_AT_REST: u64 = 1;

/// Waits out the draft's save, then measures two seconds of rest: (ticks, bytes).
fn at_rest(p: &mut Pty) -> (u64, usize) {
    p.pump(SETTLE);
    let before = p.cpu_ticks();
    let bytes = p.pump(REST);
    (p.cpu_ticks() - before, bytes)
}

#[test]
fn idle_costs_no_cpu_and_no_bytes_on_every_screen() {
    let home = Home::new();
    let mut p = Pty::demo(&home);
    p.wait_for("Bestellübersicht");
    let mut figures = Vec::new();
    let mut measure = |p: &mut Pty, screen: &str| {
        let (ticks, bytes) = at_rest(p);
        figures.push(format!("{screen}: {ticks} ticks, {bytes} B"));
        (screen.to_string(), ticks, bytes)
    };
    let mut results = Vec::new();

    // The menu, after a key that changes no draft (issue 9: it spun from here on).
    p.keys(&[DOWN, UP]);
    results.push(measure(&mut p, "menu"));

    // An open list: the customers, filtered by what was typed, one row down.
    p.keys(&["1"]);
    p.wait_for("Kunde");
    p.text("K-10000");
    p.keys(&[DOWN, UP]);
    p.wait_for("K-100003");
    results.push(measure(&mut p, "open list"));

    // A text field: typing into Referenz.
    p.text("3");
    p.keys(&[ENTER]); // taking the customer moves on
    p.tab_to("Referenz");
    p.text("abc");
    p.wait_for("abc");
    results.push(measure(&mut p, "text field"));

    // Bestätigen: the rest of the order (the catalog's defaults fill steps 2 and 3), then a
    // page down in the summary. Extension 250 is free for K-100003 (dial plan 3, 232 taken).
    p.rest_to_confirm("250");
    p.keys(&[PGDN]);
    results.push(measure(&mut p, "Bestätigen"));

    // The overview, from the menu (Esc back through the steps), a row down and a page.
    for _ in 0..8 {
        p.keys(&[ESC]);
    }
    p.wait_for("Angefangene Bestellung");
    p.keys(&["4"]);
    p.wait_for("Bestellungen");
    p.keys(&[DOWN, PGDN]);
    results.push(measure(&mut p, "overview"));

    // Back in the menu, with the paused order waiting there.
    p.keys(&[ESC]);
    p.wait_for("Angefangene Bestellung");
    results.push(measure(&mut p, "menu with a paused order"));

    eprintln!("at rest for {REST:?}: {}", figures.join("; "));
    for (screen, ticks, bytes) in results {
        assert!(ticks <= TICKS_AT_REST, "{screen}: {ticks} ticks of CPU at rest ({figures:?})");
        assert_eq!(bytes, 0, "{screen}: {bytes} bytes written at rest ({figures:?})");
    }
    p.keys(&[CTRL_C]);
    assert_eq!(p.exit(Duration::from_secs(5)).code(), Some(130), "Ctrl+C: interrupted");
}
