//! The demo's seeding of a large database: generated on a thread of its own while the
//! store writes (`demo::seed_generated`, what `examples/seed_big.rs` runs), it writes the
//! same rows as the generated list written at once (`demo::seed`).
#![allow(clippy::unwrap_used, reason = "a test: a panic is its failure")]

use comuniq_order::demo;
use comuniq_order::store::{Store, StoreError};
use std::path::Path;

/// Every row of the tables seeding writes, each as text, in id order.
fn seeded_rows(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut out = Vec::new();
    for table in ["customers", "users", "extensions", "numbers", "sims"] {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY id")).unwrap();
        let width = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..width).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))
            })
            .unwrap();
        out.extend(rows.map(|r| format!("{table}: {}", r.unwrap())));
    }
    out
}

#[test]
fn generating_while_writing_writes_what_the_generated_list_writes() {
    let dir = tempfile::tempdir().unwrap();
    // More customers than one batch, and a last batch that is not full.
    let customers = 2_345;
    let (listed, streamed) = (dir.path().join("listed.db"), dir.path().join("streamed.db"));
    demo::seed(&mut Store::open(&listed).unwrap(), &demo::generate(7, customers)).unwrap();
    let mut store = Store::open(&streamed).unwrap();
    demo::seed_generated(&mut store, 7, customers).unwrap();
    let rows = seeded_rows(&listed);
    assert!(rows.len() > 5 * customers, "{}", rows.len());
    assert_eq!(seeded_rows(&streamed), rows);
    // Found through the customers' index as well.
    let found = store.search_customers("müller", None, 50).unwrap().rows;
    assert!(!found.is_empty());
    assert_eq!(found, Store::open(&listed).unwrap().search_customers("müller", None, 50).unwrap().rows);
    // Refused as a whole when a key exists: the generator stops, and nothing more is kept.
    let again = demo::seed_generated(&mut store, 7, customers);
    assert!(matches!(again, Err(StoreError::Constraint)), "{again:?}");
    assert_eq!(seeded_rows(&streamed), rows);
}
