//! The search contract (issue 12): what any engine behind the store (SQLite now, PostgreSQL
//! in issue 13) must answer for the long lists, whatever index it uses. Runs against a real
//! SQLite file in a temporary directory, or a PostgreSQL database with
//! `COMUNIQ_TEST_ENGINE=postgres` (`common::db`).
//!
//! Customers: word prefixes of name, number and city in any order; umlauts folded both ways
//! (muller, mueller, müller); case ignored; best first (name begins with the first word, by
//! name), then the other matches by id; a screenful at a time with a cursor; an empty query
//! lists all by name. Orders: the overview's text filter finds what the column scan found,
//! and keyset pages are the pages counted from the start.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use chrono::NaiveDate;
use common::db;
use comuniq_order::demo;
use comuniq_order::domain::Catalog;
use comuniq_order::domain::lookup::{CustomerCursor, OrderSeek};
use comuniq_order::domain::orders::{OrderQuery, StateFilter};
use comuniq_order::store::{NewCustomer, Store};
use tempfile::TempDir;

/// The customers of the contract, in id order (1 to 7).
const CUSTOMERS: [(&str, &str, &str); 7] = [
    ("Müller Bau GmbH", "K-100001", "München"),
    ("Mueller Elektro KG", "K-100002", "Köln"),
    ("Bauer & Söhne GbR", "K-100003", "Berlin"),
    ("Ärztehaus Süd", "K-100004", "Düsseldorf"),
    ("Schmidt Mühlenbau OHG", "K-100005", "Stuttgart"),
    ("Zimmerei Baumann", "K-100006", "Mülheim"),
    ("Apotheke am Markt", "K-200123", "Bremen"),
];

fn import(store: &mut Store, rows: &[(&str, &str, &str)]) {
    let mut tx = store.begin_import().unwrap();
    for (line, (name, number, city)) in rows.iter().enumerate() {
        let c = NewCustomer {
            number: number.to_string(),
            name: name.to_string(),
            city: city.to_string(),
            dial_plan_len: 3,
            area_code: "030".to_string(),
        };
        tx.customer(&c, line as u64 + 2).unwrap();
    }
    tx.finish(true).unwrap();
}

fn store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = db::open(&dir.path().join("contract.db"));
    import(&mut store, &CUSTOMERS);
    (dir, store)
}

/// The customer numbers' last digit (1 to 7 for the contract's customers) of every match,
/// all pages of `limit` read one after the other.
fn found(store: &Store, query: &str, limit: usize) -> Vec<u32> {
    let mut out = Vec::new();
    let mut after: Option<CustomerCursor> = None;
    loop {
        let page = store.search_customers(query, after.as_ref(), limit).unwrap();
        assert!(page.rows.len() <= limit, "{query}: a page holds at most the limit");
        out.extend(page.rows.iter().map(|c| position(&c.number)));
        match page.next {
            Some(next) => after = Some(next),
            None => return out,
        }
        assert!(out.len() <= CUSTOMERS.len() + 5, "{query}: the pages end");
    }
}

fn position(number: &str) -> u32 {
    CUSTOMERS.iter().position(|(_, n, _)| *n == number).map(|i| i as u32 + 1).unwrap_or(0)
}

#[test]
fn umlauts_folded_both_ways_and_case_ignored() {
    let (_dir, store) = store();
    for q in ["müller", "muller", "mueller", "MÜLLER", "Mueller", "MUELL"] {
        assert_eq!(found(&store, q, 10), [1, 2], "{q}");
    }
    assert_eq!(found(&store, "mül", 10), [1, 2, 6], "and the city Mülheim");
    for q in ["ärzte", "arzte", "aerzte", "ÄRZTEHAUS", "süd", "sued"] {
        assert_eq!(found(&store, q, 10), [4], "{q}");
    }
    assert_eq!(found(&store, "söhne", 10), [3]);
    assert_eq!(found(&store, "soehne", 10), [3]);
}

#[test]
fn word_prefixes_in_any_order() {
    let (_dir, store) = store();
    assert_eq!(found(&store, "müller bau", 10), [1]);
    assert_eq!(found(&store, "bau müller", 10), [1]);
    // Zimmerei Baumann is in Mülheim.
    assert_eq!(found(&store, "mül bau", 10), [1, 6]);
    assert_eq!(found(&store, "bau mül", 10), [1, 6]);
    assert_eq!(found(&store, "  Bau   GMBH  ", 10), [1]);
    assert_eq!(found(&store, "müller bau kg", 10), Vec::<u32>::new(), "every word must match");
    assert_eq!(found(&store, "ller", 10), Vec::<u32>::new(), "a prefix begins a word");
    assert_eq!(found(&store, "xyz", 10), Vec::<u32>::new());
}

#[test]
fn customer_number_whole_or_in_part() {
    let (_dir, store) = store();
    for q in ["K-100004", "k-100004", "100004", "k100004", "K-1000 ärzte"] {
        assert_eq!(found(&store, q, 10), [4], "{q}");
    }
    assert_eq!(found(&store, "k-1000", 10), [1, 2, 3, 4, 5, 6], "by id: no name begins with the number");
    assert_eq!(found(&store, "200", 10), [7]);
}

#[test]
fn city_with_umlauts() {
    let (_dir, store) = store();
    for q in ["düsseldorf", "dusseldorf", "duesseldorf", "DÜSS"] {
        assert_eq!(found(&store, q, 10), [4], "{q}");
    }
    assert_eq!(found(&store, "köln", 10), [2]);
    assert_eq!(found(&store, "koeln mueller", 10), [2]);
    assert_eq!(found(&store, "mülheim", 10), [6]);
}

#[test]
fn names_that_begin_with_the_first_word_come_first_then_the_rest_by_id() {
    let (_dir, store) = store();
    // Bauer begins with "bau"; Müller Bau GmbH and Zimmerei Baumann only have such a word.
    assert_eq!(found(&store, "bau", 10), [3, 1, 6]);
    // Müller Bau and Mueller Elektro by name; then Mühlenbau (a later word) and the city
    // Mülheim by id.
    assert_eq!(found(&store, "mü", 10), [1, 2, 5, 6]);
    assert_eq!(found(&store, "m", 10), [1, 2, 5, 6, 7], "Apotheke am Markt has words with m");
}

#[test]
fn an_empty_query_lists_everyone_by_name_with_umlauts_in_place() {
    let (_dir, store) = store();
    let by_name = [7, 4, 3, 1, 2, 5, 6];
    assert_eq!(found(&store, "", 10), by_name, "Ärztehaus sorts with A");
    assert_eq!(found(&store, "  & - ", 10), by_name, "punctuation alone is no word");
}

#[test]
fn a_screenful_at_a_time_and_the_pages_join_up() {
    let (_dir, store) = store();
    let first = store.search_customers("", None, 3).unwrap();
    assert_eq!(first.rows.iter().map(|c| position(&c.number)).collect::<Vec<_>>(), [7, 4, 3]);
    assert!(first.next.is_some(), "more follow");
    assert_eq!(found(&store, "", 3), [7, 4, 3, 1, 2, 5, 6]);
    assert_eq!(found(&store, "", 1), [7, 4, 3, 1, 2, 5, 6]);
    // A page that ends inside the best matches goes on with them, then with the others.
    assert_eq!(found(&store, "mü", 1), [1, 2, 5, 6]);
    assert_eq!(found(&store, "bau", 2), [3, 1, 6]);
    let exact = store.search_customers("bau", None, 3).unwrap();
    assert_eq!(exact.rows.len(), 3);
    let after = store.search_customers("bau", exact.next.as_ref(), 3).unwrap();
    assert!(after.rows.is_empty() && after.next.is_none(), "a full last page is followed by an empty one");
}

#[test]
fn customers_are_found_as_soon_as_their_transaction_commits() {
    let (dir, mut store) = store();
    import(&mut store, &[("Müller-Lüdenscheidt Büro", "K-300001", "Lüdenscheid")]);
    assert_eq!(store.search_customers("lüdensch", None, 10).unwrap().rows.len(), 1);
    assert_eq!(store.search_customers("mueller-lue", None, 10).unwrap().rows[0].number, "K-300001");
    // Another connection (another terminal) sees the same.
    let other = db::open(&dir.path().join("contract.db"));
    assert_eq!(found(&other, "müller", 10), [1, 2, 0]);
}

/// A demo database with the sample orders placed.
fn orders_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = db::open(&dir.path().join("orders.db"));
    demo::seed(&mut store, &demo::generate(demo::DEMO_SEED, demo::DEMO_CUSTOMERS)).unwrap();
    let catalog = Catalog::builtin().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let placed = demo::place_sample_orders(&mut store, &catalog, today, demo::DEMO_ORDERS).unwrap();
    assert!(placed > 20);
    (dir, store)
}

fn ids(rows: &[comuniq_order::domain::orders::OrderRow]) -> Vec<i64> {
    rows.iter().map(|r| r.id).collect()
}

#[test]
fn the_text_filter_finds_what_the_column_scan_finds() {
    let (_dir, store) = orders_store();
    let all = store.orders_page(&OrderQuery::default(), 0, 1000).unwrap().rows;
    let customer = all[3].customer_name.clone();
    let first_word = customer.split_whitespace().next().unwrap().to_string();
    let mut queries: Vec<String> =
        ["er", "mül", "mueller", "müller", "PO-44", "4711", "2026-0000", "0000", "e", "gmbh kg", "zz", "+49", "0 1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    queries.extend([
        customer.to_lowercase(),
        first_word.to_uppercase(),
        all[5].order_no.clone(),
        all[7].username.clone(),
    ]);
    for text in &queries {
        for state in [None, Some(StateFilter::Active)] {
            for oldest_first in [false, true] {
                let q = OrderQuery { text: text.clone(), state, oldest_first, ..OrderQuery::default() };
                let scanned = store.orders_page(&q, 0, 1000).unwrap();
                let indexed = store.orders_seek(&q, OrderSeek::First, 1000).unwrap();
                assert_eq!(ids(&indexed), ids(&scanned.rows), "{q:?}");
                assert_eq!(store.count_orders(&q).unwrap(), scanned.total, "{q:?}");
            }
        }
    }
    let q = OrderQuery { text: customer, ..OrderQuery::default() };
    assert!(!store.orders_seek(&q, OrderSeek::First, 10).unwrap().is_empty(), "a customer's name finds his orders");
}

#[test]
fn keyset_pages_are_the_pages_counted_from_the_start() {
    let (_dir, store) = orders_store();
    for q in [
        OrderQuery::default(),
        OrderQuery { oldest_first: true, ..OrderQuery::default() },
        OrderQuery { text: "gmbh".into(), ..OrderQuery::default() },
        OrderQuery { state: Some(StateFilter::Active), oldest_first: true, ..OrderQuery::default() },
    ] {
        let all = ids(&store.orders_page(&q, 0, 1000).unwrap().rows);
        assert!(all.len() > 5, "{q:?}");
        let mut paged = Vec::new();
        let mut page = store.orders_seek(&q, OrderSeek::First, 4).unwrap();
        while let Some(last) = page.last() {
            paged.extend(ids(&page));
            page = store.orders_seek(&q, OrderSeek::After(last.id), 4).unwrap();
        }
        assert_eq!(paged, all, "{q:?}: forwards");
        let last = store.orders_seek(&q, OrderSeek::Last, 4).unwrap();
        assert_eq!(ids(&last), all[all.len() - 4..], "{q:?}: the last page, in list order");
        let before = store.orders_seek(&q, OrderSeek::Before(all[5]), 3).unwrap();
        assert_eq!(ids(&before), all[2..5], "{q:?}: the rows before a row, in list order");
        assert!(store.orders_seek(&q, OrderSeek::Before(all[0]), 3).unwrap().is_empty());
    }
}

/// SQLite's own: a file from version 4 (no search keys) is searchable once opened, and a
/// customer renamed by another tool is found by the new name once the file is opened again.
#[test]
fn an_older_file_and_a_renamed_customer_get_their_keys_when_opened() {
    if db::sqlite_only("a file of schema version 4, SQLite's FTS5 tables") {
        return;
    }
    let (dir, store) = store();
    drop(store);
    let path = dir.path().join("contract.db");
    let sql = rusqlite::Connection::open(&path).unwrap();
    sql.execute_batch(
        "DROP TRIGGER orders_fts_insert; DROP TRIGGER orders_fts_delete; DROP TRIGGER orders_fts_update;
         DROP TABLE orders_fts; DROP TRIGGER customers_fts_insert; DROP TRIGGER customers_fts_delete;
         DROP TRIGGER customers_fts_update; DROP TRIGGER customers_keys_stale; DROP TABLE customers_fts;
         DROP INDEX customers_by_name_key; DROP INDEX customers_unkeyed; DROP INDEX extensions_by_user;
         ALTER TABLE customers DROP COLUMN name_key; ALTER TABLE customers DROP COLUMN words;
         ALTER TABLE orders DROP COLUMN cost_centre;
         DROP INDEX users_unkeyed; DROP INDEX users_by_name; DROP INDEX numbers_in_order;
         CREATE INDEX numbers_by_customer ON numbers (customer_id, order_id);
         ALTER TABLE users DROP COLUMN words;
         PRAGMA user_version = 4;",
    )
    .unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(found(&store, "mueller", 10), [1, 2]);
    assert_eq!(found(&store, "", 10), [7, 4, 3, 1, 2, 5, 6]);
    sql.execute("UPDATE customers SET name = 'Özdemir Bau' WHERE number = 'K-100002'", []).unwrap();
    assert_eq!(found(&store, "elektro", 10), Vec::<u32>::new(), "the old name is not found");
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(found(&store, "oezdemir", 10), [2]);
    assert_eq!(found(&store, "bau", 10), [3, 1, 2, 6]);
}
