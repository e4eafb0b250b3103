//! The FMC PIN: 4 to 6 digits. `0000` is allowed and forces a change at first login;
//! other trivial PINs are refused because they are the first ones an attacker tries.

use super::{Input, RuleError};

/// The shortest and longest PIN.
const MIN_LEN: usize = 4;
const MAX_LEN: usize = 6;

/// Digits, at most [`MAX_LEN`].
pub const INPUT: Input = Input { max_len: MAX_LEN, allows: super::digit };

/// A PIN that passed the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinCheck {
    /// A PIN the user may keep.
    Ok,
    /// `0000`: the user must change it at first login.
    MustChange,
}

/// The initial PIN that means "change at first login".
pub const CHANGE_ME: &str = "0000";

/// Checks a PIN.
pub fn check(pin: &str) -> Result<PinCheck, RuleError> {
    if pin.is_empty() {
        return Err(RuleError::Required);
    }
    if !(MIN_LEN..=MAX_LEN).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RuleError::PinFormat);
    }
    if pin == CHANGE_ME {
        return Ok(PinCheck::MustChange);
    }
    if is_trivial(pin.as_bytes()) {
        return Err(RuleError::PinTrivial);
    }
    Ok(PinCheck::Ok)
}

/// The PINs people choose most that the patterns below miss: the keypad's middle column
/// down and up (2580, 0852), and the top row's run through 0 (7890, 0987).
const COMMON: [&str; 4] = ["2580", "0852", "7890", "0987"];

/// One repeated digit (1111, 000000), a run up or down (1234, 987654), a repeated pair
/// (1212), or one of [`COMMON`].
fn is_trivial(d: &[u8]) -> bool {
    if COMMON.iter().any(|c| c.as_bytes() == d) {
        return true;
    }
    let steps: Vec<i16> = d.windows(2).map(|w| i16::from(w[1]) - i16::from(w[0])).collect();
    let same_step = steps.iter().all(|s| *s == steps[0]) && steps[0].abs() <= 1;
    let pair_repeat = d.len().is_multiple_of(2) && d.chunks(2).all(|c| c == &d[..2]);
    same_step || pair_repeat
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zeros_allowed_and_flagged() {
        assert_eq!(check("0000"), Ok(PinCheck::MustChange));
    }

    #[test]
    fn trivial_refused() {
        for pin in [
            "1234", "1111", "123456", "4321", "654321", "987654", "99999", "1212", "2345", "2580", "0852", "7890",
            "0987", "000000", "00000", "121212", "12345",
        ] {
            assert_eq!(check(pin), Err(RuleError::PinTrivial), "{pin}");
        }
    }

    #[test]
    fn good_pins_accepted() {
        for pin in ["4711", "25801", "19384", "918273", "1357", "1235", "1231", "0001", "8520"] {
            assert_eq!(check(pin), Ok(PinCheck::Ok), "{pin}");
        }
    }

    #[test]
    fn format_refused() {
        for pin in ["123", "1234567", "12a4", "12 34"] {
            assert_eq!(check(pin), Err(RuleError::PinFormat), "{pin}");
        }
        assert_eq!(check(""), Err(RuleError::Required));
    }
}
