//! The store on PostgreSQL: smoke test while the contract suites learn to run on both.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

#[path = "common/pg.rs"]
mod pg_server;

use comuniq_order::demo;
use comuniq_order::store::{DbTarget, OpenMode, Store};

#[test]
fn the_demo_seeds_and_searches_on_postgres() {
    let Some(db) = pg_server::fresh_db() else { return };
    let target = DbTarget::Postgres(Box::new(db.config.clone()));
    let mut store = Store::open_target(&target, OpenMode::Create).unwrap();
    let data = demo::generate(demo::DEMO_SEED, 40);
    demo::seed(&mut store, &data).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!(counts.customers, 40);
    let page = store.search_customers("", None, 10).unwrap();
    assert_eq!(page.rows.len(), 10);
    let first = &page.rows[0];
    let word: String = first.name.split_whitespace().next().unwrap().chars().take(3).collect();
    let found = store.search_customers(&word, None, 50).unwrap();
    assert!(found.rows.iter().any(|c| c.id == first.id), "{word}: {:?}", found.rows);
}
