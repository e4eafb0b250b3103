//! Placed orders as the overview shows them: the query, the table rows and the detail.

use crate::domain::field::OrderTexts;
use crate::domain::lifecycle::{HistoryReason, OrderState, OrderStatus};
use crate::domain::model::CustomerId;

/// The state filter of the overview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateFilter {
    /// *wartet auf SIM*
    WaitingForSim,
    /// *wartet auf Portierung*
    WaitingForPort,
    /// *aktiv*
    Active,
    /// *storniert*
    Cancelled,
}

impl StateFilter {
    /// All filters, in the order the overview cycles through them.
    pub const ALL: [StateFilter; 4] =
        [StateFilter::WaitingForSim, StateFilter::WaitingForPort, StateFilter::Active, StateFilter::Cancelled];
}

/// Which orders the overview lists.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct OrderQuery {
    pub state: Option<StateFilter>,
    pub customer: Option<CustomerId>,
    /// Free text over order number, customer name and number, user, reference, phone number
    /// (any spelling), ICCID and extension (`domain::search`).
    pub text: String,
    /// Oldest first (the field technician's view) instead of newest first.
    pub oldest_first: bool,
}

/// One row of the overview table.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct OrderRow {
    pub id: i64,
    pub order_no: String,
    /// `YYYY-MM-DD HH:MM:SS`, local time.
    pub created_at: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub customer_number: String,
    /// The user's real name (first and last name); the order's display name may differ.
    pub user: String,
    /// The user's user name.
    pub username: String,
    pub voice: String,
    pub reference: String,
    pub status: OrderStatus,
}

impl OrderRow {
    /// The user as the overview names him: "Claudia Meier (claudia.meier)".
    pub fn user_label(&self) -> String {
        if self.user.is_empty() { self.username.clone() } else { format!("{} ({})", self.user, self.username) }
    }
}

/// A page of the overview: the rows from `offset` on, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct OrderPage {
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<OrderRow>,
}

/// An entry of an order's state history.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct StateChange {
    pub at: String,
    pub operator: String,
    pub from: Option<OrderState>,
    pub to: OrderState,
    /// What happened, read from its stored id; shown in the UI language.
    pub reason: HistoryReason,
}

/// An invoice item as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct InvoiceItem {
    pub text: String,
    pub amount_cents: i64,
    /// `one_time` or `monthly`.
    pub charge: String,
    pub start_date: String,
    pub term_months: u16,
    /// The last day billed, for an item ended by cancelling the order.
    pub end_date: Option<String>,
}

/// Everything about one order, for the detail view.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct OrderDetail {
    pub row: OrderRow,
    pub operator: String,
    pub portfolio: String,
    /// The fields kept as text in the order (the reference...), shown "label value".
    pub texts: OrderTexts,
    pub start_date: String,
    pub term: String,
    pub data: String,
    pub sms: String,
    pub addons: Vec<String>,
    pub username: String,
    pub sim_option: String,
    pub iccid: Option<String>,
    pub number_type: String,
    pub e164: String,
    pub donor: Option<String>,
    pub port_date: Option<String>,
    pub extension: String,
    pub display_name: String,
    pub area_code: String,
    pub pin_must_change: bool,
    pub invoice_items: Vec<InvoiceItem>,
    pub history: Vec<StateChange>,
}
