//! Line mode through a real pseudo-terminal with `TERM=dumb`, as a screen reader's or a
//! serial console's operator uses it: a complete order whose transcript has no escape
//! sequence, at most one prompt line per field asked, every field label of the order and
//! every step heading; the PIN never echoed; a hang-up keeps the draft for the next start.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::line::{DumbPty, free_extension_in, unique_sim_in};
use common::pty::Home;
use comuniq_order::domain::{Field, Step};
use comuniq_order::i18n::Lang;
use std::time::Duration;

const ARGS: [&str; 7] = ["demo", "--operator", "tester", "--today", "2026-11-26", "--lang", "de"];
const CUSTOMER: &str = "K-100003";

/// The porting fields: hidden for a new number.
const PORTING: [Field; 4] = [Field::PortNumber, Field::Donor, Field::PortWhen, Field::PortDate];

/// The prompt lines of a field: its label, then its hint, value or colon.
fn prompts(transcript: &str, field: Field) -> Vec<&str> {
    let label = (Lang::De.texts().field_label)(field);
    transcript
        .lines()
        .filter(|l| [" (", " [", ": "].iter().any(|after| l.starts_with(&format!("{label}{after}"))))
        .collect()
}

#[test]
fn a_whole_order_on_a_dumb_terminal_is_plain_lines() {
    let home = Home::new();
    let mut p = DumbPty::start(&ARGS, home.dir.path());
    p.wait_for(0, "Auswahl, 1 bis 5: ");
    // The demo database is a SQLite file whatever the engine of the contract tests.
    let db = common::db::Conn::Sqlite(rusqlite::Connection::open(home.demo_db()).unwrap());
    let sim = unique_sim_in(&db);
    let ext = free_extension_in(&db, CUSTOMER);
    let mut answers = vec!["1", CUSTOMER, "", "", "", "", "", "", "", "", "", "", "ja"];
    answers.extend(["erika.muster", "Erika", "", "Mustermann", "erika@beispiel.de", ""]);
    answers.extend(["", &sim[sim.len() - 4..], "", "", &ext, "", "4711", "", "", "ja"]);
    for a in &answers {
        p.answer(a);
    }
    let placed = p.wait_for(0, "Ihre Bestellung wurde aufgegeben: ");
    p.answer("5"); // Beenden
    assert_eq!(p.exit(Duration::from_secs(10)), Some(0), "{}", p.text());

    assert!(!p.output.contains(&0x1b), "an ESC byte in the transcript:\n{:?}", p.text());
    let text = p.text().replace('\r', "");
    assert!(text.starts_with("Zeilenmodus: "), "the first line says so:\n{text}");
    for step in Step::ALL {
        let heading = format!("Schritt {} von 8: {}\n", step.index() + 1, (Lang::De.texts().step_name)(step));
        assert_eq!(text.matches(&heading).count(), 1, "{heading}\n{text}");
    }
    // A standard order (new user, SIM now, new number) asks every other field.
    for field in Field::EACH.into_iter().filter(|f| !PORTING.contains(f)) {
        let asked = prompts(&text, field);
        assert_eq!(asked.len(), 1, "{field:?} asked {} times: {asked:?}\n{text}", asked.len());
    }
    // The porting fields are hidden for a new number: never asked.
    for field in PORTING {
        assert!(prompts(&text, field).is_empty(), "{field:?} asked:\n{text}");
    }
    let pin = prompts(&text, Field::Pin)[0];
    assert_eq!(pin, "PIN-Code (wird nicht angezeigt): ", "the PIN is not echoed");
    assert!(!text.contains("4711"), "{text}");
    let order_no = &p.text()[placed..placed + "CO-2026-000037".len()];
    let stored: String = db
        .query_row(
            "SELECT u.username FROM orders o JOIN users u ON u.id = o.user_id WHERE o.order_no = ?1",
            [order_no],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, "erika.muster");
}

#[test]
fn a_hang_up_keeps_the_draft_and_the_next_start_offers_it() {
    let home = Home::new();
    let mut p = DumbPty::start(&ARGS, home.dir.path());
    for a in ["1", CUSTOMER, "", "", "", "", "", "", "", "", "", "", "ja", "erika.muster"] {
        p.answer(a);
    }
    p.wait_prompt();
    p.hang_up();
    assert_eq!(p.exit(Duration::from_secs(10)), Some(129));

    let mut p = DumbPty::start(&ARGS, home.dir.path());
    let end = p.wait_for(0, "Auswahl, 1 bis 6: ");
    let menu = p.text();
    assert!(
        menu[..end].contains("  5 Entwurf fortsetzen: Mayer Maschinenbau AG (K-100003), Schritt 4: Benutzer"),
        "{menu}"
    );
    p.answer("5");
    let at = p.output.len();
    p.wait_prompt();
    let resumed = String::from_utf8_lossy(&p.output[at..]).replace('\r', "");
    assert!(resumed.ends_with("Schritt 4 von 8: Benutzer\nVorname: "), "on the field after the user name: {resumed:?}");
    // Ctrl+C: the draft is kept, exit code 130.
    p.send("\x03");
    assert_eq!(p.exit(Duration::from_secs(10)), Some(130), "{}", p.text());
}

/// At rest, line mode waits in a blocking read: no CPU and no bytes, at the menu, at a
/// question and at a list's search (the same guarantee as `tests/pty_rest.rs`).
#[test]
fn at_rest_line_mode_uses_no_cpu_and_writes_nothing() {
    let home = Home::new();
    let mut p = DumbPty::start(&ARGS, home.dir.path());
    let mut figures = Vec::new();
    for answer in [None, Some("1"), Some("müller")] {
        match answer {
            Some(a) => p.answer(a),
            None => p.wait_prompt(),
        }
        p.wait_prompt();
        figures.push((answer, p.at_rest(Duration::from_secs(2))));
    }
    for (answer, (ticks, bytes)) in &figures {
        assert!(*ticks <= 1 && *bytes == 0, "after {answer:?}: {ticks} ticks, {bytes} B ({figures:?})");
    }
}

/// SIGTERM at a question ends line mode with exit 143 and the draft kept, as on the full
/// screen.
#[test]
fn sigterm_keeps_the_draft_and_exits_143() {
    let home = Home::new();
    let mut p = DumbPty::start(&ARGS, home.dir.path());
    for a in ["1", CUSTOMER] {
        p.answer(a);
    }
    p.wait_prompt();
    let pid = rustix::process::Pid::from_child(&p.child);
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    assert_eq!(p.exit(Duration::from_secs(10)), Some(143), "{}", p.text());
    assert!(p.text().contains("durch Signal 15 beendet; die Bestellung bleibt als Entwurf erhalten"), "{}", p.text());
    let drafts = common::pty::drafts(&home.demo_db());
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    assert!(drafts[0].2.contains("\"customer\":"), "{drafts:?}");
}

/// Defect 11: SIGTERM at the menu, with no order open, exits 143 without promising a draft
/// that does not exist.
#[test]
fn sigterm_at_the_menu_promises_no_draft() {
    let home = Home::new();
    let mut p = DumbPty::start(&ARGS, home.dir.path());
    p.wait_prompt();
    let pid = rustix::process::Pid::from_child(&p.child);
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    assert_eq!(p.exit(Duration::from_secs(10)), Some(143), "{}", p.text());
    assert!(p.text().contains("durch Signal 15 beendet"), "{}", p.text());
    assert!(!p.text().contains("Entwurf erhalten"), "no draft to keep:\n{}", p.text());
    assert!(common::pty::drafts(&home.demo_db()).is_empty());
}
