//! Makes a database with N demo customers and M orders, for trying the program at scale and
//! for the end-to-end benchmark (benches/e2e.rs):
//! `cargo run --release --example seed_big -- /tmp/big.db 1000000 [100000]`; the database
//! is read as `--db` is: a file, or a PostgreSQL connection string.
//! The orders (a tenth of the customers unless given) are the demo's sample orders, placed
//! through the store's own checks and writes in one transaction.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "an example: a panic is its failure, with the message")]

use chrono::NaiveDate;
use comuniq_order::demo;
use comuniq_order::domain::Catalog;
use comuniq_order::store::{DbTarget, OpenMode, Store};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: seed_big PATH [CUSTOMERS] [ORDERS]")?;
    let customers: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(100_000);
    let orders: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(customers / 10);
    let start = Instant::now();
    let t = Instant::now();
    let target = DbTarget::parse(&path).map_err(|e| e.to_string())?;
    let mut store = Store::open_target(&target, OpenMode::Create)?;
    // Generated on a thread of its own while this one writes.
    demo::seed_generated(&mut store, demo::DEMO_SEED, customers)?;
    println!("generating and writing {customers} customers: {:.1} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let catalog = Catalog::builtin()?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).ok_or("date")?;
    let placed = demo::place_bulk_orders(&mut store, &catalog, today, orders)?;
    println!("placing {placed} orders: {:.1} s", t.elapsed().as_secs_f64());
    println!("{customers} customers and {placed} orders in {:.1} s", start.elapsed().as_secs_f64());
    Ok(())
}
