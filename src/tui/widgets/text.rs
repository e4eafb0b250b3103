//! Text in a given number of columns: clipping and wrapping by display width.
//!
//! Columns are counted the way the terminal and [`crate::tui::WireBackend`] count them
//! (unicode-width): a CJK character takes two, a combining accent none. Every screen clips
//! and wraps through here, so no screen cuts a text its own way.

use unicode_width::UnicodeWidthStr;

/// How many columns `text` takes on the terminal.
pub fn width(text: &str) -> usize {
    text.width()
}

/// The columns of one character (a control character counts as none).
fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// `text`, cut to `columns` with `…` when it is longer.
pub fn clip(text: &str, columns: usize) -> String {
    if width(text) <= columns {
        return text.to_string();
    }
    let mut out = take(text, columns.saturating_sub(1));
    if columns > 0 {
        out.push('…');
    }
    out
}

/// `text`, cut at its front to `columns` with `…` when it is longer: the end is what counts
/// (an order number's serial).
pub fn clip_front(text: &str, columns: usize) -> String {
    if width(text) <= columns {
        return text.to_string();
    }
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let w = char_width(c);
        if used + w + 1 > columns {
            break;
        }
        used += w;
        tail.push(c);
    }
    std::iter::once('…').chain(tail.into_iter().rev()).collect()
}

/// `text` cut to `columns` without a mark: the first columns that fit.
pub fn take(text: &str, columns: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w > columns {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

/// `text` in `columns`: whole words and "…" when it is longer; cut mid-word only when not
/// even its first word fits.
pub fn clip_words(text: &str, columns: usize) -> String {
    if width(text) <= columns {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        let next = if out.is_empty() { word.to_string() } else { format!("{out} {word}") };
        if width(&next) + 1 > columns {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        return clip(text, columns);
    }
    // A dangling separator ("·", "–", "(") reads better dropped.
    while let Some(last) = out.split(' ').next_back().filter(|w| w.chars().all(|c| !c.is_alphanumeric())) {
        let keep = out.len() - last.len();
        out.truncate(keep);
        out = out.trim_end().to_string();
        if out.is_empty() {
            return clip(text, columns);
        }
    }
    out.push('…');
    out
}

/// A label in parts, `name · key · more` (a customer: name, number, city), in `columns`:
/// the first part is cut, never the key after it, so that two entries whose names are cut
/// to the same words still differ ("Kanzlei Hofmann… · K-100157"). The parts after the key
/// go first while they would leave the name less than half the room. A label without parts
/// is cut after a whole word ([`clip_words`]).
pub fn clip_name_part(label: &str, columns: usize) -> String {
    if width(label) <= columns {
        return label.to_string();
    }
    let mut parts: Vec<&str> = label.split(" · ").collect();
    if parts.len() < 2 {
        return clip_words(label, columns);
    }
    let tail = |parts: &[&str]| parts[1..].iter().map(|p| format!(" · {p}")).collect::<String>();
    while parts.len() > 2 && columns.saturating_sub(width(&tail(&parts))) < columns / 2 {
        parts.pop();
    }
    let tail = tail(&parts);
    let room = columns.saturating_sub(width(&tail));
    if room < 2 {
        return clip_words(label, columns);
    }
    format!("{}{tail}", clip_words(parts[0], room))
}

/// `text` padded with spaces to `columns` (left-aligned); a longer text is left as it is.
pub fn pad(text: &str, columns: usize) -> String {
    let fill = columns.saturating_sub(width(text));
    format!("{text}{}", " ".repeat(fill))
}

/// `text` right-aligned in `columns`; a longer text is left as it is.
pub fn pad_left(text: &str, columns: usize) -> String {
    let fill = columns.saturating_sub(width(text));
    format!("{}{text}", " ".repeat(fill))
}

/// Greedy word wrap to `columns`; a word longer than a line is broken across lines, so no
/// letter is lost where the line ends (a narrow terminal cut "(customer's" to "(customer'").
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let columns = columns.max(1);
    for long in text.split_whitespace() {
        for word in pieces(long, columns) {
            let current = lines.last().map(|l| width(l)).unwrap_or(0);
            if current > 0 && current + 1 + width(&word) > columns {
                lines.push(String::new());
            }
            if let Some(last) = lines.last_mut() {
                if !last.is_empty() {
                    last.push(' ');
                }
                last.push_str(&word);
            }
        }
    }
    lines
}

/// A word in pieces of at most `columns` columns (the word itself when it fits); a wide
/// character never straddles two pieces.
fn pieces(word: &str, columns: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = word;
    while width(rest) > columns {
        let piece = take(rest, columns);
        if piece.is_empty() {
            break; // One character wider than a line: it stands alone.
        }
        rest = &rest[piece.len()..];
        out.push(piece);
    }
    out.push(rest.to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Defect 7: two customers whose names are cut to the same words stay apart by number.
    #[test]
    fn a_customer_label_is_cut_in_its_name_never_in_its_number() {
        let a = "Kanzlei Hofmann & Partner mbB Steuerberater · K-100157 · Stuttgart";
        let b = "Kanzlei Hofmann & Partner mbB Rechtsanwälte · K-100174 · Stuttgart";
        for columns in [20, 30, 39, 50] {
            let (x, y) = (clip_name_part(a, columns), clip_name_part(b, columns));
            assert!(x.contains("K-100157") && y.contains("K-100174"), "{columns}: {x:?} {y:?}");
            assert!(width(&x) <= columns && width(&y) <= columns, "{columns}: {x:?} {y:?}");
        }
        assert_eq!(clip_name_part(a, 39), "Kanzlei Hofmann & Partner… · K-100157");
        assert_eq!(clip_name_part(a, 60), "Kanzlei Hofmann & Partner mbB… · K-100157 · Stuttgart");
        assert_eq!(clip_name_part("Apfel · K-1 · Ulm", 40), "Apfel · K-1 · Ulm", "fits: as it is");
        assert_eq!(clip_name_part("Sehr langer Produktname", 12), clip_words("Sehr langer Produktname", 12));
    }

    #[test]
    fn clipping_counts_columns_not_characters() {
        assert_eq!(clip("Kurz", 10), "Kurz");
        assert_eq!(clip("Müller-Lüdenscheidt", 8), "Müller-…");
        // Two columns each: four of them take eight, so seven columns hold three and "…".
        assert_eq!(clip("東京都庁", 7), "東京都…");
        assert_eq!(width(&clip("東京都庁舎", 6)), 5, "a wide character never straddles the edge");
        // A combining accent takes no column of its own.
        assert_eq!(clip("Cafe\u{301} Central", 12), "Cafe\u{301} Central");
        assert_eq!(clip("abc", 0), "");
    }

    #[test]
    fn a_label_is_cut_after_a_whole_word() {
        assert_eq!(clip_words("Aktivierung SIM Karte", 18), "Aktivierung SIM…");
        assert_eq!(clip_words("Maier GmbH · K-100034 · Berlin", 26), "Maier GmbH · K-100034…");
        assert_eq!(clip_words("Kurz", 10), "Kurz");
        assert_eq!(clip_words("Donaudampfschifffahrt", 8), "Donauda…");
    }

    #[test]
    fn wrapping_counts_columns_and_keeps_words_whole() {
        assert_eq!(wrap("eins zwei drei", 9), ["eins zwei", "drei"]);
        // "東京 大阪" is nine columns: it does not fit eight.
        assert_eq!(wrap("東京 大阪", 8), ["東京", "大阪"]);
        assert_eq!(wrap("", 8), [""]);
        // A word longer than a line is broken, every letter kept.
        assert_eq!(wrap("Überlang", 3), ["Übe", "rla", "ng"]);
        assert_eq!(
            wrap("Genau 4 Ziffern (customer's dial plan)", 10),
            ["Genau 4", "Ziffern", "(customer'", "s dial", "plan)"]
        );
        assert_eq!(wrap("東京都庁", 5), ["東京", "都庁"]);
    }

    #[test]
    fn a_front_clip_keeps_the_end() {
        assert_eq!(clip_front("2026-000036", 11), "2026-000036");
        assert_eq!(clip_front("2026-000036", 8), "…-000036");
        assert_eq!(clip_front("東京都庁", 5), "…都庁");
    }

    #[test]
    fn padding_counts_columns() {
        assert_eq!(pad("東京", 6), "東京  ");
        assert_eq!(pad_left("9,90", 7), "   9,90");
        assert_eq!(pad("zu lang", 3), "zu lang");
        assert_eq!(take("東京都", 5), "東京");
    }
}
