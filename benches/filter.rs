//! Customer filter latency per keystroke, as an operator types a name into the *Kunde*
//! dropdown. Run with `cargo bench --bench filter` (release build).
//!
//! Prints, for 1 000 and 100 000 demo customers: the time to open the list (labels prepared
//! for matching) and the median and worst time per typed character.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark: a panic is its failure, with the message")]

use comuniq_order::demo;
use comuniq_order::tui::{Filter, haystack};
use std::time::{Duration, Instant};

fn main() {
    for customers in [1_000, 100_000] {
        let data = demo::generate(demo::DEMO_SEED, customers);
        let labels: Vec<String> =
            data.customers.iter().map(|c| format!("{} {} {}", c.name, c.number, c.city)).collect();
        let start = Instant::now();
        let prepared = haystack(labels.iter().map(String::as_str));
        let prepare = start.elapsed();
        let mut filter = Filter::new(prepared);
        let mut per_key: Vec<Duration> = Vec::new();
        let mut blocked: Vec<Duration> = Vec::new();
        let mut first: Vec<Duration> = Vec::new();
        for query in ["müller", "bäckerei schr", "K-1000", "koln", "weber partner"] {
            filter.set_query("");
            let mut typed = String::new();
            for c in query.chars() {
                typed.push(c);
                // What a keystroke waits for: setting the query (the scan runs on a thread
                // for long lists), and, separately, how long until the matches are in.
                let t = Instant::now();
                filter.set_query(&typed);
                blocked.push(t.elapsed());
                // As the event loop does: look every 0.2 ms for the first matches.
                while filter.is_pending() && !filter.poll() {
                    std::thread::sleep(Duration::from_micros(200));
                }
                first.push(t.elapsed());
                filter.wait();
                per_key.push(t.elapsed());
            }
        }
        per_key.sort();
        blocked.sort();
        first.sort();
        let pct = |v: &[Duration], p: usize| ms(v[(v.len() * p / 100).min(v.len() - 1)]);
        println!(
            "customers {customers:>7}: prepare labels {:>6.1} ms (once, off the UI thread); per key: \
             first results p95 {:>5.2} ms; all results median {:>5.2} ms, p95 {:>5.2} ms, worst {:>5.2} ms; \
             keystroke blocked p95 {:>5.3} ms ({} keys)",
            ms(prepare),
            pct(&first, 95),
            pct(&per_key, 50),
            pct(&per_key, 95),
            pct(&per_key, 100),
            pct(&blocked, 95),
            per_key.len()
        );
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
