//! Orders typed through the keys, as an operator would.

use super::Harness;
use comuniq_order::domain::Extension;
use comuniq_order::domain::rules::extension;
use comuniq_order::tui::Screen;
use ratatui::crossterm::event::KeyCode;

/// A free extension for the n-th demo customer, valid by every rule.
pub fn free_extension(h: &Harness, n: usize) -> String {
    let c = &h.data.customers[n];
    let existing: Vec<Extension> =
        c.extensions.iter().map(|e| Extension { number: e.number.clone(), name: e.name.clone() }).collect();
    let start = 10u32.pow(u32::from(c.dial_plan_len) - 1) * 2;
    (start..start * 5).map(|n| n.to_string()).find(|n| extension::check(n, c.dial_plan_len, &existing).is_ok()).unwrap()
}

/// Menu → Business User, customer n chosen by typing its number, the catalog's defaults
/// kept (term, data and SMS package), no add-ons: ends on step 4 (Benutzer).
pub fn start_order(h: &mut Harness, n: usize) {
    h.press(KeyCode::Char('1'));
    assert_eq!(h.app.screen(), &Screen::Wizard);
    let number = h.customer_number(n);
    h.type_text(&number);
    h.press(KeyCode::Enter);
    h.ctrl('n');
    assert!(h.text().contains("Voice-Produkt"), "{}", h.text());
    // Step 2: the voice product from the menu, its default data and SMS package.
    h.ctrl('n');
    h.ctrl('n'); // no add-ons
}

/// Opens the focused dropdown (Space opens it, filled or not) and takes the option `downs`
/// rows below the highlighted one.
pub fn choose(h: &mut Harness, downs: usize) {
    h.press(KeyCode::Char(' '));
    for _ in 0..downs {
        h.press(KeyCode::Down);
    }
    h.press(KeyCode::Enter);
}

/// From the menu to the FMC page: the first existing user, SIM later, the first free number
/// (preselected).
pub fn to_fmc_sim_later(h: &mut Harness, n: usize) {
    start_order(h, n);
    choose(h, 0); // the first existing user
    h.ctrl('n');
    // The page opens on *SIM auswählen*, which needs an answer; back to the option above.
    h.press(KeyCode::BackTab);
    choose(h, 1); // SIM Karte später verknüpfen und liefern
    h.ctrl('n');
    h.ctrl('n'); // the first free number, preselected
}

/// A whole order with the first existing user, SIM later and a new number; placed.
pub fn order_sim_later(h: &mut Harness, n: usize) {
    to_fmc_sim_later(h, n);
    let ext = free_extension(h, n);
    h.type_text(&ext);
    h.tab(2);
    h.type_text("4711");
    h.ctrl('n');
    h.ctrl('n');
}
