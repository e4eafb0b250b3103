//! Another program's write, for tests: what waits for the database's lock is tested against a
//! real lock, taken through the store so no engine type is needed outside it.

use super::{DbError, StoreError};
use rusqlite::Connection;
use std::path::Path;

/// The write lock of a database file, held on a connection of its own (`BEGIN IMMEDIATE`)
/// until [`WriteLock::release`] or drop (which rolls back). Only for tests: the program never
/// holds a lock across keys.
#[doc(hidden)]
pub struct WriteLock {
    conn: Connection,
}

impl WriteLock {
    /// Takes the write lock of the database at `path`, as another program's write would.
    pub fn hold(path: &Path) -> Result<WriteLock, StoreError> {
        let conn = Connection::open(path).map_err(|e| StoreError::Db(DbError(e.into())))?;
        conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(WriteLock { conn })
    }

    /// Ends the write (nothing was written) and lets others in.
    pub fn release(self) -> Result<(), StoreError> {
        Ok(self.conn.execute_batch("COMMIT")?)
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
