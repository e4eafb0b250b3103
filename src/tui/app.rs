//! The application state: which screen is up, the wizard, and the page's widget state.

use super::backend::Backend;
use super::backend::{PlaceNews, PlaceReport};
use super::customers::{Customers, Loaded};
use super::form_state::{Editing, OpenList};
use super::overview::{Outcome, Overview};
use super::theme::Theme;
use crate::domain::Field;
use crate::domain::catalog::Catalog;
use crate::domain::draft::{DraftId, DraftSummary};
use crate::domain::model::{Customer, CustomerId};
use crate::domain::order::PlacedOrder;
use crate::i18n::Lang;
use crate::wizard::{Effect, Event, FieldKind, Refusal, SaveFailure, Wizard};
use chrono::NaiveDate;
use ratatui::layout::Rect;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The screen on top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// The *Bestellen* menu.
    Menu,
    /// The ordering wizard.
    Wizard,
    /// The order was placed: its number, until a key is pressed.
    Placed(PlacedOrder),
    /// *Bestellübersicht*: the placed orders and their actions.
    Overview,
}

/// The whole terminal application.
pub struct App {
    pub(super) lang: Lang,
    pub(super) catalog: Arc<Catalog>,
    pub(super) today: NaiveDate,
    /// A customer that is "open" (`--customer`): preselected in step 1.
    pub(super) open_customer: Option<CustomerId>,
    /// Shown in the menu: which database this is.
    pub(super) db_label: String,
    pub(super) demo: bool,
    pub(super) screen: Screen,
    pub(super) menu: usize,
    /// The wizard; kept while the menu is up, so Esc on step 1 loses nothing.
    pub(super) wizard: Option<Wizard>,
    pub(super) overview: Option<Overview>,
    pub(super) list: Option<OpenList>,
    pub(super) editing: Option<Editing>,
    pub(super) help: bool,
    /// A message for the operator (a refused save), shown until the next key.
    pub(super) message: Option<String>,
    pub(super) confirm_scroll: u16,
    pub(super) quit: bool,
    /// The customers, maybe still loading, and their labels prepared for matching.
    pub(super) customers: Customers,
    pub(super) theme: Theme,
    /// Where the last frame put what a click can reach.
    pub(super) hits: RefCell<Vec<(Rect, Hit)>>,
    /// Ctrl+Z was pressed: the terminal loop suspends the program.
    pub(super) suspend: bool,
    /// The operator's saved drafts, offered in the menu (the open wizard's own left out).
    pub(super) drafts: Vec<DraftSummary>,
    /// The last frame was too small to show the screen: keys wait (set by drawing).
    pub(super) too_small: std::cell::Cell<bool>,
    /// *Bestellen* runs on a thread of its own (the terminal loop); otherwise at once.
    pub(super) place_apart: bool,
    /// The order being placed in the background, while it is.
    pub(super) placing: Option<Placing>,
    /// Why the last draft save failed, until one succeeds again.
    pub(super) draft_failed: Option<SaveFailure>,
}

/// An order being placed on a thread of its own.
pub(super) struct Placing {
    news: Receiver<PlaceNews>,
    stop: Arc<AtomicBool>,
}

/// What a mouse click on the screen reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A field's row on a wizard page.
    Field(Field),
    /// An option of the open list, by its position among the matches.
    Option(usize),
}

impl App {
    /// A new application on the menu.
    pub fn new(catalog: Arc<Catalog>, customers: Arc<Vec<Customer>>, today: NaiveDate, lang: Lang) -> Self {
        App {
            lang,
            catalog,
            customers: Customers::ready(customers),
            theme: Theme::color(),
            hits: RefCell::new(Vec::new()),
            today,
            open_customer: None,
            db_label: String::new(),
            demo: false,
            screen: Screen::Menu,
            menu: 0,
            wizard: None,
            overview: None,
            list: None,
            editing: None,
            help: false,
            message: None,
            confirm_scroll: 0,
            quit: false,
            suspend: false,
            drafts: Vec::new(),
            too_small: std::cell::Cell::new(false),
            place_apart: false,
            placing: None,
            draft_failed: None,
        }
    }

    /// Opens with a customer in focus (`--customer`).
    pub fn with_open_customer(mut self, customer: Option<CustomerId>) -> Self {
        self.open_customer = customer;
        self
    }

    /// Names the database in the menu; `demo` marks it as the demo.
    pub fn with_database_label(mut self, label: impl Into<String>, demo: bool) -> Self {
        self.db_label = label.into();
        self.demo = demo;
        self
    }

    /// Opens on a prepared wizard instead of the menu: an answers file resumed with
    /// `order --interactive`. Esc on step 1 still leads to the menu, where it waits.
    pub fn with_wizard(mut self, wizard: Wizard) -> Self {
        self.wizard = Some(wizard);
        self.screen = Screen::Wizard;
        self.sync_editing();
        self
    }

    /// The screen on top.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The wizard, when one is open or paused.
    pub fn wizard(&self) -> Option<&Wizard> {
        self.wizard.as_ref()
    }

    /// Whether a dropdown is open.
    pub fn has_open_list(&self) -> bool {
        self.list.is_some()
    }

    /// Whether the operator asked to quit.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Whether Ctrl+Z asked to suspend; clears the request.
    pub fn take_suspend(&mut self) -> bool {
        std::mem::take(&mut self.suspend)
    }

    /// The saved drafts the menu offers.
    pub fn drafts(&self) -> &[DraftSummary] {
        &self.drafts
    }

    /// What to do at start: read the operator's drafts for the menu.
    pub fn startup_effects(&self) -> Vec<Effect> {
        vec![Effect::ListDrafts]
    }

    /// Whether the open order changed since its draft was last saved.
    pub fn has_unsaved_draft(&self) -> bool {
        self.wizard.as_ref().is_some_and(Wizard::has_unsaved_draft)
    }

    /// The effect saving the open order's draft, if it changed (the terminal loop calls
    /// this a moment after the last key, and before it exits for any reason).
    pub fn save_draft(&mut self) -> Vec<Effect> {
        self.wizard.as_mut().and_then(Wizard::save_draft).into_iter().collect()
    }

    /// Back to the menu: the open order's draft is saved and the list read fresh.
    pub(super) fn back_to_menu(&mut self) -> Vec<Effect> {
        self.screen = Screen::Menu;
        let mut effects = self.save_draft();
        effects.push(Effect::ListDrafts);
        effects
    }

    /// Resumes a saved draft in place of the open order (whose draft is saved first).
    pub(super) fn resume_draft(&mut self, id: DraftId) -> Vec<Effect> {
        let mut effects = self.save_draft();
        effects.push(Effect::LoadDraft(id));
        effects
    }

    /// Discards a saved draft by hand.
    pub(super) fn discard_draft(&mut self, id: DraftId) -> Vec<Effect> {
        self.drafts.retain(|d| d.id != id);
        self.menu = self.menu.min(self.menu_entries().len().saturating_sub(1));
        vec![Effect::DiscardDraft(id)]
    }

    /// Draws with this theme (monochrome for `NO_COLOR`).
    pub fn with_theme(mut self, theme: Theme) -> Self {
        self.theme = theme;
        self
    }

    /// Loads the customers in the background: the first frame need not wait for them.
    pub fn load_customers_later(mut self, rx: std::sync::mpsc::Receiver<Loaded>) -> Self {
        self.customers = Customers::loading(rx);
        self
    }

    /// Whether something runs in the background that the screen waits for.
    pub fn is_busy(&self) -> bool {
        self.is_filtering() || self.customers.is_loading()
    }

    /// Takes what background work finished; returns whether the screen changed.
    pub fn poll_background(&mut self) -> bool {
        let loaded = self.customers.poll();
        let arrived = loaded.is_some();
        if let Some(result) = loaded {
            self.customers_arrived(result);
        }
        self.poll_filter() || arrived
    }

    /// Waits for all background work (tests, scripted runs).
    pub fn finish_background(&mut self) {
        if let Some(result) = self.customers.wait() {
            self.customers_arrived(result);
        }
        self.finish_filter();
    }

    fn customers_arrived(&mut self, result: Result<Arc<Vec<Customer>>, String>) {
        match result {
            Ok(list) => {
                if let Some(w) = self.wizard.as_mut() {
                    w.set_customers(list);
                }
                // An open customer list gets the customers, keeping what was typed.
                let typed = self.list.as_ref().filter(|l| l.field == Field::Customer).map(|l| l.select.query.clone());
                if let Some(query) = typed
                    && let Some(list) = self.open_list(Field::Customer)
                {
                    list.select.query = query;
                    list.select.refilter();
                }
            }
            Err(e) => self.message = Some(e),
        }
    }

    /// Opens the dropdown of a field.
    pub(super) fn open_list(&mut self, field: Field) -> Option<&mut OpenList> {
        let prepared = if field == Field::Customer { self.customers.haystack() } else { None };
        let w = self.wizard.as_ref()?;
        let mut list = OpenList::open(w, field, self.lang, prepared);
        list.select.loading = field == Field::Customer && self.customers.is_loading();
        self.list = Some(list);
        self.list.as_mut()
    }

    /// Whether a list filter is still scanning in the background.
    pub fn is_filtering(&self) -> bool {
        self.list.as_ref().is_some_and(|l| l.select.filter.is_pending())
    }

    /// Takes finished filter results; returns whether the screen changed.
    pub fn poll_filter(&mut self) -> bool {
        self.list.as_mut().is_some_and(|l| l.select.poll())
    }

    /// Waits until the filter is done (tests, scripted runs).
    pub fn finish_filter(&mut self) {
        if let Some(list) = self.list.as_mut() {
            list.select.filter.wait();
        }
    }

    /// Opens the order overview, with the customer in focus if there is one.
    pub(super) fn open_overview(&mut self, backend: &mut dyn Backend) {
        self.overview = Some(Overview::open(backend, self.open_customer));
        self.screen = Screen::Overview;
    }

    /// A key on the overview; Esc there returns to the menu, keeping its customer in focus.
    pub(super) fn overview_key(&mut self, key: ratatui::crossterm::event::KeyEvent, backend: &mut dyn Backend) {
        let Some(overview) = self.overview.as_mut() else { return };
        if overview.on_key(key, self.lang, backend) == Outcome::Leave {
            self.open_customer = overview.query.customer.or(self.open_customer);
            self.screen = Screen::Menu;
        }
    }

    /// Starts a new order with a voice product preselected.
    ///
    /// A paused order stays as a draft, offered in the menu later. Its save is carried out
    /// first, so that its answer (the draft's id) reaches the paused wizard and never the
    /// new one; if it fails, the paused order stays open in the menu rather than being lost.
    pub(super) fn start_order(&mut self, voice: Option<&str>, backend: &mut dyn Backend) -> Vec<Effect> {
        let save = self.save_draft();
        self.settle(save, backend);
        if self.has_unsaved_draft() {
            // The message line says why (set by the save's result); the menu keeps the order.
            self.screen = Screen::Menu;
            return Vec::new();
        }
        let (wizard, effects) =
            Wizard::new(self.catalog.clone(), self.customers.list(), self.today, voice, self.open_customer);
        self.open_wizard(wizard);
        effects
    }

    fn open_wizard(&mut self, wizard: Wizard) {
        let own = wizard.draft_id();
        self.drafts.retain(|d| Some(d.id) != own);
        self.wizard = Some(wizard);
        self.screen = Screen::Wizard;
        self.list = None;
        self.confirm_scroll = 0;
        self.sync_editing();
    }

    /// Events about drafts, which belong to the menu rather than the wizard.
    fn draft_event(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::DraftsListed(list) => {
                let own = self.wizard.as_ref().and_then(Wizard::draft_id);
                self.drafts = list.into_iter().filter(|d| Some(d.id) != own).collect();
                self.menu = self.menu.min(self.menu_entries().len().saturating_sub(1));
                Vec::new()
            }
            Event::DraftLoaded(id, draft) => {
                let (wizard, effects) =
                    Wizard::resume(self.catalog.clone(), self.customers.list(), self.today, id, *draft);
                self.open_wizard(wizard);
                effects
            }
            _ => Vec::new(),
        }
    }

    /// Passes an event to the wizard and follows up on what it means for the screens.
    pub fn on_event(&mut self, event: Event) -> Vec<Effect> {
        match &event {
            Event::Placed(placed) => {
                self.screen = Screen::Placed(placed.clone());
                // The order's draft goes: nothing unsaved is left to tell about.
                self.draft_failed = None;
                // The wizard answers with the removal of its draft.
                let effects = self.wizard.take().map(|mut w| w.handle(event)).unwrap_or_default();
                self.list = None;
                self.editing = None;
                return effects;
            }
            Event::AnswersSaved(path) => {
                let path = path.display().to_string();
                self.message = Some(crate::i18n::fill(self.lang.texts().answers_saved, &[&path]));
            }
            Event::DraftsListed(_) | Event::DraftLoaded(..) => return self.draft_event(event),
            Event::Refused(Refusal::Storage(msg)) => {
                self.message = Some(crate::i18n::fill(self.lang.texts().storage_error, &[msg]));
            }
            Event::Refused(Refusal::Busy) => self.message = Some(self.lang.texts().busy.to_string()),
            Event::DraftSaved(_) | Event::DraftNotSaved(_) => self.draft_result(&event),
            _ => {}
        }
        let effects = match self.wizard.as_mut() {
            Some(w) => w.handle(event),
            None => Vec::new(),
        };
        self.sync_editing();
        effects
    }

    /// Handles a key and carries out the effects with `backend` until none are left.
    /// The terminal loop and the end-to-end tests both come through here.
    pub fn drive(&mut self, key: ratatui::crossterm::event::KeyEvent, backend: &mut dyn Backend) {
        let effects = self.on_key(key, backend);
        self.settle(effects, backend);
    }

    /// Carries out wizard effects until none are left.
    pub fn settle(&mut self, effects: Vec<Effect>, backend: &mut dyn Backend) {
        let mut queue: VecDeque<Effect> = effects.into();
        while let Some(effect) = queue.pop_front() {
            let effect = match effect {
                Effect::PlaceOrder(request) if self.place_apart => match self.place_later(request, backend) {
                    Ok(()) => continue,
                    Err(request) => Effect::PlaceOrder(request),
                },
                other => other,
            };
            if let Some(event) = backend.wizard(effect) {
                queue.extend(self.on_event(event));
            }
        }
    }

    /// Places orders on a thread of their own from now on, so the loop keeps drawing and
    /// taking Ctrl+C and signals while the store waits for another program's lock.
    pub fn place_in_background(&mut self) {
        self.place_apart = true;
    }

    /// Whether an order is being placed in the background.
    pub fn is_placing(&self) -> bool {
        self.placing.is_some()
    }

    fn place_later(
        &mut self,
        request: Box<crate::domain::OrderRequest>,
        backend: &mut dyn Backend,
    ) -> Result<(), Box<crate::domain::OrderRequest>> {
        let (tx, news) = std::sync::mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        backend.place_later(request, PlaceReport { tx, stop: stop.clone() })?;
        self.placing = Some(Placing { news, stop });
        Ok(())
    }

    /// Takes the background placement's news; returns whether the screen changed.
    pub fn poll_placing(&mut self, backend: &mut dyn Backend) -> bool {
        let mut changed = false;
        while let Some(placing) = self.placing.as_ref() {
            match placing.news.try_recv() {
                Ok(PlaceNews::Waiting) => {
                    self.message = Some(self.lang.texts().placing_waiting.to_string());
                    changed = true;
                }
                Ok(PlaceNews::Done(event)) => {
                    self.placed_apart(event, backend);
                    changed = true;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => break,
                // The thread ended without a word (it panicked): the order was not placed.
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.placed_apart(Event::Refused(Refusal::Busy), backend);
                    changed = true;
                }
            }
        }
        changed
    }

    /// The background placement's result, carried through like any other.
    fn placed_apart(&mut self, event: Event, backend: &mut dyn Backend) {
        self.placing = None;
        self.message = None;
        let effects = self.on_event(event);
        self.settle(effects, backend);
    }

    /// On the way out: the placement's wait for the lock gives up, and its result (placed
    /// after all, or not) is taken, waiting at most `within`, so the draft is saved only
    /// for an order that was not placed.
    pub fn stop_placing(&mut self, within: Duration, backend: &mut dyn Backend) {
        let Some(placing) = self.placing.as_ref() else { return };
        placing.stop.store(true, Ordering::Relaxed);
        let end = Instant::now() + within;
        while let Some(placing) = self.placing.as_ref() {
            match placing.news.recv_timeout(end.saturating_duration_since(Instant::now())) {
                Ok(PlaceNews::Waiting) => {}
                Ok(PlaceNews::Done(event)) => self.placed_apart(event, backend),
                Err(RecvTimeoutError::Disconnected) => self.placed_apart(Event::Refused(Refusal::Busy), backend),
                // Stuck: the program ends; the transaction, if any, never commits.
                Err(RecvTimeoutError::Timeout) => {
                    self.placing = None;
                    return;
                }
            }
        }
    }

    /// What the operator is told about a draft save, following its result.
    fn draft_result(&mut self, event: &Event) {
        let t = self.lang.texts();
        match event {
            Event::DraftSaved(_) if self.draft_failed.take().is_some() => {
                self.message = Some(t.draft_saved_again.to_string());
            }
            Event::DraftNotSaved(why) => {
                if self.draft_failed.as_ref() != Some(why) {
                    self.message = Some(crate::i18n::fill(t.draft_not_saved, &[&self.save_failure(why)]));
                }
                self.draft_failed = Some(why.clone());
            }
            _ => {}
        }
    }

    fn save_failure(&self, why: &SaveFailure) -> String {
        match why {
            SaveFailure::Busy => self.lang.texts().draft_busy_reason.to_string(),
            SaveFailure::Storage(msg) => msg.clone(),
        }
    }

    /// Why the last draft save failed, in the operator's language, if it did and no save
    /// succeeded since (the terminal loop says so after the last save on the way out).
    pub fn draft_failure(&self) -> Option<String> {
        let why = self.draft_failed.as_ref().filter(|_| self.has_unsaved_draft())?;
        Some(crate::i18n::fill(self.lang.texts().draft_lost, &[&self.save_failure(why)]))
    }

    /// Makes the text input follow the focused field.
    pub(super) fn sync_editing(&mut self) {
        let Some(w) = self.wizard.as_ref() else {
            self.editing = None;
            return;
        };
        let focus = w
            .focus()
            .filter(|f| matches!(f.kind(), FieldKind::Text | FieldKind::Date | FieldKind::Pin | FieldKind::SimSearch));
        match (focus, self.editing.as_ref()) {
            (None, _) => self.editing = None,
            (Some(f), Some(e)) if e.field == f && e.input.value() == w.text(f) => {}
            (Some(f), _) => self.editing = Some(Editing::new(f, w.text(f))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyEvent};

    /// A paused order whose last save failed: starting a new one settles the old save first,
    /// so its draft id stays the old wizard's and the new order saves a draft of its own.
    #[test]
    fn a_paused_orders_save_never_gives_its_id_to_the_new_order() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("orders.db");
        let mut store = crate::store::Store::open(&db).unwrap();
        let catalog = Arc::new(crate::domain::Catalog::builtin().unwrap());
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let mut app = App::new(catalog.clone(), Arc::new(Vec::new()), today, Lang::De);
        let mut runner = crate::runner::Runner::new(&mut store, catalog, "tester", crate::runner::wall_clock);
        let effects = app.start_order(None, &mut runner);
        app.settle(effects, &mut runner);
        app.drive(KeyEvent::from(KeyCode::Tab), &mut runner);
        // Esc to the menu while another program holds the lock: the save fails.
        let holder = rusqlite::Connection::open(&db).unwrap();
        holder.execute_batch("BEGIN IMMEDIATE").unwrap();
        app.drive(KeyEvent::from(KeyCode::Esc), &mut runner);
        assert_eq!(app.screen, Screen::Menu);
        assert!(app.has_unsaved_draft());
        assert!(app.message.as_deref().is_some_and(|m| m.contains("Entwurf nicht gespeichert")), "{:?}", app.message);
        // Still locked: a new order is not opened over the unsaved one.
        let effects = app.start_order(None, &mut runner);
        app.settle(effects, &mut runner);
        assert_eq!(app.screen, Screen::Menu);
        assert!(app.has_unsaved_draft(), "the paused order is kept");
        holder.execute_batch("COMMIT").unwrap();
        // The lock is gone: the old order is saved, then the new one opens without its id.
        let effects = app.start_order(None, &mut runner);
        app.settle(effects, &mut runner);
        assert_eq!(app.screen, Screen::Wizard);
        assert_eq!(app.wizard().and_then(Wizard::draft_id), None, "the old draft's id went to the new order");
        app.drive(KeyEvent::from(KeyCode::Tab), &mut runner);
        let save = app.save_draft();
        app.settle(save, &mut runner);
        let new_id = app.wizard().and_then(Wizard::draft_id).unwrap();
        drop(runner);
        let drafts = store.drafts_of("tester", crate::runner::wall_clock()).unwrap();
        assert_eq!(drafts.len(), 2, "both orders kept: {drafts:?}");
        assert!(drafts.iter().any(|d| d.id != new_id));
    }
}
