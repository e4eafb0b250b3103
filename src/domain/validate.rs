//! Which fields a step shows, and whether each answer passes its rule.
//!
//! The wizard, an answers file and the tests all call these functions, so every rule is
//! written once.

use crate::domain::answers::{Answers, Field, Step};
use crate::domain::catalog::{Catalog, NumberKind, SimKind};
use crate::domain::model::{Customer, CustomerContext, Sim};
use crate::domain::rules::{RuleError, date, email, extension, iccid, phone, pin, text, username};
use chrono::NaiveDate;

/// What the rules need to know besides the answers.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub catalog: &'a Catalog,
    /// Today, as an input so that tests don't depend on the calendar.
    pub today: NaiveDate,
    /// The chosen customer, once loaded.
    pub customer: Option<&'a Customer>,
    /// The chosen customer's users, extensions and free numbers.
    pub context: &'a CustomerContext,
    /// Free SIMs that match what was typed into *SIM auswählen*.
    pub sim_matches: &'a [Sim],
}

/// A refused answer: which field, and why.
pub type FieldError = (Field, RuleError);

/// The fields `step` shows for these answers, in order.
pub fn visible_fields(step: Step, a: &Answers, catalog: &Catalog) -> Vec<Field> {
    use Field::*;
    match step {
        Step::Customer => vec![Customer, Portfolio, Reference, StartDate, Term],
        Step::Connection => vec![Voice, Data, Sms],
        Step::Addons => offered_addons(a, catalog).map(Addon).collect(),
        Step::User if a.new_user => vec![
            NewUser, Username, FirstName, Prefix, LastName, Email, Language,
        ],
        Step::User => vec![ExistingUser, NewUser],
        Step::Sim => match sim_kind(a, catalog) {
            Some(SimKind::Now) => vec![SimOption, Sim],
            _ => vec![SimOption],
        },
        Step::Number => match number_kind(a, catalog) {
            Some(NumberKind::New) => vec![NumberType, Number],
            Some(NumberKind::Port) if a.port_when == crate::domain::answers::PortWhen::OnDate => {
                vec![NumberType, PortNumber, Donor, PortWhen, PortDate]
            }
            Some(NumberKind::Port) => vec![NumberType, PortNumber, Donor, PortWhen],
            None => vec![NumberType],
        },
        Step::Fmc => vec![Extension, DisplayName, Pin, AreaCode],
        Step::Confirm => vec![AutoInvoice],
    }
}

/// Catalog indices of the add-ons the chosen voice product allows.
pub fn offered_addons<'a>(
    a: &'a Answers,
    catalog: &'a Catalog,
) -> impl Iterator<Item = usize> + 'a {
    let voice = a.voice.as_deref().unwrap_or("");
    catalog
        .addons
        .iter()
        .enumerate()
        .filter(move |(_, x)| x.voice.iter().any(|v| v == voice))
        .map(|(i, _)| i)
}

/// The kind of the chosen SIM option.
pub fn sim_kind(a: &Answers, catalog: &Catalog) -> Option<SimKind> {
    a.sim_option
        .as_deref()
        .and_then(|id| catalog.sim_option(id))
        .map(|s| s.kind)
}

/// The kind of the chosen number type.
pub fn number_kind(a: &Answers, catalog: &Catalog) -> Option<NumberKind> {
    a.number_type
        .as_deref()
        .and_then(|id| catalog.number_type(id))
        .map(|n| n.kind)
}

/// Every refused answer on a step.
pub fn step_errors(step: Step, a: &Answers, f: &Facts) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = visible_fields(step, a, f.catalog)
        .into_iter()
        .filter_map(|field| check_field(field, a, f).err().map(|e| (field, e)))
        .collect();
    if step == Step::Addons {
        // Ticked add-ons that the voice product doesn't offer have no visible field.
        for id in &a.addons {
            let offered = a
                .voice
                .as_deref()
                .is_some_and(|v| f.catalog.addons_for(v).any(|x| &x.id == id));
            if !offered {
                let index = f
                    .catalog
                    .addons
                    .iter()
                    .position(|x| &x.id == id)
                    .unwrap_or(usize::MAX);
                let err = if index == usize::MAX {
                    RuleError::UnknownChoice
                } else {
                    RuleError::NotForVoice
                };
                errors.push((Field::Addon(index), err));
            }
        }
    }
    errors
}

/// Every refused answer on every step, in step order.
pub fn all_errors(a: &Answers, f: &Facts) -> Vec<FieldError> {
    Step::ALL
        .iter()
        .flat_map(|s| step_errors(*s, a, f))
        .collect()
}

/// Checks one field.
pub fn check_field(field: Field, a: &Answers, f: &Facts) -> Result<(), RuleError> {
    use Field::*;
    let c = f.catalog;
    match field {
        Customer => f.customer.map(|_| ()).ok_or(RuleError::Required),
        Portfolio => known(&a.portfolio, |id| c.portfolio(id).is_some()),
        Reference => text::check_reference(&a.reference),
        StartDate => date::parse_not_past(&a.start_date, f.today).map(|_| ()),
        Term => known(&a.term, |id| c.term(id).is_some()),
        Voice => known(&a.voice, |id| c.voice(id).is_some()),
        Data => package_fits(&a.data, a, |id| c.data(id).map(|p| &p.voice)),
        Sms => package_fits(&a.sms, a, |id| c.sms(id).map(|p| &p.voice)),
        Addon(i) => check_addon(i, a, c),
        ExistingUser => check_existing_user(a, f),
        NewUser | PortWhen | AutoInvoice => Ok(()),
        Username => username::check(
            &a.username,
            f.context.users.iter().map(|u| u.username.as_str()),
        ),
        FirstName => text::check_name(&a.first_name),
        Prefix => text::check_optional(&a.prefix),
        LastName => text::check_name(&a.last_name),
        Email => email::check(&a.email),
        Language => known(&a.language, |id| c.language(id).is_some()),
        SimOption => known(&a.sim_option, |id| c.sim_option(id).is_some()),
        Sim => check_sim(a, f),
        NumberType => known(&a.number_type, |id| c.number_type(id).is_some()),
        Number => match a.number {
            None => Err(RuleError::Required),
            Some(id) if f.context.free_numbers.iter().any(|n| n.id == id) => Ok(()),
            Some(_) => Err(RuleError::NumberNotFree),
        },
        PortNumber => phone::to_e164(&a.port_number).map(|_| ()),
        Donor => known(&a.donor, |id| c.donor(id).is_some()),
        PortDate => date::parse_not_past(&a.port_date, f.today).map(|_| ()),
        Extension => {
            let len = f
                .customer
                .map(|c| c.dial_plan_len)
                .ok_or(RuleError::Required)?;
            extension::check(a.extension.trim(), len, &f.context.extensions)
        }
        DisplayName => text::check_name(&a.display_name),
        Pin => pin::check(&a.pin).map(|_| ()),
        AreaCode => phone::check_area_code(&a.area_code),
    }
}

/// A required choice that must name something in the catalog.
fn known(value: &Option<String>, exists: impl Fn(&str) -> bool) -> Result<(), RuleError> {
    match value.as_deref() {
        None => Err(RuleError::Required),
        Some(id) if exists(id) => Ok(()),
        Some(_) => Err(RuleError::UnknownChoice),
    }
}

/// A data or SMS package that exists and goes with the chosen voice product.
fn package_fits<'c>(
    value: &Option<String>,
    a: &Answers,
    voices_of: impl Fn(&str) -> Option<&'c Vec<String>>,
) -> Result<(), RuleError> {
    let id = value.as_deref().ok_or(RuleError::Required)?;
    let voices = voices_of(id).ok_or(RuleError::UnknownChoice)?;
    match a.voice.as_deref() {
        Some(v) if voices.iter().any(|x| x == v) => Ok(()),
        _ => Err(RuleError::NotForVoice),
    }
}

/// A ticked add-on's rules: offered with the voice product, its requirements ticked,
/// nothing it excludes ticked (in either direction).
fn check_addon(i: usize, a: &Answers, c: &Catalog) -> Result<(), RuleError> {
    let addon = c.addons.get(i).ok_or(RuleError::UnknownChoice)?;
    if !a.addons.contains(&addon.id) {
        return Ok(());
    }
    if !a
        .voice
        .as_deref()
        .is_some_and(|v| addon.voice.iter().any(|x| x == v))
    {
        return Err(RuleError::NotForVoice);
    }
    if let Some(missing) = addon.requires.iter().find(|r| !a.addons.contains(*r)) {
        return Err(RuleError::AddonRequires(missing.clone()));
    }
    let excluded_by_other = c
        .addons
        .iter()
        .find(|o| a.addons.contains(&o.id) && o.excludes.contains(&addon.id))
        .map(|o| o.id.clone());
    match addon
        .excludes
        .iter()
        .find(|x| a.addons.contains(*x))
        .cloned()
        .or(excluded_by_other)
    {
        Some(other) => Err(RuleError::AddonExcludes(other)),
        None => Ok(()),
    }
}

fn check_existing_user(a: &Answers, f: &Facts) -> Result<(), RuleError> {
    let id = a.existing_user.ok_or(RuleError::Required)?;
    match f.context.users.iter().find(|u| u.id == id) {
        None => Err(RuleError::UnknownChoice),
        Some(u) if u.has_mobile => Err(RuleError::UserHasMobile),
        Some(_) => Ok(()),
    }
}

/// *SIM auswählen*: four digits or a full ICCID, and a free SIM that fits it picked among
/// the matches (a single match counts as picked).
fn check_sim(a: &Answers, f: &Facts) -> Result<(), RuleError> {
    let query = iccid::parse_query(&a.sim_query)?;
    if picked_sim(a, f).is_some() {
        return Ok(());
    }
    let count = sim_candidates(&query, f).len();
    match query {
        iccid::SimQuery::Full(_) => Err(RuleError::SimNotFree),
        iccid::SimQuery::LastFour(digits) if count == 0 => Err(RuleError::SimNoMatch { digits }),
        iccid::SimQuery::LastFour(digits) => Err(RuleError::SimAmbiguous { digits, count }),
    }
}

/// The free matches that fit the query: the scanned ICCID, or ending in the four digits.
fn sim_candidates<'f>(query: &iccid::SimQuery, f: &Facts<'f>) -> Vec<&'f Sim> {
    f.sim_matches
        .iter()
        .filter(|s| match query {
            iccid::SimQuery::Full(full) => &s.iccid == full,
            iccid::SimQuery::LastFour(digits) => s.iccid.ends_with(digits.as_str()),
        })
        .collect()
}

/// The SIM the answers assign now: the one picked among the matches that fit what was
/// typed, or the only one (a single match is preselected; a scanned ICCID has at most one).
pub fn picked_sim<'f>(a: &Answers, f: &Facts<'f>) -> Option<&'f Sim> {
    let query = iccid::parse_query(&a.sim_query).ok()?;
    let candidates = sim_candidates(&query, f);
    let picked = a.sim.and_then(|id| candidates.iter().find(|s| s.id == id));
    match (picked, candidates.as_slice()) {
        (Some(s), _) | (None, [s]) => Some(*s),
        _ => None,
    }
}
