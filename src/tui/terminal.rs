//! Setting the terminal up and back: raw mode, the alternate screen, the wire backend, and a
//! panic hook that restores the terminal before the message is printed.

use super::wire::WireBackend;
use ratatui::Terminal;
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
    install_panic_hook();
    enable_raw_mode()?;
    let mut out = stdout_file()?;
    out.write_all(ENTER)?;
    out.flush()?;
    Terminal::new(WireBackend::new(out))
}

/// Back to how the terminal was. Safe to call more than once.
pub fn restore() {
    if let Ok(mut out) = stdout_file() {
        // Nothing sensible is left to do if the terminal is gone.
        let _ = out.write_all(LEAVE).and_then(|()| out.flush());
    }
    let _ = disable_raw_mode();
}

/// Restores the terminal before a panic's message is printed, so it is readable.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
