//! `db copy` and `db check` against a real PostgreSQL server (`bash .ci/pg.sh test --test
//! pg_copy`): the demo database copied into PostgreSQL reads back row for row, column for
//! column; a database with rows is refused; a copy that fails midway leaves no row; each
//! rule of `db check` catches a database broken with raw SQL, on both engines, and the real
//! binary exits non-zero then.
//!
//! Without a server (no `COMUNIQ_TEST_PG`) the PostgreSQL halves return at once, after one
//! line on stderr that says how to run them; the SQLite halves run always.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

#[path = "common/pg.rs"]
mod pg_server;

use chrono::NaiveDate;
use comuniq_order::domain::integrity::Invariant;
use comuniq_order::domain::{Answers, Catalog, Draft, Field, Step};
use comuniq_order::store::pg::copy::TABLES;
use comuniq_order::store::{self, CopyError, DbTarget, PgTarget, Store, StoreError};
use postgres::Client;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The demo database (customers, stock, sample orders, some cancelled) and two drafts, in
/// a SQLite file in `dir`.
fn demo_file(dir: &Path) -> PathBuf {
    let path = dir.join("orders.db");
    let mut store = Store::open(&path).unwrap();
    let data = comuniq_order::demo::generate(comuniq_order::demo::DEMO_SEED, comuniq_order::demo::DEMO_CUSTOMERS);
    comuniq_order::demo::seed(&mut store, &data).unwrap();
    let catalog = Catalog::builtin().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    comuniq_order::demo::place_sample_orders(&mut store, &catalog, today, comuniq_order::demo::DEMO_ORDERS).unwrap();
    let now = today.and_hms_opt(9, 30, 0).unwrap();
    let mut answers = Answers { customer: Some(1), ..Answers::default() };
    answers.pin = "4711".into();
    store.save_draft(None, "anna", &Draft::new(Step::Connection, Some(Field::Portfolio), &answers), now).unwrap();
    store.save_draft(None, "bernd", &Draft::new(Step::Customer, None, &Answers::default()), now).unwrap();
    path
}

fn pg_target(target: &DbTarget) -> &PgTarget {
    match target {
        DbTarget::Postgres(pg) => pg,
        DbTarget::Sqlite(path) => panic!("not PostgreSQL: {}", path.display()),
    }
}

/// A value as both engines can give it: PostgreSQL's booleans as SQLite's 0/1.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum V {
    Null,
    Int(i64),
    Text(String),
}

/// A table's columns as PostgreSQL has them: (name, data type).
fn pg_columns(client: &mut Client, table: &str) -> Vec<(String, String)> {
    client
        .query(
            "SELECT column_name::text, data_type::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
            &[&table],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

/// Every row of `table` in PostgreSQL, every column, sorted.
fn pg_rows(client: &mut Client, table: &str, columns: &[(String, String)]) -> Vec<Vec<V>> {
    let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
    let mut rows: Vec<Vec<V>> = client
        .query(&format!("SELECT {} FROM {table}", names.join(", ")), &[])
        .unwrap()
        .iter()
        .map(|r| {
            columns
                .iter()
                .enumerate()
                .map(|(i, (_, kind))| match kind.as_str() {
                    "bigint" => r.get::<_, Option<i64>>(i).map_or(V::Null, V::Int),
                    "boolean" => r.get::<_, Option<bool>>(i).map_or(V::Null, |b| V::Int(i64::from(b))),
                    "text" => r.get::<_, Option<String>>(i).map_or(V::Null, V::Text),
                    other => panic!("{table}: a type the schema doesn't use: {other}"),
                })
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

/// Every row of `table` in SQLite, the same columns, sorted.
fn sqlite_rows(conn: &rusqlite::Connection, table: &str, columns: &[(String, String)]) -> Vec<Vec<V>> {
    let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
    let mut stmt = conn.prepare(&format!("SELECT {} FROM {table}", names.join(", "))).unwrap();
    let mut rows: Vec<Vec<V>> = stmt
        .query_map([], |r| {
            Ok((0..names.len())
                .map(|i| match r.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Null => V::Null,
                    rusqlite::types::ValueRef::Integer(n) => V::Int(n),
                    rusqlite::types::ValueRef::Text(t) => V::Text(String::from_utf8(t.to_vec()).unwrap()),
                    other => panic!("{table}: {other:?}"),
                })
                .collect())
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows.sort();
    rows
}

/// The rows of every table of the schema in PostgreSQL.
fn pg_total_rows(client: &mut Client) -> i64 {
    TABLES.iter().map(|t| client.query_one(&format!("SELECT count(*) FROM {t}"), &[]).unwrap().get::<_, i64>(0)).sum()
}

fn sqlite_count(conn: &rusqlite::Connection, table: &str) -> u64 {
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get::<_, i64>(0)).unwrap() as u64
}

#[test]
fn every_table_reads_back_row_for_row_and_new_rows_get_new_ids() {
    let Some(db) = pg_server::fresh_db() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(dir.path());
    let before = std::fs::read(&file).unwrap();
    let target = db.target();
    let copied = store::copy_to_postgres(&file, pg_target(&target)).unwrap();
    assert_eq!(std::fs::read(&file).unwrap(), before, "the SQLite file is only read");

    let sqlite = rusqlite::Connection::open(&file).unwrap();
    let mut client = db.client();
    assert_eq!(copied.iter().map(|c| c.table).collect::<Vec<_>>(), TABLES);
    for c in &copied {
        assert_eq!(c.rows, sqlite_count(&sqlite, c.table), "{}", c.table);
        assert!(c.rows > 0, "the demo fills every table, {} too", c.table);
        let columns = pg_columns(&mut client, c.table);
        let (pg, lite) = (pg_rows(&mut client, c.table, &columns), sqlite_rows(&sqlite, c.table, &columns));
        assert_eq!(pg.len(), lite.len(), "{}", c.table);
        for (p, l) in pg.iter().zip(&lite) {
            assert_eq!(p, l, "{}: {:?}", c.table, columns);
        }
    }
    let history = copied.iter().find(|c| c.table == "order_states").unwrap().rows;
    let orders = copied.iter().find(|c| c.table == "orders").unwrap().rows;
    assert!(history > orders, "cancelled orders have a longer history");
    // The planner has statistics at once (ANALYZE in the copy's transaction): without them
    // db check planned per-order lookups as whole-table scans.
    let estimated: f32 =
        client.query_one("SELECT reltuples FROM pg_class WHERE oid = 'orders'::regclass", &[]).unwrap().get(0);
    assert_eq!(estimated as u64, orders, "orders analyzed");
    let lines: i64 =
        client.query_one("SELECT count(*) FROM users WHERE mobile_order_id IS NOT NULL", &[]).unwrap().get(0);
    assert!(lines > 0, "the users' mobile lines were set after the orders");

    // Each identity is past the largest copied value: the next row gets a new id.
    let identities = client
        .query(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND is_identity = 'YES' AND table_name <> 'schema_version'",
            &[],
        )
        .unwrap();
    assert!(identities.len() >= TABLES.len() - 1, "every table but order_addons has an id");
    for row in identities {
        let (table, column): (String, String) = (row.get(0), row.get(1));
        let max: i64 = client.query_one(&format!("SELECT max({column}) FROM {table}"), &[]).unwrap().get(0);
        let next: i64 = client
            .query_one(&format!("SELECT nextval(pg_get_serial_sequence('{table}', '{column}'))"), &[])
            .unwrap()
            .get(0);
        assert_eq!(next, max + 1, "{table}.{column}");
    }
    let id: i64 = client
        .query_one(
            "INSERT INTO customers (number, name, city, dial_plan_len, area_code) VALUES ('K-NEW', 'n', 'c', 3, '0') \
             RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(id > 1, "{id}");

    // Both engines count the same and find the copy sound.
    let (lite, pg) =
        (store::check_database(&DbTarget::Sqlite(file.clone())).unwrap(), store::check_database(&target).unwrap());
    assert!(lite.is_sound() && pg.is_sound(), "{lite:?}\n{pg:?}");
    assert_eq!(lite.counts.customers + 1, pg.counts.customers);
    assert_eq!(
        (lite.counts.orders_active, lite.counts.sims_assigned),
        (pg.counts.orders_active, pg.counts.sims_assigned)
    );
}

#[test]
fn a_database_with_rows_is_refused_and_left_as_it_was() {
    let Some(db) = pg_server::fresh_db() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(dir.path());
    let target = db.target();
    store::copy_to_postgres(&file, pg_target(&target)).unwrap();
    let mut client = db.client();
    let rows = pg_total_rows(&mut client);
    match store::copy_to_postgres(&file, pg_target(&target)) {
        Err(CopyError::NotEmpty { table: "customers", target: named }) => assert_eq!(named, target.to_string()),
        other => panic!("{other:?}"),
    }
    assert_eq!(pg_total_rows(&mut client), rows, "nothing added");

    // One draft is enough to refuse.
    let Some(other) = pg_server::fresh_db() else { return };
    let mut client = other.client();
    comuniq_order::store::pg::migrate(&mut client).unwrap();
    client
        .batch_execute(
            "INSERT INTO drafts (operator, created_at, updated_at, step, answers, pin_entered) \
             VALUES ('anna', 'x', 'x', 'customer', '{}', false)",
        )
        .unwrap();
    match store::copy_to_postgres(&file, pg_target(&other.target())) {
        Err(CopyError::NotEmpty { table: "drafts", .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_copy_that_fails_midway_leaves_no_row() {
    let Some(db) = pg_server::fresh_db() else { return };
    let dir = tempfile::tempdir().unwrap();
    let good = demo_file(dir.path());
    let target = db.target();
    let mut client = db.client();

    // A value that doesn't fit, in the ninth of ten tables: found by the copy itself.
    let bad_value = dir.path().join("bad-value.db");
    std::fs::copy(&good, &bad_value).unwrap();
    let conn = rusqlite::Connection::open(&bad_value).unwrap();
    let item: i64 = conn.query_row("SELECT MIN(id) FROM invoice_items", [], |r| r.get(0)).unwrap();
    conn.execute("UPDATE invoice_items SET amount_cents = 'zwölf' WHERE id = ?1", [item]).unwrap();
    drop(conn);
    match store::copy_to_postgres(&bad_value, pg_target(&target)) {
        Err(CopyError::Value { table: "invoice_items", column, row }) => {
            assert_eq!((column.as_str(), row), ("amount_cents", item));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(pg_total_rows(&mut client), 0, "the tables copied before it were rolled back");

    // A history row of an order that is not there (SQLite left it in with foreign keys
    // off): refused by the server while copying the eighth table.
    let dangling = dir.path().join("dangling.db");
    std::fs::copy(&good, &dangling).unwrap();
    let conn = rusqlite::Connection::open(&dangling).unwrap();
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    conn.execute("UPDATE order_states SET order_id = 999999 WHERE id = (SELECT MAX(id) FROM order_states)", [])
        .unwrap();
    drop(conn);
    match store::copy_to_postgres(&dangling, pg_target(&target)) {
        Err(CopyError::Store(StoreError::Server { target: named, reason })) => {
            assert_eq!(named, target.to_string());
            assert!(reason.contains("foreign key"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(pg_total_rows(&mut client), 0, "nothing of the failed copy stays");

    // The database is still empty, so the good file goes in.
    store::copy_to_postgres(&good, pg_target(&target)).unwrap();
    assert!(pg_total_rows(&mut client) > 0);
}

/// A source that is missing, not current, or not SQLite is refused before the server is
/// asked (no server needed).
#[test]
fn the_source_must_be_a_current_sqlite_database_of_ours() {
    let dir = tempfile::tempdir().unwrap();
    let nowhere = DbTarget::parse("host=/nonexistent-comuniq dbname=orders").unwrap();
    let missing = dir.path().join("missing.db");
    match store::copy_to_postgres(&missing, pg_target(&nowhere)) {
        Err(CopyError::Store(StoreError::Missing { path })) => assert_eq!(path, missing),
        other => panic!("{other:?}"),
    }
    assert!(!missing.exists(), "nothing created");
    let old = dir.path().join("old.db");
    drop(Store::open(&old).unwrap());
    rusqlite::Connection::open(&old).unwrap().pragma_update(None, "user_version", 5).unwrap();
    match store::copy_to_postgres(&old, pg_target(&nowhere)) {
        Err(CopyError::SourceVersion { found: 5, .. }) => {}
        other => panic!("{other:?}"),
    }
    let text = dir.path().join("notes.db");
    std::fs::write(&text, "not a database, just notes that are long enough to fill a header ....................")
        .unwrap();
    match store::copy_to_postgres(&text, pg_target(&nowhere)) {
        Err(CopyError::Store(StoreError::NotADatabase { .. })) => {}
        other => panic!("{other:?}"),
    }
}

/// Each rule with SQL (run unchanged on both engines) that breaks it in the demo database.
const BREAKERS: [(Invariant, &str); 14] = [
    (
        Invariant::AssignedSimHasItsOrder,
        "UPDATE orders SET iccid = '89000' WHERE id = (SELECT MIN(order_id) FROM sims WHERE state = 'assigned')",
    ),
    (
        Invariant::WaitingOrderHasNoSim,
        "UPDATE orders SET iccid = '89000' WHERE id = (SELECT MIN(id) FROM orders WHERE waits_for_sim = TRUE)",
    ),
    (
        Invariant::OrderHasItsSim,
        "UPDATE sims SET state = 'free', order_id = NULL WHERE id = (SELECT MIN(id) FROM sims WHERE state = 'assigned')",
    ),
    (
        Invariant::NumberHasItsOrder,
        "UPDATE numbers SET e164 = '+49000000000' WHERE id = (SELECT MIN(id) FROM numbers WHERE order_id IS NOT NULL)",
    ),
    (
        Invariant::OrderHasItsNumber,
        "UPDATE numbers SET order_id = NULL WHERE id = (SELECT MIN(id) FROM numbers WHERE order_id IS NOT NULL)",
    ),
    (
        Invariant::ExtensionHasItsOrder,
        "UPDATE extensions SET number = '99999' WHERE id = (SELECT MIN(id) FROM extensions WHERE order_id IS NOT NULL)",
    ),
    (
        Invariant::OrderHasItsExtension,
        "UPDATE extensions SET order_id = NULL WHERE id = (SELECT MIN(id) FROM extensions WHERE order_id IS NOT NULL)",
    ),
    (
        Invariant::MobileLineHasItsOrder,
        "UPDATE users SET mobile_order_id = (SELECT MIN(id) FROM orders WHERE state = 'cancelled') \
         WHERE id = (SELECT MIN(id) FROM users WHERE mobile_order_id IS NULL)",
    ),
    (
        Invariant::OrderIsItsUsersLine,
        "UPDATE users SET mobile_order_id = NULL WHERE id = (SELECT MIN(id) FROM users WHERE mobile_order_id IS NOT NULL)",
    ),
    (
        Invariant::UserOfTheCustomer,
        "UPDATE orders SET user_id = (SELECT MIN(u.id) FROM users u WHERE u.customer_id <> orders.customer_id) \
         WHERE id = (SELECT MIN(id) FROM orders)",
    ),
    (
        Invariant::StateMatchesWaiting,
        "UPDATE orders SET waits_for_port = TRUE WHERE id = (SELECT MIN(id) FROM orders WHERE state = 'active')",
    ),
    (Invariant::HistoryEndsInState, "DELETE FROM order_states WHERE order_id = (SELECT MIN(id) FROM orders)"),
    (
        Invariant::InvoiceItemOfTheCustomer,
        "UPDATE invoice_items SET customer_id = (SELECT MIN(id) FROM customers WHERE id <> invoice_items.customer_id) \
         WHERE id = (SELECT MIN(id) FROM invoice_items)",
    ),
    // The schema's CHECK refuses this on both engines; data written around it (SQLite's
    // ignore_check_constraints, a dropped constraint) is what db check is for.
    (
        Invariant::SimStateMatchesOrder,
        "UPDATE sims SET order_id = NULL WHERE id = (SELECT MIN(id) FROM sims WHERE state = 'assigned')",
    ),
];

/// Asserts that `rule` is among what check found, and that the sound database had none.
fn assert_caught(report: &store::CheckReport, rule: Invariant, engine: &str) {
    assert!(!report.is_sound(), "{engine}: {rule:?} not caught");
    let broken = report.broken.iter().find(|b| b.rule == rule);
    let broken = broken.unwrap_or_else(|| panic!("{engine}: {rule:?} not caught: {:?}", report.broken));
    assert!(broken.rows >= 1 && !broken.examples.is_empty(), "{engine}: {broken:?}");
}

#[test]
fn every_rule_catches_its_breach_in_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let good = demo_file(dir.path());
    let report = store::check_database(&DbTarget::Sqlite(good.clone())).unwrap();
    assert!(report.is_sound(), "{report:?}");
    assert_eq!(BREAKERS.map(|(rule, _)| rule), Invariant::ALL, "a breaker for each rule");
    for (i, (rule, sql)) in BREAKERS.iter().enumerate() {
        let file = dir.path().join(format!("broken-{i}.db"));
        std::fs::copy(&good, &file).unwrap();
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.pragma_update(None, "ignore_check_constraints", true).unwrap();
        assert_eq!(conn.execute(sql, []).unwrap(), 1, "{rule:?}: {sql}");
        drop(conn);
        assert_caught(&store::check_database(&DbTarget::Sqlite(file)).unwrap(), *rule, "SQLite");
    }
}

#[test]
fn every_rule_catches_its_breach_in_postgres() {
    let dir = tempfile::tempdir().unwrap();
    let good = demo_file(dir.path());
    for (rule, sql) in BREAKERS {
        let Some(db) = pg_server::fresh_db() else { return };
        let target = db.target();
        store::copy_to_postgres(&good, pg_target(&target)).unwrap();
        assert!(store::check_database(&target).unwrap().is_sound());
        let mut client = db.client();
        // The sims' CHECKs, as data written around them would be.
        let checks: Vec<String> = client
            .query("SELECT conname::text FROM pg_constraint WHERE conrelid = 'sims'::regclass AND contype = 'c'", &[])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        for name in checks {
            client.batch_execute(&format!("ALTER TABLE sims DROP CONSTRAINT {name}")).unwrap();
        }
        assert_eq!(client.execute(sql, &[]).unwrap(), 1, "{rule:?}: {sql}");
        assert_caught(&store::check_database(&target).unwrap(), rule, "PostgreSQL");
    }
}

/// SQLite's own checks: a reference to a missing row (written with foreign keys off).
#[test]
fn a_dangling_reference_in_sqlite_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(dir.path());
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    conn.execute("UPDATE invoice_items SET order_id = 999999 WHERE id = 1", []).unwrap();
    drop(conn);
    let report = store::check_database(&DbTarget::Sqlite(file)).unwrap();
    assert!(
        report.dangling.iter().any(|d| d.table == "invoice_items" && d.row == Some(1) && d.parent == "orders"),
        "{report:?}"
    );
}

/// The real binary, with a home of its own and no password in the environment.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .args(args)
        .env("HOME", dir)
        .env("XDG_DATA_HOME", dir)
        .env_remove("PGPASSWORD")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn db_check_through_the_binary_exits_non_zero_on_a_broken_database_of_either_engine() {
    let dir = tempfile::tempdir().unwrap();
    let good = demo_file(dir.path());
    let file = good.to_str().unwrap();
    let out = run(dir.path(), &["--lang", "en", "db", "check", "--db", file]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(&format!("database {file}")), "{stdout}");
    assert!(stdout.contains("integrity: ok (every page, the foreign keys, 14 rules across tables)"), "{stdout}");
    assert!(stdout.contains("drafts         2"), "{stdout}");

    let broken = dir.path().join("broken.db");
    std::fs::copy(&good, &broken).unwrap();
    let conn = rusqlite::Connection::open(&broken).unwrap();
    let order: i64 =
        conn.query_row("SELECT MIN(order_id) FROM sims WHERE state = 'assigned'", [], |r| r.get(0)).unwrap();
    conn.execute("UPDATE sims SET state = 'free', order_id = NULL WHERE order_id = ?1", [order]).unwrap();
    drop(conn);
    let out = run(dir.path(), &["--lang", "en", "db", "check", "--db", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let rule = (comuniq_order::i18n::Lang::En.cli().invariant)(Invariant::OrderHasItsSim);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(&format!("broken: {rule} (orders: 1 rows, ids {order})")), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("the database has problems"), "{}", text(&out));

    let Some(db) = pg_server::fresh_db() else { return };
    let conn = db.connection_string();
    let out = run(dir.path(), &["--lang", "de", "db", "copy", "--from", file, "--to", &conn]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("in einer Transaktion:") && stdout.contains("drafts         2"), "{stdout}");
    let out = run(dir.path(), &["--lang", "en", "db", "check", "--db", &conn]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("integrity: ok (14 rules across tables;"), "{}", text(&out));
    let mut client = db.client();
    client.execute("UPDATE sims SET state = 'free', order_id = NULL WHERE order_id = $1", &[&order]).unwrap();
    let out = run(dir.path(), &["--lang", "en", "db", "check", "--db", &conn]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("(orders: 1 rows, ids {order})")), "{}", text(&out));
}

#[test]
fn db_copy_through_the_binary_refuses_what_it_cannot_do() {
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(dir.path());
    let file = file.to_str().unwrap();
    // A password in --to: refused before anything is opened, and never echoed.
    let out =
        run(dir.path(), &["--lang", "en", "db", "copy", "--from", file, "--to", "postgres://order:s3cret@db/orders"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(!text(&out).contains("s3cret") && text(&out).contains("PGPASSWORD"), "{}", text(&out));
    assert!(
        text(&out).contains("does not belong in --to") && text(&out).contains("Give --to without it"),
        "{}",
        text(&out)
    );
    // A file as --to, a URL as --from.
    let out = run(dir.path(), &["--lang", "en", "db", "copy", "--from", file, "--to", "other.db"]);
    assert!(text(&out).contains("--to must be a PostgreSQL database"), "{}", text(&out));
    assert!(!dir.path().join("other.db").exists());
    let out =
        run(dir.path(), &["--lang", "en", "db", "copy", "--from", "postgres://db/orders", "--to", "postgres://db/x"]);
    assert!(text(&out).contains("--from must be a SQLite file"), "{}", text(&out));
    assert_ne!(out.status.code(), Some(0));

    let Some(db) = pg_server::fresh_db() else { return };
    let conn = db.connection_string();
    let out = run(dir.path(), &["--lang", "en", "db", "copy", "--from", file, "--to", &conn]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = run(dir.path(), &["--lang", "en", "db", "copy", "--from", file, "--to", &conn]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("is not empty (the table customers has rows)"), "{}", text(&out));
}

/// Moving up works end to end: after `db copy`, the commands on the PostgreSQL database
/// show what they showed on the file (all orders, the pending ones,
/// the invoice items), and `db check` finds it sound.
#[test]
fn after_db_copy_the_commands_show_on_postgres_what_they_showed_on_the_file() {
    let Some(db) = pg_server::fresh_db() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = demo_file(dir.path());
    let file = file.to_str().unwrap();
    let conn = db.connection_string();
    let out = run(dir.path(), &["--lang", "en", "db", "copy", "--from", file, "--to", &conn]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    for args in [&["orders"][..], &["orders", "--state", "pending"], &["invoice-items"]] {
        let on = |db: &str| {
            let mut all = vec!["--lang", "en", "--db", db];
            all.extend_from_slice(args);
            let out = run(dir.path(), &all);
            assert_eq!(out.status.code(), Some(0), "{args:?} on {db}: {}", text(&out));
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let (from_file, from_server) = (on(file), on(&conn));
        assert!(from_file.lines().count() > 1, "{args:?}: {from_file}");
        assert_eq!(from_server, from_file, "{args:?}");
    }
    let out = run(dir.path(), &["--lang", "en", "db", "check", "--db", &conn]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}
