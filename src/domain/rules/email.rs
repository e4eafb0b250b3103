//! E-mail addresses, as far as an order form should check them: one `@`, a local part of
//! at most 64 and a domain of at most 255 characters (RFC 5321), a domain with a dot.
//! The local part is RFC 5322's unquoted form (letters, digits, ``!#$%&'*+-/=?^_`{|}~``
//! and dots between them; no quoted strings, which no mail form of a portal takes); the
//! domain is a host name (labels of letters, digits and inner `-`, at most 63 each).

use super::{Input, RuleError};

const LOCAL_MAX: usize = 64;
const DOMAIN_MAX: usize = 255;
/// RFC 5321's limit for a path, less the angle brackets.
const TOTAL_MAX: usize = 254;

/// The longest label of a domain (RFC 1035).
const LABEL_MAX: usize = 63;

/// A character of an unquoted local part besides the dot (RFC 5322 `atext`).
fn atext(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c)
}

/// What *E-Mail* takes: what the rule allows somewhere (`atext`, `.` and `@`), at most
/// [`TOTAL_MAX`].
pub const INPUT: Input = Input { max_len: TOTAL_MAX, allows: |c| atext(c) || c == '.' || c == '@' };

/// Checks an e-mail address.
pub fn check(email: &str) -> Result<(), RuleError> {
    if email.is_empty() {
        return Err(RuleError::Required);
    }
    if email.len() > TOTAL_MAX {
        return Err(RuleError::TooLong { len: email.chars().count(), max: TOTAL_MAX });
    }
    let mut parts = email.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(RuleError::EmailFormat);
    };
    let label_ok = |l: &str| {
        (1..=LABEL_MAX).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let labels_ok = domain.split('.').all(label_ok);
    let ok = !local.is_empty()
        && local.len() <= LOCAL_MAX
        && domain.len() <= DOMAIN_MAX
        && local.chars().all(|c| atext(c) || c == '.')
        && domain.contains('.')
        && labels_ok
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    if ok { Ok(()) } else { Err(RuleError::EmailFormat) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in ["anna.schmidt@beispiel.de", "a_b-c+tag@mail.example.co.uk", "x@y.io"] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn refuses_malformed() {
        for bad in [
            "anna",
            "anna@",
            "@beispiel.de",
            "a@b@c.de",
            "anna@beispiel",
            "anna @beispiel.de",
            "anna@beispiel..de",
            "anna@.beispiel.de",
            ".anna@beispiel.de",
            "an..na@beispiel.de",
            "anna@-beispiel.de",
        ] {
            assert_eq!(check(bad), Err(RuleError::EmailFormat), "{bad}");
        }
        assert_eq!(check(""), Err(RuleError::Required));
    }

    /// The boundaries, accepted and refused side by side.
    #[test]
    fn boundaries() {
        let local64 = "a".repeat(64);
        let label63 = "b".repeat(63);
        let accepted = [
            format!("{local64}@b.de"),
            format!("x@{label63}.de"),
            "o'brien+tag@beispiel.de".into(),
            "a@b.de".into(),
            "a@b-c.de".into(),
            "a@1und1.de".into(),
        ];
        for ok in &accepted {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        let refused = [
            format!("{}@b.de", "a".repeat(65)),
            format!("x@{}b.de", label63),
            "a@b".into(),
            "a@@b.de".into(),
            "a@b..de".into(),
            "a@-b.de".into(),
            "a@b-.de".into(),
            "a@b.de.".into(),
            "a.@b.de".into(),
            "a@b_c.de".into(),
            "a@b!.de".into(),
            "a(b)@c.de".into(),
            "a,b@c.de".into(),
            "\"a b\"@c.de".into(),
            "a@[192.168.0.1]".into(),
            "jörg@b.de".into(),
        ];
        for bad in &refused {
            assert_eq!(check(bad), Err(RuleError::EmailFormat), "{bad}");
        }
        // The whole address: 254 accepted, 255 refused.
        let domain = |n: usize| format!("{}.{}.{}.de", "b".repeat(63), "c".repeat(63), "d".repeat(n));
        let at = |n: usize| format!("{local64}@{}", domain(n));
        let n254 = 254 - at(0).len();
        assert_eq!(at(n254).len(), 254);
        assert_eq!(check(&at(n254)), Ok(()));
        assert_eq!(check(&at(n254 + 1)), Err(RuleError::TooLong { len: 255, max: 254 }));
    }

    #[test]
    fn rfc_5321_lengths() {
        let local = "a".repeat(65);
        assert_eq!(check(&format!("{local}@b.de")), Err(RuleError::EmailFormat));
        let local = "a".repeat(64);
        assert_eq!(check(&format!("{local}@b.de")), Ok(()));
        let long = format!("a@{}.de", "b".repeat(260));
        assert!(matches!(check(&long), Err(RuleError::TooLong { .. })));
    }
}
