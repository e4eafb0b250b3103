//! Bulk loading in one transaction (the demo's data), through the same inserts as imports
//! and placing ([`super::rows`]). The store knows nothing of the demo: the demo hands it the
//! store's own rows.

use super::import::{ImportedExtension, ImportedNumber, ImportedUser, NewCustomer};
use super::rows::{self, NumberSource};
use super::sql::{Tx, args};
use super::{Store, StoreError};
use crate::domain::model::{CustomerId, UserId};

/// A seeding transaction: every row is written into it, [`SeedTx::commit`] keeps all of them,
/// and an error or drop keeps none. Unlike an import, a key that exists already is an error
/// ([`StoreError::Constraint`]): seeding fills a new database.
///
/// Speed (issue 12: a million customers in under a minute): the customer full-text index is
/// filled once at the end ('rebuild') instead of row by row through its trigger, which is
/// dropped for the transaction and created again from its own stored SQL before the commit.
/// Both happen inside the transaction, so an error or a crash leaves the triggers and the
/// index exactly as they were; after the commit, normal writes keep the index up to date.
///
/// On PostgreSQL the search index is a GIN index the server keeps up to date row by row;
/// there is nothing to defer.
pub struct SeedTx<'a> {
    tx: Tx<'a>,
    /// What the SQLite seeding changed for its duration; `None` on PostgreSQL.
    sqlite: Option<SqliteSeeding>,
}

/// What a SQLite seeding changes for its duration and gives back at its end.
struct SqliteSeeding {
    /// The `CREATE TRIGGER` statements dropped for the seeding, as the schema stored them.
    triggers: Vec<String>,
    /// The connection's page cache setting before the seeding.
    cache: i64,
}

/// The tables seeding writes, locked against other writers for its duration.
const SEEDED_TABLES: &[&str] = &["customers", "users", "extensions", "numbers", "sims"];

/// The per-row trigger that fills the customer full-text index; the seeding fills it at once.
const DEFERRED_TRIGGERS: &[&str] = &["customers_fts_insert"];

/// The page cache while seeding, in KiB (SQLite's negative `cache_size`): the B-trees of a
/// million customers stay in memory instead of spilling to the WAL mid-transaction.
const SEED_CACHE_KIB: i64 = 262_144;

impl Store {
    /// Starts seeding: one IMMEDIATE transaction, taking the write lock up front rather than
    /// failing half-way on a busy file. The connection's page cache is enlarged until
    /// [`SeedTx::commit`] (or the drop) gives it back.
    pub fn begin_seed(&mut self) -> Result<SeedTx<'_>, StoreError> {
        let tx = Tx::begin(self.db(), SEEDED_TABLES)?;
        let Some(conn) = self.sqlite() else { return Ok(SeedTx { tx, sqlite: None }) };
        let cache: i64 = conn.pragma_query_value(None, "cache_size", |row| row.get(0))?;
        conn.pragma_update(None, "cache_size", -SEED_CACHE_KIB)?;
        let mut triggers = Vec::with_capacity(DEFERRED_TRIGGERS.len());
        for name in DEFERRED_TRIGGERS {
            let sql: String =
                tx.db().value("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1", args![name])?;
            tx.db().batch(&format!("DROP TRIGGER {name}"))?;
            triggers.push(sql);
        }
        Ok(SeedTx { tx, sqlite: Some(SqliteSeeding { triggers, cache }) })
    }
}

/// The id of a row just written; a key that was there already refuses the seeding.
fn written(id: Option<i64>) -> Result<i64, StoreError> {
    id.ok_or(StoreError::Constraint)
}

impl SeedTx<'_> {
    /// A customer; its id.
    pub fn customer(&self, c: &NewCustomer) -> Result<CustomerId, StoreError> {
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

    /// Fills the customer full-text index from the rows, puts its trigger back, gives the
    /// page cache back and keeps everything written.
    pub fn commit(self) -> Result<(), StoreError> {
        if let Some(seeding) = &self.sqlite {
            let db = self.tx.db();
            db.batch("INSERT INTO customers_fts (customers_fts) VALUES ('rebuild')")?;
            for sql in &seeding.triggers {
                db.batch(sql)?;
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
        store
            .sqlite()
            .unwrap()
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'customers_fts_insert'",
                [],
                |r| r.get(0),
            )
            .unwrap()
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
