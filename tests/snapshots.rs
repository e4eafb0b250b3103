//! Every screen at 80×24 on ratatui's TestBackend, as text. Review changes with
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test` and read the diff).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::Harness;
use common::keys::{choose_in, fmc, new_user, open_order};
use comuniq_order::domain::Field;
use comuniq_order::i18n::Lang;
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;

/// A test that snapshots the screen the expression after the name leaves, at 80×24 or at
/// the size given: the one helper behind every snapshot. The test's name names its
/// snapshot file, as for a test written out.
macro_rules! screen_test {
    ($name:ident: $start:expr) => {
        #[test]
        fn $name() {
            let h = $start;
            assert_snapshot!(h.screen());
        }
    };
    ($name:ident: $start:expr, $width:literal x $height:literal) => {
        #[test]
        fn $name() {
            let h = $start;
            assert_snapshot!(h.screen_sized($width, $height));
        }
    };
}

/// The order used for the step snapshots: customer 2, Professional User, a new user.
fn walk_to(h: &mut Harness, steps: usize) {
    if steps == 1 {
        h.press(KeyCode::Char('2'));
        return;
    }
    open_order(h, '2', 2);
    h.fill(Field::Reference, "PO-2026-117");
    // The term is the catalog's default (24 months).
    h.ctrl('n');
    if steps == 2 {
        return;
    }
    // Data: Professional User's default; SMS: the one after the default.
    choose_in(h, Field::Sms, 1);
    h.ctrl('n');
    if steps == 3 {
        return;
    }
    h.press(KeyCode::Char(' ')); // the first add-on, where the page opens
    h.ctrl('n');
    if steps == 4 {
        return;
    }
    new_user(h, "jonas.becker", "Jonas", "Becker", "jonas.becker@beispiel.de");
    h.ctrl('n');
    if steps == 5 {
        return;
    }
    let sim = h.unique_sim();
    h.type_text(&sim[sim.len() - 4..]);
    h.ctrl('n');
    if steps == 6 {
        return;
    }
    // The first free number is preselected.
    h.ctrl('n');
    if steps == 7 {
        return;
    }
    let ext = nines(h);
    fmc(h, &ext, "4711");
    h.ctrl('n');
}

/// An extension of nines, as long as customer 2's dial plan.
fn nines(h: &Harness) -> String {
    "9".repeat(usize::from(h.data.customers[2].dial_plan_len))
}

/// A harness in `lang` after [`walk_to`] `steps`: what every step snapshot starts from.
fn at_step(lang: Lang, steps: usize) -> Harness {
    let mut h = Harness::new(lang);
    walk_to(&mut h, steps);
    h
}

/// A harness in `lang` with [`with_orders`], on the overview: what every overview
/// snapshot starts from.
fn overview(lang: Lang) -> Harness {
    let mut h = Harness::new(lang);
    with_orders(&mut h);
    h.press(KeyCode::Char('4'));
    h
}

screen_test!(menu: Harness::new(Lang::De));

screen_test!(menu_en: Harness::new(Lang::En));

screen_test!(step_1_kundendaten: at_step(Lang::De, 1));

#[test]
fn step_1_refused() {
    let mut h = at_step(Lang::De, 1);
    h.ctrl('n');
    assert_snapshot!(h.screen());
}

#[test]
fn step_1_customer_list_filtered() {
    let mut h = at_step(Lang::De, 1);
    h.type_text("ber");
    assert_snapshot!(h.screen());
}

screen_test!(step_2_verbindung: at_step(Lang::De, 2));

screen_test!(step_3_addons: at_step(Lang::De, 3));

#[test]
fn step_4_benutzer() {
    let mut h = at_step(Lang::De, 4);
    h.go_to(Field::NewUser);
    h.press(KeyCode::Char(' '));
    assert_snapshot!(h.screen());
}

#[test]
fn step_5_sim() {
    let mut h = at_step(Lang::De, 5);
    let (a, _) = h.shared_sims();
    h.type_text(&a[a.len() - 4..]);
    assert_snapshot!(h.screen());
}

screen_test!(step_6_nummer: at_step(Lang::De, 6));

#[test]
fn step_7_fmc() {
    let mut h = at_step(Lang::De, 7);
    fmc(&mut h, "0", "0000");
    assert_snapshot!(h.screen());
}

screen_test!(step_8_bestaetigen: at_step(Lang::De, 8));

#[test]
fn step_8_bestellen_focused() {
    let mut h = at_step(Lang::De, 8);
    h.press(KeyCode::Enter);
    assert_snapshot!(h.screen());
}

screen_test!(step_8_confirm_en: at_step(Lang::En, 8));

screen_test!(step_2_connection_en: at_step(Lang::En, 2));

#[test]
fn placed() {
    let mut h = at_step(Lang::De, 8);
    h.ctrl('n');
    assert_snapshot!(h.screen());
}

#[test]
fn help() {
    let mut h = at_step(Lang::De, 1);
    h.press(KeyCode::F(1));
    assert_snapshot!(h.screen());
}

#[test]
fn help_en() {
    let mut h = at_step(Lang::En, 1);
    h.press(KeyCode::F(1));
    assert_snapshot!(h.screen());
}

/// Five orders in every state: waiting for a SIM, for a porting, active, manual billing,
/// cancelled.
fn with_orders(h: &mut Harness) {
    use common::orders::Kind;
    h.place(1, Kind { sim_later: true, ..Kind::default() }, 1);
    h.place(2, Kind { port: true, ..Kind::default() }, 2);
    h.place(3, Kind::default(), 3);
    h.place(4, Kind { manual_invoice: true, ..Kind::default() }, 4);
    let cancelled = h.place(5, Kind::default(), 5);
    let mut driver = comuniq_order::driver::Driver::new(&mut h.store, h.catalog.clone(), "tester", common::clock);
    driver.cancel(cancelled.id, comuniq_order::domain::lifecycle::CancelReason::CustomerRequest).unwrap();
}

#[test]
fn overview_empty() {
    let mut h = Harness::new(Lang::De);
    h.press(KeyCode::Char('4'));
    assert_snapshot!(h.screen());
}

screen_test!(overview_orders: overview(Lang::De));

#[test]
fn overview_filtered_waiting_for_sim() {
    let mut h = overview(Lang::De);
    h.press(KeyCode::Char('f'));
    assert_snapshot!(h.screen());
}

#[test]
fn overview_detail() {
    let mut h = overview(Lang::De);
    h.press(KeyCode::End);
    h.press(KeyCode::Enter);
    assert_snapshot!(h.screen());
}

#[test]
fn overview_actions() {
    let mut h = overview(Lang::De);
    h.press(KeyCode::End);
    h.press(KeyCode::Char('a'));
    assert_snapshot!(h.screen());
}

#[test]
fn overview_link_sim_en() {
    let mut h = overview(Lang::En);
    h.press(KeyCode::End);
    h.press(KeyCode::Char('s'));
    h.type_text("12");
    assert_snapshot!(h.screen());
}

screen_test!(step_1_at_60x20: at_step(Lang::De, 1), 60 x 20);

screen_test!(step_8_at_60x20: at_step(Lang::De, 8), 60 x 20);

screen_test!(step_7_at_200x50: at_step(Lang::De, 7), 200 x 50);

screen_test!(overview_at_200x50: overview(Lang::De), 200 x 50);

#[test]
fn too_small_keeps_the_state() {
    let h = at_step(Lang::De, 3);
    assert_snapshot!(h.screen_sized(50, 15));
    // Large again: the same page, nothing lost.
    assert!(h.text().contains("Voicemail Plus"), "{}", h.text());
}

screen_test!(overview_at_60x20: overview(Lang::De), 60 x 20);

screen_test!(overview_en_at_60x20: overview(Lang::En), 60 x 20);

#[test]
fn step_5_sim_at_60x20() {
    let mut h = at_step(Lang::De, 5);
    let sim = h.unique_sim();
    h.type_text(&sim[sim.len() - 4..]);
    assert_snapshot!(h.screen_sized(60, 20));
}

screen_test!(step_4_benutzer_at_60x20: at_step(Lang::De, 4), 60 x 20);

screen_test!(step_2_connection_en_at_60x20: at_step(Lang::En, 2), 60 x 20);

#[test]
fn step_8_pin_warning_at_60x20() {
    let mut h = at_step(Lang::De, 7);
    let ext = nines(&h);
    fmc(&mut h, &ext, "0000");
    h.ctrl('n');
    // The invoice checkbox unticked: the manual-invoice note wraps too.
    h.press(KeyCode::Char(' '));
    assert_snapshot!(h.screen_sized(60, 20));
}

#[test]
fn step_8_sim_later_at_60x20() {
    let mut h = Harness::new(Lang::De);
    common::keys::to_fmc_sim_later(&mut h, 1);
    common::keys::fmc_extension(&mut h, 1);
    h.type_text("0000");
    h.ctrl('n');
    assert_snapshot!(h.screen_sized(60, 20));
}

#[test]
fn step_5_sim_options_at_60x20() {
    let mut h = at_step(Lang::De, 5);
    h.go_to(Field::SimOption);
    h.press(KeyCode::Char(' '));
    assert_snapshot!(h.screen_sized(60, 20));
}

#[test]
fn menu_resume_at_60x20() {
    let mut h = at_step(Lang::De, 1);
    let number = h.customer_number(2);
    h.type_text(&number);
    h.press(KeyCode::Enter);
    h.press(KeyCode::Esc);
    assert_snapshot!(h.screen_sized(60, 20));
}

#[test]
fn overview_no_match_at_60x20() {
    let mut h = overview(Lang::De);
    h.press(KeyCode::Char('/'));
    h.type_text("nichts");
    h.press(KeyCode::Enter);
    assert_snapshot!(h.screen_sized(60, 20));
}

/// The screen's rows at a size, as text.
fn rows_sized(h: &Harness, width: u16, height: u16) -> Vec<String> {
    common::screen_text(&h.screen_sized(width, height)).lines().map(str::to_string).collect()
}

/// Defect 7: at 60×20 every step in the bar keeps a label ("4   5 SIM" showed step 4 as a
/// bare number), and no two labels read the same, on every step and in both languages.
#[test]
fn the_step_bar_labels_every_step_distinctly_at_60x20() {
    for lang in [Lang::De, Lang::En] {
        for steps in 1..=8 {
            let h = at_step(lang, steps);
            let bar = rows_sized(&h, 60, 20)[1].clone();
            let mut labels = Vec::new();
            for n in 1..=8 {
                // Each step: its number (or the tick of a done one), then its label.
                let at = bar.find(&format!(" {n} ")).map(|i| i + 3);
                let label = match at {
                    Some(i) => bar[i..].split("  ").next().unwrap_or_default().trim().to_string(),
                    None => continue, // done: "✓ Label", checked below by uniqueness
                };
                assert!(
                    !label.is_empty() && !label.starts_with(char::is_numeric),
                    "{lang:?} {steps}: {n} bare in {bar:?}"
                );
                labels.push(label);
            }
            let items: Vec<&str> = bar.split("  ").map(str::trim).filter(|s| !s.is_empty()).collect();
            assert_eq!(items.len(), 8, "{lang:?} {steps}: {bar:?}");
            for item in &items {
                assert!(item.contains(' '), "{lang:?} {steps}: a number or tick without a label: {item:?} in {bar:?}");
            }
            let names: Vec<&str> = items.iter().filter_map(|i| i.split_once(' ').map(|(_, n)| n)).collect();
            let distinct: std::collections::BTreeSet<&&str> = names.iter().collect();
            assert_eq!(distinct.len(), 8, "{lang:?} {steps}: two steps read the same: {bar:?}");
        }
    }
}

/// Defect 7: an add-on's price keeps a space before it however long the name
/// ("MultiSIM (second SIM card)€9.90 one-time" at 60×20).
#[test]
fn an_addons_price_keeps_a_space_before_it_at_60x20() {
    for lang in [Lang::De, Lang::En] {
        let h = at_step(lang, 3);
        let rows = rows_sized(&h, 60, 20);
        let priced: Vec<&String> = rows.iter().filter(|r| r.contains('€') && r.contains('[')).collect();
        assert!(!priced.is_empty(), "{lang:?}: {rows:#?}");
        for row in priced {
            // Where the price starts: "€9.90" in English, "9,90 €" in German.
            let euro = row.find('€').unwrap();
            let start = match lang {
                Lang::En => euro,
                _ => row[..euro].trim_end().rfind(' ').map_or(0, |i| i + 1),
            };
            assert!(row[..start].ends_with(' '), "{lang:?}: no space before the price in {row:?}");
        }
    }
}

/// Defect 7: two customers whose names are cut to the same words stay apart in the list:
/// the name is cut, never the customer number.
#[test]
fn the_customer_list_cuts_names_not_numbers() {
    let mut h = Harness::new(Lang::De);
    h.press(KeyCode::Char('1'));
    h.press(KeyCode::Char(' '));
    assert!(h.app.has_open_list());
    for (width, height) in [(60, 20), (80, 24)] {
        let rows = rows_sized(&h, width, height);
        let entries: Vec<&String> = rows.iter().filter(|r| r.contains(" · K-")).collect();
        assert!(entries.len() >= 5, "{rows:#?}");
        for row in entries {
            let number = row.split(" · ").nth(1).unwrap_or_default();
            let number: String = number.chars().take_while(|c| *c != ' ' && *c != '│').collect();
            assert!(
                number.len() == 8 && number.starts_with("K-") && !number.contains('…'),
                "{width}x{height}: the number cut in {row:?}"
            );
        }
    }
}

/// Defect 8: F1's help at 60×20 wraps its key explanations instead of cutting them
/// mid-word, and PgDn/PgUp scroll to its end and back instead of closing it.
#[test]
fn the_help_at_60x20_wraps_and_scrolls_to_its_end() {
    for lang in [Lang::De, Lang::En] {
        let t = lang.texts();
        let mut h = at_step(lang, 1);
        h.press(KeyCode::F(1));
        let title = format!("┌ {}", t.help_title);
        let first = rows_sized(&h, 60, 20).join("\n");
        assert!(first.contains(&title), "{first}");
        let mut seen = first.clone();
        for _ in 0..8 {
            h.press(KeyCode::PageDown);
            let rows = rows_sized(&h, 60, 20).join("\n");
            assert!(rows.contains(&title), "PgDn keeps it open:\n{rows}");
            seen.push_str(&rows);
        }
        for (_, what) in t.help_keys {
            for word in what.split_whitespace() {
                assert!(seen.contains(word), "{lang:?}: {word:?} never shown whole:\n{seen}");
            }
        }
        for _ in 0..8 {
            h.press(KeyCode::PageUp);
        }
        assert_eq!(rows_sized(&h, 60, 20).join("\n"), first, "PgUp back to the top");
        h.press(KeyCode::Esc);
        assert!(!rows_sized(&h, 60, 20).join("\n").contains(&title), "any other key closes it");
    }
}
