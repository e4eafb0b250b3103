//! Free text fields: the order reference, the cost centre and names; and [`for_terminal`], the one place
//! that makes untrusted text (from a file, an argument or the database) safe to print.

use super::{Input, RuleError, printable};
use std::borrow::Cow;

/// The longest reference the portal takes.
pub const REFERENCE_MAX: usize = 40;
/// The longest cost centre.
pub const COST_CENTRE_MAX: usize = 20;
/// The longest first name, last name or display name.
pub const NAME_MAX: usize = 64;

/// What *Referenz* takes.
pub const REFERENCE_INPUT: Input = Input { max_len: REFERENCE_MAX, allows: printable };
/// What *Kostenstelle* takes.
pub const COST_CENTRE_INPUT: Input = Input { max_len: COST_CENTRE_MAX, allows: printable };
/// What a name field takes.
pub const NAME_INPUT: Input = Input { max_len: NAME_MAX, allows: printable };

/// Optional, printable, at most [`REFERENCE_MAX`] characters.
pub fn check_reference(s: &str) -> Result<(), RuleError> {
    check_printable(s, REFERENCE_MAX)
}

/// Optional, printable, at most [`COST_CENTRE_MAX`] characters.
pub fn check_cost_centre(s: &str) -> Result<(), RuleError> {
    check_printable(s, COST_CENTRE_MAX)
}

/// A required name of at most [`NAME_MAX`] characters.
pub fn check_name(s: &str) -> Result<(), RuleError> {
    if s.trim().is_empty() {
        return Err(RuleError::Required);
    }
    check_printable(s, NAME_MAX)
}

/// The operator recorded with orders and drafts (`--operator` or the OS user): required,
/// printable, at most [`NAME_MAX`] characters, like a name.
pub fn check_operator(s: &str) -> Result<(), RuleError> {
    check_name(s)
}

/// Whether a character must not reach a terminal raw: C0 and C1 controls and DEL (an
/// escape sequence starts with one), and the bidirectional overrides and isolates, which
/// reorder what the terminal shows around them.
pub fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` made safe to print on a terminal: every character of [`is_unsafe_for_terminal`]
/// (tab and newline included, so a table cell stays one cell) is written as its Rust
/// escape, `\u{1b}`. Everything else, umlauts and all, is left as it is. Borrowed when
/// there is nothing to escape, which is nearly always.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe_for_terminal) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe_for_terminal(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like [`for_terminal`], but keeps line breaks: for a message of several lines that the
/// program wrote itself around untrusted values.
pub fn lines_for_terminal(s: &str) -> String {
    s.split('\n').map(for_terminal).collect::<Vec<_>>().join("\n")
}

fn check_printable(s: &str, max: usize) -> Result<(), RuleError> {
    let len = s.chars().count();
    if len > max {
        return Err(RuleError::TooLong { len, max });
    }
    if s.chars().any(is_unsafe_for_terminal) {
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
    fn cost_centre_optional_printable_max_20() {
        assert_eq!(check_cost_centre(""), Ok(()));
        assert_eq!(check_cost_centre("KST 4711/Ä"), Ok(()));
        assert_eq!(check_cost_centre(&"ö".repeat(20)), Ok(()), "characters, not bytes");
        assert_eq!(check_cost_centre(&"x".repeat(21)), Err(RuleError::TooLong { len: 21, max: 20 }));
        for bad in ["a\tb", "a\u{1b}[2J", "a\nb", "a\u{7f}", "a\u{202e}b"] {
            assert_eq!(check_cost_centre(bad), Err(RuleError::NotPrintable), "{bad:?}");
        }
        assert_eq!((COST_CENTRE_INPUT.max_len, (COST_CENTRE_INPUT.allows)('\t')), (20, false));
    }

    #[test]
    fn control_characters_in_names_and_operator_are_refused() {
        for bad in ["a\u{1b}]0;x\u{7}", "a\u{9b}b", "a\0b", "a\rb", "a\u{7f}"] {
            assert_eq!(check_name(bad), Err(RuleError::NotPrintable), "{bad:?}");
            assert_eq!(check_operator(bad), Err(RuleError::NotPrintable), "{bad:?}");
            assert_eq!(check_reference(bad), Err(RuleError::NotPrintable), "{bad:?}");
        }
        assert_eq!(check_operator("anna.schmidt"), Ok(()));
        assert_eq!(check_operator(""), Err(RuleError::Required));
    }

    #[test]
    fn for_terminal_escapes_every_control_and_keeps_the_rest() {
        assert!(matches!(for_terminal("Müller, Köln"), Cow::Borrowed("Müller, Köln")));
        assert_eq!(for_terminal("a\u{1b}]0;pwned\u{7}b"), "a\\u{1b}]0;pwned\\u{7}b");
        assert_eq!(for_terminal("\u{9b}31m\0\r\t\n"), "\\u{9b}31m\\u{0}\\u{d}\\u{9}\\u{a}");
        assert_eq!(for_terminal("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(lines_for_terminal("one \u{1b}[2J\ntwo"), "one \\u{1b}[2J\ntwo");
        for c in (0u32..0x110000).filter_map(char::from_u32) {
            let safe = for_terminal(&c.to_string()).into_owned();
            assert!(!safe.chars().any(is_unsafe_for_terminal), "{c:?}");
        }
    }

    #[test]
    fn names_required() {
        assert_eq!(check_name("  "), Err(RuleError::Required));
        assert_eq!(check_name("Jürgen"), Ok(()));
    }
}
