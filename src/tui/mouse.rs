//! The mouse, for those who have one: click a field or an option, scroll a list. Nothing
//! needs it; every action has its key.

use super::app::{App, Hit, Screen, jobs};
use super::backend::Backend;
use crate::wizard::{Event, FieldKind};
use ratatui::crossterm::event::{KeyCode, KeyEvent, MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Position;

impl App {
    /// Handles a mouse event; returns whether the screen changed.
    pub fn on_mouse(&mut self, mouse: MouseEvent, backend: &mut dyn Backend) -> bool {
        let key = |code| KeyEvent::from(code);
        if self.placing.is_some() {
            // *Bestellen* waits for the database: nothing changes unseen meanwhile.
            return false;
        }
        match mouse.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let code = if mouse.kind == MouseEventKind::ScrollDown { KeyCode::Down } else { KeyCode::Up };
                let scrolls_a_list = self.has_open_list() || self.screen == Screen::Overview;
                if scrolls_a_list {
                    self.drive(key(code), backend);
                }
                scrolls_a_list
            }
            MouseEventKind::Down(MouseButton::Left) => self.click(Position::new(mouse.column, mouse.row), backend),
            _ => false,
        }
    }

    fn click(&mut self, at: Position, backend: &mut dyn Backend) -> bool {
        let hit = self.hits.borrow().iter().find(|(rect, _)| rect.contains(at)).map(|(_, hit)| *hit);
        match hit {
            Some(Hit::Option(position)) => {
                if let Some(list) = self.wizard.as_mut().and_then(|s| s.list.as_mut()) {
                    list.select.highlight = position;
                }
                self.drive(KeyEvent::from(KeyCode::Enter), backend);
                true
            }
            Some(Hit::Field(field)) => {
                let Some(s) = self.wizard.as_mut() else { return false };
                s.list = None;
                let effects = self.on_event(Event::Focus(field));
                self.settle(effects, backend);
                match field.kind() {
                    FieldKind::Select => {
                        let effects = self.wizard.as_mut().map(|s| s.open_list(field)).unwrap_or_default();
                        self.settle(jobs(effects), backend);
                    }
                    FieldKind::Checkbox => {
                        let effects = self.on_event(Event::Toggle(field));
                        self.settle(effects, backend);
                    }
                    _ => {}
                }
                true
            }
            None => false,
        }
    }
}
