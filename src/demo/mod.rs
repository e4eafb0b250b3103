//! Deterministic demo data for a German operator: customers in real cities with their area
//! codes, their users, extensions and free numbers, and a stock of free SIMs.
//!
//! The same seed gives the same data everywhere, so tests and snapshots can rely on it.
//! [`seed`] writes it into the database, as the store's own rows; [`seed_generated`] makes
//! and writes it at once, for a large database.

mod names;
mod numbers;
pub(crate) mod orders;
mod rng;
mod seed;
mod sims;

use crate::domain::model::Extension;
use crate::domain::rules::extension;
use names::{CITIES, FIRST_NAMES, LAST_NAMES};
use numbers::Blocks;
use rng::Rng;

pub use orders::{DEMO_ORDERS, SampleOrder, place_bulk_orders, place_sample_orders, sample_orders};
pub use seed::{seed, seed_generated};

/// How many customers the normal demo has.
pub const DEMO_CUSTOMERS: usize = 240;
/// The seed of the normal demo.
pub const DEMO_SEED: u64 = 0xC0_4D11_2026;
/// The smallest SIM stock; larger demos get one SIM per customer.
pub const MIN_SIMS: usize = 400;
/// The weights of [`CITIES`], in the same order.
const CITY_WEIGHTS: [u32; CITIES.len()] = city_weights();
/// The first customer number (`K-100000`).
const FIRST_CUSTOMER_NUMBER: usize = 100_000;

/// Everything the demo database holds before the first order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct DemoData {
    pub customers: Vec<DemoCustomer>,
    /// ICCIDs of free SIMs in stock.
    pub sims: Vec<String>,
}

/// A customer with its PBX as it is before any order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct DemoCustomer {
    /// `K-100000` and up, unique.
    pub number: String,
    pub name: String,
    pub city: String,
    pub dial_plan_len: u8,
    pub area_code: String,
    pub users: Vec<DemoUser>,
    pub extensions: Vec<DemoExtension>,
    /// Free numbers of the customer's pool, in E.164.
    pub numbers: Vec<String>,
}

/// A PBX user; demo users have no mobile line yet. The same fields as a user ordered with a
/// mobile line, so both are written through [`crate::store::ImportedUser::new`].
pub type DemoUser = crate::domain::order::NewUser;

/// An existing extension, usually a user's: the store's seeding row itself
/// (`user` is an index into the customer's `users`).
pub type DemoExtension = crate::store::SeedExtension;

/// [`CITY_WEIGHTS`], computed once at compile time instead of per customer.
const fn city_weights() -> [u32; CITIES.len()] {
    let mut out = [0; CITIES.len()];
    let mut i = 0;
    while i < CITIES.len() {
        out[i] = CITIES[i].weight;
        i += 1;
    }
    out
}

/// Generates `customers` customers and the SIM stock from `seed`, always the same way.
pub fn generate(seed: u64, customers: usize) -> DemoData {
    let mut generator = Generator::new(seed);
    let list = (0..customers).map(|_| generator.customer()).collect();
    let sims = generator.sims(customers);
    DemoData { customers: list, sims }
}

/// The demo's data one customer at a time: [`generate`] collects it, and seeding a large
/// database ([`seed_generated`]) writes it as it comes, never holding all of it.
struct Generator {
    rng: Rng,
    blocks: Blocks,
    /// The index of the next customer.
    next: usize,
}

impl Generator {
    fn new(seed: u64) -> Self {
        Generator { rng: Rng::new(seed), blocks: Blocks::new(CITIES), next: 0 }
    }

    /// The next customer.
    fn customer(&mut self) -> DemoCustomer {
        let c = customer(&mut self.rng, &mut self.blocks, self.next);
        self.next += 1;
        c
    }

    /// The SIM stock for `customers` customers, made after them.
    fn sims(mut self, customers: usize) -> Vec<String> {
        sims::stock(&mut self.rng, MIN_SIMS.max(customers))
    }
}

/// The `index`-th customer.
fn customer(rng: &mut Rng, blocks: &mut Blocks, index: usize) -> DemoCustomer {
    let city = pick_city(rng, blocks);
    let (name, domain) = company(rng);
    let dial_plan_len = [2u8, 3, 4, 5][rng.weighted(&[1, 5, 4, 1])];
    let users = users(rng, &domain);
    let extensions = extensions(rng, &users, dial_plan_len);
    let numbers = blocks.take(CITIES, city, rng.between(3, 8));
    DemoCustomer {
        number: format!("K-{}", FIRST_CUSTOMER_NUMBER + index),
        name,
        city: CITIES[city].name.to_string(),
        dial_plan_len,
        area_code: CITIES[city].area_code.to_string(),
        users,
        extensions,
        numbers,
    }
}

/// A city by weight; a city whose numbers ran out passes on to the next one.
fn pick_city(rng: &mut Rng, blocks: &Blocks) -> usize {
    let first = rng.weighted(&CITY_WEIGHTS);
    (0..CITIES.len()).map(|k| (first + k) % CITIES.len()).find(|&i| blocks.has_room(CITIES, i)).unwrap_or(first)
}

/// A company name and the e-mail domain derived from it.
fn company(rng: &mut Rng) -> (String, String) {
    let last = *rng.pick(LAST_NAMES);
    let legal = names::LEGAL_FORMS[rng.weighted(names::LEGAL_FORM_WEIGHTS)];
    let (core, suffix) = match rng.weighted(&[40, 25, 12, 12, 11]) {
        0 => (format!("{last} {}", rng.pick(names::TRADES_AFTER)), legal.to_string()),
        1 => (format!("{} {last}", rng.pick(names::TRADES_BEFORE)), legal.to_string()),
        2 => (format!("Kanzlei {last} & Partner"), String::new()),
        3 => (format!("{last} & {}", rng.pick(LAST_NAMES)), "GbR".to_string()),
        _ => (format!("Praxis Dr. {last}"), String::new()),
    };
    let domain = core.split_whitespace().map(names::ascii_slug).filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-");
    let name = if suffix.is_empty() { core } else { format!("{core} {suffix}") };
    (name, format!("{domain}.de"))
}

/// Two to six users with unique user names and e-mail addresses at `domain`.
fn users(rng: &mut Rng, domain: &str) -> Vec<DemoUser> {
    let count = rng.between(2, 6);
    let mut out: Vec<DemoUser> = Vec::with_capacity(count);
    while out.len() < count {
        let first = *rng.pick(FIRST_NAMES);
        let last = *rng.pick(LAST_NAMES);
        let username = unique_username(&out, &format!("{}.{}", names::ascii_slug(first), names::ascii_slug(last)));
        let language = ["de", "en", "fr", "it"][rng.weighted(&[85, 10, 3, 2])];
        out.push(DemoUser {
            email: format!("{username}@{domain}"),
            username,
            first_name: first.to_string(),
            prefix: String::new(),
            last_name: last.to_string(),
            language: language.to_string(),
        });
    }
    out
}

/// `wanted`, or `wanted2`, `wanted3` … if a user of the customer already has it.
fn unique_username(users: &[DemoUser], wanted: &str) -> String {
    let taken = |name: &str| users.iter().any(|u| u.username.eq_ignore_ascii_case(name));
    let mut name = wanted.to_string();
    let mut n = 2;
    while taken(&name) {
        name = format!("{wanted}{n}");
        n += 1;
    }
    name
}

/// Extensions for most users (never the last one, so that every customer has a user without
/// an extension to pick in the wizard) and sometimes a switchboard, valid per the rules.
fn extensions(rng: &mut Rng, users: &[DemoUser], len: u8) -> Vec<DemoExtension> {
    let mut owners: Vec<(String, Option<usize>)> = Vec::new();
    if rng.chance(50) {
        owners.push(("Zentrale".to_string(), None));
    }
    for (i, u) in users.iter().enumerate().take(users.len().saturating_sub(1)) {
        if rng.chance(60) {
            owners.push((format!("{} {}", u.first_name, u.last_name), Some(i)));
        }
    }
    let numbers = extension_numbers(rng, len, owners.len());
    owners.into_iter().zip(numbers).map(|((name, user), number)| DemoExtension { number, name, user }).collect()
}

/// `count` extension numbers of `len` digits, mostly consecutive as PBX admins hand them
/// out, each checked against the ones before with the wizard's own rule.
fn extension_numbers(rng: &mut Rng, len: u8, count: usize) -> Vec<String> {
    let low = 2 * 10usize.pow(u32::from(len) - 1);
    let high = 10usize.pow(u32::from(len)) - 1;
    let mut candidate = rng.between(low, high - 20);
    let mut out: Vec<Extension> = Vec::with_capacity(count);
    // Bounded: a 2-digit plan has 78 valid numbers, far more than a customer gets.
    for _ in 0..(high - low) {
        if out.len() == count {
            break;
        }
        let number = candidate.to_string();
        if extension::check(&number, len, &out).is_ok() {
            out.push(Extension { number, name: String::new() });
        }
        candidate += rng.between(1, 2);
        if candidate > high {
            candidate = low;
        }
    }
    out.into_iter().map(|e| e.number).collect()
}

#[cfg(test)]
mod tests;
