//! The ordering flow as a pure state machine.
//!
//! [`Wizard::handle`] takes an [`Event`] (a key's meaning, or data the driver fetched) and
//! returns [`Effect`]s for the driver to carry out (load a customer, look up SIMs, place the
//! order). It performs no I/O, so the terminal, an answers file and the tests drive the same
//! code. Like atuin's `fsm`: events in, effects out.

mod draft;
mod event;
mod invalidate;
mod menu;
mod navigate;
mod options;
pub mod replay;
mod summary;
#[cfg(test)]
mod tests;

pub use event::{Effect, Event, Notice, Refusal, SaveFailure, Value};
pub use menu::{MenuEffect, MenuEvent};
pub use options::{FieldKind, Label, Opt, OptValue, customer_label, customer_match_text};
pub use summary::NumberShown;

use crate::domain::answers::{Answers, Field, Step};
use crate::domain::catalog::Catalog;
use crate::domain::field::List;
use crate::domain::lookup::{CustomerCursor, CustomerPage};
use crate::domain::model::{ContextQuery, Customer, CustomerContext, LIST_MAX, LIST_PAGE, ListQuery, Sim};
use crate::domain::rules::{RuleError, date};
use crate::domain::validate::{self, Facts, FieldError};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// How many customers one search asks the store for: more than a list shows at once, so
/// a scroll rarely waits, and few enough to cost nothing (the store's search takes well
/// under a millisecond for them at a million customers).
pub const CUSTOMER_PAGE: usize = 50;

/// The customers the store found for the latest search: the list never holds more than the
/// screenfuls the operator asked for, whatever the number of customers.
#[derive(Debug, Clone, Default)]
struct Found {
    /// The number of the latest search: an answer to an older one is dropped.
    generation: u64,
    /// What the latest search looked for.
    query: String,
    /// The rows found so far, best first.
    rows: Vec<Customer>,
    /// Where the next screenful starts, while more match and none was asked for.
    next: Option<CustomerCursor>,
}

/// The wizard's whole state.
#[derive(Debug, Clone)]
pub struct Wizard {
    catalog: Arc<Catalog>,
    /// The customer list as last found by the store.
    found: Found,
    /// The chosen customer, as it was found or loaded: its name and area code.
    chosen_customer: Option<Customer>,
    today: NaiveDate,
    step: Step,
    focus: Option<Field>,
    answers: Answers,
    /// What the store last told about the chosen customer: a screenful of each list, and
    /// the facts of the answers asked about.
    context: CustomerContext,
    /// What the users' and the free numbers' lists were asked for (typed, scrolled to).
    user_list: ListQuery,
    number_list: ListQuery,
    /// The last question about the customer: a change of the answers it depends on asks
    /// again.
    asked: Option<ContextQuery>,
    /// Free SIMs matching `answers.sim_query`.
    sim_matches: Vec<Sim>,
    /// Steps on which "next" was refused: all their errors are shown.
    show_errors: BTreeSet<Step>,
    /// Fields the operator edited: their errors are shown.
    touched: BTreeSet<Field>,
    /// Steps the operator has been on.
    visited: BTreeSet<Step>,
    /// What an earlier change cleared, shown until the step changes.
    notices: Vec<Notice>,
    /// Errors the store reported for a field when placing, until the field changes.
    refusals: BTreeMap<Field, RuleError>,
    /// Why the operator's last action was refused (an add-on that can't be ticked): shown
    /// next to the field until his next action, and never an error of the page.
    flash: Option<(Field, RuleError)>,
    /// Set when a section was opened from *Bestätigen*: "next" returns there.
    return_to_confirm: bool,
    /// The order is being placed: further input waits.
    placing: bool,
    /// The id of this order's saved draft, once the driver saved one.
    draft_id: Option<crate::domain::DraftId>,
    /// The draft as last handed out for saving: nothing is saved again while it is equal.
    saved: Option<crate::domain::Draft>,
}

impl Wizard {
    /// A new wizard. `known` are customers the caller has at hand (a screenful found, the
    /// open one); `voice` is the product chosen in the menu, `customer` one that is open.
    pub fn new(
        catalog: Arc<Catalog>,
        known: &[Customer],
        today: NaiveDate,
        voice: Option<&str>,
        customer: Option<i64>,
    ) -> (Self, Vec<Effect>) {
        let voice = voice.filter(|v| catalog.voice(v).is_some());
        let answers = Answers {
            portfolio: catalog.portfolios.first().map(|p| p.id.clone()),
            start_date: date::german(today),
            term: catalog.default_term().map(|t| t.id.clone()),
            voice: voice.map(str::to_string),
            data: voice.and_then(|v| catalog.default_data(v)).map(|p| p.id.clone()),
            sms: voice.and_then(|v| catalog.default_sms(v)).map(|p| p.id.clone()),
            language: catalog.languages.first().map(|l| l.id.clone()),
            sim_option: catalog.sim_options.first().map(|s| s.id.clone()),
            number_type: catalog.number_types.first().map(|n| n.id.clone()),
            auto_invoice: true,
            ..Answers::default()
        };
        let mut w = Wizard {
            catalog,
            found: Found { rows: known.to_vec(), ..Found::default() },
            chosen_customer: None,
            today,
            step: Step::Customer,
            focus: None,
            answers,
            context: CustomerContext::default(),
            user_list: ListQuery::default(),
            number_list: ListQuery::default(),
            asked: None,
            sim_matches: Vec::new(),
            show_errors: BTreeSet::new(),
            touched: BTreeSet::new(),
            visited: BTreeSet::from([Step::Customer]),
            notices: Vec::new(),
            refusals: BTreeMap::new(),
            flash: None,
            return_to_confirm: false,
            placing: false,
            draft_id: None,
            saved: None,
        };
        let mut effects = Vec::new();
        // The caller checked the customer exists; the list itself may still be loading.
        if let Some(id) = customer {
            effects.extend(w.handle(Event::Set(Field::Customer, Value::Id(Some(id)))));
            w.touched.clear();
        }
        w.focus = w.landing_focus();
        // Nothing worth saving yet: a draft is written once the operator changes something.
        w.saved = Some(w.draft());
        (w, effects)
    }

    /// The catalog in use.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
    /// The customers the latest search found, best first (a screenful or a few).
    pub fn customers(&self) -> &[Customer] {
        &self.found.rows
    }

    /// Whether more customers match than were found so far ([`Event::MoreCustomers`]).
    pub fn more_customers(&self) -> bool {
        self.more_options(Field::Customer)
    }
    /// The current step.
    pub fn step(&self) -> Step {
        self.step
    }
    /// The focused field, if the step has any.
    pub fn focus(&self) -> Option<Field> {
        self.focus
    }
    /// The answers so far.
    pub fn answers(&self) -> &Answers {
        &self.answers
    }
    /// The chosen customer, if any.
    pub fn customer(&self) -> Option<&Customer> {
        self.chosen_customer.as_ref().filter(|c| Some(c.id) == self.answers.customer)
    }
    /// Users, extensions and free numbers of the chosen customer.
    pub fn context(&self) -> &CustomerContext {
        &self.context
    }
    /// Free SIMs matching the SIM query.
    pub fn sim_matches(&self) -> &[Sim] {
        &self.sim_matches
    }
    /// Today's date, as given.
    pub fn today(&self) -> NaiveDate {
        self.today
    }
    /// What earlier changes cleared.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }
    /// Whether the order is being placed.
    pub fn is_placing(&self) -> bool {
        self.placing
    }

    /// The facts the rules need.
    pub fn facts(&self) -> Facts<'_> {
        Facts {
            catalog: &self.catalog,
            today: self.today,
            customer: self.customer(),
            context: &self.context,
            sim_matches: &self.sim_matches,
        }
    }

    /// The fields the current step shows.
    pub fn fields(&self) -> Vec<Field> {
        validate::visible_fields(self.step, &self.answers, &self.catalog)
    }

    /// The error to show next to a field, if any: after an edit, after a refused "next",
    /// or when the store refused the order because of it.
    pub fn shown_error(&self, field: Field) -> Option<RuleError> {
        if let Some((_, e)) = self.flash.as_ref().filter(|(f, _)| *f == field) {
            return Some(e.clone());
        }
        if let Some(e) = self.refusals.get(&field) {
            return Some(e.clone());
        }
        if !self.touched.contains(&field) && !self.show_errors.contains(&field.step()) {
            return None;
        }
        validate::check_field(field, &self.answers, &self.facts()).err()
    }

    /// Whether a step is complete: visited and every answer on it valid.
    pub fn is_complete(&self, step: Step) -> bool {
        self.visited.contains(&step) && self.step_errors(step).is_empty()
    }

    /// The refused answers of a step.
    pub fn step_errors(&self, step: Step) -> Vec<FieldError> {
        let mut errors = validate::step_errors(step, &self.answers, &self.facts());
        errors.extend(self.refusals.iter().filter(|(f, _)| f.step() == step).map(|(f, e)| (*f, e.clone())));
        errors
    }

    /// The derived fields the operator typed himself (they no longer follow their source).
    pub fn typed(&self) -> &BTreeSet<Field> {
        &self.answers.typed
    }

    /// The derived defaults for the current state.
    fn defaults(&self) -> invalidate::Defaults {
        let chosen = self.chosen_customer.as_ref().filter(|c| Some(c.id) == self.answers.customer);
        let known = chosen.map(std::slice::from_ref).unwrap_or_default();
        invalidate::defaults(&self.answers, &self.context, known)
    }

    /// Moves the untyped derived fields along, after anything changed.
    fn follow_defaults(&mut self, before: &invalidate::Defaults) {
        let now = self.defaults();
        invalidate::follow_defaults(&mut self.answers, before, &now);
    }

    /// Handles one event and returns what the driver must do. Opening another step reads
    /// its lists fresh and saves the draft. After every event, each derived field the
    /// operator has not typed follows its source.
    pub fn handle(&mut self, event: Event) -> Vec<Effect> {
        let before = self.step;
        // A failure is never answered by asking again at once (a database that is gone would
        // fail at once, again and again): the next event asks.
        let failed = matches!(event, Event::Refused(_));
        if event.is_operators() {
            // A refused action is told until the next one, never kept.
            self.flash = None;
        }
        let defaults = self.defaults();
        let mut effects = self.dispatch(event);
        self.remember_customer();
        self.follow_defaults(&defaults);
        if self.step != before {
            effects.extend(self.refresh_effects());
            effects.extend(self.save_draft());
        }
        // The store is asked again whenever what the rules or the lists need of it changed
        // (a user name typed, an extension, a list's filter), once per change.
        if !failed
            && !effects.iter().any(|e| matches!(e, Effect::LoadCustomer(_)))
            && self.context_query() != self.asked
        {
            effects.extend(self.load_context());
        }
        effects
    }

    /// What the store is to be asked about the chosen customer now, if one is chosen.
    fn context_query(&self) -> Option<ContextQuery> {
        let a = &self.answers;
        Some(ContextQuery {
            customer: a.customer?,
            users: self.user_list.clone(),
            numbers: self.number_list.clone(),
            user: a.existing_user,
            number: a.number,
            username: if a.new_user { a.username.clone() } else { String::new() },
            extension: a.extension.trim().to_string(),
        })
    }

    /// Asks the store about the chosen customer (nothing without one).
    pub(super) fn load_context(&mut self) -> Vec<Effect> {
        self.asked = self.context_query();
        self.asked.clone().map(Effect::LoadCustomer).into_iter().collect()
    }

    /// The list of users or free numbers a field shows, and what it was asked for.
    fn list_query(&mut self, field: Field) -> Option<&mut ListQuery> {
        match field.spec().list {
            Some(List::Users) => Some(&mut self.user_list),
            Some(List::Numbers) => Some(&mut self.number_list),
            _ => None,
        }
    }

    /// A value was chosen for a searched list of the customer's: what was typed into it is
    /// done with, and the list shows its start again (the chosen row is told on its own).
    fn list_done(&mut self, field: Field) {
        if let Some(list) = self.list_query(field) {
            *list = ListQuery::default();
        }
    }

    /// Whether more options match a searched list (customers, users, free numbers) than
    /// were found so far.
    pub fn more_options(&self, field: Field) -> bool {
        match field.spec().list {
            Some(List::Customers) => self.found.next.is_some(),
            Some(List::Users) => self.context.more_users,
            Some(List::Numbers) => self.context.more_numbers,
            _ => false,
        }
    }

    /// What was typed into a searched list of the customer's (users, free numbers).
    pub fn list_filter(&self, field: Field) -> &str {
        match field.spec().list {
            Some(List::Users) => &self.user_list.text,
            Some(List::Numbers) => &self.number_list.text,
            _ => "",
        }
    }

    fn dispatch(&mut self, event: Event) -> Vec<Effect> {
        if self.placing && !matches!(event, Event::Placed(_) | Event::Refused(_)) {
            return Vec::new();
        }
        match event {
            Event::FocusNext => self.move_focus(1),
            Event::FocusPrev => self.move_focus(-1),
            Event::Focus(field) => self.set_focus(field),
            Event::Set(field, value) => {
                self.list_done(field);
                return self.set(field, value);
            }
            Event::Pick(field, value) => {
                self.list_done(field);
                return self.pick(field, value);
            }
            Event::Toggle(field) => return self.toggle(field),
            Event::Enter => return self.enter(),
            Event::Next => return self.next(),
            Event::Back => self.back(),
            Event::BackField => self.back_field(),
            Event::Edit(step) => self.edit_section(step),
            Event::PasteRefused(field, error) => self.flash = Some((field, error)),
            Event::CustomerLoaded(id, context) => self.customer_loaded(id, *context),
            Event::FindCustomers(query) => return self.find_customers(query),
            Event::MoreCustomers => return self.next_customers(),
            Event::FindInList(field, text) => {
                if let Some(list) = self.list_query(field) {
                    *list = ListQuery { text, limit: LIST_PAGE };
                }
            }
            Event::MoreInList(field) => {
                let more = self.more_options(field);
                if let Some(list) = self.list_query(field).filter(|_| more) {
                    list.limit = list.limit.saturating_add(LIST_PAGE).min(LIST_MAX);
                }
            }
            Event::CustomersFound { generation, page, more } => self.customers_found(generation, page, more),
            Event::SimsFound(query, sims) => self.sims_found(&query, sims),
            Event::Placed(_) => return self.placed(),
            Event::Refused(refusal) => self.refused(refusal),
            // Saving is allowed with errors: a half-done order is worth keeping.
            Event::SaveAnswers => return vec![Effect::SaveAnswers(Box::new(self.answers_file()))],
            Event::AnswersSaved(_) => {}
            Event::DraftSaved(id) => self.draft_id = Some(id),
            // Saved again after the next change.
            Event::DraftNotSaved(_) => self.saved = None,
        }
        Vec::new()
    }
}

impl Wizard {
    /// A new search of the customers: it supersedes every earlier one.
    fn find_customers(&mut self, query: String) -> Vec<Effect> {
        self.found.generation += 1;
        self.found.next = None;
        self.found.query = query.clone();
        vec![Effect::SearchCustomers { query, after: None, generation: self.found.generation }]
    }

    /// The next screenful of the latest search, once: the cursor goes with the request.
    fn next_customers(&mut self) -> Vec<Effect> {
        if self.found.rows.len() >= LIST_MAX {
            return Vec::new(); // Enough to scroll through: typing narrows the rest.
        }
        let Some(after) = self.found.next.take() else { return Vec::new() };
        // The query is the cursor's search's: the driver is told it again.
        let query = self.found.query.clone();
        vec![Effect::SearchCustomers { query, after: Some(after), generation: self.found.generation }]
    }

    /// The store's answer to a search: only the latest search's is shown.
    fn customers_found(&mut self, generation: u64, page: CustomerPage, more: bool) {
        if generation != self.found.generation {
            return;
        }
        if more {
            self.found.rows.extend(page.rows);
        } else {
            self.found.rows = page.rows;
        }
        self.found.next = page.next;
    }

    /// Keeps the chosen customer's row once it is chosen from the rows found (a customer
    /// chosen by id alone arrives with its context, [`Event::CustomerLoaded`]).
    pub(super) fn remember_customer(&mut self) {
        let Some(id) = self.answers.customer else { return };
        if self.chosen_customer.as_ref().is_some_and(|c| c.id == id) {
            return;
        }
        if let Some(c) = self.found.rows.iter().find(|c| c.id == id) {
            self.chosen_customer = Some(c.clone());
        }
    }
}
