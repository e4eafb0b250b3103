//! Orders built directly as requests, for tests of what happens after placing.

use super::{Harness, clock};
use comuniq_order::domain::Catalog;
use comuniq_order::domain::order::{NewUser, NumberAssignment, OrderRequest, PlacedOrder, SimAssignment, UserChoice};
use comuniq_order::domain::rules::extension;
use comuniq_order::domain::rules::iccid::SimQuery;
use comuniq_order::driver::pin_hash;

/// How the order is to be placed.
#[derive(Clone, Copy, Default)]
pub struct Kind {
    pub sim_later: bool,
    pub port: bool,
    pub manual_invoice: bool,
}

impl Harness {
    /// Places an order for the n-th demo customer, taking the next free SIM, number and
    /// extension, with a new user `user<seq>`.
    pub fn place(&mut self, n: usize, kind: Kind, seq: usize) -> PlacedOrder {
        let customer =
            self.store.customers().unwrap().into_iter().find(|c| c.number == self.customer_number(n)).unwrap();
        let ctx = self.store.customer_context(customer.id).unwrap();
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
        let len = u32::from(customer.dial_plan_len);
        let ext = (10u32.pow(len - 1) * 2..10u32.pow(len))
            .map(|x| x.to_string())
            .find(|x| extension::check(x, customer.dial_plan_len, &ctx.extensions).is_ok())
            .unwrap();
        let catalog = Catalog::builtin().unwrap();
        let mut req = OrderRequest {
            customer_id: customer.id,
            portfolio: "standard".into(),
            reference: format!("REF-{seq}"),
            start_date: super::today(),
            term: "m24".into(),
            term_months: 24,
            voice: "business".into(),
            data: "data-1".into(),
            sms: "sms-100".into(),
            addons: vec!["voicemail-plus".into()],
            user: UserChoice::New(NewUser {
                username: format!("user{seq}"),
                first_name: "Test".into(),
                prefix: String::new(),
                last_name: format!("Nutzer {seq}"),
                email: format!("user{seq}@example.de"),
                language: "de".into(),
            }),
            sim_option: if kind.sim_later { "sim-later".into() } else { "sim-now".into() },
            sim,
            number_type: if kind.port { "port".into() } else { "new".into() },
            number,
            extension: ext,
            display_name: format!("Test Nutzer {seq}"),
            area_code: customer.area_code.clone(),
            pin_hash: pin_hash::hash("4711"),
            pin_must_change: false,
            auto_invoice: !kind.manual_invoice,
            invoice_lines: Vec::new(),
        };
        req.invoice_lines = comuniq_order::domain::order::invoice_lines(&req, &catalog);
        self.store.place_order(&req, "tester", clock()).unwrap()
    }
}
