//! What the database holds for a customer and an order, read back with plain SQL.

use super::Harness;
use comuniq_order::domain::ContextQuery;
use comuniq_order::domain::model::User;
use rusqlite::types::Value;
use std::collections::BTreeMap;

impl Harness {
    /// The database id of the n-th demo customer.
    pub fn customer_id(&self, n: usize) -> i64 {
        let number = self.customer_number(n);
        self.sql().query_row("SELECT id FROM customers WHERE number = ?1", [number], |r| r.get(0)).unwrap()
    }

    /// The users the wizard offers for the n-th customer, in its order (no mobile line yet).
    pub fn offered_users(&self, n: usize) -> Vec<User> {
        let ctx = self.store.customer_context(&ContextQuery::of(self.customer_id(n))).unwrap();
        ctx.users.into_iter().filter(|u| !u.has_mobile).collect()
    }

    /// The first customer whose first offered user has (or, with `false`, lacks) an
    /// extension of his own.
    pub fn customer_whose_first_user_has_extension(&self, has: bool) -> usize {
        (0..super::CUSTOMERS)
            .find(|n| self.offered_users(*n).first().is_some_and(|u| u.extension.is_some() == has))
            .unwrap()
    }
}

/// One row as column name → value, every column (`SELECT *`).
pub fn row(conn: &super::db::Conn, table: &str, id: i64) -> BTreeMap<String, Value> {
    rows(conn, &format!("SELECT * FROM {table} WHERE id = {id}")).into_iter().next().unwrap_or_default()
}

/// Every row of a query as column name → value.
pub fn rows(conn: &super::db::Conn, sql: &str) -> Vec<BTreeMap<String, Value>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let names: Vec<String> = stmt.column_names().collect();
    stmt.query_map([], |r| {
        Ok(names.iter().enumerate().map(|(i, n)| (n.clone(), r.get::<_, Value>(i).unwrap())).collect())
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

/// A text column of a row.
pub fn text(row: &BTreeMap<String, Value>, column: &str) -> String {
    match row.get(column) {
        Some(Value::Text(t)) => t.clone(),
        other => panic!("{column}: {other:?} in {row:?}"),
    }
}

/// An integer column of a row (`None` for NULL).
pub fn int(row: &BTreeMap<String, Value>, column: &str) -> Option<i64> {
    match row.get(column) {
        Some(Value::Integer(i)) => Some(*i),
        Some(Value::Null) => None,
        other => panic!("{column}: {other:?} in {row:?}"),
    }
}
