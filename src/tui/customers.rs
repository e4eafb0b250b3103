//! The customer list: loaded after the first frame (100 000 customers take 150 ms to read),
//! and its labels prepared for matching on a thread of their own.

use super::filter::Haystack;
use crate::domain::model::Customer;
use nucleo_matcher::Utf32String;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::thread::JoinHandle;

/// What a background load answers.
pub type Loaded = Result<Vec<Customer>, String>;

enum Prepared {
    Building(JoinHandle<Haystack>),
    Ready(Haystack),
    /// The builder thread died; lists prepare their labels themselves.
    Missing,
}

/// The customers and their prepared labels.
pub(super) struct Customers {
    list: Arc<Vec<Customer>>,
    loading: Option<Receiver<Loaded>>,
    prepared: Prepared,
}

impl Customers {
    /// Customers known now; their labels are prepared on a thread.
    pub fn ready(list: Arc<Vec<Customer>>) -> Self {
        let prepared = prepare(list.clone());
        Customers { list, loading: None, prepared }
    }

    /// Customers still on their way.
    pub fn loading(rx: Receiver<Loaded>) -> Self {
        let (tx, forwarded) = channel();
        // The loader knows nothing of the terminal loop: its answer is passed on here and
        // the loop woken, so the loop sleeps until then instead of asking.
        std::thread::spawn(move || {
            if let Ok(loaded) = rx.recv() {
                let _ = tx.send(loaded);
            }
            // `tx` is gone now: a loader that died shows as disconnected.
            drop(tx);
            super::wake::notify();
        });
        Customers { list: Arc::new(Vec::new()), loading: Some(forwarded), prepared: Prepared::Missing }
    }

    /// All customers (empty while loading).
    pub fn list(&self) -> Arc<Vec<Customer>> {
        self.list.clone()
    }

    /// Whether the load still runs.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Takes the loaded customers if they arrived; `Some` when something changed.
    pub fn poll(&mut self) -> Option<Result<Arc<Vec<Customer>>, String>> {
        let rx = self.loading.as_ref()?;
        let result = match rx.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err("the customer list could not be read".to_string()),
        };
        self.loading = None;
        Some(result.map(|list| {
            self.list = Arc::new(list);
            self.prepared = prepare(self.list.clone());
            self.list.clone()
        }))
    }

    /// Waits for the load (tests and scripted runs).
    pub fn wait(&mut self) -> Option<Result<Arc<Vec<Customer>>, String>> {
        let rx = self.loading.take()?;
        let result = rx.recv().unwrap_or_else(|_| Err("the customer list could not be read".to_string()));
        self.loading = None;
        Some(result.map(|list| {
            self.list = Arc::new(list);
            self.prepared = prepare(self.list.clone());
            self.list.clone()
        }))
    }

    /// The labels prepared for matching (waits for the builder thread if still busy).
    pub fn haystack(&mut self) -> Option<Haystack> {
        let state = std::mem::replace(&mut self.prepared, Prepared::Missing);
        self.prepared = match state {
            Prepared::Building(handle) => handle.join().map_or(Prepared::Missing, Prepared::Ready),
            other => other,
        };
        match &self.prepared {
            Prepared::Ready(h) => Some(h.clone()),
            _ => None,
        }
    }
}

/// Prepares the labels on a thread: at 100 000 customers it takes a tenth of a second.
fn prepare(list: Arc<Vec<Customer>>) -> Prepared {
    // One label at a time: a vector of all labels first would double the memory it takes.
    Prepared::Building(std::thread::spawn(move || {
        Arc::new(list.iter().map(|c| Utf32String::from(crate::wizard::customer_match_text(c).as_str())).collect())
    }))
}
