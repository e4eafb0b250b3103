//! Orders and invoice items for billing and reports. No PIN and no PIN hash is ever
//! selected here: the exports can't leak what they never read.

use super::{Store, StoreError};
use chrono::NaiveDate;
use rusqlite::types::Value;

/// Which rows to export; `None` means no filter.
#[derive(Debug, Clone, Default)]
pub struct ExportFilter {
    /// Customer number (`K-100123`).
    pub customer: Option<String>,
    /// `pending`, `active` or `cancelled` (orders' state; for invoice items, their order's).
    pub state: Option<String>,
    /// Orders created on or after this day.
    pub since: Option<NaiveDate>,
}

/// One order, as billing sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OrderExport {
    pub order_no: String,
    pub created_at: String,
    pub operator: String,
    pub customer: String,
    pub customer_name: String,
    pub username: String,
    pub reference: String,
    pub voice: String,
    pub data: String,
    pub sms: String,
    pub state: String,
    pub iccid: Option<String>,
    pub number: String,
    pub extension: String,
    pub auto_invoice: bool,
}

/// One invoice item; the amount in cents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InvoiceItemExport {
    pub order_no: String,
    pub customer: String,
    pub product: String,
    pub text: String,
    pub amount_cents: i64,
    pub charge: String,
    pub start_date: String,
    pub term_months: i64,
}

/// The WHERE clause of a filter over `orders o JOIN customers c`, and its parameters.
fn filter_sql(f: &ExportFilter) -> (String, Vec<Value>) {
    let mut clauses = vec!["1 = 1".to_string()];
    let mut params = Vec::new();
    if let Some(c) = &f.customer {
        params.push(Value::Text(c.trim().to_uppercase()));
        clauses.push(format!("c.number = ?{}", params.len()));
    }
    if let Some(s) = &f.state {
        params.push(Value::Text(s.clone()));
        clauses.push(format!("o.state = ?{}", params.len()));
    }
    if let Some(d) = f.since {
        // created_at is ISO 8601 text: comparing with the day's first second is plain SQL.
        params.push(Value::Text(format!("{d} 00:00:00")));
        clauses.push(format!("o.created_at >= ?{}", params.len()));
    }
    (clauses.join(" AND "), params)
}

impl Store {
    /// The orders that pass the filter, oldest first.
    pub fn export_orders(&self, f: &ExportFilter) -> Result<Vec<OrderExport>, StoreError> {
        let (filter, params) = filter_sql(f);
        let sql = format!(
            "SELECT o.order_no, o.created_at, o.operator, c.number, c.name, u.username, o.reference, o.voice,
                    o.data, o.sms, o.state, o.iccid, o.e164, o.extension, o.auto_invoice
             FROM orders o JOIN customers c ON c.id = o.customer_id JOIN users u ON u.id = o.user_id
             WHERE {filter} ORDER BY o.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(OrderExport {
                order_no: r.get(0)?,
                created_at: r.get(1)?,
                operator: r.get(2)?,
                customer: r.get(3)?,
                customer_name: r.get(4)?,
                username: r.get(5)?,
                reference: r.get(6)?,
                voice: r.get(7)?,
                data: r.get(8)?,
                sms: r.get(9)?,
                state: r.get(10)?,
                iccid: r.get(11)?,
                number: r.get(12)?,
                extension: r.get(13)?,
                auto_invoice: r.get(14)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The invoice items of the orders that pass the filter, by order.
    pub fn export_invoice_items(&self, f: &ExportFilter) -> Result<Vec<InvoiceItemExport>, StoreError> {
        let (filter, params) = filter_sql(f);
        let sql = format!(
            "SELECT o.order_no, c.number, i.product, i.text, i.amount_cents, i.charge, i.start_date, i.term_months
             FROM invoice_items i JOIN orders o ON o.id = i.order_id JOIN customers c ON c.id = i.customer_id
             WHERE {filter} ORDER BY o.id, i.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok(InvoiceItemExport {
                order_no: r.get(0)?,
                customer: r.get(1)?,
                product: r.get(2)?,
                text: r.get(3)?,
                amount_cents: r.get(4)?,
                charge: r.get(5)?,
                start_date: r.get(6)?,
                term_months: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
