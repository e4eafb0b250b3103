//! What happens to an order after it is placed: its states, the actions of the order
//! overview (*Aktionen*) and which of them fit which state.
//!
//! `pending` waits for a SIM and/or a porting; when nothing is left to wait for the order is
//! `active`; `cancelled` is final and keeps the order and its history.

/// The state of an order, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// *Stornieren*: frees the SIM, the number and the extension.
    Cancel,
}

impl Action {
    /// All actions, in menu order.
    pub const ALL: [Action; 4] = [Action::LinkSim, Action::CreateInvoiceItems, Action::PortingDone, Action::Cancel];
}

/// Why an action does not fit the order's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
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
        Action::Cancel => next.state = OrderState::Cancelled,
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
    fn active_once_nothing_is_awaited() {
        let both = status(OrderState::Pending, true, true, true, true);
        let linked = after(Action::LinkSim, both);
        assert_eq!((linked.state, linked.waits_for_sim), (OrderState::Pending, false));
        assert_eq!(pending_reason(linked), "porting");
        assert_eq!(after(Action::PortingDone, linked).state, OrderState::Active);
        assert_eq!(after(Action::Cancel, both).state, OrderState::Cancelled);
        assert_eq!(pending_reason(both), "sim,porting");
    }
}
