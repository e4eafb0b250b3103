//! Reading: customers, their users, extensions and free numbers, and the SIM stock.

use super::sql::{Db, Flow, Param, Row, SqlError, args};
use super::{Store, StoreError};
use crate::domain::lookup;
use crate::domain::model::{
    ContextQuery, Customer, CustomerContext, CustomerId, Extension, FreeNumber, LIST_MAX, LIST_PAGE, NumberId, Sim,
    User, UserId,
};
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

/// A user with whether he has a mobile line and his own extension ([`own_extension`]'s rule:
/// the engine works it out for the rows it hands over, not for every row a filter reads),
/// read by [`user_from_row`].
const USER_COLUMNS: &str = "SELECT id, username, first_name, last_name, mobile_order_id IS NOT NULL,
    (SELECT e.number FROM extensions e WHERE e.user_id = users.id AND e.order_id IS NULL
     ORDER BY length(e.number), e.number LIMIT 1)
    FROM users";

/// The user's own extension without a mobile line (row id, number), as the wizard offers
/// it and placing attaches the mobile line to it: the lowest one if he has several.
pub(super) fn own_extension(db: &dyn Db, user: UserId) -> Result<Option<(i64, String)>, SqlError> {
    db.opt(
        "SELECT id, number FROM extensions WHERE user_id = ?1 AND order_id IS NULL
         ORDER BY length(number), number LIMIT 1",
        args![user],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}
/// How many typed word prefixes the engine matches (the rest, rarely typed, the domain's
/// rule checks on the rows it hands over): one statement per count, few to prepare.
const MATCHED_PREFIXES: usize = 4;

/// The order *Benutzer auswählen* lists users in.
const USER_ORDER: &str = "ORDER BY last_name, first_name, username, id";

/// The least digit string after every one that begins with `digits` ("45" → "46",
/// "49" → "5"), an upper bound of their range; past all of them for none or only 9s.
/// Digits only, so the range holds in any collation that orders digits as numbers.
fn digits_after(digits: &str) -> String {
    let mut bound = digits.trim_end_matches('9').to_string();
    match bound.pop() {
        Some(last) => {
            bound.push(char::from(last as u8 + 1));
            bound
        }
        // Every digit string is below a letter.
        None => "a".to_string(),
    }
}

/// A `users` row selected with [`USER_COLUMNS`].
fn user_from_row(r: &dyn Row) -> Result<User, SqlError> {
    Ok(User {
        id: r.get(0)?,
        username: r.get(1)?,
        first_name: r.get(2)?,
        last_name: r.get(3)?,
        has_mobile: r.get(4)?,
        extension: r.get(5)?,
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

    /// What the wizard asked about a customer ([`ContextQuery`]): a screenful or a few of
    /// each list, and the rows the rules need for the answers typed or chosen. Bounded by
    /// the query's limits whatever the customer's size: the lists are read in their order
    /// and left once a screenful matches ([`Db::scan`](super::sql::Db::scan)).
    pub fn customer_context(&self, q: &ContextQuery) -> Result<CustomerContext, StoreError> {
        let (users, more_users) = self.users_of(q)?;
        let (extensions, more_extensions) = self.extensions_of(q)?;
        let has_extensions = !extensions.is_empty()
            || self
                .db()
                .value::<bool>("SELECT EXISTS (SELECT 1 FROM extensions WHERE customer_id = ?1)", args![q.customer])?;
        let (free_numbers, more_numbers) = self.free_numbers_of(q)?;
        Ok(CustomerContext {
            customer: self.customer(q.customer)?,
            users,
            more_users,
            extensions,
            more_extensions,
            has_extensions,
            free_numbers,
            more_numbers,
            chosen_user: q.user.map(|id| self.user_of(q.customer, id)).transpose()?.flatten(),
            chosen_number: q.number.map(|id| self.free_number_of(q.customer, id)).transpose()?.flatten(),
            taken_usernames: self.usernames_like(q.customer, &q.username)?,
        })
    }

    /// The users without a mobile line that match the users' query, by name: the first
    /// `limit`, and whether more match. The engine matches each word prefix against the
    /// stored words while it reads the users in name order (`users_by_name`), and stops at
    /// the screenful; the domain's rule judges the rows it hands over once more.
    fn users_of(&self, q: &ContextQuery) -> Result<(Vec<User>, bool), StoreError> {
        let prefixes = lookup::prefixes(&q.users.text);
        // Letters and digits only (`lookup::prefixes`): nothing in them is a LIKE wildcard.
        let patterns: Vec<String> = prefixes.iter().take(MATCHED_PREFIXES).map(|p| format!("% {p}%")).collect();
        let matched: String = (0..patterns.len()).map(|i| format!(" AND ' ' || words LIKE ?{}", i + 3)).collect();
        // `+`: no index for the NULL test (SQLite would take the unique one on
        // mobile_order_id, every free user's, and sort them), `users_by_name` instead.
        let sql = format!(
            "{USER_COLUMNS} WHERE customer_id = ?1 AND +mobile_order_id IS NULL{matched} {USER_ORDER} LIMIT ?2"
        );
        // Every prefix matched by the engine: it stops at the screenful itself. Otherwise
        // the scan stops there, once the rule has judged the rest.
        let all_matched = prefixes.len() <= MATCHED_PREFIXES;
        let wanted = q.users.limit.min(LIST_MAX);
        let limit = if all_matched { wanted + 1 } else { usize::MAX };
        let mut params: Vec<&dyn Param> = vec![&q.customer, &limit];
        params.extend(patterns.iter().map(|p| p as &dyn Param));
        let mut out = Vec::new();
        self.db().scan(&sql, &params, &mut |r| {
            let user = user_from_row(r)?;
            if lookup::user_matches(&user, &prefixes) {
                out.push(user);
            }
            Ok(if out.len() > wanted { Flow::Done } else { Flow::More })
        })?;
        let more = out.len() > wanted;
        out.truncate(wanted);
        Ok((out, more))
    }

    /// One user of the customer, whether or not he has a mobile line by now.
    fn user_of(&self, customer: CustomerId, id: UserId) -> Result<Option<User>, StoreError> {
        let sql = format!("{USER_COLUMNS} WHERE customer_id = ?1 AND id = ?2");
        Ok(self.db().opt(&sql, args![customer, id], user_from_row)?)
    }

    /// The customer's user names equal to `username`, case ignored (at most one, by the
    /// schema's unique key); none for an empty name.
    fn usernames_like(&self, customer: CustomerId, username: &str) -> Result<Vec<String>, StoreError> {
        if username.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self.db().rows(
            "SELECT username FROM users WHERE customer_id = ?1 AND nocase(username) = nocase(?2)",
            args![customer, username],
            |r| r.get(0),
        )?)
    }

    /// The extensions beginning with the typed digits (every one, when none are typed) in
    /// numeric order, the first `LIST_PAGE`, and whether more begin with them; then every
    /// extension the typed one clashes with (equal, or one a prefix of the other), which
    /// the rule ([`crate::domain::rules::extension::check`]) judges. Both are ranges and
    /// point lookups in `UNIQUE (customer_id, number)`, whatever the customer's size.
    fn extensions_of(&self, q: &ContextQuery) -> Result<(Vec<Extension>, bool), StoreError> {
        let typed = q.extension.trim();
        // Not digits: the rule refuses it before any clash; the panel lists from the start.
        let digits = if typed.bytes().all(|b| b.is_ascii_digit()) { typed } else { "" };
        let from_row = |r: &dyn Row| Ok(Extension { number: r.get(0)?, name: r.get(1)? });
        let mut out = self.db().rows(
            "SELECT number, name FROM extensions WHERE customer_id = ?1 AND number >= ?2 AND number < ?3
             ORDER BY number LIMIT ?4",
            args![q.customer, digits, digits_after(digits), LIST_PAGE + 1],
            from_row,
        )?;
        let more = out.len() > LIST_PAGE;
        out.truncate(LIST_PAGE);
        if !digits.is_empty() {
            // The clashes: those it begins are listed above (a screenful; any one of them is
            // enough for the rule), those that begin it are looked up, one per length.
            let starts: Vec<&str> = (1..=digits.len()).map(|n| &digits[..n]).collect();
            for start in starts {
                let found = self.db().opt(
                    "SELECT number, name FROM extensions WHERE customer_id = ?1 AND number = ?2",
                    args![q.customer, start],
                    from_row,
                )?;
                out.extend(found.filter(|e| !out.contains(e)));
            }
        }
        // Numeric order: a shorter number first (a dial plan changed once leaves both).
        out.sort_by(|a, b| (a.number.len(), &a.number).cmp(&(b.number.len(), &b.number)));
        Ok((out, more))
    }

    /// The free pool numbers matching the numbers' query, in order: the first `limit`, and
    /// whether more match.
    fn free_numbers_of(&self, q: &ContextQuery) -> Result<(Vec<FreeNumber>, bool), StoreError> {
        // The engine matches the digits (as dialled abroad, or at home: a 0 for the +49)
        // while it reads the numbers in order, and stops at the screenful; the domain's
        // rule judges the rows it hands over once more.
        let wanted = q.numbers.limit.min(LIST_MAX);
        let digits = lookup::number_digits(&q.numbers.text);
        let pattern = format!("%{digits}%");
        let mut out = Vec::new();
        self.db().scan(
            "SELECT id, e164 FROM numbers
             WHERE customer_id = ?1 AND source = 'pool' AND +order_id IS NULL
             AND (e164 LIKE ?3 OR '0' || substr(e164, 4) LIKE ?3) ORDER BY e164 LIMIT ?2",
            args![q.customer, wanted + 1, pattern],
            &mut |r| {
                let number = FreeNumber { id: r.get(0)?, e164: r.get(1)? };
                if lookup::number_matches(&number.e164, &q.numbers.text) {
                    out.push(number);
                }
                Ok(if out.len() > wanted { Flow::Done } else { Flow::More })
            },
        )?;
        let more = out.len() > wanted;
        out.truncate(wanted);
        Ok((out, more))
    }

    /// One pool number of the customer, if no order holds it.
    fn free_number_of(&self, customer: CustomerId, id: NumberId) -> Result<Option<FreeNumber>, StoreError> {
        Ok(self.db().opt(
            "SELECT id, e164 FROM numbers
             WHERE id = ?1 AND customer_id = ?2 AND source = 'pool' AND order_id IS NULL",
            args![id, customer],
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

#[cfg(test)]
mod tests {
    use super::digits_after;

    #[test]
    fn the_bound_after_the_digits_beginning_so() {
        assert_eq!(digits_after("45"), "46");
        assert_eq!(digits_after("49"), "5");
        assert_eq!(digits_after("4599"), "46");
        assert_eq!(digits_after("0"), "1");
        // None or only nines: past every digit string.
        assert_eq!(digits_after(""), "a");
        assert_eq!(digits_after("999"), "a");
        for (digits, inside, outside) in [("45", "45999", "46"), ("49", "49", "5"), ("", "99999", "a")] {
            assert!(inside.as_bytes() < digits_after(digits).as_bytes() && inside.starts_with(digits));
            assert!(outside.as_bytes() >= digits_after(digits).as_bytes());
        }
    }
}
