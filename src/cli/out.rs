//! Everything the commands print goes through here: text safe for a terminal, data exact
//! for a pipe, and a reader that goes away (`… | head -n 1`) ends the command quietly.
//!
//! Not `println!`/`eprintln!`: they panic when the pipe is closed.

use anyhow::{Context, Result};
use comuniq_order::domain::rules::text::{for_terminal, is_unsafe_for_terminal, lines_for_terminal};
use std::io::{IsTerminal, Write};

/// Exit code when stdout's reader went away: 128 + SIGPIPE, what a shell reports for
/// `ls | head` (and nothing is printed).
pub const CLOSED_PIPE: u8 = 141;

/// Prints the program's own text with untrusted values in it, one line or several, to
/// stdout. Control characters in it are escaped (`\u{1b}`); line breaks are kept.
pub fn say(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", lines_for_terminal(text)).context(super::paths::lang().cli().writing_stdout)
}

/// Prints one row of cells to stdout, each escaped like [`say`], separated by two spaces: no
/// control character reaches the terminal, not even a tab (a tab joined into the line was
/// escaped with the rest and printed as `\u{9}`).
pub fn say_row(cells: &[&str]) -> Result<()> {
    let cells: Vec<String> =
        cells.iter().map(|c| comuniq_order::domain::rules::text::for_terminal(c).into_owned()).collect();
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", cells.join("  ")).context(super::paths::lang().cli().writing_stdout)
}

/// Prints a message to stderr, escaped like [`say`]. A closed stderr is ignored: there is
/// nobody left to tell.
pub fn warn(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{}", lines_for_terminal(text));
}

/// Whether stdout is a terminal: CSV for a terminal is escaped, CSV for a file is exact.
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// A CSV field as it goes out: exact into a file or pipe, escaped onto a terminal.
pub fn csv_field(value: &str, terminal: bool) -> std::borrow::Cow<'_, str> {
    if terminal { for_terminal(value) } else { std::borrow::Cow::Borrowed(value) }
}

/// JSON with every character that is unsafe for a terminal written as a `\uXXXX` escape.
/// serde_json escapes C0 controls already; DEL, C1 controls (U+009B is a CSI) and the bidi
/// overrides it leaves raw. The data stays exactly the same for a JSON reader.
pub fn json_text(value: &impl serde::Serialize) -> Result<String> {
    let text = serde_json::to_string_pretty(value).context(super::paths::lang().cli().writing_json)?;
    if !text.chars().any(is_unsafe_for_terminal) {
        return Ok(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        // Outside strings JSON has only ASCII punctuation, spaces and newlines; a raw
        // control character other than the newlines is inside a string.
        if is_unsafe_for_terminal(c) && c != '\n' {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// Prints JSON (see [`json_text`]) and a newline to stdout.
pub fn json(value: &impl serde::Serialize) -> Result<()> {
    let text = json_text(value)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").context(super::paths::lang().cli().writing_json)
}

/// Whether `e` is stdout's reader going away: the command then ends quietly.
pub fn is_closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || cause.downcast_ref::<csv::Error>().is_some_and(|c| match c.kind() {
                csv::ErrorKind::Io(io) => io.kind() == std::io::ErrorKind::BrokenPipe,
                _ => false,
            })
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_del_c1_and_bidi_but_keeps_the_data() {
        let value = serde_json::json!({ "name": "a\u{1b}]0;x\u{7}\u{9b}31m\u{7f}\u{202e}ü" });
        let text = json_text(&value).unwrap();
        assert!(!text.chars().any(|c| is_unsafe_for_terminal(c) && c != '\n'), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn a_closed_pipe_is_recognised_through_context() {
        let e = anyhow::Error::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe)).context("writing CSV");
        assert!(is_closed_pipe(&e));
        assert!(!is_closed_pipe(&anyhow::anyhow!("no customer")));
    }
}
