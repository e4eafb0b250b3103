//! English: the second language.

use super::Texts;
use crate::domain::lifecycle::{
    Action, ActionError, CancelReason, HistoryEvent, HistoryReason, OrderState, OrderStatus,
};
use crate::domain::order::Warning;
use crate::domain::orders::StateFilter;
use crate::domain::rules::{RuleError, iccid};
use crate::domain::{Field, Step};

/// The PIN 0000 note: on the FMC page and in an order's detail.
const PIN_MUST_CHANGE: &str = "PIN 0000: the user is asked to change it at first login.";

pub static TEXTS: Texts = Texts {
    app_title: "COMuniq ONE · Order a user with a mobile phone",
    menu_title: "Order",
    menu_section: "COMuniq ONE",
    menu_quit: "Quit",
    menu_resume: "Continue the started order",
    menu_step_short: "step {0}",
    menu_step: "step {0}: {1}",
    menu_hint: "↑↓ choose · Enter open · q quit",
    menu_hint_drafts: "↑↓ choose · Enter open · Del discard draft · q quit",
    menu_draft: "Resume draft: {0} · {1} · {2} · no. {3}",
    age_now: "just now",
    age_minutes: "{0} min ago",
    age_hours: "{0} h ago",
    age_days: "{0} days ago",
    busy: "The database is busy (another terminal is saving). Please try again; your answers are kept.",
    db_busy_waiting: "Database busy, waiting …",
    placing_waiting: "Database busy, waiting … Your answers are kept; Ctrl+C quits (the order is kept as a draft).",
    draft_not_saved: "Draft not saved: {0}. It is tried again; your answers stay on the screen.",
    draft_saved_again: "Draft saved again.",
    draft_busy_reason: "the database is busy (another program is writing)",
    draft_lost: "The draft could not be saved: {0}.",
    db_busy: "The database is busy (another program is writing); nothing was written. Please try again later.",
    db_damaged: "{0} is damaged; please restore it from a backup. The file was not changed.",
    db_not_sqlite: "{0} is not an SQLite database; the file was not changed.",
    db_is_dir: "{0} is a folder, not a database file; --db needs the path of a file.",
    db_dangling_symlink: "{0} is a symbolic link to something that does not exist; nothing was created.",
    db_device: "{0} is a device, not a database file; nothing was created.",
    db_special: "{0} is a pipe or a socket, not a database file; nothing was created.",
    db_too_new: "The database has schema version {0}, this program knows up to {1}: please update the program.",
    db_unknown_version: "The database has an unknown schema version {0}; the file was not changed.",
    db_read_only: "{0} is read-only; orders cannot be saved in it.",
    db_dir_not_writable: "The folder {0} cannot be written.",
    db_cannot_create: "{0} cannot be created: {1}",
    db_constraint: "The database refused the write (a constraint failed); nothing was written.",
    db_loose_mode: "Warning: {0} can be read by others (mode {1}) and holds customers' data; \"chmod 600 {0}\" fixes that.",
    menu_database: "Database",
    menu_demo: "DEMO",
    keys_form: "Enter/Tab field · Space list · Ctrl+N next · Esc back · F1 help",
    keys_list: "↑↓ move · type to filter · Enter take · Esc close",
    keys_confirm: "Enter on [Place order]/Ctrl+N: order · 1–7 edit · Space tick · Esc back",
    next_step: "Next step",
    place_order: "Place order",
    choose: "— please choose —",
    no_matches: "No match – change the filter (Backspace) or Esc",
    no_options: "No entries",
    list_count: "{0} of {1}",
    at_least: "{0} or more",
    filter: "Filter",
    yes: "yes",
    no: "no",
    none: "—",
    date_hint: "DD.MM.YYYY",
    existing_extensions: "Existing extensions",
    no_extensions: "none yet",
    more_extensions: "… and more",
    no_extensions_typed: "none beginning so",
    sim_matches: "{0} free SIM cards end in {1} – Enter to choose",
    sim_chosen: "Chosen: {0}",
    sim_pick_hint: "Type the last four digits or scan the ICCID",
    pin_must_change: PIN_MUST_CHANGE,
    pin_entered: "PIN entered",
    cleared_notice: "{0} cleared: no longer fits {1}",
    name_follows_notice: "Name follows the user again: the name typed was for {0}",
    name_follows_plain_notice: "Name follows the user again",
    typed_follows_notice: "{0} follows the choice again: the value typed was for {1}",
    typed_follows_plain_notice: "{0} follows the choice again",
    addon_unticked_notice: "{0} unticked: needs {1}",
    prices: "Prices (net)",
    one_time: "one-time",
    per_month: "/month",
    one_time_short: "once",
    monthly_short: "month",
    monthly: "monthly",
    total: "Total",
    warnings: "Warnings",
    manual_invoice_note: "*The order must then be added to the customer's invoice by hand.",
    edit_section: "Digits 1–7 open a section for editing",
    placing: "Saving the order …",
    placed_title: "Order placed",
    placed_body: "Your order has been placed: {0}",
    placed_pending: "State: waiting for {0}",
    placed_active: "State: active",
    any_key: "Press any key to continue",
    storage_error: "Not saved: {0}. Your answers are kept.",
    answers_saved: "Answers saved to {0} (without the PIN).",
    help_more: "… (F1: whole text)",
    help_title: "Help",
    help_scroll: "PgDn PgUp scroll · rows {0}–{1} of {2}",
    help_keys: &[
        ("Tab / ↓", "next field"),
        ("Shift+Tab / ↑", "previous field"),
        ("Enter", "next field; from the last field: next step"),
        ("", "empty list: open it; open list: take the entry"),
        ("Space", "open a list; tick or untick a checkbox"),
        ("typing", "opens and filters a list; in a text field: replaces it"),
        ("← → Backspace", "edit the text; Ctrl+U clears the field"),
        ("+ / −", "in a date: a day later/earlier (when empty or complete)"),
        ("Ctrl+N", "next step; on Confirm: place the order"),
        ("Enter", "on Confirm: places the order only on [Place order]"),
        ("1–7", "on Confirm: edit a section"),
        ("Ctrl+S", "on Confirm: save the answers to a file, without the PIN"),
        ("Esc", "close a list, otherwise one step back"),
        ("F1", "this help"),
        ("Ctrl+C", "quit (the order is kept as a draft)"),
    ],
    port_immediately: "immediately",
    port_on_date: "on a date",
    new_user_summary: "new: {0}",
    too_small: "The terminal is too small: at least {0}×{1} needed, now {2}×{3}. Please enlarge the window; nothing is lost. Until then keys do nothing (Ctrl+C quits).",
    menu_overview: "Order overview",
    ov_title: "Order overview",
    ov_columns: ["Number", "Date", "Customer", "User", "Voice", "Ref.", "State", "Bill."],
    ov_billing_auto: "auto",
    ov_billing_manual: "hand",
    ov_filter: "Filter",
    ov_all: "all",
    ov_customer: "Customer",
    ov_text: "Text",
    ov_empty: "No orders for this filter. Change it: f state, k customer, / and Backspace the text.",
    ov_none_yet: "No orders yet: create one with {0} in the menu.",
    ov_count: "{0} orders",
    ov_count_one: "1 order",
    keys_overview: "↑↓ · Enter details · a actions · s link SIM · f state · k customer · / text · Esc",
    keys_overview_text: "type to filter · Enter/Esc done",
    keys_detail: "↑↓ scroll · a actions · s link SIM · Esc back",
    keys_actions: "↑↓ choose · Enter run · Esc close",
    keys_link_sim: "digits/ICCID · Enter link · ↑↓ choose · Esc cancel",
    keys_confirm_cancel: "↑↓ / 1–4 choose a reason · Enter cancel the order · Esc keep it",
    detail_title: "Order {0}",
    detail_placed_by: "Placed {0} by {1}",
    detail_invoice_items: "Invoice items",
    detail_history: "History",
    detail_none: "none",
    actions_title: "Actions",
    actions_none: "No action fits this order.",
    link_sim_title: "Link SIM · {0}",
    link_sim_prompt: "Type the last four digits or scan the ICCID:",
    link_sim_pick: "Several free SIM cards fit: ↑↓ to choose, Enter links.",
    cancel_question: "Cancel order {0}? The SIM card, number and extension are freed and the invoice items end; the order and its history stay. Reason:",
    cancel_pick_reason: "Please choose a reason first (↑↓ or 1–4).",
    action_done: "{0}: {1} – state now: {2}",
    sim_taken_by: "SIM {0} has been taken in the meantime{1}",
    sim_link_none: "No order waits for a SIM card.",
    sim_link_several: "{0} orders wait for a SIM card: name one (or use --customer).",
    unknown_customer: "No customer with number {0}",
    import_also_on_line: "Also on line {0} of this file",
    import_display_name_too_long: "first and last name together make the display name, and it is too long",
    import_more: "… and {0} more",
    import_refused: import_refused_en,
    import_done: |n| if n == 1 { "1 row imported".into() } else { format!("{n} rows imported") },
    import_checked: |n| {
        if n == 1 {
            "1 row checked, valid; nothing written (--dry-run)".into()
        } else {
            format!("{n} rows checked, all valid; nothing written (--dry-run)")
        }
    },
    answers_refused: |n| if n == 1 { "1 answer refused".into() } else { format!("{n} answers refused") },
    state_filter,
    state_label,
    state_name,
    action_name,
    action_error,
    cancel_reason,
    history_reason,
    item_until: "until {0}",
    export_orders_header: ["order", "created", "customer", "user", "voice", "reference", "state", "reason", "number"],
    export_items_header: [
        "order", "customer", "state", "product", "text", "amount", "charge", "start", "end", "months",
    ],
    field_label,
    field_help,
    empty_list,
    step_name,
    warning,
    page_note,
    rule_error,
};

fn field_label(f: Field) -> &'static str {
    use Field::*;
    match f {
        Customer => "Customer",
        Portfolio => "Portfolio",
        Reference => "Reference",
        CostCentre => "Cost centre",
        StartDate => "Start date",
        Term => "Contract term",
        Voice => "Voice product",
        Data => "Data product",
        Sms => "SMS product",
        Addon(_) => "Add-ons",
        ExistingUser => "Choose user",
        NewUser => "Or: create a new user",
        Username => "User name",
        FirstName => "First name",
        Prefix => "Prefix",
        LastName => "Last name",
        Email => "E-mail",
        Language => "Language",
        SimOption => "SIM card",
        Sim => "Choose SIM",
        NumberType => "Number type",
        Number => "Choose number",
        PortNumber => "Phone number",
        Donor => "Donor provider",
        PortWhen => "Porting",
        PortDate => "Porting date",
        Extension => "Extension",
        DisplayName => "Name",
        Pin => "PIN code",
        AreaCode => "Area code",
        AutoInvoice => "Create the customer's invoice items automatically",
    }
}

fn field_help(f: Field) -> &'static str {
    use Field::*;
    match f {
        Customer => {
            "Choose the customer you are ordering for by typing the name and picking it from the list. If you already opened a customer, that customer is chosen for you. The search covers name, customer number and city; umlauts may be left out (muller finds Müller)."
        }
        Portfolio => "Choose the portfolio to order from.",
        Reference => "Optionally, your own order number (at most 40 characters).",
        CostCentre => "Optionally, the customer's cost centre the order is booked to (at most 20 characters).",
        StartDate => {
            "The date from which the order is valid (DD.MM.YYYY or YYYY-MM-DD, not in the past; + / − one day later/earlier)."
        }
        Term => "Choose the contract term of this order.",
        Voice => "Choose one of Business User, Professional User, Expert User.",
        Data => "Choose the data package. The packages depend on the voice product chosen before.",
        Sms => "Choose the SMS package. The packages depend on the voice product chosen before.",
        Addon(_) => "Tick the add-ons to order with Space.",
        ExistingUser => "Choose the user this order is for (only users without a mobile line).",
        NewUser => "Tick the box to create a new user.",
        Username => "Enter a user name (letters, digits, . _ -, at most 32 characters).",
        FirstName => "Enter the user's first name.",
        Prefix => {
            "Enter a dial prefix for the user. Optional: the digits the PBX puts before what the user dials (1 to 6 digits, e.g. 0 for an outside line)."
        }
        LastName => "Enter the user's last name.",
        Email => "Enter the user's e-mail address.",
        Language => "The language of the system for this user, including announcements and voicemail.",
        SimOption => {
            "Activate SIM card: choose this to assign the SIM card to the user now, during the order; you can go on with the order. Link and deliver SIM card later: choose this to assign the SIM card afterwards. To actually activate the order you must link the SIM card later in the order overview (Actions → Link SIM). Until the SIM card is linked, the COMuniq ONE user with a mobile phone does not work for the end user yet, but can already be configured."
        }
        Sim => "Type the last four digits of the SIM card, or scan its full ICCID.",
        NumberType => {
            "New number: choose this to create a new phone number. Re-import an existing number: choose this to take over a number from another provider."
        }
        Number => "Choose the number from the list.",
        PortNumber => "The number taken over from the other provider (e.g. 030 1234567 or +49 30 1234567).",
        Donor => "The provider the number comes from.",
        PortWhen => "Immediately, or on a given date.",
        PortDate => {
            "The date the number moves over (DD.MM.YYYY or YYYY-MM-DD, not before the start date; + / − one day later/earlier)."
        }
        Extension => {
            "Enter a unique extension number. The list Existing extensions shows which extensions the account already has."
        }
        DisplayName => "Enter a name for the user.",
        Pin => "A PIN code the user logs in with. With 0000 the user is asked to change it at first login.",
        AreaCode => "The area code where the user usually is.",
        AutoInvoice => {
            "Untick the box \"Create the customer's invoice items automatically\" to turn off the automatic invoicing rules. *Please note that with this option turned off you must add the order to the customer's invoice by hand."
        }
    }
}

fn empty_list(f: Field) -> Option<&'static str> {
    match f {
        Field::Customer => {
            Some("No customers in the database: import them with \"comuniq-order import customers FILE.csv\".")
        }
        Field::ExistingUser => Some("This customer has no user without a mobile line: tick \"Or: create a new user\"."),
        Field::Number => Some(
            "The customer has no free number: choose \"Import an existing number (porting)\", or import numbers with \"comuniq-order import numbers FILE.csv\".",
        ),
        _ => None,
    }
}

fn step_name(s: Step) -> &'static str {
    match s {
        Step::Customer => "Customer",
        Step::Connection => "Connection",
        Step::Addons => "Add-ons",
        Step::User => "User",
        Step::Sim => "SIM",
        Step::Number => "Number",
        Step::Fmc => "FMC",
        Step::Confirm => "Confirm",
    }
}

fn page_note(w: Warning) -> &'static str {
    match w {
        Warning::SimNotLinked => {
            "The user can be configured now but works only once the SIM card is linked in the order overview (Actions → Link SIM)."
        }
        Warning::PortingPending => "The order waits until the porting is complete.",
        Warning::PinMustChange => PIN_MUST_CHANGE,
    }
}

fn warning(w: Warning) -> &'static str {
    match w {
        Warning::SimNotLinked => "SIM card not linked: the user works only after \"Link SIM\".",
        Warning::PortingPending => "Porting pending: the order waits for it to complete.",
        Warning::PinMustChange => "PIN 0000: must be changed at first login.",
    }
}

fn rule_error(e: &RuleError, name: &dyn Fn(&str) -> String) -> String {
    use RuleError::*;
    match e {
        Required => "Required".into(),
        TooLong { len, max } => format!("Too long: {len} characters, at most {max}"),
        NotPrintable => "Contains unprintable characters".into(),
        DateFormat => "Enter the date as DD.MM.YYYY or YYYY-MM-DD".into(),
        DateInPast => "The date is in the past".into(),
        NoSuchDate => "There is no such day".into(),
        PortBeforeStart => "The porting date can't be before the start date".into(),
        IccidDigits => "Digits only".into(),
        IccidLength { len } => format!("ICCID has {len} digits, needs 19 or 20"),
        IccidPrefix => "ICCID must start with 89".into(),
        IccidLuhn => "Check digit wrong (Luhn) – a typo?".into(),
        SimNoMatch { digits } => {
            format!("No free SIM card ends in {digits}: check the digits, or choose \"link and deliver later\"")
        }
        SimAmbiguous { digits, count } => {
            let count = super::Lang::En.found_count(*count, iccid::capped(*count));
            format!("{count} free SIM cards end in {digits}: Enter to choose")
        }
        SimNotFree => "This SIM card is not free or not in stock".into(),
        SimQuery => "Type the last four digits or the full ICCID".into(),
        PhoneFormat => "A German number, e.g. 030 1234567".into(),
        PhoneNotGerman => "Only German numbers (+49) can be ported".into(),
        ExtensionDigits => "Digits only".into(),
        ExtensionLength { expected } => format!("Exactly {expected} digits (customer's dial plan)"),
        ExtensionLeadingZero => "Must not start with 0".into(),
        ExtensionReserved => "Clashes with emergency/service 110, 112, 115".into(),
        ExtensionTaken { name } => format!("Already taken by {name}"),
        ExtensionPrefixClash { other } => format!("Clashes with extension {other}"),
        ExtensionOfUser { own } => format!("The user already has extension {own}: the mobile phone is attached to it"),
        PinFormat => "4 to 6 digits".into(),
        PinTrivial => "Too simple (like 1234, 1111)".into(),
        EmailFormat => "Not a valid e-mail address".into(),
        UsernameChars => "Only a–z, A–Z, 0–9, . _ -".into(),
        UsernameTaken => "Already taken at this customer".into(),
        AreaCode => "0 and 2–5 digits, e.g. 030".into(),
        DialPrefix => "A dial prefix: 1 to 6 digits (e.g. 0 for an outside line), or empty".into(),
        NotForVoice => "Not offered with this voice product".into(),
        UnknownChoice => "Unknown choice".into(),
        AddonRequires(id) => format!("Requires \"{}\"", name(id)),
        AddonExcludes(id) => format!("Can't be combined with \"{}\"", name(id)),
        AddonNotWithData(id) => format!("Doesn't go with the data package \"{}\" (step Connection)", name(id)),
        UserHasMobile => "Already has a mobile line".into(),
        NumberNotFree => "Number is no longer free".into(),
        NumberInUse => "Number is already in use".into(),
        CustomerNumber => "Only A–Z, 0–9 and -".into(),
        DialPlanLength => "Dial plan length: 2 to 5".into(),
        AlreadyExists => "Already exists".into(),
        TakenByOrder(Some(order)) => format!("Taken in the meantime (order {order}): choose a free one"),
        TakenByOrder(None) => "Taken in the meantime: choose a free one".into(),
        PinAgain => "Enter the PIN again (drafts never keep it)".into(),
    }
}

fn state_filter(f: StateFilter) -> &'static str {
    match f {
        StateFilter::WaitingForSim => "waiting for SIM",
        StateFilter::WaitingForPort => "waiting for porting",
        StateFilter::Active => "active",
        StateFilter::Cancelled => "cancelled",
    }
}

fn state_label(s: OrderStatus) -> &'static str {
    match (s.state, s.waits_for_sim, s.waits_for_port) {
        (OrderState::Cancelled, _, _) => "cancelled",
        (OrderState::Active, _, _) => "active",
        (OrderState::Pending, true, true) => "waits SIM+port",
        (OrderState::Pending, true, false) => "waits for SIM",
        (OrderState::Pending, false, _) => "waits for port",
    }
}

fn state_name(s: OrderState) -> &'static str {
    match s {
        OrderState::Pending => "pending",
        OrderState::Active => "active",
        OrderState::Cancelled => "cancelled",
    }
}

fn action_name(a: Action) -> &'static str {
    match a {
        Action::LinkSim => "Link SIM",
        Action::CreateInvoiceItems => "Create invoice items",
        Action::PortingDone => "Porting complete",
        Action::Cancel => "Cancel",
    }
}

fn action_error(e: ActionError) -> &'static str {
    match e {
        ActionError::NotWaitingForSim => "The order does not wait for a SIM card.",
        ActionError::NotWaitingForPort => "The order does not wait for a porting.",
        ActionError::AlreadyInvoiced => "The order already has invoice items.",
        ActionError::Cancelled => "The order is cancelled.",
    }
}

/// "3 of 15 rows refused (25 errors); nothing written".
fn import_refused_en(rows: usize, refused: usize, errors: usize) -> String {
    let rows_word = if rows == 1 { "row" } else { "rows" };
    let errors_word = if errors == 1 { "error" } else { "errors" };
    format!("{refused} of {rows} {rows_word} refused ({errors} {errors_word}); nothing written")
}

fn cancel_reason(r: CancelReason) -> &'static str {
    match r {
        CancelReason::CustomerRequest => "customer's request",
        CancelReason::WrongData => "wrong details",
        CancelReason::Duplicate => "ordered twice",
        CancelReason::Other => "other",
    }
}

/// "1 invoice item", "3 invoice items".
fn items(n: usize) -> String {
    if n == 1 { "1 invoice item".to_string() } else { format!("{n} invoice items") }
}

fn history_reason(r: &HistoryReason) -> String {
    let mut text = match &r.event {
        HistoryEvent::Placed => "placed".to_string(),
        HistoryEvent::SimLinked(iccid) => format!("SIM linked: {iccid}"),
        HistoryEvent::InvoiceItemsCreated => "invoice items created".to_string(),
        HistoryEvent::PortingDone => "porting done".to_string(),
        HistoryEvent::Cancelled { reason, ended, dropped } => {
            let mut t = match reason {
                Some(reason) => format!("cancelled: {}", cancel_reason(*reason)),
                None => "cancelled".to_string(),
            };
            if *ended > 0 {
                t.push_str(&format!(" · {} ended", items(*ended)));
            }
            if *dropped > 0 {
                t.push_str(&format!(" · {} removed", items(*dropped)));
            }
            t
        }
        HistoryEvent::Unknown(text) => return text.clone(),
    };
    match (r.waits_for_sim, r.waits_for_port) {
        (true, true) => text.push_str("; waits for a SIM card and the porting"),
        (true, false) => text.push_str("; waits for a SIM card"),
        (false, true) => text.push_str("; waits for the porting"),
        (false, false) => {}
    }
    text
}
