//! The store against a real database (a SQLite file, or PostgreSQL with
//! `COMUNIQ_TEST_ENGINE=postgres`: `common::db`): migrations, seeding, queries, and placing
//! orders with every refusal leaving the database as it was.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::db::{self, Conn};
use common::orders;
use comuniq_order::demo::{self, DemoData};
use comuniq_order::domain::ContextQuery;
use comuniq_order::domain::answers::Field;
use comuniq_order::domain::field::OrderTexts;
use comuniq_order::domain::model::{Customer, CustomerContext, Extension};
use comuniq_order::domain::order::{NewUser, NumberAssignment, OrderRequest, PendingReason, SimAssignment, UserChoice};
use comuniq_order::domain::rules::RuleError;
use comuniq_order::domain::rules::iccid::{self, SimQuery};
use comuniq_order::domain::{Answers, Catalog, Draft, Step};
use comuniq_order::driver::pin_hash;
use comuniq_order::store::{MIGRATIONS, Missing, PlaceError, Store, StoreError, Taken, WriteLock};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const PIN: &str = "908172";

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 5, 4).and_then(|d| d.and_hms_opt(10, 30, 0)).unwrap()
}

/// A seeded database in a fresh directory (kept alive by the returned `TempDir`).
fn seeded() -> (TempDir, Store, DemoData) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = db::open(&dir.path().join("sub/dir/orders.db"));
    let data = demo::generate(demo::DEMO_SEED, 12);
    demo::seed(&mut store, &data).unwrap();
    (dir, store, data)
}

/// A raw connection to the store's database, for looking behind the API.
fn raw(store: &Store) -> Conn {
    db::conn_of(store)
}

fn count(store: &Store, sql: &str) -> i64 {
    raw(store).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every row of every table, to prove a refusal wrote nothing.
fn snapshot(store: &Store) -> Vec<i64> {
    ["customers", "users", "orders", "extensions", "numbers", "order_addons", "order_states", "invoice_items"]
        .iter()
        .map(|t| count(store, &format!("SELECT COUNT(*) FROM {t}")))
        .chain([count(store, "SELECT COUNT(*) FROM sims WHERE state = 'free'")])
        .chain([count(store, "SELECT COUNT(*) FROM users WHERE mobile_order_id IS NOT NULL")])
        .chain([count(store, "SELECT COUNT(*) FROM numbers WHERE order_id IS NOT NULL")])
        .collect()
}

/// An extension the customer doesn't have yet, valid per the rule.
fn free_extension(customer: &Customer, existing: &[Extension]) -> String {
    common::free_extensions(customer.dial_plan_len, existing).next().unwrap()
}

/// A valid order for the first customer: new user, first free SIM now, first free number.
fn request(store: &Store) -> (OrderRequest, Customer, CustomerContext) {
    let customer = store.customers().unwrap().into_iter().find(|c| c.number == "K-100000").unwrap();
    let ctx = store.customer_context(&ContextQuery::of(customer.id)).unwrap();
    let sim = free_sim(store);
    let number = ctx.free_numbers[0].clone();
    let user = orders::new_user("neu.kollegin", "Nina", "Neumann", "nina.neumann@example.de");
    let req = OrderRequest {
        texts: OrderTexts::from_values(|f| if f == Field::Reference { "PO-4711".into() } else { String::new() }),
        start_date: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        addons: vec!["voicemail-plus".into()],
        pin_hash: pin_hash::hash(PIN),
        ..orders::request(
            &customer,
            UserChoice::New(user),
            SimAssignment::Now { id: sim.id, iccid: sim.iccid },
            NumberAssignment::New { id: number.id, e164: number.e164 },
            free_extension(&customer, &ctx.extensions),
        )
    };
    (orders::priced(req, &Catalog::builtin().unwrap()), customer, ctx)
}

/// Some free SIM from the stock.
fn free_sim(store: &Store) -> comuniq_order::domain::Sim {
    let iccid: String =
        raw(store).query_row("SELECT iccid FROM sims WHERE state = 'free' ORDER BY id", [], |r| r.get(0)).unwrap();
    store.free_sims(&SimQuery::Full(iccid)).unwrap().remove(0)
}

/// A second order for the same customer that takes nothing the first one took (once that
/// is placed).
fn another(store: &Store, first: &OrderRequest) -> OrderRequest {
    let customer = store.customer(first.customer_id).unwrap().unwrap();
    let ctx = store.customer_context(&ContextQuery::of(customer.id)).unwrap();
    let sim = free_sim(store);
    let number = ctx.free_numbers[0].clone();
    let mut req = first.clone();
    req.user = UserChoice::New(NewUser {
        language: "en".into(),
        ..orders::new_user("zweiter.nutzer", "Zora", "Zweig", "zora.zweig@example.de")
    });
    req.sim = SimAssignment::Now { id: sim.id, iccid: sim.iccid };
    req.number = NumberAssignment::New { id: number.id, e164: number.e164 };
    req.extension = free_extension(&customer, &ctx.extensions);
    req
}

fn new_user(req: &OrderRequest) -> NewUser {
    match &req.user {
        UserChoice::New(u) => u.clone(),
        UserChoice::Existing(_) => panic!("expected a new user"),
    }
}

fn path_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_default()
}

#[test]
fn migrations_apply_once_and_reopen_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    let store = db::open(&path);
    if db::is_postgres() {
        let version: i64 = raw(&store).query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
    } else {
        assert_eq!(store.path(), path);
        let version: i64 = raw(&store).query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
        let mode: String = raw(&store).query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }
    drop(store);
    let mut store = db::open(&path);
    demo::seed(&mut store, &demo::generate(1, 3)).unwrap();
    drop(store);
    let store = db::open(&path);
    assert_eq!(store.counts().unwrap().customers, 3);
}

#[test]
fn newer_schema_is_refused() {
    // PostgreSQL's refusal of a newer schema: tests/pg_schema.rs.
    if db::sqlite_only("the file's user_version and bytes") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    drop(Store::open(&path).unwrap());
    Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let bytes = path_bytes(&path);
    match Store::open(&path) {
        Err(StoreError::TooNew { found: 99, known }) => assert_eq!(known, MIGRATIONS.len() as i64),
        other => panic!("expected TooNew, got {other:?}"),
    }
    assert_eq!(path_bytes(&path), bytes, "a newer database was changed");
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", -1).unwrap();
    drop(conn);
    assert!(matches!(Store::open(&path), Err(StoreError::UnknownVersion { found: -1 })));
}

#[test]
fn garbage_file_is_not_a_database_and_stays_unchanged() {
    if db::sqlite_only("a file that is not a database") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("notes.txt");
    let garbage = "Einkaufsliste: Milch, Brot, Käse\n".repeat(200);
    std::fs::write(&path, &garbage).unwrap();
    assert!(matches!(Store::open(&path), Err(StoreError::NotADatabase { .. })));
    assert_eq!(path_bytes(&path), garbage.as_bytes());
}

#[test]
fn seed_and_queries() {
    let (_dir, store, data) = seeded();
    let counts = store.counts().unwrap();
    assert_eq!(counts.customers, 12);
    assert_eq!(counts.free_sims, data.sims.len() as i64);
    assert_eq!(counts.orders, 0);
    let customers = store.customers().unwrap();
    // German order: umlauts with their base letter, case ignored.
    let key = |name: &str| name.to_lowercase().replace('ä', "a").replace('ö', "o").replace('ü', "u").replace('ß', "ss");
    let keys: Vec<String> = customers.iter().map(|c| key(&c.name)).collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
    let first = store.customer_by_number(" k-100000 ").unwrap().unwrap();
    assert_eq!(store.customer(first.id).unwrap().as_ref(), Some(&first));
    assert_eq!(first.name, data.customers[0].name);
    assert!(store.customer_by_number("K-999999").unwrap().is_none());
    let ctx = store.customer_context(&ContextQuery::of(first.id)).unwrap();
    assert_eq!(ctx.users.len(), data.customers[0].users.len());
    assert!(ctx.users.iter().all(|u| !u.has_mobile));
    assert_eq!(ctx.free_numbers.len(), data.customers[0].numbers.len());
    let numbers: Vec<&str> = ctx.extensions.iter().map(|e| e.number.as_str()).collect();
    let mut sorted = numbers.clone();
    sorted.sort();
    assert_eq!(numbers, sorted);
}

/// A customer's users are listed by last name, first name and user name, compared byte by
/// byte (SQLite's order) on both engines: line mode numbers the list, so `2` must pick the
/// same user whichever engine holds the database, and a PostgreSQL server's own collation
/// (German on a German server: `de Vries` between `Abel` and `Mueller`) must not reorder it.
#[test]
fn users_are_listed_in_the_same_order_on_both_engines() {
    let (_dir, store, _) = seeded();
    let conn = raw(&store);
    let customer: i64 = conn
        .query_row(
            "INSERT INTO customers (number, name, city, dial_plan_len, area_code)
             VALUES ('K-777777', 'Sortierprobe GmbH', 'Berlin', 3, '030') RETURNING id",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let users = [
        ("zander", "Anna", "Zander"),
        ("oezdemir", "Ali", "Özdemir"),
        ("devries", "Jan", "de Vries"),
        ("mueller.max", "Max", "Müller"),
        ("mueller", "Max", "Mueller"),
        ("abel.eva", "eva", "Abel"),
        ("abel", "Eva", "Abel"),
    ];
    for (username, first, last) in users {
        conn.execute(
            "INSERT INTO users (customer_id, username, first_name, last_name, email, language)
             VALUES (?1, ?2, ?3, ?4, 'x@example.de', 'de')",
            (customer, username, first, last),
        )
        .unwrap();
    }
    let listed: Vec<String> =
        store.customer_context(&ContextQuery::of(customer)).unwrap().users.iter().map(|u| u.username.clone()).collect();
    assert_eq!(listed, ["abel", "abel.eva", "mueller", "mueller.max", "zander", "devries", "oezdemir"]);
}

/// Another program's write (`WriteLock`: SQLite's write lock, PostgreSQL's table locks)
/// lets reads go on; a draft save gives up after its short wait and a placement after the
/// write's wait, both as busy and writing nothing; once the lock is gone both succeed.
#[test]
fn a_held_write_lock_makes_writes_busy_and_lets_reads_go_on() {
    let (dir, _, _) = seeded();
    // Only stores opened after this wait so briefly (no other test here waits for a lock).
    comuniq_order::store::set_busy_wait(std::time::Duration::from_millis(300));
    let mut store = db::open(&dir.path().join("sub/dir/orders.db"));
    let (req, _, _) = request(&store);
    let before = snapshot(&store);
    let draft = comuniq_order::domain::Draft::new(
        comuniq_order::domain::Step::Customer,
        None,
        &comuniq_order::domain::Answers::default(),
    );
    let short = std::time::Duration::from_millis(50);
    let lock = WriteLock::hold_target(store.target()).unwrap();
    assert_eq!(store.counts().unwrap().orders, 0, "a read does not wait");
    assert_eq!(store.search_customers("", None, 5).unwrap().rows.len(), 5, "a search does not wait");
    let refused = store.save_draft_waiting(short, None, "tester", &draft, now());
    assert!(matches!(refused, Err(StoreError::Busy)), "{refused:?}");
    let refused = store.place_order(&req, "op.meier", now());
    assert!(matches!(refused, Err(PlaceError::Busy)), "{refused:?}");
    lock.release().unwrap();
    assert_eq!(snapshot(&store), before, "nothing was written while the lock was held");
    assert!(store.save_draft_waiting(short, None, "tester", &draft, now()).is_ok());
    assert!(store.place_order(&req, "op.meier", now()).is_ok());
}

/// Drafts (moved here from tests/files.rs, to run on both engines).
#[test]
fn drafts_are_saved_without_the_pin_listed_and_pruned() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = db::open(&dir.path().join("orders.db"));
    let answers = Answers { pin: "908172".into(), username: "erika".into(), ..Answers::default() };
    let draft = Draft::new(Step::Fmc, Some(Field::Pin), &answers);
    let id = store.save_draft(None, "anna", &draft, now()).unwrap();
    // Saving again updates the same draft.
    let later = now() + chrono::Duration::minutes(90);
    assert_eq!(store.save_draft(Some(id), "anna", &draft, later).unwrap(), id);
    let raw: String =
        raw(&store).query_row("SELECT answers || step || coalesce(focus, '') FROM drafts", [], |r| r.get(0)).unwrap();
    assert!(!raw.contains("908172"), "{raw}");
    assert_eq!(store.draft(id).unwrap(), Some(draft));
    let listed = store.drafts_of("anna", later + chrono::Duration::minutes(5)).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!((listed[0].step, listed[0].age_minutes), (Step::Fmc, 5));
    assert!(store.drafts_of("bernd", now()).unwrap().is_empty(), "drafts belong to their operator");
    assert_eq!(store.prune_drafts(later - chrono::Duration::days(1)).unwrap(), 0);
    assert_eq!(store.prune_drafts(later + chrono::Duration::seconds(1)).unwrap(), 1);
    assert!(store.draft(id).unwrap().is_none());
}

#[test]
fn a_sim_lookup_lists_a_bounded_screenful_and_a_full_iccid_finds_any() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("orders.db")).unwrap();
    // More SIMs sharing their last four digits than one lookup lists, and others beside them.
    let shared: Vec<String> = (0..iccid::MAX_LISTED + 10).map(|i| format!("894902{i:09}4711")).collect();
    let other: Vec<String> = (0..5).map(|i| format!("894902{i:09}5711")).collect();
    let data = DemoData { customers: Vec::new(), sims: shared.iter().chain(&other).cloned().collect() };
    demo::seed(&mut store, &data).unwrap();
    let listed = store.free_sims(&SimQuery::LastFour("4711".into())).unwrap();
    let iccids: Vec<&str> = listed.iter().map(|s| s.iccid.as_str()).collect();
    let first: Vec<&str> = shared.iter().take(iccid::MAX_LISTED).map(String::as_str).collect();
    assert_eq!(iccids, first, "the first ones by ICCID, no more");
    // Fewer digits than four are bounded too (all 65 end in 711).
    assert_eq!(store.free_sims(&SimQuery::LastFour("711".into())).unwrap().len(), iccid::MAX_LISTED);
    // One beyond the list is found by its full ICCID.
    let last = shared.last().unwrap();
    let found = store.free_sims(&SimQuery::Full(last.clone())).unwrap();
    assert_eq!(found.iter().map(|s| s.iccid.as_str()).collect::<Vec<_>>(), vec![last.as_str()]);
}

#[test]
fn sims_by_last_four_and_by_iccid() {
    let (_dir, store, data) = seeded();
    let twin = data
        .sims
        .iter()
        .find(|s| data.sims.iter().filter(|o| o[o.len() - 4..] == s[s.len() - 4..]).count() > 1)
        .unwrap();
    let ending = |digits: &str| store.free_sims(&SimQuery::LastFour(digits.into())).unwrap();
    let matches = ending(&twin[twin.len() - 4..]);
    assert!(matches.len() >= 2);
    assert!(matches.iter().any(|s| &s.iccid == twin));
    assert_eq!(ending(&twin[twin.len() - 6..]).len(), 1);
    assert!(ending("").is_empty());
    assert!(ending("12ä4").is_empty());
    let full = |iccid: &str| store.free_sims(&SimQuery::Full(iccid.into())).unwrap().pop();
    assert_eq!(full(twin).map(|s| s.iccid), Some(twin.clone()));
    assert!(full("8949000").is_none());
}

#[test]
fn places_order_with_new_user_sim_now_and_new_number() {
    let (_dir, mut store, _) = seeded();
    let (req, customer, _) = request(&store);
    let placed = store.place_order(&req, "op.meier", now()).unwrap();
    assert_eq!(placed.order_no, "CO-2026-000001");
    assert!(placed.pending.is_empty());
    let asked = ContextQuery {
        username: "NEU.kollegin".into(),
        extension: req.extension.clone(),
        ..ContextQuery::of(customer.id)
    };
    let ctx = store.customer_context(&asked).unwrap();
    // The new user is there, his name taken, and with his mobile line no longer offered.
    assert_eq!(ctx.taken_usernames, ["neu.kollegin"]);
    assert!(!ctx.users.iter().any(|u| u.username == "neu.kollegin"));
    assert!(ctx.extensions.iter().any(|e| e.number == req.extension && e.name == "Nina Neumann"));
    assert!(!ctx.free_numbers.iter().any(|n| n.e164 == req.number.e164()));
    let SimAssignment::Now { iccid, .. } = &req.sim else { unreachable!() };
    assert!(store.free_sims(&SimQuery::Full(iccid.clone())).unwrap().is_empty());
    assert_eq!(count(&store, "SELECT COUNT(*) FROM orders WHERE state = 'active' AND iccid IS NOT NULL"), 1);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM order_addons"), 1);
    assert_eq!(store.counts().unwrap().invoice_items, req.invoice_lines.len() as i64);
    assert!(!req.invoice_lines.is_empty());
    let second = store.place_order(&another(&store, &req), "op.meier", now()).unwrap();
    assert_eq!(second.order_no, "CO-2026-000002");
}

#[test]
fn existing_user_sim_later_and_porting_is_pending_for_both() {
    let (_dir, mut store, _) = seeded();
    let (mut req, customer, ctx) = request(&store);
    // One without an extension of his own: the request's extension is a new one.
    let user = ctx.users.iter().find(|u| !u.has_mobile && u.extension.is_none()).unwrap();
    req.user = UserChoice::Existing(user.id);
    req.sim = SimAssignment::Later;
    req.sim_option = "sim-later".into();
    req.number_type = "port".into();
    req.number = NumberAssignment::Port {
        e164: "+491712345678".into(),
        donor: "telekom".into(),
        date: NaiveDate::from_ymd_opt(2026, 6, 15),
    };
    let placed = store.place_order(&req, "op.meier", now()).unwrap();
    assert_eq!(placed.pending, vec![PendingReason::Sim, PendingReason::Porting]);
    let conn = raw(&store);
    let (state, reason): (String, String) = conn
        .query_row("SELECT to_state, reason FROM order_states WHERE order_id = ?1", [placed.id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((state.as_str(), reason.as_str()), ("pending", "sim,porting"));
    let row: (String, i64, i64, Option<String>, String) = conn
        .query_row("SELECT state, waits_for_sim, waits_for_port, iccid, port_date FROM orders", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap();
    assert_eq!(row, ("pending".into(), 1, 1, None, "2026-06-15".into()));
    assert_eq!(count(&store, "SELECT COUNT(*) FROM numbers WHERE source = 'port' AND order_id = 1"), 1);
    let after = store.customer_context(&ContextQuery { user: Some(user.id), ..ContextQuery::of(customer.id) }).unwrap();
    assert!(after.user(user.id).is_some_and(|u| u.has_mobile));
    assert!(!after.users.iter().any(|u| u.id == user.id), "a user with a mobile line is not offered");
}

#[test]
fn invoice_items_only_with_auto_invoice() {
    let (_dir, mut store, _) = seeded();
    let (mut req, _, _) = request(&store);
    req.auto_invoice = false;
    store.place_order(&req, "op.meier", now()).unwrap();
    assert_eq!(store.counts().unwrap().invoice_items, 0);
    assert_eq!(count(&store, "SELECT auto_invoice FROM orders"), 0);
}

/// Places `first`, then expects the order `second` builds to be refused with `item` taken
/// by the first order, and nothing written by the refusal.
fn refused_after_first(
    store: &mut Store,
    first: &OrderRequest,
    second: impl Fn(OrderRequest) -> OrderRequest,
    item: Taken,
) {
    let placed = store.place_order(first, "op.meier", now()).unwrap();
    let second = second(another(store, first));
    let before = snapshot(store);
    match store.place_order(&second, "op.schulz", now()) {
        Err(PlaceError::Taken { item: got, by_order }) => {
            assert_eq!(got, item);
            assert_eq!(by_order.as_deref(), Some(placed.order_no.as_str()));
        }
        other => panic!("expected {item:?} taken, got {other:?}"),
    }
    assert_eq!(snapshot(store), before);
}

#[test]
fn refuses_a_sim_already_assigned() {
    let (_dir, mut store, _) = seeded();
    let (first, _, _) = request(&store);
    let SimAssignment::Now { iccid, .. } = &first.sim else { unreachable!() };
    let sim = first.sim.clone();
    refused_after_first(&mut store, &first, |r| OrderRequest { sim: sim.clone(), ..r }, Taken::Sim(iccid.clone()));
}

#[test]
fn refuses_a_number_taken() {
    let (_dir, mut store, _) = seeded();
    let (first, _, _) = request(&store);
    let number = first.number.clone();
    let item = Taken::Number(first.number.e164().into());
    refused_after_first(&mut store, &first, |r| OrderRequest { number: number.clone(), ..r }, item);
}

#[test]
fn refuses_porting_a_number_another_order_holds() {
    let (_dir, mut store, _) = seeded();
    let (first, _, _) = request(&store);
    let number = NumberAssignment::Port { e164: first.number.e164().into(), donor: "telekom".into(), date: None };
    let item = Taken::Number(first.number.e164().into());
    refused_after_first(&mut store, &first, |r| OrderRequest { number: number.clone(), ..r }, item);
}

#[test]
fn refuses_an_extension_taken_by_another_order() {
    let (_dir, mut store, _) = seeded();
    let (first, _, _) = request(&store);
    let ext = first.extension.clone();
    refused_after_first(
        &mut store,
        &first,
        |r| OrderRequest { extension: ext.clone(), ..r },
        Taken::Extension(ext.clone()),
    );
}

#[test]
fn refuses_a_user_that_already_has_a_mobile_line() {
    let (_dir, mut store, _) = seeded();
    let (mut first, customer, ctx) = request(&store);
    let user = ctx.users.iter().find(|u| u.extension.is_none()).unwrap().id;
    first.user = UserChoice::Existing(user);
    let existing = UserChoice::Existing(user);
    refused_after_first(&mut store, &first, |r| OrderRequest { user: existing.clone(), ..r }, Taken::UserHasMobile);
    let asked = ContextQuery { user: Some(user), ..ContextQuery::of(customer.id) };
    assert!(store.customer_context(&asked).unwrap().user(user).is_some_and(|u| u.has_mobile));
}

#[test]
fn refuses_a_username_taken_ignoring_case() {
    let (_dir, mut store, data) = seeded();
    let (mut req, _, _) = request(&store);
    let existing = data.customers[0].users[0].username.to_uppercase();
    req.user = UserChoice::New(NewUser { username: existing.clone(), ..new_user(&req) });
    let before = snapshot(&store);
    match store.place_order(&req, "op.meier", now()) {
        Err(PlaceError::Taken { item: Taken::Username(name), by_order: None }) => assert_eq!(name, existing),
        other => panic!("expected user name taken, got {other:?}"),
    }
    assert_eq!(snapshot(&store), before);
}

#[test]
fn refuses_an_existing_extension_and_a_prefix_clash() {
    let (_dir, mut store, _) = seeded();
    let (mut req, customer, ctx) = request(&store);
    let wanted = req.extension.clone();
    let taken = ctx.extensions.first().expect("demo customer has extensions").number.clone();
    // An older, shorter extension from before the dial plan grew, added behind the wizard's back.
    let legacy = wanted[..wanted.len() - 1].to_string();
    raw(&store)
        .execute(
            "INSERT INTO extensions (customer_id, number, name) VALUES (?1, ?2, 'Altanlage')",
            (customer.id, &legacy),
        )
        .unwrap();
    let before = snapshot(&store);
    req.extension = taken.clone();
    assert!(matches!(
        store.place_order(&req, "op.meier", now()),
        Err(PlaceError::Taken { item: Taken::Extension(e), by_order: None }) if e == taken
    ));
    req.extension = wanted;
    match store.place_order(&req, "op.meier", now()) {
        Err(PlaceError::Refused { field: Field::Extension, error: RuleError::ExtensionPrefixClash { other } }) => {
            assert_eq!(other, legacy)
        }
        other => panic!("expected a prefix clash, got {other:?}"),
    }
    assert_eq!(snapshot(&store), before);
}

#[test]
fn refuses_unknown_references() {
    let (_dir, mut store, _) = seeded();
    let (mut req, _, _) = request(&store);
    let before = snapshot(&store);
    req.user = UserChoice::Existing(999_999);
    assert!(matches!(store.place_order(&req, "op", now()), Err(PlaceError::Missing(Missing::User(999_999)))));
    let (mut req, _, _) = request(&store);
    req.customer_id = 999_999;
    assert!(matches!(store.place_order(&req, "op", now()), Err(PlaceError::Missing(Missing::Customer(999_999)))));
    assert_eq!(snapshot(&store), before);
}

#[test]
fn constraints_forbid_double_allocation_whatever_the_code() {
    let (_dir, mut store, _) = seeded();
    let (req, customer, _) = request(&store);
    let placed = store.place_order(&req, "op.meier", now()).unwrap();
    let conn = raw(&store);
    let sim = free_sim(&store);
    let fails = |sql: &str| assert!(conn.execute(sql, []).is_err(), "{sql} succeeded");
    let id = placed.id;
    let c = customer.id;
    fails(&format!("UPDATE sims SET state = 'assigned', order_id = {id} WHERE id = {}", sim.id));
    fails(&format!("UPDATE sims SET state = 'assigned' WHERE id = {}", sim.id));
    fails(&format!(
        "INSERT INTO sims (iccid, last4, state) VALUES ('{0}', '{1}', 'free')",
        sim.iccid,
        &sim.iccid[sim.iccid.len() - 4..]
    ));
    fails(&format!("UPDATE numbers SET order_id = {id} WHERE order_id IS NULL AND customer_id = {c}"));
    fails(&format!("INSERT INTO numbers (customer_id, e164, source) VALUES ({c}, '{}', 'pool')", req.number.e164()));
    fails(&format!("INSERT INTO extensions (customer_id, number, name) VALUES ({c}, '{}', 'X')", req.extension));
    fails(&format!(
        "INSERT INTO users (customer_id, username, first_name, last_name, email, language)
         VALUES ({c}, 'NEU.KOLLEGIN', 'N', 'N', 'n@example.de', 'de')"
    ));
    fails(&format!("UPDATE users SET mobile_order_id = {id} WHERE mobile_order_id IS NULL AND customer_id = {c}"));
    fails("INSERT INTO customers (number, name, city, dial_plan_len, area_code) VALUES ('K-X', 'X', 'X', 6, '030')");
}

#[test]
fn the_pin_is_nowhere_in_the_database_file() {
    if db::sqlite_only("the bytes of the database file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    let mut store = Store::open(&path).unwrap();
    demo::seed(&mut store, &demo::generate(demo::DEMO_SEED, 12)).unwrap();
    let (req, _, _) = request(&store);
    store.place_order(&req, "op.meier", now()).unwrap();
    drop(store);
    let mut bytes = path_bytes(&path);
    bytes.extend(path_bytes(&path.with_extension("db-wal")));
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(contains(b"$argon2id$"), "the order is not in the file");
    assert!(!contains(PIN.as_bytes()), "the PIN is in the file");
}

#[test]
#[ignore = "timing: cargo test --release --test store -- --ignored"]
fn generates_and_seeds_100k_customers_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let start = std::time::Instant::now();
    let data = demo::generate(demo::DEMO_SEED, 100_000);
    let generated = start.elapsed();
    let mut store = db::open(&dir.path().join("big.db"));
    demo::seed(&mut store, &data).unwrap();
    let seeded = start.elapsed() - generated;
    eprintln!("generate: {generated:?}, seed: {seeded:?}");
    assert_eq!(store.counts().unwrap().customers, 100_000);
    if !cfg!(debug_assertions) {
        assert!(generated.as_secs_f64() < 1.0, "generate took {generated:?}");
        assert!(seeded.as_secs_f64() < 10.0, "seed took {seeded:?}");
    }
}
