//! Customer master data as it comes from the operator's spreadsheets.

use super::RuleError;

/// The longest customer number.
const NUMBER_MAX: usize = 20;

/// A customer number (`K-100123`): ASCII letters, digits and `-`, at most 20. Stored in
/// upper case, as the wizard's `--customer` lookup expects.
pub fn check_number(number: &str) -> Result<(), RuleError> {
    if number.is_empty() {
        return Err(RuleError::Required);
    }
    if number.len() > NUMBER_MAX {
        return Err(RuleError::TooLong { len: number.chars().count(), max: NUMBER_MAX });
    }
    if !number.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(RuleError::CustomerNumber);
    }
    Ok(())
}

/// The length of the customer's extensions: 2 to 5 digits.
pub fn parse_dial_plan_len(text: &str) -> Result<u8, RuleError> {
    match text.trim().parse::<u8>() {
        Ok(n) if (2..=5).contains(&n) => Ok(n),
        _ if text.trim().is_empty() => Err(RuleError::Required),
        _ => Err(RuleError::DialPlanLength),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_numbers() {
        assert_eq!(check_number("K-100123"), Ok(()));
        assert_eq!(check_number(""), Err(RuleError::Required));
        assert_eq!(check_number("K 1"), Err(RuleError::CustomerNumber));
        assert!(matches!(check_number(&"K".repeat(21)), Err(RuleError::TooLong { .. })));
    }

    #[test]
    fn dial_plan_lengths() {
        assert_eq!(parse_dial_plan_len(" 3 "), Ok(3));
        for bad in ["1", "6", "x", "-2"] {
            assert_eq!(parse_dial_plan_len(bad), Err(RuleError::DialPlanLength), "{bad}");
        }
        assert_eq!(parse_dial_plan_len(""), Err(RuleError::Required));
    }
}
