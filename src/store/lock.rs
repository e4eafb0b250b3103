//! Another program's write, for tests: what waits for the database's lock is tested against a
//! real lock, taken through the store so no engine type is needed outside it.

use super::{DbError, DbTarget, StoreError};
use rusqlite::Connection;
use std::path::Path;

/// A database's write lock, held on a connection of its own until [`WriteLock::release`]
/// or drop (which rolls back). SQLite: `BEGIN IMMEDIATE`, the file's one write lock.
/// PostgreSQL has no lock of the whole database: `LOCK TABLE … IN EXCLUSIVE MODE` on every
/// table the store writes does the same (reads go on, every write waits). Only for tests:
/// the program never holds a lock across keys.
#[doc(hidden)]
pub struct WriteLock {
    conn: Held,
}

/// The connection that holds the lock.
enum Held {
    Sqlite(Connection),
    Postgres(Box<postgres::Client>),
}

impl WriteLock {
    /// Takes the write lock of the database file at `path`, as another program's write would.
    pub fn hold(path: &Path) -> Result<WriteLock, StoreError> {
        let conn = Connection::open(path).map_err(|e| StoreError::Db(DbError(e.into())))?;
        conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(WriteLock { conn: Held::Sqlite(conn) })
    }

    /// Takes the write lock of the database `target` names, as another program's write would.
    pub fn hold_target(target: &DbTarget) -> Result<WriteLock, StoreError> {
        match target {
            DbTarget::Sqlite(path) => Self::hold(path),
            DbTarget::Postgres(config) => {
                let mut client = super::pg::connect_target(config).map_err(StoreError::Connect)?;
                client.batch_execute(&format!(
                    "BEGIN; LOCK TABLE {} IN EXCLUSIVE MODE",
                    super::schema::TABLES.join(", ")
                ))?;
                Ok(WriteLock { conn: Held::Postgres(Box::new(client)) })
            }
        }
    }

    /// Ends the write (nothing was written) and lets others in.
    pub fn release(self) -> Result<(), StoreError> {
        match self.conn {
            Held::Sqlite(conn) => Ok(conn.execute_batch("COMMIT")?),
            Held::Postgres(mut client) => Ok(client.batch_execute("COMMIT")?),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Answers, Draft, Step};
    use crate::store::Store;
    use chrono::NaiveDate;
    use std::time::Duration;

    #[test]
    fn a_held_lock_makes_writes_busy_until_released() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orders.db");
        let mut store = Store::open(&path).unwrap();
        let now = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(12, 0, 0).unwrap();
        let draft = Draft::new(Step::Customer, None, &Answers::default());
        let wait = Duration::from_millis(10);
        let lock = WriteLock::hold(&path).unwrap();
        let refused = store.save_draft_waiting(wait, None, "tester", &draft, now);
        assert!(matches!(refused, Err(StoreError::Busy)), "{refused:?}");
        lock.release().unwrap();
        assert!(store.save_draft_waiting(wait, None, "tester", &draft, now).is_ok());
    }
}
