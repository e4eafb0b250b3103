//! The mouse is optional, but where there is one it works: click a field or an option,
//! scroll a list.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::Harness;
use comuniq_order::domain::Field;
use comuniq_order::i18n::Lang;
use ratatui::crossterm::event::{KeyCode, MouseButton, MouseEventKind};

const CLICK: MouseEventKind = MouseEventKind::Down(MouseButton::Left);

#[test]
fn click_a_field_then_an_option() {
    let mut h = Harness::new(Lang::De);
    h.press(KeyCode::Char('1'));
    let (x, y) = h.find("Vertragsdauer");
    h.mouse(CLICK, x, y);
    assert_eq!(h.app.wizard().and_then(|w| w.focus()), Some(Field::Term));
    assert!(h.text().contains("12 Monate"), "the list opened:\n{}", h.text());
    let (x, y) = h.find("12 Monate");
    h.mouse(CLICK, x, y);
    assert_eq!(h.app.wizard().and_then(|w| w.answers().term.clone()), Some("m12".to_string()));
}

#[test]
fn scroll_a_list_and_tick_a_checkbox() {
    let mut h = Harness::new(Lang::De);
    h.press(KeyCode::Char('1'));
    h.press(KeyCode::Enter); // the customer list
    h.mouse(MouseEventKind::ScrollDown, 30, 8);
    h.mouse(MouseEventKind::ScrollDown, 30, 8);
    h.press(KeyCode::Enter);
    let second_next = h.store.customers().unwrap()[2].id;
    assert_eq!(h.app.wizard().and_then(|w| w.answers().customer), Some(second_next), "two rows down");
    // On to the add-ons (the catalog's defaults fill steps 1 and 2), and tick one with a click.
    h.ctrl('n');
    h.ctrl('n');
    let (x, y) = h.find("Fax2Mail");
    h.mouse(CLICK, x, y);
    assert!(h.text().contains("[x] Fax2Mail"), "{}", h.text());
}
