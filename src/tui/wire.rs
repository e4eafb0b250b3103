//! A ratatui backend that sends few bytes, for operators on slow remote links.
//!
//! ratatui's crossterm backend starts every frame from scratch: it moves the cursor, sets
//! the colours, resets all attributes and shows the cursor each time, about 40 bytes to echo
//! one typed character. Like ncurses, this backend remembers what the terminal already has
//! (cursor position and visibility, colours and attributes) and sends only the difference.
//! Each frame goes out in one write; a frame larger than a packet is wrapped in the
//! synchronized-output brackets (mode 2026), so a remote terminal never shows half of it.

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// Frames larger than this go out inside synchronized-output brackets: a TCP packet carries
/// about 1 400 bytes, and a smaller frame arrives whole anyway.
const SYNC_THRESHOLD: usize = 1_024;
const SYNC_BEGIN: &[u8] = b"\x1b[?2026h";
/// The largest area drawn. ratatui keeps two buffers of the whole screen, so a terminal
/// claiming 65535×65535 cells would need 200 GB (issue 10); beyond this the rest of the
/// screen stays blank. 1000×500 is more than any real monitor shows at a readable font.
pub const MAX_WIDTH: u16 = 1000;
/// See [`MAX_WIDTH`].
pub const MAX_HEIGHT: u16 = 500;
const SYNC_END: &[u8] = b"\x1b[?2026l";

/// Colours and attributes as the terminal has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

impl Default for Pen {
    fn default() -> Self {
        Pen { fg: Color::Reset, bg: Color::Reset, modifier: Modifier::empty() }
    }
}

/// The backend: a writer, what is queued for the next flush, and what the terminal has.
pub struct WireBackend<W: Write> {
    writer: W,
    frame: Vec<u8>,
    /// Where the terminal's cursor is, when known.
    cursor: Option<Position>,
    cursor_visible: Option<bool>,
    pen: Pen,
    /// A fixed size (tests and benchmarks); otherwise the terminal is asked.
    fixed_size: Option<Size>,
    /// Total bytes written, for tests and benchmarks.
    written: u64,
}

impl<W: Write> WireBackend<W> {
    /// A backend writing to `writer` (the terminal), asking the terminal for its size.
    pub fn new(writer: W) -> Self {
        WireBackend {
            writer,
            frame: Vec::with_capacity(4096),
            cursor: None,
            cursor_visible: None,
            pen: Pen::default(),
            fixed_size: None,
            written: 0,
        }
    }

    /// A backend of a fixed size, for measuring without a terminal.
    pub fn with_size(writer: W, width: u16, height: u16) -> Self {
        WireBackend { fixed_size: Some(Size { width, height }), ..Self::new(writer) }
    }

    /// How many bytes went out so far.
    pub fn bytes_written(&self) -> u64 {
        self.written
    }

    /// The writer (tests read what was sent).
    pub fn writer(&self) -> &W {
        &self.writer
    }

    /// Forgets what the terminal has, e.g. after another program wrote to it (resume after
    /// Ctrl+Z); the next frame then sets everything it needs.
    pub fn forget(&mut self) {
        self.cursor = None;
        self.cursor_visible = None;
        self.pen = Pen::default();
        self.frame.extend_from_slice(b"\x1b[0m");
    }

    fn move_to(&mut self, x: u16, y: u16) {
        if self.cursor == Some(Position { x, y }) {
            return;
        }
        let absolute = if (x, y) == (0, 0) { "\x1b[H".to_string() } else { format!("\x1b[{};{}H", y + 1, x + 1) };
        let relative = match self.cursor {
            Some(p) if p.y == y && x > p.x => Some(step(x - p.x, 'C')),
            Some(p) if p.y == y && x < p.x => Some(step(p.x - x, 'D')),
            Some(p) if p.x == x && y > p.y => Some(step(y - p.y, 'B')),
            Some(p) if p.x == x && y < p.y => Some(step(p.y - y, 'A')),
            _ => None,
        };
        let shortest = match relative {
            Some(r) if r.len() < absolute.len() => r,
            _ => absolute,
        };
        self.frame.extend_from_slice(shortest.as_bytes());
        self.cursor = Some(Position { x, y });
    }

    fn set_pen(&mut self, to: Pen) {
        if to == self.pen {
            return;
        }
        let mut codes: Vec<String> = Vec::new();
        let mut from = self.pen;
        // SGR can only add attributes one by one; removing any means starting from reset.
        if !(from.modifier - to.modifier).is_empty() {
            codes.push("0".into());
            from = Pen::default();
        }
        for (flag, code) in MODIFIER_CODES {
            if to.modifier.contains(flag) && !from.modifier.contains(flag) {
                codes.push(code.to_string());
            }
        }
        if to.fg != from.fg {
            codes.push(color_code(to.fg, false));
        }
        if to.bg != from.bg {
            codes.push(color_code(to.bg, true));
        }
        self.frame.extend_from_slice(format!("\x1b[{}m", codes.join(";")).as_bytes());
        self.pen = to;
    }
}

/// `ESC [ n X`, with the 1 left out.
fn step(n: u16, dir: char) -> String {
    if n == 1 { format!("\x1b[{dir}") } else { format!("\x1b[{n}{dir}") }
}

const MODIFIER_CODES: [(Modifier, u8); 9] = [
    (Modifier::BOLD, 1),
    (Modifier::DIM, 2),
    (Modifier::ITALIC, 3),
    (Modifier::UNDERLINED, 4),
    (Modifier::SLOW_BLINK, 5),
    (Modifier::RAPID_BLINK, 6),
    (Modifier::REVERSED, 7),
    (Modifier::HIDDEN, 8),
    (Modifier::CROSSED_OUT, 9),
];

/// The SGR parameter of a colour, as crossterm would send it.
fn color_code(color: Color, background: bool) -> String {
    let base = |n: u8| (n + if background { 10 } else { 0 }).to_string();
    match color {
        Color::Reset => base(39),
        Color::Black => base(30),
        Color::Red => base(31),
        Color::Green => base(32),
        Color::Yellow => base(33),
        Color::Blue => base(34),
        Color::Magenta => base(35),
        Color::Cyan => base(36),
        Color::Gray => base(37),
        Color::DarkGray => base(90),
        Color::LightRed => base(91),
        Color::LightGreen => base(92),
        Color::LightYellow => base(93),
        Color::LightBlue => base(94),
        Color::LightMagenta => base(95),
        Color::LightCyan => base(96),
        Color::White => base(97),
        Color::Indexed(i) => format!("{};5;{i}", if background { 48 } else { 38 }),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", if background { 48 } else { 38 }),
    }
}

impl<W: Write> Backend for WireBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let width = self.size()?.width;
        for (x, y, cell) in content {
            self.move_to(x, y);
            self.set_pen(Pen { fg: cell.fg, bg: cell.bg, modifier: cell.modifier });
            let symbol = cell.symbol();
            self.frame.extend_from_slice(symbol.as_bytes());
            let next = x.saturating_add(symbol.width().max(1) as u16);
            // At the right edge terminals differ (pending wrap): the position is unknown.
            self.cursor = if next < width { Some(Position { x: next, y }) } else { None };
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_visible != Some(false) {
            self.frame.extend_from_slice(b"\x1b[?25l");
            self.cursor_visible = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_visible != Some(true) {
            self.frame.extend_from_slice(b"\x1b[?25h");
            self.cursor_visible = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor.unwrap_or_default())
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        self.move_to(p.x, p.y);
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // Erasing paints with the current background: reset it first.
        self.set_pen(Pen::default());
        let code: &[u8] = match clear_type {
            ClearType::All => b"\x1b[2J",
            ClearType::AfterCursor => b"\x1b[J",
            ClearType::BeforeCursor => b"\x1b[1J",
            ClearType::CurrentLine => b"\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[K",
        };
        self.frame.extend_from_slice(code);
        Ok(())
    }

    fn size(&self) -> io::Result<Size> {
        match self.fixed_size {
            Some(size) => Ok(size),
            None => ratatui::crossterm::terminal::size()
                .map(|(width, height)| Size { width: width.min(MAX_WIDTH), height: height.min(MAX_HEIGHT) }),
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let columns_rows = self.size()?;
        Ok(WindowSize { columns_rows, pixels: Size { width: 0, height: 0 } })
    }

    /// Sends the frame in one write.
    fn flush(&mut self) -> io::Result<()> {
        if self.frame.is_empty() {
            return Ok(());
        }
        if self.frame.len() > SYNC_THRESHOLD {
            let mut wrapped = Vec::with_capacity(self.frame.len() + SYNC_BEGIN.len() + SYNC_END.len());
            wrapped.extend_from_slice(SYNC_BEGIN);
            wrapped.append(&mut self.frame);
            wrapped.extend_from_slice(SYNC_END);
            self.frame = wrapped;
        }
        self.writer.write_all(&self.frame)?;
        self.writer.flush()?;
        self.written += self.frame.len() as u64;
        self.frame.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::style::Style;
    use ratatui::widgets::{Paragraph, Wrap};

    fn frame(t: &mut Terminal<WireBackend<Vec<u8>>>, text: &str, style: Style, cursor: Option<(u16, u16)>) -> Vec<u8> {
        let before = t.backend().writer().len();
        t.draw(|f| {
            f.render_widget(Paragraph::new(text.to_string()).style(style).wrap(Wrap { trim: false }), f.area());
            if let Some(c) = cursor {
                f.set_cursor_position(c);
            }
        })
        .unwrap();
        t.backend().writer()[before..].to_vec()
    }

    #[test]
    fn a_typed_character_costs_the_character() {
        let mut t = Terminal::new(WireBackend::with_size(Vec::new(), 20, 2)).unwrap();
        frame(&mut t, "ab", Style::new(), Some((2, 0)));
        let echo = frame(&mut t, "abc", Style::new(), Some((3, 0)));
        assert_eq!(echo, b"c", "the cursor already stands after b, the pen is unchanged");
    }

    #[test]
    fn styles_are_sent_once_and_only_when_they_change() {
        let mut t = Terminal::new(WireBackend::with_size(Vec::new(), 20, 1)).unwrap();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let first = frame(&mut t, "xy", bold, None);
        assert!(String::from_utf8_lossy(&first).contains("\x1b[1m"));
        let second = frame(&mut t, "xz", bold, None);
        // The row ran to the right edge, so the cursor is placed absolutely; the pen stays.
        assert_eq!(second, b"\x1b[1;2Hz");
    }

    #[test]
    fn big_frames_are_synchronized_small_ones_not() {
        let mut t = Terminal::new(WireBackend::with_size(Vec::new(), 80, 24)).unwrap();
        let full = frame(&mut t, &"x".repeat(80 * 24), Style::new(), None);
        assert!(full.starts_with(SYNC_BEGIN) && full.ends_with(SYNC_END));
        let small = frame(&mut t, &format!("y{}", "x".repeat(80 * 24 - 1)), Style::new(), None);
        assert!(!small.starts_with(SYNC_BEGIN));
    }

    #[test]
    fn nothing_changed_nothing_sent() {
        let mut t = Terminal::new(WireBackend::with_size(Vec::new(), 20, 1)).unwrap();
        frame(&mut t, "same", Style::new(), Some((4, 0)));
        assert!(frame(&mut t, "same", Style::new(), Some((4, 0))).is_empty());
    }
}
