//! One way to run SQL on either engine, so that each query of the store is written once.
//!
//! The store's queries are written in the SQL both engines speak: numbered placeholders
//! (`?1`, `?2`; PostgreSQL gets them as `$1`, `$2`, rewritten here), `TRUE`/`FALSE` for the
//! flags (SQLite reads them as 1 and 0), `COALESCE`, `CAST(… AS BIGINT)` where PostgreSQL
//! would widen an integer (its `SUM` of `bigint` is `numeric`), `ON CONFLICT DO NOTHING`,
//! `RETURNING`, and `nocase(…)` for SQLite's `NOCASE` folding (a function both engines
//! have: PostgreSQL's schema defines it, and SQLite's connection registers it). What only
//! one engine can say (the search indexes, SQLite's pragmas) asks [`Db::dialect`].
//!
//! A query goes through [`Db`] with its arguments as [`Param`]s (the [`args!`] macro) and
//! reads its rows through [`Row::get`], which converts each cell to the Rust type asked for
//! whatever integer width or flag type the engine used. Errors are [`SqlError`], which the
//! store turns into its own ([`super::StoreError`], [`super::PlaceError`]); no engine type
//! leaves this module's callers, all inside `store`.

use postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

/// The engine behind a [`Db`], for the few statements only one of them can say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite (a file).
    Sqlite,
    /// PostgreSQL (a server).
    Postgres,
}

/// A value bound to a placeholder.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    /// SQL `NULL`.
    Null,
    /// Any integer (every integer column is 64 bits on both engines).
    Int(i64),
    /// Text.
    Text(&'a str),
    /// A flag: `boolean` on PostgreSQL, 0/1 on SQLite.
    Bool(bool),
}

/// What can be bound to a placeholder.
pub trait Param {
    /// The value to bind.
    fn value(&self) -> Value<'_>;
}

impl Param for i64 {
    fn value(&self) -> Value<'_> {
        Value::Int(*self)
    }
}

macro_rules! int_param {
    ($($t:ty),*) => {$(
        impl Param for $t {
            fn value(&self) -> Value<'_> {
                Value::Int(i64::from(*self))
            }
        }
    )*};
}
int_param!(i32, u32, u16, u8);

impl Param for usize {
    fn value(&self) -> Value<'_> {
        // No list the store is asked for comes near i64::MAX.
        Value::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}

impl Param for bool {
    fn value(&self) -> Value<'_> {
        Value::Bool(*self)
    }
}

impl Param for str {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl Param for String {
    fn value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl<T: Param + ?Sized> Param for &T {
    fn value(&self) -> Value<'_> {
        (**self).value()
    }
}

impl<T: Param> Param for Option<T> {
    fn value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Null, Param::value)
    }
}

impl Param for Value<'_> {
    fn value(&self) -> Value<'_> {
        *self
    }
}

/// An owned argument, for queries whose arguments are gathered while the SQL is built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// An integer.
    Int(i64),
    /// Text.
    Text(String),
}

impl Param for Arg {
    fn value(&self) -> Value<'_> {
        match self {
            Arg::Int(i) => Value::Int(*i),
            Arg::Text(s) => Value::Text(s),
        }
    }
}

/// `values` as the arguments of a query.
pub fn refs(values: &[Arg]) -> Vec<&dyn Param> {
    values.iter().map(|v| v as &dyn Param).collect()
}

/// The arguments of a query: `args![a, b]` is `&[&a, &b]` as `&[&dyn Param]`.
macro_rules! args {
    () => { &[] as &[&dyn $crate::store::sql::Param] };
    ($($arg:expr),+ $(,)?) => { &[$(&$arg as &dyn $crate::store::sql::Param),+] as &[&dyn $crate::store::sql::Param] };
}
pub(crate) use args;

/// One cell of a row, as read from either engine.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// SQL `NULL`.
    Null,
    /// An integer of any width.
    Int(i64),
    /// Text.
    Text(String),
    /// A PostgreSQL `boolean`.
    Bool(bool),
    /// A floating-point number (SQLite's `REAL`; no column of ours holds one).
    Real(f64),
}

/// What a [`Cell`] can be read as.
pub trait FromCell: Sized {
    /// The value, or `None` when the cell holds something else.
    fn from_cell(cell: Cell) -> Option<Self>;
    /// The type's name, for the error.
    const NAME: &'static str;
}

impl FromCell for i64 {
    const NAME: &'static str = "integer";
    fn from_cell(cell: Cell) -> Option<Self> {
        match cell {
            Cell::Int(i) => Some(i),
            Cell::Bool(b) => Some(i64::from(b)),
            _ => None,
        }
    }
}

macro_rules! narrow_int {
    ($($t:ty),*) => {$(
        impl FromCell for $t {
            const NAME: &'static str = stringify!($t);
            fn from_cell(cell: Cell) -> Option<Self> {
                i64::from_cell(cell).and_then(|i| <$t>::try_from(i).ok())
            }
        }
    )*};
}
narrow_int!(i32, u32, u8, u16, usize);

impl FromCell for bool {
    const NAME: &'static str = "flag";
    fn from_cell(cell: Cell) -> Option<Self> {
        match cell {
            Cell::Bool(b) => Some(b),
            Cell::Int(i) => Some(i != 0),
            _ => None,
        }
    }
}

impl FromCell for String {
    const NAME: &'static str = "text";
    fn from_cell(cell: Cell) -> Option<Self> {
        match cell {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl<T: FromCell> FromCell for Option<T> {
    const NAME: &'static str = T::NAME;
    fn from_cell(cell: Cell) -> Option<Self> {
        match cell {
            Cell::Null => Some(None),
            other => T::from_cell(other).map(Some),
        }
    }
}

/// A row of a result.
pub trait Row {
    /// The cell in column `i` (from 0).
    fn cell(&self, i: usize) -> Result<Cell, SqlError>;
}

impl dyn Row + '_ {
    /// Column `i` (from 0) as a `T`.
    pub fn get<T: FromCell>(&self, i: usize) -> Result<T, SqlError> {
        match T::from_cell(self.cell(i)?) {
            Some(value) => Ok(value),
            // The cell read again for the message: formatting every cell read, in case, cost
            // more than reading it.
            None => {
                let found = self.cell(i).map(|cell| format!("{cell:?}")).unwrap_or_default();
                Err(SqlError::Type { column: i, wanted: T::NAME, found })
            }
        }
    }
}

/// An error of either engine, or of reading a cell as the wrong type.
pub enum SqlError {
    /// SQLite's.
    Sqlite(rusqlite::Error),
    /// PostgreSQL's.
    Pg(postgres::Error),
    /// A cell that does not hold what the code reads it as.
    Type {
        /// The column, from 0.
        column: usize,
        /// What the code asked for.
        wanted: &'static str,
        /// What the cell held.
        found: String,
    },
    /// A query that must return a row returned none.
    NoRow,
    /// The connection was lost and could not be opened again (the message names the
    /// server and the database, never a credential).
    Unreachable(String),
}

impl fmt::Display for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SqlError::Sqlite(e) => e.fmt(f),
            // The server's own message and its code; never the connection's parameters.
            SqlError::Pg(e) => match e.as_db_error() {
                Some(db) => write!(f, "{} ({})", db.message(), db.code().code()),
                None => e.fmt(f),
            },
            SqlError::Type { column, wanted, found } => write!(f, "column {column}: expected {wanted}, found {found}"),
            SqlError::NoRow => f.write_str("the query returned no row"),
            SqlError::Unreachable(why) => f.write_str(why),
        }
    }
}

impl fmt::Debug for SqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for SqlError {}

impl From<rusqlite::Error> for SqlError {
    fn from(e: rusqlite::Error) -> Self {
        SqlError::Sqlite(e)
    }
}

impl From<postgres::Error> for SqlError {
    fn from(e: postgres::Error) -> Self {
        SqlError::Pg(e)
    }
}

/// What an error means, whichever engine raised it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Another writer holds a lock longer than this one waits.
    Busy,
    /// The database is damaged (SQLite).
    Corrupt,
    /// A constraint refused the write (unique, check, foreign key, not null).
    Constraint,
    /// The engine gave the transaction up for a concurrent one; running it again is right.
    Retry,
    /// Anything else.
    Other,
}

impl SqlError {
    /// What the error means for the caller.
    pub fn kind(&self) -> Kind {
        use rusqlite::ErrorCode;
        match self {
            SqlError::Sqlite(e) => match e.sqlite_error_code() {
                Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Kind::Busy,
                Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => Kind::Corrupt,
                Some(ErrorCode::ConstraintViolation) => Kind::Constraint,
                _ => Kind::Other,
            },
            SqlError::Pg(e) => match e.code().map(|c| c.code()) {
                // serialization_failure, deadlock_detected
                Some("40001" | "40P01") => Kind::Retry,
                // lock_not_available (lock_timeout), query_canceled (statement_timeout)
                Some("55P03" | "57014") => Kind::Busy,
                Some(c) if c.starts_with("23") => Kind::Constraint,
                Some("XX001" | "XX002") => Kind::Corrupt,
                _ => Kind::Other,
            },
            SqlError::Type { .. } | SqlError::NoRow | SqlError::Unreachable(_) => Kind::Other,
        }
    }

    /// For a unique key that refused a write: the table and what names the key, as
    /// `table.column[, table.column]` (SQLite's message) or `table.constraint` (PostgreSQL's
    /// constraint or index name, e.g. `users.users_mobile_order_id_key`).
    pub fn unique_key(&self) -> Option<String> {
        match self {
            SqlError::Sqlite(e) => {
                let unique = matches!(
                    e.sqlite_extended_error_code(),
                    Some(rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY)
                );
                match e {
                    rusqlite::Error::SqliteFailure(_, Some(m)) if unique => {
                        Some(m.split(':').nth(1)?.trim().to_string())
                    }
                    _ => None,
                }
            }
            SqlError::Pg(e) => {
                let db = e.as_db_error().filter(|d| d.code().code() == "23505")?;
                Some(format!("{}.{}", db.table()?, db.constraint()?))
            }
            SqlError::Type { .. } | SqlError::NoRow | SqlError::Unreachable(_) => None,
        }
    }

    /// SQLite's own error, for the file checks that look at its code.
    pub fn sqlite(&self) -> Option<&rusqlite::Error> {
        match self {
            SqlError::Sqlite(e) => Some(e),
            _ => None,
        }
    }
}

/// An error a write transaction can end with: [`super::Store::write`] runs the transaction
/// again while the engine says it was given up for a concurrent one.
pub trait TxError: From<SqlError> {
    /// Whether the engine gave the transaction up for a concurrent one.
    fn is_retry(&self) -> bool;
    /// The error when the retries took longer than a write may wait: the database was busy.
    fn gave_up() -> Self;
}

/// A connection or a transaction on either engine.
pub trait Db {
    /// Which engine this is.
    fn dialect(&self) -> Dialect;
    /// Runs one statement; the number of rows it changed.
    fn exec(&self, sql: &str, args: &[&dyn Param]) -> Result<usize, SqlError>;
    /// Runs a query, calling `each` for every row in order.
    fn each(
        &self,
        sql: &str,
        args: &[&dyn Param],
        each: &mut dyn FnMut(&dyn Row) -> Result<(), SqlError>,
    ) -> Result<(), SqlError>;
    /// Runs a query, handing its rows to `take` as the engine reads them until `take`
    /// says it has enough: the rows are never collected, so a scan of a large customer's
    /// users holds one row at a time. `take` must not query this connection.
    fn scan(
        &self,
        sql: &str,
        args: &[&dyn Param],
        take: &mut dyn FnMut(&dyn Row) -> Result<Flow, SqlError>,
    ) -> Result<(), SqlError>;
    /// Runs several statements without arguments (schema changes, `BEGIN`).
    fn batch(&self, sql: &str) -> Result<(), SqlError>;
    /// Runs one `INSERT … ON CONFLICT DO NOTHING` into a table with an `id` key; the new
    /// row's id, or `None` when the conflict skipped it. Through `RETURNING id` unless the
    /// engine has a cheaper way.
    fn insert(&self, sql: &str, args: &[&dyn Param]) -> Result<Option<i64>, SqlError> {
        let mut id = None;
        // RETURNING gives no row when the conflict skipped the insert.
        self.each(&format!("{sql} RETURNING id"), args, &mut |row| {
            id = Some(row.get(0)?);
            Ok(())
        })?;
        Ok(id)
    }
}

/// Whether a [`Db::scan`] wants more rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// The next row, please.
    More,
    /// Enough: the rest is not read.
    Done,
}

impl dyn Db + '_ {
    /// Every row of a query, each made by `map`.
    pub fn rows<T>(
        &self,
        sql: &str,
        args: &[&dyn Param],
        map: impl Fn(&dyn Row) -> Result<T, SqlError>,
    ) -> Result<Vec<T>, SqlError> {
        let mut out = Vec::new();
        self.each(sql, args, &mut |row| {
            out.push(map(row)?);
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row of a query, if there is one.
    pub fn opt<T>(
        &self,
        sql: &str,
        args: &[&dyn Param],
        map: impl Fn(&dyn Row) -> Result<T, SqlError>,
    ) -> Result<Option<T>, SqlError> {
        let mut out = None;
        self.each(sql, args, &mut |row| {
            if out.is_none() {
                out = Some(map(row)?);
            }
            Ok(())
        })?;
        Ok(out)
    }

    /// The first row of a query that always returns one.
    pub fn one<T>(
        &self,
        sql: &str,
        args: &[&dyn Param],
        map: impl Fn(&dyn Row) -> Result<T, SqlError>,
    ) -> Result<T, SqlError> {
        self.opt(sql, args, map)?.ok_or(SqlError::NoRow)
    }

    /// The first column of the one row of a query (a count, an id).
    pub fn value<T: FromCell>(&self, sql: &str, args: &[&dyn Param]) -> Result<T, SqlError> {
        self.one(sql, args, |r| r.get(0))
    }
}

/// Locks the row `id` of `table` against other writers until the transaction ends, so that
/// what the transaction reads of it and of what hangs on it (a customer's users, numbers and
/// extensions; an order's state) stays as read: PostgreSQL's `SELECT … FOR UPDATE`. Nothing
/// on SQLite, whose write transaction holds the whole file already. `table` is one of the
/// store's own names, never anything typed.
pub fn lock_row(db: &dyn Db, table: &str, id: i64) -> Result<(), SqlError> {
    match db.dialect() {
        Dialect::Sqlite => Ok(()),
        Dialect::Postgres => {
            db.opt(&format!("SELECT 1 FROM {table} WHERE id = ?1 FOR UPDATE"), args![id], |_| Ok(()))?;
            Ok(())
        }
    }
}

/// A transaction held open while the caller writes row by row (imports, seeding), rolled
/// back when dropped uncommitted. It takes the write locks up front, so that nothing else
/// writes the tables until it ends: SQLite's `BEGIN IMMEDIATE` (the whole file);
/// PostgreSQL's `LOCK TABLE … IN SHARE ROW EXCLUSIVE MODE` on `tables`, which lets others
/// read but makes their writes to them wait.
pub struct Tx<'a> {
    db: &'a dyn Db,
    open: bool,
}

impl<'a> Tx<'a> {
    /// Begins the transaction on `db`, locking `tables` against other writers.
    pub fn begin(db: &'a dyn Db, tables: &[&str]) -> Result<Tx<'a>, SqlError> {
        match db.dialect() {
            Dialect::Sqlite => db.batch("BEGIN IMMEDIATE")?,
            Dialect::Postgres => {
                db.batch("BEGIN")?;
                let tx = Tx { db, open: true };
                if !tables.is_empty() {
                    db.batch(&format!("LOCK TABLE {} IN SHARE ROW EXCLUSIVE MODE", tables.join(", ")))?;
                }
                return Ok(tx);
            }
        }
        Ok(Tx { db, open: true })
    }

    /// The connection, to write through.
    pub fn db(&self) -> &'a dyn Db {
        self.db
    }

    /// Keeps everything written.
    pub fn commit(mut self) -> Result<(), SqlError> {
        self.finish(true)
    }

    /// Keeps nothing.
    pub fn rollback(mut self) -> Result<(), SqlError> {
        self.finish(false)
    }

    /// Ends the transaction now, keeping everything written (`keep`; a failed commit rolls
    /// back) or nothing, for an owner that has more to do after it; nothing once ended.
    pub fn finish(&mut self, keep: bool) -> Result<(), SqlError> {
        if !self.open {
            return Ok(());
        }
        self.open = false;
        if !keep {
            return self.db.batch("ROLLBACK");
        }
        match self.db.batch("COMMIT") {
            Ok(()) => Ok(()),
            Err(e) => {
                let _ = self.db.batch("ROLLBACK");
                Err(e)
            }
        }
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing to do about a failed rollback: the connection is gone, and with it
            // the transaction.
            let _ = self.db.batch("ROLLBACK");
        }
    }
}

// ---------------------------------------------------------------------------------------
// SQLite

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match *self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(i)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bool(b) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(b))),
        })
    }
}

/// The values of `args`, for rusqlite.
fn sqlite_args<'a>(args: &'a [&'a dyn Param]) -> Vec<Value<'a>> {
    args.iter().map(|a| a.value()).collect()
}

struct SqliteRow<'a, 'b>(&'a rusqlite::Row<'b>);

impl Row for SqliteRow<'_, '_> {
    fn cell(&self, i: usize) -> Result<Cell, SqlError> {
        use rusqlite::types::ValueRef;
        Ok(match self.0.get_ref(i)? {
            ValueRef::Null => Cell::Null,
            ValueRef::Integer(i) => Cell::Int(i),
            ValueRef::Real(r) => Cell::Real(r),
            ValueRef::Text(t) | ValueRef::Blob(t) => Cell::Text(String::from_utf8_lossy(t).into_owned()),
        })
    }
}

impl Db for rusqlite::Connection {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn exec(&self, sql: &str, args: &[&dyn Param]) -> Result<usize, SqlError> {
        let values = sqlite_args(args);
        Ok(self.prepare_cached(sql)?.execute(rusqlite::params_from_iter(values.iter()))?)
    }

    fn each(
        &self,
        sql: &str,
        args: &[&dyn Param],
        each: &mut dyn FnMut(&dyn Row) -> Result<(), SqlError>,
    ) -> Result<(), SqlError> {
        let values = sqlite_args(args);
        let mut stmt = self.prepare_cached(sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
        while let Some(row) = rows.next()? {
            each(&SqliteRow(row))?;
        }
        Ok(())
    }

    fn scan(
        &self,
        sql: &str,
        args: &[&dyn Param],
        take: &mut dyn FnMut(&dyn Row) -> Result<Flow, SqlError>,
    ) -> Result<(), SqlError> {
        let values = sqlite_args(args);
        let mut stmt = self.prepare_cached(sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(values.iter()))?;
        while let Some(row) = rows.next()? {
            if take(&SqliteRow(row))? == Flow::Done {
                break;
            }
        }
        Ok(())
    }

    fn batch(&self, sql: &str) -> Result<(), SqlError> {
        Ok(self.execute_batch(sql)?)
    }

    fn insert(&self, sql: &str, args: &[&dyn Param]) -> Result<Option<i64>, SqlError> {
        // The row count and the connection's last rowid instead of RETURNING, which builds
        // and frees a temporary table on every run: a tenth of a seeding's time. A trigger's
        // own inserts do not change the last rowid once the statement is done.
        let values = sqlite_args(args);
        let changed = self.prepare_cached(sql)?.execute(rusqlite::params_from_iter(values.iter()))?;
        Ok((changed > 0).then(|| self.last_insert_rowid()))
    }
}

/// Registers `nocase(text)` on a SQLite connection: A–Z folded to a–z, as SQLite's `NOCASE`
/// collation and PostgreSQL's `nocase` function of the schema do.
pub fn register_nocase(conn: &rusqlite::Connection) -> Result<(), SqlError> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "nocase",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.map(|t| t.to_ascii_lowercase()))
        },
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// PostgreSQL

impl ToSql for Value<'_> {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        // The server inferred each placeholder's type from the statement; the value is
        // written in that type, so one Rust value serves `bigint`, `integer` and `boolean`.
        match *self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                Type::BOOL => (i != 0).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR | Type::UNKNOWN => i.to_string().as_str().to_sql(&Type::TEXT, out),
                _ => Err(format!("an integer for a parameter of type {ty}").into()),
            },
            Value::Bool(b) => match *ty {
                Type::BOOL => b.to_sql(ty, out),
                Type::INT8 => i64::from(b).to_sql(ty, out),
                Type::INT4 => i32::from(b).to_sql(ty, out),
                _ => Err(format!("a flag for a parameter of type {ty}").into()),
            },
            Value::Text(s) => s.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// `?1` → `$1` (and a bare `?` → the next number), outside quoted strings and identifiers.
pub fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    let mut next = 1usize;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '?' => {
                out.push('$');
                let mut digits = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    digits.push(d);
                    chars.next();
                }
                if digits.is_empty() {
                    out.push_str(&next.to_string());
                    next += 1;
                } else {
                    next = digits.parse::<usize>().map_or(next, |n| n + 1);
                    out.push_str(&digits);
                }
            }
            None => out.push(c),
        }
    }
    out
}

/// A PostgreSQL connection with its prepared statements. `RefCell`: the store's reads take
/// `&self`, and the client needs `&mut` for every call.
///
/// A connection the server or the network dropped is opened again at the next statement
/// outside a transaction (a long-open terminal outlives a server restart or a flaky link).
/// Inside a transaction it is not: the server has rolled back what the transaction wrote,
/// and going on in a new session would write the rest on its own; the transaction fails
/// instead, as a whole.
pub struct PgConn {
    client: RefCell<postgres::Client>,
    target: super::pg::target::PgTarget,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    /// Whether a transaction is open (between `BEGIN` and `COMMIT`/`ROLLBACK`).
    in_transaction: std::cell::Cell<bool>,
    /// Whether a call found the connection gone.
    lost: std::cell::Cell<bool>,
    /// The last `SET` of the session (the lock wait), given again to a new connection.
    session: RefCell<Option<String>>,
}

impl fmt::Debug for PgConn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PgConn")
    }
}

impl PgConn {
    /// Wraps a client connected to `target`.
    pub fn new(client: postgres::Client, target: super::pg::target::PgTarget) -> PgConn {
        PgConn {
            client: RefCell::new(client),
            target,
            statements: RefCell::new(HashMap::new()),
            in_transaction: std::cell::Cell::new(false),
            lost: std::cell::Cell::new(false),
            session: RefCell::new(None),
        }
    }

    /// The client, connected again first if the connection was lost outside a transaction.
    fn client(&self) -> Result<std::cell::RefMut<'_, postgres::Client>, SqlError> {
        let lost = self.lost.get() || self.client.borrow().is_closed();
        if lost && !self.in_transaction.get() {
            let client = super::pg::connect_target(&self.target).map_err(|e| SqlError::Unreachable(e.to_string()))?;
            *self.client.borrow_mut() = client;
            self.lost.set(false);
            self.statements.borrow_mut().clear();
            if let Some(set) = self.session.borrow().as_deref() {
                self.client.borrow_mut().batch_execute(set)?;
            }
        }
        Ok(self.client.borrow_mut())
    }

    /// Runs `call` on the client; when it finds the connection gone outside a transaction,
    /// once more on a new one.
    fn run<T>(&self, call: impl Fn(&mut postgres::Client, &Self) -> Result<T, postgres::Error>) -> Result<T, SqlError> {
        let first = {
            let mut client = self.client()?;
            call(&mut client, self)
        };
        match first {
            Err(e) if e.is_closed() || self.client.borrow().is_closed() || is_shutdown(&e) => {
                self.lost.set(true);
                if self.in_transaction.get() {
                    return Err(e.into());
                }
                let mut client = self.client()?;
                Ok(call(&mut client, self)?)
            }
            other => Ok(other?),
        }
    }

    /// The statement for `sql` on `client`, prepared once per connection.
    fn statement(&self, client: &mut postgres::Client, sql: &str) -> Result<postgres::Statement, postgres::Error> {
        if let Some(stmt) = self.statements.borrow().get(sql) {
            return Ok(stmt.clone());
        }
        let stmt = client.prepare(&numbered(sql))?;
        self.statements.borrow_mut().insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }
}

/// Why a [`PgConn`] scan stopped early: the server's error, or the taker's.
enum Streamed {
    Pg(postgres::Error),
    Take(SqlError),
}

impl From<postgres::Error> for Streamed {
    fn from(e: postgres::Error) -> Self {
        Streamed::Pg(e)
    }
}

/// The server ended the session (an administrator, a restart): SQLSTATE class 57P.
fn is_shutdown(e: &postgres::Error) -> bool {
    e.code().is_some_and(|c| c.code().starts_with("57P"))
}

struct PgRow<'a>(&'a postgres::Row);

impl Row for PgRow<'_> {
    fn cell(&self, i: usize) -> Result<Cell, SqlError> {
        let row = self.0;
        let column =
            row.columns().get(i).ok_or(SqlError::Type { column: i, wanted: "a column", found: "none".into() })?;
        let cell = match *column.type_() {
            Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Cell::Int),
            Type::INT4 => row.try_get::<_, Option<i32>>(i)?.map(|v| Cell::Int(i64::from(v))),
            Type::INT2 => row.try_get::<_, Option<i16>>(i)?.map(|v| Cell::Int(i64::from(v))),
            Type::BOOL => row.try_get::<_, Option<bool>>(i)?.map(Cell::Bool),
            Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Cell::Real),
            Type::FLOAT4 => row.try_get::<_, Option<f32>>(i)?.map(|v| Cell::Real(f64::from(v))),
            _ => row.try_get::<_, Option<String>>(i)?.map(Cell::Text),
        };
        Ok(cell.unwrap_or(Cell::Null))
    }
}

impl Db for PgConn {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn exec(&self, sql: &str, args: &[&dyn Param]) -> Result<usize, SqlError> {
        let values: Vec<Value> = args.iter().map(|a| a.value()).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let n = self.run(|client, this| {
            let stmt = this.statement(client, sql)?;
            client.execute(&stmt, &refs)
        })?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    fn each(
        &self,
        sql: &str,
        args: &[&dyn Param],
        each: &mut dyn FnMut(&dyn Row) -> Result<(), SqlError>,
    ) -> Result<(), SqlError> {
        let values: Vec<Value> = args.iter().map(|a| a.value()).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        // Collected before `each` runs: `each` may run queries of its own on this client.
        let rows = self.run(|client, this| {
            let stmt = this.statement(client, sql)?;
            client.query(&stmt, &refs)
        })?;
        for row in &rows {
            each(&PgRow(row))?;
        }
        Ok(())
    }

    fn scan(
        &self,
        sql: &str,
        args: &[&dyn Param],
        take: &mut dyn FnMut(&dyn Row) -> Result<Flow, SqlError>,
    ) -> Result<(), SqlError> {
        use postgres::fallible_iterator::FallibleIterator;
        let values: Vec<Value> = args.iter().map(|a| a.value()).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v as &(dyn ToSql + Sync)).collect();
        let mut client = self.client()?;
        let streamed = (|| {
            let stmt = self.statement(&mut client, sql)?;
            // Streamed off the socket as read; the rows after `Done` are dropped unread.
            let mut rows = client.query_raw(&stmt, refs.iter().copied())?;
            while let Some(row) = rows.next()? {
                if take(&PgRow(&row)).map_err(Streamed::Take)? == Flow::Done {
                    break;
                }
            }
            Ok(())
        })();
        match streamed {
            Ok(()) => Ok(()),
            Err(Streamed::Take(e)) => Err(e),
            Err(Streamed::Pg(e)) => {
                // Not run again (rows may have been taken already): the next call connects anew.
                if e.is_closed() || client.is_closed() || is_shutdown(&e) {
                    self.lost.set(true);
                }
                Err(e.into())
            }
        }
    }

    fn batch(&self, sql: &str) -> Result<(), SqlError> {
        let word = sql.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        let result = self.run(|client, _| client.batch_execute(sql));
        match word.as_str() {
            "BEGIN" => self.in_transaction.set(result.is_ok()),
            // A failed COMMIT or ROLLBACK ends the transaction too (the server rolls back).
            "COMMIT" | "ROLLBACK" => self.in_transaction.set(false),
            "SET" if result.is_ok() => *self.session.borrow_mut() = Some(sql.to_string()),
            _ => {}
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_for_postgres_outside_quotes() {
        assert_eq!(numbered("SELECT a FROM t WHERE b = ?1 AND c = ?12"), "SELECT a FROM t WHERE b = $1 AND c = $12");
        assert_eq!(numbered("SELECT '?1', \"?x\" WHERE a = ?"), "SELECT '?1', \"?x\" WHERE a = $1");
        assert_eq!(numbered("a = ?2, b = ?"), "a = $2, b = $3");
    }

    #[test]
    fn cells_are_read_as_the_type_asked_for() {
        assert_eq!(bool::from_cell(Cell::Int(1)), Some(true));
        assert_eq!(i64::from_cell(Cell::Bool(true)), Some(1));
        assert_eq!(Option::<String>::from_cell(Cell::Null), Some(None));
        assert_eq!(u8::from_cell(Cell::Int(300)), None);
        assert_eq!(String::from_cell(Cell::Int(3)), None);
    }

    #[test]
    fn sqlite_runs_the_shared_sql() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        register_nocase(&conn).unwrap();
        let db: &dyn Db = &conn;
        db.batch("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, flag INTEGER)").unwrap();
        assert_eq!(db.exec("INSERT INTO t (name, flag) VALUES (?1, ?2)", args!["Ärger", true]).unwrap(), 1);
        let id: i64 = db.value("INSERT INTO t (name, flag) VALUES (?1, ?2) RETURNING id", args!["ABC", false]).unwrap();
        assert_eq!(id, 2);
        let rows = db
            .rows(
                "SELECT name, flag FROM t WHERE nocase(name) = nocase(?1) OR flag = TRUE ORDER BY id",
                args!["abc"],
                |r| Ok((r.get::<String>(0)?, r.get::<bool>(1)?)),
            )
            .unwrap();
        assert_eq!(rows, vec![("Ärger".to_string(), true), ("ABC".to_string(), false)]);
        let none: Option<i64> = db.opt("SELECT id FROM t WHERE id = ?1", args![9_i64], |r| r.get(0)).unwrap();
        assert_eq!(none, None);
    }
}
