//! The portfolio server: every wall's events in PostgreSQL, rolled up per
//! property and day, and the regional managers' dashboard and visit planner.
//! The wire format the walls speak lives here too ([`wire`]).

pub mod admin;
pub mod auth;
pub mod classify;
pub mod cli;
pub mod db;
pub mod demo;
pub mod demo_desk;
pub mod desk;
mod error;
pub mod ingest;
pub mod login_guard;
pub mod pages;
pub mod planner;
pub mod read;
pub mod server;
pub mod stats;
#[cfg(feature = "postgres-tests")]
pub mod testing;
pub mod wire;

pub use error::PortfolioError;
