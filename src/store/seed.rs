//! Bulk loading in one transaction (the demo's data), through the same inserts as imports
//! and placing ([`super::rows`]). The store knows nothing of the demo: the demo hands it the
//! store's own rows.

use super::import::{ImportedExtension, ImportedNumber, ImportedUser, NewCustomer};
use super::rows::{self, NumberSource};
use super::{Store, StoreError};
use crate::domain::model::{CustomerId, UserId};
use rusqlite::{Transaction, TransactionBehavior};

/// A seeding transaction: every row is written into it, [`SeedTx::commit`] keeps all of them,
/// and an error or drop keeps none. Unlike an import, a key that exists already is an error
/// ([`StoreError::Constraint`]): seeding fills a new database.
pub struct SeedTx<'a> {
    tx: Transaction<'a>,
}

impl Store {
    /// Starts seeding: one IMMEDIATE transaction, taking the write lock up front rather than
    /// failing half-way on a busy file.
    pub fn begin_seed(&mut self) -> Result<SeedTx<'_>, StoreError> {
        Ok(SeedTx { tx: self.conn.transaction_with_behavior(TransactionBehavior::Immediate)? })
    }
}

/// The id of a row just written; a key that was there already refuses the seeding.
fn written(id: Option<i64>) -> Result<i64, StoreError> {
    id.ok_or(StoreError::Constraint)
}

impl SeedTx<'_> {
    /// A customer; its id.
    pub fn customer(&self, c: &NewCustomer) -> Result<CustomerId, StoreError> {
        written(rows::customer(&self.tx, c)?)
    }

    /// A user of a customer written before; its id.
    pub fn user(&self, u: &ImportedUser) -> Result<UserId, StoreError> {
        written(rows::user(&self.tx, u)?)
    }

    /// An extension of a customer's PBX, `user`'s when given.
    pub fn extension(&self, e: &ImportedExtension, user: Option<UserId>) -> Result<(), StoreError> {
        written(rows::extension(&self.tx, e, user, None)?).map(drop)
    }

    /// A free number of a customer's pool.
    pub fn number(&self, n: &ImportedNumber) -> Result<(), StoreError> {
        written(rows::number(&self.tx, n, NumberSource::Pool, None)?).map(drop)
    }

    /// A free SIM in stock.
    pub fn sim(&self, iccid: &str) -> Result<(), StoreError> {
        written(rows::sim(&self.tx, iccid)?).map(drop)
    }

    /// Keeps everything written.
    pub fn commit(self) -> Result<(), StoreError> {
        Ok(self.tx.commit()?)
    }
}
