//! Finding a damaged database before anything is written to it.
//!
//! `PRAGMA quick_check` reads every page: 15.8 s on a database of 1 000 000 demo customers
//! (1.27 GB), far too slow for every start. So every open runs [`structure`]: the file is as
//! long as its header says, the schema reads, and every table and index can be entered from
//! its root page at both ends. That costs a few dozen page reads whatever the size. The
//! full [`every_page`] check runs only before the file changes its format (a migration, the
//! switch to WAL), which happens once per file. Damage deeper inside a table shows up when a
//! command reads that page; SQLite then fails the statement (a write is rolled back, the file
//! stays as it was) and the error is reported as damage. A page SQLite does not read (a row a
//! join misses, an index page an insert skips) would go unnoticed, so the exports and imports
//! check their tables with [`tables`] (`PRAGMA quick_check(TABLE)`, 20 to 120 ms a table at
//! 100 000 customers and 100 000 orders; `examples/check_tables.rs` measures it).

use super::{StoreError, classify};
use rusqlite::{Connection, ErrorCode};
use std::path::Path;

/// The journal mode of the open database, in lower case (`wal`, `delete`, …).
pub fn journal_mode(conn: &Connection) -> rusqlite::Result<String> {
    conn.pragma_query_value(None, "journal_mode", |r| r.get::<_, String>(0)).map(|m| m.to_ascii_lowercase())
}

/// The cheap check of every open; see the module's documentation.
pub fn structure(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let damaged = || StoreError::Corrupt { path: path.to_path_buf() };
    let read = |e: rusqlite::Error| classify(e, path);
    let page_size: i64 = conn.pragma_query_value(None, "page_size", |r| r.get(0)).map_err(read)?;
    let page_count: i64 = conn.pragma_query_value(None, "page_count", |r| r.get(0)).map_err(read)?;
    let expected = u64::try_from(page_count.saturating_mul(page_size)).unwrap_or(0);
    // Pages written since the last checkpoint live in the -wal file; without one, the main
    // file must hold them all.
    let wal_len = std::fs::metadata(side_file(path, "-wal")).map(|m| m.len()).unwrap_or(0);
    let file_len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if wal_len == 0 && file_len < expected {
        return Err(damaged());
    }
    let mut stmt = conn
        .prepare("SELECT type, name, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index') AND rootpage > 0")
        .map_err(read)?;
    let objects: Vec<(String, String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).and_then(|rows| rows.collect()).map_err(read)?;
    for (kind, name, table) in objects {
        for sql in probes(conn, &kind, &name, &table) {
            probe(conn, &sql, path)?;
        }
    }
    Ok(())
}

/// The full check, reading every page: before a migration or the switch to WAL.
pub fn every_page(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let verdict: String = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get(0)).map_err(|e| classify(e, path))?;
    if verdict != "ok" {
        return Err(StoreError::Corrupt { path: path.to_path_buf() });
    }
    Ok(())
}

/// The page-by-page check of some tables and their indexes only (`PRAGMA
/// quick_check(TABLE)`): cheap enough before an export prints or an import commits.
pub fn tables(conn: &Connection, path: &Path, tables: &[&str]) -> Result<(), StoreError> {
    for table in tables {
        let sql = format!("PRAGMA quick_check(\"{}\")", table.replace('"', "\"\""));
        let verdict: String = conn.query_row(&sql, [], |r| r.get(0)).map_err(|e| classify(e, path))?;
        if verdict != "ok" {
            super::note_damage();
            return Err(StoreError::Corrupt { path: path.to_path_buf() });
        }
    }
    Ok(())
}

/// Queries that enter a table or an index from its root page at its first and last entry.
fn probes(conn: &Connection, kind: &str, name: &str, table: &str) -> Vec<String> {
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    if kind == "table" {
        return ["", " DESC"]
            .iter()
            .map(|d| format!("SELECT rowid FROM {} ORDER BY rowid{d} LIMIT 1", q(name)))
            .collect();
    }
    // An index, by its first column: ordered by it, SQLite walks the index itself.
    let first: Option<String> = conn
        .prepare(&format!("PRAGMA index_info({})", q(name)))
        .and_then(|mut s| s.query_row([], |r| r.get::<_, Option<String>>(2)))
        .ok()
        .flatten();
    let Some(column) = first else { return Vec::new() };
    ["", " DESC"]
        .iter()
        .map(|d| {
            format!(
                "SELECT {c} FROM {t} INDEXED BY {i} ORDER BY {c}{d} LIMIT 1",
                c = q(&column),
                t = q(table),
                i = q(name)
            )
        })
        .collect()
}

/// Runs one probe; only damage counts (a probe SQLite cannot plan is skipped).
fn probe(conn: &Connection, sql: &str, path: &Path) -> Result<(), StoreError> {
    let result = conn.prepare(sql).and_then(|mut s| s.query([]).and_then(|mut rows| rows.next().map(|_| ())));
    match result {
        Err(e) if matches!(e.sqlite_error_code(), Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)) => {
            Err(classify(e, path))
        }
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) => Err(StoreError::Busy),
        _ => Ok(()),
    }
}

/// `orders.db-wal`, `orders.db-shm`.
pub fn side_file(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}
