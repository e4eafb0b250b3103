//! Thousands of random key sequences through the real key handling, with a driver on a real
//! database. Nothing may panic, and after every key: the step shown is reachable (every
//! earlier step is complete), every step marked done really passes its rules, the focus is
//! on the page, and a placed order is complete in the database. Some keys "hang up": the
//! order continues from its draft, as after a restart.
//!
//! And, read against the database rather than the wizard's own state: (a) every answer
//! belongs to the chosen customer (user, number, the customer's lists, a free SIM); (b) each
//! derived field (extension, FMC name, area code) equals what it derives from unless the
//! operator typed it; (c) a page whose answers all pass the rules can be left with
//! *Nächster Schritt*; (d) *Bestätigen* shows the `OrderRequest` that *Bestellen* places;
//! (e) the rows written are exactly that request, column by column.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::Harness;
use common::db::Conn as Connection;
use common::rows::{self, int, text};
use comuniq_order::domain::order::{self, NumberAssignment, OrderRequest, SimAssignment, UserChoice};
use comuniq_order::domain::rules::{date, phone};
use comuniq_order::domain::{Catalog, Field, Step, validate};
use comuniq_order::driver::{Driver, pin_hash};
use comuniq_order::i18n::Lang;
use comuniq_order::tui::{App, Screen};
use comuniq_order::wizard::{Event, MenuEvent, Wizard};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use rusqlite::OptionalExtension;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;

/// How many sequences; `PROPTEST_CASES` overrides (e.g. 20000 for a long run).
const CASES: u32 = 600;

/// Text worth typing: valid and invalid values of the fields.
const TYPED: &[&str] = &[
    "erika.muster",
    "Erika",
    "Mustermann",
    "erika@beispiel.de",
    "not-an-email",
    "01.12.2026",
    "31.02.2026",
    "4711",
    "1234",
    "0000",
    "234",
    "2345",
    "23",
    "030 98765432",
    "PO-4711",
];

#[derive(Debug, Clone)]
enum Key {
    Code(KeyCode),
    Ctrl(char),
    Text(&'static str),
    /// The n-th customer's number, typed.
    Customer(usize),
    /// The last four digits of a SIM only one SIM ends in.
    Sim,
    /// The connection drops and the order continues from its draft.
    HangUpAndResume,
    /// Fills the current page validly, as an operator would (with customer n on step 1; on
    /// step 4 the first existing user for an even n, a new user for an odd one), then
    /// *Nächster Schritt* (on *Bestätigen*: *Bestellen*).
    FillPage(usize),
    /// [`Key::FillPage`] page after page, up to *Bestätigen* (not placing).
    FillToConfirm(usize),
    /// On *Add-ons*: Tab to the n-th add-on offered (modulo their number), then Space.
    ToggleAddon(usize),
}

fn key() -> impl Strategy<Value = Key> {
    prop_oneof![
        6 => Just(Key::Code(KeyCode::Tab)),
        2 => Just(Key::Code(KeyCode::BackTab)),
        6 => Just(Key::Code(KeyCode::Enter)),
        2 => Just(Key::Code(KeyCode::Esc)),
        3 => Just(Key::Code(KeyCode::Down)),
        1 => Just(Key::Code(KeyCode::Up)),
        2 => Just(Key::Code(KeyCode::Char(' '))),
        1 => Just(Key::Code(KeyCode::Backspace)),
        1 => Just(Key::Code(KeyCode::PageDown)),
        1 => Just(Key::Code(KeyCode::F(1))),
        5 => Just(Key::Ctrl('n')),
        2 => (1u8..=9).prop_map(|d| Key::Code(KeyCode::Char(char::from(b'0' + d)))),
        1 => proptest::char::range('a', 'z').prop_map(|c| Key::Code(KeyCode::Char(c))),
        1 => prop_oneof![Just('+'), Just('-')].prop_map(|c| Key::Code(KeyCode::Char(c))),
        3 => proptest::sample::select(TYPED).prop_map(Key::Text),
        2 => (0..common::CUSTOMERS).prop_map(Key::Customer),
        1 => Just(Key::Sim),
        1 => Just(Key::HangUpAndResume),
        8 => (0..common::CUSTOMERS).prop_map(Key::FillPage),
        2 => (0..common::CUSTOMERS).prop_map(Key::FillToConfirm),
        5 => (0..12usize).prop_map(Key::ToggleAddon),
    ]
}

/// Counts for the closing note.
#[derive(Default, Debug)]
struct Tally {
    keys: usize,
    placed: usize,
    resumed: usize,
    deepest: usize,
    /// Keys pressed on *Bestätigen* (the summary checked against the request).
    on_confirm: usize,
    /// Orders a fill key placed on its way, not checked against a request.
    placed_in_passing: usize,
    /// Placed orders for an existing user who kept his extension.
    kept_extension: usize,
    /// Keys after which a derived field was typed by the operator.
    typed: usize,
    /// Sequences run, and at which one the first failure came (before shrinking).
    sequences: usize,
    first_failure: Option<usize>,
}

fn press(h: &mut Harness, key: &Key, resumed: &mut bool) {
    match key {
        Key::Code(code) => h.press(*code),
        Key::Ctrl(c) => h.press_with(KeyCode::Char(*c), KeyModifiers::CONTROL),
        Key::Text(t) => h.type_text(t),
        Key::Customer(n) => {
            let number = h.customer_number(*n);
            h.type_text(&number);
        }
        Key::Sim => {
            let sim = h.unique_sim();
            h.type_text(&sim[sim.len() - 4..]);
        }
        Key::FillPage(n) => fill_page(h, *n),
        Key::ToggleAddon(n) => {
            let Some(w) = wizard(h).filter(|w| w.step() == Step::Addons && !w.fields().is_empty()) else { return };
            let target = w.fields()[n % w.fields().len()];
            goto(h, target);
            h.press(KeyCode::Char(' '));
        }
        Key::FillToConfirm(n) => {
            for _ in 0..Step::ALL.len() {
                match wizard(h).map(|w| w.step()) {
                    Some(Step::Confirm) | None => break,
                    Some(_) => fill_page(h, *n),
                }
            }
        }
        Key::HangUpAndResume => {
            let Some(w) = h.app.wizard() else { return };
            let (id, draft) = (w.draft_id().unwrap_or(0), w.draft());
            let mut runner = Driver::new(&mut h.store, h.catalog.clone(), "tester", common::clock);
            let effects = h.app.on_menu_event(MenuEvent::DraftLoaded(id, Box::new(draft)));
            h.app.settle(effects, &mut runner);
            *resumed = true;
        }
    }
}

/// Keys that fill the current page with valid answers, then *Nächster Schritt*. Each field
/// is reached by Tab (never by counting: the page may open anywhere) and edited the way an
/// operator would: Ctrl+U and the text, Space and Enter in a list.
fn fill_page(h: &mut Harness, n: usize) {
    if *h.app.screen() != Screen::Wizard {
        return;
    }
    // An open list or the help closes with Esc; an Esc beyond that would go a step back.
    for _ in 0..2 {
        if h.app.has_open_list() {
            h.press(KeyCode::Esc);
        }
    }
    let Some(w) = h.app.wizard() else { return };
    let step = w.step();
    let a = w.answers().clone();
    let today = common::today().format("%d.%m.%Y").to_string();
    match step {
        Step::Customer => {
            if goto(h, Field::Customer) {
                let number = h.customer_number(n);
                h.type_text(&number);
                h.press(KeyCode::Enter);
            }
            retype(h, Field::StartDate, &today);
            pick_first_if_empty(h, Field::Term, a.term.is_none());
            pick_first_if_empty(h, Field::Portfolio, a.portfolio.is_none());
        }
        Step::Connection => {
            pick_first_if_empty(h, Field::Voice, a.voice.is_none());
            let w = h.app.wizard();
            let (data, sms) = w.map_or((true, true), |w| (w.answers().data.is_none(), w.answers().sms.is_none()));
            pick_first_if_empty(h, Field::Data, data);
            pick_first_if_empty(h, Field::Sms, sms);
        }
        Step::User if n.is_multiple_of(2) && has_free_user(h) => {
            if a.new_user && goto(h, Field::NewUser) {
                h.press(KeyCode::Char(' '));
            }
            if goto(h, Field::ExistingUser) {
                h.press(KeyCode::Char(' '));
                h.press(KeyCode::Enter);
            }
        }
        Step::User => {
            if !a.new_user && goto(h, Field::NewUser) {
                h.press(KeyCode::Char(' '));
            }
            let user = format!("prop.{}", n * 1000 + keys_so_far());
            retype(h, Field::Username, &user);
            retype(h, Field::FirstName, "Erika");
            retype(h, Field::Prefix, "");
            retype(h, Field::LastName, "Muster");
            retype(h, Field::Email, "erika@beispiel.de");
        }
        Step::Sim => {
            if let Some(sim) = free_unique_sim(h) {
                retype(h, Field::Sim, &sim[sim.len() - 4..]);
            }
        }
        Step::Number => {
            if a.number_type.as_deref() == Some("port") {
                retype(h, Field::PortNumber, "030 98765432");
                pick_first_if_empty(h, Field::Donor, a.donor.is_none());
                retype(h, Field::PortDate, &today);
            } else if goto(h, Field::Number) {
                h.press(KeyCode::Char(' '));
                h.press(KeyCode::Enter);
            }
        }
        Step::Fmc => {
            // An extension that passes (an existing user's own, preselected) is kept;
            // anything else is replaced by a free one.
            let w = h.app.wizard();
            if w.is_some_and(|w| w.shown_error(Field::Extension).is_some() || !extension_ok(w)) {
                let free = w
                    .and_then(|w| common::free_extensions(w.customer()?.dial_plan_len, &w.context().extensions).next());
                retype(h, Field::Extension, &free.unwrap_or_default());
            }
            retype(h, Field::AreaCode, &a.area_code.clone().chars().filter(char::is_ascii_digit).collect::<String>());
            if h.app.wizard().is_some_and(|w| validate::check_field(Field::AreaCode, w.answers(), &w.facts()).is_err())
            {
                retype(h, Field::AreaCode, "030");
            }
            retype(h, Field::Pin, "4711");
        }
        Step::Addons | Step::Confirm => {}
    }
    h.ctrl('n');
}

/// Tabs to `field` if the page shows it; whether the focus is there. Real Tab keys, as the
/// random keys around them are, but never a counted number of them: pressed until the
/// field has the focus, so a field added to a page changes nothing here.
fn goto(h: &mut Harness, field: Field) -> bool {
    for _ in 0..24 {
        let Some(w) = h.app.wizard() else { return false };
        if w.focus() == Some(field) {
            return true;
        }
        if !w.fields().contains(&field) {
            return false;
        }
        h.press(KeyCode::Tab);
    }
    false
}

/// Clears a text field with Ctrl+U and types `text` into it.
fn retype(h: &mut Harness, field: Field, text: &str) {
    if goto(h, field) {
        h.ctrl('u');
        h.type_text(text);
    }
}

/// Opens a dropdown with Space and takes its first option, when it has no value.
fn pick_first_if_empty(h: &mut Harness, field: Field, empty: bool) {
    if empty && goto(h, field) {
        h.press(KeyCode::Char(' '));
        h.press(KeyCode::Enter);
    }
}

/// Whether the chosen customer has a user without a mobile line.
fn has_free_user(h: &Harness) -> bool {
    h.app.wizard().is_some_and(|w| !w.options(Field::ExistingUser).is_empty())
}

/// A free SIM whose last four digits no other free SIM shares, from the database.
fn free_unique_sim(h: &Harness) -> Option<String> {
    let db = h.sql();
    let mut stmt = db.prepare("SELECT iccid FROM sims WHERE state = 'free' ORDER BY iccid").ok()?;
    let free: Vec<String> = stmt.query_map([], |r| r.get(0)).ok()?.filter_map(Result::ok).collect();
    let last4 = |s: &String| s[s.len() - 4..].to_string();
    free.iter().find(|s| free.iter().filter(|o| last4(o) == last4(s)).count() == 1).cloned()
}

/// Whether the extension on the FMC page passes its rule.
fn extension_ok(w: &Wizard) -> bool {
    validate::check_field(Field::Extension, w.answers(), &w.facts()).is_ok()
}

/// A number that differs from call to call (for unique user names).
fn keys_so_far() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// The invariants after a key.
fn check(h: &Harness, resumed: bool) -> Result<(), TestCaseError> {
    let Some(w) = wizard(h) else { return Ok(()) };
    let facts = w.facts();
    for step in Step::ALL.into_iter().filter(|s| *s < w.step()) {
        // A resumed draft asks for its PIN again; that is the only gap allowed behind.
        let errors: Vec<_> = w.step_errors(step).into_iter().filter(|(f, _)| !(resumed && *f == Field::Pin)).collect();
        prop_assert!(errors.is_empty(), "on {:?}, but {step:?} has errors {errors:?}", w.step());
    }
    for step in Step::ALL.into_iter().filter(|s| w.is_complete(*s)) {
        for field in validate::visible_fields(step, w.answers(), w.catalog()) {
            let result = validate::check_field(field, w.answers(), &facts);
            prop_assert!(result.is_ok(), "{step:?} is marked done but {field:?}: {result:?}");
        }
    }
    if let Some(focus) = w.focus() {
        prop_assert!(w.fields().contains(&focus), "focus {focus:?} is not on {:?}", w.step());
    }
    Ok(())
}

/// The wizard, while its screen is shown.
fn wizard(h: &Harness) -> Option<&Wizard> {
    h.app.wizard().filter(|_| *h.app.screen() == Screen::Wizard)
}

/// One value of a query, if it has a row.
fn one<T: rusqlite::types::FromSql>(db: &Connection, sql: &str, id: i64) -> Option<T> {
    db.query_row(sql, [id], |r| r.get(0)).optional().unwrap()
}

/// (a) Every answer belongs to the chosen customer, by the database.
fn check_ownership(w: &Wizard, db: &Connection) -> Result<(), TestCaseError> {
    let a = w.answers();
    let owner = |table: &str, id: i64| one::<i64>(db, &format!("SELECT customer_id FROM {table} WHERE id = ?1"), id);
    let Some(customer) = a.customer else {
        prop_assert!(a.existing_user.is_none() && a.number.is_none(), "no customer, but {a:?}");
        return Ok(());
    };
    if let Some(user) = a.existing_user {
        prop_assert_eq!(owner("users", user), Some(customer), "user {} of another customer", user);
    }
    if let Some(number) = a.number {
        prop_assert_eq!(owner("numbers", number), Some(customer), "number {} of another customer", number);
    }
    for user in &w.context().users {
        prop_assert_eq!(owner("users", user.id), Some(customer), "offered user {:?}", user);
    }
    for number in &w.context().free_numbers {
        prop_assert_eq!(owner("numbers", number.id), Some(customer), "offered number {:?}", number);
    }
    if let Some(sim) = a.sim {
        let state = one::<String>(db, "SELECT state FROM sims WHERE id = ?1", sim);
        prop_assert_eq!(state.as_deref(), Some("free"), "SIM {} is not free", sim);
    }
    Ok(())
}

/// What each derived field derives from, read from the database: (extension, FMC name,
/// area code).
fn derived_sources(a: &comuniq_order::domain::Answers, db: &Connection) -> [String; 3] {
    let user = a.existing_user.filter(|_| !a.new_user);
    let area = a.customer.and_then(|c| one(db, "SELECT area_code FROM customers WHERE id = ?1", c));
    let name = match user {
        _ if a.new_user => Some(format!("{} {}", a.first_name.trim(), a.last_name.trim())),
        Some(u) => one(db, "SELECT first_name || ' ' || last_name FROM users WHERE id = ?1", u),
        None => None,
    };
    let own = user.and_then(|u| {
        one(
            db,
            "SELECT number FROM extensions WHERE user_id = ?1 AND order_id IS NULL
             ORDER BY length(number), number LIMIT 1",
            u,
        )
    });
    [own.unwrap_or_default(), name.unwrap_or_default().trim().to_string(), area.unwrap_or_default()]
}

/// (b) Each derived field the operator did not type equals its source.
fn check_derived(w: &Wizard, db: &Connection) -> Result<(), TestCaseError> {
    let a = w.answers();
    let values = [&a.extension, &a.display_name, &a.area_code];
    for ((field, value), source) in Field::DERIVED.into_iter().zip(values).zip(derived_sources(a, db)) {
        if !w.typed().contains(&field) {
            prop_assert_eq!(value, &source, "{:?} was not typed: it must follow its source", field);
        }
    }
    Ok(())
}

/// (c) A page whose answers all pass the rules can be left with *Nächster Schritt*; on
/// *Bestätigen* that builds the order. Returns the order *Bestellen* would place.
fn check_next(w: &Wizard) -> Result<Option<OrderRequest>, TestCaseError> {
    let step = w.step();
    let facts = w.facts();
    if !validate::step_errors(step, w.answers(), &facts).is_empty() {
        return Ok(None);
    }
    if step != Step::Confirm {
        let mut next = w.clone();
        next.handle(Event::Next);
        prop_assert_ne!(next.step(), step, "every answer on {:?} is valid, but Ctrl+N stays", step);
        return Ok(None);
    }
    if !validate::all_errors(w.answers(), &facts).is_empty() {
        return Ok(None);
    }
    match order::resolve(w.answers(), &facts) {
        Ok(req) => Ok(Some(req)),
        Err(errors) => Err(TestCaseError::fail(format!("valid answers, but no order: {errors:?}"))),
    }
}

/// (d) *Bestätigen* shows each answer of the order that *Bestellen* places.
fn check_summary(h: &Harness, req: &OrderRequest, db: &Connection) -> Result<(), TestCaseError> {
    let screen = common::screen_text(&h.screen_sized(200, 60));
    if !screen.contains("1 Kundendaten") {
        return Ok(()); // scrolled (PageDown): the start is not on the screen
    }
    let catalog = &h.catalog;
    let customer: (String, String, String) = db
        .query_row("SELECT name, number, area_code FROM customers WHERE id = ?1", [req.customer_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    let mut shown = vec![
        format!("{} ({})", customer.0, customer.1),
        format!("{} · ", date::german(req.start_date)),
        catalog.voice(&req.voice).map(|v| v.name.de.clone()).unwrap_or_default(),
        catalog.data(&req.data).map(|v| v.name.de.clone()).unwrap_or_default(),
        catalog.sms(&req.sms).map(|v| v.name.de.clone()).unwrap_or_default(),
        format!("{} · {}", req.extension, req.display_name),
        format!("Vorwahl {} ·", req.area_code),
        format!("{} Rechnungspositionen", if req.auto_invoice { "[x]" } else { "[ ]" }),
    ];
    shown.extend(req.addons.iter().filter_map(|id| catalog.addon(id)).map(|x| x.name.de.clone()));
    // The order texts (the reference...) that have a value, each as "label value".
    for (f, v) in req.texts.iter().filter(|(_, v)| !v.is_empty()) {
        shown.push(format!("{} {v}", (Lang::De.texts().field_label)(f)));
    }
    shown.push(match &req.user {
        UserChoice::Existing(id) => db
            .query_row(
                "SELECT first_name || ' ' || last_name || ' (' || username || ')' FROM users WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap(),
        UserChoice::New(u) => format!("{} {} ({})", u.first_name, u.last_name, u.username),
    });
    shown.push(match &req.sim {
        SimAssignment::Now { iccid, .. } => iccid.clone(),
        SimAssignment::Later => catalog.sim_option(&req.sim_option).map(|s| s.name.de.clone()).unwrap_or_default(),
    });
    shown.push(phone::readable(req.number.e164(), Some(&customer.2)));
    for item in shown {
        prop_assert!(screen.contains(&item), "Bestätigen does not show {:?}:\n{}", item, screen);
    }
    Ok(())
}

/// A row as column name → value, from (column, value) pairs.
fn columns<const N: usize>(pairs: [(&str, rusqlite::types::Value); N]) -> BTreeMap<String, rusqlite::types::Value> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// What *Bestellen* is about to place, with what the database held before.
struct Expected {
    req: OrderRequest,
    pin: String,
    /// The existing user's row before the order.
    user_before: Option<std::collections::BTreeMap<String, rusqlite::types::Value>>,
    /// The extension row of that number before the order (the user's own, to be kept), and
    /// its name, which the line does not change.
    extension_before: Option<(i64, String)>,
    extensions_before: usize,
    /// The existing user's own extension before the order: the line must go on it.
    own_before: Option<String>,
}

impl Expected {
    fn new(req: OrderRequest, pin: &str, db: &Connection) -> Self {
        let user_before = match req.user {
            UserChoice::Existing(id) => Some(rows::row(db, "users", id)),
            UserChoice::New(_) => None,
        };
        let extension_before = db
            .query_row(
                "SELECT id, name FROM extensions WHERE customer_id = ?1 AND number = ?2",
                rusqlite::params![req.customer_id, req.extension],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .unwrap();
        let extensions_before = extension_count(db, req.customer_id);
        let own_before = match req.user {
            UserChoice::Existing(id) => one(
                db,
                "SELECT number FROM extensions WHERE user_id = ?1 AND order_id IS NULL
                 ORDER BY length(number), number LIMIT 1",
                id,
            ),
            UserChoice::New(_) => None,
        };
        Expected { req, pin: pin.to_string(), user_before, extension_before, extensions_before, own_before }
    }
}

/// The overview's search text the order should carry, from the customer and user as stored.
fn search_key_of(db: &Connection, id: i64, order_no: &str, req: &OrderRequest, iccid: Option<&str>) -> String {
    let (name, number): (String, String) = db
        .query_row("SELECT name, number FROM customers WHERE id = ?1", [req.customer_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap_or_default();
    let (username, user_name): (String, String) = db
        .query_row(
            "SELECT u.username, u.first_name || ' ' || u.last_name FROM users u JOIN orders o ON o.user_id = u.id WHERE o.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or_default();
    comuniq_order::domain::search::search_key(&comuniq_order::domain::search::Searchable {
        order_no,
        customer_name: &name,
        customer_number: &number,
        username: &username,
        user_name: &user_name,
        display_name: &req.display_name,
        reference: req.texts.get(Field::Reference),
        e164: req.number.e164(),
        iccid,
        extension: &req.extension,
    })
}

fn extension_count(db: &Connection, customer: i64) -> usize {
    one::<i64>(db, "SELECT COUNT(*) FROM extensions WHERE customer_id = ?1", customer).unwrap_or(0) as usize
}

/// (e) The rows of the placed order are exactly the request, every column.
fn check_stored(db: &Connection, id: i64, order_no: &str, e: &Expected) -> Result<bool, TestCaseError> {
    use rusqlite::types::Value::{Integer as I, Null, Text as T};
    let req = &e.req;
    let t = |s: &str| T(s.to_string());
    let opt = |s: Option<String>| s.map_or(Null, T);
    let order = rows::row(db, "orders", id);
    let hash = text(&order, "pin_hash");
    prop_assert!(pin_hash::verify(&e.pin, &hash), "the stored hash is not the PIN's");
    let user_id = int(&order, "user_id").unwrap_or(-1);
    let (iccid, sim_id) = match &req.sim {
        SimAssignment::Now { id, iccid } => (Some(iccid.clone()), Some(*id)),
        SimAssignment::Later => (None, None),
    };
    let (donor, port_date, pool) = match &req.number {
        NumberAssignment::Port { donor, date, .. } => (Some(donor.clone()), date.map(|d| d.to_string()), None),
        NumberAssignment::New { id, .. } => (None, None, Some(*id)),
    };
    let pending = req.pending_reasons();
    let state = if pending.is_empty() { "active" } else { "pending" };
    let b = |x: bool| I(i64::from(x));
    let mut expected_order = columns([
        ("id", I(id)),
        ("order_no", t(order_no)),
        ("created_at", t("2026-11-26 09:30:00")),
        ("operator", t("tester")),
        ("customer_id", I(req.customer_id)),
        ("portfolio", t(&req.portfolio)),
        ("start_date", t(&req.start_date.to_string())),
        ("term", t(&req.term)),
        ("term_months", I(i64::from(req.term_months))),
        ("voice", t(&req.voice)),
        ("data", t(&req.data)),
        ("sms", t(&req.sms)),
        ("user_id", I(user_id)),
        ("sim_option", t(&req.sim_option)),
        ("iccid", opt(iccid.clone())),
        ("number_type", t(&req.number_type)),
        ("e164", t(req.number.e164())),
        ("donor", opt(donor)),
        ("port_date", opt(port_date)),
        ("extension", t(&req.extension)),
        ("display_name", t(&req.display_name)),
        ("area_code", t(&req.area_code)),
        ("pin_hash", t(&hash)),
        ("pin_must_change", b(req.pin_must_change)),
        ("auto_invoice", b(req.auto_invoice)),
        ("state", t(state)),
        ("waits_for_sim", b(req.sim == SimAssignment::Later)),
        ("waits_for_port", b(matches!(req.number, NumberAssignment::Port { .. }))),
        ("search", t(&search_key_of(db, id, order_no, req, iccid.as_deref()))),
    ]);
    // Each order text (the reference...) in its own column.
    expected_order.extend(req.texts.iter().map(|(f, v)| (f.key().to_string(), t(v))));
    prop_assert_eq!(&order, &expected_order, "the order row");
    // The user: the new one as entered, or the existing one unchanged but for the line.
    let user = rows::row(db, "users", user_id);
    let mut expected_user = match (&req.user, &e.user_before) {
        (UserChoice::Existing(id), Some(before)) => {
            prop_assert_eq!(user_id, *id);
            before.clone()
        }
        (UserChoice::New(u), _) => columns([
            ("id", I(user_id)),
            ("customer_id", I(req.customer_id)),
            ("username", t(&u.username)),
            ("first_name", t(&u.first_name)),
            ("prefix", t(&u.prefix)),
            ("last_name", t(&u.last_name)),
            ("email", t(&u.email)),
            ("language", t(&u.language)),
            ("words", t(&comuniq_order::domain::lookup::user_words(&u.first_name, &u.last_name, &u.username))),
        ]),
        (UserChoice::Existing(_), None) => return Err(TestCaseError::fail("no user row before")),
    };
    expected_user.insert("mobile_order_id".into(), I(id));
    prop_assert_eq!(&user, &expected_user, "the user row");
    // The extension: his own kept (same row, the line on it), or exactly one new row.
    if let Some(own) = &e.own_before {
        prop_assert_eq!(&req.extension, own, "the user's own extension gets the line, no second one");
    }
    let ext = rows::rows(db, &format!("SELECT * FROM extensions WHERE order_id = {id}"));
    prop_assert_eq!(ext.len(), 1, "one extension carries the line");
    let kept = e.extension_before.is_some();
    let ext_id = e.extension_before.as_ref().map_or_else(|| int(&ext[0], "id").unwrap_or(-1), |(id, _)| *id);
    // A kept extension keeps its name: a name typed for the order does not rename it.
    let ext_name = e.extension_before.as_ref().map_or(req.display_name.as_str(), |(_, name)| name.as_str());
    let expected_ext = columns([
        ("id", I(ext_id)),
        ("customer_id", I(req.customer_id)),
        ("number", t(&req.extension)),
        ("name", t(ext_name)),
        ("user_id", I(user_id)),
        ("order_id", I(id)),
        ("attached", b(kept)),
    ]);
    prop_assert_eq!(&ext[0], &expected_ext, "the extension row");
    let grown = extension_count(db, req.customer_id) - e.extensions_before;
    prop_assert_eq!(grown, usize::from(!kept), "extensions added");
    // The number: the pool's, or the ported one recorded.
    let numbers = rows::rows(db, &format!("SELECT * FROM numbers WHERE order_id = {id}"));
    prop_assert_eq!(numbers.len(), 1);
    let number_id = pool.unwrap_or_else(|| int(&numbers[0], "id").unwrap_or(-1));
    let source = if pool.is_some() { "pool" } else { "port" };
    let expected_number = columns([
        ("id", I(number_id)),
        ("customer_id", I(req.customer_id)),
        ("e164", t(req.number.e164())),
        ("source", t(source)),
        ("order_id", I(id)),
    ]);
    prop_assert_eq!(&numbers[0], &expected_number, "the number row");
    // The SIM: assigned to the order, or none until it is linked.
    let sims = rows::rows(db, &format!("SELECT * FROM sims WHERE order_id = {id}"));
    match (sim_id, iccid) {
        (Some(sim), Some(iccid)) => {
            let expected_sim = columns([
                ("id", I(sim)),
                ("iccid", t(&iccid)),
                ("last4", t(&iccid[iccid.len() - 4..])),
                ("state", t("assigned")),
                ("order_id", I(id)),
            ]);
            prop_assert_eq!(sims, vec![expected_sim], "the SIM row");
        }
        _ => prop_assert!(sims.is_empty(), "no SIM yet: {:?}", sims),
    }
    // Add-ons, invoice items and the first state.
    let addons: Vec<String> =
        rows::rows(db, &format!("SELECT addon FROM order_addons WHERE order_id = {id} ORDER BY addon"))
            .iter()
            .map(|r| text(r, "addon"))
            .collect();
    let mut wanted = req.addons.clone();
    wanted.sort();
    prop_assert_eq!(addons, wanted, "the add-ons");
    let items: Vec<(String, String, i64, String, String, i64, i64)> =
        rows::rows(db, &format!("SELECT * FROM invoice_items WHERE order_id = {id} ORDER BY id"))
            .iter()
            .map(|r| {
                (
                    text(r, "product"),
                    text(r, "text"),
                    int(r, "amount_cents").unwrap_or(0),
                    text(r, "charge"),
                    text(r, "start_date"),
                    int(r, "term_months").unwrap_or(0),
                    int(r, "customer_id").unwrap_or(0),
                )
            })
            .collect();
    let lines: Vec<_> = if req.auto_invoice {
        req.invoice_lines
            .iter()
            .map(|l| {
                (
                    l.product.clone(),
                    l.text.clone(),
                    l.amount_cents,
                    l.charge.as_str().to_string(),
                    l.start_date.to_string(),
                    i64::from(l.term_months),
                    req.customer_id,
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    prop_assert_eq!(items, lines, "the invoice items");
    let states =
        rows::rows(db, &format!("SELECT to_state, from_state, operator FROM order_states WHERE order_id = {id}"));
    prop_assert_eq!(states.len(), 1);
    prop_assert_eq!(text(&states[0], "to_state"), state);
    Ok(kept)
}

#[test]
fn random_key_sequences_never_panic_and_keep_the_invariants() {
    let harness = RefCell::new(Harness::new(Lang::De));
    let catalog = Arc::new(Catalog::builtin().unwrap());
    let tally = RefCell::new(Tally::default());
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(CASES);
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let result = runner.run(&proptest::collection::vec(key(), 1..40), |keys| {
        let mut h = harness.borrow_mut();
        h.app = App::new(catalog.clone(), common::today(), Lang::De);
        let db = h.sql();
        // Each sequence starts afresh: a draft left by an earlier one would resume with a
        // number or SIM that a later order took meanwhile, which no key of this one did.
        db.execute("DELETE FROM drafts", []).unwrap();
        tally.borrow_mut().sequences += 1;
        let result = run_sequence(&mut h, &db, &keys, &mut tally.borrow_mut());
        let mut t = tally.borrow_mut();
        if result.is_err() && t.first_failure.is_none() {
            t.first_failure = Some(t.sequences);
        }
        result
    });
    eprintln!("property: {cases} sequences, {:?}", tally.borrow());
    result.unwrap();
}

/// One sequence of keys, with the invariants checked after each.
fn run_sequence(h: &mut Harness, db: &Connection, keys: &[Key], t: &mut Tally) -> Result<(), TestCaseError> {
    let mut resumed = false;
    // What Bestellen would place from the state before the key.
    let mut expected: Option<Expected> = None;
    // The placed screen stays until a key leaves it: each order is checked once.
    let mut last_placed = None;
    for key in keys {
        // (f) Only *Bestellen* places an order: Ctrl+N on *Bestätigen*, or Enter on its
        // button (a fill key presses those itself).
        let may_place = wizard(h).is_some_and(|w| {
            w.step() == Step::Confirm
                && (matches!(key, Key::Ctrl('n'))
                    || (matches!(key, Key::Code(KeyCode::Enter)) && w.order_button_focused()))
        }) || matches!(key, Key::FillPage(_) | Key::FillToConfirm(_));
        press(h, key, &mut resumed);
        t.keys += 1;
        t.deepest = t.deepest.max(h.app.wizard().map_or(0, |w| w.step().index() + 1));
        if let Screen::Placed(placed) = h.app.screen().clone()
            && last_placed != Some(placed.id)
        {
            last_placed = Some(placed.id);
            prop_assert!(may_place, "{} placed by {key:?}, which is not Bestellen", placed.order_no);
            let problems = common::audit(db);
            prop_assert!(problems.is_empty(), "{}: {problems:?}", placed.order_no);
            match expected.take() {
                Some(e) => t.kept_extension += usize::from(check_stored(db, placed.id, &placed.order_no, &e)?),
                // A fill key that passed Bestätigen on its way (Enter on its last field is
                // Bestellen there): its state right before Bestellen was never seen.
                None => {
                    let fill = matches!(key, Key::FillPage(_) | Key::FillToConfirm(_));
                    prop_assert!(fill, "{} placed from an invalid state", placed.order_no);
                    t.placed_in_passing += 1;
                }
            }
            t.placed += 1;
        }
        check(h, resumed)?;
        expected = None;
        if let Some(w) = wizard(h) {
            check_ownership(w, db)?;
            check_derived(w, db)?;
            t.typed += usize::from(!w.typed().is_empty());
            if let Some(req) = check_next(w)? {
                check_summary(h, &req, db)?;
                t.on_confirm += 1;
                expected = Some(Expected::new(req, &w.answers().pin, db));
            }
        }
    }
    t.resumed += usize::from(resumed);
    Ok(())
}
