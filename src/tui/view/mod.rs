//! Drawing: one file per screen, plain functions of the state.

mod confirm;
mod form;
mod frame;
mod help;
mod list;
mod menu;
mod placed;

use super::app::{App, Screen};
use super::theme::Theme;
use ratatui::Frame;

impl App {
    /// Draws the whole screen.
    pub fn draw(&self, frame: &mut Frame) {
        let theme = Theme::color();
        match &self.screen {
            Screen::Menu => menu::draw(frame, self, &theme),
            Screen::Wizard => frame::draw(frame, self, &theme),
            Screen::Placed(order) => placed::draw(frame, self, order, &theme),
        }
        if self.help {
            help::draw(frame, self.lang, &theme);
        }
    }
}
