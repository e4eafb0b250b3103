//! Exit codes, documented in the README. Errors travel as `anyhow` chains; the code is
//! read from the typed error inside.

use comuniq_order::store::StoreError;
use comuniq_order::tui::Interrupted;

/// A data or file error: a broken catalog, an unknown customer, any other database error.
pub const DATA: u8 = 3;
/// The database file is not SQLite, or is damaged.
pub const DB_NOT_SQLITE: u8 = 4;
/// The database was written by a newer version of the program.
pub const DB_TOO_NEW: u8 = 5;
/// The database file is read-only.
pub const DB_READ_ONLY: u8 = 6;
/// The database's directory cannot be written (or created).
pub const DB_DIR: u8 = 7;
/// A bug: the program panicked (the terminal is restored, the draft saved if possible).
pub const PANIC: u8 = 101;
/// The terminal went away (SIGHUP, end of input): 128 + SIGHUP, as a shell reports it.
pub const HANG_UP: u8 = 129;

/// The exit code for an error.
pub fn code(e: &anyhow::Error) -> u8 {
    for cause in e.chain() {
        if let Some(s) = cause.downcast_ref::<StoreError>() {
            return store(s);
        }
        if let Some(i) = cause.downcast_ref::<Interrupted>() {
            return match i {
                Interrupted::HangUp => HANG_UP,
                Interrupted::Signal(n) => u8::try_from(128 + n).unwrap_or(HANG_UP),
                Interrupted::Panic { .. } => PANIC,
            };
        }
    }
    DATA
}

fn store(e: &StoreError) -> u8 {
    match e {
        StoreError::NotADatabase { .. } | StoreError::Corrupt { .. } => DB_NOT_SQLITE,
        StoreError::TooNew { .. } | StoreError::UnknownVersion { .. } => DB_TOO_NEW,
        StoreError::ReadOnly { .. } => DB_READ_ONLY,
        StoreError::DirNotWritable { .. } | StoreError::CreateDir { .. } | StoreError::CreateFile { .. } => DB_DIR,
        StoreError::BadDraft(_) | StoreError::Db(_) => DATA,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;
    use std::path::PathBuf;

    fn of(e: StoreError) -> u8 {
        code(&Err::<(), _>(e).context("opening orders.db").unwrap_err())
    }

    #[test]
    fn every_database_refusal_has_its_own_code() {
        let path = PathBuf::from("orders.db");
        let codes = [
            of(StoreError::NotADatabase { path: path.clone() }),
            of(StoreError::TooNew { found: 9, known: 2 }),
            of(StoreError::ReadOnly { path: path.clone() }),
            of(StoreError::DirNotWritable { path }),
            code(&anyhow::anyhow!("the catalog is broken")),
        ];
        assert_eq!(codes, [DB_NOT_SQLITE, DB_TOO_NEW, DB_READ_ONLY, DB_DIR, DATA]);
        assert_eq!(code(&Interrupted::Signal(15).into()), 143);
        assert_eq!(code(&Interrupted::HangUp.into()), HANG_UP);
    }
}
