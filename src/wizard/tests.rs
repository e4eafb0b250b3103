//! The state machine driven directly: no terminal, no database.

use super::*;
use crate::domain::model::{Extension, FreeNumber, User};
use crate::domain::order::{NumberAssignment, SimAssignment, UserChoice};
use crate::domain::rules::iccid::SimQuery;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn customers() -> Vec<Customer> {
    vec![
        Customer {
            id: 1,
            number: "K-100001".into(),
            name: "Müller Haustechnik GmbH".into(),
            city: "Berlin".into(),
            dial_plan_len: 3,
            area_code: "030".into(),
        },
        Customer {
            id: 2,
            number: "K-100002".into(),
            name: "Bäckerei Schröder KG".into(),
            city: "Köln".into(),
            dial_plan_len: 4,
            area_code: "0221".into(),
        },
    ]
}

fn context() -> CustomerContext {
    CustomerContext {
        customer: None,
        users: vec![
            User {
                id: 10,
                username: "anna.schmidt".into(),
                first_name: "Anna".into(),
                last_name: "Schmidt".into(),
                has_mobile: false,
                extension: None,
            },
            User {
                id: 11,
                username: "max.weber".into(),
                first_name: "Max".into(),
                last_name: "Weber".into(),
                has_mobile: true,
                extension: None,
            },
            User {
                id: 12,
                username: "clara.conrad".into(),
                first_name: "Clara".into(),
                last_name: "Conrad".into(),
                has_mobile: false,
                extension: Some("202".into()),
            },
        ],
        extensions: vec![
            Extension { number: "200".into(), name: "Zentrale".into() },
            Extension { number: "202".into(), name: "Clara Conrad".into() },
        ],
        free_numbers: vec![FreeNumber { id: 100, e164: "+49301234567".into() }],
        ..CustomerContext::default()
    }
}

fn sim(id: i64, iccid: &str) -> Sim {
    Sim { id, iccid: iccid.into() }
}

/// A wizard for Business User, with customer 1 chosen and loaded.
fn wizard() -> Wizard {
    let catalog = Arc::new(Catalog::builtin().unwrap());
    let (mut w, effects) = Wizard::new(catalog, &customers(), today(), Some("business"), None);
    assert!(effects.is_empty());
    let effects = w.handle(Event::Set(Field::Customer, Value::Id(Some(1))));
    assert_eq!(effects, vec![Effect::LoadCustomer(ContextQuery::of(1))]);
    w.handle(Event::CustomerLoaded(1, Box::new(context())));
    w
}

fn choose(w: &mut Wizard, field: Field, id: &str) {
    w.handle(Event::Set(field, Value::Choice(Some(id.into()))));
}

fn text(w: &mut Wizard, field: Field, value: &str) -> Vec<Effect> {
    w.handle(Event::Set(field, Value::Text(value.into())))
}

/// Fills steps 1 to 7 validly (existing user, SIM now, new number) and stops on Bestätigen.
fn to_confirm(w: &mut Wizard) {
    choose(w, Field::Term, "m24");
    // A step change saves the draft, and only that here.
    let effects = w.handle(Event::Next);
    assert!(matches!(&effects[..], [Effect::SaveDraft { id: None, .. }]), "{effects:?}");
    assert_eq!(w.step(), Step::Connection);
    choose(w, Field::Data, "data-5");
    choose(w, Field::Sms, "sms-100");
    w.handle(Event::Next);
    w.handle(Event::Next); // no add-ons
    w.handle(Event::Set(Field::ExistingUser, Value::Id(Some(10))));
    w.handle(Event::Next);
    assert_eq!(w.step(), Step::Sim);
    assert_eq!(text(w, Field::Sim, "1234"), vec![Effect::FindSims(SimQuery::LastFour("1234".into()))]);
    w.handle(Event::SimsFound(SimQuery::LastFour("1234".into()), vec![sim(7, "8949020000000001234")]));
    w.handle(Event::Next);
    w.handle(Event::Set(Field::Number, Value::Id(Some(100))));
    w.handle(Event::Next);
    assert_eq!(w.step(), Step::Fmc);
    text(w, Field::Extension, "201");
    text(w, Field::Pin, "4711");
    w.handle(Event::Next);
    assert_eq!(w.step(), Step::Confirm, "{:?}", w.step_errors(Step::Fmc));
}

#[test]
fn starts_on_customer_with_voice_and_defaults() {
    let catalog = Arc::new(Catalog::builtin().unwrap());
    let (w, _) = Wizard::new(catalog, &customers(), today(), Some("expert"), None);
    assert_eq!(w.step(), Step::Customer);
    assert_eq!(w.focus(), Some(Field::Customer));
    assert_eq!(w.answers().voice.as_deref(), Some("expert"));
    assert_eq!(w.answers().start_date, "26.11.2026");
    assert!(w.answers().auto_invoice);
}

#[test]
fn open_customer_is_preselected() {
    let catalog = Arc::new(Catalog::builtin().unwrap());
    let (w, effects) = Wizard::new(catalog, &customers(), today(), None, Some(2));
    assert_eq!(w.answers().customer, Some(2));
    assert_eq!(effects, vec![Effect::LoadCustomer(ContextQuery::of(2))]);
    assert_eq!(w.answers().area_code, "0221");
}

#[test]
fn next_is_refused_with_reasons_and_back_never_is() {
    let catalog = Arc::new(Catalog::builtin().unwrap());
    let (mut w, _) = Wizard::new(catalog, &customers(), today(), Some("business"), None);
    w.handle(Event::FocusNext);
    w.handle(Event::Next);
    assert_eq!(w.step(), Step::Customer);
    assert_eq!(w.focus(), Some(Field::Customer), "focus jumps to the first refused field");
    assert_eq!(w.shown_error(Field::Customer), Some(RuleError::Required));
    assert_eq!(w.shown_error(Field::Term), None, "the catalog's default term");
    assert_eq!(w.answers().term.as_deref(), Some("m24"));

    let mut w = wizard();
    choose(&mut w, Field::Term, "m12");
    w.handle(Event::Next);
    assert_eq!(w.step(), Step::Connection);
    // Step 2 is incomplete; going back is still allowed.
    w.handle(Event::Back);
    assert_eq!(w.step(), Step::Customer);
    assert_eq!(w.answers().term.as_deref(), Some("m12"), "answers survive going back");
}

#[test]
fn errors_show_only_after_an_edit_or_a_refused_next() {
    let mut w = wizard();
    text(&mut w, Field::StartDate, "");
    assert_eq!(w.shown_error(Field::StartDate), Some(RuleError::Required));
    assert_eq!(w.shown_error(Field::Term), None);
    text(&mut w, Field::StartDate, "25.11.2026");
    assert_eq!(w.shown_error(Field::StartDate), Some(RuleError::DateInPast));
}

#[test]
fn voice_change_clears_only_what_no_longer_fits() {
    let mut w = wizard();
    choose(&mut w, Field::Data, "data-5"); // business + professional
    choose(&mut w, Field::Sms, "sms-none"); // all tiers
    w.handle(Event::Toggle(Field::Addon(0))); // voicemail-plus, all tiers
    choose(&mut w, Field::Voice, "professional");
    assert_eq!(w.answers().data.as_deref(), Some("data-5"));
    assert!(w.notices().is_empty());
    choose(&mut w, Field::Voice, "expert");
    // data-5 doesn't fit Expert User: cleared, and Expert User's default takes its place.
    assert_eq!(w.answers().data.as_deref(), Some("data-15"));
    assert_eq!(w.answers().sms.as_deref(), Some("sms-none"));
    assert!(w.answers().addons.contains("voicemail-plus"));
    assert_eq!(w.notices(), &[Notice::cleared(Field::Data, Field::Voice)]);
}

#[test]
fn voice_change_drops_addons_the_tier_lacks() {
    let mut w = wizard();
    choose(&mut w, Field::Voice, "expert");
    let crm = w.catalog().addons.iter().position(|a| a.id == "callcenter").unwrap();
    w.handle(Event::Toggle(Field::Addon(crm)));
    assert!(w.answers().addons.contains("callcenter"));
    choose(&mut w, Field::Voice, "business");
    assert!(w.answers().addons.is_empty());
    assert!(w.notices().contains(&Notice::cleared(Field::Addon(crm), Field::Voice)), "{:?}", w.notices());
}

#[test]
fn addon_requires_and_excludes() {
    let mut w = wizard();
    choose(&mut w, Field::Voice, "professional");
    let pos = |w: &Wizard, id: &str| w.catalog().addons.iter().position(|a| a.id == id).unwrap();
    let (eu, world, hotspot, lock) =
        (pos(&w, "eu-roaming"), pos(&w, "world-roaming"), pos(&w, "hotspot"), pos(&w, "data-lock"));
    w.handle(Event::Toggle(Field::Addon(world)));
    assert!(!w.checked(Field::Addon(world)), "refused without eu-roaming");
    assert_eq!(w.shown_error(Field::Addon(world)), Some(RuleError::AddonRequires("eu-roaming".into())));
    w.handle(Event::Toggle(Field::Addon(eu)));
    w.handle(Event::Toggle(Field::Addon(world)));
    assert!(w.checked(Field::Addon(world)));
    assert_eq!(w.shown_error(Field::Addon(world)), None);
    // Unticking the requirement unticks what needs it, and says so.
    w.handle(Event::Toggle(Field::Addon(eu)));
    assert!(!w.checked(Field::Addon(world)));
    assert!(w.notices().contains(&Notice::cleared(Field::Addon(world), Field::Addon(eu))));
    // Excludes, in both directions (the data lock goes only without a data package).
    choose(&mut w, Field::Data, "data-none");
    w.handle(Event::Toggle(Field::Addon(hotspot)));
    w.handle(Event::Toggle(Field::Addon(lock)));
    assert!(!w.checked(Field::Addon(lock)));
    assert_eq!(w.shown_error(Field::Addon(lock)), Some(RuleError::AddonExcludes("hotspot".into())));
}

#[test]
fn data_lock_is_refused_with_a_data_package_and_unticked_when_one_is_chosen() {
    let mut w = wizard();
    choose(&mut w, Field::Voice, "professional");
    let lock = w.catalog().addons.iter().position(|a| a.id == "data-lock").unwrap();
    assert_eq!(w.answers().data.as_deref(), Some("data-5"));
    w.handle(Event::Toggle(Field::Addon(lock)));
    assert!(!w.checked(Field::Addon(lock)), "a voice-only lock with 5 GB of data");
    assert_eq!(w.shown_error(Field::Addon(lock)), Some(RuleError::AddonNotWithData("data-5".into())));
    choose(&mut w, Field::Data, "data-none");
    w.handle(Event::Toggle(Field::Addon(lock)));
    assert!(w.checked(Field::Addon(lock)));
    let lock_notice = Notice::cleared(Field::Addon(lock), Field::Data);
    assert!(!w.notices().contains(&lock_notice), "{:?}", w.notices());
    choose(&mut w, Field::Data, "data-15");
    assert!(!w.checked(Field::Addon(lock)), "a paid data package unticks the lock");
    assert_eq!(w.notices().last(), Some(&lock_notice), "{:?}", w.notices());
}

#[test]
fn customer_change_clears_user_and_number_and_moves_area_code() {
    let mut w = wizard();
    w.handle(Event::Set(Field::ExistingUser, Value::Id(Some(10))));
    w.handle(Event::Set(Field::Number, Value::Id(Some(100))));
    assert_eq!(w.answers().area_code, "030");
    assert_eq!(w.answers().display_name, "Anna Schmidt");
    let effects = w.handle(Event::Set(Field::Customer, Value::Id(Some(2))));
    assert_eq!(effects, vec![Effect::LoadCustomer(ContextQuery::of(2))]);
    assert_eq!(w.answers().existing_user, None);
    assert_eq!(w.answers().number, None);
    assert_eq!(w.answers().area_code, "0221");
    let cleared: Vec<Field> = w.notices().iter().map(|n| n.cleared).collect();
    assert_eq!(cleared, vec![Field::ExistingUser, Field::Number]);
    assert!(w.context().users.is_empty(), "the old customer's users are gone until loaded");
}

#[test]
fn a_typed_area_code_is_kept_and_a_typed_display_name_follows_another_customer() {
    let mut w = wizard();
    text(&mut w, Field::AreaCode, "089");
    w.handle(Event::Set(Field::ExistingUser, Value::Id(Some(10))));
    text(&mut w, Field::DisplayName, "Chefin");
    w.handle(Event::Set(Field::Customer, Value::Id(Some(2))));
    assert_eq!(w.answers().area_code, "089");
    assert_eq!(w.answers().display_name, "", "typed for Anna: no one's name now");
    assert!(!w.typed().contains(&Field::DisplayName));
    let n = w.notices().iter().find(|n| n.cleared == Field::DisplayName).expect("told");
    assert_eq!(n.typed_for.as_deref(), Some("Anna Schmidt"));
}

#[test]
fn sim_lookup_preselects_a_single_match() {
    let mut w = wizard();
    assert_eq!(text(&mut w, Field::Sim, "12"), vec![], "no lookup before four digits");
    assert_eq!(text(&mut w, Field::Sim, "1234"), vec![Effect::FindSims(SimQuery::LastFour("1234".into()))]);
    w.handle(Event::SimsFound(SimQuery::LastFour("1234".into()), vec![sim(7, "8949020000000001234")]));
    assert_eq!(w.answers().sim, Some(7));
    text(&mut w, Field::Sim, "5678");
    w.handle(Event::SimsFound(
        SimQuery::LastFour("5678".into()),
        vec![sim(8, "8949020000000005678"), sim(9, "89490200000000025678")],
    ));
    assert_eq!(w.answers().sim, None, "two matches: the operator picks");
    assert!(matches!(w.step_errors(Step::Sim)[..], [(Field::Sim, RuleError::SimAmbiguous { count: 2, .. })]));
    // A late answer for an older query changes nothing.
    w.handle(Event::SimsFound(SimQuery::LastFour("1234".into()), vec![sim(7, "8949020000000001234")]));
    assert_eq!(w.sim_matches().len(), 2);
}

#[test]
fn enter_on_the_last_field_goes_to_the_next_step() {
    let mut w = wizard();
    choose(&mut w, Field::Term, "m1");
    w.handle(Event::Focus(Field::Term));
    w.handle(Event::Enter);
    assert_eq!(w.step(), Step::Connection);
    w.handle(Event::Enter);
    assert_eq!(w.step(), Step::Connection, "Enter on the first field moves focus only");
    assert_eq!(w.focus(), Some(Field::Data));
}

#[test]
fn places_the_order_from_confirm() {
    let mut w = wizard();
    to_confirm(&mut w);
    for step in Step::ALL {
        assert!(w.is_complete(step), "{step:?}");
    }
    let effects = w.handle(Event::Next);
    let [Effect::PlaceOrder(order)] = &effects[..] else { panic!("{effects:?}") };
    let request = &order.request;
    assert_eq!(request.user, UserChoice::Existing(10));
    assert_eq!(request.sim, SimAssignment::Now { id: 7, iccid: "8949020000000001234".into() });
    assert_eq!(request.number, NumberAssignment::New { id: 100, e164: "+49301234567".into() });
    assert_eq!(request.display_name, "Anna Schmidt");
    assert!(!request.pin_hash.contains("4711"));
    assert!(!format!("{effects:?}").contains("4711"), "the PIN is not printed");
    assert!(w.is_placing());
    assert!(w.handle(Event::Back).is_empty() && w.step() == Step::Confirm, "input waits while placing");
}

#[test]
fn placing_is_deterministic_the_pin_is_hashed_by_the_driver() {
    // The same answers give the same effect: no salt, no clock, no randomness in the wizard.
    let place = || {
        let mut w = wizard();
        to_confirm(&mut w);
        w.handle(Event::Next)
    };
    let (first, second) = (place(), place());
    assert_eq!(first, second);
    let [Effect::PlaceOrder(order)] = &first[..] else { panic!("{first:?}") };
    assert_eq!(order.request.pin_hash, "", "the wizard hashes nothing");
    assert_eq!(order.pin.expose(), "4711");
}

#[test]
fn a_refusal_goes_back_to_the_step_and_keeps_the_answers() {
    let mut w = wizard();
    to_confirm(&mut w);
    w.handle(Event::Next);
    w.handle(Event::Refused(Refusal::Taken { field: Field::Sim, by_order: Some("CO-2026-000007".into()) }));
    assert_eq!(w.step(), Step::Sim);
    assert_eq!(w.focus(), Some(Field::Sim));
    assert_eq!(w.shown_error(Field::Sim), Some(RuleError::TakenByOrder(Some("CO-2026-000007".into()))));
    assert_eq!(w.answers().extension, "201");
    assert!(!w.is_placing());
    // A new SIM clears the refusal.
    text(&mut w, Field::Sim, "9999");
    w.handle(Event::SimsFound(SimQuery::LastFour("9999".into()), vec![sim(9, "8949020000000009999")]));
    assert_eq!(w.shown_error(Field::Sim), None);
}

#[test]
fn editing_a_section_from_confirm_returns_there() {
    let mut w = wizard();
    to_confirm(&mut w);
    w.handle(Event::Edit(Step::Customer));
    assert_eq!(w.step(), Step::Customer);
    text(&mut w, Field::Reference, "PO-4711");
    w.handle(Event::Next);
    assert_eq!(w.step(), Step::Confirm);
    // An edit that invalidates a later page stops there instead.
    w.handle(Event::Edit(Step::Customer));
    w.handle(Event::Set(Field::Customer, Value::Id(Some(2))));
    w.handle(Event::CustomerLoaded(2, Box::default()));
    w.handle(Event::Next);
    assert_eq!(w.step(), Step::User);
}

/// `zurück` in line mode: one field back, across steps, never refused, keeping every answer.
#[test]
fn back_field_goes_one_field_back_across_steps() {
    let mut w = wizard();
    to_confirm(&mut w);
    let answers = w.answers().clone();
    assert_eq!(w.focus(), Some(Field::AutoInvoice));
    w.handle(Event::BackField);
    assert_eq!((w.step(), w.focus()), (Step::Fmc, Some(Field::AreaCode)), "from Bestätigen's first field");
    w.handle(Event::BackField);
    assert_eq!(w.focus(), Some(Field::Pin));
    w.handle(Event::Focus(Field::Extension));
    w.handle(Event::BackField);
    assert_eq!((w.step(), w.focus()), (Step::Number, Some(Field::Number)), "the previous step's last field");
    // From the first field of step 1 there is nowhere to go.
    w.handle(Event::Edit(Step::Customer));
    w.handle(Event::Back);
    w.handle(Event::Back);
    w.handle(Event::Back);
    w.handle(Event::Back);
    w.handle(Event::Back);
    assert_eq!(w.step(), Step::Customer);
    w.handle(Event::Focus(Field::Customer));
    w.handle(Event::BackField);
    assert_eq!((w.step(), w.focus()), (Step::Customer, Some(Field::Customer)));
    assert_eq!(w.answers(), &answers, "going back changes no answer");
}

#[test]
fn existing_user_with_mobile_is_not_offered() {
    let w = wizard();
    let ids: Vec<OptValue> = w.options(Field::ExistingUser).into_iter().map(|o| o.value).collect();
    assert_eq!(ids, vec![OptValue::Id(10), OptValue::Id(12)]);
}

#[test]
fn a_step_change_saves_the_draft_once_and_without_the_pin() {
    let mut w = wizard();
    to_confirm(&mut w);
    // Nothing changed since the step change: nothing to save.
    assert!(w.save_draft().is_none());
    w.handle(Event::DraftSaved(42));
    w.handle(Event::Edit(Step::Fmc));
    let Some(Effect::SaveDraft { id, draft }) = w.save_draft().or_else(|| {
        text(&mut w, Field::DisplayName, "Bernd B.");
        w.save_draft()
    }) else {
        panic!("no draft")
    };
    assert_eq!(id, Some(42));
    assert_eq!(draft.step, Step::Fmc);
    assert!(draft.pin_entered && draft.answers.pin.is_empty());
}

#[test]
fn a_resumed_draft_has_every_answer_step_and_focus_and_asks_for_the_pin() {
    let mut w = wizard();
    to_confirm(&mut w);
    w.handle(Event::Edit(Step::Fmc));
    w.handle(Event::FocusNext);
    let draft = w.draft();
    let catalog = Arc::new(Catalog::builtin().unwrap());
    let (mut r, effects) = Wizard::resume(catalog, &customers(), today(), 9, draft.clone());
    // The store is asked about the customer with the answers the rules need: the chosen
    // user and number, the typed extension.
    let asked = ContextQuery { user: Some(10), number: Some(100), extension: "201".into(), ..ContextQuery::of(1) };
    assert_eq!(effects, vec![Effect::LoadCustomer(asked), Effect::FindSims(SimQuery::LastFour("1234".into()))]);
    r.handle(Event::CustomerLoaded(1, Box::new(context())));
    r.handle(Event::SimsFound(SimQuery::LastFour("1234".into()), vec![sim(7, "8949020000000001234")]));
    assert_eq!((r.step(), r.focus()), (w.step(), w.focus()));
    let mut expected = w.answers().clone();
    expected.pin.clear();
    assert_eq!(r.answers(), &expected);
    assert_eq!(r.shown_error(Field::Pin), Some(RuleError::PinAgain));
    // Saved again, it still says a PIN is to be entered again.
    assert_eq!(r.draft(), draft);
    text(&mut r, Field::Pin, "4711");
    assert_eq!(r.shown_error(Field::Pin), None);
    assert_eq!(r.draft_id(), Some(9));
}

#[test]
fn placing_discards_the_draft() {
    let mut w = wizard();
    to_confirm(&mut w);
    w.handle(Event::DraftSaved(5));
    assert!(matches!(&w.handle(Event::Next)[..], [Effect::PlaceOrder(_)]));
    let placed = crate::domain::PlacedOrder { id: 1, order_no: "CO-2026-000001".into(), pending: vec![] };
    assert_eq!(w.handle(Event::Placed(placed)), vec![Effect::DiscardDraft(5)]);
}

#[test]
fn opening_a_step_reads_the_customer_lists_fresh() {
    let mut w = wizard();
    to_confirm(&mut w);
    let effects = w.handle(Event::Edit(Step::Number));
    assert!(effects.iter().any(|e| matches!(e, Effect::LoadCustomer(q) if q.customer == 1)), "{effects:?}");
}

#[test]
fn a_draft_saved_on_confirm_resumes_on_the_pin() {
    let mut w = wizard();
    to_confirm(&mut w);
    let draft = w.draft();
    assert!(draft.pin_entered && draft.step == Step::Confirm);
    let (resumed, _) = Wizard::resume(w.catalog.clone(), &customers(), today(), 7, draft);
    assert_eq!(resumed.step(), Step::Fmc, "Bestätigen needs the PIN the draft did not keep");
    assert_eq!(resumed.focus(), Some(Field::Pin));
    assert_eq!(resumed.shown_error(Field::Pin), Some(RuleError::PinAgain));
    assert_eq!(resumed.answers().extension, "201", "every other answer is back");
    assert!(!resumed.is_complete(Step::Confirm), "the step bar does not tick a page not reached yet");
}

#[test]
fn enter_on_confirm_places_only_from_the_order_button() {
    let mut w = wizard();
    to_confirm(&mut w);
    assert_eq!(w.focus(), Some(Field::AutoInvoice));
    assert!(!w.order_button_focused());
    // Enter on the checkbox moves to *Bestellen*; it does not order.
    assert!(w.handle(Event::Enter).is_empty());
    assert!(w.order_button_focused() && !w.is_placing());
    // Tab goes round: the checkbox again, then the button.
    w.handle(Event::FocusNext);
    assert_eq!(w.focus(), Some(Field::AutoInvoice));
    w.handle(Event::FocusPrev);
    assert!(w.order_button_focused());
    let effects = w.handle(Event::Enter);
    assert!(matches!(&effects[..], [Effect::PlaceOrder(_)]), "{effects:?}");
}

#[test]
fn a_page_opens_on_the_first_field_that_needs_an_answer() {
    let mut w = wizard();
    assert_eq!(w.answers().number, None, "no number is chosen before its page is open");
    w.handle(Event::Next);
    assert_eq!(w.step(), Step::Connection);
    // Voice from the menu, data and SMS the catalog's defaults for it: nothing to answer.
    assert_eq!((w.answers().data.as_deref(), w.answers().sms.as_deref()), (Some("data-1"), Some("sms-none")));
    assert_eq!(w.focus(), Some(Field::Voice));
    w.handle(Event::Next);
    w.handle(Event::Next);
    assert_eq!((w.step(), w.focus()), (Step::User, Some(Field::ExistingUser)));
    w.handle(Event::Set(Field::ExistingUser, Value::Id(Some(10))));
    w.handle(Event::Next);
    assert_eq!((w.step(), w.focus()), (Step::Sim, Some(Field::Sim)), "SIM now is the default");
    text(&mut w, Field::Sim, "1234");
    w.handle(Event::SimsFound(SimQuery::LastFour("1234".into()), vec![sim(7, "8949020000000001234")]));
    w.handle(Event::Next);
    // The first free number is preselected: the page has nothing to answer.
    assert_eq!(w.answers().number, Some(100));
    assert_eq!((w.step(), w.focus()), (Step::Number, Some(Field::NumberType)));
    w.handle(Event::Next);
    assert_eq!((w.step(), w.focus()), (Step::Fmc, Some(Field::Extension)));
}

#[test]
fn an_open_customer_with_defaults_leaves_nothing_to_answer_on_step_one() {
    let catalog = Arc::new(Catalog::builtin().unwrap());
    let (w, _) = Wizard::new(catalog, &customers(), today(), Some("business"), Some(1));
    assert!(w.step_errors(Step::Customer).is_empty(), "{:?}", w.step_errors(Step::Customer));
    let (w, _) = Wizard::new(Arc::new(Catalog::builtin().unwrap()), &customers(), today(), Some("business"), None);
    assert_eq!(w.focus(), Some(Field::Customer));
}

/// Customer 2's users: Bodo, with extension 2100, and Berta without one.
fn context_2() -> CustomerContext {
    CustomerContext {
        customer: None,
        users: vec![
            User {
                id: 20,
                username: "bodo.brandt".into(),
                first_name: "Bodo".into(),
                last_name: "Brandt".into(),
                has_mobile: false,
                extension: Some("2100".into()),
            },
            User {
                id: 21,
                username: "berta.berg".into(),
                first_name: "Berta".into(),
                last_name: "Berg".into(),
                has_mobile: false,
                extension: None,
            },
        ],
        extensions: vec![Extension { number: "2100".into(), name: "Bodo Brandt".into() }],
        free_numbers: vec![FreeNumber { id: 200, e164: "+492211234567".into() }],
        ..CustomerContext::default()
    }
}

fn user(w: &mut Wizard, id: i64) {
    w.handle(Event::Set(Field::ExistingUser, Value::Id(Some(id))));
}

/// (extension, display name, area code)
fn derived(w: &Wizard) -> (&str, &str, &str) {
    let a = w.answers();
    (a.extension.as_str(), a.display_name.as_str(), a.area_code.as_str())
}

#[test]
fn the_display_name_follows_the_user_until_typed() {
    let mut w = wizard();
    user(&mut w, 10);
    assert_eq!(w.answers().display_name, "Anna Schmidt");
    user(&mut w, 12);
    assert_eq!(w.answers().display_name, "Clara Conrad", "another user: his name");
    w.handle(Event::Toggle(Field::NewUser));
    text(&mut w, Field::FirstName, "Erika");
    text(&mut w, Field::LastName, "Muster");
    assert_eq!(w.answers().display_name, "Erika Muster");
    w.handle(Event::Toggle(Field::NewUser));
    assert_eq!(w.answers().display_name, "Clara Conrad", "back to the existing user");
    text(&mut w, Field::DisplayName, "Chefin");
    w.handle(Event::FocusNext);
    assert_eq!(w.answers().display_name, "Chefin", "typed: his own");
    assert!(w.typed().contains(&Field::DisplayName));
    user(&mut w, 10);
    assert_eq!(w.answers().display_name, "Anna Schmidt", "typed for Clara: Anna's name again");
    assert!(!w.typed().contains(&Field::DisplayName));
}

#[test]
fn a_display_name_typed_for_one_user_follows_the_next_with_a_notice_on_the_fmc_page() {
    let mut w = wizard();
    to_confirm(&mut w);
    w.handle(Event::Edit(Step::Fmc));
    text(&mut w, Field::DisplayName, "A. Schmidt Mobil");
    while w.step() > Step::User {
        w.handle(Event::Back);
    }
    user(&mut w, 12);
    assert_eq!(derived(&w).1, "Clara Conrad", "follows Clara, not Anna's typed name");
    let notice =
        Notice { cleared: Field::DisplayName, because: Field::ExistingUser, typed_for: Some("Anna Schmidt".into()) };
    // The extension typed for Anna can't be Clara's, who has her own: hers at once, and told.
    let extension =
        Notice { cleared: Field::Extension, because: Field::ExistingUser, typed_for: Some("Anna Schmidt".into()) };
    let notices = [notice, extension];
    assert_eq!(w.notices(), &notices, "told where the user changed");
    while w.step() < Step::Fmc {
        w.handle(Event::Next);
    }
    assert_eq!(w.step(), Step::Fmc);
    assert_eq!(w.notices(), &notices, "and on the FMC page");
    assert_eq!(derived(&w).0, "202");
    text(&mut w, Field::Extension, "");
    assert_eq!(derived(&w).0, "202");
    w.handle(Event::Next);
    assert!(w.notices().is_empty(), "until that page is left");
    // Typed again for Clara: it stays hers while she stays chosen.
    w.handle(Event::Edit(Step::Fmc));
    text(&mut w, Field::DisplayName, "C. Conrad Mobil");
    w.handle(Event::Next);
    assert_eq!(derived(&w).1, "C. Conrad Mobil");
}

#[test]
fn an_emptied_extension_of_a_user_with_his_own_follows_it_again() {
    let mut w = wizard();
    user(&mut w, 10);
    text(&mut w, Field::Extension, "205");
    user(&mut w, 12);
    assert_eq!(w.answers().extension, "202", "typed for Anna: Clara's own instead (defect 2)");
    text(&mut w, Field::Extension, "205");
    assert!(w.shown_error(Field::Extension).is_some(), "typed for Clara: kept, and refused");
    text(&mut w, Field::Extension, ""); // Ctrl+U
    assert_eq!(w.answers().extension, "202", "emptied: his own again");
    assert!(!w.typed().contains(&Field::Extension));
    assert_eq!(validate::check_field(Field::Extension, w.answers(), &w.facts()), Ok(()));
}

#[test]
fn after_confirm_a_new_customer_and_user_bring_their_own_defaults() {
    let mut w = wizard();
    to_confirm(&mut w);
    assert_eq!(derived(&w), ("201", "Anna Schmidt", "030"));
    w.handle(Event::Edit(Step::Customer)); // key 1 on Bestätigen
    w.handle(Event::Set(Field::Customer, Value::Id(Some(2))));
    assert_eq!(w.answers().display_name, "", "no user chosen: no user's name");
    w.handle(Event::CustomerLoaded(2, Box::new(context_2())));
    user(&mut w, 21);
    // The extension 201 was typed within the first customer's dial plan: it follows again
    // (defect 2: kept, it was refused over and over), and the operator is told.
    assert_eq!(derived(&w), ("", "Berta Berg", "0221"));
    assert!(w.notices().iter().any(|n| n.cleared == Field::Extension && n.typed_for.is_some()));
}

#[test]
fn an_existing_users_extension_is_preselected_follows_him_and_is_accepted() {
    let mut w = wizard();
    user(&mut w, 12);
    assert_eq!(w.answers().extension, "202");
    assert_eq!(validate::check_field(Field::Extension, w.answers(), &w.facts()), Ok(()), "his own, not taken");
    user(&mut w, 10);
    assert_eq!(w.answers().extension, "", "Anna has none: nothing preselected");
    user(&mut w, 12);
    text(&mut w, Field::Extension, "203");
    assert_eq!(w.shown_error(Field::Extension), Some(RuleError::ExtensionOfUser { own: "202".into() }));
    user(&mut w, 10);
    assert_eq!(w.answers().extension, "203", "typed: it stays");
}

#[test]
fn an_emptied_derived_field_follows_again_when_its_source_changes() {
    let mut w = wizard();
    user(&mut w, 10);
    text(&mut w, Field::DisplayName, "");
    w.handle(Event::FocusNext);
    assert_eq!(w.answers().display_name, "", "not refilled under the operator's hands");
    user(&mut w, 12);
    assert_eq!(w.answers().display_name, "Clara Conrad");
    assert!(!w.typed().contains(&Field::DisplayName));
}

#[test]
fn the_area_code_follows_the_customer_loaded_late() {
    let catalog = Arc::new(Catalog::builtin().unwrap());
    let (mut w, _) = Wizard::new(catalog, &[], today(), None, Some(2));
    assert_eq!(w.answers().area_code, "");
    let context = CustomerContext { customer: Some(customers()[1].clone()), ..CustomerContext::default() };
    w.handle(Event::CustomerLoaded(2, Box::new(context)));
    assert_eq!(w.answers().area_code, "0221");
}

#[test]
fn only_the_latest_customer_search_is_shown() {
    let mut w = wizard();
    let first = w.handle(Event::FindCustomers("mü".into()));
    let second = w.handle(Event::FindCustomers("bä".into()));
    let generation = |effects: &[Effect]| match effects {
        [Effect::SearchCustomers { generation, after: None, .. }] => *generation,
        other => panic!("{other:?}"),
    };
    let (old, new) = (generation(&first), generation(&second));
    assert_ne!(old, new);
    let page = |i: usize| CustomerPage { rows: vec![customers()[i].clone()], next: None };
    w.handle(Event::CustomersFound { generation: new, page: page(1), more: false });
    // The older search's answer comes late: it is dropped.
    w.handle(Event::CustomersFound { generation: old, page: page(0), more: false });
    assert_eq!(w.customers(), &customers()[1..]);
    assert!(!w.more_customers());
}

#[test]
fn the_next_screenful_continues_the_search_and_is_asked_for_once() {
    let mut w = wizard();
    let effects = w.handle(Event::FindCustomers("k".into()));
    let [Effect::SearchCustomers { generation, .. }] = effects[..] else { panic!("{effects:?}") };
    let cursor = crate::domain::lookup::CustomerCursor { best: true, name_key: "muller".into(), id: 1 };
    let first = CustomerPage { rows: vec![customers()[0].clone()], next: Some(cursor.clone()) };
    w.handle(Event::CustomersFound { generation, page: first, more: false });
    assert!(w.more_customers());
    let more = w.handle(Event::MoreCustomers);
    assert_eq!(more, vec![Effect::SearchCustomers { query: "k".into(), after: Some(cursor), generation }]);
    assert!(w.handle(Event::MoreCustomers).is_empty(), "asked once until the answer");
    let next = CustomerPage { rows: vec![customers()[1].clone()], next: None };
    w.handle(Event::CustomersFound { generation, page: next, more: true });
    assert_eq!(w.customers(), &customers()[..]);
}

#[test]
fn what_was_typed_survives_a_draft() {
    let mut w = wizard();
    user(&mut w, 10);
    text(&mut w, Field::AreaCode, "089");
    let (mut r, _) = Wizard::resume(w.catalog.clone(), &customers(), today(), 3, w.draft());
    r.handle(Event::CustomerLoaded(1, Box::new(context())));
    r.handle(Event::Set(Field::Customer, Value::Id(Some(2))));
    r.handle(Event::CustomerLoaded(2, Box::new(context_2())));
    user(&mut r, 20);
    assert_eq!(derived(&r), ("2100", "Bodo Brandt", "089"));
}

#[test]
fn a_refused_addon_is_told_once_and_never_blocks_the_page() {
    let mut w = wizard();
    choose(&mut w, Field::Term, "m24");
    w.handle(Event::Next);
    choose(&mut w, Field::Voice, "professional");
    choose(&mut w, Field::Data, "data-none");
    choose(&mut w, Field::Sms, "sms-100");
    w.handle(Event::Next);
    assert_eq!(w.step(), Step::Addons);
    let pos = |w: &Wizard, id: &str| w.catalog().addons.iter().position(|a| a.id == id).unwrap();
    let (hotspot, lock) = (Field::Addon(pos(&w, "hotspot")), Field::Addon(pos(&w, "data-lock")));
    w.handle(Event::Toggle(hotspot));
    w.handle(Event::Toggle(lock));
    assert_eq!(w.shown_error(lock), Some(RuleError::AddonExcludes("hotspot".into())), "said at once");
    assert_eq!(w.step_errors(Step::Addons), vec![], "the page is as valid as before");
    w.handle(Event::FocusNext);
    assert_eq!(w.shown_error(lock), None, "gone with the next key");
    w.handle(Event::Next);
    assert_eq!(w.step(), Step::User, "Nächster Schritt is not blocked");
}

#[test]
fn an_addon_whose_requirement_goes_with_the_voice_product_goes_too() {
    let mut catalog = Catalog::builtin().unwrap();
    let pos = |c: &Catalog, id: &str| c.addons.iter().position(|a| a.id == id).unwrap();
    let (eu, world) = (pos(&catalog, "eu-roaming"), pos(&catalog, "world-roaming"));
    // A catalog where only Expert User has EU roaming, which world roaming requires.
    catalog.addons[eu].voice = vec!["expert".into()];
    let (mut w, _) = Wizard::new(Arc::new(catalog), &customers(), today(), Some("expert"), None);
    w.handle(Event::Toggle(Field::Addon(eu)));
    w.handle(Event::Toggle(Field::Addon(world)));
    assert_eq!(w.answers().addons.len(), 2);
    choose(&mut w, Field::Voice, "professional");
    assert!(w.answers().addons.is_empty(), "{:?}", w.answers().addons);
    let cleared: Vec<Field> = w.notices().iter().map(|n| n.cleared).collect();
    assert_eq!(cleared, [Field::Addon(eu), Field::Addon(world)]);
}

#[test]
fn a_picked_option_moves_on_except_from_the_pages_last_field() {
    let mut w = wizard();
    choose(&mut w, Field::Term, "m24");
    w.handle(Event::Next);
    w.handle(Event::Focus(Field::Data));
    w.handle(Event::Pick(Field::Data, Value::Choice(Some("data-5".into()))));
    assert_eq!(w.answers().data.as_deref(), Some("data-5"));
    assert_eq!(w.focus(), Some(Field::Sms), "on to the next field");
    let last = *w.fields().last().unwrap();
    w.handle(Event::Focus(last));
    w.handle(Event::Pick(Field::Sms, Value::Choice(Some("sms-100".into()))));
    assert_eq!(last, Field::Sms);
    assert_eq!(w.focus(), Some(Field::Sms), "leaving the page is Enter's job");
    assert_eq!(w.step(), Step::Connection);
}

#[test]
fn several_matching_sims_offer_a_list_until_one_is_picked() {
    let mut w = wizard();
    text(&mut w, Field::Sim, "5678");
    assert!(!w.offers_sim_list(), "nothing found yet");
    w.handle(Event::SimsFound(
        SimQuery::LastFour("5678".into()),
        vec![sim(8, "8949020000000005678"), sim(9, "89490200000000025678")],
    ));
    assert!(w.offers_sim_list());
    w.handle(Event::Set(Field::Sim, Value::Id(Some(9))));
    assert!(!w.offers_sim_list(), "picked");
    text(&mut w, Field::Sim, "1234");
    w.handle(Event::SimsFound(SimQuery::LastFour("1234".into()), vec![sim(7, "8949020000000001234")]));
    assert!(!w.offers_sim_list(), "one match is taken at once");
}

#[test]
fn page_notes_are_the_orders_warnings_of_the_step() {
    let mut w = wizard();
    to_confirm(&mut w);
    w.handle(Event::Edit(Step::Fmc));
    assert_eq!(w.page_notes(), vec![]);
    text(&mut w, Field::Pin, "0000");
    assert_eq!(w.page_notes(), vec![crate::domain::order::Warning::PinMustChange]);
    let all = crate::domain::order::warnings(w.answers(), &w.facts());
    assert!(all.iter().all(|x| x.step() != Step::Fmc || w.page_notes().contains(x)));
    w.handle(Event::Back);
    assert_eq!(w.step(), Step::Number);
    assert_eq!(w.page_notes(), vec![], "the PIN's note is the FMC page's");
}

#[test]
fn products_show_their_price_and_the_summary_states_the_pool_number() {
    let mut w = wizard();
    assert!(w.chosen_price(Field::Voice).is_some(), "a product");
    assert_eq!(w.chosen_price(Field::Customer), None);
    to_confirm(&mut w);
    assert_eq!(w.chosen_price(Field::Term), None, "a term is no product");
    match w.number_shown() {
        NumberShown::Pool(Some(opt)) => assert_eq!(opt.value, OptValue::Id(100)),
        other => panic!("{other:?}"),
    }
}

/// Defect 2: an extension typed within one customer's dial plan follows the next customer
/// (and the user chosen there: his own) instead of being kept and refused over and over.
#[test]
fn a_typed_extension_follows_another_customer_and_his_users_own_with_a_notice() {
    let mut w = wizard();
    user(&mut w, 10);
    text(&mut w, Field::Extension, "231");
    w.handle(Event::FocusNext);
    assert_eq!(w.answers().extension, "231", "typed: his own while the customer stays");
    w.handle(Event::Set(Field::Customer, Value::Id(Some(2))));
    assert_eq!(w.answers().extension, "", "typed for the other customer: not kept");
    assert!(!w.typed().contains(&Field::Extension));
    let notice = w.notices().iter().find(|n| n.cleared == Field::Extension).expect("told").clone();
    assert_eq!(notice.because, Field::Customer);
    assert_eq!(notice.typed_for.as_deref(), Some("Müller Haustechnik GmbH (K-100001)"));
    let said = crate::summary::notice_text(crate::i18n::Lang::En, &w, &notice);
    assert!(said.contains("Extension") && said.contains("K-100001"), "{said}");
    w.handle(Event::CustomerLoaded(2, Box::new(context_2())));
    user(&mut w, 20);
    assert_eq!(w.answers().extension, "2100", "Bodo's own extension");
    assert_eq!(validate::check_field(Field::Extension, w.answers(), &w.facts()), Ok(()));
    // Typed for a user without one, then a user who owns one: his own, and told.
    user(&mut w, 21);
    text(&mut w, Field::Extension, "2345");
    user(&mut w, 20);
    assert_eq!(w.answers().extension, "2100");
    let n = w.notices().iter().find(|n| n.cleared == Field::Extension).expect("told");
    assert_eq!((n.because, n.typed_for.as_deref()), (Field::ExistingUser, Some("Berta Berg")));
    // A user without an extension keeps what was typed (any free one fits him).
    text(&mut w, Field::Extension, "2345");
    user(&mut w, 21);
    assert_eq!(w.answers().extension, "2345");
}

/// The one question the wizard asked the store about the customer among `effects`.
fn asked(effects: &[Effect]) -> Option<&ContextQuery> {
    effects.iter().find_map(|e| match e {
        Effect::LoadCustomer(q) => Some(q),
        _ => None,
    })
}

#[test]
fn a_typed_user_name_is_asked_of_the_store_and_its_answer_refuses_a_taken_one() {
    let mut w = wizard();
    w.handle(Event::Set(Field::NewUser, Value::Bool(true)));
    let effects = text(&mut w, Field::Username, "Zoe.Zander");
    assert_eq!(asked(&effects).map(|q| q.username.as_str()), Some("Zoe.Zander"), "{effects:?}");
    assert_eq!(validate::check_field(Field::Username, w.answers(), &w.facts()), Ok(()));
    // The store knows her (a user beyond the screenful the list holds).
    let known = CustomerContext { taken_usernames: vec!["zoe.zander".into()], ..context() };
    w.handle(Event::CustomerLoaded(1, Box::new(known)));
    assert_eq!(validate::check_field(Field::Username, w.answers(), &w.facts()), Err(RuleError::UsernameTaken));
    // Asked once per change: the same answers ask nothing more.
    assert_eq!(asked(&w.handle(Event::FocusNext)), None);
}

#[test]
fn a_typed_extension_is_judged_by_the_clashes_the_store_found_for_it() {
    let mut w = wizard();
    user(&mut w, 11);
    let effects = text(&mut w, Field::Extension, "234");
    assert_eq!(asked(&effects).map(|q| q.extension.as_str()), Some("234"), "{effects:?}");
    let clash =
        CustomerContext { extensions: vec![Extension { number: "23".into(), name: "Empfang".into() }], ..context() };
    w.handle(Event::CustomerLoaded(1, Box::new(clash)));
    assert_eq!(
        validate::check_field(Field::Extension, w.answers(), &w.facts()),
        Err(RuleError::ExtensionPrefixClash { other: "23".into() })
    );
}

#[test]
fn typing_into_the_users_list_asks_the_store_and_scrolling_asks_for_more_only_while_more_match() {
    let mut w = wizard();
    let effects = w.handle(Event::FindInList(Field::ExistingUser, "schm".into()));
    let q = asked(&effects).cloned().unwrap();
    assert_eq!((q.users.text.as_str(), q.users.limit), ("schm", crate::domain::LIST_PAGE));
    assert_eq!(w.list_filter(Field::ExistingUser), "schm");
    // Nothing more matches: scrolling asks nothing.
    assert_eq!(asked(&w.handle(Event::MoreInList(Field::ExistingUser))), None);
    w.handle(Event::CustomerLoaded(1, Box::new(CustomerContext { more_users: true, ..context() })));
    assert!(w.more_options(Field::ExistingUser));
    let effects = w.handle(Event::MoreInList(Field::ExistingUser));
    assert_eq!(asked(&effects).map(|q| q.users.limit), Some(2 * crate::domain::LIST_PAGE));
    // Another customer starts his lists afresh.
    let effects = w.handle(Event::Set(Field::Customer, Value::Id(Some(2))));
    assert_eq!(effects, vec![Effect::LoadCustomer(ContextQuery::of(2))]);
}

#[test]
fn the_chosen_user_and_number_stay_chosen_when_the_list_no_longer_shows_them() {
    let mut w = wizard();
    user(&mut w, 10);
    w.handle(Event::Set(Field::Number, Value::Id(Some(100))));
    let label = w.chosen_option(Field::ExistingUser).map(|o| o.label);
    let number = w.chosen_option(Field::Number).map(|o| o.label);
    assert!(label.is_some() && number.is_some());
    // The operator filtered the lists to nothing; the store still tells the chosen ones.
    let chosen = CustomerContext {
        users: Vec::new(),
        free_numbers: Vec::new(),
        chosen_user: context().users.into_iter().find(|u| u.id == 10),
        chosen_number: context().free_numbers.into_iter().next(),
        ..context()
    };
    w.handle(Event::CustomerLoaded(1, Box::new(chosen)));
    assert_eq!(w.chosen_option(Field::ExistingUser).map(|o| o.label), label);
    assert_eq!(w.chosen_option(Field::Number).map(|o| o.label), number);
    assert_eq!(validate::check_field(Field::ExistingUser, w.answers(), &w.facts()), Ok(()));
    assert_eq!(validate::check_field(Field::Number, w.answers(), &w.facts()), Ok(()));
    assert_eq!(w.answers().display_name, "Anna Schmidt");
}

#[test]
fn after_a_failed_read_the_lists_offer_nothing_until_the_next_event_asks_again() {
    let mut w = wizard();
    assert!(!w.context().users.is_empty());
    let effects = w.handle(Event::Refused(Refusal::Storage("no such table: users".into())));
    assert_eq!(asked(&effects), None, "a failure is not answered by asking again at once");
    assert!(w.options(Field::ExistingUser).is_empty() && w.options(Field::Number).is_empty());
    assert!(w.context().extensions.is_empty());
    // The next event asks again, with the same answers.
    let effects = w.handle(Event::FocusNext);
    assert_eq!(asked(&effects).map(|q| q.customer), Some(1), "{effects:?}");
}

#[test]
fn scrolling_a_list_stops_at_its_most_rows() {
    let mut w = wizard();
    w.handle(Event::CustomerLoaded(1, Box::new(CustomerContext { more_numbers: true, ..context() })));
    let mut limit = crate::domain::LIST_PAGE;
    for _ in 0..(crate::domain::LIST_MAX / crate::domain::LIST_PAGE + 5) {
        if let Some(q) = asked(&w.handle(Event::MoreInList(Field::Number))) {
            limit = q.numbers.limit;
            w.handle(Event::CustomerLoaded(1, Box::new(CustomerContext { more_numbers: true, ..context() })));
        }
    }
    assert_eq!(limit, crate::domain::LIST_MAX);
}
