//! What an answer line says: a command word, a value, or nothing (keep the value).

use crate::domain::search::fold;
use crate::i18n::{Lang, Words};

/// One answer line, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// Enter alone: keep the value in brackets.
    Keep,
    /// `?`: the field's help and the commands.
    Help,
    /// `zurück` / `back`: one field back, across steps.
    Back,
    /// `übersicht` / `review`: the summary so far.
    Review,
    /// `abbrechen` / `quit`: leave, keeping the draft.
    Quit,
    /// `weiter` / `next`: the rest of the page as it is.
    Next,
    /// `-`: empty the field.
    Clear,
    /// Anything else, trimmed; `=text` gives `text` even when it reads like a command.
    Value(String),
}

/// Both languages' command words are taken in either language.
const LANGS: [Lang; 2] = [Lang::De, Lang::En];

fn is_word(typed: &str, pick: fn(&Words) -> &'static [&'static str]) -> bool {
    let typed = typed.to_lowercase();
    LANGS.iter().any(|l| pick(&l.line().words).contains(&typed.as_str()))
}

/// Reads one answer line.
pub fn parse(line: &str) -> Said {
    let text = line.trim();
    if let Some(literal) = text.strip_prefix('=') {
        return Said::Value(literal.trim().to_string());
    }
    match text {
        "" => Said::Keep,
        "?" => Said::Help,
        t if is_word(t, |w| w.back) => Said::Back,
        t if is_word(t, |w| w.review) => Said::Review,
        t if is_word(t, |w| w.quit) => Said::Quit,
        t if is_word(t, |w| w.next) => Said::Next,
        t if is_word(t, |w| w.clear) => Said::Clear,
        t => Said::Value(t.to_string()),
    }
}

/// `ja`/`nein`, `yes`/`no` (either language).
pub fn yes_no(text: &str) -> Option<bool> {
    if is_word(text, |w| w.yes) {
        Some(true)
    } else if is_word(text, |w| w.no) {
        Some(false)
    } else {
        None
    }
}

/// A number from 1 to `max`, as a 0-based index.
pub fn pick(text: &str, max: usize) -> Option<usize> {
    text.trim().parse::<usize>().ok().filter(|n| (1..=max).contains(n)).map(|n| n - 1)
}

/// Several numbers from 1 to `max` ("1 3", "1,3"), as 0-based indexes; `None` if any is not.
pub fn picks(text: &str, max: usize) -> Option<Vec<usize>> {
    let parts: Vec<&str> = text.split([' ', ',', ';']).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return None;
    }
    parts.into_iter().map(|p| pick(p, max)).collect()
}

/// Whether `label` holds every word of `query`, case, umlauts and accents ignored.
pub fn matches(label: &str, query: &str) -> bool {
    let label = fold(label);
    query.split_whitespace().all(|word| label.contains(&fold(word)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_words_of_both_languages_and_the_literal_escape() {
        assert_eq!(parse("  "), Said::Keep);
        assert_eq!(parse("zurück"), Said::Back);
        assert_eq!(parse("Back"), Said::Back);
        assert_eq!(parse("zurueck"), Said::Back);
        assert_eq!(parse("übersicht"), Said::Review);
        assert_eq!(parse("review"), Said::Review);
        assert_eq!(parse("ABBRECHEN"), Said::Quit);
        assert_eq!(parse("quit"), Said::Quit);
        assert_eq!(parse("weiter"), Said::Next);
        assert_eq!(parse("?"), Said::Help);
        assert_eq!(parse("-"), Said::Clear);
        assert_eq!(parse("=Back"), Said::Value("Back".into()));
        assert_eq!(parse(" Erika "), Said::Value("Erika".into()));
    }

    #[test]
    fn numbers_yes_no_and_matching() {
        assert_eq!(pick("2", 3), Some(1));
        assert_eq!(pick("0", 3), None);
        assert_eq!(pick("4", 3), None);
        assert_eq!(picks("1 3", 3), Some(vec![0, 2]));
        assert_eq!(picks("1,x", 3), None);
        assert_eq!(yes_no("J"), Some(true));
        assert_eq!(yes_no("no"), Some(false));
        assert_eq!(yes_no("vielleicht"), None);
        assert!(matches("Müller Haustechnik GmbH · K-100001 · Berlin", "muller berlin"));
        assert!(!matches("Bäckerei Schröder KG", "muller"));
    }
}
