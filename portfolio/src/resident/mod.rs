//! Residents' own pages (issue 23, decision 0038): a link in every notice
//! opens the resident's page with no password; the page lists their
//! packages and sends their requests to the wall with the sync's answer.

pub mod away;
pub mod choices;
pub mod expected;
pub mod link;
pub mod packages;
pub mod requests;
pub mod revocations;
pub mod standing;
pub mod terms;

pub use link::{open, Holder, Refused};
