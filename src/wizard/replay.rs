//! Answers files in and out of the wizard.
//!
//! [`fill`] replays a file as the operator would type it: one [`Event::Set`] per field in
//! step order, each effect carried out by the caller's handler (the runner) before the next
//! field, so the customer's users and the SIM matches are loaded exactly as in the terminal.
//! Every rule is then the wizard's own. [`Wizard::answers_file`] is the way back.

use super::{Effect, Event, Value, Wizard};
use crate::domain::answers::{Field, PortWhen};
use crate::domain::answers_file::{AnswersFile, PORT_IMMEDIATELY, PORT_ON_DATE};
use crate::domain::rules::{RuleError, phone};
use std::collections::VecDeque;

/// A value in the file that names something the wizard can't choose: an unknown customer
/// number, user name, free number or add-on. The wizard's own errors come on top.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// Enters every answer of `file` into the wizard, in step order. Returns the values that
/// could not even be entered; everything else is for the wizard's rules to judge.
pub fn fill(w: &mut Wizard, file: &AnswersFile, handler: &mut dyn FnMut(Effect) -> Option<Event>) -> Vec<Unresolved> {
    let mut replay = Replay { w, handler, unresolved: Vec::new() };
    replay.customer_page(file);
    replay.connection_page(file);
    replay.addons(&file.addons);
    replay.user_page(file);
    replay.sim_and_number_pages(file);
    replay.fmc_and_confirm_pages(file);
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
    fn text(&mut self, field: Field, value: &Option<String>) {
        if let Some(v) = value {
            self.set(field, Value::Text(v.clone()));
        }
    }
    fn choice(&mut self, field: Field, value: &Option<String>) {
        if let Some(v) = value {
            self.set(field, Value::Choice(Some(v.trim().to_string())));
        }
    }
    fn flag(&mut self, field: Field, value: Option<bool>) {
        if let Some(v) = value {
            self.set(field, Value::Bool(v));
        }
    }
    fn refuse(&mut self, field: Field, value: &str, error: RuleError) {
        self.unresolved.push(Unresolved { field, value: value.to_string(), error });
    }

    fn customer_page(&mut self, f: &AnswersFile) {
        if let Some(number) = &f.customer {
            let id = self.w.customers().iter().find(|c| c.number.eq_ignore_ascii_case(number.trim())).map(|c| c.id);
            match id {
                Some(id) => self.set(Field::Customer, Value::Id(Some(id))),
                None => self.refuse(Field::Customer, number, RuleError::UnknownChoice),
            }
        }
        self.choice(Field::Portfolio, &f.portfolio);
        self.text(Field::Reference, &f.reference);
        self.text(Field::StartDate, &f.start_date);
        self.choice(Field::Term, &f.term);
    }

    fn connection_page(&mut self, f: &AnswersFile) {
        self.choice(Field::Voice, &f.voice);
        self.choice(Field::Data, &f.data);
        self.choice(Field::Sms, &f.sms);
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

    fn user_page(&mut self, f: &AnswersFile) {
        if let Some(name) = &f.user {
            let id = self.w.context().users.iter().find(|u| u.username.eq_ignore_ascii_case(name.trim())).map(|u| u.id);
            match id {
                Some(id) => self.set(Field::ExistingUser, Value::Id(Some(id))),
                None => self.refuse(Field::ExistingUser, name, RuleError::UnknownChoice),
            }
        }
        self.flag(Field::NewUser, f.new_user);
        self.text(Field::Username, &f.username);
        self.text(Field::FirstName, &f.first_name);
        self.text(Field::Prefix, &f.prefix);
        self.text(Field::LastName, &f.last_name);
        self.text(Field::Email, &f.email);
        self.choice(Field::Language, &f.language);
    }

    fn sim_and_number_pages(&mut self, f: &AnswersFile) {
        self.choice(Field::SimOption, &f.sim_option);
        self.text(Field::Sim, &f.sim);
        self.choice(Field::NumberType, &f.number_type);
        if let Some(number) = &f.number {
            self.pool_number(number);
        }
        self.text(Field::PortNumber, &f.port_number);
        self.choice(Field::Donor, &f.donor);
        match f.port_when.as_deref().map(str::trim) {
            None => {}
            Some(PORT_IMMEDIATELY) => self.set(Field::PortWhen, Value::PortWhen(PortWhen::Immediately)),
            Some(PORT_ON_DATE) => self.set(Field::PortWhen, Value::PortWhen(PortWhen::OnDate)),
            Some(other) => self.refuse(Field::PortWhen, other, RuleError::UnknownChoice),
        }
        self.text(Field::PortDate, &f.port_date);
    }

    /// A number of the customer's pool, written in any German notation.
    fn pool_number(&mut self, number: &str) {
        let e164 = match phone::to_e164(number) {
            Ok(e164) => e164,
            Err(e) => return self.refuse(Field::Number, number, e),
        };
        match self.w.context().free_numbers.iter().find(|n| n.e164 == e164).map(|n| n.id) {
            Some(id) => self.set(Field::Number, Value::Id(Some(id))),
            None => self.refuse(Field::Number, number, RuleError::NumberNotFree),
        }
    }

    fn fmc_and_confirm_pages(&mut self, f: &AnswersFile) {
        self.text(Field::Extension, &f.extension);
        self.text(Field::DisplayName, &f.display_name);
        self.text(Field::Pin, &f.pin);
        self.text(Field::AreaCode, &f.area_code);
        self.flag(Field::AutoInvoice, f.auto_invoice);
    }
}

impl Wizard {
    /// The answers so far as an answers file, database choices by their natural keys.
    /// The PIN is left out: it must never land in a file.
    pub fn answers_file(&self) -> AnswersFile {
        let a = &self.answers;
        let text = |s: &str| if s.is_empty() { None } else { Some(s.to_string()) };
        let user = a.existing_user.and_then(|id| self.context.users.iter().find(|u| u.id == id));
        let number = a.number.and_then(|id| self.context.free_numbers.iter().find(|n| n.id == id));
        // A picked SIM among several matches is written as its full ICCID, so replaying
        // finds that one SIM and not the ambiguous last four.
        let sim = crate::domain::validate::picked_sim(a, &self.facts()).map(|s| s.iccid.clone());
        let is_port =
            crate::domain::validate::number_kind(a, &self.catalog) == Some(crate::domain::catalog::NumberKind::Port);
        AnswersFile {
            customer: self.customer().map(|c| c.number.clone()),
            portfolio: a.portfolio.clone(),
            reference: text(&a.reference),
            start_date: text(&a.start_date),
            term: a.term.clone(),
            voice: a.voice.clone(),
            data: a.data.clone(),
            sms: a.sms.clone(),
            addons: a.addons.iter().cloned().collect(),
            user: if a.new_user { None } else { user.map(|u| u.username.clone()) },
            new_user: Some(a.new_user),
            username: if a.new_user { text(&a.username) } else { None },
            first_name: if a.new_user { text(&a.first_name) } else { None },
            prefix: if a.new_user { text(&a.prefix) } else { None },
            last_name: if a.new_user { text(&a.last_name) } else { None },
            email: if a.new_user { text(&a.email) } else { None },
            language: if a.new_user { a.language.clone() } else { None },
            sim_option: a.sim_option.clone(),
            sim: sim.or_else(|| text(&a.sim_query)),
            number_type: a.number_type.clone(),
            number: if is_port { None } else { number.map(|n| n.e164.clone()) },
            port_number: if is_port { text(&a.port_number) } else { None },
            donor: if is_port { a.donor.clone() } else { None },
            port_when: is_port.then(|| {
                match a.port_when {
                    PortWhen::Immediately => PORT_IMMEDIATELY,
                    PortWhen::OnDate => PORT_ON_DATE,
                }
                .to_string()
            }),
            port_date: if is_port && a.port_when == PortWhen::OnDate { text(&a.port_date) } else { None },
            extension: text(&a.extension),
            display_name: text(&a.display_name),
            pin: None,
            area_code: text(&a.area_code),
            auto_invoice: Some(a.auto_invoice),
        }
    }

    /// Every refused answer, in step order (the wizard's rules and the store's refusals).
    pub fn all_errors(&self) -> Vec<crate::domain::validate::FieldError> {
        crate::domain::Step::ALL.iter().flat_map(|s| self.step_errors(*s)).collect()
    }
}
