//! Thousands of random key sequences through the real key handling, with a runner on a real
//! database. Nothing may panic, and after every key: the step shown is reachable (every
//! earlier step is complete), every step marked done really passes its rules, the focus is
//! on the page, and a placed order is complete in the database. Some keys "hang up": the
//! order continues from its draft, as after a restart.

mod common;

use common::Harness;
use comuniq_order::domain::rules::extension;
use comuniq_order::domain::validate;
use comuniq_order::domain::{Catalog, Field, Step};
use comuniq_order::i18n::Lang;
use comuniq_order::runner::Runner;
use comuniq_order::tui::{App, Screen};
use comuniq_order::wizard::Event;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use std::cell::RefCell;
use std::sync::Arc;

/// How many sequences; `PROPTEST_CASES` overrides.
const CASES: u32 = 2000;

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
    /// Fills the current page validly, as an operator would (with customer n on step 1),
    /// then *Nächster Schritt* (on *Bestätigen*: *Bestellen*).
    FillPage(usize),
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
    ]
}

/// Counts for the closing note.
#[derive(Default, Debug)]
struct Tally {
    keys: usize,
    placed: usize,
    resumed: usize,
    deepest: usize,
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
        Key::HangUpAndResume => {
            let Some(w) = h.app.wizard() else { return };
            let (id, draft) = (w.draft_id().unwrap_or(0), w.draft());
            let mut runner = Runner::new(&mut h.store, h.catalog.clone(), "tester", common::clock);
            let effects = h.app.on_event(Event::DraftLoaded(id, Box::new(draft)));
            h.app.settle(effects, &mut runner);
            *resumed = true;
        }
    }
}

/// Keys that fill the current page with valid answers (the e2e tests' paths).
fn fill_page(h: &mut Harness, n: usize) {
    let Some(w) = h.app.wizard().filter(|_| *h.app.screen() == Screen::Wizard) else { return };
    let step = w.step();
    let (first, count) = (w.fields().first().copied(), w.fields().len());
    // The paths below start at the top of the page.
    for _ in 0..count {
        if h.app.wizard().and_then(|w| w.focus()) == first || h.app.wizard().is_none() {
            break;
        }
        h.press(KeyCode::Tab);
    }
    let Some(w) = h.app.wizard() else { return };
    let extension = w.customer().and_then(|c| {
        let len = u32::from(c.dial_plan_len);
        (10u32.pow(len - 1) * 2..10u32.pow(len))
            .map(|x| x.to_string())
            .find(|x| extension::check(x, c.dial_plan_len, &w.context().extensions).is_ok())
    });
    let user = format!("prop.{}", h.app.wizard().map_or(0, |w| w.answers().reference.len()) + n * 1000 + keys_so_far());
    match step {
        Step::Customer => {
            let number = h.customer_number(n);
            h.type_text(&number);
            h.press(KeyCode::Enter);
            h.tab(3);
            h.press(KeyCode::Enter);
            h.press(KeyCode::Enter);
        }
        Step::Connection => {
            h.tab(1);
            for _ in 0..4 {
                h.press(KeyCode::Enter);
            }
        }
        Step::User => {
            h.tab(1);
            h.press(KeyCode::Char(' '));
            h.tab(1);
            h.type_text(&user);
            h.tab(1);
            h.type_text("Erika");
            h.tab(2);
            h.type_text("Muster");
            h.tab(1);
            h.type_text("erika@beispiel.de");
        }
        Step::Sim => {
            h.press(KeyCode::Enter);
            h.press(KeyCode::Down);
            h.press(KeyCode::Enter);
        }
        Step::Number => {
            h.tab(1);
            h.press(KeyCode::Enter);
            h.press(KeyCode::Enter);
        }
        Step::Fmc => {
            h.type_text(&extension.unwrap_or_default());
            h.tab(2);
            h.type_text("4711");
        }
        Step::Addons | Step::Confirm => {}
    }
    h.ctrl('n');
}

/// A number that differs from call to call (for unique user names).
fn keys_so_far() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

/// The invariants after a key.
fn check(h: &Harness, resumed: bool) -> Result<(), TestCaseError> {
    let Some(w) = h.app.wizard().filter(|_| *h.app.screen() == Screen::Wizard) else { return Ok(()) };
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

#[test]
fn random_key_sequences_never_panic_and_keep_the_invariants() {
    let harness = RefCell::new(Harness::new(Lang::De));
    let catalog = Arc::new(Catalog::builtin().unwrap());
    let customers = Arc::new(harness.borrow().store.customers().unwrap());
    let tally = RefCell::new(Tally::default());
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(CASES);
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let result = runner.run(&proptest::collection::vec(key(), 1..40), |keys| {
        let mut h = harness.borrow_mut();
        h.app = App::new(catalog.clone(), customers.clone(), common::today(), Lang::De);
        let mut resumed = false;
        let mut t = tally.borrow_mut();
        for key in &keys {
            press(&mut h, key, &mut resumed);
            t.keys += 1;
            t.deepest = t.deepest.max(h.app.wizard().map_or(0, |w| w.step().index() + 1));
            if let Screen::Placed(placed) = h.app.screen().clone() {
                let problems = common::audit(&h.sql());
                prop_assert!(problems.is_empty(), "{}: {problems:?}", placed.order_no);
                t.placed += 1;
            }
            check(&h, resumed)?;
        }
        t.resumed += usize::from(resumed);
        Ok(())
    });
    eprintln!("property: {cases} sequences, {:?}", tally.borrow());
    result.unwrap();
}
