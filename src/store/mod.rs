//! The store: schema and migrations, the queries the wizard needs, and the one transaction
//! that places an order. All SQL of the program lives in this module, behind functions named
//! for what they do, and no type of the database engine leaves it: its errors are
//! [`StoreError`] and [`PlaceError`] (busy, damaged, constraint have variants of their own;
//! anything else is an opaque [`DbError`] that carries only the engine's text).
//!
//! # The contract
//!
//! These operations are what the rest of the program uses; a second engine (PostgreSQL,
//! issue 13) implements the same ones with the same guarantees, and one test suite
//! (`tests/store.rs`, `tests/concurrency.rs`, …) runs against both (`COMUNIQ_TEST_ENGINE=
//! postgres`, `tests/common/db.rs`). Everything else in this module is how SQLite does it.
//!
//! - **Open and migrate**: [`Store::open`], [`Store::open_with`] ([`OpenMode`]): refuse what
//!   is not a database of ours, unchanged ([`StoreError`]); apply the versioned
//!   [`MIGRATIONS`] once, each in one transaction. [`Store::warnings`], [`Store::path`];
//!   the waits for another writer: [`set_busy_wait`], [`on_busy_wait`], [`gave_up_waiting`],
//!   [`damage_seen`].
//! - **Lookups**: [`Store::customers`], [`Store::customer`], [`Store::customer_by_number`],
//!   [`Store::customer_context`] (a screenful of the customer's users, extensions and free
//!   numbers for a [`ContextQuery`](crate::domain::ContextQuery), and the rows its rules
//!   need; never a whole list), [`Store::free_sims`]
//!   (the one SIM lookup, for a [`SimQuery`](crate::domain::rules::iccid::SimQuery) the
//!   domain decided), [`Store::newest_free_sims`], [`Store::counts`].
//! - **Search** (a screenful at a time, in the engine): [`Store::search_customers`] for the
//!   customer list, [`Store::orders_seek`] (keyset pages, the text through the trigram
//!   index) and [`Store::count_orders`] for the overview, [`Store::order_position`] to open
//!   it at an order. [`Store::orders_page`] (`OFFSET` paging, a plain scan) is left as the
//!   reference the contract tests compare the indexed search with.
//! - **Orders read back**: [`Store::order_row`], [`Store::order_by_number`],
//!   [`Store::order_detail`], [`Store::orders_waiting_for_sim`], [`Store::invoice_items`],
//!   [`Store::order_history`], [`Store::order_products`].
//! - **Drafts**: [`Store::save_draft`], [`Store::save_draft_waiting`], [`Store::drafts_of`],
//!   [`Store::draft`], [`Store::delete_draft`], [`Store::prune_drafts`].
//! - **Placing**: [`Store::place_order`], [`Store::place_order_watched`]: one transaction;
//!   every resource re-checked inside it, nothing allocated twice, a refusal names what was
//!   taken and by which order ([`PlaceError`]); a busy database is [`PlaceError::Busy`],
//!   never a half-written order.
//! - **Actions after placing**: [`Store::act`] with an [`ActionRequest`] (link a SIM, create
//!   invoice items, porting done, cancel), one transaction each ([`ActionFailure`]).
//! - **Imports**: [`Store::begin_import`] → [`ImportTx`] (customers, users, extensions,
//!   numbers, SIMs, each telling where an existing key was, [`Seen`]) → [`ImportTx::finish`]:
//!   all of a file or none of it. **Seeding** (the demo): [`Store::begin_seed`] →
//!   [`SeedTx`] with the same rows ([`SeedCustomer`]: a [`NewCustomer`] with its users,
//!   extensions and numbers; SIMs), many rows per statement on SQLite, orders placed
//!   with the checks and writes of placing ([`SeedTx::orders`]) and actions
//!   ([`SeedTx::actions`]) → [`SeedTx::commit`]: one transaction, the search indexes filled
//!   once at its end.
//! - **Exports**: [`Store::export_orders`], [`Store::export_invoice_items`] ([`ExportFilter`]).
//! - **Checks**: [`Store::check_tables`] (damage is [`StoreError::Corrupt`]; opening checks
//!   the file's structure, and every page before it changes the format).
//! - **Either engine, by target** ([`DbTarget`], what `--db` names): [`Store::open_target`],
//!   [`Store::target`]; [`check_database`] (`db check`: counts, and the rules across tables
//!   in SQL both engines run, `integrity.rs`); [`copy_to_postgres`] (`db copy`, in
//!   `pg/copy.rs`).
//! - **For tests only**: [`WriteLock`] holds a database's write lock, as another program
//!   would (PostgreSQL: every table the store writes, `IN EXCLUSIVE MODE`).
//!
//! How SQLite does it: `schema.rs` (the migrations), `files.rs` and `check.rs` (the file
//! and its pages), the busy handlers and [`Store::open`] below (one connection per
//! [`Store`], WAL, `foreign_keys`), `rows.rs` (each INSERT written once, shared by placing,
//! imports and seeding), `place/` (the order's transaction), and one file per group above.

mod actions;
mod check;
mod drafts;
mod export;
mod files;
mod import;
mod integrity;
mod lock;
mod messages;
mod orders;
#[doc(hidden)]
pub mod pg;
mod place;
mod queries;
mod rows;
mod schema;
mod search;
mod seed;
pub(crate) mod sql;
mod texts;

pub use actions::{ActionFailure, ActionRequest};
pub use export::{ExportFilter, InvoiceItemExport, OrderExport};
pub use import::{ImportTx, ImportedExtension, ImportedNumber, ImportedUser, NewCustomer, SIM_BATCH, Seen};
pub use integrity::{Broken, CheckReport, DanglingReference, DbCounts, check_database};
#[doc(hidden)]
pub use lock::WriteLock;
pub use pg::copy::{Copied, CopyError, copy as copy_to_postgres};
pub use pg::target::{DbTarget, PgTarget, TargetError};
pub use place::{Missing, PlaceError, Taken};
pub use queries::Counts;
pub use schema::MIGRATIONS;
pub use seed::{SeedCustomer, SeedExtension, SeedTx};

use rusqlite::{Connection, ErrorCode, OpenFlags};
use sql::Db as _;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long a write waits for another program's write to finish before giving up, unless
/// [`set_busy_wait`] says otherwise.
const DEFAULT_BUSY_WAIT: Duration = Duration::from_millis(5000);
/// How long a draft save waits: a draft not saved now is saved with the next key, so the
/// screen must not freeze behind another terminal's write.
const DRAFT_BUSY_WAIT: Duration = Duration::from_millis(100);

/// How many prepared statements a connection keeps. Placing an order runs about twenty
/// different ones; with rusqlite's default of 16 each placement prepared them all again
/// (seeding 100 000 orders spent a tenth of its time in SQLite's parser).
const STATEMENT_CACHE: usize = 64;

/// The wait of every connection opened after [`set_busy_wait`], in milliseconds.
static BUSY_WAIT_MS: AtomicU64 = AtomicU64::new(DEFAULT_BUSY_WAIT.as_millis() as u64);
/// Called once when a write starts waiting for another program's lock (the command line
/// says so on stderr; the terminal leaves it unset, its screen shows the wait).
static WAIT_NOTICE: OnceLock<Box<dyn Fn() + Send + Sync>> = OnceLock::new();
/// Set when a wait for the lock ran out: a command that then fails failed because the
/// database was busy, even when the error reached it only as text (through the wizard).
static GAVE_UP_WAITING: AtomicBool = AtomicBool::new(false);
/// Set when SQLite found the file damaged anywhere in this process, for the same reason.
static DAMAGE_SEEN: AtomicBool = AtomicBool::new(false);

/// How long writes wait for another program's lock (default 5 s). Takes effect for
/// databases opened afterwards.
pub fn set_busy_wait(wait: Duration) {
    BUSY_WAIT_MS.store(u64::try_from(wait.as_millis()).unwrap_or(u64::MAX), Ordering::Relaxed);
}

/// What to do (once per wait) when a write starts waiting for another program's lock.
/// Only the first call takes effect.
pub fn on_busy_wait(notice: Box<dyn Fn() + Send + Sync>) {
    let _ = WAIT_NOTICE.set(notice);
}

/// Whether a wait for the database's lock ran out in this process.
pub fn gave_up_waiting() -> bool {
    GAVE_UP_WAITING.load(Ordering::Relaxed)
}

/// Whether SQLite reported the database file damaged in this process.
pub fn damage_seen() -> bool {
    DAMAGE_SEEN.load(Ordering::Relaxed)
}

/// Records that SQLite found the file damaged (see [`damage_seen`]).
pub(crate) fn note_damage() {
    DAMAGE_SEEN.store(true, Ordering::Relaxed);
}

/// What is at the database path when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotAFile {
    /// A folder (or a symlink to one).
    Directory,
    /// A symlink whose target does not exist.
    DanglingSymlink,
    /// A character or block device, such as /dev/null.
    Device,
    /// A named pipe or a socket.
    Special,
}

/// Why the database could not be opened or read. The messages here are for logs and tests;
/// the operator sees the `db_*` texts of [`crate::i18n`]. None carries SQLite's own text.
#[derive(Debug, thiserror::Error)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum StoreError {
    /// The directory for the database file could not be created.
    #[error("cannot create the directory {}: {source}", path.display())]
    CreateDir { path: PathBuf, source: std::io::Error },
    /// The database file could not be created.
    #[error("cannot create {}: {source}", path.display())]
    CreateFile { path: PathBuf, source: std::io::Error },
    /// The path is not a regular file (nor a symlink to one); nothing was created.
    #[error("{} is not a regular file ({kind:?})", path.display())]
    NotAFile { path: PathBuf, kind: NotAFile },
    /// The file exists but is not an SQLite database; it is left untouched.
    #[error("{} is not an SQLite database", path.display())]
    NotADatabase { path: PathBuf },
    /// The database file does not exist, and the command only reads or changes an existing
    /// one (`orders`, `sim link`, …): nothing was created.
    #[error("there is no database at {}", path.display())]
    Missing { path: PathBuf },
    /// The file is an SQLite database but damaged; it is left untouched (no repair). The
    /// path is empty when the damage showed up after opening.
    #[error("{} is damaged; restore it from a backup", shown(path))]
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
    /// Another program held the database's lock longer than this one waits.
    #[error("the database is busy (another program is writing); nothing was written")]
    Busy,
    /// A constraint refused a write that the checks before it let through.
    #[error("the database refused a write (a constraint); nothing was written")]
    Constraint,
    /// The PostgreSQL server could not be reached or refused the connection; the message
    /// names the host and the database, never a credential.
    #[error("{0}")]
    Connect(pg::ConnectError),
    /// A draft could not be written or read back (a newer program's format).
    #[error("draft: {0}")]
    BadDraft(String),
    /// Any other database error.
    #[error("database error: {0}")]
    Db(DbError),
    /// The PostgreSQL database holds another program's tables (`table` among them) and none
    /// of ours: it is left alone rather than filled with them.
    #[error("{target} holds tables of another program ({table}); nothing was changed")]
    Foreign { target: String, table: String },
    /// The PostgreSQL server refused a statement; `reason` is its message.
    #[error("{target}: the server refused: {reason}")]
    Server { target: String, reason: String },
}

/// An error of the database engine that has no variant of its own. Only its text leaves the
/// store (for logs and the command line's `db_error`), never the engine's type: its field is
/// private to `store`.
pub struct DbError(sql::SqlError);

impl DbError {
    /// Whether the engine gave the transaction up for a concurrent one (PostgreSQL's
    /// serialization failures and deadlocks): running it again is the answer.
    pub(crate) fn is_retry(&self) -> bool {
        self.0.kind() == sql::Kind::Retry
    }

    /// Whether a unique key refused a write on PostgreSQL, where under `SERIALIZABLE` that
    /// means a concurrent transaction inserted the same key first (this one's checks saw none).
    pub(crate) fn is_unique_on_postgres(&self) -> bool {
        matches!(&self.0, sql::SqlError::Pg(_)) && self.0.unique_key().is_some()
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Debug for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for DbError {}

/// A path for a message; "the database file" when the error does not know it.
fn shown(path: &Path) -> String {
    if path.as_os_str().is_empty() { "the database file".to_string() } else { path.display().to_string() }
}

/// What the engine's error means for the operator: busy, damaged and constraint errors get
/// variants of their own, so the engine's text ("database is locked") never reaches a screen.
impl From<sql::SqlError> for StoreError {
    fn from(e: sql::SqlError) -> Self {
        match e.kind() {
            sql::Kind::Busy => StoreError::Busy,
            sql::Kind::Corrupt => {
                note_damage();
                StoreError::Corrupt { path: PathBuf::new() }
            }
            sql::Kind::Constraint => StoreError::Constraint,
            sql::Kind::Retry | sql::Kind::Other => StoreError::Db(DbError(e)),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::from(sql::SqlError::from(e))
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        StoreError::from(sql::SqlError::from(e))
    }
}

impl sql::TxError for StoreError {
    fn is_retry(&self) -> bool {
        matches!(self, StoreError::Db(e) if e.is_retry())
    }

    fn gave_up() -> Self {
        StoreError::Busy
    }
}

impl StoreError {
    /// Whether this is another program holding the lock.
    pub fn is_busy(&self) -> bool {
        matches!(self, StoreError::Busy)
    }
}

/// Something about the database file the operator should know, though it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum StoreWarning {
    /// The file (or its -wal/-shm file) can be read by others than its owner (`mode`).
    LooseMode { path: PathBuf, mode: u32 },
}

/// Whether [`Store::open_with`] may create the database file (and its folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Create the file and its folder when missing (the wizard, `demo`, `import`).
    Create,
    /// Refuse a missing file with [`StoreError::Missing`], creating nothing (the commands
    /// that read or change existing orders).
    MustExist,
}

/// An open database.
#[derive(Debug)]
pub struct Store {
    engine: Engine,
    /// The SQLite file; empty on PostgreSQL.
    path: PathBuf,
    /// What the operator is told the database is: the file, or `postgresql://host/dbname`.
    name: String,
    /// The database, for another connection to it ([`Store::target`]).
    target: DbTarget,
    warnings: Vec<StoreWarning>,
}

/// The connection to one of the two engines.
#[derive(Debug)]
enum Engine {
    Sqlite(Connection),
    Postgres(Box<sql::PgConn>),
}

/// How long a PostgreSQL transaction is run again after serialization failures before it is
/// given up as busy: the same bound as a write's wait for SQLite's lock.
fn retry_limit() -> Duration {
    busy_wait()
}

impl Store {
    /// The connection, to run the SQL both engines speak ([`sql`]).
    fn db(&self) -> &dyn sql::Db {
        match &self.engine {
            Engine::Sqlite(conn) => conn,
            Engine::Postgres(pg) => pg.as_ref(),
        }
    }

    /// The SQLite connection, for what only SQLite does (pragmas, busy handlers, the file's
    /// checks); `None` on PostgreSQL.
    fn sqlite(&self) -> Option<&Connection> {
        match &self.engine {
            Engine::Sqlite(conn) => Some(conn),
            Engine::Postgres(_) => None,
        }
    }

    /// Runs `f` as one write transaction: all of its writes or none. SQLite: `BEGIN
    /// IMMEDIATE`, which takes the write lock of the file at once, so what `f` reads stays
    /// true until it commits. PostgreSQL: `READ COMMITTED`, where `f` takes the row locks
    /// that make its reads stay true ([`sql::lock_row`]: placing locks the customer, an
    /// action its order), every allocation is a conditional update (`… WHERE order_id IS
    /// NULL`, which re-reads the row after waiting for a concurrent writer) or an insert
    /// under a unique key, and waits for a lock end after `lock_timeout` ([`Store::set_wait`])
    /// as busy. Measured against `SERIALIZABLE` with 64 writers placing at once
    /// (`benches/place.rs`): serializable transactions failed and ran again so often that
    /// some gave up as busy, where the row locks make them wait their turn. A deadlock
    /// (40P01) or serialization failure (40001) still runs the transaction again, with a
    /// short pause, until it commits, meets a real refusal, or the write's wait is spent
    /// ([`sql::TxError::gave_up`]). `f` must therefore do nothing but database work.
    fn write<T, E: sql::TxError>(&self, mut f: impl FnMut(&dyn sql::Db) -> Result<T, E>) -> Result<T, E> {
        let db = self.db();
        let begin = match db.dialect() {
            sql::Dialect::Sqlite => "BEGIN IMMEDIATE",
            sql::Dialect::Postgres => "BEGIN ISOLATION LEVEL READ COMMITTED",
        };
        let mut attempt = || -> Result<T, E> {
            db.batch(begin)?;
            match f(db).and_then(|value| db.batch("COMMIT").map(|()| value).map_err(E::from)) {
                Ok(value) => Ok(value),
                Err(e) => {
                    // The error is what the caller needs; a failed rollback (the connection
                    // is gone) changes nothing about it.
                    let _ = db.batch("ROLLBACK");
                    Err(e)
                }
            }
        };
        if db.dialect() == sql::Dialect::Sqlite {
            return attempt();
        }
        pg::with_retry(retry_limit(), attempt).map_err(|e| if e.is_retry() { E::gave_up() } else { e })
    }
}

impl Store {
    /// Opens or creates the database at `path` (and its directory) and brings the schema up
    /// to date. A path that is not a regular file, a file that is not SQLite, is damaged,
    /// comes from a newer program, is read-only or sits in a directory that cannot be
    /// written is refused, unchanged. Nothing is written unless the file is new, has an older
    /// schema or is not in WAL mode yet: opening never waits for another program's write.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Self::open_with(path, OpenMode::Create)
    }

    /// Opens the database `target` names: a SQLite file as [`Store::open_with`] does, or a
    /// PostgreSQL database, connected (TLS when the server offers it) and migrated to this
    /// program's schema version (once, however many programs start together).
    pub fn open_target(target: &DbTarget, mode: OpenMode) -> Result<Store, StoreError> {
        match target {
            DbTarget::Sqlite(path) => Self::open_with(path, mode),
            DbTarget::Postgres(pg) => Self::open_postgres(pg, target, mode),
        }
    }

    fn open_postgres(pg: &pg::target::PgTarget, target: &DbTarget, mode: OpenMode) -> Result<Store, StoreError> {
        let client = pg::open::open(pg, mode)?;
        let mut store = Store {
            engine: Engine::Postgres(Box::new(sql::PgConn::new(client, pg.clone()))),
            path: PathBuf::new(),
            name: target.to_string(),
            target: target.clone(),
            warnings: Vec::new(),
        };
        store.set_wait(Wait::Usual)?;
        store.fill_missing_keys()?;
        Ok(store)
    }

    /// Like [`Store::open`]; with [`OpenMode::MustExist`] a path where no file is (nor the
    /// folder it would be in) is refused before anything is created.
    pub fn open_with(path: &Path, mode: OpenMode) -> Result<Store, StoreError> {
        files::check_kind(path)?;
        if mode == OpenMode::MustExist && !files::exists(path) {
            return Err(StoreError::Missing { path: path.to_path_buf() });
        }
        create_parent_dir(path)?;
        files::check_writable(path)?;
        let warnings = files::prepare_file(path)?;
        // No CREATE flag: the file is there now (made private above), and SQLite must not
        // make one anywhere else.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(e, path))?;
        let mut store = Self::prepare(conn, path).map_err(|e| with_path(e, path))?;
        store.warnings = warnings;
        Ok(store)
    }

    /// Checks the file, then sets the connection up and migrates if needed.
    fn prepare(mut conn: Connection, path: &Path) -> Result<Store, StoreError> {
        conn.busy_handler(Some(busy_handler(busy_wait())))?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // Plans that never look at the values bound: otherwise SQLite marks a statement whose
        // plan peeked at one (most joins and sorts) for re-preparing whenever its values are
        // cleared, which the statement cache does after every use, so every cached
        // statement was parsed and planned again on every run (a quarter of seeding's time).
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(|e| classify(e, path))? {
            return Err(StoreError::ReadOnly { path: path.to_path_buf() });
        }
        // Read before anything writes: a file that is not SQLite, or one from a newer
        // program, is refused here, unchanged. In WAL mode none of these reads waits for a
        // writer.
        let found = schema::user_version(&conn).map_err(|e| classify(e, path))?;
        schema::ensure_known(found)?;
        check::structure(&conn, path)?;
        conn.pragma_update(None, "foreign_keys", true).map_err(|e| classify(e, path))?;
        let wal = check::journal_mode(&conn).map_err(|e| classify(e, path))? == "wal";
        let migrate = found < schema::known_version();
        if !wal || migrate {
            // The file is about to change its format: only a file checked page by page may.
            check::every_page(&conn, path)?;
        }
        if !wal {
            // WAL lets the order overview read while another terminal places an order.
            conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| classify(e, path))?;
        }
        if migrate {
            schema::migrate(&mut conn)?;
        }
        // Orders from before the search column get their keys once; a read when none lack it.
        sql::register_nocase(&conn).map_err(|e| with_path(e.into(), path))?;
        let store = Store {
            engine: Engine::Sqlite(conn),
            path: path.to_path_buf(),
            name: path.display().to_string(),
            target: DbTarget::Sqlite(path.to_path_buf()),
            warnings: Vec::new(),
        };
        store.fill_missing_keys().map_err(|e| with_path(e, path))?;
        Ok(store)
    }

    /// Gives the search keys to the rows that lack them: orders from before the search
    /// column, customers written by another tool, renamed, or from before version 5, users
    /// from before version 7. A read when none lack them.
    fn fill_missing_keys(&self) -> Result<(), StoreError> {
        orders::fill_missing_search(self)?;
        search::fill_missing_customer_keys(self)?;
        search::fill_missing_user_words(self)?;
        Ok(())
    }

    /// Checks every page of `tables` and their indexes (`PRAGMA quick_check(TABLE)`), for
    /// the commands that must not print or write what a damaged page hides: damage is
    /// [`StoreError::Corrupt`]. Reads only; a few ms per 10 000 rows.
    pub fn check_tables(&self, tables: &[&str]) -> Result<(), StoreError> {
        match self.sqlite() {
            Some(conn) => check::tables(conn, &self.path, tables),
            // The server checks its pages itself (checksums); it reports damage as an error.
            None => Ok(()),
        }
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the operator should know about the file (e.g. others can read it).
    pub fn warnings(&self) -> &[StoreWarning] {
        &self.warnings
    }

    /// The database this store is connected to, to open another connection to it (a thread
    /// of its own) with [`Store::open_target`].
    pub fn target(&self) -> &DbTarget {
        &self.target
    }

    /// What the operator is told the database is: the file, or `postgresql://host/dbname`
    /// (never a user or a password).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Runs `f` with a short wait for the lock instead of the full one, for writes that can
    /// be done later (drafts). The full wait is restored afterwards.
    fn with_short_wait<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, StoreError>) -> Result<T, StoreError> {
        self.waiting(Wait::Quiet(DRAFT_BUSY_WAIT), f)
    }

    /// Runs `f` with `wait` for other programs' locks, then restores the usual wait.
    fn waiting<T, E: From<sql::SqlError>>(
        &mut self,
        wait: Wait,
        f: impl FnOnce(&mut Self) -> Result<T, E>,
    ) -> Result<T, E> {
        self.set_wait(wait)?;
        let result = f(self);
        self.set_wait(Wait::Usual)?;
        result
    }

    /// How long (and how quietly) the next writes wait for another program's lock. SQLite
    /// calls a busy handler while it waits; PostgreSQL waits for a row lock up to its
    /// `lock_timeout` and then fails (as [`StoreError::Busy`]).
    fn set_wait(&mut self, wait: Wait) -> Result<(), sql::SqlError> {
        match &mut self.engine {
            Engine::Sqlite(conn) => match wait {
                Wait::Usual => conn.busy_handler(Some(busy_handler(busy_wait())))?,
                Wait::Quiet(bound) => conn.busy_handler(Some(quiet_busy_handler(bound)))?,
                Wait::Watched { waiting, stop } => {
                    conn.busy_handler(Some(watched_busy_handler(busy_wait(), waiting, stop)))?
                }
            },
            Engine::Postgres(pg) => {
                let bound = match wait {
                    Wait::Usual | Wait::Watched { .. } => busy_wait(),
                    Wait::Quiet(bound) => bound,
                };
                // Custom plans: a statement prepared once is planned for each run's values. A
                // generic plan of the overview's `search LIKE $1 … ORDER BY id DESC LIMIT`
                // scanned the trigram index whole (200 ms at 100 000 orders) where the
                // values' plan walks the newest orders (0.2 ms). One statement, so that a
                // new connection gets both again (`PgConn` repeats the last SET).
                pg.batch(&format!(
                    "SET plan_cache_mode = force_custom_plan; SET lock_timeout = {}",
                    bound.as_millis().max(1)
                ))?;
            }
        }
        Ok(())
    }
}

/// How long writes wait for another program's lock ([`Store::set_wait`]).
enum Wait {
    /// The wait [`set_busy_wait`] set, telling the command line once.
    Usual,
    /// At most this long, telling no one (drafts).
    Quiet(Duration),
    /// The usual wait, telling `waiting` and giving up when `stop` is set (placing from the
    /// terminal, which can quit meanwhile).
    Watched { waiting: Box<dyn Fn() + Send>, stop: std::sync::Arc<AtomicBool> },
}

fn busy_wait() -> Duration {
    Duration::from_millis(BUSY_WAIT_MS.load(Ordering::Relaxed))
}

/// Waits up to `bound` for another program's lock, telling once (per wait) that it waits.
fn busy_handler(bound: Duration) -> impl FnMut(i32) -> bool + Send + 'static {
    let mut since = Instant::now();
    move |count| {
        if count == 0 {
            since = Instant::now();
            if let Some(notice) = WAIT_NOTICE.get() {
                notice();
            }
        }
        wait_a_moment(since, bound, count)
    }
}

/// Like [`busy_handler`], telling `waiting` instead of the command line's notice, and giving
/// up as soon as `stop` is set.
fn watched_busy_handler(
    bound: Duration,
    waiting: Box<dyn Fn() + Send>,
    stop: std::sync::Arc<AtomicBool>,
) -> impl FnMut(i32) -> bool + Send + 'static {
    let mut since = Instant::now();
    move |count| {
        if count == 0 {
            since = Instant::now();
            waiting();
        }
        !stop.load(Ordering::Relaxed) && wait_a_moment(since, bound, count)
    }
}

/// Like [`busy_handler`], without telling anyone.
fn quiet_busy_handler(bound: Duration) -> impl FnMut(i32) -> bool + Send + 'static {
    let mut since = Instant::now();
    move |count| {
        if count == 0 {
            since = Instant::now();
        }
        let again = since.elapsed() < bound;
        if again {
            std::thread::sleep(Duration::from_millis(10));
        }
        again
    }
}

/// Sleeps a little (longer the longer it waits, up to 50 ms) unless `bound` is reached;
/// whether to try again.
fn wait_a_moment(since: Instant, bound: Duration, count: i32) -> bool {
    let waited = since.elapsed();
    if waited >= bound {
        GAVE_UP_WAITING.store(true, Ordering::Relaxed);
        return false;
    }
    let step = Duration::from_millis(1u64 << count.clamp(0, 6) as u32).min(Duration::from_millis(50));
    std::thread::sleep(step.min(bound - waited));
    true
}

/// Creates the directory the database file goes into (mode 0700), if it has one.
fn create_parent_dir(path: &Path) -> Result<(), StoreError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => crate::private_files::create_dir_all(dir).map_err(|source| {
            if source.kind() == std::io::ErrorKind::PermissionDenied {
                StoreError::DirNotWritable { path: dir.to_path_buf() }
            } else {
                StoreError::CreateDir { path: dir.to_path_buf(), source }
            }
        }),
        _ => Ok(()),
    }
}

/// A refusal found while opening, with the file's path where it names one.
fn with_path(e: StoreError, path: &Path) -> StoreError {
    match e {
        StoreError::Db(DbError(sql::SqlError::Sqlite(db))) => classify(db, path),
        StoreError::Corrupt { path: p } if p.as_os_str().is_empty() => StoreError::Corrupt { path: path.to_path_buf() },
        other => other,
    }
}

/// SQLite's errors about the file itself, as the refusals they mean.
fn classify(e: rusqlite::Error, path: &Path) -> StoreError {
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path },
        Some(ErrorCode::DatabaseCorrupt) => {
            note_damage();
            StoreError::Corrupt { path }
        }
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly { path },
        Some(ErrorCode::CannotOpen) => {
            StoreError::DirNotWritable { path: path.parent().map(Path::to_path_buf).unwrap_or_default() }
        }
        _ => StoreError::from(e),
    }
}
