//! The long lists searched in the engine, a screenful at a time (issue 12): customers by
//! word prefix through `customers_fts` (FTS5) and the `name_key` B-tree, the overview's
//! text filter through `orders_fts` (trigram) with keyset paging. The rules (what matches,
//! which rows come first) are `domain::lookup`'s and `domain::search`'s; here is only how
//! SQLite's indexes serve them.
//!
//! Why these indexes (measured at 1 000 000 customers, see the commit and benches/search.rs):
//! FTS5 walks its lists in id order and stops after a screenful; with prefix indexes of 1
//! to 8 letters no typed prefix has to merge the lists of the many words it begins ("gmbh"*
//! 37 ms with prefixes up to 3, 0.04 ms up to 8). A table of (word, id) in a B-tree must
//! gather and intersect every id of a common prefix (170 ms for "muller b"). Trigrams
//! (141 MB against 83) match inside words, which the customer list does not want, and
//! cannot serve one- or two-letter queries; for the overview's substrings ("5678" of an
//! ICCID) they are right, with a scan for shorter terms ([`order_text`]).

use super::orders::{ROW_COLUMNS, filter, row_from};
use super::queries::customer_from_row;
use super::sql::{Arg, Db, Dialect, Row, SqlError, args, refs};
use super::{Store, StoreError};
use crate::domain::lookup::{self, CustomerCursor, CustomerPage, OrderSeek};
use crate::domain::model::Customer;
use crate::domain::orders::{OrderQuery, OrderRow};
use crate::domain::search;

/// The customer's columns as [`customer_from_row`] reads them, and the name key after them.
const CUSTOMER_SELECT: &str = "SELECT c.id, c.number, c.name, c.city, c.dial_plan_len, c.area_code, c.name_key";

/// Beyond every character: `key < prefix || LAST` holds for every key that starts with
/// `prefix` (SQLite compares text byte by byte, and U+10FFFF is the largest UTF-8 sequence).
const LAST: char = '\u{10FFFF}';

/// A customer's `name_key` and `words`, as every insert of a customer writes them.
pub(super) fn customer_keys(name: &str, number: &str, city: &str) -> (String, String) {
    (lookup::name_key(name), lookup::customer_words(name, number, city))
}

/// Rows read and written at a time while filling missing keys: a table from before the keys
/// is never held whole (4 000 000 users at a million customers).
const FILL_BATCH: usize = 10_000;

/// Gives the rows of `table` that lack `words` what `write` makes of the three text columns
/// `texts` names, in one transaction, a batch at a time. A partial index on the missing
/// ones finds them, so with nothing to do this is one read.
fn fill_missing(
    store: &Store,
    table: &str,
    texts: &str,
    write: impl Fn(&dyn Db, i64, &str, &str, &str) -> Result<usize, SqlError>,
) -> Result<usize, StoreError> {
    let missing: bool =
        store.db().value(&format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE words IS NULL)"), args![])?;
    if !missing {
        return Ok(0);
    }
    let select = format!("SELECT id, {texts} FROM {table} WHERE words IS NULL ORDER BY id LIMIT ?1");
    store.write(|db| {
        let mut filled = 0;
        loop {
            let rows: Vec<(i64, String, String, String)> =
                db.rows(&select, args![FILL_BATCH], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            for (id, a, b, c) in &rows {
                write(db, *id, a, b, c)?;
            }
            filled += rows.len();
            // A batch's rows have their words now: the next read starts after them.
            if rows.len() < FILL_BATCH {
                return Ok(filled);
            }
        }
    })
}

/// Writes the keys of customers that have none (written by another tool, renamed, or from
/// before version 5).
pub(super) fn fill_missing_customer_keys(store: &Store) -> Result<usize, StoreError> {
    fill_missing(store, "customers", "name, number, city", |db, id, name, number, city| {
        let (name_key, words) = customer_keys(name, number, city);
        db.exec("UPDATE customers SET name_key = ?2, words = ?3 WHERE id = ?1", args![id, name_key, words])
    })
}

/// Writes the words of users that have none (written by another tool, or before version 7).
pub(super) fn fill_missing_user_words(store: &Store) -> Result<usize, StoreError> {
    fill_missing(store, "users", "first_name, last_name, username", |db, id, first, last, username| {
        db.exec("UPDATE users SET words = ?2 WHERE id = ?1", args![id, lookup::user_words(first, last, username)])
    })
}

/// A customer and where it stands, from a row of [`CUSTOMER_SELECT`].
fn ranked(row: &dyn Row, best: bool) -> Result<(Customer, CustomerCursor), SqlError> {
    let customer = customer_from_row(row)?;
    let cursor = CustomerCursor { best, name_key: row.get::<Option<String>>(6)?.unwrap_or_default(), id: customer.id };
    Ok((customer, cursor))
}

/// The FTS5 query for word prefixes: every one must begin a word. The prefixes hold only
/// letters and digits (`lookup::prefixes`), so quoting them is safe.
fn fts_prefixes(prefixes: &[String]) -> String {
    prefixes.iter().map(|p| format!("\"{p}\"*")).collect::<Vec<_>>().join(" AND ")
}

/// The same for PostgreSQL's `to_tsquery('simple', …)`: `mul:* & bau:*`. Letters and
/// digits only, as above, so nothing in them is an operator.
fn tsquery_prefixes(prefixes: &[String]) -> String {
    prefixes.iter().map(|p| format!("{p}:*")).collect::<Vec<_>>().join(" & ")
}

impl Store {
    /// Up to `limit` customers matching `query` (`domain::lookup`: word prefixes of name,
    /// number and city in any order, umlauts and case folded), starting after `after` (the
    /// `next` of the page before) or at the first. Best first: the customers whose name
    /// begins with the first word typed, by name, then the other matches by id. An empty
    /// query lists every customer by name.
    pub fn search_customers(
        &self,
        query: &str,
        after: Option<&CustomerCursor>,
        limit: usize,
    ) -> Result<CustomerPage, StoreError> {
        let prefixes = lookup::prefixes(query);
        let first = prefixes.first().cloned().unwrap_or_default();
        let end = format!("{first}{LAST}");
        let mut found: Vec<(Customer, CustomerCursor)> = Vec::new();
        if after.is_none_or(|c| c.best) {
            found = self.best_customers(&first, &end, &prefixes[prefixes.len().min(1)..], after, limit)?;
        }
        if found.len() < limit && !prefixes.is_empty() {
            let after_id = after.filter(|c| !c.best).map_or(0, |c| c.id);
            let more = self.other_customers(&prefixes, &first, &end, after_id, limit - found.len())?;
            found.extend(more);
        }
        let next = if found.len() == limit { found.last().map(|(_, c)| c.clone()) } else { None };
        Ok(CustomerPage { rows: found.into_iter().map(|(c, _)| c).collect(), next })
    }

    /// The customers whose name key starts with `first` and whose words match `rest`, by
    /// name key and id, after `after`: an ordered walk of the `name_key` index that stops
    /// after `limit` rows.
    fn best_customers(
        &self,
        first: &str,
        end: &str,
        rest: &[String],
        after: Option<&CustomerCursor>,
        limit: usize,
    ) -> Result<Vec<(Customer, CustomerCursor)>, StoreError> {
        let mut values = vec![
            Arg::Text(first.to_string()),
            Arg::Text(end.to_string()),
            // With no cursor, (first, MIN): the same rows as no bound at all, and the bound
            // PostgreSQL starts its index scan from (with '' it walked every smaller key).
            Arg::Text(after.map_or_else(|| first.to_string(), |c| c.name_key.clone())),
            Arg::Int(after.map_or(i64::MIN, |c| c.id)),
        ];
        let mut sql = format!(
            "{CUSTOMER_SELECT} FROM customers c
              WHERE c.name_key >= ?1 AND c.name_key < ?2 AND (c.name_key, c.id) > (?3, ?4)"
        );
        for word in rest {
            values.push(Arg::Text(format!(" {word}")));
            sql.push_str(&format!(" AND instr(' ' || c.words, ?{}) > 0", values.len()));
        }
        values.push(Arg::Int(i64::try_from(limit).unwrap_or(i64::MAX)));
        sql.push_str(&format!(" ORDER BY c.name_key, c.id LIMIT ?{}", values.len()));
        Ok(self.db().rows(&sql, &refs(&values), |r| ranked(r, true))?)
    }

    /// The other matches (name not beginning with `first`), by id after `after_id`: FTS5
    /// yields its matches in id order, so this too stops after `limit` rows.
    fn other_customers(
        &self,
        prefixes: &[String],
        first: &str,
        end: &str,
        after_id: i64,
        limit: usize,
    ) -> Result<Vec<(Customer, CustomerCursor)>, StoreError> {
        let (sql, query) = match self.db().dialect() {
            Dialect::Sqlite => (
                format!(
                    "{CUSTOMER_SELECT} FROM customers_fts CROSS JOIN customers c ON c.id = customers_fts.rowid
                      WHERE customers_fts MATCH ?1 AND customers_fts.rowid > ?2
                        AND NOT (c.name_key >= ?3 AND c.name_key < ?4)
                      ORDER BY customers_fts.rowid LIMIT ?5"
                ),
                fts_prefixes(prefixes),
            ),
            // The GIN index finds the matches, which are then sorted by id: unlike FTS5's
            // lists it does not yield them in id order.
            Dialect::Postgres => (
                format!(
                    "{CUSTOMER_SELECT} FROM customers c
                      WHERE to_tsvector('simple', c.words) @@ to_tsquery('simple', ?1) AND c.id > ?2
                        AND NOT (c.name_key >= ?3 AND c.name_key < ?4)
                      ORDER BY c.id LIMIT ?5"
                ),
                tsquery_prefixes(prefixes),
            ),
        };
        Ok(self.db().rows(&sql, args![query, after_id, first, end, limit], |r| ranked(r, false))?)
    }

    /// Up to `limit` rows of the overview from `seek`, in the list's order (newest first
    /// unless `q.oldest_first`). Keyset paging: the rows are found from an id, never counted
    /// off from the start, so the last page costs what the first does. The text filter goes
    /// through the trigram index where it can ([`order_text`]).
    pub fn orders_seek(&self, q: &OrderQuery, seek: OrderSeek, limit: usize) -> Result<Vec<OrderRow>, StoreError> {
        let (mut clause, mut values, fts) = order_filter(q, self.db().dialect());
        // Going backwards (Before, Last) reads the list in the other direction and turns the
        // page round afterwards.
        let backwards = matches!(seek, OrderSeek::Before(_) | OrderSeek::Last);
        let descending = q.oldest_first == backwards;
        let id = if fts { "orders_fts.rowid" } else { "o.id" };
        if let OrderSeek::After(from) | OrderSeek::Before(from) = seek {
            values.push(Arg::Int(from));
            let cmp = if descending { "<" } else { ">" };
            clause.push(format!("{id} {cmp} ?{}", values.len()));
        }
        values.push(Arg::Int(i64::try_from(limit).unwrap_or(i64::MAX)));
        let direction = if descending { "DESC" } else { "ASC" };
        let sql =
            format!("{}{} ORDER BY {id} {direction} LIMIT ?{}", order_source(fts), where_clause(&clause), values.len());
        let mut rows = self.db().rows(&sql, &refs(&values), row_from)?;
        if backwards {
            rows.reverse();
        }
        Ok(rows)
    }

    /// How many orders match `q`: for the overview's "n Bestellungen", asked apart from the
    /// page so that the page never waits for the count.
    pub fn count_orders(&self, q: &OrderQuery) -> Result<usize, StoreError> {
        let (clause, values, fts) = order_filter(q, self.db().dialect());
        let from = if fts { "FROM orders_fts CROSS JOIN orders o ON o.id = orders_fts.rowid" } else { "FROM orders o" };
        let sql = format!("SELECT count(*) {from}{}", where_clause(&clause));
        Ok(self.db().value(&sql, &refs(&values))?)
    }
}

/// The overview's rows, read from the trigram index first when the text filter uses it (so
/// that SQLite walks the index's matches in id order instead of probing it per order).
fn order_source(fts: bool) -> String {
    if fts {
        ROW_COLUMNS.replacen("FROM orders o", "FROM orders_fts CROSS JOIN orders o ON o.id = orders_fts.rowid", 1)
    } else {
        ROW_COLUMNS.to_string()
    }
}

fn where_clause(clauses: &[String]) -> String {
    if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) }
}

/// The conditions of a query (state and customer from `orders::filter`, the text from
/// [`order_text`] or [`order_text_like`]), their values, and whether SQLite's trigram
/// table takes part.
fn order_filter(q: &OrderQuery, dialect: Dialect) -> (Vec<String>, Vec<Arg>, bool) {
    let (base, mut values) = filter(&OrderQuery { text: String::new(), ..q.clone() });
    let mut clauses: Vec<String> = base.strip_prefix(" WHERE ").map(|c| vec![format!("({c})")]).unwrap_or_default();
    let fts = match dialect {
        Dialect::Sqlite => order_text(&q.text, &mut clauses, &mut values),
        Dialect::Postgres => {
            order_text_like(&q.text, &mut clauses, &mut values);
            false
        }
    };
    (clauses, values, fts)
}

/// The text filter on PostgreSQL, with the same meaning as [`order_text`]: every term in
/// one of its spellings as a substring of `orders.search`, written as `LIKE '%…%'`, which
/// the trigram index (`pg_trgm`, schema version 5) serves for three letters or more and a
/// scan otherwise.
fn order_text_like(text: &str, clauses: &mut Vec<String>, values: &mut Vec<Arg>) {
    for term in search::terms(text) {
        let mut any = Vec::new();
        for spelling in term.spellings {
            let escaped = spelling.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            values.push(Arg::Text(format!("%{escaped}%")));
            any.push(format!("o.search LIKE ?{}", values.len()));
        }
        clauses.push(format!("({})", any.join(" OR ")));
    }
}

/// The text filter, with the same meaning as `orders::text_clause` (every term of
/// `search::terms` in one of its spellings somewhere in `orders.search`): terms whose
/// spellings all have three letters or more go to the trigram index as one FTS5 query;
/// shorter ones, which trigrams cannot find, are tested on the column. Returns whether the
/// index is used.
fn order_text(text: &str, clauses: &mut Vec<String>, values: &mut Vec<Arg>) -> bool {
    let mut indexed = Vec::new();
    for term in search::terms(text) {
        if term.spellings.iter().all(|s| s.chars().count() >= 3) {
            // A trigram phrase is a substring; `"` inside is doubled as FTS5 wants it.
            let any: Vec<String> = term.spellings.iter().map(|s| format!("\"{}\"", s.replace('"', "\"\""))).collect();
            indexed.push(format!("({})", any.join(" OR ")));
        } else {
            let mut any = Vec::new();
            for spelling in term.spellings {
                values.push(Arg::Text(spelling));
                any.push(format!("instr(o.search, ?{}) > 0", values.len()));
            }
            clauses.push(format!("({})", any.join(" OR ")));
        }
    }
    if indexed.is_empty() {
        return false;
    }
    values.push(Arg::Text(indexed.join(" AND ")));
    clauses.push(format!("orders_fts MATCH ?{}", values.len()));
    true
}
