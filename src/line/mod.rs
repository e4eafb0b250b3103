//! Line mode: the same order for a screen reader, a braille display, a serial console or a
//! dumb terminal. Plain lines appended in order (no escape sequence, nothing redrawn), one
//! answer per line, numbered choices, and `zurück`, `übersicht`, `abbrechen` and `?` at every
//! prompt.
//!
//! It drives the same [`Wizard`] as the full screen, through the same backend (the runner):
//! the same rules, drafts, summary and transaction. Like huh's accessible mode, but with going
//! back, a review, and hidden fields never asked.

mod console;
mod input;
mod order;
mod overview;
mod prompt;

pub use console::{Console, Lines, restore_echo};
pub use input::{Said, parse};
pub use order::Ended;

use crate::domain::catalog::Catalog;
use crate::domain::draft::DraftSummary;
use crate::domain::model::CustomerId;
use crate::i18n::{Lang, fill};
use crate::tui::{Backend, Interrupted};
use crate::wizard::{Effect, MenuEffect, MenuEvent, Wizard};
use chrono::NaiveDate;
use order::Order;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether an order is open whose draft is saved: what a stop signal (taken on a thread of
/// its own, at any moment) may promise to keep.
static DRAFT_KEPT: AtomicBool = AtomicBool::new(false);

/// Whether line mode has an order open with its draft saved (not at the menu, not before the
/// order's first answer).
pub fn draft_kept() -> bool {
    DRAFT_KEPT.load(Ordering::SeqCst)
}

/// What line mode works with: the operator's console, the backend carrying out the wizard's
/// effects, and what a wizard starts from.
pub struct Session<'a> {
    /// The language of every line.
    pub lang: Lang,
    /// The products offered.
    pub catalog: Arc<Catalog>,
    /// The day orders start from.
    pub today: NaiveDate,
    /// A customer that is "open" (`--customer`): preselected in step 1.
    pub open_customer: Option<CustomerId>,
    /// Where lines are read and written.
    pub console: &'a mut dyn Console,
    /// What carries out the wizard's effects (the driver).
    pub backend: &'a mut dyn Backend,
}

/// An entry of the start menu.
enum Entry {
    /// A new order for the voice product at this index of the catalog.
    Order(usize),
    Draft(DraftSummary),
    Overview,
    Quit,
}

impl Session<'_> {
    /// Says one line, as it reads aloud ([`prompt::plain`]).
    pub(crate) fn say(&mut self, line: &str) -> std::io::Result<()> {
        let line = prompt::plain(self.lang, line);
        self.console.say(&line)
    }

    /// Asks one question ([`Console::ask`]), the prompt as it reads aloud.
    pub(crate) fn ask(&mut self, prompt_line: &str, secret: bool) -> std::io::Result<Option<String>> {
        let line = prompt::plain(self.lang, prompt_line);
        self.console.ask(&line, secret)
    }

    /// Line mode from its first line to the operator's quitting. The end of the input (a
    /// hang-up) is [`Interrupted::HangUp`], with the draft saved.
    pub fn run(&mut self) -> anyhow::Result<()> {
        self.greet()?;
        loop {
            let entry = match self.menu() {
                Ok(entry) => entry,
                // The input ended at the menu, with no order open: a script's normal end.
                Err(e) if matches!(e.downcast_ref::<Interrupted>(), Some(Interrupted::HangUp)) => Entry::Quit,
                Err(e) => return Err(e),
            };
            match entry {
                Entry::Order(v) => {
                    let voice = self.catalog.voices.get(v).map(|v| v.id.clone());
                    let (w, effects) =
                        Wizard::new(self.catalog.clone(), &[], self.today, voice.as_deref(), self.open_customer);
                    if matches!(self.order(w, effects)?, Ended::Quit) {
                        return Ok(());
                    }
                }
                Entry::Draft(d) => {
                    let loaded = self.backend.menu(MenuEffect::LoadDraft(d.id));
                    if let Some(MenuEvent::DraftLoaded(id, draft)) = loaded {
                        let (w, effects) = Wizard::resume(self.catalog.clone(), &[], self.today, id, *draft);
                        if matches!(self.order(w, effects)?, Ended::Quit) {
                            return Ok(());
                        }
                    }
                }
                Entry::Overview => overview::run(self)?,
                Entry::Quit => {
                    self.say(self.lang.line().bye)?;
                    return Ok(());
                }
            }
        }
    }

    /// The first line: line mode is on, and how to get help.
    pub fn greet(&mut self) -> anyhow::Result<()> {
        Ok(self.say(self.lang.line().on)?)
    }

    /// Asks for one order, from a new or a resumed wizard.
    pub fn order(&mut self, w: Wizard, effects: Vec<Effect>) -> anyhow::Result<Ended> {
        let ended = Order::new(self, w, effects)?.run();
        if matches!(ended, Ok(Ended::Placed(_))) {
            DRAFT_KEPT.store(false, Ordering::SeqCst);
        }
        ended
    }

    /// The start menu: a new order per voice product, the saved drafts (so a hang-up's
    /// order is offered at the next start), the overview, quit.
    fn menu(&mut self) -> anyhow::Result<Entry> {
        let t = self.lang.texts();
        let drafts = match self.backend.menu(MenuEffect::ListDrafts) {
            Some(MenuEvent::DraftsListed(list)) => list,
            _ => Vec::new(),
        };
        let mut entries: Vec<(Entry, String)> = Vec::new();
        for (i, v) in self.catalog.voices.iter().enumerate() {
            entries.push((Entry::Order(i), self.lang.name(&v.name).to_string()));
        }
        // Numbered as on the full screen: the overview after the orders, the drafts after it.
        entries.push((Entry::Overview, t.menu_overview.to_string()));
        for d in drafts {
            let step = fill(t.menu_step, &[&(d.step.index() + 1).to_string(), (t.step_name)(d.step)]);
            let customer = d.customer.clone().unwrap_or_else(|| t.none.to_string());
            let age = crate::summary::age(self.lang, d.age_minutes);
            let label = fill(t.menu_draft, &[&customer, &step, &age, &d.id.to_string()]);
            entries.push((Entry::Draft(d), label));
        }
        entries.push((Entry::Quit, t.menu_quit.to_string()));
        let labels: Vec<String> = entries.iter().map(|(_, l)| l.clone()).collect();
        let i = self.pick(t.menu_title, &labels)?;
        Ok(i.map_or(Entry::Quit, |i| entries.swap_remove(i).0))
    }

    /// A numbered menu: its title, the entries, and the question until one is picked.
    /// `abbrechen` and `zurück` give `None`.
    fn pick(&mut self, title: &str, labels: &[String]) -> anyhow::Result<Option<usize>> {
        self.say(title)?;
        for (i, label) in labels.iter().enumerate() {
            self.say(&prompt::option_line(i + 1, label, None))?;
        }
        let line = prompt::prompt(&fill(self.lang.line().pick_prompt, &[&labels.len().to_string()]), None, None);
        loop {
            let Some(answer) = self.ask(&line, false)? else { return Err(Interrupted::HangUp.into()) };
            match input::parse(&answer) {
                Said::Value(text) => match input::pick(&text, labels.len()) {
                    Some(i) => return Ok(Some(i)),
                    None => {
                        let max = labels.len().to_string();
                        self.say(&fill(self.lang.line().not_a_choice, &[&text, &max]))?;
                    }
                },
                Said::Quit | Said::Back => return Ok(None),
                Said::Help => self.say(self.lang.line().menu_help)?,
                Said::Keep | Said::Review | Said::Next | Said::Clear => {}
            }
        }
    }
}
