//! Line mode (issue 14), in process on a real SQLite file with scripted lines: the same
//! order as the full screen and an answers file (every row of every table), going back
//! across steps, the review, quitting and resuming, a refused answer, a hidden field never
//! asked, both languages, and the standard order's keystrokes.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::Harness;
use common::line::{all_rows, free_extension_in};
use comuniq_order::domain::Field;
use comuniq_order::i18n::Lang;
use comuniq_order::tui::{Interrupted, Screen};
use ratatui::crossterm::event::KeyCode;
use std::path::Path;
use std::process::Command;

/// The three kinds of order of the end-to-end tests.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// A new user, the SIM now by its last four digits, a new number (customer 3).
    NewUserSimNow,
    /// The first existing user, SIM later, a ported number, PIN 0000, invoice by hand
    /// (customer 5).
    ExistingUserPorting,
    /// The first existing user, SIM later, the first free number (customer 7).
    ExistingUserSimLater,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::NewUserSimNow, Kind::ExistingUserPorting, Kind::ExistingUserSimLater];

    fn customer(self) -> usize {
        match self {
            Kind::NewUserSimNow => 3,
            Kind::ExistingUserPorting => 5,
            Kind::ExistingUserSimLater => 7,
        }
    }

    fn pin(self) -> &'static str {
        match self {
            Kind::ExistingUserPorting => "0000",
            _ => "4711",
        }
    }
}

/// The extension the order gets: an existing user's own one (kept), or a free one.
fn extension_for(h: &Harness, kind: Kind) -> (String, bool) {
    let n = kind.customer();
    let own = match kind {
        Kind::NewUserSimNow => None,
        _ => h.offered_users(n)[0].extension.clone(),
    };
    match own {
        Some(ext) => (ext, true),
        None => (free_extension_in(&h.sql(), &h.customer_number(n)), false),
    }
}

/// The order as the operator's lines in line mode: every field asked, Enter keeping the
/// defaults; the menu's `abbrechen` ends the session.
fn line_script(h: &Harness, kind: Kind) -> Vec<String> {
    let n = kind.customer();
    let mut s: Vec<String> = vec!["1".into(), h.customer_number(n)];
    s.extend(["", "", "", "", ""].map(String::from)); // portfolio, reference, cost centre, start date, term
    s.extend(["", "", ""].map(String::from)); // voice, data, SMS
    s.push(String::new()); // no add-ons
    let (ext, own) = extension_for(h, kind);
    match kind {
        Kind::NewUserSimNow => {
            let sim = h.unique_sim();
            s.extend(["", "ja", "erika.muster", "Erika", "", "Mustermann", "erika@beispiel.de", ""].map(String::from));
            s.extend([String::new(), sim[sim.len() - 4..].to_string()]); // SIM option, SIM
            s.extend(["", ""].map(String::from)); // new number, the first free one
        }
        Kind::ExistingUserPorting => {
            s.extend([h.first_username(n), String::new()]); // the user, no new one
            s.push("2".into()); // SIM later
            s.extend(["2", "030 98765432", "1", ""].map(String::from)); // port, number, donor, now
        }
        Kind::ExistingUserSimLater => {
            s.extend([h.first_username(n), String::new()]);
            s.push("2".into());
            s.extend(["", ""].map(String::from));
        }
    }
    s.push(if own { String::new() } else { ext });
    s.extend([String::new(), kind.pin().to_string(), String::new()]); // name, PIN, area code
    let invoice = if matches!(kind, Kind::ExistingUserPorting) { "nein" } else { "" };
    s.extend([invoice.to_string(), "ja".into(), "abbrechen".into()]);
    s
}

/// Presses a key `times` times.
fn press(h: &mut Harness, code: KeyCode, times: usize) {
    for _ in 0..times {
        h.press(code);
    }
}

/// Tabs to `field` on the current page.
fn to_field(h: &mut Harness, field: Field) {
    for _ in 0..16 {
        if h.app.wizard().and_then(|w| w.focus()) == Some(field) {
            return;
        }
        h.press(KeyCode::Tab);
    }
    panic!("{field:?} is not on this page:\n{}", h.text());
}

/// Opens the focused dropdown and takes the option `downs` rows below the highlighted one.
fn choose(h: &mut Harness, downs: usize) {
    h.press(KeyCode::Char(' '));
    press(h, KeyCode::Down, downs);
    h.press(KeyCode::Enter);
}

/// The same order through the keys of the full screen, as the end-to-end tests type it
/// (with only the harness's own keys, so it does not hang on the key helpers' shape).
fn keys(h: &mut Harness, kind: Kind) {
    let n = kind.customer();
    h.press(KeyCode::Char('1'));
    let number = h.customer_number(n);
    h.type_text(&number);
    h.press(KeyCode::Enter);
    h.ctrl('n'); // step 1 as it is
    h.ctrl('n'); // step 2: the default packages
    h.ctrl('n'); // no add-ons
    let (ext, own) = extension_for(h, kind);
    match kind {
        Kind::NewUserSimNow => {
            to_field(h, Field::NewUser);
            h.press(KeyCode::Char(' '));
            for (field, text) in [
                (Field::Username, "erika.muster"),
                (Field::FirstName, "Erika"),
                (Field::LastName, "Mustermann"),
                (Field::Email, "erika@beispiel.de"),
            ] {
                to_field(h, field);
                h.type_text(text);
            }
            h.ctrl('n');
            let sim = h.unique_sim();
            h.type_text(&sim[sim.len() - 4..]);
            h.ctrl('n');
        }
        Kind::ExistingUserPorting | Kind::ExistingUserSimLater => {
            to_field(h, Field::ExistingUser);
            choose(h, 0);
            h.ctrl('n');
            to_field(h, Field::SimOption);
            choose(h, 1); // SIM later
            h.ctrl('n');
        }
    }
    if let Kind::ExistingUserPorting = kind {
        to_field(h, Field::NumberType);
        choose(h, 1);
        to_field(h, Field::PortNumber);
        h.type_text("030 98765432");
        to_field(h, Field::Donor);
        choose(h, 0);
    }
    h.ctrl('n'); // the first free number preselected, or the porting
    if !own {
        to_field(h, Field::Extension);
        h.type_text(&ext);
    }
    to_field(h, Field::Pin);
    h.type_text(kind.pin());
    h.ctrl('n');
    if let Kind::ExistingUserPorting = kind {
        h.press(KeyCode::Char(' ')); // untick the invoice items
    }
    h.ctrl('n');
    assert!(matches!(h.app.screen(), Screen::Placed(_)), "not placed:\n{}", h.text());
}

/// The same order as an answers file.
fn answers_file(h: &Harness, kind: Kind) -> String {
    let n = kind.customer();
    let (ext, _) = extension_for(h, kind);
    let mut f = format!(
        "customer = \"{}\"\nvoice = \"business\"\nextension = \"{ext}\"\npin = \"{}\"\n",
        h.customer_number(n),
        kind.pin()
    );
    match kind {
        Kind::NewUserSimNow => {
            f += "new_user = true\nusername = \"erika.muster\"\nfirst_name = \"Erika\"\nlast_name = \"Mustermann\"\n";
            f += &format!(
                "email = \"erika@beispiel.de\"\nsim = \"{}\"\nnumber = \"{}\"\n",
                h.unique_sim(),
                h.first_free_e164(n)
            );
        }
        Kind::ExistingUserPorting => {
            f += &format!("user = \"{}\"\nsim_option = \"sim-later\"\nnumber_type = \"port\"\n", h.first_username(n));
            f += "port_number = \"030 98765432\"\ndonor = \"telekom\"\nport_when = \"immediately\"\nauto_invoice = false\n";
        }
        Kind::ExistingUserSimLater => {
            f += &format!(
                "user = \"{}\"\nsim_option = \"sim-later\"\nnumber = \"{}\"\n",
                h.first_username(n),
                h.first_free_e164(n)
            );
        }
    }
    f
}

fn db(h: &Harness) -> std::path::PathBuf {
    h.dir.path().join("orders.db")
}

fn order_answers(db: &Path, file: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .args(["--db", &common::db::db_arg(db), "--today", "2026-11-26", "--operator", "tester", "--lang", "de"])
        .args(["order", "--answers", file.to_str().unwrap()])
        .output()
        .unwrap()
}

/// Parity: line mode, the full screen and an answers file store the same rows, every column
/// of every table (only the wall clock's columns and the PIN's salt set aside).
#[test]
fn line_mode_the_full_screen_and_an_answers_file_store_identical_rows() {
    for kind in Kind::ALL {
        let mut by_line = Harness::new(Lang::De);
        let script = line_script(&by_line, kind);
        let lines: Vec<&str> = script.iter().map(String::as_str).collect();
        let (transcript, result) = by_line.line(Lang::De, &lines);
        assert!(result.is_ok(), "{kind:?}: {result:?}\n{transcript}");
        assert!(transcript.contains("Ihre Bestellung wurde aufgegeben: CO-2026-000"), "{kind:?}:\n{transcript}");

        let mut by_keys = Harness::new(Lang::De);
        keys(&mut by_keys, kind);

        let by_file = Harness::new(Lang::De);
        let file = by_file.dir.path().join("order.toml");
        std::fs::write(&file, answers_file(&by_file, kind)).unwrap();
        let out = order_answers(&db(&by_file), &file);
        assert!(out.status.success(), "{kind:?}: {}", String::from_utf8_lossy(&out.stderr));

        let line_rows = all_rows(&db(&by_line), kind.pin());
        assert_eq!(line_rows["orders"].len(), 1, "{kind:?}");
        assert_eq!(line_rows, all_rows(&db(&by_keys), kind.pin()), "{kind:?}: line mode and the full screen differ");
        assert_eq!(line_rows, all_rows(&db(&by_file), kind.pin()), "{kind:?}: line mode and the answers file differ");
    }
}

/// The lines the operator sees for a script, and a check that it ended as expected.
fn transcript(h: &mut Harness, lang: Lang, lines: &[&str]) -> String {
    let (text, result) = h.line(lang, lines);
    if let Err(e) = result {
        assert!(matches!(e.downcast_ref::<Interrupted>(), Some(Interrupted::HangUp)), "{e:?}\n{text}");
    }
    assert!(!text.contains('\x1b'), "an escape sequence:\n{text}");
    text
}

/// Up to the user step of an order for customer 3 (defaults kept).
fn to_user_step(h: &Harness) -> Vec<String> {
    let mut s = vec!["1".to_string(), h.customer_number(3)];
    s.extend(["", "", "", "", "", "", "", "", ""].map(String::from));
    s
}

#[test]
fn back_goes_one_field_back_across_steps_and_keeps_the_answers() {
    let mut h = Harness::new(Lang::De);
    let mut s = to_user_step(&h);
    // On *Benutzer auswählen*, the first field of step 4: back to the add-ons of step 3,
    // back again to the SMS package of step 2, and a package chosen there.
    s.extend(["zurück", "back", "2"].map(String::from));
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    let after: Vec<&str> = text.split("Benutzer auswählen (").nth(1).unwrap().lines().collect();
    assert!(after.iter().any(|l| l.starts_with("Schritt 3 von 8: Add-ons")), "{text}");
    assert!(after.iter().any(|l| l.starts_with("Schritt 2 von 8: Verbindung")), "{text}");
    assert!(after.iter().any(|l| l.starts_with("SMS-Produkt (Nummer 1 bis 2) [Ohne SMS-Paket")), "{text}");
    assert!(text.contains("Gewählt: SMS 100"), "{text}");
    // After the SMS package, the page's last field: on to step 3 again, the customer kept.
    let tail = text.rsplit("Gewählt: SMS 100").next().unwrap();
    assert!(tail.contains("Schritt 3 von 8: Add-ons"), "{text}");
    let draft = h.sql().query_row("SELECT answers FROM drafts", [], |r| r.get::<_, String>(0)).unwrap();
    assert!(draft.contains("\"sms\":\"sms-100\"") && draft.contains("\"customer\":"), "{draft}");
}

#[test]
fn review_prints_the_summary_so_far_and_asks_the_same_field_again() {
    let mut h = Harness::new(Lang::De);
    let mut s = to_user_step(&h);
    s.push("übersicht".into());
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    let review = text.split("Bestellung bis jetzt:").nth(1).expect(&text);
    let customer = &h.data.customers[3];
    assert!(review.contains(&format!("1 Kundendaten: {} ({})", customer.name, customer.number)), "{review}");
    assert!(review.contains("2 Verbindung: Business User; Daten S (1 GB); Ohne SMS-Paket"), "{review}");
    // Read aloud: no "—" (silent) and no "·" (no pause), but words and commas.
    assert!(review.contains("3 Add-ons: keine"), "{review}");
    assert!(review.contains("4 Benutzer: keine"), "the steps so far, this one too: {review}");
    assert!(!review.contains("5 SIM:"), "not the steps to come: {review}");
    assert!(review.contains("Summe: 9,90 € einmalig, 14,80 € pro Monat"), "{review}");
    assert_eq!(review.matches("Benutzer auswählen (").count(), 1, "asked again once: {review}");
}

/// With the database's lock held elsewhere (or the server gone), the answers can't be saved:
/// `abbrechen` says so instead of promising a draft that holds them.
#[test]
fn quit_after_a_failed_save_does_not_promise_the_draft() {
    let mut h = Harness::new(Lang::De);
    let mut s = to_user_step(&h);
    s.extend(["", "ja", "erika.muster", "abbrechen"].map(String::from));
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let lock = comuniq_order::store::WriteLock::hold_target(h.store.target()).unwrap();
    let (text, result) = h.line(Lang::De, &lines);
    lock.release().unwrap();
    assert!(result.is_ok(), "{result:?}");
    assert!(text.contains("Entwurf nicht gespeichert"), "{text}");
    assert!(
        text.trim_end().ends_with("Die letzten Antworten konnten nicht gespeichert werden: Ein Entwurf enthält nur, was vorher gespeichert war."),
        "{text}"
    );
}

#[test]
fn quit_keeps_the_draft_and_the_next_start_offers_it() {
    let mut h = Harness::new(Lang::De);
    let mut s = to_user_step(&h);
    s.extend(["", "ja", "erika.muster", "abbrechen"].map(String::from));
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let (text, result) = h.line(Lang::De, &lines);
    assert!(result.is_ok(), "{result:?}");
    assert!(
        text.trim_end().ends_with("Die Bestellung bleibt als Entwurf und wird beim nächsten Start angeboten."),
        "{text}"
    );
    // The next start offers it; resumed, it goes on at the field after the user name.
    let text = transcript(&mut h, Lang::De, &["5", "Erika"]);
    let customer = &h.data.customers[3];
    let entry =
        format!("  5 Entwurf fortsetzen: {} ({}), Schritt 4: Benutzer, gerade eben", customer.name, customer.number);
    assert!(text.contains(&entry), "{text}");
    let resumed = text.split("Auswahl, 1 bis 6: 5\n").nth(1).expect(&text);
    assert!(resumed.starts_with("Schritt 4 von 8: Benutzer\nVorname: Erika\nPräfix: "), "{resumed}");
}

#[test]
fn a_hang_up_keeps_every_answer_given() {
    let mut h = Harness::new(Lang::De);
    let mut s = to_user_step(&h);
    s.extend(["", "ja", "erika.muster"].map(String::from));
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let (_, result) = h.line(Lang::De, &lines);
    let err = result.unwrap_err();
    assert!(matches!(err.downcast_ref::<Interrupted>(), Some(Interrupted::HangUp)), "{err:?}");
    let draft = h.sql().query_row("SELECT answers FROM drafts", [], |r| r.get::<_, String>(0)).unwrap();
    assert!(draft.contains("\"username\":\"erika.muster\"") && draft.contains("\"new_user\":true"), "{draft}");
}

#[test]
fn a_refused_answer_says_why_in_one_line_and_asks_the_same_field_again() {
    let mut h = Harness::new(Lang::De);
    let mut s = to_user_step(&h);
    s.extend(["", "ja", "erika.muster", "Erika", "", "Mustermann", "erika@", "erika@beispiel.de"].map(String::from));
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| *l == "E-Mail: erika@").expect(&text);
    assert!(lines[at + 1].starts_with("E-Mail: ") && !lines[at + 1].contains('['), "one line why: {}", lines[at + 1]);
    assert_eq!(lines[at + 2], "E-Mail: erika@beispiel.de", "the same field again, the value before in brackets");
    assert!(lines[at + 3].starts_with("  1 Deutsch"), "then on: {}", lines[at + 3]);
    // A user name that is taken is refused the same way (the customer's first user's).
    let mut h = Harness::new(Lang::De);
    let taken = h.first_username(3);
    let mut s = to_user_step(&h);
    s.extend(["", "ja", &taken].map(String::from));
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    assert!(text.contains(&format!("Benutzer: {taken}\nBenutzer: ")), "{text}");
    assert!(
        text.trim_end().ends_with(&format!("Benutzer: {taken}\nBenutzer: Beim Kunden schon vergeben\nBenutzer:")),
        "asked again: {text}"
    );
}

#[test]
fn hidden_fields_are_never_asked() {
    let mut h = Harness::new(Lang::De);
    let script = line_script(&h, Kind::NewUserSimNow);
    let lines: Vec<&str> = script.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    // A new number: none of the porting fields; SIM now and a new user: all of theirs.
    for hidden in ["Portierungsnummer", "Aktueller Anbieter", "Portierung (", "Portierungsdatum"] {
        assert!(!text.lines().any(|l| l.starts_with(hidden)), "{hidden} asked:\n{text}");
    }
    // An existing user: none of the new user's fields; SIM later: not the SIM, and the
    // page's note is said once the option is chosen.
    let mut h = Harness::new(Lang::De);
    let script = line_script(&h, Kind::ExistingUserSimLater);
    let lines: Vec<&str> = script.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    let note = (Lang::De.texts().page_note)(comuniq_order::domain::order::Warning::SimNotLinked);
    // Read aloud, the menu path's arrow is a colon (defect 12).
    let note = note.replace(" → ", ": ");
    assert!(text.contains(&format!("Gewählt: SIM Karte später verknüpfen und liefern\n{note}\n")), "{text}");
    for hidden in ["Vorname", "Nachname", "E-Mail", "Sprache", "SIM auswählen"] {
        assert!(!text.lines().any(|l| l.starts_with(hidden)), "{hidden} asked:\n{text}");
    }
    assert!(text.contains("Ihre Bestellung wurde aufgegeben"), "{text}");
}

#[test]
fn add_ons_are_toggled_by_number_with_the_rules_said_as_lines() {
    let mut h = Harness::new(Lang::De);
    let mut s = vec!["1".to_string(), h.customer_number(3)];
    s.extend(["", "", "", "", "", "", "", ""].map(String::from));
    // Step 3: the data lock with a paid data package is refused; untick nothing else.
    s.extend(["6", "1 2", "1"].map(String::from));
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    let step3 = text.split("Schritt 3 von 8: Add-ons").nth(1).expect(&text);
    assert!(step3.contains("Mobile Datensperre (nur Telefonie): "), "the refusal as a line:\n{step3}");
    assert!(step3.contains("  1 [x] Voicemail Plus (Sprache zu Text)\n  2 [x] Fax2Mail"), "{step3}");
    assert!(
        step3.contains(
            "Add-ons (Nummern schalten an oder aus, Enter geht weiter) [Voicemail Plus (Sprache zu Text), Fax2Mail]: 1"
        ),
        "{step3}"
    );
}

#[test]
fn english_words_and_english_commands() {
    let mut h = Harness::new(Lang::En);
    let number = h.customer_number(3);
    let lines = ["1", number.as_str(), "?", "review", "back", "quit"];
    let text = transcript(&mut h, Lang::En, &lines);
    assert!(text.starts_with("Line mode: one question per line"), "{text}");
    assert!(text.contains("Step 1 of 8: Customer\n"), "{text}");
    assert!(text.contains("back: one field back, also into the step before"), "the commands in English:\n{text}");
    assert!(text.contains("The order so far:"), "{text}");
    assert!(text.contains("Quit. The order is kept as a draft"), "{text}");
    assert!(!text.contains("Schritt"), "no German:\n{text}");
}

#[test]
fn help_gives_the_fields_whole_erlaeuterung() {
    let mut h = Harness::new(Lang::De);
    let text = transcript(&mut h, Lang::De, &["1", "?"]);
    let help = (Lang::De.texts().field_help)(comuniq_order::domain::Field::Customer);
    assert!(text.contains(&format!("Kunde: {help}")), "{text}");
}

/// The standard order of `tests/keystrokes.rs` (a known customer, the defaults kept, a new
/// user, the SIM by its last four digits, a new number) in line mode: every line's
/// characters and its Enter, except the characters of the typed values.
#[test]
fn the_standard_order_takes_32_keystrokes_besides_the_typed_values() {
    let mut h = Harness::new(Lang::De);
    let sim = h.unique_sim();
    let ext = free_extension_in(&h.sql(), &h.customer_number(3));
    let number = h.customer_number(3);
    // (line, whether it is a typed value)
    let script: Vec<(&str, bool)> = vec![
        ("1", false),
        (&number, true),
        ("", false),  // portfolio
        ("", false),  // reference
        ("", false),  // cost centre
        ("", false),  // start date
        ("", false),  // term
        ("", false),  // voice
        ("", false),  // data
        ("", false),  // SMS
        ("", false),  // add-ons
        ("", false),  // existing user
        ("j", false), // a new user
        ("erika.muster", true),
        ("Erika", true),
        ("", false), // prefix
        ("Mustermann", true),
        ("erika@beispiel.de", true),
        ("", false), // language
        ("", false), // SIM option
        (&sim[sim.len() - 4..], true),
        ("", false), // number type
        ("", false), // the first free number
        (&ext, true),
        ("", false), // name
        ("4711", true),
        ("", false),  // area code
        ("", false),  // invoice items
        ("j", false), // Bestellen
    ];
    let keys: usize = script.iter().map(|(l, value)| 1 + if *value { 0 } else { l.chars().count() }).sum();
    let lines: Vec<&str> = script.iter().map(|(l, _)| *l).chain(["abbrechen"]).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    assert!(text.contains("Ihre Bestellung wurde aufgegeben"), "{text}");
    // 31 before the cost centre: line mode asks every field, so its Enter is one more.
    assert_eq!(keys, 32, "the standard order's keystrokes in line mode changed");
}

/// The overview's actions in line mode: the order found by its number, the actions as a
/// numbered menu with *SIM verbinden* first, the SIM by its last four digits.
#[test]
fn the_overviews_actions_are_a_numbered_menu_with_sim_verbinden_first() {
    let mut h = Harness::new(Lang::De);
    let placed = h.place(4, common::orders::Kind { sim_later: true, ..Default::default() }, 1);
    let sim = h.unique_sim();
    let lines = ["4", &placed.order_no, "1", "1", &sim[sim.len() - 4..], "abbrechen", "abbrechen"];
    let text = transcript(&mut h, Lang::De, &lines);
    let actions = text.split(&format!("Aktionen für {}:\n", placed.order_no)).nth(1).expect(&text);
    assert!(actions.starts_with("  1 SIM verbinden\n  2 Stornieren\n  3 Zurück\n"), "{actions}");
    assert!(text.contains(&format!("1 {}, ", placed.order_no)) && text.contains("wartet auf SIM-Karte"), "{text}");
    assert!(text.contains(&format!("SIM verbinden: {} – Status jetzt: aktiv", placed.order_no)), "{text}");
    let (state, iccid): (String, String) = h
        .sql()
        .query_row("SELECT state, iccid FROM orders WHERE id = ?1", [placed.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((state.as_str(), iccid.as_str()), ("active", sim.as_str()));
}

#[test]
fn no_at_the_last_question_orders_nothing_and_says_what_can_be_done() {
    let mut h = Harness::new(Lang::De);
    let mut script = line_script(&h, Kind::ExistingUserSimLater);
    let at = script.iter().position(|l| l == "ja").unwrap();
    script.insert(at, "nein".into());
    let lines: Vec<&str> = script.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    assert!(text.contains("öffnet den Abschnitt: nein\nNicht bestellt. 1 bis 7 öffnet einen Abschnitt"), "{text}");
    assert_eq!(text.matches("Ihre Bestellung wurde aufgegeben").count(), 1, "then ja orders: {text}");
}

/// `order --answers FILE --interactive` without a terminal: line mode on the first missing
/// answer, the file's answers kept.
#[test]
fn an_answers_file_resumed_interactively_without_a_terminal_goes_on_in_line_mode() {
    use std::io::Write;
    let h = Harness::new(Lang::De);
    let file = h.dir.path().join("order.toml");
    let user = h.first_username(7);
    let toml = format!(
        "customer = \"{}\"\nvoice = \"business\"\nuser = \"{user}\"\nsim_option = \"sim-later\"\n",
        h.customer_number(7)
    );
    std::fs::write(&file, toml).unwrap();
    let (ext, own) = extension_for(&h, Kind::ExistingUserSimLater);
    let ext_line = if own { String::new() } else { ext };
    let mut child = Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .args(["--db", &h.db_arg(), "--today", "2026-11-26", "--operator", "tester", "--lang", "de"])
        .args(["order", "--answers", file.to_str().unwrap(), "--interactive"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The number (preselected), the extension, the name, the PIN, the area code, the invoice
    // box, and ja.
    let script = format!("\n{ext_line}\n\n4711\n\n\nja\n");
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.starts_with("Zeilenmodus: "), "{text}");
    assert!(text.contains("\nSchritt 6 von 8: Nummer\n"), "on the first missing answer: {text}");
    assert!(!text.contains("Schritt 1 von 8"), "{text}");
    assert!(text.contains("Ihre Bestellung wurde aufgegeben: CO-2026-000001"), "{text}");
    let user_of_order: String = h
        .sql()
        .query_row("SELECT u.username FROM orders o JOIN users u ON u.id = o.user_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(user_of_order, user);
}

/// What an earlier change clears is said as a line: the data lock goes when a paid data
/// package is chosen after it, going back to step 2.
#[test]
fn what_an_earlier_change_clears_is_said_as_a_line() {
    let mut h = Harness::new(Lang::De);
    let number = h.customer_number(3);
    let lines = ["1", &number, "", "", "", "", "", "", "1", "", "6", "", "zurück", "zurück", "zurück", "2"];
    let text = transcript(&mut h, Lang::De, &lines);
    assert!(text.contains("  6 [x] Mobile Datensperre (nur Telefonie)"), "ticked first: {text}");
    let after = text.split("Daten-Produkt (Nummer 1 bis 3) [Ohne Datenpaket]: 2\n").nth(1).expect(&text);
    let notice = "Mobile Datensperre (nur Telefonie) zurückgesetzt: passt nicht mehr zu Daten-Produkt";
    assert!(after.starts_with(&format!("Gewählt: Daten S (1 GB)\n{notice}\n")), "{after}");
}

/// The yes/no boxes take their number too: 1 toggles the invoice box.
#[test]
fn a_yes_no_box_is_toggled_by_its_number() {
    let mut h = Harness::new(Lang::De);
    let mut script = line_script(&h, Kind::ExistingUserSimLater);
    let at = script.iter().position(|l| l == "ja").unwrap();
    script[at - 1] = "1".into();
    let lines: Vec<&str> = script.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    assert!(text.contains("automatisch erzeugen (ja oder nein) [ja]: 1\nDie Bestellung muss dann manuell"), "{text}");
    let auto: i64 = h.sql().query_row("SELECT auto_invoice FROM orders", [], |r| r.get(0)).unwrap();
    assert_eq!(auto, 0);
}

/// The SIM by its last four digits (SIMs sharing them listed to pick from) or by a scanned
/// ICCID.
#[test]
fn the_sim_by_shared_last_digits_is_picked_from_a_list_or_scanned_whole() {
    let mut h = Harness::new(Lang::De);
    let (first, _) = h.shared_sims();
    let mut s = to_user_step(&h);
    s.extend([h.first_username(3), String::new(), String::new()]); // the user, SIM now
    s.extend([first[first.len() - 4..].to_string(), "2".into()]);
    s.extend(["zurück".into(), first.clone()]); // back on the SIM, scanned
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    // Every free SIM ending in the digits is listed (the demo has some three times).
    let listed = text.split(&format!("ICCID): {}\n", &first[first.len() - 4..])).nth(1).expect(&text);
    assert!(listed.starts_with(&format!("  1 {first}\n  2 ")), "{listed}");
    let second = listed.lines().nth(1).unwrap().trim_start_matches("  2 ").to_string();
    assert!(listed.contains(&format!("oder neuer Suchtext): 2\nGewählt: {second}\n")), "{listed}");
    let scanned = format!("SIM auswählen (letzte vier Ziffern oder ICCID) [{second}]: {first}\nGewählt: {first}\n");
    assert!(text.contains(&scanned), "{text}");
}

/// `abbrechen` before any answer: there is no draft, and none is promised.
#[test]
fn quit_before_any_answer_promises_no_draft() {
    let mut h = Harness::new(Lang::De);
    let (text, result) = h.line(Lang::De, &["1", "abbrechen"]);
    assert!(result.is_ok(), "{result:?}");
    assert!(text.trim_end().ends_with("Kunde (Suchtext): abbrechen\nBeendet."), "{text}");
    let drafts: i64 = h.sql().query_row("SELECT count(*) FROM drafts", [], |r| r.get(0)).unwrap();
    assert_eq!(drafts, 0);
}

/// Defect 3: a refused SIM search text never becomes the value in brackets: the brackets
/// show the SIM from before it, and Enter keeps that one.
#[test]
fn a_refused_sim_text_never_becomes_the_value_in_brackets() {
    let mut h = Harness::new(Lang::De);
    let sim = h.unique_sim();
    let mut s = to_user_step(&h);
    s.extend([h.first_username(3), String::new(), String::new()]); // the user, SIM now
    s.extend(["0000".into(), sim[sim.len() - 4..].to_string(), "zurück".into(), "12a4".into(), String::new()]);
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    let prompt = "SIM auswählen (letzte vier Ziffern oder ICCID)";
    assert!(!text.contains("[0000]"), "a refused text in brackets:\n{text}");
    assert!(!text.contains("[12a4]"), "a refused text in brackets:\n{text}");
    let after_0000 = text.split(&format!("{prompt}: 0000\n")).nth(1).expect(&text);
    let second = after_0000.lines().nth(1).unwrap();
    assert!(second.starts_with(&format!("{prompt}: ")), "asked again with nothing in brackets: {second}");
    let after = text.split(&format!("{prompt} [{sim}]: 12a4\n")).nth(1).expect(&text);
    let lines: Vec<&str> = after.lines().collect();
    assert_eq!(lines[1], format!("{prompt} [{sim}]: "), "the SIM from before in brackets:\n{after}");
    assert!(lines[2].starts_with("Gewählt: ") || lines[2].starts_with("Schritt 6 von 8"), "Enter kept it:\n{after}");
    let draft = h.sql().query_row("SELECT answers FROM drafts", [], |r| r.get::<_, String>(0)).unwrap();
    assert!(!draft.contains("12a4"), "{draft}");
}

/// Defect 5: Enter on an empty required field is refused at once, in one line, and the same
/// question follows (not the page's other fields first): *Kunde*, *Nebenstellennummer*.
#[test]
fn an_empty_required_field_is_refused_at_once_and_asked_again() {
    let mut h = Harness::new(Lang::De);
    let mut script = line_script(&h, Kind::NewUserSimNow);
    let (ext, _) = extension_for(&h, Kind::NewUserSimNow);
    let at = script.iter().position(|l| *l == ext).unwrap();
    script.insert(at, String::new());
    script.insert(1, String::new()); // Enter at *Kunde*
    let lines: Vec<&str> = script.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    assert!(text.contains("Kunde (Suchtext): \nKunde: Pflichtfeld\nKunde (Suchtext): K-"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| l.starts_with("Nebenstellennummer") && l.ends_with(": ")).expect(&text);
    assert_eq!(lines[at + 1], "Nebenstellennummer: Pflichtfeld", "{text}");
    assert!(lines[at + 2].starts_with("Nebenstellennummer") && lines[at + 2].ends_with(&ext), "{text}");
    assert!(text.contains("Ihre Bestellung wurde aufgegeben"), "{text}");
}

/// Defect 4: Enter at the list of SIMs sharing their last digits, then Enter at the SIM's
/// question, lists them again to pick from: Enter never traps.
#[test]
fn enter_at_the_sims_sharing_their_digits_lists_them_again() {
    let mut h = Harness::new(Lang::De);
    let (first, _) = h.shared_sims();
    let mut s = to_user_step(&h);
    s.extend([h.first_username(3), String::new(), String::new()]); // the user, SIM now
    s.extend([first[first.len() - 4..].to_string(), String::new(), String::new(), "1".into()]);
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    assert_eq!(text.matches(&format!("  1 {first}\n")).count(), 2, "listed again after Enter:\n{text}");
    assert!(text.contains(&format!("oder neuer Suchtext): 1\nGewählt: {first}\n")), "{text}");
}

/// Defect 14: a scanned ICCID printed in groups, with spaces and dashes, is taken as the
/// full screen takes it pasted ("8949-2235 9762 5398 6154").
#[test]
fn a_scanned_iccid_with_spaces_and_dashes_is_taken() {
    let mut h = Harness::new(Lang::De);
    let sim = h.unique_sim();
    let groups: Vec<String> = sim.as_bytes().chunks(4).map(|g| String::from_utf8(g.to_vec()).unwrap()).collect();
    let scanned = format!("{}-{}", groups[0], groups[1..].join(" "));
    let mut s = to_user_step(&h);
    s.extend([h.first_username(3), String::new(), String::new(), scanned.clone()]);
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    assert!(text.contains(&format!("ICCID): {scanned}\nGewählt: {sim}\n")), "{text}");
}

/// The number of the menu's entry that resumes the draft.
fn draft_entry(h: &mut Harness) -> String {
    let text = transcript(h, Lang::De, &["abbrechen"]);
    let line = text.lines().find(|l| l.contains("Entwurf fortsetzen")).expect(&text);
    line.split_whitespace().next().unwrap().to_string()
}

/// Defect 13: a hang-up at *Vorwahl* and a resume: the page starts at the PIN (drafts never
/// keep it), and *Vorwahl* is asked once, not again after the PIN.
#[test]
fn resumed_at_the_area_code_the_pin_comes_first_and_the_area_code_once() {
    let mut h = Harness::new(Lang::De);
    let script = line_script(&h, Kind::ExistingUserSimLater);
    let pin = script.iter().position(|l| l == Kind::ExistingUserSimLater.pin()).unwrap();
    let lines: Vec<&str> = script[..=pin].iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    let last = text.trim_end().lines().last().unwrap().to_string();
    assert!(last.starts_with("Vorwahl ["), "hung up at the area code:\n{text}");
    let entry = draft_entry(&mut h);
    let text = transcript(&mut h, Lang::De, &[&entry, "4711", "", "", "ja", "abbrechen"]);
    assert_eq!(text.matches("Vorwahl [").count(), 1, "the area code asked once:\n{text}");
    let resumed = text.split("Schritt 7 von 8: FMC\n").nth(1).expect(&text);
    assert!(resumed.starts_with(&format!("PIN-Code (wird nicht angezeigt): \n{last} \n")), "{resumed}");
    assert!(text.contains("Ihre Bestellung wurde aufgegeben"), "{text}");
}

/// Defect 6: the menu numbers as the full screen's (1 to 3 the orders, 4 the overview, the
/// drafts from 5, then quit), and two drafts of one customer at one step read apart.
#[test]
fn the_menu_numbers_as_the_full_screen_and_tells_two_like_drafts_apart() {
    let mut h = Harness::new(Lang::De);
    let number = h.customer_number(3);
    for _ in 0..2 {
        transcript(&mut h, Lang::De, &["1", &number, "abbrechen"]);
    }
    let text = transcript(&mut h, Lang::De, &["abbrechen"]);
    let menu: Vec<&str> = text.lines().skip_while(|l| *l != "Bestellen").skip(1).take(7).collect();
    assert_eq!(menu[3], "  4 Bestellübersicht", "{text}");
    assert!(
        menu[4].starts_with("  5 Entwurf fortsetzen: ") && menu[5].starts_with("  6 Entwurf fortsetzen: "),
        "{text}"
    );
    assert_eq!(menu[6], "  7 Beenden", "{text}");
    // Without their entry numbers.
    let label = |l: &str| l.trim_start().split_once(' ').map(|(_, rest)| rest.to_string()).unwrap();
    assert!(label(menu[4]).contains("(K-"), "{text}");
    assert_ne!(label(menu[4]), label(menu[5]), "two drafts read the same:\n{text}");
}

/// Defects 10 and 12: line mode's words speak of nothing only the full screen has: no
/// "oben"/"above", no "Enter zum Wählen", no arrow, no footnote star, "Warning:" as a
/// sentence starts, and a number out of a short list's range said as such.
#[test]
fn line_modes_words_speak_of_nothing_only_the_full_screen_has() {
    let mut h = Harness::new(Lang::De);
    let mut s = to_user_step(&h);
    s.extend(["3".into(), "1".into(), String::new(), String::new(), "0000".into()]);
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    assert!(text.contains("(Nummer 1 bis 2): 3\n„3“ ist keine der Nummern 1 bis 2.\n"), "{text}");
    let refusal = text.split("ICCID): 0000\n").nth(1).and_then(|t| t.lines().next()).expect(&text);
    assert!(refusal.starts_with("SIM auswählen: Keine freie SIM-Karte endet auf 0000"), "{refusal}");
    assert!(!refusal.contains("oben"), "{refusal}");

    let (shared, _) = h.shared_sims();
    let mut s = to_user_step(&h);
    s.extend(["1".into(), String::new(), String::new(), shared[shared.len() - 4..].to_string(), "weiter".into()]);
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    assert!(text.contains("Enter listet sie mit Nummern"), "{text}");
    assert!(!text.contains("Enter zum Wählen"), "{text}");

    let mut h = Harness::new(Lang::En);
    let script = line_script(&h, Kind::ExistingUserPorting);
    let lines: Vec<&str> = script.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::En, &lines);
    assert!(text.contains("Your order has been placed") || text.contains("CO-2026-000001"), "{text}");
    assert!(!text.contains('→') && !text.contains(" above"), "{text}");
    assert!(!text.lines().any(|l| l.starts_with('*')), "{text}");
    assert!(text.contains("\nWarning: ") && !text.contains("warning: "), "{text}");
}

/// Defect 9, line mode: a line with a control character (an escape sequence) is refused by
/// the field's rule with a line saying why, and asked again; nothing of it is stored.
#[test]
fn a_control_character_is_refused_with_a_line_not_dropped() {
    let mut h = Harness::new(Lang::De);
    let number = h.customer_number(3);
    let text = transcript(&mut h, Lang::De, &["1", &number, "", "REF\x1b[31mX", "REF-1"]);
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| l.starts_with("Referenz") && l.contains("REF\\u{1b}[31mX")).expect(&text);
    assert!(lines[at + 1].starts_with("Referenz: "), "one line why: {}", lines[at + 1]);
    assert!(lines[at + 2].starts_with("Referenz") && lines[at + 2].ends_with(": REF-1"), "asked again: {text}");
    assert!(!lines[at + 2].contains('['), "the refused text not in brackets: {}", lines[at + 2]);
    let draft = h.sql().query_row("SELECT answers FROM drafts", [], |r| r.get::<_, String>(0)).unwrap();
    assert!(draft.contains("REF-1") && !draft.contains("31mX"), "{draft}");
}

/// Defect 10: `?` at *Nebenstellennummer* speaks of the list *Bestehende Nebenstellen*,
/// which the full screen shows beside the form; line mode says it after the help.
#[test]
fn help_at_the_extension_lists_the_existing_extensions() {
    let mut h = Harness::new(Lang::De);
    let mut script = line_script(&h, Kind::NewUserSimNow);
    let (ext, _) = extension_for(&h, Kind::NewUserSimNow);
    let at = script.iter().position(|l| *l == ext).unwrap();
    script.insert(at, "?".into());
    let lines: Vec<&str> = script.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    let taken: String = h
        .sql()
        .query_row(
            "SELECT e.number FROM extensions e JOIN customers c ON c.id = e.customer_id WHERE c.number = ?1 ORDER BY e.id LIMIT 1",
            [h.customer_number(3)],
            |r| r.get(0),
        )
        .unwrap();
    let line = text.lines().find(|l| l.starts_with("Bestehende Nebenstellen: ")).expect(&text);
    assert!(line.contains(&taken), "{line}");
}

/// A storage error at the SIM search is said in the operator's language (German here), as
/// the command line says it: not in the engine's English.
#[test]
fn a_storage_error_is_said_in_german_not_in_the_engines_english() {
    let mut h = Harness::new(Lang::De);
    let sim = h.unique_sim();
    let mut s = to_user_step(&h);
    s.extend([h.first_username(3), String::new(), String::new()]); // the user, SIM now
    s.extend([sim[sim.len() - 4..].to_string(), "abbrechen".into()]);
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    h.break_sims();
    let text = transcript(&mut h, Lang::De, &lines);
    assert!(text.contains("Datenbankfehler: "), "{text}");
    assert!(!text.contains("database error"), "{text}");
}

/// A storage error while searching SIMs (the database unreadable mid-session) is said as
/// what it is, the database not read, and the same question follows with nothing lost:
/// never "no free SIM ends with …" as if the search had found nothing. Mended, the same
/// digits find the SIM.
#[test]
fn a_sim_search_the_database_could_not_answer_is_asked_again() {
    let mut h = Harness::new(Lang::De);
    let sim = h.unique_sim();
    let digits = sim[sim.len() - 4..].to_string();
    let mut s = to_user_step(&h);
    s.extend([h.first_username(3), String::new(), String::new()]); // the user, SIM now
    let at = s.len();
    s.extend([digits.clone(), digits.clone(), "abbrechen".into()]);
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let (broken, mended) = (h.sql(), h.sql());
    let acts: Vec<(usize, Box<dyn FnMut()>)> = vec![
        (at, Box::new(move || broken.execute_batch("ALTER TABLE sims RENAME TO sims_gone").unwrap())),
        (at + 1, Box::new(move || mended.execute_batch("ALTER TABLE sims_gone RENAME TO sims").unwrap())),
    ];
    let (text, result) = h.line_with(Lang::De, &lines, acts);
    assert!(result.is_ok(), "{result:?}\n{text}");
    let prompt = "SIM auswählen (letzte vier Ziffern oder ICCID)";
    let (_, after) = text.split_once(&format!("{prompt}: {digits}\n")).expect(&text);
    let after: Vec<&str> = after.lines().collect();
    assert!(after[0].starts_with("Die Datenbank konnte nicht gelesen werden: Datenbankfehler: "), "{text}");
    assert_eq!(after[1], format!("{prompt}: {digits}"), "the same question, nothing refused in brackets:\n{text}");
    assert_eq!(after[2], format!("Gewählt: {sim}"), "{text}");
    assert!(!text.contains("Keine freie SIM"), "a failed search told as if it found nothing:\n{text}");
    assert!(!text.contains("Nicht gespeichert"), "a read is not a save:\n{text}");
}

/// A customer with no user to choose: one without orders whose users are removed.
fn customer_without_users(h: &Harness) -> usize {
    let sql = h.sql();
    let n = (0..common::CUSTOMERS)
        .find(|&n| {
            let orders: i64 = sql
                .query_row(
                    "SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.number = ?1",
                    [h.customer_number(n)],
                    |r| r.get(0),
                )
                .unwrap();
            orders == 0
        })
        .unwrap();
    let id = h.customer_id(n);
    sql.execute(
        "UPDATE extensions SET user_id = NULL WHERE user_id IN (SELECT id FROM users WHERE customer_id = ?1)",
        [id],
    )
    .unwrap();
    sql.execute("DELETE FROM users WHERE customer_id = ?1", [id]).unwrap();
    assert!(h.offered_users(n).is_empty());
    n
}

/// No user to choose (none without a mobile line): line mode says so and goes on with a
/// new user's fields, as the full screen's hint asks; it never asks "Nummer 1 bis 0", and
/// going back passes the list by.
#[test]
fn no_user_to_choose_goes_on_with_a_new_user() {
    let mut h = Harness::new(Lang::De);
    let n = customer_without_users(&h);
    let mut s = vec!["1".to_string(), h.customer_number(n)];
    s.extend(["", "", "", "", "", "", "", "", ""].map(String::from));
    // At the new user's name: back to the box, back to the add-ons, on again (the box, as
    // it was left), `nein` there, quit.
    s.extend(["zurück", "zurück", "", "nein", "abbrechen"].map(String::from));
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    assert!(!text.contains("bis 0"), "{text}");
    let said = "Dieser Kunde hat keinen Benutzer ohne Mobilanschluss: Sie legen einen neuen Benutzer an.";
    assert_eq!(text.matches(said).count(), 2, "once each time the list comes up:\n{text}");
    let after: Vec<&str> = text.split_once(said).expect(&text).1.lines().collect();
    assert_eq!(after[1], "Benutzer: zurück", "{text}");
    assert_eq!(after[2], "Alternativ: Einen neuen Benutzer erstellen (ja oder nein) [ja]: zurück", "{text}");
    assert!(after[3].starts_with("Schritt 3 von 8: Add-ons"), "{text}");
    assert!(
        text.trim_end().ends_with(
            "Benutzer: abbrechen\nBeendet. Die Bestellung bleibt als Entwurf und wird beim nächsten Start angeboten."
        ),
        "{text}"
    );
}

/// A customer without a free number: line mode says what to do instead and asks for the
/// number type again, never "Nummer 1 bis 0" (fresh-eyes test: Enter looped on it).
#[test]
fn no_free_number_asks_for_the_number_type_again() {
    let mut h = Harness::new(Lang::De);
    let customer = h.store.customer_by_number(&h.customer_number(3)).unwrap().unwrap().id;
    h.sql().execute("DELETE FROM numbers WHERE customer_id = ?1 AND order_id IS NULL", [customer]).unwrap();
    let mut s = to_user_step(&h);
    s.extend([h.first_username(3), String::new(), "später".into(), String::new(), String::new()]);
    s.extend(["abbrechen".into()]);
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    assert!(!text.contains("bis 0"), "{text}");
    let said = "Der Kunde hat keine freie Rufnummer";
    let after: Vec<&str> = text.split_once(said).expect(&text).1.lines().collect();
    assert!(after.iter().take(4).any(|l| l.starts_with("Nummerntyp (Nummer 1 bis 2)")), "{text}");
}

/// More free SIMs share the digits than one lookup lists (50): the count says "Mindestens
/// 50", never a plain "50" as if those were all.
#[test]
fn a_capped_sim_count_says_at_least() {
    let mut h = Harness::new(Lang::De);
    h.stock_sims_ending("7777", 60);
    let mut s = to_user_step(&h);
    s.extend([h.first_username(3), String::new(), String::new()]); // the user, SIM now
    s.extend(["7777".into(), "abbrechen".into()]);
    let lines: Vec<&str> = s.iter().map(String::as_str).collect();
    let text = transcript(&mut h, Lang::De, &lines);
    assert!(text.contains("\nMindestens 50 Treffer, die ersten 9"), "{text}");
    assert!(!text.contains("\n50 Treffer"), "{text}");
}
