//! The rows the store inserts, each INSERT written once: imports, seeding and placing an
//! order write customers, users, extensions, numbers and SIMs through these.
//!
//! Each skips a row whose key exists (`ON CONFLICT DO NOTHING`: only a UNIQUE clash; a CHECK
//! or NOT NULL violation still fails) and answers with the new row's id, or `None` when it
//! skipped it. The caller says what a clash means: an import reports where the key was,
//! seeding refuses, placing names the resource that was taken.

use super::import::{ImportedExtension, ImportedNumber, ImportedUser, NewCustomer};
use super::sql::{Db, Param, SqlError, args};

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

/// Runs one INSERT … ON CONFLICT DO NOTHING; the new row's id, or `None` when it was skipped.
fn insert(db: &dyn Db, sql: &str, values: &[&dyn Param]) -> Result<Option<i64>, SqlError> {
    db.insert(sql, values)
}

/// A customer, unless its number is known.
pub(super) fn customer(db: &dyn Db, c: &NewCustomer) -> Result<Option<i64>, SqlError> {
    // The search keys (issue 12) are written with the row, so the index is right in the
    // same transaction whoever inserts it.
    let (name_key, words) = super::search::customer_keys(&c.name, &c.number, &c.city);
    insert(
        db,
        "INSERT INTO customers (number, name, city, dial_plan_len, area_code, name_key, words)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
        args![c.number, c.name, c.city, c.dial_plan_len, c.area_code, name_key, words],
    )
}

/// A user, unless the customer has the user name already (case ignored: the column is
/// `COLLATE NOCASE`).
pub(super) fn user(db: &dyn Db, u: &ImportedUser) -> Result<Option<i64>, SqlError> {
    insert(
        db,
        "INSERT INTO users (customer_id, username, first_name, prefix, last_name, email, language)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
        args![u.customer_id, u.username, u.first_name, u.prefix, u.last_name, u.email, u.language],
    )
}

/// An extension of the customer's PBX, a user's (`user_id`) and the mobile line's of an order
/// (`order_id`) when they are given; unless the customer has the extension already.
pub(super) fn extension(
    db: &dyn Db,
    e: &ImportedExtension,
    user_id: Option<i64>,
    order_id: Option<i64>,
) -> Result<Option<i64>, SqlError> {
    insert(
        db,
        "INSERT INTO extensions (customer_id, number, name, user_id, order_id) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT DO NOTHING",
        args![e.customer_id, e.number, e.name, user_id, order_id],
    )
}

/// A number of the customer's, free in the pool or ported in with `order_id`; unless the
/// number (E.164) is known.
pub(super) fn number(
    db: &dyn Db,
    n: &ImportedNumber,
    source: NumberSource,
    order_id: Option<i64>,
) -> Result<Option<i64>, SqlError> {
    insert(
        db,
        "INSERT INTO numbers (customer_id, e164, source, order_id) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
        args![n.customer_id, n.e164, source.as_str(), order_id],
    )
}

/// A free SIM in stock, unless its ICCID is known.
pub(super) fn sim(db: &dyn Db, iccid: &str) -> Result<Option<i64>, SqlError> {
    // `get`: a short or non-ASCII ICCID is left to the CHECK constraint rather than panicking.
    let last4 = iccid.get(iccid.len().saturating_sub(4)..).unwrap_or_default();
    insert(
        db,
        "INSERT INTO sims (iccid, last4, state) VALUES (?1, ?2, 'free') ON CONFLICT DO NOTHING",
        args![iccid, last4],
    )
}
