//! A select list with type-ahead: a dropdown under its field, a filter line on top (the one
//! [`TextField`]), the matching options below, ↑↓ PgUp/PgDn to move, Enter or Tab to take,
//! Esc to close. What the options are is the caller's ([`Options`]); the matching is
//! [`Filter`]'s.

use super::popup::Popup;
use super::text::{self, clip_words, wrap};
use super::text_field::TextField;
use crate::i18n::{Lang, fill};
use crate::tui::filter::Filter;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use std::borrow::Cow;

/// How many options an open list shows at once.
pub const LIST_ROWS: usize = 10;

/// What a select offers, by the index its filter matched.
pub trait Options {
    /// The label of option `i`.
    fn label(&self, i: usize) -> Cow<'_, str>;
    /// What stands at the right of option `i` (its price), or nothing.
    fn right(&self, i: usize) -> String;
    /// Why nothing is offered at all (no options), in the operator's language.
    fn none(&self) -> &str;
}

/// An open select: its filter, what was typed, the highlighted match.
pub struct Select {
    /// The matcher over the options' labels.
    pub filter: Filter,
    /// The filter line.
    pub query: TextField,
    /// Position in `filter.matches()`.
    pub highlight: usize,
}

/// What a key did to an open select.
#[derive(Debug, PartialEq, Eq)]
pub enum SelectKey {
    /// Esc: closed without a choice.
    Close,
    /// Enter or Tab: the option with this index taken, or none when nothing matched.
    Take(Option<usize>),
    /// The highlight moved or the filter changed: redraw.
    Changed,
    /// Not the select's key.
    Ignored,
}

impl Select {
    /// A select over `filter`'s options with option position `highlight` highlighted.
    pub fn new(filter: Filter, highlight: usize) -> Self {
        Select { filter, query: TextField::new(), highlight }
    }

    /// Opened by typing: the typed text is the filter.
    pub fn type_ahead(&mut self, typed: &str) {
        self.query = TextField::with_value(typed, None);
        self.refilter();
    }

    /// Handles a key of the open select.
    pub fn on_key(&mut self, key: KeyEvent) -> SelectKey {
        match key.code {
            KeyCode::Esc => return SelectKey::Close,
            KeyCode::Up => self.move_by(-1),
            KeyCode::Down => self.move_by(1),
            KeyCode::PageUp => self.move_by(-(LIST_ROWS as isize)),
            KeyCode::PageDown => self.move_by(LIST_ROWS as isize),
            KeyCode::Enter | KeyCode::Tab => return SelectKey::Take(self.highlighted()),
            _ if self.query.on_key(key) => self.refilter(),
            _ => return SelectKey::Ignored,
        }
        SelectKey::Changed
    }

    /// A pasted text goes into the filter as one edit; refused whole, with why, when it
    /// holds a control character ([`TextField::paste`]).
    pub fn paste(&mut self, pasted: &str) -> Result<bool, crate::domain::rules::RuleError> {
        let changed = self.query.paste(pasted)?;
        if changed {
            self.refilter();
        }
        Ok(changed)
    }

    /// Applies the query typed so far.
    pub fn refilter(&mut self) {
        self.filter.set_query(self.query.value());
        self.highlight = 0;
    }

    /// Takes finished background matches; returns whether the list changed.
    pub fn poll(&mut self) -> bool {
        let changed = self.filter.poll();
        if changed {
            self.highlight = 0;
        }
        changed
    }

    /// Moves the highlight by `delta`, stopping at the ends.
    pub fn move_by(&mut self, delta: isize) {
        let len = self.filter.matches().len();
        if len == 0 {
            return;
        }
        self.highlight = (self.highlight as isize + delta).clamp(0, len as isize - 1) as usize;
    }

    /// The first match shown. The list turns a page at a time, so most moves redraw two
    /// markers, not the whole list.
    pub fn first_shown(&self) -> usize {
        (self.highlight / LIST_ROWS) * LIST_ROWS
    }

    /// The index of the highlighted option, if any matches.
    pub fn highlighted(&self) -> Option<usize> {
        self.filter.matches().get(self.highlight).map(|i| *i as usize)
    }

    /// Draws the open select under `anchor` (above it when there is no room below), within
    /// `screen`. Returns where each shown option is, with its position among the matches,
    /// for the mouse.
    pub fn draw(
        &self,
        frame: &mut Frame,
        screen: Rect,
        anchor: Rect,
        options: &dyn Options,
        lang: Lang,
        theme: &Theme,
    ) -> Vec<(Rect, usize)> {
        let t = lang.texts();
        let matches = self.filter.matches();
        let width = anchor.width.max(44).min(screen.width.saturating_sub(anchor.x));
        // An empty list says why, and what the operator can do about it, wrapped to the box.
        let empty: Vec<String> = if !matches.is_empty() {
            Vec::new()
        } else if self.filter.query_hides_all() {
            wrap(t.no_matches, width.saturating_sub(2) as usize)
        } else {
            wrap(options.none(), width.saturating_sub(2) as usize)
        };
        let rows = (matches.len().max(empty.len()) as u16).clamp(1, LIST_ROWS as u16);
        let height = rows + 3; // border, filter line, border
        let below = screen.bottom().saturating_sub(anchor.bottom());
        let y = if below >= height { anchor.bottom() } else { anchor.y.saturating_sub(height).max(screen.y) };
        let area = Rect { x: anchor.x, y, width, height: height.min(screen.height) }.intersection(screen);
        let inner_width = area.width.saturating_sub(2) as usize;

        let count = fill(t.list_count, &[&matches.len().to_string(), &self.filter.total_text()]);
        let prefix = format!("{}: ", t.filter);
        let mut lines = vec![Line::from(vec![
            Span::styled(prefix.clone(), theme.label_focus),
            Span::raw(self.query.value().to_string()),
            Span::styled(format!("  {count}"), theme.help),
        ])];
        lines.extend(empty.into_iter().map(|l| Line::styled(l, theme.placeholder)));
        let mut hits = Vec::new();
        for (row, (pos, index)) in matches.iter().enumerate().skip(self.first_shown()).take(rows as usize).enumerate() {
            let y = area.y + 2 + row as u16;
            hits.push((Rect { x: area.x + 1, y, width: area.width.saturating_sub(2), height: 1 }, pos));
            let label = options.label(*index as usize);
            let price = options.right(*index as usize);
            let (shown, price) = fit_option(&label, &price, inner_width.saturating_sub(2), lang);
            let pad = inner_width.saturating_sub(2 + text::width(&shown) + text::width(&price));
            // The highlight is the reversed marker alone: a move then resends two marker
            // cells, not two labels (about 40 bytes instead of 100 over a remote link).
            let marker = if pos == self.highlight { Span::styled("▶", theme.highlight) } else { Span::raw(" ") };
            lines.push(Line::from(vec![
                marker,
                Span::raw(" "),
                Span::styled(format!("{shown}{}{price}", " ".repeat(pad)), theme.label),
            ]));
        }
        frame.render_widget(&Popup::new(lines), area);
        let start = text::width(&prefix) as u16;
        let line =
            Rect { x: area.x + 1 + start, y: area.y + 1, width: area.width.saturating_sub(2 + start), height: 1 };
        self.query.place_cursor(frame, line);
        hits
    }
}

/// An option's label and price in `width` columns, with a space at least between them:
/// first the price's "einmalig" shortened ("einm."), then the label cut after a whole word
/// with "…" — never mid-word into nonsense ("Aktivierung SIM Ka 9,90 € einmalig").
fn fit_option(label: &str, price: &str, width: usize, lang: Lang) -> (String, String) {
    let t = lang.texts();
    let fits = |price: &str| text::width(label) + text::width(price) < width;
    if price.is_empty() {
        // A column kept free before the border; a customer's number is never cut.
        return (text::clip_name_part(label, width.saturating_sub(1)), String::new());
    }
    if fits(price) {
        return (label.to_string(), price.to_string());
    }
    let short = price.replace(t.one_time, t.one_time_short);
    if fits(&short) {
        return (label.to_string(), short);
    }
    let room = width.saturating_sub(text::width(&short) + 1);
    (clip_words(label, room), short)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    struct Fruit(Vec<String>);

    impl Options for Fruit {
        fn label(&self, i: usize) -> Cow<'_, str> {
            Cow::Borrowed(&self.0[i])
        }
        fn right(&self, i: usize) -> String {
            if i == 0 { "1,00 €/Monat".to_string() } else { String::new() }
        }
        fn none(&self) -> &str {
            "keine"
        }
    }

    fn select(labels: &[&str]) -> Select {
        Select::new(Filter::from_labels(labels.iter().copied()), 0)
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::from(code)
    }

    #[test]
    fn typing_filters_and_enter_takes_the_highlighted_match() {
        let mut s = select(&["Apfel", "Birne", "Banane"]);
        assert_eq!(s.on_key(key(KeyCode::Char('b'))), SelectKey::Changed);
        assert_eq!(s.filter.matches().len(), 2);
        assert_eq!(s.on_key(key(KeyCode::Down)), SelectKey::Changed);
        assert_eq!(s.on_key(key(KeyCode::Down)), SelectKey::Changed, "stops at the end");
        let taken = s.highlighted();
        assert!(matches!(taken, Some(1 | 2)));
        assert_eq!(s.on_key(key(KeyCode::Tab)), SelectKey::Take(taken));
        assert_eq!(s.on_key(key(KeyCode::Esc)), SelectKey::Close);
        assert_eq!(s.on_key(key(KeyCode::F(2))), SelectKey::Ignored);
    }

    #[test]
    fn nothing_matching_takes_nothing() {
        let mut s = select(&["Apfel"]);
        s.type_ahead("xyz");
        assert_eq!(s.on_key(key(KeyCode::Enter)), SelectKey::Take(None));
    }

    #[test]
    fn a_pasted_filter_is_one_edit() {
        let mut s = select(&["Maier GmbH", "Müller AG"]);
        assert!(s.paste("Maier\n").unwrap());
        assert_eq!(s.query.value(), "Maier");
        assert_eq!(s.filter.matches().len(), 1);
    }

    #[test]
    fn an_open_select_draws_its_filter_its_options_and_their_prices() {
        let s = select(&["Apfel", "Birne"]);
        let options = Fruit(vec!["Apfel".into(), "Birne".into()]);
        let mut terminal = Terminal::new(TestBackend::new(50, 8)).unwrap();
        let mut hits = Vec::new();
        terminal
            .draw(|f| hits = s.draw(f, f.area(), Rect::new(0, 0, 30, 1), &options, Lang::De, &Theme::mono()))
            .unwrap();
        let buf = terminal.backend().buffer();
        let row = |y: u16| (0..50).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>();
        assert!(row(2).starts_with("│Filter: "), "{:?}", row(2));
        assert!(row(3).contains("▶ Apfel") && row(3).contains("1,00 €/Monat"), "{:?}", row(3));
        assert!(row(4).contains("  Birne"), "{:?}", row(4));
        assert_eq!(hits.iter().map(|(r, pos)| (r.y, *pos)).collect::<Vec<_>>(), [(3, 0), (4, 1)]);
    }
}
