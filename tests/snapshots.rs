//! Every screen at 80×24 on ratatui's TestBackend, as text. Review changes with
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test` and read the diff).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::Harness;
use comuniq_order::i18n::Lang;
use insta::assert_snapshot;
use ratatui::crossterm::event::KeyCode;

/// The order used for the step snapshots: customer 2, Professional User, a new user.
fn walk_to(h: &mut Harness, steps: usize) {
    h.press(KeyCode::Char('2'));
    if steps == 1 {
        return;
    }
    let number = h.customer_number(2);
    h.type_text(&number);
    h.press(KeyCode::Enter);
    h.tab(1);
    h.type_text("PO-2026-117");
    // The term is the catalog's default (24 months).
    h.ctrl('n');
    if steps == 2 {
        return;
    }
    // Data: Professional User's default; SMS: the one after the default.
    h.tab(2);
    h.press(KeyCode::Char(' '));
    h.press(KeyCode::Down);
    h.press(KeyCode::Enter);
    h.ctrl('n');
    if steps == 3 {
        return;
    }
    h.press(KeyCode::Char(' '));
    h.ctrl('n');
    if steps == 4 {
        return;
    }
    h.tab(1);
    h.press(KeyCode::Char(' '));
    h.tab(1);
    h.type_text("jonas.becker");
    h.tab(1);
    h.type_text("Jonas");
    h.tab(2);
    h.type_text("Becker");
    h.tab(1);
    h.type_text("jonas.becker@beispiel.de");
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
    let c = &h.data.customers[2];
    let ext = "9".repeat(usize::from(c.dial_plan_len));
    h.type_text(&ext);
    h.tab(2);
    h.type_text("4711");
    h.ctrl('n');
}

#[test]
fn menu() {
    let h = Harness::new(Lang::De);
    assert_snapshot!(h.screen());
}

#[test]
fn menu_en() {
    let h = Harness::new(Lang::En);
    assert_snapshot!(h.screen());
}

#[test]
fn step_1_kundendaten() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 1);
    assert_snapshot!(h.screen());
}

#[test]
fn step_1_refused() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 1);
    h.ctrl('n');
    assert_snapshot!(h.screen());
}

#[test]
fn step_1_customer_list_filtered() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 1);
    h.type_text("ber");
    assert_snapshot!(h.screen());
}

#[test]
fn step_2_verbindung() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 2);
    assert_snapshot!(h.screen());
}

#[test]
fn step_3_addons() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 3);
    assert_snapshot!(h.screen());
}

#[test]
fn step_4_benutzer() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 4);
    h.tab(1);
    h.press(KeyCode::Char(' '));
    assert_snapshot!(h.screen());
}

#[test]
fn step_5_sim() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 5);
    let (a, _) = h.shared_sims();
    h.type_text(&a[a.len() - 4..]);
    assert_snapshot!(h.screen());
}

#[test]
fn step_6_nummer() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 6);
    assert_snapshot!(h.screen());
}

#[test]
fn step_7_fmc() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 7);
    h.type_text("0");
    h.tab(2);
    h.type_text("0000");
    assert_snapshot!(h.screen());
}

#[test]
fn step_8_bestaetigen() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 8);
    assert_snapshot!(h.screen());
}

#[test]
fn step_8_bestellen_focused() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 8);
    h.press(KeyCode::Enter);
    assert_snapshot!(h.screen());
}

#[test]
fn step_8_confirm_en() {
    let mut h = Harness::new(Lang::En);
    walk_to(&mut h, 8);
    assert_snapshot!(h.screen());
}

#[test]
fn step_2_connection_en() {
    let mut h = Harness::new(Lang::En);
    walk_to(&mut h, 2);
    assert_snapshot!(h.screen());
}

#[test]
fn placed() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 8);
    h.ctrl('n');
    assert_snapshot!(h.screen());
}

#[test]
fn help() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 1);
    h.press(KeyCode::F(1));
    assert_snapshot!(h.screen());
}

#[test]
fn help_en() {
    let mut h = Harness::new(Lang::En);
    walk_to(&mut h, 1);
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

#[test]
fn overview_orders() {
    let mut h = Harness::new(Lang::De);
    with_orders(&mut h);
    h.press(KeyCode::Char('4'));
    assert_snapshot!(h.screen());
}

#[test]
fn overview_filtered_waiting_for_sim() {
    let mut h = Harness::new(Lang::De);
    with_orders(&mut h);
    h.press(KeyCode::Char('4'));
    h.press(KeyCode::Char('f'));
    assert_snapshot!(h.screen());
}

#[test]
fn overview_detail() {
    let mut h = Harness::new(Lang::De);
    with_orders(&mut h);
    h.press(KeyCode::Char('4'));
    h.press(KeyCode::End);
    h.press(KeyCode::Enter);
    assert_snapshot!(h.screen());
}

#[test]
fn overview_actions() {
    let mut h = Harness::new(Lang::De);
    with_orders(&mut h);
    h.press(KeyCode::Char('4'));
    h.press(KeyCode::End);
    h.press(KeyCode::Char('a'));
    assert_snapshot!(h.screen());
}

#[test]
fn overview_link_sim_en() {
    let mut h = Harness::new(Lang::En);
    with_orders(&mut h);
    h.press(KeyCode::Char('4'));
    h.press(KeyCode::End);
    h.press(KeyCode::Char('s'));
    h.type_text("12");
    assert_snapshot!(h.screen());
}

#[test]
fn step_1_at_60x20() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 1);
    assert_snapshot!(h.screen_sized(60, 20));
}

#[test]
fn step_8_at_60x20() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 8);
    assert_snapshot!(h.screen_sized(60, 20));
}

#[test]
fn step_7_at_200x50() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 7);
    assert_snapshot!(h.screen_sized(200, 50));
}

#[test]
fn overview_at_200x50() {
    let mut h = Harness::new(Lang::De);
    with_orders(&mut h);
    h.press(KeyCode::Char('4'));
    assert_snapshot!(h.screen_sized(200, 50));
}

#[test]
fn too_small_keeps_the_state() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 3);
    assert_snapshot!(h.screen_sized(50, 15));
    // Large again: the same page, nothing lost.
    assert!(h.text().contains("Voicemail Plus"), "{}", h.text());
}

#[test]
fn overview_at_60x20() {
    let mut h = Harness::new(Lang::De);
    with_orders(&mut h);
    h.press(KeyCode::Char('4'));
    assert_snapshot!(h.screen_sized(60, 20));
}

#[test]
fn overview_en_at_60x20() {
    let mut h = Harness::new(Lang::En);
    with_orders(&mut h);
    h.press(KeyCode::Char('4'));
    assert_snapshot!(h.screen_sized(60, 20));
}

#[test]
fn step_5_sim_at_60x20() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 5);
    let sim = h.unique_sim();
    h.type_text(&sim[sim.len() - 4..]);
    assert_snapshot!(h.screen_sized(60, 20));
}

#[test]
fn step_4_benutzer_at_60x20() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 4);
    assert_snapshot!(h.screen_sized(60, 20));
}

#[test]
fn step_2_connection_en_at_60x20() {
    let mut h = Harness::new(Lang::En);
    walk_to(&mut h, 2);
    assert_snapshot!(h.screen_sized(60, 20));
}

#[test]
fn step_8_pin_warning_at_60x20() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 7);
    let c = &h.data.customers[2];
    let ext = "9".repeat(usize::from(c.dial_plan_len));
    h.type_text(&ext);
    h.tab(2);
    h.type_text("0000");
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
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 5);
    h.press(KeyCode::BackTab);
    h.press(KeyCode::Char(' '));
    assert_snapshot!(h.screen_sized(60, 20));
}

#[test]
fn menu_resume_at_60x20() {
    let mut h = Harness::new(Lang::De);
    walk_to(&mut h, 1);
    let number = h.customer_number(2);
    h.type_text(&number);
    h.press(KeyCode::Enter);
    h.press(KeyCode::Esc);
    assert_snapshot!(h.screen_sized(60, 20));
}

#[test]
fn overview_no_match_at_60x20() {
    let mut h = Harness::new(Lang::De);
    with_orders(&mut h);
    h.press(KeyCode::Char('4'));
    h.press(KeyCode::Char('/'));
    h.type_text("nichts");
    h.press(KeyCode::Enter);
    assert_snapshot!(h.screen_sized(60, 20));
}
