//! Word lists for realistic German demo data: cities with their real area codes, names,
//! trades and legal forms.

/// A city, its real area code, and a weight roughly following its business population.
pub struct City {
    pub name: &'static str,
    pub area_code: &'static str,
    pub weight: u32,
}

/// German cities with their real area codes.
pub const CITIES: &[City] = &[
    City { name: "Berlin", area_code: "030", weight: 40 },
    City { name: "Hamburg", area_code: "040", weight: 25 },
    City { name: "München", area_code: "089", weight: 22 },
    City { name: "Köln", area_code: "0221", weight: 15 },
    City { name: "Frankfurt am Main", area_code: "069", weight: 12 },
    City { name: "Stuttgart", area_code: "0711", weight: 10 },
    City { name: "Düsseldorf", area_code: "0211", weight: 10 },
    City { name: "Leipzig", area_code: "0341", weight: 9 },
    City { name: "Dresden", area_code: "0351", weight: 8 },
    City { name: "Hannover", area_code: "0511", weight: 8 },
    City { name: "Nürnberg", area_code: "0911", weight: 8 },
    City { name: "Bremen", area_code: "0421", weight: 7 },
    City { name: "Essen", area_code: "0201", weight: 7 },
    City { name: "Dortmund", area_code: "0231", weight: 7 },
    City { name: "Bonn", area_code: "0228", weight: 5 },
    City { name: "Münster", area_code: "0251", weight: 5 },
    City { name: "Karlsruhe", area_code: "0721", weight: 5 },
    City { name: "Augsburg", area_code: "0821", weight: 4 },
    City { name: "Kiel", area_code: "0431", weight: 4 },
    City { name: "Potsdam", area_code: "0331", weight: 4 },
    City { name: "Freiburg im Breisgau", area_code: "0761", weight: 4 },
    City { name: "Würzburg", area_code: "0931", weight: 3 },
    City { name: "Erfurt", area_code: "0361", weight: 3 },
    City { name: "Brandenburg an der Havel", area_code: "03381", weight: 2 },
    City { name: "Fürstenwalde/Spree", area_code: "03361", weight: 1 },
];

/// Common German first names.
pub const FIRST_NAMES: &[&str] = &[
    "Anna",
    "Lena",
    "Julia",
    "Laura",
    "Sarah",
    "Katharina",
    "Sabine",
    "Claudia",
    "Petra",
    "Monika",
    "Sophie",
    "Marie",
    "Lea",
    "Hannah",
    "Jana",
    "Birgit",
    "Ute",
    "Jürgen",
    "Thomas",
    "Michael",
    "Andreas",
    "Stefan",
    "Markus",
    "Christian",
    "Tobias",
    "Jan",
    "Lukas",
    "Felix",
    "Jonas",
    "Maximilian",
    "Sebastian",
    "Matthias",
    "Frank",
    "Uwe",
    "Klaus",
    "Günther",
    "Björn",
    "Jörg",
    "Sören",
    "Özlem",
    "Mehmet",
    "Ayşe",
    "Emre",
    "Nikola",
    "Elena",
];

/// Common German last names.
pub const LAST_NAMES: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Schmid",
    "Schulze",
    "Maier",
    "Köhler",
    "Herrmann",
    "König",
    "Walter",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Möller",
    "Weiß",
    "Jung",
    "Hahn",
    "Vogel",
    "Friedrich",
    "Keller",
    "Günther",
    "Frank",
    "Berger",
    "Winkler",
    "Roth",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
    "Yılmaz",
    "Kaya",
];

/// Trades that follow the owner's name: "Müller Haustechnik GmbH".
pub const TRADES_AFTER: &[&str] = &[
    "Haustechnik",
    "Elektrotechnik",
    "Sanitär",
    "Dachdeckerei",
    "Metallbau",
    "Logistik",
    "Immobilien",
    "Consulting",
    "Gebäudereinigung",
    "Holzbau",
    "Automobile",
    "Steuerberatung",
    "Maschinenbau",
    "Druck & Medien",
    "Zahntechnik",
    "Gartenbau",
    "Fliesen",
    "Heizungsbau",
];

/// Trades that precede the owner's name: "Bäckerei Schröder".
pub const TRADES_BEFORE: &[&str] = &[
    "Bäckerei",
    "Metzgerei",
    "Autohaus",
    "Apotheke",
    "Brauerei",
    "Blumenhaus",
    "Optik",
    "Schreinerei",
    "Tischlerei",
    "Malerbetrieb",
    "Fahrschule",
    "Reisebüro",
    "Hotel",
    "Weingut",
];

/// Legal forms of a company, most common first.
pub const LEGAL_FORMS: &[&str] = &["GmbH", "GmbH & Co. KG", "KG", "e.K.", "AG", "UG (haftungsbeschränkt)", "OHG"];

/// Weights for [`LEGAL_FORMS`].
pub const LEGAL_FORM_WEIGHTS: &[u32] = &[50, 15, 12, 10, 4, 6, 3];

/// Replaces German letters by their ASCII spelling and keeps only `[a-z0-9]`, so that names
/// become valid user names and domain labels ("Schröder" → "schroeder").
pub fn ascii_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'ı' => out.push('i'),
            'ş' => out.push('s'),
            'a'..='z' | '0'..='9' => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::phone::check_area_code;

    #[test]
    fn slug_is_ascii() {
        assert_eq!(ascii_slug("Schröder"), "schroeder");
        assert_eq!(ascii_slug("Weiß"), "weiss");
        assert_eq!(ascii_slug("Yılmaz"), "yilmaz");
        assert_eq!(ascii_slug("Özlem"), "oezlem");
        assert_eq!(ascii_slug("Ayşe"), "ayse");
    }

    #[test]
    fn area_codes_are_valid() {
        for c in CITIES {
            assert_eq!(check_area_code(c.area_code), Ok(()), "{}", c.name);
        }
        assert_eq!(LEGAL_FORMS.len(), LEGAL_FORM_WEIGHTS.len());
    }
}
