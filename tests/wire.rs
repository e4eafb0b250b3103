//! Bytes on the wire: the budgets per keystroke, measured through the real key handling and
//! the wire backend, as an operator on a slow link gets them.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test: a panic is its failure, with the message")]

mod common;

use common::Harness;
use comuniq_order::domain::Field;
use comuniq_order::i18n::Lang;
use comuniq_order::tui::{Theme, WireBackend};
use ratatui::Terminal;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

/// whiptail's figures, measured with ptyprobe at 80×24: the bar to stay under.
const TYPED_CHAR_BUDGET: u64 = 25;
const LIST_MOVE_BUDGET: u64 = 72;
/// Regression fences for the bigger frames (today about 600 and 450 bytes).
const STEP_CHANGE_FENCE: u64 = 1_200;
const FIRST_FRAME_FENCE: u64 = 1_500;

struct Wire {
    h: Harness,
    term: Terminal<WireBackend<Vec<u8>>>,
}

impl Wire {
    fn new() -> Self {
        let mut w = Wire {
            h: Harness::new(Lang::De),
            term: Terminal::new(WireBackend::with_size(Vec::new(), 80, 24)).unwrap(),
        };
        w.frame();
        w
    }

    /// Draws a frame; returns the bytes it sent.
    fn frame(&mut self) -> u64 {
        let before = self.term.backend().bytes_written();
        self.term.draw(|f| self.h.app.draw(f)).unwrap();
        self.term.backend().bytes_written() - before
    }

    fn key(&mut self, code: KeyCode) -> u64 {
        self.h.press(code);
        self.frame()
    }
}

#[test]
fn first_frame_and_idle() {
    let mut term = Terminal::new(WireBackend::with_size(Vec::new(), 80, 24)).unwrap();
    let h = Harness::new(Lang::De);
    term.draw(|f| h.app.draw(f)).unwrap();
    let first = term.backend().bytes_written();
    assert!(first <= FIRST_FRAME_FENCE, "first frame {first} B");
    term.draw(|f| h.app.draw(f)).unwrap();
    assert_eq!(term.backend().bytes_written(), first, "nothing changed, nothing sent");
}

#[test]
fn typing_a_character_stays_under_the_budget() {
    let mut w = Wire::new();
    w.key(KeyCode::Char('1'));
    w.h.go_to(Field::Reference);
    w.frame();
    for c in "PO-2026/Nord".chars() {
        let bytes = w.key(KeyCode::Char(c));
        assert!(bytes <= TYPED_CHAR_BUDGET, "typing {c:?} sent {bytes} B");
    }
    let bytes = w.key(KeyCode::Backspace);
    assert!(bytes <= TYPED_CHAR_BUDGET, "Backspace sent {bytes} B");
}

#[test]
fn moving_in_a_list_stays_under_the_budget() {
    let mut w = Wire::new();
    w.key(KeyCode::Char('1'));
    w.key(KeyCode::Enter); // the customer list
    for i in 1..30 {
        let bytes = w.key(KeyCode::Down);
        // Every tenth move turns the page: the whole list is new then.
        if i % 10 != 0 {
            assert!(bytes <= LIST_MOVE_BUDGET, "move {i} sent {bytes} B");
        }
    }
}

#[test]
fn changing_step_stays_inside_the_fence() {
    let mut w = Wire::new();
    w.key(KeyCode::Char('1'));
    w.key(KeyCode::Enter);
    w.key(KeyCode::Enter);
    w.h.go_to(Field::Term);
    w.key(KeyCode::Enter);
    w.key(KeyCode::Enter);
    w.frame();
    w.h.ctrl('n');
    let bytes = w.frame();
    assert!(bytes <= STEP_CHANGE_FENCE, "step change {bytes} B");
}

#[test]
fn no_color_uses_no_colour_and_still_shows_focus() {
    let mut h = Harness::new(Lang::De);
    h.app = std::mem::replace(&mut h.app, comuniq_order::tui::App::new(h.catalog.clone(), common::today(), Lang::De))
        .with_theme(Theme::mono());
    h.press(KeyCode::Char('1'));
    h.ctrl('n'); // refused: errors shown
    let screen = h.screen();
    let buffer = screen.buffer();
    let mut reversed = 0;
    for cell in buffer.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "a colour in NO_COLOR mode");
        if cell.modifier.contains(Modifier::REVERSED) {
            reversed += 1;
        }
    }
    assert!(reversed > 0, "focus and the title bar are shown by reverse video");
    assert!(h.text().contains("✗ Pflichtfeld"), "errors carry a marker, not colour alone");
}
