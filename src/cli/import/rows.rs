//! The rows of each kind of import, checked with the wizard's rules, then written.
//!
//! Rows stream from the file into one transaction: each row is checked and, when it
//! passes, written at once; the database's UNIQUE indexes then tell whether a later row
//! repeats it ("also on line 17") or whether it existed before. At the end the transaction
//! is committed, or rolled back when a row was refused or it is a dry run. Memory stays
//! flat however long the file is: no row is kept, only the first refusals to list.

use super::csv_file::{self, Row};
use super::{Kind, MAX_LISTED, RowError};
use anyhow::{Context, Result};
use comuniq_order::domain::Catalog;
use comuniq_order::domain::model::{CustomerId, Extension, User};
use comuniq_order::domain::order::NewUser;
use comuniq_order::domain::rules::{RuleError, customer, email, extension, iccid, phone, text, username};
use comuniq_order::i18n::Lang;
use comuniq_order::store::{
    ImportTx, ImportedExtension, ImportedNumber, ImportedUser, NewCustomer, SIM_BATCH, Seen, Store,
};
use std::collections::HashMap;
use std::path::Path;

/// What the checks need besides the rows.
pub struct Ctx<'a> {
    pub lang: Lang,
    pub catalog: &'a Catalog,
}

/// What an import found: rows read, rows refused, refusals in all, the first few listed.
#[derive(Default)]
pub struct Outcome {
    pub rows: usize,
    pub refused_rows: usize,
    pub errors: usize,
    pub listed: Vec<RowError>,
}

/// Counts and keeps the refusals (only the first [`MAX_LISTED`] of them).
struct Checker<'a> {
    ctx: &'a Ctx<'a>,
    out: Outcome,
    last_refused_line: u64,
}

impl<'a> Checker<'a> {
    fn new(ctx: &'a Ctx<'a>) -> Self {
        Checker { ctx, out: Outcome::default(), last_refused_line: 0 }
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
        self.out.errors += 1;
        if self.last_refused_line != row.line {
            self.out.refused_rows += 1;
            self.last_refused_line = row.line;
        }
        if self.out.listed.len() < MAX_LISTED {
            self.out.listed.push(RowError { line: row.line, column, value: row.get(column).to_string(), message });
        }
    }

    /// Whether a key was new, refusing a repeat (naming the first line) or a known one.
    fn seen(&mut self, row: &Row, column: &'static str, seen: Seen, known: RuleError) -> bool {
        match seen {
            Seen::New => true,
            Seen::InDatabase => self.rule(row, column, Err(known)),
            Seen::InFile(first) => {
                let message =
                    comuniq_order::i18n::fill(self.ctx.lang.texts().import_also_on_line, &[&first.to_string()]);
                self.refuse(row, column, message);
                false
            }
        }
    }

    /// The customer a row names by number: its id and dial-plan length.
    fn customer(&mut self, row: &Row, tx: &ImportTx) -> Result<Option<(CustomerId, u8)>> {
        let found = tx.customer_by_number(&row.get("customer").to_uppercase())?;
        if found.is_none() {
            self.rule(row, "customer", Err(RuleError::UnknownChoice));
        }
        Ok(found)
    }
}

/// Reads, checks and writes one file in one transaction, committed unless `dry_run` or a
/// row was refused. A malformed file or a database error is an `Err` (nothing written).
pub fn check_and_write(
    store: &mut Store,
    ctx: &Ctx,
    kind: Kind,
    path: &Path,
    name: &str,
    dry_run: bool,
) -> Result<Outcome> {
    let mut run = || -> Result<Outcome> {
        // A damaged page in the table the rows go into is found before anything is written
        // (the tables written are checked again before the commit).
        store.check_tables(&[kind.table()])?;
        let mut tx = store.begin_import()?;
        let mut c = Checker::new(ctx);
        match kind {
            Kind::Sims => sims(&mut tx, &mut c, path, name)?,
            Kind::Numbers => numbers(&mut tx, &mut c, path, name)?,
            Kind::Customers => customers(&mut tx, &mut c, path, name)?,
            Kind::Users => users(&mut tx, &mut c, path, name)?,
            Kind::Extensions => extensions(&mut tx, &mut c, path, name)?,
        }
        // An `Err` above drops `tx`, which rolls it back.
        tx.finish(c.out.errors == 0 && !dry_run)?;
        Ok(c.out)
    };
    run().with_context(|| format!("{name}: {}", ctx.lang.cli().import_nothing_written))
}

/// Feeds every row of the file to `check`, counting them.
fn each_row(
    c: &mut Checker,
    path: &Path,
    name: &str,
    required: &[&str],
    optional: &[&str],
    mut check: impl FnMut(&mut Checker, &Row) -> Result<()>,
) -> Result<()> {
    let mut file = csv_file::open(path, name, required, optional, c.ctx.lang.cli())?;
    while let Some(row) = file.next_row()? {
        c.out.rows += 1;
        check(c, &row)?;
    }
    Ok(())
}

fn sims(tx: &mut ImportTx, c: &mut Checker, path: &Path, name: &str) -> Result<()> {
    // The rows that passed, written SIM_BATCH at a time: one statement each batch. A
    // refusal first writes what waits, so the refusals are told in file order as before.
    let mut waiting: Vec<Row> = Vec::new();
    each_row(c, path, name, &["iccid"], &[], |c, row| {
        match iccid::check(row.get("iccid")) {
            Ok(()) => waiting.push(row.clone()),
            Err(e) => {
                write_sims(tx, c, &mut waiting)?;
                c.rule(row, "iccid", Err(e));
            }
        }
        if waiting.len() >= SIM_BATCH {
            write_sims(tx, c, &mut waiting)?;
        }
        Ok(())
    })?;
    write_sims(tx, c, &mut waiting)
}

/// Writes the SIMs waiting, in one statement, and tells of those whose ICCID was known.
fn write_sims(tx: &mut ImportTx, c: &mut Checker, waiting: &mut Vec<Row>) -> Result<()> {
    if waiting.is_empty() {
        return Ok(());
    }
    let rows: Vec<(&str, u64)> = waiting.iter().map(|row| (row.get("iccid"), row.line)).collect();
    let seen = tx.sims(&rows)?;
    for (row, seen) in waiting.iter().zip(seen) {
        c.seen(row, "iccid", seen, RuleError::AlreadyExists);
    }
    waiting.clear();
    Ok(())
}

fn numbers(tx: &mut ImportTx, c: &mut Checker, path: &Path, name: &str) -> Result<()> {
    each_row(c, path, name, &["customer", "number"], &[], |c, row| {
        let customer = c.customer(row, tx)?;
        let e164 = match phone::to_e164(row.get("number")) {
            Ok(e164) => e164,
            Err(e) => {
                c.rule(row, "number", Err(e));
                return Ok(());
            }
        };
        // Numbers are unique across customers: compared in E.164, however they were written.
        if let Some((customer_id, _)) = customer {
            let seen = tx.number(&ImportedNumber { customer_id, e164 }, row.line)?;
            c.seen(row, "number", seen, RuleError::NumberInUse);
        }
        Ok(())
    })
}

fn customers(tx: &mut ImportTx, c: &mut Checker, path: &Path, name: &str) -> Result<()> {
    let columns = ["number", "name", "city", "dial_plan_len", "area_code"];
    each_row(c, path, name, &columns, &[], |c, row| {
        let number = row.get("number").to_uppercase();
        let mut ok = c.rule(row, "number", customer::check_number(&number));
        ok &= c.rule(row, "name", text::check_name(row.get("name")));
        ok &= c.rule(row, "city", text::check_name(row.get("city")));
        ok &= c.rule(row, "area_code", phone::check_area_code(row.get("area_code")));
        let dial_plan = match customer::parse_dial_plan_len(row.get("dial_plan_len")) {
            Ok(n) => Some(n),
            Err(e) => {
                c.rule(row, "dial_plan_len", Err(e));
                None
            }
        };
        if let (true, Some(dial_plan_len)) = (ok, dial_plan) {
            let new = NewCustomer {
                number,
                name: row.get("name").to_string(),
                city: row.get("city").to_string(),
                dial_plan_len,
                area_code: row.get("area_code").to_string(),
            };
            let seen = tx.customer(&new, row.line)?;
            c.seen(row, "number", seen, RuleError::AlreadyExists);
        }
        Ok(())
    })
}

fn users(tx: &mut ImportTx, c: &mut Checker, path: &Path, name: &str) -> Result<()> {
    let required = ["customer", "username", "first_name", "last_name", "email", "language"];
    each_row(c, path, name, &required, &["prefix"], |c, row| {
        let customer = c.customer(row, tx)?;
        let user = row.get("username");
        // Uniqueness is the store's (below); the wizard's rule checks the rest.
        let mut ok = c.rule(row, "username", username::check(user, []));
        ok &= c.rule(row, "first_name", text::check_name(row.get("first_name")));
        ok &= c.rule(row, "prefix", phone::check_dial_prefix(row.get("prefix")));
        ok &= c.rule(row, "last_name", text::check_name(row.get("last_name")));
        if ok {
            ok = display_name_fits(c, row);
        }
        ok &= c.rule(row, "email", email::check(row.get("email")));
        let language = row.get("language");
        ok &= c.rule(row, "language", c.ctx.catalog.language(language).map(|_| ()).ok_or(RuleError::UnknownChoice));
        if let (true, Some((customer_id, _))) = (ok, customer) {
            let new = ImportedUser {
                customer_id,
                user: NewUser {
                    username: user.to_string(),
                    first_name: row.get("first_name").to_string(),
                    prefix: row.get("prefix").to_string(),
                    last_name: row.get("last_name").to_string(),
                    email: row.get("email").to_string(),
                    language: language.to_string(),
                },
            };
            let seen = tx.user(&new, row.line)?;
            c.seen(row, "username", seen, RuleError::UsernameTaken);
        }
        Ok(())
    })
}

/// The wizard proposes the user's full name as the display name on the FMC page and
/// checks it with its display-name rule: a user whose names are each fine but too long
/// together could never be ordered. The same functions decide here.
fn display_name_fits(c: &mut Checker, row: &Row) -> bool {
    let user = User {
        id: 0,
        username: row.get("username").to_string(),
        first_name: row.get("first_name").to_string(),
        last_name: row.get("last_name").to_string(),
        has_mobile: false,
        extension: None,
    };
    match text::check_name(&user.full_name()) {
        Ok(()) => true,
        Err(e) => {
            let texts = c.ctx.lang.texts();
            let why = (texts.rule_error)(&e, &|id: &str| id.to_string());
            c.refuse(row, "last_name", format!("{} ({why})", texts.import_display_name_too_long));
            false
        }
    }
}

fn extensions(tx: &mut ImportTx, c: &mut Checker, path: &Path, name: &str) -> Result<()> {
    // The extensions of the customers the file names, as the rule needs them, loaded on
    // first use and kept up to date with the rows written.
    let mut existing: HashMap<CustomerId, Vec<Extension>> = HashMap::new();
    each_row(c, path, name, &["customer", "number", "name"], &[], |c, row| {
        let ok = c.rule(row, "name", text::check_name(row.get("name")));
        let Some((customer_id, dial_plan_len)) = c.customer(row, tx)? else { return Ok(()) };
        let number = row.get("number");
        let theirs = match existing.entry(customer_id) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(tx.extensions_of(customer_id)?),
        };
        // The wizard's rule against the customer's extensions, those above in the file
        // included: a duplicate or a prefix clash within the file is refused the same way.
        if !c.rule(row, "number", extension::check(number, dial_plan_len, theirs)) || !ok {
            return Ok(());
        }
        theirs.push(Extension { number: number.to_string(), name: row.get("name").to_string() });
        let new = ImportedExtension { customer_id, number: number.to_string(), name: row.get("name").to_string() };
        // The rule saw every extension already; the store's index is the last word.
        let seen = tx.extension(&new, row.line)?;
        c.seen(row, "number", seen, RuleError::AlreadyExists);
        Ok(())
    })
}
