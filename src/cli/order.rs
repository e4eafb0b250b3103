//! `comuniq-order order --answers FILE.toml`: an order from an answers file, through the
//! wizard's state machine, rules and transaction, exactly as typed in the terminal.

use super::{Common, Failure, load_catalog, paths, wizard};
use anyhow::{Context, Result, bail};
use clap::Args;
use comuniq_order::domain::answers_file::{AnswersFile, FileValue};
use comuniq_order::domain::order::{self, PendingReason, PlacedOrder};
use comuniq_order::domain::rules::text::for_terminal;
use comuniq_order::domain::{Field, Step, pricing};
use comuniq_order::driver::{Driver, wall_clock};
use comuniq_order::i18n::{Lang, fill};
use comuniq_order::store::StoreError;
use comuniq_order::tui::{self, App};
use comuniq_order::wizard::replay::{self, Unresolved};
use comuniq_order::wizard::{Effect, Event, FieldKind, OptValue, Refusal, Wizard};
use serde_json::json;
use std::cell::RefCell;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

/// Examples shown by `order --help`.
pub const EXAMPLES: &str = "Examples:
  comuniq-order order --answers order.toml              place the order
  comuniq-order order --answers order.toml --dry-run    check it; print summary, prices, warnings
  comuniq-order order --answers order.toml --json       the result as JSON on stdout
  comuniq-order order --answers order.toml --interactive  the wizard, on the first field to fix

An answers file is TOML with the wizard's fields as keys:
  customer = \"K-100123\"   term = \"m24\"   voice = \"business\"   data = \"data-1\"
  sms = \"sms-100\"   user = \"anna.schmidt\"   sim = \"4321\"   number = \"030 1234567\"
  extension = \"234\"   pin = \"4711\"
A file saved with Ctrl+S on Bestätigen has no PIN; on a terminal, the PIN is asked for.

Exit codes: 0 placed (or valid, with --dry-run), 1 an answer refused by a rule (listed on
stderr), 2 usage, 3 an unreadable file, a broken catalog or a database error, 4-7 the
database file can't be used as it is, 8 the database stayed busy (another program
writing): nothing written, try again.";

/// Options of `order`.
#[derive(Args)]
pub struct OrderArgs {
    /// The answers file (TOML; the keys are the wizard's fields).
    #[arg(long, value_name = "FILE")]
    answers: PathBuf,
    /// Check the answers and print the summary with prices and warnings; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the result (or the refused answers) as JSON on stdout.
    #[arg(long)]
    json: bool,
    /// Open the wizard with every valid answer filled in, on the first missing or invalid one.
    #[arg(long, conflicts_with_all = ["dry_run", "json"])]
    interactive: bool,
}

impl OrderArgs {
    /// Whether the wizard opens (the full screen).
    pub fn is_interactive(&self) -> bool {
        self.interactive
    }
}

/// A refused answer, ready to print: the file's key, the value as given, why.
struct Problem {
    key: &'static str,
    value: Option<String>,
    message: String,
    field: Field,
}

/// Runs `order --answers`.
pub fn run(common: &Common, args: OrderArgs) -> Result<()> {
    let lang = super::lang(common);
    let c = lang.cli();
    let mut file = read_answers(&args, lang)?;
    if let (None, Some(customer)) = (file.get(Field::Customer), &common.customer) {
        file.set(Field::Customer, FileValue::Text(customer.clone()));
    }
    let catalog = Arc::new(load_catalog(common.catalog.as_deref(), lang)?);
    // An order goes into an existing database: a mistyped --db creates none.
    let mut store = paths::open_existing_database(common.target.as_ref())?;
    // `--customer` is checked like on every other command, even when the file names one.
    super::focus_customer(&store, common, lang)?;
    let today = common.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let operator = super::operator(common, lang)?;
    let label = store.target().to_string();
    let mut driver = Driver::new(&mut store, catalog.clone(), operator, wall_clock).with_lang(lang);
    // The wizard ignores a storage refusal while filling in; the command must not.
    let storage_error: RefCell<Option<String>> = RefCell::new(None);
    // Busy is no refusal of an answer: it ends the command with its own code.
    let busy = std::cell::Cell::new(false);
    let mut handler = |effect: Effect| {
        // The answers file is what is kept: a refused order leaves no draft behind (one per
        // refused run would pile up in the operator's menu). Interactively, the wizard's
        // drafts are kept as on the full screen.
        if !args.interactive && matches!(effect, Effect::SaveDraft { .. }) {
            return None;
        }
        let event = driver.handle(effect);
        match &event {
            Some(Event::Refused(Refusal::Storage(msg))) => *storage_error.borrow_mut() = Some(msg.clone()),
            Some(Event::Refused(Refusal::Busy)) => busy.set(true),
            _ => {}
        }
        event
    };
    let (mut w, effects) = Wizard::new(catalog.clone(), &[], today, None, None);
    replay::settle(&mut w, effects, &mut handler);
    let unresolved = replay::fill(&mut w, &file, &mut handler);
    if busy.get() {
        return busy_result(&args, &w, lang);
    }
    if let Some(msg) = storage_error.borrow_mut().take() {
        bail!("{}", fill(c.reading_database, &[&msg]));
    }
    let problems = problems_of(&w, &unresolved, lang);
    if args.interactive {
        report(&args, &problems);
        w.resume_at(problems.first().map(|p| p.field));
        if wizard::line_mode(common) {
            let start = wizard::LineStart { lang, catalog, today, open_customer: None };
            return wizard::run_line(start, &mut driver, Some(w));
        }
        let mut app = App::new(catalog, today, lang).with_database_label(label, false).with_wizard(w);
        return tui::run(&mut app, &mut driver);
    }
    if !problems.is_empty() {
        return refuse(&args, &w, &problems, lang);
    }
    if args.dry_run {
        return print_result(&args, &w, None, lang);
    }
    let placed = place(&mut w, &mut handler);
    if busy.get() {
        return busy_result(&args, &w, lang);
    }
    if let Some(msg) = storage_error.borrow_mut().take() {
        bail!("{}", fill(c.writing_order, &[&msg]));
    }
    match placed {
        Some(placed) => print_result(&args, &w, Some(&placed), lang),
        // The store refused (a SIM or extension taken meanwhile): the wizard knows why.
        None => refuse(&args, &w, &problems_of(&w, &[], lang), lang),
    }
}

/// Reads and parses the answers file; asks for a missing PIN on a terminal.
fn read_answers(args: &OrderArgs, lang: Lang) -> Result<AnswersFile> {
    let name = args.answers.display().to_string();
    let source = std::fs::read(&args.answers).with_context(|| fill(lang.cli().reading, &[&name]))?;
    let mut file = AnswersFile::from_bytes(&source, &name)?;
    let can_ask = !args.interactive && !args.json && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if file.get(Field::Pin).is_none() && can_ask {
        file.set(Field::Pin, FileValue::Text(prompt_pin(lang)?));
    }
    Ok(file)
}

/// The refused answers in step order: values the wizard could not take, and the wizard's
/// own errors (its rules, and the store's refusals it recorded).
fn problems_of(w: &Wizard, unresolved: &[Unresolved], lang: Lang) -> Vec<Problem> {
    let texts = lang.texts();
    let catalog = w.catalog();
    let name_of = |id: &str| {
        let name = catalog.addon(id).map(|a| &a.name).or_else(|| catalog.data(id).map(|d| &d.name));
        name.map_or_else(|| id.to_string(), |n| lang.name(n).to_string())
    };
    let mut out: Vec<Problem> = unresolved
        .iter()
        .map(|u| Problem {
            key: u.field.key(),
            value: Some(u.value.clone()),
            message: (texts.rule_error)(&u.error, &name_of),
            field: u.field,
        })
        .collect();
    for (field, error) in w.all_errors() {
        // A value that could not be entered shows as "required" too: say it once.
        if unresolved.iter().any(|u| u.field == field) {
            continue;
        }
        out.push(Problem {
            key: field.key(),
            value: shown_value(w, field),
            message: (texts.rule_error)(&error, &name_of),
            field,
        });
    }
    out.sort_by_key(|p| p.field.step());
    out
}

/// The answer as the operator gave it, for the error message. Never the PIN.
fn shown_value(w: &Wizard, field: Field) -> Option<String> {
    let value = match field.kind() {
        FieldKind::Pin => return None,
        FieldKind::Text | FieldKind::Date | FieldKind::SimSearch => w.text(field).to_string(),
        FieldKind::Select => match w.chosen(field) {
            Some(OptValue::Choice(id)) => id,
            _ => return None,
        },
        FieldKind::Checkbox => match field {
            Field::Addon(i) => w.catalog().addons.get(i)?.id.clone(),
            _ => return None,
        },
    };
    (!value.is_empty()).then_some(value)
}

/// Lists the problems (stderr, or JSON on stdout) and fails with exit code 1.
fn refuse(args: &OrderArgs, w: &Wizard, problems: &[Problem], lang: Lang) -> Result<()> {
    if args.json {
        let mut out = result_json(w, None, lang);
        out["status"] = json!("refused");
        out["errors"] = problems_json(problems);
        super::out::json(&out)?;
    } else {
        report(args, problems);
    }
    let file = for_terminal(&args.answers.display().to_string()).into_owned();
    Err(Failure::Refused(format!("{file}: {}", (lang.texts().answers_refused)(problems.len()))).into())
}

/// The database stayed busy beyond the wait: nothing written, the answers are fine as far as
/// they were checked. `--json` says `"status": "busy"`; the exit code is the busy one.
fn busy_result(args: &OrderArgs, w: &Wizard, lang: Lang) -> Result<()> {
    if args.json {
        let mut out = result_json(w, None, lang);
        out["status"] = json!("busy");
        out["errors"] = json!([{ "field": null, "value": null, "message": lang.texts().db_busy }]);
        super::out::json(&out)?;
    }
    Err(StoreError::Busy.into())
}

/// One line per problem on stderr: `order.toml: extension "2001": Clashes with extension 200`.
fn report(args: &OrderArgs, problems: &[Problem]) {
    // The file name is the operator's argument: a line break in it stays escaped too.
    let file = for_terminal(&args.answers.display().to_string()).into_owned();
    for p in problems {
        match &p.value {
            Some(v) => super::out::warn(&format!("{file}: {} {v:?}: {}", p.key, p.message)),
            None => super::out::warn(&format!("{file}: {}: {}", p.key, p.message)),
        }
    }
}

fn problems_json(problems: &[Problem]) -> serde_json::Value {
    problems.iter().map(|p| json!({ "field": p.key, "value": p.value, "message": p.message })).collect()
}

/// *Nächster Schritt* through every page, then *Bestellen*: the terminal's path to the
/// store's one transaction. `None` when the wizard or the store refused.
fn place(w: &mut Wizard, handler: &mut dyn FnMut(Effect) -> Option<Event>) -> Option<PlacedOrder> {
    let mut placed = None;
    for _ in 0..Step::ALL.len() {
        let mut refused = false;
        let effects = w.handle(Event::Next);
        replay::settle(w, effects, &mut |effect| {
            let event = handler(effect);
            match &event {
                Some(Event::Placed(p)) => placed = Some(p.clone()),
                Some(Event::Refused(_)) => refused = true,
                _ => {}
            }
            event
        });
        if placed.is_some() || refused {
            break;
        }
    }
    placed
}

/// The summary: the answers, prices, totals and warnings; with the order number once placed.
fn print_result(args: &OrderArgs, w: &Wizard, placed: Option<&PlacedOrder>, lang: Lang) -> Result<()> {
    if args.json {
        return super::out::json(&result_json(w, placed, lang));
    }
    let (t, c) = (lang.texts(), lang.cli());
    let mut text = match placed {
        Some(p) => format!("{}\n", fill(c.order_placed, &[&p.order_no, &state_text(p, lang)])),
        None => format!("{}\n", c.order_valid_dry_run),
    };
    text.push_str(toml::to_string(&w.answers_file()).unwrap_or_default().trim_end());
    for (id, name, price) in pricing::priced_answers(w.catalog(), w.answers()) {
        text.push_str(&format!(
            "\n  {:<40} {:>12} {} {:>12} {}  ({id})",
            lang.name(name),
            lang.money(price.one_time_cents),
            t.one_time,
            lang.money(price.monthly_cents),
            t.monthly
        ));
    }
    let totals = pricing::totals(pricing::priced_answers(w.catalog(), w.answers()).iter().map(|(_, _, p)| p));
    text.push_str(&format!(
        "\n  {:<40} {:>12} {} {:>12} {}",
        t.total,
        lang.money(totals.one_time_cents),
        t.one_time,
        lang.money(totals.monthly_cents),
        t.monthly
    ));
    for warning in order::warnings(w.answers(), &w.facts()) {
        text.push_str(&format!("\n{}", fill(c.warning_line, &[(t.warning)(warning)])));
    }
    // One write: answers and catalog names may carry anything; `say` escapes it.
    super::out::say(&text)
}

/// The placed order's state for reading: active, or what it waits for.
fn state_text(p: &PlacedOrder, lang: Lang) -> String {
    let c = lang.cli();
    if p.pending.is_empty() {
        return c.order_active.to_string();
    }
    let reasons: Vec<&str> = p
        .pending
        .iter()
        .map(|r| match r {
            PendingReason::Sim => c.pending_sim,
            PendingReason::Porting => c.pending_porting,
        })
        .collect();
    fill(c.order_pending, &[&reasons.join(", ")])
}

/// What a pending order waits for, as the JSON's id.
fn pending_key(r: PendingReason) -> &'static str {
    match r {
        PendingReason::Sim => "sim",
        PendingReason::Porting => "porting",
    }
}

/// The machine-readable result. Amounts in cents; never the PIN.
fn result_json(w: &Wizard, placed: Option<&PlacedOrder>, lang: Lang) -> serde_json::Value {
    let prices: Vec<serde_json::Value> = pricing::priced_answers(w.catalog(), w.answers())
        .iter()
        .map(|(id, name, p)| {
            json!({ "product": id, "name": lang.name(name), "one_time_cents": p.one_time_cents, "monthly_cents": p.monthly_cents })
        })
        .collect();
    let totals = pricing::totals(pricing::priced_answers(w.catalog(), w.answers()).iter().map(|(_, _, p)| p));
    let warnings: Vec<String> =
        order::warnings(w.answers(), &w.facts()).into_iter().map(|x| (lang.texts().warning)(x).to_string()).collect();
    json!({
        "status": if placed.is_some() { "placed" } else { "valid" },
        "order_no": placed.map(|p| p.order_no.clone()),
        "pending": placed.map(|p| p.pending.iter().map(|r| pending_key(*r)).collect::<Vec<_>>()),
        "answers": serde_json::to_value(w.answers_file()).unwrap_or_default(),
        "prices": prices,
        "totals": { "one_time_cents": totals.one_time_cents, "monthly_cents": totals.monthly_cents },
        "warnings": warnings,
        "errors": [],
    })
}

/// Asks for the PIN on the terminal without echoing it: a saved answers file has none.
fn prompt_pin(lang: Lang) -> Result<String> {
    use ratatui::crossterm::terminal;
    let c = lang.cli();
    // A closed stderr leaves nobody to ask; the PIN is then read blind.
    let _ = write!(std::io::stderr(), "{}", c.pin_prompt);
    terminal::enable_raw_mode().context(c.reading_pin)?;
    let pin = read_hidden_digits(lang);
    // Restore the terminal whatever happened while reading.
    let restored = terminal::disable_raw_mode();
    let _ = writeln!(std::io::stderr());
    restored.context(c.restoring_terminal)?;
    pin
}

fn read_hidden_digits(lang: Lang) -> Result<String> {
    let c = lang.cli();
    use ratatui::crossterm::event::{self, Event as TermEvent, KeyCode, KeyEventKind, KeyModifiers};
    let mut pin = String::new();
    loop {
        let TermEvent::Key(key) = event::read().context(c.reading_pin)? else { continue };
        if key.kind != KeyEventKind::Press {
            continue;
        }
        match key.code {
            KeyCode::Enter => return Ok(pin),
            KeyCode::Backspace => {
                pin.pop();
            }
            KeyCode::Esc => bail!("{}", c.cancelled),
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => bail!("{}", c.cancelled),
            KeyCode::Char(c) if c.is_ascii_digit() && pin.len() < 6 => pin.push(c),
            _ => {}
        }
    }
}
