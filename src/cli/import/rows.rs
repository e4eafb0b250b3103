//! The rows of each kind of import, checked with the wizard's rules, then written.
//!
//! Uniqueness is checked against the database and against the rows above in the same file;
//! the lookups are hash sets, so 100 000 rows take no longer than reading them.

use super::csv_file::{self, Row};
use super::{Kind, RowError};
use anyhow::{Context, Result};
use comuniq_order::domain::Catalog;
use comuniq_order::domain::model::{Customer, CustomerId, Extension};
use comuniq_order::domain::rules::{RuleError, customer, email, extension, iccid, phone, text, username};
use comuniq_order::i18n::Lang;
use comuniq_order::store::{ImportedExtension, ImportedNumber, ImportedUser, NewCustomer, Store};
use std::collections::HashMap;
use std::path::Path;

/// What the checks need besides the rows.
pub struct Ctx<'a> {
    pub lang: Lang,
    pub catalog: &'a Catalog,
}

/// Collects refused rows and remembers where each key first appeared in the file.
struct Checker<'a> {
    ctx: &'a Ctx<'a>,
    errors: Vec<RowError>,
    seen: HashMap<(&'static str, String), u64>,
}

impl<'a> Checker<'a> {
    fn new(ctx: &'a Ctx<'a>) -> Self {
        Checker { ctx, errors: Vec::new(), seen: HashMap::new() }
    }

    /// Records a rule's refusal; returns whether the value passed.
    fn rule(&mut self, row: &Row, column: &'static str, result: Result<(), RuleError>) -> bool {
        match result {
            Ok(()) => true,
            Err(e) => {
                let message = (self.ctx.lang.texts().rule_error)(&e, &|id: &str| id.to_string());
                self.refuse(row, column, message);
                false
            }
        }
    }

    fn refuse(&mut self, row: &Row, column: &'static str, message: String) {
        self.errors.push(RowError { line: row.line, column, value: row.get(column).to_string(), message });
    }

    /// Whether `key` is new in this file; a repeat is refused, naming the first line.
    fn first_in_file(&mut self, row: &Row, column: &'static str, key: String) -> bool {
        match self.seen.get(&(column, key.clone())) {
            Some(first) => {
                let message = format!("also on line {first} of this file");
                self.refuse(row, column, message);
                false
            }
            None => {
                self.seen.insert((column, key), row.line);
                true
            }
        }
    }

    /// The customer a row names by number.
    fn customer<'c>(&mut self, row: &Row, customers: &'c HashMap<String, Customer>) -> Option<&'c Customer> {
        let found = customers.get(&row.get("customer").to_uppercase());
        if found.is_none() {
            self.rule(row, "customer", Err(RuleError::UnknownChoice));
        }
        found
    }
}

/// Reads, checks and (unless `dry_run` or refused) writes one file. Returns the number of
/// rows and the refused ones; a malformed file or a database error is an `Err`.
pub fn check_and_write(
    store: &mut Store,
    ctx: &Ctx,
    kind: Kind,
    path: &Path,
    name: &str,
    dry_run: bool,
) -> Result<(usize, Vec<RowError>)> {
    let written = match kind {
        Kind::Sims => sims(store, ctx, path, name, dry_run),
        Kind::Numbers => numbers(store, ctx, path, name, dry_run),
        Kind::Customers => customers(store, ctx, path, name, dry_run),
        Kind::Users => users(store, ctx, path, name, dry_run),
        Kind::Extensions => extensions(store, ctx, path, name, dry_run),
    };
    written.with_context(|| format!("{name}: nothing written"))
}

/// Writes the checked rows unless there are refusals or it is a dry run.
fn finish<T>(
    rows: usize,
    checker: Checker,
    accepted: Vec<T>,
    dry_run: bool,
    write: impl FnOnce(&[T]) -> Result<usize, comuniq_order::store::StoreError>,
) -> Result<(usize, Vec<RowError>)> {
    if checker.errors.is_empty() && !dry_run {
        write(&accepted)?;
    }
    Ok((rows, checker.errors))
}

/// Customers by number, for rows that name one.
fn customers_by_number(store: &Store) -> Result<HashMap<String, Customer>> {
    Ok(store.customers()?.into_iter().map(|c| (c.number.to_uppercase(), c)).collect())
}

fn sims(store: &mut Store, ctx: &Ctx, path: &Path, name: &str, dry_run: bool) -> Result<(usize, Vec<RowError>)> {
    let rows = csv_file::read(path, name, &["iccid"], &[])?;
    let in_stock = store.all_iccids()?;
    let mut c = Checker::new(ctx);
    let mut accepted = Vec::with_capacity(rows.len());
    for row in &rows {
        let id = row.get("iccid");
        if !c.rule(row, "iccid", iccid::check(id)) || !c.first_in_file(row, "iccid", id.to_string()) {
            continue;
        }
        if in_stock.contains(id) {
            c.rule(row, "iccid", Err(RuleError::AlreadyExists));
            continue;
        }
        accepted.push(id.to_string());
    }
    finish(rows.len(), c, accepted, dry_run, |a| store.import_sims(a))
}

fn numbers(store: &mut Store, ctx: &Ctx, path: &Path, name: &str, dry_run: bool) -> Result<(usize, Vec<RowError>)> {
    let rows = csv_file::read(path, name, &["customer", "number"], &[])?;
    let customers = customers_by_number(store)?;
    let known = store.all_numbers()?;
    let mut c = Checker::new(ctx);
    let mut accepted = Vec::with_capacity(rows.len());
    for row in &rows {
        let customer = c.customer(row, &customers);
        let e164 = match phone::to_e164(row.get("number")) {
            Ok(e164) => e164,
            Err(e) => {
                c.rule(row, "number", Err(e));
                continue;
            }
        };
        // Numbers are unique across customers: compared in E.164, however they were written.
        if !c.first_in_file(row, "number", e164.clone()) {
            continue;
        }
        if known.contains(&e164) {
            c.rule(row, "number", Err(RuleError::NumberInUse));
            continue;
        }
        if let Some(customer) = customer {
            accepted.push(ImportedNumber { customer_id: customer.id, e164 });
        }
    }
    finish(rows.len(), c, accepted, dry_run, |a| store.import_numbers(a))
}

fn customers(store: &mut Store, ctx: &Ctx, path: &Path, name: &str, dry_run: bool) -> Result<(usize, Vec<RowError>)> {
    let rows = csv_file::read(path, name, &["number", "name", "city", "dial_plan_len", "area_code"], &[])?;
    let known = store.all_customer_numbers()?;
    let mut c = Checker::new(ctx);
    let mut accepted = Vec::with_capacity(rows.len());
    for row in &rows {
        let number = row.get("number").to_uppercase();
        let mut ok = c.rule(row, "number", customer::check_number(&number));
        ok = ok && c.first_in_file(row, "number", number.clone());
        if ok && known.contains(&number) {
            ok = c.rule(row, "number", Err(RuleError::AlreadyExists));
        }
        ok &= c.rule(row, "name", text::check_name(row.get("name")));
        ok &= c.rule(row, "city", text::check_name(row.get("city")));
        ok &= c.rule(row, "area_code", phone::check_area_code(row.get("area_code")));
        let dial_plan = customer::parse_dial_plan_len(row.get("dial_plan_len"));
        let dial_plan = match dial_plan {
            Ok(n) => Some(n),
            Err(e) => {
                c.rule(row, "dial_plan_len", Err(e));
                None
            }
        };
        if let (true, Some(dial_plan_len)) = (ok, dial_plan) {
            accepted.push(NewCustomer {
                number,
                name: row.get("name").to_string(),
                city: row.get("city").to_string(),
                dial_plan_len,
                area_code: row.get("area_code").to_string(),
            });
        }
    }
    finish(rows.len(), c, accepted, dry_run, |a| store.import_customers(a))
}

fn users(store: &mut Store, ctx: &Ctx, path: &Path, name: &str, dry_run: bool) -> Result<(usize, Vec<RowError>)> {
    let required = ["customer", "username", "first_name", "last_name", "email", "language"];
    let rows = csv_file::read(path, name, &required, &["prefix"])?;
    let customers = customers_by_number(store)?;
    // Names in use per customer, keyed case-folded so the rule sees the one clashing name.
    let mut taken: HashMap<(CustomerId, String), String> = HashMap::new();
    for (id, names) in store.usernames_by_customer()? {
        taken.extend(names.into_iter().map(|n| ((id, n.to_ascii_lowercase()), n)));
    }
    let mut c = Checker::new(ctx);
    let mut accepted = Vec::with_capacity(rows.len());
    for row in &rows {
        let customer = c.customer(row, &customers);
        let user = row.get("username");
        let key = (customer.map_or(0, |c| c.id), user.to_ascii_lowercase());
        let mut ok = c.rule(row, "username", username::check(user, taken.get(&key).map(String::as_str)));
        ok &= c.rule(row, "first_name", text::check_name(row.get("first_name")));
        ok &= c.rule(row, "prefix", text::check_optional(row.get("prefix")));
        ok &= c.rule(row, "last_name", text::check_name(row.get("last_name")));
        ok &= c.rule(row, "email", email::check(row.get("email")));
        let language = row.get("language");
        ok &= c.rule(row, "language", ctx.catalog.language(language).map(|_| ()).ok_or(RuleError::UnknownChoice));
        if let (true, Some(customer)) = (ok, customer) {
            taken.insert(key, user.to_string());
            accepted.push(ImportedUser {
                customer_id: customer.id,
                username: user.to_string(),
                first_name: row.get("first_name").to_string(),
                prefix: row.get("prefix").to_string(),
                last_name: row.get("last_name").to_string(),
                email: row.get("email").to_string(),
                language: language.to_string(),
            });
        }
    }
    finish(rows.len(), c, accepted, dry_run, |a| store.import_users(a))
}

fn extensions(store: &mut Store, ctx: &Ctx, path: &Path, name: &str, dry_run: bool) -> Result<(usize, Vec<RowError>)> {
    let rows = csv_file::read(path, name, &["customer", "number", "name"], &[])?;
    let customers = customers_by_number(store)?;
    let mut existing = store.extensions_by_customer()?;
    let mut c = Checker::new(ctx);
    let mut accepted = Vec::with_capacity(rows.len());
    for row in &rows {
        let ok = c.rule(row, "name", text::check_name(row.get("name")));
        let Some(customer) = c.customer(row, &customers) else { continue };
        let number = row.get("number");
        // The wizard's rule against the customer's extensions, those above in the file
        // included: a duplicate or a prefix clash within the file is refused the same way.
        let theirs = existing.entry(customer.id).or_default();
        if !c.rule(row, "number", extension::check(number, customer.dial_plan_len, theirs)) || !ok {
            continue;
        }
        theirs.push(Extension { number: number.to_string(), name: row.get("name").to_string() });
        accepted.push(ImportedExtension {
            customer_id: customer.id,
            number: number.to_string(),
            name: row.get("name").to_string(),
        });
    }
    finish(rows.len(), c, accepted, dry_run, |a| store.import_extensions(a))
}
