//! The store's searches alone, against a big database made by the seed generator (issue 12):
//! what each keystroke costs the engine, without a terminal.
//! `cargo bench --bench search -- /tmp/big.db`. Opens the file (a copy: opening migrates).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark: a panic is its failure, with the message")]

use comuniq_order::domain::lookup::OrderSeek;
use comuniq_order::domain::orders::OrderQuery;
use comuniq_order::store::{Store, StoreError};
use std::time::{Duration, Instant};

fn main() {
    let path = std::env::args().skip(1).find(|a| a != "--bench").expect("usage: search DB");
    let t = Instant::now();
    let store = Store::open(std::path::Path::new(&path)).expect("open");
    println!("open: {:.1} ms", ms(t.elapsed()));
    for query in ["müller bau", "praxis dr", "k-100123", "münchen gmbh", "gmbh", "zz"] {
        let mut typed = String::new();
        let mut per_key = Vec::new();
        for c in query.chars() {
            typed.push(c);
            per_key.push(median(|| store.search_customers(&typed, None, 20).map(|_| ())));
        }
        let worst = per_key.iter().copied().fold(0.0, f64::max);
        println!("customers {query:?} typed: per key median {:?} ms, worst {worst:.2} ms", rounded(&per_key));
    }
    let first = store.search_customers("", None, 20).expect("all");
    let next = first.next.expect("more than a page");
    println!(
        "customers, second page of all: {:.2} ms",
        median(|| store.search_customers("", Some(&next), 20).map(|_| ()))
    );

    let all = OrderQuery::default();
    println!("orders first page: {:.2} ms", median(|| store.orders_seek(&all, OrderSeek::First, 20).map(|_| ())));
    println!("orders last page: {:.2} ms", median(|| store.orders_seek(&all, OrderSeek::Last, 20).map(|_| ())));
    println!("orders count: {:.2} ms", median(|| store.count_orders(&all).map(|_| ())));
    let page = store.orders_seek(&all, OrderSeek::First, 20).expect("page");
    let middle = page.last().map_or(0, |r| r.id / 2);
    println!(
        "orders page after the middle: {:.2} ms",
        median(|| store.orders_seek(&all, OrderSeek::After(middle), 20).map(|_| ()))
    );
    println!("orders OFFSET 50 000 (before): {:.2} ms", median(|| store.orders_page(&all, 50_000, 20).map(|_| ())));
    for text in ["gmbh", "müller", "po-44", "er", "zzz", "0171"] {
        let mut typed = String::new();
        let (mut seek, mut scan) = (Vec::new(), Vec::new());
        for c in text.chars() {
            typed.push(c);
            let q = OrderQuery { text: typed.clone(), ..OrderQuery::default() };
            seek.push(median(|| store.orders_seek(&q, OrderSeek::First, 20).map(|_| ())));
            scan.push(median(|| store.orders_page(&q, 0, 20).map(|_| ())));
        }
        let q = OrderQuery { text: text.into(), ..OrderQuery::default() };
        let count = median(|| store.count_orders(&q).map(|_| ()));
        println!(
            "orders text {text:?} typed: seek per key {:?} ms; LIKE scan (before) {:?} ms; count {count:.2} ms",
            rounded(&seek),
            rounded(&scan)
        );
    }
}

/// The median of 5 runs, in ms.
fn median(mut f: impl FnMut() -> Result<(), StoreError>) -> f64 {
    let mut runs: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            f().expect("query");
            t.elapsed()
        })
        .collect();
    runs.sort();
    ms(runs[2])
}

fn rounded(v: &[f64]) -> Vec<f64> {
    v.iter().map(|x| (x * 100.0).round() / 100.0).collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
