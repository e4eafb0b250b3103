//! The checks `place_order` makes inside its transaction before writing anything, so that a
//! refusal names the resource and the order that holds it.

use super::error::{Missing, PlaceError, Taken};
use crate::domain::answers::Field;
use crate::domain::model::{Customer, Extension};
use crate::domain::order::{NumberAssignment, OrderRequest, SimAssignment, UserChoice};
use crate::domain::rules::{RuleError, extension};
use crate::store::sql::{Db, SqlError, args};

/// The order number of order `id`, if there is one.
fn order_no(tx: &dyn Db, id: Option<i64>) -> Result<Option<String>, SqlError> {
    let Some(id) = id else { return Ok(None) };
    tx.opt("SELECT order_no FROM orders WHERE id = ?1", args![id], |r| r.get(0))
}

/// A [`PlaceError::Taken`] naming the holding order.
fn taken(tx: &dyn Db, item: Taken, holder: Option<i64>) -> Result<(), PlaceError> {
    Err(PlaceError::Taken { item, by_order: order_no(tx, holder)? })
}

/// The order's customer.
pub fn customer(tx: &dyn Db, req: &OrderRequest) -> Result<Customer, PlaceError> {
    let found = tx.opt(
        "SELECT id, number, name, city, dial_plan_len, area_code FROM customers WHERE id = ?1",
        args![req.customer_id],
        |r| {
            Ok(Customer {
                id: r.get(0)?,
                number: r.get(1)?,
                name: r.get(2)?,
                city: r.get(3)?,
                dial_plan_len: r.get(4)?,
                area_code: r.get(5)?,
            })
        },
    )?;
    found.ok_or(PlaceError::Missing(Missing::Customer(req.customer_id)))
}

/// An existing user must belong to the customer and have no mobile line; a new user's name
/// must be free within the customer (case ignored, by the column's collation).
pub fn user(tx: &dyn Db, req: &OrderRequest) -> Result<(), PlaceError> {
    match &req.user {
        UserChoice::Existing(id) => {
            let row: Option<(i64, Option<i64>)> =
                tx.opt("SELECT customer_id, mobile_order_id FROM users WHERE id = ?1", args![id], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            match row {
                Some((customer, _)) if customer != req.customer_id => Err(PlaceError::Missing(Missing::User(*id))),
                None => Err(PlaceError::Missing(Missing::User(*id))),
                Some((_, Some(order))) => taken(tx, Taken::UserHasMobile, Some(order)),
                Some((_, None)) => Ok(()),
            }
        }
        UserChoice::New(u) => {
            let row: Option<Option<i64>> = tx.opt(
                "SELECT mobile_order_id FROM users WHERE customer_id = ?1 AND nocase(username) = nocase(?2)",
                args![req.customer_id, u.username],
                |r| r.get(0),
            )?;
            match row {
                Some(order) => taken(tx, Taken::Username(u.username.clone()), order),
                None => Ok(()),
            }
        }
    }
}

/// A SIM assigned now must be in stock under this id and ICCID, and free.
pub fn sim(tx: &dyn Db, req: &OrderRequest) -> Result<(), PlaceError> {
    let SimAssignment::Now { id, iccid } = &req.sim else {
        return Ok(());
    };
    let row: Option<(String, Option<i64>)> =
        tx.opt("SELECT iccid, order_id FROM sims WHERE id = ?1", args![id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    match row {
        Some((stored, holder)) if stored == *iccid => match holder {
            Some(order) => taken(tx, Taken::Sim(iccid.clone()), Some(order)),
            None => Ok(()),
        },
        _ => Err(PlaceError::Missing(Missing::Sim(iccid.clone()))),
    }
}

/// A new number must be a free one of the customer's pool; a ported number must not be
/// known at all (neither in a pool nor ported by another order).
pub fn number(tx: &dyn Db, req: &OrderRequest) -> Result<(), PlaceError> {
    match &req.number {
        NumberAssignment::New { id, e164 } => {
            let row: Option<(i64, String, String, Option<i64>)> =
                tx.opt("SELECT customer_id, e164, source, order_id FROM numbers WHERE id = ?1", args![id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?;
            match row {
                Some((customer, stored, source, holder))
                    if customer == req.customer_id && stored == *e164 && source == "pool" =>
                {
                    match holder {
                        Some(order) => taken(tx, Taken::Number(e164.clone()), Some(order)),
                        None => Ok(()),
                    }
                }
                _ => Err(PlaceError::Missing(Missing::Number(e164.clone()))),
            }
        }
        NumberAssignment::Port { e164, .. } => {
            let row: Option<Option<i64>> =
                tx.opt("SELECT order_id FROM numbers WHERE e164 = ?1", args![e164], |r| r.get(0))?;
            match row {
                Some(holder) => taken(tx, Taken::Number(e164.clone()), holder),
                None => Ok(()),
            }
        }
    }
}

/// Where the order's extension comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtensionPlan {
    /// A new extension row.
    New,
    /// The existing user's own extension (this row id): the mobile line goes on it.
    Attach(i64),
}

/// The extension, checked with the wizard's own rule against the customer's extensions as
/// they are now (another terminal may have added one since the wizard loaded them). An
/// existing user who has an extension keeps it: that one, and only that one, is accepted.
pub fn extension(tx: &dyn Db, req: &OrderRequest, customer: &Customer) -> Result<ExtensionPlan, PlaceError> {
    if let UserChoice::Existing(user) = req.user
        && let Some((id, number)) = crate::store::queries::own_extension(tx, user)?
    {
        if number == req.extension {
            return Ok(ExtensionPlan::Attach(id));
        }
        let error = RuleError::ExtensionOfUser { own: number };
        return Err(PlaceError::Refused { field: Field::Extension, error });
    }
    let existing: Vec<(Extension, Option<i64>)> =
        tx.rows("SELECT number, name, order_id FROM extensions WHERE customer_id = ?1", args![customer.id], |r| {
            Ok((Extension { number: r.get(0)?, name: r.get(1)? }, r.get(2)?))
        })?;
    let plain: Vec<Extension> = existing.iter().map(|(e, _)| e.clone()).collect();
    match extension::check(&req.extension, customer.dial_plan_len, &plain) {
        Ok(()) => Ok(ExtensionPlan::New),
        Err(RuleError::ExtensionTaken { .. }) => {
            let holder = existing.iter().find(|(e, _)| e.number == req.extension).and_then(|(_, o)| *o);
            taken(tx, Taken::Extension(req.extension.clone()), holder).map(|()| ExtensionPlan::New)
        }
        Err(error) => Err(PlaceError::Refused { field: Field::Extension, error }),
    }
}
