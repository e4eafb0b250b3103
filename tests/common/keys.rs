//! Orders typed through the keys, as an operator would. A field is reached by its name
//! ([`Harness::go_to`]), never by counting Tab presses, so a field added to a page breaks
//! no script here.

use super::Harness;
use comuniq_order::domain::{Field, Step};
use comuniq_order::tui::Screen;
use ratatui::crossterm::event::KeyCode;

/// On the FMC page: the extension the order gets. An existing user's own extension is
/// preselected and kept; otherwise a free one is typed. Ends with the focus on the PIN.
pub fn fmc_extension(h: &mut Harness, n: usize) -> String {
    let preselected = h.app.wizard().map(|w| w.answers().extension.clone()).unwrap_or_default();
    let ext = if preselected.is_empty() {
        let ext = h.free_extension(n);
        h.fill(Field::Extension, &ext);
        ext
    } else {
        preselected
    };
    h.go_to(Field::Pin);
    ext
}

/// Menu key `menu` ('1' Business, '2' Professional, '3' Expert User), then customer n
/// chosen by typing its number: on step 1, the focus moved on from *Kunde*.
pub fn open_order(h: &mut Harness, menu: char, n: usize) {
    h.press(KeyCode::Char(menu));
    assert_eq!(h.app.screen(), &Screen::Wizard);
    let number = h.customer_number(n);
    h.type_text(&number);
    h.press(KeyCode::Enter);
}

/// Menu → Business User, customer n chosen by typing its number, the catalog's defaults
/// kept (term, data and SMS package), no add-ons: ends on step 4 (Benutzer).
pub fn start_order(h: &mut Harness, n: usize) {
    start_order_as(h, n, '1');
}

/// As [`start_order`], with the voice product of menu key `menu` ('1' Business, '2'
/// Professional, '3' Expert User).
pub fn start_order_as(h: &mut Harness, n: usize, menu: char) {
    open_order(h, menu, n);
    h.ctrl('n');
    assert!(h.text().contains("Voice-Produkt"), "{}", h.text());
    // Step 2: the voice product from the menu, its default data and SMS package.
    h.ctrl('n');
    h.ctrl('n'); // no add-ons
}

/// On step 4 (Benutzer): *Alternativ* ticked, then a new user's user name, first and last
/// name and e-mail typed (no prefix, the first language kept).
pub fn new_user(h: &mut Harness, username: &str, first: &str, last: &str, email: &str) {
    h.go_to(Field::NewUser);
    h.press(KeyCode::Char(' '));
    h.fill(Field::Username, username);
    h.fill(Field::FirstName, first);
    h.fill(Field::LastName, last);
    h.fill(Field::Email, email);
}

/// The standard order up to *Bestätigen*, in either language: Business User for customer
/// n with the catalog's defaults, the new user Erika Mustermann (`erika.muster`,
/// erika@beispiel.de), the SIM now by the last four digits of `sim`, the first free number
/// (preselected), extension `ext` and PIN 4711.
pub fn standard_order_to_confirm(h: &mut Harness, n: usize, sim: &str, ext: &str) {
    open_order(h, '1', n);
    standard_order_from_step_1(h, sim, ext);
}

/// [`standard_order_to_confirm`] with `cost_centre` typed into *Kostenstelle* on step 1.
pub fn standard_order_with_cost_centre_to_confirm(h: &mut Harness, n: usize, sim: &str, ext: &str, cost_centre: &str) {
    open_order(h, '1', n);
    h.fill(Field::CostCentre, cost_centre);
    standard_order_from_step_1(h, sim, ext);
}

/// The rest of [`standard_order_to_confirm`], from step 1 with the customer chosen.
fn standard_order_from_step_1(h: &mut Harness, sim: &str, ext: &str) {
    h.ctrl('n');
    assert_eq!(h.app.wizard().map(|w| w.step()), Some(Step::Connection), "{}", h.text());
    h.ctrl('n');
    h.ctrl('n'); // no add-ons
    assert_eq!(h.app.wizard().map(|w| w.step()), Some(Step::User), "{}", h.text());
    new_user(h, "erika.muster", "Erika", "Mustermann", "erika@beispiel.de");
    h.ctrl('n');
    // Step 5 opens on the SIM field.
    h.type_text(&sim[sim.len() - 4..]);
    h.ctrl('n');
    h.ctrl('n');
    fmc(h, ext, "4711");
    h.ctrl('n');
}

/// On the FMC page: `ext` typed as the extension (the name follows the user), `pin` as
/// the PIN.
pub fn fmc(h: &mut Harness, ext: &str, pin: &str) {
    h.fill(Field::Extension, ext);
    h.fill(Field::Pin, pin);
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

/// Goes to the dropdown `field` and takes the option `downs` rows below the highlighted one.
pub fn choose_in(h: &mut Harness, field: Field, downs: usize) {
    h.go_to(field);
    choose(h, downs);
}

/// On step 5 (SIM): *SIM Karte später verknüpfen und liefern*.
pub fn sim_later(h: &mut Harness) {
    choose_in(h, Field::SimOption, 1);
}

/// From the menu to the FMC page: the first existing user, SIM later, the first free number
/// (preselected).
pub fn to_fmc_sim_later(h: &mut Harness, n: usize) {
    start_order(h, n);
    choose(h, 0); // the first existing user
    h.ctrl('n');
    // The page opens on *SIM auswählen*, which needs an answer; the option above it.
    sim_later(h);
    h.ctrl('n');
    h.ctrl('n'); // the first free number, preselected
}

/// A whole order with the first existing user, SIM later and a new number; placed.
pub fn order_sim_later(h: &mut Harness, n: usize) {
    to_fmc_sim_later(h, n);
    fmc_extension(h, n);
    h.type_text("4711");
    h.ctrl('n');
    h.ctrl('n');
}
