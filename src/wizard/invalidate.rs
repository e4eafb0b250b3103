//! Assigning a value to a field, and what an earlier change clears.
//!
//! Only choices that the change makes impossible are cleared (a data package the new voice
//! product doesn't offer, a user of the previous customer); typed text stays and is checked
//! again, so the operator loses as little as possible. Defaults that the operator never
//! changed (display name, area code) follow their source.

use super::Value;
use crate::domain::answers::{Answers, Field};
use crate::domain::catalog::Catalog;
use crate::domain::model::{Customer, CustomerContext};
use std::collections::BTreeSet;

/// Writes `value` into the field. Returns whether anything changed.
pub(super) fn assign(a: &mut Answers, catalog: &Catalog, field: Field, value: Value) -> bool {
    use Field::*;
    let before = a.clone();
    match (field, value) {
        (Customer, Value::Id(v)) => a.customer = v,
        (ExistingUser, Value::Id(v)) => a.existing_user = v,
        (Number, Value::Id(v)) => a.number = v,
        (Sim, Value::Id(v)) => a.sim = v,
        (Portfolio, Value::Choice(v)) => a.portfolio = v,
        (Term, Value::Choice(v)) => a.term = v,
        (Voice, Value::Choice(v)) => a.voice = v,
        (Data, Value::Choice(v)) => a.data = v,
        (Sms, Value::Choice(v)) => a.sms = v,
        (Language, Value::Choice(v)) => a.language = v,
        (SimOption, Value::Choice(v)) => a.sim_option = v,
        (NumberType, Value::Choice(v)) => a.number_type = v,
        (Donor, Value::Choice(v)) => a.donor = v,
        (PortWhen, Value::PortWhen(v)) => a.port_when = v,
        (NewUser, Value::Bool(v)) => a.new_user = v,
        (AutoInvoice, Value::Bool(v)) => a.auto_invoice = v,
        (Addon(i), Value::Bool(on)) => return assign_addon(a, catalog, i, on),
        (field, Value::Text(t)) => match text_mut(a, field) {
            Some(slot) => *slot = t,
            None => return false,
        },
        _ => return false,
    }
    *a != before
}

/// Ticks or unticks an add-on by catalog index. Returns whether anything changed.
fn assign_addon(a: &mut Answers, catalog: &Catalog, index: usize, on: bool) -> bool {
    let Some(addon) = catalog.addons.get(index) else { return false };
    if on { a.addons.insert(addon.id.clone()) } else { a.addons.remove(&addon.id) }
}

fn text_mut(a: &mut Answers, field: Field) -> Option<&mut String> {
    use Field::*;
    Some(match field {
        Reference => &mut a.reference,
        StartDate => &mut a.start_date,
        Username => &mut a.username,
        FirstName => &mut a.first_name,
        Prefix => &mut a.prefix,
        LastName => &mut a.last_name,
        Email => &mut a.email,
        Sim => &mut a.sim_query,
        PortNumber => &mut a.port_number,
        PortDate => &mut a.port_date,
        Extension => &mut a.extension,
        DisplayName => &mut a.display_name,
        Pin => &mut a.pin,
        AreaCode => &mut a.area_code,
        _ => return None,
    })
}

/// Clears the later answers that the change of `field` made impossible, and moves
/// untouched defaults along. Returns the cleared fields.
pub(super) fn after_change(
    field: Field,
    before: &Answers,
    a: &mut Answers,
    catalog: &Catalog,
    customers: &[Customer],
    context: &CustomerContext,
) -> Vec<Field> {
    let mut cleared = Vec::new();
    match field {
        Field::Customer => {
            // Users and numbers belong to the customer; the new one's are loaded afresh.
            if a.existing_user.take().is_some() {
                cleared.push(Field::ExistingUser);
            }
            if a.number.take().is_some() {
                cleared.push(Field::Number);
            }
            let old_area = customer_area(before, customers);
            if a.area_code.is_empty() || Some(a.area_code.as_str()) == old_area.as_deref() {
                a.area_code = customer_area(a, customers).unwrap_or_default();
            }
        }
        Field::Voice => {
            let voice = a.voice.clone().unwrap_or_default();
            if a.data.as_deref().is_some_and(|d| !catalog.data_for(&voice).any(|p| p.id == d)) {
                a.data = None;
                cleared.push(Field::Data);
            }
            if a.sms.as_deref().is_some_and(|s| !catalog.sms_for(&voice).any(|p| p.id == s)) {
                a.sms = None;
                cleared.push(Field::Sms);
            }
            let offered: BTreeSet<&str> = catalog.addons_for(&voice).map(|x| x.id.as_str()).collect();
            for id in a.addons.clone() {
                if !offered.contains(id.as_str()) {
                    a.addons.remove(&id);
                    cleared.extend(catalog.addons.iter().position(|x| x.id == id).map(Field::Addon));
                }
            }
        }
        Field::Addon(_) => {
            // Unticking an add-on unticks those that require it, transitively.
            loop {
                let orphan = catalog
                    .addons
                    .iter()
                    .position(|x| a.addons.contains(&x.id) && x.requires.iter().any(|r| !a.addons.contains(r)));
                let Some(i) = orphan else { break };
                a.addons.remove(&catalog.addons[i].id);
                cleared.push(Field::Addon(i));
            }
        }
        Field::ExistingUser | Field::NewUser | Field::FirstName | Field::LastName => {
            apply_user_defaults(a, Some(before), context, customers);
        }
        _ => {}
    }
    cleared
}

fn customer_area(a: &Answers, customers: &[Customer]) -> Option<String> {
    a.customer.and_then(|id| customers.iter().find(|c| c.id == id)).map(|c| c.area_code.clone())
}

/// The display name the FMC page suggests: the chosen or new user's full name.
pub(super) fn default_display_name(a: &Answers, context: &CustomerContext) -> String {
    if a.new_user {
        format!("{} {}", a.first_name.trim(), a.last_name.trim()).trim().to_string()
    } else {
        a.existing_user
            .and_then(|id| context.users.iter().find(|u| u.id == id))
            .map(|u| u.full_name())
            .unwrap_or_default()
    }
}

/// Moves the display name and area code to their new defaults, unless the operator typed
/// something else.
pub(super) fn apply_user_defaults(
    a: &mut Answers,
    before: Option<&Answers>,
    context: &CustomerContext,
    customers: &[Customer],
) {
    let old_default = before.map(|b| default_display_name(b, context)).unwrap_or_default();
    if a.display_name.is_empty() || a.display_name == old_default {
        a.display_name = default_display_name(a, context);
    }
    if a.area_code.is_empty() {
        a.area_code = customer_area(a, customers).unwrap_or_default();
    }
}
