//! Bulk imports from the operator's spreadsheets: one transaction per file, written row by
//! row as the file is read, committed all of it or rolled back, none of it.

use super::rows::{self, NumberSource};
use super::sql::{Param, Tx, args};
use super::{Store, StoreError, check};
use crate::domain::model::{CustomerId, Extension};
use crate::domain::order::NewUser;
use std::collections::HashMap;
use std::path::Path;

/// A customer row to import.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct NewCustomer {
    pub number: String,
    pub name: String,
    pub city: String,
    pub dial_plan_len: u8,
    pub area_code: String,
}

/// A user row to import, for an existing customer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct ImportedUser {
    pub customer_id: CustomerId,
    /// The same fields as a user ordered with a mobile line or seeded.
    pub user: NewUser,
}

/// An extension row to import (an extension that exists in the customer's PBX).
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct ImportedExtension {
    pub customer_id: CustomerId,
    pub number: String,
    pub name: String,
}

/// A number of a block from the carrier, for a customer's pool, in E.164.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct ImportedNumber {
    pub customer_id: CustomerId,
    pub e164: String,
}

/// The page cache of an import's connection, in KiB.
pub(super) const IMPORT_CACHE_KIB: i64 = 24 * 1024;

/// Where a key an import row brings was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// Nowhere: the row was written (inside the import's transaction).
    New,
    /// In the database before the import.
    InDatabase,
    /// On an earlier line of the same file.
    InFile(u64),
}

/// One file's import: a transaction that every checked row is written into as it is read,
/// so nothing of the file is held in memory. [`ImportTx::finish`] commits it, or rolls it
/// back (a refused row, a dry run): all or nothing. The database's own UNIQUE indexes find
/// what exists already, in the database or further up the file.
pub struct ImportTx<'a> {
    tx: Tx<'a>,
    /// The SQLite connection, whose written tables are checked page by page before the
    /// commit; `None` on PostgreSQL.
    sqlite: Option<&'a rusqlite::Connection>,
    /// The first rowid this import wrote, per table; rowids grow by one per row within the
    /// transaction (nobody else writes while it holds the lock; on PostgreSQL a key that
    /// was there already uses up an id too, which leaves a gap).
    first_rowid: HashMap<&'static str, i64>,
    /// The file line of each row written, by rowid − first rowid, per table: 4 bytes a row.
    lines: HashMap<&'static str, Vec<u32>>,
}

/// The most SIMs [`ImportTx::sims`] writes in one statement: two parameters each, well
/// below either engine's limit (SQLite 32 766, PostgreSQL 65 535).
pub const SIM_BATCH: usize = 1000;

/// The tables an import writes, locked against other writers until it ends.
const IMPORTED_TABLES: &[&str] = &["customers", "users", "extensions", "numbers", "sims"];

impl Store {
    /// Starts an import: one IMMEDIATE transaction, so no other writer gets in between.
    pub fn begin_import(&mut self) -> Result<ImportTx<'_>, StoreError> {
        // A larger page cache than the default 2 MB keeps a big file's index pages in memory
        // (a million SIMs: 3× faster); it is a bound, not an allocation.
        if let Some(conn) = self.sqlite() {
            conn.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
        }
        let tx = Tx::begin(self.db(), IMPORTED_TABLES)?;
        Ok(ImportTx { tx, sqlite: self.sqlite(), first_rowid: HashMap::new(), lines: HashMap::new() })
    }
}

impl ImportTx<'_> {
    /// Commits when `commit`, else rolls everything back.
    /// Before committing, the tables written are checked page by page (with their
    /// indexes): a damaged one rolls everything back, the file as it was.
    pub fn finish(self, commit: bool) -> Result<(), StoreError> {
        if commit {
            let written: Vec<&str> = self.first_rowid.keys().copied().collect();
            // On `Err` the dropped transaction rolls back.
            if let Some(conn) = self.sqlite {
                check::tables(conn, Path::new(""), &written)?;
            }
            self.tx.commit()?
        } else {
            self.tx.rollback()?
        }
        Ok(())
    }

    /// The customer with this number (upper case), with its dial-plan length.
    pub fn customer_by_number(&self, number: &str) -> Result<Option<(CustomerId, u8)>, StoreError> {
        let sql = "SELECT id, dial_plan_len FROM customers WHERE number = ?1";
        Ok(self.tx.db().opt(sql, args![number], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }

    /// The extensions of one customer, those written by this import included.
    pub fn extensions_of(&self, customer: CustomerId) -> Result<Vec<Extension>, StoreError> {
        let sql = "SELECT number, name FROM extensions WHERE customer_id = ?1";
        Ok(self.tx.db().rows(sql, args![customer], |r| Ok(Extension { number: r.get(0)?, name: r.get(1)? }))?)
    }

    /// Free SIMs, each unless its ICCID is known: `rows` are the ICCIDs with their file
    /// lines, in file order, [`SIM_BATCH`] at most; what each found, in the same order.
    /// One statement writes them all (on PostgreSQL a round trip per row was most of an
    /// import's time); a key already there is looked up as [`Self::number`]'s is.
    pub fn sims(&mut self, rows: &[(&str, u64)]) -> Result<Vec<Seen>, StoreError> {
        let iccids: Vec<&str> = rows.iter().map(|(iccid, _)| *iccid).collect();
        let mut written = rows::sims(self.tx.db(), &iccids)?;
        // Noted in id order, as one row at a time would have: the line of each id is that
        // of the first row with its ICCID (a repeat further down was skipped).
        written.sort_unstable_by_key(|(id, _)| *id);
        let mut first_line: HashMap<&str, u64> = HashMap::new();
        for (iccid, line) in rows {
            first_line.entry(iccid).or_insert(*line);
        }
        let mut new_lines = std::collections::HashSet::new();
        for (id, iccid) in &written {
            let line = first_line.get(iccid.as_str()).copied().unwrap_or(0);
            self.note_written("sims", *id, line);
            new_lines.insert(line);
        }
        let lookup = "SELECT id FROM sims WHERE iccid = ?1";
        let mut seen = Vec::with_capacity(rows.len());
        for (iccid, line) in rows {
            seen.push(if new_lines.contains(line) {
                Seen::New
            } else {
                self.seen("sims", None, lookup, args![iccid], *line)?
            });
        }
        Ok(seen)
    }

    /// A number for a customer's pool, unless the number (E.164) is known.
    pub fn number(&mut self, n: &ImportedNumber, line: u64) -> Result<Seen, StoreError> {
        let written = rows::number(self.tx.db(), n, NumberSource::Pool, None)?;
        self.seen("numbers", written, "SELECT id FROM numbers WHERE e164 = ?1", args![n.e164], line)
    }

    /// A customer, unless its number is known.
    pub fn customer(&mut self, c: &NewCustomer, line: u64) -> Result<Seen, StoreError> {
        let written = rows::customer(self.tx.db(), c)?;
        self.seen("customers", written, "SELECT id FROM customers WHERE number = ?1", args![c.number], line)
    }

    /// A user, unless the customer has the user name already (case ignored: the column
    /// is `COLLATE NOCASE`).
    pub fn user(&mut self, u: &ImportedUser, line: u64) -> Result<Seen, StoreError> {
        let written = rows::user(self.tx.db(), u.customer_id, &u.user)?;
        let lookup = "SELECT id FROM users WHERE customer_id = ?1 AND nocase(username) = nocase(?2)";
        self.seen("users", written, lookup, args![u.customer_id, u.user.username], line)
    }

    /// An existing PBX extension; the caller has checked it against [`Self::extensions_of`].
    pub fn extension(&mut self, e: &ImportedExtension, line: u64) -> Result<Seen, StoreError> {
        let written = rows::extension(self.tx.db(), e, None, None)?;
        let lookup = "SELECT id FROM extensions WHERE customer_id = ?1 AND number = ?2";
        self.seen("extensions", written, lookup, args![e.customer_id, e.number], line)
    }

    /// Notes the file line of a row written now, by its rowid (given in increasing order).
    fn note_written(&mut self, table: &'static str, rowid: i64, line: u64) {
        let first = *self.first_rowid.entry(table).or_insert(rowid);
        let lines = self.lines.entry(table).or_default();
        // Rowids are consecutive here; should one ever skip, the gap holds "line 0".
        let at = usize::try_from(rowid - first).unwrap_or(0);
        if lines.len() < at {
            lines.resize(at, 0);
        }
        lines.push(u32::try_from(line).unwrap_or(u32::MAX));
    }

    /// Where the row's key was: written now (`written` is its id; its line is noted), or
    /// looked up with `lookup` in the database or further up the file. One index probe for a
    /// new row, the common case.
    fn seen(
        &mut self,
        table: &'static str,
        written: Option<i64>,
        lookup: &str,
        key: &[&dyn Param],
        line: u64,
    ) -> Result<Seen, StoreError> {
        if let Some(rowid) = written {
            self.note_written(table, rowid, line);
            return Ok(Seen::New);
        }
        let found: Option<i64> = self.tx.db().opt(lookup, key, |r| r.get(0))?;
        let Some(rowid) = found else { return Ok(Seen::InDatabase) };
        let first = self.first_rowid.get(table).copied().unwrap_or(i64::MAX);
        if rowid < first {
            return Ok(Seen::InDatabase);
        }
        let at = usize::try_from(rowid - first).ok();
        let line = at.and_then(|i| self.lines.get(table)?.get(i).copied()).unwrap_or(0);
        Ok(Seen::InFile(u64::from(line)))
    }
}
