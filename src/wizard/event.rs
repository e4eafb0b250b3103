//! What goes into the wizard and what comes out.

use crate::domain::answers::{Field, PortWhen, Step};
use crate::domain::draft::{Draft, DraftId};
use crate::domain::lookup::{CustomerCursor, CustomerPage};
use crate::domain::model::{ContextQuery, CustomerContext, CustomerId, Sim};
use crate::domain::order::{OrderToPlace, PlacedOrder};
use crate::domain::rules::RuleError;
use crate::domain::rules::iccid::SimQuery;

/// A new value for a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text fields, the date fields, the PIN and the SIM query.
    Text(String),
    /// A catalog choice (portfolio, term, products, language, SIM option, number type, donor).
    Choice(Option<String>),
    /// A database choice (customer, existing user, number, picked SIM).
    Id(Option<i64>),
    /// A checkbox.
    Bool(bool),
    /// *Portierung*: immediately or on a date.
    PortWhen(PortWhen),
}

/// Something that happened: the operator's intent, or data the driver fetched.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Tab or ↓: the next field.
    FocusNext,
    /// Shift+Tab or ↑: the previous field.
    FocusPrev,
    /// Focus a field of the current step (mouse, or an error jump).
    Focus(Field),
    /// A field got a new value.
    Set(Field, Value),
    /// An option taken from an open list: the field gets it and the focus moves on to the
    /// next field, except from the page's last field (leaving the page is Enter's job there,
    /// on purpose).
    Pick(Field, Value),
    /// Space on a checkbox.
    Toggle(Field),
    /// Enter on a field that isn't a list: the next field, or the next step from the last.
    Enter,
    /// *Nächster Schritt* (Ctrl+N); on *Bestätigen* it is *Bestellen*.
    Next,
    /// Esc: one step back. Never refused.
    Back,
    /// One field back, across steps (line mode's `zurück`): the previous field of the page,
    /// or from a page's first field the last field of the step before. Never refused.
    BackField,
    /// Open a step again from *Bestätigen*.
    Edit(Step),
    /// A paste into the field was refused (a control character in it): the value stays as
    /// it was, and the field says why until the next key.
    PasteRefused(Field, RuleError),
    /// The driver loaded the customer's users, extensions and numbers.
    CustomerLoaded(CustomerId, Box<CustomerContext>),
    /// The operator typed this into the customer list: the store is asked for the first
    /// screenful of matches ([`Effect::SearchCustomers`]).
    FindCustomers(String),
    /// The operator scrolled past the customers found so far: the next screenful is asked for.
    MoreCustomers,
    /// The operator typed this into the list of a customer's users or free numbers: the
    /// store is asked for the first screenful that matches ([`Effect::LoadCustomer`]).
    FindInList(Field, String),
    /// The operator scrolled past the users or numbers found so far: a screenful more.
    MoreInList(Field),
    /// The driver found these customers for the search numbered `generation`; `more` when
    /// they continue the rows found before. An answer to an older search is dropped.
    CustomersFound {
        /// The number of the search answered ([`Effect::SearchCustomers`]).
        generation: u64,
        /// The rows found, and where the next screenful starts.
        page: CustomerPage,
        /// The rows continue those found before (a next screenful).
        more: bool,
    },
    /// The driver looked up the free SIMs for a query.
    SimsFound(SimQuery, Vec<Sim>),
    /// The store placed the order.
    Placed(PlacedOrder),
    /// The store refused the order.
    Refused(Refusal),
    /// Ctrl+S on *Bestätigen*: save the answers as an answers file.
    SaveAnswers,
    /// The driver saved the answers file here.
    AnswersSaved(std::path::PathBuf),
    /// The driver saved the draft under this id.
    DraftSaved(DraftId),
    /// The draft could not be saved, and why (it is tried again after the next change).
    DraftNotSaved(SaveFailure),
}

impl Event {
    /// Whether the operator did this (a key or a click), rather than the driver answering.
    pub fn is_operators(&self) -> bool {
        use Event::*;
        matches!(
            self,
            FocusNext
                | FocusPrev
                | Focus(_)
                | Set(..)
                | Pick(..)
                | Toggle(_)
                | Enter
                | Next
                | Back
                | BackField
                | Edit(_)
                | PasteRefused(..)
                | SaveAnswers
        )
    }
}

/// Work for the driver.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum Effect {
    /// Ask the store about the chosen customer: a screenful of its users, extensions and
    /// free numbers, and the facts the answers need; answer with [`Event::CustomerLoaded`].
    LoadCustomer(ContextQuery),
    /// Search the customers in the store, a screenful from `after`; answer with
    /// [`Event::CustomersFound`] carrying the same `generation`.
    SearchCustomers { query: String, after: Option<CustomerCursor>, generation: u64 },
    /// Look up free SIMs for a query (four digits or a full ICCID); answer with
    /// [`Event::SimsFound`].
    FindSims(SimQuery),
    /// Hash the PIN and place the order in one transaction; answer with [`Event::Placed`] or
    /// [`Event::Refused`].
    PlaceOrder(Box<OrderToPlace>),
    /// Write the answers to a new answers file (without the PIN); answer with
    /// [`Event::AnswersSaved`] or a [`Refusal::Storage`].
    SaveAnswers(Box<crate::domain::AnswersFile>),
    /// Save the draft (update `id`, or add one when `None`); answer with
    /// [`Event::DraftSaved`] or [`Event::DraftNotSaved`].
    SaveDraft { id: Option<DraftId>, draft: Box<Draft> },
    /// Remove the draft: its order was placed. No answer.
    DiscardDraft(DraftId),
}

/// Why the store refused an order, in the wizard's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub enum Refusal {
    /// An item chosen in the wizard was taken in the meantime, by the order named if known.
    Taken { field: Field, by_order: Option<String> },
    /// A rule checked again inside the transaction failed (something changed meanwhile).
    Rule { field: Field, error: crate::domain::rules::RuleError },
    /// The database could not be written; the answers stay.
    Storage(String),
    /// Another program held the database longer than we waited; the answers stay and the
    /// operator can try again. Never shown as SQLite's "database is locked".
    Busy,
}

/// Why a draft could not be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveFailure {
    /// Another program held the database's lock longer than the save waited.
    Busy,
    /// The database could not be written (the disk is full, the file went read-only).
    Storage(String),
}

/// An answer an earlier change cleared, to tell the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The field that was cleared.
    pub cleared: Field,
    /// The field whose change cleared it.
    pub because: Field,
    /// For a typed *Name* that follows the user again: the person it was typed for (empty
    /// when none was chosen). Such a notice is kept until the *Name*'s page is shown.
    pub typed_for: Option<String>,
}

impl Notice {
    /// `cleared` was cleared by the change of `because`.
    pub fn cleared(cleared: Field, because: Field) -> Self {
        Notice { cleared, because, typed_for: None }
    }
}
