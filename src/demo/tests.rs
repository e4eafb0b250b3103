//! Tests of the whole generator: determinism and the rules the wizard will apply.

use super::*;
use crate::domain::rules::{email, iccid, phone, username};
use std::collections::{HashMap, HashSet};

#[test]
fn same_seed_same_data() {
    assert_eq!(generate(42, 30), generate(42, 30));
    assert_ne!(generate(42, 30), generate(43, 30));
}

#[test]
fn demo_has_customers_and_enough_sims() {
    let data = generate(DEMO_SEED, DEMO_CUSTOMERS);
    assert_eq!(data.customers.len(), DEMO_CUSTOMERS);
    assert!(data.sims.len() >= MIN_SIMS);
    assert!(data.customers.iter().any(|c| c.name.contains(['ä', 'ö', 'ü', 'ß'])));
}

#[test]
fn sims_are_valid_unique_and_some_share_the_last_four() {
    let data = generate(DEMO_SEED, DEMO_CUSTOMERS);
    let mut last_four: HashMap<&str, usize> = HashMap::new();
    for s in &data.sims {
        assert_eq!(iccid::check(s), Ok(()), "{s}");
        assert!(s.starts_with("8949"));
        *last_four.entry(&s[s.len() - 4..]).or_default() += 1;
    }
    assert_eq!(data.sims.iter().collect::<HashSet<_>>().len(), data.sims.len());
    assert!(last_four.values().filter(|n| **n > 1).count() >= 5, "too few shared last fours");
}

#[test]
fn customers_are_valid() {
    let data = generate(DEMO_SEED, DEMO_CUSTOMERS);
    for c in &data.customers {
        assert!((2..=5).contains(&c.dial_plan_len), "{}", c.number);
        assert_eq!(phone::check_area_code(&c.area_code), Ok(()));
        assert!((3..=8).contains(&c.numbers.len()));
        assert!(c.numbers.iter().all(|n| n.starts_with(&format!("+49{}", &c.area_code[1..]))));
        check_users(c);
        check_extensions(c);
    }
}

fn check_users(c: &DemoCustomer) {
    for (i, u) in c.users.iter().enumerate() {
        let others = c.users[..i].iter().map(|o| o.username.as_str());
        assert_eq!(username::check(&u.username, others), Ok(()), "{}", u.username);
        assert_eq!(email::check(&u.email), Ok(()), "{}", u.email);
    }
    let with_ext: HashSet<usize> = c.extensions.iter().filter_map(|e| e.user).collect();
    assert!(with_ext.len() < c.users.len(), "{}: every user has an extension", c.number);
}

fn check_extensions(c: &DemoCustomer) {
    let all: Vec<Extension> =
        c.extensions.iter().map(|e| Extension { number: e.number.clone(), name: e.name.clone() }).collect();
    for (i, e) in all.iter().enumerate() {
        let others: Vec<Extension> = all.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, o)| o.clone()).collect();
        assert_eq!(extension::check(&e.number, c.dial_plan_len, &others), Ok(()), "{} {}", c.number, e.number);
    }
}

#[test]
fn numbers_and_customer_numbers_unique_at_scale() {
    let data = generate(7, 100_000);
    let numbers: HashSet<&str> = data.customers.iter().map(|c| c.number.as_str()).collect();
    assert_eq!(numbers.len(), 100_000);
    let total: usize = data.customers.iter().map(|c| c.numbers.len()).sum();
    let e164: HashSet<&str> = data.customers.iter().flat_map(|c| c.numbers.iter().map(String::as_str)).collect();
    assert_eq!(e164.len(), total);
    assert!(data.sims.len() >= 100_000);
}

#[test]
fn seeding_writes_all_rows_once_and_a_second_time_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = crate::store::Store::open(&dir.path().join("orders.db")).unwrap();
    let data = generate(7, 5);
    seed(&mut store, &data).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!(counts.customers, 5);
    assert_eq!(counts.users as usize, data.customers.iter().map(|c| c.users.len()).sum::<usize>());
    assert_eq!(counts.free_numbers as usize, data.customers.iter().map(|c| c.numbers.len()).sum::<usize>());
    assert_eq!(counts.free_sims as usize, data.sims.len());
    // The same rows again: the first existing key refuses the seeding, and nothing is kept.
    let again = seed(&mut store, &data);
    assert!(matches!(again, Err(crate::store::StoreError::Constraint)), "{again:?}");
    assert_eq!(store.counts().unwrap(), counts);
}

#[test]
fn sample_customers_are_spread_over_the_whole_list_read_a_page_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = crate::store::Store::open(&dir.path().join("orders.db")).unwrap();
    // More customers than one page of the walk (500), and a count that wraps round them.
    seed(&mut store, &generate(7, 1_234)).unwrap();
    let all = store.search_customers("", None, 2_000).unwrap().rows;
    assert_eq!(all.len(), 1_234);
    let picked = orders::spread_customers(&store, 300).unwrap();
    let expected: Vec<i64> = (0..300).map(|i| all[(i * 7) % all.len()].id).collect();
    assert_eq!(picked.iter().map(|c| c.id).collect::<Vec<_>>(), expected);
    // Asked for more orders than there are customers: each customer once.
    let few = orders::spread_customers(&store, 5_000).unwrap();
    assert_eq!(few.len(), 1_234);
    assert_eq!(few.iter().map(|c| c.id).collect::<HashSet<_>>().len(), 1_234);
}
