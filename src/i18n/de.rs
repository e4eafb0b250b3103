//! Deutsch: the default language. Labels and help texts follow the portal's help page.

use super::Texts;
use crate::domain::lifecycle::{
    Action, ActionError, CancelReason, HistoryEvent, HistoryReason, OrderState, OrderStatus,
};
use crate::domain::order::Warning;
use crate::domain::orders::StateFilter;
use crate::domain::rules::{RuleError, iccid};
use crate::domain::{Field, Step};

/// The PIN 0000 note: on the FMC page and in an order's detail.
const PIN_MUST_CHANGE: &str = "PIN 0000: Der Benutzer wird bei der Anmeldung aufgefordert, sie zu ändern.";

pub static TEXTS: Texts = Texts {
    app_title: "COMuniq ONE · Benutzer mit Mobiltelefon bestellen",
    menu_title: "Bestellen",
    menu_section: "COMuniq ONE",
    menu_quit: "Beenden",
    menu_resume: "Angefangene Bestellung fortsetzen",
    menu_step_short: "Schritt {0}",
    menu_step: "Schritt {0}: {1}",
    menu_hint: "↑↓ wählen · Enter öffnen · q Beenden",
    menu_hint_drafts: "↑↓ wählen · Enter öffnen · Entf Entwurf verwerfen · q Beenden",
    menu_draft: "Entwurf fortsetzen: {0} · {1} · {2} · Nr. {3}",
    age_now: "gerade eben",
    age_minutes: "vor {0} Min.",
    age_hours: "vor {0} Std.",
    age_days: "vor {0} Tagen",
    busy: "Die Datenbank ist gerade belegt (ein anderer Arbeitsplatz speichert). Bitte noch einmal versuchen; Ihre Eingaben bleiben erhalten.",
    db_busy_waiting: "Datenbank belegt, warte …",
    placing_waiting: "Datenbank belegt, warte … Ihre Eingaben bleiben erhalten; Ctrl+C beendet (die Bestellung bleibt als Entwurf).",
    draft_not_saved: "Entwurf nicht gespeichert: {0}. Er wird erneut versucht; Ihre Eingaben bleiben auf dem Bildschirm.",
    draft_saved_again: "Entwurf wieder gespeichert.",
    draft_busy_reason: "die Datenbank ist belegt (ein anderes Programm schreibt gerade)",
    draft_lost: "Der Entwurf konnte nicht gespeichert werden: {0}.",
    db_busy: "Die Datenbank ist belegt (ein anderes Programm schreibt gerade); nichts wurde geschrieben. Bitte später noch einmal versuchen.",
    db_damaged: "{0} ist beschädigt; bitte aus einer Sicherung wiederherstellen. Die Datei wurde nicht verändert.",
    db_not_sqlite: "{0} ist keine SQLite-Datenbank; die Datei wurde nicht verändert.",
    db_is_dir: "{0} ist ein Ordner, keine Datenbankdatei; --db braucht den Pfad einer Datei.",
    db_dangling_symlink: "{0} ist ein symbolischer Link auf etwas, das es nicht gibt; es wurde nichts angelegt.",
    db_device: "{0} ist ein Gerät, keine Datenbankdatei; es wurde nichts angelegt.",
    db_special: "{0} ist eine Pipe oder ein Socket, keine Datenbankdatei; es wurde nichts angelegt.",
    db_too_new: "Die Datenbank hat die Schemaversion {0}, dieses Programm kennt bis {1}: bitte das Programm aktualisieren.",
    db_unknown_version: "Die Datenbank hat die unbekannte Schemaversion {0}; die Datei wurde nicht verändert.",
    db_read_only: "{0} ist schreibgeschützt; Bestellungen können darin nicht gespeichert werden.",
    db_dir_not_writable: "Der Ordner {0} kann nicht beschrieben werden.",
    db_cannot_create: "{0} kann nicht angelegt werden: {1}",
    db_constraint: "Die Datenbank hat das Schreiben abgelehnt (eine Bedingung verletzt); nichts wurde geschrieben.",
    db_loose_mode: "Warnung: {0} ist auch für andere lesbar (Modus {1}) und enthält Kundendaten; „chmod 600 {0}“ behebt das.",
    menu_database: "Datenbank",
    menu_demo: "DEMO",
    keys_form: "Enter/Tab Feld · Leertaste Liste · Strg+N Weiter · Esc Zurück · F1 Hilfe",
    keys_list: "↑↓ Auswahl · Tippen filtert · Enter Übernehmen · Esc Schließen",
    keys_confirm: "Enter auf [Bestellen]/Strg+N bestellt · 1–7 Bearbeiten · Leertaste Haken · Esc",
    next_step: "Nächster Schritt",
    place_order: "Bestellen",
    choose: "— bitte wählen —",
    no_matches: "Keine Treffer – Filter ändern (Rücktaste) oder Esc",
    no_options: "Keine Einträge",
    list_count: "{0} von {1}",
    at_least: "Mindestens {0}",
    filter: "Filter",
    yes: "ja",
    no: "nein",
    none: "—",
    date_hint: "TT.MM.JJJJ",
    existing_extensions: "Bestehende Nebenstellen",
    no_extensions: "noch keine",
    more_extensions: "… und weitere",
    no_extensions_typed: "keine, die so beginnt",
    sim_matches: "{0} freie SIM-Karten enden auf {1} – Enter zum Wählen",
    sim_chosen: "Gewählt: {0}",
    sim_pick_hint: "Letzte vier Ziffern tippen oder ICCID scannen",
    pin_must_change: PIN_MUST_CHANGE,
    pin_entered: "PIN eingegeben",
    cleared_notice: "{0} zurückgesetzt: passt nicht mehr zu {1}",
    name_follows_notice: "Name folgt wieder dem Benutzer: der eingegebene Name galt {0}",
    name_follows_plain_notice: "Name folgt wieder dem Benutzer",
    typed_follows_notice: "{0} folgt wieder der Auswahl: der eingegebene Wert galt {1}",
    typed_follows_plain_notice: "{0} folgt wieder der Auswahl",
    addon_unticked_notice: "{0} abgewählt: braucht {1}",
    prices: "Preise (netto)",
    one_time: "einmalig",
    per_month: "/Monat",
    one_time_short: "einm.",
    monthly_short: "mtl.",
    monthly: "monatlich",
    total: "Summe",
    warnings: "Hinweise",
    manual_invoice_note: "*Die Bestellung muss dann manuell zur Rechnung des Kunden hinzugefügt werden.",
    edit_section: "Ziffer 1–7 öffnet den Abschnitt zum Bearbeiten",
    placing: "Bestellung wird gespeichert …",
    placed_title: "Bestellung aufgegeben",
    placed_body: "Ihre Bestellung wurde aufgegeben: {0}",
    placed_pending: "Status: wartet auf {0}",
    placed_active: "Status: aktiv",
    any_key: "Weiter mit einer beliebigen Taste",
    storage_error: "Nicht gespeichert: {0}. Ihre Eingaben bleiben erhalten.",
    answers_saved: "Antworten gespeichert in {0} (ohne PIN).",
    help_more: "… (F1: ganzer Text)",
    help_title: "Hilfe",
    help_scroll: "Bild↓ Bild↑ blättern · Zeilen {0}–{1} von {2}",
    help_keys: &[
        ("Tab / ↓", "nächstes Feld"),
        ("Umschalt+Tab / ↑", "vorheriges Feld"),
        ("Enter", "nächstes Feld; vom letzten Feld: nächster Schritt"),
        ("", "leere Liste: öffnen; offene Liste: Eintrag übernehmen"),
        ("Leertaste", "Liste öffnen; Kontrollkästchen an/aus"),
        ("Tippen", "Liste öffnen und filtern; im Textfeld: ersetzt den Wert"),
        ("← → Rücktaste", "Text bearbeiten; Strg+U leert das Feld"),
        ("+ / −", "im Datum: einen Tag vor/zurück (leer oder vollständig)"),
        ("Strg+N", "Nächster Schritt; auf „Bestätigen“: Bestellen"),
        ("Enter", "auf „Bestätigen“: bestellt nur auf [Bestellen]"),
        ("1–7", "auf „Bestätigen“: Abschnitt bearbeiten"),
        ("Strg+S", "auf „Bestätigen“: Antworten in Datei sichern, ohne PIN"),
        ("Esc", "Liste schließen, sonst einen Schritt zurück"),
        ("F1", "diese Hilfe"),
        ("Strg+C", "beenden (die Bestellung bleibt als Entwurf)"),
    ],
    port_immediately: "sofort",
    port_on_date: "zum Datum",
    new_user_summary: "neu: {0}",
    too_small: "Das Terminal ist zu klein: mindestens {0}×{1} Zeichen, jetzt {2}×{3}. Bitte das Fenster vergrößern; nichts geht verloren. Bis dahin wirken Tasten nicht (Strg+C beendet).",
    menu_overview: "Bestellübersicht",
    ov_title: "Bestellübersicht",
    ov_columns: ["Nummer", "Datum", "Kunde", "Benutzer", "Voice", "Referenz", "Status", "Abr."],
    ov_billing_auto: "auto",
    ov_billing_manual: "Hand",
    ov_filter: "Filter",
    ov_all: "alle",
    ov_customer: "Kunde",
    ov_text: "Text",
    ov_empty: "Keine Bestellungen für diesen Filter. Ändern: f Status, k Kunde, / und Rücktaste den Text.",
    ov_none_yet: "Noch keine Bestellungen: mit {0} im Menü eine anlegen.",
    ov_count: "{0} Bestellungen",
    ov_count_one: "1 Bestellung",
    keys_overview: "↑↓ · Enter Details · a Aktionen · s SIM verbinden · f Status · k Kunde · / Text · Esc",
    keys_overview_text: "Tippen filtert · Enter/Esc fertig",
    keys_detail: "↑↓ blättern · a Aktionen · s SIM verbinden · Esc zurück",
    keys_actions: "↑↓ wählen · Enter ausführen · Esc schließen",
    keys_link_sim: "Ziffern/ICCID · Enter verbinden · ↑↓ wählen · Esc abbrechen",
    keys_confirm_cancel: "↑↓ / 1–4 Grund wählen · Enter stornieren · Esc abbrechen",
    detail_title: "Bestellung {0}",
    detail_placed_by: "Bestellt am {0} von {1}",
    detail_invoice_items: "Rechnungspositionen",
    detail_history: "Verlauf",
    detail_none: "keine",
    actions_title: "Aktionen",
    actions_none: "Keine Aktion passt zu dieser Bestellung.",
    link_sim_title: "SIM verbinden · {0}",
    link_sim_prompt: "Letzte vier Ziffern tippen oder ICCID scannen:",
    link_sim_pick: "Mehrere freie SIM-Karten passen: ↑↓ wählen, Enter verbindet.",
    cancel_question: "Bestellung {0} stornieren? SIM-Karte, Nummer und Nebenstelle werden freigegeben, die Rechnungspositionen beendet; die Bestellung und ihr Verlauf bleiben. Grund:",
    cancel_pick_reason: "Bitte zuerst einen Grund wählen (↑↓ oder 1–4).",
    action_done: "{0}: {1} – Status jetzt: {2}",
    sim_taken_by: "SIM {0} ist inzwischen vergeben{1}",
    sim_link_none: "Keine Bestellung wartet auf eine SIM-Karte.",
    sim_link_several: "{0} Bestellungen warten auf eine SIM-Karte: bitte eine nennen (oder --customer).",
    unknown_customer: "Kein Kunde mit der Nummer {0}",
    import_also_on_line: "Steht schon in Zeile {0} dieser Datei",
    import_display_name_too_long: "Vor- und Nachname zusammen ergeben den Anzeigenamen, und der ist zu lang",
    import_more: "… und {0} weitere",
    import_refused: import_refused_de,
    import_done: |n| if n == 1 { "1 Zeile importiert".into() } else { format!("{n} Zeilen importiert") },
    import_checked: |n| {
        if n == 1 {
            "1 Zeile geprüft, gültig; nichts geschrieben (--dry-run)".into()
        } else {
            format!("{n} Zeilen geprüft, alle gültig; nichts geschrieben (--dry-run)")
        }
    },
    answers_refused: |n| if n == 1 { "1 Antwort abgelehnt".into() } else { format!("{n} Antworten abgelehnt") },
    state_filter,
    state_label,
    state_name,
    action_name,
    action_error,
    cancel_reason,
    history_reason,
    item_until: "bis {0}",
    export_orders_header: ["Bestellung", "Zeit", "Kunde", "Benutzer", "Voice", "Referenz", "Status", "Grund", "Nummer"],
    export_items_header: [
        "Bestellung",
        "Kunde",
        "Status",
        "Produkt",
        "Text",
        "Betrag",
        "Art",
        "Start",
        "Ende",
        "Monate",
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
        Customer => "Kunde",
        Portfolio => "Portfolio",
        Reference => "Referenz",
        CostCentre => "Kostenstelle",
        StartDate => "Startdatum",
        Term => "Vertragsdauer",
        Voice => "Voice-Produkt",
        Data => "Daten-Produkt",
        Sms => "SMS-Produkt",
        Addon(_) => "Add-ons",
        ExistingUser => "Benutzer auswählen",
        NewUser => "Alternativ: Einen neuen Benutzer erstellen",
        Username => "Benutzer",
        FirstName => "Vorname",
        Prefix => "Präfix",
        LastName => "Nachname",
        Email => "E-Mail",
        Language => "Sprache",
        SimOption => "SIM-Karte bestellen",
        Sim => "SIM auswählen",
        NumberType => "Nummerntyp",
        Number => "Nummer auswählen",
        PortNumber => "Rufnummer",
        Donor => "Abgebender Anbieter",
        PortWhen => "Portierung",
        PortDate => "Portierungsdatum",
        Extension => "Nebenstellennummer",
        DisplayName => "Name",
        Pin => "PIN-Code",
        AreaCode => "Vorwahl",
        AutoInvoice => "Rechnungspositionen für Kunden automatisch erzeugen",
    }
}

fn field_help(f: Field) -> &'static str {
    use Field::*;
    match f {
        Customer => {
            "Wählen Sie den Kunden, für den Sie die Option bestellen möchten, indem Sie den Namen eingeben und ihn aus der Dropdown-Liste auswählen. Wenn Sie bereits einen Kunden aufgerufen haben, wird der entsprechende Kunde automatisch ausgewählt. Gesucht wird in Name, Kundennummer und Ort; Umlaute dürfen fehlen (muller findet Müller)."
        }
        Portfolio => "Wählen Sie das Portfolio, das Sie bestellen möchten.",
        Reference => "Sie können optional Ihre eigene Bestellnummer eingeben (höchstens 40 Zeichen).",
        CostCentre => {
            "Optional: die Kostenstelle des Kunden, auf die die Bestellung gebucht wird (höchstens 20 Zeichen)."
        }
        StartDate => {
            "Wählen Sie das Startdatum, ab dem Ihre Bestellung gültig sein soll (TT.MM.JJJJ oder JJJJ-MM-TT, nicht in der Vergangenheit; + / − einen Tag vor/zurück)."
        }
        Term => "Wählen Sie die Vertragsdauer dieser Bestellung.",
        Voice => "Wählen Sie eine der Optionen aus der Dropdown-Liste: Business User, Professional User, Expert User.",
        Data => {
            "Wählen Sie das entsprechende Datenpaket aus der Dropdown-Liste aus. Die Datenpakete variieren abhängig vom zuvor gewählten Voice Produkt."
        }
        Sms => {
            "Wählen Sie das entsprechende SMS-Paket aus der Dropdown-Liste aus. Die Pakete variieren abhängig vom zuvor gewählten Voice Produkt."
        }
        Addon(_) => "Wählen Sie die Add-Ons, die Sie bestellen möchten, mit der Leertaste aus.",
        ExistingUser => {
            "Wählen Sie einen Benutzer, dem Sie diese Bestellung zuordnen möchten (nur Benutzer ohne Mobilanschluss)."
        }
        NewUser => "Aktivieren Sie das Kontrollkästchen, um einen neuen Benutzer anzulegen.",
        Username => "Geben Sie einen Benutzernamen ein (Buchstaben, Ziffern, . _ -, höchstens 32 Zeichen).",
        FirstName => "Geben Sie den Vornamen des Benutzers ein.",
        Prefix => {
            "Geben Sie eine Vorwahl für den Benutzer ein. Optional: die Ziffern, die die Telefonanlage vor seine Wahl setzt (1 bis 6 Ziffern, z. B. 0 für die Amtsleitung)."
        }
        LastName => "Geben Sie den Nachnamen des Benutzers ein.",
        Email => "Geben Sie die E-Mail-Adresse des Benutzers ein.",
        Language => {
            "Wählen Sie die Sprache, in der das System für den Benutzer angezeigt bzw. ausgegeben werden soll. Dazu zählen u.a. Ansagen und die Voicemail."
        }
        SimOption => {
            "Aktivierung SIM Karte: Wählen Sie diese Option, um dem Benutzer die SIM-Karte sofort während der Bestellung zuzuordnen. Sie können den Bestellprozess fortführen. SIM Karte später verknüpfen und liefern: Wählen Sie diese Option, um dem Benutzer die SIM-Karte nachträglich zuzuordnen. Um die Bestellung tatsächlich zu aktivieren, müssen Sie die SIM-Karte zu einem späteren Zeitpunkt in der Bestellübersicht verknüpfen (Aktionen → SIM verbinden). Solange die SIM-Karte noch nicht verknüpft ist, ist der COMuniq ONE Benutzer mit Mobiltelefon noch nicht funktional für den Endbenutzer verfügbar, kann aber bereits konfiguriert werden."
        }
        Sim => {
            "Geben Sie die letzten vier Ziffern Ihrer SIM-Karte ein, um sie der Bestellung hinzuzufügen, oder scannen Sie die ganze ICCID."
        }
        NumberType => {
            "Neue Nummer: Wählen Sie diese Option, wenn Sie eine neue Rufnummer erstellen möchten. Existierende Rufnummer reimportieren: Wählen Sie diese Option, wenn Sie eine Rufnummer von einem anderen Anbieter übernehmen möchten."
        }
        Number => "Wählen Sie die Nummer aus der Dropdown-Liste aus.",
        PortNumber => {
            "Die Rufnummer, die vom anderen Anbieter übernommen wird (z. B. 030 1234567 oder +49 30 1234567)."
        }
        Donor => "Der Anbieter, von dem die Rufnummer übernommen wird.",
        PortWhen => "Sofort, oder zu einem bestimmten Datum.",
        PortDate => {
            "Das Datum, zu dem die Rufnummer übernommen wird (TT.MM.JJJJ oder JJJJ-MM-TT, nicht vor dem Startdatum; + / − einen Tag vor/zurück)."
        }
        Extension => {
            "Geben Sie eine eindeutige Nebenstellennummer ein. Die Übersicht Bestehende Nebenstellen zeigt, welche Nebenstellen bereits im Konto erstellt wurden."
        }
        DisplayName => "Geben Sie einen Namen für den Benutzer ein.",
        Pin => {
            "Geben Sie einen PIN-Code ein, mit dem sich der Benutzer am System anmelden kann. Wenn Sie den PIN-Code 0000 eingeben, wird der Benutzer bei der Anmeldung aufgefordert, ihn zu ändern."
        }
        AreaCode => "Geben Sie die Vorwahl ein, in der sich der Benutzer standardmäßig befindet.",
        AutoInvoice => {
            "Deaktivieren Sie ggf. das Kontrollkästchen Rechnungspositionen für Kunden automatisch erzeugen, um die automatischen Rechnungsstellungsregeln zu deaktivieren. *Bitte beachten Sie, dass Sie bei Aktivierung dieser Option die Bestellung manuell zur Rechnung des Kunden hinzufügen müssen (gemeint ist: wenn das Kontrollkästchen nicht angehakt ist)."
        }
    }
}

fn empty_list(f: Field) -> Option<&'static str> {
    match f {
        Field::Customer => {
            Some("Keine Kunden in der Datenbank: importieren Sie sie mit „comuniq-order import customers DATEI.csv“.")
        }
        Field::ExistingUser => Some(
            "Dieser Kunde hat keinen Benutzer ohne Mobilanschluss: haken Sie „Alternativ: Einen neuen Benutzer erstellen“ an.",
        ),
        Field::Number => Some(
            "Der Kunde hat keine freie Rufnummer: wählen Sie „Existierende Rufnummer reimportieren“, oder importieren Sie Nummern mit „comuniq-order import numbers DATEI.csv“.",
        ),
        _ => None,
    }
}

fn step_name(s: Step) -> &'static str {
    match s {
        Step::Customer => "Kundendaten",
        Step::Connection => "Verbindung",
        Step::Addons => "Add-ons",
        Step::User => "Benutzer",
        Step::Sim => "SIM",
        Step::Number => "Nummer",
        Step::Fmc => "FMC",
        Step::Confirm => "Bestätigen",
    }
}

fn page_note(w: Warning) -> &'static str {
    match w {
        Warning::SimNotLinked => {
            "Der Benutzer kann schon konfiguriert werden, ist aber erst nutzbar, wenn die SIM-Karte in der Bestellübersicht verknüpft ist (Aktionen → SIM verbinden)."
        }
        Warning::PortingPending => "Die Bestellung wartet, bis die Portierung abgeschlossen ist.",
        Warning::PinMustChange => PIN_MUST_CHANGE,
    }
}

fn warning(w: Warning) -> &'static str {
    match w {
        Warning::SimNotLinked => "SIM-Karte nicht verknüpft: Der Benutzer funktioniert erst nach „SIM verbinden“.",
        Warning::PortingPending => "Portierung ausstehend: Die Bestellung wartet auf den Abschluss.",
        Warning::PinMustChange => "PIN 0000: muss bei der ersten Anmeldung geändert werden.",
    }
}

fn rule_error(e: &RuleError, name: &dyn Fn(&str) -> String) -> String {
    use RuleError::*;
    match e {
        Required => "Pflichtfeld".into(),
        TooLong { len, max } => format!("Zu lang: {len} Zeichen, höchstens {max}"),
        NotPrintable => "Enthält nicht druckbare Zeichen".into(),
        DateFormat => "Datum als TT.MM.JJJJ oder JJJJ-MM-TT eingeben".into(),
        DateInPast => "Das Datum liegt in der Vergangenheit".into(),
        NoSuchDate => "Diesen Tag gibt es nicht".into(),
        PortBeforeStart => "Die Portierung kann nicht vor dem Startdatum liegen".into(),
        IccidDigits => "Nur Ziffern".into(),
        IccidLength { len } => format!("ICCID hat {len} Ziffern, nötig sind 19 oder 20"),
        IccidPrefix => "ICCID muss mit 89 beginnen".into(),
        IccidLuhn => "Prüfziffer falsch (Luhn) – Tippfehler?".into(),
        SimNoMatch { digits } => format!(
            "Keine freie SIM-Karte endet auf {digits}: Ziffern prüfen, oder „SIM Karte später verknüpfen und liefern“ wählen"
        ),
        SimAmbiguous { digits, count } => {
            let count = super::Lang::De.found_count(*count, iccid::capped(*count));
            format!("{count} freie SIM-Karten enden auf {digits}: Enter zum Wählen")
        }
        SimNotFree => "Diese SIM-Karte ist nicht frei oder nicht im Bestand".into(),
        SimQuery => "Letzte vier Ziffern oder die ganze ICCID eingeben".into(),
        PhoneFormat => "Deutsche Rufnummer, z. B. 030 1234567".into(),
        PhoneNotGerman => "Nur deutsche Rufnummern (+49) können portiert werden".into(),
        ExtensionDigits => "Nur Ziffern".into(),
        ExtensionLength { expected } => format!("Genau {expected} Ziffern (Rufnummernplan des Kunden)"),
        ExtensionLeadingZero => "Darf nicht mit 0 beginnen".into(),
        ExtensionReserved => "Kollidiert mit Notruf/Service 110, 112, 115".into(),
        ExtensionTaken { name } => format!("Schon vergeben an {name}"),
        ExtensionPrefixClash { other } => format!("Kollidiert mit Nebenstelle {other}"),
        ExtensionOfUser { own } => {
            format!("Der Benutzer hat schon die Nebenstelle {own}: das Mobiltelefon wird dort angeschlossen")
        }
        PinFormat => "4 bis 6 Ziffern".into(),
        PinTrivial => "Zu einfach (wie 1234, 1111)".into(),
        EmailFormat => "Keine gültige E-Mail-Adresse".into(),
        UsernameChars => "Nur a–z, A–Z, 0–9, . _ -".into(),
        UsernameTaken => "Beim Kunden schon vergeben".into(),
        AreaCode => "0 und 2–5 Ziffern, z. B. 030".into(),
        DialPrefix => "Eine Wählvorwahl: 1 bis 6 Ziffern (z. B. 0 für die Amtsleitung), oder leer".into(),
        NotForVoice => "Passt nicht zum Voice-Produkt".into(),
        UnknownChoice => "Unbekannte Auswahl".into(),
        AddonRequires(id) => format!("Benötigt „{}“", name(id)),
        AddonExcludes(id) => format!("Nicht mit „{}“ kombinierbar", name(id)),
        AddonNotWithData(id) => format!("Passt nicht zum Datenpaket „{}“ (Schritt Verbindung)", name(id)),
        UserHasMobile => "Hat schon einen Mobilanschluss".into(),
        NumberNotFree => "Nummer ist nicht mehr frei".into(),
        NumberInUse => "Nummer ist schon vergeben".into(),
        CustomerNumber => "Nur A–Z, 0–9 und -".into(),
        DialPlanLength => "Länge des Rufnummernplans: 2 bis 5".into(),
        AlreadyExists => "Existiert bereits".into(),
        TakenByOrder(Some(order)) => format!("Inzwischen vergeben (Bestellung {order}): freie wählen"),
        TakenByOrder(None) => "Inzwischen vergeben: freie wählen".into(),
        PinAgain => "PIN bitte erneut eingeben (Entwürfe speichern sie nicht)".into(),
    }
}

fn state_filter(f: StateFilter) -> &'static str {
    match f {
        StateFilter::WaitingForSim => "wartet auf SIM",
        StateFilter::WaitingForPort => "wartet auf Portierung",
        StateFilter::Active => "aktiv",
        StateFilter::Cancelled => "storniert",
    }
}

fn state_label(s: OrderStatus) -> &'static str {
    match (s.state, s.waits_for_sim, s.waits_for_port) {
        (OrderState::Cancelled, _, _) => "storniert",
        (OrderState::Active, _, _) => "aktiv",
        (OrderState::Pending, true, true) => "wartet SIM+Port.",
        (OrderState::Pending, true, false) => "wartet auf SIM",
        (OrderState::Pending, false, _) => "wartet auf Port.",
    }
}

fn state_name(s: OrderState) -> &'static str {
    match s {
        OrderState::Pending => "wartend",
        OrderState::Active => "aktiv",
        OrderState::Cancelled => "storniert",
    }
}

fn action_name(a: Action) -> &'static str {
    match a {
        Action::LinkSim => "SIM verbinden",
        Action::CreateInvoiceItems => "Rechnungspositionen erzeugen",
        Action::PortingDone => "Portierung abgeschlossen",
        Action::Cancel => "Stornieren",
    }
}

fn action_error(e: ActionError) -> &'static str {
    match e {
        ActionError::NotWaitingForSim => "Die Bestellung wartet nicht auf eine SIM-Karte.",
        ActionError::NotWaitingForPort => "Die Bestellung wartet nicht auf eine Portierung.",
        ActionError::AlreadyInvoiced => "Die Bestellung hat schon Rechnungspositionen.",
        ActionError::Cancelled => "Die Bestellung ist storniert.",
    }
}

/// "3 von 15 Zeilen abgelehnt (25 Fehler); nichts geschrieben".
fn import_refused_de(rows: usize, refused: usize, errors: usize) -> String {
    let rows_word = if rows == 1 { "Zeile" } else { "Zeilen" };
    // "Fehler" is singular and plural alike.
    format!("{refused} von {rows} {rows_word} abgelehnt ({errors} Fehler); nichts geschrieben")
}

fn cancel_reason(r: CancelReason) -> &'static str {
    match r {
        CancelReason::CustomerRequest => "Kundenwunsch",
        CancelReason::WrongData => "Falsche Angaben",
        CancelReason::Duplicate => "Doppelt bestellt",
        CancelReason::Other => "Sonstiges",
    }
}

/// "1 Rechnungsposition", "3 Rechnungspositionen".
fn items(n: usize) -> String {
    if n == 1 { "1 Rechnungsposition".to_string() } else { format!("{n} Rechnungspositionen") }
}

fn history_reason(r: &HistoryReason) -> String {
    let mut text = match &r.event {
        HistoryEvent::Placed => "bestellt".to_string(),
        HistoryEvent::SimLinked(iccid) => format!("SIM verbunden: {iccid}"),
        HistoryEvent::InvoiceItemsCreated => "Rechnungspositionen erzeugt".to_string(),
        HistoryEvent::PortingDone => "Portierung abgeschlossen".to_string(),
        HistoryEvent::Cancelled { reason, ended, dropped } => {
            let mut t = match reason {
                Some(reason) => format!("storniert: {}", cancel_reason(*reason)),
                None => "storniert".to_string(),
            };
            if *ended > 0 {
                t.push_str(&format!(" · {} beendet", items(*ended)));
            }
            if *dropped > 0 {
                t.push_str(&format!(" · {} entfernt", items(*dropped)));
            }
            t
        }
        HistoryEvent::Unknown(text) => return text.clone(),
    };
    match (r.waits_for_sim, r.waits_for_port) {
        (true, true) => text.push_str("; wartet auf SIM-Karte und Portierung"),
        (true, false) => text.push_str("; wartet auf SIM-Karte"),
        (false, true) => text.push_str("; wartet auf Portierung"),
        (false, false) => {}
    }
    text
}
