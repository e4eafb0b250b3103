//! One order in line mode: the wizard's fields asked one line at a time, in step order.
//!
//! The wizard decides everything (what is shown, what is valid, what a change clears, where
//! a refused *Nächster Schritt* or a refused order goes back to); this only asks the focused
//! field, turns the answer into the wizard's events and tells what came of it as lines.

use super::Session;
use super::input::{self, Said};
use super::prompt::{self, SHOWN};
use crate::domain::field::{List, Slot};
use crate::domain::order::PlacedOrder;
use crate::domain::rules::{RuleError, iccid};
use crate::domain::validate;
use crate::domain::{Field, Step};
use crate::i18n::fill;
use crate::summary;
use crate::tui::Interrupted;
use crate::wizard::{Effect, Event, FieldKind, Notice, Opt, OptValue, Refusal, SaveFailure, Value, Wizard};
use std::collections::VecDeque;

/// How an order ended.
pub enum Ended {
    /// *Bestellen*: the order as stored.
    Placed(PlacedOrder),
    /// `abbrechen`: the draft is kept.
    Quit,
}

/// What an answer left to do.
enum Next {
    /// Ask again (the same field, or wherever the wizard's focus is now).
    Ask,
    Ended(Ended),
}

/// An order being asked for.
pub struct Order<'s, 'a> {
    s: &'s mut Session<'a>,
    w: Wizard,
    /// The step whose heading was said last.
    heading: Option<Step>,
    /// The notices already said.
    told: Vec<Notice>,
    /// The page notes said last (SIM later, porting, PIN 0000).
    notes: Vec<&'static str>,
    /// The order, once placed.
    placed: Option<PlacedOrder>,
    /// The store's failure said since the last question, if any: a search it could not
    /// answer found nothing, and is not to be told as if it had (nor said twice).
    failed: Option<String>,
}

impl<'s, 'a> Order<'s, 'a> {
    /// Asks for the order the wizard holds, carrying out `effects` first.
    pub fn new(s: &'s mut Session<'a>, w: Wizard, effects: Vec<Effect>) -> anyhow::Result<Self> {
        let mut o = Order { s, w, heading: None, told: Vec::new(), notes: Vec::new(), placed: None, failed: None };
        o.settle(effects)?;
        // A draft never keeps the PIN: resumed past it on its page (at *Vorwahl*), the page
        // starts at the PIN, or its end would go back there and ask what follows again.
        let fields = o.w.fields();
        let pin = fields.iter().position(|f| *f == Field::Pin);
        let focus = o.w.focus().and_then(|f| fields.iter().position(|g| *g == f));
        if let (Some(pin), Some(focus)) = (pin, focus)
            && focus > pin
            && o.w.shown_error(Field::Pin).is_some()
        {
            o.send(Event::Focus(Field::Pin))?;
        }
        Ok(o)
    }

    /// Asks field after field until the order is placed or the operator quits.
    pub fn run(mut self) -> anyhow::Result<Ended> {
        loop {
            self.tell_news()?;
            let next = match (self.w.step(), self.w.focus()) {
                (Step::Addons, _) => self.addons()?,
                (Step::Confirm, None) => self.place()?,
                (_, Some(field)) => self.field(field)?,
                (_, None) => {
                    self.next()?;
                    Next::Ask
                }
            };
            if let Next::Ended(ended) = next {
                // Placed: its draft is gone, and none is saved again. Quit: saved already.
                return Ok(ended);
            }
            // A hang-up now loses nothing but the line being typed.
            let save = self.w.save_draft();
            self.settle(save.into_iter().collect())?;
        }
    }

    fn say(&mut self, line: &str) -> anyhow::Result<()> {
        Ok(self.s.say(line)?)
    }

    /// Sends one event and carries out what it asks for.
    fn send(&mut self, event: Event) -> anyhow::Result<()> {
        let effects = self.w.handle(event);
        self.settle(effects)
    }

    /// Carries out effects through the backend until none are left; the store's refusals
    /// and a draft that could not be saved are said as lines.
    fn settle(&mut self, effects: Vec<Effect>) -> anyhow::Result<()> {
        let t = self.s.lang.texts();
        let mut queue: VecDeque<Effect> = effects.into();
        while let Some(effect) = queue.pop_front() {
            // A lookup that fails wrote nothing: it is said as a read, not as "not saved".
            let read = matches!(effect, Effect::FindSims(_) | Effect::SearchCustomers { .. } | Effect::LoadCustomer(_));
            let Some(event) = self.s.backend.wizard(effect) else { continue };
            match &event {
                Event::Placed(placed) => self.placed = Some(placed.clone()),
                Event::Refused(Refusal::Storage(msg)) => {
                    let template = if read { self.s.lang.line().read_failed } else { t.storage_error };
                    self.failed_once(fill(template, &[msg]))?;
                }
                Event::Refused(Refusal::Busy) => self.failed_once(t.busy.to_string())?,
                Event::DraftNotSaved(why) => {
                    let why = match why {
                        SaveFailure::Busy => t.draft_busy_reason.to_string(),
                        SaveFailure::Storage(msg) => msg.clone(),
                    };
                    self.s.say(&fill(t.draft_not_saved, &[&why]))?;
                }
                _ => {}
            }
            queue.extend(self.w.handle(event));
        }
        // What a signal may promise ([`super::draft_kept`]), after every piece of work.
        super::DRAFT_KEPT.store(self.w.draft_id().is_some(), std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    /// Says the store's failure, unless the same was said since the last question (a
    /// value given back after a failed search searches again, and fails the same way).
    fn failed_once(&mut self, line: String) -> anyhow::Result<()> {
        if self.failed.as_deref() != Some(line.as_str()) {
            self.s.say(&line)?;
        }
        self.failed = Some(line);
        Ok(())
    }

    /// The heading of a step newly reached (with the summary on *Bestätigen*), what an
    /// earlier change cleared, and a page's note when it changed.
    fn tell_news(&mut self) -> anyhow::Result<()> {
        let lang = self.s.lang;
        let step = self.w.step();
        if self.heading != Some(step) {
            self.heading = Some(step);
            self.say(&prompt::heading(lang, step))?;
            if step == Step::Confirm {
                for line in prompt::confirmation(lang, &self.w) {
                    self.say(&line)?;
                }
            }
        }
        let news: Vec<String> = self
            .w
            .notices()
            .iter()
            .filter(|n| !self.told.contains(n))
            .map(|n| summary::notice_text(lang, &self.w, n))
            .collect();
        self.told = self.w.notices().to_vec();
        for line in news {
            self.say(&line)?;
        }
        let notes = summary::page_notes(lang, &self.w);
        let new: Vec<&'static str> = notes.iter().copied().filter(|n| !self.notes.contains(n)).collect();
        self.notes = notes;
        for note in new {
            self.say(note)?;
        }
        Ok(())
    }

    /// The refusal the wizard shows for `field`, as one line.
    fn tell_error(&mut self, field: Field) -> anyhow::Result<bool> {
        let Some(err) = self.w.shown_error(field) else { return Ok(false) };
        let lang = self.s.lang;
        let line = format!("{}: {}", (lang.texts().field_label)(field), self.error_words(&err));
        self.say(&line)?;
        Ok(true)
    }

    /// A rule's refusal in line mode's words: the full screen's, except where those speak
    /// of its own keys (several SIMs sharing the digits: "Enter zum Wählen").
    fn error_words(&self, err: &RuleError) -> String {
        let lang = self.s.lang;
        match err {
            RuleError::SimAmbiguous { digits, count } => {
                fill(lang.line().sims_ambiguous, &[&lang.found_count(*count, iccid::capped(*count)), digits])
            }
            _ => summary::error_text(lang, &self.w, err),
        }
    }

    /// Writes the prompt and reads the answer; the commands every prompt takes are carried
    /// out here and come back as `None` (ask again).
    fn ask(&mut self, field: Option<Field>, line: &str, secret: bool) -> anyhow::Result<Option<Said>> {
        self.failed = None;
        let Some(answer) = self.s.ask(line, secret)? else {
            return Err(Interrupted::HangUp.into());
        };
        let said = input::parse(&answer);
        match said {
            Said::Help => {
                for line in prompt::help(self.s.lang, field) {
                    self.say(&line)?;
                }
                if field == Some(Field::Extension) {
                    // The help speaks of the full screen's list beside the form: here it is.
                    let line = self.existing_extensions();
                    self.say(&line)?;
                }
            }
            Said::Review => {
                self.say(self.s.lang.line().review_heading)?;
                for line in prompt::summary(self.s.lang, &self.w, Some(self.w.step())) {
                    self.say(&line)?;
                }
                self.say(&summary::totals_text(self.s.lang, &self.w))?;
            }
            Said::Back => self.back()?,
            Said::Next => self.next()?,
            Said::Keep | Said::Clear | Said::Value(_) | Said::Quit => return Ok(Some(said)),
        }
        Ok(None)
    }

    /// *Bestehende Nebenstellen* as one line: "Bestehende Nebenstellen: 100 Anna Meier, 231 …".
    fn existing_extensions(&self) -> String {
        let t = self.s.lang.texts();
        let context = self.w.context();
        let exts = &context.extensions;
        let mut listed = if exts.is_empty() {
            (if context.has_extensions { t.no_extensions_typed } else { t.no_extensions }).to_string()
        } else {
            exts.iter().map(|e| format!("{} {}", e.number, e.name).trim().to_string()).collect::<Vec<_>>().join(", ")
        };
        if context.more_extensions {
            listed = format!("{listed}, {}", t.more_extensions);
        }
        format!("{}: {listed}", t.existing_extensions)
    }

    /// `zurück`: one field back, across steps.
    fn back(&mut self) -> anyhow::Result<()> {
        // The add-ons are asked as one: back from them is back from their first.
        if self.w.step() == Step::Addons
            && let Some(first) = self.w.fields().first().copied()
        {
            self.send(Event::Focus(first))?;
        }
        let at = (self.w.step(), self.w.focus());
        self.send(Event::BackField)?;
        if self.no_user_to_choose(self.w.focus()) {
            // Never asked (`new_user_instead`): back past it too.
            self.send(Event::BackField)?;
        }
        if (self.w.step(), self.w.focus()) == at {
            self.say(self.s.lang.line().at_first_field)?;
        }
        Ok(())
    }

    /// *Nächster Schritt*. Forward, the new page is asked from its first field (the full
    /// screen opens on the first one needing an answer, but a listener should hear them
    /// all); refused, the field the wizard went to says why.
    fn next(&mut self) -> anyhow::Result<()> {
        let before = self.w.step();
        if before == Step::Confirm {
            // Only `ja` at the last question orders; this goes there.
            if self.w.focus().is_some() {
                self.send(Event::FocusNext)?;
            }
            return Ok(());
        }
        self.send(Event::Next)?;
        let now = self.w.step();
        if now == before {
            if let Some(field) = self.w.focus() {
                self.tell_error(field)?;
            }
        } else if now > before
            && let Some(first) = self.w.fields().first().copied()
        {
            self.send(Event::Focus(first))?;
        }
        Ok(())
    }

    /// The answer to `field` was taken: on to the next field, or the next step from the last.
    fn advance(&mut self, field: Field) -> anyhow::Result<()> {
        let last = self.w.fields().last() == Some(&field);
        if last && self.w.step() != Step::Confirm { self.next() } else { self.send(Event::FocusNext) }
    }

    /// Sets a value; a refused one is told and asked again, an accepted one moves on.
    fn set(&mut self, field: Field, value: Value) -> anyhow::Result<()> {
        self.send(Event::Set(field, value))?;
        // What the change cleared, and its page's note (SIM later), before the page may end.
        self.tell_news()?;
        if !self.tell_error(field)? {
            self.advance(field)?;
        }
        Ok(())
    }

    /// What every field does with Enter, `-` and `abbrechen`; `None` for a value.
    fn common(&mut self, field: Field, said: Said) -> anyhow::Result<Result<String, Next>> {
        match said {
            Said::Value(text) => return Ok(Ok(text)),
            Said::Keep => {
                if !self.refuse_kept(field)? {
                    self.advance(field)?
                }
            }
            Said::Clear => match field.kind() {
                FieldKind::Text | FieldKind::Date | FieldKind::Pin | FieldKind::SimSearch => {
                    self.set(field, Value::Text(String::new()))?
                }
                _ => self.advance(field)?,
            },
            Said::Quit => return Ok(Err(self.quit()?)),
            Said::Help | Said::Review | Said::Back | Said::Next => {}
        }
        Ok(Err(Next::Ask))
    }

    /// Enter on a field whose rule refuses its value (a required field left empty): said at
    /// once in one line, and the same field is asked again. Not when a later answer on the
    /// page can make the field unneeded (*Benutzer auswählen* before *Alternativ: neuer
    /// Benutzer*): the end of the page checks that combination.
    fn refuse_kept(&mut self, field: Field) -> anyhow::Result<bool> {
        // The wizard's own refusal first (the PIN to enter again after a resume), else the rule's.
        let shown = self.w.shown_error(field).map(Err);
        let checked = shown.unwrap_or_else(|| validate::check_field(field, self.w.answers(), &self.w.facts()));
        let Err(err) = checked else { return Ok(false) };
        if self.later_may_spare(field) {
            return Ok(false);
        }
        let line = format!("{}: {}", self.label(field), self.error_words(&err));
        self.say(&line)?;
        Ok(true)
    }

    /// Whether a yes/no box after `field` on its page, answered the other way, would hide
    /// `field` or make its value valid.
    fn later_may_spare(&self, field: Field) -> bool {
        let fields = self.w.fields();
        fields.iter().skip_while(|f| **f != field).skip(1).any(|later| {
            let Slot::Flag(get, put) = later.spec().slot else { return false };
            let mut a = self.w.answers().clone();
            *put(&mut a) = !*get(&a);
            !validate::visible_fields(field.step(), &a, self.w.catalog()).contains(&field)
                || validate::check_field(field, &a, &self.w.facts()).is_ok()
        })
    }

    /// `abbrechen`: the draft is saved and kept.
    fn quit(&mut self) -> anyhow::Result<Next> {
        let save = self.w.save_draft();
        self.settle(save.into_iter().collect())?;
        // Nothing answered yet, nothing saved: no draft to speak of. A save that failed just
        // now (the database unreachable) keeps nothing of the last answers: say so.
        let words = self.s.lang.line();
        let said = if self.w.has_unsaved_draft() {
            words.quit_unsaved
        } else if self.w.draft_id().is_some() {
            words.quit_kept
        } else {
            words.bye
        };
        self.say(said)?;
        Ok(Next::Ended(Ended::Quit))
    }

    fn field(&mut self, field: Field) -> anyhow::Result<Next> {
        match field.kind() {
            FieldKind::Text | FieldKind::Date | FieldKind::Pin => self.text(field),
            FieldKind::Select => self.select(field),
            FieldKind::SimSearch => self.sim(field),
            FieldKind::Checkbox => self.checkbox(field),
        }
    }

    fn label(&self, field: Field) -> &'static str {
        (self.s.lang.texts().field_label)(field)
    }

    /// A text, date or PIN field. The PIN is read without echo and never shown.
    fn text(&mut self, field: Field) -> anyhow::Result<Next> {
        let lang = self.s.lang;
        let secret = field.kind() == FieldKind::Pin;
        let value = self.w.text(field).to_string();
        let (hint, shown) = match field.kind() {
            FieldKind::Pin => (Some(lang.line().pin_hint), (!value.is_empty()).then_some(lang.line().pin_set)),
            FieldKind::Date => (Some(lang.texts().date_hint), Some(value.as_str())),
            _ => (None, Some(value.as_str())),
        };
        let line = prompt::prompt(self.label(field), hint, shown);
        let Some(said) = self.ask(Some(field), &line, secret)? else { return Ok(Next::Ask) };
        match self.common(field, said)? {
            Ok(text) => self.set_text(field, text, value)?,
            Err(next) => return Ok(next),
        }
        Ok(Next::Ask)
    }

    /// Sets a text; a refused one is told in one line, and the value before comes back, so
    /// the brackets show what Enter keeps. (Not for a derived field still following its
    /// source: setting it back would make it typed, and it would stop following.)
    fn set_text(&mut self, field: Field, text: String, before: String) -> anyhow::Result<()> {
        self.send(Event::Set(field, Value::Text(text)))?;
        self.tell_news()?;
        if !self.tell_error(field)? {
            return self.advance(field);
        }
        let follows = Field::DERIVED.contains(&field) && !self.w.typed().contains(&field);
        if !follows {
            self.send(Event::Set(field, Value::Text(before)))?;
        }
        Ok(())
    }

    /// After a refused search text (the SIM's): the text and the pick from before come back,
    /// so the brackets show what Enter keeps, never what was refused.
    fn restore(&mut self, field: Field, (text, chosen): (String, Option<OptValue>)) -> anyhow::Result<()> {
        self.send(Event::Set(field, Value::Text(text)))?;
        if let Some(OptValue::Id(id)) = chosen {
            self.send(Event::Set(field, Value::Id(Some(id))))?;
        }
        Ok(())
    }

    /// A yes/no box (a new user, the invoice items).
    fn checkbox(&mut self, field: Field) -> anyhow::Result<Next> {
        let t = self.s.lang.texts();
        let now = if self.w.checked(field) { t.yes } else { t.no };
        let line = prompt::prompt(self.label(field), Some(self.s.lang.line().yes_no_hint), Some(now));
        let Some(said) = self.ask(Some(field), &line, false)? else { return Ok(Next::Ask) };
        let text = match self.common(field, said)? {
            Ok(text) => text,
            Err(next) => return Ok(next),
        };
        // Its number, 1, toggles it too, as the add-ons' numbers do.
        let toggled = input::pick(&text, 1).map(|_| !self.w.checked(field));
        match input::yes_no(&text).or(toggled) {
            Some(on) => self.set(field, Value::Bool(on))?,
            None => self.say(&format!("{}: {}", self.label(field), self.s.lang.line().yes_no_hint))?,
        }
        if field == Field::AutoInvoice && !self.w.answers().auto_invoice {
            self.say(t.manual_invoice_note)?;
        }
        Ok(Next::Ask)
    }

    /// An option's label and price, as listed.
    fn option_text(&self, opt: &Opt) -> (String, Option<String>) {
        let lang = self.s.lang;
        (summary::label_text(&opt.label, lang), opt.price.map(|p| summary::price_text(p, lang)))
    }

    /// A list field. Up to nine options are listed with numbers; a longer list (customers,
    /// users, free numbers) takes a search text first and lists up to nine matches.
    fn select(&mut self, field: Field) -> anyhow::Result<Next> {
        let lang = self.s.lang;
        // The lists the store searches start from their first screenful, nothing typed.
        self.find(field, "")?;
        if self.no_user_to_choose(Some(field)) {
            return self.new_user_instead();
        }
        if self.no_number_to_choose(field) {
            return self.number_type_instead();
        }
        let options = self.w.options(field);
        let count = options.len();
        let long = count > SHOWN || self.w.more_options(field);
        if count == 0 {
            let hint = (lang.texts().empty_list)(field).unwrap_or(lang.texts().no_options);
            self.say(hint)?;
        } else if !long {
            for (i, opt) in options.iter().enumerate() {
                let (label, price) = self.option_text(opt);
                self.say(&prompt::option_line(i + 1, &label, price))?;
            }
        }
        let hint =
            if long { lang.line().search_hint.to_string() } else { fill(lang.line().pick_hint, &[&count.to_string()]) };
        let chosen = self.w.chosen_option(field).map(|o| summary::label_text(&o.label, lang));
        let line = prompt::prompt(self.label(field), Some(&hint), chosen.as_deref());
        let Some(said) = self.ask(Some(field), &line, false)? else { return Ok(Next::Ask) };
        let text = match self.common(field, said)? {
            Ok(text) => text,
            Err(next) => return Ok(next),
        };
        if !long && let Some(i) = input::pick(&text, options.len()) {
            return self.choose(field, &options[i]);
        }
        if !long && !options.is_empty() && text.parse::<usize>().is_ok() {
            self.say(&fill(lang.line().not_a_choice, &[&text, &options.len().to_string()]))?;
            return Ok(Next::Ask);
        }
        self.search(field, &options, text)
    }

    /// Asks the store for the options of a list it searches (customers, a customer's users
    /// or free numbers) that match `text`; whether it is such a list.
    fn find(&mut self, field: Field, text: &str) -> anyhow::Result<bool> {
        match field.spec().list {
            Some(List::Customers) => self.send(Event::FindCustomers(text.to_string()))?,
            Some(List::Users | List::Numbers) => self.send(Event::FindInList(field, text.to_string()))?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// *Benutzer auswählen* with nothing to choose from, a new user not asked for yet: the
    /// store found no user for the list with nothing typed into it.
    fn no_user_to_choose(&self, focus: Option<Field>) -> bool {
        focus == Some(Field::ExistingUser)
            && !self.w.answers().new_user
            && self.w.list_filter(Field::ExistingUser).is_empty()
            && self.w.options(Field::ExistingUser).is_empty()
    }

    /// No user to choose: said, *Alternativ: Einen neuen Benutzer erstellen* answered yes
    /// (what the full screen's hint asks for), and on to the new user's first field.
    fn new_user_instead(&mut self) -> anyhow::Result<Next> {
        self.say(self.s.lang.line().no_user_to_choose)?;
        self.send(Event::Set(Field::NewUser, Value::Bool(true)))?;
        self.tell_news()?;
        let fields = self.w.fields();
        let first = fields.iter().skip_while(|f| **f != Field::NewUser).nth(1).copied();
        match first {
            Some(first) => self.send(Event::Focus(first))?,
            None => self.advance(Field::NewUser)?,
        }
        Ok(Next::Ask)
    }

    /// *Nummer auswählen* with no free number at all (nothing typed into the list).
    fn no_number_to_choose(&self, field: Field) -> bool {
        field == Field::Number && self.w.list_filter(field).is_empty() && self.w.options(field).is_empty()
    }

    /// No free number: what to do instead is said (porting one, or importing numbers), and
    /// *Nummerntyp* is asked again, never "Nummer 1 bis 0".
    fn number_type_instead(&mut self) -> anyhow::Result<Next> {
        let t = self.s.lang.texts();
        self.say((t.empty_list)(Field::Number).unwrap_or(t.no_options))?;
        self.send(Event::Focus(Field::NumberType))?;
        Ok(Next::Ask)
    }

    /// How many options of `field` match `text` (a screenful's worth at most for the lists
    /// the store searches, with whether more match), and the first nine. The store searches
    /// the customers, users and free numbers, as the full screen's lists do.
    fn matching(&mut self, field: Field, options: &[Opt], text: &str) -> anyhow::Result<(usize, bool, Vec<Opt>)> {
        if self.find(field, text)? {
            let found = self.w.options(field);
            let first = found.iter().take(SHOWN).cloned().collect();
            return Ok((found.len(), self.w.more_options(field), first));
        }
        let found: Vec<&Opt> = options.iter().filter(|o| input::matches(&self.option_text(o).0, text)).collect();
        Ok((found.len(), false, found.into_iter().take(SHOWN).cloned().collect()))
    }

    /// The options matching a search text: one is taken, several are listed to pick from.
    fn search(&mut self, field: Field, options: &[Opt], mut text: String) -> anyhow::Result<Next> {
        let lang = self.s.lang;
        loop {
            let (total, more, found) = self.matching(field, options, &text)?;
            if self.failed.is_some() {
                // The customers were not searched: nothing was found, nor was it missing.
                return Ok(Next::Ask);
            }
            match total {
                0 => {
                    self.say(&fill(lang.line().no_match, &[&text]))?;
                    return Ok(Next::Ask);
                }
                1 => return self.choose(field, &found[0]),
                n => {
                    for (i, opt) in found.iter().enumerate() {
                        let (label, price) = self.option_text(opt);
                        self.say(&prompt::option_line(i + 1, &label, price))?;
                    }
                    if n > SHOWN {
                        // The customers' screenful with more behind it, or the SIMs' lookup
                        // stopped at its cap: "Mindestens 50", said as words.
                        let capped = more || (field == Field::Sim && iccid::capped(n));
                        let n = lang.found_count(n, capped);
                        self.say(&fill(lang.line().more_matches, &[&n, &SHOWN.to_string()]))?;
                    }
                }
            }
            let hint = fill(lang.line().pick_or_search, &[&found.len().to_string()]);
            let line = prompt::prompt(self.label(field), Some(&hint), None);
            let Some(said) = self.ask(Some(field), &line, false)? else { return Ok(Next::Ask) };
            match said {
                Said::Value(next) => match input::pick(&next, found.len()) {
                    Some(i) => return self.choose(field, &found[i]),
                    None => text = next,
                },
                Said::Quit => return self.quit(),
                // Enter, `-` and the rest: back to the field's own question.
                _ => return Ok(Next::Ask),
            }
        }
    }

    /// Takes an option, says which, and moves on (or says why not).
    fn choose(&mut self, field: Field, opt: &Opt) -> anyhow::Result<Next> {
        let (label, _) = self.option_text(opt);
        self.say(&fill(self.s.lang.line().chosen, &[&label]))?;
        let value = match &opt.value {
            OptValue::Choice(id) => Value::Choice(Some(id.clone())),
            OptValue::Id(id) => Value::Id(Some(*id)),
            OptValue::PortWhen(when) => Value::PortWhen(*when),
        };
        self.set(field, value)?;
        Ok(Next::Ask)
    }

    /// The SIM: its last four digits or a scanned ICCID; several SIMs sharing the digits
    /// are listed to pick from.
    fn sim(&mut self, field: Field) -> anyhow::Result<Next> {
        let lang = self.s.lang;
        let chosen = self.w.chosen_option(field).map(|o| summary::label_text(&o.label, lang));
        let shown = chosen.unwrap_or_else(|| self.w.text(field).to_string());
        let line = prompt::prompt(self.label(field), Some(lang.line().sim_hint), Some(&shown));
        let Some(said) = self.ask(Some(field), &line, false)? else { return Ok(Next::Ask) };
        // Enter on digits that several SIMs share: their list again, to pick from.
        let options = self.w.options(field);
        if said == Said::Keep && self.w.chosen(field).is_none() && options.len() > 1 {
            let query = self.w.text(field).to_string();
            return self.search(field, &options, query);
        }
        let text = match self.common(field, said)? {
            Ok(text) => text,
            Err(next) => return Ok(next),
        };
        let before = (self.w.text(field).to_string(), self.w.chosen(field));
        self.send(Event::Set(field, Value::Text(text)))?;
        if self.failed.is_some() {
            // The database was not read: nothing was found, nor was it missing. What was
            // there before comes back, and the question is asked again.
            self.restore(field, before)?;
            return Ok(Next::Ask);
        }
        if let Some(opt) = self.w.chosen_option(field) {
            return self.choose(field, &opt);
        }
        let options = self.w.options(field);
        if options.len() < 2 {
            if self.tell_error(field)? {
                self.restore(field, before)?;
            }
            return Ok(Next::Ask);
        }
        let query = self.w.text(field).to_string();
        self.search(field, &options, query)
    }

    /// The add-ons: one prompt for the page, the numbers tick or untick; a refused tick
    /// and what an untick took along are said as lines.
    fn addons(&mut self) -> anyhow::Result<Next> {
        let lang = self.s.lang;
        let fields = self.w.fields();
        for (i, field) in fields.iter().enumerate() {
            let Field::Addon(index) = *field else { continue };
            let price = self.w.catalog().addons.get(index).map(|a| summary::price_text(a.price, lang));
            let name = summary::addon_name(&self.w, index, lang);
            self.say(&prompt::box_line(i + 1, self.w.checked(*field), &name, price))?;
        }
        let ticked = summary::section(lang, &self.w, Step::Addons).join(", ");
        let line = prompt::prompt(self.label(Field::Addon(0)), Some(lang.line().toggle_hint), Some(&ticked));
        let focus = fields.first().copied();
        let Some(said) = self.ask(focus, &line, false)? else { return Ok(Next::Ask) };
        let text = match said {
            Said::Value(text) => text,
            Said::Quit => return self.quit(),
            _ => {
                self.next()?;
                return Ok(Next::Ask);
            }
        };
        let Some(picks) = input::picks(&text, fields.len()) else {
            self.say(&fill(lang.line().not_a_choice, &[&text, &fields.len().to_string()]))?;
            return Ok(Next::Ask);
        };
        for i in picks {
            let field = fields[i];
            self.send(Event::Toggle(field))?;
            if let Field::Addon(index) = field {
                let name = summary::addon_name(&self.w, index, lang);
                match self.w.shown_error(field) {
                    Some(err) => self.say(&format!("{name}: {}", self.error_words(&err)))?,
                    None => self.say(&prompt::box_line(i + 1, self.w.checked(field), &name, None))?,
                }
            }
        }
        Ok(Next::Ask)
    }

    /// The last question on *Bestätigen*: place the order, or open a section again.
    fn place(&mut self) -> anyhow::Result<Next> {
        let lang = self.s.lang;
        let line = prompt::prompt(lang.line().order_prompt, None, None);
        let Some(said) = self.ask(None, &line, false)? else { return Ok(Next::Ask) };
        let text = match said {
            Said::Value(text) => text,
            Said::Quit => return self.quit(),
            _ => return Ok(Next::Ask),
        };
        if let Some(i) = input::pick(&text, Step::ALL.len() - 1) {
            self.heading = None;
            self.send(Event::Edit(Step::ALL[i]))?;
            if let Some(first) = self.w.fields().first().copied() {
                self.send(Event::Focus(first))?;
            }
            return Ok(Next::Ask);
        }
        match input::yes_no(&text) {
            Some(true) => {}
            Some(false) => {
                self.say(lang.line().not_ordered)?;
                return Ok(Next::Ask);
            }
            None => {
                self.say(&fill(lang.line().not_a_choice, &[&text, &(Step::ALL.len() - 1).to_string()]))?;
                return Ok(Next::Ask);
            }
        }
        self.send(Event::Next)?;
        if let Some(placed) = self.placed.take() {
            let t = lang.texts();
            self.say(&fill(t.placed_body, &[&placed.order_no]))?;
            self.say(&summary::placed_state(lang, &placed))?;
            return Ok(Next::Ended(Ended::Placed(placed)));
        }
        // Refused: the wizard went back to the field at fault.
        self.tell_news()?;
        if let Some(field) = self.w.focus() {
            self.tell_error(field)?;
        }
        Ok(Next::Ask)
    }
}
