//! German phone numbers: normalisation to E.164 and a readable form, and area codes.

use super::{Input, RuleError};

/// The longest E.164 number: 15 digits after the `+`.
const E164_MAX_DIGITS: usize = 15;

/// The separators a typed number may hold.
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '/' | '(' | ')')
}

/// What *Rufnummer* takes: digits, separators and a leading `+`; 15 digits with room for
/// separators (`+49 (30) 123-45 67`).
pub const NUMBER_INPUT: Input = Input { max_len: 24, allows: |c| c.is_ascii_digit() || c == '+' || is_separator(c) };

/// What *Vorwahl* takes: `0` and at most 5 digits.
pub const AREA_CODE_INPUT: Input = Input { max_len: AREA_CODE_MAX, allows: super::digit };
/// The longest area code, with its `0`.
const AREA_CODE_MAX: usize = 6;

/// Normalises a German number typed as `030 1234567`, `+49 (30) 123-45 67` or
/// `0049 30 1234567` to E.164 (`+49301234567`).
///
/// Spaces, `-`, `/`, `(` and `)` are separators. A number with another country code is
/// refused: porting is from German providers only.
pub fn to_e164(input: &str) -> Result<String, RuleError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(RuleError::Required);
    }
    let plus = trimmed.starts_with('+');
    let mut digits = String::with_capacity(trimmed.len());
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            c if is_separator(c) => {}
            '+' if i == 0 => {}
            _ => return Err(RuleError::PhoneFormat),
        }
    }
    let national = if plus {
        digits.strip_prefix("49").ok_or(RuleError::PhoneNotGerman)?
    } else if let Some(international) = digits.strip_prefix("00") {
        international.strip_prefix("49").ok_or(RuleError::PhoneNotGerman)?
    } else {
        digits.strip_prefix('0').ok_or(RuleError::PhoneFormat)?
    };
    // After the country code comes the area code without its 0; a German national
    // significant number has at least 6 and (with the 49) at most 13 digits.
    if national.starts_with('0') || national.len() < 6 || 2 + national.len() > E164_MAX_DIGITS {
        return Err(RuleError::PhoneFormat);
    }
    Ok(format!("+49{national}"))
}

/// Shows an E.164 number in groups: `+49 30 1234567`. The customer's area code (`030`)
/// tells where the area code ends; without it, a few well-known lengths are used.
pub fn readable(e164: &str, area_code: Option<&str>) -> String {
    let Some(national) = e164.strip_prefix("+49") else {
        return e164.to_string();
    };
    let area_len = area_code
        .and_then(|a| a.strip_prefix('0'))
        .filter(|a| national.starts_with(a))
        .map(str::len)
        .unwrap_or_else(|| guess_area_len(national));
    let (area, subscriber) = national.split_at(area_len.min(national.len()));
    format!("+49 {area} {subscriber}")
}

/// Area code length for the big cities (2 digits) and mobile blocks (3 digits);
/// 3 for the rest, which is the most common length in Germany.
fn guess_area_len(national: &str) -> usize {
    if ["30", "40", "69", "89"].iter().any(|p| national.starts_with(p)) {
        2
    } else if national.starts_with("15") || national.starts_with("16") || national.starts_with("17") {
        3
    } else {
        3.min(national.len())
    }
}

/// The longest dial prefix.
const DIAL_PREFIX_MAX: usize = 6;

/// What *Präfix* takes: digits, at most [`DIAL_PREFIX_MAX`].
pub const DIAL_PREFIX_INPUT: Input = Input { max_len: DIAL_PREFIX_MAX, allows: super::digit };

/// The *Präfix*: optional; the portal's help calls it a dial prefix for the user ("Geben
/// Sie eine Vorwahl für den Benutzer ein"), the digits the PBX puts before the numbers he
/// dials (an outside-line `0` or `9`, a carrier code). Digits only, 1 to 6 of them: no
/// `+` (that starts a number, not a prefix), no `*` or `#` (those start feature codes).
pub fn check_dial_prefix(prefix: &str) -> Result<(), RuleError> {
    let prefix = prefix.trim();
    let ok = prefix.len() <= DIAL_PREFIX_MAX && prefix.bytes().all(|b| b.is_ascii_digit());
    if ok { Ok(()) } else { Err(RuleError::DialPrefix) }
}

/// A German area code: `0` followed by 2 to 5 digits, the first not `0` (that would be
/// an international prefix). `030`, `089`, `0221`, `03381`.
pub fn check_area_code(code: &str) -> Result<(), RuleError> {
    let code = code.trim();
    if code.is_empty() {
        return Err(RuleError::Required);
    }
    let ok = code.starts_with('0')
        && (3..=AREA_CODE_MAX).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_digit())
        && code.as_bytes()[1] != b'0';
    if ok { Ok(()) } else { Err(RuleError::AreaCode) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_national_and_international_forms() {
        for input in
            ["030 1234567", "0301234567", "+49 30 1234567", "+49 (30) 123-45 67", "0049 30 1234567", "030/1234567"]
        {
            assert_eq!(to_e164(input), Ok("+49301234567".to_string()), "{input}");
        }
        assert_eq!(to_e164("0171 2345678"), Ok("+491712345678".to_string()));
    }

    #[test]
    fn refuses_foreign_and_malformed() {
        assert_eq!(to_e164("+33 1 23456789"), Err(RuleError::PhoneNotGerman));
        assert_eq!(to_e164("0033 1 23456789"), Err(RuleError::PhoneNotGerman));
        assert_eq!(to_e164("30 1234567"), Err(RuleError::PhoneFormat));
        assert_eq!(to_e164("030 12a4567"), Err(RuleError::PhoneFormat));
        assert_eq!(to_e164("+49 030 1234567"), Err(RuleError::PhoneFormat));
        assert_eq!(to_e164("030 12"), Err(RuleError::PhoneFormat));
        assert_eq!(to_e164("030 1234567890123"), Err(RuleError::PhoneFormat));
        assert_eq!(to_e164("  "), Err(RuleError::Required));
        // Boundaries: a national significant number of 6 to 13 digits.
        assert_eq!(to_e164("030 1234"), Ok("+49301234".to_string()));
        assert_eq!(to_e164("030 123"), Err(RuleError::PhoneFormat));
        assert_eq!(to_e164("+49 30 12345678901"), Ok("+493012345678901".to_string()));
        assert_eq!(to_e164("+49 30 123456789012"), Err(RuleError::PhoneFormat));
        assert_eq!(to_e164("49 30 1234567"), Err(RuleError::PhoneFormat));
        assert_eq!(to_e164("30+1234567"), Err(RuleError::PhoneFormat));
        assert_eq!(to_e164("++49 30 1234567"), Err(RuleError::PhoneFormat));
    }

    #[test]
    fn readable_uses_customer_area_code() {
        assert_eq!(readable("+49301234567", Some("030")), "+49 30 1234567");
        assert_eq!(readable("+49338112345", Some("03381")), "+49 3381 12345");
        assert_eq!(readable("+492211234567", None), "+49 221 1234567");
        assert_eq!(readable("+491712345678", None), "+49 171 2345678");
    }

    #[test]
    fn dial_prefixes() {
        for ok in ["", " ", "0", "9", "01010", "123456", " 0 "] {
            assert_eq!(check_dial_prefix(ok), Ok(()), "{ok:?}");
        }
        for bad in ["Dr.", "1234567", "+49", "*31#", "0 9", "0-9", "٣"] {
            assert_eq!(check_dial_prefix(bad), Err(RuleError::DialPrefix), "{bad:?}");
        }
    }

    #[test]
    fn area_codes() {
        for ok in ["030", "089", "0221", "03381"] {
            assert_eq!(check_area_code(ok), Ok(()), "{ok}");
        }
        for bad in ["30", "0", "03", "00", "000", "0049", "0338123", "03a1", "+4930", "03 0", "٠٣٠"] {
            assert_eq!(check_area_code(bad), Err(RuleError::AreaCode), "{bad}");
        }
        // `0` and 2 digits is the shortest, `0` and 5 the longest; the typing filter's maximum.
        assert_eq!((check_area_code("089"), check_area_code("033813")), (Ok(()), Ok(())));
        assert_eq!(AREA_CODE_INPUT.max_len, "033813".len());
    }
}
