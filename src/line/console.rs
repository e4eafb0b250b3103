//! Where line mode's lines go and its answers come from: plain lines appended to the output,
//! one answer read per line. Nothing is ever redrawn, and every line is made safe for a
//! terminal (a control character in data is shown escaped), so the transcript holds no
//! escape sequence at all.

use crate::domain::rules::text::for_terminal;
use std::io::{self, BufRead, Write};
use std::os::fd::AsFd;

/// The operator's side of line mode.
pub trait Console {
    /// Appends one line.
    fn say(&mut self, line: &str) -> io::Result<()>;
    /// Writes `prompt` (the cursor stays after it) and reads one answer; `None` at the end of
    /// the input (the terminal hung up, the script ended). A `secret` answer is not echoed.
    fn ask(&mut self, prompt: &str, secret: bool) -> io::Result<Option<String>>;
}

/// A console over any reader and writer: the terminal (see [`Lines::stdio`]) or a script.
pub struct Lines<R, W> {
    input: R,
    output: W,
    /// Reading from a terminal: a secret answer is read with its echo turned off.
    tty: bool,
}

impl<R: BufRead, W: Write> Lines<R, W> {
    /// A console reading `input` and writing `output` (a script: nothing to hide the echo of).
    pub fn new(input: R, output: W) -> Self {
        Lines { input, output, tty: false }
    }

    /// The output written so far (tests read the transcript).
    pub fn output(&self) -> &W {
        &self.output
    }

    fn read_line(&mut self) -> io::Result<Option<String>> {
        let mut bytes = Vec::new();
        if self.input.read_until(b'\n', &mut bytes)? == 0 {
            return Ok(None);
        }
        // Text that is not UTF-8 is taken as far as it is. Only the line's end goes: a control
        // character in it (a stray arrow key's escape sequence) reaches the field's rule,
        // which refuses it with a line saying why, rather than being dropped unseen.
        let text = String::from_utf8_lossy(&bytes);
        Ok(Some(text.trim_end_matches(['\n', '\r']).to_string()))
    }
}

impl Lines<io::StdinLock<'static>, io::Stdout> {
    /// The program's standard input and output.
    pub fn stdio() -> Self {
        use std::io::IsTerminal;
        let tty = io::stdin().is_terminal();
        Lines { input: io::stdin().lock(), output: io::stdout(), tty }
    }
}

impl<R: BufRead, W: Write> Console for Lines<R, W> {
    fn say(&mut self, line: &str) -> io::Result<()> {
        writeln!(self.output, "{}", for_terminal(line))?;
        self.output.flush()
    }

    fn ask(&mut self, prompt: &str, secret: bool) -> io::Result<Option<String>> {
        write!(self.output, "{}", for_terminal(prompt))?;
        self.output.flush()?;
        if !self.tty {
            // Nobody echoes a script's or a pipe's answer: the transcript shows it (never a
            // secret), so each question and its answer make one line.
            let answer = self.read_line()?;
            let shown = if secret { "" } else { answer.as_deref().unwrap_or("") };
            writeln!(self.output, "{}", for_terminal(shown))?;
            self.output.flush()?;
            return Ok(answer);
        }
        if !secret {
            return self.read_line();
        }
        let answer = {
            let _quiet = NoEcho::on()?;
            self.read_line()
        };
        // The Enter was not echoed either: end the prompt's line.
        writeln!(self.output)?;
        self.output.flush()?;
        answer
    }
}

/// The terminal's echo turned off while it lives (the PIN). A signal while it is off puts
/// the echo back too ([`restore_echo`]).
struct NoEcho;

/// The terminal settings before the echo was turned off, while it is off.
static SAVED: std::sync::Mutex<Option<rustix::termios::Termios>> = std::sync::Mutex::new(None);

impl NoEcho {
    fn on() -> io::Result<NoEcho> {
        use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};
        let stdin = io::stdin();
        let fd = stdin.as_fd();
        let before = tcgetattr(fd)?;
        let mut quiet = before.clone();
        // The line still ends with Enter (ECHONL would echo just the newline; we write it).
        quiet.local_modes.remove(LocalModes::ECHO | LocalModes::ECHOE | LocalModes::ECHOK | LocalModes::ECHONL);
        if let Ok(mut saved) = SAVED.lock() {
            *saved = Some(before);
        }
        tcsetattr(fd, OptionalActions::Now, &quiet)?;
        Ok(NoEcho)
    }
}

impl Drop for NoEcho {
    fn drop(&mut self) {
        restore_echo();
    }
}

/// Puts the terminal's echo back if a secret is being read (on the way out, too).
pub fn restore_echo() {
    let saved = SAVED.lock().ok().and_then(|mut s| s.take());
    if let Some(before) = saved {
        let _ = rustix::termios::tcsetattr(io::stdin().as_fd(), rustix::termios::OptionalActions::Now, &before);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_appended_and_control_characters_never_reach_the_output() {
        let mut c = Lines::new(&b"Anna\x1b[A\r\n"[..], Vec::new());
        c.say("Kunde \x1b[31mrot").unwrap();
        let answer = c.ask("Vorname: ", false).unwrap();
        assert_eq!(answer.as_deref(), Some("Anna\x1b[A"), "kept for the rule to refuse");
        assert_eq!(c.ask("Nachname: ", false).unwrap(), None, "the end of the input");
        let out = String::from_utf8(c.output().clone()).unwrap();
        assert!(!out.contains('\x1b'), "{out:?}");
        assert!(out.starts_with("Kunde \\u{1b}[31mrot\nVorname: Anna\\u{1b}[A\n"), "{out:?}");
    }
}
