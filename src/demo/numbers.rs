//! Phone numbers for the demo customers: each customer gets a block of ten numbers in its
//! city, as a PBX customer gets a block of direct-dial numbers; blocks never overlap, so
//! every number is globally unique by construction.

use super::names::City;

/// A prime that shares no factor with the block counts (powers of ten times 8), so that
/// multiplying by it reorders the blocks of a city without ever mapping two to the same one.
const SCRAMBLE: u64 = 7919;
/// Shifts the first block away from the round `…2000000`, which looks made up.
const OFFSET: u64 = 1_234_567;

/// Hands out number blocks per city.
#[derive(Debug, Clone)]
pub struct Blocks {
    used: Vec<u64>,
}

impl Blocks {
    /// No blocks used yet in any of `cities`.
    pub fn new(cities: &[City]) -> Self {
        Blocks { used: vec![0; cities.len()] }
    }

    /// Whether city `i` still has a free block.
    pub fn has_room(&self, cities: &[City], i: usize) -> bool {
        self.used[i] < capacity(cities[i].area_code)
    }

    /// The next block of city `i`: the first `count` (at most 9) numbers after its
    /// switchboard number `…0`, in E.164.
    pub fn take(&mut self, cities: &[City], i: usize, count: usize) -> Vec<String> {
        let area = cities[i].area_code;
        let block = self.used[i];
        self.used[i] += 1;
        let base = block_base(area, block);
        (1..=count.min(9) as u64).map(|k| format!("+49{}{}", &area[1..], base * 10 + k)).collect()
    }
}

/// Subscriber digits after the area code: German numbers in this demo have ten digits after
/// the `0`, so `030` numbers have 8, `03381` numbers have 6.
fn subscriber_digits(area_code: &str) -> u32 {
    (11 - area_code.len()) as u32
}

/// How many blocks a city has: block bases have one digit less than the subscriber number
/// and don't start with 0 or 1 (those are prefixes for special services).
fn capacity(area_code: &str) -> u64 {
    8 * 10u64.pow(subscriber_digits(area_code) - 2)
}

/// The block's base (the subscriber number without its last digit), spread over the range.
fn block_base(area_code: &str, block: u64) -> u64 {
    let cap = capacity(area_code);
    let low = 2 * 10u64.pow(subscriber_digits(area_code) - 2);
    low + ((block % cap) * SCRAMBLE + OFFSET) % cap
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::names::CITIES;
    use crate::domain::rules::phone::to_e164;
    use std::collections::HashSet;

    #[test]
    fn blocks_are_disjoint_and_valid() {
        let mut blocks = Blocks::new(CITIES);
        let mut seen = HashSet::new();
        let small = CITIES.len() - 1;
        for _ in 0..5000 {
            for n in blocks.take(CITIES, small, 8).into_iter().chain(blocks.take(CITIES, 0, 8)) {
                assert_eq!(to_e164(&n).as_deref(), Ok(n.as_str()));
                assert!(seen.insert(n.clone()), "{n} twice");
            }
        }
    }

    #[test]
    fn numbers_are_in_the_area() {
        let mut blocks = Blocks::new(CITIES);
        let berlin = blocks.take(CITIES, 0, 3);
        assert_eq!(berlin.len(), 3);
        assert!(berlin.iter().all(|n| n.starts_with("+4930") && n.len() == 13), "{berlin:?}");
    }
}
