//! Type-ahead filtering for the dropdowns, over nucleo's matcher.
//!
//! nucleo's matcher is made for large lists (helix and television use it) and folds umlauts
//! when the query has none, so "muller" finds "Müller". Short lists are filtered at once.
//! The customers, a customer's users and his free numbers are not filtered here: the store
//! searches them ([`Filter::searched`]). Long lists are filtered on a worker thread so a
//! keystroke never waits for the scan: the list shows the previous matches until
//! [`Filter::poll`] brings the new ones.
//! A query that extends the last finished one only rescans that one's matches.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, channel};

/// Lists up to this long are filtered on the spot (a few milliseconds at most).
const SYNC_LIMIT: usize = 5_000;
/// How many labels the worker scores between looks at whether it is still wanted.
const CANCEL_CHECK: usize = 4_096;
/// A list longer than this gets first results from its start while the rest is scanned:
/// the whole scan of 100 000 customers takes about 20 ms, the first screenful need not.
const EARLY: usize = 25_000;

/// What the worker sends: the matches of a query, maybe only of the first part of the list.
struct Found {
    generation: u64,
    query: String,
    matches: Vec<u32>,
    partial: bool,
}

/// Labels prepared for matching; built once and shared.
pub type Haystack = Arc<Vec<Utf32String>>;

/// Prepares labels for matching.
pub fn haystack<'a>(labels: impl IntoIterator<Item = &'a str>) -> Haystack {
    Arc::new(labels.into_iter().map(Utf32String::from).collect())
}

/// The filter of one open list.
pub struct Filter {
    haystack: Haystack,
    query: String,
    matches: Arc<Vec<u32>>,
    /// The query `matches` belongs to: the base for narrowing.
    done_query: String,
    generation: Arc<AtomicU64>,
    pending: Option<Receiver<Found>>,
    /// The options were searched by the store for the query already (the customers): the
    /// query is only kept, every option shown in the store's order.
    searched: bool,
    /// More options match than the store found so far (searched filters only).
    more: bool,
}

impl Filter {
    /// A filter over prepared labels, matching everything.
    pub fn new(haystack: Haystack) -> Self {
        let matches = Arc::new((0..haystack.len() as u32).collect());
        Filter {
            haystack,
            query: String::new(),
            matches,
            done_query: String::new(),
            generation: Arc::new(AtomicU64::new(0)),
            pending: None,
            searched: false,
            more: false,
        }
    }

    /// A filter over `len` options the store found for `query`: all of them match, in
    /// the store's order.
    pub fn searched(len: usize, query: &str, more: bool) -> Self {
        let mut filter = Self::new(Arc::new(Vec::new()));
        filter.matches = Arc::new((0..len as u32).collect());
        filter.query = query.to_string();
        filter.searched = true;
        filter.more = more;
        filter
    }

    /// A filter over labels prepared on the spot.
    pub fn from_labels<'a>(labels: impl IntoIterator<Item = &'a str>) -> Self {
        Self::new(haystack(labels))
    }

    /// Whether more options match than the store found so far (searched filters only).
    pub fn more(&self) -> bool {
        self.more
    }

    /// The current query.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Indices of the matching labels, best first (list order for an empty query). While a
    /// scan runs, the matches of the previous query.
    pub fn matches(&self) -> &[u32] {
        &self.matches
    }

    /// How many labels there are in all.
    pub fn total(&self) -> usize {
        self.haystack.len()
    }

    /// How many options there are, as the list's count says it: for options the store
    /// searched, those found, with a "+" while more match.
    pub fn total_text(&self) -> String {
        match (self.searched, self.more) {
            (true, true) => format!("{}+", self.matches.len()),
            (true, false) => self.matches.len().to_string(),
            (false, _) => self.total().to_string(),
        }
    }

    /// Whether an empty list is the query's doing rather than a list without options.
    pub fn query_hides_all(&self) -> bool {
        if self.searched { !self.query.trim().is_empty() } else { self.total() > 0 }
    }

    /// Whether a scan is still running.
    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Sets the query. Short lists are filtered now; long ones start a scan.
    pub fn set_query(&mut self, query: &str) {
        if query == self.query {
            return;
        }
        self.query = query.to_string();
        if self.searched {
            return; // the store searches; its rows arrive as a new filter
        }
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let candidates = self.candidates(query);
        if self.haystack.len() <= SYNC_LIMIT || query.trim().is_empty() {
            self.pending = None;
            let found = scan(&self.haystack, &candidates, query, &|| false).unwrap_or_default();
            self.finish(query.to_string(), found);
            return;
        }
        let (tx, rx) = channel();
        let haystack = self.haystack.clone();
        let current = self.generation.clone();
        let query = query.to_string();
        std::thread::spawn(move || {
            let stale = move || current.load(Ordering::Relaxed) != generation;
            // The receiver may be gone (the list was closed); nothing to do then.
            if candidates.len() > EARLY
                && let Some(early) = scan(&haystack, &candidates[..EARLY], &query, &stale)
            {
                let _ = tx.send(Found { generation, query: query.clone(), matches: early, partial: true });
                super::wake::notify();
            }
            if let Some(matches) = scan_parallel(&haystack, &candidates, &query, &stale) {
                let _ = tx.send(Found { generation, query, matches, partial: false });
                super::wake::notify();
            }
        });
        self.pending = Some(rx);
    }

    /// Takes the result of a finished scan. Returns whether the matches changed.
    pub fn poll(&mut self) -> bool {
        let Some(rx) = self.pending.as_ref() else { return false };
        match rx.try_recv() {
            Ok(result) => self.accept(result),
            Err(std::sync::mpsc::TryRecvError::Empty) => false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.pending = None;
                false
            }
        }
    }

    /// Waits for a running scan (tests and benchmarks).
    pub fn wait(&mut self) {
        while let Some(rx) = self.pending.as_ref() {
            match rx.recv() {
                Ok(result) => {
                    self.accept(result);
                }
                Err(_) => self.pending = None,
            }
        }
    }

    fn accept(&mut self, found: Found) -> bool {
        if found.generation != self.generation.load(Ordering::SeqCst) {
            return false; // an older query; the current one is still running
        }
        if found.partial {
            // Shown at once, but not a base for narrowing: the scan goes on.
            self.matches = Arc::new(found.matches);
            return true;
        }
        self.pending = None;
        self.finish(found.query, found.matches);
        true
    }

    fn finish(&mut self, query: String, found: Vec<u32>) {
        self.matches = Arc::new(found);
        self.done_query = query;
    }

    /// The labels worth scanning: the last matches when the query only grew.
    fn candidates(&self, query: &str) -> Arc<Vec<u32>> {
        if !self.done_query.is_empty() && query.starts_with(&self.done_query) {
            self.matches.clone()
        } else {
            Arc::new((0..self.haystack.len() as u32).collect())
        }
    }
}

/// Scores the candidates on two threads (this machine's and CI's cores), best first.
fn scan_parallel(
    haystack: &[Utf32String],
    candidates: &[u32],
    query: &str,
    stale: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<u32>> {
    if candidates.len() < 2 * CANCEL_CHECK {
        return scan(haystack, candidates, query, stale);
    }
    let (first, second) = candidates.split_at(candidates.len() / 2);
    let (a, b) = std::thread::scope(|s| {
        let other = s.spawn(|| scored(haystack, second, query, stale));
        let mine = scored(haystack, first, query, stale);
        (mine, other.join().ok().flatten())
    });
    let mut all = a?;
    all.extend(b?);
    Some(rank(all))
}

/// Scores the candidates; `None` when `stale` says nobody wants the answer any more.
fn scan(haystack: &[Utf32String], candidates: &[u32], query: &str, stale: &dyn Fn() -> bool) -> Option<Vec<u32>> {
    if query.trim().is_empty() {
        return Some((0..haystack.len() as u32).collect());
    }
    scored(haystack, candidates, query, stale).map(rank)
}

/// (score, index) of every candidate that matches.
fn scored(
    haystack: &[Utf32String],
    candidates: &[u32],
    query: &str,
    stale: &dyn Fn() -> bool,
) -> Option<Vec<(u32, u32)>> {
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut scored: Vec<(u32, u32)> = Vec::new();
    for chunk in candidates.chunks(CANCEL_CHECK) {
        if stale() {
            return None;
        }
        for &i in chunk {
            let Some(hay) = haystack.get(i as usize) else { continue };
            if let Some(score) = pattern.score(hay.slice(..), &mut matcher) {
                scored.push((score, i));
            }
        }
    }
    Some(scored)
}

/// Best score first; equal scores keep list order, so the list stays predictable.
fn rank(mut scored: Vec<(u32, u32)>) -> Vec<u32> {
    scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, i)| i).collect()
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
        let mut f = Filter::from_labels(labels);
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

    #[test]
    fn long_lists_filter_in_the_background() {
        let labels: Vec<String> = (0..20_000).map(|i| format!("Firma {i:05} · K-{:06}", 100_000 + i)).collect();
        let mut f = Filter::from_labels(labels.iter().map(String::as_str));
        f.set_query("K-119999");
        assert!(f.is_pending());
        assert_eq!(f.matches().len(), 20_000, "the old matches stay until the scan is done");
        f.wait();
        assert!(!f.is_pending());
        assert_eq!(f.matches().first(), Some(&19_999));
        // A query typed while an older scan runs wins; the older result is dropped.
        f.set_query("Firma 00");
        f.set_query("Firma 000");
        f.wait();
        assert_eq!(f.query(), "Firma 000");
        assert!(
            f.matches().iter().all(|i| labels[*i as usize].contains("Firma 000") || labels[*i as usize].contains('0'))
        );
        assert_eq!(f.matches().first(), Some(&0));
    }
}
