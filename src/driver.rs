//! The driver: carries out the wizard's effects against the store (lookups, drafts, answers
//! files, placing) and feeds the results back as events. It hashes the PIN ([`pin_hash`])
//! just before the order goes to the store, so the wizard stays deterministic and free of
//! cryptography. This is the only place where the terminal's work meets the database; the
//! terminal loop, the command line and the end-to-end tests share it.

pub mod pin_hash;

use crate::domain::AnswersFile;
use crate::domain::Field;
use crate::domain::catalog::Catalog;
use crate::domain::lifecycle::{Action, CancelReason, Failure, OrderStatus};
use crate::domain::lookup::OrderSeek;
use crate::domain::model::{Sim, SimId};
use crate::domain::order::{NumberAssignment, OrderRequest, OrderToPlace};
use crate::domain::orders::{OrderDetail, OrderQuery, OrderRow};
use crate::domain::pricing;
use crate::domain::rules::iccid::SimQuery;
use crate::i18n::Lang;
use crate::store::{ActionFailure, ActionRequest, PlaceError, Store, StoreError, Taken};
use crate::tui::{Backend, CountReport, PlaceReport};
use crate::wizard::{Effect, Event, MenuEffect, MenuEvent, Refusal, SaveFailure};
use chrono::NaiveDateTime;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How often a placement that found the database busy (after the store's own wait) is tried
/// again before the operator is told to try later.
const PLACE_ATTEMPTS: usize = 3;
/// How long a draft save waits for another program's lock while the operator works: a
/// moment, so a key is never held up; the terminal loop tries a locked save again later.
const DRAFT_WAIT: Duration = Duration::from_millis(10);

/// Runs effects for one operator.
pub struct Driver<'a> {
    store: &'a mut Store,
    catalog: Arc<Catalog>,
    operator: String,
    clock: fn() -> NaiveDateTime,
    /// Where Ctrl+S on *Bestätigen* saves answers files.
    answers_dir: PathBuf,
    /// How long a draft save waits for another program's lock.
    draft_wait: Duration,
    /// The overview's counting thread, once asked for: it counts on a connection of its own.
    counter: Option<std::sync::mpsc::Sender<(OrderQuery, CountReport)>>,
    /// The operator's language: the store's errors reach the screens as text in it.
    lang: Lang,
}

impl<'a> Driver<'a> {
    /// A driver writing as `operator`, taking the time from `clock` (a fixed one in tests)
    /// and prices from `catalog`.
    pub fn new(
        store: &'a mut Store,
        catalog: Arc<Catalog>,
        operator: impl Into<String>,
        clock: fn() -> NaiveDateTime,
    ) -> Self {
        Driver {
            store,
            catalog,
            operator: operator.into(),
            clock,
            answers_dir: PathBuf::from("."),
            draft_wait: DRAFT_WAIT,
            counter: None,
            lang: Lang::default(),
        }
    }

    /// Words the store's errors in `lang` (German unless told).
    pub fn with_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    /// The words of a store error, in the operator's language.
    fn words(&self) -> Words {
        Words { lang: self.lang, db: self.store.target().to_string() }
    }

    /// Carries out an action of the overview: the same transaction the `sim link` command
    /// uses. Invoice items are priced from the catalog exactly as the wizard prices them.
    pub fn act(&mut self, order: i64, action: Action, sim: Option<SimId>) -> Result<OrderStatus, Failure> {
        let request = match (action, sim) {
            (Action::LinkSim, Some(sim)) => ActionRequest::LinkSim(sim),
            (Action::LinkSim, None) => return Err(Failure::Storage(self.lang.cli().no_sim_chosen.into())),
            (Action::CreateInvoiceItems, _) => {
                let products = self
                    .store
                    .order_products(order)
                    .map_err(|e| Failure::Storage(self.words().store(&e)))?
                    .ok_or_else(|| Failure::Storage(self.lang.cli().order_gone.into()))?;
                ActionRequest::CreateInvoiceItems(pricing::lines_for(&products, &self.catalog))
            }
            (Action::PortingDone, _) => ActionRequest::PortingDone,
            // *Stornieren* needs its reason: `cancel` carries it.
            (Action::Cancel, _) => return Err(Failure::Storage(self.lang.cli().cancel_needs_reason.into())),
        };
        self.carry_out(order, &request)
    }

    /// *Stornieren* for `reason`: frees the SIM, the number and the extension, ends the
    /// invoice items, and records the reason in the history.
    pub fn cancel(&mut self, order: i64, reason: CancelReason) -> Result<OrderStatus, Failure> {
        self.carry_out(order, &ActionRequest::Cancel(reason))
    }

    /// One action's transaction, its failures as the overview tells them.
    fn carry_out(&mut self, order: i64, request: &ActionRequest) -> Result<OrderStatus, Failure> {
        let now = (self.clock)();
        let words = self.words();
        self.store.act(order, request, &self.operator, now).map_err(|e| match e {
            ActionFailure::Refused(reason) => Failure::Refused(reason),
            ActionFailure::SimTaken { iccid, by_order } => Failure::SimTaken { iccid, by_order },
            other => Failure::Storage(other.message(words.lang, &words.db)),
        })
    }

    /// Free SIMs for a query: by the last four digits, or the one scanned ICCID.
    pub fn free_sims(&mut self, query: &SimQuery) -> Result<Vec<Sim>, StoreError> {
        self.store.free_sims(query)
    }

    /// Saves answers files in `dir` instead of the current directory.
    pub fn with_answers_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.answers_dir = dir.into();
        self
    }

    /// Carries out one effect and answers with the event it produced.
    pub fn handle(&mut self, effect: Effect) -> Option<Event> {
        Some(match effect {
            Effect::LoadCustomer(query) => match self.store.customer_context(&query) {
                Ok(context) => Event::CustomerLoaded(query.customer, Box::new(context)),
                Err(e) => Event::Refused(self.words().refusal(e)),
            },
            Effect::SearchCustomers { query, after, generation } => {
                match self.store.search_customers(&query, after.as_ref(), crate::wizard::CUSTOMER_PAGE) {
                    Ok(page) => Event::CustomersFound { generation, page, more: after.is_some() },
                    Err(e) => Event::Refused(self.words().refusal(e)),
                }
            }
            Effect::FindSims(query) => match self.free_sims(&query) {
                Ok(sims) => Event::SimsFound(query, sims),
                Err(e) => Event::Refused(self.words().refusal(e)),
            },
            Effect::SaveAnswers(file) => match self.save_answers(&file) {
                Ok(path) => Event::AnswersSaved(path),
                Err(e) => Event::Refused(Refusal::Storage(e)),
            },
            Effect::PlaceOrder(order) => self.place(&hash_pin(*order)),
            Effect::SaveDraft { id, draft } => {
                match self.store.save_draft_waiting(self.draft_wait, id, &self.operator, &draft, (self.clock)()) {
                    Ok(id) => Event::DraftSaved(id),
                    Err(StoreError::Busy) => Event::DraftNotSaved(SaveFailure::Busy),
                    Err(e) => Event::DraftNotSaved(SaveFailure::Storage(self.words().store(&e))),
                }
            }
            Effect::DiscardDraft(id) => {
                // Removed the same way as one the operator discards in the menu.
                let _ = self.menu(MenuEffect::DiscardDraft(id));
                return None;
            }
        })
    }

    /// Carries out one of the menu's effects (the operator's drafts).
    pub fn menu(&mut self, effect: MenuEffect) -> Option<MenuEvent> {
        Some(match effect {
            MenuEffect::DiscardDraft(id) => {
                // A draft that cannot be removed now is pruned by age later; nothing to tell.
                let _ = self.store.delete_draft(id);
                return None;
            }
            MenuEffect::ListDrafts => self.list_drafts(),
            MenuEffect::LoadDraft(id) => match self.store.draft(id) {
                Ok(Some(draft)) => MenuEvent::DraftLoaded(id, Box::new(draft)),
                // Gone meanwhile (placed or discarded in another terminal): show what is left.
                Ok(None) => self.list_drafts(),
                Err(e) => MenuEvent::Refused(self.words().refusal(e)),
            },
        })
    }

    fn list_drafts(&self) -> MenuEvent {
        match self.store.drafts_of(&self.operator, (self.clock)()) {
            Ok(list) => MenuEvent::DraftsListed(list),
            Err(e) => MenuEvent::Refused(self.words().refusal(e)),
        }
    }

    /// Places the order. The store waits for another program's write (busy timeout); if
    /// that is not enough, it is tried again a few times before the operator is asked to
    /// try later. The operator never sees SQLite's "database is locked".
    fn place(&mut self, request: &OrderRequest) -> Event {
        let ported = matches!(request.number, NumberAssignment::Port { .. });
        let words = self.words();
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.store.place_order(request, &self.operator, (self.clock)()) {
                Ok(placed) => return Event::Placed(placed),
                Err(PlaceError::Busy) if attempt < PLACE_ATTEMPTS => continue,
                Err(e) => return Event::Refused(words.place_refusal(e, ported)),
            }
        }
    }
}

/// Places the order on a connection of its own, for [`Driver::place_later`]: the same
/// attempts as [`Driver::place`], telling `report` when it waits for the lock and giving up
/// when the program quits.
fn place_apart(
    target: &crate::store::DbTarget,
    request: &OrderRequest,
    operator: &str,
    clock: fn() -> NaiveDateTime,
    report: &PlaceReport,
    words: &Words,
) -> Event {
    let mut store = match Store::open_target(target, crate::store::OpenMode::Create) {
        Ok(store) => store,
        Err(e) => return Event::Refused(words.refusal(e)),
    };
    let ported = matches!(request.number, NumberAssignment::Port { .. });
    let told = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut attempt = 0;
    loop {
        attempt += 1;
        let once = told.clone();
        let tell = report.waiting_fn();
        let waiting = Box::new(move || {
            if !once.swap(true, std::sync::atomic::Ordering::Relaxed) {
                tell();
            }
        });
        match store.place_order_watched(request, operator, clock(), waiting, report.stop_flag()) {
            Ok(placed) => return Event::Placed(placed),
            Err(PlaceError::Busy) if attempt < PLACE_ATTEMPTS && !report.stopped() => continue,
            Err(e) => return Event::Refused(words.place_refusal(e, ported)),
        }
    }
}

/// The order as the store takes it: the PIN replaced by its Argon2id hash.
pub fn hash_pin(order: OrderToPlace) -> OrderRequest {
    OrderRequest { pin_hash: pin_hash::hash(order.pin.expose()), ..order.request }
}

/// How the store's errors are worded for the operator: in the operator's language, naming
/// the database where the error does not (the screens show them as text).
struct Words {
    lang: Lang,
    /// The database, as `--db` names it (never a password).
    db: String,
}

impl Words {
    /// A store error in words.
    fn store(&self, e: &StoreError) -> String {
        e.message(self.lang, &self.db)
    }

    /// A store error as the wizard takes it.
    fn refusal(&self, e: StoreError) -> Refusal {
        match e {
            StoreError::Busy => Refusal::Busy,
            other => Refusal::Storage(self.store(&other)),
        }
    }

    /// The store's refusal of an order in the wizard's terms: which field to go back to.
    fn place_refusal(&self, e: PlaceError, ported: bool) -> Refusal {
        match e {
            PlaceError::Taken { item, by_order } => {
                let field = match item {
                    Taken::Sim(_) => Field::Sim,
                    Taken::Number(_) if ported => Field::PortNumber,
                    Taken::Number(_) => Field::Number,
                    Taken::Extension(_) => Field::Extension,
                    Taken::Username(_) => Field::Username,
                    Taken::UserHasMobile => Field::ExistingUser,
                };
                Refusal::Taken { field, by_order }
            }
            PlaceError::Refused { field, error } => Refusal::Rule { field, error },
            PlaceError::Busy => Refusal::Busy,
            other => Refusal::Storage(other.message(self.lang, &self.db)),
        }
    }
}

impl Driver<'_> {
    /// Writes the answers to a new file named for the customer and the time; never
    /// overwrites one. The file has no PIN ([`AnswersFile::to_toml`] leaves it out).
    fn save_answers(&self, file: &AnswersFile) -> Result<PathBuf, String> {
        let text = file.to_toml().map_err(|e| e.to_string())?;
        let customer = file.text(Field::Customer).unwrap_or("order");
        // Customer numbers are K-digits, but a file name must not take a path from data.
        let safe: String = customer.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        let stamp = (self.clock)().format("%Y%m%d-%H%M%S");
        let path = self.answers_dir.join(format!("order-{safe}-{stamp}.toml"));
        // Personal data: mode 0600, and never an existing file.
        let mut out = crate::private_files::create_new(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        out.write_all(text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(path)
    }
}

impl Backend for Driver<'_> {
    fn wizard(&mut self, effect: Effect) -> Option<Event> {
        self.handle(effect)
    }

    fn menu(&mut self, effect: MenuEffect) -> Option<MenuEvent> {
        Driver::menu(self, effect)
    }

    fn orders_seek(&mut self, query: &OrderQuery, seek: OrderSeek, limit: usize) -> Result<Vec<OrderRow>, String> {
        self.store.orders_seek(query, seek, limit).map_err(|e| self.words().store(&e))
    }

    fn count_orders(&mut self, query: &OrderQuery) -> Result<usize, String> {
        self.store.count_orders(query).map_err(|e| self.words().store(&e))
    }

    fn order_position(&mut self, query: &OrderQuery, id: i64) -> Result<Option<usize>, String> {
        self.store.order_position(query, id).map_err(|e| self.words().store(&e))
    }

    fn oldest_waiting_for_sim(&mut self, customer: i64) -> Result<Option<i64>, String> {
        let waiting = self.store.orders_waiting_for_sim(Some(customer)).map_err(|e| self.words().store(&e))?;
        Ok(waiting.first().map(|o| o.id))
    }

    fn order_detail(&mut self, id: i64) -> Result<Option<OrderDetail>, String> {
        self.store.order_detail(id).map_err(|e| self.words().store(&e))
    }

    fn free_sims(&mut self, query: &SimQuery) -> Result<Vec<Sim>, String> {
        Driver::free_sims(self, query).map_err(|e| self.words().store(&e))
    }

    fn act(&mut self, order: i64, action: Action, sim: Option<SimId>) -> Result<OrderStatus, Failure> {
        Driver::act(self, order, action, sim)
    }

    fn cancel(&mut self, order: i64, reason: CancelReason) -> Result<OrderStatus, Failure> {
        Driver::cancel(self, order, reason)
    }

    fn place_later(&mut self, order: Box<OrderToPlace>, report: PlaceReport) -> Result<(), Box<OrderToPlace>> {
        let kept = order.clone();
        let target = self.store.target().clone();
        let operator = self.operator.clone();
        let clock = self.clock;
        let words = self.words();
        let spawned = std::thread::Builder::new().name("placing".into()).spawn(move || {
            let event = place_apart(&target, &hash_pin(*order), &operator, clock, &report, &words);
            report.done(event);
        });
        // No thread to be had: placed at once, as before.
        spawned.map(drop).map_err(|_| kept)
    }

    fn draft_wait(&mut self, wait: Duration) {
        self.draft_wait = wait;
    }

    fn count_later(&mut self, query: OrderQuery, report: CountReport) -> Result<(), OrderQuery> {
        if self.counter.is_none() {
            let (tx, jobs) = std::sync::mpsc::channel();
            let target = self.store.target().clone();
            let words = self.words();
            // No thread to be had: counted at once, as before.
            if std::thread::Builder::new()
                .name("counting".into())
                .spawn(move || count_apart(&target, &jobs, &words))
                .is_err()
            {
                return Err(query);
            }
            self.counter = Some(tx);
        }
        let Some(counter) = self.counter.as_ref() else { return Err(query) };
        counter.send((query, report)).map_err(|std::sync::mpsc::SendError((query, _))| query)
    }
}

/// The counting thread: sleeps until a count is asked for (no CPU at rest), counts only the
/// newest of those waiting (older ones are superseded by the keys typed since), and ends when
/// the driver is gone.
fn count_apart(
    target: &crate::store::DbTarget,
    jobs: &std::sync::mpsc::Receiver<(OrderQuery, CountReport)>,
    words: &Words,
) {
    let mut store: Option<Store> = None;
    while let Ok(mut job) = jobs.recv() {
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let (query, report) = job;
        let total = match store.as_ref() {
            Some(s) => s.count_orders(&query).map_err(|e| words.store(&e)),
            None => match Store::open_target(target, crate::store::OpenMode::MustExist) {
                Ok(s) => store.insert(s).count_orders(&query).map_err(|e| words.store(&e)),
                Err(e) => Err(words.store(&e)),
            },
        };
        report.done(total);
    }
}

/// The local wall clock, for the real program.
pub fn wall_clock() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::order;
    use crate::domain::testkit::{Fixture, valid_answers};

    #[test]
    fn the_driver_hashes_the_pin_the_wizard_carried() {
        let fx = Fixture::new();
        let mut a = valid_answers();
        for pin in ["4711", "0000"] {
            a.pin = pin.into();
            let placing = order::build(&a, &fx.facts()).unwrap();
            let expected = OrderRequest { pin_hash: String::new(), ..placing.request.clone() };
            let req = hash_pin(placing);
            assert!(pin_hash::verify(pin, &req.pin_hash), "{}", req.pin_hash);
            assert!(!req.pin_hash.contains(pin), "{}", req.pin_hash);
            assert_eq!(OrderRequest { pin_hash: String::new(), ..req }, expected, "nothing else changes");
        }
    }
}
