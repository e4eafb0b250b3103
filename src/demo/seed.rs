//! Writes the demo's data into a store, as the store's own rows: one transaction, all of it
//! or, on any error, none of it.

use super::{DemoCustomer, DemoData, Generator};
use crate::store::{NewCustomer, SeedCustomer, SeedTx, Store, StoreError};
use std::sync::mpsc;

/// How many customers go to the store at a time.
const BATCH: usize = 1_000;

/// Writes `data` into `store` in one transaction.
pub fn seed(store: &mut Store, data: &DemoData) -> Result<(), StoreError> {
    let mut tx = store.begin_seed()?;
    for batch in data.customers.chunks(BATCH) {
        let rows: Vec<SeedCustomer> = batch.iter().cloned().map(row).collect();
        tx.customers(&rows)?;
    }
    tx.sims(&data.sims)?;
    tx.commit()
}

/// Writes the data [`super::generate`] would give for `seed` and `customers` into `store`, in
/// one transaction, as [`seed`] does; generated on a thread of its own while this one writes,
/// a batch at a time, so that the whole list is never in memory.
pub fn seed_generated(store: &mut Store, seed: u64, customers: usize) -> Result<(), StoreError> {
    // A few batches ahead at most: the writer sets the pace.
    let (send, receive) = mpsc::sync_channel::<Vec<SeedCustomer>>(4);
    std::thread::scope(|scope| {
        let generator = scope.spawn(move || {
            let mut generator = Generator::new(seed);
            let mut left = customers;
            while left > 0 {
                let n = left.min(BATCH);
                left -= n;
                let batch = (0..n).map(|_| row(generator.customer())).collect();
                if send.send(batch).is_err() {
                    // The writer has stopped (an error): nothing more to make.
                    return None;
                }
            }
            Some(generator.sims(customers))
        });
        let written = write(store, receive);
        // The generator ends on its own: it has made everything, or finds the writer gone.
        let sims = generator.join();
        let mut tx = written?;
        match sims {
            Ok(Some(sims)) => tx.sims(&sims)?,
            // Not reached: the generator stops early only when the writer has gone.
            Ok(None) => return Err(StoreError::Constraint),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        tx.commit()
    })
}

/// Begins the seeding and writes every batch `receive` gets, until the generator is done.
fn write(store: &mut Store, receive: mpsc::Receiver<Vec<SeedCustomer>>) -> Result<SeedTx<'_>, StoreError> {
    let mut tx = store.begin_seed()?;
    for batch in receive {
        tx.customers(&batch)?;
    }
    Ok(tx)
}

/// One customer with its users, extensions and numbers, as the store's rows.
fn row(c: DemoCustomer) -> SeedCustomer {
    let customer = NewCustomer {
        number: c.number,
        name: c.name,
        city: c.city,
        dial_plan_len: c.dial_plan_len,
        area_code: c.area_code,
    };
    SeedCustomer::new(customer, c.users, c.extensions, c.numbers)
}
