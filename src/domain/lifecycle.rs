//! What happens to an order after it is placed: its states, the actions of the order
//! overview (*Aktionen*) and which of them fit which state.
//!
//! `pending` waits for a SIM and/or a porting; when nothing is left to wait for the order is
//! `active`; `cancelled` is final and keeps the order and its history.

/// The state of an order, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum OrderState {
    Pending,
    Active,
    Cancelled,
}

impl OrderState {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::Pending => "pending",
            OrderState::Active => "active",
            OrderState::Cancelled => "cancelled",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<OrderState> {
        match s {
            "pending" => Some(OrderState::Pending),
            "active" => Some(OrderState::Active),
            "cancelled" => Some(OrderState::Cancelled),
            _ => None,
        }
    }
}

/// Everything that decides which actions fit an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct OrderStatus {
    pub state: OrderState,
    pub waits_for_sim: bool,
    pub waits_for_port: bool,
    /// Invoice items were created automatically with the order.
    pub auto_invoice: bool,
    /// The order has invoice items (automatic or created later).
    pub invoiced: bool,
}

/// An action of the *Aktionen* menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// *SIM verbinden*: link a SIM to an order placed with "SIM later".
    LinkSim,
    /// *Rechnungspositionen erzeugen*: for orders placed without automatic invoice items.
    CreateInvoiceItems,
    /// *Portierung abgeschlossen*.
    PortingDone,
    /// *Stornieren*: frees the SIM, the number and the extension, and ends the invoice items.
    Cancel,
}

impl Action {
    /// All actions, in menu order.
    pub const ALL: [Action; 4] = [Action::LinkSim, Action::CreateInvoiceItems, Action::PortingDone, Action::Cancel];
}

/// Why an order was cancelled: the short list *Stornieren* offers. Stored by its id, so a
/// history written in one language reads in the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CancelReason {
    /// *Kundenwunsch*
    CustomerRequest,
    /// *Falsche Angaben*
    WrongData,
    /// *Doppelt bestellt*
    Duplicate,
    /// *Sonstiges*
    Other,
}

impl CancelReason {
    /// All reasons, in the order *Stornieren* lists them.
    pub const ALL: [CancelReason; 4] =
        [CancelReason::CustomerRequest, CancelReason::WrongData, CancelReason::Duplicate, CancelReason::Other];

    /// The stable id stored in the history and shown in CSV and JSON exports.
    pub fn as_str(self) -> &'static str {
        match self {
            CancelReason::CustomerRequest => "customer_request",
            CancelReason::WrongData => "wrong_data",
            CancelReason::Duplicate => "duplicate",
            CancelReason::Other => "other",
        }
    }

    /// Reads a stored id.
    pub fn parse(s: &str) -> Option<CancelReason> {
        CancelReason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// What an entry of the state history records. Stored as text by [`HistoryReason::to_stored`]
/// and read back by [`HistoryReason::parse`], which also reads the English sentences that
/// earlier versions stored; the screen and the exports put it into the UI language.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum HistoryEvent {
    /// The order was placed.
    Placed,
    /// *SIM verbinden*, with the ICCID.
    SimLinked(String),
    /// *Rechnungspositionen erzeugen*.
    InvoiceItemsCreated,
    /// *Portierung abgeschlossen*.
    PortingDone,
    /// *Stornieren*; no reason in histories written before reasons were asked for.
    Cancelled {
        reason: Option<CancelReason>,
        /// Invoice items that now end on the cancel day.
        ended: usize,
        /// Invoice items removed because they were never billed.
        dropped: usize,
    },
    /// Text this program does not know (kept and shown as it is).
    Unknown(String),
}

/// An entry's reason: the event and what the order still waits for afterwards.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct HistoryReason {
    pub event: HistoryEvent,
    pub waits_for_sim: bool,
    pub waits_for_port: bool,
}

impl HistoryReason {
    /// A reason for `event`, with what `after` still waits for.
    pub fn new(event: HistoryEvent, after: OrderStatus) -> Self {
        let pending = after.state == OrderState::Pending;
        HistoryReason {
            event,
            waits_for_sim: pending && after.waits_for_sim,
            waits_for_port: pending && after.waits_for_port,
        }
    }

    /// The stored text: an event id with its detail, then what is awaited, e.g.
    /// `sim_linked:8949…;waits:porting`, `cancelled:duplicate;ended:3;dropped:1`. A
    /// placement is stored as what it waits for alone (`sim,porting`, or empty).
    pub fn to_stored(&self) -> String {
        let mut parts = match &self.event {
            HistoryEvent::Placed => return self.waits(),
            HistoryEvent::SimLinked(iccid) => vec![format!("sim_linked:{iccid}")],
            HistoryEvent::InvoiceItemsCreated => vec!["invoice_items_created".to_string()],
            HistoryEvent::PortingDone => vec!["porting_done".to_string()],
            HistoryEvent::Cancelled { reason, ended, dropped } => {
                let mut p = vec![match reason {
                    Some(r) => format!("cancelled:{}", r.as_str()),
                    None => "cancelled".to_string(),
                }];
                if *ended > 0 {
                    p.push(format!("ended:{ended}"));
                }
                if *dropped > 0 {
                    p.push(format!("dropped:{dropped}"));
                }
                p
            }
            HistoryEvent::Unknown(text) => return text.clone(),
        };
        let waits = self.waits();
        if !waits.is_empty() {
            parts.push(format!("waits:{waits}"));
        }
        parts.join(";")
    }

    /// `sim`, `porting`, `sim,porting` or empty.
    fn waits(&self) -> String {
        let mut w = Vec::new();
        if self.waits_for_sim {
            w.push("sim");
        }
        if self.waits_for_port {
            w.push("porting");
        }
        w.join(",")
    }

    /// Reads a stored reason, of this version or an earlier one.
    pub fn parse(stored: &str) -> HistoryReason {
        let mut r = HistoryReason { event: HistoryEvent::Unknown(stored.to_string()), ..HistoryReason::placed() };
        // A placement: what it waits for alone.
        if let Some((sim, port)) = waits_list(stored) {
            return HistoryReason { event: HistoryEvent::Placed, waits_for_sim: sim, waits_for_port: port };
        }
        let mut parts = stored.split(';').map(str::trim);
        let head = parts.next().unwrap_or_default();
        let (mut ended, mut dropped) = (0, 0);
        for part in parts {
            let (key, value) = part.split_once(':').unwrap_or(("", part));
            // Earlier versions wrote "waits for porting".
            let waits = value.strip_prefix("waits for ").or((key == "waits").then_some(value));
            match (key, waits) {
                (_, Some(w)) => match waits_list(w) {
                    Some((sim, port)) => (r.waits_for_sim, r.waits_for_port) = (sim, port),
                    None => return r,
                },
                ("ended", None) => ended = value.parse().unwrap_or(0),
                ("dropped", None) => dropped = value.parse().unwrap_or(0),
                _ => return r,
            }
        }
        let (name, detail) = match head.split_once(':') {
            Some((n, d)) => (n.trim(), Some(d.trim())),
            None => (head, None),
        };
        r.event = match (name, detail) {
            ("sim_linked" | "sim linked", Some(iccid)) => HistoryEvent::SimLinked(iccid.to_string()),
            ("invoice_items_created" | "invoice items created", None) => HistoryEvent::InvoiceItemsCreated,
            ("porting_done" | "porting done", None) => HistoryEvent::PortingDone,
            ("cancelled", None) => HistoryEvent::Cancelled { reason: None, ended, dropped },
            ("cancelled", Some(id)) => match CancelReason::parse(id) {
                Some(reason) => HistoryEvent::Cancelled { reason: Some(reason), ended, dropped },
                None => return r,
            },
            _ => return r,
        };
        r
    }

    /// A placement that waits for nothing.
    fn placed() -> HistoryReason {
        HistoryReason { event: HistoryEvent::Placed, waits_for_sim: false, waits_for_port: false }
    }
}

/// `sim`, `porting`, `sim,porting` (or empty) as the two flags; `None` for anything else.
fn waits_list(s: &str) -> Option<(bool, bool)> {
    let (mut sim, mut port) = (false, false);
    for w in s.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        match w {
            "sim" => sim = true,
            "porting" => port = true,
            _ => return None,
        }
    }
    Some((sim, port))
}

/// Why an action does not fit the order's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum ActionError {
    #[error("the order does not wait for a SIM")]
    NotWaitingForSim,
    #[error("the order does not wait for a porting")]
    NotWaitingForPort,
    #[error("the order already has invoice items")]
    AlreadyInvoiced,
    #[error("the order is cancelled")]
    Cancelled,
}

/// Why an action was not carried out, as the overview tells the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum Failure {
    /// The action does not fit the order's state (any more).
    Refused(ActionError),
    /// The SIM was taken in the meantime, by the order named if known.
    SimTaken { iccid: String, by_order: Option<String> },
    /// The database could not be read or written.
    Storage(String),
}

/// Whether `action` fits an order in `status`.
pub fn check(action: Action, status: OrderStatus) -> Result<(), ActionError> {
    if status.state == OrderState::Cancelled {
        return Err(ActionError::Cancelled);
    }
    match action {
        Action::LinkSim if !status.waits_for_sim => Err(ActionError::NotWaitingForSim),
        Action::PortingDone if !status.waits_for_port => Err(ActionError::NotWaitingForPort),
        Action::CreateInvoiceItems if status.auto_invoice || status.invoiced => Err(ActionError::AlreadyInvoiced),
        _ => Ok(()),
    }
}

/// The actions that fit, in menu order.
pub fn allowed(status: OrderStatus) -> Vec<Action> {
    Action::ALL.into_iter().filter(|a| check(*a, status).is_ok()).collect()
}

/// The status after `action` (which must fit). The order becomes active once it waits for
/// nothing.
pub fn after(action: Action, status: OrderStatus) -> OrderStatus {
    let mut next = status;
    match action {
        Action::LinkSim => next.waits_for_sim = false,
        Action::PortingDone => next.waits_for_port = false,
        Action::CreateInvoiceItems => next.invoiced = true,
        Action::Cancel => {
            // A cancelled order waits for nothing any more; the history keeps what it did.
            next.state = OrderState::Cancelled;
            next.waits_for_sim = false;
            next.waits_for_port = false;
        }
    }
    if next.state == OrderState::Pending && !next.waits_for_sim && !next.waits_for_port {
        next.state = OrderState::Active;
    }
    next
}

/// The reason stored with a `pending` state: what the order waits for.
pub fn pending_reason(status: OrderStatus) -> String {
    let mut reasons = Vec::new();
    if status.waits_for_sim {
        reasons.push("sim");
    }
    if status.waits_for_port {
        reasons.push("porting");
    }
    reasons.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(state: OrderState, sim: bool, port: bool, auto: bool, invoiced: bool) -> OrderStatus {
        OrderStatus { state, waits_for_sim: sim, waits_for_port: port, auto_invoice: auto, invoiced }
    }

    #[test]
    fn every_action_on_every_state() {
        use Action::*;
        use OrderState::*;
        let cases = [
            (status(Pending, true, false, true, true), vec![LinkSim, Cancel]),
            (status(Pending, false, true, true, true), vec![PortingDone, Cancel]),
            (status(Pending, true, true, false, false), vec![LinkSim, CreateInvoiceItems, PortingDone, Cancel]),
            (status(Active, false, false, true, true), vec![Cancel]),
            (status(Active, false, false, false, false), vec![CreateInvoiceItems, Cancel]),
            (status(Active, false, false, false, true), vec![Cancel]),
            (status(Cancelled, true, true, false, false), vec![]),
        ];
        for (s, expected) in cases {
            assert_eq!(allowed(s), expected, "{s:?}");
        }
    }

    #[test]
    fn refusals_name_the_reason() {
        let active = status(OrderState::Active, false, false, true, true);
        assert_eq!(check(Action::LinkSim, active), Err(ActionError::NotWaitingForSim));
        assert_eq!(check(Action::PortingDone, active), Err(ActionError::NotWaitingForPort));
        assert_eq!(check(Action::CreateInvoiceItems, active), Err(ActionError::AlreadyInvoiced));
        let cancelled = status(OrderState::Cancelled, false, false, true, true);
        assert_eq!(check(Action::Cancel, cancelled), Err(ActionError::Cancelled));
    }

    #[test]
    fn history_reasons_round_trip_and_old_texts_are_read() {
        let waiting = status(OrderState::Pending, false, true, true, true);
        let cases = [
            HistoryReason::new(HistoryEvent::Placed, status(OrderState::Pending, true, true, true, true)),
            HistoryReason::new(HistoryEvent::Placed, status(OrderState::Active, false, false, true, true)),
            HistoryReason::new(HistoryEvent::SimLinked("8949000".into()), waiting),
            HistoryReason::new(HistoryEvent::InvoiceItemsCreated, waiting),
            HistoryReason::new(HistoryEvent::PortingDone, status(OrderState::Active, false, false, true, true)),
            HistoryReason::new(
                HistoryEvent::Cancelled { reason: Some(CancelReason::Duplicate), ended: 3, dropped: 1 },
                status(OrderState::Cancelled, false, false, true, true),
            ),
        ];
        for r in cases {
            assert_eq!(HistoryReason::parse(&r.to_stored()), r, "{}", r.to_stored());
        }
        let old = HistoryReason::parse("sim linked: 8949000; waits for porting");
        assert_eq!(old, HistoryReason::new(HistoryEvent::SimLinked("8949000".into()), waiting));
        assert_eq!(
            HistoryReason::parse("cancelled").event,
            HistoryEvent::Cancelled { reason: None, ended: 0, dropped: 0 }
        );
        assert_eq!(HistoryReason::parse("porting done").event, HistoryEvent::PortingDone);
        assert_eq!(HistoryReason::parse("invoice items created").event, HistoryEvent::InvoiceItemsCreated);
        assert_eq!(HistoryReason::parse("by hand").event, HistoryEvent::Unknown("by hand".into()));
        assert_eq!(HistoryReason::parse("cancelled:lost").event, HistoryEvent::Unknown("cancelled:lost".into()));
        for r in CancelReason::ALL {
            assert_eq!(CancelReason::parse(r.as_str()), Some(r));
        }
    }

    #[test]
    fn active_once_nothing_is_awaited() {
        let both = status(OrderState::Pending, true, true, true, true);
        let linked = after(Action::LinkSim, both);
        assert_eq!((linked.state, linked.waits_for_sim), (OrderState::Pending, false));
        assert_eq!(pending_reason(linked), "porting");
        assert_eq!(after(Action::PortingDone, linked).state, OrderState::Active);
        let cancelled = after(Action::Cancel, both);
        assert_eq!(
            (cancelled.state, cancelled.waits_for_sim, cancelled.waits_for_port),
            (OrderState::Cancelled, false, false)
        );
        assert_eq!(pending_reason(both), "sim,porting");
    }
}
