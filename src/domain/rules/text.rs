//! Free text fields: the order reference and names.

use super::{Input, RuleError, printable};

/// The longest reference the portal takes.
pub const REFERENCE_MAX: usize = 40;
/// The longest first name, last name or display name.
pub const NAME_MAX: usize = 64;

/// What *Referenz* takes.
pub const REFERENCE_INPUT: Input = Input { max_len: REFERENCE_MAX, allows: printable };
/// What a name field takes.
pub const NAME_INPUT: Input = Input { max_len: NAME_MAX, allows: printable };

/// Optional, printable, at most [`REFERENCE_MAX`] characters.
pub fn check_reference(s: &str) -> Result<(), RuleError> {
    check_printable(s, REFERENCE_MAX)
}

/// A required name of at most [`NAME_MAX`] characters.
pub fn check_name(s: &str) -> Result<(), RuleError> {
    if s.trim().is_empty() {
        return Err(RuleError::Required);
    }
    check_printable(s, NAME_MAX)
}

/// An optional name part (the *Präfix*), printable, at most [`NAME_MAX`].
pub fn check_optional(s: &str) -> Result<(), RuleError> {
    check_printable(s, NAME_MAX)
}

fn check_printable(s: &str, max: usize) -> Result<(), RuleError> {
    let len = s.chars().count();
    if len > max {
        return Err(RuleError::TooLong { len, max });
    }
    if s.chars().any(char::is_control) {
        return Err(RuleError::NotPrintable);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_optional_printable_max_40() {
        assert_eq!(check_reference(""), Ok(()));
        assert_eq!(check_reference("PO-2026/ÄÖÜ-17"), Ok(()));
        assert_eq!(check_reference(&"x".repeat(40)), Ok(()));
        assert_eq!(check_reference(&"x".repeat(41)), Err(RuleError::TooLong { len: 41, max: 40 }));
        assert_eq!(check_reference("a\tb"), Err(RuleError::NotPrintable));
    }

    #[test]
    fn names_required() {
        assert_eq!(check_name("  "), Err(RuleError::Required));
        assert_eq!(check_name("Jürgen"), Ok(()));
        assert_eq!(check_optional(""), Ok(()));
    }
}
