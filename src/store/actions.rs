//! The overview's actions on a placed order. Each is one `IMMEDIATE` transaction that reads
//! the order's status, checks the action against it (`domain::lifecycle`), writes, and adds
//! an entry to the state history. A refusal writes nothing.

use super::place::write::TIME_FORMAT;
use super::{Store, StoreError};
use crate::domain::lifecycle::{self, Action, ActionError, OrderState, OrderStatus};
use crate::domain::model::SimId;
use crate::domain::pricing::{InvoiceLine, OrderProducts};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

/// An action with what it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionRequest {
    /// Link this free SIM.
    LinkSim(SimId),
    /// Write these invoice items (priced by the caller from the catalog).
    CreateInvoiceItems(Vec<InvoiceLine>),
    PortingDone,
    Cancel,
}

impl ActionRequest {
    /// The action this carries out.
    pub fn action(&self) -> Action {
        match self {
            ActionRequest::LinkSim(_) => Action::LinkSim,
            ActionRequest::CreateInvoiceItems(_) => Action::CreateInvoiceItems,
            ActionRequest::PortingDone => Action::PortingDone,
            ActionRequest::Cancel => Action::Cancel,
        }
    }
}

/// Why an action was not carried out; nothing was written.
#[derive(Debug, thiserror::Error)]
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

impl From<rusqlite::Error> for ActionFailure {
    fn from(e: rusqlite::Error) -> Self {
        ActionFailure::Store(StoreError::Db(e))
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
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = status(&tx, order_id)?.ok_or(ActionFailure::NoSuchOrder)?;
        lifecycle::check(request.action(), before).map_err(ActionFailure::Refused)?;
        let detail = write(&tx, order_id, request)?;
        let after = lifecycle::after(request.action(), before);
        tx.execute(
            "UPDATE orders SET state = ?2, waits_for_sim = ?3, waits_for_port = ?4 WHERE id = ?1",
            params![order_id, after.state.as_str(), after.waits_for_sim, after.waits_for_port],
        )?;
        let reason = history_reason(request.action(), &detail, after);
        tx.execute(
            "INSERT INTO order_states (order_id, at, operator, from_state, to_state, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![order_id, now.format(TIME_FORMAT).to_string(), operator, before.state.as_str(), after.state.as_str(), reason],
        )?;
        tx.commit()?;
        Ok(after)
    }

    /// What an order bought, for creating its invoice items later.
    pub fn order_products(&self, order_id: i64) -> Result<Option<OrderProducts>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT voice, data, sms, sim_option, number_type, start_date, term_months FROM orders WHERE id = ?1",
                params![order_id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, u16>(6)?,
                    ))
                },
            )
            .optional()?;
        let Some((voice, data, sms, sim_option, number_type, start, term_months)) = row else { return Ok(None) };
        let start_date = NaiveDate::parse_from_str(&start, "%Y-%m-%d").map_err(|_| {
            StoreError::Db(rusqlite::Error::InvalidColumnType(5, "start_date".into(), rusqlite::types::Type::Text))
        })?;
        let mut stmt = self.conn.prepare_cached("SELECT addon FROM order_addons WHERE order_id = ?1 ORDER BY rowid")?;
        let addons = stmt.query_map(params![order_id], |r| r.get(0))?.collect::<Result<Vec<String>, _>>()?;
        Ok(Some(OrderProducts { voice, data, sms, addons, sim_option, number_type, start_date, term_months }))
    }
}

/// The order's status as stored, read inside the transaction.
fn status(tx: &Transaction, order_id: i64) -> Result<Option<OrderStatus>, ActionFailure> {
    let row = tx
        .query_row(
            "SELECT state, waits_for_sim, waits_for_port, auto_invoice,
                    EXISTS (SELECT 1 FROM invoice_items WHERE order_id = ?1)
               FROM orders WHERE id = ?1",
            params![order_id],
            |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    Ok(row.map(|(state, waits_for_sim, waits_for_port, auto_invoice, invoiced)| OrderStatus {
        state: OrderState::parse(&state).unwrap_or(OrderState::Pending),
        waits_for_sim,
        waits_for_port,
        auto_invoice,
        invoiced,
    }))
}

/// The writes of each action; returns a detail for the history (the linked ICCID).
fn write(tx: &Transaction, order_id: i64, request: &ActionRequest) -> Result<String, ActionFailure> {
    match request {
        ActionRequest::LinkSim(sim_id) => link_sim(tx, order_id, *sim_id),
        ActionRequest::CreateInvoiceItems(lines) => {
            invoice_items(tx, order_id, lines)?;
            Ok(String::new())
        }
        ActionRequest::PortingDone => Ok(String::new()),
        ActionRequest::Cancel => {
            free_resources(tx, order_id)?;
            Ok(String::new())
        }
    }
}

fn link_sim(tx: &Transaction, order_id: i64, sim_id: SimId) -> Result<String, ActionFailure> {
    let (iccid, holder): (String, Option<String>) = tx
        .query_row(
            "SELECT s.iccid, o.order_no FROM sims s LEFT JOIN orders o ON o.id = s.order_id WHERE s.id = ?1",
            params![sim_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(ActionFailure::SimTaken { iccid: sim_id.to_string(), by_order: None })?;
    let changed = tx.execute(
        "UPDATE sims SET state = 'assigned', order_id = ?2 WHERE id = ?1 AND state = 'free'",
        params![sim_id, order_id],
    )?;
    if changed != 1 {
        return Err(ActionFailure::SimTaken { iccid, by_order: holder });
    }
    tx.execute("UPDATE orders SET iccid = ?2 WHERE id = ?1", params![order_id, iccid])?;
    Ok(iccid)
}

fn invoice_items(tx: &Transaction, order_id: i64, lines: &[InvoiceLine]) -> Result<(), ActionFailure> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO invoice_items (order_id, customer_id, product, text, amount_cents, charge, start_date, term_months)
         SELECT ?1, customer_id, ?2, ?3, ?4, ?5, ?6, ?7 FROM orders WHERE id = ?1",
    )?;
    for l in lines {
        stmt.execute(params![
            order_id,
            l.product,
            l.text,
            l.amount_cents,
            l.charge.as_str(),
            l.start_date.to_string(),
            l.term_months
        ])?;
    }
    Ok(())
}

/// Cancelling frees the SIM, the number and the extension for reuse, and the user's mobile
/// line; the order row keeps copies of them for its history.
fn free_resources(tx: &Transaction, order_id: i64) -> Result<(), ActionFailure> {
    tx.execute("UPDATE sims SET state = 'free', order_id = NULL WHERE order_id = ?1", params![order_id])?;
    tx.execute("UPDATE numbers SET order_id = NULL WHERE order_id = ?1 AND source = 'pool'", params![order_id])?;
    // A ported number was never the customer's: it goes with the cancelled porting.
    tx.execute("DELETE FROM numbers WHERE order_id = ?1 AND source = 'port'", params![order_id])?;
    // An extension the order created goes; one the user had before is his again.
    tx.execute("DELETE FROM extensions WHERE order_id = ?1 AND attached = 0", params![order_id])?;
    tx.execute("UPDATE extensions SET order_id = NULL, attached = 0 WHERE order_id = ?1", params![order_id])?;
    tx.execute("UPDATE users SET mobile_order_id = NULL WHERE mobile_order_id = ?1", params![order_id])?;
    Ok(())
}

/// The reason kept in the history: the action, its detail, and what is still awaited.
fn history_reason(action: Action, detail: &str, after: OrderStatus) -> String {
    let name = match action {
        Action::LinkSim => "sim linked",
        Action::CreateInvoiceItems => "invoice items created",
        Action::PortingDone => "porting done",
        Action::Cancel => "cancelled",
    };
    let mut reason = if detail.is_empty() { name.to_string() } else { format!("{name}: {detail}") };
    let waiting = lifecycle::pending_reason(after);
    if after.state == OrderState::Pending && !waiting.is_empty() {
        reason.push_str(&format!("; waits for {waiting}"));
    }
    reason
}
