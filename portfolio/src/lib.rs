//! The portfolio server: every wall's events in PostgreSQL, rolled up per
//! property and day, and the regional managers' dashboard and visit planner.
//! The wire format the walls speak is the `lockerwall-wire` crate, re-exported
//! here as [`wire`].

pub mod admin;
pub mod auth;
pub mod cli;
pub mod db;
pub mod demo;
pub mod demo_desk;
pub mod desk;
pub mod error;
pub mod fleet;
pub mod fuzzing;
pub mod ingest;
pub mod login_guard;
pub mod metrics;
pub mod pages;
pub mod planner;
pub mod read;
pub mod resident;
pub mod server;
pub mod stats;
#[cfg(feature = "postgres-tests")]
pub mod testing;
pub mod texts;
pub mod tls;

pub use error::PortfolioError;
pub use lockerwall_wire as wire;
pub use lockerwall_wire::classify;
