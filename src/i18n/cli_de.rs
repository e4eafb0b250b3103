//! Deutsch: die Texte der Kommandozeile.

use super::CliTexts;
use crate::domain::catalog::CatalogProblem;
use crate::domain::integrity::Invariant;

pub static CLI: CliTexts = CliTexts {
    order_placed: "bestellt: {0} ({1})",
    order_valid_dry_run: "gültig: nichts geschrieben (--dry-run)",
    order_active: "aktiv",
    order_pending: "wartet auf {0}",
    pending_sim: "SIM-Karte",
    pending_porting: "Portierung",
    warning_line: "Hinweis: {0}",
    reading_database: "Lesen der Datenbank: {0}",
    writing_order: "Speichern der Bestellung: {0}",
    pin_prompt: "PIN (4 bis 6 Ziffern, wird nicht angezeigt; Enter beendet): ",
    cancelled: "abgebrochen",
    reading: "Lesen von {0}",
    opening: "Öffnen von {0}",
    removing: "Löschen von {0}",
    reading_customers: "Lesen der Kunden",
    reading_orders: "Lesen der Bestellungen",
    reading_invoice_items: "Lesen der Rechnungspositionen",
    reading_pin: "Lesen der PIN",
    restoring_terminal: "Wiederherstellen des Terminals",
    pruning_drafts: "Löschen alter Entwürfe",
    reading_demo: "Lesen der Demo-Datenbank",
    seeding_demo: "Befüllen der Demo-Datenbank",
    placing_demo_orders: "Anlegen der Beispielbestellungen der Demo",
    no_data_dir: "kein Datenordner: HOME oder XDG_DATA_HOME setzen oder --db angeben",
    writing_stdout: "Schreiben auf die Standardausgabe",
    writing_json: "Schreiben von JSON",
    writing_csv: "Schreiben von CSV",
    writing_table: "Schreiben der Tabelle",
    no_such_order: "keine Bestellung {0}",
    needs_terminal: "braucht ein interaktives Terminal (die Ausgabe ist kein Terminal oder TERM=dumb)",
    demo_reset_refused: "--reset löscht nur Demo-Datenbanken (ein Dateiname mit „demo“), nicht {0}",
    catalog_broken: "der Katalog ist fehlerhaft",
    catalog_ok: "{0}: in Ordnung",
    catalog_builtin: "catalog.toml (eingebaut)",
    catalog_counts: |[p, t, s, n, d, l]| {
        format!(
            "Portfolios {p}, Laufzeiten {t}, SIM-Optionen {s}, Rufnummernarten {n}, Abgebende Anbieter {d}, Sprachen {l}"
        )
    },
    catalog_per_tier: "Produkte je Voice-Produkt:",
    catalog_tier: |data, sms, addons| format!("Daten {data}, SMS {sms}, Add-ons {addons}"),
    catalog_rules: |addons, requires, excludes| {
        format!("Add-ons {addons}\nRegeln: {requires}× „braucht“, {excludes}× „schließt aus“")
    },
    catalog_problem: problem,
    hang_up: "das Terminal ist weg",
    stopped_by_signal: "durch Signal {0} beendet",
    internal_error: "interner Fehler ({0}); {1}; Einzelheiten in {2}",
    draft_kept: "die Bestellung bleibt als Entwurf erhalten",
    draft_not_saved: "der Entwurf konnte nicht gespeichert werden",
    db_error: "Datenbankfehler: {0}",
    db_missing: "Keine Datenbank unter {0}: dieser Befehl liest oder ändert nur eine bestehende und legt keine an. Angelegt wird sie vom Assistenten (comuniq-order ohne Befehl, mit derselben --db) oder von `comuniq-order import`. Es wurde nichts angelegt.",
    bad_draft: "Entwurf: {0}",
    not_found: "{0} nicht gefunden; nichts wurde geschrieben",
    missing_customer: "Kunde #{0}",
    missing_user: "Benutzer #{0} dieses Kunden",
    missing_sim: "SIM {0} im Lager",
    missing_number: "Nummer {0} im Nummernpool des Kunden",
    order_gone: "Die Bestellung ist nicht mehr in der Datenbank; nichts wurde geschrieben.",
    no_sim_chosen: "Keine SIM gewählt; nichts wurde geschrieben.",
    cancel_needs_reason: "Stornieren braucht einen Grund; nichts wurde geschrieben.",
    import_nothing_written: "nichts geschrieben",
    import_empty_value: "(leer)",
    csv_empty: "die Datei ist leer: eine Kopfzeile wird erwartet ({0})",
    csv_cannot_read: "kann nicht gelesen werden: {0}",
    csv_width: |found, header| {
        let cols = if found == 1 { "Spalte" } else { "Spalten" };
        format!("{found} {cols}, die Kopfzeile hat aber {header}")
    },
    csv_too_long: "die Zeile ist länger als {0} Byte",
    csv_not_utf8: "Spalte {0}: kein UTF-8-Text bei Byte {1} der Datei (die Datei als UTF-8 speichern)",
    csv_unclosed_quote: "Spalte {0}: ein in dieser Zeile geöffnetes Anführungszeichen (\") wird nie geschlossen",
    csv_after_quote: "Spalte {0}: Text nach einem schließenden Anführungszeichen (ein \" in einem Feld in Anführungszeichen als \"\" schreiben)",
    csv_line_break: "Spalte {0}: ein Zeilenumbruch (CR) in einem Feld: ist ein Anführungszeichen (\") nicht geschlossen?",
    csv_unknown_column: "unbekannte Spalte {0}: die Kopfzeile muss die Spalten {1}{2} nennen (so sieht auch eine fehlende Kopfzeile aus)",
    csv_optional: " und wahlweise {0}",
    csv_twice: "Spalte {0} kommt zweimal vor",
    csv_missing: "Spalte {0} fehlt: die Kopfzeile muss {1} nennen",
    db_target_empty: "{0} ist leer: einen Dateinamen oder eine PostgreSQL-Verbindung angeben",
    db_password_given: "Das Passwort gehört nicht in {1} ({0}): Dort stünde es in der Prozessliste und im Verlauf der Shell. {1} ohne Passwort angeben und das Passwort in ~/.pgpass eintragen (Rechte 0600; eine andere Datei nennt PGPASSFILE) oder in der Umgebungsvariablen PGPASSWORD übergeben. Nichts wurde geöffnet.",
    db_target_invalid: "{1} ist keine lesbare PostgreSQL-Verbindung: {0}",
    db_bad_variable: "die Umgebungsvariable {0} hat einen unbrauchbaren Wert",
    db_connect_failed: "keine Verbindung zu {0}: {1}",
    db_server_refused: "{0}: der Server hat abgelehnt: {1}",
    db_pgpass_missing: "kein Passwort: weder PGPASSWORD noch die Passwortdatei {0}",
    db_pgpass_loose: "die Passwortdatei {0} wird nicht gelesen, weil andere sie lesen dürfen: chmod 600 {0}",
    db_pgpass_no_line: "keine Zeile der Passwortdatei {0} passt zu {1}",
    db_foreign: "{0} enthält Tabellen eines anderen Programms ({1}) und keine von comuniq-order: Es wurde nichts verändert. Bitte eine eigene, leere Datenbank angeben (createdb -O ROLLE NAME).",
    copy_from_not_sqlite: "--from muss eine SQLite-Datei sein, nicht {0}",
    copy_to_not_postgres: "--to muss eine PostgreSQL-Datenbank sein (postgres://benutzer@host/datenbank oder host=… dbname=…), nicht die Datei {0}",
    copy_source_version: "{0} hat die Schemaversion {1}, dieses Programm schreibt {2}: Die Datei einmal mit diesem Programm öffnen (comuniq-order db check --db {0}), damit sie auf den neuesten Stand kommt, dann kopieren. Nichts wurde kopiert.",
    copy_not_empty: "{0} ist nicht leer (die Tabelle {1} hat Zeilen): db copy füllt nur eine leere Datenbank. Nichts wurde kopiert.",
    copy_shape: "Die Tabelle {0} unterscheidet sich zwischen den beiden Datenbanken ({1}). Nichts wurde kopiert.",
    copy_value: "{0}, Zeile {1}: Der Wert von {2} passt nicht in die Spalte. Nichts wurde kopiert.",
    copy_done: "{0} nach {1} kopiert, in einer Transaktion:",
    copy_table: "  {0} {1}",
    check_database: "Datenbank {0}",
    check_counts: |[
        customers,
        users,
        pending,
        active,
        cancelled,
        free,
        assigned,
        n_free,
        n_assigned,
        ext,
        items,
        drafts,
    ]| {
        let orders = pending + active + cancelled;
        format!(
            "  Kunden         {customers}\n  Benutzer       {users}\n  Bestellungen   {orders} (offen {pending}, aktiv {active}, storniert {cancelled})\n  SIM-Karten     {} (frei {free}, vergeben {assigned})\n  Rufnummern     {} (frei {n_free}, vergeben {n_assigned})\n  Nebenstellen   {ext}\n  Rechnungspos.  {items}\n  Entwürfe       {drafts}",
            free + assigned,
            n_free + n_assigned
        )
    },
    check_sound_sqlite: "Integrität: in Ordnung (jede Seite, die Fremdschlüssel, {0} Regeln über Tabellen hinweg)",
    check_sound_postgres: "Integrität: in Ordnung ({0} Regeln über Tabellen hinweg; die Fremdschlüssel hält PostgreSQL selbst ein)",
    check_damage: "beschädigt: {0}",
    check_dangling: "{0} Zeile {1} verweist auf eine Zeile von {2}, die es nicht gibt",
    check_broken: "verletzt: {0} ({1}: {2} Zeilen, ids {3})",
    check_failed: "Die Datenbank hat Fehler (oben aufgeführt); aus einer Sicherung wiederherstellen oder die fehlerhaften Zeilen berichtigen lassen",
    invariant: |rule| match rule {
        Invariant::AssignedSimHasItsOrder => {
            "eine vergebene SIM-Karte gehört zu einer nicht stornierten Bestellung mit ihrer ICCID"
        }
        Invariant::WaitingOrderHasNoSim => "eine Bestellung, die auf eine SIM-Karte wartet, hat keine",
        Invariant::OrderHasItsSim => {
            "eine Bestellung, die weder storniert ist noch auf eine SIM-Karte wartet, hat die SIM-Karte ihrer ICCID"
        }
        Invariant::NumberHasItsOrder => {
            "eine vergebene Rufnummer gehört zu einer laufenden Bestellung desselben Kunden mit dieser Nummer"
        }
        Invariant::OrderHasItsNumber => "eine nicht stornierte Bestellung hat ihre Rufnummer",
        Invariant::ExtensionHasItsOrder => {
            "eine vergebene Nebenstelle gehört zu einer laufenden Bestellung desselben Kunden mit dieser Nebenstelle"
        }
        Invariant::OrderHasItsExtension => "eine nicht stornierte Bestellung hat ihre Nebenstelle",
        Invariant::MobileLineHasItsOrder => {
            "der Mobilanschluss eines Benutzers ist eine laufende Bestellung dieses Benutzers"
        }
        Invariant::OrderIsItsUsersLine => "eine nicht stornierte Bestellung ist der Mobilanschluss ihres Benutzers",
        Invariant::UserOfTheCustomer => "der Benutzer einer Bestellung gehört zu deren Kunden",
        Invariant::StateMatchesWaiting => {
            "eine Bestellung ist genau dann offen, wenn sie auf eine SIM-Karte oder eine Portierung wartet"
        }
        Invariant::HistoryEndsInState => "der Verlauf einer Bestellung endet in ihrem Status",
        Invariant::InvoiceItemOfTheCustomer => "eine Rechnungsposition geht an den Kunden ihrer Bestellung",
        Invariant::SimStateMatchesOrder => "eine freie SIM-Karte gehört zu keiner Bestellung, eine vergebene zu einer",
    },
};

/// A catalog problem in German.
fn problem(p: &CatalogProblem) -> String {
    use CatalogProblem::*;
    match p {
        Syntax(m) => format!("TOML-Fehler: {m}"),
        CannotRead(e) => format!("kann nicht gelesen werden: {e}"),
        NotUtf8 { offset } => format!("kein UTF-8-Text bei Byte {offset} (die Datei als UTF-8 speichern)"),
        NoEntries => "mindestens ein Eintrag ist nötig".into(),
        EmptyId => "leere ID".into(),
        DuplicateId(id) => format!("doppelte ID „{id}“"),
        ControlCharacter => "ein Steuerzeichen im Text".into(),
        NoPrice(id) => {
            format!("kein Preis für „{id}“: one_time_cents oder monthly_cents angeben (0, wenn kostenlos)")
        }
        NegativePrice(c) => format!("negativer Preis {c}"),
        VoiceNamesVoice => "ein Voice-Produkt kann keine Voice-Produkte nennen".into(),
        NoVoice { section, id } => format!("{section}-Produkt „{id}“ hat kein Voice-Produkt"),
        UnknownVoice(v) => format!("unbekanntes Voice-Produkt „{v}“"),
        OnlyAddons(field) => format!("nur Add-ons haben „{field}“"),
        UnknownAddon(a) => format!("unbekanntes Add-on „{a}“"),
        UnknownDataPackage(d) => format!("unbekanntes Datenpaket „{d}“"),
        NamesItself => "ein Add-on kann sich nicht selbst nennen".into(),
        DefaultTermTwice(j) => format!("term[{j}] ist schon die Vorgabe"),
        DefaultForOnlyPackages => "nur Daten- und SMS-Pakete haben „default_for“".into(),
        DefaultNotOffered { voice, id } => {
            format!("Vorgabe für „{voice}“, mit dem „{id}“ nicht angeboten wird")
        }
        DefaultTwice { section, index, voice } => format!("{section}[{index}] ist schon die Vorgabe für „{voice}“"),
        KindTwice(k) => format!("Art {k} kommt zweimal vor"),
        NoKind(k) => format!("kein Eintrag der Art {k}"),
        MonthsFromOne => "muss eine ganze Zahl von Monaten ab 1 sein".into(),
    }
}
