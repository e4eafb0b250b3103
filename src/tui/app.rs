//! The application: a router over the screens. [`Screen`] says which one is on top; each
//! screen (in `screens/`) owns its state, its keys and its drawing. The router hands a key to
//! the screen on top, carries out the work the screens ask for ([`Job`]) with a
//! [`Backend`], and keeps what is no single screen's: the message line, the customers,
//! quitting and suspending, the order being placed in the background, the draft's save.

use super::backend::Backend;
use super::backend::{CountNews, CountReport, PlaceNews, PlaceReport};
use super::screens::help::{self, Help};
use super::screens::menu::{self, Menu, MenuAction, MenuCtx, MenuEntry};
use super::screens::overview::{Ctx, Outcome, Overview, OverviewEffect, OverviewEvent};
use super::screens::wizard::{WizardKey, WizardScreen, ctrl};
use super::screens::{MIN_HEIGHT, MIN_WIDTH, placed};
use super::theme::Theme;
use crate::domain::Field;
use crate::domain::catalog::Catalog;
use crate::domain::draft::DraftId;
use crate::domain::draft::DraftSummary;
use crate::domain::model::CustomerId;
use crate::domain::order::PlacedOrder;
use crate::i18n::{Lang, fill};
use crate::wizard::{Effect, Event, MenuEffect, MenuEvent, Refusal, SaveFailure, Wizard};
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;
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

/// Work for the backend, from the screen that asked for it; its answer goes back there.
#[derive(Debug)]
pub enum Job {
    /// The wizard's: customers, SIMs, placing, the draft, answers files.
    Wizard(Effect),
    /// The menu's: the operator's saved drafts.
    Menu(MenuEffect),
    /// The overview's: pages of orders, actions on an order.
    Overview(OverviewEffect),
    /// The router's: open a new order with this voice product once the jobs before it are
    /// done (the paused order's save, whose answer must reach the paused wizard).
    StartOrder(Option<String>),
}

/// The wizard's effects as jobs.
pub(super) fn jobs(effects: Vec<Effect>) -> Vec<Job> {
    effects.into_iter().map(Job::Wizard).collect()
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
    pub(super) menu: Menu,
    /// The wizard; kept while the menu is up, so Esc on step 1 loses nothing.
    pub(super) wizard: Option<WizardScreen>,
    pub(super) overview: Option<Overview>,
    /// F1's help, drawn over the screen on top.
    pub(super) help: Help,
    /// A message for the operator (a refused save), shown until the next key.
    pub(super) message: Option<String>,
    pub(super) quit: bool,
    /// The quit came from Ctrl+C: the program ends as interrupted (exit 130), as line
    /// mode and a shell end on SIGINT, not as an ordinary quit.
    pub(super) ctrl_c: bool,
    pub(super) theme: Theme,
    /// Where the last frame put what a click can reach.
    pub(super) hits: RefCell<Vec<(Rect, Hit)>>,
    /// Ctrl+Z was pressed: the terminal loop suspends the program.
    pub(super) suspend: bool,
    /// The last frame was too small to show the screen: keys wait (set by drawing).
    pub(super) too_small: std::cell::Cell<bool>,
    /// *Bestellen* runs on a thread of its own (the terminal loop); otherwise at once.
    pub(super) place_apart: bool,
    /// The overview's counts run on a thread of their own (the terminal loop): the rows
    /// show at once, the count follows and never holds up a key; otherwise at once.
    count_apart: bool,
    /// The background counts' answers.
    counts: Counts,
    /// The order being placed in the background, while it is.
    pub(super) placing: Option<Placing>,
    /// Why the last draft save failed, until one succeeds again.
    pub(super) draft_failed: Option<SaveFailure>,
}

/// The overview's counts made in the background: only the newest request's answer is shown.
pub(super) struct Counts {
    tx: std::sync::mpsc::Sender<CountNews>,
    news: Receiver<CountNews>,
    /// The newest request's generation; an answer to an older one is stale.
    generation: u64,
}

impl Default for Counts {
    fn default() -> Self {
        let (tx, news) = std::sync::mpsc::channel();
        Counts { tx, news, generation: 0 }
    }
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
    pub fn new(catalog: Arc<Catalog>, today: NaiveDate, lang: Lang) -> Self {
        App {
            lang,
            catalog,
            theme: Theme::color(),
            hits: RefCell::new(Vec::new()),
            today,
            open_customer: None,
            db_label: String::new(),
            demo: false,
            screen: Screen::Menu,
            menu: Menu::default(),
            wizard: None,
            overview: None,
            help: Help::default(),
            message: None,
            quit: false,
            ctrl_c: false,
            suspend: false,
            too_small: std::cell::Cell::new(false),
            place_apart: false,
            count_apart: false,
            counts: Counts::default(),
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
        self.wizard = Some(WizardScreen::new(wizard, self.lang));
        self.screen = Screen::Wizard;
        self
    }

    /// Draws with this theme (monochrome for `NO_COLOR`).
    pub fn with_theme(mut self, theme: Theme) -> Self {
        self.theme = theme;
        self
    }

    /// The screen on top.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The wizard, when one is open or paused.
    pub fn wizard(&self) -> Option<&Wizard> {
        self.wizard.as_ref().map(|s| &s.wizard)
    }

    /// Whether a dropdown is open.
    pub fn has_open_list(&self) -> bool {
        self.wizard.as_ref().is_some_and(|s| s.list.is_some())
    }

    /// Whether the operator asked to quit.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Whether the quit was Ctrl+C (an interruption, exit 130) rather than *Beenden*.
    pub fn quit_by_ctrl_c(&self) -> bool {
        self.ctrl_c
    }

    /// Whether Ctrl+Z asked to suspend; clears the request.
    pub fn take_suspend(&mut self) -> bool {
        std::mem::take(&mut self.suspend)
    }

    /// The saved drafts the menu offers.
    pub fn drafts(&self) -> &[DraftSummary] {
        &self.menu.drafts
    }

    /// What to do at start: read the operator's drafts for the menu.
    pub fn startup_effects(&self) -> Vec<Job> {
        vec![Job::Menu(MenuEffect::ListDrafts)]
    }

    /// Whether the open order changed since its draft was last saved.
    pub fn has_unsaved_draft(&self) -> bool {
        self.wizard().is_some_and(Wizard::has_unsaved_draft)
    }

    /// The effect saving the open order's draft, if it changed (the terminal loop calls
    /// this a moment after the last key, and before it exits for any reason).
    pub fn save_draft(&mut self) -> Vec<Job> {
        self.wizard.as_mut().and_then(|s| s.wizard.save_draft()).into_iter().map(Job::Wizard).collect()
    }

    // ---- keys: the router ----

    /// Handles one key press and returns the work for the backend. Ctrl+C, Ctrl+Z, F1 and
    /// what waits (an order being placed, a window too small) are the router's; every
    /// other key goes to the screen on top.
    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Job> {
        if ctrl(&key, 'c') {
            // Nothing asked: the terminal loop saves the draft on the way out.
            self.quit = true;
            self.ctrl_c = true;
            return Vec::new();
        }
        if ctrl(&key, 'z') {
            self.suspend = true;
            return Vec::new();
        }
        if self.placing.is_some() || self.too_small.get() {
            // *Bestellen* waits for the database, or the operator can't see the page: a key
            // must not change the order unseen. Ctrl+C and Ctrl+Z (above) still work.
            return Vec::new();
        }
        self.message = None;
        if self.help.on_key(&key) {
            return Vec::new();
        }
        match self.screen {
            Screen::Menu => self.menu_key(key),
            Screen::Overview => self.overview_key(key),
            Screen::Wizard => self.wizard_key(key),
            Screen::Placed(_) => self.back_to_menu(),
        }
    }

    /// A pasted text (bracketed paste): one edit of the text field or list filter that has
    /// the focus, filtered by that field's input limits. Returns whether the screen changed.
    pub fn paste(&mut self, text: &str, backend: &mut dyn Backend) -> bool {
        if self.placing.is_some() || self.too_small.get() || self.help.is_open() {
            return false;
        }
        self.message = None;
        let (changed, jobs) = match self.screen {
            Screen::Wizard => match self.wizard.as_mut() {
                Some(s) => {
                    let (changed, effects, refused) = s.paste(text);
                    if let Some(e) = refused {
                        self.message = Some((self.lang.texts().rule_error)(&e, &|name: &str| name.to_string()));
                    }
                    (changed, jobs(effects))
                }
                None => (false, Vec::new()),
            },
            Screen::Overview => match self.overview.as_mut().and_then(|o| o.paste(text, self.lang)) {
                Some(effects) => (true, effects.into_iter().map(Job::Overview).collect()),
                None => (false, Vec::new()),
            },
            Screen::Menu | Screen::Placed(_) => (false, Vec::new()),
        };
        self.settle(jobs, backend);
        changed
    }

    /// The menu's entries as they are now.
    fn menu_entries(&self) -> Vec<MenuEntry> {
        self.menu.entries(self.catalog.voices.len(), self.wizard.is_some())
    }

    fn menu_key(&mut self, key: KeyEvent) -> Vec<Job> {
        let entries = self.menu_entries();
        match self.menu.on_key(key, &entries) {
            Some(MenuAction::Order(i)) => {
                let voice = self.catalog.voices.get(i).map(|v| v.id.clone());
                self.start_order(voice)
            }
            Some(MenuAction::Overview) => self.open_overview(),
            Some(MenuAction::Resume) => {
                self.screen = Screen::Wizard;
                Vec::new()
            }
            Some(MenuAction::ResumeDraft(id)) => self.resume_draft(id),
            Some(MenuAction::DiscardDraft(id)) => self.discard_draft(id),
            Some(MenuAction::Quit) => {
                self.quit = true;
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    fn wizard_key(&mut self, key: KeyEvent) -> Vec<Job> {
        let Some(s) = self.wizard.as_mut() else { return Vec::new() };
        match s.on_key(key) {
            WizardKey::Effects(effects) => jobs(effects),
            WizardKey::ToMenu => {
                let jobs = self.back_to_menu();
                self.menu.highlight = self.menu_entries().iter().position(|e| *e == MenuEntry::Resume).unwrap_or(0);
                jobs
            }
        }
    }

    /// A key on the overview; Esc there returns to the menu, keeping its customer in focus.
    fn overview_key(&mut self, key: KeyEvent) -> Vec<Job> {
        let Some(overview) = self.overview.as_mut() else { return Vec::new() };
        match overview.on_key(key, self.lang) {
            Outcome::Stay(effects) => effects.into_iter().map(Job::Overview).collect(),
            Outcome::Leave => {
                self.open_customer = overview.customer().or(self.open_customer);
                self.screen = Screen::Menu;
                Vec::new()
            }
        }
    }

    // ---- moving between screens ----

    /// Back to the menu: the open order's draft is saved and the list read fresh.
    pub(super) fn back_to_menu(&mut self) -> Vec<Job> {
        self.screen = Screen::Menu;
        let mut jobs = self.save_draft();
        jobs.push(Job::Menu(MenuEffect::ListDrafts));
        jobs
    }

    /// Resumes a saved draft in place of the open order (whose draft is saved first).
    fn resume_draft(&mut self, id: DraftId) -> Vec<Job> {
        let mut jobs = self.save_draft();
        jobs.push(Job::Menu(MenuEffect::LoadDraft(id)));
        jobs
    }

    /// Discards a saved draft by hand.
    fn discard_draft(&mut self, id: DraftId) -> Vec<Job> {
        self.menu.drafts.retain(|d| d.id != id);
        self.menu.clamp(self.menu_entries().len());
        vec![Job::Menu(MenuEffect::DiscardDraft(id))]
    }

    /// Opens the order overview, with the customer in focus if there is one.
    fn open_overview(&mut self) -> Vec<Job> {
        let (overview, effects) = Overview::open(self.open_customer);
        self.overview = Some(overview);
        self.screen = Screen::Overview;
        effects.into_iter().map(Job::Overview).collect()
    }

    /// Starts a new order with a voice product preselected.
    ///
    /// A paused order stays as a draft, offered in the menu later. Its save is carried out
    /// first, so that its answer (the draft's id) reaches the paused wizard and never the
    /// new one; if it fails, the paused order stays open in the menu rather than being lost.
    pub(super) fn start_order(&mut self, voice: Option<String>) -> Vec<Job> {
        let mut jobs = self.save_draft();
        jobs.push(Job::StartOrder(voice));
        jobs
    }

    /// The new order of [`App::start_order`], once the paused order's save is answered.
    fn open_new_order(&mut self, voice: Option<&str>) -> Vec<Job> {
        if self.has_unsaved_draft() {
            // The message line says why (set by the save's result); the menu keeps the order.
            self.screen = Screen::Menu;
            return Vec::new();
        }
        let (wizard, effects) = Wizard::new(self.catalog.clone(), &[], self.today, voice, self.open_customer);
        self.open_wizard(wizard);
        jobs(effects)
    }

    fn open_wizard(&mut self, wizard: Wizard) {
        let own = wizard.draft_id();
        self.menu.drafts.retain(|d| Some(d.id) != own);
        self.wizard = Some(WizardScreen::new(wizard, self.lang));
        self.screen = Screen::Wizard;
    }

    // ---- the backend's answers ----

    /// Passes an event to the wizard and follows up on what it means for the screens.
    pub fn on_event(&mut self, event: Event) -> Vec<Job> {
        match &event {
            Event::Placed(placed) => {
                self.screen = Screen::Placed(placed.clone());
                // The order's draft goes: nothing unsaved is left to tell about.
                self.draft_failed = None;
                // The wizard answers with the removal of its draft.
                let effects = self.wizard.take().map(|mut s| s.wizard.handle(event)).unwrap_or_default();
                return jobs(effects);
            }
            Event::AnswersSaved(path) => {
                let path = path.display().to_string();
                self.message = Some(fill(self.lang.texts().answers_saved, &[&path]));
            }
            Event::Refused(refusal) => self.refused(refusal),
            Event::DraftSaved(_) | Event::DraftNotSaved(_) => self.draft_result(&event),
            _ => {}
        }
        let effects = match self.wizard.as_mut() {
            Some(s) => s.on_event(event),
            None => Vec::new(),
        };
        jobs(effects)
    }

    /// The menu's answers: the drafts, or one to resume.
    pub fn on_menu_event(&mut self, event: MenuEvent) -> Vec<Job> {
        match event {
            MenuEvent::DraftsListed(list) => {
                self.menu.drafts_listed(list, self.wizard().and_then(Wizard::draft_id));
                self.menu.clamp(self.menu_entries().len());
                Vec::new()
            }
            MenuEvent::DraftLoaded(id, draft) => {
                let (wizard, effects) = Wizard::resume(self.catalog.clone(), &[], self.today, id, *draft);
                self.open_wizard(wizard);
                jobs(effects)
            }
            MenuEvent::Refused(refusal) => {
                self.refused(&refusal);
                Vec::new()
            }
        }
    }

    /// The overview's answers.
    fn on_overview_event(&mut self, event: OverviewEvent) -> Vec<Job> {
        let Some(overview) = self.overview.as_mut() else { return Vec::new() };
        overview.on_event(event, self.lang).into_iter().map(Job::Overview).collect()
    }

    /// What the operator is told when the store refused (a busy or broken database).
    fn refused(&mut self, refusal: &Refusal) {
        match refusal {
            Refusal::Storage(msg) => self.message = Some(fill(self.lang.texts().storage_error, &[msg])),
            Refusal::Busy => self.message = Some(self.lang.texts().busy.to_string()),
            _ => {}
        }
    }

    /// Handles a key and carries out the work with `backend` until none is left.
    /// The terminal loop and the end-to-end tests both come through here.
    pub fn drive(&mut self, key: KeyEvent, backend: &mut dyn Backend) {
        let jobs = self.on_key(key);
        self.settle(jobs, backend);
    }

    /// Carries out the screens' work until none is left: each answer goes back to the
    /// screen that asked, and may ask for more.
    pub fn settle(&mut self, jobs: Vec<Job>, backend: &mut dyn Backend) {
        let mut queue: VecDeque<Job> = jobs.into();
        while let Some(job) = queue.pop_front() {
            let effect = match job {
                Job::Wizard(Effect::PlaceOrder(request)) if self.place_apart => {
                    match self.place_later(request, backend) {
                        Ok(()) => continue,
                        Err(request) => Effect::PlaceOrder(request),
                    }
                }
                Job::Wizard(effect) => effect,
                Job::Menu(effect) => {
                    if let Some(event) = backend.menu(effect) {
                        queue.extend(self.on_menu_event(event));
                    }
                    continue;
                }
                Job::Overview(OverviewEffect::Count(query)) if self.count_apart => {
                    self.counts.generation += 1;
                    let report = CountReport { tx: self.counts.tx.clone(), generation: self.counts.generation };
                    if let Err(query) = backend.count_later(query, report) {
                        let event = OverviewEvent::Count(backend.count_orders(&query));
                        queue.extend(self.on_overview_event(event));
                    }
                    continue;
                }
                Job::Overview(effect) => {
                    let event = effect.run(backend);
                    queue.extend(self.on_overview_event(event));
                    continue;
                }
                Job::StartOrder(voice) => {
                    queue.extend(self.open_new_order(voice.as_deref()));
                    continue;
                }
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

    /// Counts the overview's rows on a thread of their own from now on
    /// ([`App::poll_counts`] takes the answers).
    pub fn count_in_background(&mut self) {
        self.count_apart = true;
    }

    /// Takes the background counts' answers; an answer to an older request than the newest
    /// is dropped (its filter is no longer the one shown). Returns whether the screen changed.
    pub fn poll_counts(&mut self, backend: &mut dyn Backend) -> bool {
        let mut changed = false;
        while let Ok(news) = self.counts.news.try_recv() {
            changed |= self.count_arrived(news, backend);
        }
        changed
    }

    /// Waits for the newest background count, if one is on the way (tests, scripted runs).
    pub fn finish_counts(&mut self, backend: &mut dyn Backend) {
        while self.overview.as_ref().is_some_and(|o| o.wants_count()) {
            let Ok(news) = self.counts.news.recv_timeout(std::time::Duration::from_secs(30)) else { return };
            self.count_arrived(news, backend);
        }
    }

    fn count_arrived(&mut self, news: CountNews, backend: &mut dyn Backend) -> bool {
        if news.generation != self.counts.generation {
            return false;
        }
        let jobs = self.on_overview_event(OverviewEvent::Count(news.total));
        self.settle(jobs, backend);
        true
    }

    /// Whether an order is being placed in the background.
    pub fn is_placing(&self) -> bool {
        self.placing.is_some()
    }

    fn place_later(
        &mut self,
        request: Box<crate::domain::order::OrderToPlace>,
        backend: &mut dyn Backend,
    ) -> Result<(), Box<crate::domain::order::OrderToPlace>> {
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

    // ---- background work ----

    /// Whether something runs in the background that the screen waits for.
    pub fn is_busy(&self) -> bool {
        self.is_filtering()
    }

    /// Takes what background work finished; returns whether the screen changed.
    pub fn poll_background(&mut self) -> bool {
        self.poll_filter()
    }

    /// Waits for all background work (tests, scripted runs).
    pub fn finish_background(&mut self) {
        self.finish_filter();
    }

    /// Whether a list filter is still scanning in the background.
    pub fn is_filtering(&self) -> bool {
        self.open_list().is_some_and(|l| l.select.filter.is_pending())
    }

    fn open_list(&self) -> Option<&super::screens::wizard::OpenList> {
        self.wizard.as_ref().and_then(|s| s.list.as_ref())
    }

    /// Takes finished filter results; returns whether the screen changed.
    pub fn poll_filter(&mut self) -> bool {
        self.wizard.as_mut().and_then(|s| s.list.as_mut()).is_some_and(|l| l.select.poll())
    }

    /// Waits until the filter is done (tests, scripted runs).
    pub fn finish_filter(&mut self) {
        if let Some(list) = self.wizard.as_mut().and_then(|s| s.list.as_mut()) {
            list.select.filter.wait();
        }
    }

    // ---- drawing: the router ----

    /// Draws the whole screen: the screen on top, F1's help over it.
    pub fn draw(&self, frame: &mut Frame) {
        self.hits.borrow_mut().clear();
        let theme = self.theme;
        let area = frame.area();
        self.too_small.set(area.width < MIN_WIDTH || area.height < MIN_HEIGHT);
        if self.too_small.get() {
            // Nothing is lost: the state stays as it is until the terminal is large again.
            let t = self.lang.texts();
            let text = fill(
                t.too_small,
                &[&MIN_WIDTH.to_string(), &MIN_HEIGHT.to_string(), &area.width.to_string(), &area.height.to_string()],
            );
            frame.render_widget(Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }), area);
            return;
        }
        match &self.screen {
            Screen::Menu => menu::draw(frame, &self.menu, &self.menu_ctx()),
            Screen::Wizard => {
                if let Some(s) = self.wizard.as_ref() {
                    s.draw(frame, &theme, &self.message, &self.hits);
                }
            }
            Screen::Placed(order) => placed::draw(frame, self.lang, order, &theme),
            Screen::Overview => self.draw_overview(frame, &theme),
        }
        if self.help.is_open() {
            let t = self.lang.texts();
            let field = match (&self.screen, self.wizard().and_then(|w| w.focus())) {
                (Screen::Wizard, Some(f)) => Some(((t.field_label)(f), (t.field_help)(f))),
                _ => None,
            };
            help::draw(frame, &self.help, self.lang, field, &theme);
        }
    }

    fn menu_ctx(&self) -> MenuCtx<'_> {
        MenuCtx {
            lang: self.lang,
            catalog: &self.catalog,
            paused: self.wizard(),
            db_label: &self.db_label,
            demo: self.demo,
            message: self.message.as_deref(),
            theme: &self.theme,
        }
    }

    fn draw_overview(&self, frame: &mut Frame, theme: &Theme) {
        let Some(overview) = self.overview.as_ref() else { return };
        let t = self.lang.texts();
        let [title, body] = frame.area().layout(&Layout::vertical([Constraint::Length(1), Constraint::Min(0)]));
        frame.render_widget(Paragraph::new(format!(" {} · {}", t.menu_section, t.ov_title)).style(theme.title), title);
        let ctx = Ctx { lang: self.lang, catalog: &self.catalog, theme };
        overview.draw(frame, body, &ctx);
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
        let mut app = App::new(catalog.clone(), today, Lang::De);
        let mut driver = crate::driver::Driver::new(&mut store, catalog, "tester", crate::driver::wall_clock);
        let effects = app.start_order(None);
        app.settle(effects, &mut driver);
        app.drive(KeyEvent::from(KeyCode::Tab), &mut driver);
        // Esc to the menu while another program holds the lock: the save fails. The other
        // program is a second Store in a write transaction (an import's, which takes the
        // write lock at once).
        let mut other = crate::store::Store::open(&db).unwrap();
        let holder = other.begin_import().unwrap();
        app.drive(KeyEvent::from(KeyCode::Esc), &mut driver);
        assert_eq!(app.screen, Screen::Menu);
        assert!(app.has_unsaved_draft());
        assert!(app.message.as_deref().is_some_and(|m| m.contains("Entwurf nicht gespeichert")), "{:?}", app.message);
        // Still locked: a new order is not opened over the unsaved one.
        let effects = app.start_order(None);
        app.settle(effects, &mut driver);
        assert_eq!(app.screen, Screen::Menu);
        assert!(app.has_unsaved_draft(), "the paused order is kept");
        holder.finish(false).unwrap();
        // The lock is gone: the old order is saved, then the new one opens without its id.
        let effects = app.start_order(None);
        app.settle(effects, &mut driver);
        assert_eq!(app.screen, Screen::Wizard);
        assert_eq!(app.wizard().and_then(Wizard::draft_id), None, "the old draft's id went to the new order");
        app.drive(KeyEvent::from(KeyCode::Tab), &mut driver);
        let save = app.save_draft();
        app.settle(save, &mut driver);
        let new_id = app.wizard().and_then(Wizard::draft_id).unwrap();
        drop(driver);
        let drafts = store.drafts_of("tester", crate::driver::wall_clock()).unwrap();
        assert_eq!(drafts.len(), 2, "both orders kept: {drafts:?}");
        assert!(drafts.iter().any(|d| d.id != new_id));
    }

    /// The screen as text, one line per row.
    fn screen_text(app: &App) -> String {
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        terminal.draw(|frame| app.draw(frame)).unwrap();
        let buffer = terminal.backend().buffer().clone();
        let width = buffer.area.width as usize;
        let cells: Vec<&str> = buffer.content.iter().map(|c| c.symbol()).collect();
        cells.chunks(width).map(|row| row.concat()).collect::<Vec<_>>().join("\n")
    }

    /// Counts run in the background: only the newest request's answer is shown, an older
    /// one's (a filter typed over since) is dropped, and the current one is taken.
    #[test]
    fn a_stale_count_is_dropped_and_the_newest_is_shown() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::Store::open(&dir.path().join("orders.db")).unwrap();
        let catalog = Arc::new(crate::domain::Catalog::builtin().unwrap());
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let mut app = App::new(catalog.clone(), today, Lang::De);
        app.count_in_background();
        let mut driver = crate::driver::Driver::new(&mut store, catalog, "tester", crate::driver::wall_clock);
        let jobs = app.open_overview();
        app.settle(jobs, &mut driver);
        assert_eq!(app.screen, Screen::Overview);
        for key in [KeyCode::Char('/'), KeyCode::Char('x')] {
            app.drive(KeyEvent::from(key), &mut driver);
        }
        let newest = app.counts.generation;
        assert!(newest >= 2, "the open and the key each asked for a count: {newest}");
        // The counting thread answers every request it counted, in order; wait for the newest.
        loop {
            let news = app.counts.news.recv_timeout(std::time::Duration::from_secs(30)).unwrap();
            assert!(news.generation <= newest);
            if news.generation == newest {
                assert_eq!(news.total, Ok(0), "the real count of the empty database");
                break;
            }
        }
        // An older filter's count arriving late is dropped: the screen never shows it.
        app.counts.tx.send(CountNews { generation: newest - 1, total: Ok(999) }).unwrap();
        assert!(!app.poll_counts(&mut driver), "a stale count changes nothing");
        assert!(!screen_text(&app).contains("999"), "{}", screen_text(&app));
        // The newest request's answer is taken and shown.
        app.counts.tx.send(CountNews { generation: newest, total: Ok(5) }).unwrap();
        assert!(app.poll_counts(&mut driver));
        assert!(screen_text(&app).contains("5 Bestellungen"), "{}", screen_text(&app));
    }
}
