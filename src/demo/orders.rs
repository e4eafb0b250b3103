//! Sample orders for the demo, so the order overview has something to show from the first
//! start: active orders, orders waiting for a SIM or a porting, one billed by hand, and
//! cancelled ones. They are placed through the same transaction as the wizard's.

use crate::domain::catalog::Catalog;
use crate::domain::field::{Field, OrderTexts};
use crate::domain::lifecycle::CancelReason;
use crate::domain::model::{ContextQuery, Customer};
use crate::domain::order::{NumberAssignment, OrderRequest, SimAssignment, UserChoice};
use crate::domain::rules::extension;
use crate::store::{ActionRequest, Store, StoreError};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// The operator recorded for the demo's sample orders.
const DEMO_OPERATOR: &str = "demo";
/// How many sample orders the demo starts with.
pub const DEMO_ORDERS: usize = 36;

/// What a sample order is like; they take turns.
#[derive(Clone, Copy)]
enum Sample {
    Active,
    SimLater,
    Porting,
    ManualInvoice,
    Cancelled,
}

const SAMPLES: [Sample; 6] =
    [Sample::Active, Sample::SimLater, Sample::Active, Sample::Porting, Sample::ManualInvoice, Sample::Cancelled];

/// A sample order ready to place: the request, when it was placed, whether it is cancelled
/// a day later.
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct SampleOrder {
    pub request: OrderRequest,
    pub at: NaiveDateTime,
    pub cancel: bool,
}

/// Places up to `count` sample orders over the weeks before `today`. Returns how many.
pub fn place_sample_orders(
    store: &mut Store,
    catalog: &Catalog,
    today: NaiveDate,
    count: usize,
) -> Result<usize, String> {
    let samples = sample_orders(store, catalog, today, count)?;
    for sample in &samples {
        let order = store.place_order(&sample.request, DEMO_OPERATOR, sample.at).map_err(|e| e.to_string())?;
        if sample.cancel {
            let later = sample.at + Duration::days(1);
            store
                .act(order.id, &ActionRequest::Cancel(CancelReason::CustomerRequest), DEMO_OPERATOR, later)
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(samples.len())
}

/// Places up to `count` sample orders like [`place_sample_orders`], all of them and their
/// cancellations in one seeding transaction: for seeding large databases. Returns how many.
pub fn place_bulk_orders(
    store: &mut Store,
    catalog: &Catalog,
    today: NaiveDate,
    count: usize,
) -> Result<usize, String> {
    // The first `count` customers written, not all of them: a million would take a while.
    let customers = first_written(store, count).map_err(|e| e.to_string())?;
    let samples = samples_for(store, catalog, today, count, &customers)?;
    let cancel: Vec<bool> = samples.iter().map(|s| s.cancel).collect();
    let at: Vec<NaiveDateTime> = samples.iter().map(|s| s.at).collect();
    let requests: Vec<(OrderRequest, NaiveDateTime)> = samples.into_iter().map(|s| (s.request, s.at)).collect();
    let mut tx = store.begin_seed().map_err(|e| e.to_string())?;
    let placed = tx.orders(&requests, DEMO_OPERATOR).map_err(|e| e.to_string())?;
    let cancels: Vec<(i64, ActionRequest, NaiveDateTime)> = placed
        .iter()
        .zip(cancel.iter().zip(&at))
        .filter_map(|(order, (cancel, at))| Some((order.as_ref()?.id, *cancel, *at)))
        .filter(|(_, cancel, _)| *cancel)
        .map(|(id, _, at)| (id, ActionRequest::Cancel(CancelReason::CustomerRequest), at + Duration::days(1)))
        .collect();
    tx.actions(&cancels, DEMO_OPERATOR).map_err(|e| e.to_string())?;
    tx.commit().map_err(|e| e.to_string())?;
    Ok(placed.iter().flatten().count())
}

/// The first `count` customers written (ids 1 and up, as seeding wrote them; a seeded
/// database has no gaps): their users, extensions and numbers sit together on the file's
/// pages, so placing orders for them touches a fraction of those tables rather than every
/// page, as customers spread over the whole list would.
fn first_written(store: &Store, count: usize) -> Result<Vec<Customer>, StoreError> {
    let total = store.counts()?.customers;
    let mut customers = Vec::with_capacity(count);
    for id in 1..=total {
        if customers.len() == count {
            break;
        }
        customers.extend(store.customer(id)?);
    }
    Ok(customers)
}

/// Up to `count` sample orders for different customers, each taking its own SIM, number
/// and extension, so they can all be placed one after another.
pub fn sample_orders(
    store: &Store,
    catalog: &Catalog,
    today: NaiveDate,
    count: usize,
) -> Result<Vec<SampleOrder>, String> {
    let customers = spread_customers(store, count).map_err(|e| e.to_string())?;
    samples_for(store, catalog, today, count, &customers)
}

/// How many customers [`spread_customers`] reads from the store at a time.
const CUSTOMER_PAGE: usize = 500;

/// The customers of up to `count` sample orders, spread over the whole list by name (as the
/// wizard lists them): the `i`-th order's customer is the one at `i × 7` (modulo their
/// number); 7 shares no factor with the demo's customer counts, so every customer comes at
/// most once. The list is read a page at a time and only the picked customers are kept, so
/// a million customers cost the walk and not the memory.
pub(super) fn spread_customers(store: &Store, count: usize) -> Result<Vec<Customer>, StoreError> {
    let total = usize::try_from(store.counts()?.customers).unwrap_or(0);
    let positions: Vec<usize> = (0..count.min(total)).map(|i| (i * 7) % total).collect();
    let mut wanted: Vec<usize> = positions.clone();
    wanted.sort_unstable();
    wanted.dedup();
    let mut found: Vec<(usize, Customer)> = Vec::with_capacity(wanted.len());
    let (mut offset, mut cursor, mut next) = (0, None, wanted.iter().peekable());
    while next.peek().is_some() {
        let page = store.search_customers("", cursor.as_ref(), CUSTOMER_PAGE)?;
        for customer in page.rows {
            if next.next_if(|&&at| at == offset).is_some() {
                found.push((offset, customer));
            }
            offset += 1;
        }
        match page.next {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    Ok(positions
        .iter()
        .filter_map(|at| found.binary_search_by_key(at, |(p, _)| *p).ok().map(|k| found[k].1.clone()))
        .collect())
}

/// Sample orders for these customers, the `i`-th order for the `i`-th customer.
fn samples_for(
    store: &Store,
    catalog: &Catalog,
    today: NaiveDate,
    count: usize,
    customers: &[Customer],
) -> Result<Vec<SampleOrder>, String> {
    // One hash for all sample PINs: Argon2 is slow on purpose, and these PINs protect nothing.
    let pin_hash = crate::driver::pin_hash::hash("4711");
    // The newest SIMs of the stock, so the first ones stay free for the wizard.
    let mut sims = store.newest_free_sims(count).map_err(|e| e.to_string())?;
    let mut samples = Vec::new();
    for (i, customer) in customers.iter().enumerate().take(count) {
        let sample = SAMPLES[i % SAMPLES.len()];
        let sim = match sample {
            Sample::SimLater => SimAssignment::Later,
            _ => match sims.pop() {
                Some(s) => SimAssignment::Now { id: s.id, iccid: s.iccid },
                None => continue,
            },
        };
        let slot = Slot { sample, sim, i, today };
        let Some(request) = sample_request(store, catalog, customer, slot, &pin_hash)? else { continue };
        // Two days apart, over two years at most (a large seed gets several a day); the
        // minutes repeat after 36 orders so an order never moves past the next day.
        let span = (count as i64 * 2).min(730);
        let days_ago = span * (count - i) as i64 / count as i64;
        let at = (today - Duration::days(days_ago)).and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
            + Duration::minutes((i % DEMO_ORDERS) as i64 * 17);
        samples.push(SampleOrder { request, at, cancel: matches!(sample, Sample::Cancelled) });
    }
    Ok(samples)
}

/// One sample order to make: its kind, its SIM, its place in the series, the demo's today.
struct Slot {
    sample: Sample,
    sim: SimAssignment,
    i: usize,
    today: NaiveDate,
}

/// A valid request for a sample, or `None` when the customer has no user left to order for.
fn sample_request(
    store: &Store,
    catalog: &Catalog,
    customer: &Customer,
    slot: Slot,
    pin_hash: &str,
) -> Result<Option<OrderRequest>, String> {
    let Slot { sample, sim, i, today } = slot;
    let ctx = store.customer_context(&ContextQuery::of(customer.id)).map_err(|e| e.to_string())?;
    let Some(user) = ctx.users.iter().find(|u| !u.has_mobile) else { return Ok(None) };
    let Some(number) = ctx.free_numbers.first() else { return Ok(None) };
    let voice = &catalog.voices[i % catalog.voices.len()];
    let (Some(data), Some(sms)) = (catalog.data_for(&voice.id).next(), catalog.sms_for(&voice.id).next()) else {
        return Ok(None);
    };
    let len = u32::from(customer.dial_plan_len);
    // A user with an extension of his own gets the mobile line on it, as in the wizard.
    // The first screenful holds every extension of a demo customer; a larger one is asked
    // about each candidate.
    let fits = |n: &String| {
        if !ctx.more_extensions {
            return extension::check(n, customer.dial_plan_len, &ctx.extensions).is_ok();
        }
        let q = ContextQuery { extension: n.clone(), ..ContextQuery::of(customer.id) };
        store.customer_context(&q).is_ok_and(|c| extension::check(n, customer.dial_plan_len, &c.extensions).is_ok())
    };
    let free = || (10u32.pow(len - 1) * 3..10u32.pow(len)).map(|n| n.to_string()).find(fits);
    let Some(ext) = user.extension.clone().or_else(free) else {
        return Ok(None);
    };
    let number = match sample {
        Sample::Porting => NumberAssignment::Port {
            e164: format!("+49{}9{:06}", customer.area_code.trim_start_matches('0'), 100_000 + i),
            donor: catalog.donors[i % catalog.donors.len()].id.clone(),
            date: None,
        },
        _ => NumberAssignment::New { id: number.id, e164: number.e164.clone() },
    };
    let kind = |kinded: bool, a: &str, b: &str| if kinded { a.to_string() } else { b.to_string() };
    let mut req = OrderRequest {
        customer_id: customer.id,
        portfolio: catalog.portfolios[0].id.clone(),
        // Every third order has a reference; the other order texts stay empty.
        texts: OrderTexts::from_values(|f| match f {
            Field::Reference if i.is_multiple_of(3) => format!("PO-{}", 4400 + i),
            _ => String::new(),
        }),
        start_date: today,
        term: catalog.terms[i % catalog.terms.len()].id.clone(),
        term_months: catalog.terms[i % catalog.terms.len()].months,
        voice: voice.id.clone(),
        data: data.id.clone(),
        sms: sms.id.clone(),
        addons: catalog.addons_for(&voice.id).take(i % 3).map(|a| a.id.clone()).collect(),
        user: UserChoice::Existing(user.id),
        sim_option: kind(matches!(sample, Sample::SimLater), &later(catalog), &now(catalog)),
        sim,
        number_type: kind(matches!(sample, Sample::Porting), &port(catalog), &new(catalog)),
        number,
        extension: ext,
        display_name: user.full_name(),
        area_code: customer.area_code.clone(),
        pin_hash: pin_hash.to_string(),
        pin_must_change: false,
        auto_invoice: !matches!(sample, Sample::ManualInvoice),
        invoice_lines: Vec::new(),
    };
    req.invoice_lines = crate::domain::order::invoice_lines(&req, catalog);
    Ok(Some(req))
}

fn catalog_id(catalog: &Catalog, pick: impl Fn(&Catalog) -> Option<String>) -> String {
    pick(catalog).unwrap_or_default()
}

fn now(c: &Catalog) -> String {
    catalog_id(c, |c| {
        c.sim_options.iter().find(|s| s.kind == crate::domain::catalog::SimKind::Now).map(|s| s.id.clone())
    })
}
fn later(c: &Catalog) -> String {
    catalog_id(c, |c| {
        c.sim_options.iter().find(|s| s.kind == crate::domain::catalog::SimKind::Later).map(|s| s.id.clone())
    })
}
fn new(c: &Catalog) -> String {
    catalog_id(c, |c| {
        c.number_types.iter().find(|n| n.kind == crate::domain::catalog::NumberKind::New).map(|n| n.id.clone())
    })
}
fn port(c: &Catalog) -> String {
    catalog_id(c, |c| {
        c.number_types.iter().find(|n| n.kind == crate::domain::catalog::NumberKind::Port).map(|n| n.id.clone())
    })
}
