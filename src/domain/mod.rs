//! The domain: the catalog, the customer data the wizard works on, every validation rule,
//! the order answers and the order request they turn into, and pricing.
//!
//! Nothing here knows about terminals or SQL.

pub mod answers;
pub mod answers_file;
pub mod catalog;
pub mod draft;
pub mod field;
pub mod integrity;
pub mod lifecycle;
pub mod lookup;
pub mod model;
pub mod order;
pub mod orders;
pub mod pricing;
pub mod rules;
pub mod search;
#[cfg(test)]
pub mod testkit;
pub mod validate;

pub use answers::{Answers, Field, NumberType, PortWhen, SimChoice, Step};
pub use answers_file::AnswersFile;
pub use catalog::Catalog;
pub use draft::{Draft, DraftId, DraftSummary};
pub use model::{
    ContextQuery, Customer, CustomerContext, Extension, FreeNumber, LIST_MAX, LIST_PAGE, ListQuery, Sim, User,
};
pub use order::{OrderRequest, PlacedOrder, Warning};
