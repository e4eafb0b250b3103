//! Dates as operators type them: `DD.MM.YYYY` (German) or `YYYY-MM-DD` (ISO).

use super::{Input, RuleError};
use chrono::{Datelike, NaiveDate};

/// Digits and the separators of both forms; `26.11.2026` and `2026-11-26` are 10 long.
pub const INPUT: Input = Input { max_len: 10, allows: |c| c.is_ascii_digit() || c == '.' || c == '-' };

/// Parses a date typed as `26.11.2026`, `1.2.2027` or `2026-11-26`.
pub fn parse(input: &str) -> Result<NaiveDate, RuleError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(RuleError::Required);
    }
    NaiveDate::parse_from_str(s, "%d.%m.%Y")
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
        .ok()
        // chrono reads "%Y" as any number of digits; a year has four here.
        .filter(|d| (1000..=9999).contains(&d.year_ce().1))
        .ok_or(if has_date_shape(s) { RuleError::NoSuchDate } else { RuleError::DateFormat })
}

/// Whether the text has the form of a date (day, month and a four-digit year in either
/// order of the two forms) although it names no real day, like `31.02.2027`: the operator
/// then needs to hear that the day does not exist, not how to write a date.
fn has_date_shape(s: &str) -> bool {
    let parts = |sep| s.split(sep).map(|p| p.parse::<u32>().ok().map(|n| (n, p.len()))).collect::<Option<Vec<_>>>();
    match (parts('.'), parts('-')) {
        (Some(p), _) if p.len() == 3 => p[2].1 == 4 && (1..=12).contains(&p[1].0) && (1..=31).contains(&p[0].0),
        (_, Some(p)) if p.len() == 3 => p[0].1 == 4 && (1..=12).contains(&p[1].0) && (1..=31).contains(&p[2].0),
        _ => false,
    }
}

/// Parses a date that must be `today` or later.
pub fn parse_not_past(input: &str, today: NaiveDate) -> Result<NaiveDate, RuleError> {
    let date = parse(input)?;
    if date < today { Err(RuleError::DateInPast) } else { Ok(date) }
}

/// Whether `+` and `-` step the date in `text` by a day: while it is empty or a whole valid
/// date, where neither can be part of typing one (`2027-` is still being typed, so there `-`
/// is typed).
pub fn can_step(text: &str) -> bool {
    text.trim().is_empty() || parse(text).is_ok()
}

/// The date `days` after the one in `text` (before, for negative `days`), from `today` when
/// it is empty; `None` when [`can_step`] says no, or past the calendar's end.
pub fn stepped(text: &str, today: NaiveDate, days: i64) -> Option<String> {
    if !can_step(text) {
        return None;
    }
    let from = parse(text).unwrap_or(today);
    from.checked_add_signed(chrono::Duration::days(days)).map(german)
}

/// Formats a date the German way, `26.11.2026`.
pub fn german(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_date_steps_from_today_when_empty_and_not_while_being_typed() {
        let today = d(2026, 11, 26);
        assert_eq!(stepped("", today, 1).as_deref(), Some("27.11.2026"));
        assert_eq!(stepped("2026-12-31", today, 1).as_deref(), Some("01.01.2027"));
        assert_eq!(stepped("01.03.2027", today, -1).as_deref(), Some("28.02.2027"));
        assert_eq!(stepped("2027", today, -1), None, "2027- is being typed");
        assert!(!can_step("31.02.2027"));
    }

    #[test]
    fn both_forms() {
        assert_eq!(parse("26.11.2026"), Ok(d(2026, 11, 26)));
        assert_eq!(parse("1.2.2027"), Ok(d(2027, 2, 1)));
        assert_eq!(parse("2026-11-26"), Ok(d(2026, 11, 26)));
    }

    #[test]
    fn refuses_nonsense() {
        for bad in ["2026/11/26", "morgen", "26.11.26", "32.01.2027", "01.13.2027"] {
            assert_eq!(parse(bad), Err(RuleError::DateFormat), "{bad}");
        }
        for no_such_day in ["31.02.2027", "2027-02-29", "31.04.2027"] {
            assert_eq!(parse(no_such_day), Err(RuleError::NoSuchDate), "{no_such_day}");
        }
        assert_eq!(parse(""), Err(RuleError::Required));
    }

    #[test]
    fn not_in_the_past() {
        let today = d(2026, 11, 26);
        assert_eq!(parse_not_past("26.11.2026", today), Ok(today));
        assert_eq!(parse_not_past("25.11.2026", today), Err(RuleError::DateInPast));
        assert_eq!(parse_not_past("01.01.2027", today), Ok(d(2027, 1, 1)));
        assert_eq!(parse_not_past("2026-11-25", today), Err(RuleError::DateInPast));
        assert_eq!(parse_not_past("29.02.2028", today), Ok(d(2028, 2, 29)));
        assert_eq!(parse_not_past("29.02.2027", today), Err(RuleError::NoSuchDate));
        assert_eq!(parse_not_past("26.11.12026", today), Err(RuleError::DateFormat));
        assert_eq!(INPUT.max_len, "26.11.2026".len());
    }

    #[test]
    fn german_format() {
        assert_eq!(german(d(2027, 1, 5)), "05.01.2027");
    }
}
