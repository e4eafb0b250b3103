//! `db copy`: a SQLite database moved into an empty PostgreSQL database, in one
//! transaction, row for row and id for id.
//!
//! Both schemas have the same tables and columns at the same version (`tests/pg_schema.rs`
//! holds them to it), so the copy goes column by column, by name: integers stay integers,
//! the 0/1 flags become booleans, text stays text. Each table goes in with `COPY … FROM
//! STDIN (FORMAT binary)`, with its ids, in the order the foreign keys allow; afterwards
//! each identity is moved past the largest id, so the next row the program writes gets a
//! new one. The SQLite file is only read, inside one read transaction (a snapshot: another
//! program may go on writing meanwhile), after its pages were checked. The PostgreSQL
//! database is migrated first (its own transaction: the empty schema stays when the copy
//! fails) and must then hold no row; the tables are locked against writers until the copy
//! commits, so nothing slips in between the check and the copy.

use super::open::server_error;
use super::target::PgTarget;
use crate::store::{StoreError, check, classify, files, schema as sqlite_schema};
use postgres::Transaction;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

pub use crate::store::schema::TABLES;

/// SQLite's implicit row number, which a PostgreSQL table may have as a column.
const SQLITE_ROWID: &str = "rowid";

/// The rows copied into one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    /// The table.
    pub table: &'static str,
    /// How many rows went in.
    pub rows: u64,
}

/// Why nothing was copied. The cli words these for the operator.
#[derive(Debug)]
pub enum CopyError {
    /// The SQLite file or the PostgreSQL database could not be opened or read.
    Store(StoreError),
    /// The SQLite file has an older (or newer) schema than this program writes.
    SourceVersion {
        /// The file.
        path: std::path::PathBuf,
        /// Its version.
        found: i64,
        /// The program's.
        known: i64,
    },
    /// The PostgreSQL database holds rows already.
    NotEmpty {
        /// The database (host and name).
        target: String,
        /// The first table found with rows.
        table: &'static str,
    },
    /// The two databases' tables or columns differ (not a database of this program, or a
    /// migration one engine lacks).
    Shape {
        /// The table.
        table: String,
        /// What differs.
        detail: String,
    },
    /// A value in the SQLite file doesn't fit its column (text where a number belongs, a
    /// flag other than 0 or 1, text that is not UTF-8).
    Value {
        /// The table.
        table: &'static str,
        /// The column.
        column: String,
        /// The row's rowid in the SQLite file.
        row: i64,
    },
}

impl From<StoreError> for CopyError {
    fn from(e: StoreError) -> Self {
        CopyError::Store(e)
    }
}

impl fmt::Display for CopyError {
    /// English, for logs; the operator's words are the cli's.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CopyError::Store(e) => e.fmt(f),
            CopyError::SourceVersion { path, found, known } => {
                write!(f, "{} has schema version {found}, this program writes {known}", path.display())
            }
            CopyError::NotEmpty { target, table } => write!(f, "{target} is not empty (table {table} has rows)"),
            CopyError::Shape { table, detail } => write!(f, "table {table}: {detail}"),
            CopyError::Value { table, column, row } => write!(f, "{table} row {row}: {column} doesn't fit"),
        }
    }
}

impl std::error::Error for CopyError {}

/// Copies the SQLite database at `from` into the empty PostgreSQL database `to`; returns
/// the rows copied per table, in [`TABLES`]' order. All or nothing.
pub fn copy(from: &Path, to: &PgTarget) -> Result<Vec<Copied>, CopyError> {
    let source = open_source(from)?;
    // A snapshot of the file for the whole copy; the read transaction writes nothing.
    let snapshot = source.unchecked_transaction().map_err(|e| classify(e, from))?;
    check::every_page(&snapshot, from)?;
    let mut client = super::open::open(to, crate::store::OpenMode::Create)?;
    let pg = |e: postgres::Error| CopyError::Store(server_error(to, &e));
    let mut tx = client.transaction().map_err(pg)?;
    lock_and_check_empty(&mut tx, to)?;
    same_tables(&snapshot, &mut tx, from, to)?;
    let mut copied = Vec::new();
    let mut mobile_lines = (Vec::new(), Vec::new());
    for table in TABLES {
        let columns = columns(&snapshot, &mut tx, table, from, to)?;
        let rows = copy_table(&snapshot, &mut tx, table, &columns, &mut mobile_lines, from, to)?;
        copied.push(Copied { table, rows });
    }
    tx.execute(
        "UPDATE users u SET mobile_order_id = m.order_id FROM unnest($1::bigint[], $2::bigint[]) AS m(id, order_id) \
         WHERE u.id = m.id",
        &[&mobile_lines.0, &mobile_lines.1],
    )
    .map_err(pg)?;
    move_identities(&mut tx).map_err(pg)?;
    // The planner's statistics, now rather than whenever autovacuum comes by: without them
    // the first queries on the copy (db check's among them) plan as for empty tables, and
    // a per-order lookup scanned a whole table per order (over 9 minutes instead of 5 s
    // at 100 000 orders).
    tx.batch_execute(&format!("ANALYZE {}", TABLES.join(", "))).map_err(pg)?;
    tx.commit().map_err(pg)?;
    drop(snapshot);
    Ok(copied)
}

/// The SQLite file, opened to read only: it must exist, be a database of ours and have
/// this program's schema version.
fn open_source(path: &Path) -> Result<Connection, CopyError> {
    files::check_kind(path)?;
    if !files::exists(path) {
        return Err(StoreError::Missing { path: path.to_path_buf() }.into());
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(e, path))?;
    // Another program's write in progress: wait for it as the program's reads do.
    conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(|e| classify(e, path))?;
    let found = sqlite_schema::user_version(&conn).map_err(|e| classify(e, path))?;
    check::structure(&conn, path)?;
    let known = sqlite_schema::known_version();
    if found != known {
        return Err(CopyError::SourceVersion { path: path.to_path_buf(), found, known });
    }
    Ok(conn)
}

/// Locks every table against writers until the copy commits, then refuses a database
/// that holds any row.
fn lock_and_check_empty(tx: &mut Transaction, to: &PgTarget) -> Result<(), CopyError> {
    let pg = |e: postgres::Error| CopyError::Store(server_error(to, &e));
    tx.batch_execute(&format!("LOCK TABLE {} IN EXCLUSIVE MODE", TABLES.join(", "))).map_err(pg)?;
    for table in TABLES {
        let has_rows: bool = tx.query_one(&format!("SELECT EXISTS (SELECT 1 FROM {table})"), &[]).map_err(pg)?.get(0);
        if has_rows {
            return Err(CopyError::NotEmpty { target: to.to_string(), table });
        }
    }
    Ok(())
}

/// Both databases have exactly the tables of [`TABLES`] (besides each engine's own: the
/// version table, SQLite's full-text indexes, which follow their tables by themselves).
fn same_tables(source: &Connection, tx: &mut Transaction, from: &Path, to: &PgTarget) -> Result<(), CopyError> {
    let expected: BTreeSet<String> = TABLES.iter().map(|t| t.to_string()).collect();
    let mut stmt = source
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
             AND name NOT LIKE '%\\_fts' ESCAPE '\\' AND name NOT LIKE '%\\_fts\\_%' ESCAPE '\\'",
        )
        .map_err(|e| classify(e, from))?;
    let sqlite: BTreeSet<String> =
        stmt.query_map([], |r| r.get(0)).and_then(|rows| rows.collect()).map_err(|e| classify(e, from))?;
    let pg: BTreeSet<String> = tx
        .query(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name <> 'schema_version'",
            &[],
        )
        .map_err(|e| CopyError::Store(server_error(to, &e)))?
        .iter()
        .map(|r| r.get(0))
        .collect();
    for (engine, found) in [("SQLite", &sqlite), ("PostgreSQL", &pg)] {
        if let Some(table) = found.symmetric_difference(&expected).next() {
            let detail =
                if found.contains(table) { format!("only in {engine}") } else { format!("missing in {engine}") };
            return Err(CopyError::Shape { table: table.clone(), detail });
        }
    }
    Ok(())
}

/// A column to copy: its name and its PostgreSQL type.
struct Column {
    name: String,
    kind: Kind,
}

/// The three kinds of column both schemas use.
#[derive(Clone, Copy)]
enum Kind {
    Int,
    Bool,
    Text,
}

impl Kind {
    fn pg_type(self) -> Type {
        match self {
            Kind::Int => Type::INT8,
            Kind::Bool => Type::BOOL,
            Kind::Text => Type::TEXT,
        }
    }
}

/// The table's columns as PostgreSQL has them, checked against SQLite's: the same names.
fn columns(
    source: &Connection,
    tx: &mut Transaction,
    table: &'static str,
    from: &Path,
    to: &PgTarget,
) -> Result<Vec<Column>, CopyError> {
    let shape = |detail: String| CopyError::Shape { table: table.to_string(), detail };
    let rows = tx
        .query(
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            &[&table],
        )
        .map_err(|e| CopyError::Store(server_error(to, &e)))?;
    let mut pg = Vec::new();
    for row in rows {
        let (name, data_type): (String, String) = (row.get(0), row.get(1));
        let kind = match data_type.as_str() {
            "bigint" => Kind::Int,
            "boolean" => Kind::Bool,
            "text" => Kind::Text,
            other => return Err(shape(format!("column {name} has type {other}"))),
        };
        pg.push(Column { name, kind });
    }
    let mut stmt = source.prepare(&format!("PRAGMA table_info({table})")).map_err(|e| classify(e, from))?;
    let sqlite: BTreeSet<String> =
        stmt.query_map([], |r| r.get(1)).and_then(|rows| rows.collect()).map_err(|e| classify(e, from))?;
    let pg_names: BTreeSet<String> = pg.iter().map(|c| c.name.clone()).collect();
    if let Some(name) = sqlite.difference(&pg_names).next() {
        return Err(shape(format!("column {name} only in SQLite")));
    }
    // A `rowid` column is SQLite's implicit row number made explicit (a table whose rows
    // are listed in the order they were written): filled from SQLite's rowid.
    if let Some(name) = pg_names.difference(&sqlite).find(|name| *name != SQLITE_ROWID) {
        return Err(shape(format!("column {name} only in PostgreSQL")));
    }
    Ok(pg)
}

/// Copies one table's rows (in rowid order) with `COPY … FROM STDIN (FORMAT binary)`;
/// a user's mobile line is left out and collected into `mobile_lines` (user ids, order
/// ids). Returns the number of rows.
fn copy_table(
    source: &Connection,
    tx: &mut Transaction,
    table: &'static str,
    columns: &[Column],
    mobile_lines: &mut (Vec<i64>, Vec<i64>),
    from: &Path,
    to: &PgTarget,
) -> Result<u64, CopyError> {
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let read = |e: rusqlite::Error| CopyError::Store(classify(e, from));
    let pg = |e: postgres::Error| CopyError::Store(server_error(to, &e));
    let mut stmt =
        source.prepare(&format!("SELECT rowid, {} FROM {table} ORDER BY rowid", names.join(", "))).map_err(read)?;
    let sink = tx.copy_in(&format!("COPY {table} ({}) FROM STDIN (FORMAT binary)", names.join(", "))).map_err(pg)?;
    let types: Vec<Type> = columns.iter().map(|c| c.kind.pg_type()).collect();
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    // The user's mobile line refers to an order not copied yet: left out, set afterwards.
    let line_at = if table == "users" { columns.iter().position(|c| c.name == "mobile_order_id") } else { None };
    let mut rows = stmt.query([]).map_err(read)?;
    while let Some(row) = rows.next().map_err(read)? {
        let rowid: i64 = row.get(0).map_err(read)?;
        let mut cells: Vec<Box<dyn ToSql + Sync>> = Vec::with_capacity(columns.len());
        for (i, column) in columns.iter().enumerate() {
            let value = row.get_ref(i + 1).map_err(read)?;
            if Some(i) == line_at
                && let ValueRef::Integer(order) = value
            {
                // A users row's rowid is its id (INTEGER PRIMARY KEY).
                mobile_lines.0.push(rowid);
                mobile_lines.1.push(order);
                cells.push(Box::new(None::<i64>));
                continue;
            }
            let bad = || CopyError::Value { table, column: column.name.clone(), row: rowid };
            cells.push(cell(value, column.kind).ok_or_else(bad)?);
        }
        let refs: Vec<&(dyn ToSql + Sync)> = cells.iter().map(|c| c.as_ref()).collect();
        writer.write(&refs).map_err(pg)?;
    }
    writer.finish().map_err(pg)
}

/// One SQLite value as the PostgreSQL column takes it, or `None` when it doesn't fit.
fn cell(value: ValueRef<'_>, kind: Kind) -> Option<Box<dyn ToSql + Sync>> {
    Some(match (kind, value) {
        (Kind::Int, ValueRef::Null) => Box::new(None::<i64>),
        (Kind::Int, ValueRef::Integer(i)) => Box::new(Some(i)),
        (Kind::Bool, ValueRef::Null) => Box::new(None::<bool>),
        (Kind::Bool, ValueRef::Integer(i @ (0 | 1))) => Box::new(Some(i == 1)),
        (Kind::Text, ValueRef::Null) => Box::new(None::<String>),
        (Kind::Text, ValueRef::Text(bytes)) => Box::new(Some(String::from_utf8(bytes.to_vec()).ok()?)),
        _ => return None,
    })
}

/// Moves each identity column (the ids; a `rowid`) past its largest value, so the
/// program's next row gets a new one (`setval(…, max + 1, false)`: the next value is
/// max + 1; 1 for an empty table).
fn move_identities(tx: &mut Transaction) -> Result<(), postgres::Error> {
    for table in TABLES {
        let identities = tx.query(
            "SELECT column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'",
            &[&table],
        )?;
        for row in identities {
            let column: String = row.get(0);
            tx.execute(
                &format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), COALESCE(MAX({column}), 0) + 1, false) \
                     FROM {table}"
                ),
                &[],
            )?;
        }
    }
    Ok(())
}
