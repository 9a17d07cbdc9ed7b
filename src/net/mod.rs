//! Talking to servers on the network: one JSON POST (reqwest, decision 0037)
//! for the notice webhook and the portfolio sync, and the URL policy.

pub mod http_post;

pub use http_post::{post, Endpoint, PostError, Reply, UrlError};
