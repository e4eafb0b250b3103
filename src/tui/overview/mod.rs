//! *Bestellübersicht*: the table of placed orders, its filters, the detail view and the
//! *Aktionen* on the selected order. The fast path for field technicians is `s` on a row:
//! *SIM verbinden* straight away.

mod keys;
mod view;

pub use keys::Outcome;
pub use view::Ctx;

use super::backend::Backend;
use super::widgets::TextField;
use crate::domain::lifecycle::Action;
use crate::domain::model::{CustomerId, Sim};
use crate::domain::orders::{OrderDetail, OrderPage, OrderQuery, OrderRow};
use std::cell::Cell;

/// How many rows are fetched around the selection.
const WINDOW: usize = 200;
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
}

impl Overview {
    /// Opens the overview. With a customer in focus it is filtered to that customer, and the
    /// customer's oldest order waiting for a SIM is selected: the field technician's order.
    pub fn open(backend: &mut dyn Backend, customer: Option<CustomerId>) -> Self {
        let mut o = Overview {
            query: OrderQuery { customer, ..OrderQuery::default() },
            page: OrderPage::default(),
            selected: 0,
            text: None,
            mode: Mode::Table,
            message: None,
            page_rows: Cell::new(10),
        };
        o.reload(backend);
        if let Some(c) = customer {
            let oldest = backend.oldest_waiting_for_sim(c).ok().flatten();
            o.select_order(backend, oldest);
        }
        o
    }

    /// Reads the rows around the selection afresh (after a filter change or an action).
    pub(super) fn reload(&mut self, backend: &mut dyn Backend) {
        self.fetch(backend, self.selected.saturating_sub(WINDOW / 2));
        self.selected = self.selected.min(self.page.total.saturating_sub(1));
    }

    fn fetch(&mut self, backend: &mut dyn Backend, offset: usize) {
        match backend.orders_page(&self.query, offset, WINDOW) {
            Ok(page) => self.page = page,
            Err(e) => self.message = Some(Message { text: e, error: true }),
        }
    }

    /// Makes sure the rows near the selection are loaded.
    pub(super) fn ensure_loaded(&mut self, backend: &mut dyn Backend) {
        let start = self.page.offset;
        let end = start + self.page.rows.len();
        let low_ok = start == 0 || self.selected >= start + MARGIN;
        let high_ok = end >= self.page.total || self.selected + MARGIN <= end;
        if !(low_ok && high_ok) {
            self.fetch(backend, self.selected.saturating_sub(WINDOW / 2));
        }
    }

    /// Selects an order by id, if it is in the list.
    fn select_order(&mut self, backend: &mut dyn Backend, id: Option<i64>) {
        let Some(id) = id else { return };
        if let Ok(Some(position)) = backend.order_position(&self.query, id) {
            self.selected = position;
            self.ensure_loaded(backend);
        }
    }

    /// The selected row, if loaded.
    pub(super) fn selected_row(&self) -> Option<&OrderRow> {
        self.selected.checked_sub(self.page.offset).and_then(|i| self.page.rows.get(i))
    }
}
