//! Colours and emphasis. Every meaning also has a non-colour cue (reverse, bold, a marker),
//! so the screen stays usable without colours.

use ratatui::style::{Color, Modifier, Style};

/// The styles of the interface.
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs, reason = "fields and variants named for what they hold; the type's doc says what it is")]
pub struct Theme {
    pub title: Style,
    pub step_current: Style,
    pub step_done: Style,
    pub step_todo: Style,
    pub label: Style,
    pub label_focus: Style,
    pub value: Style,
    pub value_focus: Style,
    pub placeholder: Style,
    pub error: Style,
    pub notice: Style,
    pub help: Style,
    pub keys: Style,
    pub highlight: Style,
    pub panel_title: Style,
    pub warning: Style,
}

impl Theme {
    /// The theme for this environment: monochrome when `NO_COLOR` is set and not empty
    /// (<https://no-color.org>).
    pub fn from_env() -> Self {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::mono(),
            _ => Theme::color(),
        }
    }

    /// No colours: focus and selection by reverse video and bold, errors by their ✗ marker
    /// and bold, placeholders dim.
    pub fn mono() -> Self {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        Theme {
            title: reversed.add_modifier(Modifier::BOLD),
            step_current: reversed.add_modifier(Modifier::BOLD),
            step_done: plain,
            step_todo: Style::new().add_modifier(Modifier::DIM),
            label: plain,
            label_focus: bold,
            value: Style::new().add_modifier(Modifier::UNDERLINED),
            value_focus: reversed,
            placeholder: Style::new().add_modifier(Modifier::DIM),
            error: bold,
            notice: plain,
            help: plain,
            keys: reversed,
            highlight: reversed,
            panel_title: bold,
            warning: bold,
        }
    }

    /// The default, coloured theme.
    pub fn color() -> Self {
        Theme {
            title: Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD),
            step_current: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            step_done: Style::new().fg(Color::Green),
            step_todo: Style::new().fg(Color::DarkGray),
            label: Style::new(),
            label_focus: Style::new().add_modifier(Modifier::BOLD),
            value: Style::new().add_modifier(Modifier::UNDERLINED),
            value_focus: Style::new().add_modifier(Modifier::REVERSED),
            placeholder: Style::new().fg(Color::DarkGray),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            notice: Style::new().fg(Color::Yellow),
            help: Style::new().fg(Color::Gray),
            keys: Style::new().fg(Color::Black).bg(Color::Gray),
            highlight: Style::new().add_modifier(Modifier::REVERSED),
            panel_title: Style::new().add_modifier(Modifier::BOLD),
            warning: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        }
    }
}
