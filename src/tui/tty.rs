//! Setting the terminal up and back: raw mode, the alternate screen (with mouse buttons
//! reported), bracketed paste, the wire backend. Every step back ignores errors: after a
//! hang-up the terminal is gone, and a failed write must not panic.

use super::wire::WireBackend;
use ratatui::Terminal;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::queue;
use ratatui::crossterm::terminal::{disable_raw_mode, enable_raw_mode};
use std::fs::File;
use std::io::{self, Write};
use std::os::fd::AsFd;

/// The terminal the program draws on.
pub type Tty = Terminal<WireBackend<File>>;

/// The alternate screen, cleared; mouse clicks and wheel reported (1000) in SGR form (1006).
/// Not motion (1003): moving the mouse would wake the program for nothing.
const ENTER: &[u8] = b"\x1b[?1049h\x1b[H\x1b[2J\x1b[?1000h\x1b[?1006h";
/// Mouse off, attributes off, cursor on, back to the normal screen.
const LEAVE: &[u8] = b"\x1b[?1006l\x1b[?1000l\x1b[0m\x1b[?25h\x1b[?1049l";

/// A handle on standard output that writes straight to the file descriptor: Rust's `Stdout`
/// is line-buffered and would split a frame into 1 KiB writes.
fn stdout_file() -> io::Result<File> {
    Ok(File::from(io::stdout().as_fd().try_clone_to_owned()?))
}

/// Raw mode, the alternate screen, and a terminal on the wire backend.
pub fn init() -> io::Result<Tty> {
    enter_screen()?;
    Terminal::new(WireBackend::new(stdout_file()?))
}

/// Raw mode and the alternate screen again, after Ctrl+Z and `fg`; the next frame redraws
/// every cell, since the terminal showed something else meanwhile.
pub fn reenter(terminal: &mut Tty) -> io::Result<()> {
    enter_screen()?;
    terminal.backend_mut().forget();
    // Not `Terminal::clear`: a resize to the same size empties the back buffer without
    // asking the terminal anything.
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

fn enter_screen() -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = stdout_file()?;
    out.write_all(ENTER)?;
    // A paste arrives as one event (crossterm's `Event::Paste`), not as keys: a pasted
    // ICCID or name is one edit, and a line break in it is no Enter.
    queue!(out, EnableBracketedPaste)?;
    out.flush()
}

/// Back to how the terminal was. Safe to call more than once.
pub fn restore() {
    if let Ok(mut out) = stdout_file() {
        // Nothing sensible is left to do if the terminal is gone. Bracketed paste goes first:
        // the shell must get pasted text as it always does.
        let _ = queue!(out, DisableBracketedPaste).and_then(|()| out.write_all(LEAVE)).and_then(|()| out.flush());
    }
    let _ = disable_raw_mode();
}
