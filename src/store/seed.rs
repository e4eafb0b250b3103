//! Bulk loading in one transaction (the demo's data), through the same inserts as imports
//! and placing ([`super::rows`]). The store knows nothing of the demo: the demo hands it the
//! store's own rows.

use super::actions::{ActionFailure, ActionRequest};
use super::import::{ImportedExtension, ImportedNumber, NewCustomer};
use super::place::{PlaceError, bulk};
use super::rows::{self, CustomerKeys, Insert, NumberSource};
use super::sql::{Db, Param, SqlError, Tx, Value, args};
use super::{Store, StoreError};
use crate::domain::order::{NewUser, OrderRequest, PlacedOrder};
use chrono::NaiveDateTime;

/// A seeding transaction: every row is written into it, [`SeedTx::commit`] keeps all of them,
/// and an error or drop keeps none. Unlike an import, a key that exists already is an error
/// ([`StoreError::Constraint`]): seeding fills a new database.
///
/// Speed (issue 12: a million customers and a hundred thousand orders in under a minute):
/// - a full-text index the seeding writes to (customers, orders) is filled once at the end
///   ('rebuild') instead of row by row through its triggers, which are dropped the first
///   time a row for that index is written and created again from their own stored SQL
///   before the commit. Both happen inside the transaction, so an error or a crash leaves
///   the triggers and the indexes exactly as they were; after the commit, normal writes keep
///   the indexes up to date.
/// - on SQLite, customers and SIMs go in [`ROWS_PER_STATEMENT`] rows per statement, their
///   ids given here (the next after the largest: the transaction holds the write lock, so
///   nobody else takes one), instead of one statement per row;
/// - on SQLite, the indexes of random keys of a table still empty ([`LATE_INDEXES`]) are
///   dropped and created again before the commit, in the transaction;
/// - on SQLite, for the seeding's duration: a larger page cache, temporary files (the
///   statement journals) in memory, and a rollback journal instead of the WAL when nobody
///   else has the file open (each page written once; a crash still leaves the file as it
///   was: the journal rolls it back at the next open).
///
/// On PostgreSQL the search indexes are GIN indexes the server keeps up to date row by row;
/// there is nothing to defer, and the rows go in one by one, their ids from the identity
/// columns.
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
    /// The connection's `temp_store` before the seeding.
    temp_store: i64,
    /// Whether the seeding moved the file from the WAL to a rollback journal, which writes
    /// each page once (into the file) instead of twice (into the WAL, and from there into
    /// the file); the same all or nothing. Only when nobody else had the file open.
    left_wal: bool,
    /// The next id of each table seeding writes, read at its first write.
    next: Option<NextIds>,
    /// The `CREATE INDEX` statements of the indexes dropped for the seeding
    /// ([`LATE_INDEXES`]), run again before its commit.
    dropped: Vec<String>,
}

/// Indexes whose keys come in random order (a name, a SIM's last four digits), each with its
/// table: a seeding into the empty table drops them at its first write and creates them
/// again, inside the transaction, before its commit. One sort of a million keys costs less
/// than a million inserts at random places of a B-tree.
const LATE_INDEXES: [(&str, &str); 2] = [("customers", "customers_by_name_key"), ("sims", "sims_by_last4")];

/// The next id of each table seeding writes on SQLite.
struct NextIds {
    customers: i64,
    users: i64,
    extensions: i64,
    numbers: i64,
    sims: i64,
}

/// A customer with its PBX as seeding writes it: the store's own rows, the customer's search
/// keys computed when it is made (on whichever thread makes it: the demo makes them beside
/// the one that writes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedCustomer {
    customer: NewCustomer,
    keys: CustomerKeys,
    users: Vec<NewUser>,
    /// Each user's words ([`rows::user_words`]), computed with the keys.
    user_words: Vec<String>,
    extensions: Vec<SeedExtension>,
    /// Free numbers of the customer's pool, in E.164.
    numbers: Vec<String>,
}

/// An existing extension of a seeded customer's PBX, usually a user's.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct SeedExtension {
    pub number: String,
    pub name: String,
    /// Index into the customer's users, if the extension belongs to one.
    pub user: Option<usize>,
}

impl SeedCustomer {
    /// The customer with its users, extensions and free numbers; its search keys computed here.
    pub fn new(
        customer: NewCustomer,
        users: Vec<NewUser>,
        extensions: Vec<SeedExtension>,
        numbers: Vec<String>,
    ) -> Self {
        let keys = rows::customer_keys(&customer);
        let user_words = users.iter().map(rows::user_words).collect();
        SeedCustomer { customer, keys, users, user_words, extensions, numbers }
    }
}

/// How many rows one INSERT of a SQLite seeding writes: each statement's fixed costs (its
/// cursors, its statement journal) are paid once for these.
const ROWS_PER_STATEMENT: usize = 64;

/// The full-text indexes seeding fills at once, each with the per-row triggers that write
/// it otherwise (seeding inserts customers, inserts orders and updates their search keys).
const DEFERRABLE: [(&str, &[&str]); 2] =
    [(CUSTOMERS_FTS, &["customers_fts_insert"]), (ORDERS_FTS, &["orders_fts_insert", "orders_fts_update"])];
/// The customers' full-text index.
const CUSTOMERS_FTS: &str = "customers_fts";
/// The orders' trigram index.
const ORDERS_FTS: &str = "orders_fts";

/// The page cache while seeding, in KiB (SQLite's negative `cache_size`): most of the
/// B-trees of a million customers (1.6 GB in all) stay in memory instead of being written
/// out and read back mid-transaction (256 MiB: 0.8 GB more written, 3 s more system CPU).
const SEED_CACHE_KIB: i64 = 1_048_576;

impl Store {
    /// Starts seeding: one IMMEDIATE transaction, taking the write lock up front rather than
    /// failing half-way on a busy file. On SQLite, the connection's page cache is enlarged
    /// and its temporary files kept in memory until the seeding ends (commit or drop).
    pub fn begin_seed(&mut self) -> Result<SeedTx<'_>, StoreError> {
        let settings = match self.sqlite() {
            Some(conn) => {
                let cache: i64 = conn.pragma_query_value(None, "cache_size", |row| row.get(0))?;
                let temp_store: i64 = conn.pragma_query_value(None, "temp_store", |row| row.get(0))?;
                // Before BEGIN: SQLite refuses to move its temporary storage inside a
                // transaction.
                conn.pragma_update(None, "cache_size", -SEED_CACHE_KIB)?;
                conn.pragma_update(None, "temp_store", "MEMORY")?;
                Some((cache, temp_store))
            }
            None => None,
        };
        let settings = match settings {
            Some((cache, temp_store)) => Some((cache, temp_store, self.leave_wal()?)),
            None => None,
        };
        let sqlite = settings.map(|(cache, temp_store, left_wal)| SqliteSeeding {
            deferred: Vec::new(),
            cache,
            temp_store,
            left_wal,
            next: None,
            dropped: Vec::new(),
        });
        // Every table, locked against other writers for the seeding's duration.
        match Tx::begin(self.db(), &super::schema::TABLES) {
            Ok(tx) => Ok(SeedTx { tx, sqlite }),
            Err(e) => {
                if let Some(seeding) = &sqlite {
                    seeding.give_back(self.db());
                }
                Err(e.into())
            }
        }
    }
}

impl Store {
    /// Moves the SQLite file from the WAL to a rollback journal, unless another connection
    /// has it open (asked without waiting for it); whether it did.
    fn leave_wal(&mut self) -> Result<bool, StoreError> {
        self.set_wait(super::Wait::Quiet(std::time::Duration::ZERO))?;
        let left = self.sqlite().is_some_and(|conn| {
            super::check::journal_mode(conn).is_ok_and(|mode| mode == "wal")
                && conn
                    .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
                    .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"))
        });
        self.set_wait(super::Wait::Usual)?;
        Ok(left)
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

    /// Customers with their users, extensions and numbers.
    pub fn customers(&mut self, batch: &[SeedCustomer]) -> Result<(), StoreError> {
        self.defer(CUSTOMERS_FTS)?;
        let db = self.tx.db();
        match self.sqlite.as_mut() {
            Some(seeding) => {
                if seeding.next_ids(db)?.customers == 1 {
                    seeding.drop_late_indexes(db, "customers")?;
                }
                many_customers(db, seeding.next_ids(db)?, batch)
            }
            None => batch.iter().try_for_each(|c| one_customer(db, c)),
        }
    }

    /// Free SIMs in stock.
    pub fn sims(&mut self, iccids: &[String]) -> Result<(), StoreError> {
        let db = self.tx.db();
        match self.sqlite.as_mut() {
            Some(seeding) => {
                if seeding.next_ids(db)?.sims == 1 {
                    seeding.drop_late_indexes(db, "sims")?;
                }
                let next = seeding.next_ids(db)?;
                let mut sims = Many::new(&rows::SIMS);
                for iccid in iccids {
                    sims.push(&mut next.sims, &rows::sim_values(iccid));
                }
                sims.write(db)
            }
            None => iccids.iter().try_for_each(|iccid| written(rows::sim(db, iccid)?).map(drop)),
        }
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

    /// Creates the dropped indexes again, fills the deferred full-text indexes from their
    /// rows, puts their triggers back, gives the page cache back and keeps everything written.
    pub fn commit(mut self) -> Result<(), StoreError> {
        if let Some(seeding) = &self.sqlite {
            let db = self.tx.db();
            for sql in &seeding.dropped {
                db.batch(sql)?;
            }
            for (index, triggers) in &seeding.deferred {
                db.batch(&format!("INSERT INTO {index} ({index}) VALUES ('rebuild')"))?;
                for sql in triggers {
                    db.batch(sql)?;
                }
            }
        }
        // The drop gives the settings back, after the transaction.
        Ok(self.tx.finish(true)?)
    }
}

impl Drop for SeedTx<'_> {
    fn drop(&mut self) {
        if let Some(seeding) = self.sqlite.take() {
            // Rolled back first, unless committed: SQLite moves its temporary storage only
            // outside a transaction. Nothing to do about a failed rollback: the connection
            // is gone, and with it the transaction.
            let _ = self.tx.finish(false);
            seeding.give_back(self.tx.db());
        }
    }
}

impl SqliteSeeding {
    /// Sets the connection's page cache and temporary storage back as they were. Shrinking the
    /// cache drops clean pages only. A failure leaves a setting that costs memory, nothing
    /// else: ignored.
    fn give_back(&self, db: &dyn Db) {
        let _ = db.batch(&format!("PRAGMA cache_size = {}; PRAGMA temp_store = {}", self.cache, self.temp_store));
        if self.left_wal {
            // Should another program have opened the file meanwhile and this fail, the next
            // open of the file goes back to the WAL (`Store::open`).
            let _ = db.batch("PRAGMA journal_mode = WAL");
        }
    }

    /// Drops `table`'s [`LATE_INDEXES`] (the table is empty: nothing written to it yet),
    /// keeping their SQL for the commit.
    fn drop_late_indexes(&mut self, db: &dyn Db, table: &str) -> Result<(), SqlError> {
        for (_, index) in LATE_INDEXES.iter().filter(|(t, _)| *t == table) {
            let sql: Option<String> =
                db.opt("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1", args![index], |r| r.get(0))?;
            // An index this schema does not have (yet) is nothing to drop.
            if let Some(sql) = sql.filter(|sql| !self.dropped.contains(sql)) {
                db.batch(&format!("DROP INDEX {index}"))?;
                self.dropped.push(sql);
            }
        }
        Ok(())
    }

    /// The next id of each table, read the first time.
    fn next_ids(&mut self, db: &dyn Db) -> Result<&mut NextIds, SqlError> {
        let next = match self.next.take() {
            Some(next) => next,
            None => {
                let next = |table: &str| -> Result<i64, SqlError> {
                    Ok(db.value::<i64>(&format!("SELECT COALESCE(MAX(id), 0) FROM {table}"), args![])? + 1)
                };
                NextIds {
                    customers: next("customers")?,
                    users: next("users")?,
                    extensions: next("extensions")?,
                    numbers: next("numbers")?,
                    sims: next("sims")?,
                }
            }
        };
        Ok(self.next.insert(next))
    }
}

/// One customer with its PBX, row by row, the ids from the engine (PostgreSQL).
fn one_customer(db: &dyn Db, c: &SeedCustomer) -> Result<(), StoreError> {
    let id = written(rows::customer_with_keys(db, &c.customer, &c.keys)?)?;
    let mut users = Vec::with_capacity(c.users.len());
    for u in &c.users {
        users.push(written(rows::user(db, id, u)?)?);
    }
    for e in &c.extensions {
        let user = e.user.and_then(|i| users.get(i).copied());
        let row = ImportedExtension { customer_id: id, number: e.number.clone(), name: e.name.clone() };
        written(rows::extension(db, &row, user, None)?)?;
    }
    for e164 in &c.numbers {
        let row = ImportedNumber { customer_id: id, e164: e164.clone() };
        written(rows::number(db, &row, NumberSource::Pool, None)?)?;
    }
    Ok(())
}

/// Customers with their PBX, [`ROWS_PER_STATEMENT`] rows per statement, with the ids given
/// here (SQLite): all customers of `batch` first, then their users, extensions and numbers,
/// each row after the one it refers to.
fn many_customers(db: &dyn Db, next: &mut NextIds, batch: &[SeedCustomer]) -> Result<(), StoreError> {
    let mut customers = Many::new(&rows::CUSTOMERS);
    let mut users = Many::new(&rows::USERS);
    let mut extensions = Many::new(&rows::EXTENSIONS);
    let mut numbers = Many::new(&rows::NUMBERS);
    for c in batch {
        let id = customers.push(&mut next.customers, &rows::customer_values(&c.customer, &c.keys));
        let first_user = next.users;
        for (u, words) in c.users.iter().zip(&c.user_words) {
            users.push(&mut next.users, &rows::user_values(id, u, words));
        }
        for e in &c.extensions {
            // An index past the customer's users is no user's, as row by row.
            let user = e.user.filter(|&i| i < c.users.len()).map(|i| first_user + i as i64);
            extensions.push(&mut next.extensions, &rows::extension_values(id, &e.number, &e.name, user, None));
        }
        for e164 in &c.numbers {
            numbers.push(&mut next.numbers, &rows::number_values(id, e164, NumberSource::Pool, None));
        }
    }
    customers.write(db)?;
    users.write(db)?;
    extensions.write(db)?;
    numbers.write(db)
}

/// Rows of one table, gathered to be written [`ROWS_PER_STATEMENT`] to a statement, each
/// with its id first.
struct Many<'a> {
    insert: &'static Insert,
    values: Vec<Value<'a>>,
}

impl<'a> Many<'a> {
    fn new(insert: &'static Insert) -> Self {
        Many { insert, values: Vec::new() }
    }

    /// Adds a row with the id `next`, which moves on by one; the row's id.
    fn push(&mut self, next: &mut i64, values: &[Value<'a>]) -> i64 {
        let id = *next;
        *next += 1;
        self.values.push(Value::Int(id));
        self.values.extend_from_slice(values);
        id
    }

    /// Writes the rows; a row the table refused (a key it has already) refuses the seeding.
    fn write(self, db: &dyn Db) -> Result<(), StoreError> {
        let width = self.insert.width();
        let full = self.insert.many(ROWS_PER_STATEMENT);
        let one = self.insert.many(1);
        for chunk in self.values.chunks(ROWS_PER_STATEMENT * width) {
            // A last, shorter chunk goes row by row: one statement of each length would
            // crowd the statement cache.
            let (sql, rows) = if chunk.len() == ROWS_PER_STATEMENT * width {
                (&full, vec![chunk])
            } else {
                (&one, chunk.chunks(width).collect())
            };
            for values in rows {
                let refs: Vec<&dyn Param> = values.iter().map(|v| v as &dyn Param).collect();
                if db.exec(sql, &refs)? != values.len() / width {
                    return Err(StoreError::Constraint);
                }
            }
        }
        Ok(())
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

    /// Every row of `table`, each as text, in id order.
    fn table_rows(store: &Store, table: &str) -> Vec<String> {
        let conn = store.sqlite().unwrap();
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY id")).unwrap();
        let width = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..width).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))
            })
            .unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    }

    /// The tables seeding writes.
    const SEEDED: [&str; 5] = ["customers", "users", "extensions", "numbers", "sims"];

    /// The schema's indexes and triggers, with their SQL.
    fn schema(store: &Store) -> Vec<(String, String, Option<String>)> {
        let conn = store.sqlite().unwrap();
        let mut stmt = conn
            .prepare("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name")
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn many_rows_per_statement_write_what_row_by_row_writes() {
        // More customers than one statement holds, and a remainder written row by row.
        let data = demo::generate(demo::DEMO_SEED, 2 * ROWS_PER_STATEMENT + 7);
        let rows: Vec<SeedCustomer> = data
            .customers
            .iter()
            .map(|c| {
                let customer = NewCustomer {
                    number: c.number.clone(),
                    name: c.name.clone(),
                    city: c.city.clone(),
                    dial_plan_len: c.dial_plan_len,
                    area_code: c.area_code.clone(),
                };
                SeedCustomer::new(customer, c.users.clone(), c.extensions.clone(), c.numbers.clone())
            })
            .collect();
        let dir = tempfile::tempdir().unwrap();
        // Row by row, as on PostgreSQL: the engine's ids, the index kept by its triggers.
        let one = Store::open(&dir.path().join("one.db")).unwrap();
        let tx = Tx::begin(one.db(), &[]).unwrap();
        for c in &rows {
            one_customer(tx.db(), c).unwrap();
        }
        for iccid in &data.sims {
            rows::sim(tx.db(), iccid).unwrap().unwrap();
        }
        tx.commit().unwrap();
        // Many rows per statement, the ids given by the seeding.
        let mut many = Store::open(&dir.path().join("many.db")).unwrap();
        let before = schema(&many);
        let mut seed = many.begin_seed().unwrap();
        seed.customers(&rows[..ROWS_PER_STATEMENT + 3]).unwrap();
        seed.customers(&rows[ROWS_PER_STATEMENT + 3..]).unwrap();
        seed.sims(&data.sims).unwrap();
        seed.commit().unwrap();
        for table in SEEDED {
            assert_eq!(table_rows(&many, table), table_rows(&one, table), "{table}");
        }
        assert!(
            table_rows(&many, "extensions").iter().any(|e| !e.contains("|Null|Null")),
            "some extensions are users'"
        );
        integrity_check(&many, "customers_fts");
        // The same indexes and triggers as before the seeding.
        assert_eq!(schema(&many), before);
        let report = crate::store::check_database(&crate::store::DbTarget::Sqlite(dir.path().join("many.db"))).unwrap();
        assert!(report.damage.is_empty() && report.dangling.is_empty() && report.broken.is_empty(), "{report:?}");
    }

    /// Every row of the tables seeding writes, in id order.
    fn seeded_rows(store: &Store) -> Vec<Vec<String>> {
        SEEDED.iter().map(|table| table_rows(store, table)).collect()
    }

    #[test]
    fn generating_while_writing_writes_what_the_generated_list_writes() {
        let dir = tempfile::tempdir().unwrap();
        // More customers than one batch of demo::seed_generated, and a last batch not full.
        let customers = 2_345;
        let mut listed = Store::open(&dir.path().join("listed.db")).unwrap();
        demo::seed(&mut listed, &demo::generate(7, customers)).unwrap();
        let mut streamed = Store::open(&dir.path().join("streamed.db")).unwrap();
        demo::seed_generated(&mut streamed, 7, customers).unwrap();
        let rows = seeded_rows(&listed);
        assert_eq!(rows[0].len(), customers);
        assert!(rows[1].len() > 2 * customers, "users: {}", rows[1].len());
        assert_eq!(seeded_rows(&streamed), rows);
        // Found through the customers' index as well.
        let found = streamed.search_customers("müller", None, 50).unwrap().rows;
        assert!(!found.is_empty());
        assert_eq!(found, listed.search_customers("müller", None, 50).unwrap().rows);
        // Refused as a whole when a key exists: the generator stops, and nothing more is kept.
        let again = demo::seed_generated(&mut streamed, 7, customers);
        assert!(matches!(again, Err(StoreError::Constraint)), "{again:?}");
        assert_eq!(seeded_rows(&streamed), rows);
    }

    /// The connection's `cache_size`, `temp_store` and `journal_mode`.
    fn settings(store: &Store) -> (i64, i64, String) {
        let conn = store.sqlite().unwrap();
        let get = |name: &str| -> i64 { conn.pragma_query_value(None, name, |r| r.get(0)).unwrap() };
        let journal = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        (get("cache_size"), get("temp_store"), journal)
    }

    #[test]
    fn a_seeding_beside_another_connection_is_seen_by_it_and_leaves_the_file_in_the_wal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orders.db");
        let mut store = Store::open(&path).unwrap();
        let other = Store::open(&path).unwrap();
        assert_eq!(other.counts().unwrap().customers, 0);
        demo::seed(&mut store, &demo::generate(7, 3)).unwrap();
        assert_eq!(other.counts().unwrap().customers, 3);
        assert_eq!(other.search_customers("", None, 10).unwrap().rows.len(), 3);
        for s in [&store, &other] {
            let mode: String = s.sqlite().unwrap().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
            assert_eq!(mode, "wal");
        }
        // And a seeding with the other connection in the middle of a read.
        let conn = other.sqlite().unwrap();
        conn.execute_batch("BEGIN; SELECT count(*) FROM customers;").unwrap();
        let more = demo::generate(8, 2_000).customers.split_off(1_000);
        let data = demo::DemoData { customers: more, sims: Vec::new() };
        demo::seed(&mut store, &data).unwrap();
        conn.execute_batch("COMMIT").unwrap();
        assert_eq!(other.counts().unwrap().customers, 1_003);
        integrity_check(&other, "customers_fts");
    }

    #[test]
    fn a_key_taken_in_a_full_statement_refuses_the_seeding_and_keeps_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("orders.db")).unwrap();
        let before = settings(&store);
        assert_eq!(before.2, "wal");
        let first = demo::generate(7, 3);
        demo::seed(&mut store, &first).unwrap();
        assert_eq!(settings(&store), before);
        let rows = seeded_rows(&store);
        // A second demo whose first customer number is the first demo's: the first statement
        // of many customers skips it, and the seeding is refused as a whole.
        let again = demo::generate(8, 2 * ROWS_PER_STATEMENT);
        assert_eq!(again.customers[0].number, first.customers[0].number);
        assert!(matches!(demo::seed(&mut store, &again), Err(StoreError::Constraint)));
        assert_eq!(seeded_rows(&store), rows);
        assert_eq!(insert_triggers(&store), 1);
        integrity_check(&store, "customers_fts");
        // The connection's settings are back, after the refusal as after the commit.
        assert_eq!(settings(&store), before);
    }
}
