//! The terminal loop: draw, read a key, handle it, carry out the effects.

use super::app::App;
use super::backend::Backend;
use super::terminal;
use anyhow::Context;
use ratatui::crossterm::event::{self, Event as TermEvent, KeyEventKind};
use std::time::Duration;

/// How often background work (a list filter, the customer list) is asked for its result.
const BACKGROUND_POLL: Duration = Duration::from_millis(10);

/// Runs the application in the terminal until the operator quits. `backend` does the
/// database work.
pub fn run(app: &mut App, backend: &mut dyn Backend) -> anyhow::Result<()> {
    let mut terminal = terminal::init().context("setting up the terminal")?;
    let result = event_loop(&mut terminal, app, backend);
    terminal::restore();
    result
}

fn event_loop(terminal: &mut terminal::Tty, app: &mut App, backend: &mut dyn Backend) -> anyhow::Result<()> {
    let mut dirty = true;
    while !app.should_quit() {
        if dirty {
            terminal.draw(|frame| app.draw(frame)).context("drawing the screen")?;
        }
        // While a list filter scans or the customers load in the background, look for the
        // result every 10 ms; otherwise block: nothing is redrawn while nothing happens.
        if app.is_busy() && !event::poll(BACKGROUND_POLL).context("reading the terminal")? {
            dirty = app.poll_background();
            continue;
        }
        dirty = match event::read().context("reading the terminal")? {
            TermEvent::Key(key) if key.kind == KeyEventKind::Press => {
                app.drive(key, backend);
                true
            }
            TermEvent::Mouse(mouse) => app.on_mouse(mouse, backend),
            TermEvent::Resize(..) => true,
            _ => false,
        };
    }
    Ok(())
}
