//! Times the page-by-page check of some tables (`Store::check_tables`), as the exports and
//! imports run it: `cargo run --release --example check_tables -- /tmp/big.db orders customers`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "an example: a panic is its failure, with the message")]

use comuniq_order::store::Store;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: check_tables PATH TABLE…")?;
    let tables: Vec<String> = args.collect();
    let store = Store::open(std::path::Path::new(&path))?;
    for table in &tables {
        for run in 1..=3 {
            let t = Instant::now();
            store.check_tables(&[table.as_str()])?;
            println!("quick_check({table}) run {run}: {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    Ok(())
}
