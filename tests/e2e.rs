//! End to end: keys through the real key handling, the order into a real SQLite file,
//! then the rows read back with SQL.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::Harness;
use common::keys::{
    choose, choose_in, fmc, fmc_extension, open_order, sim_later, standard_order_to_confirm,
    standard_order_with_cost_centre_to_confirm, start_order, to_fmc_sim_later,
};
use common::readback::{ExpectedOrder, Porting, assert_stored};
use comuniq_order::domain::field::OrderTexts;
use comuniq_order::domain::order::NewUser;
use comuniq_order::domain::{Field, Step};
use comuniq_order::i18n::Lang;
use comuniq_order::tui::Screen;
use ratatui::crossterm::event::KeyCode;

/// What start_order() chooses: Business User for the customer, the preselected portfolio,
/// no reference, today, the first term (1 month), the first data and SMS package (SMS none,
/// which costs nothing and so has no invoice item), no add-ons.
/// The user, SIM, number, extension, PIN and invoice items are each test's own.
fn business_order(c: &comuniq_order::demo::DemoCustomer) -> ExpectedOrder {
    ExpectedOrder {
        customer: c.number.clone(),
        portfolio: "standard",
        texts: OrderTexts::from_values(|_| String::new()),
        start_date: common::today().to_string(),
        term: "m24",
        term_months: 24,
        voice: "business",
        data: "data-1",
        sms: "sms-none",
        addons: vec![],
        user: first_user(c),
        sim: None,
        e164: String::new(),
        porting: None,
        extension: String::new(),
        extension_attached: false,
        display_name: String::new(),
        area_code: c.area_code.clone(),
        pin: "",
        auto_invoice: true,
        items: vec![],
    }
}

/// The customer's first user as the dropdown lists them (by last name, first name, user name).
fn first_user(c: &comuniq_order::demo::DemoCustomer) -> NewUser {
    let mut users = c.users.clone();
    users.sort_by(|a, b| (&a.last_name, &a.first_name, &a.username).cmp(&(&b.last_name, &b.first_name, &b.username)));
    // The demo's users are the domain's NewUser rows already.
    users.swap_remove(0)
}

/// The order of `to_fmc_sim_later` placed with PIN 4711: the customer's first user, SIM
/// later, the new number `e164`, the extension `ext` (`attached`: the user's own).
fn first_user_sim_later(
    c: &comuniq_order::demo::DemoCustomer,
    e164: String,
    ext: String,
    attached: bool,
) -> ExpectedOrder {
    ExpectedOrder {
        user: first_user(c),
        sim: None,
        e164,
        porting: None,
        extension: ext,
        extension_attached: attached,
        display_name: display_name(&first_user(c)),
        pin: "4711",
        auto_invoice: true,
        items: vec![("business", 990, "monthly"), ("data-1", 490, "monthly"), ("sim-later", 1490, "one_time")],
        ..business_order(c)
    }
}

/// The name step 7 fills in for a user.
fn display_name(u: &NewUser) -> String {
    format!("{} {}", u.first_name, u.last_name)
}

/// The customer's first free number, as the number dropdown lists them (by E.164).
fn first_free_number(h: &Harness, n: usize) -> String {
    h.data.customers[n].numbers.iter().min().unwrap().clone()
}

fn count(h: &Harness, sql: &str) -> i64 {
    h.sql().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The order `standard_order_to_confirm` places for customer 3 with `sim` and `ext`.
fn standard_order(h: &Harness, sim: &str, ext: &str) -> ExpectedOrder {
    ExpectedOrder {
        user: common::orders::new_user("erika.muster", "Erika", "Mustermann", "erika@beispiel.de"),
        sim: Some(sim.to_string()),
        e164: first_free_number(h, 3),
        porting: None,
        extension: ext.to_string(),
        display_name: "Erika Mustermann".into(),
        pin: "4711",
        auto_invoice: true,
        items: vec![("business", 990, "monthly"), ("data-1", 490, "monthly"), ("sim-now", 990, "one_time")],
        ..business_order(&h.data.customers[3])
    }
}

#[test]
fn new_user_sim_now_and_new_number() {
    let mut h = Harness::new(Lang::De);
    // Step 4: a new user; step 5: SIM now, by its last four digits (the page opens on that
    // field); step 6: a new number from the customer's pool, the first one preselected;
    // step 7: extension and PIN, the name defaults to the user's.
    let (sim, ext) = (h.unique_sim(), h.free_extension(3));
    standard_order_to_confirm(&mut h, 3, &sim, &ext);
    assert!(h.text().contains("Erika Mustermann"), "{}", h.text());
    h.ctrl('n');
    let Screen::Placed(placed) = h.app.screen().clone() else { panic!("not placed:\n{}", h.text()) };
    assert!(h.text().contains(&placed.order_no));

    assert_stored(&h.sql(), &placed, &standard_order(&h, &sim, &ext));
    // Any key returns to the menu.
    h.press(KeyCode::Char('x'));
    assert_eq!(h.app.screen(), &Screen::Menu);
}

/// The cost centre typed on step 1: the field takes at most the rule's 20 characters,
/// *Bestätigen* shows it, the order row keeps it trimmed in `orders.cost_centre`, and the
/// overview's detail shows it.
#[test]
fn a_cost_centre_typed_on_step_1_is_confirmed_stored_and_in_the_detail() {
    let mut h = Harness::new(Lang::De);
    let (sim, ext) = (h.unique_sim(), h.free_extension(3));
    // 23 characters typed, a space first: the field keeps the first 20.
    standard_order_with_cost_centre_to_confirm(&mut h, 3, &sim, &ext, " KST-4711/Vertrieb Nord");
    assert_eq!(text_of(&h, Field::CostCentre), " KST-4711/Vertrieb N");
    assert_eq!(h.app.wizard().map(|w| w.step()), Some(Step::Confirm), "{}", h.text());
    assert!(h.text().contains("Kostenstelle KST-4711/Vertrieb N"), "{}", h.text());
    h.ctrl('n');
    let Screen::Placed(placed) = h.app.screen().clone() else { panic!("not placed:\n{}", h.text()) };

    let stored: String =
        h.sql().query_row("SELECT cost_centre FROM orders WHERE id = ?1", [placed.id], |r| r.get(0)).unwrap();
    assert_eq!(stored, "KST-4711/Vertrieb N");
    // Every other column as for the same order without a cost centre.
    let texts = OrderTexts::from_values(|f| if f == Field::CostCentre { stored.clone() } else { String::new() });
    assert_stored(&h.sql(), &placed, &ExpectedOrder { texts, ..standard_order(&h, &sim, &ext) });

    // The overview's detail of the order.
    h.press(KeyCode::Char('x'));
    h.press(KeyCode::Char('4'));
    h.press(KeyCode::Enter);
    let detail = h.text();
    assert!(detail.contains(&placed.order_no), "{detail}");
    assert!(detail.contains("  Kostenstelle        KST-4711/Vertrieb N"), "{detail}");
}

#[test]
fn existing_user_sim_later_and_porting() {
    let mut h = Harness::new(Lang::De);
    start_order(&mut h, 5);
    // Step 4: the first existing user.
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    h.ctrl('n');
    // Step 5: link the SIM later (the page opens on *SIM auswählen*).
    sim_later(&mut h);
    assert!(h.text().contains("Bestellübersicht"), "the SIM-later note:\n{}", h.text());
    h.ctrl('n');
    // Step 6: port a number in.
    choose(&mut h, 1);
    h.type_text("030 98765432");
    choose_in(&mut h, Field::Donor, 0);
    h.ctrl('n');
    // The first user's own extension, if he has one, carries the mobile line.
    let attached = !text_of(&h, Field::Extension).is_empty();
    let ext = fmc_extension(&mut h, 5);
    h.type_text("0000");
    h.ctrl('n');
    let confirm = h.text();
    assert!(confirm.contains("SIM-Karte nicht verknüpft"), "{confirm}");
    assert!(confirm.contains("Portierung ausstehend"), "{confirm}");
    assert!(confirm.contains("PIN 0000"), "{confirm}");
    // Untick automatic invoicing: the manual note appears, and no items are written.
    h.press(KeyCode::Char(' '));
    assert!(h.text().contains("manuell"), "{}", h.text());
    h.ctrl('n');
    let Screen::Placed(placed) = h.app.screen().clone() else { panic!("not placed:\n{}", h.text()) };

    let c = &h.data.customers[5];
    let expected = ExpectedOrder {
        user: first_user(c),
        sim: None,
        e164: "+493098765432".into(),
        porting: Some(Porting { donor: "telekom", date: None }),
        extension: ext.clone(),
        extension_attached: attached,
        display_name: display_name(&first_user(c)),
        pin: "0000",
        auto_invoice: false,
        items: vec![],
        ..business_order(c)
    };
    assert_stored(&h.sql(), &placed, &expected);
    assert_eq!(count(&h, "SELECT count(*) FROM invoice_items"), 0);
    assert_eq!(count(&h, "SELECT count(*) FROM sims WHERE state = 'assigned'"), 0);
}

#[test]
fn taken_extension_is_refused_then_corrected_and_placed() {
    let mut h = Harness::new(Lang::De);
    to_fmc_sim_later(&mut h, 7);
    // An extension the customer already has.
    let taken = h.data.customers[7].extensions[0].clone();
    fmc(&mut h, &taken.number, "4711");
    h.ctrl('n');
    let screen = h.text();
    assert!(screen.contains("✗ Schon vergeben an"), "{screen}");
    assert!(screen.matches(taken.name.split(' ').next_back().unwrap()).count() >= 2, "the holder is named:\n{screen}");
    assert!(screen.contains("▸ Nebenstellennummer"), "focus is back on the extension:\n{screen}");
    assert_eq!(count(&h, "SELECT count(*) FROM orders"), 0);
    // Correct it and place the order.
    for _ in 0..taken.number.len() {
        h.press(KeyCode::Backspace);
    }
    let ext = h.free_extension(7);
    h.type_text(&ext);
    h.ctrl('n');
    h.ctrl('n');
    let Screen::Placed(placed) = h.app.screen().clone() else { panic!("not placed:\n{}", h.text()) };
    let expected = first_user_sim_later(&h.data.customers[7], first_free_number(&h, 7), ext, false);
    assert_stored(&h.sql(), &placed, &expected);
}

#[test]
fn esc_on_the_first_step_keeps_the_order_in_the_menu() {
    let mut h = Harness::new(Lang::De);
    let number = h.customer_number(1);
    open_order(&mut h, '2', 1);
    h.press(KeyCode::Esc);
    assert_eq!(h.app.screen(), &Screen::Menu);
    assert!(h.text().contains("Angefangene Bestellung fortsetzen"), "{}", h.text());
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen(), &Screen::Wizard);
    assert_eq!(h.app.wizard().and_then(|w| w.customer()).map(|c| c.number.clone()), Some(number));
}

#[test]
fn a_number_taken_meanwhile_goes_back_to_its_step_with_the_free_ones() {
    use comuniq_order::domain::order::{self, NewUser, UserChoice};
    let mut h = Harness::new(Lang::De);
    to_fmc_sim_later(&mut h, 5);
    let attached = !text_of(&h, Field::Extension).is_empty();
    let ext = fmc_extension(&mut h, 5);
    // The user's own extension when he has one; the other order then takes a free one.
    let theirs_ext =
        if ext == h.free_extension(5) { format!("{}9", &ext[..ext.len() - 1]) } else { h.free_extension(5) };
    h.type_text("4711");
    h.ctrl('n');
    let w = h.app.wizard().unwrap();
    let chosen = w.answers().number.unwrap();
    // Another operator, in another program, takes the same number first.
    let mut req = comuniq_order::driver::hash_pin(order::build(w.answers(), &w.facts()).unwrap());
    req.user = UserChoice::New(NewUser {
        username: "bernd.schnell".into(),
        first_name: "Bernd".into(),
        prefix: String::new(),
        last_name: "Schnell".into(),
        email: "bernd@beispiel.de".into(),
        language: "de".into(),
    });
    req.extension = theirs_ext;
    let mut other = common::db::open(&h.db_path());
    let theirs = other.place_order(&req, "bernd", common::clock()).unwrap();
    // Bestellen: back on the number step, told which order has it, offered the free ones.
    h.ctrl('n');
    let w = h.app.wizard().unwrap();
    assert_eq!(w.step(), Step::Number, "{}", h.text());
    assert!(h.text().contains(&theirs.order_no), "{}", h.text());
    let offered: Vec<_> = w.options(Field::Number).into_iter().map(|o| o.value).collect();
    assert!(!offered.is_empty() && !offered.contains(&comuniq_order::wizard::OptValue::Id(chosen)), "{offered:?}");
    // Take a free one and place the order.
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    h.ctrl('n');
    h.ctrl('n');
    h.ctrl('n');
    let Screen::Placed(placed) = h.app.screen().clone() else { panic!("not placed:\n{}", h.text()) };
    // The first of the numbers still free: theirs is gone from the list.
    let taken: String = h.sql().query_row("SELECT e164 FROM orders WHERE id = ?1", [theirs.id], |r| r.get(0)).unwrap();
    let mut free = h.data.customers[5].numbers.clone();
    free.retain(|n| *n != taken);
    free.sort();
    let expected = first_user_sim_later(&h.data.customers[5], free[0].clone(), ext, attached);
    assert_stored(&h.sql(), &placed, &expected);
}

/// The text of a field, as the wizard holds it.
fn text_of(h: &Harness, field: Field) -> String {
    h.app.wizard().map(|w| w.text(field).to_string()).unwrap_or_default()
}

#[test]
fn enter_places_the_order_only_on_the_bestellen_button() {
    let mut h = Harness::new(Lang::De);
    to_fmc_sim_later(&mut h, 4);
    let ext = fmc_extension(&mut h, 4);
    h.type_text("4711");
    h.press(KeyCode::Enter); // Enter from the FMC page's fields moves on, then to Bestätigen
    h.press(KeyCode::Enter);
    assert_eq!(h.app.wizard().map(|w| w.step()), Some(Step::Confirm), "{}", h.text());
    let screen = h.text();
    assert!(screen.contains("[ Bestellen ]"), "the button is shown:\n{screen}");
    assert!(screen.contains("Enter auf [Bestellen]"), "the footer names it:\n{screen}");
    assert!(screen.contains("▸ [x] Rechnungspositionen"), "focus on the checkbox first:\n{screen}");
    // Enter on the checkbox moves to the button; it orders nothing.
    h.press(KeyCode::Enter);
    assert_eq!(count(&h, "SELECT count(*) FROM orders"), 0);
    assert!(h.text().contains("▸ [ Bestellen ]"), "{}", h.text());
    // Tab goes round to the checkbox, Shift+Tab back to the button.
    h.press(KeyCode::Tab);
    assert!(h.text().contains("▸ [x] Rechnungspositionen"), "{}", h.text());
    h.press(KeyCode::BackTab);
    h.press(KeyCode::Enter);
    let Screen::Placed(placed) = h.app.screen().clone() else { panic!("not placed:\n{}", h.text()) };
    let stored: String = h.sql().query_row("SELECT extension FROM orders", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, ext);
    assert!(placed.order_no.starts_with("CO-"), "{}", placed.order_no);
}

#[test]
fn enter_on_a_filled_dropdown_moves_on_and_an_empty_one_opens() {
    let mut h = Harness::new(Lang::De);
    h.press(KeyCode::Char('1'));
    // The customer is empty: Enter opens its list.
    h.press(KeyCode::Enter);
    assert!(h.app.has_open_list(), "{}", h.text());
    h.press(KeyCode::Esc);
    h.type_text(&h.customer_number(2));
    h.press(KeyCode::Enter);
    assert!(h.text().contains("▸ Portfolio"), "{}", h.text());
    // Portfolio is filled: Enter moves to Referenz without opening the list.
    h.press(KeyCode::Enter);
    assert!(!h.app.has_open_list());
    assert!(h.text().contains("▸ Referenz"), "{}", h.text());
    // Space still opens a filled dropdown, typing opens it filtered.
    h.go_to(Field::Portfolio);
    h.press(KeyCode::Char(' '));
    assert!(h.app.has_open_list(), "{}", h.text());
    h.press(KeyCode::Esc);
    h.press(KeyCode::Char('f'));
    assert!(h.app.has_open_list(), "{}", h.text());
}

#[test]
fn dates_type_in_both_forms_and_step_by_a_day_only_when_complete() {
    let mut h = Harness::new(Lang::De);
    open_order(&mut h, '1', 2);
    h.go_to(Field::StartDate);
    assert!(h.text().contains("▸ Startdatum"), "{}", h.text());
    // Typing over the shown date replaces it; `-` is part of an ISO date being typed.
    h.type_text("2027-01-15");
    assert_eq!(text_of(&h, Field::StartDate), "2027-01-15");
    // On a complete date, + and - move it by a day.
    h.press(KeyCode::Char('+'));
    assert_eq!(text_of(&h, Field::StartDate), "16.01.2027");
    h.press(KeyCode::Char('-'));
    h.press(KeyCode::Char('-'));
    assert_eq!(text_of(&h, Field::StartDate), "14.01.2027");
    // Ctrl+U empties it, as in every text field; then German form.
    h.ctrl('u');
    assert_eq!(text_of(&h, Field::StartDate), "");
    h.type_text("1.2.2027x");
    assert_eq!(text_of(&h, Field::StartDate), "1.2.2027", "a letter is no part of a date");
    // A start date in the past is refused next to the field.
    h.ctrl('u');
    h.type_text("25.11.2026");
    assert!(h.text().contains("✗ Das Datum liegt in der Vergangenheit"), "{}", h.text());
}

#[test]
fn ctrl_u_clears_the_sim_and_pin_fields_too() {
    let mut h = Harness::new(Lang::De);
    start_order(&mut h, 3);
    choose(&mut h, 0);
    h.ctrl('n');
    h.type_text("1234");
    h.ctrl('u');
    h.type_text("5678");
    assert_eq!(text_of(&h, Field::Sim), "5678");
    sim_later(&mut h);
    h.ctrl('n');
    h.ctrl('n');
    h.go_to(Field::Pin);
    assert!(h.text().contains("▸ PIN-Code"), "{}", h.text());
    h.type_text("1234");
    h.ctrl('u');
    h.type_text("4711");
    assert_eq!(h.app.wizard().unwrap().answers().pin, "4711");
    // The PIN takes six digits at most, from its rule.
    h.type_text("123");
    assert_eq!(h.app.wizard().unwrap().answers().pin, "471112");
}

#[test]
fn a_porting_date_before_the_start_date_is_refused_next_to_the_field() {
    let mut h = Harness::new(Lang::De);
    open_order(&mut h, '1', 5);
    h.fill(Field::StartDate, "10.12.2026");
    h.ctrl('n');
    h.ctrl('n');
    h.ctrl('n');
    choose(&mut h, 0);
    h.ctrl('n');
    sim_later(&mut h);
    h.ctrl('n');
    choose(&mut h, 1); // porting
    h.type_text("030 98765432");
    choose_in(&mut h, Field::Donor, 0); // the first donor
    choose(&mut h, 1); // on a date
    assert!(h.text().contains("▸ Portierungsdatum"), "{}", h.text());
    h.type_text("09.12.2026");
    assert_eq!(text_of(&h, Field::PortDate), "09.12.2026");
    assert!(h.text().contains("✗ Die Portierung kann nicht vor dem Startdatum liegen"), "{}", h.text());
    h.ctrl('n');
    assert_eq!(h.app.wizard().map(|w| w.step()), Some(Step::Number), "refused");
    h.press(KeyCode::Char('+'));
    assert_eq!(text_of(&h, Field::PortDate), "10.12.2026");
    h.ctrl('n');
    assert_eq!(h.app.wizard().map(|w| w.step()), Some(Step::Fmc), "{}", h.text());
}

#[test]
fn keys_wait_while_the_terminal_is_too_small() {
    let mut h = Harness::new(Lang::De);
    start_order(&mut h, 3);
    let before = h.app.wizard().unwrap().answers().clone();
    let small = h.screen_sized(50, 15);
    assert!(small.to_string().contains("zu klein"), "{small}");
    // Whatever is pressed while the page can't be seen changes nothing.
    for code in [KeyCode::Char(' '), KeyCode::Tab, KeyCode::Enter, KeyCode::Char('x'), KeyCode::Esc, KeyCode::F(1)] {
        h.press(code);
    }
    h.ctrl('n');
    h.ctrl('u');
    let w = h.app.wizard().unwrap();
    assert_eq!(w.step(), Step::User);
    assert_eq!(w.answers(), &before);
    assert_eq!(h.app.screen(), &Screen::Wizard);
    // Once it is large again, keys work; Ctrl+C quits even while small.
    assert!(h.text().contains("▸ Benutzer auswählen"), "{}", h.text());
    let fields = h.app.wizard().unwrap().fields();
    let next = fields[fields.iter().position(|f| *f == Field::ExistingUser).unwrap() + 1];
    h.press(KeyCode::Tab);
    assert_eq!(h.focus(), Some(next), "Tab moves on:\n{}", h.text());
    assert!(!h.text().contains("▸ Benutzer auswählen"), "{}", h.text());
    h.screen_sized(50, 15);
    h.ctrl('c');
    assert!(h.app.should_quit());
    assert!(h.app.quit_by_ctrl_c(), "Ctrl+C ends as interrupted (exit 130)");
}

/// A storage error (here at the SIM search) is shown in the operator's language, German by
/// default, as the command line shows it; the engine's own words only after it.
#[test]
fn a_storage_error_is_shown_in_german() {
    let mut h = Harness::new(Lang::De);
    let sim = h.unique_sim();
    start_order(&mut h, 3);
    choose(&mut h, 0); // the first existing user
    h.ctrl('n');
    assert_eq!(h.focus(), Some(Field::Sim), "{}", h.text());
    h.break_sims();
    h.type_text(&sim[sim.len() - 4..]);
    let screen = h.text();
    assert!(screen.contains("Datenbankfehler: "), "{screen}");
    assert!(!screen.contains("database error"), "{screen}");
}

/// More free SIMs share the digits than one lookup lists (50): the full screen's count says
/// "Mindestens 50", never a plain "50" as if those were all.
#[test]
fn a_capped_sim_count_says_at_least() {
    let mut h = Harness::new(Lang::De);
    h.stock_sims_ending("7777", 60);
    start_order(&mut h, 3);
    choose(&mut h, 0); // the first existing user
    h.ctrl('n');
    assert_eq!(h.focus(), Some(Field::Sim), "{}", h.text());
    h.type_text("7777");
    h.ctrl('n'); // refused: several SIMs match, and the field says how many
    let screen = h.text();
    assert!(screen.contains("Mindestens 50 freie SIM-Karten enden auf 7777"), "{screen}");
    assert_eq!(screen.matches("50 freie").count(), screen.matches("Mindestens 50 freie").count(), "{screen}");
}
