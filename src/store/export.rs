//! Orders and invoice items for billing and reports. No PIN and no PIN hash is ever
//! selected here: the exports can't leak what they never read.

use super::sql::{Arg, refs};
use super::{Store, StoreError, texts};
use crate::domain::field::OrderTexts;
use crate::domain::lifecycle::{HistoryEvent, HistoryReason};
use chrono::NaiveDate;

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

/// One order, as billing sees it. Serialized (CSV and JSON) with the order texts after
/// `username`, each under its field's key.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct OrderExport {
    pub order_no: String,
    pub created_at: String,
    pub operator: String,
    pub customer: String,
    pub customer_name: String,
    pub username: String,
    /// The fields kept as text in the order (the reference...).
    pub texts: OrderTexts,
    pub voice: String,
    pub data: String,
    pub sms: String,
    /// `pending`, `active` or `cancelled`.
    pub state: String,
    pub waits_for_sim: bool,
    pub waits_for_port: bool,
    /// For a cancelled order: the reason's id (`customer_request`, `wrong_data`,
    /// `duplicate`, `other`); none for orders cancelled before reasons were asked for.
    pub cancel_reason: Option<String>,
    pub iccid: Option<String>,
    pub number: String,
    pub extension: String,
    pub auto_invoice: bool,
}

impl serde::Serialize for OrderExport {
    /// The fields in their declared order, the order texts in the place of `texts`: a
    /// struct to serde (so the CSV header and the JSON keys are the names), with as many
    /// fields as the field table has order texts.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut o = s.serialize_struct("OrderExport", 17 + self.texts.iter().count())?;
        o.serialize_field("order_no", &self.order_no)?;
        o.serialize_field("created_at", &self.created_at)?;
        o.serialize_field("operator", &self.operator)?;
        o.serialize_field("customer", &self.customer)?;
        o.serialize_field("customer_name", &self.customer_name)?;
        o.serialize_field("username", &self.username)?;
        for (field, value) in self.texts.iter() {
            o.serialize_field(field.key(), value)?;
        }
        o.serialize_field("voice", &self.voice)?;
        o.serialize_field("data", &self.data)?;
        o.serialize_field("sms", &self.sms)?;
        o.serialize_field("state", &self.state)?;
        o.serialize_field("waits_for_sim", &self.waits_for_sim)?;
        o.serialize_field("waits_for_port", &self.waits_for_port)?;
        o.serialize_field("cancel_reason", &self.cancel_reason)?;
        o.serialize_field("iccid", &self.iccid)?;
        o.serialize_field("number", &self.number)?;
        o.serialize_field("extension", &self.extension)?;
        o.serialize_field("auto_invoice", &self.auto_invoice)?;
        o.end()
    }
}

/// One invoice item; the amount in cents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct InvoiceItemExport {
    pub order_no: String,
    pub customer: String,
    /// The order's state: `pending`, `active` or `cancelled`.
    pub state: String,
    pub product: String,
    pub text: String,
    pub amount_cents: i64,
    pub charge: String,
    pub start_date: String,
    /// The last day billed, for the items a cancellation ended; none while billing runs.
    pub end_date: Option<String>,
    pub term_months: i64,
}

/// The WHERE clause of a filter over `orders o JOIN customers c`, and its parameters.
fn filter_sql(f: &ExportFilter) -> (String, Vec<Arg>) {
    let mut clauses = vec!["1 = 1".to_string()];
    let mut params = Vec::new();
    if let Some(c) = &f.customer {
        params.push(Arg::Text(c.trim().to_uppercase()));
        clauses.push(format!("c.number = ?{}", params.len()));
    }
    if let Some(s) = &f.state {
        params.push(Arg::Text(s.clone()));
        clauses.push(format!("o.state = ?{}", params.len()));
    }
    if let Some(d) = f.since {
        // created_at is ISO 8601 text: comparing with the day's first second is plain SQL.
        params.push(Arg::Text(format!("{d} 00:00:00")));
        clauses.push(format!("o.created_at >= ?{}", params.len()));
    }
    (clauses.join(" AND "), params)
}

/// The reason id of a stored cancellation entry, if it has one.
fn cancel_reason_id(stored: &str) -> Option<String> {
    match HistoryReason::parse(stored).event {
        HistoryEvent::Cancelled { reason, .. } => reason.map(|r| r.as_str().to_string()),
        _ => None,
    }
}

impl Store {
    /// The orders that pass the filter, oldest first.
    /// The tables are checked page by page first: a damaged one is an error, never a
    /// list with rows missing.
    pub fn export_orders(&self, f: &ExportFilter) -> Result<Vec<OrderExport>, StoreError> {
        self.check_tables(&["orders", "customers", "users", "order_states"])?;
        let (filter, params) = filter_sql(f);
        let sql = format!(
            "SELECT o.order_no, o.created_at, o.operator, c.number, c.name, u.username, o.voice,
                    o.data, o.sms, o.state, o.iccid, o.e164, o.extension, o.auto_invoice, o.waits_for_sim,
                    o.waits_for_port,
                    (SELECT s.reason FROM order_states s WHERE s.order_id = o.id AND s.to_state = 'cancelled'
                      ORDER BY s.id DESC LIMIT 1){}
             FROM orders o JOIN customers c ON c.id = o.customer_id JOIN users u ON u.id = o.user_id
             WHERE {filter} ORDER BY o.id",
            texts::columns("o.")
        );
        Ok(self.db().rows(&sql, &refs(&params), |r| {
            Ok(OrderExport {
                order_no: r.get(0)?,
                created_at: r.get(1)?,
                operator: r.get(2)?,
                customer: r.get(3)?,
                customer_name: r.get(4)?,
                username: r.get(5)?,
                texts: texts::read(r, 17)?,
                voice: r.get(6)?,
                data: r.get(7)?,
                sms: r.get(8)?,
                state: r.get(9)?,
                waits_for_sim: r.get(14)?,
                waits_for_port: r.get(15)?,
                cancel_reason: r.get::<Option<String>>(16)?.as_deref().and_then(cancel_reason_id),
                iccid: r.get(10)?,
                number: r.get(11)?,
                extension: r.get(12)?,
                auto_invoice: r.get(13)?,
            })
        })?)
    }

    /// The invoice items of the orders that pass the filter, by order.
    /// Checked first, as [`Store::export_orders`].
    pub fn export_invoice_items(&self, f: &ExportFilter) -> Result<Vec<InvoiceItemExport>, StoreError> {
        self.check_tables(&["invoice_items", "orders", "customers"])?;
        let (filter, params) = filter_sql(f);
        let sql = format!(
            "SELECT o.order_no, c.number, i.product, i.text, i.amount_cents, i.charge, i.start_date, i.term_months,
                    o.state, i.end_date
             FROM invoice_items i JOIN orders o ON o.id = i.order_id JOIN customers c ON c.id = i.customer_id
             WHERE {filter} ORDER BY o.id, i.id"
        );
        Ok(self.db().rows(&sql, &refs(&params), |r| {
            Ok(InvoiceItemExport {
                order_no: r.get(0)?,
                customer: r.get(1)?,
                state: r.get(8)?,
                product: r.get(2)?,
                text: r.get(3)?,
                amount_cents: r.get(4)?,
                charge: r.get(5)?,
                start_date: r.get(6)?,
                end_date: r.get(9)?,
                term_months: r.get(7)?,
            })
        })?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Field;

    /// The order texts stand where `reference` always stood (after `username`), each under
    /// its field's key, and the other keys keep their order.
    #[test]
    fn order_texts_are_serialized_by_key_after_the_username() {
        let order = OrderExport {
            order_no: "CO-2026-000001".into(),
            created_at: "2026-11-26 09:30:00".into(),
            operator: "anna".into(),
            customer: "K-1".into(),
            customer_name: "Bauer GmbH".into(),
            username: "erika".into(),
            texts: OrderTexts::from_values(|f| format!("{f:?}!")),
            voice: "business".into(),
            data: "d".into(),
            sms: "s".into(),
            state: "active".into(),
            waits_for_sim: false,
            waits_for_port: false,
            cancel_reason: None,
            iccid: None,
            number: "+49301234567".into(),
            extension: "201".into(),
            auto_invoice: true,
        };
        let json = serde_json::to_string(&order).unwrap();
        // The keys in the order written (a `Value` would sort them).
        let keys: Vec<&str> = json.split(',').filter_map(|kv| kv.trim_start_matches('{').split('"').nth(1)).collect();
        let texts: Vec<&str> = Field::order_texts().map(Field::key).collect();
        let mut expected = vec!["order_no", "created_at", "operator", "customer", "customer_name", "username"];
        expected.extend(&texts);
        expected.extend([
            "voice",
            "data",
            "sms",
            "state",
            "waits_for_sim",
            "waits_for_port",
            "cancel_reason",
            "iccid",
            "number",
            "extension",
            "auto_invoice",
        ]);
        assert_eq!(keys, expected);
        assert!(json.contains(r#""reference":"Reference!""#), "{json}");
    }
}
