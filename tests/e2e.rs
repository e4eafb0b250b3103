//! End to end: keys through the real key handling, the order into a real SQLite file,
//! then the rows read back with SQL.

mod common;

use common::Harness;
use common::keys::{choose, fmc_extension, free_extension, start_order, to_fmc_sim_later};
use comuniq_order::i18n::Lang;
use comuniq_order::tui::Screen;
use ratatui::crossterm::event::KeyCode;

fn count(h: &Harness, sql: &str) -> i64 {
    h.sql().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn new_user_sim_now_and_new_number() {
    let mut h = Harness::new(Lang::De);
    start_order(&mut h, 3);
    // Step 4: a new user.
    h.tab(1);
    h.press(KeyCode::Char(' '));
    h.tab(1);
    h.type_text("erika.muster");
    h.tab(1);
    h.type_text("Erika");
    h.tab(2);
    h.type_text("Mustermann");
    h.tab(1);
    h.type_text("erika@beispiel.de");
    h.ctrl('n');
    // Step 5: SIM now, by its last four digits.
    let sim = h.unique_sim();
    h.tab(1);
    h.type_text(&sim[sim.len() - 4..]);
    h.ctrl('n');
    // Step 6: a new number from the customer's pool.
    h.tab(1);
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    h.ctrl('n');
    // Step 7: extension and PIN; the name defaults to the user's.
    let ext = free_extension(&h, 3);
    h.type_text(&ext);
    h.tab(2);
    h.type_text("4711");
    h.ctrl('n');
    assert!(h.text().contains("Erika Mustermann"), "{}", h.text());
    h.ctrl('n');
    let Screen::Placed(placed) = h.app.screen().clone() else { panic!("not placed:\n{}", h.text()) };
    assert!(h.text().contains(&placed.order_no));

    let db = h.sql();
    let (state, user_id, iccid, e164, extension, pin_hash): (String, i64, String, String, String, String) = db
        .query_row(
            "SELECT state, user_id, iccid, e164, extension, pin_hash FROM orders WHERE order_no = ?1",
            [&placed.order_no],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    assert_eq!(state, "active");
    assert_eq!(iccid, sim);
    assert_eq!(extension, ext);
    assert!(pin_hash.starts_with("$argon2id$") && !pin_hash.contains("4711"));
    let username: String = db.query_row("SELECT username FROM users WHERE id = ?1", [user_id], |r| r.get(0)).unwrap();
    assert_eq!(username, "erika.muster");
    assert_eq!(count(&h, &format!("SELECT count(*) FROM sims WHERE iccid = '{sim}' AND state = 'assigned'")), 1);
    assert_eq!(count(&h, &format!("SELECT count(*) FROM numbers WHERE e164 = '{e164}' AND order_id IS NOT NULL")), 1);
    assert_eq!(
        count(&h, &format!("SELECT count(*) FROM extensions WHERE number = '{ext}' AND order_id IS NOT NULL")),
        1
    );
    assert!(count(&h, "SELECT count(*) FROM invoice_items") >= 3);
    assert_eq!(count(&h, "SELECT count(*) FROM order_states WHERE to_state = 'active'"), 1);
    // Any key returns to the menu.
    h.press(KeyCode::Char('x'));
    assert_eq!(h.app.screen(), &Screen::Menu);
}

#[test]
fn existing_user_sim_later_and_porting() {
    let mut h = Harness::new(Lang::De);
    start_order(&mut h, 5);
    // Step 4: the first existing user.
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    h.ctrl('n');
    // Step 5: link the SIM later.
    choose(&mut h, 1);
    assert!(h.text().contains("Bestellübersicht"), "the SIM-later note:\n{}", h.text());
    h.ctrl('n');
    // Step 6: port a number in.
    choose(&mut h, 1);
    h.type_text("030 98765432");
    h.tab(1);
    choose(&mut h, 0);
    h.ctrl('n');
    fmc_extension(&mut h, 5);
    h.tab(2);
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

    let (state, sim, port, e164, donor, auto, must_change): (String, i64, i64, String, String, i64, i64) = h
        .sql()
        .query_row(
            "SELECT state, waits_for_sim, waits_for_port, e164, donor, auto_invoice, pin_must_change FROM orders WHERE order_no = ?1",
            [&placed.order_no],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)),
        )
        .unwrap();
    assert_eq!((state.as_str(), sim, port), ("pending", 1, 1));
    assert_eq!(e164, "+493098765432");
    assert_eq!(donor, "telekom");
    assert_eq!((auto, must_change), (0, 1));
    assert_eq!(count(&h, "SELECT count(*) FROM invoice_items"), 0);
    assert_eq!(count(&h, "SELECT count(*) FROM sims WHERE state = 'assigned'"), 0);
    assert_eq!(count(&h, "SELECT count(*) FROM numbers WHERE e164 = '+493098765432' AND source = 'port'"), 1);
    assert_eq!(count(&h, "SELECT count(*) FROM order_states WHERE to_state = 'pending'"), 1);
}

#[test]
fn taken_extension_is_refused_then_corrected_and_placed() {
    let mut h = Harness::new(Lang::De);
    to_fmc_sim_later(&mut h, 7);
    // An extension the customer already has.
    let taken = h.data.customers[7].extensions[0].clone();
    h.type_text(&taken.number);
    h.tab(2);
    h.type_text("4711");
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
    let ext = free_extension(&h, 7);
    h.type_text(&ext);
    h.ctrl('n');
    h.ctrl('n');
    assert!(matches!(h.app.screen(), Screen::Placed(_)), "{}", h.text());
    let stored: String = h.sql().query_row("SELECT extension FROM orders", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, ext);
}

#[test]
fn esc_on_the_first_step_keeps_the_order_in_the_menu() {
    let mut h = Harness::new(Lang::De);
    h.press(KeyCode::Char('2'));
    let number = h.customer_number(1);
    h.type_text(&number);
    h.press(KeyCode::Enter);
    h.press(KeyCode::Esc);
    assert_eq!(h.app.screen(), &Screen::Menu);
    assert!(h.text().contains("Angefangene Bestellung fortsetzen"), "{}", h.text());
    h.press(KeyCode::Enter);
    assert_eq!(h.app.screen(), &Screen::Wizard);
    assert_eq!(h.app.wizard().and_then(|w| w.customer()).map(|c| c.number.clone()), Some(number));
}

#[test]
fn a_number_taken_meanwhile_goes_back_to_its_step_with_the_free_ones() {
    use comuniq_order::domain::Field;
    use comuniq_order::domain::order::{self, NewUser, UserChoice};
    let mut h = Harness::new(Lang::De);
    to_fmc_sim_later(&mut h, 5);
    let ext = fmc_extension(&mut h, 5);
    // The user's own extension when he has one; the other order then takes a free one.
    let theirs_ext =
        if ext == free_extension(&h, 5) { format!("{}9", &ext[..ext.len() - 1]) } else { free_extension(&h, 5) };
    h.tab(2);
    h.type_text("4711");
    h.ctrl('n');
    let w = h.app.wizard().unwrap();
    let chosen = w.answers().number.unwrap();
    // Another operator, in another program, takes the same number first.
    let mut req = order::build(w.answers(), &w.facts()).unwrap();
    req.user = UserChoice::New(NewUser {
        username: "bernd.schnell".into(),
        first_name: "Bernd".into(),
        prefix: String::new(),
        last_name: "Schnell".into(),
        email: "bernd@beispiel.de".into(),
        language: "de".into(),
    });
    req.extension = theirs_ext;
    let mut other = comuniq_order::store::Store::open(&h.dir.path().join("orders.db")).unwrap();
    let theirs = other.place_order(&req, "bernd", common::clock()).unwrap();
    // Bestellen: back on the number step, told which order has it, offered the free ones.
    h.ctrl('n');
    let w = h.app.wizard().unwrap();
    assert_eq!(w.step(), comuniq_order::domain::Step::Number, "{}", h.text());
    assert!(h.text().contains(&theirs.order_no), "{}", h.text());
    let offered: Vec<_> = w.options(Field::Number).into_iter().map(|o| o.value).collect();
    assert!(!offered.is_empty() && !offered.contains(&comuniq_order::wizard::OptValue::Id(chosen)), "{offered:?}");
    // Take a free one and place the order.
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    h.ctrl('n');
    h.ctrl('n');
    h.ctrl('n');
    assert!(matches!(h.app.screen(), Screen::Placed(_)), "{}", h.text());
}
