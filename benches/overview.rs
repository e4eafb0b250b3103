//! The order overview at 100 000 orders: how long a page, a filter and a key take.
//! Run with `cargo bench --bench overview`.
//!
//! One real order is placed through the store; the other 99 999 are copies made with SQL
//! (placing them one by one would measure the disk's fsync, not the overview).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark: a panic is its failure, with the message")]

use chrono::NaiveDate;
use comuniq_order::demo;
use comuniq_order::domain::Catalog;
use comuniq_order::domain::orders::{OrderQuery, StateFilter};
use comuniq_order::driver::Driver;
use comuniq_order::i18n::Lang;
use comuniq_order::store::Store;
use comuniq_order::tui::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::sync::Arc;
use std::time::{Duration, Instant};

const ORDERS: i64 = 100_000;

fn main() {
    let dir = std::env::temp_dir().join(format!("comuniq-bench-{}", std::process::id()));
    let path = dir.join("orders.db");
    let mut store = Store::open(&path).expect("open");
    demo::seed(&mut store, &demo::generate(demo::DEMO_SEED, 1_000)).expect("seed");
    let catalog = Arc::new(Catalog::builtin().expect("catalog"));
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    demo::place_sample_orders(&mut store, &catalog, today, 1).expect("one order");
    copy_orders(&path);
    // Opening again fills the copies' search keys, as it does for orders from before version 3.
    drop(store);
    let mut store = Store::open(&path).expect("reopen");

    let q = OrderQuery::default();
    time("first page", || store.orders_page(&q, 0, 200).map(|_| ()));
    time("page at 50 000", || store.orders_page(&q, 50_000, 200).map(|_| ()));
    time("page at 99 800", || store.orders_page(&q, 99_800, 200).map(|_| ()));
    let waiting = OrderQuery { state: Some(StateFilter::WaitingForSim), ..OrderQuery::default() };
    time("filter: waiting for SIM", || store.orders_page(&waiting, 0, 200).map(|_| ()));
    let text = OrderQuery { text: "REF-777".into(), ..OrderQuery::default() };
    time("filter: text REF-777", || store.orders_page(&text, 0, 200).map(|_| ()));

    // Keys through the real key handling and a frame at 80×24.
    let mut app = App::new(catalog.clone(), today, Lang::De);
    let mut driver = Driver::new(&mut store, catalog, "bench", comuniq_order::driver::wall_clock);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    app.drive(KeyEvent::from(KeyCode::Char('4')), &mut driver);
    let mut per_key = Vec::new();
    for code in std::iter::repeat_n(KeyCode::PageDown, 300).chain(std::iter::repeat_n(KeyCode::Down, 300)) {
        let t = Instant::now();
        app.drive(KeyEvent::from(code), &mut driver);
        terminal.draw(|f| app.draw(f)).expect("draw");
        per_key.push(t.elapsed());
    }
    per_key.sort();
    let pct = |p: usize| ms(per_key[(per_key.len() * p / 100).min(per_key.len() - 1)]);
    println!(
        "key + frame (PgDn ×300, ↓ ×300): median {:.2} ms, p99 {:.2} ms, worst {:.2} ms",
        pct(50),
        pct(99),
        pct(100)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Copies the one placed order until there are `ORDERS`, with every state.
fn copy_orders(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).expect("open raw");
    conn.execute_batch(&format!(
        "PRAGMA synchronous = OFF;
         WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < {ORDERS})
         INSERT INTO orders (id, order_no, created_at, operator, customer_id, portfolio, reference, start_date, term,
             term_months, voice, data, sms, user_id, sim_option, iccid, number_type, e164, donor, port_date, extension,
             display_name, area_code, pin_hash, pin_must_change, auto_invoice, state, waits_for_sim, waits_for_port)
         SELECT i, printf('CO-2026-%06d', i), created_at, operator, 1 + i % 1000, portfolio, 'REF-' || i, start_date,
             term, term_months, voice, data, sms, user_id, sim_option, NULL, number_type, e164, donor, port_date,
             extension, display_name, area_code, pin_hash, 0, 1,
             CASE i % 4 WHEN 0 THEN 'pending' WHEN 1 THEN 'cancelled' ELSE 'active' END, i % 4 = 0, 0
           FROM n, (SELECT * FROM orders WHERE id = 1);"
    ))
    .expect("copy orders");
}

fn time(what: &str, mut f: impl FnMut() -> Result<(), comuniq_order::store::StoreError>) {
    let mut runs: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            f().expect(what);
            t.elapsed()
        })
        .collect();
    runs.sort();
    println!("{what:<28} median {:>7.2} ms, worst {:>7.2} ms", ms(runs[runs.len() / 2]), ms(runs[runs.len() - 1]));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
