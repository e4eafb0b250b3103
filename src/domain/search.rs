//! The overview's free-text search, as text: how an order's searchable fields and a typed
//! query are normalised so that a plain substring test finds what the operator means.
//!
//! Two rules make it work:
//! - Letters are folded ([`fold`]): case ignored, umlauts and accents to their base letter,
//!   ß to ss, and a second spelling with the German digraphs (ae, oe, ue) read as umlauts, so
//!   `muller`, `mueller` and `müller` all find Müller.
//! - Runs of digits and phone punctuation are read as one number ([`terms`]): spaces,
//!   slashes, dashes, dots and brackets are dropped and `+49…` and `0049…` become `0…`, so
//!   "0171 2345678", "+49 171 2345678" and "0049-171/2345678" find the same order.
//!
//! The store keeps [`search_key`] of every order in a column and matches [`terms`] against
//! it; nothing here knows SQL.

/// Folds text for matching: lower case, umlauts and common accents to their base letter,
/// ß to ss. The one folding of the search; [`spellings`] adds the digraph reading on top.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' => out.push('a'),
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' => out.push('o'),
            'ü' | 'ù' | 'ú' | 'û' => out.push('u'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            // Dotless ı (Yılmaz) too: an operator types a plain i.
            'í' | 'ì' | 'î' | 'ï' | 'ı' => out.push('i'),
            'ç' | 'č' | 'ć' => out.push('c'),
            'ñ' | 'ń' => out.push('n'),
            'ş' | 'š' | 'ś' => out.push('s'),
            'ğ' => out.push('g'),
            'ł' => out.push('l'),
            'ž' | 'ź' | 'ż' => out.push('z'),
            'ß' => out.push_str("ss"),
            other => out.push(other),
        }
    }
    out
}

/// The spellings a folded word is matched in: as it is, and with ae/oe/ue read as the
/// umlaut's base letter ("mueller" → "muller"). Both sides of a match get both, so a query
/// that begins in the middle of a digraph ("er" in "Bauer") still finds it in the first.
fn spellings(folded: &str) -> (String, Option<String>) {
    let digraphs = read_digraphs(folded);
    if digraphs == folded { (folded.to_string(), None) } else { (folded.to_string(), Some(digraphs)) }
}

/// A folded text with ae/oe/ue read as the umlaut's base letter ("mueller" → "muller"): the
/// second spelling of [`spellings`], and the one spelling the word-prefix search of the long
/// lists (`domain::lookup`) keeps on both sides.
pub fn read_digraphs(folded: &str) -> String {
    // One pass instead of three `replace`s (the same result: an `e` is dropped after an a, o
    // or u it follows in the text as given): seeding a million customers runs this for
    // every word, and the three passes were a tenth of its time.
    let mut out = String::with_capacity(folded.len());
    let mut chars = folded.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if matches!(c, 'a' | 'o' | 'u') {
            chars.next_if_eq(&'e');
        }
    }
    out
}

/// One term of a query: the order matches when its key contains one of the spellings.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Term {
    pub spellings: Vec<String>,
}

/// A character that may stand inside a number as people write one.
fn is_number_punct(c: char) -> bool {
    matches!(c, '+' | '/' | '-' | '.' | '(' | ')')
}

/// A word made only of digits and phone punctuation, with at least one digit.
fn is_numberish(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit() || is_number_punct(c)) && word.chars().any(|c| c.is_ascii_digit())
}

/// The digits of a number as written, in national form: `+49 171 23` and `0049 171 23`
/// give `017123`; other numbers just lose their punctuation.
pub fn number_digits(written: &str) -> String {
    let digits: String = written.chars().filter(char::is_ascii_digit).collect();
    let plus = written.trim_start().starts_with('+');
    if plus && digits.starts_with("49") {
        format!("0{}", &digits[2..])
    } else if !plus && digits.starts_with("0049") {
        format!("0{}", &digits[4..])
    } else {
        digits
    }
}

/// The terms of a typed query; every one must match. Words are folded; neighbouring words
/// that are numbers ("0171 2345678", "+49 171 / 23 45") are read as one number.
pub fn terms(query: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    let mut number = String::new();
    let flush = |number: &mut String, terms: &mut Vec<Term>| {
        if !number.is_empty() {
            let digits = number_digits(number);
            if !digits.is_empty() {
                terms.push(Term { spellings: vec![digits] });
            }
            number.clear();
        }
    };
    for word in query.split_whitespace() {
        if is_numberish(word) || (!number.is_empty() && word.chars().all(is_number_punct)) {
            number.push_str(word);
            continue;
        }
        flush(&mut number, &mut terms);
        let (plain, digraphs) = spellings(&fold(word));
        terms.push(Term { spellings: std::iter::once(plain).chain(digraphs).collect() });
    }
    flush(&mut number, &mut terms);
    terms
}

/// What an order is found by, as stored beside it.
#[derive(Debug, Clone, Copy, Default)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Searchable<'a> {
    pub order_no: &'a str,
    pub customer_name: &'a str,
    pub customer_number: &'a str,
    pub username: &'a str,
    pub user_name: &'a str,
    pub display_name: &'a str,
    pub reference: &'a str,
    pub e164: &'a str,
    pub iccid: Option<&'a str>,
    pub extension: &'a str,
}

/// The normalised text an order is searched in: each field folded in both spellings, and
/// the numbers (order number, phone number, ICCID) as digits too, the phone number in
/// national (`0…`) and international (`49…`) form. Fields are separated by `|`, which no
/// term contains, so a match never spans two fields.
pub fn search_key(s: &Searchable) -> String {
    let mut parts: Vec<String> = Vec::new();
    for text in [s.order_no, s.customer_name, s.customer_number, s.username, s.user_name, s.display_name, s.reference] {
        let (plain, digraphs) = spellings(&fold(text));
        parts.push(plain);
        parts.extend(digraphs);
    }
    parts.push(s.order_no.chars().filter(char::is_ascii_digit).collect());
    let national = number_digits(s.e164);
    parts.push(national.clone());
    if let Some(rest) = national.strip_prefix('0') {
        parts.push(format!("49{rest}"));
    }
    if let Some(iccid) = s.iccid {
        parts.push(iccid.chars().filter(char::is_ascii_digit).collect());
    }
    parts.push(s.extension.to_string());
    parts.retain(|p| !p.is_empty());
    parts.join("|")
}

/// Whether a key matches every term (the store's rule, for tests and small lists).
pub fn matches(key: &str, terms: &[Term]) -> bool {
    terms.iter().all(|t| t.spellings.iter().any(|s| key.contains(s.as_str())))
}

#[cfg(test)]
mod tests {

    #[test]
    fn digraphs_read_in_one_pass_as_the_three_replacements_read_them() {
        let chained = |t: &str| t.replace("ae", "a").replace("oe", "o").replace("ue", "u");
        // Every text of up to six letters over the letters that matter.
        let letters = ['a', 'o', 'u', 'e', 'x'];
        let mut texts = vec![String::new()];
        let mut layer = vec![String::new()];
        for _ in 0..6 {
            layer = layer.iter().flat_map(|t| letters.iter().map(move |l| format!("{t}{l}"))).collect();
            texts.extend(layer.iter().cloned());
        }
        assert!(texts.len() > 5_000);
        for t in &texts {
            assert_eq!(read_digraphs(t), chained(t), "{t:?}");
        }
        assert_eq!(read_digraphs("mueller goethe baeckerei"), "muller gothe backerei");
    }

    use super::*;

    #[test]
    fn letters_of_other_alphabets_fold_to_what_an_operator_types() {
        assert_eq!(fold("Yılmaz & Köhler"), "yilmaz & kohler");
        assert_eq!(fold("Łukasz Żółć Ağa"), "lukasz zolc aga");
        assert_eq!(fold("Çelik Şahin Ñandú"), "celik sahin nandu");
    }

    fn key() -> String {
        search_key(&Searchable {
            order_no: "CO-2026-000042",
            customer_name: "Müller & Söhne Straßenbau GmbH",
            customer_number: "K-100123",
            username: "anna.bauer",
            user_name: "Anna Bauer",
            display_name: "Anna Bauer",
            reference: "PO-4711",
            e164: "+491712345678",
            iccid: Some("8949020000012345678"),
            extension: "234",
        })
    }

    fn finds(query: &str) -> bool {
        let t = terms(query);
        !t.is_empty() && matches(&key(), &t)
    }

    #[test]
    fn umlauts_and_case_are_folded() {
        for q in ["muller", "mueller", "müller", "MÜLLER", "Mueller", "sohne", "soehne", "strassenbau", "straßen"] {
            assert!(finds(q), "{q}");
        }
        assert!(finds("er"), "a query starting inside a digraph (Bauer)");
        assert!(!finds("meier"));
    }

    #[test]
    fn every_kind_of_field() {
        for q in ["co-2026-000042", "2026-000042", "000042", "k-100123", "100123", "anna.bauer", "po-4711", "234"] {
            assert!(finds(q), "{q}");
        }
        assert!(finds("anna müller"), "words are matched each on their own");
        assert!(!finds("anna meier"));
    }

    #[test]
    fn phone_numbers_in_any_spelling() {
        for q in [
            "0171 2345678",
            "01712345678",
            "+49 171 2345678",
            "+491712345678",
            "0049 171 2345678",
            "0171/2345678",
            "0171-234 56 78",
            "(0171) 2345678",
            "+49 (171) 234-5678",
            "2345678",
        ] {
            assert!(finds(q), "{q}");
        }
        assert!(!finds("0172 2345678"));
    }

    #[test]
    fn iccid_full_or_last_digits() {
        assert!(finds("8949020000012345678"));
        assert!(finds("8949 0200 0001 2345 678"));
        assert!(finds("5678"));
        assert!(!finds("8949020000012345679"));
    }

    #[test]
    fn punctuation_alone_is_no_term() {
        assert!(terms("  ").is_empty());
        assert_eq!(terms("- /"), vec![Term { spellings: vec!["-".into()] }, Term { spellings: vec!["/".into()] }]);
        assert_eq!(terms("0171 / 23"), vec![Term { spellings: vec!["017123".into()] }]);
    }
}
