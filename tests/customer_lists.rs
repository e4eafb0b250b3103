//! The contract for a customer's own lists (issue 12): however many users, extensions and
//! free numbers a customer has, the store answers the wizard's [`ContextQuery`] with a
//! screenful of each and the facts the rules need, found beyond that screenful: a user by
//! any word of his name (umlauts folded both ways), a taken user name, the extensions a typed
//! one clashes with, the chosen user and number. Runs on SQLite, or on PostgreSQL with
//! `COMUNIQ_TEST_ENGINE=postgres` (`common::db`).
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::{Harness, db, keys};
use comuniq_order::domain::order::NewUser;
use comuniq_order::domain::rules::RuleError;
use comuniq_order::domain::{ContextQuery, Field, LIST_MAX, LIST_PAGE, ListQuery, Step};
use comuniq_order::i18n::Lang;
use comuniq_order::store::{NewCustomer, SeedCustomer, SeedExtension, Store};
use ratatui::crossterm::event::KeyCode;
use tempfile::TempDir;

/// How many users, extensions and free numbers the large customer has: several screenfuls.
const MANY: usize = 4 * LIST_PAGE + 7;

/// A store with one large customer (id returned): users `user.0000`… named "Nutzer N",
/// one "Jörg Müller-Lüdenscheidt" at the end of the name order, extensions 2000…, numbers
/// +49301000000…; user 0 has extension 2000.
fn large_customer() -> (TempDir, Store, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = db::open(&dir.path().join("lists.db"));
    let customer = add_large_customer(&mut store);
    (dir, store, customer)
}

/// Writes the large customer ([`large_customer`]) into `store`; his id.
fn add_large_customer(store: &mut Store) -> i64 {
    let customer = NewCustomer {
        number: "K-900001".into(),
        name: "Großkunde AG".into(),
        city: "Berlin".into(),
        dial_plan_len: 4,
        area_code: "030".into(),
    };
    let users = (0..MANY)
        .map(|i| {
            let last = if i == MANY - 1 { "Müller-Lüdenscheidt".to_string() } else { format!("Aaa{i:04}") };
            NewUser {
                username: format!("user.{i:04}"),
                first_name: if i == MANY - 1 { "Jörg" } else { "Nutzer" }.into(),
                prefix: String::new(),
                last_name: last,
                email: format!("u{i}@example.com"),
                language: "de".into(),
            }
        })
        .collect();
    let extensions = (0..MANY)
        .map(|i| SeedExtension {
            number: format!("{}", 2000 + i),
            name: format!("Ext {i}"),
            user: (i == 0).then_some(0),
        })
        .collect();
    let numbers = (0..MANY).map(|i| format!("+4930100{i:04}")).collect();
    let mut tx = store.begin_seed().unwrap();
    tx.customers(&[SeedCustomer::new(customer, users, extensions, numbers)]).unwrap();
    tx.commit().unwrap();
    store.customer_by_number("K-900001").unwrap().unwrap().id
}

#[test]
fn every_list_holds_a_screenful_and_says_more_match() {
    let (_dir, store, customer) = large_customer();
    let ctx = store.customer_context(&ContextQuery::of(customer)).unwrap();
    assert_eq!((ctx.users.len(), ctx.more_users), (LIST_PAGE, true));
    assert_eq!((ctx.extensions.len(), ctx.more_extensions), (LIST_PAGE, true));
    assert_eq!((ctx.free_numbers.len(), ctx.more_numbers), (LIST_PAGE, true));
    // In their order: users by name, extensions and numbers ascending.
    assert_eq!(ctx.users[0].username, "user.0000");
    assert_eq!(ctx.users[0].extension.as_deref(), Some("2000"));
    assert_eq!(ctx.extensions[0].number, "2000");
    assert_eq!(ctx.free_numbers[0].e164, "+49301000000");
    // Scrolled: the next screenful joins on, the last ends the list.
    let q =
        ContextQuery { users: ListQuery { text: String::new(), limit: 5 * LIST_PAGE }, ..ContextQuery::of(customer) };
    let all = store.customer_context(&q).unwrap();
    assert_eq!((all.users.len(), all.more_users), (MANY, false));
    assert_eq!(all.users[..LIST_PAGE], ctx.users[..]);
}

#[test]
fn a_user_beyond_the_screenful_is_found_by_any_word_umlauts_folded_both_ways() {
    let (_dir, store, customer) = large_customer();
    for typed in ["mül", "mueller", "muller", "MÜLLER jörg", "lüdensch", "joerg", "user.0206"] {
        let q =
            ContextQuery { users: ListQuery { text: typed.into(), limit: LIST_PAGE }, ..ContextQuery::of(customer) };
        let ctx = store.customer_context(&q).unwrap();
        let names: Vec<&str> = ctx.users.iter().map(|u| u.last_name.as_str()).collect();
        assert_eq!(names, ["Müller-Lüdenscheidt"], "{typed}");
        assert!(!ctx.more_users, "{typed}");
    }
    let q = ContextQuery { users: ListQuery { text: "nutzer".into(), limit: LIST_PAGE }, ..ContextQuery::of(customer) };
    let ctx = store.customer_context(&q).unwrap();
    assert_eq!((ctx.users.len(), ctx.more_users), (LIST_PAGE, true));
    let q = ContextQuery { users: ListQuery { text: "zzz".into(), limit: LIST_PAGE }, ..ContextQuery::of(customer) };
    assert!(store.customer_context(&q).unwrap().users.is_empty());
}

#[test]
fn a_taken_user_name_and_the_clashing_extensions_are_found_beyond_the_screenful() {
    let (_dir, store, customer) = large_customer();
    let q = ContextQuery { username: "USER.0150".into(), extension: "2150".into(), ..ContextQuery::of(customer) };
    let ctx = store.customer_context(&q).unwrap();
    assert_eq!(ctx.taken_usernames, ["user.0150"]);
    // The extension typed: the panel shows those beginning with it, the rule gets the clash.
    let numbers: Vec<&str> = ctx.extensions.iter().map(|e| e.number.as_str()).collect();
    assert_eq!(numbers, ["2150"]);
    // A prefix of existing ones: every one it begins (a screenful) is shown, and judged.
    let q = ContextQuery { extension: "21".into(), ..ContextQuery::of(customer) };
    let ctx = store.customer_context(&q).unwrap();
    assert_eq!((ctx.extensions.len(), ctx.more_extensions), (LIST_PAGE, true));
    assert!(ctx.extensions.iter().all(|e| e.number.starts_with("21")));
    // Free: nothing clashes; a free name is not taken.
    let q = ContextQuery { username: "neu.nutzer".into(), extension: "3999".into(), ..ContextQuery::of(customer) };
    let ctx = store.customer_context(&q).unwrap();
    assert!(ctx.taken_usernames.is_empty() && ctx.extensions.is_empty());
    assert!(ctx.has_extensions, "none begins with 3999, but the customer has extensions");
}

#[test]
fn free_numbers_are_found_by_their_digits_at_home_or_abroad() {
    let (_dir, store, customer) = large_customer();
    for typed in ["030 1000 205", "+49 30 1000205", "1000205", "0049 30 1000205", "+49 (0)30/1000-205"] {
        let q =
            ContextQuery { numbers: ListQuery { text: typed.into(), limit: LIST_PAGE }, ..ContextQuery::of(customer) };
        let found: Vec<String> = store.customer_context(&q).unwrap().free_numbers.into_iter().map(|n| n.e164).collect();
        assert_eq!(found, ["+49301000205"], "{typed}");
    }
}

#[test]
fn a_list_scrolled_far_holds_its_most_rows_and_no_more() {
    let (_dir, store, customer) = large_customer();
    let far = ListQuery { text: String::new(), limit: 100 * LIST_MAX };
    let ctx = store
        .customer_context(&ContextQuery { numbers: far.clone(), users: far, ..ContextQuery::of(customer) })
        .unwrap();
    assert_eq!((ctx.users.len(), ctx.free_numbers.len()), (MANY.min(LIST_MAX), MANY.min(LIST_MAX)));
}

#[test]
fn the_chosen_user_and_number_are_told_whatever_the_lists_show() {
    let (_dir, store, customer) = large_customer();
    let all =
        ContextQuery { users: ListQuery { text: String::new(), limit: 5 * LIST_PAGE }, ..ContextQuery::of(customer) };
    let last = store.customer_context(&all).unwrap().users.pop().unwrap();
    let numbers = ListQuery { text: "0099".into(), limit: LIST_PAGE };
    let number = store.customer_context(&ContextQuery { numbers, ..ContextQuery::of(customer) }).unwrap().free_numbers
        [0]
    .clone();
    let q = ContextQuery { user: Some(last.id), number: Some(number.id), ..ContextQuery::of(customer) };
    let ctx = store.customer_context(&q).unwrap();
    assert!(!ctx.users.contains(&last) && !ctx.free_numbers.contains(&number));
    assert_eq!(ctx.user(last.id), Some(&last));
    assert_eq!(ctx.number(number.id), Some(&number));
    // Another customer's ids are not his.
    let other = ContextQuery { user: Some(last.id), number: Some(number.id), ..ContextQuery::of(customer + 1) };
    let ctx = store.customer_context(&other).unwrap();
    assert!(ctx.chosen_user.is_none() && ctx.chosen_number.is_none());
}

#[test]
fn an_order_for_a_user_beyond_the_screenful_goes_through_the_keys_and_is_stored() {
    let mut h = Harness::new(Lang::De);
    let customer = add_large_customer(&mut h.store);
    h.press(KeyCode::Char('1'));
    h.type_text("K-900001");
    h.press(KeyCode::Enter);
    for _ in 0..3 {
        h.ctrl('n');
    }
    assert_eq!(h.app.wizard().map(|w| w.step()), Some(Step::User), "{}", h.text());
    // The list opens on the first screenful; typing asks the store, which finds him last.
    h.go_to(Field::ExistingUser);
    h.press(KeyCode::Char(' '));
    assert!(!h.text().contains("Lüdenscheidt"), "{}", h.text());
    h.type_text("mueller joe");
    assert!(h.text().contains("Jörg Müller-Lüdenscheidt (user.0206)"), "{}", h.text());
    h.press(KeyCode::Enter);
    // Chosen, and shown as chosen though the list is no longer filtered for him.
    assert!(h.text().contains("Jörg Müller-Lüdenscheidt (user.0206)"), "{}", h.text());
    h.ctrl('n');
    keys::sim_later(&mut h);
    h.ctrl('n');
    // The number: typed into its list, one beyond the screenful.
    h.go_to(Field::Number);
    h.press(KeyCode::Char(' '));
    h.type_text("1000199");
    h.press(KeyCode::Enter);
    h.ctrl('n');
    // A taken extension far beyond the screenful is refused by name; a free one is taken.
    h.fill(Field::Extension, "2190");
    let taken = RuleError::ExtensionTaken { name: "Ext 190".into() };
    assert_eq!(h.app.wizard().and_then(|w| w.shown_error(Field::Extension)), Some(taken), "{}", h.text());
    h.go_to(Field::Pin);
    h.fill(Field::Extension, "3001");
    h.fill(Field::Pin, "4711");
    h.ctrl('n');
    assert_eq!(h.app.wizard().map(|w| w.step()), Some(Step::Confirm), "{}", h.text());
    h.ctrl('n');
    let row: (String, String, String) = h
        .sql()
        .query_row(
            "SELECT u.username, n.e164, e.number FROM orders o
             JOIN users u ON u.id = o.user_id AND u.mobile_order_id = o.id
             JOIN numbers n ON n.order_id = o.id JOIN extensions e ON e.order_id = o.id
             WHERE o.customer_id = ?1",
            [customer],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(row.0, "user.0206");
    assert_eq!(row.1, "+49301000199");
    assert_eq!(row.2, "3001");
}

#[test]
fn users_without_words_get_them_at_open_a_batch_at_a_time() {
    // More users than one batch of the filling (10 000) lack their words, as after an
    // upgrade from before version 7.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let mut store = db::open(&path);
    let customer = NewCustomer {
        number: "K-900002".into(),
        name: "Altbestand GmbH".into(),
        city: "Köln".into(),
        dial_plan_len: 5,
        area_code: "0221".into(),
    };
    let users: Vec<NewUser> = (0..25_001)
        .map(|i| NewUser {
            username: format!("alt.{i:05}"),
            first_name: "Änne".into(),
            prefix: String::new(),
            last_name: if i == 25_000 { "Zöllner".into() } else { format!("Alt{i:05}") },
            email: format!("a{i}@example.com"),
            language: "de".into(),
        })
        .collect();
    let mut tx = store.begin_seed().unwrap();
    tx.customers(&[SeedCustomer::new(customer, users, Vec::new(), Vec::new())]).unwrap();
    tx.commit().unwrap();
    drop(store);
    db::conn(&path).execute("UPDATE users SET words = NULL", []).unwrap();
    let store = db::open(&path);
    let missing: i64 =
        db::conn(&path).query_row("SELECT COUNT(*) FROM users WHERE words IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(missing, 0);
    let id = store.customer_by_number("K-900002").unwrap().unwrap().id;
    let q =
        ContextQuery { users: ListQuery { text: "zoellner aenne".into(), limit: LIST_PAGE }, ..ContextQuery::of(id) };
    let found: Vec<String> = store.customer_context(&q).unwrap().users.into_iter().map(|u| u.username).collect();
    assert_eq!(found, ["alt.25000"]);
}
