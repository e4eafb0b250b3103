//! A real application on a real database (a SQLite file in a temporary folder, or a
//! database of the test server: `db`), driven key by key.
#![allow(dead_code)] // Each test file uses a different part of the harness.

pub mod db;
pub mod engine;
pub mod files;
pub mod keys;
pub mod line;
pub mod orders;
pub mod pg;
pub mod pty;
pub mod readback;
pub mod rows;

use chrono::{NaiveDate, NaiveDateTime};
use comuniq_order::demo;
use comuniq_order::domain::rules::extension;
use comuniq_order::domain::{Catalog, Extension, Field};
use comuniq_order::driver::Driver;
use comuniq_order::i18n::Lang;
use comuniq_order::store::Store;
use comuniq_order::tui::App;
use comuniq_order::wizard::Event;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;
use tempfile::TempDir;

/// The day every test pretends it is.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// The fixed clock of the tests' driver.
pub fn clock() -> NaiveDateTime {
    today().and_hms_opt(9, 30, 0).unwrap()
}

/// How many demo customers the tests seed.
pub const CUSTOMERS: usize = 40;

pub struct Harness {
    pub dir: TempDir,
    pub store: Store,
    pub app: App,
    pub data: demo::DemoData,
    pub catalog: Arc<Catalog>,
    /// The operator's language: the app's, and the driver's words for the store's errors.
    pub lang: Lang,
}

impl Harness {
    /// A seeded database and the app on its menu.
    pub fn new(lang: Lang) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut store = db::open(&dir.path().join("orders.db"));
        let data = demo::generate(demo::DEMO_SEED, CUSTOMERS);
        demo::seed(&mut store, &data).unwrap();
        let catalog = Arc::new(Catalog::builtin().unwrap());
        let app = App::new(catalog.clone(), today(), lang).with_database_label("orders.db", false);
        Harness { dir, store, app, data, catalog, lang }
    }

    /// Starts the app afresh, as `--customer` would, with the n-th customer in focus.
    pub fn focus_customer(&mut self, n: usize) {
        let number = self.customer_number(n);
        let id = self.store.customer_by_number(&number).unwrap().map(|c| c.id);
        self.app = App::new(self.catalog.clone(), today(), Lang::De)
            .with_database_label("orders.db", false)
            .with_open_customer(id);
    }

    /// Presses a key, carrying out its effects against the database.
    pub fn press(&mut self, code: KeyCode) {
        self.press_with(code, KeyModifiers::NONE);
    }

    pub fn press_with(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        let mut driver = Driver::new(&mut self.store, self.catalog.clone(), "tester", clock)
            .with_answers_dir(self.dir.path())
            .with_lang(self.lang);
        self.app.drive(KeyEvent::new(code, modifiers), &mut driver);
        // The terminal redraws when a background filter finishes; tests wait for it.
        self.app.finish_filter();
    }

    /// A mouse event at a cell, after drawing the screen (clicks find what the frame shows).
    pub fn mouse(&mut self, kind: ratatui::crossterm::event::MouseEventKind, column: u16, row: u16) {
        self.screen();
        let mut driver = Driver::new(&mut self.store, self.catalog.clone(), "tester", clock).with_lang(self.lang);
        let event = ratatui::crossterm::event::MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE };
        self.app.on_mouse(event, &mut driver);
        self.app.finish_filter();
    }

    /// Where a text first appears on the 80×24 screen (column, row).
    pub fn find(&self, needle: &str) -> (u16, u16) {
        for (row, line) in self.text().lines().enumerate() {
            if let Some(byte) = line.find(needle) {
                return (line[..byte].chars().count() as u16, row as u16);
            }
        }
        panic!("{needle:?} is not on the screen:\n{}", self.text());
    }

    /// Ctrl + a letter.
    pub fn ctrl(&mut self, c: char) {
        self.press_with(KeyCode::Char(c), KeyModifiers::CONTROL);
    }

    /// Types text, one key per character.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// Puts the focus on `field` of the current page, as a click on it would, without
    /// counting Tab presses: a field added to the page changes nothing here. Fails when
    /// the page does not show `field` (or a list is open over it).
    pub fn go_to(&mut self, field: Field) {
        assert!(!self.app.has_open_list(), "a list is open, not going to {field:?}:\n{}", self.text());
        let mut runner = Driver::new(&mut self.store, self.catalog.clone(), "tester", clock).with_lang(self.lang);
        let effects = self.app.on_event(Event::Focus(field));
        self.app.settle(effects, &mut runner);
        assert_eq!(self.focus(), Some(field), "{field:?} is not on this page:\n{}", self.text());
    }

    /// The field in focus, if the wizard is open.
    pub fn focus(&self) -> Option<Field> {
        self.app.wizard().and_then(|w| w.focus())
    }

    /// Goes to `field` and types `text` into it (replacing what it showed).
    pub fn fill(&mut self, field: Field, text: &str) {
        self.go_to(field);
        self.type_text(text);
    }

    /// The screen at 80×24.
    pub fn screen(&self) -> TestBackend {
        self.screen_sized(80, 24)
    }

    pub fn screen_sized(&self, width: u16, height: u16) -> TestBackend {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| self.app.draw(f)).unwrap();
        terminal.backend().clone()
    }

    /// The screen as plain text, for `contains` checks.
    pub fn text(&self) -> String {
        screen_text(&self.screen())
    }

    /// A connection of its own to the database, to check what was written.
    pub fn sql(&self) -> db::Conn {
        db::conn(&self.db_path())
    }

    /// The path that names the harness's database (the file on SQLite).
    pub fn db_path(&self) -> std::path::PathBuf {
        self.dir.path().join("orders.db")
    }

    /// The harness's database as the real binary's `--db` ([`db::db_arg`]).
    pub fn db_arg(&self) -> String {
        db::db_arg(&self.db_path())
    }

    /// The n-th seeded customer's number (K-…).
    pub fn customer_number(&self, n: usize) -> String {
        self.data.customers[n].number.clone()
    }

    /// Writes a file into the test's folder; returns its path as text, for a command line.
    pub fn write(&self, name: &str, text: impl AsRef<[u8]>) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    }

    /// A free extension for the n-th demo customer, valid by every rule.
    pub fn free_extension(&self, n: usize) -> String {
        let c = &self.data.customers[n];
        let existing: Vec<Extension> =
            c.extensions.iter().map(|e| Extension { number: e.number.clone(), name: e.name.clone() }).collect();
        free_extensions(c.dial_plan_len, &existing).next().unwrap()
    }

    /// Takes the SIMs' table away from under the program: every SIM search then fails
    /// with a storage error, as it does with the PostgreSQL server stopped or a file that
    /// can no longer be read (a read-only mode is no help: the tests may run as root).
    pub fn break_sims(&self) {
        self.sql().execute_batch("ALTER TABLE sims RENAME TO sims_gone").unwrap();
    }

    /// Adds `count` free SIMs to the stock whose ICCIDs all end in `digits` (four).
    pub fn stock_sims_ending(&self, digits: &str, count: usize) {
        let sql = self.sql();
        for i in 0..count {
            let iccid = format!("8949{i:012}{digits}");
            sql.execute("INSERT INTO sims (iccid, last4, state) VALUES (?1, ?2, 'free')", [&iccid, digits]).unwrap();
        }
    }

    /// A free SIM whose last four digits no other SIM shares.
    pub fn unique_sim(&self) -> String {
        let sims = &self.data.sims;
        sims.iter().find(|s| sims.iter().filter(|o| o.ends_with(&s[s.len() - 4..])).count() == 1).unwrap().clone()
    }

    /// Two SIMs that share their last four digits.
    pub fn shared_sims(&self) -> (String, String) {
        let sims = &self.data.sims;
        for (i, a) in sims.iter().enumerate() {
            if let Some(b) = sims[i + 1..].iter().find(|b| b[b.len() - 4..] == a[a.len() - 4..]) {
                return (a.clone(), b.clone());
            }
        }
        panic!("the demo data has SIMs sharing their last four digits");
    }
}

/// The extensions a customer with this dial plan can still be given, by the rule, from
/// the lowest that is not reserved upwards (2…, 20…, 200…).
pub fn free_extensions(dial_plan_len: u8, existing: &[Extension]) -> impl Iterator<Item = String> + '_ {
    let len = u32::from(dial_plan_len);
    (10u32.pow(len - 1) * 2..10u32.pow(len))
        .map(|n| n.to_string())
        .filter(move |n| extension::check(n, dial_plan_len, existing).is_ok())
}

/// The first free pool number of the n-th demo customer in a database file, as the
/// number list shows it first.
pub fn first_free_number(path: &std::path::Path, n: usize) -> String {
    db::conn(path)
        .query_row(
            "SELECT e164 FROM numbers WHERE customer_id = ?1 AND order_id IS NULL AND source = 'pool' ORDER BY e164",
            [n as i64 + 1],
            |r| r.get(0),
        )
        .unwrap()
}

/// A drawn screen as plain text, one line per row, for `contains` checks.
pub fn screen_text(backend: &ratatui::backend::TestBackend) -> String {
    let buffer = backend.buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// What is wrong with the orders in a database: every order must have its state, its
/// allocations (SIM, number, extension, user) and, when automatic, its invoice items; and
/// nothing may point at an order that isn't there. A cancelled order instead holds nothing
/// and bills nothing monthly any more. Empty when all is well.
pub fn audit(conn: &db::Conn) -> Vec<String> {
    let checks = [
        (
            "order without a state",
            "SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_states s WHERE s.order_id = o.id)",
        ),
        (
            "order without invoice items",
            "SELECT COUNT(*) FROM orders o WHERE o.state <> 'cancelled' AND o.auto_invoice = TRUE AND NOT EXISTS (SELECT 1 FROM invoice_items i WHERE i.order_id = o.id)",
        ),
        (
            "order without its SIM",
            "SELECT COUNT(*) FROM orders o WHERE o.state <> 'cancelled' AND o.iccid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sims s WHERE s.iccid = o.iccid AND s.order_id = o.id AND s.state = 'assigned')",
        ),
        (
            "order without its number",
            "SELECT COUNT(*) FROM orders o WHERE o.state <> 'cancelled' AND NOT EXISTS (SELECT 1 FROM numbers n WHERE n.e164 = o.e164 AND n.order_id = o.id)",
        ),
        (
            "order without its extension",
            "SELECT COUNT(*) FROM orders o WHERE o.state <> 'cancelled' AND NOT EXISTS (SELECT 1 FROM extensions e WHERE e.customer_id = o.customer_id AND e.number = o.extension AND e.order_id = o.id)",
        ),
        (
            "order whose user lacks the line",
            "SELECT COUNT(*) FROM orders o JOIN users u ON u.id = o.user_id WHERE o.state <> 'cancelled' AND u.mobile_order_id IS DISTINCT FROM o.id",
        ),
        (
            "SIM of a missing order",
            "SELECT COUNT(*) FROM sims WHERE order_id IS NOT NULL AND order_id NOT IN (SELECT id FROM orders)",
        ),
        (
            "number of a missing order",
            "SELECT COUNT(*) FROM numbers WHERE order_id IS NOT NULL AND order_id NOT IN (SELECT id FROM orders)",
        ),
        (
            "extension of a missing order",
            "SELECT COUNT(*) FROM extensions WHERE order_id IS NOT NULL AND order_id NOT IN (SELECT id FROM orders)",
        ),
        (
            "user line of a missing order",
            "SELECT COUNT(*) FROM users WHERE mobile_order_id IS NOT NULL AND mobile_order_id NOT IN (SELECT id FROM orders)",
        ),
        (
            "invoice item of a missing order",
            "SELECT COUNT(*) FROM invoice_items WHERE order_id NOT IN (SELECT id FROM orders)",
        ),
        ("state of a missing order", "SELECT COUNT(*) FROM order_states WHERE order_id NOT IN (SELECT id FROM orders)"),
        (
            "add-on of a missing order",
            "SELECT COUNT(*) FROM order_addons WHERE order_id NOT IN (SELECT id FROM orders)",
        ),
        (
            "SIM on two orders",
            "SELECT COUNT(*) FROM (SELECT iccid FROM orders WHERE state <> 'cancelled' AND iccid IS NOT NULL GROUP BY iccid HAVING COUNT(*) > 1) AS twice",
        ),
        (
            "number on two orders",
            "SELECT COUNT(*) FROM (SELECT e164 FROM orders WHERE state <> 'cancelled' GROUP BY e164 HAVING COUNT(*) > 1) AS twice",
        ),
        (
            "extension on two orders",
            "SELECT COUNT(*) FROM (SELECT customer_id, extension FROM orders WHERE state <> 'cancelled' GROUP BY customer_id, extension HAVING COUNT(*) > 1) AS twice",
        ),
        // A cancelled order keeps copies of what it had, but holds nothing and bills nothing.
        (
            "cancelled order still holding a SIM, number, extension or user line",
            "SELECT COUNT(*) FROM orders o WHERE o.state = 'cancelled' AND (
                EXISTS (SELECT 1 FROM sims WHERE order_id = o.id) OR EXISTS (SELECT 1 FROM numbers WHERE order_id = o.id)
                OR EXISTS (SELECT 1 FROM extensions WHERE order_id = o.id) OR EXISTS (SELECT 1 FROM users WHERE mobile_order_id = o.id))",
        ),
        (
            "cancelled order still billed monthly",
            "SELECT COUNT(*) FROM invoice_items i JOIN orders o ON o.id = i.order_id
              WHERE o.state = 'cancelled' AND i.charge = 'monthly' AND i.end_date IS NULL",
        ),
    ];
    let mut problems = Vec::new();
    for (what, sql) in checks {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0)).unwrap();
        if n > 0 {
            problems.push(format!("{n} × {what}"));
        }
    }
    problems
}

/// `PRAGMA integrity_check` of a database file. PostgreSQL has no such statement (the
/// server checks its pages itself, and reports damage as an error of the query that
/// meets it): "ok" there, and `audit` is what checks the rows.
pub fn integrity(conn: &db::Conn) -> String {
    if conn.is_postgres() {
        return "ok".to_string();
    }
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}
