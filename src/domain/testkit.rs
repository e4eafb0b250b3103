//! Shared fixtures for the domain tests: the built-in catalog, a customer with users,
//! extensions and free numbers, free SIMs, and answers that pass every rule.

use crate::domain::answers::{Answers, PortWhen};
use crate::domain::catalog::Catalog;
use crate::domain::model::{Customer, CustomerContext, Extension, FreeNumber, Sim, User};
use crate::domain::rules::iccid;
use crate::domain::validate::Facts;
use chrono::NaiveDate;

/// "Today" in every test.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// A valid ICCID (19 digits, `89…`, Luhn) whose last four digits are `last4`; `n` tells
/// several of them apart.
pub fn iccid_ending(last4: &str, n: u32) -> String {
    (0..100u32)
        .map(|i| {
            let body = format!("89490200{n:02}{i:05}{}", &last4[..3]);
            format!("{body}{}", iccid::luhn_digit(&body).unwrap())
        })
        .find(|full| full.ends_with(last4))
        .unwrap()
}

/// A free SIM in stock.
pub fn sim(id: i64, last4: &str) -> Sim {
    Sim { id, iccid: iccid_ending(last4, id as u32) }
}

/// Owns what a [`Facts`] borrows.
pub struct Fixture {
    /// The built-in catalog.
    pub catalog: Catalog,
    /// The chosen customer.
    pub customer: Customer,
    /// The customer's users, extensions and free numbers.
    pub context: CustomerContext,
    /// The free SIMs matching [`Answers::sim_query`].
    pub sim_matches: Vec<Sim>,
}

impl Fixture {
    /// The built-in catalog; customer K-100123 (dial plan 3, area code 030) with two users
    /// (Anna has a mobile line on extension 200, Bernd hasn't and has extension 201), extensions 200 and 201, free numbers 11 and 12;
    /// one free SIM (id 7) ending in 4321.
    pub fn new() -> Self {
        Fixture {
            catalog: Catalog::builtin().unwrap(),
            customer: Customer {
                id: 5,
                number: "K-100123".into(),
                name: "Muster GmbH".into(),
                city: "Berlin".into(),
                dial_plan_len: 3,
                area_code: "030".into(),
            },
            context: CustomerContext {
                customer: None,
                users: vec![
                    User {
                        id: 1,
                        username: "anna.alt".into(),
                        first_name: "Anna".into(),
                        last_name: "Alt".into(),
                        has_mobile: true,
                        // Her extension 200 carries her mobile line already.
                        extension: None,
                    },
                    User {
                        id: 2,
                        username: "bernd.bauer".into(),
                        first_name: "Bernd".into(),
                        last_name: "Bauer".into(),
                        has_mobile: false,
                        extension: Some("201".into()),
                    },
                ],
                extensions: vec![
                    Extension { number: "200".into(), name: "Anna Alt".into() },
                    Extension { number: "201".into(), name: "Bernd Bauer".into() },
                ],
                free_numbers: vec![
                    FreeNumber { id: 11, e164: "+49301234567".into() },
                    FreeNumber { id: 12, e164: "+49301234568".into() },
                ],
                ..CustomerContext::default()
            },
            sim_matches: vec![sim(7, "4321")],
        }
    }

    /// The facts the rules check answers against.
    pub fn facts(&self) -> Facts<'_> {
        Facts {
            catalog: &self.catalog,
            today: today(),
            customer: Some(&self.customer),
            context: &self.context,
            sim_matches: &self.sim_matches,
        }
    }
}

impl Default for Fixture {
    fn default() -> Self {
        Self::new()
    }
}

/// Answers that pass every rule with [`Fixture::new`]: a new user, Professional User with
/// data-15 and sms-flat, EU and world roaming and MultiSIM, SIM 7 now, new number 11.
pub fn valid_answers() -> Answers {
    Answers {
        typed: Default::default(),
        customer: Some(5),
        portfolio: Some("standard".into()),
        reference: "PO-4711".into(),
        cost_centre: String::new(),
        start_date: "01.12.2026".into(),
        term: Some("m24".into()),
        voice: Some("professional".into()),
        data: Some("data-15".into()),
        sms: Some("sms-flat".into()),
        addons: ["eu-roaming", "world-roaming", "multisim"].into_iter().map(String::from).collect(),
        existing_user: None,
        new_user: true,
        username: "carla.conrad".into(),
        first_name: "Carla".into(),
        prefix: String::new(),
        last_name: "Conrad".into(),
        email: "carla.conrad@example.de".into(),
        language: Some("de".into()),
        sim_option: Some("sim-now".into()),
        sim_query: "4321".into(),
        sim: Some(7),
        number_type: Some("new".into()),
        number: Some(11),
        port_number: String::new(),
        donor: None,
        port_when: PortWhen::Immediately,
        port_date: String::new(),
        extension: "202".into(),
        display_name: "Carla Conrad".into(),
        pin: "4711".into(),
        area_code: "030".into(),
        auto_invoice: true,
    }
}
