//! Answers files in and out of the wizard.
//!
//! [`fill`] replays a file as the operator would type it: one [`Event::Set`] per field in
//! step order, each effect carried out by the caller's handler (the driver) before the next
//! field, so the customer's users and the SIM matches are loaded exactly as in the terminal.
//! Every rule is then the wizard's own. [`Wizard::answers_file`] is the way back.

use super::{Effect, Event, OptValue, Value, Wizard};
use crate::domain::answers::{Field, PortWhen};
use crate::domain::answers_file::{AnswersFile, FileValue, PORT_IMMEDIATELY, PORT_ON_DATE};
use crate::domain::field::InFile;
use crate::domain::rules::{RuleError, phone};
use std::collections::VecDeque;

/// A value in the file that names something the wizard can't choose: an unknown customer
/// number, user name, free number or add-on. The wizard's own errors come on top.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Unresolved {
    pub field: Field,
    /// The value as written in the file.
    pub value: String,
    pub error: RuleError,
}

/// Carries out effects with `handler` and feeds the answers back, until none are left.
pub fn settle(w: &mut Wizard, effects: Vec<Effect>, handler: &mut dyn FnMut(Effect) -> Option<Event>) {
    let mut queue: VecDeque<Effect> = effects.into();
    while let Some(effect) = queue.pop_front() {
        if let Some(event) = handler(effect) {
            queue.extend(w.handle(event));
        }
    }
}

/// Enters every answer of `file` into the wizard, field by field in wizard order (the field
/// table's order). Returns the values that could not even be entered; everything else is for
/// the wizard's rules to judge.
pub fn fill(w: &mut Wizard, file: &AnswersFile, handler: &mut dyn FnMut(Effect) -> Option<Event>) -> Vec<Unresolved> {
    let mut replay = Replay { w, handler, unresolved: Vec::new() };
    for (field, value) in file.iter() {
        match value {
            FileValue::Text(text) => replay.text(field, text),
            FileValue::Flag(on) => replay.set(field, Value::Bool(*on)),
            FileValue::List(ids) => replay.addons(ids),
        }
    }
    replay.unresolved
}

struct Replay<'w, 'h> {
    w: &'w mut Wizard,
    handler: &'h mut dyn FnMut(Effect) -> Option<Event>,
    unresolved: Vec<Unresolved>,
}

impl Replay<'_, '_> {
    fn set(&mut self, field: Field, value: Value) {
        let effects = self.w.handle(Event::Set(field, value));
        settle(self.w, effects, self.handler);
    }
    /// Types `key` into the list of `field` as the operator would, takes what `pick` finds
    /// among the store's matches, and clears the list's filter again.
    fn find_in_list(&mut self, field: Field, key: &str, pick: impl Fn(&Wizard) -> Option<i64>) -> Option<i64> {
        let effects = self.w.handle(Event::FindInList(field, key.to_string()));
        settle(self.w, effects, self.handler);
        let found = pick(self.w);
        let effects = self.w.handle(Event::FindInList(field, String::new()));
        settle(self.w, effects, self.handler);
        found
    }
    fn refuse(&mut self, field: Field, value: &str, error: RuleError) {
        self.unresolved.push(Unresolved { field, value: value.to_string(), error });
    }

    /// A text value, read the way the field's spec says the file names it.
    fn text(&mut self, field: Field, text: &str) {
        let key = text.trim();
        match field.spec().in_file {
            InFile::Text | InFile::Secret | InFile::SimQuery => self.set(field, Value::Text(text.to_string())),
            InFile::Choice => self.set(field, Value::Choice(Some(key.to_string()))),
            InFile::CustomerNumber => {
                // The store finds the customer by its number, as the operator's search does.
                let effects = self.w.handle(Event::FindCustomers(key.to_string()));
                settle(self.w, effects, self.handler);
                match self.w.customers().iter().find(|c| c.number.eq_ignore_ascii_case(key)).map(|c| c.id) {
                    Some(id) => self.set(field, Value::Id(Some(id))),
                    None => self.refuse(field, text, RuleError::UnknownChoice),
                }
            }
            InFile::UserName => {
                // The store finds the user by name, as the operator's typing into the list does.
                let found = self.find_in_list(field, key, |w| {
                    w.context().users.iter().find(|u| u.username.eq_ignore_ascii_case(key)).map(|u| u.id)
                });
                match found {
                    Some(id) => self.set(field, Value::Id(Some(id))),
                    None => self.refuse(field, text, RuleError::UnknownChoice),
                }
            }
            InFile::PoolNumber => self.pool_number(field, text),
            InFile::PortWhen => match key {
                PORT_IMMEDIATELY => self.set(field, Value::PortWhen(PortWhen::Immediately)),
                PORT_ON_DATE => self.set(field, Value::PortWhen(PortWhen::OnDate)),
                other => self.refuse(field, other, RuleError::UnknownChoice),
            },
            // The file's reader gives these their own value types.
            InFile::Flag | InFile::Addons => self.refuse(field, text, RuleError::UnknownChoice),
        }
    }

    /// Ticks add-ons with Space, as the operator does, so the wizard refuses a tick whose
    /// requirement is missing. Ticks are repeated until nothing changes, so the file's order
    /// doesn't matter: a requirement listed after the add-on needing it is ticked first.
    fn addons(&mut self, ids: &[String]) {
        let mut wanted: Vec<(usize, &String)> = Vec::new();
        for id in ids {
            match self.w.catalog().addons.iter().position(|a| &a.id == id) {
                Some(i) => wanted.push((i, id)),
                None => self.refuse(Field::Addon(usize::MAX), id, RuleError::UnknownChoice),
            }
        }
        loop {
            let before = self.w.answers().addons.len();
            for (i, _) in &wanted {
                if !self.w.checked(Field::Addon(*i)) {
                    let effects = self.w.handle(Event::Toggle(Field::Addon(*i)));
                    settle(self.w, effects, self.handler);
                }
            }
            if self.w.answers().addons.len() == before {
                break;
            }
        }
        // A tick the wizard refused is told once and not kept: the file is told here.
        for (i, id) in wanted {
            if let Some(error) = self.w.addon_refusal(i).filter(|_| !self.w.checked(Field::Addon(i))) {
                self.refuse(Field::Addon(i), id, error);
            }
        }
    }

    /// A number of the customer's pool, written in any German notation.
    fn pool_number(&mut self, field: Field, number: &str) {
        let e164 = match phone::to_e164(number) {
            Ok(e164) => e164,
            Err(e) => return self.refuse(field, number, e),
        };
        let found =
            self.find_in_list(field, &e164, |w| w.context().free_numbers.iter().find(|n| n.e164 == e164).map(|n| n.id));
        match found {
            Some(id) => self.set(field, Value::Id(Some(id))),
            None => self.refuse(field, number, RuleError::NumberNotFree),
        }
    }
}

impl Wizard {
    /// The answers so far as an answers file: every shown field that has a value, database
    /// choices by their natural keys, the ticked add-ons. The PIN is left out: it must never
    /// land in a file.
    pub fn answers_file(&self) -> AnswersFile {
        let a = &self.answers;
        let mut file = AnswersFile::default();
        let text = |s: &str| (!s.is_empty()).then(|| FileValue::Text(s.to_string()));
        for field in Field::EACH {
            let spec = field.spec();
            if let Field::Addon(_) = field {
                if !a.addons.is_empty() {
                    file.set(field, FileValue::List(a.addons.iter().cloned().collect()));
                }
                continue;
            }
            if !crate::domain::validate::visible_fields(spec.step, a, &self.catalog).contains(&field) {
                continue;
            }
            let value = match spec.in_file {
                InFile::Text => text(self.text(field)),
                InFile::Secret | InFile::Addons => None,
                InFile::Choice => match self.chosen(field) {
                    Some(OptValue::Choice(id)) => Some(FileValue::Text(id)),
                    _ => None,
                },
                InFile::Flag => Some(FileValue::Flag(self.checked(field))),
                InFile::CustomerNumber => self.customer().map(|c| FileValue::Text(c.number.clone())),
                InFile::UserName => {
                    a.existing_user.and_then(|id| self.context.user(id)).map(|u| FileValue::Text(u.username.clone()))
                }
                InFile::PoolNumber => {
                    a.number.and_then(|id| self.context.number(id)).map(|n| FileValue::Text(n.e164.clone()))
                }
                // A picked SIM among several matches is written as its full ICCID, so
                // replaying finds that one SIM and not the ambiguous last four.
                InFile::SimQuery => crate::domain::validate::picked_sim(a, &self.facts())
                    .map(|s| FileValue::Text(s.iccid.clone()))
                    .or_else(|| text(&a.sim_query)),
                InFile::PortWhen => Some(FileValue::Text(
                    match a.port_when {
                        PortWhen::Immediately => PORT_IMMEDIATELY,
                        PortWhen::OnDate => PORT_ON_DATE,
                    }
                    .to_string(),
                )),
            };
            if let Some(value) = value {
                file.set(field, value);
            }
        }
        file
    }

    /// Every refused answer, in step order (the wizard's rules and the store's refusals).
    pub fn all_errors(&self) -> Vec<crate::domain::validate::FieldError> {
        crate::domain::Step::ALL.iter().flat_map(|s| self.step_errors(*s)).collect()
    }
}
