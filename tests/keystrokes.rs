//! How many keys the standard order takes, through the real key handling into a real
//! SQLite file: a known customer, the defaults kept, a new user, the SIM now by its last
//! four digits, a new number.
//!
//! Counted: every key press except the characters of the typed values (customer number,
//! user name, names, e-mail, SIM digits, extension, PIN). The menu key counts, and so does
//! every Tab: they are real keys through the real key handling, pressed until the field
//! wanted has the focus, so a field added to a page shows up in the count rather than
//! typing into the wrong field.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::Harness;
use comuniq_order::domain::Field;
use comuniq_order::i18n::Lang;
use comuniq_order::tui::Screen;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

/// The most keys the standard order may take besides the typed values.
const BUDGET: usize = 25;

/// A harness that counts the keys pressed, but not the characters of typed values.
struct Counted {
    h: Harness,
    keys: usize,
}

impl Counted {
    fn key(&mut self, code: KeyCode) {
        self.keys += 1;
        self.h.press(code);
    }
    fn ctrl(&mut self, c: char) {
        self.keys += 1;
        self.h.press_with(KeyCode::Char(c), KeyModifiers::CONTROL);
    }
    /// Tab, counted, until `field` has the focus: the keys an operator presses to get
    /// there, found by the field rather than written down as a number of Tabs.
    fn tab_to(&mut self, field: Field) {
        for _ in 0..BUDGET {
            if self.h.focus() == Some(field) {
                return;
            }
            self.key(KeyCode::Tab);
        }
        panic!("Tab never reached {field:?}:\n{}", self.h.text());
    }
    /// A value typed into a field: its characters are not counted.
    fn value(&mut self, text: &str) {
        self.h.type_text(text);
    }
}

#[test]
fn the_standard_order_takes_19_keys_besides_the_typed_values() {
    let mut c = Counted { h: Harness::new(Lang::De), keys: 0 };
    let n = 3;
    let number = c.h.customer_number(n);
    let sim = c.h.unique_sim();
    let ext = c.h.free_extension(n);
    let first_free: String =
        c.h.sql()
            .query_row(
                "SELECT n.e164 FROM numbers n JOIN customers c ON c.id = n.customer_id
             WHERE c.number = ?1 AND n.order_id IS NULL AND n.source = 'pool' ORDER BY n.e164 LIMIT 1",
                [&number],
                |r| r.get(0),
            )
            .unwrap();

    c.key(KeyCode::Char('1')); // menu: Business User
    c.value(&number); // the customer list opens, filtered
    c.key(KeyCode::Enter); // take the customer
    c.ctrl('n'); // step 1: portfolio, today, the default term
    c.ctrl('n'); // step 2: the default data and SMS package
    c.ctrl('n'); // step 3: no add-ons
    assert!(c.h.text().contains("▸ Benutzer auswählen"), "{}", c.h.text());
    c.tab_to(Field::NewUser);
    c.key(KeyCode::Char(' ')); // a new user
    c.tab_to(Field::Username);
    c.value("erika.muster");
    c.tab_to(Field::FirstName);
    c.value("Erika");
    c.tab_to(Field::LastName); // past the optional prefix
    c.value("Mustermann");
    c.tab_to(Field::Email);
    c.value("erika@beispiel.de");
    c.ctrl('n'); // the first language kept
    assert!(c.h.text().contains("▸ SIM auswählen"), "the page opens on the SIM:\n{}", c.h.text());
    c.value(&sim[sim.len() - 4..]);
    c.ctrl('n');
    c.ctrl('n'); // the first free number, preselected
    assert!(c.h.text().contains("▸ Nebenstellennummer"), "{}", c.h.text());
    c.value(&ext);
    c.tab_to(Field::Pin); // past the name, which follows the user
    c.value("4711");
    c.ctrl('n'); // the customer's area code kept
    c.ctrl('n'); // Bestellen
    let Screen::Placed(placed) = c.h.app.screen().clone() else { panic!("not placed:\n{}", c.h.text()) };

    assert_eq!(c.keys, 19, "the standard order's key count changed");
    assert!(c.keys <= BUDGET);
    type Row = (String, String, String, String, String, String, String, String, String);
    let row: Row = c
        .h
        .sql()
        .query_row(
            "SELECT o.term, o.data, o.sms, o.iccid, o.e164, o.extension, o.display_name, o.state, u.username
             FROM orders o JOIN users u ON u.id = o.user_id WHERE o.order_no = ?1",
            [&placed.order_no],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?)),
        )
        .unwrap();
    let want = ("m24", "data-1", "sms-none", sim.as_str(), first_free.as_str(), ext.as_str());
    assert_eq!((&*row.0, &*row.1, &*row.2, &*row.3, &*row.4, &*row.5), want);
    assert_eq!((&*row.6, &*row.7, &*row.8), ("Erika Mustermann", "active", "erika.muster"));
}
