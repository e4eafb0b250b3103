//! What the terminal needs done outside itself: database work. The runner implements it, so
//! the terminal never touches SQL and tests drive it against a real database.

use crate::domain::lifecycle::{Action, CancelReason, Failure, OrderStatus};
use crate::domain::model::{Sim, SimId};
use crate::domain::orders::{OrderDetail, OrderPage, OrderQuery};
use crate::wizard::{Effect, Event};

/// The terminal's access to the world.
pub trait Backend {
    /// Carries out a wizard effect; answers with the event it produced.
    fn wizard(&mut self, effect: Effect) -> Option<Event>;
    /// A page of the order overview.
    fn orders_page(&mut self, query: &OrderQuery, offset: usize, limit: usize) -> Result<OrderPage, String>;
    /// Where an order stands in a query's rows.
    fn order_position(&mut self, query: &OrderQuery, id: i64) -> Result<Option<usize>, String>;
    /// The oldest order of a customer that waits for a SIM.
    fn oldest_waiting_for_sim(&mut self, customer: i64) -> Result<Option<i64>, String>;
    /// Everything about one order.
    fn order_detail(&mut self, id: i64) -> Result<Option<OrderDetail>, String>;
    /// Free SIMs for what was typed into *SIM verbinden* (four digits or a full ICCID).
    fn free_sims(&mut self, query: &str) -> Result<Vec<Sim>, String>;
    /// Carries out an action on an order; `sim` for *SIM verbinden*. *Stornieren* goes
    /// through [`Backend::cancel`], which carries its reason.
    fn act(&mut self, order: i64, action: Action, sim: Option<SimId>) -> Result<OrderStatus, Failure>;
    /// *Stornieren* for a reason from the short list.
    fn cancel(&mut self, order: i64, reason: CancelReason) -> Result<OrderStatus, Failure>;
    /// How long a draft save may wait for another program's lock from now on. While the
    /// operator works a save never holds up a key (it is tried again later); the terminal
    /// loop raises this for the last save on the way out.
    fn draft_wait(&mut self, _wait: std::time::Duration) {}
}
