//! A terminal of any size, up to the 65535×65535 a pty accepts, neither kills the program
//! nor eats the machine's memory (issue 10): the drawn area is capped, the order survives.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::pty::*;
use std::time::{Duration, Instant};

/// From the smallest to the largest a pty can claim, through the cap (1000×500) and the
/// sizes that took gigabytes; 65535×65535 before 5000×5000, so the unfixed program fails
/// at once instead of swapping.
const SIZES: [(u16, u16); 16] = [
    (1, 1),
    (2, 1),
    (10, 3),
    (59, 19),
    (80, 24),
    (200, 50),
    (999, 499),
    (1000, 500),
    (1001, 501),
    (65535, 65535),
    (5000, 5000),
    (65535, 1),
    (1, 65535),
    (2000, 30),
    (30, 2000),
    (80, 24),
];
/// The bound on peak memory (VmHWM).
const PEAK_RSS_KIB: u64 = 100 * 1024;

#[test]
fn every_terminal_size_keeps_the_program_and_the_order() {
    let home = Home::new();
    let mut p = Pty::demo(&home);
    p.order_on_reference("K-100003");
    p.text("groß-1");
    p.wait_for("groß-1");
    let mut slowest = Duration::ZERO;
    let mut drawn = (80, 24);
    for (cols, rows) in SIZES {
        p.resize(cols, rows);
        // The frame for the new size arrives, then the program is idle again.
        let start = Instant::now();
        let mut bytes = 0;
        loop {
            let got = p.pump(Duration::from_millis(150));
            bytes += got;
            if got == 0 || start.elapsed() > Duration::from_secs(20) {
                break;
            }
        }
        slowest = slowest.max(start.elapsed());
        // Redrawn at once whenever the drawn area (at most 1000×500) changed.
        let capped = (cols.min(1000), rows.min(500));
        assert!(capped == drawn || bytes > 0, "{cols}×{rows}: not redrawn");
        drawn = capped;
        assert!(p.alive(), "{cols}×{rows}: the program died: {:?}", p.child.try_wait());
        let peak = p.peak_rss_kib();
        assert!(peak <= PEAK_RSS_KIB, "{cols}×{rows}: peak memory {peak} KiB");
    }
    // Back at 80×24 (the last size): the order is intact and takes keys.
    p.text("x");
    p.wait_for("groß-1x");
    eprintln!("resize: {} sizes, slowest frame + rest {slowest:?}, peak memory {} KiB", SIZES.len(), p.peak_rss_kib());
    p.keys(&[CTRL_C]);
    assert_eq!(p.exit(Duration::from_secs(5)).code(), Some(130), "Ctrl+C: interrupted");
    let saved = drafts(&home.demo_db());
    assert!(saved[0].2.contains("\"reference\":\"groß-1x\""), "{saved:?}");
}
