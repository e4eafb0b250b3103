//! Assigning a value to a field, and what an earlier change clears.
//!
//! Only choices that the change makes impossible are cleared (a data package the new voice
//! product doesn't offer, a user of the previous customer); typed text stays and is checked
//! again, so the operator loses as little as possible. Defaults that the operator never
//! typed over (extension, display name, area code: [`Field::DERIVED`]) follow their source
//! after every event.

use super::Value;
use crate::domain::answers::{Answers, Field};
use crate::domain::catalog::Catalog;
use crate::domain::field::{Clears, Slot};
use crate::domain::model::{Customer, CustomerContext};
use crate::domain::validate;
use std::collections::BTreeSet;

/// Writes `value` into the field, through its slot in the field table. Returns whether
/// anything changed; a value of the wrong kind for the field changes nothing.
pub(super) fn assign(a: &mut Answers, catalog: &Catalog, field: Field, value: Value) -> bool {
    let before = a.clone();
    match (field.spec().slot, value) {
        (Slot::Id(_, put), Value::Id(v)) | (Slot::Query { pick: (_, put), .. }, Value::Id(v)) => *put(a) = v,
        (Slot::Choice(_, put), Value::Choice(v)) => *put(a) = v,
        (Slot::Flag(_, put), Value::Bool(v)) => *put(a) = v,
        (Slot::Text(_, put), Value::Text(t)) | (Slot::Query { text: (_, put), .. }, Value::Text(t)) => *put(a) = t,
        (Slot::PortWhen, Value::PortWhen(v)) => a.port_when = v,
        (Slot::Addon, Value::Bool(on)) => match field {
            Field::Addon(i) => return assign_addon(a, catalog, i, on),
            _ => return false,
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

/// Clears the later answers that the change of `field` made impossible. Returns the
/// cleared fields. (Derived defaults follow in [`follow_defaults`], after every event.)
pub(super) fn after_change(field: Field, a: &mut Answers, catalog: &Catalog) -> Vec<Field> {
    let mut cleared = Vec::new();
    match field.spec().clears {
        Clears::Nothing => {}
        Clears::CustomersRows => {
            // Users and numbers belong to the customer; the new one's are loaded afresh.
            if a.existing_user.take().is_some() {
                cleared.push(Field::ExistingUser);
            }
            if a.number.take().is_some() {
                cleared.push(Field::Number);
            }
        }
        Clears::VoiceProducts => {
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
            cleared.extend(untick_misfits(a, catalog));
            // An add-on whose requirement went with the voice product goes too.
            cleared.extend(untick_orphans(a, catalog));
        }
        Clears::DataAddons => {
            cleared.extend(untick_misfits(a, catalog));
            cleared.extend(untick_orphans(a, catalog));
        }
        Clears::Dependents => cleared.extend(untick_orphans(a, catalog)),
    }
    cleared
}

/// Unticks the add-ons that don't go with the chosen data package (*Mobile Datensperre*
/// with a paid one).
fn untick_misfits(a: &mut Answers, catalog: &Catalog) -> Vec<Field> {
    let data = a.data.clone();
    let mut cleared = Vec::new();
    for (i, x) in catalog.addons.iter().enumerate() {
        if a.addons.contains(&x.id) && !x.fits_data(data.as_deref()) {
            a.addons.remove(&x.id);
            cleared.push(Field::Addon(i));
        }
    }
    cleared
}

/// Unticks the add-ons whose requirement is no longer ticked, transitively.
fn untick_orphans(a: &mut Answers, catalog: &Catalog) -> Vec<Field> {
    let mut cleared = Vec::new();
    loop {
        let orphan = catalog
            .addons
            .iter()
            .position(|x| a.addons.contains(&x.id) && validate::missing_requirement(x, &a.addons).is_some());
        let Some(i) = orphan else { break };
        a.addons.remove(&catalog.addons[i].id);
        cleared.push(Field::Addon(i));
    }
    cleared
}

/// The value a derived field ([`Field::DERIVED`]) follows, for these answers (the field
/// table's [`crate::domain::field::Spec::derived`]); `None` while its source is not loaded
/// yet (the customer list, or the customer's users), when the value is left as it is.
pub(super) fn derived_default(
    field: Field,
    a: &Answers,
    context: &CustomerContext,
    customers: &[Customer],
) -> Option<String> {
    field.spec().derived.and_then(|default| default(a, context, customers))
}

/// The derived defaults of every derived field, in [`Field::DERIVED`] order.
pub(super) type Defaults = [Option<String>; Field::DERIVED.len()];

/// Every derived default for these answers.
pub(super) fn defaults(a: &Answers, context: &CustomerContext, customers: &[Customer]) -> Defaults {
    Field::DERIVED.map(|f| derived_default(f, a, context, customers))
}

/// Moves every derived field the operator has not typed to its default. A field he
/// emptied counts as typed (refilling it under his cursor would fight his typing) until
/// its source changes: then it follows again.
pub(super) fn follow_defaults(a: &mut Answers, before: &Defaults, now: &Defaults) {
    for (i, field) in Field::DERIVED.into_iter().enumerate() {
        let Some(default) = now[i].clone() else { continue };
        if a.typed.contains(&field) {
            // A source that was only loading (None) has not changed.
            let source_changed = before[i].as_ref().is_some_and(|b| *b != default);
            let emptied = a.text_mut(field).is_some_and(|s| s.trim().is_empty());
            // An existing user's own extension is the only one he can have: emptied, it
            // comes back at once (nothing else could be typed there anyway).
            let own_extension = field == Field::Extension && !default.is_empty();
            if !(emptied && (source_changed || own_extension)) {
                continue;
            }
            a.typed.remove(&field);
        }
        if let Some(slot) = a.text_mut(field)
            && *slot != default
        {
            *slot = default;
        }
    }
}
