//! The SQLite store: schema and migrations, the queries the wizard needs, and the one
//! transaction that places an order. All SQL of the program lives in this module, behind
//! functions named for what they do, so that a second engine (PostgreSQL) can follow.

mod actions;
mod drafts;
mod export;
mod files;
mod import;
mod orders;
mod place;
mod queries;
mod schema;
mod seed;

pub use actions::{ActionFailure, ActionRequest};
pub use export::{ExportFilter, InvoiceItemExport, OrderExport};
pub use import::{ImportTx, ImportedExtension, ImportedNumber, ImportedUser, NewCustomer, Seen};
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
    /// The database file could not be created.
    #[error("cannot create {}: {source}", path.display())]
    CreateFile { path: PathBuf, source: std::io::Error },
    /// The file exists but is not an SQLite database; it is left untouched.
    #[error("{} is not an SQLite database", path.display())]
    NotADatabase { path: PathBuf },
    /// The file is an SQLite database but damaged; it is left untouched (no repair).
    #[error("{} is damaged (SQLite reports it malformed); restore it from a backup", path.display())]
    Corrupt { path: PathBuf },
    /// The file cannot be written (its permissions, or a read-only file system).
    #[error("{} is read-only; orders cannot be saved in it", path.display())]
    ReadOnly { path: PathBuf },
    /// The directory of the file cannot be written: neither the file nor SQLite's journal
    /// next to it can be created.
    #[error("the directory {} cannot be written", path.display())]
    DirNotWritable { path: PathBuf },
    /// The database was written by a newer program.
    #[error("the database has schema version {found}, this program knows up to {known}: please update")]
    TooNew { found: i64, known: i64 },
    /// The schema version is not one any version of this program writes (negative).
    #[error("the database has an unknown schema version {found}")]
    UnknownVersion { found: i64 },
    /// A draft could not be written or read back (a newer program's format).
    #[error("draft: {0}")]
    BadDraft(String),
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
    /// to date. A file that is not SQLite, is damaged, comes from a newer program, is
    /// read-only or sits in a directory that cannot be written is refused, unchanged.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        create_parent_dir(path)?;
        files::check_writable(path)?;
        files::create_private(path)?;
        let conn = Connection::open(path).map_err(|e| classify(e, path))?;
        Self::prepare(conn, path).map_err(|e| match e {
            StoreError::Db(db) => classify(db, path),
            other => other,
        })
    }

    /// Checks the file, then sets the connection up and migrates.
    fn prepare(mut conn: Connection, path: &Path) -> Result<Store, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(StoreError::ReadOnly { path: path.to_path_buf() });
        }
        // Read before anything writes: a file that is not SQLite, or one from a newer
        // program, is refused here, unchanged. Reading the schema also finds a damaged one.
        let found = schema::user_version(&conn)?;
        schema::ensure_known(found)?;
        conn.query_row("SELECT COUNT(*) FROM sqlite_schema", [], |r| r.get::<_, i64>(0))?;
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
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir).map_err(|source| {
            if source.kind() == std::io::ErrorKind::PermissionDenied {
                StoreError::DirNotWritable { path: dir.to_path_buf() }
            } else {
                StoreError::CreateDir { path: dir.to_path_buf(), source }
            }
        }),
        _ => Ok(()),
    }
}

/// SQLite's errors about the file itself, as the refusals they mean.
fn classify(e: rusqlite::Error, path: &Path) -> StoreError {
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt { path },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
        Some(ErrorCode::CannotOpen) => {
            StoreError::DirNotWritable { path: path.parent().map(Path::to_path_buf).unwrap_or_default() }
        }
        _ => StoreError::Db(e),
    }
}
