//! The terminal wizard: on the real database, or on the demo.

use super::{Common, load_catalog, paths};
use anyhow::{Context, Result};
use comuniq_order::domain::Catalog;
use comuniq_order::driver::{Driver, wall_clock};
use comuniq_order::i18n::Lang;
use comuniq_order::line::{self, Console, Lines};
use comuniq_order::tui::{self, App, Interrupted, Theme};
use comuniq_order::wizard::Wizard;
use std::io::IsTerminal;
use std::io::Write;
use std::sync::Arc;
use std::sync::{Mutex, MutexGuard};

/// Whether the wizard runs in line mode: asked for (`--accessible`, `ACCESSIBLE=1`), a
/// terminal that can't take escape sequences (`TERM=dumb`), or no terminal at all on stdin or
/// stdout (a serial line through a pipe, a script).
pub fn line_mode(common: &Common) -> bool {
    let env = |name: &str| std::env::var(name).ok();
    common.accessible
        || env("ACCESSIBLE").is_some_and(|v| !v.is_empty() && v != "0")
        || env("TERM").is_some_and(|t| t == "dumb")
        || !std::io::stdin().is_terminal()
        || !std::io::stdout().is_terminal()
}

/// Starts the terminal wizard on the real database or on the demo.
pub fn run(common: &Common, demo: bool, reset: bool) -> Result<()> {
    let lang = super::lang(common);
    if demo {
        // A wrong `--reset` is refused before anything else, on a terminal or not.
        paths::demo_target(common.target.as_ref(), reset, lang)?;
    }
    let catalog = Arc::new(load_catalog(common.catalog.as_deref(), lang)?);
    let today = common.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut store = if demo {
        paths::open_demo(common.target.as_ref(), reset, &catalog, today, lang)?
    } else {
        paths::open_database(common.target.as_ref())?
    };
    let open_customer = super::focus_customer(&store, common, lang)?.map(|c| c.id);
    let operator = super::operator(common, lang)?;
    prune_drafts(&mut store, common.draft_max_age_days, lang)?;
    if line_mode(common) {
        let mut driver = Driver::new(&mut store, catalog.clone(), operator, wall_clock).with_lang(lang);
        let start = LineStart { lang, catalog, today, open_customer };
        return run_line(start, &mut driver, None);
    }
    let label = store.target().to_string();
    // No customer is read before he is searched for: the list asks the store a screenful
    // at a time, whatever the number of customers.
    let mut app = App::new(catalog.clone(), today, lang)
        .with_open_customer(open_customer)
        .with_database_label(label, demo)
        .with_theme(Theme::from_env());
    tui::set_crash_log(paths::log_file());
    let mut driver = Driver::new(&mut store, catalog, operator, wall_clock).with_lang(lang);
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

/// What line mode starts from.
pub struct LineStart {
    pub lang: Lang,
    pub catalog: Arc<Catalog>,
    pub today: chrono::NaiveDate,
    pub open_customer: Option<i64>,
}

/// Line mode on stdin and stdout: the menu, or straight into `wizard` (`order --interactive`).
/// A stop signal ends it between two pieces of work (the draft is saved after every answer),
/// with the terminal's echo back on.
pub fn run_line(start: LineStart, driver: &mut Driver, wizard: Option<Wizard>) -> Result<()> {
    let lang = start.lang;
    watch_signals(lang);
    let mut console = Guarded { inner: Lines::stdio(), guard: Some(lock_work()) };
    let mut session = line::Session {
        lang,
        catalog: start.catalog,
        today: start.today,
        open_customer: start.open_customer,
        console: &mut console,
        backend: driver,
    };
    let result = match wizard {
        Some(w) => session.greet().and_then(|()| session.order(w, Vec::new()).map(drop)),
        None => session.run(),
    };
    tui::mark_no_draft(result, line::draft_kept())
}

/// Held by line mode while it works (a draft save, placing the order), and let go while it
/// waits for an answer: a signal's exit waits for it, so no write is cut short.
static WORK: Mutex<()> = Mutex::new(());

fn lock_work() -> MutexGuard<'static, ()> {
    WORK.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A console that lets go of [`WORK`] only while it waits for the operator.
struct Guarded<C> {
    inner: C,
    guard: Option<MutexGuard<'static, ()>>,
}

impl<C: Console> Console for Guarded<C> {
    fn say(&mut self, line: &str) -> std::io::Result<()> {
        self.inner.say(line)
    }

    fn ask(&mut self, prompt: &str, secret: bool) -> std::io::Result<Option<String>> {
        self.guard = None;
        let answer = self.inner.ask(prompt, secret);
        self.guard = Some(lock_work());
        answer
    }
}

/// SIGHUP, SIGINT (Ctrl+C) and SIGTERM end line mode once its work is done, with the exit
/// code and words of the full screen.
fn watch_signals(lang: Lang) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGHUP, SIGINT, SIGTERM]) else { return };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _work = lock_work();
            line::restore_echo();
            let stopped = if signal == SIGHUP { Interrupted::HangUp } else { Interrupted::Signal(signal) };
            let _ = writeln!(
                std::io::stderr(),
                "\ncomuniq-order: {}",
                super::exit::interrupted_message(&stopped, lang, line::draft_kept())
            );
            std::process::exit(128 + signal);
        }
    });
}
