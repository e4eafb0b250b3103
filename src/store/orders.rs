//! Reading placed orders: the overview's pages, an order's detail, the orders waiting for
//! a SIM.

use super::sql::{Arg, Db, Row, SqlError, args, refs};
use super::{Store, StoreError, texts};
use crate::domain::lifecycle::{HistoryReason, OrderState, OrderStatus};
use crate::domain::model::CustomerId;
use crate::domain::orders::{InvoiceItem, OrderDetail, OrderPage, OrderQuery, OrderRow, StateChange, StateFilter};
use crate::domain::search::{self, Searchable};

/// A row of the overview. Whether the order has invoice items is asked per row shown, as a
/// scalar subquery: written as `EXISTS`, PostgreSQL's planner turned it into one hash of
/// every invoice item's order (65 ms at 200 000 items) before the first of 21 rows.
pub(super) const ROW_COLUMNS: &str =
    "SELECT o.id, o.order_no, o.created_at, c.name, c.number, trim(u.first_name || ' ' || u.last_name), o.voice,
        o.reference, o.state, o.waits_for_sim, o.waits_for_port, o.auto_invoice,
        (SELECT 1 FROM invoice_items i WHERE i.order_id = o.id LIMIT 1) IS NOT NULL, o.customer_id, u.username
   FROM orders o JOIN customers c ON c.id = o.customer_id JOIN users u ON u.id = o.user_id";

pub(super) fn row_from(row: &dyn Row) -> Result<OrderRow, SqlError> {
    let state: String = row.get(8)?;
    Ok(OrderRow {
        id: row.get(0)?,
        order_no: row.get(1)?,
        created_at: row.get(2)?,
        customer_id: row.get(13)?,
        customer_name: row.get(3)?,
        customer_number: row.get(4)?,
        user: row.get(5)?,
        username: row.get(14)?,
        voice: row.get(6)?,
        reference: row.get(7)?,
        status: OrderStatus {
            // The CHECK constraint allows only the three names.
            state: OrderState::parse(&state).unwrap_or(OrderState::Pending),
            waits_for_sim: row.get(9)?,
            waits_for_port: row.get(10)?,
            auto_invoice: row.get(11)?,
            invoiced: row.get(12)?,
        },
    })
}

/// The `WHERE` clause and its parameters for a query.
pub(super) fn filter(q: &OrderQuery) -> (String, Vec<Arg>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut values: Vec<Arg> = Vec::new();
    match q.state {
        Some(StateFilter::WaitingForSim) => clauses.push("o.state = 'pending' AND o.waits_for_sim = TRUE".into()),
        Some(StateFilter::WaitingForPort) => clauses.push("o.state = 'pending' AND o.waits_for_port = TRUE".into()),
        Some(StateFilter::Active) => clauses.push("o.state = 'active'".into()),
        Some(StateFilter::Cancelled) => clauses.push("o.state = 'cancelled'".into()),
        None => {}
    }
    if let Some(customer) = q.customer {
        values.push(Arg::Int(customer));
        clauses.push(format!("o.customer_id = ?{}", values.len()));
    }
    if let Some(text) = text_clause(&q.text, &mut values) {
        clauses.push(text);
    }
    let clause = if clauses.is_empty() { String::new() } else { format!(" WHERE {}", clauses.join(" AND ")) };
    (clause, values)
}

/// The free-text search: the one place that decides what a typed text matches. Every term
/// of the query (`domain::search::terms`) must occur, in one of its spellings, in the
/// order's normalised `search` column; `None` when the text has no terms.
fn text_clause(text: &str, values: &mut Vec<Arg>) -> Option<String> {
    let terms = search::terms(text);
    if terms.is_empty() {
        return None;
    }
    let mut all = Vec::new();
    for term in terms {
        let mut any = Vec::new();
        for spelling in term.spellings {
            values.push(Arg::Text(spelling));
            any.push(format!("instr(o.search, ?{}) > 0", values.len()));
        }
        all.push(format!("({})", any.join(" OR ")));
    }
    Some(all.join(" AND "))
}

/// The order's fields that search reads, joined from its customer and user.
const SEARCH_FIELDS: &str =
    "SELECT o.id, o.order_no, c.name, c.number, u.username, u.first_name || ' ' || u.last_name, o.display_name,
            o.reference, o.e164, o.iccid, o.extension
       FROM orders o JOIN customers c ON c.id = o.customer_id JOIN users u ON u.id = o.user_id";

/// An order's search key from a row of [`SEARCH_FIELDS`].
fn search_key_of(r: &dyn Row) -> Result<(i64, String), SqlError> {
    let f: [String; 8] = [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?];
    let iccid: Option<String> = r.get(9)?;
    let extension: String = r.get(10)?;
    let key = search::search_key(&Searchable {
        order_no: &f[0],
        customer_name: &f[1],
        customer_number: &f[2],
        username: &f[3],
        user_name: &f[4],
        display_name: &f[5],
        reference: &f[6],
        e164: &f[7],
        iccid: iccid.as_deref(),
        extension: &extension,
    });
    Ok((r.get(0)?, key))
}

/// Writes an order's search key, inside the caller's transaction: placing an order and
/// every action call it, so the key never lags behind the order.
pub(super) fn write_search(db: &dyn Db, order_id: i64) -> Result<(), SqlError> {
    let key = db.opt(&format!("{SEARCH_FIELDS} WHERE o.id = ?1"), args![order_id], search_key_of)?;
    if let Some((id, key)) = key {
        db.exec("UPDATE orders SET search = ?2 WHERE id = ?1", args![id, key])?;
    }
    Ok(())
}

/// Fills the search key of orders that have none (placed before version 3 of the schema),
/// in one transaction. Finds them by a partial index, so with nothing to do it costs nothing.
pub(super) fn fill_missing_search(store: &Store) -> Result<usize, StoreError> {
    // Read first: the usual case, nothing missing, takes no write lock from other terminals.
    let missing: bool = store.db().value("SELECT EXISTS (SELECT 1 FROM orders WHERE search IS NULL)", args![])?;
    if !missing {
        return Ok(0);
    }
    store.write(|db| {
        let keys = db.rows(&format!("{SEARCH_FIELDS} WHERE o.search IS NULL"), args![], search_key_of)?;
        for (id, key) in &keys {
            db.exec("UPDATE orders SET search = ?2 WHERE id = ?1", args![id, key])?;
        }
        Ok(keys.len())
    })
}

impl Store {
    /// A page of the overview: up to `limit` rows from `offset`, newest first (or oldest
    /// first), and the number of matching orders.
    pub fn orders_page(&self, q: &OrderQuery, offset: usize, limit: usize) -> Result<OrderPage, StoreError> {
        let (clause, values) = filter(q);
        let order = if q.oldest_first { "ASC" } else { "DESC" };
        let n = values.len();
        let sql = format!("{ROW_COLUMNS}{clause} ORDER BY o.id {order} LIMIT ?{} OFFSET ?{}", n + 1, n + 2);
        let mut all = refs(&values);
        all.extend(args![limit, offset]);
        let rows = self.db().rows(&sql, &all, row_from)?;
        // A short page that holds rows is the end of the matches: the count is known without
        // a second scan, which is what a text search with few matches would cost.
        let total = if rows.len() < limit && (offset == 0 || !rows.is_empty()) {
            offset + rows.len()
        } else {
            self.db().value(&format!("SELECT count(*) FROM orders o{clause}"), &refs(&values))?
        };
        Ok(OrderPage { total, offset, rows })
    }

    /// Where an order stands in a query's order (0 = first row), if it matches the query.
    pub fn order_position(&self, q: &OrderQuery, id: i64) -> Result<Option<usize>, StoreError> {
        let (clause, mut values) = filter(q);
        let mut with_id = refs(&values);
        with_id.extend(args![id]);
        let exists: bool = self.db().value(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM orders o{} o.id = ?{})",
                if clause.is_empty() { " WHERE".to_string() } else { format!("{clause} AND") },
                values.len() + 1
            ),
            &with_id,
        )?;
        if !exists {
            return Ok(None);
        }
        let before = if q.oldest_first { "o.id < " } else { "o.id > " };
        values.push(Arg::Int(id));
        let joiner = if clause.is_empty() { " WHERE " } else { " AND " };
        let sql = format!("SELECT count(*) FROM orders o{clause}{joiner}{before}?{}", values.len());
        Ok(Some(self.db().value(&sql, &refs(&values))?))
    }

    /// One order's row, by id.
    pub fn order_row(&self, id: i64) -> Result<Option<OrderRow>, StoreError> {
        Ok(self.db().opt(&format!("{ROW_COLUMNS} WHERE o.id = ?1"), args![id], row_from)?)
    }

    /// An order by its number (`CO-2026-000042`), or by the digits of its id.
    pub fn order_by_number(&self, number: &str) -> Result<Option<OrderRow>, StoreError> {
        let number = number.trim();
        let sql = format!("{ROW_COLUMNS} WHERE nocase(o.order_no) = nocase(?1)");
        if let Some(row) = self.db().opt(&sql, args![number], row_from)? {
            return Ok(Some(row));
        }
        match number.parse::<i64>() {
            Ok(id) => self.order_row(id),
            Err(_) => Ok(None),
        }
    }

    /// The orders waiting for a SIM, oldest first, of one customer or all.
    pub fn orders_waiting_for_sim(&self, customer: Option<CustomerId>) -> Result<Vec<OrderRow>, StoreError> {
        let q =
            OrderQuery { state: Some(StateFilter::WaitingForSim), customer, text: String::new(), oldest_first: true };
        Ok(self.orders_page(&q, 0, usize::MAX >> 2)?.rows)
    }

    /// Everything about one order: its answers, invoice items and state history.
    pub fn order_detail(&self, id: i64) -> Result<Option<OrderDetail>, StoreError> {
        let Some(row) = self.order_row(id)? else { return Ok(None) };
        // The order texts follow the fixed columns, from column 17 on.
        let sql = format!(
            "SELECT o.operator, o.portfolio, o.start_date, o.term, o.data, o.sms, u.username, o.sim_option, o.iccid,
                    o.number_type, o.e164, o.donor, o.port_date, o.extension, o.display_name, o.area_code,
                    o.pin_must_change{}
               FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = ?1",
            texts::columns("o.")
        );
        let detail = self.db().one(&sql, args![id], |r| {
            Ok(OrderDetail {
                row: row.clone(),
                operator: r.get(0)?,
                portfolio: r.get(1)?,
                texts: texts::read(r, 17)?,
                start_date: r.get(2)?,
                term: r.get(3)?,
                data: r.get(4)?,
                sms: r.get(5)?,
                addons: Vec::new(),
                username: r.get(6)?,
                sim_option: r.get(7)?,
                iccid: r.get(8)?,
                number_type: r.get(9)?,
                e164: r.get(10)?,
                donor: r.get(11)?,
                port_date: r.get(12)?,
                extension: r.get(13)?,
                display_name: r.get(14)?,
                area_code: r.get(15)?,
                pin_must_change: r.get(16)?,
                invoice_items: Vec::new(),
                history: Vec::new(),
            })
        })?;
        Ok(Some(OrderDetail {
            addons: self.order_addons(id)?,
            invoice_items: self.invoice_items(id)?,
            history: self.order_history(id)?,
            ..detail
        }))
    }

    pub(super) fn order_addons(&self, id: i64) -> Result<Vec<String>, StoreError> {
        // rowid: the order they were chosen in (a column of that name on PostgreSQL).
        Ok(self
            .db()
            .rows("SELECT addon FROM order_addons WHERE order_id = ?1 ORDER BY rowid", args![id], |r| r.get(0))?)
    }

    /// The invoice items of an order, in the order they were written.
    pub fn invoice_items(&self, id: i64) -> Result<Vec<InvoiceItem>, StoreError> {
        let items = self.db().rows(
            "SELECT text, amount_cents, charge, start_date, term_months, end_date FROM invoice_items
              WHERE order_id = ?1 ORDER BY id",
            args![id],
            |r| {
                Ok(InvoiceItem {
                    text: r.get(0)?,
                    amount_cents: r.get(1)?,
                    charge: r.get(2)?,
                    start_date: r.get(3)?,
                    term_months: r.get(4)?,
                    end_date: r.get(5)?,
                })
            },
        )?;
        Ok(items)
    }

    /// The state history of an order, oldest first.
    pub fn order_history(&self, id: i64) -> Result<Vec<StateChange>, StoreError> {
        let changes = self.db().rows(
            "SELECT at, operator, from_state, to_state, reason FROM order_states WHERE order_id = ?1 ORDER BY id",
            args![id],
            |r| {
                let from: Option<String> = r.get(2)?;
                let to: String = r.get(3)?;
                Ok(StateChange {
                    at: r.get(0)?,
                    operator: r.get(1)?,
                    from: from.as_deref().and_then(OrderState::parse),
                    to: OrderState::parse(&to).unwrap_or(OrderState::Pending),
                    reason: HistoryReason::parse(&r.get::<String>(4)?),
                })
            },
        )?;
        Ok(changes)
    }
}
