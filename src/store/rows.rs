//! The rows the store inserts, each INSERT written once: imports, seeding and placing an
//! order write customers, users, extensions, numbers and SIMs through these.
//!
//! Each skips a row whose key exists (`ON CONFLICT DO NOTHING`: only a UNIQUE clash; a CHECK
//! or NOT NULL violation still fails) and answers with the new row's id, or `None` when it
//! skipped it. The caller says what a clash means: an import reports where the key was,
//! seeding refuses, placing names the resource that was taken.
//!
//! A table's columns and the values bound to them are written once ([`Insert`] and the
//! `*_values` functions), for one row at a time and for seeding's many rows per statement.

use super::import::{ImportedExtension, ImportedNumber, NewCustomer};
use super::sql::{Db, Param, SqlError, Value};
use crate::domain::lookup;
use crate::domain::order::NewUser;
use std::sync::OnceLock;

/// Where a number in the `numbers` table comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NumberSource {
    /// A block from the carrier, for the customer's pool.
    Pool,
    /// Ported in with an order.
    Port,
}

impl NumberSource {
    fn as_str(self) -> &'static str {
        match self {
            NumberSource::Pool => "pool",
            NumberSource::Port => "port",
        }
    }
}

/// One table's `INSERT … ON CONFLICT DO NOTHING`: its columns, in the order their values are
/// bound.
pub(super) struct Insert {
    table: &'static str,
    columns: &'static [&'static str],
    /// The one-row statement, made once.
    one: OnceLock<String>,
}

impl Insert {
    const fn new(table: &'static str, columns: &'static [&'static str]) -> Insert {
        Insert { table, columns, one: OnceLock::new() }
    }

    /// The statement for one row, its id left to the engine.
    fn one(&self) -> &str {
        self.one.get_or_init(|| self.sql(1, false))
    }

    /// The statement for `rows` rows, each with its `id` bound first (seeding, which holds
    /// the write lock, gives the ids itself: one statement writes many rows).
    pub(super) fn many(&self, rows: usize) -> String {
        self.sql(rows, true)
    }

    /// The number of values bound per row, the id included.
    pub(super) fn width(&self) -> usize {
        self.columns.len() + 1
    }

    fn sql(&self, rows: usize, with_id: bool) -> String {
        let columns = if with_id { format!("id, {}", self.columns.join(", ")) } else { self.columns.join(", ") };
        let width = self.columns.len() + usize::from(with_id);
        let tuple = |row: usize| {
            let marks: Vec<String> = (1..=width).map(|i| format!("?{}", row * width + i)).collect();
            format!("({})", marks.join(", "))
        };
        let values: Vec<String> = (0..rows).map(tuple).collect();
        format!("INSERT INTO {} ({columns}) VALUES {} ON CONFLICT DO NOTHING", self.table, values.join(", "))
    }

    /// Runs the one-row statement; the new row's id, or `None` when it was skipped.
    fn run<const N: usize>(&self, db: &dyn Db, values: [Value<'_>; N]) -> Result<Option<i64>, SqlError> {
        db.insert(self.one(), &values.each_ref().map(|v| v as &dyn Param))
    }
}

/// The customers' insert; its values: [`customer_values`].
pub(super) static CUSTOMERS: Insert =
    Insert::new("customers", &["number", "name", "city", "dial_plan_len", "area_code", "name_key", "words"]);
/// The users' insert; its values: [`user_values`].
pub(super) static USERS: Insert = Insert::new(
    "users",
    &["customer_id", "username", "first_name", "prefix", "last_name", "email", "language", "words"],
);
/// The extensions' insert; its values: [`extension_values`].
pub(super) static EXTENSIONS: Insert =
    Insert::new("extensions", &["customer_id", "number", "name", "user_id", "order_id"]);
/// The numbers' insert; its values: [`number_values`].
pub(super) static NUMBERS: Insert = Insert::new("numbers", &["customer_id", "e164", "source", "order_id"]);
/// The SIMs' insert; its values: [`sim_values`].
pub(super) static SIMS: Insert = Insert::new("sims", &["iccid", "last4", "state"]);

/// A customer's search keys (issue 12), `name_key` and `words`, written with the row, so the
/// index is right in the same transaction whoever inserts it.
pub(super) type CustomerKeys = (String, String);

/// The keys of `c`, as every insert of a customer writes them.
pub(super) fn customer_keys(c: &NewCustomer) -> CustomerKeys {
    super::search::customer_keys(&c.name, &c.number, &c.city)
}

/// The values of [`CUSTOMERS`]' columns.
pub(super) fn customer_values<'a>(c: &'a NewCustomer, keys: &'a CustomerKeys) -> [Value<'a>; 7] {
    let (name_key, words) = keys;
    [
        c.number.value(),
        c.name.value(),
        c.city.value(),
        c.dial_plan_len.value(),
        c.area_code.value(),
        name_key.value(),
        words.value(),
    ]
}

/// What the users list finds `u` by ([`lookup::user_words`]), as every insert of a user
/// writes it.
pub(super) fn user_words(u: &NewUser) -> String {
    lookup::user_words(&u.first_name, &u.last_name, &u.username)
}

/// The values of [`USERS`]' columns: `u`, a user of `customer_id`, and his
/// [`user_words`].
pub(super) fn user_values<'a>(customer_id: i64, u: &'a NewUser, words: &'a str) -> [Value<'a>; 8] {
    [
        Value::Int(customer_id),
        u.username.value(),
        u.first_name.value(),
        u.prefix.value(),
        u.last_name.value(),
        u.email.value(),
        u.language.value(),
        Value::Text(words),
    ]
}

/// The values of [`EXTENSIONS`]' columns: `number` of `customer_id`'s PBX, called `name`.
pub(super) fn extension_values<'a>(
    customer_id: i64,
    number: &'a str,
    name: &'a str,
    user_id: Option<i64>,
    order_id: Option<i64>,
) -> [Value<'a>; 5] {
    [Value::Int(customer_id), Value::Text(number), Value::Text(name), id(user_id), id(order_id)]
}

/// An id, or NULL.
fn id(id: Option<i64>) -> Value<'static> {
    id.map_or(Value::Null, Value::Int)
}

/// The values of [`NUMBERS`]' columns: `e164` of `customer_id`'s.
pub(super) fn number_values(
    customer_id: i64,
    e164: &str,
    source: NumberSource,
    order_id: Option<i64>,
) -> [Value<'_>; 4] {
    [Value::Int(customer_id), Value::Text(e164), Value::Text(source.as_str()), id(order_id)]
}

/// The values of [`SIMS`]' columns: a free SIM in stock.
pub(super) fn sim_values(iccid: &str) -> [Value<'_>; 3] {
    // `get`: a short or non-ASCII ICCID is left to the CHECK constraint rather than panicking.
    let last4 = iccid.get(iccid.len().saturating_sub(4)..).unwrap_or_default();
    [Value::Text(iccid), Value::Text(last4), Value::Text("free")]
}

/// A customer, unless its number is known.
pub(super) fn customer(db: &dyn Db, c: &NewCustomer) -> Result<Option<i64>, SqlError> {
    customer_with_keys(db, c, &customer_keys(c))
}

/// A customer whose keys ([`customer_keys`]) were computed before, unless its number is known.
pub(super) fn customer_with_keys(db: &dyn Db, c: &NewCustomer, keys: &CustomerKeys) -> Result<Option<i64>, SqlError> {
    CUSTOMERS.run(db, customer_values(c, keys))
}

/// A user of `customer_id`, unless the customer has the user name already (case ignored: the
/// column is `COLLATE NOCASE`).
pub(super) fn user(db: &dyn Db, customer_id: i64, u: &NewUser) -> Result<Option<i64>, SqlError> {
    USERS.run(db, user_values(customer_id, u, &user_words(u)))
}

/// An extension of the customer's PBX, a user's (`user_id`) and the mobile line's of an order
/// (`order_id`) when they are given; unless the customer has the extension already.
pub(super) fn extension(
    db: &dyn Db,
    e: &ImportedExtension,
    user_id: Option<i64>,
    order_id: Option<i64>,
) -> Result<Option<i64>, SqlError> {
    EXTENSIONS.run(db, extension_values(e.customer_id, &e.number, &e.name, user_id, order_id))
}

/// A number of the customer's, free in the pool or ported in with `order_id`; unless the
/// number (E.164) is known.
pub(super) fn number(
    db: &dyn Db,
    n: &ImportedNumber,
    source: NumberSource,
    order_id: Option<i64>,
) -> Result<Option<i64>, SqlError> {
    NUMBERS.run(db, number_values(n.customer_id, &n.e164, source, order_id))
}

/// A free SIM in stock, unless its ICCID is known.
pub(super) fn sim(db: &dyn Db, iccid: &str) -> Result<Option<i64>, SqlError> {
    SIMS.run(db, sim_values(iccid))
}

/// Free SIMs in stock, in one statement, each unless its ICCID is known (a repeat within
/// `iccids` too): the id and ICCID of each row written, in no particular order. One
/// statement for many rows saves a round trip per row on PostgreSQL;
/// [`SIM_BATCH`](super::SIM_BATCH) at most.
pub(super) fn sims(db: &dyn Db, iccids: &[&str]) -> Result<Vec<(i64, String)>, SqlError> {
    if iccids.is_empty() {
        return Ok(Vec::new());
    }
    // `get`: a short or non-ASCII ICCID is left to the CHECK constraint rather than panicking.
    let last4: Vec<&str> = iccids.iter().map(|i| i.get(i.len().saturating_sub(4)..).unwrap_or_default()).collect();
    let values: Vec<String> = (0..iccids.len()).map(|i| format!("(?{}, ?{}, 'free')", 2 * i + 1, 2 * i + 2)).collect();
    let sql = format!(
        "INSERT INTO sims (iccid, last4, state) VALUES {} ON CONFLICT DO NOTHING RETURNING id, iccid",
        values.join(", ")
    );
    let args: Vec<&dyn Param> =
        iccids.iter().zip(&last4).flat_map(|(i, l)| [i as &dyn Param, l as &dyn Param]).collect();
    db.rows(&sql, &args, |r| Ok((r.get(0)?, r.get(1)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_and_many_rows_name_the_same_columns_with_numbered_values() {
        assert_eq!(
            NUMBERS.one(),
            "INSERT INTO numbers (customer_id, e164, source, order_id) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING"
        );
        assert_eq!(
            SIMS.many(2),
            "INSERT INTO sims (id, iccid, last4, state) VALUES (?1, ?2, ?3, ?4), (?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING"
        );
        assert_eq!(SIMS.width(), 4);
    }
}
