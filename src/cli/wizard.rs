//! The terminal wizard: on the real database, or on the demo.

use super::{Common, load_catalog, paths};
use anyhow::{Context, Result, bail};
use comuniq_order::driver::{Driver, wall_clock};
use comuniq_order::i18n::Lang;
use comuniq_order::store::Store;
use comuniq_order::tui::{self, App, Loaded, Theme};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

/// Refuses a pipe or a dumb terminal: they would get escape codes. Called before any file is
/// touched.
pub fn require_terminal(lang: Lang) -> Result<()> {
    if !std::io::stdout().is_terminal() || std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        bail!("{}", lang.cli().needs_terminal);
    }
    Ok(())
}

/// Starts the terminal wizard on the real database or on the demo.
pub fn run(common: &Common, demo: bool, reset: bool) -> Result<()> {
    let lang = super::lang(common);
    if demo {
        // A wrong `--reset` is refused before anything else, on a terminal or not.
        paths::demo_path(common.db.as_deref(), reset, lang)?;
    }
    require_terminal(lang)?;
    let catalog = Arc::new(load_catalog(common.catalog.as_deref(), lang)?);
    let today = common.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut store = if demo {
        paths::open_demo(common.db.as_deref(), reset, &catalog, today, lang)?
    } else {
        paths::open_database(common.db.as_deref())?
    };
    let open_customer = super::focus_customer(&store, common, lang)?.map(|c| c.id);
    let label = store.path().display().to_string();
    let mut app = App::new(catalog.clone(), Arc::new(Vec::new()), today, lang)
        .load_customers_later(load_customers(store.path()))
        .with_open_customer(open_customer)
        .with_database_label(label, demo)
        .with_theme(Theme::from_env());
    let operator = super::operator(common, lang)?;
    prune_drafts(&mut store, common.draft_max_age_days, lang)?;
    tui::set_crash_log(paths::log_file());
    let mut driver = Driver::new(&mut store, catalog, operator, wall_clock);
    let startup = app.startup_effects();
    app.settle(startup, &mut driver);
    tui::run(&mut app, &mut driver)
}

/// Deletes the drafts (of every operator) not saved for `days` days.
fn prune_drafts(store: &mut comuniq_order::store::Store, days: u32, lang: Lang) -> Result<()> {
    let before = wall_clock() - chrono::Duration::days(i64::from(days));
    match store.prune_drafts(before) {
        // Another program is writing: the old drafts go at the next start.
        Err(e) if e.is_busy() => Ok(()),
        other => other.map(|_| ()).context(lang.cli().pruning_drafts),
    }
}

/// Reads the customers on a connection of its own, so the first frame does not wait for
/// them (100 000 customers take about 150 ms).
fn load_customers(path: &Path) -> Receiver<Loaded> {
    let (tx, rx) = channel();
    let path = path.to_path_buf();
    std::thread::spawn(move || {
        let loaded = Store::open(&path).and_then(|s| s.customers()).map_err(|e| e.to_string());
        // The receiver is gone only when the program is quitting.
        let _ = tx.send(loaded);
    });
    rx
}
