//! The terminal loop: draw, read a key, handle it, carry out the effects.

use super::app::App;
use super::backend::Backend;
use anyhow::Context;
use ratatui::crossterm::event::{self, Event as TermEvent, KeyEventKind};
use std::time::Duration;

/// How often a running list filter is asked for its result.
const FILTER_POLL: Duration = Duration::from_millis(10);

/// Runs the application in the terminal until the operator quits. `backend` does the
/// database work.
pub fn run(app: &mut App, backend: &mut dyn Backend) -> anyhow::Result<()> {
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, app, backend);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App, backend: &mut dyn Backend) -> anyhow::Result<()> {
    let mut dirty = true;
    while !app.should_quit() {
        if dirty {
            terminal.draw(|frame| app.draw(frame)).context("drawing the screen")?;
        }
        // While a list filter scans in the background, look for its result every 10 ms;
        // otherwise block: nothing is redrawn while nothing happens.
        if app.is_filtering() && !event::poll(FILTER_POLL).context("reading the terminal")? {
            dirty = app.poll_filter();
            continue;
        }
        dirty = match event::read().context("reading the terminal")? {
            TermEvent::Key(key) if key.kind == KeyEventKind::Press => {
                app.drive(key, backend);
                true
            }
            TermEvent::Resize(..) => true,
            _ => false,
        };
    }
    Ok(())
}
