//! The long lists searched in the database engine, a screenful at a time (issue 12): what a
//! customer is found by, how a typed query becomes word prefixes, which matches come first,
//! and where the next page starts. Nothing here knows SQL; every engine of the store serves
//! the same rules (tests/search_contract.rs).
//!
//! Matching is by word prefix, in any order: every word typed must begin a word of the
//! customer's name, number or city ("mül bau" finds "Müller Bau GmbH"). Words are folded with
//! [`search::fold`] and their digraphs read as umlauts ([`search::read_digraphs`]) on both
//! sides, so `muller`, `mueller` and `müller` find Müller and Mueller alike.

use super::model::{Customer, CustomerId, User};
use super::search;

/// One word as it is stored and matched: folded, ae/oe/ue read as umlauts, only its letters
/// and digits kept ("K-100123" → "k100123", "Müller-Lüdenscheidt" → "mullerludenscheidt").
fn word_key(word: &str) -> String {
    search::read_digraphs(&search::fold(word)).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The words a text is found by, in order: each word whole ([`word_key`]) and, when
/// punctuation splits it, its parts too ("K-100123" → "k100123", "k", "100123").
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let whole = word_key(word);
        if whole.is_empty() {
            continue;
        }
        let parts: Vec<String> =
            word.split(|c: char| !c.is_alphanumeric()).map(word_key).filter(|p| !p.is_empty()).collect();
        out.push(whole);
        if parts.len() > 1 {
            out.extend(parts);
        }
    }
    out
}

/// What a customer is found by, as the store keeps it beside the customer: the words of
/// name, number and city, separated by single spaces.
pub fn customer_words(name: &str, number: &str, city: &str) -> String {
    [name, number, city].iter().flat_map(|t| words(t)).collect::<Vec<_>>().join(" ")
}

/// The key a customer's name is sorted by and whose start decides the best matches: each
/// word of the name whole, separated by single spaces ("Ärztehaus Süd" → "arztehaus sud"),
/// so Ä sorts with A as a German reader expects.
pub fn name_key(name: &str) -> String {
    name.split_whitespace().map(word_key).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The word prefixes of a typed query, each to begin some word of the customer; no
/// prefixes (empty, or only punctuation) match every customer. Repeated words count once.
pub fn prefixes(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for word in query.split_whitespace().map(word_key) {
        if !word.is_empty() && !out.contains(&word) {
            out.push(word);
        }
    }
    out
}

/// Whether a customer's stored words ([`customer_words`]) match every prefix: the rule each
/// engine's index must reproduce, for tests and small lists.
pub fn matches(words: &str, prefixes: &[String]) -> bool {
    prefixes.iter().all(|p| words.split(' ').any(|w| w.starts_with(p.as_str())))
}

/// Where a customer stands in a search's order, which is: first the customers whose name
/// begins with the first word typed ([`name_key`] starts with it), by that key and id; then
/// the other matches by id (the order they were added in). Also where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerCursor {
    /// Whether the customer is among the first group (its name begins with the first word).
    pub best: bool,
    /// The customer's [`name_key`].
    pub name_key: String,
    /// The customer's id, which breaks ties.
    pub id: CustomerId,
}

/// A screenful of a customer search, in the order of [`CustomerCursor`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CustomerPage {
    /// The matches, best first.
    pub rows: Vec<Customer>,
    /// Where the next page starts; `None` when this page holds the last match.
    pub next: Option<CustomerCursor>,
}

/// Which page of the overview to read, in the list's own order (newest first unless
/// `OrderQuery::oldest_first`): keyset paging, so any page costs what the first one does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderSeek {
    /// The first rows of the list.
    First,
    /// The rows that follow the order with this id.
    After(i64),
    /// The rows that come before the order with this id (still returned in list order).
    Before(i64),
    /// The last rows of the list.
    Last,
}

/// Whether a user matches the word prefixes typed into *Benutzer auswählen*: the customers'
/// rule ([`matches`]) over his first name, last name and user name ([`user_words`]). The
/// store reads a customer's users in name order, the engine matching each prefix against
/// the stored words, and keeps the first screenful.
pub fn user_matches(user: &User, prefixes: &[String]) -> bool {
    prefixes.is_empty() || matches(&user_words(&user.first_name, &user.last_name, &user.username), prefixes)
}

/// What a user is found by, as the store keeps it beside the user: the words of first
/// name, last name and user name, separated by single spaces.
pub fn user_words(first_name: &str, last_name: &str, username: &str) -> String {
    [first_name, last_name, username].iter().flat_map(|t| words(t)).collect::<Vec<_>>().join(" ")
}

/// The digits of what was typed into *Nummer auswählen*, as dialled at home or abroad:
/// spaces, dashes, brackets and the plus dropped, `0049` read as `+49`, and the trunk `0`
/// some write after the country code (`+49 (0)30 …`) left out.
pub fn number_digits(typed: &str) -> String {
    let typed = typed.trim();
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    // Only a number written from its start says where the country code is: "4905" typed
    // inside a number stays as it is.
    let international = typed.starts_with('+') || typed.starts_with("00");
    let digits = if typed.starts_with("00") { digits[2..].to_string() } else { digits };
    match digits.strip_prefix("490").filter(|_| international) {
        Some(rest) => format!("49{rest}"),
        None => digits,
    }
}

/// Whether a free number matches the digits typed into *Nummer auswählen*
/// ([`number_digits`]): they appear in it as dialled at home (`030 1234567`) or abroad
/// (`+49 30 1234567`, `0049 30 …`, `+49 (0)30 …`); nothing typed matches every number.
pub fn number_matches(e164: &str, typed: &str) -> bool {
    let digits = number_digits(typed);
    if digits.is_empty() {
        return true;
    }
    let international: String = e164.chars().filter(char::is_ascii_digit).collect();
    let national = international.strip_prefix("49").map(|rest| format!("0{rest}"));
    international.contains(&digits) || national.is_some_and(|n| n.contains(&digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(query: &str, name: &str, number: &str, city: &str) -> bool {
        matches(&customer_words(name, number, city), &prefixes(query))
    }

    #[test]
    fn word_prefixes_in_any_order_with_umlauts_both_ways() {
        for q in ["mül bau", "bau mül", "muller", "mueller", "MÜLLER", "Mue", "gmbh", "k-1001", "100123", "münch"] {
            assert!(found(q, "Müller Bau GmbH", "K-100123", "München"), "{q}");
        }
        assert!(found("mull", "Mueller Bau GmbH", "K-1", "Köln"), "a name written with ue");
        assert!(!found("ller", "Müller Bau GmbH", "K-100123", "München"), "not inside a word");
        assert!(!found("mül meier", "Müller Bau GmbH", "K-100123", "München"), "every word must match");
    }

    #[test]
    fn punctuation_keeps_a_word_whole_and_its_parts() {
        assert_eq!(
            words("Müller-Lüdenscheidt K-100123"),
            ["mullerludenscheidt", "muller", "ludenscheidt", "k100123", "k", "100123"]
        );
        assert_eq!(name_key("  Ärztehaus   Süd & Co. "), "arztehaus sud co");
        assert!(prefixes(" & - ").is_empty());
        assert_eq!(prefixes("Bau bau BAU"), ["bau"]);
    }

    #[test]
    fn users_match_by_word_prefixes_of_their_names_and_user_name() {
        let u = User {
            id: 1,
            username: "j.mueller".into(),
            first_name: "Jörg".into(),
            last_name: "Müller-Lüdenscheidt".into(),
            has_mobile: false,
            extension: None,
        };
        for typed in ["", "jorg", "joerg mull", "lud", "j.mue", "mueller joe"] {
            assert!(user_matches(&u, &prefixes(typed)), "{typed}");
        }
        for typed in ["meier", "jörg x", "org"] {
            assert!(!user_matches(&u, &prefixes(typed)), "{typed}");
        }
    }

    #[test]
    fn numbers_match_by_digits_at_home_or_abroad() {
        for typed in ["", "030 12", "+49 30 12", "4567", "0301234567", "49-30", "0049 30 1234", "+49 (0)30/1234-567"] {
            assert!(number_matches("+49301234567", typed), "{typed}");
        }
        for typed in ["040", "7654", "4905", "0040"] {
            assert!(!number_matches("+49301234567", typed), "{typed}");
        }
    }
}
