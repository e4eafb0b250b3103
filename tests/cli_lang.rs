//! Every text the operator sees on the command line follows the chosen language: the real
//! binary with `--lang de` and `--lang en`, on successes and refusals of each command.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::Harness;
use common::orders::Kind;
use comuniq_order::i18n::Lang;
use std::path::Path;
use std::process::{Command, Output};

const LATER: Kind = Kind { sim_later: true, port: false, manual_invoice: false };

/// Runs the binary on `db` in `lang`; returns exit code, stdout and stderr.
fn run(db: &Path, lang: &str, args: &[&str]) -> (i32, String, String) {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .args(["--db", &common::db::db_arg(db), "--today", "2026-11-26", "--operator", "tester", "--lang", lang])
        .args(args)
        .env_remove("LANG")
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

/// Asserts that `text` holds each of `has` and none of `lacks`.
fn assert_words(text: &str, has: &[&str], lacks: &[&str]) {
    for w in has {
        assert!(text.contains(w), "missing {w:?} in:\n{text}");
    }
    for w in lacks {
        assert!(!text.contains(w), "{w:?} should not be in:\n{text}");
    }
}

fn db(h: &Harness) -> std::path::PathBuf {
    h.dir.path().join("orders.db")
}

/// A valid order (SIM later, a ported number) for the sixth demo customer.
fn order_file(h: &Harness) -> String {
    let text = common::files::ported_order_file(&h.data.customers[5], "030 98765432", &h.free_extension(5), "0000");
    h.write("order.toml", text)
}

#[test]
fn order_dry_run_place_and_refusal_in_both_languages() {
    let h = Harness::new(Lang::De);
    let file = order_file(&h);
    let dry_runs: [(&str, &[&str], &[&str]); 2] = [
        (
            "de",
            &["gültig: nichts geschrieben", "einmalig", "monatlich", "Summe", "Hinweis: "],
            &["valid:", "warning:", " once "],
        ),
        (
            "en",
            &["valid: nothing written", "one-time", "monthly", "Total", "warning: "],
            &["gültig", "Hinweis", "Summe"],
        ),
    ];
    for (lang, has, lacks) in dry_runs {
        let (code, out, _) = run(&db(&h), lang, &["order", "--answers", &file, "--dry-run"]);
        assert_eq!(code, 0);
        assert_words(&out, has, lacks);
    }
    let (code, out, err) = run(&db(&h), "de", &["order", "--answers", &file]);
    assert_eq!(code, 0, "{err}");
    assert_words(&out, &["bestellt: CO-", "wartet auf SIM-Karte, Portierung"], &["placed", "pending"]);
    // The same file again: the extension is taken now, the order is refused.
    for (lang, has, lacks) in [("en", "answers refused", "abgelehnt"), ("de", "abgelehnt", "refused")] {
        let (code, _, err) = run(&db(&h), lang, &["order", "--answers", &file]);
        assert_eq!(code, 1, "{err}");
        assert_words(&err, &[has], &[lacks]);
    }
}

#[test]
fn order_placed_in_english() {
    let h = Harness::new(Lang::De);
    let file = order_file(&h);
    let (code, out, err) = run(&db(&h), "en", &["order", "--answers", &file]);
    assert_eq!(code, 0, "{err}");
    assert_words(&out, &["placed CO-", "pending: SIM card, porting"], &["bestellt", "wartet"]);
}

#[test]
fn unknown_customer_and_unknown_order_in_both_languages() {
    let h = Harness::new(Lang::De);
    let (code, _, de) = run(&db(&h), "de", &["--customer", "K-999999", "orders"]);
    let (code_en, _, en) = run(&db(&h), "en", &["--customer", "K-999999", "orders"]);
    assert_eq!((code, code_en), (3, 3));
    assert_ne!(de, en);
    assert!(de.contains("K-999999") && en.contains("K-999999"), "{de}{en}");
    let (_, _, de) = run(&db(&h), "de", &["sim", "link", "CO-2026-999999", "--sim", "1234"]);
    let (_, _, en) = run(&db(&h), "en", &["sim", "link", "CO-2026-999999", "--sim", "1234"]);
    assert_words(&de, &["keine Bestellung CO-2026-999999"], &["no order"]);
    assert_words(&en, &["no order CO-2026-999999"], &["keine Bestellung"]);
}

#[test]
fn sim_link_refused_and_linked_in_both_languages() {
    let mut h = Harness::new(Lang::De);
    let (code, _, de) = run(&db(&h), "de", &["sim", "link", "--sim", "0000"]);
    let (code_en, _, en) = run(&db(&h), "en", &["sim", "link", "--sim", "0000"]);
    assert_eq!((code, code_en), (1, 1), "{de}{en}");
    assert_ne!(de, en);
    let order = h.place(1, LATER, 1);
    let sim = h.unique_sim();
    let (code, out, err) = run(&db(&h), "en", &["sim", "link", &order.order_no, "--sim", &sim[sim.len() - 4..]]);
    assert_eq!(code, 0, "{err}");
    assert_words(&out, &["Link SIM", &order.order_no], &["SIM verbinden"]);
    let other = h.place(1, LATER, 2);
    let sim = h.data.sims.last().unwrap().clone();
    let (code, out, err) = run(&db(&h), "de", &["sim", "link", &other.order_no, "--sim", &sim]);
    assert_eq!(code, 0, "{err}");
    assert_words(&out, &["SIM verbinden", &other.order_no], &["Link SIM"]);
}

#[test]
fn import_bad_header_and_bad_row_in_both_languages() {
    let h = Harness::new(Lang::De);
    let header = h.write("kopf.csv", b"customer\nK-100000\n");
    let (code, _, de) = run(&db(&h), "de", &["import", "numbers", &header]);
    let (code_en, _, en) = run(&db(&h), "en", &["import", "numbers", &header]);
    assert_eq!((code, code_en), (3, 3));
    assert_words(
        &de,
        &["kopf.csv:1: Spalte \"number\" fehlt", "nichts geschrieben"],
        &["missing column", "nothing written"],
    );
    assert_words(&en, &["kopf.csv:1: missing column \"number\"", "nothing written"], &["fehlt", "nichts"]);
    let width = h.write("breit.csv", b"iccid\n1,2\n");
    let (_, _, de) = run(&db(&h), "de", &["import", "sims", &width]);
    let (_, _, en) = run(&db(&h), "en", &["import", "sims", &width]);
    assert_words(&de, &["breit.csv:2: 2 Spalten, die Kopfzeile hat aber 1"], &["columns, but"]);
    assert_words(&en, &["breit.csv:2: 2 columns, but the header has 1"], &["Spalten"]);
    let empty = h.write("leer.csv", b"");
    let (_, _, de) = run(&db(&h), "de", &["import", "sims", &empty]);
    assert_words(&de, &["die Datei ist leer"], &["the file is empty"]);
    let bad = h.write("zeile.csv", b"iccid\n123\n");
    let (code, _, de) = run(&db(&h), "de", &["import", "sims", &bad]);
    let (code_en, _, en) = run(&db(&h), "en", &["import", "sims", &bad]);
    assert_eq!((code, code_en), (1, 1));
    assert_words(&de, &["zeile.csv:2: iccid 123: ", "abgelehnt"], &["refused"]);
    assert_words(&en, &["zeile.csv:2: iccid 123: ", "refused"], &["abgelehnt"]);
}

#[test]
fn catalog_check_ok_and_broken_in_both_languages() {
    let h = Harness::new(Lang::De);
    let (code, de, _) = run(&db(&h), "de", &["catalog", "check"]);
    let (code_en, en, _) = run(&db(&h), "en", &["catalog", "check"]);
    assert_eq!((code, code_en), (0, 0));
    assert_words(
        &de,
        &["(eingebaut): in Ordnung", "Produkte je Voice-Produkt", "Regeln:"],
        &["products per tier", "rules:"],
    );
    assert_words(&en, &["(built in): ok", "products per tier", "rules:"], &["Regeln", "eingebaut"]);
    let broken = comuniq_order::domain::catalog::DEFAULT_TOML.replacen("requires = [\"", "requires = [\"gibtsnicht", 1);
    assert_ne!(broken, comuniq_order::domain::catalog::DEFAULT_TOML, "the catalog has a requires list");
    let file = h.write("kaputt.toml", broken.as_bytes());
    let (code, _, de) = run(&db(&h), "de", &["catalog", "check", &file]);
    let (code_en, _, en) = run(&db(&h), "en", &["catalog", "check", &file]);
    assert_eq!((code, code_en), (3, 3));
    assert_words(
        &de,
        &["der Katalog ist fehlerhaft", "kaputt.toml:", ".requires: unbekanntes Add-on „gibtsnicht"],
        &["unknown add-on", "broken"],
    );
    assert_words(
        &en,
        &["the catalog is broken", "kaputt.toml:", ".requires: unknown add-on \"gibtsnicht"],
        &["unbekannt", "fehlerhaft"],
    );
}

#[test]
fn demo_reset_on_a_real_database_is_refused_in_both_languages() {
    if common::db::sqlite_only("the demo database is a file; --reset names it") {
        return;
    }
    let h = Harness::new(Lang::De);
    let (code, _, de) = run(&db(&h), "de", &["demo", "--reset"]);
    let (code_en, _, en) = run(&db(&h), "en", &["demo", "--reset"]);
    assert_eq!((code, code_en), (3, 3));
    assert_words(&de, &["--reset löscht nur Demo-Datenbanken", "orders.db"], &["only deletes"]);
    assert_words(&en, &["--reset only deletes demo databases", "orders.db"], &["löscht"]);
    // Without a terminal the wizard runs in line mode (issue 14; it was refused before),
    // in the language too.
    let demo = h.dir.path().join("demo.db");
    let (code, de, _) = run(&demo, "de", &["demo"]);
    let (_, en, _) = run(&demo, "en", &["demo"]);
    assert_eq!(code, 0);
    assert_words(&de, &["Zeilenmodus: eine Frage pro Zeile", "Bestellübersicht"], &["Line mode", "Order overview"]);
    assert_words(&en, &["Line mode: one question per line", "Order overview"], &["Zeilenmodus", "Bestellübersicht"]);
}
