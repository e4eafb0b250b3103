//! PBX user names: ASCII letters, digits, `.`, `_` and `-`, at most 32, unique within the
//! customer. Uniqueness ignores case, since logins are typed in any case.

use super::{Input, RuleError};

const MAX: usize = 32;

/// The characters a user name may hold.
fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// What *Benutzer* takes.
pub const INPUT: Input = Input { max_len: MAX, allows: allowed };

/// Checks a new user name against the customer's existing ones.
pub fn check<'a>(name: &str, existing: impl IntoIterator<Item = &'a str>) -> Result<(), RuleError> {
    if name.is_empty() {
        return Err(RuleError::Required);
    }
    if name.len() > MAX {
        return Err(RuleError::TooLong { len: name.chars().count(), max: MAX });
    }
    if !name.chars().all(allowed) {
        return Err(RuleError::UsernameChars);
    }
    if existing.into_iter().any(|e| e.eq_ignore_ascii_case(name)) {
        return Err(RuleError::UsernameTaken);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_allowed_characters() {
        assert_eq!(check("anna.schmidt_2-b", ["max"]), Ok(()));
    }

    #[test]
    fn refuses_other_characters() {
        for bad in ["anna schmidt", "jörg", "a@b", "x/y"] {
            assert_eq!(check(bad, []), Err(RuleError::UsernameChars), "{bad}");
        }
    }

    #[test]
    fn length_limit() {
        assert_eq!(check(&"a".repeat(32), []), Ok(()));
        assert_eq!(check(&"a".repeat(33), []), Err(RuleError::TooLong { len: 33, max: 32 }));
        assert_eq!(check("", []), Err(RuleError::Required));
    }

    #[test]
    fn unique_within_customer_ignoring_case() {
        assert_eq!(check("Anna", ["anna", "max"]), Err(RuleError::UsernameTaken));
    }
}
