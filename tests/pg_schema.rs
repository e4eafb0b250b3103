//! The PostgreSQL groundwork against a real server (`bash .ci/pg.sh test --test pg_schema`):
//! migrations apply once however many programs start together, the unique constraints
//! refuse a second allocation as SQLite's do, the retry helper recognises the
//! serialization failures and deadlocks of real conflicting transactions, and a
//! connection over TCP is encrypted and authenticated from the password file.
//!
//! Without a server (no `COMUNIQ_TEST_PG`) every test returns at once, after one line on
//! stderr that says how to run them; under `CI=true` they fail instead.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

#[path = "common/pg.rs"]
mod pg_server;

use comuniq_order::store::pg::schema::{self, MIGRATIONS, SchemaError};
use comuniq_order::store::pg::{Retryable, with_retry};
use postgres::error::SqlState;
use postgres::{Client, IsolationLevel};
use std::sync::{Arc, Barrier, Mutex};
use std::time::Duration;

/// A fresh database on the test server, migrated; or return from the test when there is
/// no server.
macro_rules! migrated_db {
    () => {{
        let Some(db) = pg_server::fresh_db() else { return };
        let mut client = db.client();
        schema::migrate(&mut client).expect("migrate");
        (db, client)
    }};
}

/// The SQLSTATE of a refused statement.
fn code(e: &postgres::Error) -> SqlState {
    e.code().cloned().unwrap_or_else(|| panic!("no SQLSTATE: {e}"))
}

/// Runs `sql` expecting a unique violation of the constraint or index `name`.
fn refused_as_duplicate(client: &mut Client, sql: &str, name: &str) {
    let e = client.batch_execute(sql).expect_err(sql);
    assert_eq!(code(&e), SqlState::UNIQUE_VIOLATION, "{sql}: {e}");
    let constraint = e.as_db_error().and_then(|d| d.constraint()).unwrap_or_default();
    assert_eq!(constraint, name, "{sql}");
}

#[test]
fn migrations_apply_once_and_make_every_table() {
    let Some(db) = pg_server::fresh_db() else { return };
    let mut client = db.client();
    assert_eq!(schema::version(&mut client).unwrap(), 0);
    let applied = schema::migrate(&mut client).unwrap();
    assert_eq!(applied, (1..=MIGRATIONS.len() as i64).collect::<Vec<_>>());
    assert_eq!(schema::version(&mut client).unwrap(), schema::known_version());
    assert_eq!(schema::migrate(&mut client).unwrap(), Vec::<i64>::new(), "second run applies nothing");
    let tables: Vec<String> = client
        .query("SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        tables,
        [
            "customers",
            "drafts",
            "extensions",
            "invoice_items",
            "numbers",
            "order_addons",
            "order_states",
            "orders",
            "schema_version",
            "sims",
            "users"
        ]
    );
    // The columns the later migrations add are there.
    let added: i64 = client
        .query_one(
            "SELECT count(*) FROM information_schema.columns WHERE (table_name, column_name) IN \
             (('invoice_items', 'end_date'), ('orders', 'search'), ('extensions', 'attached'))",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(added, 3);
}

#[test]
fn eight_programs_starting_together_migrate_once() {
    let Some(db) = pg_server::fresh_db() else { return };
    let barrier = Arc::new(Barrier::new(8));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let config = db.config.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let mut client = comuniq_order::store::pg::connect(&config).expect("connect");
                barrier.wait();
                schema::migrate(&mut client).expect("migrate")
            })
        })
        .collect();
    let mut applied: Vec<i64> = handles.into_iter().flat_map(|h| h.join().expect("thread")).collect();
    applied.sort();
    assert_eq!(applied, (1..=MIGRATIONS.len() as i64).collect::<Vec<_>>(), "each version applied once");
    let mut client = db.client();
    let rows: i64 = client.query_one("SELECT count(*) FROM schema_version", &[]).unwrap().get(0);
    assert_eq!(rows, MIGRATIONS.len() as i64);
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() {
    let (_db, mut client) = migrated_db!();
    client.batch_execute("INSERT INTO schema_version (version) VALUES (99)").unwrap();
    match schema::migrate(&mut client) {
        Err(SchemaError::TooNew { found: 99, known }) => assert_eq!(known, schema::known_version()),
        other => panic!("{other:?}"),
    }
    assert_eq!(schema::version(&mut client).unwrap(), 99);
}

/// Two customers, a user in the first, two orders for him, two free SIMs.
const FIXTURE: &str = "
INSERT INTO customers (id, number, name, city, dial_plan_len, area_code) VALUES
    (1, 'K-1', 'Bauer GmbH', 'Bern', 3, '031'),
    (2, 'K-2', 'Meier AG', 'Basel', 3, '061');
INSERT INTO users (id, customer_id, username, first_name, last_name, email, language) VALUES
    (1, 1, 'Bernd.Bauer', 'Bernd', 'Bauer', 'b@example.ch', 'de');
INSERT INTO orders (id, order_no, created_at, operator, customer_id, portfolio, start_date, term,
    term_months, voice, data, sms, user_id, sim_option, number_type, e164, extension,
    display_name, area_code, pin_hash, pin_must_change, auto_invoice, state, waits_for_sim,
    waits_for_port)
SELECT n, 'B-' || n, '2026-11-26T09:30:00', 'op', 1, 'one', '2026-12-01', '24m', 24, 'v', 'd',
    's', 1, 'stock', 'new', '+4131000000' || n, '20' || n, 'Bernd', '031', 'hash', false, true,
    'active', false, false
FROM generate_series(1, 2) n;
INSERT INTO sims (iccid, last4, state) VALUES ('8941000000000000001', '0001', 'free'),
                                              ('8941000000000000002', '0002', 'free');
-- Rows with explicit ids leave the identity behind (as db copy will): move it past them,
-- or the next row without an id clashes on the primary key, not on what a test means.
SELECT setval(pg_get_serial_sequence(t, 'id'), 1000) FROM unnest(ARRAY['customers', 'users', 'orders']) t;
";

#[test]
fn a_sim_is_allocated_once() {
    let (_db, mut client) = migrated_db!();
    client.batch_execute(FIXTURE).unwrap();
    refused_as_duplicate(
        &mut client,
        "INSERT INTO sims (iccid, last4, state) VALUES ('8941000000000000001', '0001', 'free')",
        "sims_iccid_key",
    );
    client
        .batch_execute("UPDATE sims SET state = 'assigned', order_id = 1 WHERE iccid = '8941000000000000001'")
        .unwrap();
    // A second SIM for the same order.
    refused_as_duplicate(
        &mut client,
        "UPDATE sims SET state = 'assigned', order_id = 1 WHERE iccid = '8941000000000000002'",
        "sims_order_id_key",
    );
    // Assigned without an order, or free with one: the CHECK refuses both.
    for sql in [
        "UPDATE sims SET state = 'assigned' WHERE iccid = '8941000000000000002'",
        "UPDATE sims SET order_id = 2 WHERE iccid = '8941000000000000002'",
        "INSERT INTO sims (iccid, last4, state) VALUES ('8941000000000000003', '9999', 'free')",
    ] {
        let e = client.batch_execute(sql).expect_err(sql);
        assert_eq!(code(&e), SqlState::CHECK_VIOLATION, "{sql}");
    }
}

#[test]
fn a_sim_taken_by_a_concurrent_transaction_is_not_taken_again() {
    let (db, mut first) = migrated_db!();
    first.batch_execute(FIXTURE).unwrap();
    let mut second = db.client();
    // The conditional update the placement uses: the second writer waits for the first,
    // re-reads the row, finds it taken, and changes nothing.
    let take =
        "UPDATE sims SET state = 'assigned', order_id = $1 WHERE iccid = '8941000000000000001' AND state = 'free'";
    let mut tx1 = first.transaction().unwrap();
    assert_eq!(tx1.execute(take, &[&1i64]).unwrap(), 1);
    let waiter = std::thread::spawn(move || {
        let mut tx2 = second.transaction().unwrap();
        let n = tx2.execute(take, &[&2i64]).unwrap();
        tx2.commit().unwrap();
        n
    });
    std::thread::sleep(Duration::from_millis(200));
    tx1.commit().unwrap();
    assert_eq!(waiter.join().unwrap(), 0, "the second order took the SIM too");
    let owner: Option<i64> =
        first.query_one("SELECT order_id FROM sims WHERE iccid = '8941000000000000001'", &[]).unwrap().get(0);
    assert_eq!(owner, Some(1));
}

#[test]
fn a_number_is_allocated_once() {
    let (_db, mut client) = migrated_db!();
    client.batch_execute(FIXTURE).unwrap();
    client
        .batch_execute(
            "INSERT INTO numbers (customer_id, e164, source, order_id) VALUES (1, '+41310000001', 'pool', 1)",
        )
        .unwrap();
    refused_as_duplicate(
        &mut client,
        "INSERT INTO numbers (customer_id, e164, source) VALUES (2, '+41310000001', 'pool')",
        "numbers_e164_key",
    );
    refused_as_duplicate(
        &mut client,
        "INSERT INTO numbers (customer_id, e164, source, order_id) VALUES (1, '+41310000002', 'pool', 1)",
        "numbers_order_id_key",
    );
}

#[test]
fn an_extension_is_allocated_once_per_customer() {
    let (_db, mut client) = migrated_db!();
    client.batch_execute(FIXTURE).unwrap();
    client
        .batch_execute("INSERT INTO extensions (customer_id, number, name, order_id) VALUES (1, '201', 'Bernd', 1)")
        .unwrap();
    refused_as_duplicate(
        &mut client,
        "INSERT INTO extensions (customer_id, number, name) VALUES (1, '201', 'Anna')",
        "extensions_customer_id_number_key",
    );
    refused_as_duplicate(
        &mut client,
        "INSERT INTO extensions (customer_id, number, name, order_id) VALUES (1, '202', 'Anna', 1)",
        "extensions_order_id_key",
    );
    // The same number in another customer's PBX is another extension.
    client.batch_execute("INSERT INTO extensions (customer_id, number, name) VALUES (2, '201', 'Anna')").unwrap();
    let attached: bool = client.query_one("SELECT attached FROM extensions WHERE customer_id = 2", &[]).unwrap().get(0);
    assert!(!attached);
}

#[test]
fn a_user_name_is_taken_once_per_customer_ignoring_ascii_case_as_sqlite_does() {
    let (_db, mut client) = migrated_db!();
    client.batch_execute(FIXTURE).unwrap();
    let insert = |customer: i64, name: &str| {
        format!(
            "INSERT INTO users (customer_id, username, first_name, last_name, email, language) \
             VALUES ({customer}, '{name}', 'A', 'B', 'a@example.ch', 'de')"
        )
    };
    refused_as_duplicate(&mut client, &insert(1, "bernd.bauer"), "users_username_nocase");
    refused_as_duplicate(&mut client, &insert(1, "BERND.BAUER"), "users_username_nocase");
    client.batch_execute(&insert(2, "bernd.bauer")).unwrap();
    // One mobile line per user.
    client.batch_execute("UPDATE users SET mobile_order_id = 1 WHERE id = 1").unwrap();
    refused_as_duplicate(
        &mut client,
        "UPDATE users SET mobile_order_id = 1 WHERE customer_id = 2",
        "users_mobile_order_id_key",
    );
}

/// The same pairs of names, the same verdict on both engines: SQLite's NOCASE folds A–Z
/// only, and so does the PostgreSQL schema's `nocase()`.
#[test]
fn user_names_clash_exactly_when_they_clash_in_sqlite() {
    let (_db, mut client) = migrated_db!();
    client.batch_execute(FIXTURE).unwrap();
    let sqlite = rusqlite::Connection::open_in_memory().unwrap();
    // The column as store/schema.rs declares it.
    sqlite
        .execute_batch("CREATE TABLE users (customer_id INTEGER, username TEXT NOT NULL COLLATE NOCASE, UNIQUE (customer_id, username))")
        .unwrap();
    let pairs =
        [("anna", "ANNA"), ("Élise", "élise"), ("STRASSE", "straße"), ("Ünal", "ünal"), ("a.b", "a_b"), ("x1", "X1")];
    for (i, (a, b)) in pairs.iter().enumerate() {
        let customer = 100 + i as i64;
        client
            .execute(
                "INSERT INTO customers (id, number, name, city, dial_plan_len, area_code) VALUES ($1, $2, 'n', 'c', 3, '0')",
                &[&customer, &format!("K-{customer}")],
            )
            .unwrap();
        let pg_clash = [a, b].iter().any(|name| {
            client
                .execute(
                    "INSERT INTO users (customer_id, username, first_name, last_name, email, language) \
                     VALUES ($1, $2, 'A', 'B', 'e', 'de')",
                    &[&customer, name],
                )
                .is_err()
        });
        let sqlite_clash = [a, b].iter().any(|name| {
            sqlite.execute("INSERT INTO users VALUES (?1, ?2)", rusqlite::params![customer, name]).is_err()
        });
        assert_eq!(pg_clash, sqlite_clash, "{a} / {b}");
    }
}

/// T1 and T2 read the same row under REPEATABLE READ; T1 changes it and commits; T2's
/// change then fails with a serialization failure.
fn serialization_failure(first: &mut Client, second: &mut Client) -> postgres::Error {
    let mut t2 = second.build_transaction().isolation_level(IsolationLevel::RepeatableRead).start().unwrap();
    t2.query_one("SELECT name FROM customers WHERE id = 1", &[]).unwrap();
    first.batch_execute("UPDATE customers SET name = 'by first' WHERE id = 1").unwrap();
    t2.execute("UPDATE customers SET name = 'by second' WHERE id = 1", &[])
        .expect_err("T2 may not overwrite T1's change")
}

#[test]
fn a_serialization_failure_is_retried_and_the_retry_succeeds() {
    let (db, mut first) = migrated_db!();
    first.batch_execute(FIXTURE).unwrap();
    let mut second = db.client();
    let e = serialization_failure(&mut first, &mut second);
    assert_eq!(code(&e), SqlState::T_R_SERIALIZATION_FAILURE);
    assert!(e.is_retryable());

    // Through with_retry: the first attempt meets a concurrent change, the second succeeds.
    let mut attempts = 0;
    let result = with_retry(Duration::from_secs(5), || {
        attempts += 1;
        let mut tx = second.build_transaction().isolation_level(IsolationLevel::RepeatableRead).start()?;
        let name: String = tx.query_one("SELECT name FROM customers WHERE id = 1", &[])?.get(0);
        if attempts == 1 {
            first.batch_execute("UPDATE customers SET name = 'again by first' WHERE id = 1")?;
        }
        tx.execute("UPDATE customers SET name = $1 WHERE id = 1", &[&format!("{name} + second")])?;
        tx.commit()
    });
    result.expect("the retry succeeds");
    assert_eq!(attempts, 2);
    let name: String = first.query_one("SELECT name FROM customers WHERE id = 1", &[]).unwrap().get(0);
    assert_eq!(name, "again by first + second", "the retry worked on the committed row");
}

#[test]
fn a_deadlock_is_recognised_and_the_victim_succeeds_on_retry() {
    let (db, mut client) = migrated_db!();
    client.batch_execute(FIXTURE).unwrap();
    let barrier = Arc::new(Barrier::new(2));
    let seen = Arc::new(Mutex::new(Vec::new()));
    // Each thread locks one customer, then the other's: one of the two is the deadlock's
    // victim, gets 40P01, and its retry runs once the other has committed.
    let handles: Vec<_> = [(1i64, 2i64), (2, 1)]
        .into_iter()
        .map(|(mine, theirs)| {
            let (config, barrier, seen) = (db.config.clone(), barrier.clone(), seen.clone());
            std::thread::spawn(move || {
                let mut c = comuniq_order::store::pg::connect(&config).unwrap();
                c.batch_execute("SET deadlock_timeout = '50ms'").unwrap();
                let mut attempts = 0;
                let r = with_retry(Duration::from_secs(10), || {
                    attempts += 1;
                    let mut tx = c.transaction()?;
                    tx.execute("SELECT 1 FROM customers WHERE id = $1 FOR UPDATE", &[&mine])?;
                    if attempts == 1 {
                        barrier.wait();
                    }
                    let r = tx.execute("UPDATE customers SET city = 'x' WHERE id = $1", &[&theirs]);
                    if let Err(e) = &r {
                        seen.lock().unwrap().push(e.code().cloned());
                    }
                    r?;
                    tx.commit()
                });
                (r.map_err(|e| e.to_string()), attempts)
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    for (r, _) in &results {
        assert!(r.is_ok(), "{r:?}");
    }
    // Usually one victim and one retry; on a loaded machine the victim's retry can take its
    // row again before the other transaction has taken it, and deadlock once more. Either
    // way every failure was a deadlock, and each cost exactly one more attempt.
    let seen = seen.lock().unwrap().clone();
    assert!(!seen.is_empty(), "the two transactions deadlocked");
    assert!(seen.iter().all(|c| *c == Some(SqlState::T_R_DEADLOCK_DETECTED)), "{seen:?}");
    let attempts: usize = results.iter().map(|(_, a)| *a).sum();
    assert_eq!(attempts, 2 + seen.len());
}

#[test]
fn a_unique_violation_is_not_retried() {
    let (_db, mut client) = migrated_db!();
    client.batch_execute(FIXTURE).unwrap();
    let mut attempts = 0;
    let r = with_retry(Duration::from_secs(5), || {
        attempts += 1;
        client.execute(
            "INSERT INTO customers (number, name, city, dial_plan_len, area_code) VALUES ('K-1', 'n', 'c', 3, '0')",
            &[],
        )
    });
    let e = r.expect_err("a second K-1");
    assert!(!e.is_retryable());
    assert_eq!((code(&e), attempts), (SqlState::UNIQUE_VIOLATION, 1));
    assert_eq!(e.as_db_error().and_then(|d| d.constraint()), Some("customers_number_key"));
}

/// The connection: TLS when the server offers it, the password from the password file,
/// and errors that name the database but never the password.
mod connection {
    use super::pg_server;
    use comuniq_order::i18n::Lang;
    use comuniq_order::store::DbTarget;
    use comuniq_order::store::pg::connect::{connect_checked, connect_with_env};
    use postgres::Client;
    use postgres::config::SslMode;
    use std::path::{Path, PathBuf};

    /// The environment of a program given only this password file.
    fn passfile_env(file: &Path) -> impl Fn(&str) -> Option<String> + '_ {
        move |name| (name == "PGPASSFILE").then(|| file.to_string_lossy().into_owned())
    }

    fn encrypted(client: &mut Client) -> bool {
        client.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).unwrap().get(0)
    }

    #[test]
    fn tls_is_used_when_the_server_offers_it() {
        let Some((config, passfile)) = pg_server::tls_server() else { return };
        assert_eq!(config.get_ssl_mode(), SslMode::Prefer, "prefer is the default");
        let mut client = connect_with_env(&config, passfile_env(&passfile)).expect("connect over TLS");
        assert!(encrypted(&mut client), "prefer: the server offers TLS, so it is used");
        let mut require = config.clone();
        require.ssl_mode(SslMode::Require);
        let mut client = connect_with_env(&require, passfile_env(&passfile)).expect("connect with require");
        assert!(encrypted(&mut client));
        // Over the Unix socket there is no TLS, as with libpq.
        let mut local = comuniq_order::store::pg::connect(&pg_server::server().unwrap()).unwrap();
        assert!(!encrypted(&mut local));
    }

    /// A password file others may read is not read (libpq's rule), and the refusal says so,
    /// with the command that mends it.
    #[test]
    fn a_loose_password_file_is_named_in_the_refusal() {
        use std::os::unix::fs::PermissionsExt;
        let Some((config, passfile)) = pg_server::tls_server() else { return };
        let dir = tempfile::tempdir().unwrap();
        let loose = dir.path().join("pgpass");
        std::fs::copy(&passfile, &loose).unwrap();
        std::fs::set_permissions(&loose, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = connect_with_env(&config, passfile_env(&loose)).err().expect("no password, no login");
        let msg = err.message(Lang::En);
        assert!(msg.contains(&format!("chmod 600 {}", loose.display())), "{msg}");
    }

    /// `verify-full` takes the server whose certificate the authority signed for the name
    /// connected to; `verify-ca` any name the authority signed; a certificate no authority
    /// of the root file signed is refused, and so is a missing root file.
    #[test]
    fn verify_modes_check_the_authority_and_the_name() {
        let Some((config, passfile)) = pg_server::tls_server() else { return };
        let root = PathBuf::from(
            std::env::var("COMUNIQ_TEST_PG_ROOTCERT")
                .expect("COMUNIQ_TEST_PG_ROOTCERT beside COMUNIQ_TEST_PG_TLS (.ci/pg.sh)"),
        );
        let port = config.get_ports()[0];
        let connect = |host: &str, mode: &str, root: &Path| {
            let value = format!(
                "host={host} port={port} user=postgres dbname=postgres sslmode={mode} sslrootcert={}",
                root.display()
            );
            let Ok(DbTarget::Postgres(target)) = DbTarget::parse_with_env(&value, |_| None) else { panic!("{value}") };
            connect_checked(target.config(), target.verify(), passfile_env(&passfile))
        };
        let mut client = connect("localhost", "verify-full", &root).expect("the certificate names localhost");
        assert!(encrypted(&mut client));
        let err = connect("127.0.0.1", "verify-full", &root).err().expect("the certificate does not name 127.0.0.1");
        assert!(err.message(Lang::En).contains("127.0.0.1"), "{}", err.message(Lang::En));
        let mut client = connect("127.0.0.1", "verify-ca", &root).expect("verify-ca does not check the name");
        assert!(encrypted(&mut client));
        // The server's own certificate is no authority: nothing in that file signed it.
        let other = root.with_file_name("server.crt");
        assert!(connect("localhost", "verify-full", &other).is_err());
        let missing = root.with_file_name("nowhere.crt");
        let err = connect("localhost", "verify-full", &missing).err().expect("no root file, no connection");
        assert!(err.message(Lang::De).contains("nowhere.crt"), "{}", err.message(Lang::De));
    }

    #[test]
    fn refusals_name_the_database_and_never_the_password() {
        let Some((config, passfile)) = pg_server::tls_server() else { return };
        let password = std::fs::read_to_string(&passfile).unwrap();
        let password = password.trim().rsplit(':').next().unwrap().to_string();
        assert!(password.len() >= 16);
        let port = config.get_ports()[0];
        let target = format!("postgresql://127.0.0.1:{port}/postgres");
        // TLS switched off: the server takes none but TLS connections on TCP.
        let mut plain = config.clone();
        plain.ssl_mode(SslMode::Disable);
        let err = connect_with_env(&plain, passfile_env(&passfile)).err().expect("refused without TLS");
        // A wrong password, from PGPASSWORD (which comes before the file).
        let wrong = |name: &str| (name == "PGPASSWORD").then(|| "not-the-password".to_string());
        let err2 = connect_with_env(&config, wrong).err().expect("refused with a wrong password");
        for err in [err, err2] {
            for lang in [Lang::De, Lang::En] {
                let msg = err.message(lang);
                assert!(msg.contains(&target), "{msg}");
                assert!(!msg.contains(&password) && !msg.contains("not-the-password"), "{msg}");
            }
        }
    }
}

/// What a table is made of, engine-neutral: its columns in order (name, type, not null)
/// and its unique keys (column sets, the primary key among them).
#[derive(Debug, PartialEq)]
struct Shape {
    columns: Vec<(String, &'static str, bool)>,
    unique: std::collections::BTreeSet<Vec<String>>,
}

/// SQLite's declared types and PostgreSQL's, named alike: the 0/1 flags are `INTEGER` in
/// SQLite and `boolean` in PostgreSQL, so both are "integer" here.
fn kind(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" | "boolean" => "integer",
        "text" => "text",
        other => panic!("a type the schemas don't use: {other}"),
    }
}

fn sqlite_shape(conn: &rusqlite::Connection, table: &str) -> Shape {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})")).unwrap();
    let cols: Vec<(String, String, bool, i64)> =
        stmt.query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?, r.get(5)?))).unwrap().map(Result::unwrap).collect();
    let mut unique = std::collections::BTreeSet::new();
    let mut pk: Vec<(i64, String)> = cols.iter().filter(|c| c.3 > 0).map(|c| (c.3, c.0.clone())).collect();
    pk.sort();
    unique.insert(pk.into_iter().map(|(_, n)| n).collect::<Vec<_>>());
    let indexes: Vec<(String, bool)> = conn
        .prepare(&format!("PRAGMA index_list({table})"))
        .unwrap()
        .query_map([], |r| Ok((r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (index, _) in indexes.into_iter().filter(|(_, is_unique)| *is_unique) {
        let cols: Vec<String> = conn
            .prepare(&format!("PRAGMA index_info({index})"))
            .unwrap()
            .query_map([], |r| r.get(2))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        unique.insert(cols);
    }
    Shape {
        // A primary key is not null whatever table_info's notnull says.
        columns: cols.into_iter().map(|(n, t, nn, pk)| (n, kind(&t), nn || pk > 0)).collect(),
        unique,
    }
}

fn pg_shape(client: &mut Client, table: &str) -> Shape {
    // `order_addons.rowid` stands in for SQLite's implicit rowid (the order add-ons were
    // chosen in), which SQLite does not list among the columns.
    let columns = client
        .query(
            "SELECT column_name::text, data_type::text, is_nullable = 'NO' FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name = $1 AND column_name <> 'rowid' \
             ORDER BY ordinal_position",
            &[&table],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get::<_, String>(0), kind(r.get(1)), r.get(2)))
        .collect();
    // Each unique index's columns; an expression (nocase(username)) by the column inside.
    let unique = client
        .query(
            "SELECT array(SELECT pg_get_indexdef(i.indexrelid, k, true) \
                            FROM generate_series(1, i.indnkeyatts) k ORDER BY k) \
               FROM pg_index i WHERE i.indrelid = $1::text::regclass AND i.indisunique",
            &[&table],
        )
        .unwrap()
        .iter()
        .map(|r| {
            r.get::<_, Vec<String>>(0)
                .into_iter()
                .map(|c| c.trim_start_matches("nocase(").trim_end_matches(')').to_string())
                .collect()
        })
        .collect();
    Shape { columns, unique }
}

/// "Version 4" is the same schema on both engines: a SQLite file made by the program
/// itself (an import creates it) has the same tables, columns in the same order, the
/// same NOT NULLs and the same unique keys as the PostgreSQL schema.
#[test]
fn the_same_tables_columns_and_unique_keys_as_sqlite() {
    let (_db, mut client) = migrated_db!();
    let dir = tempfile::tempdir().unwrap();
    let (file, csv) = (dir.path().join("orders.db"), dir.path().join("customers.csv"));
    std::fs::write(&csv, "number,name,city,dial_plan_len,area_code\nK-1,Bauer GmbH,Bern,3,031\n").unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .arg("--db")
        .arg(&file)
        .args(["--lang", "en", "import", "customers"])
        .arg(&csv)
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let sqlite = rusqlite::Connection::open(&file).unwrap();
    let sqlite_version: i64 = sqlite.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(sqlite_version, schema::version(&mut client).unwrap(), "the same version number");
    let tables: Vec<String> = sqlite
        // The full-text tables (FTS5 and its shadow tables) are SQLite's own index of the
        // search (schema v5); PostgreSQL serves the same search calls with an index of its
        // own, so they are not part of the data's shape.
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE '%\\_fts' ESCAPE '\\' AND name NOT LIKE '%\\_fts\\_%' ESCAPE '\\' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let pg_tables: Vec<String> = client
        .query(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_name <> 'schema_version' ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(pg_tables, tables);
    for table in &tables {
        assert_eq!(pg_shape(&mut client, table), sqlite_shape(&sqlite, table), "table {table}");
    }
}

/// Marks this binary run again by [`without_a_server_the_skip_is_said_once_on_stderr`].
const CHILD: &str = "COMUNIQ_TEST_SKIP_CHILD";

/// Without a server, the note that the PostgreSQL tests were skipped comes at most once per
/// test binary, however many of its tests skip, and on stderr, never on stdout: this binary
/// is run again without `COMUNIQ_TEST_PG` (nor `CI`), every test of it on four threads.
#[test]
fn without_a_server_the_skip_is_said_once_on_stderr() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .env_remove(pg_server::VAR)
        .env_remove("CI")
        .env(CHILD, "1")
        .args(["--test-threads", "4"])
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let note = "PostgreSQL tests skipped";
    assert_eq!(stderr.matches(note).count(), 1, "{stderr}");
    assert!(!stdout.contains(note), "{stdout}");
    assert!(stdout.contains("test result: ok"), "the tests ran: {stdout}");
}
