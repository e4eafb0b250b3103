//! `orders` and `invoice-items`: the real binary on a real database (`common::db`) with orders placed
//! through answers files. Filters, the three formats, and never a PIN.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::db;
use comuniq_order::demo;
use comuniq_order::domain::lifecycle::CancelReason;
use comuniq_order::store::ActionRequest;
use std::path::PathBuf;
use std::process::{Command, Output};
use tempfile::TempDir;

struct Db {
    dir: TempDir,
    path: PathBuf,
    data: demo::DemoData,
}

impl Db {
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
            .args(["--db", &db::db_arg(&self.path), "--today", "2026-11-26", "--lang", "de"])
            .args(args)
            .output()
            .unwrap()
    }
    fn out(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    }
    /// Places a porting order with SIM later for customer n (pending, with invoice items).
    fn place(&self, n: usize, pin: &str) {
        self.place_with(n, pin, "");
    }
    /// [`Db::place`] with `more` lines added to the answers file.
    fn place_with(&self, n: usize, pin: &str, more: &str) {
        let c = &self.data.customers[n];
        let ext = if c.dial_plan_len == 2 {
            "98".to_string()
        } else {
            format!("98{}", "7".repeat(usize::from(c.dial_plan_len) - 2))
        };
        let text = common::files::ported_order_file(c, &format!("030 98765{n:03}"), &ext, pin) + more;
        let file = self.dir.path().join(format!("o{n}.toml"));
        std::fs::write(&file, text).unwrap();
        self.out(&["order", "--answers", file.to_str().unwrap()]);
    }
}

fn with_two_orders() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.db");
    let data = demo::generate(demo::DEMO_SEED, 6);
    demo::seed(&mut db::open(&path), &data).unwrap();
    let db = Db { dir, path, data };
    db.place(1, "908172");
    db.place(2, "918273");
    db
}

#[test]
fn orders_in_three_formats_with_filters_and_no_pin() {
    let db = with_two_orders();
    let k1 = db.data.customers[1].number.clone();
    let table = db.out(&["orders"]);
    assert_eq!(table.lines().count(), 3, "{table}");
    assert!(table.starts_with("Bestellung") && table.contains("wartet SIM+Port."), "states in German:\n{table}");
    let csv = db.out(&["orders", "--format", "csv", "--customer", &k1]);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.lines().next().unwrap().starts_with("order_no,created_at,operator,customer,"), "{csv}");
    let json: serde_json::Value = serde_json::from_str(&db.out(&["orders", "--format", "json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[0]["state"], "pending");
    assert_eq!(db.out(&["orders", "--state", "active", "--format", "json"]).trim(), "[]");
    assert_eq!(db.out(&["orders", "--since", "2999-01-01"]).lines().count(), 1, "only the header");
    for args in
        [&["orders", "--format", "csv"][..], &["orders", "--format", "json"], &["invoice-items", "--format", "json"]]
    {
        let text = db.out(args);
        for secret in ["argon2", "pin", "908172", "918273"] {
            assert!(!text.to_lowercase().contains(secret), "{args:?} shows {secret}: {text}");
        }
    }
}

#[test]
fn invoice_items_in_cents_and_euros() {
    let db = with_two_orders();
    let json: serde_json::Value = serde_json::from_str(&db.out(&["invoice-items", "--format", "json"])).unwrap();
    let items = json.as_array().unwrap();
    assert!(items.len() >= 6, "{json}");
    let voice = items.iter().find(|i| i["product"] == "business").unwrap();
    assert_eq!(voice["amount_cents"], 990);
    assert_eq!(voice["charge"], "monthly");
    let csv = db.out(&["invoice-items", "--format", "csv"]);
    assert!(csv.contains(",990,monthly,"), "{csv}");
    let table = db.out(&["invoice-items"]);
    assert!(table.contains("9,90 €"), "{table}");
    let k2 = db.data.customers[2].number.clone();
    let only = db.out(&["invoice-items", "--format", "csv", "--customer", &k2]);
    assert!(only.lines().skip(1).all(|l| l.contains(&k2)), "{only}");
}

#[test]
fn export_usage_errors() {
    let db = with_two_orders();
    assert_eq!(db.run(&["orders", "--state", "lost"]).status.code(), Some(2));
    assert_eq!(db.run(&["orders", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(db.run(&["invoice-items", "--since", "yesterday"]).status.code(), Some(2));
}

/// An unknown `--customer` is the same error on every command that takes it: the same
/// words, exit code 3 — not an empty export that looks like "no orders".
#[test]
fn an_unknown_customer_is_the_same_error_everywhere() {
    let db = with_two_orders();
    let answers = db.dir.path().join("a.toml");
    std::fs::write(&answers, "term = \"m24\"\n").unwrap();
    let a = answers.to_str().unwrap();
    let commands: [&[&str]; 6] = [
        &["orders"],
        &["orders", "--format", "json"],
        &["invoice-items", "--format", "csv"],
        &["sim", "link", "--sim", "1234"],
        &["order", "--answers", a, "--dry-run"],
        &["order", "--answers", a, "--json"],
    ];
    for lang in ["de", "en"] {
        let expected = if lang == "de" {
            "comuniq-order: Kein Kunde mit der Nummer \"K-999999\"\n"
        } else {
            "comuniq-order: No customer with number \"K-999999\"\n"
        };
        for args in commands {
            let out = Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
                .args(["--db", &db::db_arg(&db.path), "--lang", lang, "--customer", "K-999999"])
                .args(args)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(3), "{args:?}");
            assert_eq!(String::from_utf8_lossy(&out.stderr), expected, "{args:?}");
            assert!(out.stdout.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
        }
    }
    // A known one in another case is the same customer.
    let k1 = db.data.customers[1].number.to_lowercase();
    assert_eq!(db.out(&["orders", "--format", "csv", "--customer", &k1]).lines().count(), 2);
}

/// `--operator` is stored with every order: a control character in it is refused by the
/// text rule before anything is written.
#[test]
fn an_operator_with_control_characters_is_refused() {
    let db = with_two_orders();
    let out = db.run(&["--operator", "eve\u{1b}]0;x\u{7}", "sim", "link", "CO-2026-000001", "--sim", "1234"]);
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(e.contains("--operator \"eve\\u{1b}]0;x\\u{7}\": Enthält nicht druckbare Zeichen"), "{e}");
}

/// Cancels the n-th order (1-based) through the store, as the overview does.
fn cancel(db: &Db, order: i64, reason: CancelReason) {
    let mut store = db::open(&db.path);
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap().and_hms_opt(8, 0, 0).unwrap();
    store.act(order, &ActionRequest::Cancel(reason), "tester", now).unwrap();
}

#[test]
fn a_cancelled_order_shows_its_state_and_reason_in_every_format() {
    let db = with_two_orders();
    // The first order never became active: its items are gone; the second still bills.
    cancel(&db, 1, CancelReason::WrongData);
    let json: serde_json::Value = serde_json::from_str(&db.out(&["orders", "--format", "json"])).unwrap();
    assert_eq!(json[0]["state"], "cancelled");
    assert_eq!(json[0]["cancel_reason"], "wrong_data");
    assert_eq!(
        (&json[0]["waits_for_sim"], &json[0]["waits_for_port"]),
        (&false.into(), &false.into()),
        "waits no more"
    );
    assert_eq!(json[1]["state"], "pending");
    assert_eq!(json[1]["cancel_reason"], serde_json::Value::Null);
    let csv = db.out(&["orders", "--format", "csv"]);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let first: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name}: {csv}"));
    assert_eq!((first[col("state")], first[col("cancel_reason")]), ("cancelled", "wrong_data"), "{csv}");
    let de = db.out(&["orders"]);
    assert!(de.contains("storniert") && de.contains("Falsche Angaben") && !de.contains("cancelled"), "{de}");
    let en = db.out(&["orders", "--lang", "en"]);
    assert!(en.contains("cancelled") && en.contains("wrong details"), "{en}");

    let items: serde_json::Value = serde_json::from_str(&db.out(&["invoice-items", "--format", "json"])).unwrap();
    let items = items.as_array().unwrap();
    let first_no = json[0]["order_no"].as_str().unwrap();
    assert!(items.iter().all(|i| i["order_no"] != first_no), "never active: its items are dropped");
    assert!(items.iter().all(|i| i["state"] == "pending" && i["end_date"].is_null()), "{items:?}");
    let table = db.out(&["invoice-items"]);
    assert!(table.lines().next().unwrap().contains("Status"), "{table}");
    assert!(table.contains("wartend") && table.contains("monatlich"), "{table}");
}

#[test]
fn the_items_of_a_cancelled_active_order_say_until_when_they_were_billed() {
    let db = with_two_orders();
    // The porting completes and the SIM is linked: the order is active, then cancelled.
    {
        let mut store = db::open(&db.path);
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap().and_hms_opt(12, 0, 0).unwrap();
        store.act(2, &ActionRequest::PortingDone, "tester", now).unwrap();
        let sim = store.newest_free_sims(1).unwrap().remove(0);
        store.act(2, &ActionRequest::LinkSim(sim.id), "tester", now).unwrap();
    }
    cancel(&db, 2, CancelReason::CustomerRequest);
    let k2 = db.data.customers[2].number.clone();
    let csv = db.out(&["invoice-items", "--format", "csv", "--customer", &k2]);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name}: {csv}"));
    let rows: Vec<Vec<&str>> = csv.lines().skip(1).map(|l| l.split(',').collect()).collect();
    assert!(rows.len() >= 3, "{csv}");
    for r in &rows {
        assert_eq!(r[col("state")], "cancelled", "{csv}");
        let end = if r[col("charge")] == "monthly" { "2026-11-27" } else { "" };
        assert_eq!(r[col("end_date")], end, "monthly items end on the cancel day, one-time ones stay: {csv}");
    }
    let table = db.out(&["invoice-items", "--customer", &k2, "--lang", "en"]);
    assert!(table.lines().next().unwrap().contains("end"), "{table}");
    assert!(table.contains("cancelled") && table.contains("2026-11-27") && table.contains("monthly"), "{table}");
    let de = db.out(&["invoice-items", "--customer", &k2]);
    assert!(de.contains("storniert") && de.contains("Ende") && !de.contains("cancelled"), "{de}");
}

/// The cost centre is a column of `orders --format csv` (right after the reference) and a
/// key of the JSON, empty for an order without one.
#[test]
fn the_cost_centre_is_exported_as_csv_and_json() {
    let db = with_two_orders();
    // A third order gets one, placed from an answers file with `cost_centre`.
    db.place_with(3, "908172", "cost_centre = \"KST 4711, Nord\"\n");

    let csv = db.out(&["orders", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name}: {csv}"));
    assert_eq!(at("cost_centre"), at("reference") + 1, "{csv}");
    let values: Vec<String> = reader.records().map(|r| r.unwrap()[at("cost_centre")].to_string()).collect();
    assert_eq!(values, ["", "", "KST 4711, Nord"], "{csv}");

    let json: serde_json::Value = serde_json::from_str(&db.out(&["orders", "--format", "json"])).unwrap();
    let values: Vec<&serde_json::Value> = json.as_array().unwrap().iter().map(|o| &o["cost_centre"]).collect();
    assert_eq!(values, [&serde_json::json!(""), &serde_json::json!(""), &serde_json::json!("KST 4711, Nord")]);
}
