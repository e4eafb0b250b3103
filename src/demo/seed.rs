//! Writes the demo's data into a store, as the store's own rows: one transaction, all of it
//! or, on any error, none of it.

use super::{DemoCustomer, DemoData};
use crate::store::{ImportedExtension, ImportedNumber, ImportedUser, NewCustomer, SeedTx, Store, StoreError};

/// Writes `data` into `store` in one transaction.
pub fn seed(store: &mut Store, data: &DemoData) -> Result<(), StoreError> {
    let mut tx = store.begin_seed()?;
    for c in &data.customers {
        customer(&mut tx, c)?;
    }
    for iccid in &data.sims {
        tx.sim(iccid)?;
    }
    tx.commit()
}

/// One customer with its users, extensions and numbers.
fn customer(tx: &mut SeedTx, c: &DemoCustomer) -> Result<(), StoreError> {
    let id = tx.customer(&NewCustomer {
        number: c.number.clone(),
        name: c.name.clone(),
        city: c.city.clone(),
        dial_plan_len: c.dial_plan_len,
        area_code: c.area_code.clone(),
    })?;
    let mut user_ids = Vec::with_capacity(c.users.len());
    for u in &c.users {
        user_ids.push(tx.user(&ImportedUser::new(id, u))?);
    }
    for e in &c.extensions {
        let user = e.user.and_then(|i| user_ids.get(i).copied());
        tx.extension(&ImportedExtension { customer_id: id, number: e.number.clone(), name: e.name.clone() }, user)?;
    }
    for n in &c.numbers {
        tx.number(&ImportedNumber { customer_id: id, e164: n.clone() })?;
    }
    Ok(())
}
