//! Type-ahead filtering for the dropdowns, over nucleo's matcher.
//!
//! nucleo's matcher is made for large lists (it is what helix uses) and folds umlauts when
//! the query has none, so "muller" finds "Müller". A query that extends the previous one
//! only rescans the previous matches.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

/// The labels of one open list, prepared for matching, and the current matches.
pub struct Filter {
    haystack: Vec<Utf32String>,
    matcher: Matcher,
    query: String,
    /// Indices into the labels, best match first (list order when the query is empty).
    matches: Vec<u32>,
}

impl Filter {
    /// Prepares a list of labels.
    pub fn new<'a>(labels: impl IntoIterator<Item = &'a str>) -> Self {
        let haystack: Vec<Utf32String> = labels.into_iter().map(Utf32String::from).collect();
        let matches = (0..haystack.len() as u32).collect();
        Filter { haystack, matcher: Matcher::new(Config::DEFAULT), query: String::new(), matches }
    }

    /// The current query.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Indices of the matching labels, best first.
    pub fn matches(&self) -> &[u32] {
        &self.matches
    }

    /// How many labels there are in all.
    pub fn total(&self) -> usize {
        self.haystack.len()
    }

    /// Sets the query and recomputes the matches.
    pub fn set_query(&mut self, query: &str) {
        if query == self.query {
            return;
        }
        let narrowing = !self.query.is_empty() && query.starts_with(&self.query);
        self.query = query.to_string();
        if query.trim().is_empty() {
            self.matches = (0..self.haystack.len() as u32).collect();
            return;
        }
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let candidates: Vec<u32> =
            if narrowing { std::mem::take(&mut self.matches) } else { (0..self.haystack.len() as u32).collect() };
        let mut scored: Vec<(u32, u32)> = candidates
            .into_iter()
            .filter_map(|i| {
                let hay = self.haystack.get(i as usize)?.slice(..);
                pattern.score(hay, &mut self.matcher).map(|s| (s, i))
            })
            .collect();
        // Best score first; equal scores keep list order, so the list stays predictable.
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        self.matches = scored.into_iter().map(|(_, i)| i).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_and_folds_umlauts() {
        let labels = [
            "Müller Haustechnik GmbH · K-100001 · Berlin",
            "Bäckerei Schröder KG · K-100002 · Köln",
            "Weber & Partner · K-100003 · Bonn",
        ];
        let mut f = Filter::new(labels);
        assert_eq!(f.matches(), &[0, 1, 2]);
        f.set_query("muller");
        assert_eq!(f.matches(), &[0]);
        f.set_query("köln");
        assert_eq!(f.matches(), &[1]);
        f.set_query("K-100003");
        assert_eq!(f.matches().first(), Some(&2));
        f.set_query("");
        assert_eq!(f.matches().len(), 3);
        f.set_query("zzzz");
        assert!(f.matches().is_empty());
    }
}
