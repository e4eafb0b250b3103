//! `db check`: counts and integrity of a database on either engine.
//!
//! The rules across tables ([`Invariant`]) are written once, in SQL both engines run
//! unchanged: `?1` parameters (PostgreSQL gets `$1`), `TRUE`/`FALSE` for the flags (SQLite
//! reads them as 1/0), `COALESCE`, `CAST(… AS BIGINT)`. Each rule's query returns the ids of
//! the rows that break it; a sound database returns none. Besides, each engine checks what
//! only it can: SQLite its pages (`quick_check`) and its foreign keys (which it enforces only
//! on writes made with `foreign_keys` on); PostgreSQL enforces its foreign keys always.

use super::pg::open::server_error;
use super::sql::{Db, PgConn, SqlError, args};
use super::{DbTarget, OpenMode, Store, StoreError};
use crate::domain::integrity::Invariant;
use rusqlite::{Connection, OpenFlags};

/// How many offending ids a broken rule lists.
const EXAMPLES: i64 = 10;

/// What a database holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields named for what they count; the type's doc says what it is")]
pub struct DbCounts {
    pub customers: i64,
    pub users: i64,
    pub orders_pending: i64,
    pub orders_active: i64,
    pub orders_cancelled: i64,
    pub sims_free: i64,
    pub sims_assigned: i64,
    pub numbers_free: i64,
    pub numbers_assigned: i64,
    pub extensions: i64,
    pub invoice_items: i64,
    pub drafts: i64,
}

/// A rule broken by some rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The rule.
    pub rule: Invariant,
    /// The table whose rows break it.
    pub table: &'static str,
    /// How many rows break it.
    pub rows: i64,
    /// The ids of the first few of them, smallest first.
    pub examples: Vec<i64>,
}

/// A row of SQLite's `foreign_key_check`: a reference to a row that is not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DanglingReference {
    /// The table of the row that refers.
    pub table: String,
    /// That row's rowid.
    pub row: Option<i64>,
    /// The table it refers to.
    pub parent: String,
}

/// What `db check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckReport {
    /// The counts.
    pub counts: DbCounts,
    /// SQLite's `quick_check` lines other than `ok` (none on PostgreSQL).
    pub damage: Vec<String>,
    /// SQLite's dangling foreign keys (none on PostgreSQL, which refuses them).
    pub dangling: Vec<DanglingReference>,
    /// The rules across tables that some rows break.
    pub broken: Vec<Broken>,
}

impl CheckReport {
    /// Whether nothing is wrong.
    pub fn is_sound(&self) -> bool {
        self.damage.is_empty() && self.dangling.is_empty() && self.broken.is_empty()
    }
}

/// The table a rule's ids are from, and its query (portable SQL; see the module's doc).
pub fn rule_sql(rule: Invariant) -> (&'static str, &'static str) {
    match rule {
        Invariant::AssignedSimHasItsOrder => (
            "sims",
            "SELECT s.id FROM sims s LEFT JOIN orders o ON o.id = s.order_id
              WHERE s.state = 'assigned'
                AND (o.id IS NULL OR o.state = 'cancelled' OR COALESCE(o.iccid, '') <> s.iccid)",
        ),
        Invariant::WaitingOrderHasNoSim => (
            "orders",
            "SELECT o.id FROM orders o
              WHERE o.waits_for_sim = TRUE
                AND (o.iccid IS NOT NULL OR EXISTS (SELECT 1 FROM sims s WHERE s.order_id = o.id))",
        ),
        Invariant::OrderHasItsSim => (
            "orders",
            "SELECT o.id FROM orders o
              WHERE o.state <> 'cancelled' AND o.waits_for_sim = FALSE
                AND NOT EXISTS (SELECT 1 FROM sims s
                                 WHERE s.order_id = o.id AND s.iccid = o.iccid AND s.state = 'assigned')",
        ),
        Invariant::NumberHasItsOrder => (
            "numbers",
            "SELECT n.id FROM numbers n LEFT JOIN orders o ON o.id = n.order_id
              WHERE n.order_id IS NOT NULL
                AND (o.id IS NULL OR o.state = 'cancelled' OR o.customer_id <> n.customer_id OR o.e164 <> n.e164)",
        ),
        Invariant::OrderHasItsNumber => (
            "orders",
            "SELECT o.id FROM orders o
              WHERE o.state <> 'cancelled'
                AND NOT EXISTS (SELECT 1 FROM numbers n WHERE n.order_id = o.id AND n.e164 = o.e164)",
        ),
        Invariant::ExtensionHasItsOrder => (
            "extensions",
            "SELECT e.id FROM extensions e LEFT JOIN orders o ON o.id = e.order_id
              WHERE e.order_id IS NOT NULL
                AND (o.id IS NULL OR o.state = 'cancelled' OR o.customer_id <> e.customer_id
                     OR o.extension <> e.number)",
        ),
        Invariant::OrderHasItsExtension => (
            "orders",
            "SELECT o.id FROM orders o
              WHERE o.state <> 'cancelled'
                AND NOT EXISTS (SELECT 1 FROM extensions e WHERE e.order_id = o.id AND e.number = o.extension)",
        ),
        Invariant::MobileLineHasItsOrder => (
            "users",
            "SELECT u.id FROM users u LEFT JOIN orders o ON o.id = u.mobile_order_id
              WHERE u.mobile_order_id IS NOT NULL
                AND (o.id IS NULL OR o.state = 'cancelled' OR o.user_id <> u.id)",
        ),
        Invariant::OrderIsItsUsersLine => (
            "orders",
            "SELECT o.id FROM orders o
              WHERE o.state <> 'cancelled'
                AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = o.user_id AND u.mobile_order_id = o.id)",
        ),
        Invariant::UserOfTheCustomer => (
            "orders",
            "SELECT o.id FROM orders o LEFT JOIN users u ON u.id = o.user_id
              WHERE u.id IS NULL OR u.customer_id <> o.customer_id",
        ),
        Invariant::StateMatchesWaiting => (
            "orders",
            "SELECT o.id FROM orders o
              WHERE (o.state = 'pending') <> (o.waits_for_sim = TRUE OR o.waits_for_port = TRUE)",
        ),
        Invariant::HistoryEndsInState => (
            "orders",
            "SELECT o.id FROM orders o
              WHERE o.state <> COALESCE((SELECT s.to_state FROM order_states s
                                          WHERE s.order_id = o.id ORDER BY s.id DESC LIMIT 1), '')",
        ),
        Invariant::InvoiceItemOfTheCustomer => (
            "invoice_items",
            "SELECT i.id FROM invoice_items i LEFT JOIN orders o ON o.id = i.order_id
              WHERE o.id IS NULL OR o.customer_id <> i.customer_id",
        ),
        Invariant::SimStateMatchesOrder => (
            "sims",
            "SELECT s.id FROM sims s
              WHERE s.state NOT IN ('free', 'assigned') OR (s.state = 'assigned') <> (s.order_id IS NOT NULL)",
        ),
    }
}

/// The counts, one portable query each: what it counts, with its parameter (empty when
/// none).
const COUNTS: [(&str, &str); 12] = [
    ("SELECT CAST(COUNT(*) AS BIGINT) FROM customers", ""),
    ("SELECT CAST(COUNT(*) AS BIGINT) FROM users", ""),
    ("SELECT CAST(COUNT(*) AS BIGINT) FROM orders WHERE state = ?1", "pending"),
    ("SELECT CAST(COUNT(*) AS BIGINT) FROM orders WHERE state = ?1", "active"),
    ("SELECT CAST(COUNT(*) AS BIGINT) FROM orders WHERE state = ?1", "cancelled"),
    ("SELECT CAST(COUNT(*) AS BIGINT) FROM sims WHERE state = ?1", "free"),
    ("SELECT CAST(COUNT(*) AS BIGINT) FROM sims WHERE state = ?1", "assigned"),
    ("SELECT CAST(COUNT(*) AS BIGINT) FROM numbers WHERE order_id IS NULL", ""),
    ("SELECT CAST(COUNT(*) AS BIGINT) FROM numbers WHERE order_id IS NOT NULL", ""),
    ("SELECT CAST(COUNT(*) AS BIGINT) FROM extensions", ""),
    ("SELECT CAST(COUNT(*) AS BIGINT) FROM invoice_items", ""),
    ("SELECT CAST(COUNT(*) AS BIGINT) FROM drafts", ""),
];

/// Counts and the rules across tables, on either engine.
/// The queries are written once in the SQL both engines speak and run through the store's
/// engine-neutral layer ([`super::sql`]); `fail` words an error (on PostgreSQL, with the
/// server's message and the database's name).
fn portable_checks(db: &dyn Db, fail: &dyn Fn(SqlError) -> StoreError) -> Result<(DbCounts, Vec<Broken>), StoreError> {
    let integer = |sql: &str, param: &str| -> Result<i64, StoreError> {
        let value = if param.is_empty() { db.value(sql, args![]) } else { db.value(sql, args![param]) };
        value.map_err(fail)
    };
    let mut n = [0i64; 12];
    for (slot, (sql, param)) in n.iter_mut().zip(COUNTS) {
        *slot = integer(sql, param)?;
    }
    let counts = DbCounts {
        customers: n[0],
        users: n[1],
        orders_pending: n[2],
        orders_active: n[3],
        orders_cancelled: n[4],
        sims_free: n[5],
        sims_assigned: n[6],
        numbers_free: n[7],
        numbers_assigned: n[8],
        extensions: n[9],
        invoice_items: n[10],
        drafts: n[11],
    };
    let mut broken = Vec::new();
    for rule in Invariant::ALL {
        let (table, sql) = rule_sql(rule);
        let rows = integer(&format!("SELECT CAST(COUNT(*) AS BIGINT) FROM ({sql}) v"), "")?;
        if rows > 0 {
            let examples = db
                .rows(&format!("SELECT v.id FROM ({sql}) v ORDER BY v.id LIMIT ?1"), args![EXAMPLES], |r| r.get(0))
                .map_err(fail)?;
            broken.push(Broken { rule, table, rows, examples });
        }
    }
    Ok((counts, broken))
}

/// Checks the database `target` names: a SQLite file must exist (it is opened as every
/// command opens it, so a damaged file is refused with [`StoreError::Corrupt`]); a
/// PostgreSQL database is connected to and brought up to date first.
pub fn check_database(target: &DbTarget) -> Result<CheckReport, StoreError> {
    match target {
        DbTarget::Sqlite(path) => {
            // Opened as every command opens it (what is not a database of ours is refused, an
            // older schema migrated), then read on a connection of its own.
            drop(Store::open_with(path, OpenMode::MustExist)?);
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(path, flags).map_err(|e| super::classify(e, path))?;
            let damage = quick_check(&conn).map_err(|e| super::classify(e, path))?;
            let dangling = foreign_key_check(&conn).map_err(|e| super::classify(e, path))?;
            let (counts, broken) = portable_checks(&conn, &StoreError::from)?;
            Ok(CheckReport { counts, damage, dangling, broken })
        }
        DbTarget::Postgres(pg) => {
            let db = PgConn::new(super::pg::open::open(pg, OpenMode::MustExist)?, pg.clone());
            let fail = |e: SqlError| match e {
                SqlError::Pg(e) => server_error(pg, &e),
                other => StoreError::from(other),
            };
            let (counts, broken) = portable_checks(&db, &fail)?;
            Ok(CheckReport { counts, damage: Vec::new(), dangling: Vec::new(), broken })
        }
    }
}

/// `PRAGMA quick_check`'s findings (up to 10), none when it says `ok`.
fn quick_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA quick_check(10)")?;
    let lines = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lines.into_iter().filter(|l| l != "ok").collect())
}

/// `PRAGMA foreign_key_check`: every reference to a missing row.
fn foreign_key_check(conn: &Connection) -> rusqlite::Result<Vec<DanglingReference>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| Ok(DanglingReference { table: r.get(0)?, row: r.get(1)?, parent: r.get(2)? }))?;
    rows.collect()
}
