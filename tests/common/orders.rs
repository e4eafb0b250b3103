//! Orders built directly as requests, for tests of what happens after placing.

use super::{Harness, clock};
use comuniq_order::domain::Catalog;
use comuniq_order::domain::ContextQuery;
use comuniq_order::domain::field::{Field, OrderTexts};
use comuniq_order::domain::model::Customer;
use comuniq_order::domain::order::{NewUser, NumberAssignment, OrderRequest, PlacedOrder, SimAssignment, UserChoice};
use comuniq_order::domain::rules::iccid::SimQuery;
use comuniq_order::driver::pin_hash;

/// How the order is to be placed.
#[derive(Clone, Copy, Default)]
pub struct Kind {
    pub sim_later: bool,
    pub port: bool,
    pub manual_invoice: bool,
}

/// A new user with the first language.
pub fn new_user(username: &str, first_name: &str, last_name: &str, email: &str) -> NewUser {
    NewUser {
        username: username.into(),
        first_name: first_name.into(),
        prefix: String::new(),
        last_name: last_name.into(),
        email: email.into(),
        language: "de".into(),
    }
}

/// An order request for `customer` as most tests want it: Business User with data-1 and
/// sms-100 for 24 months in the standard portfolio, no add-ons, no reference, starting
/// today; `user` (a new one's display name is his full name), the SIM, number and
/// extension given (the SIM option and number type follow them); the customer's area
/// code; automatic invoicing; no PIN hash and no invoice lines yet. A test changes what it
/// needs with struct update syntax, then calls [`priced`].
pub fn request(
    customer: &Customer,
    user: UserChoice,
    sim: SimAssignment,
    number: NumberAssignment,
    extension: String,
) -> OrderRequest {
    let display_name = match &user {
        UserChoice::New(u) => format!("{} {}", u.first_name, u.last_name),
        UserChoice::Existing(_) => String::new(),
    };
    OrderRequest {
        customer_id: customer.id,
        portfolio: "standard".into(),
        texts: OrderTexts::from_values(|_| String::new()),
        start_date: super::today(),
        term: "m24".into(),
        term_months: 24,
        voice: "business".into(),
        data: "data-1".into(),
        sms: "sms-100".into(),
        addons: vec![],
        user,
        sim_option: if sim == SimAssignment::Later { "sim-later" } else { "sim-now" }.into(),
        sim,
        number_type: if matches!(number, NumberAssignment::Port { .. }) { "port" } else { "new" }.into(),
        number,
        extension,
        display_name,
        area_code: customer.area_code.clone(),
        pin_hash: String::new(),
        pin_must_change: false,
        auto_invoice: true,
        invoice_lines: Vec::new(),
    }
}

/// The request with its invoice lines, as the wizard prices it.
pub fn priced(mut req: OrderRequest, catalog: &Catalog) -> OrderRequest {
    req.invoice_lines = comuniq_order::domain::order::invoice_lines(&req, catalog);
    req
}

impl Harness {
    /// Places an order for the n-th demo customer, taking the next free SIM, number and
    /// extension, with a new user `user<seq>`.
    pub fn place(&mut self, n: usize, kind: Kind, seq: usize) -> PlacedOrder {
        let customer =
            self.store.customers().unwrap().into_iter().find(|c| c.number == self.customer_number(n)).unwrap();
        let ctx = self.store.customer_context(&ContextQuery::of(customer.id)).unwrap();
        let sim = if kind.sim_later {
            SimAssignment::Later
        } else {
            let iccid: String = self
                .sql()
                .query_row("SELECT iccid FROM sims WHERE state = 'free' ORDER BY id", [], |r| r.get(0))
                .unwrap();
            let s = self.store.free_sims(&SimQuery::Full(iccid)).unwrap().remove(0);
            SimAssignment::Now { id: s.id, iccid: s.iccid }
        };
        let number = if kind.port {
            NumberAssignment::Port { e164: format!("+49301999{seq:04}"), donor: "telekom".into(), date: None }
        } else {
            let free = ctx.free_numbers[0].clone();
            NumberAssignment::New { id: free.id, e164: free.e164 }
        };
        let ext = super::free_extensions(customer.dial_plan_len, &ctx.extensions).next().unwrap();
        let user = new_user(&format!("user{seq}"), "Test", &format!("Nutzer {seq}"), &format!("user{seq}@example.de"));
        let req = OrderRequest {
            texts: OrderTexts::from_values(
                |f| if f == Field::Reference { format!("REF-{seq}") } else { String::new() },
            ),
            addons: vec!["voicemail-plus".into()],
            pin_hash: pin_hash::hash("4711"),
            auto_invoice: !kind.manual_invoice,
            ..request(&customer, UserChoice::New(user), sim, number, ext)
        };
        let req = priced(req, &Catalog::builtin().unwrap());
        self.store.place_order(&req, "tester", clock()).unwrap()
    }
}
