//! E-mail addresses, as far as an order form should check them: one `@`, a local part of
//! at most 64 and a domain of at most 255 characters (RFC 5321), a domain with a dot.

use super::{Input, RuleError};

const LOCAL_MAX: usize = 64;
const DOMAIN_MAX: usize = 255;
/// RFC 5321's limit for a path, less the angle brackets.
const TOTAL_MAX: usize = 254;

/// What *E-Mail* takes: visible ASCII (the rule allows nothing else), at most [`TOTAL_MAX`].
pub const INPUT: Input = Input { max_len: TOTAL_MAX, allows: |c| c.is_ascii_graphic() };

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
    let printable = |s: &str| s.chars().all(|c| c.is_ascii_graphic());
    let labels_ok = domain.split('.').all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
    let ok = !local.is_empty()
        && local.len() <= LOCAL_MAX
        && domain.len() <= DOMAIN_MAX
        && printable(local)
        && printable(domain)
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
