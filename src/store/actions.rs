//! The overview's actions on a placed order. Each is one write transaction
//! (`Store::write`) that locks the order, reads its status, checks the action against it
//! (`domain::lifecycle`), writes, and adds an entry to the state history. A refusal writes
//! nothing.

use super::place::write::TIME_FORMAT;
use super::sql::{Db, SqlError, TxError, args};
use super::{Store, StoreError};
use crate::domain::lifecycle::{
    self, Action, ActionError, CancelReason, HistoryEvent, HistoryReason, OrderState, OrderStatus,
};
use crate::domain::model::SimId;
use crate::domain::pricing::{self, Charge, InvoiceLine, OnCancel, OrderProducts};
use chrono::{NaiveDate, NaiveDateTime};

/// An action with what it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum ActionRequest {
    /// Link this free SIM.
    LinkSim(SimId),
    /// Write these invoice items (priced by the caller from the catalog).
    CreateInvoiceItems(Vec<InvoiceLine>),
    PortingDone,
    /// Cancel, for this reason.
    Cancel(CancelReason),
}

impl ActionRequest {
    /// The action this carries out.
    pub fn action(&self) -> Action {
        match self {
            ActionRequest::LinkSim(_) => Action::LinkSim,
            ActionRequest::CreateInvoiceItems(_) => Action::CreateInvoiceItems,
            ActionRequest::PortingDone => Action::PortingDone,
            ActionRequest::Cancel(_) => Action::Cancel,
        }
    }
}

/// Why an action was not carried out; nothing was written.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum ActionFailure {
    #[error("no such order")]
    NoSuchOrder,
    /// The action does not fit the order's state (any more).
    #[error("{0}")]
    Refused(ActionError),
    /// The SIM was taken in the meantime, by the order named if it has one.
    #[error("SIM {iccid} is already taken")]
    SimTaken { iccid: String, by_order: Option<String> },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<SqlError> for ActionFailure {
    fn from(e: SqlError) -> Self {
        ActionFailure::Store(StoreError::from(e))
    }
}

impl TxError for ActionFailure {
    fn is_retry(&self) -> bool {
        matches!(self, ActionFailure::Store(e) if e.is_retry())
    }

    fn gave_up() -> Self {
        ActionFailure::Store(StoreError::Busy)
    }
}

impl Store {
    /// Carries out an action on an order, as `operator` at `now`. Returns the new status.
    pub fn act(
        &mut self,
        order_id: i64,
        request: &ActionRequest,
        operator: &str,
        now: NaiveDateTime,
    ) -> Result<OrderStatus, ActionFailure> {
        self.write(|tx| act_in(tx, order_id, request, operator, now))
    }
}

/// [`Store::act`] inside the caller's transaction (also the bulk placing of `place::bulk`).
pub(super) fn act_in(
    tx: &dyn Db,
    order_id: i64,
    request: &ActionRequest,
    operator: &str,
    now: NaiveDateTime,
) -> Result<OrderStatus, ActionFailure> {
    // Actions on one order take turns (PostgreSQL; SQLite's transaction holds the file).
    super::sql::lock_row(tx, "orders", order_id)?;
    let before = status(tx, order_id)?.ok_or(ActionFailure::NoSuchOrder)?;
    lifecycle::check(request.action(), before).map_err(ActionFailure::Refused)?;
    let event = write(tx, order_id, request, now.date())?;
    let after = lifecycle::after(request.action(), before);
    tx.exec(
        "UPDATE orders SET state = ?2, waits_for_sim = ?3, waits_for_port = ?4 WHERE id = ?1",
        args![order_id, after.state.as_str(), after.waits_for_sim, after.waits_for_port],
    )?;
    // The search key holds the ICCID: it follows the order in the same transaction.
    super::orders::write_search(tx, order_id)?;
    let reason = HistoryReason::new(event, after).to_stored();
    tx.exec(
        "INSERT INTO order_states (order_id, at, operator, from_state, to_state, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![order_id, now.format(TIME_FORMAT).to_string(), operator, before.state.as_str(), after.state.as_str(), reason],
    )?;
    Ok(after)
}

impl Store {
    /// What an order bought, for creating its invoice items later.
    pub fn order_products(&self, order_id: i64) -> Result<Option<OrderProducts>, StoreError> {
        let row = self.db().opt(
            "SELECT voice, data, sms, sim_option, number_type, start_date, term_months FROM orders WHERE id = ?1",
            args![order_id],
            |r| {
                Ok((
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<String>(3)?,
                    r.get::<String>(4)?,
                    r.get::<String>(5)?,
                    r.get::<u16>(6)?,
                ))
            },
        )?;
        let Some((voice, data, sms, sim_option, number_type, start, term_months)) = row else { return Ok(None) };
        let start_date = NaiveDate::parse_from_str(&start, "%Y-%m-%d").map_err(|_| {
            StoreError::from(SqlError::Type { column: 5, wanted: "a date (start_date)", found: start.clone() })
        })?;
        let addons = self.order_addons(order_id)?;
        Ok(Some(OrderProducts { voice, data, sms, addons, sim_option, number_type, start_date, term_months }))
    }
}

/// The order's status as stored, read inside the transaction.
fn status(tx: &dyn Db, order_id: i64) -> Result<Option<OrderStatus>, ActionFailure> {
    let row = tx.opt(
        "SELECT state, waits_for_sim, waits_for_port, auto_invoice,
                EXISTS (SELECT 1 FROM invoice_items WHERE order_id = ?1)
           FROM orders WHERE id = ?1",
        args![order_id],
        |r| Ok((r.get::<String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    Ok(row.map(|(state, waits_for_sim, waits_for_port, auto_invoice, invoiced)| OrderStatus {
        state: OrderState::parse(&state).unwrap_or(OrderState::Pending),
        waits_for_sim,
        waits_for_port,
        auto_invoice,
        invoiced,
    }))
}

/// The writes of each action; returns what the history records of it.
fn write(tx: &dyn Db, order_id: i64, request: &ActionRequest, today: NaiveDate) -> Result<HistoryEvent, ActionFailure> {
    match request {
        ActionRequest::LinkSim(sim_id) => link_sim(tx, order_id, *sim_id).map(HistoryEvent::SimLinked),
        ActionRequest::CreateInvoiceItems(lines) => {
            invoice_items(tx, order_id, lines)?;
            Ok(HistoryEvent::InvoiceItemsCreated)
        }
        ActionRequest::PortingDone => Ok(HistoryEvent::PortingDone),
        ActionRequest::Cancel(reason) => {
            free_resources(tx, order_id)?;
            let (ended, dropped) = end_invoice_items(tx, order_id, today)?;
            Ok(HistoryEvent::Cancelled { reason: Some(*reason), ended, dropped })
        }
    }
}

/// Ends the billing of a cancelled order (`pricing::on_cancel` decides each item): running
/// items end on `today`, items never billed are removed. Returns (ended, removed).
fn end_invoice_items(tx: &dyn Db, order_id: i64, today: NaiveDate) -> Result<(usize, usize), ActionFailure> {
    let was_active: bool = tx.value(
        "SELECT EXISTS (SELECT 1 FROM order_states WHERE order_id = ?1 AND to_state = 'active')",
        args![order_id],
    )?;
    let items: Vec<(i64, String, String)> = tx.rows(
        "SELECT id, charge, start_date FROM invoice_items WHERE order_id = ?1 AND end_date IS NULL",
        args![order_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let (mut ended, mut dropped) = (0, 0);
    for (id, charge, start) in items {
        // The CHECK constraint allows only the two charges, and dates are written as ISO text;
        // should a row hold anything else, it is ended rather than kept running.
        let charge = Charge::parse(&charge).unwrap_or(Charge::Monthly);
        let start = NaiveDate::parse_from_str(&start, "%Y-%m-%d").unwrap_or(today);
        match pricing::on_cancel(charge, start, was_active, today) {
            OnCancel::Keep => {}
            OnCancel::EndOn(day) => {
                tx.exec("UPDATE invoice_items SET end_date = ?2 WHERE id = ?1", args![id, day.to_string()])?;
                ended += 1;
            }
            OnCancel::Drop => {
                tx.exec("DELETE FROM invoice_items WHERE id = ?1", args![id])?;
                dropped += 1;
            }
        }
    }
    Ok((ended, dropped))
}

fn link_sim(tx: &dyn Db, order_id: i64, sim_id: SimId) -> Result<String, ActionFailure> {
    let (iccid, holder): (String, Option<String>) = tx
        .opt(
            "SELECT s.iccid, o.order_no FROM sims s LEFT JOIN orders o ON o.id = s.order_id WHERE s.id = ?1",
            args![sim_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .ok_or(ActionFailure::SimTaken { iccid: sim_id.to_string(), by_order: None })?;
    let changed = tx.exec(
        "UPDATE sims SET state = 'assigned', order_id = ?2 WHERE id = ?1 AND state = 'free'",
        args![sim_id, order_id],
    )?;
    if changed != 1 {
        return Err(ActionFailure::SimTaken { iccid, by_order: holder });
    }
    tx.exec("UPDATE orders SET iccid = ?2 WHERE id = ?1", args![order_id, iccid])?;
    Ok(iccid)
}

fn invoice_items(tx: &dyn Db, order_id: i64, lines: &[InvoiceLine]) -> Result<(), ActionFailure> {
    for l in lines {
        tx.exec(
            "INSERT INTO invoice_items (order_id, customer_id, product, text, amount_cents, charge, start_date,
                term_months)
             SELECT ?1, customer_id, ?2, ?3, ?4, ?5, ?6, ?7 FROM orders WHERE id = ?1",
            args![
                order_id,
                l.product,
                l.text,
                l.amount_cents,
                l.charge.as_str(),
                l.start_date.to_string(),
                l.term_months
            ],
        )?;
    }
    Ok(())
}

/// Cancelling frees the SIM, the number and the extension for reuse, and the user's mobile
/// line; the order row keeps copies of them for its history.
fn free_resources(tx: &dyn Db, order_id: i64) -> Result<(), ActionFailure> {
    tx.exec("UPDATE sims SET state = 'free', order_id = NULL WHERE order_id = ?1", args![order_id])?;
    tx.exec("UPDATE numbers SET order_id = NULL WHERE order_id = ?1 AND source = 'pool'", args![order_id])?;
    // A ported number was never the customer's: it goes with the cancelled porting.
    tx.exec("DELETE FROM numbers WHERE order_id = ?1 AND source = 'port'", args![order_id])?;
    // An extension the order created goes; one the user had before is his again.
    tx.exec("DELETE FROM extensions WHERE order_id = ?1 AND attached = FALSE", args![order_id])?;
    tx.exec("UPDATE extensions SET order_id = NULL, attached = FALSE WHERE order_id = ?1", args![order_id])?;
    tx.exec("UPDATE users SET mobile_order_id = NULL WHERE mobile_order_id = ?1", args![order_id])?;
    Ok(())
}
