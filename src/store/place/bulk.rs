//! Placing many orders at once, for seeding large databases (examples/seed_big.rs, through
//! [`crate::store::SeedTx`]): the same checks and writes as [`Store::place_order`], in the
//! seeding's one transaction, so that a hundred thousand orders cost the inserts and not a
//! hundred thousand commits.

use super::{PlaceError, checks, error, writes};
use crate::domain::order::{OrderRequest, PlacedOrder};
#[cfg(doc)]
use crate::store::Store;
use crate::store::actions::{ActionFailure, ActionRequest, act_in};
use crate::store::sql::Db;
use chrono::NaiveDateTime;

/// Places the orders (request, when) as `operator` inside `tx`. Each order is written whole
/// or not at all: one the checks refuse is left out, in its place `None`, and the others go
/// on. Busy, damage and other database errors are returned as they are, for the caller to
/// roll everything back.
pub(in crate::store) fn place_all(
    tx: &dyn Db,
    orders: &[(OrderRequest, NaiveDateTime)],
    operator: &str,
) -> Result<Vec<Option<PlacedOrder>>, PlaceError> {
    let mut placed = Vec::with_capacity(orders.len());
    for (req, at) in orders {
        // A refusal of the checks has written nothing: no savepoint to roll back to. (Rolling
        // back to one costs more than it seems while seeding: the seeding dropped triggers in
        // this transaction, and SQLite then reloads the schema and re-prepares every
        // statement.)
        let extension = match checks(tx, req) {
            Ok(extension) => extension,
            Err(e) if refused(&e) => {
                placed.push(None);
                continue;
            }
            Err(other) => return Err(other),
        };
        tx.batch("SAVEPOINT bulk_order")?;
        match writes(tx, req, extension, operator, *at).map_err(|e| error::backstop(e, req)) {
            Ok(order) => placed.push(Some(order)),
            Err(e) if refused(&e) => {
                tx.batch("ROLLBACK TO bulk_order")?;
                placed.push(None);
            }
            // The caller's transaction, dropped, rolls everything back.
            Err(other) => return Err(other),
        }
        tx.batch("RELEASE bulk_order")?;
    }
    Ok(placed)
}

/// Whether the error refuses this one order (its resources), rather than the database.
fn refused(e: &PlaceError) -> bool {
    matches!(e, PlaceError::Taken { .. } | PlaceError::Missing(_) | PlaceError::Refused { .. })
}

/// Carries out every action (order, action, when) as `operator` inside `tx`, as
/// [`Store::act`] does one; the first refusal is returned.
pub(in crate::store) fn act_all(
    tx: &dyn Db,
    actions: &[(i64, ActionRequest, NaiveDateTime)],
    operator: &str,
) -> Result<(), ActionFailure> {
    for (order_id, request, at) in actions {
        act_in(tx, *order_id, request, operator, *at)?;
    }
    Ok(())
}
