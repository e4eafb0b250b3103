//! Reads a placed order back from the database, every column of every row it wrote: the
//! order, its user, extension, number, SIM, add-ons, invoice items and first state.
//!
//! Each row is read with `SELECT *` and compared column by column, by name, with what the
//! order should be. A column the expectation does not name fails the test, so a new
//! column must be covered here before the end-to-end tests pass again.

use super::clock;
use comuniq_order::domain::Catalog;
use comuniq_order::domain::field::{Field, OrderTexts};
use comuniq_order::domain::order::{NewUser, PlacedOrder};
use comuniq_order::domain::search::{self, Searchable};
use rusqlite::types::Value;
use std::collections::BTreeMap;

/// What one column should hold.
#[derive(Debug, Clone)]
pub enum Want {
    Text(String),
    Int(i64),
    Null,
    /// A row id the engine chose: any positive integer.
    RowId,
    /// An Argon2id hash of this PIN (salted, so only checkable by verifying).
    PinHash(&'static str),
}

fn text(s: impl Into<String>) -> Want {
    Want::Text(s.into())
}

fn opt(s: Option<&str>) -> Want {
    s.map_or(Want::Null, text)
}

fn flag(b: bool) -> Want {
    Want::Int(i64::from(b))
}

/// A ported number: the donor and the date (none: immediately).
#[derive(Debug, Clone)]
pub struct Porting {
    pub donor: &'static str,
    pub date: Option<String>,
}

/// What a placed order should be, in the operator's terms. The derived columns (SIM
/// option, number type, state, what it waits for, PIN 0000) follow from these.
#[derive(Debug, Clone)]
pub struct ExpectedOrder {
    pub customer: String,
    pub portfolio: &'static str,
    /// The order texts (the reference...), each in its own column.
    pub texts: OrderTexts,
    pub start_date: String,
    pub term: &'static str,
    pub term_months: i64,
    pub voice: &'static str,
    pub data: &'static str,
    pub sms: &'static str,
    pub addons: Vec<&'static str>,
    /// The user as he should be stored.
    pub user: NewUser,
    /// The linked SIM's ICCID; none for "SIM later".
    pub sim: Option<String>,
    pub e164: String,
    pub porting: Option<Porting>,
    pub extension: String,
    /// The user's own extension carries the line (an existing user who had one), rather than
    /// a new one made for the order.
    pub extension_attached: bool,
    pub display_name: String,
    pub area_code: String,
    pub pin: &'static str,
    pub auto_invoice: bool,
    /// The invoice items, in order: product, amount in cents, charge. Empty without
    /// automatic invoicing.
    pub items: Vec<(&'static str, i64, &'static str)>,
}

/// Every row of a query, as column name → value.
fn rows(conn: &super::db::Conn, sql: &str, id: i64) -> Vec<BTreeMap<String, Value>> {
    let mut stmt = conn.prepare(sql).unwrap();
    let names: Vec<String> = stmt.column_names().collect();
    stmt.query_map([id], |r| {
        let mut row = BTreeMap::new();
        for (i, name) in names.iter().enumerate() {
            row.insert(name.clone(), r.get::<_, Value>(i)?);
        }
        Ok(row)
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// Compares one row with what it should hold, every column by name.
fn compare(what: &str, row: &BTreeMap<String, Value>, want: &[(&str, Want)]) -> Vec<String> {
    let mut problems = Vec::new();
    for name in row.keys() {
        if !want.iter().any(|(n, _)| n == name) {
            problems.push(format!("{what}.{name} is not covered by the read-back (value {:?})", row[name]));
        }
    }
    for (name, w) in want {
        let Some(got) = row.get(*name) else {
            problems.push(format!("{what}.{name} is expected but not in the table"));
            continue;
        };
        let ok = match (w, got) {
            (Want::Text(t), Value::Text(g)) => t == g,
            (Want::Int(i), Value::Integer(g)) => i == g,
            (Want::Null, Value::Null) => true,
            (Want::RowId, Value::Integer(g)) => *g > 0,
            (Want::PinHash(pin), Value::Text(g)) => {
                g.starts_with("$argon2id$") && !g.contains(pin) && comuniq_order::driver::pin_hash::verify(pin, g)
            }
            _ => false,
        };
        if !ok {
            problems.push(format!("{what}.{name}: expected {w:?}, stored {got:?}"));
        }
    }
    problems
}

/// Compares all rows of a query with the wanted rows, in order.
fn compare_rows(conn: &super::db::Conn, what: &str, sql: &str, id: i64, want: &[Vec<(&str, Want)>]) -> Vec<String> {
    let got = rows(conn, sql, id);
    if got.len() != want.len() {
        return vec![format!("{what}: {} rows stored, {} expected: {got:?}", got.len(), want.len())];
    }
    got.iter().zip(want).enumerate().flat_map(|(i, (g, w))| compare(&format!("{what}[{i}]"), g, w)).collect()
}

/// Reads back every row the order wrote and panics with every difference.
pub fn assert_stored(conn: &super::db::Conn, placed: &PlacedOrder, e: &ExpectedOrder) {
    let catalog = Catalog::builtin().unwrap();
    let id = placed.id;
    let (customer_id, customer_name): (i64, String) = conn
        .query_row("SELECT id, name FROM customers WHERE number = ?1", [&e.customer], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    let user_id: i64 = conn
        .query_row(
            "SELECT id FROM users WHERE customer_id = ?1 AND username = ?2",
            (customer_id, &e.user.username),
            |r| r.get(0),
        )
        .unwrap_or_else(|_| panic!("no user {} for {}", e.user.username, e.customer));
    let at = clock().format("%Y-%m-%d %H:%M:%S").to_string();
    let waits_for_sim = e.sim.is_none();
    let waits_for_port = e.porting.is_some();
    let pending = waits_for_sim || waits_for_port;
    let state = if pending { "pending" } else { "active" };
    let key = search::search_key(&Searchable {
        order_no: &placed.order_no,
        customer_name: &customer_name,
        customer_number: &e.customer,
        username: &e.user.username,
        user_name: &format!("{} {}", e.user.first_name, e.user.last_name),
        display_name: &e.display_name,
        reference: e.texts.get(Field::Reference),
        e164: &e.e164,
        iccid: e.sim.as_deref(),
        extension: &e.extension,
    });
    let mut order = vec![
        ("id", Want::Int(id)),
        ("order_no", text(&placed.order_no)),
        ("created_at", text(&at)),
        ("operator", text("tester")),
        ("customer_id", Want::Int(customer_id)),
        ("portfolio", text(e.portfolio)),
        ("start_date", text(&e.start_date)),
        ("term", text(e.term)),
        ("term_months", Want::Int(e.term_months)),
        ("voice", text(e.voice)),
        ("data", text(e.data)),
        ("sms", text(e.sms)),
        ("user_id", Want::Int(user_id)),
        ("sim_option", text(if e.sim.is_some() { "sim-now" } else { "sim-later" })),
        ("iccid", opt(e.sim.as_deref())),
        ("number_type", text(if e.porting.is_some() { "port" } else { "new" })),
        ("e164", text(&e.e164)),
        ("donor", opt(e.porting.as_ref().map(|p| p.donor))),
        ("port_date", opt(e.porting.as_ref().and_then(|p| p.date.as_deref()))),
        ("extension", text(&e.extension)),
        ("display_name", text(&e.display_name)),
        ("area_code", text(&e.area_code)),
        ("pin_hash", Want::PinHash(e.pin)),
        ("pin_must_change", flag(e.pin == "0000")),
        ("auto_invoice", flag(e.auto_invoice)),
        ("state", text(state)),
        ("waits_for_sim", flag(waits_for_sim)),
        ("waits_for_port", flag(waits_for_port)),
        ("search", text(key)),
    ];
    // Each order text (the reference...) in the column named by its key.
    order.extend(e.texts.iter().map(|(f, v)| (f.key(), text(v))));
    let mut problems = compare_rows(conn, "orders", "SELECT * FROM orders WHERE id = ?1", id, &[order]);
    let u = &e.user;
    let user = vec![
        ("id", Want::Int(user_id)),
        ("customer_id", Want::Int(customer_id)),
        ("username", text(&u.username)),
        ("first_name", text(&u.first_name)),
        ("prefix", text(&u.prefix)),
        ("last_name", text(&u.last_name)),
        ("email", text(&u.email)),
        ("language", text(&u.language)),
        ("mobile_order_id", Want::Int(id)),
        // What the users list finds him by (its matching: tests/customer_lists.rs).
        ("words", text(comuniq_order::domain::lookup::user_words(&u.first_name, &u.last_name, &u.username))),
    ];
    problems.extend(compare_rows(conn, "users", "SELECT * FROM users WHERE mobile_order_id = ?1", id, &[user]));
    let extension = vec![
        ("id", Want::RowId),
        ("customer_id", Want::Int(customer_id)),
        ("number", text(&e.extension)),
        ("name", text(&e.display_name)),
        ("user_id", Want::Int(user_id)),
        ("order_id", Want::Int(id)),
        ("attached", Want::Int(i64::from(e.extension_attached))),
    ];
    problems.extend(compare_rows(conn, "extensions", "SELECT * FROM extensions WHERE order_id = ?1", id, &[extension]));
    let number = vec![
        ("id", Want::RowId),
        ("customer_id", Want::Int(customer_id)),
        ("e164", text(&e.e164)),
        ("source", text(if e.porting.is_some() { "port" } else { "pool" })),
        ("order_id", Want::Int(id)),
    ];
    problems.extend(compare_rows(conn, "numbers", "SELECT * FROM numbers WHERE order_id = ?1", id, &[number]));
    let sims: Vec<Vec<(&str, Want)>> = e
        .sim
        .iter()
        .map(|iccid| {
            vec![
                ("id", Want::RowId),
                ("iccid", text(iccid)),
                ("last4", text(&iccid[iccid.len() - 4..])),
                ("state", text("assigned")),
                ("order_id", Want::Int(id)),
            ]
        })
        .collect();
    problems.extend(compare_rows(conn, "sims", "SELECT * FROM sims WHERE order_id = ?1", id, &sims));
    let addons: Vec<Vec<(&str, Want)>> =
        e.addons.iter().map(|a| vec![("order_id", Want::Int(id)), ("addon", text(*a))]).collect();
    problems.extend(compare_rows(
        conn,
        "order_addons",
        "SELECT * FROM order_addons WHERE order_id = ?1 ORDER BY rowid",
        id,
        &addons,
    ));
    let items: Vec<Vec<(&str, Want)>> = e
        .items
        .iter()
        .map(|(product, cents, charge)| {
            vec![
                ("id", Want::RowId),
                ("order_id", Want::Int(id)),
                ("customer_id", Want::Int(customer_id)),
                ("product", text(*product)),
                ("text", text(catalog_name(&catalog, product))),
                ("amount_cents", Want::Int(*cents)),
                ("charge", text(*charge)),
                ("start_date", text(&e.start_date)),
                ("term_months", Want::Int(e.term_months)),
                ("end_date", Want::Null),
            ]
        })
        .collect();
    problems.extend(compare_rows(
        conn,
        "invoice_items",
        "SELECT * FROM invoice_items WHERE order_id = ?1 ORDER BY id",
        id,
        &items,
    ));
    let waits: Vec<&str> = [(waits_for_sim, "sim"), (waits_for_port, "porting")]
        .into_iter()
        .filter_map(|(w, name)| w.then_some(name))
        .collect();
    let first_state = vec![
        ("id", Want::RowId),
        ("order_id", Want::Int(id)),
        ("at", text(&at)),
        ("operator", text("tester")),
        ("from_state", Want::Null),
        ("to_state", text(state)),
        ("reason", text(waits.join(","))),
    ];
    problems.extend(compare_rows(
        conn,
        "order_states",
        "SELECT * FROM order_states WHERE order_id = ?1 ORDER BY id",
        id,
        &[first_state],
    ));
    assert!(problems.is_empty(), "the stored order {} differs:\n{}", placed.order_no, problems.join("\n"));
}

/// The German name of a priced catalog product: the invoice text.
fn catalog_name(c: &Catalog, id: &str) -> String {
    let name = c
        .voice(id)
        .map(|x| &x.name)
        .or(c.data(id).map(|x| &x.name))
        .or(c.sms(id).map(|x| &x.name))
        .or(c.addon(id).map(|x| &x.name))
        .or(c.sim_option(id).map(|x| &x.name))
        .or(c.number_type(id).map(|x| &x.name));
    name.unwrap_or_else(|| panic!("{id} is not a priced product of the catalog")).de.clone()
}
