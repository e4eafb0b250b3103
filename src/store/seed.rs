//! Bulk loading of demo data: one transaction, prepared statements, no per-row parsing.

use super::{Store, StoreError};
use crate::demo::{DemoCustomer, DemoData};
use rusqlite::{Statement, Transaction, TransactionBehavior, params};

/// The prepared inserts, reused for every row.
struct Inserts<'t> {
    customer: Statement<'t>,
    user: Statement<'t>,
    extension: Statement<'t>,
    number: Statement<'t>,
}

impl<'t> Inserts<'t> {
    fn prepare(tx: &'t Transaction) -> rusqlite::Result<Self> {
        Ok(Inserts {
            customer: tx.prepare(
                "INSERT INTO customers (number, name, city, dial_plan_len, area_code, name_key, words)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            user: tx.prepare(
                "INSERT INTO users (customer_id, username, first_name, prefix, last_name, email, language)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            extension: tx
                .prepare("INSERT INTO extensions (customer_id, number, name, user_id) VALUES (?1, ?2, ?3, ?4)")?,
            number: tx.prepare("INSERT INTO numbers (customer_id, e164, source) VALUES (?1, ?2, 'pool')")?,
        })
    }

    /// Inserts one customer with its users, extensions and numbers.
    fn customer(&mut self, c: &DemoCustomer) -> rusqlite::Result<()> {
        let (name_key, words) = super::search::customer_keys(&c.name, &c.number, &c.city);
        let id =
            self.customer.insert(params![c.number, c.name, c.city, c.dial_plan_len, c.area_code, name_key, words])?;
        let mut user_ids = Vec::with_capacity(c.users.len());
        for u in &c.users {
            user_ids.push(self.user.insert(params![
                id,
                u.username,
                u.first_name,
                u.prefix,
                u.last_name,
                u.email,
                u.language
            ])?);
        }
        for e in &c.extensions {
            let user_id = e.user.and_then(|i| user_ids.get(i).copied());
            self.extension.execute(params![id, e.number, e.name, user_id])?;
        }
        for n in &c.numbers {
            self.number.execute(params![id, n])?;
        }
        Ok(())
    }
}

impl Store {
    /// Writes demo data in one transaction: all of it or, on any error, none of it.
    pub fn seed(&mut self, data: &DemoData) -> Result<(), StoreError> {
        // As an import does: a million customers' index pages stay in memory (a bound, not
        // an allocation).
        self.conn.pragma_update(None, "cache_size", -super::import::IMPORT_CACHE_KIB)?;
        // IMMEDIATE: take the write lock up front rather than fail half-way on a busy file.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut inserts = Inserts::prepare(&tx)?;
            for c in &data.customers {
                inserts.customer(c)?;
            }
            insert_sims(&tx, &data.sims)?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Adds free SIMs to the stock.
fn insert_sims(tx: &Transaction, iccids: &[String]) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare("INSERT INTO sims (iccid, last4, state) VALUES (?1, ?2, 'free')")?;
    for iccid in iccids {
        // `get` rather than slicing: a short or non-ASCII ICCID is left to the CHECK constraint.
        let last4 = iccid.get(iccid.len().saturating_sub(4)..).unwrap_or_default();
        stmt.execute(params![iccid, last4])?;
    }
    Ok(())
}
