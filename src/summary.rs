//! The *Bestätigen* summary in words: each step's answers as short lines, the option labels
//! and the totals. One description shared by the full screen and line mode, so both say the
//! same about an order.

use crate::domain::catalog::{Price, SimKind};
use crate::domain::field::Summary;
use crate::domain::pricing::{priced_answers, totals};
use crate::domain::rules::RuleError;
use crate::domain::validate;
use crate::domain::{Field, Step};
use crate::i18n::{Lang, fill};
use crate::wizard::{Label, Notice, NumberShown, Opt, Wizard};

/// The text of an option label in a language.
pub fn label_text(label: &Label, lang: Lang) -> String {
    match label {
        Label::Catalog(name) => lang.name(name).to_string(),
        Label::Text(t) => t.clone(),
        Label::PortImmediately => lang.texts().port_immediately.to_string(),
        Label::PortOnDate => lang.texts().port_on_date.to_string(),
    }
}

/// The chosen option's label, or "—".
pub fn chosen_label(lang: Lang, w: &Wizard, field: Field) -> String {
    w.chosen_option(field).map(|o| label_text(&o.label, lang)).unwrap_or_else(|| lang.texts().none.to_string())
}

/// The answers of one step, as short lines (none for *Bestätigen* itself).
pub fn section(lang: Lang, w: &Wizard, step: Step) -> Vec<String> {
    let t = lang.texts();
    let a = w.answers();
    let label = |f: Field| (t.field_label)(f);
    let mut items = composed(lang, w, step);
    // The step's fields of their own line ([`Summary::Labelled`]), when they have a value.
    items.extend(
        Field::EACH
            .into_iter()
            .filter(|f| f.step() == step && f.spec().summary == Summary::Labelled)
            .filter_map(|f| a.text_of(f).filter(|v| !v.is_empty()).map(|v| format!("{} {v}", label(f)))),
    );
    items
}

/// The lines that compose the fields of a step shown [`Summary::InStep`].
fn composed(lang: Lang, w: &Wizard, step: Step) -> Vec<String> {
    let t = lang.texts();
    let a = w.answers();
    let label = |f: Field| (t.field_label)(f);
    match step {
        Step::Customer => vec![
            w.customer().map(|c| format!("{} ({})", c.name, c.number)).unwrap_or_else(|| t.none.to_string()),
            chosen_label(lang, w, Field::Portfolio),
            format!("{} {} · {}", label(Field::StartDate), a.start_date, chosen_label(lang, w, Field::Term)),
        ],
        Step::Connection => [Field::Voice, Field::Data, Field::Sms].map(|f| chosen_label(lang, w, f)).to_vec(),
        Step::Addons => {
            let names: Vec<String> = validate::offered_addons(a, w.catalog())
                .filter(|i| w.checked(Field::Addon(*i)))
                .filter_map(|i| w.catalog().addons.get(i).map(|x| lang.name(&x.name).to_string()))
                .collect();
            vec![if names.is_empty() { t.none.to_string() } else { names.join(", ") }]
        }
        Step::User if a.new_user => vec![
            crate::i18n::fill(t.new_user_summary, &[&format!("{} {} ({})", a.first_name, a.last_name, a.username)]),
            a.email.clone(),
        ],
        Step::User => vec![chosen_label(lang, w, Field::ExistingUser)],
        Step::Sim => match validate::sim_kind(a, w.catalog()) {
            Some(SimKind::Now) => {
                vec![validate::picked_sim(a, &w.facts()).map(|s| s.iccid.clone()).unwrap_or_default()]
            }
            _ => vec![chosen_label(lang, w, Field::SimOption)],
        },
        Step::Number => number_items(lang, w),
        Step::Fmc => vec![
            format!("{} · {}", a.extension, a.display_name),
            format!(
                "{} {} · {} {}",
                label(Field::AreaCode),
                a.area_code,
                label(Field::Pin),
                "•".repeat(a.pin.chars().count())
            ),
        ],
        Step::Confirm => Vec::new(),
    }
}

fn number_items(lang: Lang, w: &Wizard) -> Vec<String> {
    let t = lang.texts();
    let label = |o: Option<Opt>| o.map(|o| label_text(&o.label, lang)).unwrap_or_else(|| t.none.to_string());
    match w.number_shown() {
        NumberShown::Port { number, donor, on } => {
            let when = on.unwrap_or_else(|| t.port_immediately.to_string());
            vec![number, format!("← {} ({when})", label(donor))]
        }
        NumberShown::Pool(chosen) => vec![label(chosen)],
    }
}

/// "Summe: 9,90 € einmalig · 28,60 €/Monat".
pub fn totals_text(lang: Lang, w: &Wizard) -> String {
    let t = lang.texts();
    let products = priced_answers(w.catalog(), w.answers());
    let sum = totals(products.iter().map(|(_, _, p)| p));
    format!(
        "{}: {} {} · {}{}",
        t.total,
        lang.money(sum.one_time_cents),
        t.one_time,
        lang.money(sum.monthly_cents),
        t.per_month
    )
}

/// An add-on's name, by its index in the catalog.
pub fn addon_name(w: &Wizard, i: usize, lang: Lang) -> String {
    w.catalog().addons.get(i).map(|a| lang.name(&a.name).to_string()).unwrap_or_default()
}

/// "9,90 €/Monat", "49,00 € einmalig + 4,90 €/Monat", or nothing when free.
pub fn price_text(p: Price, lang: Lang) -> String {
    let t = lang.texts();
    let mut parts = Vec::new();
    if p.one_time_cents != 0 {
        parts.push(format!("{} {}", lang.money(p.one_time_cents), t.one_time));
    }
    if p.monthly_cents != 0 {
        parts.push(format!("{}{}", lang.money(p.monthly_cents), t.per_month));
    }
    parts.join(" + ")
}

/// What an earlier change cleared, in words.
pub fn notice_text(lang: Lang, w: &Wizard, n: &Notice) -> String {
    let t = lang.texts();
    match (n.cleared, n.because) {
        (Field::DisplayName, _) if n.typed_for.as_ref().is_some_and(|p| !p.is_empty()) => {
            fill(t.name_follows_notice, &[n.typed_for.as_deref().unwrap_or_default()])
        }
        (Field::DisplayName, _) if n.typed_for.is_some() => t.name_follows_plain_notice.to_string(),
        // A typed extension that follows the customer or user again.
        (cleared, _) if n.typed_for.as_ref().is_some_and(|p| !p.is_empty()) => {
            fill(t.typed_follows_notice, &[(t.field_label)(cleared), n.typed_for.as_deref().unwrap_or_default()])
        }
        (cleared, _) if n.typed_for.is_some() => fill(t.typed_follows_plain_notice, &[(t.field_label)(cleared)]),
        // Unticking an add-on unticked one that requires it.
        (Field::Addon(i), Field::Addon(j)) => {
            fill(t.addon_unticked_notice, &[&addon_name(w, i, lang), &addon_name(w, j, lang)])
        }
        (Field::Addon(i), because) => fill(t.cleared_notice, &[&addon_name(w, i, lang), (t.field_label)(because)]),
        (cleared, because) => fill(t.cleared_notice, &[(t.field_label)(cleared), (t.field_label)(because)]),
    }
}

/// A rule's refusal in words, add-ons and data packages by their names.
pub fn error_text(lang: Lang, w: &Wizard, err: &RuleError) -> String {
    let name = |id: &str| {
        let c = w.catalog();
        let name = c.addon(id).map(|a| &a.name).or_else(|| c.data(id).map(|d| &d.name));
        name.map(|n| lang.name(n).to_string()).unwrap_or(id.to_string())
    };
    (lang.texts().rule_error)(err, &name)
}

/// The notes the current page shows under its fields (SIM later, porting, PIN 0000): the
/// order's warnings of this step, as the wizard gives them.
pub fn page_notes(lang: Lang, w: &Wizard) -> Vec<&'static str> {
    w.page_notes().into_iter().map(lang.texts().page_note).collect()
}

/// "Status: aktiv", or what a placed order waits for.
pub fn placed_state(lang: Lang, order: &crate::domain::order::PlacedOrder) -> String {
    use crate::domain::order::PendingReason;
    let t = lang.texts();
    if order.pending.is_empty() {
        return t.placed_active.to_string();
    }
    let reasons: Vec<&str> = order
        .pending
        .iter()
        .map(|r| match r {
            PendingReason::Sim => (t.step_name)(Step::Sim),
            PendingReason::Porting => (t.field_label)(Field::PortWhen),
        })
        .collect();
    fill(t.placed_pending, &[&reasons.join(", ")])
}

/// A draft's age in minutes, as minutes, hours or days.
pub fn age(lang: Lang, minutes: i64) -> String {
    let t = lang.texts();
    match minutes {
        m if m < 1 => t.age_now.to_string(),
        m if m < 60 => fill(t.age_minutes, &[&m.to_string()]),
        m if m < 48 * 60 => fill(t.age_hours, &[&(m / 60).to_string()]),
        m => fill(t.age_days, &[&(m / (24 * 60)).to_string()]),
    }
}
