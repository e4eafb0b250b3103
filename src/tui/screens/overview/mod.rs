//! *Bestellübersicht*: the table of placed orders, its filters, the detail view and the
//! *Aktionen* on the selected order. The fast path for field technicians is `s` on a row:
//! *SIM verbinden* straight away.
//!
//! Like the wizard, the overview is events in, effects out: a key changes its state and
//! returns [`OverviewEffect`]s (read a page, look up SIMs, carry out an action); the app
//! carries them out with its [`Backend`] and hands the results back as [`OverviewEvent`]s.
//! No key handler touches the store.

mod keys;
mod view;

pub use keys::Outcome;
pub use view::Ctx;

use crate::domain::lifecycle::{Action, CancelReason, Failure, OrderStatus};
use crate::domain::lookup::OrderSeek;
use crate::domain::model::{CustomerId, Sim, SimId};
use crate::domain::orders::{OrderDetail, OrderPage, OrderQuery, OrderRow};
use crate::domain::rules::iccid::SimQuery;
use crate::tui::backend::Backend;
use crate::tui::widgets::TextField;
use std::cell::Cell;

/// How many rows are fetched around the selection.
const WINDOW: usize = 200;

/// Where a fetched window stands among all matching rows: its first row's position, or the
/// position just after its last row (a window read backwards from a known row, or the last).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The first row fetched is at this position.
    Start(usize),
    /// The last row fetched is just before this position.
    End(usize),
}
/// How close the selection may come to the window's edge before it is fetched anew.
const MARGIN: usize = 60;

/// What the overview shows on top of the table.
pub(super) enum Mode {
    Table,
    Detail {
        detail: Box<OrderDetail>,
        scroll: u16,
    },
    Actions {
        row: OrderRow,
        actions: Vec<Action>,
        highlight: usize,
    },
    LinkSim {
        row: OrderRow,
        input: TextField,
        candidates: Vec<Sim>,
        highlight: usize,
        error: Option<String>,
    },
    /// *Stornieren*: the reason chosen from the short list, none at first.
    ConfirmCancel {
        row: OrderRow,
        chosen: Option<usize>,
    },
}

/// A line for the operator after an action: what happened, or why not.
pub(super) struct Message {
    pub text: String,
    pub error: bool,
}

/// The overview's state.
pub struct Overview {
    pub(super) query: OrderQuery,
    pub(super) page: OrderPage,
    /// The selected row, counted over all matching orders.
    pub(super) selected: usize,
    /// The free-text filter while it is being typed.
    pub(super) text: Option<TextField>,
    pub(super) mode: Mode,
    pub(super) message: Option<Message>,
    /// Rows the last frame had room for; PgUp/PgDn move by it.
    pub(super) page_rows: Cell<usize>,
    /// *SIM verbinden*: the candidate picked with Enter, until the lookup answers.
    link_pick: Option<SimId>,
    /// The count (`page.total`) belongs to the query shown: counted, or told by a first
    /// window that was not full.
    pub(super) total_known: bool,
}

/// Work the overview asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum OverviewEffect {
    /// Read a window of the query's rows from a known row (keyset paging, never `OFFSET`);
    /// answer with [`OverviewEvent::Page`].
    Fetch {
        /// The filters.
        query: OrderQuery,
        /// Where to read from.
        seek: OrderSeek,
        /// Where the rows read stand.
        at: Anchor,
    },
    /// Count the query's rows; answer with [`OverviewEvent::Count`].
    Count(OrderQuery),
    /// Find where an order stands in the query's rows; answer with
    /// [`OverviewEvent::Position`].
    Position {
        /// The filters.
        query: OrderQuery,
        /// The order.
        id: i64,
    },
    /// The customer's oldest order waiting for a SIM; answer with
    /// [`OverviewEvent::OldestWaiting`].
    OldestWaitingForSim(CustomerId),
    /// Everything about one order; answer with [`OverviewEvent::Detail`].
    Detail(i64),
    /// Free SIMs for what was typed into *SIM verbinden*; answer with
    /// [`OverviewEvent::SimsFound`].
    FreeSims(SimQuery),
    /// Carry out an action (*SIM verbinden* with its SIM); answer with
    /// [`OverviewEvent::Done`].
    Act {
        /// The order, as the table showed it.
        row: Box<OrderRow>,
        /// What to do.
        action: Action,
        /// The SIM for *SIM verbinden*.
        sim: Option<SimId>,
    },
    /// *Stornieren* for a reason; answer with [`OverviewEvent::Done`].
    Cancel {
        /// The order, as the table showed it.
        row: Box<OrderRow>,
        /// Why.
        reason: CancelReason,
    },
}

/// What came back from the store.
#[derive(Debug, Clone)]
pub enum OverviewEvent {
    /// Rows of the query, or why not (`total` is the count's, [`OverviewEvent::Count`]).
    Page(Result<OrderPage, String>),
    /// How many rows the query has.
    Count(Result<usize, String>),
    /// Where the order `id` stands, if it is listed.
    Position {
        /// The order asked about.
        id: i64,
        /// Its position, or why not.
        at: Result<Option<usize>, String>,
    },
    /// The customer's oldest order waiting for a SIM, if any.
    OldestWaiting(Option<i64>),
    /// Everything about the order, if it exists.
    Detail(Result<Option<Box<OrderDetail>>, String>),
    /// The free SIMs for the query.
    SimsFound(Result<Vec<Sim>, String>),
    /// An action was carried out, or refused.
    Done {
        /// The order, as the table showed it.
        row: Box<OrderRow>,
        /// What was done.
        action: Action,
        /// Its new status, or why not.
        result: Result<OrderStatus, Failure>,
    },
}

impl OverviewEffect {
    /// Carries the effect out with `backend`: the one place where the overview's work
    /// meets the store.
    pub fn run(self, backend: &mut dyn Backend) -> OverviewEvent {
        match self {
            OverviewEffect::Fetch { query, seek, at } => {
                OverviewEvent::Page(backend.orders_seek(&query, seek, WINDOW).map(|rows| {
                    let offset = match at {
                        Anchor::Start(offset) => offset,
                        Anchor::End(end) => end.saturating_sub(rows.len()),
                    };
                    OrderPage { total: 0, offset, rows }
                }))
            }
            OverviewEffect::Count(query) => OverviewEvent::Count(backend.count_orders(&query)),
            OverviewEffect::Position { query, id } => {
                OverviewEvent::Position { id, at: backend.order_position(&query, id) }
            }
            OverviewEffect::OldestWaitingForSim(c) => {
                OverviewEvent::OldestWaiting(backend.oldest_waiting_for_sim(c).ok().flatten())
            }
            OverviewEffect::Detail(id) => OverviewEvent::Detail(backend.order_detail(id).map(|d| d.map(Box::new))),
            OverviewEffect::FreeSims(query) => OverviewEvent::SimsFound(backend.free_sims(&query)),
            OverviewEffect::Act { row, action, sim } => {
                let result = backend.act(row.id, action, sim);
                OverviewEvent::Done { row, action, result }
            }
            OverviewEffect::Cancel { row, reason } => {
                let result = backend.cancel(row.id, reason);
                OverviewEvent::Done { row, action: Action::Cancel, result }
            }
        }
    }
}

impl Overview {
    /// Opens the overview. With a customer in focus it is filtered to that customer, and the
    /// customer's oldest order waiting for a SIM is selected: the field technician's order.
    pub fn open(customer: Option<CustomerId>) -> (Self, Vec<OverviewEffect>) {
        let mut o = Overview {
            query: OrderQuery { customer, ..OrderQuery::default() },
            page: OrderPage::default(),
            selected: 0,
            text: None,
            mode: Mode::Table,
            message: None,
            page_rows: Cell::new(10),
            link_pick: None,
            total_known: false,
        };
        let mut effects = o.reload();
        effects.extend(customer.map(OverviewEffect::OldestWaitingForSim));
        (o, effects)
    }

    /// Counts and reads the rows around the selection afresh (after a filter change or an
    /// action): from the row before the window's start when it is loaded, else from the top.
    pub(super) fn reload(&mut self) -> Vec<OverviewEffect> {
        let want = self.selected.saturating_sub(WINDOW / 2);
        let fetch = match want.checked_sub(1).and_then(|p| self.row_at(p)) {
            Some(before) => self.fetch(OrderSeek::After(before.id), Anchor::Start(want)),
            None => {
                self.selected = self.selected.min(WINDOW / 2);
                self.fetch(OrderSeek::First, Anchor::Start(0))
            }
        };
        self.total_known = false;
        vec![OverviewEffect::Count(self.query.clone()), fetch]
    }

    /// Whether the count is still to be asked for.
    pub fn wants_count(&self) -> bool {
        !self.total_known
    }

    fn fetch(&self, seek: OrderSeek, at: Anchor) -> OverviewEffect {
        OverviewEffect::Fetch { query: self.query.clone(), seek, at }
    }

    /// The loaded row at a position among all matching rows.
    fn row_at(&self, position: usize) -> Option<&OrderRow> {
        position.checked_sub(self.page.offset).and_then(|i| self.page.rows.get(i))
    }

    /// Makes sure the rows near the selection are loaded: a window read on from a loaded row
    /// (keyset paging, so any page costs what the first does), the first rows, or the last.
    pub(super) fn ensure_loaded(&self) -> Vec<OverviewEffect> {
        let (start, total) = (self.page.offset, self.page.total);
        let end = start + self.page.rows.len();
        let low_ok = start == 0 || self.selected >= start + MARGIN;
        let high_ok = end >= total || self.selected + MARGIN <= end;
        if low_ok && high_ok {
            return Vec::new();
        }
        let want = self.selected.saturating_sub(WINDOW / 2);
        if want == 0 {
            return vec![self.fetch(OrderSeek::First, Anchor::Start(0))];
        }
        if self.selected + WINDOW / 2 >= total {
            return vec![self.fetch(OrderSeek::Last, Anchor::End(total))];
        }
        let fetch = if high_ok {
            // Backwards: the window ends at the row after it, or at the loaded window's end.
            let until = (want + WINDOW).min(end.saturating_sub(1));
            self.row_at(until).map(|r| self.fetch(OrderSeek::Before(r.id), Anchor::End(until)))
        } else {
            self.row_at(want - 1).map(|r| self.fetch(OrderSeek::After(r.id), Anchor::Start(want)))
        };
        fetch.into_iter().collect()
    }

    /// The window that starts at the order `id`, standing at `position` (the customer's
    /// oldest order waiting for a SIM): read on from just before it.
    pub(super) fn window_at(&self, id: i64, position: usize) -> OverviewEffect {
        // After an id that is not listed: the ids next to it in the list's direction.
        let before = if self.query.oldest_first { id - 1 } else { id + 1 };
        self.fetch(OrderSeek::After(before), Anchor::Start(position))
    }

    /// The customer the overview is filtered to, if any: it stays in focus after Esc.
    pub fn customer(&self) -> Option<CustomerId> {
        self.query.customer
    }

    /// The selected row, if loaded.
    pub(super) fn selected_row(&self) -> Option<&OrderRow> {
        self.selected.checked_sub(self.page.offset).and_then(|i| self.page.rows.get(i))
    }
}
