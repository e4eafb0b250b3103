//! What must hold between the tables of a database of orders, whatever wrote it: the rules
//! `db check` checks on either engine (the SQL for each is in `store::integrity`, one
//! query per rule). Each rule follows from how placing, the actions after it and
//! cancelling write (`store::place`, `store::actions`).

/// A rule across tables. Worded for the operator by `i18n` (`CliTexts::invariant`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Invariant {
    /// An assigned SIM belongs to an order that exists, is not cancelled and holds its ICCID.
    AssignedSimHasItsOrder,
    /// An order waiting for a SIM has none: no ICCID, no SIM assigned to it.
    WaitingOrderHasNoSim,
    /// An order that is neither cancelled nor waiting for a SIM has the SIM of its ICCID
    /// assigned to it.
    OrderHasItsSim,
    /// A number given to an order belongs to an order of the same customer that holds
    /// that number and is not cancelled.
    NumberHasItsOrder,
    /// An order that is not cancelled has its number (the e164 it holds) given to it.
    OrderHasItsNumber,
    /// An extension given to an order belongs to an order of the same customer that holds
    /// that extension and is not cancelled.
    ExtensionHasItsOrder,
    /// An order that is not cancelled has its extension given to it.
    OrderHasItsExtension,
    /// A user's mobile line is an order for that user that is not cancelled.
    MobileLineHasItsOrder,
    /// An order that is not cancelled is its user's mobile line.
    OrderIsItsUsersLine,
    /// An order's user belongs to the order's customer.
    UserOfTheCustomer,
    /// An order is `pending` exactly when it waits for a SIM or a porting.
    StateMatchesWaiting,
    /// An order's history ends in the order's state.
    HistoryEndsInState,
    /// An invoice item is billed to the customer of its order.
    InvoiceItemOfTheCustomer,
    /// A free SIM belongs to no order, an assigned one to exactly one (the schema's CHECK,
    /// checked again for data written around it).
    SimStateMatchesOrder,
}

impl Invariant {
    /// Every rule, in the order `db check` reports them.
    pub const ALL: [Invariant; 14] = [
        Invariant::AssignedSimHasItsOrder,
        Invariant::WaitingOrderHasNoSim,
        Invariant::OrderHasItsSim,
        Invariant::NumberHasItsOrder,
        Invariant::OrderHasItsNumber,
        Invariant::ExtensionHasItsOrder,
        Invariant::OrderHasItsExtension,
        Invariant::MobileLineHasItsOrder,
        Invariant::OrderIsItsUsersLine,
        Invariant::UserOfTheCustomer,
        Invariant::StateMatchesWaiting,
        Invariant::HistoryEndsInState,
        Invariant::InvoiceItemOfTheCustomer,
        Invariant::SimStateMatchesOrder,
    ];
}
