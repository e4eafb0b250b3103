//! Bulk loading in one transaction (the demo's data), through the same inserts as imports
//! and placing ([`super::rows`]). The store knows nothing of the demo: the demo hands it the
//! store's own rows.

use super::actions::{ActionFailure, ActionRequest};
use super::import::{ImportedExtension, ImportedNumber, ImportedUser, NewCustomer};
use super::place::{PlaceError, bulk};
use super::rows::{self, NumberSource};
use super::sql::{Tx, args};
use super::{Store, StoreError};
use crate::domain::model::{CustomerId, UserId};
use crate::domain::order::{OrderRequest, PlacedOrder};
use chrono::NaiveDateTime;

/// A seeding transaction: every row is written into it, [`SeedTx::commit`] keeps all of them,
/// and an error or drop keeps none. Unlike an import, a key that exists already is an error
/// ([`StoreError::Constraint`]): seeding fills a new database.
///
/// Speed (issue 12: a million customers and a hundred thousand orders in under a minute):
/// a full-text index the seeding writes to (customers, orders) is filled once at the end
/// ('rebuild') instead of row by row through its triggers, which are dropped the first
/// time a row for that index is written and created again from their own stored SQL before
/// the commit. Both happen inside the transaction, so an error or a crash leaves the
/// triggers and the indexes exactly as they were; after the commit, normal writes keep the
/// indexes up to date.
///
/// On PostgreSQL the search indexes are GIN indexes the server keeps up to date row by row;
/// there is nothing to defer.
pub struct SeedTx<'a> {
    tx: Tx<'a>,
    /// What the SQLite seeding changed for its duration; `None` on PostgreSQL.
    sqlite: Option<SqliteSeeding>,
}

/// What a SQLite seeding changes for its duration and gives back at its end.
struct SqliteSeeding {
    /// The indexes deferred so far, each with the `CREATE TRIGGER` statements dropped for it
    /// as the schema stored them.
    deferred: Vec<(&'static str, Vec<String>)>,
    /// The connection's page cache setting before the seeding.
    cache: i64,
}

/// The full-text indexes seeding fills at once, each with the per-row triggers that write
/// it otherwise (seeding inserts customers, inserts orders and updates their search keys).
const DEFERRABLE: [(&str, &[&str]); 2] =
    [(CUSTOMERS_FTS, &["customers_fts_insert"]), (ORDERS_FTS, &["orders_fts_insert", "orders_fts_update"])];
/// The customers' full-text index.
const CUSTOMERS_FTS: &str = "customers_fts";
/// The orders' trigram index.
const ORDERS_FTS: &str = "orders_fts";

/// The page cache while seeding, in KiB (SQLite's negative `cache_size`): the B-trees of a
/// million customers stay in memory instead of spilling to the WAL mid-transaction.
const SEED_CACHE_KIB: i64 = 262_144;

impl Store {
    /// Starts seeding: one IMMEDIATE transaction, taking the write lock up front rather than
    /// failing half-way on a busy file. The connection's page cache is enlarged until
    /// [`SeedTx::commit`] (or the drop) gives it back.
    pub fn begin_seed(&mut self) -> Result<SeedTx<'_>, StoreError> {
        // Every table, locked against other writers for the seeding's duration.
        let tx = Tx::begin(self.db(), &super::schema::TABLES)?;
        let Some(conn) = self.sqlite() else { return Ok(SeedTx { tx, sqlite: None }) };
        let cache: i64 = conn.pragma_query_value(None, "cache_size", |row| row.get(0))?;
        conn.pragma_update(None, "cache_size", -SEED_CACHE_KIB)?;
        Ok(SeedTx { tx, sqlite: Some(SqliteSeeding { deferred: Vec::new(), cache }) })
    }
}

/// The id of a row just written; a key that was there already refuses the seeding.
fn written(id: Option<i64>) -> Result<i64, StoreError> {
    id.ok_or(StoreError::Constraint)
}

impl SeedTx<'_> {
    /// Drops the triggers that write `index` row by row, once per seeding; the commit fills
    /// it whole and puts them back.
    fn defer(&mut self, index: &'static str) -> Result<(), super::sql::SqlError> {
        let db = self.tx.db();
        let Some(seeding) = self.sqlite.as_mut() else { return Ok(()) };
        if seeding.deferred.iter().any(|(name, _)| *name == index) {
            return Ok(());
        }
        let names = DEFERRABLE.iter().find(|(name, _)| *name == index).map_or(&[][..], |(_, triggers)| *triggers);
        let mut triggers = Vec::with_capacity(names.len());
        for name in names {
            let sql: String =
                db.value("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1", args![name])?;
            db.batch(&format!("DROP TRIGGER {name}"))?;
            triggers.push(sql);
        }
        seeding.deferred.push((index, triggers));
        Ok(())
    }

    /// A customer; its id.
    pub fn customer(&mut self, c: &NewCustomer) -> Result<CustomerId, StoreError> {
        self.defer(CUSTOMERS_FTS)?;
        written(rows::customer(self.tx.db(), c)?)
    }

    /// A user of a customer written before; its id.
    pub fn user(&self, u: &ImportedUser) -> Result<UserId, StoreError> {
        written(rows::user(self.tx.db(), u)?)
    }

    /// An extension of a customer's PBX, `user`'s when given.
    pub fn extension(&self, e: &ImportedExtension, user: Option<UserId>) -> Result<(), StoreError> {
        written(rows::extension(self.tx.db(), e, user, None)?).map(drop)
    }

    /// A free number of a customer's pool.
    pub fn number(&self, n: &ImportedNumber) -> Result<(), StoreError> {
        written(rows::number(self.tx.db(), n, NumberSource::Pool, None)?).map(drop)
    }

    /// A free SIM in stock.
    pub fn sim(&self, iccid: &str) -> Result<(), StoreError> {
        written(rows::sim(self.tx.db(), iccid)?).map(drop)
    }

    /// Places the orders (request, when) as `operator`, each with the checks and writes of
    /// [`Store::place_order`]: one the checks refuse (a sample's number taken by another
    /// customer's pool) is left out, in its place `None`, and the others go on. Busy, damage
    /// and other database errors end the seeding.
    pub fn orders(
        &mut self,
        orders: &[(OrderRequest, NaiveDateTime)],
        operator: &str,
    ) -> Result<Vec<Option<PlacedOrder>>, PlaceError> {
        self.defer(ORDERS_FTS)?;
        bulk::place_all(self.tx.db(), orders, operator)
    }

    /// Carries out every action (order, action, when) as `operator`, as [`Store::act`] does
    /// one; the first refusal ends the seeding.
    pub fn actions(
        &mut self,
        actions: &[(i64, ActionRequest, NaiveDateTime)],
        operator: &str,
    ) -> Result<(), ActionFailure> {
        self.defer(ORDERS_FTS)?;
        bulk::act_all(self.tx.db(), actions, operator)
    }

    /// Fills the deferred full-text indexes from their rows, puts their triggers back, gives
    /// the page cache back and keeps everything written.
    pub fn commit(self) -> Result<(), StoreError> {
        if let Some(seeding) = &self.sqlite {
            let db = self.tx.db();
            for (index, triggers) in &seeding.deferred {
                db.batch(&format!("INSERT INTO {index} ({index}) VALUES ('rebuild')"))?;
                for sql in triggers {
                    db.batch(sql)?;
                }
            }
            // Shrinking the cache drops clean pages only; the dirty ones are written by the
            // commit.
            db.batch(&format!("PRAGMA cache_size = {}", seeding.cache))?;
        }
        Ok(self.tx.commit()?)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a test: a panic is its failure")]
mod tests {
    use super::*;
    use crate::demo;

    /// The number of rows `query` finds in a full-text index, through the index itself.
    fn fts_count(store: &Store, table: &str, query: &str) -> i64 {
        let sql = format!("SELECT count(*) FROM {table} WHERE {table} MATCH ?1");
        store.sqlite().unwrap().query_row(&sql, [query], |row| row.get(0)).unwrap()
    }

    /// Checks a full-text index against its content table (rank 1: every row's tokens).
    fn integrity_check(store: &Store, table: &str) {
        let sql = format!("INSERT INTO {table} ({table}, rank) VALUES ('integrity-check', 1)");
        store.sqlite().unwrap().execute_batch(&sql).unwrap();
    }

    #[test]
    fn a_seeded_index_agrees_with_its_rows_and_later_inserts_update_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("orders.db")).unwrap();
        let cache: i64 = store.sqlite().unwrap().pragma_query_value(None, "cache_size", |row| row.get(0)).unwrap();
        let data = demo::generate(demo::DEMO_SEED, 2_000);
        demo::seed(&mut store, &data).unwrap();
        integrity_check(&store, "customers_fts");
        // Every customer is in the index, once.
        let rows: i64 = store.sqlite().unwrap().query_row("SELECT count(*) FROM customers", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 2_000);
        let all: i64 = store
            .sqlite()
            .unwrap()
            .query_row("SELECT count(*) FROM customers c JOIN customers_fts f ON f.rowid = c.id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(all, rows);
        // The trigger is back and the cache as it was.
        assert_eq!(insert_triggers(&store), 1);
        let after: i64 = store.sqlite().unwrap().pragma_query_value(None, "cache_size", |row| row.get(0)).unwrap();
        assert_eq!(after, cache);
        // A customer written afterwards, as an import writes it, is found through the index.
        let new = NewCustomer {
            number: "K-999999".into(),
            name: "Zwölfbrunn Werke AG".into(),
            city: "Ulm".into(),
            dial_plan_len: 3,
            area_code: "0731".into(),
        };
        // The index's own token for the name's first word, as the folding writes it.
        let (_, words) = crate::store::search::customer_keys(&new.name, &new.number, &new.city);
        let word = format!("\"{}\"", words.split_whitespace().next().unwrap());
        assert_eq!(fts_count(&store, "customers_fts", &word), 0);
        rows::customer(store.db(), &new).unwrap().unwrap();
        assert_eq!(fts_count(&store, "customers_fts", &word), 1);
        let page = store.search_customers("zwölfbrunn", None, 10).unwrap();
        assert_eq!(page.rows.len(), 1);
        integrity_check(&store, "customers_fts");
    }

    /// How many `customers_fts_insert` triggers the file has (seeding drops it for a while).
    fn insert_triggers(store: &Store) -> i64 {
        triggers(store, &["customers_fts_insert"])
    }

    /// How many of the triggers named the file has.
    fn triggers(store: &Store, names: &[&str]) -> i64 {
        names
            .iter()
            .map(|name| -> i64 {
                store
                    .sqlite()
                    .unwrap()
                    .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = ?1", [name], |r| {
                        r.get(0)
                    })
                    .unwrap()
            })
            .sum()
    }

    /// The orders' index triggers, which seeding orders drops for a while.
    const ORDER_TRIGGERS: [&str; 3] = ["orders_fts_insert", "orders_fts_update", "orders_fts_delete"];

    /// A store with `customers` demo customers and `orders` orders placed by the seeding.
    fn seeded(dir: &tempfile::TempDir, customers: usize, orders: usize) -> (Store, usize) {
        let mut store = Store::open(&dir.path().join("orders.db")).unwrap();
        demo::seed(&mut store, &demo::generate(demo::DEMO_SEED, customers)).unwrap();
        let catalog = crate::domain::Catalog::builtin().unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let placed = demo::place_bulk_orders(&mut store, &catalog, today, orders).unwrap();
        (store, placed)
    }

    /// The ids of the orders whose search text holds `text`, through the trigram index.
    fn found(store: &Store, text: &str) -> Vec<i64> {
        let q = crate::domain::orders::OrderQuery { text: text.into(), ..Default::default() };
        let rows = store.orders_seek(&q, crate::domain::lookup::OrderSeek::First, 1_000).unwrap();
        rows.iter().map(|r| r.id).collect()
    }

    #[test]
    fn seeded_orders_are_all_in_the_index_and_later_writes_update_it() {
        let dir = tempfile::tempdir().unwrap();
        let (store, placed) = seeded(&dir, 300, 120);
        assert!(placed > 100, "most samples are placed: {placed}");
        integrity_check(&store, "orders_fts");
        // Every order is found by its own number, through the index (and one order each).
        let numbers: Vec<(i64, String)> = store
            .sqlite()
            .unwrap()
            .prepare("SELECT id, order_no FROM orders")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(numbers.len(), placed);
        for (id, order_no) in &numbers {
            assert_eq!(found(&store, order_no), vec![*id], "{order_no}");
        }
        // The cancelled ones were written after their placement: their state is in the rows.
        let cancelled: i64 = store
            .sqlite()
            .unwrap()
            .query_row("SELECT count(*) FROM orders WHERE state = 'cancelled'", [], |r| r.get(0))
            .unwrap();
        assert!(cancelled > 0);
        // The triggers are back: an order changed afterwards is found by its new text.
        assert_eq!(triggers(&store, &ORDER_TRIGGERS), 3);
        let (id, _) = &numbers[0];
        store.sqlite().unwrap().execute("UPDATE orders SET search = 'zzqqxx ' || search WHERE id = ?1", [id]).unwrap();
        assert_eq!(found(&store, "zzqqxx"), vec![*id]);
        integrity_check(&store, "orders_fts");
    }

    #[test]
    fn a_refused_order_seeding_keeps_the_triggers_and_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, placed) = seeded(&dir, 50, 12);
        let before: i64 = store.sqlite().unwrap().query_row("SELECT count(*) FROM orders", [], |r| r.get(0)).unwrap();
        assert_eq!(before as usize, placed);
        // An action the lifecycle refuses (cancelling an order that is no more) ends the seeding.
        let mut tx = store.begin_seed().unwrap();
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap().and_hms_opt(9, 0, 0).unwrap();
        let cancel = ActionRequest::Cancel(crate::domain::lifecycle::CancelReason::CustomerRequest);
        assert!(tx.actions(&[(999_999, cancel, at)], "test").is_err());
        drop(tx);
        assert_eq!(triggers(&store, &ORDER_TRIGGERS), 3);
        let after: i64 = store.sqlite().unwrap().query_row("SELECT count(*) FROM orders", [], |r| r.get(0)).unwrap();
        assert_eq!(after, before);
        integrity_check(&store, "orders_fts");
    }

    #[test]
    fn a_cached_statement_is_not_prepared_again_when_it_runs_again() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = seeded(&dir, 30, 6);
        // A join with a sort: SQLite's planner would look at the bound value and mark the
        // statement for re-preparing each time the cache clears its values.
        let sql = "SELECT u.id FROM users u JOIN customers c ON c.id = u.customer_id
                    WHERE c.id = ?1 ORDER BY u.last_name, u.id";
        for id in 2..40 {
            let mut stmt = store.sqlite().unwrap().prepare_cached(sql).unwrap();
            stmt.query_map([id], |r| r.get::<_, i64>(0)).unwrap().for_each(drop);
        }
        let stmt = store.sqlite().unwrap().prepare_cached(sql).unwrap();
        assert_eq!(stmt.get_status(rusqlite::StatementStatus::RePrepare), 0);
    }

    #[test]
    fn a_refused_seeding_keeps_the_trigger_and_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("orders.db")).unwrap();
        let data = demo::generate(7, 5);
        demo::seed(&mut store, &data).unwrap();
        // The same rows again fail on the first key and roll back, dropped trigger included.
        assert!(demo::seed(&mut store, &data).is_err());
        assert_eq!(insert_triggers(&store), 1);
        integrity_check(&store, "customers_fts");
    }
}
