//! Placing an order: one write transaction (`Store::write`) that checks every resource,
//! then writes the order, its user, SIM, number, extension, add-ons, invoice items and first
//! state.

pub(super) mod bulk;
mod check;
mod error;
pub(super) mod write;

pub use error::{Missing, PlaceError, Taken};

use super::Store;
use crate::domain::order::{OrderRequest, PlacedOrder, UserChoice};
use crate::store::sql::{Db, Dialect};
use chrono::NaiveDateTime;

impl Store {
    /// Places the order in one transaction: either all of it is written or, on any error,
    /// nothing. `operator` and `now` go into the order and its state history.
    pub fn place_order(
        &mut self,
        req: &OrderRequest,
        operator: &str,
        now: NaiveDateTime,
    ) -> Result<PlacedOrder, PlaceError> {
        // The checks below see what the writes will find, and what another terminal takes
        // between check and write makes the write's guard refuse (`Store::write`: SQLite's
        // write lock; PostgreSQL's row locks and conditional updates).
        let place = || self.write(|tx| checked_writes(tx, req, operator, now));
        let placed = match place() {
            // On PostgreSQL a unique key can refuse the insert of a concurrent order whose
            // row this transaction could not see yet; run once more, the checks then find
            // the holder and name its order.
            Err(PlaceError::Db(e)) if self.db().dialect() == Dialect::Postgres && e.is_unique_on_postgres() => place(),
            other => other,
        };
        placed.map_err(|e| error::backstop(e, req))
    }

    /// [`Store::place_order`] for a placement on a thread of its own: `waiting` is called
    /// once when it starts waiting for another program's lock, and the wait gives up
    /// (as [`PlaceError::Busy`]) within a moment of `stop` being set (the program quits).
    pub fn place_order_watched(
        &mut self,
        req: &OrderRequest,
        operator: &str,
        now: NaiveDateTime,
        waiting: Box<dyn Fn() + Send>,
        stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    ) -> Result<PlacedOrder, PlaceError> {
        self.waiting(super::Wait::Watched { waiting, stop }, |store| store.place_order(req, operator, now))
    }
}

/// Checks first (for precise refusals), then writes.
fn checked_writes(
    tx: &dyn Db,
    req: &OrderRequest,
    operator: &str,
    now: NaiveDateTime,
) -> Result<PlacedOrder, PlaceError> {
    let extension = checks(tx, req)?;
    writes(tx, req, extension, operator, now)
}

/// Every check of a placement, reading only (and locking the customer): a refusal here has
/// written nothing. Where the order's extension comes from.
fn checks(tx: &dyn Db, req: &OrderRequest) -> Result<check::ExtensionPlan, PlaceError> {
    // Placements for one customer take turns from here (PostgreSQL; SQLite's transaction
    // holds the file): its users, numbers and extensions are checked and written as read.
    crate::store::sql::lock_row(tx, "customers", req.customer_id)?;
    let customer = check::customer(tx, req)?;
    check::user(tx, req)?;
    check::sim(tx, req)?;
    check::number(tx, req)?;
    check::extension(tx, req, &customer)
}

/// The writes of a placement whose [`checks`] passed.
fn writes(
    tx: &dyn Db,
    req: &OrderRequest,
    extension: check::ExtensionPlan,
    operator: &str,
    now: NaiveDateTime,
) -> Result<PlacedOrder, PlaceError> {
    let user_id = match &req.user {
        UserChoice::Existing(id) => *id,
        UserChoice::New(u) => write::new_user(tx, req.customer_id, u)?,
    };
    let (id, order_no) = write::order(tx, req, user_id, operator, now)?;
    write::link_user(tx, user_id, id)?;
    write::assign_sim(tx, &req.sim, id)?;
    write::assign_number(tx, req, id)?;
    match extension {
        check::ExtensionPlan::New => write::extension(tx, req, user_id, id)?,
        check::ExtensionPlan::Attach(row) => write::attach_extension(tx, req, row, id)?,
    }
    write::addons(tx, id, &req.addons)?;
    if req.auto_invoice {
        write::invoice_items(tx, req, id)?;
    }
    super::orders::write_search(tx, id)?;
    let pending = req.pending_reasons();
    write::first_state(tx, id, operator, now, &pending)?;
    Ok(PlacedOrder { id, order_no, pending })
}
