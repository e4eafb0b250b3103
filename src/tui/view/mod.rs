//! Drawing: one file per screen, plain functions of the state.

mod confirm;
mod form;
mod frame;
mod help;
mod list;
mod menu;
mod placed;

pub(in crate::tui) use form::wrap;

use super::app::{App, Screen};
use super::overview::Ctx;
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::Paragraph;

impl App {
    /// Draws the whole screen.
    pub fn draw(&self, frame: &mut Frame) {
        let theme = Theme::color();
        match &self.screen {
            Screen::Menu => menu::draw(frame, self, &theme),
            Screen::Wizard => frame::draw(frame, self, &theme),
            Screen::Placed(order) => placed::draw(frame, self, order, &theme),
            Screen::Overview => self.draw_overview(frame, &theme),
        }
        if self.help {
            help::draw(frame, self.lang, &theme);
        }
    }
}

impl App {
    fn draw_overview(&self, frame: &mut Frame, theme: &Theme) {
        let Some(overview) = self.overview.as_ref() else { return };
        let t = self.lang.texts();
        let [title, body] = frame.area().layout(&Layout::vertical([Constraint::Length(1), Constraint::Min(0)]));
        frame.render_widget(Paragraph::new(format!(" {} · {}", t.menu_section, t.ov_title)).style(theme.title), title);
        let ctx = Ctx { lang: self.lang, catalog: &self.catalog, customers: &self.customers, theme };
        overview.draw(frame, body, &ctx);
    }
}
