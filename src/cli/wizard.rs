//! The terminal wizard: on the real database, or on the demo.

use super::{Common, load_catalog, paths};
use anyhow::{Context, Result, bail};
use comuniq_order::i18n::Lang;
use comuniq_order::runner::{Runner, wall_clock};
use comuniq_order::tui::{self, App};
use std::io::IsTerminal;
use std::sync::Arc;

/// Starts the terminal wizard on the real database or on the demo.
pub fn run(common: &Common, demo: bool, reset: bool) -> Result<()> {
    // Refuse before touching any file: a pipe or a dumb terminal would get escape codes.
    if !std::io::stdout().is_terminal() || std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        bail!("needs an interactive terminal (stdout is not a terminal, or TERM=dumb)");
    }
    let catalog = Arc::new(load_catalog(common.catalog.as_deref())?);
    let mut store =
        if demo { paths::open_demo(common.db.as_deref(), reset)? } else { paths::open_database(common.db.as_deref())? };
    let lang = Lang::pick(common.lang.as_deref(), std::env::var("LANG").ok().as_deref());
    let today = common.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let customers = Arc::new(store.customers().context("reading the customers")?);
    let open_customer = match common.customer.as_deref() {
        Some(number) => Some(
            customers
                .iter()
                .find(|c| c.number.eq_ignore_ascii_case(number))
                .map(|c| c.id)
                .with_context(|| format!("no customer with number {number}"))?,
        ),
        None => None,
    };
    let label = store.path().display().to_string();
    let mut app =
        App::new(catalog, customers, today, lang).with_open_customer(open_customer).with_database_label(label, demo);
    let operator = common.operator.clone().unwrap_or_else(paths::os_user);
    prune_drafts(&mut store, common.draft_max_age_days)?;
    tui::set_crash_log(paths::log_file());
    let mut runner = Runner::new(&mut store, operator, wall_clock);
    let mut handler = |effect| runner.handle(effect);
    let startup = app.startup_effects();
    app.settle(startup, &mut handler);
    tui::run(&mut app, &mut handler)
}

/// Deletes the drafts (of every operator) not saved for `days` days.
fn prune_drafts(store: &mut comuniq_order::store::Store, days: u32) -> Result<()> {
    let before = wall_clock() - chrono::Duration::days(i64::from(days));
    store.prune_drafts(before).context("pruning old drafts")?;
    Ok(())
}
