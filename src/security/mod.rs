//! Secrets: the site secret, pickup codes, PIN hashes, throttling.

pub mod code_guard;
pub mod codes;
pub mod pin;
pub mod seal;
pub mod secret;
pub mod throttle;
pub mod token;

pub use codes::{CodeHasher, PickupCode};
pub use seal::Sealer;
pub use secret::SiteSecret;
pub use throttle::Throttle;
pub use token::{TokenClaims, TokenError, TokenSigner};

/// A secret typed by a person (PIN, pickup code): never shown by `Debug`, so it cannot leak into logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Typed(pub String);

impl std::fmt::Debug for Typed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Typed(***)")
    }
}
