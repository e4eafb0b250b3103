//! Line mode's own texts (prompts, command words, the lines around the wizard's), German and
//! English: one struct, so a text missing in one language is a compile error. The field
//! labels, help texts, rule errors and the summary's words are the full screen's
//! ([`super::Texts`]): line mode says the same things.

/// The words typed at any prompt. Each list's first word is the one shown; line mode takes
/// the words of both languages in either.
pub struct Words {
    /// One field back, across steps.
    pub back: &'static [&'static str],
    /// The summary so far.
    pub review: &'static [&'static str],
    /// Leave, keeping the draft.
    pub quit: &'static [&'static str],
    /// The rest of the page as it is: *Nächster Schritt*.
    pub next: &'static [&'static str],
    /// Empties an optional text field.
    pub clear: &'static [&'static str],
    /// Yes, for the questions that want one (*Bestellen?*).
    pub yes: &'static [&'static str],
    /// No.
    pub no: &'static [&'static str],
}

/// The texts of line mode in one language. `{0}`, `{1}` are filled by [`super::fill`].
pub struct LineTexts {
    /// The command words the operator may type.
    pub words: Words,
    /// The first line: line mode is on, and how to get help.
    pub on: &'static str,
    /// `{0}` the step's number, `{1}` how many, `{2}` its name.
    pub heading: &'static str,
    /// A menu's prompt: `{0}` the highest number.
    pub pick_prompt: &'static str,
    /// After a list field's label: `{0}` the highest number.
    pub pick_hint: &'static str,
    /// A long list's prompt: type a search text first.
    pub search_hint: &'static str,
    /// After the matches of a search: `{0}` the highest number.
    pub pick_or_search: &'static str,
    /// More matches than shown: `{0}` how many, `{1}` how many shown.
    pub more_matches: &'static str,
    /// `{0}` the search text.
    pub no_match: &'static str,
    /// A search or lookup the database could not answer: `{0}` why. Nothing was lost; the
    /// same question follows.
    pub read_failed: &'static str,
    /// *Benutzer auswählen* with no user to choose (none without a mobile line): a new
    /// user's fields follow.
    pub no_user_to_choose: &'static str,
    /// `{0}` what was typed, `{1}` the highest number.
    pub not_a_choice: &'static str,
    /// `{0}` the chosen option.
    pub chosen: &'static str,
    /// After a yes/no box's label.
    pub yes_no_hint: &'static str,
    /// After the add-ons' prompt.
    pub toggle_hint: &'static str,
    /// After the SIM's label.
    pub sim_hint: &'static str,
    /// After the PIN's label.
    pub pin_hint: &'static str,
    /// In brackets for a PIN already typed.
    pub pin_set: &'static str,
    /// In brackets for an empty value.
    pub empty: &'static str,
    /// What `?` prints after the field's help: the commands.
    pub commands: &'static [&'static str],
    /// What `?` prints at a numbered menu (the start menu, the overview's).
    pub menu_help: &'static str,
    /// Before the summary so far.
    pub review_heading: &'static str,
    /// The last question on *Bestätigen*.
    pub order_prompt: &'static str,
    /// Leaving with the draft kept.
    pub quit_kept: &'static str,
    /// `abbrechen` when the last answers could not be saved (the database was unreachable or
    /// busy): the draft, if any, is as it was before them.
    pub quit_unsaved: &'static str,
    /// Leaving from the menu.
    pub bye: &'static str,
    /// `zurück` on the very first field.
    pub at_first_field: &'static str,
    /// The orders of the overview: the search prompt.
    pub orders_search: &'static str,
    /// No order matches.
    pub orders_none: &'static str,
    /// The actions menu: `{0}` the order number.
    pub actions_heading: &'static str,
    /// The entry that leaves a menu.
    pub menu_back: &'static str,
    /// The reasons of *Stornieren*: the prompt.
    pub cancel_prompt: &'static str,
    /// The SIM to link: the prompt.
    pub link_sim_prompt: &'static str,
    /// Several free SIMs end in the digits typed: pick one by its number.
    pub sims_several: &'static str,
    /// Several free SIMs end in the digits (the full screen's words say Enter opens its
    /// list): `{0}` how many, `{1}` the digits.
    pub sims_ambiguous: &'static str,
    /// One of the order's warnings on *Bestätigen*: `{0}` the warning.
    pub warning: &'static str,
    /// `nein` at the last question: nothing ordered, and what can be done.
    pub not_ordered: &'static str,
    /// Said instead of the full screen's "—" for nothing chosen.
    pub nothing: &'static str,
    /// Said instead of the full screen's "/Monat" after an amount.
    pub per_month: &'static str,
    /// Said instead of the full screen's "←" before a porting's donor.
    pub from: &'static str,
}
