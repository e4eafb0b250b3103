//! The database schema as versioned migrations, tracked with `PRAGMA user_version`.
//!
//! A migration is plain SQL that would also run on PostgreSQL where that costs nothing:
//! `INTEGER` ids, `TEXT` dates (ISO 8601), booleans as `INTEGER` 0/1 with a `CHECK`.
//! Released migrations are never edited; a change is a new entry at the end.

use super::StoreError;
use rusqlite::{Connection, Transaction, TransactionBehavior};

/// Every table of the schema (on both engines), in the order the foreign keys allow: what
/// `db copy` copies and what a whole-database lock takes. `users` refers to
/// `orders` (the mobile line) and `orders` to `users`: the users go in without their mobile
/// line, which is set once the orders are there.
pub const TABLES: [&str; 10] = [
    "customers",
    "users",
    "orders",
    "extensions",
    "numbers",
    "sims",
    "order_addons",
    "order_states",
    "invoice_items",
    "drafts",
];

/// Version 1: customers and their PBX, the SIM stock, orders with their history and invoice
/// items. The `UNIQUE` and `CHECK` constraints make double allocation impossible whatever
/// the code above does: a SIM or a number on two orders, two equal extensions or user names
/// in one customer, two mobile lines for one user.
const V1: &str = "
CREATE TABLE customers (
    id            INTEGER PRIMARY KEY,
    number        TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    city          TEXT NOT NULL,
    dial_plan_len INTEGER NOT NULL CHECK (dial_plan_len BETWEEN 2 AND 5),
    area_code     TEXT NOT NULL
);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    username        TEXT NOT NULL COLLATE NOCASE,
    first_name      TEXT NOT NULL,
    prefix          TEXT NOT NULL DEFAULT '',
    last_name       TEXT NOT NULL,
    email           TEXT NOT NULL,
    language        TEXT NOT NULL,
    mobile_order_id INTEGER UNIQUE REFERENCES orders (id),
    UNIQUE (customer_id, username)
);

CREATE TABLE orders (
    id              INTEGER PRIMARY KEY,
    order_no        TEXT NOT NULL UNIQUE,
    created_at      TEXT NOT NULL,
    operator        TEXT NOT NULL,
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    portfolio       TEXT NOT NULL,
    reference       TEXT NOT NULL DEFAULT '',
    start_date      TEXT NOT NULL,
    term            TEXT NOT NULL,
    term_months     INTEGER NOT NULL CHECK (term_months > 0),
    voice           TEXT NOT NULL,
    data            TEXT NOT NULL,
    sms             TEXT NOT NULL,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    sim_option      TEXT NOT NULL,
    iccid           TEXT,
    number_type     TEXT NOT NULL,
    e164            TEXT NOT NULL,
    donor           TEXT,
    port_date       TEXT,
    extension       TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    area_code       TEXT NOT NULL,
    pin_hash        TEXT NOT NULL CHECK (pin_hash <> ''),
    pin_must_change INTEGER NOT NULL CHECK (pin_must_change IN (0, 1)),
    auto_invoice    INTEGER NOT NULL CHECK (auto_invoice IN (0, 1)),
    state           TEXT NOT NULL CHECK (state IN ('pending', 'active', 'cancelled')),
    waits_for_sim   INTEGER NOT NULL CHECK (waits_for_sim IN (0, 1)),
    waits_for_port  INTEGER NOT NULL CHECK (waits_for_port IN (0, 1))
);
CREATE INDEX orders_by_customer ON orders (customer_id);

CREATE TABLE extensions (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    number      TEXT NOT NULL,
    name        TEXT NOT NULL,
    user_id     INTEGER REFERENCES users (id),
    order_id    INTEGER UNIQUE REFERENCES orders (id),
    UNIQUE (customer_id, number)
);

CREATE TABLE numbers (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    e164        TEXT NOT NULL UNIQUE,
    source      TEXT NOT NULL CHECK (source IN ('pool', 'port')),
    order_id    INTEGER UNIQUE REFERENCES orders (id)
);
CREATE INDEX numbers_by_customer ON numbers (customer_id, order_id);

-- last4 is kept beside the ICCID (and checked against it) so that the wizard's
-- four-digit search uses an index on any engine.
CREATE TABLE sims (
    id       INTEGER PRIMARY KEY,
    iccid    TEXT NOT NULL UNIQUE,
    last4    TEXT NOT NULL CHECK (last4 = substr(iccid, length(iccid) - 3)),
    state    TEXT NOT NULL CHECK (state IN ('free', 'assigned')),
    order_id INTEGER UNIQUE REFERENCES orders (id),
    CHECK ((state = 'assigned') = (order_id IS NOT NULL))
);
CREATE INDEX sims_by_last4 ON sims (last4, state);

CREATE TABLE order_addons (
    order_id INTEGER NOT NULL REFERENCES orders (id),
    addon    TEXT NOT NULL,
    PRIMARY KEY (order_id, addon)
);

CREATE TABLE order_states (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER NOT NULL REFERENCES orders (id),
    at         TEXT NOT NULL,
    operator   TEXT NOT NULL,
    from_state TEXT CHECK (from_state IN ('pending', 'active', 'cancelled')),
    to_state   TEXT NOT NULL CHECK (to_state IN ('pending', 'active', 'cancelled')),
    reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX order_states_by_order ON order_states (order_id);

CREATE TABLE invoice_items (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    customer_id  INTEGER NOT NULL REFERENCES customers (id),
    product      TEXT NOT NULL,
    text         TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    charge       TEXT NOT NULL CHECK (charge IN ('one_time', 'monthly')),
    start_date   TEXT NOT NULL,
    term_months  INTEGER NOT NULL
);
CREATE INDEX invoice_items_by_order ON invoice_items (order_id);
CREATE INDEX invoice_items_by_customer ON invoice_items (customer_id);
";

/// Version 2: drafts, the half-entered orders of each operator. No foreign key on the
/// customer: a draft must never stand in the way of anything, and one for a customer that
/// is gone is simply listed without a name. The PIN is never stored, only whether one was
/// entered.
const V2_DRAFTS: &str = "
CREATE TABLE drafts (
    id          INTEGER PRIMARY KEY,
    operator    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    customer_id INTEGER,
    step        TEXT NOT NULL,
    focus       TEXT,
    answers     TEXT NOT NULL,
    pin_entered INTEGER NOT NULL CHECK (pin_entered IN (0, 1))
);
CREATE INDEX drafts_by_operator ON drafts (operator, updated_at);
";

/// Version 3: cancelling ends the billing, and the overview's search has a column.
/// - `invoice_items.end_date`: the last day an item is billed; NULL while it runs. Items of
///   orders cancelled before this version end on the day of their cancellation.
/// - `orders.search`: the normalised text the overview's `/` search matches (order number,
///   customer, user, reference, phone number in national and international digits, ICCID,
///   extension; see `domain::search`). Written with the order and by every action; NULL
///   until the program fills it, which it does for older orders when it opens the file.
const V3_CANCEL_AND_SEARCH: &str = "
ALTER TABLE invoice_items ADD COLUMN end_date TEXT;
UPDATE invoice_items SET end_date = (
    SELECT substr(max(s.at), 1, 10) FROM order_states s
     WHERE s.order_id = invoice_items.order_id AND s.to_state = 'cancelled')
 WHERE charge = 'monthly'
   AND order_id IN (SELECT id FROM orders WHERE state = 'cancelled');
ALTER TABLE orders ADD COLUMN search TEXT;
CREATE INDEX orders_unsearched ON orders (id) WHERE search IS NULL;
";

/// Version 4: an order for an existing user attaches its mobile line to the extension he
/// already has instead of creating a second one. `attached` marks such an extension, so
/// that cancelling the order gives the extension back to the user instead of deleting it.
const V4_ATTACHED_EXTENSIONS: &str = "
ALTER TABLE extensions ADD COLUMN attached INTEGER NOT NULL DEFAULT 0 CHECK (attached IN (0, 1));
";

/// Version 5: the long lists are searched in the engine through indexes it keeps up to date
/// (issue 12; `store::search`, `domain::lookup`).
/// - `customers.name_key` (the folded name, B-tree): the customers whose name begins with the
///   first word typed, in name order, a screenful at a time.
/// - `customers.words` (the folded words of name, number and city) and `customers_fts`, an
///   FTS5 index over them with prefix indexes for 1 to 8 letters: word prefixes in any order
///   (a longer prefix merges the lists of every word it begins, few by then).
///   Both columns are written in Rust with the customer (seeding, imports), since the folding
///   lives in `domain::search`; a row without them (written by another tool, or before this
///   version) gets them when the program opens the file, and a changed name drops them.
/// - `orders_fts`, a trigram index over `orders.search`: the overview's text filter finds
///   any part of a word of three letters or more without reading every order.
/// - `extensions_by_user`: a user's own free extension (the users list, placing an order)
///   was found through the `order_id` index, whose NULLs are every free extension: all of
///   them read per user, seconds per customer at a million customers.
///
/// Triggers keep the full-text indexes right in the transaction that writes the row.
const V5_SEARCH_INDEXES: &str = "
CREATE INDEX extensions_by_user ON extensions (user_id, order_id);
ALTER TABLE customers ADD COLUMN name_key TEXT;
ALTER TABLE customers ADD COLUMN words TEXT;
CREATE INDEX customers_by_name_key ON customers (name_key, id);
CREATE INDEX customers_unkeyed ON customers (id) WHERE words IS NULL;
CREATE VIRTUAL TABLE customers_fts USING fts5 (
    words, content = 'customers', content_rowid = 'id', prefix = '1 2 3 4 5 6 7 8',
    tokenize = 'unicode61 remove_diacritics 0', detail = none
);
-- Every existing customer gets its (empty) entry: FTS5 takes a later 'delete' of a row it
-- never saw for damage.
INSERT INTO customers_fts (customers_fts) VALUES ('rebuild');
CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_fts (rowid, words) VALUES (new.id, new.words);
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, words) VALUES ('delete', old.id, old.words);
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE OF words ON customers BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, words) VALUES ('delete', old.id, old.words);
    INSERT INTO customers_fts (rowid, words) VALUES (new.id, new.words);
END;
CREATE TRIGGER customers_keys_stale AFTER UPDATE OF name, number, city ON customers
WHEN new.words IS old.words BEGIN
    UPDATE customers SET name_key = NULL, words = NULL WHERE id = new.id;
END;
CREATE VIRTUAL TABLE orders_fts USING fts5 (search, content = 'orders', content_rowid = 'id', tokenize = 'trigram');
CREATE TRIGGER orders_fts_insert AFTER INSERT ON orders BEGIN
    INSERT INTO orders_fts (rowid, search) VALUES (new.id, new.search);
END;
CREATE TRIGGER orders_fts_delete AFTER DELETE ON orders BEGIN
    INSERT INTO orders_fts (orders_fts, rowid, search) VALUES ('delete', old.id, old.search);
END;
CREATE TRIGGER orders_fts_update AFTER UPDATE OF search ON orders BEGIN
    INSERT INTO orders_fts (orders_fts, rowid, search) VALUES ('delete', old.id, old.search);
    INSERT INTO orders_fts (rowid, search) VALUES (new.id, new.search);
END;
INSERT INTO orders_fts (orders_fts) VALUES ('rebuild');
";

/// Version 6: the order's cost centre (`Field::CostCentre`, an order text: empty when
/// none was given, as for every order placed before).
const V6_COST_CENTRE: &str = "
ALTER TABLE orders ADD COLUMN cost_centre TEXT NOT NULL DEFAULT '';
";

/// Version 7: a customer's lists in the order they are shown, a screenful at a time
/// (issue 12, `Store::customer_context`): his users by name and his free numbers, read
/// from the start of the index and left once a screenful matches, instead of every row
/// sorted first (100 000 users: 42 ms for the first screenful before, none now).
/// The extensions are read through `UNIQUE (customer_id, number)` already.
/// `numbers_in_order` serves what `numbers_by_customer` (customer, order) served, a
/// customer's numbers, in their order too: the older index goes (77 MB at a million
/// customers). Not partial on the free ones: the query's `+order_id IS NULL` (see
/// `queries.rs`) keeps SQLite off the unique index of `order_id`, and a partial index
/// would need the plain term.
/// `users.words` are the folded words of first name, last name and user name
/// (`domain::lookup::user_words`), written with the user, so that a filter typed into the
/// users list is matched by the engine (`LIKE` on each word prefix) while it reads them in
/// order, not by the program row by row; a row without them gets them when the program
/// opens the database (`users_unkeyed` finds them). `users_by_name` holds the words too,
/// so the filter reads the index alone: 100 000 users of one customer, a filter that
/// matches none, 19 ms (62 ms with each row read from the table, 114 ms sorted first).
const V7_CUSTOMER_LISTS: &str = "
ALTER TABLE users ADD COLUMN words TEXT;
CREATE INDEX users_unkeyed ON users (id) WHERE words IS NULL;
CREATE INDEX users_by_name ON users (customer_id, last_name, first_name, username, id, words);
CREATE INDEX numbers_in_order ON numbers (customer_id, e164);
DROP INDEX numbers_by_customer;
";

/// The migrations in order; migration `i` brings the schema to version `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    V1,
    V2_DRAFTS,
    V3_CANCEL_AND_SEARCH,
    V4_ATTACHED_EXTENSIONS,
    V5_SEARCH_INDEXES,
    V6_COST_CENTRE,
    V7_CUSTOMER_LISTS,
];

/// The schema version this program writes.
pub fn known_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The schema version recorded in the database file (0 for a new file).
pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// Applies the missing migrations, each in its own transaction.
///
/// Each step re-reads the version under a write lock, so two programs opening the same new
/// file at once don't both apply a migration.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found = user_version(&tx)?;
        let next = pending_migration(found)?;
        let Some(sql) = next else {
            tx.commit()?;
            return Ok(());
        };
        apply(&tx, sql, found + 1)?;
        tx.commit()?;
    }
}

/// Refuses a schema version this program did not write: newer, or negative.
pub fn ensure_known(found: i64) -> Result<(), StoreError> {
    let known = known_version();
    if found > known {
        return Err(StoreError::TooNew { found, known });
    }
    if found < 0 {
        return Err(StoreError::UnknownVersion { found });
    }
    Ok(())
}

/// The migration that follows version `found`, or `None` when the schema is current.
fn pending_migration(found: i64) -> Result<Option<&'static str>, StoreError> {
    ensure_known(found)?;
    let index = usize::try_from(found).map_err(|_| StoreError::UnknownVersion { found })?;
    Ok(MIGRATIONS.get(index).copied())
}

/// Runs one migration and records its version, inside the caller's transaction.
fn apply(tx: &Transaction, sql: &str, version: i64) -> Result<(), StoreError> {
    tx.execute_batch(sql)?;
    tx.pragma_update(None, "user_version", version)?;
    Ok(())
}
