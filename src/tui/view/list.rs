//! An open dropdown: the filter line and the matching options, under its field.

use super::super::app::Hit;
use super::super::form_state::{LIST_ROWS, OpenList};
use super::super::theme::Theme;
use crate::i18n::{Lang, fill};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub(super) fn draw(
    frame: &mut Frame,
    screen: Rect,
    anchor: Rect,
    list: &OpenList,
    lang: Lang,
    theme: &Theme,
    hits: &mut Vec<(Rect, Hit)>,
) {
    let t = lang.texts();
    let matches = list.filter.matches();
    let width = anchor.width.max(44).min(screen.width.saturating_sub(anchor.x));
    // An empty list says why, and what the operator can do about it, wrapped to the box.
    let empty: Vec<String> = if !matches.is_empty() {
        Vec::new()
    } else if list.loading {
        vec![t.customers_loading.to_string()]
    } else if list.filter.total() > 0 {
        super::form::wrap(t.no_matches, width.saturating_sub(2) as usize)
    } else {
        super::form::wrap((t.empty_list)(list.field).unwrap_or(t.no_options), width.saturating_sub(2) as usize)
    };
    let rows = (matches.len().max(empty.len()) as u16).clamp(1, LIST_ROWS as u16);
    let height = rows + 3; // border, filter line, border
    let below = screen.bottom().saturating_sub(anchor.bottom());
    let y = if below >= height { anchor.bottom() } else { anchor.y.saturating_sub(height).max(screen.y) };
    let area = Rect { x: anchor.x, y, width, height: height.min(screen.height) }.intersection(screen);
    let inner_width = area.width.saturating_sub(2) as usize;

    let count = fill(t.list_count, &[&matches.len().to_string(), &list.filter.total().to_string()]);
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{}: ", t.filter), theme.label_focus),
        Span::raw(list.query.value().to_string()),
        Span::styled(format!("  {count}"), theme.help),
    ])];
    lines.extend(empty.into_iter().map(|l| Line::styled(l, theme.placeholder)));
    for (row, (pos, index)) in matches.iter().enumerate().skip(list.first_shown()).take(rows as usize).enumerate() {
        let y = area.y + 2 + row as u16;
        hits.push((Rect { x: area.x + 1, y, width: area.width.saturating_sub(2), height: 1 }, Hit::Option(pos)));
        let label = list.label(*index as usize);
        let price = list.price(*index as usize).map(|p| super::form::price_text(p, lang)).unwrap_or_default();
        let selected = pos == list.highlight;
        let (shown, price) = fit_option(&label, &price, inner_width.saturating_sub(2), lang);
        let pad = inner_width.saturating_sub(2 + shown.chars().count() + price.chars().count());
        // The highlight is the reversed marker alone: a move then resends two marker cells,
        // not two labels (about 40 bytes instead of 100 over a remote link).
        let marker = if selected { Span::styled("▶", theme.highlight) } else { Span::raw(" ") };
        lines.push(Line::from(vec![
            marker,
            Span::raw(" "),
            Span::styled(format!("{shown}{}{price}", " ".repeat(pad)), theme.label),
        ]));
    }
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(Block::bordered()), area);
    let prefix = t.filter.chars().count() as u16 + 2;
    let cursor = list.query.visual_cursor() as u16;
    frame.set_cursor_position(Position::new(area.x + 1 + prefix + cursor, area.y + 1));
}

/// An option's label and price in `width` columns, with a space at least between them:
/// first the price's "einmalig" shortened ("einm."), then the label cut after a whole word
/// with "…" — never mid-word into nonsense ("Aktivierung SIM Ka 9,90 € einmalig").
fn fit_option(label: &str, price: &str, width: usize, lang: Lang) -> (String, String) {
    let t = lang.texts();
    let fits = |price: &str| label.chars().count() + price.chars().count() < width;
    if price.is_empty() {
        // A column kept free before the border.
        return (clip_words(label, width.saturating_sub(1)), String::new());
    }
    if fits(price) {
        return (label.to_string(), price.to_string());
    }
    let short = price.replace(t.one_time, t.one_time_short);
    if fits(&short) {
        return (label.to_string(), short);
    }
    let room = width.saturating_sub(short.chars().count() + 1);
    (clip_words(label, room), short)
}

/// `text` in `width` columns: whole words and "…" when it is longer; cut mid-word only when
/// not even its first word fits.
pub(super) fn clip_words(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        let next = if out.is_empty() { word.to_string() } else { format!("{out} {word}") };
        if next.chars().count() + 1 > width {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        return super::form::clip(text, width);
    }
    // A dangling separator ("·", "–", "(") reads better dropped.
    while let Some(last) = out.split(' ').next_back().filter(|w| w.chars().all(|c| !c.is_alphanumeric())) {
        let keep = out.len() - last.len();
        out.truncate(keep);
        out = out.trim_end().to_string();
        if out.is_empty() {
            return super::form::clip(text, width);
        }
    }
    out.push('…');
    out
}
