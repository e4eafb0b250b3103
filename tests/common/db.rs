//! The engine the contract tests run on (issue 13): SQLite, or the test server's
//! PostgreSQL with `COMUNIQ_TEST_ENGINE=postgres` (`.ci/run` runs the contract test
//! binaries once on each).
//!
//! A test names its database by a path in its temporary folder, as it always did; on
//! PostgreSQL that path stands for a database of its own on the test server, created the
//! first time the path is opened ([`open`], [`db_arg`], [`conn`]) and reached again by every
//! later open of the same path, from any thread. Such a database is dropped as soon as a
//! later test of the same binary finds the test's folder gone (the test has ended); the
//! last few of a run are left to the throwaway cluster, which `.ci/pg.sh` deletes.
//!
//! [`conn`] / [`conn_of`] give a test its own connection to look behind the store's API
//! ([`Conn`]), with the few calls of rusqlite's API the tests use, on either engine: the
//! tests' SQL is written so both engines read it (`?1` placeholders, `TRUE`/`FALSE`,
//! `COALESCE`, `IS DISTINCT FROM`); cells come back as rusqlite [`Value`]s, flags as 0/1.
#![allow(dead_code)] // Each test file uses a different part of the harness.

use super::pg as pg_server;
use comuniq_order::store::{DbTarget, OpenMode, Store};
use postgres::types::{IsNull, ToSql as PgToSql, Type, to_sql_checked};
use rusqlite::types::{FromSql, ToSqlOutput, Value, ValueRef};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

#[allow(unused_imports)] // Each test file uses a different part of the harness.
pub use super::engine::{ENGINE_VAR, is_postgres, sqlite_only};

/// A database of the test server, and the folder whose end ends it.
struct Registered {
    db: Arc<pg_server::TestDb>,
    /// The nearest folder above the path that existed when it was registered.
    folder: PathBuf,
}

fn registry() -> &'static Mutex<HashMap<PathBuf, Registered>> {
    static DBS: OnceLock<Mutex<HashMap<PathBuf, Registered>>> = OnceLock::new();
    DBS.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The test server's database that `path` stands for, created on first use.
fn test_db(path: &Path) -> Arc<pg_server::TestDb> {
    let mut dbs = registry().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = dbs.get(path) {
        return found.db.clone();
    }
    // Databases of tests that have ended (their folder is gone) are dropped now, so a run
    // does not pile up hundreds of them.
    dbs.retain(|_, r| r.folder.exists());
    let db = pg_server::fresh_db().unwrap_or_else(|| {
        panic!("{ENGINE_VAR}=postgres needs the test server: eval \"$(bash .ci/pg.sh start)\" (COMUNIQ_TEST_PG)")
    });
    let db = Arc::new(db);
    let folder = path.ancestors().skip(1).find(|p| p.is_dir()).unwrap_or(Path::new("/")).to_path_buf();
    dbs.insert(path.to_path_buf(), Registered { db: db.clone(), folder });
    db
}

/// The database `path` names, as the store opens it.
pub fn target(path: &Path) -> DbTarget {
    if is_postgres() { test_db(path).target() } else { DbTarget::Sqlite(path.into()) }
}

/// Opens (creating and migrating) the database `path` stands for.
pub fn open(path: &Path) -> Store {
    if is_postgres() {
        Store::open_target(&target(path), OpenMode::Create).unwrap()
    } else {
        Store::open(path).unwrap()
    }
}

/// What to pass as `--db` to the real binary for the database `path` stands for: the path,
/// or the test database's connection string (key=value; the socket is trusted, so it holds
/// no password).
pub fn db_arg(path: &Path) -> String {
    if is_postgres() { test_db(path).connection_string() } else { path.to_str().unwrap().to_string() }
}

/// A connection of the test's own to the database `path` stands for.
pub fn conn(path: &Path) -> Conn {
    if is_postgres() {
        Conn::Pg(RefCell::new(test_db(path).client()))
    } else {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        conn.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
        Conn::Sqlite(conn)
    }
}

/// A connection of the test's own to the database `store` is connected to.
pub fn conn_of(store: &Store) -> Conn {
    match store.target() {
        DbTarget::Sqlite(path) => conn(path),
        DbTarget::Postgres(config) => Conn::Pg(RefCell::new(
            comuniq_order::store::pg::connect(config.config()).expect("connect to the test database"),
        )),
    }
}

/// A test's own connection to a database of either engine, with the calls of rusqlite's
/// API the tests use.
pub enum Conn {
    Sqlite(rusqlite::Connection),
    Pg(RefCell<postgres::Client>),
}

/// One row of a result: its cells, read as rusqlite reads them.
pub struct Row<'a> {
    cells: &'a [Value],
}

/// What names a column of a [`Row`] (by position only).
pub trait Idx {
    fn index(self) -> usize;
}

impl Idx for usize {
    fn index(self) -> usize {
        self
    }
}

impl Row<'_> {
    /// The cell `i` as a `T`, converted as rusqlite converts it.
    pub fn get<I: Idx, T: FromSql>(&self, i: I) -> rusqlite::Result<T> {
        let i = i.index();
        let cell = self.cells.get(i).ok_or(rusqlite::Error::InvalidColumnIndex(i))?;
        T::column_result(ValueRef::from(cell)).map_err(|e| match e {
            rusqlite::types::FromSqlError::InvalidType => {
                rusqlite::Error::InvalidColumnType(i, format!("{i}"), ValueRef::from(cell).data_type())
            }
            other => rusqlite::Error::FromSqlConversionFailure(i, ValueRef::from(cell).data_type(), Box::new(other)),
        })
    }
}

/// The arguments of a query, as rusqlite takes them: `[]`, `[a]`, `[a, b]`, `(a, b)`,
/// `rusqlite::params![…]`.
pub trait Params {
    fn values(&self) -> Vec<Value>;
}

fn owned(p: &dyn rusqlite::ToSql) -> Value {
    match p.to_sql().unwrap() {
        ToSqlOutput::Borrowed(v) => match v {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(r) => Value::Real(r),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        },
        ToSqlOutput::Owned(v) => v,
        other => panic!("an argument the tests do not use: {other:?}"),
    }
}

impl Params for [&(dyn rusqlite::ToSql + Send + Sync); 0] {
    fn values(&self) -> Vec<Value> {
        Vec::new()
    }
}

impl<const N: usize> Params for &[&dyn rusqlite::ToSql; N] {
    fn values(&self) -> Vec<Value> {
        self.iter().map(|p| owned(*p)).collect()
    }
}

impl Params for &[&dyn rusqlite::ToSql] {
    fn values(&self) -> Vec<Value> {
        self.iter().map(|p| owned(*p)).collect()
    }
}

macro_rules! array_params {
    ($($n:literal)*) => {$(
        impl<T: rusqlite::ToSql> Params for [T; $n] {
            fn values(&self) -> Vec<Value> {
                self.iter().map(|p| owned(p)).collect()
            }
        }
    )*};
}
array_params!(1 2 3 4 5 6);

impl<A: rusqlite::ToSql, B: rusqlite::ToSql> Params for (A, B) {
    fn values(&self) -> Vec<Value> {
        vec![owned(&self.0), owned(&self.1)]
    }
}

impl<A: rusqlite::ToSql, B: rusqlite::ToSql, C: rusqlite::ToSql> Params for (A, B, C) {
    fn values(&self) -> Vec<Value> {
        vec![owned(&self.0), owned(&self.1), owned(&self.2)]
    }
}

impl<A: rusqlite::ToSql, B: rusqlite::ToSql, C: rusqlite::ToSql, D: rusqlite::ToSql> Params for (A, B, C, D) {
    fn values(&self) -> Vec<Value> {
        vec![owned(&self.0), owned(&self.1), owned(&self.2), owned(&self.3)]
    }
}

/// A prepared query ([`Conn::prepare`]): the SQL, run by [`Stmt::query_map`].
pub struct Stmt<'a> {
    conn: &'a Conn,
    sql: String,
}

impl Stmt<'_> {
    /// The names of the result's columns.
    pub fn column_names(&self) -> std::vec::IntoIter<String> {
        self.conn.run(&self.sql, Vec::new(), true).map(|(names, _)| names).unwrap().into_iter()
    }

    /// Every row, each made by `f`.
    pub fn query_map<T>(
        &mut self,
        params: impl Params,
        f: impl FnMut(&Row) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<std::vec::IntoIter<rusqlite::Result<T>>> {
        let (_, rows) = self.conn.run(&self.sql, params.values(), false)?;
        let mut f = f;
        Ok(rows.iter().map(|cells| f(&Row { cells })).collect::<Vec<_>>().into_iter())
    }
}

/// An error of PostgreSQL, as a rusqlite error (the tests only unwrap or check `is_err`).
fn pg_error(e: postgres::Error) -> rusqlite::Error {
    let text = match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => e.to_string(),
    };
    rusqlite::Error::ToSqlConversionFailure(text.into())
}

impl Conn {
    /// Whether this is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Conn::Pg(_))
    }

    /// Runs `sql`: the column names and every row (only the names with `names_only`).
    fn run(&self, sql: &str, params: Vec<Value>, names_only: bool) -> rusqlite::Result<(Vec<String>, Vec<Vec<Value>>)> {
        match self {
            Conn::Sqlite(conn) => {
                let mut stmt = conn.prepare(sql)?;
                let names: Vec<String> = stmt.column_names().map(String::from).collect();
                if names_only {
                    return Ok((names, Vec::new()));
                }
                let n = names.len();
                let rows = stmt
                    .query_map(rusqlite::params_from_iter(params.iter()), |r| {
                        (0..n).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>()
                    })?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok((names, rows))
            }
            Conn::Pg(client) => {
                let mut client = client.borrow_mut();
                let stmt = client.prepare(&numbered(sql)).map_err(pg_error)?;
                let names: Vec<String> = stmt.columns().iter().map(|c| c.name().to_string()).collect();
                if names_only {
                    return Ok((names, Vec::new()));
                }
                let args: Vec<PgValue> = params.into_iter().map(PgValue).collect();
                let refs: Vec<&(dyn PgToSql + Sync)> = args.iter().map(|a| a as &(dyn PgToSql + Sync)).collect();
                let rows = client.query(&stmt, &refs).map_err(pg_error)?;
                let rows = rows.iter().map(|r| (0..names.len()).map(|i| pg_cell(r, i)).collect()).collect();
                Ok((names, rows))
            }
        }
    }

    /// The first row of a query made by `f`; `QueryReturnedNoRows` when there is none.
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnOnce(&Row) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let (_, rows) = self.run(sql, params.values(), false)?;
        match rows.first() {
            Some(cells) => f(&Row { cells }),
            None => Err(rusqlite::Error::QueryReturnedNoRows),
        }
    }

    /// Runs one statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, params: impl Params) -> rusqlite::Result<usize> {
        match self {
            Conn::Sqlite(conn) => conn.execute(sql, rusqlite::params_from_iter(params.values().iter())),
            Conn::Pg(client) => {
                let args: Vec<PgValue> = params.values().into_iter().map(PgValue).collect();
                let refs: Vec<&(dyn PgToSql + Sync)> = args.iter().map(|a| a as &(dyn PgToSql + Sync)).collect();
                let n = client.borrow_mut().execute(&numbered(sql), &refs).map_err(pg_error)?;
                Ok(usize::try_from(n).unwrap())
            }
        }
    }

    /// Runs several statements without arguments.
    pub fn execute_batch(&self, sql: &str) -> rusqlite::Result<()> {
        match self {
            Conn::Sqlite(conn) => conn.execute_batch(sql),
            Conn::Pg(client) => client.borrow_mut().batch_execute(sql).map_err(pg_error),
        }
    }

    /// A query to run with [`Stmt::query_map`].
    pub fn prepare(&self, sql: &str) -> rusqlite::Result<Stmt<'_>> {
        Ok(Stmt { conn: self, sql: sql.to_string() })
    }

    /// The SQLite connection, for what only SQLite has (pragmas); panics on PostgreSQL.
    pub fn sqlite(&self) -> &rusqlite::Connection {
        match self {
            Conn::Sqlite(conn) => conn,
            Conn::Pg(_) => panic!("a SQLite-only check ran on PostgreSQL"),
        }
    }
}

/// `?1` → `$1` outside quotes, as the store's layer does it for PostgreSQL.
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    for c in sql.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '?' => {
                out.push('$');
                continue;
            }
            None => {}
        }
        out.push(c);
    }
    out
}

/// A cell of a PostgreSQL row as rusqlite would have read it from SQLite: flags 0/1.
fn pg_cell(row: &postgres::Row, i: usize) -> Value {
    let ty = row.columns()[i].type_().clone();
    let v = match ty {
        Type::INT8 => row.get::<_, Option<i64>>(i).map(Value::Integer),
        Type::INT4 => row.get::<_, Option<i32>>(i).map(|v| Value::Integer(v.into())),
        Type::INT2 => row.get::<_, Option<i16>>(i).map(|v| Value::Integer(v.into())),
        Type::BOOL => row.get::<_, Option<bool>>(i).map(|v| Value::Integer(v.into())),
        Type::FLOAT8 => row.get::<_, Option<f64>>(i).map(Value::Real),
        Type::FLOAT4 => row.get::<_, Option<f32>>(i).map(|v| Value::Real(v.into())),
        _ => row.get::<_, Option<String>>(i).map(Value::Text),
    };
    v.unwrap_or(Value::Null)
}

/// A rusqlite value bound to a PostgreSQL placeholder of the type the server inferred.
#[derive(Debug)]
struct PgValue(Value);

impl PgToSql for PgValue {
    fn to_sql(&self, ty: &Type, out: &mut bytes::BytesMut) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match &self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                _ => i.to_string().to_sql(ty, out),
            },
            Value::Real(r) => r.to_sql(ty, out),
            Value::Text(s) => s.to_sql(ty, out),
            Value::Blob(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}
