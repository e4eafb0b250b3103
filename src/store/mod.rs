//! The SQLite store: schema and migrations, the queries the wizard needs, and the one
//! transaction that places an order. All SQL of the program lives in this module, behind
//! functions named for what they do, so that a second engine (PostgreSQL) can follow.

mod actions;
mod export;
mod import;
mod orders;
mod place;
mod queries;
mod schema;
mod seed;

pub use actions::{ActionFailure, ActionRequest};
pub use export::{ExportFilter, InvoiceItemExport, OrderExport};
pub use import::{ImportedExtension, ImportedNumber, ImportedUser, NewCustomer};
pub use place::{Missing, PlaceError, Taken};
pub use queries::Counts;
pub use schema::MIGRATIONS;

use rusqlite::{Connection, ErrorCode};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a write waits for another program's write to finish before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_millis(5000);

/// Why the database could not be opened or read.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The directory for the database file could not be created.
    #[error("cannot create the directory {}: {source}", path.display())]
    CreateDir { path: PathBuf, source: std::io::Error },
    /// The file exists but is not an SQLite database; it is left untouched.
    #[error("{} is not an SQLite database", path.display())]
    NotADatabase { path: PathBuf },
    /// The database was written by a newer program.
    #[error("the database has schema version {found}, this program knows up to {known}: please update")]
    TooNew { found: i64, known: i64 },
    /// The schema version is not one any version of this program writes (negative).
    #[error("the database has an unknown schema version {found}")]
    UnknownVersion { found: i64 },
    /// Any other database error.
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
}

/// An open database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens or creates the database at `path` (and its directory) and brings the schema up
    /// to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        create_parent_dir(path)?;
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Read before anything writes: a file that is not SQLite, or one from a newer
        // program, is refused here, unchanged.
        let found = schema::user_version(&conn).map_err(|e| not_a_database(e, path))?;
        schema::ensure_known(found)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // WAL lets the order overview read while another terminal places an order.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Creates the directory the database file goes into, if it has one.
fn create_parent_dir(path: &Path) -> Result<(), StoreError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir { path: dir.to_path_buf(), source })
        }
        _ => Ok(()),
    }
}

/// Turns SQLite's "file is not a database" into its own error.
fn not_a_database(e: rusqlite::Error, path: &Path) -> StoreError {
    if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) {
        StoreError::NotADatabase { path: path.to_path_buf() }
    } else {
        StoreError::Db(e)
    }
}
