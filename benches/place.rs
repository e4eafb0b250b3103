//! Order placement on either engine: the transaction's time one after another (p50, p99),
//! then a storm of writers placing at once on one database, each on its own connection and
//! thread, all drawing on the same stock so that they collide: how many orders were placed,
//! how many were refused because another writer was quicker, and that no SIM, number or
//! extension went to two orders.
//!
//! `cargo bench --bench place -- [--db TARGET] [--writers N] [--orders N]`: TARGET as
//! `--db` takes it (a SQLite file, made in a temporary folder when none is given, or a
//! PostgreSQL connection string naming an empty database).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark: a panic is its failure, with the message")]

use chrono::NaiveDate;
use comuniq_order::demo;
use comuniq_order::domain::Catalog;
use comuniq_order::store::{DbTarget, ExportFilter, OpenMode, PlaceError, Store};
use std::collections::HashMap;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| args.iter().position(|a| a == name).map(|i| args[i + 1].clone());
    let writers: usize = arg("--writers").map_or(64, |n| n.parse().unwrap());
    let per_writer: usize = arg("--orders").map_or(20, |n| n.parse().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let target = match arg("--db") {
        Some(db) => DbTarget::parse(&db).unwrap(),
        None => DbTarget::Sqlite(dir.path().join("orders.db")),
    };
    let mut store = Store::open_target(&target, OpenMode::Create).unwrap();
    println!("database: {}", store.name());
    demo::seed(&mut store, &demo::generate(demo::DEMO_SEED, 1_000)).unwrap();
    let catalog = Catalog::builtin().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();

    // One after another: each order with resources of its own.
    let samples = demo::sample_orders(&store, &catalog, today, 200).unwrap();
    let mut times: Vec<Duration> = samples
        .iter()
        .map(|s| {
            let t = Instant::now();
            store.place_order(&s.request, "bench", s.at).unwrap();
            t.elapsed()
        })
        .collect();
    report("order placement, one writer", &mut times);

    // The storm: every writer tries the same next orders, so each resource is wanted by
    // all of them at once and only one may get it.
    let samples = demo::sample_orders(&store, &catalog, today, per_writer).unwrap();
    let start = Instant::now();
    let results: Vec<(usize, usize, Vec<Duration>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..writers)
            .map(|w| {
                let (target, samples) = (&target, &samples);
                scope.spawn(move || {
                    let mut store = Store::open_target(target, OpenMode::MustExist).unwrap();
                    let (mut placed, mut refused, mut times) = (0, 0, Vec::new());
                    for s in samples {
                        let t = Instant::now();
                        match store.place_order(&s.request, &format!("writer{w}"), s.at) {
                            Ok(_) => placed += 1,
                            Err(PlaceError::Taken { .. }) => refused += 1,
                            Err(other) => panic!("writer {w}: {other}"),
                        }
                        times.push(t.elapsed());
                    }
                    (placed, refused, times)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let elapsed = start.elapsed();
    let placed: usize = results.iter().map(|r| r.0).sum();
    let refused: usize = results.iter().map(|r| r.1).sum();
    let mut times: Vec<Duration> = results.into_iter().flat_map(|r| r.2).collect();
    println!(
        "storm: {writers} writers x {per_writer} orders in {:.2} s: {placed} placed, {refused} refused (taken by \
         another writer), {} duplicates",
        elapsed.as_secs_f64(),
        duplicates(&store)
    );
    report("order placement, in the storm", &mut times);
}

/// SIMs, numbers and extensions held by more than one order that is not cancelled.
fn duplicates(store: &Store) -> usize {
    let orders = store.export_orders(&ExportFilter::default()).unwrap();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for o in orders.iter().filter(|o| o.state != "cancelled") {
        if let Some(iccid) = &o.iccid {
            *seen.entry(format!("sim {iccid}")).or_default() += 1;
        }
        *seen.entry(format!("number {}", o.number)).or_default() += 1;
        *seen.entry(format!("extension {} {}", o.customer, o.extension)).or_default() += 1;
    }
    seen.values().filter(|&&n| n > 1).count()
}

fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let pct = |p: usize| times[(times.len() * p / 100).min(times.len() - 1)].as_secs_f64() * 1000.0;
    println!("{what:<32} p50 {:>6.2} ms  p99 {:>7.2} ms  ({} orders)", pct(50), pct(99), times.len());
}
