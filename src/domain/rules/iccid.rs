//! ICCID: the SIM card's number. 19 or 20 digits, starting with the telecom prefix 89,
//! ending with a Luhn check digit (ITU-T E.118).

use super::{Input, RuleError};

/// What *SIM auswählen* takes: digits, and spaces for an ICCID printed in groups of four
/// (20 digits and 4 spaces).
pub const QUERY_INPUT: Input = Input { max_len: 24, allows: |c| c.is_ascii_digit() || c == ' ' };

/// Checks a full ICCID. Spaces are not allowed: a scanner types digits only.
pub fn check(iccid: &str) -> Result<(), RuleError> {
    if iccid.is_empty() || !iccid.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RuleError::IccidDigits);
    }
    if !(19..=20).contains(&iccid.len()) {
        return Err(RuleError::IccidLength { len: iccid.len() });
    }
    if !iccid.starts_with("89") {
        return Err(RuleError::IccidPrefix);
    }
    if !luhn_valid(iccid) {
        return Err(RuleError::IccidLuhn);
    }
    Ok(())
}

/// Whether the last digit is the Luhn check digit of the others. Expects ASCII digits.
pub fn luhn_valid(digits: &str) -> bool {
    let (body, check) = digits.split_at(digits.len().saturating_sub(1));
    match check.bytes().next() {
        Some(c) => luhn_digit(body) == Some(c - b'0'),
        None => false,
    }
}

/// The Luhn check digit for `body`, or `None` if `body` holds a non-digit.
pub fn luhn_digit(body: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, b) in body.bytes().rev().enumerate() {
        if !b.is_ascii_digit() {
            return None;
        }
        let mut d = u32::from(b - b'0');
        if i % 2 == 0 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    Some(((10 - sum % 10) % 10) as u8)
}

/// The most free SIMs one lookup lists (a screenful and more): with a large stock, the
/// SIMs sharing four last digits are many, and one further than these is taken by its full
/// ICCID (typed or scanned), which finds exactly one.
pub const MAX_LISTED: usize = 50;

/// Whether `count` SIMs found by one lookup may be only the first of more: the lookup
/// stopped at [`MAX_LISTED`], so the count is "at least" that many.
pub fn capped(count: usize) -> bool {
    count >= MAX_LISTED
}

/// What the operator typed into *SIM auswählen*, *SIM verbinden* or `sim link`: decided here
/// once ([`parse_query`]); the store's one SIM lookup takes it as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimQuery {
    /// The last four digits: look them up in the stock.
    LastFour(String),
    /// A full, valid ICCID (typed or scanned).
    Full(String),
}

impl SimQuery {
    /// Whether the SIM with this ICCID is one the query means.
    pub fn matches(&self, iccid: &str) -> bool {
        match self {
            SimQuery::Full(full) => iccid == full,
            SimQuery::LastFour(digits) => iccid.ends_with(digits.as_str()),
        }
    }
}

/// Reads the SIM field: four digits, or a full ICCID (checked). Spaces and dashes are
/// dropped first, since ICCIDs are often printed (and scanned) in groups: the full screen's
/// field leaves dashes out as they are pasted, line mode and `sim link` take them here.
pub fn parse_query(input: &str) -> Result<SimQuery, RuleError> {
    let digits: String = input.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if digits.is_empty() {
        return Err(RuleError::Required);
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RuleError::IccidDigits);
    }
    match digits.len() {
        4 => Ok(SimQuery::LastFour(digits)),
        n if n <= 8 => Err(RuleError::SimQuery),
        _ => {
            check(&digits)?;
            Ok(SimQuery::Full(digits))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a valid ICCID from a body by appending its check digit.
    fn with_check(body: &str) -> String {
        format!("{body}{}", luhn_digit(body).unwrap())
    }

    #[test]
    fn accepts_valid_19_and_20_digits() {
        assert_eq!(check(&with_check("894902000000001234")), Ok(()));
        assert_eq!(check(&with_check("8949020000000012345")), Ok(()));
    }

    #[test]
    fn known_luhn_example() {
        // Classic Luhn example: 79927398713 is valid.
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
    }

    #[test]
    fn refuses_wrong_length() {
        let short = with_check("89490200000000123");
        assert_eq!(check(&short), Err(RuleError::IccidLength { len: 18 }));
        let long = with_check("89490200000000123456");
        assert_eq!(check(&long), Err(RuleError::IccidLength { len: 21 }));
    }

    #[test]
    fn refuses_wrong_prefix() {
        assert_eq!(check(&with_check("794902000000001234")), Err(RuleError::IccidPrefix));
    }

    #[test]
    fn refuses_wrong_check_digit() {
        let good = with_check("894902000000001234");
        let last = good.as_bytes()[good.len() - 1] - b'0';
        let bad = format!("{}{}", &good[..good.len() - 1], (last + 1) % 10);
        assert_eq!(check(&bad), Err(RuleError::IccidLuhn));
    }

    #[test]
    fn refuses_non_digits() {
        assert_eq!(check("8949a2000000001234"), Err(RuleError::IccidDigits));
        assert_eq!(check(""), Err(RuleError::IccidDigits));
    }

    #[test]
    fn query_four_digits_or_full() {
        assert_eq!(parse_query("1234"), Ok(SimQuery::LastFour("1234".into())));
        let full = with_check("894902000000001234");
        assert_eq!(parse_query(&full), Ok(SimQuery::Full(full.clone())));
        let spaced = format!("{} {}", &full[..4], &full[4..]);
        assert_eq!(parse_query(&spaced), Ok(SimQuery::Full(full.clone())));
        let dashed = format!("{}-{} {}", &full[..4], &full[4..8], &full[8..]);
        assert_eq!(parse_query(&dashed), Ok(SimQuery::Full(full)));
        assert_eq!(parse_query("123"), Err(RuleError::SimQuery));
        assert_eq!(parse_query("12a4"), Err(RuleError::IccidDigits));
        assert_eq!(parse_query(""), Err(RuleError::Required));
        assert!(matches!(parse_query("8949020000001"), Err(RuleError::IccidLength { .. })));
    }

    #[test]
    fn a_query_matches_by_last_four_or_whole() {
        let full = with_check("894902000000001234");
        let last_four = parse_query(&full[full.len() - 4..]).unwrap();
        assert!(last_four.matches(&full));
        assert!(!last_four.matches(&with_check("894902000000004321")));
        let whole = parse_query(&full).unwrap();
        assert!(whole.matches(&full));
        assert!(!whole.matches(&format!("0{full}")), "a full ICCID is not a suffix");
    }
}
