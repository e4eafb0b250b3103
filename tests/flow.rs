//! The wizard's derived defaults and clearing, through the real key handling and a real
//! database: an existing user keeps his extension, a refused add-on never blocks the page,
//! and the FMC name follows the user, whatever the operator went back to change.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::Harness;
use common::keys::{choose, choose_in, fmc_extension, open_order, to_fmc_sim_later};
use common::rows::{int, row, rows, text};
use comuniq_order::domain::rules::RuleError;
use comuniq_order::domain::{Field, Step};
use comuniq_order::i18n::Lang;
use comuniq_order::store::ActionRequest;
use comuniq_order::tui::Screen;
use ratatui::crossterm::event::KeyCode;

fn placed_id(h: &Harness) -> i64 {
    match h.app.screen() {
        Screen::Placed(p) => p.id,
        other => panic!("not placed ({other:?}):\n{}", h.text()),
    }
}

fn extension_count(h: &Harness, customer: i64) -> usize {
    rows(&h.sql(), &format!("SELECT id FROM extensions WHERE customer_id = {customer}")).len()
}

#[test]
fn an_existing_users_extension_gets_the_mobile_line_and_no_second_one() {
    let mut h = Harness::new(Lang::De);
    let n = h.customer_whose_first_user_has_extension(true);
    let user = h.offered_users(n)[0].clone();
    let own = user.extension.clone().unwrap();
    let customer = h.customer_id(n);
    let before = extension_count(&h, customer);
    let own_name = extension_name(&h, customer, &own);
    to_fmc_sim_later(&mut h, n);
    assert_eq!(h.app.wizard().unwrap().answers().extension, own, "preselected");
    assert_eq!(h.app.wizard().unwrap().shown_error(Field::Extension), None, "accepted, not 'taken'");
    place_from_fmc(&mut h, n);
    let order = row(&h.sql(), "orders", placed_id(&h));
    assert_eq!((text(&order, "extension"), int(&order, "user_id")), (own.clone(), Some(user.id)));
    assert_eq!(extension_count(&h, customer), before, "no second extension");
    let ext =
        &rows(&h.sql(), &format!("SELECT * FROM extensions WHERE customer_id = {customer} AND number = '{own}'"))[0];
    assert_eq!(int(ext, "order_id"), int(&order, "id"), "the mobile line is on his extension");
    assert_eq!((int(ext, "user_id"), text(ext, "name")), (Some(user.id), own_name.clone()), "keeps its name");
    assert_eq!(int(ext, "attached"), Some(1));
    assert!(common::audit(&h.sql()).is_empty(), "{:?}", common::audit(&h.sql()));
    // Cancelling gives the extension back to the user, it doesn't delete it.
    cancel(&mut h, int(&order, "id").unwrap());
    let ext =
        &rows(&h.sql(), &format!("SELECT * FROM extensions WHERE customer_id = {customer} AND number = '{own}'"))[0];
    assert_eq!((int(ext, "order_id"), int(ext, "attached"), int(ext, "user_id")), (None, Some(0), Some(user.id)));
    assert_eq!(text(ext, "name"), own_name);
    assert_eq!(extension_count(&h, customer), before);
}

fn extension_name(h: &Harness, customer: i64, number: &str) -> String {
    let rows =
        rows(&h.sql(), &format!("SELECT * FROM extensions WHERE customer_id = {customer} AND number = '{number}'"));
    text(&rows[0], "name")
}

fn cancel(h: &mut Harness, order: i64) {
    let reason = comuniq_order::domain::lifecycle::CancelReason::Other;
    h.store.act(order, &ActionRequest::Cancel(reason), "tester", common::clock()).unwrap();
}

/// The tester's report: a *Name* typed for one user, then another user chosen. The name
/// follows the new user (with a notice on the FMC page), his own extension keeps its name,
/// and a display name typed for him stays on the order only, through cancelling too.
#[test]
fn a_name_typed_for_one_user_follows_another_and_an_attached_extension_keeps_its_name() {
    let mut h = Harness::new(Lang::De);
    let (n, j) = (0..common::CUSTOMERS)
        .find_map(|n| {
            let users = h.offered_users(n);
            let j = users.iter().skip(1).position(|u| u.extension.is_some())? + 1;
            users[0].extension.is_some().then_some((n, j))
        })
        .expect("a customer with two users who have extensions");
    let (first, second) = (h.offered_users(n)[0].clone(), h.offered_users(n)[j].clone());
    let customer = h.customer_id(n);
    let (own, own_name) =
        (second.extension.clone().unwrap(), extension_name(&h, customer, second.extension.as_ref().unwrap()));
    to_fmc_sim_later(&mut h, n);
    h.go_to(Field::DisplayName);
    h.ctrl('u');
    h.type_text("Typed Mobile");
    h.go_to(Field::Pin); // leaving the field
    assert_eq!(h.app.wizard().unwrap().answers().display_name, "Typed Mobile");
    for _ in 0..3 {
        h.press(KeyCode::Esc);
    }
    assert_eq!(h.app.wizard().unwrap().step(), Step::User, "{}", h.text());
    choose(&mut h, j);
    let w = h.app.wizard().unwrap();
    assert_eq!(w.answers().existing_user, Some(second.id));
    assert_eq!((w.answers().extension.clone(), w.answers().display_name.clone()), (own.clone(), second.full_name()));
    let told = format!("Name folgt wieder dem Benutzer: der eingegebene Name galt {}", first.full_name());
    assert!(h.text().contains(&told), "told where the user changed:\n{}", h.text());
    for _ in 0..3 {
        h.ctrl('n');
    }
    assert_eq!(h.app.wizard().unwrap().step(), Step::Fmc, "{}", h.text());
    // Cut at 80 columns by the list of extensions beside it.
    assert!(h.text().contains("! Name folgt wieder dem Benutzer: der"), "and on the FMC page:\n{}", h.text());
    let notices = h.app.wizard().unwrap().notices().to_vec();
    assert_eq!(notices.iter().map(|n| n.typed_for.clone()).collect::<Vec<_>>(), vec![Some(first.full_name())]);
    // A name typed for him now: on the order, not on his extension.
    h.go_to(Field::DisplayName);
    h.ctrl('u');
    h.type_text("Second Mobile");
    place_from_fmc(&mut h, n);
    let id = placed_id(&h);
    let order = row(&h.sql(), "orders", id);
    assert_eq!((text(&order, "display_name"), int(&order, "user_id")), ("Second Mobile".to_string(), Some(second.id)));
    assert_eq!(text(&order, "extension"), own);
    assert_eq!(extension_name(&h, customer, &own), own_name, "his extension keeps its name");
    cancel(&mut h, id);
    let ext =
        &rows(&h.sql(), &format!("SELECT * FROM extensions WHERE customer_id = {customer} AND number = '{own}'"))[0];
    assert_eq!((text(ext, "name"), int(ext, "order_id"), int(ext, "attached")), (own_name, None, Some(0)));
}

#[test]
fn an_existing_user_without_an_extension_gets_a_new_one() {
    let mut h = Harness::new(Lang::De);
    let n = h.customer_whose_first_user_has_extension(false);
    let customer = h.customer_id(n);
    let before = extension_count(&h, customer);
    to_fmc_sim_later(&mut h, n);
    assert_eq!(h.app.wizard().unwrap().answers().extension, "", "nothing to preselect");
    place_from_fmc(&mut h, n);
    let order = row(&h.sql(), "orders", placed_id(&h));
    assert_eq!(text(&order, "extension"), h.free_extension(n));
    assert_eq!(extension_count(&h, customer), before + 1);
    // Cancelled, the extension the order created goes.
    cancel(&mut h, int(&order, "id").unwrap());
    assert_eq!(extension_count(&h, customer), before);
}

#[test]
fn another_extension_for_a_user_who_has_one_is_refused_with_his_own() {
    let mut h = Harness::new(Lang::De);
    let n = h.customer_whose_first_user_has_extension(true);
    let own = h.offered_users(n)[0].extension.clone().unwrap();
    to_fmc_sim_later(&mut h, n);
    h.go_to(Field::Extension);
    for _ in 0..own.len() {
        h.press(KeyCode::Backspace);
    }
    h.type_text(&h.free_extension(n));
    let w = h.app.wizard().unwrap();
    assert_eq!(w.shown_error(Field::Extension), Some(RuleError::ExtensionOfUser { own: own.clone() }));
    assert!(h.text().contains("Der Benutzer hat schon die"), "{}", h.text());
    h.ctrl('n');
    assert_eq!(h.app.wizard().unwrap().step(), Step::Fmc, "no second extension");
}

/// Professional User for customer n, on the add-ons page with the focus on its first row
/// (in either language: no screen text is looked for on the way).
fn to_addons(h: &mut Harness, n: usize) {
    open_order(h, '2', n);
    choose_in(h, Field::Term, 0);
    h.ctrl('n');
    choose_in(h, Field::Data, 0);
    choose_in(h, Field::Sms, 0);
    h.ctrl('n');
    assert_eq!(h.app.wizard().unwrap().step(), Step::Addons, "{}", h.text());
}

/// On the FMC page: the extension, PIN 4711, *Nächster Schritt*, *Bestellen*.
fn place_from_fmc(h: &mut Harness, n: usize) {
    fmc_extension(h, n);
    h.type_text("4711");
    h.ctrl('n');
    h.ctrl('n');
}

/// Ticks (or unticks) the add-on `id`: to its row, then Space.
fn space_on(h: &mut Harness, id: &str) {
    let i = h.catalog.addons.iter().position(|a| a.id == id).unwrap();
    h.go_to(Field::Addon(i));
    h.press(KeyCode::Char(' '));
}

#[test]
fn a_refused_addon_is_said_once_and_never_blocks_the_next_step() {
    let mut h = Harness::new(Lang::De);
    to_addons(&mut h, 2);
    // The voice-only data lock with the 5 GB package: refused, naming the package.
    space_on(&mut h, "data-lock");
    assert!(h.text().contains("Passt nicht zum Datenpaket „Daten M (5 GB)“"), "{}", h.text());
    assert!(!h.app.wizard().unwrap().answers().addons.contains("data-lock"));
    // Back to *Verbindung*: *Ohne Datenpaket*, the first of the list.
    h.press(KeyCode::Esc);
    h.go_to(Field::Data);
    h.press(KeyCode::Char(' '));
    h.press(KeyCode::Up);
    h.press(KeyCode::Enter);
    assert_eq!(h.app.wizard().unwrap().answers().data.as_deref(), Some("data-none"), "{}", h.text());
    h.ctrl('n');
    space_on(&mut h, "hotspot");
    space_on(&mut h, "data-lock");
    assert!(h.text().contains("Nicht mit „Hotspot / Tethering“ kombinierbar"), "{}", h.text());
    h.press(KeyCode::Tab);
    assert!(!h.text().contains("Nicht mit"), "gone with the next key:\n{}", h.text());
    h.ctrl('n');
    assert_eq!(h.app.wizard().unwrap().step(), Step::User, "{}", h.text());
    // Back, Hotspot unticked, Datensperre ticked: fine too.
    h.press(KeyCode::Esc);
    space_on(&mut h, "data-lock");
    assert!(h.text().contains("Nicht mit"), "{}", h.text());
    space_on(&mut h, "hotspot");
    space_on(&mut h, "data-lock");
    h.ctrl('n');
    assert_eq!(h.app.wizard().unwrap().step(), Step::User, "{}", h.text());
    assert!(h.app.wizard().unwrap().answers().addons.contains("data-lock"));
}

#[test]
fn unticking_a_required_addon_unticks_its_dependant_and_says_why() {
    for (lang, said) in [
        (Lang::De, "Welt-Roaming abgewählt: braucht EU-Roaming Plus"),
        (Lang::En, "World roaming unticked: needs EU-Roaming Plus"),
    ] {
        let mut h = Harness::new(lang);
        to_addons(&mut h, 2);
        space_on(&mut h, "eu-roaming");
        space_on(&mut h, "world-roaming");
        space_on(&mut h, "eu-roaming");
        let w = h.app.wizard().unwrap();
        assert!(w.answers().addons.is_empty(), "{:?}", w.answers().addons);
        assert!(h.text().contains(said), "{said:?} in\n{}", h.text());
        h.ctrl('n');
        assert_eq!(h.app.wizard().unwrap().step(), Step::User, "{}", h.text());
    }
}

#[test]
fn the_fmc_name_follows_a_new_customers_user_after_going_back_from_confirm() {
    let mut h = Harness::new(Lang::De);
    // Two customers whose first users have extensions: every FMC answer but the PIN derived.
    let first = h.customer_whose_first_user_has_extension(true);
    let second = (first + 1..common::CUSTOMERS)
        .find(|n| h.offered_users(*n).first().is_some_and(|u| u.extension.is_some()))
        .unwrap();
    order_to_confirm(&mut h, first);
    let first_user = h.offered_users(first)[0].clone();
    assert_eq!(h.app.wizard().unwrap().answers().display_name, first_user.full_name());
    // Bestätigen → 1 (Kundendaten): another customer, then his first user and number.
    h.press(KeyCode::Char('1'));
    let number = h.customer_number(second);
    h.type_text(&number);
    h.press(KeyCode::Enter);
    h.ctrl('n');
    assert_eq!(h.app.wizard().unwrap().step(), Step::User, "the user went with the customer");
    choose(&mut h, 0);
    h.ctrl('n');
    assert_eq!(h.app.wizard().unwrap().step(), Step::Number, "the number went with the customer");
    choose_in(&mut h, Field::Number, 0);
    h.ctrl('n');
    let w = h.app.wizard().unwrap();
    assert_eq!(w.step(), Step::Confirm, "the FMC page followed the new user:\n{}", h.text());
    let user = h.offered_users(second)[0].clone();
    let derived = (w.answers().extension.clone(), w.answers().display_name.clone(), w.answers().area_code.clone());
    assert_eq!(
        derived,
        (user.extension.clone().unwrap(), user.full_name(), h.data.customers[second].area_code.clone())
    );
    assert!(h.text().contains(&user.full_name()), "the summary shows it:\n{}", h.text());
    h.ctrl('n');
    let order = row(&h.sql(), "orders", placed_id(&h));
    assert_eq!((text(&order, "display_name"), int(&order, "user_id")), (user.full_name(), Some(user.id)));
    let ext = &rows(&h.sql(), &format!("SELECT * FROM extensions WHERE order_id = {}", int(&order, "id").unwrap()))[0];
    assert_eq!((text(ext, "number"), text(ext, "name")), (user.extension.clone().unwrap(), user.full_name()));
}

/// The first user, SIM later, the first free number, the extension and PIN 4711: on
/// *Bestätigen*.
fn order_to_confirm(h: &mut Harness, n: usize) {
    to_fmc_sim_later(h, n);
    fmc_extension(h, n);
    h.type_text("4711");
    h.ctrl('n');
    assert_eq!(h.app.wizard().unwrap().step(), Step::Confirm, "{}", h.text());
}

/// Defect 2: an extension typed for one customer, then another customer and a user of his
/// who owns an extension. The typed one is not kept (it was refused over and over): the
/// user's own is the value, the operator is told whom the typed one was for, and the order
/// goes on the user's own extension.
#[test]
fn an_extension_typed_for_one_customer_follows_the_next_customers_user() {
    let mut h = Harness::new(Lang::De);
    let first = h.customer_whose_first_user_has_extension(false);
    let second = (0..common::CUSTOMERS)
        .find(|n| *n != first && h.offered_users(*n).first().is_some_and(|u| u.extension.is_some()))
        .unwrap();
    order_to_confirm(&mut h, first);
    let typed = h.free_extension(first);
    assert_eq!(h.app.wizard().unwrap().answers().extension, typed, "typed on the FMC page");
    assert!(h.app.wizard().unwrap().typed().contains(&Field::Extension));
    h.press(KeyCode::Char('1'));
    let number = h.customer_number(second);
    h.type_text(&number);
    h.press(KeyCode::Enter);
    let told = format!(
        "Nebenstellennummer folgt wieder der Auswahl: der eingegebene Wert galt {} ({})",
        h.data.customers[first].name,
        h.customer_number(first)
    );
    let notices = h.app.wizard().unwrap().notices().to_vec();
    assert!(notices.iter().any(|n| n.cleared == Field::Extension), "{notices:?}");
    assert!(h.text().contains(&told[..40]), "told where the customer changed:\n{}", h.text());
    h.ctrl('n');
    choose(&mut h, 0);
    h.ctrl('n');
    choose_in(&mut h, Field::Number, 0);
    h.ctrl('n');
    let w = h.app.wizard().unwrap();
    assert_eq!(w.step(), Step::Confirm, "{}", h.text());
    let user = h.offered_users(second)[0].clone();
    let own = user.extension.clone().unwrap();
    assert_eq!(w.answers().extension, own, "the user's own, not the one typed for the other customer");
    assert!(w.step_errors(Step::Fmc).is_empty(), "{:?}", w.step_errors(Step::Fmc));
    h.ctrl('n');
    let order = row(&h.sql(), "orders", placed_id(&h));
    assert_eq!((text(&order, "extension"), int(&order, "user_id")), (own.clone(), Some(user.id)));
    let ext = &rows(&h.sql(), &format!("SELECT * FROM extensions WHERE order_id = {}", int(&order, "id").unwrap()))[0];
    assert_eq!((text(ext, "number"), int(ext, "user_id")), (own, Some(user.id)));
    assert_eq!(int(ext, "customer_id"), Some(h.customer_id(second)));
}
