//! What the terminal needs done outside itself: database work. The driver implements it, so
//! the terminal never touches SQL and tests drive it against a real database.

use crate::domain::lifecycle::{Action, CancelReason, Failure, OrderStatus};
use crate::domain::lookup::OrderSeek;
use crate::domain::model::{Sim, SimId};
use crate::domain::order::OrderToPlace;
use crate::domain::orders::{OrderDetail, OrderQuery, OrderRow};
use crate::domain::rules::iccid::SimQuery;
use crate::wizard::{Effect, Event, MenuEffect, MenuEvent};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;

/// The terminal's access to the world.
pub trait Backend {
    /// Carries out a wizard effect; answers with the event it produced.
    fn wizard(&mut self, effect: Effect) -> Option<Event>;
    /// Carries out a menu effect (the operator's drafts); answers with the event it produced.
    fn menu(&mut self, effect: MenuEffect) -> Option<MenuEvent>;
    /// Up to `limit` rows of the order overview from `seek` (keyset paging), in list order.
    fn orders_seek(&mut self, query: &OrderQuery, seek: OrderSeek, limit: usize) -> Result<Vec<OrderRow>, String>;
    /// How many orders match the query.
    fn count_orders(&mut self, query: &OrderQuery) -> Result<usize, String>;
    /// Where an order stands in a query's rows.
    fn order_position(&mut self, query: &OrderQuery, id: i64) -> Result<Option<usize>, String>;
    /// The oldest order of a customer that waits for a SIM.
    fn oldest_waiting_for_sim(&mut self, customer: i64) -> Result<Option<i64>, String>;
    /// Everything about one order.
    fn order_detail(&mut self, id: i64) -> Result<Option<OrderDetail>, String>;
    /// Free SIMs for what was typed into *SIM verbinden* (four digits or a full ICCID).
    fn free_sims(&mut self, query: &SimQuery) -> Result<Vec<Sim>, String>;
    /// Carries out an action on an order; `sim` for *SIM verbinden*. *Stornieren* goes
    /// through [`Backend::cancel`], which carries its reason.
    fn act(&mut self, order: i64, action: Action, sim: Option<SimId>) -> Result<OrderStatus, Failure>;
    /// *Stornieren* for a reason from the short list.
    fn cancel(&mut self, order: i64, reason: CancelReason) -> Result<OrderStatus, Failure>;
    /// How long a draft save may wait for another program's lock from now on. While the
    /// operator works a save never holds up a key (it is tried again later); the terminal
    /// loop raises this for the last save on the way out.
    fn draft_wait(&mut self, _wait: std::time::Duration) {}
    /// Starts placing the order on a thread of its own, so the screen can say that it waits
    /// for another program's lock and the loop still takes Ctrl+C and signals; the news come
    /// through `report`. Gives the request back when it can't (then it is placed at once,
    /// through [`Backend::wizard`]).
    fn place_later(&mut self, request: Box<OrderToPlace>, _report: PlaceReport) -> Result<(), Box<OrderToPlace>> {
        Err(request)
    }
    /// Starts counting the query's orders on a connection and thread of their own, so a
    /// slow count never holds up a key; the total comes through `report`. A count asked for
    /// while an older one waits supersedes it. Gives the query back when it can't (then it is
    /// counted at once, through [`Backend::count_orders`]).
    fn count_later(&mut self, query: OrderQuery, _report: CountReport) -> Result<(), OrderQuery> {
        Err(query)
    }
}

/// A count made in the background: the total, and which request it answers.
#[derive(Debug)]
pub struct CountNews {
    /// The request's generation: only the newest request's count is shown.
    pub generation: u64,
    /// How many orders match, or why not.
    pub total: Result<usize, String>,
}

/// The background count's line back to the terminal loop: the answer wakes it.
pub struct CountReport {
    pub(super) tx: Sender<CountNews>,
    pub(super) generation: u64,
}

impl CountReport {
    /// Hands the total over.
    pub fn done(self, total: Result<usize, String>) {
        let _ = self.tx.send(CountNews { generation: self.generation, total });
        super::wake::notify();
    }
}

/// What a placement running in the background tells the terminal.
#[derive(Debug)]
pub enum PlaceNews {
    /// It waits for another program's lock.
    Waiting,
    /// It is done: [`Event::Placed`] or [`Event::Refused`].
    Done(Event),
}

/// The background placement's line back to the terminal loop: each piece of news wakes it.
pub struct PlaceReport {
    pub(super) tx: Sender<PlaceNews>,
    pub(super) stop: Arc<AtomicBool>,
}

impl PlaceReport {
    /// Tells the loop the placement waits for the lock.
    pub fn waiting(&self) {
        (self.waiting_fn())();
    }

    /// [`PlaceReport::waiting`] as a function of its own, for the store's busy handler.
    pub fn waiting_fn(&self) -> impl Fn() + Send + 'static {
        let tx = self.tx.clone();
        move || {
            let _ = tx.send(PlaceNews::Waiting);
            super::wake::notify();
        }
    }

    /// Hands the result over.
    pub fn done(self, event: Event) {
        let _ = self.tx.send(PlaceNews::Done(event));
        super::wake::notify();
    }

    /// Set when the program quits: the wait for the lock should give up at once.
    pub fn stop_flag(&self) -> Arc<AtomicBool> {
        self.stop.clone()
    }

    /// Whether the program quits.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}
