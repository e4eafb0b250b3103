//! The writes of `place_order`, after the checks passed. Each guarded update also refuses
//! if its row changed meanwhile, on top of the schema's constraints.

use super::error::{PlaceError, Taken};
use crate::domain::order::{NewUser, NumberAssignment, OrderRequest, PendingReason, SimAssignment};
use crate::domain::pricing::InvoiceLine;
use crate::store::import::{ImportedExtension, ImportedNumber};
use crate::store::rows::{self, NumberSource};
use crate::store::sql::{Db, Dialect, Param, args};
use crate::store::texts;
use chrono::{Datelike, NaiveDateTime};

/// Dates and times as stored: ISO 8601 text, which sorts and parses on any engine.
pub(in crate::store) const TIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// The order number: `CO-2026-000042`.
pub fn order_no(now: NaiveDateTime, id: i64) -> String {
    format!("CO-{}-{id:06}", now.year())
}

/// Creates the user ordered with the mobile line; returns its id. A user name taken
/// meanwhile (the checks ran first) is [`Taken::Username`].
pub fn new_user(tx: &dyn Db, customer_id: i64, u: &NewUser) -> Result<i64, PlaceError> {
    match rows::user(tx, customer_id, u)? {
        Some(id) => Ok(id),
        None => Err(PlaceError::Taken { item: Taken::Username(u.username.clone()), by_order: None }),
    }
}

/// Inserts the order row; returns its id and order number.
///
/// The id is chosen here (not left to the engine) because the order number contains it and
/// is `NOT NULL UNIQUE`. SQLite: the next after the largest, which no other writer can take
/// in between (the transaction holds the write lock). PostgreSQL: the next of the column's
/// sequence, which no two transactions are given.
pub fn order(
    tx: &dyn Db,
    req: &OrderRequest,
    user_id: i64,
    operator: &str,
    now: NaiveDateTime,
) -> Result<(i64, String), PlaceError> {
    let id: i64 = match tx.dialect() {
        Dialect::Sqlite => tx.value("SELECT COALESCE(MAX(id), 0) + 1 FROM orders", args![])?,
        // Concurrent transactions do not wait for each other here: each takes its own id
        // from the sequence, where MAX + 1 would make every two of them collide.
        Dialect::Postgres => tx.value("SELECT nextval(pg_get_serial_sequence('orders', 'id'))", args![])?,
    };
    let no = order_no(now, id);
    let pending = req.pending_reasons();
    let (iccid, donor, port_date) = sim_and_port(req);
    let (iccid, created_at, start_date) = (iccid, now.format(TIME_FORMAT).to_string(), req.start_date.to_string());
    let (e164, state, waits_for_sim, waits_for_port) = (
        req.number.e164(),
        state(&pending),
        pending.contains(&PendingReason::Sim),
        pending.contains(&PendingReason::Porting),
    );
    let fixed: &[&dyn Param] = &[
        &id,
        &no,
        &created_at,
        &operator,
        &req.customer_id,
        &req.portfolio,
        &start_date,
        &req.term,
        &req.term_months,
        &req.voice,
        &req.data,
        &req.sms,
        &user_id,
        &req.sim_option,
        &iccid,
        &req.number_type,
        &e164,
        &donor,
        &port_date,
        &req.extension,
        &req.display_name,
        &req.area_code,
        &req.pin_hash,
        &req.pin_must_change,
        &req.auto_invoice,
        &state,
        &waits_for_sim,
        &waits_for_port,
    ];
    // The order texts (the reference...) follow, one column each, from the field table.
    let text_values: Vec<&str> = req.texts.iter().map(|(_, v)| v).collect();
    let values: Vec<&dyn Param> = fixed.iter().copied().chain(text_values.iter().map(|v| v as &dyn Param)).collect();
    let placeholders: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
    let sql = format!(
        "INSERT INTO orders (id, order_no, created_at, operator, customer_id, portfolio,
            start_date, term, term_months, voice, data, sms, user_id, sim_option, iccid, number_type,
            e164, donor, port_date, extension, display_name, area_code, pin_hash, pin_must_change,
            auto_invoice, state, waits_for_sim, waits_for_port{})
         VALUES ({})",
        texts::columns(""),
        placeholders.join(", ")
    );
    tx.exec(&sql, &values)?;
    Ok((id, no))
}

/// The ICCID copy (kept for the history even if the SIM row changes), donor and port date.
fn sim_and_port(req: &OrderRequest) -> (Option<&str>, Option<&str>, Option<String>) {
    let iccid = match &req.sim {
        SimAssignment::Now { iccid, .. } => Some(iccid.as_str()),
        SimAssignment::Later => None,
    };
    match &req.number {
        NumberAssignment::Port { donor, date, .. } => (iccid, Some(donor.as_str()), date.map(|d| d.to_string())),
        NumberAssignment::New { .. } => (iccid, None, None),
    }
}

/// `pending` while the order waits for something, else `active`.
fn state(pending: &[PendingReason]) -> &'static str {
    if pending.is_empty() { "active" } else { "pending" }
}

/// The reasons as stored in the state history: `sim`, `porting` or `sim,porting`.
fn reason_text(pending: &[PendingReason]) -> String {
    let names: Vec<&str> = pending
        .iter()
        .map(|r| match r {
            PendingReason::Sim => "sim",
            PendingReason::Porting => "porting",
        })
        .collect();
    names.join(",")
}

/// Gives the user its mobile line.
pub fn link_user(tx: &dyn Db, user_id: i64, order_id: i64) -> Result<(), PlaceError> {
    let changed = tx.exec(
        "UPDATE users SET mobile_order_id = ?1 WHERE id = ?2 AND mobile_order_id IS NULL",
        args![order_id, user_id],
    )?;
    guard(changed, Taken::UserHasMobile)
}

/// Assigns the SIM from stock, if one is assigned now.
pub fn assign_sim(tx: &dyn Db, sim: &SimAssignment, order_id: i64) -> Result<(), PlaceError> {
    let SimAssignment::Now { id, iccid } = sim else {
        return Ok(());
    };
    let changed = tx.exec(
        "UPDATE sims SET state = 'assigned', order_id = ?1 WHERE id = ?2 AND state = 'free'",
        args![order_id, id],
    )?;
    guard(changed, Taken::Sim(iccid.clone()))
}

/// Takes the pool number, or records the ported number as the customer's.
pub fn assign_number(tx: &dyn Db, req: &OrderRequest, order_id: i64) -> Result<(), PlaceError> {
    match &req.number {
        NumberAssignment::New { id, e164 } => {
            let changed =
                tx.exec("UPDATE numbers SET order_id = ?1 WHERE id = ?2 AND order_id IS NULL", args![order_id, id])?;
            guard(changed, Taken::Number(e164.clone()))
        }
        NumberAssignment::Port { e164, .. } => {
            let row = ImportedNumber { customer_id: req.customer_id, e164: e164.clone() };
            let written = rows::number(tx, &row, NumberSource::Port, Some(order_id))?;
            inserted(written, Taken::Number(e164.clone()))
        }
    }
}

/// Adds the FMC extension to the customer's PBX, named with the display name.
pub fn extension(tx: &dyn Db, req: &OrderRequest, user_id: i64, order_id: i64) -> Result<(), PlaceError> {
    let row = ImportedExtension {
        customer_id: req.customer_id,
        number: req.extension.clone(),
        name: req.display_name.clone(),
    };
    let written = rows::extension(tx, &row, Some(user_id), Some(order_id))?;
    inserted(written, Taken::Extension(req.extension.clone()))
}

/// Puts the mobile line on the extension the existing user already has; `attached` lets a
/// cancellation give it back instead of deleting it. The extension keeps its own name (the
/// PBX's name for the user's line, which he had before this order): the order's display
/// name is kept on the order only, so neither placing nor cancelling renames it.
pub fn attach_extension(tx: &dyn Db, req: &OrderRequest, row: i64, order_id: i64) -> Result<(), PlaceError> {
    let changed = tx.exec(
        "UPDATE extensions SET order_id = ?1, attached = TRUE WHERE id = ?2 AND order_id IS NULL",
        args![order_id, row],
    )?;
    guard(changed, Taken::Extension(req.extension.clone()))
}

/// Records the ordered add-ons.
pub fn addons(tx: &dyn Db, order_id: i64, addons: &[String]) -> Result<(), PlaceError> {
    for addon in addons {
        tx.exec("INSERT INTO order_addons (order_id, addon) VALUES (?1, ?2)", args![order_id, addon])?;
    }
    Ok(())
}

/// Writes the customer's invoice items.
pub fn invoice_items(tx: &dyn Db, req: &OrderRequest, order_id: i64) -> Result<(), PlaceError> {
    for line in &req.invoice_lines {
        let InvoiceLine { product, text, amount_cents, charge, start_date, term_months } = line;
        tx.exec(
            "INSERT INTO invoice_items (order_id, customer_id, product, text, amount_cents, charge, start_date,
                term_months)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            args![
                order_id,
                req.customer_id,
                product,
                text,
                amount_cents,
                charge.as_str(),
                start_date.to_string(),
                term_months
            ],
        )?;
    }
    Ok(())
}

/// The first entry of the order's state history.
pub fn first_state(
    tx: &dyn Db,
    order_id: i64,
    operator: &str,
    now: NaiveDateTime,
    pending: &[PendingReason],
) -> Result<(), PlaceError> {
    tx.exec(
        "INSERT INTO order_states (order_id, at, operator, from_state, to_state, reason)
         VALUES (?1, ?2, ?3, NULL, ?4, ?5)",
        args![order_id, now.format(TIME_FORMAT).to_string(), operator, state(pending), reason_text(pending)],
    )?;
    Ok(())
}

/// A row that [`rows`] skipped because its key exists: someone was quicker.
fn inserted(written: Option<i64>, item: Taken) -> Result<(), PlaceError> {
    written.map(drop).ok_or(PlaceError::Taken { item, by_order: None })
}

/// A guarded update that changed no row means the resource went in the meantime.
fn guard(changed: usize, item: Taken) -> Result<(), PlaceError> {
    if changed == 1 { Ok(()) } else { Err(PlaceError::Taken { item, by_order: None }) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_and_reasons() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).and_then(|d| d.and_hms_opt(9, 0, 0)).unwrap();
        assert_eq!(order_no(now, 42), "CO-2026-000042");
        assert_eq!(reason_text(&[PendingReason::Sim, PendingReason::Porting]), "sim,porting");
        assert_eq!(reason_text(&[]), "");
        assert_eq!(state(&[]), "active");
        assert_eq!(state(&[PendingReason::Porting]), "pending");
    }
}
