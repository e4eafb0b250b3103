//! Reading: customers, their users, extensions and free numbers, and the SIM stock.

use super::sql::{Row, SqlError, args};
use super::{Store, StoreError};
use crate::domain::model::{Customer, CustomerContext, CustomerId, Extension, FreeNumber, Sim, User};
use crate::domain::rules::iccid::{self, SimQuery};

/// How many rows the main tables hold; for the demo's status line and for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Counts {
    pub customers: i64,
    pub users: i64,
    pub orders: i64,
    pub free_sims: i64,
    pub free_numbers: i64,
    pub invoice_items: i64,
}

const CUSTOMER_COLUMNS: &str = "SELECT id, number, name, city, dial_plan_len, area_code FROM customers";

/// A `customers` row selected with [`CUSTOMER_COLUMNS`].
pub(super) fn customer_from_row(row: &dyn Row) -> Result<Customer, SqlError> {
    Ok(Customer {
        id: row.get(0)?,
        number: row.get(1)?,
        name: row.get(2)?,
        city: row.get(3)?,
        dial_plan_len: row.get(4)?,
        area_code: row.get(5)?,
    })
}

/// A `sims` row selected as `id, iccid`.
fn sim_from_row(row: &dyn Row) -> Result<Sim, SqlError> {
    Ok(Sim { id: row.get(0)?, iccid: row.get(1)? })
}

/// Orders names the way a German reader looks for them (Ä with A, ß as ss), ignoring case;
/// SQLite's built-in ordering would put "Ärztehaus" after "Zoo". Compares without building
/// keys: at 100 000 customers, keys would cost 10 MB at start.
fn german_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars().flat_map(char::to_lowercase).flat_map(|c| {
            let (first, second) = match c {
                'ä' => ('a', None),
                'ö' => ('o', None),
                'ü' => ('u', None),
                'ß' => ('s', Some('s')),
                other => (other, None),
            };
            std::iter::once(first).chain(second)
        })
    }
    folded(a).cmp(folded(b))
}

impl Store {
    /// All customers, sorted by name (then number).
    pub fn customers(&self) -> Result<Vec<Customer>, StoreError> {
        let mut list = self.db().rows(CUSTOMER_COLUMNS, args![], customer_from_row)?;
        list.sort_unstable_by(|a, b| german_cmp(&a.name, &b.name).then_with(|| a.number.cmp(&b.number)));
        Ok(list)
    }

    /// The customer with this id.
    pub fn customer(&self, id: CustomerId) -> Result<Option<Customer>, StoreError> {
        let sql = format!("{CUSTOMER_COLUMNS} WHERE id = ?1");
        Ok(self.db().opt(&sql, args![id], customer_from_row)?)
    }

    /// The customer with this customer number (`K-100123`; case and spaces around ignored).
    pub fn customer_by_number(&self, number: &str) -> Result<Option<Customer>, StoreError> {
        let sql = format!("{CUSTOMER_COLUMNS} WHERE number = ?1");
        Ok(self.db().opt(&sql, args![number.trim().to_uppercase()], customer_from_row)?)
    }

    /// The customer's users, extensions (by number) and free pool numbers.
    pub fn customer_context(&self, id: CustomerId) -> Result<CustomerContext, StoreError> {
        Ok(CustomerContext {
            customer: self.customer(id)?,
            users: self.users_of(id)?,
            extensions: self.extensions_of(id)?,
            free_numbers: self.free_numbers_of(id)?,
        })
    }

    /// The customer's users by name, with whether each already has a mobile line.
    fn users_of(&self, id: CustomerId) -> Result<Vec<User>, StoreError> {
        Ok(self.db().rows(
            "SELECT id, username, first_name, last_name, mobile_order_id IS NOT NULL,
                (SELECT e.number FROM extensions e WHERE e.user_id = users.id AND e.order_id IS NULL
                 ORDER BY length(e.number), e.number LIMIT 1)
             FROM users WHERE customer_id = ?1 ORDER BY last_name, first_name, username",
            args![id],
            |r| {
                Ok(User {
                    id: r.get(0)?,
                    username: r.get(1)?,
                    first_name: r.get(2)?,
                    last_name: r.get(3)?,
                    has_mobile: r.get(4)?,
                    extension: r.get(5)?,
                })
            },
        )?)
    }

    /// The customer's extensions, in numeric order (shorter numbers first).
    fn extensions_of(&self, id: CustomerId) -> Result<Vec<Extension>, StoreError> {
        Ok(self.db().rows(
            "SELECT number, name FROM extensions WHERE customer_id = ?1 ORDER BY length(number), number",
            args![id],
            |r| Ok(Extension { number: r.get(0)?, name: r.get(1)? }),
        )?)
    }

    /// The customer's pool numbers that no order holds.
    fn free_numbers_of(&self, id: CustomerId) -> Result<Vec<FreeNumber>, StoreError> {
        Ok(self.db().rows(
            "SELECT id, e164 FROM numbers
             WHERE customer_id = ?1 AND source = 'pool' AND order_id IS NULL ORDER BY e164",
            args![id],
            |r| Ok(FreeNumber { id: r.get(0)?, e164: r.get(1)? }),
        )?)
    }

    /// The one SIM lookup: the free SIMs a query means, by ICCID, at most
    /// [`iccid::MAX_LISTED`] of them. Whether the operator typed the last four digits or a
    /// full ICCID was decided in the domain ([`iccid::parse_query`]); this only carries it
    /// out.
    pub fn free_sims(&self, query: &SimQuery) -> Result<Vec<Sim>, StoreError> {
        match query {
            SimQuery::LastFour(digits) => self.free_sims_ending_with(digits),
            SimQuery::Full(iccid) => Ok(self.free_sim_by_iccid(iccid)?.into_iter().collect()),
        }
    }

    /// The first [`iccid::MAX_LISTED`] free SIMs whose ICCID ends with `digits` (normally the
    /// last four), by ICCID. Empty `digits` match nothing rather than the whole stock, and
    /// so do non-digits.
    fn free_sims_ending_with(&self, digits: &str) -> Result<Vec<Sim>, StoreError> {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Vec::new());
        }
        let limit = iccid::MAX_LISTED;
        let rows = if digits.len() >= 4 {
            // Narrow by the indexed last four, then compare the full suffix.
            let last4 = &digits[digits.len() - 4..];
            self.db().rows(
                "SELECT id, iccid FROM sims WHERE last4 = ?1 AND state = 'free'
                 AND substr(iccid, length(iccid) - ?2 + 1) = ?3 ORDER BY iccid LIMIT ?4",
                args![last4, digits.len(), digits, limit],
                sim_from_row,
            )?
        } else {
            self.db().rows(
                "SELECT id, iccid FROM sims WHERE state = 'free'
                 AND substr(iccid, length(iccid) - ?1 + 1) = ?2 ORDER BY iccid LIMIT ?3",
                args![digits.len(), digits, limit],
                sim_from_row,
            )?
        };
        Ok(rows)
    }

    /// Up to `limit` free SIMs, newest in stock first (for the demo's orders).
    pub fn newest_free_sims(&self, limit: usize) -> Result<Vec<Sim>, StoreError> {
        Ok(self.db().rows(
            "SELECT id, iccid FROM sims WHERE state = 'free' ORDER BY id DESC LIMIT ?1",
            args![limit],
            sim_from_row,
        )?)
    }

    /// The free SIM with exactly this ICCID (as a barcode scanner types it).
    fn free_sim_by_iccid(&self, iccid: &str) -> Result<Option<Sim>, StoreError> {
        Ok(self.db().opt(
            "SELECT id, iccid FROM sims WHERE iccid = ?1 AND state = 'free'",
            args![iccid],
            sim_from_row,
        )?)
    }

    /// Row counts of the main tables.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        Ok(self.db().one(
            "SELECT (SELECT COUNT(*) FROM customers), (SELECT COUNT(*) FROM users),
                    (SELECT COUNT(*) FROM orders), (SELECT COUNT(*) FROM sims WHERE state = 'free'),
                    (SELECT COUNT(*) FROM numbers WHERE source = 'pool' AND order_id IS NULL),
                    (SELECT COUNT(*) FROM invoice_items)",
            args![],
            |r| {
                Ok(Counts {
                    customers: r.get(0)?,
                    users: r.get(1)?,
                    orders: r.get(2)?,
                    free_sims: r.get(3)?,
                    free_numbers: r.get(4)?,
                    invoice_items: r.get(5)?,
                })
            },
        )?)
    }
}
