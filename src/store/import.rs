//! Bulk imports from the operator's spreadsheets: what already exists (to check a file
//! against), and one transaction per file to write it, all of it or none.

use super::{Store, StoreError};
use crate::domain::model::{CustomerId, Extension};
use rusqlite::{Transaction, TransactionBehavior, params};
use std::collections::{HashMap, HashSet};

/// A customer row to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCustomer {
    pub number: String,
    pub name: String,
    pub city: String,
    pub dial_plan_len: u8,
    pub area_code: String,
}

/// A user row to import, for an existing customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedUser {
    pub customer_id: CustomerId,
    pub username: String,
    pub first_name: String,
    pub prefix: String,
    pub last_name: String,
    pub email: String,
    pub language: String,
}

/// An extension row to import (an extension that exists in the customer's PBX).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedExtension {
    pub customer_id: CustomerId,
    pub number: String,
    pub name: String,
}

/// A number of a block from the carrier, for a customer's pool, in E.164.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedNumber {
    pub customer_id: CustomerId,
    pub e164: String,
}

impl Store {
    /// Every ICCID in stock, free or assigned.
    pub fn all_iccids(&self) -> Result<HashSet<String>, StoreError> {
        self.strings("SELECT iccid FROM sims")
    }

    /// Every known number (pool or ported), in E.164.
    pub fn all_numbers(&self) -> Result<HashSet<String>, StoreError> {
        self.strings("SELECT e164 FROM numbers")
    }

    /// Every customer number.
    pub fn all_customer_numbers(&self) -> Result<HashSet<String>, StoreError> {
        self.strings("SELECT number FROM customers")
    }

    /// The user names of each customer.
    pub fn usernames_by_customer(&self) -> Result<HashMap<CustomerId, Vec<String>>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT customer_id, username FROM users")?;
        let mut out: HashMap<CustomerId, Vec<String>> = HashMap::new();
        for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
            let (id, name) = row?;
            out.entry(id).or_default().push(name);
        }
        Ok(out)
    }

    /// The extensions of each customer.
    pub fn extensions_by_customer(&self) -> Result<HashMap<CustomerId, Vec<Extension>>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT customer_id, number, name FROM extensions")?;
        let mut out: HashMap<CustomerId, Vec<Extension>> = HashMap::new();
        for row in stmt.query_map([], |r| Ok((r.get(0)?, Extension { number: r.get(1)?, name: r.get(2)? })))? {
            let (id, ext) = row?;
            out.entry(id).or_default().push(ext);
        }
        Ok(out)
    }

    fn strings(&self, sql: &str) -> Result<HashSet<String>, StoreError> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds free SIMs to the stock, all or none.
    pub fn import_sims(&mut self, iccids: &[String]) -> Result<usize, StoreError> {
        self.in_one_transaction(|tx| {
            let mut stmt = tx.prepare("INSERT INTO sims (iccid, last4, state) VALUES (?1, ?2, 'free')")?;
            for iccid in iccids {
                // `get`: a short ICCID is left to the CHECK constraint rather than panicking.
                let last4 = iccid.get(iccid.len().saturating_sub(4)..).unwrap_or_default();
                stmt.execute(params![iccid, last4])?;
            }
            Ok(iccids.len())
        })
    }

    /// Adds numbers to customers' pools, all or none.
    pub fn import_numbers(&mut self, numbers: &[ImportedNumber]) -> Result<usize, StoreError> {
        self.in_one_transaction(|tx| {
            let mut stmt = tx.prepare("INSERT INTO numbers (customer_id, e164, source) VALUES (?1, ?2, 'pool')")?;
            for n in numbers {
                stmt.execute(params![n.customer_id, n.e164])?;
            }
            Ok(numbers.len())
        })
    }

    /// Adds customers, all or none.
    pub fn import_customers(&mut self, customers: &[NewCustomer]) -> Result<usize, StoreError> {
        self.in_one_transaction(|tx| {
            let mut stmt = tx.prepare(
                "INSERT INTO customers (number, name, city, dial_plan_len, area_code) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for c in customers {
                stmt.execute(params![c.number, c.name, c.city, c.dial_plan_len, c.area_code])?;
            }
            Ok(customers.len())
        })
    }

    /// Adds users to their customers, all or none.
    pub fn import_users(&mut self, users: &[ImportedUser]) -> Result<usize, StoreError> {
        self.in_one_transaction(|tx| {
            let mut stmt = tx.prepare(
                "INSERT INTO users (customer_id, username, first_name, prefix, last_name, email, language)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for u in users {
                stmt.execute(params![
                    u.customer_id,
                    u.username,
                    u.first_name,
                    u.prefix,
                    u.last_name,
                    u.email,
                    u.language
                ])?;
            }
            Ok(users.len())
        })
    }

    /// Adds existing PBX extensions to their customers, all or none.
    pub fn import_extensions(&mut self, extensions: &[ImportedExtension]) -> Result<usize, StoreError> {
        self.in_one_transaction(|tx| {
            let mut stmt = tx.prepare("INSERT INTO extensions (customer_id, number, name) VALUES (?1, ?2, ?3)")?;
            for e in extensions {
                stmt.execute(params![e.customer_id, e.number, e.name])?;
            }
            Ok(extensions.len())
        })
    }

    /// Runs `write` in one IMMEDIATE transaction: committed if it succeeds, rolled back
    /// (nothing written) on any error, including a constraint another writer's rows hit.
    fn in_one_transaction<T>(
        &mut self,
        write: impl FnOnce(&Transaction) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = write(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}
