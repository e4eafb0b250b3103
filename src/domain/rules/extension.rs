//! FMC extension numbers within a customer's dial plan.

use super::{Input, RuleError};
use crate::domain::model::Extension;

/// Emergency and service numbers. An extension may neither be one nor start with one, nor
/// be a start of one: the PBX routes by prefix, so `11` or `1120` would make `112` wait.
const RESERVED: [&str; 3] = ["110", "112", "115"];

/// What *Nebenstellennummer* takes: digits, at most the longest dial plan (5).
pub const INPUT: Input = Input { max_len: 5, allows: super::digit };

/// Checks an extension: digits, exactly `dial_plan_len` of them, no leading 0, not
/// clashing with an emergency number, not taken, and no prefix clash with `existing`.
pub fn check(ext: &str, dial_plan_len: u8, existing: &[Extension]) -> Result<(), RuleError> {
    if ext.is_empty() {
        return Err(RuleError::Required);
    }
    if !ext.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RuleError::ExtensionDigits);
    }
    if ext.len() != usize::from(dial_plan_len) {
        return Err(RuleError::ExtensionLength { expected: dial_plan_len });
    }
    if ext.starts_with('0') {
        return Err(RuleError::ExtensionLeadingZero);
    }
    if RESERVED.iter().any(|r| prefix_clash(ext, r)) {
        return Err(RuleError::ExtensionReserved);
    }
    if let Some(taken) = existing.iter().find(|e| e.number == ext) {
        return Err(RuleError::ExtensionTaken { name: taken.name.clone() });
    }
    if let Some(other) = existing.iter().find(|e| prefix_clash(ext, &e.number)) {
        return Err(RuleError::ExtensionPrefixClash { other: other.number.clone() });
    }
    Ok(())
}

/// Whether one number is a prefix of the other (equal numbers count).
fn prefix_clash(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ext(n: &str) -> Extension {
        Extension { number: n.into(), name: format!("User {n}") }
    }

    #[test]
    fn accepts_a_free_extension() {
        assert_eq!(check("234", 3, &[ext("233"), ext("235")]), Ok(()));
        assert_eq!(check("42", 2, &[]), Ok(()));
    }

    #[test]
    fn length_must_match_dial_plan() {
        assert_eq!(check("2345", 3, &[]), Err(RuleError::ExtensionLength { expected: 3 }));
        assert_eq!(check("23", 3, &[]), Err(RuleError::ExtensionLength { expected: 3 }));
    }

    #[test]
    fn digits_only_no_leading_zero() {
        assert_eq!(check("2a4", 3, &[]), Err(RuleError::ExtensionDigits));
        assert_eq!(check("034", 3, &[]), Err(RuleError::ExtensionLeadingZero));
        assert_eq!(check("", 3, &[]), Err(RuleError::Required));
    }

    #[test]
    fn emergency_and_service_numbers_refused() {
        for n in ["110", "112", "115"] {
            assert_eq!(check(n, 3, &[]), Err(RuleError::ExtensionReserved), "{n}");
        }
        assert_eq!(check("1120", 4, &[]), Err(RuleError::ExtensionReserved));
        assert_eq!(check("11", 2, &[]), Err(RuleError::ExtensionReserved));
        assert_eq!(check("113", 3, &[]), Ok(()));
        // Boundaries per dial plan: a start of 110/112/115, or one followed by digits.
        for (n, len) in [("11", 2), ("1150", 4), ("11099", 5), ("1125", 4)] {
            assert_eq!(check(n, len, &[]), Err(RuleError::ExtensionReserved), "{n}");
        }
        for (n, len) in [("10", 2), ("12", 2), ("111", 3), ("1160", 4), ("99999", 5), ("1011", 4)] {
            assert_eq!(check(n, len, &[]), Ok(()), "{n}");
        }
        for (n, len) in [("01", 2), ("0112", 4), ("00000", 5)] {
            assert_eq!(check(n, len, &[]), Err(RuleError::ExtensionLeadingZero), "{n}");
        }
        assert_eq!(check("١٢", 2, &[]), Err(RuleError::ExtensionDigits));
        assert_eq!(INPUT.max_len, 5, "the longest dial plan");
    }

    #[test]
    fn taken_and_prefix_clash() {
        assert_eq!(check("234", 3, &[ext("234")]), Err(RuleError::ExtensionTaken { name: "User 234".into() }));
        // An older, shorter extension from before the dial plan grew.
        assert_eq!(check("234", 3, &[ext("23")]), Err(RuleError::ExtensionPrefixClash { other: "23".into() }));
        assert_eq!(check("23", 2, &[ext("234")]), Err(RuleError::ExtensionPrefixClash { other: "234".into() }));
    }
}
