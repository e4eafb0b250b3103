//! Makes a database with N demo customers, for trying the program at scale:
//! `cargo run --release --example seed_big -- /tmp/big.db 100000`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "an example: a panic is its failure, with the message")]

use comuniq_order::demo;
use comuniq_order::store::Store;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: seed_big PATH [CUSTOMERS]")?;
    let customers: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(100_000);
    let t = Instant::now();
    let data = demo::generate(demo::DEMO_SEED, customers);
    let mut store = Store::open(std::path::Path::new(&path))?;
    demo::seed(&mut store, &data)?;
    println!("{customers} customers in {:.1} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let n = store.customers()?.len();
    println!("reading {n} customers: {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
    Ok(())
}
