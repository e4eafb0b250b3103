//! Placing many orders at once, for seeding large databases (examples/seed_big.rs): the
//! same checks and writes as [`Store::place_order`], in one transaction for all, so that a
//! hundred thousand orders cost the inserts and not a hundred thousand commits.

use super::{Store, checked_writes, error};
use crate::domain::order::{OrderRequest, PlacedOrder};
use crate::store::StoreError;
use crate::store::actions::{ActionFailure, ActionRequest, act_in};
use crate::store::sql::Tx;
use chrono::NaiveDateTime;

/// The tables placing writes, locked against other writers while the bulk runs.
const BULK_TABLES: &[&str] =
    &["orders", "users", "sims", "numbers", "extensions", "order_addons", "invoice_items", "order_states"];

impl Store {
    /// Places the orders (request, when) as `operator` in one transaction. Each order is
    /// written whole or not at all: one the checks refuse (a sample's number taken by another
    /// customer's pool) is left out, in its place `None`, and the others go on. Busy, damage
    /// and other database errors write nothing at all.
    pub fn place_orders(
        &mut self,
        orders: &[(OrderRequest, NaiveDateTime)],
        operator: &str,
    ) -> Result<Vec<Option<PlacedOrder>>, super::PlaceError> {
        use super::PlaceError;
        let tx = Tx::begin(self.db(), BULK_TABLES)?;
        let db = tx.db();
        let mut placed = Vec::with_capacity(orders.len());
        for (req, at) in orders {
            db.batch("SAVEPOINT bulk_order")?;
            match checked_writes(db, req, operator, *at).map_err(|e| error::backstop(e, req)) {
                Ok(order) => placed.push(Some(order)),
                Err(PlaceError::Taken { .. } | PlaceError::Missing(_) | PlaceError::Refused { .. }) => {
                    db.batch("ROLLBACK TO bulk_order")?;
                    placed.push(None);
                }
                // Dropping the transaction rolls everything back.
                Err(other) => return Err(other),
            }
            db.batch("RELEASE bulk_order")?;
        }
        tx.commit()?;
        Ok(placed)
    }

    /// Carries out every action (order, action, when) as `operator` in one transaction, as
    /// [`Store::act`] does one: all of them or, on the first refusal, none.
    pub fn act_all(
        &mut self,
        actions: &[(i64, ActionRequest, NaiveDateTime)],
        operator: &str,
    ) -> Result<(), ActionFailure> {
        let tx = Tx::begin(self.db(), BULK_TABLES)?;
        for (order_id, request, at) in actions {
            act_in(tx.db(), *order_id, request, operator, *at)?;
        }
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }
}
