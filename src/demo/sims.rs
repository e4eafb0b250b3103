//! The demo SIM stock: valid ICCIDs, some deliberately sharing their last four digits, so
//! that the wizard's "type the last four digits" has to offer a choice.

use super::rng::Rng;
use crate::domain::rules::iccid::luhn_digit;
use std::collections::HashSet;

/// Every how many SIMs one is made a twin (same last four digits) of an earlier one.
const TWIN_EVERY: usize = 25;

/// `count` distinct, valid, free ICCIDs.
pub fn stock(rng: &mut Rng, count: usize) -> Vec<String> {
    let mut seen = HashSet::with_capacity(count);
    let mut out: Vec<String> = Vec::with_capacity(count);
    while out.len() < count {
        let candidate = if out.len() % TWIN_EVERY == TWIN_EVERY - 1 {
            let original = out[rng.below(out.len())].clone();
            twin_of(rng, &original)
        } else {
            random_iccid(rng)
        };
        if seen.insert(candidate.clone()) {
            out.push(candidate);
        }
    }
    out
}

/// A random ICCID: `89` (telecom) `49` (Germany), an issuer code, a serial, the Luhn digit.
/// Most are 20 digits, some 19, as in real mixed stock.
fn random_iccid(rng: &mut Rng) -> String {
    let body = if rng.chance(75) { format!("894922{}", rng.digits(13)) } else { format!("894911{}", rng.digits(12)) };
    with_check_digit(body)
}

/// Another ICCID of the same length and issuer whose last four digits equal `original`'s.
///
/// The last four digits are three body digits and the check digit; the middle is random,
/// and one undoubled middle digit is then adjusted so that the check digit comes out equal.
fn twin_of(rng: &mut Rng, original: &str) -> String {
    let (body_len, target) = (original.len() - 1, original.as_bytes()[original.len() - 1] - b'0');
    let tail = &original[body_len - 3..body_len];
    let middle = rng.digits(body_len - 6 - 3);
    let mut body: Vec<u8> = format!("{}{middle}{tail}", &original[..6]).into_bytes();
    let current = luhn_digit(&String::from_utf8_lossy(&body)).unwrap_or(target);
    // Luhn doubles every second digit from the right of the body, starting with the last;
    // the digit 4 places from the right is not doubled, so it shifts the sum one to one.
    // Raising the sum by delta lowers the check digit by delta.
    let delta = (10 + current - target) % 10;
    let pos = body_len - 4;
    body[pos] = b'0' + (body[pos] - b'0' + delta) % 10;
    with_check_digit(String::from_utf8_lossy(&body).into_owned())
}

/// Appends the Luhn check digit to an all-digit body.
fn with_check_digit(body: String) -> String {
    let check = luhn_digit(&body).unwrap_or(0);
    format!("{body}{check}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rules::iccid::check;

    #[test]
    fn all_valid_and_unique() {
        let sims = stock(&mut Rng::new(3), 2000);
        let unique: HashSet<_> = sims.iter().collect();
        assert_eq!(unique.len(), sims.len());
        for s in &sims {
            assert_eq!(check(s), Ok(()), "{s}");
            assert!(s.starts_with("8949"));
        }
    }

    #[test]
    fn twins_share_the_last_four() {
        let mut rng = Rng::new(9);
        for _ in 0..200 {
            let a = random_iccid(&mut rng);
            let b = twin_of(&mut rng, &a);
            assert_eq!(check(&b), Ok(()), "{b}");
            assert_eq!(a[a.len() - 4..], b[b.len() - 4..]);
            assert_eq!(a.len(), b.len());
        }
    }
}
