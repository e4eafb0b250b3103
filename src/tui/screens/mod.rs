//! The screens, one module each: its state, its keys, its drawing. The app's router
//! ([`crate::tui::App`]) decides which one is on top and hands it the keys.
//!
//! - [`menu`]: *Bestellen*, the start screen.
//! - [`wizard`]: the ordering wizard (steps 1–8).
//! - [`placed`]: the new order's number after *Bestellen*.
//! - [`overview`]: *Bestellübersicht* and the actions on an order.
//! - [`help`]: F1, over whichever screen is up.

pub mod help;
pub mod menu;
pub mod overview;
pub mod placed;
pub mod wizard;

use crate::tui::widgets::text;

/// A key line (" · " between its entries) for `width` columns, with its leading space. When
/// it is too long, entries go from the end, whole, rather than one being cut mid-word; the
/// ones that leave or move on (Esc, q, F1, Ctrl+N) stay to the last, what Enter does nearly
/// as long.
pub(in crate::tui) fn fit_keys(text: &str, width: usize) -> String {
    let mut entries: Vec<&str> = text.split(" · ").collect();
    let essential = |e: &str| {
        e.starts_with("Esc")
            || e.starts_with("q ")
            || e.starts_with("F1")
            || e.contains("Strg+N")
            || e.contains("Ctrl+N")
    };
    let len = |entries: &[&str]| 1 + entries.iter().map(|e| text::width(e) + 3).sum::<usize>() - 3;
    while entries.len() > 1 && len(&entries) > width {
        // What Enter does goes last but the essential ones.
        let i = entries
            .iter()
            .rposition(|e| !essential(e) && !e.starts_with("Enter"))
            .or_else(|| entries.iter().rposition(|e| !essential(e)))
            .unwrap_or(0);
        entries.remove(i);
    }
    format!(" {}", entries.join(" · "))
}

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_line_loses_whole_entries_and_keeps_esc() {
        let line = "Enter/Tab Feld · Leertaste Liste · Strg+N Weiter · Esc Zurück · F1 Hilfe";
        assert_eq!(fit_keys(line, 80), format!(" {line}"));
        assert_eq!(fit_keys(line, 60), " Enter/Tab Feld · Strg+N Weiter · Esc Zurück · F1 Hilfe");
        assert_eq!(
            fit_keys("↑↓ Auswahl · Tippen filtert · Enter Übernehmen · Esc Schließen", 60).trim(),
            "↑↓ Auswahl · Enter Übernehmen · Esc Schließen"
        );
    }
}
