//! The terminal's cost per keystroke: time for key handling plus a frame, and the bytes the
//! frame sends, through the real key handling and the wire backend. Also the first frame,
//! order placement, the customer filter at 1 000 000 customers and peak memory with
//! 100 000. Run with `cargo bench --bench tui`.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a benchmark: a panic is its failure, with the message")]

use chrono::NaiveDate;
use comuniq_order::demo;
use comuniq_order::domain::Catalog;
use comuniq_order::driver::{Driver, wall_clock};
use comuniq_order::i18n::Lang;
use comuniq_order::store::Store;
use comuniq_order::tui::{App, Filter, WireBackend, haystack};
use ratatui::Terminal;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;
use std::time::{Duration, Instant};

type Term = Terminal<WireBackend<std::io::Sink>>;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "memory-only") {
        let catalog = Arc::new(Catalog::builtin().expect("catalog"));
        let path = std::path::PathBuf::from(&args[i + 1]);
        memory(&catalog, NaiveDate::from_ymd_opt(2026, 11, 26).expect("date"), &path);
        return;
    }
    let dir = std::env::temp_dir().join(format!("comuniq-bench-tui-{}", std::process::id()));
    let mut store = Store::open(&dir.join("orders.db")).expect("open");
    demo::seed(&mut store, &demo::generate(demo::DEMO_SEED, 1_000)).expect("seed");
    let catalog = Arc::new(Catalog::builtin().expect("catalog"));
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    for (w, h) in [(80, 24), (200, 50)] {
        println!("--- {w}x{h}");
        keystrokes(&mut store, &catalog, today, w, h);
    }
    placement(&mut store, &catalog, today);
    filter_million();
    // Peak memory is a process's high-water mark: measured in a process of its own, on a
    // database seeded here.
    let big = dir.join("big.db");
    demo::seed(&mut Store::open(&big).expect("open"), &demo::generate(demo::DEMO_SEED, 100_000)).expect("seed");
    match std::process::Command::new(std::env::current_exe().expect("exe")).arg("memory-only").arg(&big).status() {
        Ok(status) if status.success() => {}
        other => println!("memory measurement failed: {other:?}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs a scenario; prints time per key (handling + frame) and bytes per key.
fn scenario(name: &str, app: &mut App, driver: &mut Driver, term: &mut Term, keys: &[KeyEvent]) {
    let mut times = Vec::new();
    let mut bytes = Vec::new();
    for key in keys {
        let before = term.backend().bytes_written();
        let t = Instant::now();
        app.drive(*key, driver);
        term.draw(|f| app.draw(f)).expect("draw");
        times.push(t.elapsed());
        app.finish_background();
        term.draw(|f| app.draw(f)).expect("draw");
        bytes.push(term.backend().bytes_written() - before);
    }
    times.sort();
    bytes.sort();
    let pct = |p: usize| ms(times[(times.len() * p / 100).min(times.len() - 1)]);
    println!(
        "{name:<26} time p50 {:>5.2} ms p99 {:>5.2} ms | bytes median {:>4} max {:>5} ({} keys)",
        pct(50),
        pct(99),
        bytes[bytes.len() / 2],
        bytes[bytes.len() - 1],
        keys.len()
    );
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::from(code)
}

fn keystrokes(store: &mut Store, catalog: &Arc<Catalog>, today: NaiveDate, w: u16, h: u16) {
    let mut app = App::new(catalog.clone(), today, Lang::De);
    let mut driver = Driver::new(store, catalog.clone(), "bench", wall_clock);
    let mut term = Terminal::new(WireBackend::with_size(std::io::sink(), w, h)).expect("terminal");
    let t = Instant::now();
    term.draw(|f| app.draw(f)).expect("draw");
    println!(
        "{:<26} time {:>5.2} ms | bytes {:>5}",
        "first frame (menu)",
        ms(t.elapsed()),
        term.backend().bytes_written()
    );
    app.drive(key(KeyCode::Char('1')), &mut driver);
    term.draw(|f| app.draw(f)).expect("draw");
    // Customer: the first one; then to Referenz.
    for k in [KeyCode::Enter, KeyCode::Enter] {
        app.drive(key(k), &mut driver);
    }
    app.drive(key(KeyCode::Tab), &mut driver);
    term.draw(|f| app.draw(f)).expect("draw");
    let typing: Vec<KeyEvent> = "Bestellung Nr 4711 fuer Filiale Nord".chars().map(|c| key(KeyCode::Char(c))).collect();
    scenario("typing a character", &mut app, &mut driver, &mut term, &typing);
    let tabs: Vec<KeyEvent> = (0..60).map(|_| key(KeyCode::Tab)).collect();
    scenario("Tab between fields", &mut app, &mut driver, &mut term, &tabs);
    // Focus Kunde (Tab wraps) and open its list: 1 000 customers. It is filled, so Space
    // opens it (Enter would move on).
    while app.wizard().and_then(|w| w.focus()) != Some(comuniq_order::domain::Field::Customer) {
        app.drive(key(KeyCode::Tab), &mut driver);
    }
    app.drive(key(KeyCode::Char(' ')), &mut driver);
    term.draw(|f| app.draw(f)).expect("draw");
    let moves: Vec<KeyEvent> = (0..100).map(|i| key(if i % 50 < 25 { KeyCode::Down } else { KeyCode::Up })).collect();
    scenario("moving in an open list", &mut app, &mut driver, &mut term, &moves);
    app.drive(key(KeyCode::Enter), &mut driver);
    for k in [KeyCode::Tab, KeyCode::Tab, KeyCode::Tab, KeyCode::Enter, KeyCode::Enter] {
        app.drive(key(k), &mut driver);
    }
    term.draw(|f| app.draw(f)).expect("draw");
    let steps: Vec<KeyEvent> = (0..40)
        .map(|i| if i % 2 == 0 { KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL) } else { key(KeyCode::Esc) })
        .collect();
    scenario("changing step", &mut app, &mut driver, &mut term, &steps);
}

/// Order placement: the store's one transaction, p50 and p99 over 200 orders.
fn placement(store: &mut Store, catalog: &Catalog, today: NaiveDate) {
    let samples = demo::sample_orders(store, catalog, today, 200).expect("samples");
    let mut times: Vec<Duration> = samples
        .iter()
        .map(|s| {
            let t = Instant::now();
            store.place_order(&s.request, "bench", s.at).expect("place");
            t.elapsed()
        })
        .collect();
    times.sort();
    let pct = |p: usize| ms(times[(times.len() * p / 100).min(times.len() - 1)]);
    println!("order placement            p50 {:>5.2} ms p99 {:>5.2} ms ({} orders)", pct(50), pct(99), times.len());
}

/// First results at 1 000 000 customers, and how long a keystroke is blocked meanwhile.
fn filter_million() {
    let data = demo::generate(demo::DEMO_SEED, 1_000_000);
    let labels: Vec<String> = data.customers.iter().map(|c| format!("{} {} {}", c.name, c.number, c.city)).collect();
    let prepared = haystack(labels.iter().map(String::as_str));
    let mut filter = Filter::new(prepared);
    let mut first = Vec::new();
    let mut all = Vec::new();
    let mut blocked = Vec::new();
    for query in ["m", "mü", "mül", "müll", "k", "kö", "köl", "w", "we", "web"] {
        let t = Instant::now();
        filter.set_query(query);
        blocked.push(t.elapsed());
        // As the event loop does: look every millisecond whether matches arrived.
        while filter.is_pending() && !filter.poll() {
            std::thread::sleep(Duration::from_millis(1));
        }
        first.push(t.elapsed());
        filter.wait();
        all.push(t.elapsed());
    }
    for v in [&mut first, &mut all, &mut blocked] {
        v.sort();
    }
    println!(
        "filter at 1 000 000        first results median {:>5.1} ms worst {:>5.1} ms; all {:>5.1} / {:>5.1} ms; keystroke blocked worst {:>5.2} ms",
        ms(first[first.len() / 2]),
        ms(first[first.len() - 1]),
        ms(all[all.len() / 2]),
        ms(all[all.len() - 1]),
        ms(blocked[blocked.len() - 1])
    );
}

/// Peak memory of this process with 100 000 customers loaded and their list open.
fn memory(catalog: &Arc<Catalog>, today: NaiveDate, path: &std::path::Path) {
    let mut store = Store::open(path).expect("open");
    let mut app = App::new(catalog.clone(), today, Lang::De);
    let mut driver = Driver::new(&mut store, catalog.clone(), "bench", wall_clock);
    app.drive(key(KeyCode::Char('1')), &mut driver);
    app.drive(key(KeyCode::Char('m')), &mut driver);
    app.finish_background();
    println!(
        "peak RSS (VmHWM)           {:.1} MB: 100 000 customers loaded, their list open and filtered",
        peak_rss_kb() as f64 / 1024.0
    );
}

fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
