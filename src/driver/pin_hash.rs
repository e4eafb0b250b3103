//! Hashing the FMC PIN. Argon2id with a random salt, in the PHC string format, so the
//! parameters travel with the hash and can be raised later.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};

/// Hashes a PIN. The salt comes from the operating system's random source.
pub fn hash(pin: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    match Argon2::default().hash_password(pin.as_bytes(), &salt) {
        Ok(h) => h.to_string(),
        // Argon2 with default parameters and a generated salt does not fail; should it
        // ever, store no usable hash rather than the PIN: the user resets the PIN.
        Err(_) => String::from("!"),
    }
}

/// Whether `pin` matches a hash made by [`hash`].
pub fn verify(pin: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(pin.as_bytes(), &h).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_and_hides_the_pin() {
        let h = hash("4711");
        assert!(h.starts_with("$argon2id$"));
        assert!(!h.contains("4711"));
        assert!(verify("4711", &h));
        assert!(!verify("4712", &h));
    }

    #[test]
    fn salted_hashes_differ() {
        assert_ne!(hash("4711"), hash("4711"));
    }
}
