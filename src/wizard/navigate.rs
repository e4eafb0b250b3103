//! Moving between fields and steps, and taking in values and fetched data.

use super::{Effect, Notice, Refusal, Value, Wizard, invalidate};
use crate::domain::answers::{Field, Step};
use crate::domain::catalog::NumberKind;
use crate::domain::model::{CustomerContext, CustomerId, ListQuery, Sim};
use crate::domain::order;
use crate::domain::rules::RuleError;
use crate::domain::rules::iccid::{self, SimQuery};
use crate::domain::validate;

impl Wizard {
    /// The places the focus can be on this page, in order. On *Bestätigen* the
    /// *Bestellen* button comes last, as `None`.
    fn focus_stops(&self) -> Vec<Option<Field>> {
        let mut stops: Vec<Option<Field>> = self.fields().into_iter().map(Some).collect();
        if self.step == Step::Confirm {
            stops.push(None);
        }
        stops
    }

    /// Moves the focus by `delta` places, wrapping around the page.
    pub(super) fn move_focus(&mut self, delta: isize) {
        let stops = self.focus_stops();
        if stops.is_empty() {
            self.focus = None;
            return;
        }
        let at = stops.iter().position(|x| *x == self.focus);
        let len = stops.len() as isize;
        let next = match at {
            Some(i) => (i as isize + delta).rem_euclid(len),
            None => 0,
        };
        self.focus = stops[next as usize];
    }

    pub(super) fn set_focus(&mut self, field: Field) {
        if field.step() == self.step && self.fields().contains(&field) {
            self.focus = Some(field);
        }
    }

    /// Whether *Bestellen* has the focus: only there does Enter place the order.
    pub fn order_button_focused(&self) -> bool {
        self.step == Step::Confirm && self.focus.is_none()
    }

    /// An option taken from a list: set, then on to the next field unless this is the
    /// page's last one.
    pub(super) fn pick(&mut self, field: Field, value: Value) -> Vec<Effect> {
        let effects = self.set(field, value);
        if self.fields().last() != Some(&field) {
            self.move_focus(1);
        }
        effects
    }

    /// Whether Enter on the SIM search opens the list of matches to pick from: several free
    /// SIMs match what was typed and none is picked yet.
    pub fn offers_sim_list(&self) -> bool {
        self.sim_matches().len() > 1 && self.answers.sim.is_none()
    }

    /// Whether a field still needs an answer: empty or refused. Enter opens such a
    /// dropdown, and a page opens with the focus on the first such field.
    pub fn needs_answer(&self, field: Field) -> bool {
        self.refusals.contains_key(&field) || validate::check_field(field, &self.answers, &self.facts()).is_err()
    }

    /// Where the focus lands when a page opens: the first field that needs an answer,
    /// else the first field.
    pub(super) fn landing_focus(&self) -> Option<Field> {
        let fields = self.fields();
        fields.iter().copied().find(|f| self.needs_answer(*f)).or_else(|| fields.first().copied())
    }

    /// Enter outside a list: the next field, or the next step from the page's last field.
    /// On *Bestätigen* it places the order only from the *Bestellen* button; elsewhere on
    /// that page it moves towards the button.
    pub(super) fn enter(&mut self) -> Vec<Effect> {
        if self.step == Step::Confirm {
            if self.order_button_focused() {
                return self.next();
            }
            self.move_focus(1);
            return Vec::new();
        }
        let last = self.fields().last().copied();
        if self.focus.is_none() || self.focus == last {
            self.next()
        } else {
            self.move_focus(1);
            Vec::new()
        }
    }

    /// Sets a field and clears what the change invalidates.
    pub(super) fn set(&mut self, field: Field, value: Value) -> Vec<Effect> {
        let before = self.answers.clone();
        if !invalidate::assign(&mut self.answers, &self.catalog, field, value) {
            return Vec::new();
        }
        self.touched.insert(field);
        self.refusals.remove(&field);
        if Field::DERIVED.contains(&field) {
            // Typed over: it no longer follows its source (see `invalidate::follow_defaults`).
            self.answers.typed.insert(field);
        }
        let cleared = invalidate::after_change(field, &mut self.answers, &self.catalog);
        self.notices.retain(|n| !cleared.contains(&n.cleared));
        self.notices.extend(cleared.into_iter().map(|c| Notice::cleared(c, field)));
        self.release_typed(field, &before);
        if field == Field::Voice {
            self.preselect_packages();
        }
        self.follow_up(field, &before)
    }

    /// A derived field the operator typed was typed for one choice: a *Name* for one person,
    /// a *Nebenstellennummer* within one customer's dial plan (and an existing user who owns
    /// an extension can have no other). Once that choice changes it no longer applies and
    /// follows its source again, with a notice that says whom it was typed for. Otherwise one
    /// person's name would be written on another's extension, or an extension that no longer
    /// fits would be kept and refused again and again. A typed *Vorwahl* stays: any area code
    /// fits any customer, so nothing is refused.
    fn release_typed(&mut self, field: Field, before: &crate::domain::Answers) {
        let a = &self.answers;
        let person_changed = a.existing_user != before.existing_user || a.new_user != before.new_user;
        let customer_changed = a.customer != before.customer;
        if person_changed {
            let person = self.person(before);
            self.release(Field::DisplayName, field, before, person);
        }
        let chosen = self.chosen_customer.as_ref().filter(|c| Some(c.id) == self.answers.customer);
        let known = chosen.map(std::slice::from_ref).unwrap_or_default();
        let own_extension = invalidate::derived_default(Field::Extension, &self.answers, &self.context, known)
            .is_some_and(|own| !own.is_empty());
        if customer_changed {
            // The customer typed for: still the chosen one until the new one's rows arrive,
            // or among the search's rows.
            let customer = before
                .customer
                .and_then(|id| self.chosen_customer.iter().chain(self.customers()).find(|c| c.id == id))
                .map(|c| format!("{} ({})", c.name, c.number))
                .unwrap_or_default();
            self.release(Field::Extension, field, before, customer);
        } else if person_changed && own_extension {
            let person = self.person(before);
            self.release(Field::Extension, field, before, person);
        }
    }

    /// The person chosen in `before`: the new user's name, or the existing user's.
    fn person(&self, before: &crate::domain::Answers) -> String {
        if before.new_user {
            format!("{} {}", before.first_name.trim(), before.last_name.trim()).trim().to_string()
        } else {
            before.existing_user.and_then(|id| self.context.user(id)).map(|u| u.full_name()).unwrap_or_default()
        }
    }

    /// Lets a typed derived field follow its source again (emptied now, refilled by
    /// `invalidate::follow_defaults` once the source is known) and tells whom it was typed for.
    fn release(&mut self, derived: Field, because: Field, before: &crate::domain::Answers, typed_for: String) {
        if !self.answers.typed.remove(&derived) {
            return;
        }
        let typed = before.text_of(derived).unwrap_or_default();
        if let Some(slot) = self.answers.text_mut(derived) {
            slot.clear();
        }
        if typed.trim().is_empty() {
            return; // Emptied: nothing of his is lost.
        }
        self.notices.retain(|n| n.cleared != derived);
        self.notices.push(Notice { cleared: derived, because, typed_for: Some(typed_for) });
    }

    /// A voice product without a data or SMS package gets the catalog's default for it.
    fn preselect_packages(&mut self) {
        let Some(voice) = self.answers.voice.clone() else { return };
        if self.answers.data.is_none() {
            self.answers.data = self.catalog.default_data(&voice).map(|p| p.id.clone());
        }
        if self.answers.sms.is_none() {
            self.answers.sms = self.catalog.default_sms(&voice).map(|p| p.id.clone());
        }
    }

    /// Effects a change needs: load the new customer, look up SIMs for the new query.
    fn follow_up(&mut self, field: Field, before: &crate::domain::Answers) -> Vec<Effect> {
        match field {
            Field::Customer if self.answers.customer != before.customer => {
                self.context = CustomerContext::default();
                self.user_list = ListQuery::default();
                self.number_list = ListQuery::default();
                self.load_context()
            }
            Field::Sim if self.answers.sim_query != before.sim_query => {
                self.sim_matches.clear();
                self.answers.sim = None;
                self.find_sims().into_iter().collect()
            }
            _ => Vec::new(),
        }
    }

    pub(super) fn toggle(&mut self, field: Field) -> Vec<Effect> {
        if field.kind() != super::FieldKind::Checkbox {
            return Vec::new();
        }
        let now = !self.checked(field);
        if let (Field::Addon(i), true) = (field, now)
            && let Some(err) = self.addon_refusal(i)
        {
            // Said next to the add-on until the next key, and the box stays empty: a refused
            // tick is not an error of the page, which stays as valid as it was.
            self.flash = Some((field, err));
            return Vec::new();
        }
        self.set(field, Value::Bool(now))
    }

    /// Why an add-on can't be ticked now: not with the chosen data package, a requirement
    /// missing or a conflict ticked.
    pub(super) fn addon_refusal(&self, i: usize) -> Option<RuleError> {
        let addon = self.catalog.addons.get(i)?;
        validate::addon_fits(addon, &self.answers, &self.catalog).err()
    }

    /// *Nächster Schritt*: forward if the page is valid, otherwise show why not.
    /// On *Bestätigen* it places the order.
    pub(super) fn next(&mut self) -> Vec<Effect> {
        let errors = self.step_errors(self.step);
        if let Some((field, _)) = errors.first() {
            self.show_errors.insert(self.step);
            self.set_focus(*field);
            return Vec::new();
        }
        if self.step == Step::Confirm {
            return self.place();
        }
        let target = if self.return_to_confirm {
            // Back to the summary, unless the edit made a later page invalid.
            self.first_invalid_step().unwrap_or(Step::Confirm)
        } else {
            self.step.next().unwrap_or(Step::Confirm)
        };
        self.go_to(target);
        Vec::new()
    }

    /// Builds the order; on an invalid earlier answer, goes to that step instead.
    fn place(&mut self) -> Vec<Effect> {
        match order::build(&self.answers, &self.facts()) {
            Ok(order) => {
                self.placing = true;
                vec![Effect::PlaceOrder(Box::new(order))]
            }
            Err(errors) => {
                if let Some((field, _)) = errors.first() {
                    self.show_errors.insert(field.step());
                    self.go_to(field.step());
                    self.set_focus(*field);
                }
                Vec::new()
            }
        }
    }

    /// The first step, before *Bestätigen*, with a refused answer.
    fn first_invalid_step(&self) -> Option<Step> {
        Step::ALL.into_iter().filter(|s| *s != Step::Confirm).find(|s| !self.step_errors(*s).is_empty())
    }

    /// Esc: one step back, whatever the page holds.
    pub(super) fn back(&mut self) {
        if let Some(prev) = self.step.prev() {
            self.return_to_confirm = false;
            self.go_to(prev);
        }
    }

    /// One field back, across steps: the previous place on the page, else the last field of
    /// the step before (on *Bestätigen* the *Bestellen* button counts as a place). On the
    /// first field of the first step nothing happens.
    pub(super) fn back_field(&mut self) {
        let stops = self.focus_stops();
        let at = stops.iter().position(|x| *x == self.focus);
        if let Some(i) = at.filter(|i| *i > 0) {
            self.focus = stops[i - 1];
            return;
        }
        if let Some(prev) = self.step.prev() {
            self.return_to_confirm = false;
            self.go_to(prev);
            self.focus = self.fields().last().copied();
        }
    }

    /// Opens a section again from *Bestätigen*; "next" then comes back.
    pub(super) fn edit_section(&mut self, step: Step) {
        if self.step == Step::Confirm && step != Step::Confirm {
            self.return_to_confirm = true;
            self.go_to(step);
        }
    }

    /// Opens the page of `field` with the focus on it and its errors shown, every earlier
    /// page counting as visited; `None` opens *Bestätigen*. For `order --interactive`,
    /// which resumes a replayed answers file at its first missing or invalid answer.
    pub fn resume_at(&mut self, field: Option<Field>) {
        let step = field.map_or(Step::Confirm, Field::step);
        self.visited.extend(Step::ALL.into_iter().filter(|s| *s <= step));
        self.show_errors.insert(step);
        self.go_to(step);
        if let Some(field) = field {
            self.set_focus(field);
        }
    }

    fn go_to(&mut self, step: Step) {
        let leaving = self.step;
        self.step = step;
        self.visited.insert(step);
        // A *Name* that follows the user again is told on its own page too: kept until that
        // page is left.
        self.notices.retain(|n| n.typed_for.is_some() && leaving != n.cleared.step() && step <= n.cleared.step());
        if step == Step::Confirm {
            self.return_to_confirm = false;
        }
        self.preselect_number();
        self.focus = self.landing_focus();
    }

    /// Data that may have changed since the step was last open is read fresh: another
    /// operator may have taken a SIM, a number, an extension or a user meanwhile.
    pub(super) fn refresh_effects(&mut self) -> Vec<Effect> {
        match self.step {
            Step::Sim => self.find_sims().into_iter().collect(),
            Step::User | Step::Number | Step::Fmc => self.load_context(),
            _ => Vec::new(),
        }
    }

    /// The database failed to answer (a read or a write): what the customer's lists showed
    /// may be gone with it, so they show nothing to pick until the store answers again,
    /// which the next change asks. The facts of the answers chosen stay.
    fn forget_lists(&mut self) {
        let c = &mut self.context;
        c.users.clear();
        c.free_numbers.clear();
        c.extensions.clear();
        (c.more_users, c.more_numbers, c.more_extensions) = (false, false, false);
        self.asked = None;
    }

    pub(super) fn customer_loaded(&mut self, id: CustomerId, context: CustomerContext) {
        if self.answers.customer != Some(id) {
            return; // An answer for a customer no longer chosen.
        }
        // The derived fields follow the loaded users in `handle`.
        if let Some(c) = context.customer.as_ref().filter(|c| c.id == id) {
            self.chosen_customer = Some(c.clone());
        }
        self.context = context;
        self.preselect_number();
    }

    /// On *Nummer*, a new number needs one of the customer's free ones: the first is as
    /// good as any, so it is preselected (the list offers the others). Only once the page is
    /// open, so that a number the operator never saw is neither chosen nor "cleared" by an
    /// earlier change, and an answers file without a number still says so.
    fn preselect_number(&mut self) {
        let new_number = validate::number_kind(&self.answers, &self.catalog) == Some(NumberKind::New);
        if self.step == Step::Number && new_number && self.answers.number.is_none() {
            self.answers.number = self.context.free_numbers.first().map(|n| n.id);
        }
    }

    /// The lookup of free SIMs for what was typed, when it is a query at all.
    pub(super) fn find_sims(&self) -> Option<Effect> {
        iccid::parse_query(&self.answers.sim_query).ok().map(Effect::FindSims)
    }

    pub(super) fn sims_found(&mut self, query: &SimQuery, sims: Vec<Sim>) {
        if iccid::parse_query(&self.answers.sim_query).ok().as_ref() != Some(query) {
            return; // A late answer for an older query.
        }
        let keep = self.answers.sim.filter(|id| sims.iter().any(|s| s.id == *id));
        self.answers.sim = keep.or_else(|| if sims.len() == 1 { sims.first().map(|s| s.id) } else { None });
        self.sim_matches = sims;
    }

    pub(super) fn refused(&mut self, refusal: Refusal) {
        self.placing = false;
        let (field, error) = match refusal {
            Refusal::Taken { field, by_order } => (field, RuleError::TakenByOrder(by_order)),
            Refusal::Rule { field, error } => (field, error),
            Refusal::Storage(_) | Refusal::Busy => {
                self.forget_lists();
                return;
            }
        };
        // Back to where the item was chosen; every other answer stays.
        self.refusals.insert(field, error);
        self.go_to(field.step());
        self.set_focus(field);
    }
}
