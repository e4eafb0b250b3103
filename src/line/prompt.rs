//! Line mode's lines: step headings, prompt lines, numbered options, the summary and the
//! help, all from the same words as the full screen ([`crate::summary`], [`crate::i18n`]).

use crate::domain::order::warnings;
use crate::domain::pricing::priced_answers;
use crate::domain::{Field, Step};
use crate::i18n::{Lang, fill};
use crate::summary;
use crate::wizard::Wizard;

/// The most options a list shows at once; longer lists are searched first.
pub const SHOWN: usize = 9;

/// "Schritt 3 von 8: Add-ons".
pub fn heading(lang: Lang, step: Step) -> String {
    let steps = Step::ALL.len().to_string();
    fill(lang.line().heading, &[&(step.index() + 1).to_string(), &steps, (lang.texts().step_name)(step)])
}

/// One prompt line: the label, a hint in parentheses, the value in brackets when there is
/// one, and the colon after which the answer is typed.
pub fn prompt(label: &str, hint: Option<&str>, value: Option<&str>) -> String {
    let mut line = label.to_string();
    if let Some(hint) = hint {
        line.push_str(&format!(" ({hint})"));
    }
    if let Some(value) = value.filter(|v| !v.is_empty()) {
        line.push_str(&format!(" [{value}]"));
    }
    line.push_str(": ");
    line
}

/// "  2 Professional User, 14,90 €/Monat".
pub fn option_line(number: usize, label: &str, price: Option<String>) -> String {
    match price.filter(|p| !p.is_empty()) {
        Some(price) => format!("  {number} {label}, {price}"),
        None => format!("  {number} {label}"),
    }
}

/// A ticked or unticked box: "  1 [x] EU-Roaming, 4,90 €/Monat".
pub fn box_line(number: usize, ticked: bool, label: &str, price: Option<String>) -> String {
    option_line(number, &format!("[{}] {label}", if ticked { "x" } else { " " }), price)
}

/// The field's whole *Erläuterung*, then the commands.
pub fn help(lang: Lang, field: Option<Field>) -> Vec<String> {
    let t = lang.texts();
    let mut lines = Vec::new();
    if let Some(field) = field {
        lines.push(format!("{}: {}", (t.field_label)(field), (t.field_help)(field)));
    }
    lines.extend(lang.line().commands.iter().map(|c| c.to_string()));
    lines
}

/// The steps' answers, one line per step ("4 Benutzer: neu: Erika Mustermann (erika.muster);
/// erika@beispiel.de"), up to and with `until` (all but *Bestätigen* when `None`).
pub fn summary(lang: Lang, w: &Wizard, until: Option<Step>) -> Vec<String> {
    let t = lang.texts();
    Step::ALL
        .into_iter()
        .filter(|s| *s != Step::Confirm && until.is_none_or(|u| *s <= u))
        .map(|step| {
            let items = summary::section(lang, w, step);
            format!("{} {}: {}", step.index() + 1, (t.step_name)(step), items.join("; "))
        })
        .collect()
}

/// *Bestätigen* as lines: the summary, each priced product, the totals and the warnings.
pub fn confirmation(lang: Lang, w: &Wizard) -> Vec<String> {
    let t = lang.texts();
    let mut lines = summary(lang, w, None);
    lines.push(format!("{}:", t.prices));
    for (_, name, price) in priced_answers(w.catalog(), w.answers()).iter().filter(|(_, _, p)| !p.is_free()) {
        lines.push(format!("  {}: {}", lang.name(name), summary::price_text(*price, lang)));
    }
    lines.push(summary::totals_text(lang, w));
    for warning in warnings(w.answers(), &w.facts()) {
        lines.push(fill(lang.line().warning, &[(t.warning)(warning)]));
    }
    lines
}

/// A line as it reads aloud: the full screen's signs that a screen reader skips or misreads
/// become words or pauses. "·" (read as nothing, so two values run together) becomes a comma;
/// "—" (nothing chosen, silent) a word; "/Monat" (its € dropped, or read "slash") "pro
/// Monat"; "←" (read "left arrow") "von"; the PIN's dots "eingegeben".
pub fn plain(lang: Lang, line: &str) -> String {
    let words = lang.line();
    let mut out = line.replace(" · ", ", ").replace(lang.texts().per_month, words.per_month);
    out = out.replace("← ", &format!("{} ", words.from));
    // "Aktionen → SIM verbinden": a menu path, read "Aktionen: SIM verbinden".
    out = out.replace(" → ", ": ");
    // The full screen's footnote star before a note ("*Die Bestellung muss dann …").
    if let Some(rest) = out.strip_prefix('*') {
        out = rest.to_string();
    }
    if out.contains('•') {
        let dots: String = out.chars().filter(|c| *c == '•').collect();
        out = out.replace(&dots, words.pin_set);
    }
    // "—" alone, as a value: "Add-ons: —", "[—]".
    let none = lang.texts().none;
    for (before, after) in [(": ", ""), ("[", "]"), ("; ", "")] {
        out = out.replace(&format!("{before}{none}{after}"), &format!("{before}{}{after}", words.nothing));
    }
    if out.ends_with(&format!(": {none}")) {
        out.truncate(out.len() - none.len());
        out.push_str(words.nothing);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_a_screen_reader_skips_become_words() {
        assert_eq!(plain(Lang::De, "Startdatum 26.11.2026 · 24 Monate"), "Startdatum 26.11.2026, 24 Monate");
        assert_eq!(plain(Lang::De, "  Business User: 9,90 €/Monat"), "  Business User: 9,90 € pro Monat");
        assert_eq!(plain(Lang::En, "Total: €9.90 one-time · €14.80/month"), "Total: €9.90 one-time, €14.80 a month");
        assert_eq!(plain(Lang::De, "3 Add-ons: —"), "3 Add-ons: keine");
        assert_eq!(plain(Lang::En, "Add-ons (numbers) [—]: "), "Add-ons (numbers) [none]: ");
        assert_eq!(plain(Lang::De, "+49 30 98765432; ← Vodafone (sofort)"), "+49 30 98765432; von Vodafone (sofort)");
        assert_eq!(plain(Lang::De, "Vorwahl 030 · PIN-Code ••••"), "Vorwahl 030, PIN-Code eingegeben");
        assert_eq!(plain(Lang::De, "Bäckerei Schröder-Müller"), "Bäckerei Schröder-Müller");
        assert_eq!(
            plain(Lang::En, "in the order overview (Actions → Link SIM)."),
            "in the order overview (Actions: Link SIM)."
        );
        assert_eq!(plain(Lang::En, "*The order must then be added"), "The order must then be added");
    }
}
