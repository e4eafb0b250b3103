//! The order texts ([`Stored::OrderText`]) in SQL: each is a `TEXT NOT NULL DEFAULT ''`
//! column of `orders` named by its field's key, so the insert, the detail and the export
//! list them by iterating the field table instead of naming each.
//!
//! The column names come from the table's keys, compile-time constants checked to be
//! `[a-z_]+` (here and by `domain::field`'s tests), and are quoted besides: nothing typed
//! ever reaches the SQL text, the values go as parameters.

use super::sql::{Row, SqlError};
use crate::domain::field::{Field, OrderTexts, Stored};

/// The column of an order text: the field's key.
fn column(field: Field) -> &'static str {
    let key = field.key();
    // A key is a literal of the field table; a wrong one is a programming error that the
    // first placed order in any test shows.
    assert!(
        field.spec().stored == Stored::OrderText
            && !key.is_empty()
            && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
        "{field:?} is not an order text with a plain column name"
    );
    key
}

/// The order texts' columns, to append to a column list: each as `, {prefix}"key"` (empty
/// when there are none).
pub(super) fn columns(prefix: &str) -> String {
    Field::order_texts().map(|f| format!(", {prefix}\"{}\"", column(f))).collect()
}

/// How many order texts there are.
pub(super) fn count() -> usize {
    Field::order_texts().count()
}

/// The order texts from the row's columns `first..first + count()`, read as [`columns`]
/// lists them.
pub(super) fn read(row: &dyn Row, first: usize) -> Result<OrderTexts, SqlError> {
    let values: Vec<String> = (first..first + count()).map(|i| row.get(i)).collect::<Result<_, _>>()?;
    let mut values = values.into_iter();
    Ok(OrderTexts::from_values(|_| values.next().unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_the_quoted_keys_in_wizard_order() {
        assert!(columns("o.").starts_with(", o.\"reference\""), "{}", columns("o."));
        assert_eq!(columns("").matches('"').count(), 2 * count());
    }

    /// Every order text has its column in a migrated database: a field that is stored in the
    /// order without a migration fails here, not at the first order.
    #[test]
    fn every_order_text_has_its_column() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::store::schema::migrate(&mut conn).unwrap();
        let sql = format!("SELECT id{} FROM orders", columns(""));
        let stmt = conn.prepare(&sql).unwrap();
        assert_eq!(stmt.column_count(), 1 + count());
        let declared: Vec<(String, String, bool, Option<String>)> = conn
            .prepare("SELECT name, type, \"notnull\", dflt_value FROM pragma_table_info('orders')")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for f in Field::order_texts() {
            let col = declared.iter().find(|c| c.0 == f.key()).unwrap();
            assert_eq!((col.1.as_str(), col.2, col.3.as_deref()), ("TEXT", true, Some("''")), "{f:?}");
        }
    }
}
