//! `comuniq-order sim link`, run as the real binary against a real database (`common::db`).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::Harness;
use common::orders::Kind;
use comuniq_order::i18n::Lang;
use std::process::{Command, Output};

const LATER: Kind = Kind { sim_later: true, port: false, manual_invoice: false };

fn sim_link(h: &Harness, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_comuniq-order"))
        .args(["--db", &h.db_arg(), "--lang", "de", "--operator", "techniker"])
        .args(["sim", "link"])
        .args(args)
        .output()
        .unwrap()
}

fn state_and_sim(h: &Harness, id: i64) -> (String, Option<String>) {
    h.sql().query_row("SELECT state, iccid FROM orders WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?))).unwrap()
}

#[test]
fn links_by_order_number_and_last_four_digits() {
    let mut h = Harness::new(Lang::De);
    let order = h.place(1, LATER, 1);
    let sim = h.unique_sim();
    let out = sim_link(&h, &[&order.order_no, "--sim", &sim[sim.len() - 4..]]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("SIM verbinden"));
    assert_eq!(state_and_sim(&h, order.id), ("active".into(), Some(sim)));
    let operator: String = h
        .sql()
        .query_row("SELECT operator FROM order_states WHERE order_id = ?1 ORDER BY id DESC", [order.id], |r| r.get(0))
        .unwrap();
    assert_eq!(operator, "techniker");
}

#[test]
fn a_scanned_iccid_links_the_only_waiting_order_of_a_customer() {
    let mut h = Harness::new(Lang::De);
    h.place(2, LATER, 1);
    let order = h.place(1, LATER, 2);
    let sim = h.unique_sim();
    let out = sim_link(&h, &["--customer", &h.customer_number(1), "--sim", &sim]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(state_and_sim(&h, order.id), ("active".into(), Some(sim)));
}

#[test]
fn several_waiting_orders_are_listed_and_nothing_is_linked() {
    let mut h = Harness::new(Lang::De);
    let a = h.place(1, LATER, 1);
    let b = h.place(2, LATER, 2);
    let sim = h.unique_sim();
    let out = sim_link(&h, &["--sim", &sim[sim.len() - 4..]]);
    assert_eq!(out.status.code(), Some(1));
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains(&a.order_no) && listed.contains(&b.order_no), "{listed}");
    // One line per order, its cells separated by spaces (a tab was printed as `\u{9}`).
    assert_eq!(listed.lines().count(), 2, "{listed}");
    assert!(!listed.contains("\\u{") && !listed.contains('\t'), "{listed}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("2 Bestellungen warten"));
    assert_eq!(state_and_sim(&h, a.id).0, "pending");
}

#[test]
fn refusals_exit_1_with_the_wizards_messages_and_change_nothing() {
    let mut h = Harness::new(Lang::De);
    let order = h.place(1, LATER, 1);
    let active = h.place(2, Kind::default(), 2);
    let sim = h.unique_sim();
    let last = sim.as_bytes()[sim.len() - 1] - b'0';
    let wrong = format!("{}{}", &sim[..sim.len() - 1], (last + 1) % 10);
    let cases: [(&str, String, &str); 4] = [
        (&order.order_no, wrong, "Prüfziffer falsch (Luhn)"),
        (&order.order_no, "0000".into(), "Keine freie SIM-Karte endet auf 0000"),
        (&order.order_no, "123".into(), "Letzte vier Ziffern oder die ganze ICCID"),
        (&active.order_no, sim[sim.len() - 4..].to_string(), "wartet nicht auf eine SIM-Karte"),
    ];
    for (number, input, message) in cases {
        let out = sim_link(&h, &[number, "--sim", &input]);
        assert_eq!(out.status.code(), Some(1), "{input}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(message),
            "{input}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(state_and_sim(&h, order.id), ("pending".into(), None));
    }
    let out = sim_link(&h, &["CO-1999-000999", "--sim", "1234"]);
    assert_eq!(out.status.code(), Some(3), "an unknown order is a data error");
}
