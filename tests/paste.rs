//! A paste (bracketed paste, crossterm's `Event::Paste`) is one edit of the focused text
//! field, filtered by the field's input limits: a pasted ICCID is one SIM lookup, not one
//! per digit, and a line break in a pasted name is no Enter.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::keys::{choose, start_order};
use common::{Harness, clock};
use comuniq_order::domain::Field;
use comuniq_order::domain::lifecycle::{Action, CancelReason, Failure, OrderStatus};
use comuniq_order::domain::lookup::OrderSeek;
use comuniq_order::domain::model::{Sim, SimId};
use comuniq_order::domain::orders::{OrderDetail, OrderQuery, OrderRow};
use comuniq_order::domain::rules::iccid::SimQuery;
use comuniq_order::driver::Driver;
use comuniq_order::i18n::Lang;
use comuniq_order::tui::Backend;
use comuniq_order::wizard::{Effect, Event, MenuEffect, MenuEvent};
use ratatui::crossterm::event::KeyCode;

/// The driver, counting the SIM lookups the wizard asks for.
struct Counting<'a> {
    runner: Driver<'a>,
    lookups: usize,
}

impl Backend for Counting<'_> {
    fn wizard(&mut self, effect: Effect) -> Option<Event> {
        if matches!(effect, Effect::FindSims(_)) {
            self.lookups += 1;
        }
        Backend::wizard(&mut self.runner, effect)
    }
    fn menu(&mut self, effect: MenuEffect) -> Option<MenuEvent> {
        Backend::menu(&mut self.runner, effect)
    }
    fn orders_seek(&mut self, query: &OrderQuery, seek: OrderSeek, limit: usize) -> Result<Vec<OrderRow>, String> {
        Backend::orders_seek(&mut self.runner, query, seek, limit)
    }
    fn count_orders(&mut self, query: &OrderQuery) -> Result<usize, String> {
        Backend::count_orders(&mut self.runner, query)
    }
    fn order_position(&mut self, query: &OrderQuery, id: i64) -> Result<Option<usize>, String> {
        Backend::order_position(&mut self.runner, query, id)
    }
    fn oldest_waiting_for_sim(&mut self, customer: i64) -> Result<Option<i64>, String> {
        Backend::oldest_waiting_for_sim(&mut self.runner, customer)
    }
    fn order_detail(&mut self, id: i64) -> Result<Option<OrderDetail>, String> {
        Backend::order_detail(&mut self.runner, id)
    }
    fn free_sims(&mut self, query: &SimQuery) -> Result<Vec<Sim>, String> {
        Backend::free_sims(&mut self.runner, query)
    }
    fn act(&mut self, order: i64, action: Action, sim: Option<SimId>) -> Result<OrderStatus, Failure> {
        Backend::act(&mut self.runner, order, action, sim)
    }
    fn cancel(&mut self, order: i64, reason: CancelReason) -> Result<OrderStatus, Failure> {
        Backend::cancel(&mut self.runner, order, reason)
    }
}

/// Pastes `text` into the app; returns whether the screen changed and how many SIM lookups
/// it took.
fn paste(h: &mut Harness, text: &str) -> (bool, usize) {
    let runner = Driver::new(&mut h.store, h.catalog.clone(), "tester", clock);
    let mut counting = Counting { runner, lookups: 0 };
    let changed = h.app.paste(text, &mut counting);
    h.app.finish_filter();
    (changed, counting.lookups)
}

fn focus(h: &Harness) -> Option<Field> {
    h.app.wizard().and_then(|w| w.focus())
}

/// To step 5 with the first existing user; the page opens on the SIM search.
fn to_sim_step(h: &mut Harness) {
    start_order(h, 3);
    choose(h, 0);
    h.ctrl('n');
    assert_eq!(focus(h), Some(Field::Sim), "{}", h.text());
}

#[test]
fn a_pasted_iccid_is_one_edit_and_one_lookup() {
    let mut h = Harness::new(Lang::De);
    to_sim_step(&mut h);
    let sim = h.unique_sim();
    // Copied from a delivery note: in groups, with a line break at the end.
    let grouped: String =
        sim.chars().collect::<Vec<_>>().chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-");
    let (changed, lookups) = paste(&mut h, &format!("{grouped}\n"));
    assert!(changed);
    assert_eq!(lookups, 1, "one lookup for the whole ICCID, not one per digit");
    let w = h.app.wizard().unwrap();
    assert_eq!(w.text(Field::Sim), sim, "the dashes the field never takes are left out");
    assert_eq!(w.step(), comuniq_order::domain::Step::Sim, "the line break is no Enter");
    assert!(h.text().contains(&sim), "{}", h.text());
}

/// Defect 1: past the field's maximum nothing more is taken, as when typing; the first
/// characters that fit go in (this test used to assert that a too-long paste took nothing).
#[test]
fn a_pasted_text_too_long_for_the_field_keeps_the_first_characters_that_fit() {
    let mut h = Harness::new(Lang::De);
    to_sim_step(&mut h);
    let max = comuniq_order::domain::rules::iccid::QUERY_INPUT.max_len;
    let (changed, lookups) = paste(&mut h, &"1".repeat(40));
    assert!(changed);
    assert_eq!(lookups, 0, "one edit, no lookup per digit (24 digits are no ICCID to look up)");
    assert_eq!(h.app.wizard().unwrap().text(Field::Sim), "1".repeat(max));
    // The tester's case: 41 characters into *Referenz* (40 at most).
    let mut h = Harness::new(Lang::De);
    common::keys::open_order(&mut h, '1', 3);
    h.go_to(Field::Reference);
    assert_eq!(focus(&h), Some(Field::Reference), "{}", h.text());
    let (changed, _) = paste(&mut h, &"A".repeat(41));
    assert!(changed);
    assert_eq!(h.app.wizard().unwrap().text(Field::Reference), "A".repeat(40));
}

#[test]
fn a_pasted_name_is_one_edit_and_its_line_break_no_enter() {
    let mut h = Harness::new(Lang::De);
    start_order(&mut h, 3);
    h.go_to(Field::NewUser);
    h.press(KeyCode::Char(' '));
    h.go_to(Field::FirstName);
    assert_eq!(focus(&h), Some(Field::FirstName), "{}", h.text());
    let (changed, _) = paste(&mut h, "Erika\r\n");
    assert!(changed);
    assert_eq!(h.app.wizard().unwrap().text(Field::FirstName), "Erika");
    assert_eq!(focus(&h), Some(Field::FirstName), "the line break moved nothing on");
    // Typing goes on after the pasted text.
    h.type_text("-Marie");
    assert_eq!(h.app.wizard().unwrap().text(Field::FirstName), "Erika-Marie");
}

#[test]
fn a_paste_into_an_open_list_filters_it() {
    let mut h = Harness::new(Lang::De);
    h.press(KeyCode::Char('1'));
    assert_eq!(focus(&h), Some(Field::Customer));
    h.press(KeyCode::Char(' '));
    assert!(h.app.has_open_list());
    let number = h.customer_number(5);
    let (changed, _) = paste(&mut h, &number);
    assert!(changed);
    h.press(KeyCode::Enter);
    let customer = h.app.wizard().and_then(|w| w.customer()).map(|c| c.number.clone());
    assert_eq!(customer, Some(number));
}

#[test]
fn a_paste_on_the_menu_changes_nothing() {
    let mut h = Harness::new(Lang::De);
    let before = h.text();
    assert_eq!(paste(&mut h, "1"), (false, 0));
    assert_eq!(h.text(), before);
}

/// Defect 9: a paste with an ESC or another control character inside is not the text it
/// looks like: refused whole, the value as it was, the field's message shown (it was turned
/// into "Mül ler" and stored). Line breaks and tabs are layout: a trailing line break goes.
#[test]
fn a_paste_with_a_control_character_is_refused_with_the_fields_message() {
    let mut h = Harness::new(Lang::De);
    common::keys::open_order(&mut h, '1', 3);
    h.go_to(Field::Reference);
    h.type_text("Alt");
    for bad in ["REF\u{1b}[31mX", "\u{1b}]0;x\u{7}", "a\u{9b}b", "Mül\u{1b}ler\n"] {
        let (changed, _) = paste(&mut h, bad);
        assert!(changed, "the message is a change of the screen: {bad:?}");
        assert_eq!(h.app.wizard().unwrap().text(Field::Reference), "Alt", "nothing of it taken: {bad:?}");
        assert!(h.text().contains("Enthält nicht druckbare Zeichen"), "told: {bad:?}\n{}", h.text());
    }
    h.press(KeyCode::Char('!'));
    assert!(!h.text().contains("Enthält nicht druckbare Zeichen"), "until the next key:\n{}", h.text());
    assert_eq!(h.app.wizard().unwrap().text(Field::Reference), "Alt!");
    // The tester's case: a last name with an ESC in it, then the same name with a line break.
    let mut h = Harness::new(Lang::De);
    start_order(&mut h, 3);
    h.go_to(Field::NewUser);
    h.press(KeyCode::Char(' '));
    h.go_to(Field::LastName);
    assert!(paste(&mut h, "Mül\u{1b}ler").0);
    assert_eq!(h.app.wizard().unwrap().text(Field::LastName), "");
    assert!(h.text().contains("Enthält nicht druckbare Zeichen"), "{}", h.text());
    assert!(paste(&mut h, "Müller\n").0);
    assert_eq!(h.app.wizard().unwrap().text(Field::LastName), "Müller");
    // Into an open list's filter: refused too, the filter as it was.
    let mut h = Harness::new(Lang::De);
    h.press(KeyCode::Char('1'));
    h.press(KeyCode::Char(' '));
    assert!(h.app.has_open_list());
    assert!(paste(&mut h, "K-1\u{1b}0").0);
    assert!(h.app.has_open_list());
    assert!(h.text().contains("Enthält nicht druckbare Zeichen"), "{}", h.text());
}
